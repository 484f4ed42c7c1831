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
use crate::annotation::span_extras::map_fragment_offsets;
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
enum SpanHome {
    Entity(usize),
    /// Every event that carries this trigger (the same id and span).
    Triggers(Vec<usize>),
}

/// One span to place.
struct SpanToPlace {
    id: String,
    start: usize,
    end: usize,
    text: String,
    /// Length of `text` in code points.
    len: usize,
    loc: SpanHome,
}

impl SpanToPlace {
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
            SpanHome::Entity(i) => {
                let e = &mut doc.entities[*i];
                apply(&mut e.start, &mut e.end, &mut e.extra);
            }
            SpanHome::Triggers(events) => {
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
fn collect(doc: &Document) -> Vec<SpanToPlace> {
    let mut units: Vec<SpanToPlace> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| SpanToPlace {
            id: e.id.clone(),
            start: e.start,
            end: e.end,
            text: e.text.clone(),
            len: e.text.chars().count(),
            loc: SpanHome::Entity(i),
        })
        .collect();
    let mut shared: HashMap<(&str, usize, usize, &str), usize> = HashMap::new();
    for (i, ev) in doc.events.iter().enumerate() {
        let t = &ev.trigger;
        let key = (t.id.as_str(), t.start, t.end, t.text.as_str());
        if let Some(&u) = shared.get(&key)
            && let SpanHome::Triggers(events) = &mut units[u].loc
        {
            events.push(i);
            continue;
        }
        shared.insert(key, units.len());
        units.push(SpanToPlace {
            id: t.id.clone(),
            start: t.start,
            end: t.end,
            text: t.text.clone(),
            len: t.text.chars().count(),
            loc: SpanHome::Triggers(vec![i]),
        });
    }
    units.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    units
}

/// Where each unit goes, by the rules in the module comment.
fn decide(units: &[SpanToPlace], text: &SourceText, old_len: usize) -> Vec<Decision> {
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
    place_by_neighbours(
        units,
        &found,
        &mut anchors,
        &mut decisions,
        &mut pending,
        &global,
        len,
    );
    for i in pending {
        let n = found[units[i].text.as_str()].len();
        decisions[i] = Some(Decision::Orphan(format!("found {n} times")));
    }
    decisions
        .into_iter()
        .map(|d| d.unwrap_or_else(|| Decision::Orphan("not found".into())))
        .collect()
}

/// Places what `pending` holds by how the spans around each moved; each one
/// placed becomes a neighbour for the rest, and leaves `pending`. Hints from
/// the whole document (`global`) only when nothing local decides.
fn place_by_neighbours(
    units: &[SpanToPlace],
    found: &HashMap<&str, Vec<usize>>,
    anchors: &mut BTreeMap<(usize, usize, usize), usize>,
    decisions: &mut [Option<Decision>],
    pending: &mut Vec<usize>,
    global: &[i128],
    len: usize,
) {
    let mut local_only = true;
    while !pending.is_empty() {
        let mut progress = false;
        pending.retain(|&i| {
            let u = &units[i];
            let occ = &found[u.text.as_str()];
            let hints = if local_only { &[][..] } else { global };
            match verdict(u, i, occ, anchors, hints, len) {
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
}

/// Where the evidence puts an ambiguous span: at the displacement of its
/// nearest placed neighbours, else (with `hints`) at a document-wide
/// displacement, else at the one occurrence between its neighbours.
fn verdict(
    u: &SpanToPlace,
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
    map_fragment_offsets(extra, |v| (v as i128 + delta).clamp(0, len as i128) as u64);
}

fn clamp_fragments(extra: &mut Map<String, Value>, len: usize) {
    map_fragment_offsets(extra, |v| v.min(len as u64));
}

#[cfg(test)]
mod tests;
