//! Reading one JSONL line (gloss's own, spaCy's or doccano's) into a
//! checked [`Record`]: every span within the text, UTF-16 offsets converted,
//! ids unique and references resolved.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{Losses, SPAN_KEYS};
use crate::annotation::{Event, Relation};
use crate::text::{SourceText, utf16};

/// Why a line could not be read. Spans are named by their position in the
/// line (from 0), their label and their offsets as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonlError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("a line must hold one JSON object, not {0}")]
    NotObject(&'static str),
    #[error("no \"text\" field (the document's text, a string)")]
    MissingText,
    #[error("\"{field}\" must be {expected}")]
    WrongType {
        field: String,
        expected: &'static str,
    },
    #[error("span {index}: no \"label\" (a string naming the span's type)")]
    MissingLabel { index: usize },
    #[error("span {index}: no \"{field}\" offset")]
    MissingOffset { index: usize, field: &'static str },
    #[error(
        "\"{0}\" holds text-classification labels (a list of strings), not spans [start, end, \"TYPE\"]"
    )]
    NotSpans(&'static str),
    #[error("{span}: start is after end")]
    Reversed { span: String },
    #[error("{span}: ends after the text, which is {len} {unit} long")]
    OutOfRange {
        span: String,
        len: usize,
        unit: &'static str,
    },
    #[error(
        "{span}: offset {offset} falls inside a character (between the halves of a UTF-16 surrogate pair)"
    )]
    SplitsCharacter { span: String, offset: usize },
    #[error(
        "{span}: its \"text\" is {found:?} but the text there is {expected:?} (offsets in the wrong unit?)"
    )]
    TextMismatch {
        span: String,
        expected: String,
        found: String,
    },
    #[error("id {0:?} is used twice")]
    DuplicateId(String),
    #[error("{what} {index}: {message}")]
    BadAnnotation {
        what: &'static str,
        index: usize,
        message: String,
    },
}

/// Which shape a line's spans came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpanFormat {
    /// `"spans": [{"start", "end", "label"}]`, code points (gloss, spaCy, Prodigy).
    #[default]
    Spans,
    /// doccano's `"label": [[start, end, "TYPE"]]`, UTF-16 code units.
    DoccanoLabel,
    /// doccano's `"entities": [{"start_offset", "end_offset", "label"}]`, UTF-16 code units.
    DoccanoEntities,
    /// spaCy's training shape `"entities": [[start, end, "TYPE"]]`, code points.
    EntityTriples,
    /// No spans in the line at all.
    None,
}

/// One span of a line, offsets converted to code points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The span's text as the line wrote it (already checked against the
    /// record's text).
    pub text: Option<String>,
    pub id: Option<String>,
    pub note: Option<String>,
    pub attributes: Option<Map<String, Value>>,
    pub suggested: Option<Value>,
    /// Every other field of the span object (`fragments`, Prodigy's
    /// `token_start`, …).
    pub extra: Map<String, Value>,
}

/// One line read back.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub text: String,
    pub spans: Vec<RecordSpan>,
    /// Events in gloss's shape (objects with a `trigger`).
    pub events: Vec<Event>,
    /// Relations in gloss's shape (objects with `arg1` and `arg2`).
    pub relations: Vec<Relation>,
    /// `meta.file`, the source's file name, if the line names it.
    pub file: Option<String>,
    /// The whole `meta` object.
    pub meta: Map<String, Value>,
    pub format: SpanFormat,
    /// Prodigy's `answer` (`accept`, `reject`, `ignore`), if present.
    pub answer: Option<String>,
    /// What the line holds that cannot be imported (doccano's or Prodigy's
    /// relations, say), to be reported.
    pub skipped: Losses,
}

impl Record {
    /// True for a Prodigy example a person rejected or skipped: its spans
    /// are not suggestions anyone made.
    pub fn rejected(&self) -> bool {
        matches!(self.answer.as_deref(), Some("reject" | "ignore"))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(field: impl Into<String>, expected: &'static str) -> JsonlError {
    JsonlError::WrongType {
        field: field.into(),
        expected,
    }
}

/// A non-negative integer offset.
fn offset(v: &Value, field: impl Into<String>) -> Result<usize, JsonlError> {
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| wrong(field, "a non-negative integer"))
}

/// A span as written, before its offsets are checked and converted.
struct RawSpan {
    start: usize,
    end: usize,
    label: String,
    text: Option<String>,
    id: Option<String>,
    note: Option<String>,
    attributes: Option<Map<String, Value>>,
    suggested: Option<Value>,
    extra: Map<String, Value>,
}

impl RawSpan {
    fn new(start: usize, end: usize, label: String) -> Self {
        Self {
            start,
            end,
            label,
            text: None,
            id: None,
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        }
    }

    fn name(&self, index: usize) -> String {
        format!(
            "span {index} ({:?} {}..{})",
            self.label, self.start, self.end
        )
    }
}

/// Reads one line: gloss's own jsonl (`spans`), spaCy/Prodigy spans,
/// spaCy's `"entities": [[s, e, "TYPE"]]` (code points), or doccano's
/// `label` / `labels` / `entities` lists (UTF-16 offsets, converted to code
/// points with the line's text; doccano 1.x's `data` is read as the text). Every span must lie within the text, on
/// character boundaries, start ≤ end, and match its `text` when it has one.
/// Never panics; any other input is an error naming the span.
pub fn parse_line(line: &str) -> Result<Record, JsonlError> {
    let value: Value = serde_json::from_str(line).map_err(|e| JsonlError::Json(e.to_string()))?;
    let Value::Object(obj) = value else {
        return Err(JsonlError::NotObject(kind_of(&value)));
    };
    parse_object(obj)
}

/// A line's `meta.file`, when it names one (for a record without text).
pub fn meta_file(line: &str) -> Option<String> {
    let value: Value = serde_json::from_str(line).ok()?;
    value.get("meta")?.get("file")?.as_str().map(str::to_owned)
}

/// As [`parse_line`], for a line without `"text"` (matched by `meta.file`):
/// its spans are read and checked against `text`, the document's.
pub fn parse_line_with_text(line: &str, text: &str) -> Result<Record, JsonlError> {
    let value: Value = serde_json::from_str(line).map_err(|e| JsonlError::Json(e.to_string()))?;
    let Value::Object(mut obj) = value else {
        return Err(JsonlError::NotObject(kind_of(&value)));
    };
    obj.insert("text".to_owned(), Value::String(text.to_owned()));
    parse_object(obj)
}

fn parse_object(mut obj: Map<String, Value>) -> Result<Record, JsonlError> {
    // doccano 1.x wrote the text as "data".
    let text = match obj.remove("text").or_else(|| obj.remove("data")) {
        Some(Value::String(s)) => s,
        Some(_) => return Err(wrong("text", "a string")),
        None => return Err(JsonlError::MissingText),
    };
    let mut record = Record {
        text,
        ..Record::default()
    };

    let (format, raw) = if let Some(spans) = obj.get("spans") {
        (SpanFormat::Spans, read_spans(spans)?)
    } else if let Some(entities) = obj.get("entities") {
        if is_doccano_entities(entities) {
            (
                SpanFormat::DoccanoEntities,
                read_doccano_entities(entities)?,
            )
        } else {
            // spaCy's training data: [start, end, "TYPE"] in code points.
            let triples = read_triples(entities, "entities")?;
            (SpanFormat::EntityTriples, triples)
        }
    } else if let Some((field, label)) = ["label", "labels"]
        .into_iter()
        .find_map(|f| obj.get(f).map(|v| (f, v)))
    {
        match label {
            // Prodigy's text classification: one label for the whole text.
            Value::String(_) | Value::Null => (SpanFormat::None, Vec::new()),
            _ => (SpanFormat::DoccanoLabel, read_triples(label, field)?),
        }
    } else {
        (SpanFormat::None, Vec::new())
    };
    record.format = format;
    let utf16 = matches!(
        format,
        SpanFormat::DoccanoLabel | SpanFormat::DoccanoEntities
    );
    record.spans = check_spans(&record.text, raw, utf16)?;

    if let Some(meta) = obj.remove("meta") {
        let Value::Object(meta) = meta else {
            return Err(wrong("meta", "an object"));
        };
        record.file = match meta.get("file") {
            Some(Value::String(f)) => Some(f.clone()),
            None | Some(Value::Null) => None,
            Some(_) => return Err(wrong("meta.file", "a string")),
        };
        record.meta = meta;
    }
    record.answer = obj.get("answer").and_then(Value::as_str).map(str::to_owned);
    read_events(&mut record, obj.get("events"))?;
    read_relations(&mut record, obj.get("relations"))?;
    check_ids(&record)?;
    Ok(record)
}

fn read_spans(spans: &Value) -> Result<Vec<RawSpan>, JsonlError> {
    let Value::Array(spans) = spans else {
        return Err(wrong("spans", "an array of span objects"));
    };
    let mut out = Vec::with_capacity(spans.len());
    for (index, span) in spans.iter().enumerate() {
        let Value::Object(span) = span else {
            return Err(wrong(format!("spans[{index}]"), "an object"));
        };
        let field = |name: &'static str| -> Result<usize, JsonlError> {
            let v = span
                .get(name)
                .ok_or(JsonlError::MissingOffset { index, field: name })?;
            offset(v, format!("spans[{index}].{name}"))
        };
        let (start, end) = (field("start")?, field("end")?);
        // "type" is accepted in place of "label" (gloss's own word for it).
        let label = match span.get("label").or_else(|| span.get("type")) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::String(_)) => {
                return Err(wrong(format!("spans[{index}].label"), "a non-empty string"));
            }
            Some(_) => return Err(wrong(format!("spans[{index}].label"), "a string")),
            None => return Err(JsonlError::MissingLabel { index }),
        };
        let mut raw = RawSpan::new(start, end, label);
        let string = |name: &str| -> Result<Option<String>, JsonlError> {
            match span.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(wrong(format!("spans[{index}].{name}"), "a string")),
            }
        };
        raw.text = string("text")?;
        raw.id = string("id")?;
        raw.note = string("note")?;
        raw.attributes = match span.get("attributes") {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(m.clone()),
            Some(_) => return Err(wrong(format!("spans[{index}].attributes"), "an object")),
        };
        raw.suggested = span.get("suggested").filter(|v| !v.is_null()).cloned();
        raw.extra = span
            .iter()
            .filter(|(k, _)| !SPAN_KEYS.contains(&k.as_str()) && k.as_str() != "type")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out.push(raw);
    }
    Ok(out)
}

/// doccano's newer export: a list of objects with `start_offset`.
fn is_doccano_entities(v: &Value) -> bool {
    v.as_array().is_some_and(|a| {
        a.iter().all(|e| {
            e.as_object()
                .is_some_and(|o| o.contains_key("start_offset"))
        })
    })
}

fn read_doccano_entities(entities: &Value) -> Result<Vec<RawSpan>, JsonlError> {
    let entities = entities.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut out = Vec::with_capacity(entities.len());
    for (index, e) in entities.iter().enumerate() {
        let get = |name: &'static str| -> Result<usize, JsonlError> {
            let v = e
                .get(name)
                .ok_or(JsonlError::MissingOffset { index, field: name })?;
            offset(v, format!("entities[{index}].{name}"))
        };
        let (start, end) = (get("start_offset")?, get("end_offset")?);
        let label = match e.get("label") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(_) => {
                return Err(wrong(
                    format!("entities[{index}].label"),
                    "a non-empty string",
                ));
            }
            None => return Err(JsonlError::MissingLabel { index }),
        };
        out.push(RawSpan::new(start, end, label));
    }
    Ok(out)
}

/// A list of `[start, end, "TYPE"]` in `field`.
fn read_triples(list: &Value, field: &'static str) -> Result<Vec<RawSpan>, JsonlError> {
    let Value::Array(items) = list else {
        return Err(wrong(field, "an array of [start, end, \"TYPE\"]"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let triple = match item {
            Value::Array(t) if t.len() == 3 => t,
            Value::String(_) => return Err(JsonlError::NotSpans(field)),
            _ => return Err(wrong(format!("{field}[{index}]"), "[start, end, \"TYPE\"]")),
        };
        let start = offset(&triple[0], format!("{field}[{index}][0]"))?;
        let end = offset(&triple[1], format!("{field}[{index}][1]"))?;
        let label = match &triple[2] {
            Value::String(s) if !s.is_empty() => s.clone(),
            _ => return Err(wrong(format!("{field}[{index}][2]"), "a non-empty string")),
        };
        out.push(RawSpan::new(start, end, label));
    }
    Ok(out)
}

/// Checks every span against the text and converts UTF-16 offsets.
fn check_spans(text: &str, raw: Vec<RawSpan>, utf16: bool) -> Result<Vec<RecordSpan>, JsonlError> {
    let source = SourceText::new(text.to_owned());
    let converted = if utf16 {
        let offsets: Vec<usize> = raw.iter().flat_map(|s| [s.start, s.end]).collect();
        Some(utf16::chars_from_utf16(text, &offsets))
    } else {
        None
    };
    let (len, unit) = if utf16 {
        (utf16::len(text), "UTF-16 code units")
    } else {
        (source.len_chars(), "code points")
    };
    let mut out = Vec::with_capacity(raw.len());
    for (index, raw) in raw.into_iter().enumerate() {
        let span = raw.name(index);
        if raw.start > raw.end {
            return Err(JsonlError::Reversed { span });
        }
        if raw.end > len {
            return Err(JsonlError::OutOfRange { span, len, unit });
        }
        let (start, end) = match &converted {
            None => (raw.start, raw.end),
            Some(c) => {
                let at = |i: usize, written: usize| {
                    c[i].ok_or_else(|| JsonlError::SplitsCharacter {
                        span: span.clone(),
                        offset: written,
                    })
                };
                (at(2 * index, raw.start)?, at(2 * index + 1, raw.end)?)
            }
        };
        let slice = source.slice(start, end);
        if let Some(found) = &raw.text
            && found != slice
        {
            return Err(JsonlError::TextMismatch {
                span,
                expected: slice.to_owned(),
                found: found.clone(),
            });
        }
        out.push(RecordSpan {
            start,
            end,
            label: raw.label,
            text: raw.text,
            id: raw.id,
            note: raw.note,
            attributes: raw.attributes,
            suggested: raw.suggested,
            extra: raw.extra,
        });
    }
    Ok(out)
}

fn read_events(record: &mut Record, events: Option<&Value>) -> Result<(), JsonlError> {
    let items = match events {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(wrong("events", "an array")),
    };
    let source = SourceText::new(record.text.clone());
    let mut foreign = 0;
    for (index, item) in items.iter().enumerate() {
        if !item.get("trigger").is_some_and(Value::is_object) {
            foreign += 1;
            continue;
        }
        let bad = |message: String| JsonlError::BadAnnotation {
            what: "event",
            index,
            message,
        };
        let ev: Event = serde_json::from_value(item.clone()).map_err(|e| bad(e.to_string()))?;
        let t = &ev.trigger;
        if t.start > t.end || t.end > source.len_chars() {
            return Err(bad(format!(
                "trigger {}..{} is not within the text ({} code points)",
                t.start,
                t.end,
                source.len_chars()
            )));
        }
        let slice = source.slice(t.start, t.end);
        if slice != t.text {
            return Err(bad(format!(
                "trigger text is {:?} but the text there is {slice:?}",
                t.text
            )));
        }
        record.events.push(ev);
    }
    record
        .skipped
        .add("events in another tool's format", foreign, "not imported");
    Ok(())
}

fn read_relations(record: &mut Record, relations: Option<&Value>) -> Result<(), JsonlError> {
    let items = match relations {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(wrong("relations", "an array")),
    };
    let mut foreign = 0;
    for (index, item) in items.iter().enumerate() {
        if item.get("arg1").is_none() {
            // doccano's {from_id, to_id} or Prodigy's {head, child}.
            foreign += 1;
            continue;
        }
        let rel: Relation =
            serde_json::from_value(item.clone()).map_err(|e| JsonlError::BadAnnotation {
                what: "relation",
                index,
                message: e.to_string(),
            })?;
        record.relations.push(rel);
    }
    record.skipped.add(
        "relations in another tool's format",
        foreign,
        "not imported",
    );
    Ok(())
}

/// Ids must be unique across spans, triggers, events and relations.
fn check_ids(record: &Record) -> Result<(), JsonlError> {
    let spans = record.spans.iter().filter_map(|s| s.id.as_deref());
    let events = record
        .events
        .iter()
        .flat_map(|e| [e.id.as_str(), e.trigger.id.as_str()]);
    let relations = record.relations.iter().map(|r| r.id.as_str());
    let mut seen = HashSet::new();
    for id in spans.chain(events).chain(relations) {
        if !seen.insert(id) {
            return Err(JsonlError::DuplicateId(id.to_owned()));
        }
    }
    Ok(())
}
