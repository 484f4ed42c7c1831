//! The hits of a corpus search drawn into a `Buffer`: each row names its
//! article and line and shows the match with context either side, at 80
//! columns too; without colour the match is in brackets.

use ratatui::style::{Color, Modifier};

use crate::tui::action::Effect;
use crate::tui::jobs::{self, Job, Opener};
use crate::tui::msg::Msg;
use crate::tui::view::tests::{Fixture, draw, fixture, row};

const FILES: [(&str, &str); 3] = [
    (
        "000_first_article.txt",
        "Fighters flee\n\nResidents said fighters were fleeing Mosul itself in growing numbers.\n",
    ),
    ("001_second.txt", "Nothing here\n"),
    (
        "002_third_article.txt",
        "Aid\n\nLine two\nLine three\nLine four\nLine five\nLine six\nLine seven\nLine eight\nLine nine\nTrucks reached Mosul and Erbil before dawn on Tuesday.\n",
    ),
];

/// Searches the corpus for `query` from the list pane, running the job
/// to its end.
fn searched(width: u16, no_color: bool, query: &str) -> Fixture {
    let mut f = fixture(&FILES, &[], (width, 24), no_color);
    let effects = f.app.start_corpus_search(query.to_owned());
    let opener = Opener {
        service: crate::service::Service::with_locks(None),
        annotator: None,
    };
    for e in effects {
        let Effect::Start { id, job } = e else {
            continue;
        };
        assert!(matches!(job, Job::SearchCorpus { .. }));
        let mut events = Vec::new();
        jobs::work_for(job, &opener)(&jobs::Cancel::default(), &mut |ev| {
            events.push(ev);
            true
        });
        events.push(jobs::JobEvent::Done);
        for event in events {
            f.app.update(Msg::Job { id, event });
        }
    }
    f
}

/// The rows of the list pane (inside its borders) that hold `needle`.
fn rows_with(f: &Fixture, needle: &str) -> Vec<(u16, String)> {
    let buf = draw(&f.app);
    let list = crate::tui::panes::inner(f.app.panes().list.unwrap());
    (list.y..list.bottom())
        .map(|y| {
            let r: String = (list.x..list.right())
                .map(|x| buf[(x, y)].symbol())
                .collect();
            (y, r)
        })
        .filter(|(_, r)| r.contains(needle))
        .collect()
}

#[test]
fn each_hit_row_names_its_article_and_line_with_context_either_side() {
    let f = searched(150, false, "Mosul");
    let rows = rows_with(&f, "Mosul");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let (first, second) = (&rows[0].1, &rows[1].1);
    assert!(first.starts_with("000_first_article ·  3 · "), "{first:?}");
    assert!(
        first.contains("were fleeing Mosul itself in growing"),
        "{first:?}"
    );
    assert!(
        second.starts_with("002_third_article · 11 · "),
        "{second:?}"
    );
    assert!(
        second.contains("Trucks reached Mosul and Erbil"),
        "{second:?}"
    );
    // The matches line up, whatever the line numbers' widths.
    assert_eq!(first.find("Mosul"), second.find("Mosul"));
    let buf = draw(&f.app);
    let title = row(&buf, 0);
    assert!(
        title.contains("/Mosul · 2 matches in 2 articles"),
        "{title:?}"
    );
}

#[test]
fn at_80_columns_rows_keep_the_article_the_line_and_context_each_side() {
    let f = searched(80, false, "Mosul");
    let rows = rows_with(&f, "Mosul");
    assert_eq!(rows.len(), 2, "{rows:?}");
    for (_, r) in &rows {
        let at = r.find("Mosul").unwrap();
        let (left, right) = (&r[..at], &r[at + 5..]);
        assert!(r.starts_with("000_") || r.starts_with("002_"), "{r:?}");
        assert!(left.contains(" · ") && left.trim_end().len() > 12, "{r:?}");
        assert!(right.trim().chars().count() >= 6, "{r:?}");
    }
    let buf = draw(&f.app);
    assert!(
        row(&buf, 0).contains("2 matches in 2 articles"),
        "{:?}",
        row(&buf, 0)
    );
}

#[test]
fn the_match_is_highlighted_in_colour_and_bracketed_without() {
    let f = searched(100, false, "Mosul");
    let (y, r) = rows_with(&f, "Mosul").remove(1);
    let list = crate::tui::panes::inner(f.app.panes().list.unwrap());
    let x = list.x + r[..r.find("Mosul").unwrap()].chars().count() as u16;
    let buf = draw(&f.app);
    assert_eq!(buf[(x, y)].bg, Color::Yellow);
    assert_eq!(buf[(x - 1, y)].bg, Color::Reset, "only the match");
    assert!(!r.contains("[Mosul]"), "{r:?}");

    let f = searched(100, true, "Mosul");
    let rows = rows_with(&f, "Mosul");
    assert!(rows.iter().all(|(_, r)| r.contains("[Mosul]")), "{rows:?}");
    let buf = draw(&f.app);
    let (y, r) = &rows[1];
    let x = list.x + r[..r.find("[Mosul]").unwrap()].chars().count() as u16 + 1;
    assert_eq!(buf[(x, *y)].bg, Color::Reset, "no colour at all");
    assert!(buf[(x, *y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_title_shows_a_progress_bar_while_articles_are_left() {
    let mut f = fixture(&FILES, &[], (150, 24), false);
    let effects = f.app.start_corpus_search("Mosul".to_owned());
    assert!(matches!(effects.as_slice(), [Effect::Start { .. }]));
    let buf = draw(&f.app);
    let title = row(&buf, 0);
    assert!(
        title.contains("0 matches in 0 articles · ░░░░░░░░░░ 0%"),
        "{title:?}"
    );
    assert!(row(&buf, 1).contains("searching…"));
}

#[test]
fn an_article_opened_at_a_plain_text_hit_highlights_its_matches() {
    let mut f = searched(100, false, "Mosul");
    for effect in f.app.open_hit(1, true) {
        if let Effect::Load(entry) = effect {
            let e = &f.app.corpus.entries[entry];
            let article = crate::article::Article::open(&e.path, &e.sidecar, None);
            f.app.update(Msg::Loaded {
                entry,
                article: Box::new(article),
            });
        }
    }
    let buf = draw(&f.app);
    let text = crate::tui::panes::inner(f.app.panes().text);
    let (y, x) = (text.y..text.bottom())
        .find_map(|y| {
            let r: String = (text.x..text.right())
                .map(|x| buf[(x, y)].symbol())
                .collect();
            r.find("Mosul")
                .map(|at| (y, text.x + r[..at].chars().count() as u16))
        })
        .expect("Mosul on screen");
    assert_eq!(buf[(x + 1, y)].bg, Color::Yellow, "{}", row(&buf, y));
    // Esc ends the highlight, as for the article's search.
    f.app.focus = crate::tui::panes::Pane::Text;
    f.app.update(Msg::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Esc,
        crossterm::event::KeyModifiers::NONE,
    )));
    let buf = draw(&f.app);
    assert_ne!(buf[(x + 1, y)].bg, Color::Yellow);
}
