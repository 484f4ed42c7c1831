//! Where a query matches in one article: code-point offsets, and the line
//! and column a person looks for, counted only for the hits.

use std::collections::BTreeMap;

use crate::annotation::Document;
use crate::text::{SourceText, count_chars};
use crate::validate::Problem;

use super::query::{AnnotationQuery, TextQuery};

/// One match in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Code points in the decoded text, `start..end`.
    pub start: usize,
    pub end: usize,
    /// The line of `start`, from 1 (lines end at `\n`).
    pub line: usize,
    /// The column of `start` in code points, from 1.
    pub column: usize,
    /// The annotation's id, for annotation queries (an event's own id for
    /// an event; none for a problem of the whole file).
    pub id: Option<String>,
    /// The annotation's type, for annotation queries.
    pub kind: Option<String>,
    /// What validation says is wrong, for `@!`.
    pub problem: Option<String>,
    /// `start..end` in bytes of the text searched, to slice it without
    /// counting code points again.
    pub bytes: std::ops::Range<usize>,
}

/// Every match of a text query in `text`, in order.
pub fn hits_in_text(q: &TextQuery, text: &str) -> Vec<Hit> {
    let mut at = Positions::new(text);
    q.find_iter(text)
        .map(|(start, end)| at.hit(start, end))
        .collect()
}

/// A span an annotation query found, in code points, before line and
/// column are known.
struct Found {
    start: usize,
    end: usize,
    id: Option<String>,
    kind: Option<String>,
    problem: Option<String>,
}

/// The annotations of `doc` that an annotation query asks for, in text
/// order. `problems` are `validate::validate`'s for this document (only
/// `@!` reads them). Offsets outside the text (an orphan's) are clamped.
pub fn hits_in_annotations(
    q: &AnnotationQuery,
    text: &SourceText,
    doc: &Document,
    problems: &[Problem],
) -> Vec<Hit> {
    let mut found = match q {
        AnnotationQuery::Type { kind, text: want } => of_type(doc, kind, want.as_ref()),
        AnnotationQuery::Suggestions => suggestions(doc),
        AnnotationQuery::Problems => flagged(doc, problems),
    };
    let len = text.len_chars();
    for f in &mut found {
        f.start = f.start.min(len);
        f.end = f.end.clamp(f.start, len);
    }
    found.sort_by_key(|f| (f.start, f.end));
    let mut at = Positions::new(text.as_str());
    found
        .into_iter()
        .map(|f| {
            let hit = at.hit(text.byte_of(f.start), text.byte_of(f.end));
            Hit {
                id: f.id,
                kind: f.kind,
                problem: f.problem,
                ..hit
            }
        })
        .collect()
}

fn of_type(doc: &Document, kind: &str, want: Option<&TextQuery>) -> Vec<Found> {
    let wanted = |text: &str| want.is_none_or(|q| q.is_match(text));
    let entities = doc
        .entities
        .iter()
        .filter(|e| e.kind == kind && wanted(&e.text))
        .map(|e| found(e.start, e.end, &e.id, &e.kind));
    let events = doc
        .events
        .iter()
        .filter(|e| e.kind == kind && wanted(&e.trigger.text))
        .map(|e| found(e.trigger.start, e.trigger.end, &e.id, &e.kind));
    entities.chain(events).collect()
}

fn suggestions(doc: &Document) -> Vec<Found> {
    let entities = doc
        .entities
        .iter()
        .filter(|e| e.suggested.is_some())
        .map(|e| found(e.start, e.end, &e.id, &e.kind));
    let events = doc
        .events
        .iter()
        .filter(|e| e.suggested.is_some())
        .map(|e| found(e.trigger.start, e.trigger.end, &e.id, &e.kind));
    // A relation sits where its first argument is.
    let relations = doc
        .relations
        .iter()
        .filter(|r| r.suggested.is_some())
        .map(|r| {
            let (start, end) = doc.span_of(&r.id).unwrap_or((0, 0));
            found(start, end, &r.id, &r.kind)
        });
    entities.chain(events).chain(relations).collect()
}

fn found(start: usize, end: usize, id: &str, kind: &str) -> Found {
    Found {
        start,
        end,
        id: Some(id.to_owned()),
        kind: Some(kind.to_owned()),
        problem: None,
    }
}

/// One hit per annotation with problems (their messages together), and
/// one at the start for the problems of the whole file.
fn flagged(doc: &Document, problems: &[Problem]) -> Vec<Found> {
    let mut by_id: BTreeMap<Option<&str>, Vec<String>> = BTreeMap::new();
    for p in problems {
        by_id
            .entry(p.id.as_deref())
            .or_default()
            .push(p.message.clone());
    }
    by_id
        .into_iter()
        .map(|(id, messages)| {
            let (start, end) = id.and_then(|id| doc.span_of(id)).unwrap_or((0, 0));
            Found {
                start,
                end,
                id: id.map(str::to_owned),
                kind: id.and_then(|id| kind_of(doc, id)).map(str::to_owned),
                problem: Some(messages.join("; ")),
            }
        })
        .collect()
}

/// The type of the annotation with this id (an event's for its trigger).
fn kind_of<'d>(doc: &'d Document, id: &str) -> Option<&'d str> {
    let entity = doc.entities.iter().find(|e| e.id == id).map(|e| &e.kind);
    let event = || {
        doc.events
            .iter()
            .find(|e| e.id == id || e.trigger.id == id)
            .map(|e| &e.kind)
    };
    let relation = || doc.relations.iter().find(|r| r.id == id).map(|r| &r.kind);
    entity.or_else(event).or_else(relation).map(String::as_str)
}

/// Line and column of byte offsets met in increasing order: each step
/// counts only the bytes since the last, so a file's hits cost one pass.
struct Positions<'t> {
    bytes: &'t [u8],
    byte: usize,
    char: usize,
    line: usize,
    /// The code point offset where the current line starts.
    line_start: usize,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            bytes: text.as_bytes(),
            byte: 0,
            char: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// Code point offset of byte `to` (not before the last one asked).
    fn advance(&mut self, to: usize) -> usize {
        let to = to.max(self.byte);
        let seg = &self.bytes[self.byte..to];
        if let Some(nl) = memchr::memrchr(b'\n', seg) {
            self.line += memchr::memchr_iter(b'\n', seg).count();
            self.line_start = self.char + count_chars(&seg[..=nl]);
        }
        self.char += count_chars(seg);
        self.byte = to;
        self.char
    }

    /// The hit at bytes `start..end` (`start` not before the last hit's).
    fn hit(&mut self, start_byte: usize, end_byte: usize) -> Hit {
        let start = self.advance(start_byte);
        let (line, column) = (self.line, start - self.line_start + 1);
        let end_byte = end_byte.max(self.byte);
        let end = start + count_chars(&self.bytes[self.byte..end_byte]);
        Hit {
            start,
            end,
            line,
            column,
            id: None,
            kind: None,
            problem: None,
            bytes: self.byte..end_byte,
        }
    }
}
