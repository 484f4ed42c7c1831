//! The mouse through `update`, without a terminal. At 100×30 the list is
//! columns 0–23, the text pane 24–71 (its text from column 25, row 1) and
//! the notes 72–99; row 29 is the status line.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::*;

const TEXT_X: u16 = 25;
const TEXT_Y: u16 = 1;

impl Fixture {
    fn mouse_at(&mut self, kind: MouseEventKind, (col, row): (u16, u16), at: Instant) {
        let event = MouseEvent {
            kind,
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        };
        let effects = self.app.update(Msg::Mouse { event, at });
        self.run(effects);
    }

    fn mouse(&mut self, kind: MouseEventKind, cell: (u16, u16)) {
        self.mouse_at(kind, cell, Instant::now());
    }

    /// A press and release at one cell, `at` a given moment.
    fn click_at(&mut self, cell: (u16, u16), at: Instant) {
        self.mouse_at(MouseEventKind::Down(MouseButton::Left), cell, at);
        self.mouse_at(MouseEventKind::Up(MouseButton::Left), cell, at);
    }

    fn click(&mut self, cell: (u16, u16)) {
        self.click_at(cell, Instant::now());
    }

    fn selection(&self) -> Option<(usize, usize)> {
        let shown = self.app.shown.as_ref().unwrap();
        shown.view.selection(&shown.article)
    }
}

const LEFT: MouseEventKind = MouseEventKind::Down(MouseButton::Left);

#[test]
fn a_click_in_the_text_puts_the_cursor_on_that_grapheme_and_selects_nothing() {
    let mut f = fixture();
    assert_eq!(f.app.focus, Pane::List);
    // "Kestova floods recede": column 9 is the "l" of "floods".
    f.click((TEXT_X + 9, TEXT_Y));
    assert_eq!(f.app.focus, Pane::Text);
    assert_eq!(f.cursor(), 9);
    assert_eq!(f.selection(), None);
    // `t` then tags the word under the cursor.
    f.keys("tORG\r");
    let e = &f.doc().entities[0];
    assert_eq!((e.start, e.end, e.kind.as_str()), (8, 14, "ORG"));
}

#[test]
fn a_drag_selects_from_the_press_to_the_release_both_included() {
    let mut f = fixture();
    f.mouse(LEFT, (TEXT_X, TEXT_Y));
    f.mouse(
        MouseEventKind::Drag(MouseButton::Left),
        (TEXT_X + 3, TEXT_Y),
    );
    f.mouse(
        MouseEventKind::Drag(MouseButton::Left),
        (TEXT_X + 10, TEXT_Y),
    );
    f.mouse(MouseEventKind::Up(MouseButton::Left), (TEXT_X + 13, TEXT_Y));
    assert_eq!(f.selection(), Some((0, 14)), "“Kestova floods”");
    f.keys("tORG\r");
    let e = &f.doc().entities[0];
    assert_eq!((e.start, e.end, e.text.as_str()), (0, 14, "Kestova floods"));
}

#[test]
fn a_double_click_in_the_text_selects_the_word() {
    let mut f = fixture();
    let t = Instant::now();
    f.click_at((TEXT_X + 10, TEXT_Y), t);
    f.click_at((TEXT_X + 10, TEXT_Y), t + Duration::from_millis(150));
    assert_eq!(f.selection(), Some((8, 14)), "“floods”");
    // Slower than a double-click: two single clicks.
    let t = t + Duration::from_secs(2);
    f.click_at((TEXT_X + 2, TEXT_Y), t);
    f.click_at((TEXT_X + 2, TEXT_Y), t + Duration::from_millis(900));
    assert_eq!((f.selection(), f.cursor()), (None, 2));
}

#[test]
fn the_wheel_scrolls_the_text_and_the_cursor_does_not_pull_it_back() {
    let long: String = (0..200).map(|i| format!("line {i}\n")).collect();
    let mut f = fixture_of(&[&long], None);
    f.keys("\r");
    let middle = (48, 15);
    for _ in 0..3 {
        f.mouse(MouseEventKind::ScrollDown, middle);
    }
    let shown = f.app.shown.as_ref().unwrap();
    assert_eq!(
        shown.view.top,
        "line 0\n".len() * 9,
        "three notches, three rows each"
    );
    assert_eq!(f.cursor(), shown.view.top, "the cursor is taken into view");
    for _ in 0..6 {
        f.mouse(MouseEventKind::ScrollUp, middle);
    }
    assert_eq!(
        f.app.shown.as_ref().unwrap().view.top,
        0,
        "clamped at the top"
    );
    // The cursor stayed where it was while it was on screen.
    assert_eq!(f.cursor(), "line 0\n".len() * 9);
}

#[test]
fn the_wheel_over_the_list_scrolls_it_and_keeps_the_selection() {
    let texts: Vec<String> = (0..60).map(|i| format!("Article {i}\n\nBody.\n")).collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut f = fixture_of(&texts, None);
    f.mouse(MouseEventKind::ScrollDown, (5, 10));
    assert_eq!((f.app.list_top, f.app.selected), (3, 0));
    f.keys("j");
    assert_eq!(f.app.selected, 1);
    assert_eq!(f.app.list_top, 1, "a new selection is shown again");
}

#[test]
fn a_click_in_the_list_selects_and_a_second_click_or_double_click_opens() {
    let mut f = fixture();
    let second_row = (4, 2);
    f.click(second_row);
    assert_eq!((f.app.selected, f.app.focus), (1, Pane::List));
    assert_eq!(f.app.shown.as_ref().unwrap().entry, 1, "its text shows");
    f.click(second_row);
    assert_eq!((f.app.focus, f.cursor()), (Pane::Text, 0));
    // A double-click on another row opens it at once.
    let t = Instant::now();
    f.click_at((4, 1), t);
    f.click_at((4, 1), t + Duration::from_millis(100));
    assert_eq!((f.app.selected, f.app.focus), (0, Pane::Text));
    // Below the last article: nothing.
    f.click((4, 20));
    assert_eq!(f.app.selected, 0);
}

#[test]
fn a_click_on_a_picker_row_picks_it() {
    let mut f = fixture();
    f.keys("\rt");
    let area = f.app.panes().text;
    let picker = f.app.picker().unwrap();
    let g = crate::tui::mode::picker::geometry(picker, area);
    let third = picker.choices[picker.visible()[2]].code.clone();
    f.click((g.first_row.x + 3, g.first_row.y + 2));
    assert!(matches!(f.app.mode, Mode::Normal));
    let e = &f.doc().entities[0];
    assert_eq!(
        (e.kind.as_str(), e.text.as_str()),
        (third.as_str(), "Kestova")
    );
}

#[test]
fn a_click_on_an_annotation_with_a_hint_chooses_it() {
    let text = "Rebel forces attacked Dalen on Tuesday.\n\nThe army said nothing.\n";
    let mut f = fixture_of(&[text], None);
    f.keys("\rtORG\r");
    f.keys("/attacked\reAttack\r1");
    assert!(f.app.hints().is_some());
    // A click outside any hinted annotation leaves the hints up.
    f.click((TEXT_X + 30, TEXT_Y));
    assert!(f.app.hints().is_some());
    f.click((TEXT_X + 2, TEXT_Y));
    assert!(matches!(f.app.mode, Mode::Normal));
    let args = &f.doc().events[0].arguments;
    assert_eq!(
        (args[0].role.as_str(), args[0].target.as_str()),
        ("Attacker", "T1")
    );
}

#[test]
fn clicks_on_borders_the_status_line_or_outside_do_nothing_harmful() {
    let mut f = fixture();
    f.keys("\rll");
    let (cursor, doc) = (f.cursor(), f.doc().clone());
    for cell in [(24, 0), (71, 5), (24, 28), (50, 29), (99, 29), (200, 200)] {
        f.click(cell);
        f.mouse(MouseEventKind::Drag(MouseButton::Left), cell);
        f.mouse(MouseEventKind::ScrollDown, cell);
    }
    f.mouse(MouseEventKind::Down(MouseButton::Right), (40, 5));
    assert_eq!(f.cursor(), cursor);
    assert_eq!(f.selection(), None);
    assert_eq!(f.doc(), &doc);
    assert!(matches!(f.app.mode, Mode::Normal));
}

#[test]
fn an_unbound_alt_key_is_esc_then_the_key() {
    let mut f = fixture();
    f.keys("\r/");
    assert!(matches!(f.app.mode, Mode::Search { .. }));
    let alt_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT);
    let effects = f.app.update(Msg::Key(alt_q));
    assert!(matches!(f.app.mode, Mode::Normal), "Esc closed the prompt");
    assert!(
        matches!(effects.as_slice(), [Effect::Quit]),
        "then q quits: {effects:?}"
    );
}

#[test]
fn the_wheel_scrolls_the_help_screen() {
    let mut f = fixture();
    f.keys("?");
    f.mouse(MouseEventKind::ScrollDown, (50, 10));
    f.mouse(MouseEventKind::ScrollDown, (50, 10));
    f.mouse(MouseEventKind::ScrollUp, (50, 10));
    assert!(
        matches!(
            f.app.mode,
            Mode::Help(crate::tui::mode::HelpScreen { scroll: 3 })
        ),
        "{:?}",
        f.app.mode
    );
}
