//! The curator's decisions on a disagreement: take one annotator's
//! version into the curated document, or reject them all; and whether a
//! disagreement is decided already.

use serde_json::{Map, Value, json};

use super::key::key_of;
use super::positions::{Layer, event_annotation};
use super::{
    AdjudicateError, Annotation, Disagreement, Filler, PROVENANCE, REJECTED, Version, provenance,
};
use crate::annotation::{Argument, Document, Entity, Event, Trigger};

/// Puts `version` into `curated`: new ids, arguments pointed at the
/// curated file's own entities (added when it has none of that span and
/// type), and the provenance of who had it. Returns the id it has there
/// (the existing one when the curated file has the same annotation
/// already). Nothing changes on an error.
pub fn take(curated: &mut Document, version: &Version) -> Result<String, AdjudicateError> {
    let want = key_of(&version.annotation);
    if let Some(id) = same_in(curated, &want) {
        return Ok(id);
    }
    let provenance = provenance(&version.shared_by);
    match &version.annotation {
        Annotation::Entity(e) => Ok(add_entity(curated, e, &provenance)),
        Annotation::Event { event, fillers } => {
            let plan = plan_arguments(curated, version, event, fillers)?;
            let mut arguments = Vec::new();
            for (arg, planned) in event.arguments.iter().zip(plan) {
                let target = match planned {
                    Planned::Existing(id) => id,
                    Planned::Add(e) => add_entity(curated, &e, &provenance),
                };
                arguments.push(Argument {
                    role: arg.role.clone(),
                    target,
                    extra: Map::new(),
                });
            }
            let trigger_id = curated.next_id('T');
            let id = curated.next_id('E');
            curated.events.push(Event {
                id: id.clone(),
                kind: event.kind.clone(),
                trigger: Trigger {
                    id: trigger_id,
                    start: event.trigger.start,
                    end: event.trigger.end,
                    text: event.trigger.text.clone(),
                    extra: Map::new(),
                },
                arguments,
                note: event.note.clone(),
                attributes: event.attributes.clone(),
                suggested: None,
                extra: with_provenance(&provenance),
            });
            curated.normalize();
            Ok(id)
        }
    }
}

/// Settles `d` with nothing added: the position is recorded in the
/// curated file's `rejected` list, so that it is not queued again.
pub fn reject(curated: &mut Document, d: &Disagreement) {
    reject_at(curated, d.layer, d.start, d.end);
}

/// Removes annotation `id` (and the links to it) from a curated file. One
/// that adjudication put there (it has a provenance) leaves its position
/// in `rejected`: the curator decided against it, and a re-run must not
/// merge it again.
pub fn remove(curated: &mut Document, id: &str) {
    let merged = |extra: &Map<String, Value>| extra.contains_key(PROVENANCE);
    let entity = curated
        .entities
        .iter()
        .find(|e| e.id == id && merged(&e.extra));
    let event = curated
        .events
        .iter()
        .find(|e| (e.id == id || e.trigger.id == id) && merged(&e.extra));
    let at = match (entity, event) {
        (Some(e), _) => Some((Layer::Entities, e.start, e.end)),
        (None, Some(e)) => Some((Layer::Events, e.trigger.start, e.trigger.end)),
        (None, None) => None,
    };
    if let Some((layer, start, end)) = at {
        reject_at(curated, layer, start, end);
    }
    curated.remove_annotation(id);
}

/// Records a position of `layer` in the curated file's `rejected` list.
fn reject_at(curated: &mut Document, layer: Layer, start: usize, end: usize) {
    let record = json!({ "layer": layer.name(), "start": start, "end": end });
    let list = curated
        .extra
        .entry(REJECTED)
        .or_insert_with(|| Value::Array(Vec::new()));
    match list {
        Value::Array(items) => {
            if !items.contains(&record) {
                items.push(record);
            }
        }
        // Not gloss's shape: kept, beside the new record.
        other => *other = Value::Array(vec![other.take(), record]),
    }
}

/// Whether the curator has decided `d` already: the curated file has an
/// annotation of its layer there that the strategy did not merge (taken,
/// or the curator's own), or the position was rejected.
pub fn settled(curated: &Document, d: &Disagreement) -> bool {
    let overlaps = |s: usize, e: usize| s < d.end && d.start < e || (s == d.start && e == d.end);
    let decided = match d.layer {
        Layer::Entities => curated.entities.iter().any(|e| {
            overlaps(e.start, e.end)
                && (d.agreed.is_empty()
                    || !d.agreed.contains(&key_of(&Annotation::Entity(e.clone()))))
        }),
        // Only the events here have their fillers looked up.
        Layer::Events => curated
            .events
            .iter()
            .filter(|e| e.suggested.is_none() && overlaps(e.trigger.start, e.trigger.end))
            .any(|e| !d.agreed.contains(&key_of(&event_annotation(curated, e)))),
    };
    decided || rejected(curated).any(|(layer, s, e)| layer == d.layer.name() && overlaps(s, e))
}

/// The positions of the `rejected` list: layer, start, end.
fn rejected(curated: &Document) -> impl Iterator<Item = (&str, usize, usize)> {
    let items = curated.extra.get(REJECTED).and_then(Value::as_array);
    items.into_iter().flatten().filter_map(|r| {
        let n = |k: &str| {
            r.get(k)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
        };
        Some((r.get("layer")?.as_str()?, n("start")?, n("end")?))
    })
}

/// The id of the curated annotation with this key, if there is one. Only
/// those of the same span are compared (a re-run asks this of every
/// agreed annotation).
fn same_in(curated: &Document, want: &super::Key) -> Option<String> {
    let at = |s: usize, e: usize| (s, e) == (want.start, want.end);
    if !want.event {
        return curated
            .entities
            .iter()
            .filter(|e| at(e.start, e.end))
            .find(|e| key_of(&Annotation::Entity((*e).clone())) == *want)
            .map(|e| e.id.clone());
    }
    curated
        .events
        .iter()
        .filter(|e| e.suggested.is_none() && at(e.trigger.start, e.trigger.end))
        .find(|e| key_of(&event_annotation(curated, e)) == *want)
        .map(|e| e.id.clone())
}

/// An annotation's `extra` holding only its provenance.
pub(super) fn with_provenance(provenance: &Value) -> Map<String, Value> {
    let mut extra = Map::new();
    extra.insert(PROVENANCE.to_owned(), provenance.clone());
    extra
}

/// A copy of `e` under a new id. The annotator's own markers (`extra`)
/// stay in their file: the curated one records only where it came from.
fn add_entity(curated: &mut Document, e: &Entity, provenance: &Value) -> String {
    let id = curated.next_id('T');
    curated.entities.push(Entity {
        id: id.clone(),
        kind: e.kind.clone(),
        start: e.start,
        end: e.end,
        text: e.text.clone(),
        note: e.note.clone(),
        attributes: e.attributes.clone(),
        suggested: None,
        extra: with_provenance(provenance),
    });
    curated.normalize();
    id
}

enum Planned {
    Existing(String),
    Add(Entity),
}

/// Where each argument of `event` will point in the curated file; an
/// error before anything is changed when one cannot be resolved.
fn plan_arguments(
    curated: &Document,
    version: &Version,
    event: &Event,
    fillers: &[Filler],
) -> Result<Vec<Planned>, AdjudicateError> {
    let mut plan = Vec::new();
    for (arg, filler) in event.arguments.iter().zip(fillers) {
        plan.push(match filler {
            Filler::Entity(e) => curated
                .entities
                .iter()
                .find(|c| (c.start, c.end, c.kind.as_str()) == (e.start, e.end, e.kind.as_str()))
                .map_or_else(
                    || Planned::Add(e.clone()),
                    |c| Planned::Existing(c.id.clone()),
                ),
            Filler::Event { kind, start, end } => curated
                .events
                .iter()
                .find(|c| (c.trigger.start, c.trigger.end, &c.kind) == (*start, *end, kind))
                .map(|c| Planned::Existing(c.id.clone()))
                .ok_or_else(|| AdjudicateError::EventFillerMissing {
                    role: arg.role.clone(),
                    kind: kind.clone(),
                    start: *start,
                    end: *end,
                })?,
            Filler::Missing(target) => {
                return Err(AdjudicateError::FillerMissing {
                    role: arg.role.clone(),
                    target: target.clone(),
                    annotator: version.annotator.clone(),
                });
            }
        });
    }
    Ok(plan)
}
