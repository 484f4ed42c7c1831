//! Undo and redo. Each change records what it replaced: for a document,
//! only the annotations an edit may touch (those it names and those that
//! point at them) and the document's other fields, never a copy of every
//! annotation — an article with a million of them costs a few hundred bytes
//! per edit, not hundreds of megabytes.

use serde_json::{Map, Value};

use crate::annotation::{Document, Entity, Event, Relation, SourceInfo, Status};

/// A recorded change: applying it to the state it was recorded against
/// puts back what it held, and returns the change that goes forward again.
pub trait Reversible<T>: Sized {
    fn apply(self, to: &mut T) -> Self;
}

#[derive(Debug, Clone)]
pub struct History<C> {
    undo: Vec<C>,
    redo: Vec<C>,
}

impl<C> Default for History<C> {
    fn default() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

impl<C> History<C> {
    /// Records what a change replaced; a new change forgets what was undone.
    pub fn record(&mut self, before: C) {
        self.undo.push(before);
        self.redo.clear();
    }

    /// Steps back. False when there is nothing to undo.
    pub fn undo<T>(&mut self, current: &mut T) -> bool
    where
        C: Reversible<T>,
    {
        match self.undo.pop() {
            Some(before) => {
                self.redo.push(before.apply(current));
                true
            }
            None => false,
        }
    }

    /// Steps forward again after an undo.
    pub fn redo<T>(&mut self, current: &mut T) -> bool
    where
        C: Reversible<T>,
    {
        match self.redo.pop() {
            Some(after) => {
                self.undo.push(after.apply(current));
                true
            }
            None => false,
        }
    }

    /// What the next undo would put back.
    pub fn next_undo(&self) -> Option<&C> {
        self.undo.last()
    }

    /// What the next redo would put back.
    pub fn next_redo(&self) -> Option<&C> {
        self.redo.last()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// How many changes undo can take back (a review decision counts the
    /// edits it made by it).
    pub fn depth(&self) -> usize {
        self.undo.len()
    }
}

/// A document's fields other than its three lists.
#[derive(Debug, Clone, PartialEq)]
struct Head {
    format: String,
    version: u64,
    source: SourceInfo,
    annotator: Option<String>,
    status: Status,
    note: String,
    extra: Map<String, Value>,
}

impl Head {
    fn of(d: &Document) -> Self {
        Head {
            format: d.format.clone(),
            version: d.version,
            source: d.source.clone(),
            annotator: d.annotator.clone(),
            status: d.status,
            note: d.note.clone(),
            extra: d.extra.clone(),
        }
    }

    /// Puts this head in `d` and returns the one it replaced.
    fn swap_into(mut self, d: &mut Document) -> Self {
        std::mem::swap(&mut self.format, &mut d.format);
        std::mem::swap(&mut self.version, &mut d.version);
        std::mem::swap(&mut self.source, &mut d.source);
        std::mem::swap(&mut self.annotator, &mut d.annotator);
        std::mem::swap(&mut self.status, &mut d.status);
        std::mem::swap(&mut self.note, &mut d.note);
        std::mem::swap(&mut self.extra, &mut d.extra);
        self
    }
}

/// The part of a document an edit may change, as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct DocChange {
    /// The ids the edit names: annotations pointing at one are in scope.
    named: Vec<String>,
    /// The ids of the annotations in scope (the named ones among them), so
    /// that what pointed at a named one before the edit is still in scope
    /// after it.
    own: Vec<String>,
    /// `None` when the edit left the fields other than the lists alone.
    head: Option<Head>,
    entities: Vec<Entity>,
    events: Vec<Event>,
    relations: Vec<Relation>,
}

impl DocChange {
    /// What an edit of the annotations `ids` (and of the document's own
    /// fields) may change, taken before it. The ids the next additions
    /// would get are in scope too, and so is a trigger's event with it.
    pub fn before(doc: &Document, ids: &[&str]) -> Self {
        let mut named: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
        named.extend(['T', 'E', 'R'].map(|p| doc.next_id(p)));
        // An event and its trigger stand for each other.
        let pairs = doc.events.iter().map(|e| (&e.id, &e.trigger.id));
        let partners: Vec<String> = pairs
            .filter_map(|(ev, tr)| match (named.contains(ev), named.contains(tr)) {
                (true, false) => Some(tr.clone()),
                (false, true) => Some(ev.clone()),
                _ => None,
            })
            .collect();
        named.extend(partners);
        let mut change = Self {
            own: named.clone(),
            named,
            head: Some(Head::of(doc)),
            entities: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
        };
        // Until no annotation outside the scope shares an id with one in it
        // (a trigger's event, or an id used twice in a hand-made file).
        loop {
            change.copy_scope_of(doc);
            let found: Vec<&String> = (change.entities.iter().map(|e| &e.id))
                .chain(change.events.iter().flat_map(|e| [&e.id, &e.trigger.id]))
                .chain(change.relations.iter().map(|r| &r.id))
                .filter(|id| !change.own.contains(id))
                .collect();
            if found.is_empty() {
                return change;
            }
            let found: Vec<String> = found.into_iter().cloned().collect();
            change.own.extend(found);
        }
    }

    /// What `doc` holds of the annotations this change recorded (its own
    /// fields aside), for comparing the two sides of an edit.
    pub(crate) fn same_scope_in(&self, doc: &Document) -> Self {
        let mut now = Self {
            named: self.named.clone(),
            own: self.own.clone(),
            head: None,
            entities: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
        };
        now.copy_scope_of(doc);
        now
    }

    /// Whether `doc` still holds exactly what this change recorded (the
    /// edit changed nothing).
    pub fn unchanged_in(&self, doc: &Document) -> bool {
        let now = self.same_scope_in(doc);
        self.head.as_ref().is_none_or(|h| head_equals(h, doc))
            && (&now.entities, &now.events, &now.relations)
                == (&self.entities, &self.events, &self.relations)
    }

    /// Drops the copy of the document's own fields when the edit left them
    /// as they were (a long article note is not kept once per edit).
    pub fn trim(mut self, doc: &Document) -> Self {
        if self.head.as_ref().is_some_and(|h| head_equals(h, doc)) {
            self.head = None;
        }
        self
    }

    fn owns(&self, id: &str) -> bool {
        self.own.iter().any(|s| s == id)
    }

    fn names(&self, id: &str) -> bool {
        self.named.iter().any(|s| s == id)
    }

    fn entity_in_scope(&self, e: &Entity) -> bool {
        self.owns(&e.id)
    }

    fn event_in_scope(&self, e: &Event) -> bool {
        self.owns(&e.id)
            || self.owns(&e.trigger.id)
            || e.arguments.iter().any(|a| self.names(&a.target))
    }

    fn relation_in_scope(&self, r: &Relation) -> bool {
        self.owns(&r.id) || self.names(&r.arg1) || self.names(&r.arg2)
    }

    fn copy_scope_of(&mut self, doc: &Document) {
        self.entities = doc
            .entities
            .iter()
            .filter(|e| self.entity_in_scope(e))
            .cloned()
            .collect();
        self.events = doc
            .events
            .iter()
            .filter(|e| self.event_in_scope(e))
            .cloned()
            .collect();
        self.relations = doc
            .relations
            .iter()
            .filter(|r| self.relation_in_scope(r))
            .cloned()
            .collect();
    }
}

fn head_equals(h: &Head, d: &Document) -> bool {
    h.format == d.format
        && h.version == d.version
        && h.source == d.source
        && h.annotator == d.annotator
        && h.status == d.status
        && h.note == d.note
        && h.extra == d.extra
}

impl Reversible<Document> for DocChange {
    fn apply(self, doc: &mut Document) -> Self {
        // In place: a million annotations are not moved to a new list.
        let entities = doc
            .entities
            .extract_if(.., |e| self.entity_in_scope(e))
            .collect();
        let events = doc
            .events
            .extract_if(.., |e| self.event_in_scope(e))
            .collect();
        let relations = doc
            .relations
            .extract_if(.., |r| self.relation_in_scope(r))
            .collect();
        doc.entities.extend(self.entities);
        doc.events.extend(self.events);
        doc.relations.extend(self.relations);
        doc.normalize();
        let head = self.head.map(|h| h.swap_into(doc));
        Self {
            named: self.named,
            own: self.own,
            head,
            entities,
            events,
            relations,
        }
    }
}

mod describe;

#[cfg(test)]
mod tests;
