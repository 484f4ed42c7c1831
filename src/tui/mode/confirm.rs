//! A question asked once, on the status line: confirm (enter) goes ahead,
//! cancel (esc) leaves things as they were. Its keys are the picker's.

use crossterm::event::KeyEvent;

use super::Mode;
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::App;

type YesFn = dyn FnOnce(&mut App) -> Vec<Effect>;

/// What a question does when confirmed, and what it says when not.
pub struct ConfirmMode {
    pub on_yes: Box<YesFn>,
    /// Said when the question is cancelled.
    pub declined: String,
}

impl std::fmt::Debug for ConfirmMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfirmMode")
            .field("declined", &self.declined)
            .finish_non_exhaustive()
    }
}

impl ConfirmMode {
    /// Asks `question` (the status line's message until answered).
    pub fn ask(
        app: &mut App,
        question: String,
        declined: String,
        on_yes: impl FnOnce(&mut App) -> Vec<Effect> + 'static,
    ) {
        let yes = app.mode_key(KeyTable::Picker, "confirm");
        let no = app.mode_key(KeyTable::Picker, "cancel");
        app.warn(format!("{question} {yes} yes · {no} no"));
        app.mode = Mode::Confirm(ConfirmMode {
            on_yes: Box::new(on_yes),
            declined,
        });
    }

    pub fn handle(self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        match app.keymap.action_in(KeyTable::Picker, &key) {
            Some("confirm") => {
                app.message = None;
                (self.on_yes)(app)
            }
            Some("cancel") => {
                app.say(self.declined);
                Vec::new()
            }
            // Any other key: the question stays, still on the screen.
            _ => {
                app.mode = Mode::Confirm(self);
                Vec::new()
            }
        }
    }
}
