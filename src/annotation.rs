//! The annotations of one source text, as the format stores them, and the
//! edits gloss makes to them. Serde shapes mirror `annotation-format.md`;
//! fields gloss does not know are kept in `extra` and written back.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::natural::natural_cmp;
use crate::schema::Kind;

pub const FORMAT: &str = "gloss";
pub const VERSION: u64 = 1;

/// Where a document stands in the annotation workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
    Reviewed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Todo,
        Status::InProgress,
        Status::Done,
        Status::Reviewed,
    ];

    /// The words people read (and `stats` prints).
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in progress",
            Status::Done => "done",
            Status::Reviewed => "reviewed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file: String,
    pub sha256: String,
    pub encoding: String,
    pub chars: usize,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Argument {
    pub role: String,
    #[serde(rename = "ref")]
    pub target: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub trigger: Trigger,
    #[serde(default)]
    pub arguments: Vec<Argument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub arg1: String,
    pub arg2: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One annotation file's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub format: String,
    pub version: u64,
    pub source: SourceInfo,
    pub annotator: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A text-bound annotation: an entity mention or an event's trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanRef {
    Entity(usize),
    Trigger(usize),
}

/// What a span looks like from outside, whichever list it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanView<'a> {
    pub at: SpanRef,
    pub id: &'a str,
    pub kind: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub note: Option<&'a str>,
}

impl Document {
    /// An empty document for a source (nothing annotated yet).
    pub fn new(source: SourceInfo, annotator: Option<String>) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            source,
            annotator,
            status: Status::Todo,
            note: String::new(),
            entities: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Entities, events and relations together.
    pub fn annotation_count(&self) -> usize {
        self.entities.len() + self.events.len() + self.relations.len()
    }

    /// Puts every list in the order the format prescribes, so that equal
    /// annotations always serialise to equal bytes.
    pub fn normalize(&mut self) {
        self.entities.sort_by(|a, b| {
            (a.start, a.end)
                .cmp(&(b.start, b.end))
                .then_with(|| natural_cmp(&a.id, &b.id))
        });
        self.events.sort_by(|a, b| {
            a.trigger
                .start
                .cmp(&b.trigger.start)
                .then_with(|| natural_cmp(&a.id, &b.id))
        });
        self.relations.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    }

    /// The next free id of a series (`T`, `E`, `R`): one past the highest
    /// number in use, so ids are never reused within a file.
    pub fn next_id(&self, prefix: char) -> String {
        let spans = self.entities.iter().map(|e| e.id.as_str());
        let triggers = self.events.iter().map(|e| e.trigger.id.as_str());
        let events = self.events.iter().map(|e| e.id.as_str());
        let relations = self.relations.iter().map(|r| r.id.as_str());
        let max = spans
            .chain(triggers)
            .chain(events)
            .chain(relations)
            .filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        format!("{prefix}{}", max + 1)
    }

    /// Adds an entity mention and returns its id.
    pub fn add_entity(&mut self, kind: &str, start: usize, end: usize, text: &str) -> String {
        let id = self.next_id('T');
        self.entities.push(Entity {
            id: id.clone(),
            kind: kind.to_owned(),
            start,
            end,
            text: text.to_owned(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        });
        self.normalize();
        id
    }

    /// Every span (entity or trigger) in text order.
    pub fn spans(&self) -> Vec<SpanView<'_>> {
        let entities = self.entities.iter().enumerate().map(|(i, e)| SpanView {
            at: SpanRef::Entity(i),
            id: &e.id,
            kind: &e.kind,
            start: e.start,
            end: e.end,
            text: &e.text,
            note: e.note.as_deref(),
        });
        let triggers = self.events.iter().enumerate().map(|(i, e)| SpanView {
            at: SpanRef::Trigger(i),
            id: &e.trigger.id,
            kind: &e.kind,
            start: e.trigger.start,
            end: e.trigger.end,
            text: &e.trigger.text,
            note: e.note.as_deref(),
        });
        let mut all: Vec<_> = entities.chain(triggers).collect();
        all.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        all
    }

    /// Spans that contain code point `ch`, shortest (innermost) first.
    pub fn spans_at(&self, ch: usize) -> Vec<SpanView<'_>> {
        let mut v: Vec<_> = self
            .spans()
            .into_iter()
            .filter(|s| s.start <= ch && ch < s.end)
            .collect();
        v.sort_by_key(|s| (s.end - s.start, s.start));
        v
    }

    /// Removes a span and everything that points at it: an entity's uses as
    /// an argument or relation end, or a trigger's whole event. The file must
    /// never hold a dangling reference.
    pub fn remove_span(&mut self, at: SpanRef) {
        let removed_id = match at {
            SpanRef::Entity(i) => self.entities.remove(i).id,
            SpanRef::Trigger(i) => self.events.remove(i).id,
        };
        self.remove_references_to(&removed_id);
    }

    fn remove_references_to(&mut self, id: &str) {
        for ev in &mut self.events {
            ev.arguments.retain(|a| a.target != id);
        }
        self.relations.retain(|r| r.arg1 != id && r.arg2 != id);
    }

    /// The note of a span, for editing.
    pub fn span_note(&self, at: SpanRef) -> Option<&str> {
        match at {
            SpanRef::Entity(i) => self.entities.get(i)?.note.as_deref(),
            SpanRef::Trigger(i) => self.events.get(i)?.note.as_deref(),
        }
    }

    /// Sets (or, when empty, clears) the note of a span.
    pub fn set_span_note(&mut self, at: SpanRef, note: &str) {
        let value = (!note.is_empty()).then(|| note.to_owned());
        match at {
            SpanRef::Entity(i) => {
                if let Some(e) = self.entities.get_mut(i) {
                    e.note = value;
                }
            }
            SpanRef::Trigger(i) => {
                if let Some(e) = self.events.get_mut(i) {
                    e.note = value;
                }
            }
        }
    }

    /// What an id names, for schema checks: its kind and type. A trigger's
    /// id is not an annotation of its own (arguments refer to the event).
    pub fn kind_of(&self, id: &str) -> Option<(Kind, &str)> {
        if let Some(e) = self.entities.iter().find(|e| e.id == id) {
            return Some((Kind::Entity, &e.kind));
        }
        if let Some(e) = self.events.iter().find(|e| e.id == id) {
            return Some((Kind::Event, &e.kind));
        }
        self.relations
            .iter()
            .find(|r| r.id == id)
            .map(|r| (Kind::Relation, r.kind.as_str()))
    }

    /// Finds a span by id (after edits have moved it in its list).
    pub fn span_by_id(&self, id: &str) -> Option<SpanRef> {
        if let Some(i) = self.entities.iter().position(|e| e.id == id) {
            return Some(SpanRef::Entity(i));
        }
        self.events
            .iter()
            .position(|e| e.trigger.id == id)
            .map(SpanRef::Trigger)
    }
}

#[cfg(test)]
mod tests;
