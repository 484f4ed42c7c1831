//! Annotation edits from the keyboard: tag, delete, status, notes, undo.
//! Each edit records the document before it and asks for a save.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{TextArea, WrapMode};

use super::action::Effect;
use super::app::{App, Mode, NoteTarget, Purpose};
use super::panes::Pane;
use super::picker::{Choice, Picker};
use super::reader::Reader;
use crate::annotation::{Document, Status};
use crate::article::Access;
use crate::corpus::Summary;

impl App {
    /// The reader, if its annotations may be changed; otherwise says why not.
    fn editable(&mut self) -> Option<&mut Reader> {
        let why = match &self.reader {
            None => "no article is open".to_owned(),
            Some(r) => match &r.article.access {
                Access::Editable => return self.reader.as_mut(),
                Access::ReadOnly(why) => format!("read-only: {why}"),
            },
        };
        self.warn(why);
        None
    }

    /// Applies a change to the open document: recorded for undo, saved.
    fn edit(&mut self, change: impl FnOnce(&mut Document)) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let before = r.article.doc.clone();
        change(&mut r.article.doc);
        if r.article.doc == before {
            return Vec::new();
        }
        r.history.record(before);
        self.changed()
    }

    /// After the open document changed: re-mark, update the list, save.
    fn changed(&mut self) -> Vec<Effect> {
        let width = self.text_view().width as usize;
        let decor = self.decor();
        let Some(r) = &mut self.reader else {
            return Vec::new();
        };
        let doc = &mut r.article.doc;
        if doc.status == Status::Todo && doc.annotation_count() > 0 {
            doc.status = Status::InProgress;
        }
        r.relayout(width, decor, true);
        if let Some(entry) = self.corpus.entries.get_mut(r.entry) {
            entry.summary = Summary::Annotated {
                count: r.article.doc.annotation_count(),
                status: r.article.doc.status,
            };
        }
        vec![Effect::Persist {
            path: r.article.sidecar.clone(),
            json: r.article.to_json(),
        }]
    }

    pub(super) fn start_tag(&mut self) {
        let Some(r) = self.editable() else { return };
        let Some((start, end)) = r.tag_target() else {
            self.warn("nothing to tag here: move onto a word, or select with v");
            return;
        };
        let title = format!(
            "Tag “{}” as",
            crate::text::fit(r.article.text.slice(start, end), 24)
        );
        let choices = self
            .schema
            .entities
            .iter()
            .map(|t| Choice {
                code: t.code.clone(),
                label: t.name.clone(),
            })
            .collect();
        self.mode = Mode::Pick {
            picker: Picker::new(title, choices),
            purpose: Purpose::Tag { start, end },
        };
    }

    pub(super) fn start_delete(&mut self) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let spans = r.article.doc.spans_at(r.cursor);
        let ids: Vec<String> = spans.iter().map(|s| s.id.to_owned()).collect();
        let choices: Vec<Choice> = spans
            .iter()
            .map(|s| Choice {
                code: s.kind.to_owned(),
                label: format!("“{}” {}", crate::text::fit(s.text, 20), s.id),
            })
            .collect();
        match ids.len() {
            0 => {
                self.warn("no annotation under the cursor");
                Vec::new()
            }
            1 => self.delete(&ids[0]),
            _ => {
                self.mode = Mode::Pick {
                    picker: Picker::new("Delete which annotation?", choices),
                    purpose: Purpose::Delete(ids),
                };
                Vec::new()
            }
        }
    }

    fn delete(&mut self, id: &str) -> Vec<Effect> {
        let mut said = String::new();
        let effects = self.edit(|doc| {
            if let Some(at) = doc.span_by_id(id) {
                if let Some(s) = doc.spans().into_iter().find(|s| s.at == at) {
                    said = format!("deleted {} “{}” ({id}); u undoes", s.kind, s.text);
                }
                doc.remove_span(at);
            }
        });
        if !effects.is_empty() {
            self.say(said);
        }
        effects
    }

    pub(super) fn start_status(&mut self) {
        let Some(r) = self.editable() else { return };
        let current = r.article.doc.status;
        let choices = Status::ALL
            .iter()
            .map(|s| Choice {
                code: s.label().to_owned(),
                label: String::new(),
            })
            .collect();
        let mut picker = Picker::new("Status of this article", choices);
        picker.highlighted = Status::ALL.iter().position(|s| *s == current).unwrap_or(0);
        self.mode = Mode::Pick {
            picker,
            purpose: Purpose::Status,
        };
    }

    /// Carries out a picker's choice (`code` of choice `index`).
    pub(super) fn picked(&mut self, purpose: Purpose, code: &str, index: usize) -> Vec<Effect> {
        match purpose {
            Purpose::Tag { start, end } => self.tag(start, end, code),
            Purpose::Status => {
                let status = Status::ALL[index];
                let effects = self.edit(|doc| doc.status = status);
                self.say(format!("status: {}", status.label()));
                effects
            }
            Purpose::Delete(ids) => self.delete(&ids[index]),
        }
    }

    fn tag(&mut self, start: usize, end: usize, kind: &str) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let text = r.article.text.slice(start, end).to_owned();
        let duplicate = r
            .article
            .doc
            .entities
            .iter()
            .any(|e| e.start == start && e.end == end && e.kind == kind);
        if duplicate {
            self.warn(format!("“{text}” is already tagged {kind}"));
            return Vec::new();
        }
        r.anchor = None;
        let mut id = String::new();
        let effects = self.edit(|doc| id = doc.add_entity(kind, start, end, &text));
        self.say(format!("tagged “{text}” as {kind} ({id}); u undoes"));
        effects
    }

    pub(super) fn undo(&mut self, redo: bool) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let done = if redo {
            r.history.redo(&mut r.article.doc)
        } else {
            r.history.undo(&mut r.article.doc)
        };
        match (done, redo) {
            (false, false) => self.warn("nothing to undo in this article"),
            (false, true) => self.warn("nothing to redo"),
            (true, false) => self.say("undone (Ctrl-r redoes)"),
            (true, true) => self.say("redone"),
        }
        if done { self.changed() } else { Vec::new() }
    }

    pub(super) fn start_span_note(&mut self) {
        let Some(r) = self.editable() else { return };
        match r.article.doc.spans_at(r.cursor).first() {
            Some(s) => {
                let id = s.id.to_owned();
                self.start_note(NoteTarget::Span(id));
            }
            None => self.warn("no annotation under the cursor to write a note on"),
        }
    }

    pub(super) fn start_note(&mut self, target: NoteTarget) {
        let Some(r) = self.editable() else { return };
        let doc = &r.article.doc;
        let current = match &target {
            NoteTarget::Article => doc.note.clone(),
            NoteTarget::Span(id) => doc
                .span_by_id(id)
                .and_then(|at| doc.span_note(at))
                .unwrap_or_default()
                .to_owned(),
        };
        let mut editor = TextArea::new(current.split('\n').map(str::to_owned).collect());
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.mode = Mode::Note {
            editor: Box::new(editor),
            target,
            before: Box::new(doc.clone()),
            back: self.focus,
        };
        self.focus = Pane::Notes;
        self.say("editing the note: Esc ends (it saves as you type)");
    }

    pub(super) fn note_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Mode::Note { editor, target, .. } = &mut self.mode else {
            return Vec::new();
        };
        if key.code == KeyCode::Esc {
            let Mode::Note { before, back, .. } = std::mem::replace(&mut self.mode, Mode::Normal)
            else {
                return Vec::new();
            };
            self.focus = back;
            if let Some(r) = &mut self.reader
                && r.article.doc != *before
            {
                r.history.record(*before);
            }
            self.say("note saved");
            return Vec::new();
        }
        editor.input(key);
        let note = editor.lines().join("\n");
        let target = target.clone();
        let Some(r) = &mut self.reader else {
            return Vec::new();
        };
        let doc = &mut r.article.doc;
        let unchanged = match &target {
            NoteTarget::Article => doc.note == note,
            NoteTarget::Span(id) => {
                doc.span_by_id(id)
                    .and_then(|at| doc.span_note(at))
                    .unwrap_or("")
                    == note
            }
        };
        if unchanged {
            return Vec::new();
        }
        match &target {
            NoteTarget::Article => doc.note = note,
            NoteTarget::Span(id) => {
                if let Some(at) = doc.span_by_id(id) {
                    doc.set_span_note(at, &note);
                }
            }
        }
        self.changed()
    }
}
