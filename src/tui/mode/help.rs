//! The help screen: j/k and the page keys scroll; any other key closes it.

use crossterm::event::{KeyCode, KeyEvent};

use super::Mode;
use crate::tui::action::Effect;
use crate::tui::app::App;

impl App {
    pub(crate) fn help_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Mode::Help { scroll } = &mut self.mode else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => *scroll += 1,
            KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => *scroll += 10,
            KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
            _ => self.mode = Mode::Normal,
        }
        Vec::new()
    }
}
