//! spaCy/Prodigy-style JSONL: one document per line,
//! `{"text", "spans": [{"start", "end", "label", "text", "id"}], "events",
//! "relations", "meta": {"file", "status", "note"}}`, offsets in code points
//! (Python's `text[start:end]`, what spaCy and Prodigy count).
//!
//! The export (with `--include-suggestions`, which keeps pending suggestions
//! and their marks) carries everything a gloss file holds, so a document survives
//! export and [`import_all`] unchanged. [`parse_line`] also reads doccano's
//! lines (`"label": [[s, e, "TYPE"]]` or `"entities": [{"start_offset", …}]`,
//! UTF-16 offsets) and spaCy's `"entities": [[s, e, "TYPE"]]`, for importing
//! model output as suggestions with [`to_document`].

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::Losses;
use crate::annotation::{Argument, Document, Entity, Event, Relation, Status};
use crate::text::SourceText;

pub use read::{
    JsonlError, Record, RecordSpan, SpanFormat, meta_file, parse_line, parse_line_with_text,
};

/// Keys a span object uses itself; an entity's unknown field with one of
/// these names cannot be carried next to them.
const SPAN_KEYS: [&str; 8] = [
    "start",
    "end",
    "label",
    "text",
    "id",
    "note",
    "attributes",
    "suggested",
];

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
    events: Vec<EventOut<'a>>,
    relations: &'a [Relation],
    meta: MetaOut<'a>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested: Option<&'a Value>,
    #[serde(flatten)]
    extra: Cow<'a, Map<String, Value>>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    trigger: TriggerOut<'a>,
    arguments: &'a [Argument],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested: Option<&'a Value>,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

#[derive(Serialize)]
struct TriggerOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    id: &'a str,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

#[derive(Serialize)]
struct MetaOut<'a> {
    file: &'a str,
    status: Status,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    /// The document's top-level fields gloss does not know.
    #[serde(skip_serializing_if = "Map::is_empty")]
    extra: &'a Map<String, Value>,
}

/// One JSON line (without its newline) for a document: its text, every
/// entity as a span (sorted by start, end), events, relations and the
/// document's file name, status and note. Offsets are code points, as
/// stored. Nothing a gloss file holds is lost; `losses` only hears of spans
/// whose stored text or offsets disagree with `text` (exported as stored).
pub fn export_line(doc: &Document, text: &SourceText, file: &str, losses: &mut Losses) -> String {
    let mut entities: Vec<&Entity> = doc.entities.iter().collect();
    entities.sort_by_key(|e| (e.start, e.end));
    let mut clashing = 0;
    let mut stale = 0;
    let spans = entities
        .into_iter()
        .map(|e| {
            if !matches_text(text, e.start, e.end, &e.text) {
                stale += 1;
            }
            span_out(e, &mut clashing)
        })
        .collect();
    let events = doc
        .events
        .iter()
        .map(|ev| {
            let t = &ev.trigger;
            if !matches_text(text, t.start, t.end, &t.text) {
                stale += 1;
            }
            event_out(ev)
        })
        .collect();
    losses.add(
        "spans whose offsets or text do not match the source",
        stale,
        "exported as stored (check the file with `gloss validate`)",
    );
    losses.add(
        "entity fields named like a span key (e.g. \"label\")",
        clashing,
        "dropped",
    );
    let line = Line {
        text: text.as_str(),
        spans,
        events,
        relations: &doc.relations,
        meta: MetaOut {
            file,
            status: doc.status,
            note: &doc.note,
            extra: &doc.extra,
        },
    };
    line_safe(serde_json::to_string(&line).unwrap_or_default())
}

/// An entity as a span object; its unknown fields named like a span key are
/// dropped (and counted in `clashing`).
fn span_out<'a>(e: &'a Entity, clashing: &mut usize) -> SpanOut<'a> {
    let extra = if e.extra.keys().any(|k| SPAN_KEYS.contains(&k.as_str())) {
        *clashing += 1;
        let kept = e
            .extra
            .iter()
            .filter(|(k, _)| !SPAN_KEYS.contains(&k.as_str()));
        Cow::Owned(kept.map(|(k, v)| (k.clone(), v.clone())).collect())
    } else {
        Cow::Borrowed(&e.extra)
    };
    SpanOut {
        start: e.start,
        end: e.end,
        label: &e.kind,
        text: &e.text,
        id: &e.id,
        note: e.note.as_deref(),
        attributes: e.attributes.as_ref(),
        suggested: e.suggested.as_ref(),
        extra,
    }
}

fn event_out(ev: &Event) -> EventOut<'_> {
    let t = &ev.trigger;
    EventOut {
        id: &ev.id,
        kind: &ev.kind,
        trigger: TriggerOut {
            start: t.start,
            end: t.end,
            text: &t.text,
            id: &t.id,
            extra: &t.extra,
        },
        arguments: &ev.arguments,
        note: ev.note.as_deref(),
        attributes: ev.attributes.as_ref(),
        suggested: ev.suggested.as_ref(),
        extra: &ev.extra,
    }
}

/// True if `start..end` lies in the text and spells `stored`.
fn matches_text(text: &SourceText, start: usize, end: usize, stored: &str) -> bool {
    start <= end && end <= text.len_chars() && text.slice(start, end) == stored
}

/// Escapes the characters that JSON allows raw inside strings but that some
/// line readers (Python's `str.splitlines`, JavaScript before ES2019) take
/// for line breaks, so that one record stays one line for every reader.
/// They only ever occur inside strings, where the escape means the same.
pub(crate) fn line_safe(json: String) -> String {
    if !json.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Adds the record's spans to `base` as suggestions (`"suggested":
/// {"source": source}`) with fresh `T` ids, skipping any span for which an
/// entity with the same start, end and type exists (accepted or suggested),
/// and spans that do not fit the text. The record's text must be the
/// document's text (the caller checks). Returns the document and how many
/// entities were added.
pub fn to_document(record: &Record, mut base: Document, source: &str) -> (Document, usize) {
    let text = SourceText::new(record.text.clone());
    // Counted as digits: the ids in use may be past any machine integer.
    let first = base.next_id('T');
    let mut next = crate::annotation::ids::series_number(&first, 'T')
        .unwrap_or("1")
        .to_owned();
    let mut present: HashSet<(usize, usize, String)> = base
        .entities
        .iter()
        .map(|e| (e.start, e.end, e.kind.clone()))
        .collect();
    let mut added = 0;
    for span in &record.spans {
        if span.start > span.end || span.end > text.len_chars() {
            continue;
        }
        if !present.insert((span.start, span.end, span.label.clone())) {
            continue;
        }
        base.entities.push(Entity {
            id: format!("T{next}"),
            kind: span.label.clone(),
            start: span.start,
            end: span.end,
            text: text.slice(span.start, span.end).to_owned(),
            note: None,
            attributes: None,
            suggested: Some(json!({ "source": source })),
            extra: Map::new(),
        });
        next = crate::annotation::ids::plus_one(&next);
        added += 1;
    }
    base.normalize();
    (base, added)
}

/// Restores a document exactly as [`export_line`] wrote it: `base`'s
/// entities, events and relations are replaced by the record's (ids, notes,
/// attributes, suggestion marks and unknown fields kept as written), and the
/// status, note and unknown top-level fields come back from `meta` when the
/// line has them. Spans without an id get fresh `T` ids. This is what proves
/// the export lossless; importing model output uses [`to_document`].
pub fn import_all(record: &Record, mut base: Document) -> Document {
    let text = SourceText::new(record.text.clone());
    base.events = record.events.clone();
    base.relations = record.relations.clone();
    base.entities = Vec::with_capacity(record.spans.len());
    let entity = |span: &RecordSpan, id: String| Entity {
        id,
        kind: span.label.clone(),
        start: span.start,
        end: span.end,
        text: span
            .text
            .clone()
            .unwrap_or_else(|| text.slice(span.start, span.end).to_owned()),
        note: span.note.clone(),
        attributes: span.attributes.clone(),
        suggested: span.suggested.clone(),
        extra: span.extra.clone(),
    };
    for span in &record.spans {
        if let Some(id) = &span.id {
            base.entities.push(entity(span, id.clone()));
        }
    }
    for span in record.spans.iter().filter(|s| s.id.is_none()) {
        let id = base.next_id('T');
        base.entities.push(entity(span, id));
    }
    if let Some(status) = record.meta.get("status") {
        if let Ok(status) = serde_json::from_value(status.clone()) {
            base.status = status;
        }
        // The export leaves an empty note out.
        base.note = String::new();
    }
    if let Some(Value::String(note)) = record.meta.get("note") {
        base.note = note.clone();
    }
    if let Some(Value::Object(extra)) = record.meta.get("extra") {
        base.extra = extra.clone();
    }
    base.normalize();
    base
}

mod read;
#[cfg(test)]
mod tests;
