//! `*`: the same text elsewhere. Every other occurrence of an annotation's
//! text, as whole words (the one word rule, `text::words`), in the same case
//! unless the text is all lower-case, is proposed with the annotation's type
//! as a suggestion. An occurrence is left alone when an annotation of any
//! type has exactly its span (someone decided about it already: a `LOC`
//! there is not doubled by a `GPE` suggestion), or when an annotation of
//! the same type overlaps it (`Mosul` inside the GPE `Greater Mosul`).

use serde_json::{Map, Value, json};

use crate::annotation::{Document, Entity};
use crate::text::count_chars;
use crate::text::words::is_whole_words;

/// Where a suggestion made by `*` says it came from.
pub const SOURCE: &str = "gloss *";

/// The occurrences of `surface` in `text` that `*` proposes type `kind`
/// for, as code-point offsets in text order, never overlapping each other.
pub fn occurrences(text: &str, surface: &str, kind: &str, doc: &Document) -> Vec<(usize, usize)> {
    found(text, surface, kind, doc)
        .into_iter()
        .map(|(span, _)| span)
        .collect()
}

/// `occurrences`, each with its text as found (its case may differ).
fn found<'t>(
    text: &'t str,
    surface: &str,
    kind: &str,
    doc: &Document,
) -> Vec<((usize, usize), &'t str)> {
    if surface.is_empty() {
        return Vec::new();
    }
    let lower = !surface.chars().any(char::is_uppercase);
    let Ok(rx) = regex::RegexBuilder::new(&regex::escape(surface))
        .case_insensitive(lower)
        .build()
    else {
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
            out.push(((start, ch), m.as_str()));
        }
        from = end_b;
    }
    out
}

/// A suggestion of type `kind` made by `*` (id `id`, over `text` at
/// `start..end`), for callers that add it through their own edit path.
pub fn suggestion(id: String, kind: &str, (start, end): (usize, usize), text: &str) -> Entity {
    Entity {
        id,
        kind: kind.to_owned(),
        start,
        end,
        text: text.to_owned(),
        note: None,
        attributes: None,
        suggested: Some(json!({ "source": SOURCE })),
        extra: Map::<String, Value>::new(),
    }
}

/// Adds a suggestion of type `kind` on each of the `occurrences` of
/// `surface` in `text`; returns their ids, in text order.
pub fn propose(doc: &mut Document, text: &str, surface: &str, kind: &str) -> Vec<String> {
    let found = found(text, surface, kind, doc);
    let mut ids = Vec::with_capacity(found.len());
    for (span, seen) in found {
        let id = doc.next_id('T');
        doc.entities.push(suggestion(id.clone(), kind, span, seen));
        ids.push(id);
    }
    doc.normalize();
    ids
}
