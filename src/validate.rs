//! Checks of an annotation file against its source text and the schema.
//! `gloss validate` prints these; opening an article uses the same checks to
//! decide whether the file can be edited safely.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::{Map, Value};

use crate::annotation::span_extras::{FRAGMENTS, SpanExtras};
use crate::annotation::{Document, Event};
use crate::schema::{Kind, Schema, accepts};
use crate::text::{Quoted, SourceText, esc};

/// What is wrong, so callers tell problems apart by kind rather than by
/// the wording of their message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The span was not found again after the source changed.
    Orphaned,
    /// Offsets outside the text, or an empty span.
    OutOfText,
    /// The stored `text` differs from the source at its offsets.
    TextMismatch,
    /// A discontinuous span's fragments are out of order or outside it.
    BadFragments,
    /// The annotations were made on another version of the source.
    SourceChanged,
    /// `source.chars` differs from the text's length.
    LengthMismatch,
    DuplicateId,
    /// A reference to an annotation that does not exist.
    DanglingReference,
    /// A type, role or attribute the schema does not have.
    NotInSchema,
    /// A required role unfilled, or a single role filled more than once.
    RoleCount,
    /// An argument whose type the role (or relation end) does not take.
    RoleType,
    /// An attribute that does not apply, or a value it does not allow.
    AttributeValue,
    /// The annotation file could not be read or parsed.
    Unreadable,
    /// Two versions of an annotation from a merge (or one the other side
    /// deleted) that nobody has settled yet.
    Conflict,
}

/// One thing wrong with an annotation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The annotation at fault, if it is one annotation.
    pub id: Option<String>,
    pub kind: ProblemKind,
    pub message: String,
}

impl Problem {
    fn of(id: &str, kind: ProblemKind, message: String) -> Self {
        Self {
            id: Some(id.to_owned()),
            kind,
            message,
        }
    }

    /// A problem of the whole file rather than of one annotation.
    pub fn file(kind: ProblemKind, message: String) -> Self {
        Self {
            id: None,
            kind,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Ids and messages quote what a file holds: shown, never obeyed.
        let message = esc(&self.message);
        match &self.id {
            Some(id) => write!(f, "{}: {message}", esc(id)),
            None => write!(f, "{message}"),
        }
    }
}

/// Offsets inside the text and every `text` equal to its slice.
pub fn check_spans(doc: &Document, text: &SourceText) -> Vec<Problem> {
    let len = text.len_chars();
    let entities = doc
        .entities
        .iter()
        .map(|e| (&e.id, e.start, e.end, &e.text, &e.extra));
    let triggers = doc.events.iter().map(|e| {
        let t = &e.trigger;
        (&t.id, t.start, t.end, &t.text, &t.extra)
    });
    let mut out = Vec::new();
    for (id, start, end, stored, extra) in entities.chain(triggers) {
        if start >= end || end > len {
            out.push(Problem::of(
                id,
                ProblemKind::OutOfText,
                format!("offsets {start}..{end} are outside the text (0..{len}) or empty"),
            ));
            continue;
        }
        let actual = text.slice(start, end);
        if crate::reanchor::is_orphan(extra) {
            out.push(Problem::of(
                id, ProblemKind::Orphaned,
                format!("orphaned: {} was not found again after the source changed; tag it anew and delete this one", Quoted(stored)),
            ));
            continue;
        }
        if let Some(problem) = check_fragments(id, start, end, extra) {
            out.push(problem);
        }
        if actual != stored {
            out.push(Problem::of(
                id,
                ProblemKind::TextMismatch,
                format!(
                    "text {} does not match the source at {start}..{end}, which reads {}",
                    Quoted(stored),
                    Quoted(actual)
                ),
            ));
        }
    }
    out
}

/// A discontinuous span's `fragments` ([[start, end], …]) lie in order
/// inside its `start..end`, from its first character to its last.
fn check_fragments(
    id: &str,
    start: usize,
    end: usize,
    extra: &Map<String, Value>,
) -> Option<Problem> {
    let frags = extra.get(FRAGMENTS)?;
    let ok = SpanExtras::read(extra).fragments?.fit(start, end);
    (!ok).then(|| {
        Problem::of(
            id,
            ProblemKind::BadFragments,
            format!("fragments {frags} do not lie in order within {start}..{end}"),
        )
    })
}

/// Ids unique, and every reference pointing at an annotation that exists.
pub fn check_ids(doc: &Document) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    // A trigger shared by several events (as brat allows) repeats its id
    // and span in each of them: that is one annotation, not two.
    let mut triggers: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut ids: Vec<&String> = doc.entities.iter().map(|e| &e.id).collect();
    for ev in &doc.events {
        ids.push(&ev.id);
        let t = &ev.trigger;
        if triggers.insert(&t.id, (t.start, t.end)) != Some((t.start, t.end)) {
            ids.push(&t.id);
        }
    }
    ids.extend(doc.relations.iter().map(|r| &r.id));
    for id in ids {
        if !seen.insert(id.as_str()) {
            out.push(Problem::of(
                id,
                ProblemKind::DuplicateId,
                "id is used more than once".into(),
            ));
        }
    }
    for ev in &doc.events {
        for arg in &ev.arguments {
            if !seen.contains(arg.target.as_str()) {
                out.push(Problem::of(
                    &ev.id,
                    ProblemKind::DanglingReference,
                    format!(
                        "argument {} refers to {}, which does not exist",
                        arg.role, arg.target
                    ),
                ));
            }
        }
    }
    for r in &doc.relations {
        for (name, target) in [("arg1", &r.arg1), ("arg2", &r.arg2)] {
            if !seen.contains(target.as_str()) {
                out.push(Problem::of(
                    &r.id,
                    ProblemKind::DanglingReference,
                    format!("{name} refers to {target}, which does not exist"),
                ));
            }
        }
    }
    out
}

/// Types, roles, argument types, role counts and attributes, as the schema
/// allows them.
pub fn check_schema(doc: &Document, schema: &Schema) -> Vec<Problem> {
    let mut out = Vec::new();
    check_entity_types(&mut out, doc, schema);
    for ev in &doc.events {
        check_event(&mut out, doc, schema, ev);
    }
    check_relation_types(&mut out, doc, schema);
    out
}

fn check_entity_types(out: &mut Vec<Problem>, doc: &Document, schema: &Schema) {
    for e in &doc.entities {
        if schema.entity_type(&e.kind).is_none() {
            out.push(Problem::of(
                &e.id,
                ProblemKind::NotInSchema,
                format!("type {} is not in the schema", Quoted(&e.kind)),
            ));
        }
        check_attributes(
            out,
            schema,
            &e.id,
            Kind::Entity,
            &e.kind,
            e.attributes.as_ref(),
        );
    }
}

/// An event's type, attributes, roles, argument types and role counts.
fn check_event(out: &mut Vec<Problem>, doc: &Document, schema: &Schema, ev: &Event) {
    check_attributes(
        out,
        schema,
        &ev.id,
        Kind::Event,
        &ev.kind,
        ev.attributes.as_ref(),
    );
    let Some(ty) = schema.event_type(&ev.kind) else {
        out.push(Problem::of(
            &ev.id,
            ProblemKind::NotInSchema,
            format!("event type {} is not in the schema", Quoted(&ev.kind)),
        ));
        return;
    };
    for arg in &ev.arguments {
        let Some(role) = ty.role(&arg.role) else {
            out.push(Problem::of(
                &ev.id,
                ProblemKind::NotInSchema,
                format!("role {} is not a role of {}", Quoted(&arg.role), ev.kind),
            ));
            continue;
        };
        if let Some((kind, target_type)) = doc.kind_of(&arg.target)
            && !accepts(&role.types, kind, target_type)
        {
            out.push(Problem::of(
                &ev.id,
                ProblemKind::RoleType,
                format!(
                    "role {} cannot take {} ({target_type}); it takes {}",
                    role.role,
                    arg.target,
                    role.types.join(", ")
                ),
            ));
        }
    }
    for role in &ty.roles {
        let n = ev.arguments.iter().filter(|a| a.role == role.role).count();
        if n == 0 && role.count.required() {
            out.push(Problem::of(
                &ev.id,
                ProblemKind::RoleCount,
                format!("required role {} is not filled", role.role),
            ));
        } else if n > 1 && role.count.at_most_one() {
            out.push(Problem::of(
                &ev.id,
                ProblemKind::RoleCount,
                format!(
                    "role {} is filled {n} times; it takes at most one",
                    role.role
                ),
            ));
        }
    }
}

fn check_relation_types(out: &mut Vec<Problem>, doc: &Document, schema: &Schema) {
    for r in &doc.relations {
        check_attributes(
            out,
            schema,
            &r.id,
            Kind::Relation,
            &r.kind,
            r.attributes.as_ref(),
        );
        let Some(ty) = schema.relation_type(&r.kind) else {
            out.push(Problem::of(
                &r.id,
                ProblemKind::NotInSchema,
                format!("relation type {} is not in the schema", Quoted(&r.kind)),
            ));
            continue;
        };
        for (end, target, types) in [("arg1", &r.arg1, &ty.arg1), ("arg2", &r.arg2, &ty.arg2)] {
            if let Some((kind, target_type)) = doc.kind_of(target)
                && !accepts(types, kind, target_type)
            {
                out.push(Problem::of(
                    &r.id,
                    ProblemKind::RoleType,
                    format!(
                        "{end} of {} cannot be {target} ({target_type}); it takes {}",
                        r.kind,
                        types.join(", ")
                    ),
                ));
            }
        }
    }
}

fn check_attributes(
    out: &mut Vec<Problem>,
    schema: &Schema,
    id: &str,
    kind: Kind,
    type_name: &str,
    attributes: Option<&Map<String, Value>>,
) {
    for (name, value) in attributes.into_iter().flatten() {
        let Some(def) = schema.attribute(name) else {
            out.push(Problem::of(
                id,
                ProblemKind::NotInSchema,
                format!("attribute {} is not in the schema", Quoted(name)),
            ));
            continue;
        };
        if !def.applies_to(kind, type_name) {
            out.push(Problem::of(
                id,
                ProblemKind::AttributeValue,
                format!("attribute {name} does not apply to {type_name}"),
            ));
        } else if def.is_binary() {
            if value != &Value::Bool(true) {
                out.push(Problem::of(
                    id,
                    ProblemKind::AttributeValue,
                    format!("attribute {name} is binary: its value must be true, not {value}"),
                ));
            }
        } else if !value
            .as_str()
            .is_some_and(|v| def.values.iter().any(|d| d == v))
        {
            out.push(Problem::of(
                id,
                ProblemKind::AttributeValue,
                format!(
                    "attribute {name} has value {value}, which is not one of {}",
                    def.values.join(", ")
                ),
            ));
        }
    }
}

/// The source the annotations were made on is the one on disk.
pub fn check_source(doc: &Document, text: &SourceText, sha256: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    if doc.source.sha256 != sha256 {
        out.push(Problem::file(
            ProblemKind::SourceChanged,
            format!(
                "the source changed since the annotations were saved (sha256 {} on file, {} now)",
                short(&doc.source.sha256),
                short(sha256)
            ),
        ));
    }
    if doc.source.chars != text.len_chars() {
        out.push(Problem::file(
            ProblemKind::LengthMismatch,
            format!(
                "source.chars is {} but the text has {} characters",
                doc.source.chars,
                text.len_chars()
            ),
        ));
    }
    out
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The merge conflicts (`conflict` marks) nobody has settled: one problem
/// per version, naming both.
pub fn check_conflicts(doc: &Document) -> Vec<Problem> {
    crate::merge::live_conflicts(doc)
        .iter()
        .map(|live| {
            let message = crate::merge::marks::describe(live, doc);
            Problem::of(&live.id, ProblemKind::Conflict, message)
        })
        .collect()
}

/// Everything `gloss validate` checks, in a stable order.
pub fn validate(doc: &Document, text: &SourceText, sha256: &str, schema: &Schema) -> Vec<Problem> {
    let mut out = check_source(doc, text, sha256);
    out.extend(check_spans(doc, text));
    out.extend(check_ids(doc));
    out.extend(check_schema(doc, schema));
    out.extend(check_conflicts(doc));
    out
}

#[cfg(test)]
mod tests;
