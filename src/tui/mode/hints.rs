//! Hints: letters over the annotations on screen; typing one chooses it,
//! confirm (enter) takes what is under the cursor, cancel (esc) cancels.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Hint, Mode};
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::App;

impl App {
    pub(crate) fn hint_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action_in(KeyTable::Hints, &key);
        let cancel = self.mode_key(KeyTable::Hints, "cancel");
        let Mode::Hint { hints, typed, .. } = &mut self.mode else {
            return Vec::new();
        };
        let chosen = match (action, key.code) {
            (Some("cancel"), _) => {
                self.mode = Mode::Normal;
                self.message = None;
                return Vec::new();
            }
            (_, KeyCode::Backspace) => {
                typed.pop();
                return Vec::new();
            }
            (Some("confirm"), _) => None,
            (_, KeyCode::Char(c)) => {
                typed.push(c);
                let matching: Vec<&Hint> = hints
                    .iter()
                    .filter(|h| h.label.starts_with(typed.as_str()))
                    .collect();
                match matching.as_slice() {
                    [] => {
                        let t = std::mem::take(typed);
                        self.warn(format!(
                            "no hint {t:?}: type one of the letters shown, or {cancel}"
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
