//! Span edges (`s` on an annotation): its span becomes the selection, the
//! active end at its end (as vim's `gv`); the text's motions move the
//! active end, `o` switches ends, confirm applies the new bounds with id,
//! type and links kept, cancel leaves the span as it was.

use crossterm::event::KeyEvent;

use super::Mode;
use crate::config::KeyTable;
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;

/// The annotation whose edges are being moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanEdit {
    /// Its span's id (an entity's, or a trigger's).
    pub id: String,
    /// The cursor before `s`, given back by cancel.
    pub cursor: usize,
}

impl SpanEdit {
    pub fn handle(self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        match app.keymap.action_in(KeyTable::Span, &key) {
            Some("confirm") => return app.apply_span_edit(&self.id),
            Some("cancel") => {
                app.count = None;
                if let Some(r) = &mut app.shown {
                    r.view.anchor = None;
                    r.view.move_to(&r.article, self.cursor);
                }
                app.say(format!("{}: edges left as they were", self.id));
                return Vec::new();
            }
            _ => {}
        }
        let action = app.keymap.lookup(KeyTable::Text, &key);
        if !app.count_digit(&key, action) {
            let count = app.count.take().unwrap_or(1);
            match action {
                Some(a) if moves_an_end(a) => {
                    app.act_counted(a, count);
                }
                _ => app.say(format!(
                    "moving the edges of {}: motions, {} switches ends, {} applies, {} cancels",
                    self.id,
                    app.key_name(Action::OtherEnd),
                    app.mode_key(KeyTable::Span, "confirm"),
                    app.mode_key(KeyTable::Span, "cancel"),
                )),
            }
        }
        app.mode = Mode::Span(self);
        Vec::new()
    }
}

/// The reading actions that move the selection's active end: every motion
/// a count repeats, and the jumps.
fn moves_an_end(action: Action) -> bool {
    super::reading::is_repeatable(action)
        || matches!(
            action,
            Action::Top | Action::Bottom | Action::LineStart | Action::LineEnd | Action::OtherEnd
        )
}
