//! brat standoff (`.ann`): every kind of line in, every kind of line out.
//!
//! Text-bound `T` lines become entities, or event triggers when an `E` line
//! uses them; `E`, `R`, `A`/`M`, `N`, `#` and `*` lines map onto events,
//! relations, attributes, normalisations, notes and equivalence sets. What
//! the gloss format has no field for travels in optional fields (see
//! docs/format.md): `fragments`, `notes`, `normalizations`, relation
//! `roles`, a trigger's own `type`, `note` and `attributes`, top-level
//! `equivalences` and `brat_lines`. Every id is kept as brat wrote it: those
//! of `T`, `E` and `R` lines are the annotations' ids, those of `A`/`M`, `N`
//! and `#` lines travel in `brat_ids` and the items' `id`, and the file's
//! line order in `brat_order`, so that an unchanged file exports byte for
//! byte as it came in.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use crate::annotation::span_extras::{BRAT_TEXT, TRIGGER_TYPE, write_fragments};
use crate::annotation::{Argument, Document, Entity, Event, Relation, Trigger};
use crate::schema::Schema;
use crate::text::SourceText;

mod export;
pub use export::{breaks_line, export, one_line, one_name};

/// Optional field of an annotation: the ids of the brat lines about it,
/// `{"attributes": {"Negation": "A4", "Confidence": "M1"}, "note": "#1"}`.
pub const BRAT_IDS: &str = "brat_ids";
/// Optional top-level field: every line's id in the file's order (`*` for
/// each equivalence line), so that an export writes them in that order.
pub const BRAT_ORDER: &str = "brat_order";
/// Optional field of an event or relation: what its line held after the
/// arguments, from the tab on (brat ends its relation lines with a tab).
pub const BRAT_TAIL: &str = "brat_tail";

/// Keeps in `extra` what a line holds after a tab that ends its arguments.
fn keep_tail(extra: &mut Map<String, Value>, body: &str) {
    if let Some(at) = body.find('\t') {
        extra.insert(BRAT_TAIL.into(), json!(body[at..]));
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct BratError {
    pub line: usize,
    pub reason: String,
}

fn err(line: usize, reason: impl Into<String>) -> BratError {
    BratError {
        line,
        reason: reason.into(),
    }
}

/// A text-bound line: type, fragments (code points), the text brat wrote.
struct TextBound {
    kind: String,
    fragments: Vec<(usize, usize)>,
    text: String,
}

/// Reads a `.ann` file's lines into `base` (which holds the source info).
/// `schema`, when known, tells numbered roles (`Theme2`) from role names
/// that end in a digit.
pub fn import(
    ann: &str,
    text: &SourceText,
    mut base: Document,
    schema: Option<&Schema>,
) -> Result<Document, BratError> {
    let len = text.len_chars();
    let mut bounds: Vec<(String, TextBound)> = Vec::new();
    let mut rest: Vec<(usize, &str, &str)> = Vec::new();
    let mut order: Vec<&str> = Vec::new();
    for (i, raw) in ann.lines().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let (id, body) = line
            .split_once('\t')
            .ok_or_else(|| err(n, "no tab after the id"))?;
        order.push(id);
        if id.starts_with('T') {
            bounds.push((id.to_owned(), read_text_bound(n, body, len)?));
        } else {
            rest.push((n, id, body));
        }
    }
    let by_id: HashMap<&str, &TextBound> = bounds.iter().map(|(id, t)| (id.as_str(), t)).collect();
    let mut triggers: HashSet<String> = HashSet::new();
    let mut events = Vec::new();
    let mut relations = Vec::new();
    let mut later: Vec<(usize, &str, &str)> = Vec::new();
    for &(n, id, body) in &rest {
        match id.chars().next() {
            Some('E') => {
                let event = read_event(n, id, body, &by_id, text, schema)?;
                triggers.insert(event.trigger.id.clone());
                events.push(event);
            }
            Some('R') => {
                relations.push(read_relation(n, id, body)?);
            }
            _ => later.push((n, id, body)),
        }
    }
    for (id, tb) in &bounds {
        if triggers.contains(id) {
            continue;
        }
        let (start, end) = (tb.fragments[0].0, tb.fragments.last().map_or(0, |f| f.1));
        let mut entity = Entity {
            id: id.clone(),
            kind: tb.kind.clone(),
            start,
            end,
            text: text.slice(start, end).to_owned(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        };
        span_extras(&mut entity.extra, tb, text);
        base.entities.push(entity);
    }
    base.events = events;
    base.relations = relations;
    for (n, id, body) in later {
        attach(&mut base, n, id, body)?;
    }
    base.extra.insert(BRAT_ORDER.into(), json!(order));
    base.normalize();
    Ok(base)
}

/// A `T` line's body: type, offsets (`;` between fragments), shown text.
fn read_text_bound(n: usize, body: &str, len: usize) -> Result<TextBound, BratError> {
    let (head, shown) = body.split_once('\t').unwrap_or((body, ""));
    let (kind, offsets) = head.split_once(' ').ok_or_else(|| err(n, "no offsets"))?;
    let mut fragments = Vec::new();
    for frag in offsets.split(';') {
        let mut parts = frag.split_whitespace().map(str::parse::<usize>);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(Ok(s)), Some(Ok(e)), None) if s < e && e <= len => fragments.push((s, e)),
            _ => {
                return Err(err(
                    n,
                    format!("bad offsets {frag:?} for a text of {len} characters"),
                ));
            }
        }
    }
    fragments.sort_unstable();
    Ok(TextBound {
        kind: kind.to_owned(),
        fragments,
        text: shown.to_owned(),
    })
}

/// An `E` line: type and trigger, then role:id arguments.
fn read_event(
    n: usize,
    id: &str,
    body: &str,
    by_id: &HashMap<&str, &TextBound>,
    text: &SourceText,
    schema: Option<&Schema>,
) -> Result<Event, BratError> {
    let mut parts = body.split_whitespace();
    let head = parts
        .next()
        .ok_or_else(|| err(n, "an event without a type"))?;
    let (kind, trig) = head
        .split_once(':')
        .ok_or_else(|| err(n, "an event without a trigger"))?;
    let tb = by_id
        .get(trig)
        .ok_or_else(|| err(n, format!("trigger {trig} is not a T line")))?;
    let mut trigger = Trigger {
        id: trig.to_owned(),
        start: tb.fragments[0].0,
        end: tb.fragments.last().map_or(0, |f| f.1),
        text: String::new(),
        extra: Map::new(),
    };
    trigger.text = text.slice(trigger.start, trigger.end).to_owned();
    span_extras(&mut trigger.extra, tb, text);
    if tb.kind != kind {
        trigger.extra.insert(TRIGGER_TYPE.into(), json!(tb.kind));
    }
    let mut arguments: Vec<Argument> = Vec::new();
    for a in parts {
        let (role, target) = a
            .split_once(':')
            .ok_or_else(|| err(n, format!("argument {a:?} has no ':'")))?;
        let role = base_role(role, kind, &arguments, schema);
        arguments.push(Argument {
            role,
            target: target.to_owned(),
            extra: Map::new(),
        });
    }
    let mut extra = Map::new();
    keep_tail(&mut extra, body);
    Ok(Event {
        id: id.to_owned(),
        kind: kind.to_owned(),
        trigger,
        arguments,
        note: None,
        attributes: None,
        suggested: None,
        extra,
    })
}

/// An `R` line: type and two role:id arguments.
fn read_relation(n: usize, id: &str, body: &str) -> Result<Relation, BratError> {
    let mut parts = body.split_whitespace();
    let kind = parts
        .next()
        .ok_or_else(|| err(n, "a relation without a type"))?;
    let args: Vec<(&str, &str)> = parts.filter_map(|a| a.split_once(':')).collect();
    let [(r1, a1), (r2, a2)] = args[..] else {
        return Err(err(n, "a relation needs two role:id arguments"));
    };
    let mut extra = Map::new();
    if (r1, r2) != ("Arg1", "Arg2") {
        extra.insert("roles".into(), json!([r1, r2]));
    }
    keep_tail(&mut extra, body);
    Ok(Relation {
        id: id.to_owned(),
        kind: kind.to_owned(),
        arg1: a1.to_owned(),
        arg2: a2.to_owned(),
        note: None,
        attributes: None,
        suggested: None,
        extra,
    })
}

/// `fragments` for a discontinuous span, and brat's own text when it is not
/// what the fragments read (so that it comes back out unchanged).
fn span_extras(extra: &mut Map<String, Value>, tb: &TextBound, text: &SourceText) {
    if tb.fragments.len() > 1 {
        write_fragments(extra, &tb.fragments);
    }
    if shown_text(&tb.fragments, text) != tb.text {
        extra.insert(BRAT_TEXT.into(), json!(tb.text));
    }
}

/// What brat writes after a text-bound annotation: the fragments' text
/// joined by single spaces.
fn shown_text(fragments: &[(usize, usize)], text: &SourceText) -> String {
    fragments
        .iter()
        .map(|&(s, e)| text.slice(s, e))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Theme2` is the second `Theme`: the number goes when the schema (or an
/// earlier argument) knows the role without it.
fn base_role(role: &str, kind: &str, earlier: &[Argument], schema: Option<&Schema>) -> String {
    let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.is_empty() || base == role {
        return role.to_owned();
    }
    let known = |r: &str| {
        schema
            .and_then(|s| s.event_type(kind))
            .is_some_and(|t| t.role(r).is_some())
    };
    if (known(base) && !known(role)) || earlier.iter().any(|a| a.role == base) {
        base.to_owned()
    } else {
        role.to_owned()
    }
}

/// Where an annotation keeps unknown fields, its note and its attributes
/// (a trigger has only the first: the rest go into it).
type Slots<'a> = (
    &'a mut Map<String, Value>,
    Option<&'a mut Option<String>>,
    Option<&'a mut Option<Map<String, Value>>>,
);

/// The optional fields of the annotation `target` names (a trigger's id
/// names the trigger itself).
fn extras_of<'a>(doc: &'a mut Document, target: &str) -> Option<Slots<'a>> {
    if let Some(i) = doc.entities.iter().position(|e| e.id == target) {
        let e = &mut doc.entities[i];
        return Some((&mut e.extra, Some(&mut e.note), Some(&mut e.attributes)));
    }
    if let Some(i) = doc.events.iter().position(|e| e.id == target) {
        let e = &mut doc.events[i];
        return Some((&mut e.extra, Some(&mut e.note), Some(&mut e.attributes)));
    }
    if let Some(i) = doc.relations.iter().position(|r| r.id == target) {
        let r = &mut doc.relations[i];
        return Some((&mut r.extra, Some(&mut r.note), Some(&mut r.attributes)));
    }
    // A trigger shared by several events is one annotation: the first holds it.
    let i = doc.events.iter().position(|e| e.trigger.id == target)?;
    Some((&mut doc.events[i].trigger.extra, None, None))
}

fn push(extra: &mut Map<String, Value>, key: &str, value: Value) {
    match extra.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(a) => a.push(value),
        other => *other = Value::Array(vec![value]),
    }
}

/// Attributes, normalisations, notes and equivalences, attached to what they name.
fn attach(doc: &mut Document, n: usize, id: &str, body: &str) -> Result<(), BratError> {
    let kind = id.chars().next().unwrap_or(' ');
    let (head, tail) = body.split_once('\t').unwrap_or((body, ""));
    let parts: Vec<&str> = head.split_whitespace().collect();
    match kind {
        'A' | 'M' => attach_attribute(doc, n, id, &parts)?,
        'N' => {
            let [ntype, target, reference, ..] = &parts[..] else {
                return Err(err(
                    n,
                    "a normalisation needs a type, a target and a reference",
                ));
            };
            let Some((extra, _, _)) = extras_of(doc, target) else {
                return Err(err(
                    n,
                    format!("normalisation of {target}, which does not exist"),
                ));
            };
            push(
                extra,
                "normalizations",
                json!({"id": id, "type": ntype, "ref": reference, "text": tail}),
            );
        }
        '#' => attach_note(doc, n, id, &parts, tail)?,
        '*' => {
            let [etype, refs @ ..] = &parts[..] else {
                return Err(err(n, "an equivalence needs a type"));
            };
            push(
                &mut doc.extra,
                "equivalences",
                json!({"type": etype, "refs": refs}),
            );
        }
        _ => push(&mut doc.extra, "brat_lines", json!(format!("{id}\t{body}"))),
    }
    Ok(())
}

/// An `A` or `M` line: `name target [value]` (no value means true).
fn attach_attribute(
    doc: &mut Document,
    n: usize,
    id: &str,
    parts: &[&str],
) -> Result<(), BratError> {
    let [name, target, rest @ ..] = parts else {
        return Err(err(n, "an attribute needs a name and a target"));
    };
    let value = match rest {
        [] => Value::Bool(true),
        [v] => json!(v),
        _ => return Err(err(n, "an attribute has at most one value")),
    };
    let Some((extra, _, attrs)) = extras_of(doc, target) else {
        return Err(err(
            n,
            format!("attribute on {target}, which does not exist"),
        ));
    };
    keep_id(extra, Some(name), id);
    match attrs {
        Some(a) => {
            a.get_or_insert_with(Map::new)
                .insert((*name).to_owned(), value);
        }
        None => {
            let map = extra
                .entry("attributes")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = map {
                m.insert((*name).to_owned(), value);
            }
        }
    }
    Ok(())
}

/// A `#` line: an annotator note on an annotation, or on the document.
fn attach_note(
    doc: &mut Document,
    n: usize,
    id: &str,
    parts: &[&str],
    tail: &str,
) -> Result<(), BratError> {
    let note_type = parts.first().copied().unwrap_or("AnnotatorNotes");
    let item = json!({"id": id, "type": note_type, "text": tail});
    match parts.get(1) {
        None => push(&mut doc.extra, "notes", item),
        Some(target) => {
            let Some((extra, note, _)) = extras_of(doc, target) else {
                return Err(err(n, format!("note on {target}, which does not exist")));
            };
            match note {
                Some(slot) if note_type == "AnnotatorNotes" && slot.is_none() => {
                    *slot = Some(tail.to_owned());
                    keep_id(extra, None, id);
                }
                None if note_type == "AnnotatorNotes" && !extra.contains_key("note") => {
                    extra.insert("note".into(), json!(tail));
                    keep_id(extra, None, id);
                }
                _ => push(extra, "notes", item),
            }
        }
    }
    Ok(())
}

/// Records in `brat_ids` the id of the line that gave an annotation the
/// attribute `name` (or, without a name, its note).
fn keep_id(extra: &mut Map<String, Value>, name: Option<&str>, id: &str) {
    let ids = extra.entry(BRAT_IDS).or_insert_with(|| json!({}));
    match name {
        Some(name) => ids["attributes"][name] = json!(id),
        None => ids["note"] = json!(id),
    }
}

pub mod refs;

#[cfg(test)]
mod tests;
