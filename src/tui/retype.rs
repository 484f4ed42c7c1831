//! Changing what is already there from the keyboard: `T` retypes an
//! annotation in place, `s` moves its span's edges (`mode/span_edit.rs`).

use super::action::{Action, Effect};
use super::app::{App, Mode, OnPick};
use super::picker::{Choice, Picker};
use crate::config::KeyTable;
use crate::schema::Kind;
use crate::text::fit;
use crate::tui::mode::{PickerMode, SpanEdit};

impl App {
    /// `T`: which annotation (asked when several are under the cursor),
    /// then a picker of the types of its kind, its own highlighted.
    pub(super) fn start_retype(&mut self) -> Vec<Effect> {
        self.choose_target("Retype which annotation?", false, |app, id| {
            app.offer_types(id);
            Vec::new()
        })
    }

    pub(crate) fn offer_types(&mut self, id: &str) {
        let Some(r) = &self.shown else { return };
        let Some((kind, current)) = r.article.doc.kind_of(id) else {
            return;
        };
        let current = current.to_owned();
        let choices: Vec<Choice> = match kind {
            Kind::Entity => self.entity_choices(None),
            Kind::Event => self.schema.events.iter().map(event_choice).collect(),
            // Only the types its two ends allow.
            Kind::Relation => self
                .relation_ends(id)
                .map(|(from, to)| self.schema.relations_between(from, to))
                .unwrap_or_default()
                .into_iter()
                .map(|t| Choice {
                    code: t.name.clone(),
                    label: String::new(),
                })
                .collect(),
        };
        let mut picker = Picker::new(format!("Retype {id} ({current}) as"), choices);
        picker.highlighted = picker
            .choices
            .iter()
            .position(|c| c.code == current)
            .unwrap_or(0);
        let id = id.to_owned();
        self.mode = Mode::Pick(PickerMode {
            picker,
            on_pick: OnPick::new(move |app, p| app.retype(&id, kind, &p.code)),
        });
    }

    /// The kinds and types of a relation's two ends.
    fn relation_ends(&self, id: &str) -> Option<(End<'_>, End<'_>)> {
        let doc = &self.shown.as_ref()?.article.doc;
        let rel = doc.relations.iter().find(|r| r.id == id)?;
        Some((doc.kind_of(&rel.arg1)?, doc.kind_of(&rel.arg2)?))
    }

    /// Gives `id` type `to`: links kept, except an event's arguments whose
    /// role the new type lacks (named in the message; `u` restores them).
    /// Links the schema now refuses are named as problems.
    fn retype(&mut self, id: &str, kind: Kind, to: &str) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let from = r.article.doc.kind_of(id).map(|k| k.1.to_owned());
        if from.as_deref() == Some(to) {
            self.say(format!("{id} is already {to}"));
            return Vec::new();
        }
        let roles: Vec<String> = self
            .schema
            .event_type(to)
            .map(|t| t.roles.iter().map(|r| r.role.clone()).collect())
            .unwrap_or_default();
        let mut dropped = Vec::new();
        let effects = self.edit(&[id], |doc| match kind {
            Kind::Event => {
                dropped = doc.retype_event(id, to, |role| roles.iter().any(|r| r == role))
            }
            _ => {
                doc.retype(id, to);
            }
        });
        let Some(r) = &self.shown else {
            return effects;
        };
        let mut said = format!("{id} is now {to}");
        if !dropped.is_empty() {
            let gone: Vec<String> = dropped
                .iter()
                .map(|a| format!("{} {}", a.role, a.target))
                .collect();
            said += &format!("; dropped {} (no such role)", gone.join(", "));
        }
        let refused = r.article.doc.links_refusing(id, &self.schema);
        let undoes = self.undoes();
        if refused.is_empty() {
            self.say(format!("{said}{undoes}"));
        } else {
            let refused = refused.join(", ");
            self.warn(format!(
                "{said}; {refused} no longer take {to}: a problem to fix{undoes}"
            ));
        }
        effects
    }

    /// `s`: the span of the annotation under the cursor becomes the
    /// selection, the active end at its last character.
    pub(super) fn start_span_edit(&mut self) -> Vec<Effect> {
        self.choose_target("Move the edges of which annotation?", true, |app, id| {
            app.begin_span_edit(id);
            Vec::new()
        })
    }

    pub(crate) fn begin_span_edit(&mut self, id: &str) {
        let Some(r) = &mut self.shown else { return };
        let doc = &r.article.doc;
        let (Some((start, end)), Some(span)) = (
            doc.span_of(id),
            doc.span_by_id(id)
                .or_else(|| doc.event(id).and_then(|e| doc.span_by_id(&e.trigger.id))),
        ) else {
            return;
        };
        let span_id = match span {
            crate::annotation::SpanRef::Entity(i) => doc.entities[i].id.clone(),
            crate::annotation::SpanRef::Trigger(i) => doc.events[i].trigger.id.clone(),
        };
        let cursor = r.view.cursor;
        r.view.anchor = Some(start);
        let last = r.article.text.prev_grapheme(end.max(start + 1));
        r.view.move_to(&r.article, last.max(start));
        self.mode = Mode::Span(SpanEdit {
            id: span_id.clone(),
            cursor,
        });
        self.say(format!(
            "edges of {span_id}: motions move this end, {} the other, {} applies, {} cancels",
            self.key_name(Action::OtherEnd),
            self.mode_key(KeyTable::Span, "confirm"),
            self.mode_key(KeyTable::Span, "cancel"),
        ));
    }

    /// Confirm in span editing: the selection, without the whitespace at
    /// its ends, becomes the span's new bounds.
    pub(crate) fn apply_span_edit(&mut self, id: &str) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let target = r.view.tag_target(&r.article);
        r.view.anchor = None;
        let Some((start, end)) = target else {
            self.warn(format!(
                "{id}: a span needs some text; edges left as they were"
            ));
            return Vec::new();
        };
        let text = r.article.text.slice(start, end).to_owned();
        let effects = self.edit(&[id], |doc| {
            doc.move_span(id, start, end, &text);
        });
        let undoes = self.undoes();
        self.say(format!("{id} now spans “{}”{undoes}", fit(&text, 30)));
        effects
    }
}

/// One end of a relation: its kind and type.
type End<'a> = (Kind, &'a str);

/// An event type as a picker choice: `Attack` finds `Conflict.Attack`.
pub(super) fn event_choice(t: &crate::schema::EventType) -> Choice {
    let short = t.name.rsplit('.').next().unwrap_or(&t.name);
    Choice {
        code: t.name.clone(),
        label: if short == t.name {
            String::new()
        } else {
            short.to_owned()
        },
    }
}
