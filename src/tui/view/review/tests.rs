//! The queue drawn into a `Buffer` at 80×24, with and without colour.

use ratatui::style::{Color, Modifier};

use crate::review::{Filter, items_of};
use crate::tui::mode::{Mode, ReviewMode};
use crate::tui::review::Session;
use crate::tui::view::tests::{Fixture, draw, fixture, row, screen};

const TEXT: &str = "Kestova floods recede\n\nHelicopters reached the villages of the Marren valley on Thursday.\n\nThe rivers fell overnight.\n";

fn suggested() -> String {
    let e = |id: &str, ty: &str, s: usize, e: usize, t: &str| {
        format!(
            r#"{{"id": "{id}", "type": "{ty}", "start": {s}, "end": {e}, "text": "{t}", "suggested": {{"source": "model"}}}}"#
        )
    };
    format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}}, "annotator": null, "status": "in_progress", "note": "", "entities": [{}, {}], "events": [], "relations": []}}"#,
        e("T1", "GPE", 59, 65, "Marren"),
        e("T2", "LOC", 0, 7, "Kestova"),
    )
}

/// The queue of the article's suggestions, on screen.
fn queue(no_color: bool) -> Fixture {
    queue_of(TEXT, &suggested(), no_color)
}

/// The queue of the suggestions of `1.txt` holding `text`, annotated as
/// `json` says, on screen.
fn queue_of(text: &str, json: &str, no_color: bool) -> Fixture {
    let mut f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", json)],
        (80, 24),
        no_color,
    );
    let filter = Filter {
        suggestions: true,
        ..Filter::default()
    };
    let items = items_of(0, f.app.article().unwrap(), &filter);
    f.app.review = Some(Session::of("pending suggestions", items));
    f.app.mode = Mode::Review(ReviewMode);
    f
}

#[test]
fn an_item_reads_at_80_by_24_without_colour() {
    let f = queue(true);
    let buf = draw(&f.app);
    let s = screen(&buf);
    assert!(row(&buf, 0).contains("Review · pending suggestions"), "{s}");
    assert!(
        row(&buf, 1).starts_with("│Kestova floods recede"),
        "the title: {s}"
    );
    assert!(row(&buf, 1).contains("1.txt"), "the file: {s}");
    // The paragraph, a line of context either side, the item marked.
    let y = (0..24)
        .find(|&y| row(&buf, y).contains("[Kestova]LOC"))
        .expect(&s);
    assert!(row(&buf, y + 1).contains("Helicopters reached"), "{s}");
    assert!(
        row(&buf, y - 1).trim_matches(['│', ' ']).is_empty(),
        "nothing before"
    );
    assert!(s.contains("suggestion · T2 LOC “Kestova” · 0–7"), "{s}");
    assert!(s.contains("1/2"), "{s}");
    assert!(s.contains("2 suggestions left"), "{s}");
    assert!(
        s.contains("y accept · x reject · space skip · u undo"),
        "{s}"
    );
    // No colour anywhere; the item in bold.
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let x = row(&buf, y).chars().position(|c| c == 'K').unwrap() as u16;
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn in_colour_the_item_has_its_types_colour_and_context_is_dim() {
    let mut f = queue(false);
    f.app.review.as_mut().unwrap().step(1);
    let buf = draw(&f.app);
    let s = screen(&buf);
    let y = (0..24)
        .find(|&y| row(&buf, y).contains("[Marren]GPE"))
        .expect(&s);
    let x = row(&buf, y).chars().position(|c| c == 'M').unwrap() as u16;
    assert_ne!(buf[(x, y)].bg, Color::Reset, "the type's colour");
    assert!(
        row(&buf, y - 1).contains("Kestova floods recede"),
        "the line before: {s}"
    );
    assert!(
        row(&buf, y + 1).contains("The rivers fell"),
        "the line after: {s}"
    );
    assert_eq!(buf[(1, y + 1)].fg, Color::DarkGray, "context is dim");
    assert!(s.contains("2/2"), "{s}");
}

#[test]
fn a_long_paragraph_is_cut_around_the_item() {
    let long = format!("{}Marren{}\n", "word ".repeat(400), " word".repeat(400));
    let start = 2000;
    let json = format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}}, "annotator": null, "status": "in_progress", "note": "", "entities": [{{"id": "T1", "type": "GPE", "start": {start}, "end": {}, "text": "Marren", "suggested": {{"source": "model"}}}}], "events": [], "relations": []}}"#,
        start + 6
    );
    let f = queue_of(&long, &json, true);
    let s = screen(&draw(&f.app));
    assert!(s.contains("[Marren]GPE"), "{s}");
    assert!(s.contains("1/1"), "the progress still shows: {s}");
}

#[test]
fn an_empty_queue_says_what_it_looked_for_and_a_building_one_says_it_looks() {
    let mut f = queue(true);
    f.app.review = Some(Session::new("problems · type GPE"));
    let s = screen(&draw(&f.app));
    assert!(
        s.contains("no items: nothing in the corpus is problems · type GPE"),
        "{s}"
    );
    f.app.review.as_mut().unwrap().job = Some(99);
    let s = screen(&draw(&f.app));
    assert!(s.contains("looking for problems · type GPE…"), "{s}");
}

#[test]
fn the_end_of_the_queue_says_how_many_were_decided() {
    let mut f = queue(true);
    let s = f.app.review.as_mut().unwrap();
    s.record(crate::tui::review::Step::Accept, Default::default(), None);
    s.record(crate::tui::review::Step::Reject, Default::default(), None);
    let s = screen(&draw(&f.app));
    assert!(
        s.contains("end of the queue: 2 decided, nothing left"),
        "{s}"
    );
    assert!(s.contains("2/2"), "{s}");
}

#[test]
fn the_rate_shows_after_ten_decisions() {
    let mut f = queue(true);
    let s = f.app.review.as_mut().unwrap();
    let item = s.items[0].clone();
    s.extend(vec![item; 10]);
    let t0 = std::time::Instant::now();
    for i in 0..9 {
        s.record(
            crate::tui::review::Step::Accept,
            Default::default(),
            Some(t0 + std::time::Duration::from_secs(4 * i)),
        );
    }
    assert!(!screen(&draw(&f.app)).contains("items/min"));
    let s = f.app.review.as_mut().unwrap();
    s.record(
        crate::tui::review::Step::Accept,
        Default::default(),
        Some(t0 + std::time::Duration::from_secs(36)),
    );
    let s = screen(&draw(&f.app));
    assert!(s.contains("15.0 items/min"), "9 in 36 s: {s}");
}

#[test]
fn the_filter_form_draws_one_line_per_field() {
    let mut f = queue(true);
    f.app.review = None;
    f.app.mode = Mode::ReviewForm(Default::default());
    let s = screen(&draw(&f.app));
    for line in [
        "› pending suggestions     [x]",
        "problems                [x]",
        "accepted, not reviewed  [ ]",
        "types",
        "article status",
        "text (regex)",
        "enter starts · esc closes",
    ] {
        assert!(s.contains(line), "{line}: {s}");
    }
}

#[test]
fn an_event_item_shows_its_roles_as_the_notes_pane_lists_them() {
    let text = "Rebel forces attacked Dalen.\n";
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 29}, "annotator": null, "status": "in_progress", "note": "",
    "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel"}, {"id": "T3", "type": "GPE", "start": 22, "end": 27, "text": "Dalen"}],
    "events": [{"id": "E1", "type": "Conflict.Attack", "trigger": {"id": "T2", "start": 13, "end": 21, "text": "attacked"}, "arguments": [{"role": "Attacker", "ref": "T1"}, {"role": "Place", "ref": "T3"}], "suggested": {"source": "model"}}],
    "relations": []}"#;
    let mut f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", json)],
        (80, 24),
        true,
    );
    let filter = Filter {
        suggestions: true,
        ..Filter::default()
    };
    let items = items_of(0, f.app.article().unwrap(), &filter);
    assert_eq!(items.len(), 1, "the suggested event");
    f.app.review = Some(Session::of("pending suggestions", items));
    f.app.mode = Mode::Review(ReviewMode);
    let s = screen(&draw(&f.app));
    assert!(s.contains("[attacked]Conflict.Attack"), "{s}");
    assert!(s.contains("Event E1 Conflict.Attack “attacked”"), "{s}");
    assert!(s.contains("Attacker") && s.contains("✓ “Rebel” T1"), "{s}");
    assert!(s.contains("✓ “Dalen” T3"), "{s}");
}

#[test]
fn a_paragraph_cut_around_the_item_is_cut_between_words_with_an_ellipsis() {
    assert_eq!(super::cut_head("one two three", 9), "…three");
    assert_eq!(super::cut_tail("one two three", 9), "one two…");
    assert_eq!(super::cut_head("short", 9), "short");
}

#[test]
fn the_retype_picker_opens_below_the_items_paragraph() {
    let mut f = queue(true);
    f.app.review.as_mut().unwrap().step(1);
    let effects = f.app.review_fix(false);
    assert!(effects.is_empty());
    let buf = draw(&f.app);
    let s = screen(&buf);
    let item = (0..24)
        .find(|&y| row(&buf, y).contains("[Marren]GPE"))
        .expect(&s);
    let picker = (0..24)
        .find(|&y| row(&buf, y).contains("Retype T1 (GPE) as"))
        .expect(&s);
    assert!(picker > item, "{s}");
}
