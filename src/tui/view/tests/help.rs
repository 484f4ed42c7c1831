//! The help fits its width: descriptions wrap under themselves, never cut.

use super::*;
use crate::text::str_width;
use crate::tui::keymap::Keymap;
use crate::tui::mode::help::fitted_lines;

fn text_of(line: &ratatui::text::Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[test]
fn help_descriptions_wrap_instead_of_being_cut() {
    let width = 44;
    let lines: Vec<String> = fitted_lines(&Keymap::default(), width)
        .iter()
        .map(text_of)
        .collect();
    for l in &lines {
        assert!(str_width(l) <= width, "too wide: {l:?}");
    }
    // Joined back, every description is there whole.
    let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    for table in crate::config::KeyTable::ALL {
        for a in table.actions() {
            assert!(joined.contains(a.description), "cut: {:?}", a.description);
        }
    }
    // A continuation starts under its description, not under the keys.
    let at = lines
        .iter()
        .position(|l| l.contains("fill role 1"))
        .unwrap();
    let next = &lines[at + 1];
    let column = lines[at].find("fill role 1").unwrap();
    assert_eq!(next.len() - next.trim_start().len(), column, "{next:?}");
}

#[test]
fn the_help_drawn_at_sixty_columns_keeps_whole_descriptions() {
    let mut f = fixture(&[("1.txt", FIRST)], &[], (60, 20), false);
    f.app.update(Msg::Action(Action::Help));
    for _ in 0..4 {
        f.app.update(Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::PageDown,
        )));
    }
    let s = screen(&draw(&f.app));
    assert!(s.contains("(numbered in"), "{s}");
}
