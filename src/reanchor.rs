//! Re-anchoring annotations on a source text that changed since they were
//! saved (the file's sha256 no longer matches).
//!
//! The old text is gone; what is left of it is each span's stored `text`,
//! its old offsets and the old length (`source.chars`). A span whose `text`
//! still reads at its offsets is kept. Otherwise its `text` is looked for in
//! the new text: an occurrence at the displacement its placed neighbours
//! (before and after it in the old order) moved by wins; then one that is
//! the only occurrence; then hints from the whole document (the median
//! displacement, the change in length). A span that cannot be placed
//! unambiguously is kept, flagged `"orphaned": true` in its `extra`, with
//! its stored `text` and its offsets clamped into the new text: never
//! dropped.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use serde_json::{Map, Value};

use crate::annotation::Document;
use crate::text::SourceText;

/// The `extra` key that marks a span that could not be placed.
pub const ORPHANED: &str = "orphaned";

/// What re-anchoring did, span by span (a trigger shared by several events
/// counts once).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Spans whose text still reads at their offsets.
    pub kept: usize,
    /// Spans moved to where their text is now, in old text order.
    pub moved: Vec<Moved>,
    /// Spans that could not be placed, in old text order.
    pub orphaned: Vec<Orphan>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub id: String,
    pub from: (usize, usize),
    pub to: (usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub id: String,
    /// The stored text, which the span keeps.
    pub text: String,
    /// The offsets it had before (it now has them clamped into the text).
    pub was: (usize, usize),
    /// `not found`, `found N times` or `empty text`.
    pub why: String,
}

/// `3 kept, 2 moved, 1 orphaned`.
pub fn summary(o: &Outcome) -> String {
    format!(
        "{} kept, {} moved, {} orphaned",
        o.kept,
        o.moved.len(),
        o.orphaned.len()
    )
}

/// Whether a span's `extra` carries the orphan flag.
pub fn is_orphan(extra: &Map<String, Value>) -> bool {
    extra.get(ORPHANED) == Some(&Value::Bool(true))
}

/// Where a span lives in the document.
enum Loc {
    Entity(usize),
    /// Every event that carries this trigger (the same id and span).
    Triggers(Vec<usize>),
}

/// One span to place.
struct Unit {
    id: String,
    start: usize,
    end: usize,
    text: String,
    /// Length of `text` in code points.
    len: usize,
    loc: Loc,
}

impl Unit {
    /// The key that orders spans as they were in the old text.
    fn key(&self, index: usize) -> (usize, usize, usize) {
        (self.start, self.end, index)
    }

    /// Old offsets that agree with the stored text, so that how far the
    /// span moved says something about its neighbours.
    fn consistent(&self) -> bool {
        self.start < self.end && self.end - self.start == self.len
    }
}

enum Decision {
    Kept,
    Moved(usize),
    Orphan(String),
}

/// What the evidence says about one span.
enum Verdict {
    Place(usize),
    /// Two hints point at two different occurrences.
    Conflict,
    Unknown,
}

/// Re-anchors every entity and event trigger of `doc` on `new_text` and
/// sets `source.chars` to its length (the caller updates `sha256`).
pub fn reanchor(doc: &mut Document, new_text: &SourceText) -> Outcome {
    let len = new_text.len_chars();
    let units = collect(doc);
    let old_len = doc.source.chars;
    let decisions = decide(&units, new_text, old_len);
    let mut outcome = Outcome::default();
    for (unit, decision) in units.iter().zip(decisions) {
        let placed = match &decision {
            Decision::Kept => {
                outcome.kept += 1;
                None
            }
            Decision::Moved(to) => {
                outcome.moved.push(Moved {
                    id: unit.id.clone(),
                    from: (unit.start, unit.end),
                    to: (*to, to + unit.len),
                });
                Some(*to)
            }
            Decision::Orphan(why) => {
                outcome.orphaned.push(Orphan {
                    id: unit.id.clone(),
                    text: unit.text.clone(),
                    was: (unit.start, unit.end),
                    why: why.clone(),
                });
                None
            }
        };
        let orphan = matches!(decision, Decision::Orphan(_));
        let apply = |start: &mut usize, end: &mut usize, extra: &mut Map<String, Value>| {
            if let Some(to) = placed {
                let delta = to as i128 - *start as i128;
                *start = to;
                *end = to + unit.len;
                shift_fragments(extra, delta, len);
            }
            if orphan {
                *start = (*start).min(len);
                *end = (*end).min(len);
                clamp_fragments(extra, len);
                extra.insert(ORPHANED.to_owned(), Value::Bool(true));
            } else {
                extra.remove(ORPHANED);
            }
        };
        match &unit.loc {
            Loc::Entity(i) => {
                let e = &mut doc.entities[*i];
                apply(&mut e.start, &mut e.end, &mut e.extra);
            }
            Loc::Triggers(events) => {
                for &i in events {
                    let t = &mut doc.events[i].trigger;
                    apply(&mut t.start, &mut t.end, &mut t.extra);
                }
            }
        }
    }
    doc.source.chars = len;
    outcome
}

/// Every span once, in old text order. Copies of a shared trigger (same id,
/// offsets and text) are one span; copies that disagree are placed apart.
fn collect(doc: &Document) -> Vec<Unit> {
    let mut units: Vec<Unit> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| Unit {
            id: e.id.clone(),
            start: e.start,
            end: e.end,
            text: e.text.clone(),
            len: e.text.chars().count(),
            loc: Loc::Entity(i),
        })
        .collect();
    let mut shared: HashMap<(&str, usize, usize, &str), usize> = HashMap::new();
    for (i, ev) in doc.events.iter().enumerate() {
        let t = &ev.trigger;
        let key = (t.id.as_str(), t.start, t.end, t.text.as_str());
        if let Some(&u) = shared.get(&key)
            && let Loc::Triggers(events) = &mut units[u].loc
        {
            events.push(i);
            continue;
        }
        shared.insert(key, units.len());
        units.push(Unit {
            id: t.id.clone(),
            start: t.start,
            end: t.end,
            text: t.text.clone(),
            len: t.text.chars().count(),
            loc: Loc::Triggers(vec![i]),
        });
    }
    units.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    units
}

/// Where each unit goes, by the rules in the module comment.
fn decide(units: &[Unit], text: &SourceText, old_len: usize) -> Vec<Decision> {
    let len = text.len_chars();
    let mut found: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut decisions: Vec<Option<Decision>> = Vec::with_capacity(units.len());
    // Placed spans that tell how the text around them moved: old order key
    // to new start.
    let mut anchors: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
    let mut pending = Vec::new();

    // First what needs no neighbours: spans still in place, and text that
    // occurs once.
    for (i, u) in units.iter().enumerate() {
        let kept = u.start < u.end && u.end <= len && text.slice(u.start, u.end) == u.text;
        let decision = if kept {
            anchors.insert(u.key(i), u.start);
            Some(Decision::Kept)
        } else if u.text.is_empty() {
            Some(Decision::Orphan("empty text".into()))
        } else {
            let occ = found
                .entry(u.text.as_str())
                .or_insert_with(|| occurrences(text, &u.text));
            match occ.len() {
                0 => Some(Decision::Orphan("not found".into())),
                1 => {
                    if u.consistent() {
                        anchors.insert(u.key(i), occ[0]);
                    }
                    Some(Decision::Moved(occ[0]))
                }
                _ => {
                    pending.push(i);
                    None
                }
            }
        };
        decisions.push(decision);
    }

    // Then the ambiguous ones, by how the spans around them moved; each one
    // placed becomes a neighbour for the rest. Hints from the whole
    // document only when nothing local decides.
    let mut deltas: Vec<i128> = anchors
        .iter()
        .map(|(&(start, _, _), &to)| to as i128 - start as i128)
        .collect();
    deltas.sort_unstable();
    let mut global: Vec<i128> = deltas.get(deltas.len() / 2).copied().into_iter().collect();
    global.push(len as i128 - old_len as i128);
    let mut local_only = true;
    while !pending.is_empty() {
        let mut progress = false;
        pending.retain(|&i| {
            let u = &units[i];
            let occ = &found[u.text.as_str()];
            let hints = if local_only { &[][..] } else { &global[..] };
            match verdict(u, i, occ, &anchors, hints, len) {
                Verdict::Place(to) => {
                    if u.consistent() {
                        anchors.insert(u.key(i), to);
                    }
                    decisions[i] = Some(Decision::Moved(to));
                    progress = true;
                    false
                }
                Verdict::Conflict | Verdict::Unknown => true,
            }
        });
        if progress {
            local_only = true;
        } else if local_only {
            local_only = false;
        } else {
            break;
        }
    }
    for i in pending {
        let n = found[units[i].text.as_str()].len();
        decisions[i] = Some(Decision::Orphan(format!("found {n} times")));
    }
    decisions
        .into_iter()
        .map(|d| d.unwrap_or_else(|| Decision::Orphan("not found".into())))
        .collect()
}

/// Where the evidence puts an ambiguous span: at the displacement of its
/// nearest placed neighbours, else (with `hints`) at a document-wide
/// displacement, else at the one occurrence between its neighbours.
fn verdict(
    u: &Unit,
    index: usize,
    occ: &[usize],
    anchors: &BTreeMap<(usize, usize, usize), usize>,
    hints: &[i128],
    len: usize,
) -> Verdict {
    let key = u.key(index);
    let before = anchors.range(..key).next_back();
    let after = anchors
        .range((Bound::Excluded(key), Bound::Unbounded))
        .next();
    let delta =
        |(&(start, _, _), &to): (&(usize, usize, usize), &usize)| to as i128 - start as i128;
    // Text keeps its order, so the span now lies between its neighbours'
    // new starts, unless those were misplaced.
    let lo = before.map_or(0, |(_, &to)| to);
    let hi = after.map_or(len, |(_, &to)| to);
    let window = (lo <= hi).then_some((lo, hi));
    let local: Vec<i128> = before.into_iter().chain(after).map(delta).collect();
    match pick(u.start, &local, occ, window, len) {
        Verdict::Unknown if !hints.is_empty() => {}
        v => return v,
    }
    match pick(u.start, hints, occ, window, len) {
        Verdict::Unknown => {}
        v => return v,
    }
    // No displacement fits: the only occurrence between the neighbours.
    if let Some((lo, hi)) = window
        && (before.is_some() || after.is_some())
    {
        let from = occ.partition_point(|&p| p < lo);
        let to = occ.partition_point(|&p| p <= hi);
        if to - from == 1 {
            return Verdict::Place(occ[from]);
        }
    }
    Verdict::Unknown
}

/// The occurrence that `start` displaced by one of `deltas` lands on,
/// preferring those inside `window`.
fn pick(
    start: usize,
    deltas: &[i128],
    occ: &[usize],
    window: Option<(usize, usize)>,
    len: usize,
) -> Verdict {
    let mut hits: Vec<usize> = deltas
        .iter()
        .filter_map(|d| usize::try_from(start as i128 + d).ok())
        .filter(|&p| p <= len && occ.binary_search(&p).is_ok())
        .collect();
    hits.sort_unstable();
    hits.dedup();
    if let Some((lo, hi)) = window
        && hits.iter().any(|&p| lo <= p && p <= hi)
    {
        hits.retain(|&p| lo <= p && p <= hi);
    }
    match hits[..] {
        [] => Verdict::Unknown,
        [p] => Verdict::Place(p),
        _ => Verdict::Conflict,
    }
}

/// Code point offsets of every occurrence of `quote`, overlapping ones
/// included, in order.
fn occurrences(text: &SourceText, quote: &str) -> Vec<usize> {
    let hay = text.as_str();
    let mut out = Vec::new();
    if quote.is_empty() {
        return out;
    }
    let mut from = 0;
    while let Some(found) = hay.get(from..).and_then(|h| h.find(quote)) {
        let at = from + found;
        out.push(text.char_of(at));
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The `fragments` pairs of a discontinuous span, each number moved by
/// `delta` and kept inside the text.
fn shift_fragments(extra: &mut Map<String, Value>, delta: i128, len: usize) {
    map_fragments(extra, |v| (v as i128 + delta).clamp(0, len as i128) as u64);
}

fn clamp_fragments(extra: &mut Map<String, Value>, len: usize) {
    map_fragments(extra, |v| v.min(len as u64));
}

/// Applies `f` to every offset of well-formed `[start, end]` fragments;
/// anything else in `fragments` is left as it is.
fn map_fragments(extra: &mut Map<String, Value>, f: impl Fn(u64) -> u64) {
    let Some(Value::Array(frags)) = extra.get_mut("fragments") else {
        return;
    };
    for frag in frags {
        let Value::Array(pair) = frag else { continue };
        if pair.len() != 2 || !pair.iter().all(Value::is_u64) {
            continue;
        }
        for v in pair {
            if let Some(n) = v.as_u64() {
                *v = Value::from(f(n));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::annotation::{Entity, Event, SourceInfo, Trigger};

    fn doc_for(old: &str) -> Document {
        Document::new(
            SourceInfo::new("a.txt", "00".into(), "utf-8", old.chars().count()),
            None,
        )
    }

    /// Code point offsets of the `nth` (0-based) occurrence of `quote`.
    fn at(text: &str, quote: &str, nth: usize) -> (usize, usize) {
        let src = SourceText::new(text.to_owned());
        let start = occurrences(&src, quote)[nth];
        (start, start + quote.chars().count())
    }

    fn entity(id: &str, text: &str, (start, end): (usize, usize)) -> Entity {
        Entity {
            id: id.into(),
            kind: "GPE".into(),
            start,
            end,
            text: text.into(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        }
    }

    fn event(id: &str, trigger: &str, text: &str, (start, end): (usize, usize)) -> Event {
        Event {
            id: id.into(),
            kind: "Attack".into(),
            trigger: Trigger {
                id: trigger.into(),
                start,
                end,
                text: text.into(),
                extra: Map::new(),
            },
            arguments: Vec::new(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        }
    }

    /// A document on `old` with an entity on each (quote, occurrence),
    /// ids T1, T2, …
    fn doc_with(old: &str, spans: &[(&str, usize)]) -> Document {
        let mut doc = doc_for(old);
        for (n, &(quote, nth)) in spans.iter().enumerate() {
            let id = format!("T{}", n + 1);
            doc.entities.push(entity(&id, quote, at(old, quote, nth)));
        }
        doc
    }

    fn span(doc: &Document, id: &str) -> (usize, usize) {
        doc.span_of(id).unwrap()
    }

    /// Every placed span reads its text; every orphan is flagged, keeps its
    /// text and has offsets in range.
    fn assert_sound(doc: &Document, text: &SourceText) {
        let len = text.len_chars();
        let entities = doc
            .entities
            .iter()
            .map(|e| (&e.id, e.start, e.end, &e.text, &e.extra));
        let triggers = doc.events.iter().map(|e| {
            let t = &e.trigger;
            (&t.id, t.start, t.end, &t.text, &t.extra)
        });
        for (id, start, end, stored, extra) in entities.chain(triggers) {
            assert!(
                start <= len && end <= len,
                "{id} at {start}..{end} of {len}"
            );
            if !is_orphan(extra) {
                assert!(start < end, "{id} empty at {start}..{end}");
                assert_eq!(text.slice(start, end), stored, "{id}");
            }
        }
        assert_eq!(doc.source.chars, len);
    }

    #[test]
    fn a_prefix_moves_every_span_by_its_length() {
        let old = "Mosul fell to the army on Tuesday.";
        let mut doc = doc_with(old, &[("Mosul", 0), ("army", 0), ("Tuesday", 0)]);
        doc.events
            .push(event("E1", "T4", "fell", at(old, "fell", 0)));
        let new = SourceText::new(format!("UPDATE: {old}"));
        let out = reanchor(&mut doc, &new);
        assert_eq!(out.kept, 0);
        assert_eq!(out.moved.len(), 4);
        assert!(out.orphaned.is_empty());
        for m in &out.moved {
            assert_eq!(m.to, (m.from.0 + 8, m.from.1 + 8), "{}", m.id);
        }
        assert_eq!(span(&doc, "T1"), (8, 13));
        assert_eq!(span(&doc, "T4"), (14, 18));
        assert_sound(&doc, &new);
        assert_eq!(summary(&out), "0 kept, 4 moved, 0 orphaned");
    }

    #[test]
    fn an_inserted_word_moves_only_later_spans() {
        let old = "Troops entered Mosul and Raqqa on Tuesday.";
        let mut doc = doc_with(
            old,
            &[("Troops", 0), ("Mosul", 0), ("Raqqa", 0), ("Tuesday", 0)],
        );
        let new_str = old.replace("and Raqqa", "and later Raqqa");
        let new = SourceText::new(new_str);
        let out = reanchor(&mut doc, &new);
        assert_eq!(out.kept, 2);
        let moved: Vec<&str> = out.moved.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(moved, ["T3", "T4"]);
        assert!(out.moved.iter().all(|m| m.to.0 == m.from.0 + 6));
        assert_eq!(span(&doc, "T1"), at(old, "Troops", 0));
        assert_eq!(summary(&out), "2 kept, 2 moved, 0 orphaned");
        assert_sound(&doc, &new);
    }

    #[test]
    fn an_ambiguous_word_follows_the_shift() {
        let old = "Mosul fell. Troops entered Mosul. Then Mosul was rebuilt.";
        let mut doc = doc_with(old, &[("fell", 0), ("Mosul", 1), ("rebuilt", 0)]);
        let new = SourceText::new(format!("UPDATE: {old}"));
        let out = reanchor(&mut doc, &new);
        assert!(out.orphaned.is_empty(), "{out:?}");
        let want = at(&format!("UPDATE: {old}"), "Mosul", 1);
        assert_eq!(span(&doc, "T2"), want);
        assert_sound(&doc, &new);
    }

    #[test]
    fn an_ambiguous_word_follows_its_neighbours_not_the_document() {
        // Everything moves by 8, and the end by 7 more: most spans (and so
        // the median) moved by 8, which from the second "Mosul" lands on the
        // first; its neighbours moved by 15, which lands on the right one.
        let old = "Alpha beta gamma delta. Then came the war. Zeta saw Mosul, Mosul fell.";
        let new_str = format!("UPDATE: {}", old.replace("Zeta", "Later, Zeta"));
        let mut doc = doc_with(
            old,
            &[
                ("Alpha", 0),
                ("beta", 0),
                ("gamma", 0),
                ("delta", 0),
                ("Zeta", 0),
                ("Mosul", 1),
                ("fell", 0),
            ],
        );
        let new = SourceText::new(new_str.clone());
        let out = reanchor(&mut doc, &new);
        assert!(out.orphaned.is_empty(), "{out:?}");
        let mosul = at(old, "Mosul", 1).0;
        assert_eq!(at(&new_str, "Mosul", 0).0, mosul + 8);
        assert_eq!(span(&doc, "T6"), at(&new_str, "Mosul", 1));
        assert_eq!(span(&doc, "T6").0, mosul + 15);
        assert_sound(&doc, &new);
    }

    #[test]
    fn a_word_with_no_evidence_is_orphaned_as_ambiguous() {
        let old = "Mosul and Mosul";
        let mut doc = doc_with(old, &[("Mosul", 1)]);
        let new = SourceText::new("Mosul or Mosul or Mosul!".into());
        let out = reanchor(&mut doc, &new);
        assert_eq!(out.orphaned.len(), 1);
        assert_eq!(out.orphaned[0].why, "found 3 times");
        assert_eq!(out.orphaned[0].was, (10, 15));
        assert!(is_orphan(&doc.entities[0].extra));
        assert_sound(&doc, &new);
    }

    #[test]
    fn a_deleted_word_orphans_its_span() {
        let old = "Troops entered Mosul and Raqqa on Tuesday, a long day in the war.";
        let mut doc = doc_with(old, &[("Troops", 0), ("Raqqa", 0), ("war", 0)]);
        let new_str = "Troops entered Mosul on Tuesday.";
        let new = SourceText::new(new_str.into());
        let out = reanchor(&mut doc, &new);
        assert_eq!(out.kept, 1);
        assert_eq!(out.orphaned.len(), 2);
        let raqqa = &out.orphaned[0];
        assert_eq!(raqqa.id, "T2");
        assert_eq!(raqqa.text, "Raqqa");
        assert_eq!(raqqa.why, "not found");
        assert_eq!(raqqa.was, at(old, "Raqqa", 0));
        let war = &doc.entities[2];
        assert_eq!(war.text, "war");
        assert!(is_orphan(&war.extra));
        assert_eq!((war.start, war.end), (32, 32));
        assert_eq!(summary(&out), "1 kept, 0 moved, 2 orphaned");
        assert_sound(&doc, &new);
        // Put back, the next run places it and lifts the flag.
        let back = SourceText::new(old.into());
        doc.entities[1].extra.insert("note_like".into(), json!(1));
        let out = reanchor(&mut doc, &back);
        assert_eq!(out.orphaned.len(), 0);
        assert!(doc.entities.iter().all(|e| !is_orphan(&e.extra)));
        assert_eq!(span(&doc, "T2"), at(old, "Raqqa", 0));
        assert_eq!(doc.entities[1].extra.get("note_like"), Some(&json!(1)));
        assert_sound(&doc, &back);
    }

    #[test]
    fn a_shared_trigger_is_placed_once_for_every_event() {
        let old = "The bombing killed two and wounded ten.";
        let mut doc = doc_for(old);
        doc.entities.push(entity("T1", "two", at(old, "two", 0)));
        doc.events
            .push(event("E1", "T2", "bombing", at(old, "bombing", 0)));
        doc.events
            .push(event("E2", "T2", "bombing", at(old, "bombing", 0)));
        let new_str = format!("Yesterday: {old}");
        let new = SourceText::new(new_str.clone());
        let out = reanchor(&mut doc, &new);
        assert_eq!(out.moved.len(), 2);
        assert_eq!(out.moved.iter().filter(|m| m.id == "T2").count(), 1);
        let want = at(&new_str, "bombing", 0);
        for ev in &doc.events {
            assert_eq!((ev.trigger.start, ev.trigger.end), want);
        }
        assert_eq!(doc.events[0].trigger, doc.events[1].trigger);
        assert_sound(&doc, &new);
    }

    #[test]
    fn an_orphaned_shared_trigger_is_flagged_in_every_event() {
        let old = "The bombing killed two.";
        let mut doc = doc_for(old);
        doc.events
            .push(event("E1", "T2", "bombing", at(old, "bombing", 0)));
        doc.events
            .push(event("E2", "T2", "bombing", at(old, "bombing", 0)));
        let new = SourceText::new("The raid killed two.".into());
        let out = reanchor(&mut doc, &new);
        assert_eq!(out.orphaned.len(), 1);
        assert!(doc.events.iter().all(|e| is_orphan(&e.trigger.extra)));
        assert_eq!(doc.events[0].trigger, doc.events[1].trigger);
        assert_sound(&doc, &new);
    }

    #[test]
    fn fragments_move_with_their_span() {
        let old = "He picked the ball up quickly.";
        let mut doc = doc_for(old);
        let (start, end) = at(old, "picked the ball up", 0);
        let mut e = entity("T1", "picked the ball up", (start, end));
        e.extra.insert(
            "fragments".into(),
            json!([[start, start + 6], [end - 2, end]]),
        );
        doc.entities.push(e);
        let new = SourceText::new(format!("Then {old}"));
        let out = reanchor(&mut doc, &new);
        assert_eq!(out.moved.len(), 1);
        let e = &doc.entities[0];
        assert_eq!((e.start, e.end), (start + 5, end + 5));
        assert_eq!(
            e.extra["fragments"],
            json!([[start + 5, start + 11], [end + 3, end + 5]])
        );
        assert_eq!(new.slice(e.start, e.start + 6), "picked");
        assert_sound(&doc, &new);
    }

    #[test]
    fn offsets_count_code_points_in_any_script() {
        let old = "Café 😀 in 北京\r\nnaïve 東京 🇫🇷 end";
        let quotes = ["Café", "😀", "北京", "\r\n", "naïve", "東京", "🇫🇷", "end"];
        let spans: Vec<(&str, usize)> = quotes.iter().map(|&q| (q, 0)).collect();
        let mut doc = doc_with(old, &spans);
        let new_str = old.replace("in 北京", "in 🎉 北京 (Beijing)");
        let new = SourceText::new(new_str.clone());
        let out = reanchor(&mut doc, &new);
        assert!(out.orphaned.is_empty(), "{out:?}");
        assert_eq!(out.kept, 2);
        assert_eq!(out.moved.len(), 6);
        for (n, q) in quotes.iter().enumerate() {
            assert_eq!(
                span(&doc, &format!("T{}", n + 1)),
                at(&new_str, q, 0),
                "{q}"
            );
        }
        // "🇫🇷" is two code points.
        let flag = span(&doc, "T7");
        assert_eq!(flag.1 - flag.0, 2);
        assert_sound(&doc, &new);
    }

    #[test]
    fn broken_spans_do_not_panic() {
        let old = "abc abc abc";
        let mut doc = doc_for(old);
        doc.entities
            .push(entity("T1", "abc", (usize::MAX - 1, usize::MAX)));
        doc.entities.push(entity("T2", "abc", (7, 3)));
        doc.entities.push(entity("T3", "", (2, 2)));
        doc.entities.push(entity("T4", "", (5, 1)));
        doc.entities.push(entity("T5", "zzz", (0, 3)));
        let mut e = entity("T6", "abc", (4, 7));
        e.extra.insert("fragments".into(), json!("nonsense"));
        e.extra.insert(ORPHANED.into(), json!(true));
        doc.entities.push(e);
        let mut e = entity("T7", "bc a", (1, 5));
        e.extra.insert(
            "fragments".into(),
            json!([[1, 3], [-1, 5], [4, u64::MAX], [4]]),
        );
        doc.entities.push(e);
        doc.source.chars = usize::MAX;
        for new in ["", "x", "abc", "abc abc abc!", "é"] {
            let mut doc = doc.clone();
            let text = SourceText::new(new.into());
            let out = reanchor(&mut doc, &text);
            assert_eq!(out.kept + out.moved.len() + out.orphaned.len(), 7);
            assert_sound(&doc, &text);
        }
        let text = SourceText::new(old.into());
        let out = reanchor(&mut doc, &text);
        assert_eq!(out.kept, 2);
        assert!(!is_orphan(&doc.entities[5].extra));
        let orphans: Vec<(&str, &str)> = out
            .orphaned
            .iter()
            .map(|o| (o.id.as_str(), o.why.as_str()))
            .collect();
        assert!(orphans.contains(&("T3", "empty text")));
        assert!(orphans.contains(&("T5", "not found")));
        assert!(orphans.contains(&("T1", "found 3 times")));
        assert_sound(&doc, &text);
    }

    #[test]
    fn an_unchanged_text_keeps_everything() {
        let old = "one two three two one";
        let mut doc = doc_with(old, &[("one", 0), ("two", 1), ("one", 1)]);
        let before = doc.clone();
        let out = reanchor(&mut doc, &SourceText::new(old.into()));
        assert_eq!(out.kept, 3);
        assert_eq!(doc, before);
    }

    const ALPHABET: &[char] = &['a', 'b', ' ', 'é', '😀', '中', '\r', '\n'];

    fn text_strategy(max: usize) -> impl Strategy<Value = Vec<char>> {
        prop::collection::vec(prop::sample::select(ALPHABET), 0..max)
    }

    /// A document on `old` with entities on the given raw ranges (taken
    /// modulo the text), some with fragments, and a shared trigger.
    fn random_doc(old: &[char], ranges: &[(usize, usize)]) -> Document {
        let s: String = old.iter().collect();
        let mut doc = doc_for(&s);
        let n = old.len();
        if n == 0 {
            return doc;
        }
        for (k, &(a, b)) in ranges.iter().enumerate() {
            let start = a % n;
            let end = start + 1 + b % (n - start).min(6);
            let text: String = old[start..end].iter().collect();
            if k % 5 == 4 {
                let t = format!("T{}", k + 1);
                doc.events
                    .push(event(&format!("E{k}a"), &t, &text, (start, end)));
                doc.events
                    .push(event(&format!("E{k}b"), &t, &text, (start, end)));
                continue;
            }
            let mut e = entity(&format!("T{}", k + 1), &text, (start, end));
            if k % 3 == 0 && end - start >= 2 {
                e.extra.insert(
                    "fragments".into(),
                    json!([[start, start + 1], [end - 1, end]]),
                );
            }
            doc.entities.push(e);
        }
        doc
    }

    fn units_of(doc: &Document) -> usize {
        let triggers: std::collections::HashSet<&str> =
            doc.events.iter().map(|e| e.trigger.id.as_str()).collect();
        doc.entities.len() + triggers.len()
    }

    proptest! {
        #[test]
        fn random_edits_never_break_a_placed_span(
            old in text_strategy(60),
            ranges in prop::collection::vec((0usize..1000, 0usize..1000), 0..12),
            edits in prop::collection::vec(
                (0usize..1000, 0usize..4, text_strategy(5)), 0..4),
        ) {
            let mut doc = random_doc(&old, &ranges);
            let mut new = old.clone();
            for (at, del, ins) in edits {
                let at = at % (new.len() + 1);
                let del = del.min(new.len() - at);
                new.splice(at..at + del, ins);
            }
            let new_text = SourceText::new(new.iter().collect());
            let units = units_of(&doc);
            let out = reanchor(&mut doc, &new_text);
            prop_assert_eq!(out.kept + out.moved.len() + out.orphaned.len(), units);
            assert_sound(&doc, &new_text);
            for e in &doc.entities {
                if let Some(f) = e.extra.get("fragments").filter(|_| !is_orphan(&e.extra)) {
                    prop_assert_eq!(f[0][0].as_u64(), Some(e.start as u64));
                    prop_assert_eq!(f[1][1].as_u64(), Some(e.end as u64));
                }
            }
            for ev in &doc.events {
                let same = doc.events.iter().filter(|o| o.trigger.id == ev.trigger.id);
                for other in same {
                    prop_assert_eq!(&other.trigger, &ev.trigger);
                }
            }
        }

        #[test]
        fn a_prefix_places_every_span(
            old in text_strategy(60),
            ranges in prop::collection::vec((0usize..1000, 0usize..1000), 0..12),
            prefix in text_strategy(8),
        ) {
            let mut doc = random_doc(&old, &ranges);
            let before = doc.clone();
            let p = prefix.len();
            let new: String = prefix.iter().chain(&old).collect();
            let new_text = SourceText::new(new);
            let out = reanchor(&mut doc, &new_text);
            prop_assert!(out.orphaned.is_empty(), "{:?}", out);
            assert_sound(&doc, &new_text);
            let pairs = before.entities.iter().zip(&doc.entities);
            for (was, now) in pairs {
                // Moved by the prefix, or (when the text happens to repeat)
                // still reading at its old place.
                prop_assert!(
                    now.start == was.start + p || now.start == was.start,
                    "{} from {} to {}", now.id, was.start, now.start
                );
            }
            for m in &out.moved {
                prop_assert_eq!(m.to, (m.from.0 + p, m.from.1 + p));
            }
        }
    }
}
