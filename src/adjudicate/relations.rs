//! Relations the strategy agrees on: the same type between ends of the
//! same span and type. They are merged once both ends are in the curated
//! file; the queue does not ask about relations (a curator adds or fixes
//! them in the curated view).

use std::collections::BTreeMap;

use super::provenance;
use super::take::with_provenance;
use crate::annotation::{Document, Relation};

/// An end of a relation by what it is: event or not, span, type.
type End = (bool, usize, usize, String);

/// What makes two annotators' relations the same one.
type RelationKey = (String, End, End);

fn end_of(doc: &Document, id: &str) -> Option<End> {
    if let Some(e) = doc.entities.iter().find(|e| e.id == id) {
        return Some((false, e.start, e.end, e.kind.clone()));
    }
    let ev = doc
        .events
        .iter()
        .find(|e| e.id == id || e.trigger.id == id)?;
    Some((true, ev.trigger.start, ev.trigger.end, ev.kind.clone()))
}

fn id_in(doc: &Document, end: &End) -> Option<String> {
    let (event, start, stop, kind) = end;
    if *event {
        doc.events
            .iter()
            .find(|e| (e.trigger.start, e.trigger.end, &e.kind) == (*start, *stop, kind))
            .map(|e| e.id.clone())
    } else {
        doc.entities
            .iter()
            .find(|e| (e.start, e.end, &e.kind) == (*start, *stop, kind))
            .map(|e| e.id.clone())
    }
}

/// Adds to `curated` the accepted relations at least `needed` of `team`
/// (name order) have, whose ends the curated file has; returns how many.
pub(super) fn merge_relations(
    team: &[(&str, &Document)],
    needed: usize,
    curated: &mut Document,
) -> usize {
    let mut holders: BTreeMap<RelationKey, Vec<String>> = BTreeMap::new();
    for (who, doc) in team {
        for r in doc.relations.iter().filter(|r| r.suggested.is_none()) {
            let (Some(a), Some(b)) = (end_of(doc, &r.arg1), end_of(doc, &r.arg2)) else {
                continue;
            };
            let list = holders.entry((r.kind.clone(), a, b)).or_default();
            if !list.iter().any(|n| n == who) {
                list.push((*who).to_owned());
            }
        }
    }
    let mut added = 0;
    for ((kind, a, b), who) in holders {
        if who.len() < needed {
            continue;
        }
        let (Some(arg1), Some(arg2)) = (id_in(curated, &a), id_in(curated, &b)) else {
            continue;
        };
        let exists = curated
            .relations
            .iter()
            .any(|r| r.kind == kind && r.arg1 == arg1 && r.arg2 == arg2);
        if exists {
            continue;
        }
        curated.relations.push(Relation {
            id: curated.next_id('R'),
            kind,
            arg1,
            arg2,
            note: None,
            attributes: None,
            suggested: None,
            extra: with_provenance(&provenance(&who)),
        });
        added += 1;
    }
    added
}
