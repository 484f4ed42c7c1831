//! `*`: the same text elsewhere. Every other occurrence of an annotation's
//! text, as whole words (the one word rule, `text::words`), in the same case
//! unless the text is all lower-case, is proposed with the annotation's type
//! as a suggestion. An occurrence is left alone when an annotation of any
//! type has exactly its span (someone decided about it already: a `LOC`
//! there is not doubled by a `GPE` suggestion), or when an annotation of
//! the same type overlaps it (`Mosul` inside the GPE `Greater Mosul`).

use serde_json::{Map, json};

use std::path::Path;

use super::{Item, ItemKind};
use crate::annotation::{Document, Entity, Event, Status, Trigger};
use crate::article::{Access, Article};
use crate::corpus::Summary;
use crate::service::Service;
use crate::text::count_chars;
use crate::text::words::is_whole_words;

/// Where a suggestion made by `*` says it came from.
pub const SOURCE: &str = "gloss *";

/// The occurrences of `surface` in `text` that `*` proposes type `kind`
/// for, as code-point offsets in text order, never overlapping each other.
pub fn occurrences(text: &str, surface: &str, kind: &str, doc: &Document) -> Vec<(usize, usize)> {
    find(text, surface, kind, doc)
        .into_iter()
        .map(|o| (o.start, o.end))
        .collect()
}

/// One place `*` proposes a type for: code points, and the text there (its
/// case may differ from the annotation's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// What finds `surface`: as it is, or in any case when it is all
/// lower-case. None for an empty text.
fn matcher(surface: &str) -> Option<regex::Regex> {
    if surface.is_empty() {
        return None;
    }
    let lower = !surface.chars().any(char::is_uppercase);
    regex::RegexBuilder::new(&regex::escape(surface))
        .case_insensitive(lower)
        .build()
        .ok()
}

/// `occurrences`, each with its text.
pub fn find(text: &str, surface: &str, kind: &str, doc: &Document) -> Vec<Occurrence> {
    let Some(rx) = matcher(surface) else {
        return Vec::new();
    };
    let spans: Vec<(usize, usize, &str)> = doc
        .entities
        .iter()
        .map(|e| (e.start, e.end, e.kind.as_str()))
        .chain(
            doc.events
                .iter()
                .map(|e| (e.trigger.start, e.trigger.end, e.kind.as_str())),
        )
        .collect();
    let taken = |start: usize, end: usize| {
        spans
            .iter()
            .any(|&(s, e, k)| (s == start && e == end) || (k == kind && s < end && start < e))
    };
    let mut out = Vec::new();
    // Code points are counted as the search goes: one pass over the text.
    let (mut byte, mut ch) = (0, 0);
    let mut from = 0;
    while let Some(m) = rx.find_at(text, from) {
        let (start_b, end_b) = (m.start(), m.end());
        if !is_whole_words(text, start_b, end_b) {
            // The next try starts one character on: a whole-word occurrence
            // may begin inside this one (`aa` in `aaa aa`).
            from = start_b + text[start_b..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        ch += count_chars(&text.as_bytes()[byte..start_b]);
        let start = ch;
        ch += count_chars(m.as_str().as_bytes());
        byte = end_b;
        if !taken(start, ch) {
            out.push(Occurrence {
                start,
                end: ch,
                text: m.as_str().to_owned(),
            });
        }
        from = end_b;
    }
    out
}

/// A suggestion of type `kind` made by `*` (id `id`, over `text` at
/// `start..end`), for callers that add it through their own edit path.
pub fn suggestion(id: String, kind: &str, span: (usize, usize), text: &str) -> Entity {
    Entity {
        suggested: Some(json!({ "source": SOURCE })),
        ..Entity::new(id, kind, span, text)
    }
}

/// Adds a suggestion of type `kind` on each occurrence; returns their ids,
/// in text order.
pub fn add_suggestions(doc: &mut Document, kind: &str, found: &[Occurrence]) -> Vec<String> {
    let ids = new_ids(doc, found.len());
    for (id, o) in ids.iter().zip(found) {
        doc.entities
            .push(suggestion(id.clone(), kind, (o.start, o.end), &o.text));
    }
    doc.normalize();
    ids
}

/// The ids the next `n` spans added to `doc` get, in order (so that an
/// undoable edit can name them before it makes them).
pub fn new_ids(doc: &Document, n: usize) -> Vec<String> {
    series(doc, 'T', n)
}

fn series(doc: &Document, prefix: char, n: usize) -> Vec<String> {
    let mut next = doc.next_id(prefix);
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let after = format!("{prefix}{}", crate::annotation::ids::plus_one(&next[1..]));
        ids.push(std::mem::replace(&mut next, after));
    }
    ids
}

/// What `*` proposes: an entity type, or an event type (a suggested event
/// on each trigger, without arguments), for a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub event: bool,
    pub kind: String,
    pub surface: String,
}

/// The ids `add_proposals` will give `n` proposals: those of the items
/// (entities, or events), and every id they take (triggers too), for an
/// undoable edit to name beforehand.
pub fn planned_ids(doc: &Document, target: &Target, n: usize) -> (Vec<String>, Vec<String>) {
    let spans = new_ids(doc, n);
    if !target.event {
        return (spans.clone(), spans);
    }
    let events = series(doc, 'E', n);
    let mut all = events.clone();
    all.extend(spans);
    (events, all)
}

/// Adds a suggestion of `target`'s type on each occurrence; returns the
/// ids of the entities or events made, in text order.
pub fn add_proposals(doc: &mut Document, target: &Target, found: &[Occurrence]) -> Vec<String> {
    if !target.event {
        return add_suggestions(doc, &target.kind, found);
    }
    let (events, _) = planned_ids(doc, target, found.len());
    let triggers = new_ids(doc, found.len());
    for ((id, trigger), o) in events.iter().zip(triggers).zip(found) {
        doc.events.push(Event {
            id: id.clone(),
            kind: target.kind.clone(),
            trigger: Trigger {
                id: trigger,
                start: o.start,
                end: o.end,
                text: o.text.clone(),
                extra: Map::new(),
            },
            arguments: Vec::new(),
            note: None,
            attributes: None,
            suggested: Some(json!({ "source": SOURCE })),
            extra: Map::new(),
        });
    }
    doc.normalize();
    events
}

/// Adds a suggestion of type `kind` on each of the `occurrences` of
/// `surface` in `text`; returns their ids, in text order.
pub fn propose(doc: &mut Document, text: &str, surface: &str, kind: &str) -> Vec<String> {
    let found = find(text, surface, kind, doc);
    add_suggestions(doc, kind, &found)
}

/// What `*` did to one article saved on disk: the suggestions it added
/// (as items of a review queue) and the article's counts for the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub items: Vec<Item>,
    pub summary: Summary,
}

/// `*` in an article that is not open: read (no lock needed to read), the
/// suggestions added, and saved through the service (its lock, and only
/// over the file that was read). `Ok(None)`: nothing to propose there.
/// The error says why the article was left as it was.
pub fn propose_in_file(
    service: &Service,
    entry: usize,
    (source, sidecar): (&Path, &Path),
    annotator: Option<&str>,
    target: &Target,
) -> Result<Option<Proposed>, String> {
    let (surface, kind) = (target.surface.as_str(), target.kind.as_str());
    // Most articles do not hold the text at all: a plain UTF-8 file is
    // searched before it is decoded and its annotations read.
    if let (Some(rx), Ok(bytes)) = (matcher(surface), crate::fsread::read(source))
        && let Ok(plain) = std::str::from_utf8(&bytes)
        && !rx.is_match(plain)
    {
        return Ok(None);
    }
    let mut article = Article::open(source, sidecar, annotator);
    if let Access::ReadOnly(why) = &article.access {
        return Err(why.clone());
    }
    let found = find(article.text.as_str(), surface, kind, &article.doc);
    if found.is_empty() {
        return Ok(None);
    }
    let doc = &mut article.doc;
    let ids = add_proposals(doc, target, &found);
    // As an edit in the terminal does: the work has started.
    if doc.status == Status::Todo {
        doc.status = Status::InProgress;
    }
    let bytes = article.to_json();
    let expected = article.sidecar_sha.as_deref();
    if let Err(e) = service.save(sidecar, bytes.as_bytes(), expected) {
        return Err(crate::service::refusal(sidecar, &e).unwrap_or_else(|| e.to_string()));
    }
    let items = ids
        .into_iter()
        .zip(found)
        .map(|(id, o)| Item {
            entry,
            source: source.to_owned(),
            sidecar: sidecar.to_owned(),
            kind: ItemKind::Suggestion,
            id,
            type_: kind.to_owned(),
            start: o.start,
            end: o.end,
            text: o.text,
            problem: None,
            conflict_only: false,
        })
        .collect();
    let summary = Summary::of(&article.doc);
    Ok(Some(Proposed { items, summary }))
}
