//! STAND-IN for branch `i13-adjudicate`'s core, until it is merged: only
//! what the terminal's adjudication queue uses, in the agreed shape.

use std::path::PathBuf;

use crate::annotation::{Document, Entity, Event};

/// One annotator's annotation at a position.
#[derive(Debug, Clone, PartialEq)]
pub enum Annotation {
    Entity(Entity),
    /// The event with the entities its arguments point at.
    Event(Event, Vec<Entity>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub annotator: String,
    pub annotation: Annotation,
}

/// A position where the annotators' versions differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub source: PathBuf,
    pub curated: PathBuf,
    pub start: usize,
    pub end: usize,
    /// In annotator-name order.
    pub versions: Vec<Version>,
}

#[derive(Debug, thiserror::Error)]
pub enum AdjudicateError {
    #[error("nothing to take")]
    Nothing,
}

/// Puts `version` into the curated document under a new id.
pub fn take(curated: &mut Document, version: &Version) -> Result<String, AdjudicateError> {
    let Annotation::Entity(e) = &version.annotation else {
        return Err(AdjudicateError::Nothing);
    };
    let mut e = e.clone();
    e.id = curated.next_id('T');
    e.extra.insert(
        "provenance".into(),
        serde_json::json!({"annotators": [version.annotator]}),
    );
    let id = e.id.clone();
    curated.entities.push(e);
    Ok(id)
}

/// Whether the curated document already decides `d`'s position.
pub fn settled(curated: &Document, d: &Disagreement) -> bool {
    let overlaps = |s: usize, e: usize| s < d.end && d.start < e;
    rejected(curated).contains(&(d.start, d.end))
        || curated.entities.iter().any(|e| overlaps(e.start, e.end))
        || curated
            .events
            .iter()
            .any(|e| overlaps(e.trigger.start, e.trigger.end))
}

/// The top-level optional field listing the positions settled with
/// nothing taken (`x` in the queue): `[{"start": 29, "end": 38}]`.
pub const SETTLED_FIELD: &str = "settled";

/// Settles `d`'s position with nothing added: recorded in the curated
/// document so that the position is not queued again.
pub fn reject(curated: &mut Document, d: &Disagreement) {
    if rejected(curated).contains(&(d.start, d.end)) {
        return;
    }
    let list = curated
        .extra
        .entry(SETTLED_FIELD)
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    if !list.is_array() {
        *list = serde_json::Value::Array(Vec::new());
    }
    if let Some(list) = list.as_array_mut() {
        list.push(serde_json::json!({"start": d.start, "end": d.end}));
    }
}

/// The positions settled with nothing taken.
pub fn rejected(curated: &Document) -> Vec<(usize, usize)> {
    let Some(list) = curated.extra.get(SETTLED_FIELD).and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    let at = |v: &serde_json::Value, k: &str| v.get(k).and_then(|n| n.as_u64()).map(|n| n as usize);
    list.iter()
        .filter_map(|v| Some((at(v, "start")?, at(v, "end")?)))
        .collect()
}

/// STAND-IN: the article's status becomes `curated` (the status comes
/// with branch i13-adjudicate).
pub fn mark_curated(doc: &mut Document) {
    let _ = doc;
}
