//! A disagreement drawn into a `Buffer` at 80×24, with and without colour.

use ratatui::style::{Color, Modifier};

use crate::adjudicate::{Annotation, Disagreement, Filler, Layer, Version};
use crate::annotation::{Argument, Entity, Event, Trigger};
use crate::tui::view::tests::{Fixture, draw, fixture, row, screen};

const TEXT: &str =
    "Maria Lopez met officials of Acme Corp in Lisbon.\n\nThe talks went on for a long time.\n";
const CURATED: &str = r#"{"format": "gloss", "version": 1, "source": {"file": "meeting.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}, "annotator": null, "status": "in_progress", "note": "", "entities": [], "events": [], "relations": []}"#;

fn entity(id: &str, kind: &str, start: usize, end: usize) -> Entity {
    Entity {
        id: id.into(),
        kind: kind.into(),
        start,
        end,
        text: TEXT.chars().skip(start).take(end - start).collect(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Default::default(),
    }
}

fn version(annotator: &str, annotation: Annotation) -> Version {
    Version {
        annotator: annotator.into(),
        annotation,
        shared_by: vec![annotator.into()],
    }
}

/// Acme Corp: ana ORG, ben PER; then a meeting event cy and dee differ on.
fn on_screen(no_color: bool) -> Fixture {
    let mut f = fixture(
        &[("meeting.txt", TEXT)],
        &[("meeting.txt.ann.json", CURATED)],
        (80, 24),
        no_color,
    );
    let source = f.app.corpus.entries[0].path.clone();
    let curated = f.app.corpus.entries[0].sidecar.clone();
    let met = Event {
        id: "E1".into(),
        kind: "Contact.Meet".into(),
        trigger: Trigger {
            id: "T9".into(),
            start: 12,
            end: 15,
            text: "met".into(),
            extra: Default::default(),
        },
        arguments: vec![Argument {
            role: "Entity".into(),
            target: "T1".into(),
            extra: Default::default(),
        }],
        note: None,
        attributes: None,
        suggested: None,
        extra: Default::default(),
    };
    let ds = vec![
        Disagreement {
            source: source.clone(),
            curated: curated.clone(),
            layer: Layer::Entities,
            start: 29,
            end: 38,
            versions: vec![
                version("ana", Annotation::Entity(entity("T3", "ORG", 29, 38))),
                version("ben", Annotation::Entity(entity("T3", "PER", 29, 38))),
            ],
            annotators: vec!["ana".into(), "ben".into()],
            agreed: Vec::new(),
        },
        Disagreement {
            source,
            curated,
            layer: Layer::Events,
            start: 12,
            end: 15,
            versions: vec![version(
                "cy",
                Annotation::Event {
                    event: met,
                    fillers: vec![Filler::Entity(entity("T1", "PER", 0, 11))],
                },
            )],
            annotators: vec!["cy".into(), "dee".into()],
            agreed: Vec::new(),
        },
    ];
    let effects = f.app.open_adjudication(ds);
    assert!(
        effects.is_empty() || f.app.article().is_some(),
        "already open"
    );
    f
}

#[test]
fn every_version_is_numbered_by_annotator_at_80_by_24_without_colour() {
    let f = on_screen(true);
    let buf = draw(&f.app);
    let s = screen(&buf);
    assert!(
        row(&buf, 0).contains("Review · disagreements between annotators"),
        "{s}"
    );
    let ana = (0..24).find(|&y| row(&buf, y).contains("1 ana")).expect(&s);
    assert!(row(&buf, ana).contains("ORG  “Acme Corp”  29–38"), "{s}");
    assert!(
        row(&buf, ana + 1).contains("2 ben  PER  “Acme Corp”  29–38"),
        "{s}"
    );
    assert!(
        s.contains("[Acme Corp]ORG/PER"),
        "the position marked in its paragraph: {s}"
    );
    assert!(!s.contains("(nothing here)"), "both have it: {s}");
    assert!(s.contains("1/2"), "{s}");
    assert!(s.contains("2 disagreements left"), "{s}");
    assert!(
        s.contains("1–9 take that version · y the first · x none"),
        "{s}"
    );
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{s}");
    }
}

#[test]
fn an_events_version_lists_its_arguments() {
    let mut f = on_screen(true);
    f.app
        .update(crate::tui::msg::Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(' '),
        )));
    let buf = draw(&f.app);
    let s = screen(&buf);
    let cy = (0..24).find(|&y| row(&buf, y).contains("1 cy")).expect(&s);
    assert!(row(&buf, cy).contains("Contact.Meet  “met”  12–15"), "{s}");
    assert!(row(&buf, cy + 1).contains("Entity “Maria Lopez”"), "{s}");
    assert!(s.contains("disagreement · 12–15 · 1 version "), "{s}");
    assert!(row(&buf, cy + 2).contains("dee  (nothing here)"), "{s}");
}

#[test]
fn in_colour_the_versions_types_have_their_colours() {
    let f = on_screen(false);
    let buf = draw(&f.app);
    let s = screen(&buf);
    let y = (0..24).find(|&y| row(&buf, y).contains("1 ana")).expect(&s);
    let x = row(&buf, y)
        .find("ORG")
        .map(|b| row(&buf, y)[..b].chars().count())
        .unwrap() as u16;
    assert_ne!(buf[(x, y)].fg, Color::Reset, "{s}");
}

/// ana's or ben's file of meeting.txt: Acme Corp as `acme`, Lisbon GPE.
fn annotator_json(who: &str, acme: &str) -> String {
    format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "meeting.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}}, "annotator": "{who}", "status": "done", "note": "", "entities": [{{"id": "T1", "type": "{acme}", "start": 29, "end": 38, "text": "Acme Corp"}}, {{"id": "T2", "type": "GPE", "start": 42, "end": 48, "text": "Lisbon"}}], "events": [], "relations": []}}"#
    )
}

/// The split text pane on meeting.txt, ana's cursor moved on.
fn split_on_screen(no_color: bool) -> Fixture {
    let (ana, ben) = (annotator_json("ana", "ORG"), annotator_json("ben", "PER"));
    let mut f = fixture(
        &[("meeting.txt", TEXT)],
        &[
            ("meeting.txt.ann.json", CURATED),
            ("meeting.txt.ana.ann.json", &ana),
            ("meeting.txt.ben.ann.json", &ben),
        ],
        (80, 24),
        no_color,
    );
    let e = &f.app.corpus.entries[0];
    let files = crate::tui::adjudicate::split::read_versions(&e.path, &f.app.place);
    f.app.versions_read(0, files);
    if let Some(split) = &mut f.app.split {
        split.focus = 1;
        let s = &mut split.views[0].1;
        s.view.move_to(&s.article, 12);
    }
    f.app.settle();
    f
}

#[test]
fn the_split_pane_titles_each_view_and_marks_the_differences_without_colour() {
    let f = split_on_screen(true);
    let buf = draw(&f.app);
    let s = screen(&buf);
    let at = |title: &str| (0..24).find(|&y| row(&buf, y).contains(title)).expect(&s);
    let (curated, ana, ben) = (
        at(" curated · at 0 "),
        at(" ana · at 12 "),
        at(" ben · at 0 "),
    );
    assert!(curated < ana && ana < ben, "one above the other: {s}");
    for top in [curated, ana, ben] {
        let first = row(&buf, top + 1);
        assert!(
            first.contains("≠Maria Lopez met officials of"),
            "the row flagged: {s}"
        );
        // Acme Corp underlined, "officials" (no difference there) not.
        let col = |word: &str| first[..first.find(word).unwrap()].chars().count() as u16;
        let (acme, other) = (col("Acme"), col("officials"));
        let y = top + 1;
        assert!(
            buf[(acme, y)].modifier.contains(Modifier::UNDERLINED),
            "{s}"
        );
        assert!(
            !buf[(other, y)].modifier.contains(Modifier::UNDERLINED),
            "{s}"
        );
    }
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{s}");
    }
}

#[test]
fn each_view_draws_its_own_cursor_and_annotations() {
    let f = split_on_screen(false);
    let buf = draw(&f.app);
    let s = screen(&buf);
    let ana = (0..24)
        .find(|&y| row(&buf, y).contains(" ana · at 12 "))
        .expect(&s);
    let ben = (0..24)
        .find(|&y| row(&buf, y).contains(" ben · at 0 "))
        .expect(&s);
    // In colour each file's own types: Acme Corp ORG for ana, PER for ben.
    let fg_of = |y: u16| {
        let line = row(&buf, y);
        let x = line[..line.find("Acme").unwrap()].chars().count() as u16;
        (buf[(x, y)].fg, buf[(x, y)].bg)
    };
    assert_ne!(fg_of(ana + 1), fg_of(ben + 1), "{s}");
    assert!(f.app.split_has_focus(), "ana's view has the motions");
}

#[test]
fn the_top_view_is_titled_with_whose_document_it_is() {
    let mut f = split_on_screen(true);
    if let Some(r) = &mut f.app.shown {
        r.article.doc.annotator = Some("cy".into());
    }
    let s = screen(&draw(&f.app));
    assert!(
        s.contains(" cy · at 0 ") && !s.contains(" curated · at"),
        "{s}"
    );
}
