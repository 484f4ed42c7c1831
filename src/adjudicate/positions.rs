//! Positions: the annotators' annotations grouped where their spans
//! overlap (entities with entities, events with events), so that each
//! group is one question for the curator.

use std::collections::HashMap;

use super::{Annotation, Filler};
use crate::annotation::{Document, Entity, Event};

/// Entities and events are adjudicated apart: an entity and a trigger on
/// the same words are not versions of each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    Entities,
    Events,
}

impl Layer {
    /// The word the curated file's `rejected` list uses.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Entities => "entities",
            Layer::Events => "events",
        }
    }
}

/// Overlapping annotations of the team, `start..end` their union.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub layer: Layer,
    pub start: usize,
    pub end: usize,
    /// Index into the team (as given) and the annotation, in team order,
    /// then text order.
    pub members: Vec<(usize, Annotation)>,
}

/// Groups the accepted annotations of `team_docs` (suggestions are left
/// out) by overlap, layer by layer, in text order.
pub fn positions(team_docs: &[(String, Document)]) -> Vec<Position> {
    let docs: Vec<&Document> = team_docs.iter().map(|(_, d)| d).collect();
    positions_of(&docs)
}

/// `positions` of documents borrowed (no copy of a team's files).
pub(super) fn positions_of(docs: &[&Document]) -> Vec<Position> {
    let mut all: Vec<(usize, Annotation)> = Vec::new();
    for (who, doc) in docs.iter().enumerate() {
        all.extend(annotations_of(doc).into_iter().map(|a| (who, a)));
    }
    all.sort_by_key(|(who, a)| (a.layer(), a.span().0, a.span().1, *who));
    let mut out: Vec<Position> = Vec::new();
    for (who, a) in all {
        let (start, end) = a.span();
        match out.last_mut() {
            Some(p) if p.layer == a.layer() && start < p.end => {
                p.end = p.end.max(end);
                p.members.push((who, a));
            }
            _ => out.push(Position {
                layer: a.layer(),
                start,
                end,
                members: vec![(who, a)],
            }),
        }
    }
    for p in &mut out {
        p.members
            .sort_by_key(|(who, a)| (*who, a.span().0, a.span().1));
    }
    out.sort_by_key(|p| (p.start, p.end, p.layer));
    out
}

/// One file's accepted entities and events, each event with its fillers.
pub fn annotations_of(doc: &Document) -> Vec<Annotation> {
    let entities: HashMap<&str, _> = doc.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let events: HashMap<&str, &Event> = doc
        .events
        .iter()
        .flat_map(|e| [(e.id.as_str(), e), (e.trigger.id.as_str(), e)])
        .collect();
    let mut out: Vec<Annotation> = doc
        .entities
        .iter()
        .filter(|e| e.suggested.is_none())
        .map(|e| Annotation::Entity(e.clone()))
        .collect();
    out.extend(
        doc.events
            .iter()
            .filter(|e| e.suggested.is_none())
            .map(|ev| Annotation::Event {
                fillers: (ev.arguments.iter())
                    .map(|a| {
                        filler(&a.target, entities.get(a.target.as_str()).copied(), || {
                            events.get(a.target.as_str()).copied()
                        })
                    })
                    .collect(),
                event: ev.clone(),
            }),
    );
    out
}

/// One event of `doc` as `annotations_of` has it, its fillers looked up
/// alone: for the few events at one position, without the whole file's.
pub fn event_annotation(doc: &Document, ev: &Event) -> Annotation {
    // The last of an id used twice, as `annotations_of`'s tables keep.
    let entity = |t: &str| doc.entities.iter().rev().find(|e| e.id == t);
    let event = |t: &str| (doc.events.iter().rev()).find(|e| e.id == t || e.trigger.id == t);
    Annotation::Event {
        fillers: (ev.arguments.iter())
            .map(|a| filler(&a.target, entity(&a.target), || event(&a.target)))
            .collect(),
        event: ev.clone(),
    }
}

/// What an argument's `target` names: an entity, else an event (asked
/// only then), else nothing the file has.
fn filler<'d>(
    target: &str,
    entity: Option<&'d Entity>,
    event: impl FnOnce() -> Option<&'d Event>,
) -> Filler {
    match (entity, entity.is_none().then(event).flatten()) {
        (Some(e), _) => Filler::Entity(e.clone()),
        (None, Some(ev)) => Filler::Event {
            kind: ev.kind.clone(),
            start: ev.trigger.start,
            end: ev.trigger.end,
        },
        (None, None) => Filler::Missing(target.to_owned()),
    }
}
