//! The annotations of one source text, as the format stores them, and the
//! edits gloss makes to them. Serde shapes mirror `annotation-format.md`;
//! fields gloss does not know are kept in `extra` and written back.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::natural::natural_cmp;
use crate::schema::Kind;
use crate::strict_json as strict;

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
    /// A curated file (`NAME.txt.ann.json` of a team) being adjudicated.
    CurationInProgress,
    /// A curated file whose every disagreement is settled.
    Curated,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Todo,
        Status::InProgress,
        Status::Done,
        Status::Reviewed,
        Status::CurationInProgress,
        Status::Curated,
    ];

    /// The words people read (and `stats` prints).
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in progress",
            Status::Done => "done",
            Status::Reviewed => "reviewed",
            Status::CurationInProgress => "curation in progress",
            Status::Curated => "curated",
        }
    }

    /// Finished: nothing left to do on the article (`}` and `{` pass it).
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Done | Status::Reviewed | Status::Curated)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub file: String,
    pub sha256: String,
    pub encoding: String,
    pub chars: usize,
    #[serde(flatten, deserialize_with = "strict::map")]
    pub extra: Map<String, Value>,
}

impl SourceInfo {
    pub fn new(file: &str, sha256: String, encoding: &str, chars: usize) -> Self {
        Self {
            file: file.to_owned(),
            sha256,
            encoding: encoding.to_owned(),
            chars,
            extra: Map::new(),
        }
    }
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
    #[serde(
        default,
        deserialize_with = "strict::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes: Option<Map<String, Value>>,
    #[serde(
        default,
        deserialize_with = "strict::optional_value",
        skip_serializing_if = "Option::is_none"
    )]
    pub suggested: Option<Value>,
    #[serde(flatten, deserialize_with = "strict::map")]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(flatten, deserialize_with = "strict::map")]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Argument {
    pub role: String,
    #[serde(rename = "ref")]
    pub target: String,
    #[serde(flatten, deserialize_with = "strict::map")]
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
    #[serde(
        default,
        deserialize_with = "strict::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes: Option<Map<String, Value>>,
    #[serde(
        default,
        deserialize_with = "strict::optional_value",
        skip_serializing_if = "Option::is_none"
    )]
    pub suggested: Option<Value>,
    #[serde(flatten, deserialize_with = "strict::map")]
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
    #[serde(
        default,
        deserialize_with = "strict::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes: Option<Map<String, Value>>,
    #[serde(
        default,
        deserialize_with = "strict::optional_value",
        skip_serializing_if = "Option::is_none"
    )]
    pub suggested: Option<Value>,
    #[serde(flatten, deserialize_with = "strict::map")]
    pub extra: Map<String, Value>,
}

/// One annotation file's content. Read by `store::parse` (its
/// `Deserialize` is in `store/strict.rs`: duplicate keys are refused).
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// Attribute name to `true` or a value.
pub type Attributes = Map<String, Value>;

/// The optional fields every annotation kind has, borrowed for editing.
struct Extras<'a> {
    note: &'a mut Option<String>,
    attributes: &'a mut Option<Map<String, Value>>,
    /// Unmodelled fields, such as `reviewed`.
    extra: &'a mut Map<String, Value>,
}

/// [`Extras`] to read: note, attributes, unmodelled fields.
type ExtrasRef<'a> = (
    &'a Option<String>,
    &'a Option<Attributes>,
    &'a Map<String, Value>,
);

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
    /// Came from an import or a model and is not accepted yet.
    pub suggested: bool,
}

impl Entity {
    /// An accepted entity over `text` at `start..end`, with no note,
    /// attributes or other fields.
    pub fn new(id: String, kind: &str, (start, end): (usize, usize), text: &str) -> Self {
        Entity {
            id,
            kind: kind.to_owned(),
            start,
            end,
            text: text.to_owned(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        }
    }
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

    /// Whether the lists are in the order `normalize` gives them.
    pub fn is_normalized(&self) -> bool {
        let entities = self.entities.windows(2).all(|w| {
            (w[0].start, w[0].end)
                .cmp(&(w[1].start, w[1].end))
                .then_with(|| natural_cmp(&w[0].id, &w[1].id))
                .is_le()
        });
        let events = self.events.windows(2).all(|w| {
            w[0].trigger
                .start
                .cmp(&w[1].trigger.start)
                .then_with(|| natural_cmp(&w[0].id, &w[1].id))
                .is_le()
        });
        let relations = self
            .relations
            .windows(2)
            .all(|w| natural_cmp(&w[0].id, &w[1].id).is_le());
        entities && events && relations
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

    /// Every id the document uses: entities, events, their triggers and
    /// relations.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let entities = self.entities.iter().map(|e| e.id.as_str());
        let events = (self.events.iter()).flat_map(|e| [e.id.as_str(), e.trigger.id.as_str()]);
        let relations = self.relations.iter().map(|r| r.id.as_str());
        entities.chain(events).chain(relations)
    }

    /// The next free id of a series (`T`, `E`, `R`): one past the highest
    /// number in use, so ids are never reused within a file. Numbers of any
    /// length count (see `ids`): no id is too big to step past.
    pub fn next_id(&self, prefix: char) -> String {
        let max = self
            .ids()
            .filter_map(|id| ids::series_number(id, prefix))
            .reduce(ids::larger)
            .unwrap_or("0");
        format!("{prefix}{}", ids::plus_one(max))
    }

    /// Adds an entity mention and returns its id.
    pub fn add_entity(&mut self, kind: &str, start: usize, end: usize, text: &str) -> String {
        let id = self.next_id('T');
        self.entities
            .push(Entity::new(id.clone(), kind, (start, end), text));
        self.normalize();
        id
    }

    /// Every span (entity or trigger) in text order.
    pub fn spans(&self) -> Vec<SpanView<'_>> {
        self.spans_overlapping(0, usize::MAX)
    }

    /// The spans that overlap `from..to` (a span ending at `from` does not),
    /// in text order, outer first. Entities are kept sorted by start, so only
    /// those that can reach the range are looked at: a frame of a long article
    /// costs the spans on screen, not all of them.
    pub fn spans_overlapping(&self, from: usize, to: usize) -> Vec<SpanView<'_>> {
        if self.entities.is_sorted_by_key(|e| e.start) {
            self.spans_within(from, to, self.longest_entity())
        } else {
            self.spans_within(from, to, usize::MAX)
        }
    }

    /// The length of the longest entity, which bounds how far before a
    /// range a span that reaches into it can start.
    pub fn longest_entity(&self) -> usize {
        self.entities
            .iter()
            .map(|e| e.end.saturating_sub(e.start))
            .max()
            .unwrap_or(0)
    }

    /// `spans_overlapping` for callers that keep `longest_entity` (and the
    /// entities in order, as `normalize` leaves them): no pass over all of
    /// them, only a binary search.
    pub fn spans_within(&self, from: usize, to: usize, longest: usize) -> Vec<SpanView<'_>> {
        let (lo, hi) = if longest < usize::MAX {
            let reach = from.saturating_sub(longest);
            (
                self.entities.partition_point(|e| e.start < reach),
                self.entities.partition_point(|e| e.start < to),
            )
        } else {
            (0, self.entities.len())
        };
        let entities = self.entities[lo..hi]
            .iter()
            .enumerate()
            .filter(|(_, e)| e.start < to && e.end > from)
            .map(|(i, e)| SpanView {
                at: SpanRef::Entity(lo + i),
                id: &e.id,
                kind: &e.kind,
                start: e.start,
                end: e.end,
                text: &e.text,
                note: e.note.as_deref(),
                suggested: e.suggested.is_some(),
            });
        let triggers = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.trigger.start < to && e.trigger.end > from)
            .map(|(i, e)| SpanView {
                at: SpanRef::Trigger(i),
                id: &e.trigger.id,
                kind: &e.kind,
                start: e.trigger.start,
                end: e.trigger.end,
                text: &e.trigger.text,
                note: e.note.as_deref(),
                suggested: e.suggested.is_some(),
            });
        let mut all: Vec<_> = entities.chain(triggers).collect();
        all.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        all
    }

    /// Spans that contain code point `ch`, shortest (innermost) first.
    pub fn spans_at(&self, ch: usize) -> Vec<SpanView<'_>> {
        let mut v = self.spans_overlapping(ch, ch + 1);
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

    /// Common optional fields of the annotation with this id (a trigger's
    /// id stands for its event).
    fn extras_mut(&mut self, id: &str) -> Option<Extras<'_>> {
        if let Some(e) = self.entities.iter_mut().find(|e| e.id == id) {
            return Some(Extras {
                note: &mut e.note,
                attributes: &mut e.attributes,
                extra: &mut e.extra,
            });
        }
        if let Some(e) = self
            .events
            .iter_mut()
            .find(|e| e.id == id || e.trigger.id == id)
        {
            return Some(Extras {
                note: &mut e.note,
                attributes: &mut e.attributes,
                extra: &mut e.extra,
            });
        }
        self.relations
            .iter_mut()
            .find(|r| r.id == id)
            .map(|r| Extras {
                note: &mut r.note,
                attributes: &mut r.attributes,
                extra: &mut r.extra,
            })
    }

    /// The note, attributes and unmodelled fields of the annotation with
    /// this id (a trigger's id stands for its event).
    fn extras(&self, id: &str) -> Option<ExtrasRef<'_>> {
        if let Some(e) = self.entities.iter().find(|e| e.id == id) {
            return Some((&e.note, &e.attributes, &e.extra));
        }
        if let Some(e) = self
            .events
            .iter()
            .find(|e| e.id == id || e.trigger.id == id)
        {
            return Some((&e.note, &e.attributes, &e.extra));
        }
        let r = self.relations.iter().find(|r| r.id == id)?;
        Some((&r.note, &r.attributes, &r.extra))
    }

    /// The note of an annotation.
    pub fn note_of(&self, id: &str) -> Option<&str> {
        self.extras(id)?.0.as_deref()
    }

    /// Accepts a suggestion: it becomes an ordinary annotation.
    pub fn accept(&mut self, id: &str) {
        if let Some(e) = self.entities.iter_mut().find(|e| e.id == id) {
            e.suggested = None;
        } else if let Some(e) = self
            .events
            .iter_mut()
            .find(|e| e.id == id || e.trigger.id == id)
        {
            e.suggested = None;
        } else if let Some(r) = self.relations.iter_mut().find(|r| r.id == id) {
            r.suggested = None;
        }
    }

    /// How many annotations are suggestions not yet accepted.
    pub fn suggestion_count(&self) -> usize {
        self.entities
            .iter()
            .filter(|e| e.suggested.is_some())
            .count()
            + self.events.iter().filter(|e| e.suggested.is_some()).count()
            + self
                .relations
                .iter()
                .filter(|r| r.suggested.is_some())
                .count()
    }

    /// Sets (or, when empty, clears) the note of an annotation.
    pub fn set_note(&mut self, id: &str, note: &str) {
        if let Some(x) = self.extras_mut(id) {
            *x.note = (!note.is_empty()).then(|| note.to_owned());
        }
    }

    /// The attributes set on an annotation.
    pub fn attributes_of(&self, id: &str) -> Option<&Map<String, Value>> {
        self.extras(id)?.1.as_ref()
    }

    /// Sets an attribute, or clears it with `None`; an emptied set of
    /// attributes disappears from the file.
    pub fn set_attribute(&mut self, id: &str, name: &str, value: Option<Value>) {
        let Some(x) = self.extras_mut(id) else { return };
        let map = x.attributes.get_or_insert_with(Map::new);
        match value {
            Some(v) => {
                map.insert(name.to_owned(), v);
            }
            None => {
                map.remove(name);
            }
        }
        if map.is_empty() {
            *x.attributes = None;
        }
    }
}

mod events;
pub mod ids;
mod retype;
pub mod reviewed;
pub use reviewed::Reviewed;
pub mod span_extras;

#[cfg(test)]
mod tests;
