//! Hints: letters over the annotations on screen; typing one chooses it,
//! Enter takes what is under the cursor, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Hint, Mode};
use crate::tui::action::Effect;
use crate::tui::app::App;

impl App {
    pub(crate) fn hint_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Mode::Hint { hints, typed, .. } = &mut self.mode else {
            return Vec::new();
        };
        let chosen = match key.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                self.message = None;
                return Vec::new();
            }
            KeyCode::Backspace => {
                typed.pop();
                return Vec::new();
            }
            KeyCode::Enter => None,
            KeyCode::Char(c) => {
                typed.push(c);
                let matching: Vec<&Hint> = hints
                    .iter()
                    .filter(|h| h.label.starts_with(typed.as_str()))
                    .collect();
                match matching.as_slice() {
                    [] => {
                        let t = std::mem::take(typed);
                        self.warn(format!(
                            "no hint {t:?}: type one of the letters shown, or Esc"
                        ));
                        return Vec::new();
                    }
                    [one] if one.label == *typed => Some(one.id.clone()),
                    _ => return Vec::new(),
                }
            }
            _ => return Vec::new(),
        };
        let Mode::Hint { on_choose, .. } = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return Vec::new();
        };
        self.message = None;
        (on_choose.0)(self, chosen)
    }
}
