//! Ids for a merge: fresh ones past every id any of the three versions
//! used, and theirs' additions renumbered where ours added something else
//! under the same id (both added a `T4`), with every reference to them.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::annotation::Document;
use crate::annotation::ids::{larger, plus_one, series_number};

/// The series an id belongs to (`T`, `E`, `R`), or `fallback` for an id
/// that is not a letter and digits.
pub(super) fn series_of(id: &str, fallback: char) -> char {
    match id.chars().next() {
        Some(c) if series_number(id, c).is_some() => c,
        _ => fallback,
    }
}

/// Hands out ids that none of the versions used, so that a renumbered
/// annotation never takes an id someone deleted (a reference to it from
/// elsewhere would find the wrong annotation).
pub(super) struct FreshIds {
    highest: HashMap<char, String>,
}

impl FreshIds {
    pub(super) fn over(docs: &[&Document]) -> Self {
        let mut highest: HashMap<char, String> = HashMap::new();
        for id in docs.iter().flat_map(|d| d.ids()) {
            let Some(prefix) = id.chars().next() else {
                continue;
            };
            let Some(n) = series_number(id, prefix) else {
                continue;
            };
            let top = highest.entry(prefix).or_insert_with(|| "0".into());
            *top = larger(top, n).to_owned();
        }
        Self { highest }
    }

    pub(super) fn next(&mut self, prefix: char) -> String {
        let top = self.highest.entry(prefix).or_insert_with(|| "0".into());
        *top = plus_one(top);
        format!("{prefix}{top}")
    }
}

/// What an id stands for in a document, to tell an id both sides added
/// for the same annotation from one they added for different ones. Only
/// the ids `wanted` admits are looked at (a merge of a big file touches
/// few annotations).
fn things<'a>(doc: &'a Document, wanted: impl Fn(&str) -> bool) -> HashMap<&'a str, Value> {
    let mut out = HashMap::new();
    let mut add = |id: &'a str, value: &dyn Fn() -> Value| {
        if wanted(id) {
            out.entry(id).or_insert_with(value);
        }
    };
    for e in &doc.entities {
        add(&e.id, &|| to_value(e));
    }
    for ev in &doc.events {
        add(&ev.id, &|| to_value(ev));
        add(&ev.trigger.id, &|| to_value(&ev.trigger));
    }
    for r in &doc.relations {
        add(&r.id, &|| to_value(r));
    }
    out
}

/// Renumbers the ids theirs added that ours also added for something
/// else, in `theirs` and in every reference to them. Returns old → new.
pub(super) fn renumber_collisions(
    base: &Document,
    ours: &Document,
    theirs: &mut Document,
    fresh: &mut FreshIds,
) -> Vec<(String, String)> {
    let in_base: HashSet<&str> = base.ids().collect();
    let in_ours: HashSet<&str> = ours.ids().collect();
    // Theirs' additions whose ids ours uses too.
    let shared = |id: &str| !in_base.contains(id) && in_ours.contains(id);
    let theirs_things = things(theirs, shared);
    let ours_things = things(ours, |id| theirs_things.contains_key(id));
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (id, thing) in theirs_things {
        if ours_things.get(id).is_none_or(|o| *o == thing) {
            continue;
        }
        renamed.push((id.to_owned(), String::new()));
    }
    // In id order, so that the same merge always gives the same ids.
    renamed.sort_by(|a, b| crate::natural::natural_cmp(&a.0, &b.0));
    for (old, new) in &mut renamed {
        *new = fresh.next(series_of(old, 'T'));
    }
    let map: HashMap<&str, &str> = renamed
        .iter()
        .map(|(o, n)| (o.as_str(), n.as_str()))
        .collect();
    rename(theirs, &map);
    renamed
}

/// Annotations a side made under an id it had freed (gloss gives a new
/// annotation the highest id again after that one was deleted): an entity
/// or trigger whose span no longer overlaps the base's, a relation with
/// other ends. They are new annotations, not changes of the base's, so they
/// take a fresh id, with that side's references; the base's annotation then
/// counts as deleted on that side. Returns old → new.
pub(super) fn split_reused_ids(
    base: &Document,
    side: &mut Document,
    fresh: &mut FreshIds,
) -> Vec<(String, String)> {
    let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
    let in_base: HashSet<&str> = base.ids().collect();
    let entities: HashMap<&str, (usize, usize)> = base
        .entities
        .iter()
        .map(|e| (e.id.as_str(), (e.start, e.end)))
        .collect();
    let events: HashMap<&str, (usize, usize)> = base
        .events
        .iter()
        .map(|e| (e.id.as_str(), (e.trigger.start, e.trigger.end)))
        .collect();
    let triggers: HashMap<&str, (usize, usize)> = base
        .events
        .iter()
        .map(|e| (e.trigger.id.as_str(), (e.trigger.start, e.trigger.end)))
        .collect();
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut take = |id: &str, series: char| {
        if !renamed.iter().any(|(old, _)| old == id) {
            renamed.push((id.to_owned(), fresh.next(series_of(id, series))));
        }
    };
    for e in &side.entities {
        // An id that was not an entity in the base is a new one too.
        let new = match entities.get(e.id.as_str()) {
            Some(&was) => !overlaps(was, (e.start, e.end)),
            None => in_base.contains(e.id.as_str()),
        };
        if new {
            take(&e.id, 'T');
        }
    }
    for ev in &side.events {
        let t = &ev.trigger;
        let moved = |was: Option<&(usize, usize)>, id: &str| match was {
            Some(&was) => !overlaps(was, (t.start, t.end)),
            None => in_base.contains(id),
        };
        if moved(events.get(ev.id.as_str()), &ev.id) {
            take(&ev.id, 'E');
        }
        // A trigger under the id of a deleted entity is a new span too.
        if moved(triggers.get(t.id.as_str()), &t.id) {
            take(&t.id, 'T');
        }
    }
    apply(side, &renamed);
    let relations: HashMap<&str, (&str, &str)> = base
        .relations
        .iter()
        .map(|r| (r.id.as_str(), (r.arg1.as_str(), r.arg2.as_str())))
        .collect();
    let mut moved = Vec::new();
    for r in &side.relations {
        if let Some(&was) = relations.get(r.id.as_str())
            && was != (r.arg1.as_str(), r.arg2.as_str())
        {
            moved.push((r.id.clone(), fresh.next(series_of(&r.id, 'R'))));
        }
    }
    apply(side, &moved);
    renamed.extend(moved);
    renamed
}

fn apply(doc: &mut Document, renamed: &[(String, String)]) {
    let map: HashMap<&str, &str> = renamed
        .iter()
        .map(|(o, n)| (o.as_str(), n.as_str()))
        .collect();
    rename(doc, &map);
}

/// Theirs' additions that are exactly one of ours' additions under another
/// id (both tagged Erbil as a GPE, as their T5 and our T4) take ours' id:
/// one annotation, not two. Entities first, then relations (whose ends
/// may just have been folded). Returns theirs' id → ours'.
pub(super) fn fold_identical_additions(
    base: &Document,
    ours: &Document,
    theirs: &mut Document,
) -> Vec<(String, String)> {
    let mut folded = Vec::new();
    let in_base: HashSet<&str> = base.ids().collect();
    let in_ours: HashSet<&str> = ours.ids().collect();
    for relations in [false, true] {
        // Theirs changes as entities fold: asked again for relations.
        let in_theirs: HashSet<&str> = theirs.ids().collect();
        // What is not in base, as its content without the id.
        let added = |doc: &Document| -> Vec<(String, String)> {
            let items: Vec<(&String, Value)> = if relations {
                doc.relations
                    .iter()
                    .filter(|r| !in_base.contains(r.id.as_str()))
                    .map(|r| (&r.id, to_value(r)))
                    .collect()
            } else {
                doc.entities
                    .iter()
                    .filter(|e| !in_base.contains(e.id.as_str()))
                    .map(|e| (&e.id, to_value(e)))
                    .collect()
            };
            items
                .into_iter()
                .map(|(id, mut v)| {
                    v.as_object_mut().map(|o| o.remove("id"));
                    (id.clone(), v.to_string())
                })
                .collect()
        };
        let mut ours_added: HashMap<String, Vec<String>> = HashMap::new();
        for (id, content) in added(ours) {
            if !in_theirs.contains(id.as_str()) {
                ours_added.entry(content).or_default().push(id);
            }
        }
        let mut map = Vec::new();
        for (id, content) in added(theirs) {
            if in_ours.contains(id.as_str()) {
                continue;
            }
            if let Some(same) = ours_added.get_mut(&content).and_then(Vec::pop) {
                map.push((id, same));
            }
        }
        let lookup: HashMap<&str, &str> =
            map.iter().map(|(t, o)| (t.as_str(), o.as_str())).collect();
        rename(theirs, &lookup);
        folded.extend(map);
    }
    folded
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// Applies `map` to every id and reference of `doc`.
fn rename(doc: &mut Document, map: &HashMap<&str, &str>) {
    if map.is_empty() {
        return;
    }
    let fix = |id: &mut String| {
        if let Some(new) = map.get(id.as_str()) {
            *id = (*new).to_owned();
        }
    };
    for e in &mut doc.entities {
        fix(&mut e.id);
    }
    for ev in &mut doc.events {
        fix(&mut ev.id);
        fix(&mut ev.trigger.id);
        for a in &mut ev.arguments {
            fix(&mut a.target);
        }
    }
    for r in &mut doc.relations {
        fix(&mut r.id);
        fix(&mut r.arg1);
        fix(&mut r.arg2);
    }
    // The top-level lists that name annotations by id.
    for key in ["brat_order", "equivalences"] {
        if let Some(v) = doc.extra.get_mut(key) {
            rename_strings(v, map);
        }
    }
}

fn rename_strings(v: &mut Value, map: &HashMap<&str, &str>) {
    match v {
        Value::String(s) => {
            if let Some(new) = map.get(s.as_str()) {
                *s = (*new).to_owned();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rename_strings(i, map)),
        // An equivalence: `{"type": "Equiv", "refs": [...]}`.
        Value::Object(fields) => {
            if let Some(refs) = fields.get_mut("refs") {
                rename_strings(refs, map);
            }
        }
        _ => {}
    }
}
