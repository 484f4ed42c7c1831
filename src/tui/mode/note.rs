//! The note editor: keys go to the text box; end-note (esc) ends editing and records
//! the whole edit as one step of undo.

use crossterm::event::KeyEvent;

use super::Mode;
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::{App, NoteTarget};
use crate::tui::panes::Pane;
use ratatui_textarea::TextArea;

/// The note editor: the text box, whose note it edits, the annotations as
/// they were (recorded for undo when editing ends) and the pane to go back to.
#[derive(Debug)]
pub struct NoteEditor {
    pub editor: Box<TextArea<'static>>,
    pub target: NoteTarget,
    pub before: Box<crate::history::DocChange>,
    pub back: Pane,
}

impl NoteEditor {
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        if app.keymap.action_in(KeyTable::Note, &key) == Some("end-note") {
            self.end(app);
            return Vec::new();
        }
        self.editor.input(key);
        let note = self.editor.lines().join("\n");
        let target = self.target.clone();
        app.mode = Mode::Note(self);
        let Some(r) = &mut app.shown else {
            return Vec::new();
        };
        let doc = &mut r.article.doc;
        let current = match &target {
            NoteTarget::Article => doc.note.as_str(),
            NoteTarget::Annotation(id) => doc.note_of(id).unwrap_or(""),
        };
        if current == note {
            return Vec::new();
        }
        match &target {
            NoteTarget::Article => doc.note = note,
            NoteTarget::Annotation(id) => doc.set_note(id, &note),
        }
        app.changed()
    }

    /// Ends editing: the whole edit becomes one step of undo.
    fn end(self, app: &mut App) {
        app.focus = self.back;
        if let Some(r) = &mut app.shown
            && !self.before.unchanged_in(&r.article.doc)
        {
            r.article.history.record(self.before.trim(&r.article.doc));
        }
        app.say("note saved");
    }
}
