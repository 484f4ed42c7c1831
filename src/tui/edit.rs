//! Annotation edits from the keyboard: tag, delete, status, notes,
//! attributes, undo. Each edit records the document before it and asks for
//! a save. Events and relations are in `events.rs`.

use crate::tui::mode::{ConfirmMode, NoteEditor, PickerMode};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use serde_json::Value;

use super::action::{Action, Effect};
use super::app::Shown;
use super::app::{App, Mode, NoteTarget, OnPick};
use super::panes::Pane;
use super::picker::{Choice, Picker};
use crate::annotation::{Document, Status};
use crate::article::Access;
use crate::corpus::Summary;
use crate::history::DocChange;
use crate::schema::Kind;
use crate::text::fit;

impl App {
    /// The article on screen, if its annotations may be changed; otherwise
    /// says why not.
    pub(super) fn editable(&mut self) -> Option<&mut Shown> {
        let why = match &self.shown {
            None => "no article is open".to_owned(),
            Some(r) => match &r.article.access {
                Access::Editable => return self.shown.as_mut(),
                Access::ReadOnly(why) => format!("read-only: {why}"),
            },
        };
        self.warn(why);
        None
    }

    /// Applies a change to the open document: recorded for undo, saved.
    /// `ids` names the annotations it changes (besides those it adds and
    /// those that point at them): undo keeps only those, not the document.
    pub(super) fn edit(&mut self, ids: &[&str], change: impl FnOnce(&mut Document)) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        if !record_edit(r, ids, change) {
            return Vec::new();
        }
        self.changed()
    }

    /// True when the open article changed since its problems were found.
    pub fn needs_check(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|r| r.article.is_unchecked())
    }

    /// Finds the open article's problems again if it changed (after its
    /// save: see `Shown::annotations_changed`); true if it did.
    pub(super) fn check_if_needed(&mut self) -> bool {
        self.shown
            .as_mut()
            .is_some_and(|r| r.article.check_if_needed(&self.schema))
    }

    /// After the open document changed: re-mark, update the list, save;
    /// the shell has it re-checked once the save is queued.
    pub(super) fn changed(&mut self) -> Vec<Effect> {
        let width = self.text_view().width as usize;
        let decor = self.decor();
        let Some(r) = &mut self.shown else {
            return Vec::new();
        };
        vec![after_change(r, &mut self.corpus.entries, width, decor)]
    }

    /// Opens a picker of the schema's entity types (those `allowed`, if given)
    /// for the selection or the word under the cursor.
    pub(super) fn start_tag(&mut self) {
        let Some(r) = self.editable() else { return };
        let Some((start, end)) = r.view.tag_target(&r.article) else {
            self.warn(format!(
                "nothing to tag here: move onto a word, or select with {}",
                self.key_name(Action::ToggleSelect)
            ));
            return;
        };
        let title = format!("Tag “{}” as", fit(r.article.text.slice(start, end), 24));
        let picker = Picker::new(title, self.entity_choices(None));
        self.mode = Mode::Pick(PickerMode {
            picker,
            on_pick: OnPick::new(move |app, p| app.tag(start, end, &p.code).1),
        });
    }

    pub(super) fn entity_choices(&self, allowed: Option<&[String]>) -> Vec<Choice> {
        self.schema
            .entities
            .iter()
            .filter(|t| allowed.is_none_or(|a| crate::schema::accepts(a, Kind::Entity, &t.code)))
            .map(|t| Choice {
                code: t.code.clone(),
                label: t.name.clone(),
            })
            .collect()
    }

    /// The annotations under the cursor, innermost first, then the
    /// relations that start or end at them: `(id, type, description)`.
    fn targets_here(&self) -> Vec<(String, String, String)> {
        let Some(r) = &self.shown else {
            return Vec::new();
        };
        let doc = &r.article.doc;
        let mut out: Vec<(String, String, String)> = Vec::new();
        for s in doc.spans_at(r.view.cursor) {
            let id = doc.reference_for(s.at).unwrap_or(s.id).to_owned();
            out.push((
                id,
                s.kind.to_owned(),
                format!("“{}” {}", fit(s.text, 20), s.id),
            ));
        }
        let spans: Vec<String> = out.iter().map(|t| t.0.clone()).collect();
        for rel in &doc.relations {
            if spans.contains(&rel.arg1) || spans.contains(&rel.arg2) {
                let label = format!("{} {} → {}", rel.id, rel.arg1, rel.arg2);
                out.push((rel.id.clone(), rel.kind.clone(), label));
            }
        }
        out
    }

    /// Picks the annotation under the cursor to act on (asking `question`
    /// when there are several), then acts; `spans_only` leaves relations out.
    pub(super) fn choose_target(
        &mut self,
        question: &'static str,
        spans_only: bool,
        then: impl FnOnce(&mut App, &str) -> Vec<Effect> + 'static,
    ) -> Vec<Effect> {
        if self.editable().is_none() {
            return Vec::new();
        }
        let mut targets = self.targets_here();
        if spans_only {
            // A relation starts from a span, not from another relation.
            targets.retain(|t| self.is_span_ref(&t.0));
        }
        match targets.len() {
            0 => {
                self.warn("no annotation under the cursor");
                Vec::new()
            }
            1 => then(self, &targets[0].0),
            _ => {
                let choices = targets
                    .iter()
                    .map(|(_, kind, label)| Choice {
                        code: kind.clone(),
                        label: label.clone(),
                    })
                    .collect();
                let ids: Vec<String> = targets.into_iter().map(|t| t.0).collect();
                self.mode = Mode::Pick(PickerMode {
                    picker: Picker::new(question, choices),
                    on_pick: OnPick::new(move |app, p| then(app, &ids[p.index])),
                });
                Vec::new()
            }
        }
    }

    /// Whether an id names an entity or an event (not a relation).
    fn is_span_ref(&self, id: &str) -> bool {
        self.shown.as_ref().is_some_and(|r| {
            let doc = &r.article.doc;
            doc.span_by_id(id).is_some() || doc.event(id).is_some()
        })
    }

    /// Deletes an annotation and the links to it, saying what went with it.
    pub(super) fn delete(&mut self, id: &str) -> Vec<Effect> {
        let Some(r) = &self.shown else {
            return Vec::new();
        };
        let doc = &r.article.doc;
        let what = match (doc.kind_of(id), doc.span_of(id)) {
            (Some((_, kind)), Some((s, e))) => {
                format!("{kind} “{}” ({id})", fit(r.article.text.slice(s, e), 24))
            }
            (Some((_, kind)), None) => format!("{kind} {id}"),
            _ => id.to_owned(),
        };
        let links = doc.dependents(id);
        // In a curated file, a merged annotation deleted stays rejected.
        let effects = self.edit(&[id], |doc| crate::adjudicate::remove(doc, id));
        if !effects.is_empty() {
            let with = if links.is_empty() {
                String::new()
            } else {
                format!(" and its links {}", links.join(", "))
            };
            self.say(format!("deleted {what}{with}{}", self.undoes()));
        }
        effects
    }

    /// `y` / `x`: accept or reject the innermost suggestion under the cursor.
    pub(super) fn settle_suggestion(&mut self, accept: bool) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let doc = &r.article.doc;
        let Some(s) = doc
            .spans_at(r.view.cursor)
            .into_iter()
            .find(|s| s.suggested)
        else {
            let n = doc.suggestion_count();
            self.warn(format!(
                "no suggestion under the cursor ({n} in this article)"
            ));
            return Vec::new();
        };
        let (id, what) = (s.id.to_owned(), format!("{} “{}”", s.kind, fit(s.text, 24)));
        let effects = if accept {
            self.edit(&[&id], |doc| doc.accept(&id))
        } else {
            self.edit(&[&id], |doc| doc.remove_annotation(&id))
        };
        let left = self
            .shown
            .as_ref()
            .map_or(0, |r| r.article.doc.suggestion_count());
        let done = if accept { "accepted" } else { "rejected" };
        self.say(format!(
            "{done} {what}; {left} suggestion(s) left{}",
            self.undoes()
        ));
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
        self.mode = Mode::Pick(PickerMode {
            picker,
            on_pick: OnPick::new(|app, p| app.set_status(p.index)),
        });
    }

    /// Offers every value of every attribute that applies to `id`; picking
    /// the value already set clears it.
    pub(super) fn start_attributes(&mut self, id: &str) {
        let Some(r) = &self.shown else { return };
        let doc = &r.article.doc;
        let Some((kind, type_name)) = doc.kind_of(id) else {
            return;
        };
        let set = doc.attributes_of(id);
        let mut choices = Vec::new();
        let mut settings = Vec::new();
        for def in self.schema.attributes_for(kind, type_name) {
            let current = set.and_then(|m| m.get(&def.name));
            let values: Vec<Value> = if def.is_binary() {
                vec![Value::Bool(true)]
            } else {
                def.values
                    .iter()
                    .map(|v| Value::String(v.clone()))
                    .collect()
            };
            for v in values {
                let on = current == Some(&v);
                let shown = match &v {
                    Value::String(s) => s.clone(),
                    _ => "yes".into(),
                };
                choices.push(Choice {
                    code: def.name.clone(),
                    label: if on {
                        format!("{shown}  ✓ (picking clears it)")
                    } else {
                        shown
                    },
                });
                settings.push((def.name.clone(), (!on).then_some(v)));
            }
        }
        if choices.is_empty() {
            self.warn(format!("the schema has no attributes for {type_name}"));
            return;
        }
        self.mode = Mode::Pick(PickerMode {
            picker: Picker::new(format!("Attributes of {id} ({type_name})"), choices),
            on_pick: OnPick::new({
                let id = id.to_owned();
                move |app, p| app.set_attribute(&id, &settings[p.index])
            }),
        });
    }

    /// Done or reviewed with suggestions pending or problems left asks
    /// first, once, saying how many of each.
    fn set_status(&mut self, index: usize) -> Vec<Effect> {
        let status = Status::ALL[index];
        let Some(question) = self.status_question(status) else {
            return self.apply_status(status);
        };
        let kept = self.shown.as_ref().map(|r| r.article.doc.status);
        let declined = format!("status kept: {}", kept.unwrap_or(status).label());
        ConfirmMode::ask(self, question, declined, move |app| {
            app.apply_status(status)
        });
        Vec::new()
    }

    /// What to ask before setting `status`, if anything.
    fn status_question(&mut self, status: Status) -> Option<String> {
        if !matches!(status, Status::Done | Status::Reviewed) {
            return None;
        }
        self.check_if_needed();
        let r = self.shown.as_ref()?;
        let doc = &r.article.doc;
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let mut pending = Vec::new();
        match doc.suggestion_count() {
            0 => {}
            n => pending.push(plural(n, "pending suggestion")),
        }
        match r.article.problems.len() {
            0 => {}
            n => pending.push(plural(n, "problem")),
        }
        if doc.status == status || pending.is_empty() {
            return None;
        }
        Some(format!(
            "{} left: mark it {} all the same?",
            pending.join(" and "),
            status.label()
        ))
    }

    fn apply_status(&mut self, status: Status) -> Vec<Effect> {
        let effects = self.edit(&[], |doc| doc.status = status);
        self.say(format!("status: {}", status.label()));
        effects
    }

    /// Sets (or, with no value, clears) one attribute of annotation `id`.
    fn set_attribute(&mut self, id: &str, setting: &(String, Option<Value>)) -> Vec<Effect> {
        let (name, value) = setting.clone();
        let said = match &value {
            Some(v) => format!("{id}: {name} = {v}"),
            None => format!("{id}: {name} cleared"),
        };
        let effects = self.edit(&[id], |doc| doc.set_attribute(id, &name, value));
        self.say(said);
        effects
    }

    /// Tags an entity; returns its id (None if refused) and the effects.
    pub(super) fn tag(
        &mut self,
        start: usize,
        end: usize,
        kind: &str,
    ) -> (Option<String>, Vec<Effect>) {
        let Some(r) = self.editable() else {
            return (None, Vec::new());
        };
        let text = r.article.text.slice(start, end).to_owned();
        let existing = r
            .article
            .doc
            .entities
            .iter()
            .find(|e| e.start == start && e.end == end && e.kind == kind)
            .map(|e| e.id.clone());
        if let Some(id) = existing {
            self.warn(format!("“{text}” is already tagged {kind} ({id})"));
            return (Some(id), Vec::new());
        }
        r.view.anchor = None;
        let mut id = String::new();
        let effects = self.edit(&[], |doc| id = doc.add_entity(kind, start, end, &text));
        self.say(format!("tagged “{text}” as {kind} ({id}){}", self.undoes()));
        (Some(id), effects)
    }

    pub(super) fn undo(&mut self, redo: bool) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let (history, doc) = (&mut r.article.history, &mut r.article.doc);
        let what = if redo {
            let what = history.next_redo().map(|c| c.describe_against(doc, false));
            what.filter(|_| history.redo(doc))
        } else {
            let what = history.next_undo().map(|c| c.describe_against(doc, true));
            what.filter(|_| history.undo(doc))
        };
        let done = what.is_some();
        match (what, redo) {
            (None, false) => self.warn("nothing to undo in this article"),
            (None, true) => self.warn("nothing to redo"),
            (Some(what), false) => {
                let key = self.key_name(Action::Redo);
                self.say(format!("undone: {what} ({key} redoes)"))
            }
            (Some(what), true) => self.say(format!("redone: {what}")),
        }
        if done { self.changed() } else { Vec::new() }
    }

    pub(super) fn start_note(&mut self, target: NoteTarget) {
        let Some(r) = self.editable() else { return };
        let doc = &r.article.doc;
        let current = match &target {
            NoteTarget::Article => doc.note.clone(),
            NoteTarget::Annotation(id) => doc.note_of(id).unwrap_or_default().to_owned(),
        };
        let mut editor = TextArea::new(current.split('\n').map(str::to_owned).collect());
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        let before = Box::new(DocChange::before(doc, &note_ids(&target)));
        self.mode = Mode::Note(NoteEditor {
            editor: Box::new(editor),
            target,
            before,
            back: self.focus,
        });
        self.focus = Pane::Notes;
        let end = self.mode_key(crate::config::KeyTable::Note, "end-note");
        self.say(format!(
            "editing the note: {end} ends (it saves as you type)"
        ));
    }
}

/// The annotation whose note is edited, if it is not the article's.
fn note_ids(target: &NoteTarget) -> Vec<&str> {
    match target {
        NoteTarget::Article => Vec::new(),
        NoteTarget::Annotation(id) => vec![id.as_str()],
    }
}

/// Applies a change to `r`'s document, recorded for undo (`ids` as
/// `App::edit` says); false when it changed nothing.
pub(super) fn record_edit(r: &mut Shown, ids: &[&str], change: impl FnOnce(&mut Document)) -> bool {
    let before = DocChange::before(&r.article.doc, ids);
    let count = r.article.doc.annotation_count();
    change(&mut r.article.doc);
    // The status rule: an annotation added to a todo article starts the
    // work, as part of that edit, so undoing the edit makes it todo
    // again; undo and redo put the status back and never move it.
    let doc = &mut r.article.doc;
    if doc.status == Status::Todo && doc.annotation_count() > count {
        doc.status = Status::InProgress;
    }
    if before.unchanged_in(&r.article.doc) {
        return false;
    }
    r.article.history.record(before.trim(&r.article.doc));
    true
}

/// After `r`'s document changed: re-marked and laid out again, its list
/// entry updated; the save to queue.
pub(super) fn after_change(
    r: &mut Shown,
    entries: &mut [crate::corpus::Entry],
    width: usize,
    decor: crate::tui::article_view::Decor,
) -> Effect {
    r.article.annotations_changed();
    r.view.relayout(&r.article, width, decor, true);
    if let Some(entry) = entries.get_mut(r.entry) {
        entry.summary = Summary::of(&r.article.doc);
    }
    Effect::Persist {
        path: r.article.sidecar.clone(),
        json: r.article.to_json(),
    }
}
