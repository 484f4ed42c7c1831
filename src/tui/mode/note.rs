//! The note editor: keys go to the text box; end-note (esc) ends editing and records
//! the whole edit as one step of undo.

use crossterm::event::KeyEvent;

use super::Mode;
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::{App, NoteTarget};

impl App {
    pub(crate) fn note_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let end = self.keymap.action_in(KeyTable::Note, &key) == Some("end-note");
        let Mode::Note { editor, target, .. } = &mut self.mode else {
            return Vec::new();
        };
        if end {
            let Mode::Note { before, back, .. } = std::mem::replace(&mut self.mode, Mode::Normal)
            else {
                return Vec::new();
            };
            self.focus = back;
            if let Some(r) = &mut self.shown
                && !before.unchanged_in(&r.article.doc)
            {
                r.article.history.record(before.trim(&r.article.doc));
            }
            self.say("note saved");
            return Vec::new();
        }
        editor.input(key);
        let note = editor.lines().join("\n");
        let target = target.clone();
        let Some(r) = &mut self.shown else {
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
        self.changed()
    }
}
