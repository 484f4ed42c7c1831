//! Hints: letters over the annotations on screen; typing one chooses it,
//! confirm (enter) takes what is under the cursor, cancel (esc) cancels.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Hint, Mode, OnChoose};
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::App;

/// Hint letters over candidates, what is typed so far, and what the
/// choice does.
#[derive(Debug)]
pub struct HintsMode {
    pub hints: Vec<Hint>,
    pub typed: String,
    pub on_choose: OnChoose,
}

impl HintsMode {
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        let chosen = match (app.keymap.action_in(KeyTable::Hints, &key), key.code) {
            (Some("cancel"), _) => {
                app.message = None;
                return Vec::new();
            }
            (_, KeyCode::Backspace) => {
                self.typed.pop();
                None
            }
            (Some("confirm"), _) => return self.choose(app, None),
            (_, KeyCode::Char(c)) => self.type_letter(c, app),
            _ => None,
        };
        match chosen {
            Some(id) => self.choose(app, Some(id)),
            None => {
                app.mode = Mode::Hint(self);
                Vec::new()
            }
        }
    }

    /// Adds a typed letter: the id of the one hint it completes, if any.
    fn type_letter(&mut self, c: char, app: &mut App) -> Option<String> {
        self.typed.push(c);
        let typed = self.typed.as_str();
        let matching: Vec<&Hint> = self
            .hints
            .iter()
            .filter(|h| h.label.starts_with(typed))
            .collect();
        match matching.as_slice() {
            [] => {
                let t = std::mem::take(&mut self.typed);
                let cancel = app.mode_key(KeyTable::Hints, "cancel");
                app.warn(format!(
                    "no hint {t:?}: type one of the letters shown, or {cancel}"
                ));
                None
            }
            [one] if one.label == typed => Some(one.id.clone()),
            _ => None,
        }
    }

    /// Ends the hints and runs their continuation with the choice.
    pub(crate) fn choose(self, app: &mut App, chosen: Option<String>) -> Vec<Effect> {
        app.message = None;
        (self.on_choose.0)(app, chosen)
    }
}
