//! The dashboard drawn into a `Buffer` at 80×24, with and without colour.

use ratatui::style::Color;

use crate::annotation::Status;
use crate::schema::Schema;
use crate::team_stats::{ArticleFiles, FileRead, PairFigures, TeamStats, tally};
use crate::tui::mode::{Dashboard, Mode};
use crate::tui::review::Session;
use crate::tui::view::tests::{Fixture, draw, fixture, row, screen};

/// A file with `status` and entities (type, start, end).
fn file(status: &str, entities: &[(&str, usize, usize)]) -> FileRead {
    let ents: Vec<String> = entities
        .iter()
        .enumerate()
        .map(|(i, (ty, s, e))| {
            format!(
                r#"{{"id": "T{}", "type": "{ty}", "start": {s}, "end": {e}, "text": "{}"}}"#,
                i + 1,
                "x".repeat(e - s)
            )
        })
        .collect();
    let json = format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 60}}, "annotator": null, "status": "{status}", "note": "", "entities": [{}], "events": [], "relations": []}}"#,
        ents.join(", ")
    );
    Ok(Some(crate::store::parse(&json).unwrap()))
}

/// ana and cy agree fully, ben half: ana·ben 0.50, ana·cy 1.00.
fn figures() -> TeamStats {
    let shared = [("GPE", 0, 5), ("ORG", 10, 14)];
    let arts = vec![
        ArticleFiles {
            name: "1.txt".into(),
            own: file("in_progress", &[("GPE", 0, 5)]),
            annotators: vec![
                ("ana".into(), file("done", &shared)),
                (
                    "ben".into(),
                    file("in_progress", &[("GPE", 0, 5), ("PER", 10, 14)]),
                ),
                ("cy".into(), file("reviewed", &shared)),
            ],
        },
        ArticleFiles {
            name: "2.txt".into(),
            own: Ok(None),
            annotators: vec![("ana".into(), file("in_progress", &[("LOC", 1, 3)]))],
        },
    ];
    let mut t = tally(&arts, &Schema::builtin());
    // What `agree` gives for them (its own tests check how).
    let pair = |a: &str, b: &str, matches, only, f1| PairFigures {
        a: a.into(),
        b: b.into(),
        articles: 1,
        matches,
        only_a: only,
        only_b: only,
        f1: Some(f1),
        cohen_kappa: None,
    };
    t.agreement.pairs = vec![
        pair("ana", "ben", 1, 1, 0.5),
        pair("ana", "cy", 2, 0, 1.0),
        pair("ben", "cy", 1, 1, 0.5),
    ];
    t
}

fn dashboard(no_color: bool, figures: Option<TeamStats>) -> Fixture {
    let text = "Kestova floods recede\n\nHelicopters reached the Marren valley.\n";
    let mut f = fixture(&[("1.txt", text), ("2.txt", text)], &[], (80, 24), no_color);
    f.app.mode = Mode::Dashboard(Dashboard {
        figures: figures.map(Box::new),
        ..Dashboard::default()
    });
    f
}

/// The row holding `needle`, or a failure that shows the screen.
fn row_with(buf: &ratatui::buffer::Buffer, needle: &str) -> (u16, String) {
    (0..buf.area.height)
        .map(|y| (y, row(buf, y)))
        .find(|(_, r)| r.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} in\n{}", screen(buf)))
}

#[test]
fn at_80_by_24_without_colour_every_figure_reads() {
    let f = dashboard(true, Some(figures()));
    let buf = draw(&f.app);
    let s = screen(&buf);
    assert!(
        row(&buf, 0).contains("Team · 2 articles · 3 annotators"),
        "{s}"
    );
    // The annotators' files by status: a bar per status, every one there
    // is, its count printed.
    row_with(&buf, "Annotator files by status");
    for status in Status::ALL {
        row_with(&buf, status.label());
    }
    let (_, busy) = row_with(&buf, "in progress");
    assert!(
        busy.contains(" 2 ") && busy.contains('█'),
        "a bar and its count: {s}"
    );
    // Each annotator's gauge with its figures in words.
    let (_, ana) = row_with(&buf, "1/2 finished");
    assert!(ana.contains("ana"), "{s}");
    row_with(&buf, "0/1 finished");
    // Types: GPE in the own file and three annotators' files.
    let (_, gpe) = row_with(&buf, "GPE");
    assert!(gpe.contains("4 "), "{s}");
    // The grid: names across, a row per annotator, the numbers printed.
    let (_, header) = row_with(&buf, "ana   ben   cy");
    assert!(!header.contains("0."), "{s}");
    let (_, ben_row) = row_with(&buf, "ben 0.50    —   0.50");
    assert!(ben_row.starts_with('│'), "{s}");
    row_with(&buf, "ana   —   0.50  1.00");
    let (_, cy_row) = row_with(&buf, "cy  1.00  0.50    —");
    assert!(cy_row.contains("cy  1.00"), "{s}");
    // Each article with a team: how many finished it, and who.
    row_with(&buf, "1.txt 2/3 ana cy");
    row_with(&buf, "2.txt 0/1");
    // No review queue: the rate is n/a, and says how to open one.
    row_with(&buf, "rate n/a: no queue open (Q opens one)");
    row_with(&buf, "j/k scroll · any other key closes");
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{s}");
    }
}

#[test]
fn in_colour_the_grid_is_shaded_by_how_well_pairs_agree() {
    let f = dashboard(false, Some(figures()));
    let buf = draw(&f.app);
    let (y, r) = row_with(&buf, "ben 0.50    —   0.50");
    let x = r.find("0.50").map(|b| r[..b].chars().count()).unwrap() as u16;
    assert_eq!(buf[(x, y)].bg, Color::Red, "0.50 is poor");
    let (y, r) = row_with(&buf, "cy  1.00  0.50    —");
    let x = r.find("1.00").map(|b| r[..b].chars().count()).unwrap() as u16;
    assert_eq!(buf[(x, y)].bg, Color::Green, "1.00 is full agreement");
    // The bars have a colour too.
    let (y, r) = row_with(&buf, "in progress");
    let x = r.find('█').map(|b| r[..b].chars().count()).unwrap() as u16;
    assert_ne!(buf[(x, y)].fg, Color::Reset);
}

#[test]
fn the_help_screen_s_keys_scroll_the_article_list() {
    let mut f = dashboard(true, Some(figures()));
    if let Mode::Dashboard(d) = &mut f.app.mode {
        d.scroll = 1;
    }
    let buf = draw(&f.app);
    row_with(&buf, "2.txt 0/1");
    assert!(!screen(&buf).contains("1.txt 2/3"), "{}", screen(&buf));
}

#[test]
fn while_counting_it_says_so_and_a_failure_says_why() {
    let f = dashboard(true, None);
    let buf = draw(&f.app);
    row_with(&buf, "Counting the team's files…");
    let mut f = dashboard(true, None);
    f.app.mode = Mode::Dashboard(Dashboard {
        failed: Some("no such folder".into()),
        ..Dashboard::default()
    });
    let buf = draw(&f.app);
    row_with(&buf, "could not be counted: no such folder");
}

#[test]
fn an_open_review_queue_gives_its_progress() {
    let mut f = dashboard(true, Some(figures()));
    f.app.review = Some(Session::new("pending suggestions"));
    let buf = draw(&f.app);
    row_with(&buf, "0/0 decided · rate after 10 decisions");
}

#[test]
fn a_corpus_without_a_team_says_what_makes_one() {
    let f = dashboard(true, Some(tally(&[], &Schema::builtin())));
    let buf = draw(&f.app);
    row_with(&buf, "No annotator files");
    row_with(&buf, "Articles by status");
    row_with(&buf, "Needs two annotators of an article.");
    row_with(&buf, "(none yet)");
}
