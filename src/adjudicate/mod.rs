//! Adjudication: the annotators' files of one article merged into its
//! curated file (`NAME.txt.ann.json`), what a strategy agrees on at once,
//! the rest queued as disagreements for a curator to settle one by one.
//!
//! Annotations are grouped into positions (overlapping spans, entities and
//! event triggers apart); two annotators agree on an annotation when its
//! span, type and attributes are the same (for events also the arguments,
//! their roles and their fillers' spans and types). Suggestions not yet
//! accepted are nobody's annotation and are left out. Relations the
//! strategy agrees on are merged too (`relations.rs`), but not queued.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Map, Value, json};

use crate::annotation::{Document, Entity, Event, SourceInfo, Status};

mod key;
mod positions;
mod relations;
mod take;

pub use key::{Key, key_of};
pub use positions::{Layer, Position, positions};
pub use take::{reject, remove, settled, take};

/// The optional field on a merged or taken annotation naming the
/// annotators who had it: `"provenance": {"annotators": ["ana", "ben"]}`.
pub const PROVENANCE: &str = "provenance";
/// The optional top-level list of the curated file recording positions
/// the curator settled with nothing added (`x`):
/// `"rejected": [{"layer": "entities", "start": 4, "end": 9}]`.
pub const REJECTED: &str = "rejected";

/// What is merged at once, before the curator sees anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// What every annotator of the article has.
    #[default]
    All,
    /// What more than half of the article's annotator files have.
    Majority,
    /// Nothing: every position is queued, agreed or not.
    None,
}

/// An entity, or an event with what its arguments point at, as one
/// annotator's file has it.
#[derive(Debug, Clone, PartialEq)]
pub enum Annotation {
    Entity(Entity),
    Event {
        event: Event,
        /// One per argument, in the same order: what its `ref` names.
        fillers: Vec<Filler>,
    },
}

/// What an event's argument points at, copied out of the annotator's file
/// so that it can be recreated (or found) in the curated one.
#[derive(Debug, Clone, PartialEq)]
pub enum Filler {
    Entity(Entity),
    /// Another event: found in the curated file by type and trigger span.
    Event {
        kind: String,
        start: usize,
        end: usize,
    },
    /// A `ref` the annotator's file does not resolve (validate says so).
    Missing(String),
}

impl Annotation {
    pub fn kind(&self) -> &str {
        match self {
            Annotation::Entity(e) => &e.kind,
            Annotation::Event { event, .. } => &event.kind,
        }
    }

    /// The text span: the entity's, or the event's trigger's.
    pub fn span(&self) -> (usize, usize) {
        match self {
            Annotation::Entity(e) => (e.start, e.end),
            Annotation::Event { event, .. } => (event.trigger.start, event.trigger.end),
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Annotation::Entity(e) => &e.text,
            Annotation::Event { event, .. } => &event.trigger.text,
        }
    }

    pub fn attributes(&self) -> Option<&Map<String, Value>> {
        match self {
            Annotation::Entity(e) => e.attributes.as_ref(),
            Annotation::Event { event, .. } => event.attributes.as_ref(),
        }
    }

    pub fn layer(&self) -> Layer {
        match self {
            Annotation::Entity(_) => Layer::Entities,
            Annotation::Event { .. } => Layer::Events,
        }
    }
}

/// One annotator's annotation at a disagreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub annotator: String,
    pub annotation: Annotation,
    /// Every annotator whose file has this same annotation here (this one
    /// included), in name order: the provenance it gets when taken.
    pub shared_by: Vec<String>,
}

/// A position where the annotators' versions differ (or, with strategy
/// `none`, any position).
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub source: PathBuf,
    pub curated: PathBuf,
    pub layer: Layer,
    /// The position: the union of the overlapping spans (code points).
    pub start: usize,
    pub end: usize,
    /// In annotator-name order; an annotator with nothing here is absent.
    pub versions: Vec<Version>,
    /// Every annotator of the article, in name order (those absent from
    /// `versions` had nothing here).
    pub annotators: Vec<String>,
    /// What the strategy merged here: those annotations in the curated
    /// file do not settle the position (the rest is still to decide).
    pub agreed: Vec<Key>,
}

/// Where an article's adjudication reads and writes.
#[derive(Debug, Clone)]
pub struct Target {
    pub source: PathBuf,
    pub curated: PathBuf,
    /// The source as it is now: the curated file is stamped with it.
    pub info: SourceInfo,
}

/// The curated document after `merge`, and what is left to decide.
#[derive(Debug, Clone)]
pub struct Merged {
    pub curated: Document,
    /// How many annotations were merged now (not counting what the curated
    /// file already had).
    pub merged: usize,
    pub disagreements: Vec<Disagreement>,
}

/// Why a version could not be taken into the curated file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjudicateError {
    #[error(
        "argument {role} points at a {kind} event at {start}..{end} that the curated file does not have yet; take that event first"
    )]
    EventFillerMissing {
        role: String,
        kind: String,
        start: usize,
        end: usize,
    },
    #[error("argument {role} points at {target}, which {annotator}'s file does not have")]
    FillerMissing {
        role: String,
        target: String,
        annotator: String,
    },
}

/// Merges the annotators' documents (`team_docs`: name and document, any
/// order) into the curated document (`curated`, or a new one), annotator
/// null and status `curation_in_progress` (`curated` when nothing is left
/// to decide). What the curated file already has stays, and positions it
/// already covers are neither merged again nor queued.
pub fn merge(
    strategy: Strategy,
    team_docs: &[(String, Document)],
    curated: Option<Document>,
    target: &Target,
) -> Merged {
    let mut team: Vec<&(String, Document)> = team_docs.iter().collect();
    team.sort_by(|a, b| a.0.cmp(&b.0));
    let names: Vec<String> = team.iter().map(|(n, _)| n.clone()).collect();
    let docs: Vec<&Document> = team.iter().map(|(_, d)| d).collect();
    let mut doc = curated.unwrap_or_else(|| Document::new(target.info.clone(), None));
    doc.annotator = None;
    let needed = match strategy {
        Strategy::All => names.len(),
        Strategy::Majority => names.len() / 2 + 1,
        Strategy::None => usize::MAX,
    };
    // Decided is what the curator decided before this merge, not what
    // it adds (an agreed event's fillers must not settle their position).
    let before = doc.clone();
    let mut merged = 0;
    let mut disagreements = Vec::new();
    for position in positions::positions_of(&docs) {
        let (agreed, rest) = split_agreed(disagreement_at(position, &names, target), needed);
        // The curator decided this position already: it stays as it is.
        if settled(&before, &rest) {
            continue;
        }
        for version in &agreed {
            let had = doc.annotation_count();
            if take(&mut doc, version).is_ok() && doc.annotation_count() > had {
                merged += 1;
            }
        }
        if !rest.versions.is_empty() {
            disagreements.push(rest);
        }
    }
    if needed <= names.len() {
        let named: Vec<(&str, &Document)> = names.iter().map(String::as_str).zip(docs).collect();
        merged += relations::merge_relations(&named, needed, &mut doc);
    }
    doc.status = if disagreements.is_empty() {
        Status::Curated
    } else {
        Status::CurationInProgress
    };
    doc.normalize();
    Merged {
        curated: doc,
        merged,
        disagreements,
    }
}

/// The status the curated file should have once `disagreements` (all of
/// its article's) are as `curated` says: `curated` when all are settled.
pub fn status_after(curated: &Document, disagreements: &[Disagreement]) -> Status {
    if disagreements.iter().all(|d| settled(curated, d)) {
        Status::Curated
    } else {
        Status::CurationInProgress
    }
}

fn disagreement_at(position: Position, names: &[String], target: &Target) -> Disagreement {
    let keys: Vec<Key> = position.members.iter().map(|(_, a)| key_of(a)).collect();
    let mut holders: BTreeMap<&Key, Vec<String>> = BTreeMap::new();
    for ((who, _), key) in position.members.iter().zip(&keys) {
        let list = holders.entry(key).or_default();
        if !list.contains(&names[*who]) {
            list.push(names[*who].clone());
        }
    }
    let versions = position
        .members
        .into_iter()
        .zip(&keys)
        .map(|((who, annotation), key)| Version {
            annotator: names[who].clone(),
            annotation,
            shared_by: holders[key].clone(),
        })
        .collect();
    Disagreement {
        source: target.source.clone(),
        curated: target.curated.clone(),
        layer: position.layer,
        start: position.start,
        end: position.end,
        versions,
        annotators: names.to_vec(),
        agreed: Vec::new(),
    }
}

/// Splits a position's versions into those held by at least `needed`
/// annotators (one of each, to merge) and the disagreement left over: the
/// others (nothing when every version is agreed), which knows what was
/// agreed.
fn split_agreed(mut d: Disagreement, needed: usize) -> (Vec<Version>, Disagreement) {
    let mut agreed: Vec<Version> = Vec::new();
    let (held, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut d.versions)
        .into_iter()
        .partition(|v| v.shared_by.len() >= needed);
    for v in held {
        if !agreed
            .iter()
            .any(|a| a.shared_by == v.shared_by && key_of(&a.annotation) == key_of(&v.annotation))
        {
            agreed.push(v);
        }
    }
    d.versions = rest;
    d.agreed = agreed.iter().map(|v| key_of(&v.annotation)).collect();
    (agreed, d)
}

/// The provenance field's value for these annotators.
pub fn provenance(annotators: &[String]) -> Value {
    json!({ "annotators": annotators })
}

/// The annotators an annotation's provenance names (empty without one).
pub fn provenance_of(extra: &Map<String, Value>) -> Vec<String> {
    extra
        .get(PROVENANCE)
        .and_then(|p| p.get("annotators"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
