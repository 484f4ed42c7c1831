//! Adjudication in the terminal: the review queue on the annotators'
//! disagreements (`gloss adjudicate`). Each item holds every annotator's
//! version; a digit takes one into the curated file, `x` settles the
//! position with nothing added. The curated file is the article's
//! document with no annotator, so a decision is an ordinary edit of it
//! (undo, autosave) and the queue's own skip, undo and rate apply.

mod decide;
pub mod split;

use std::collections::HashMap;
use std::path::Path;

use crate::adjudicate::{Annotation, Disagreement, Filler, Version};
use crate::config::KeyTable;
use crate::corpus::Entry;
use crate::tui::app::App;
use crate::tui::review::{Item, ItemKind, Session};

/// What the queue's title says it holds.
pub const WHAT: &str = "disagreements between annotators";

/// The queue of `disagreements`, in the order given; those whose article
/// is not among `entries` are left out and counted.
pub fn session_of(entries: &[Entry], disagreements: Vec<Disagreement>) -> (Session, usize) {
    // Indexed once: a scan of `entries` per disagreement was quadratic on
    // large corpora. Each map keeps the first entry; the smaller of the two
    // hits is the first entry matching either, as a scan would find.
    let mut by_path: HashMap<&Path, usize> = HashMap::new();
    let mut by_sidecar: HashMap<&Path, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_path.entry(&e.path).or_insert(i);
        by_sidecar.entry(&e.sidecar).or_insert(i);
    }
    let mut session = Session::new(WHAT);
    let mut items = Vec::new();
    let mut missing = 0;
    for d in disagreements {
        let hits = [
            by_path.get(d.source.as_path()),
            by_sidecar.get(d.curated.as_path()),
        ];
        let Some(&entry) = hits.into_iter().flatten().min() else {
            missing += 1;
            continue;
        };
        items.push(item_of(entry, &d));
        session.disagreements.insert(items.len() - 1, d);
    }
    session.extend(items);
    (session, missing)
}

fn item_of(entry: usize, d: &Disagreement) -> Item {
    let mut types: Vec<&str> = Vec::new();
    for v in &d.versions {
        let t = Shape::of(v).kind;
        if !types.contains(&t) {
            types.push(t);
        }
    }
    Item {
        entry,
        source: d.source.clone(),
        sidecar: d.curated.clone(),
        kind: ItemKind::Disagreement,
        id: String::new(),
        type_: types.join("/"),
        start: d.start,
        end: d.end,
        text: d
            .versions
            .first()
            .map(|v| Shape::of(v).text.to_owned())
            .unwrap_or_default(),
        problem: None,
        conflict_only: false,
    }
}

/// A version as the queue shows it: type, span, text, and an event's
/// arguments as (role, filler's text).
pub struct Shape<'a> {
    pub kind: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub arguments: Vec<(&'a str, &'a str)>,
}

impl<'a> Shape<'a> {
    pub fn of(v: &'a Version) -> Self {
        match &v.annotation {
            Annotation::Entity(e) => Shape {
                kind: &e.kind,
                start: e.start,
                end: e.end,
                text: &e.text,
                arguments: Vec::new(),
            },
            Annotation::Event { event, fillers } => Shape {
                kind: &event.kind,
                start: event.trigger.start,
                end: event.trigger.end,
                text: &event.trigger.text,
                // `fillers` goes with `arguments`, one for one.
                arguments: event
                    .arguments
                    .iter()
                    .zip(fillers)
                    .map(|(a, f)| {
                        let filler = match f {
                            Filler::Entity(e) => e.text.as_str(),
                            Filler::Event { kind, .. } => kind.as_str(),
                            Filler::Missing(id) => id.as_str(),
                        };
                        (a.role.as_str(), filler)
                    })
                    .collect(),
            },
        }
    }
}

/// Whether the queue's current item is a disagreement (or, past the
/// end, whether the queue is one of disagreements).
pub fn on_disagreement(app: &App) -> bool {
    let Some(s) = &app.review else {
        return false;
    };
    match s.current() {
        Some((_, item)) => item.kind == ItemKind::Disagreement,
        None => !s.disagreements.is_empty(),
    }
}

/// The keys on a disagreement, in a line: `1–9 take · y first · x none · …`.
pub fn keys_line(app: &App) -> String {
    let key = |action: &str| app.mode_key(KeyTable::Review, action);
    let digits = format!("{}–{}", key("take-1"), key("take-9"));
    let parts = [
        format!("{digits} take that version"),
        format!("{} the first", key("accept")),
        format!("{} none", key("reject")),
        format!("{} skip", key("skip")),
        format!("{} undo", key("undo")),
        format!("{}/{} take and fix", key("retype"), key("edit-span")),
        format!("{} open", key("open")),
        format!("{} leave", key("leave")),
    ];
    parts.join(" · ")
}

#[cfg(test)]
mod tests;
