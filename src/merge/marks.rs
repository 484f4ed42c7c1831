//! The `conflict` mark a merge leaves on an annotation it could not settle:
//! `{"side": "ours"|"theirs", "with": ID|null}`. `with` names the other
//! side's version of the same annotation (kept under its own id), or is
//! `null` when the other side deleted it. A mark is live (and `validate`
//! lists it) until a person settles it: deletes one version (the survivor's
//! mark goes dead with its partner) or accepts it (`y`, which marks it
//! reviewed).

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::annotation::Document;
use crate::annotation::reviewed::REVIEWED;

pub const CONFLICT: &str = "conflict";

/// Which side of a merge a version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// Marks an annotation's optional fields as one version of a conflict. A
/// version in conflict is not reviewed: a person has to look at it again.
pub fn mark(extra: &mut Map<String, Value>, side: Side, with: Option<&str>) {
    extra.insert(CONFLICT.into(), json!({"side": side.name(), "with": with}));
    extra.remove(REVIEWED);
}

/// A conflict mark as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub side: String,
    pub with: Option<String>,
}

fn read(extra: &Map<String, Value>) -> Option<Mark> {
    let mark = extra.get(CONFLICT)?;
    let side = mark.get("side").and_then(Value::as_str).unwrap_or("?");
    let with = mark.get("with").and_then(Value::as_str);
    Some(Mark {
        side: side.to_owned(),
        with: with.map(str::to_owned),
    })
}

/// An annotation whose conflict is not settled yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub id: String,
    pub mark: Mark,
    /// What this version is (`PER "Ahmed" 0..5`), for the message.
    pub shown: String,
}

/// The conflicts of a document that nobody has settled: marked, not
/// reviewed, and the partner version (if the mark names one) still there,
/// marked as this one's partner (an id freed by deleting the partner and
/// given to a new annotation does not bring the conflict back).
pub fn live_conflicts(doc: &Document) -> Vec<Live> {
    let entities = doc.entities.iter().map(|e| (&e.id, &e.extra));
    let events = doc.events.iter().map(|e| (&e.id, &e.extra));
    let relations = doc.relations.iter().map(|r| (&r.id, &r.extra));
    let marked: Vec<(&str, Mark, bool)> = entities
        .chain(events)
        .chain(relations)
        .filter_map(|(id, extra)| Some((id.as_str(), read(extra)?, extra.contains_key(REVIEWED))))
        .collect();
    let partners: HashMap<&str, Option<&str>> = marked
        .iter()
        .map(|(id, mark, _)| (*id, mark.with.as_deref()))
        .collect();
    marked
        .iter()
        .filter(|(id, mark, reviewed)| {
            let partner_there = match mark.with.as_deref() {
                None => true,
                Some(with) => partners.get(with) == Some(&Some(*id)),
            };
            !reviewed && partner_there
        })
        .map(|(id, mark, _)| Live {
            id: (*id).to_owned(),
            mark: mark.clone(),
            shown: shown_of(doc, id).unwrap_or_default(),
        })
        .collect()
}

/// What `validate` says of a live conflict.
pub fn describe(live: &Live, doc: &Document) -> String {
    let side = live.mark.side.as_str();
    let other = if side == Side::Ours.name() {
        "theirs"
    } else {
        "ours"
    };
    match &live.mark.with {
        Some(partner) => {
            let shown = shown_of(doc, partner).unwrap_or_default();
            format!(
                "merge conflict: {side} made it {}, {other} {partner} {shown}; keep one (delete the other) or accept both",
                live.shown
            )
        }
        None => format!(
            "merge conflict: {side} made it {}, {other} deleted it; delete it or accept it",
            live.shown
        ),
    }
}

/// How the annotation `id` is shown in a message.
fn shown_of(doc: &Document, id: &str) -> Option<String> {
    if let Some(e) = doc.entities.iter().find(|e| e.id == id) {
        return Some(format!("{} {:?} {}..{}", e.kind, e.text, e.start, e.end));
    }
    if let Some(ev) = doc.events.iter().find(|e| e.id == id) {
        let t = &ev.trigger;
        let args: Vec<String> = ev
            .arguments
            .iter()
            .map(|a| format!("{}:{}", a.role, a.target))
            .collect();
        let args = args.join(" ");
        return Some(format!(
            "{} {:?} {}..{} [{args}]",
            ev.kind, t.text, t.start, t.end
        ));
    }
    let r = doc.relations.iter().find(|r| r.id == id)?;
    Some(format!("{} {} -> {}", r.kind, r.arg1, r.arg2))
}
