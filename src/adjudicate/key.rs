//! When two annotators' annotations are the same one: span, type and
//! attributes, and for an event its arguments (role, and the filler's span
//! and type). Ids, notes and text do not count: ids are per file, notes
//! are personal, and the text follows from the span.

use std::collections::BTreeMap;

use super::{Annotation, Filler};

/// What makes an annotation the same as another's, comparable and ordered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub event: bool,
    pub start: usize,
    pub end: usize,
    pub kind: String,
    /// Attribute name to its value as JSON, in name order.
    pub attributes: BTreeMap<String, String>,
    /// Role and filler, sorted: the order arguments are listed in does
    /// not matter.
    pub arguments: Vec<(String, FillerKey)>,
}

/// An argument's filler by what it is, not by its id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FillerKey {
    Entity {
        start: usize,
        end: usize,
        kind: String,
    },
    Event {
        start: usize,
        end: usize,
        kind: String,
    },
    Missing(String),
}

/// The key of an annotation.
pub fn key_of(a: &Annotation) -> Key {
    let (start, end) = a.span();
    let attributes = a
        .attributes()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.to_string())).collect())
        .unwrap_or_default();
    let arguments = match a {
        Annotation::Entity(_) => Vec::new(),
        Annotation::Event { event, fillers } => {
            let mut args: Vec<_> = event
                .arguments
                .iter()
                .zip(fillers)
                .map(|(arg, f)| (arg.role.clone(), filler_key(f)))
                .collect();
            args.sort();
            args
        }
    };
    Key {
        event: matches!(a, Annotation::Event { .. }),
        start,
        end,
        kind: a.kind().to_owned(),
        attributes,
        arguments,
    }
}

fn filler_key(f: &Filler) -> FillerKey {
    match f {
        Filler::Entity(e) => FillerKey::Entity {
            start: e.start,
            end: e.end,
            kind: e.kind.clone(),
        },
        Filler::Event { kind, start, end } => FillerKey::Event {
            start: *start,
            end: *end,
            kind: kind.clone(),
        },
        Filler::Missing(id) => FillerKey::Missing(id.clone()),
    }
}
