//! The notes pane at 80×24: the event checklist comes first and the pane
//! scrolls, with its own keys, to everything else.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const TEXT: &str =
    "Iraqi forces fought jihadists in Mosul in recent weeks; a car bomb hit the offensive.\n";
const ROLES: [&str; 5] = ["Attacker", "Target", "Instrument", "Time", "Place"];

fn five_role_sidecar() -> String {
    let entity = |id: &str, ty: &str, word: &str| {
        let s = TEXT.find(word).unwrap();
        format!(
            r#"{{"id": "{id}", "type": "{ty}", "start": {s}, "end": {}, "text": "{word}"}}"#,
            s + word.len()
        )
    };
    let o = TEXT.find("offensive").unwrap();
    let entities = [
        entity("T1", "ORG", "Iraqi forces"),
        entity("T2", "PER", "jihadists"),
        entity("T4", "GPE", "Mosul"),
        entity("T5", "TIME", "recent weeks"),
        entity("T6", "VEH", "car"),
    ]
    .join(", ");
    let note = "A long note about this article. ".repeat(12);
    format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": {}}}, "annotator": null, "status": "in_progress", "note": "{note}",
        "entities": [{entities}],
        "events": [{{"id": "E1", "type": "Conflict.Attack", "trigger": {{"id": "T3", "start": {o}, "end": {}, "text": "offensive"}},
          "arguments": [{{"role": "Attacker", "ref": "T1"}}, {{"role": "Target", "ref": "T2"}}, {{"role": "Instrument", "ref": "T6"}}, {{"role": "Time", "ref": "T5"}}, {{"role": "Place", "ref": "T4"}}]}}],
        "relations": []}}"#,
        TEXT.chars().count(),
        o + 9
    )
}

/// The rows inside the notes pane as drawn.
fn notes_rows(app: &App) -> Vec<String> {
    let area = app.panes().notes.expect("a notes pane at 80×24");
    let buf = draw(app);
    (area.y + 1..area.bottom() - 1)
        .map(|y| {
            (area.x + 1..area.right() - 1)
                .map(|x| buf[(x, y)].symbol())
                .collect()
        })
        .collect()
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn every_role_of_a_five_role_event_shows_or_scrolls_into_the_notes_pane() {
    let mut f = fixture(
        &[("1.txt", TEXT)],
        &[("1.txt.ann.json", &five_role_sidecar())],
        (80, 24),
        false,
    );
    f.app.update(Msg::Action(Action::Open));
    let o = TEXT.find("offensive").unwrap();
    let shown = f.app.shown.as_mut().unwrap();
    shown.view.move_to(&shown.article, o);
    f.app.settle();
    let rows = notes_rows(&f.app);
    assert!(
        rows[0].starts_with("Event E1 Conflict.Attack"),
        "checklist first: {rows:?}"
    );
    // Focus the notes pane, then scroll it with its own keys.
    f.app.update(Msg::Action(Action::FocusNext));
    let cursor = f.app.view().unwrap().cursor;
    let mut seen: Vec<&str> = Vec::new();
    let mut last = Vec::new();
    for code in [KeyCode::Char('j'); 12]
        .into_iter()
        .chain([KeyCode::PageDown; 3])
    {
        let rows = notes_rows(&f.app);
        seen.extend(ROLES.iter().filter(|r| rows.iter().any(|l| l.contains(*r))));
        last = rows;
        key(&mut f.app, code);
    }
    let missing: Vec<_> = ROLES.iter().filter(|r| !seen.contains(r)).collect();
    assert!(missing.is_empty(), "never shown: {missing:?}");
    assert_eq!(
        f.app.view().unwrap().cursor,
        cursor,
        "the text cursor stays"
    );
    assert!(f.app.notes_scroll > 0);
    assert!(
        last.iter().any(|l| l.contains("offensive")),
        "scrolled to the trigger's details at the end: {last:?}"
    );
    // Up again to the top, and no further.
    for _ in 0..40 {
        key(&mut f.app, KeyCode::Char('k'));
    }
    assert_eq!(f.app.notes_scroll, 0);
    assert!(notes_rows(&f.app)[0].starts_with("Event E1"));
}

#[test]
fn the_wheel_scrolls_the_notes_pane_under_it_and_a_new_cursor_place_starts_it_at_the_top() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut f = fixture(
        &[("1.txt", TEXT)],
        &[("1.txt.ann.json", &five_role_sidecar())],
        (80, 24),
        false,
    );
    f.app.update(Msg::Action(Action::Open));
    let notes = f.app.panes().notes.unwrap();
    let inside = (notes.x + 5, notes.y + 2);
    let mouse = |app: &mut App, kind| {
        let event = MouseEvent {
            kind,
            column: inside.0,
            row: inside.1,
            modifiers: KeyModifiers::NONE,
        };
        app.update(Msg::Mouse {
            event,
            at: std::time::Instant::now(),
        });
    };
    mouse(&mut f.app, MouseEventKind::ScrollDown);
    assert_eq!(f.app.notes_scroll, 3, "one notch, three rows");
    assert_eq!(f.app.view().unwrap().cursor, 0, "the text cursor stays");
    assert_eq!(f.app.focus, Pane::Text, "the wheel does not move the focus");
    mouse(&mut f.app, MouseEventKind::Down(MouseButton::Left));
    assert_eq!(f.app.focus, Pane::Notes, "a click focuses the pane");
    assert_eq!(f.app.notes_scroll, 3);
    f.app.update(Msg::Action(Action::FocusNext));
    f.app.update(Msg::Action(Action::FocusNext));
    f.app.update(Msg::Action(Action::Right));
    assert_eq!(f.app.notes_scroll, 0, "new details start at their top");
}

#[test]
fn the_notes_pane_says_which_encoding_a_legacy_source_was_decoded_from() {
    let mut f = fixture(&[("1.txt", TEXT)], &[], (80, 24), false);
    f.app.update(Msg::Action(Action::Open));
    assert!(
        !notes_rows(&f.app)
            .iter()
            .any(|r| r.contains("decoded from")),
        "UTF-8 goes without saying"
    );
    let e = &f.app.corpus.entries[0];
    let russian = crate::text::tests::encodings::RUSSIAN;
    std::fs::write(&e.path, encoding_rs::WINDOWS_1251.encode(russian).0).unwrap();
    let article = Article::open(&e.path, &e.sidecar, None);
    f.app.shown = None; // as if it were opened now
    f.app.update(Msg::Loaded {
        entry: 0,
        article: Box::new(article),
    });
    let rows = notes_rows(&f.app);
    assert!(
        rows.iter()
            .any(|r| r.trim_end() == "text decoded from windows-1251"),
        "{rows:#?}"
    );
}
