//! CoNLL BIO: one token per line, `TOKEN TAG` with the tag (`B-TYPE`,
//! `I-TYPE` or `O`) last, a blank line after each sentence, and a
//! `-DOCSTART- -X- -X- O` line (and a blank line) opening each document.
//!
//! Tokens are split at whitespace, between words and punctuation, and at
//! every exported entity's start and end, so an entity inside a longer
//! token (`Tomasevic/Reuters`) is kept. Tokens never contain whitespace
//! (`\r` included). BIO cannot nest: of overlapping entities the outermost
//! is kept. Everything else a gloss file holds is reported in `Losses`.

use unicode_segmentation::UnicodeSegmentation;

use super::Losses;
use super::doccano::report_span_extras;
use crate::annotation::{Document, Entity};
use crate::text::{SourceText, words};

/// The line that opens every document.
pub const DOCSTART: &str = "-DOCSTART- -X- -X- O";

/// What a piece of text is, for tokenisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Punct,
}

/// A run of non-whitespace code points within one grapheme cluster.
#[derive(Debug, Clone, Copy)]
struct TextPiece {
    start: usize,
    end: usize,
    class: Class,
}

/// The document as CoNLL lines, ending with a blank line (so documents
/// can be concatenated). Offsets are the code points the file stores.
pub fn export_doc(doc: &Document, text: &SourceText, losses: &mut Losses) -> String {
    let chars: Vec<char> = text.as_str().chars().collect();
    let kept = choose_entities(doc, chars.len(), losses);

    let mut cuts: Vec<usize> = kept.iter().flat_map(|e| [e.start, e.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let tokens = split_at(&tokenize(text.as_str(), &chars), &cuts);

    let owner = owners(&tokens, &kept, losses);
    let types = type_names(&kept, losses);

    let mut out = String::with_capacity(chars.len() * 2 + 32);
    out.push_str(DOCSTART);
    out.push_str("\n\n");
    let mut previous: Option<usize> = None;
    for (i, &(s, e)) in tokens.iter().enumerate() {
        if i > 0 && owner[i].is_none_or(|k| owner[i - 1] != Some(k)) {
            let (ps, pe) = tokens[i - 1];
            if sentence_ends(&chars[ps..pe], &chars[pe..s], &chars[s..e]) {
                out.push('\n');
            }
        }
        out.extend(&chars[s..e]);
        out.push(' ');
        match owner[i] {
            Some(k) => {
                out.push_str(if previous == Some(k) { "I-" } else { "B-" });
                out.push_str(&types[k]);
            }
            None => out.push('O'),
        }
        out.push('\n');
        previous = owner[i];
    }
    if !tokens.is_empty() {
        out.push('\n');
    }

    report_span_extras(doc, losses);
    losses.add(
        "events",
        doc.events.len(),
        "not representable in CoNLL, dropped (with their triggers and arguments)",
    );
    losses.add(
        "relations",
        doc.relations.len(),
        "not representable in CoNLL, dropped",
    );
    out
}

/// The tokens written for `text` when it has no annotations (code-point
/// ranges): the items `gloss agree` labels, so its kappas count exactly the
/// lines a CoNLL export of the bare article has.
pub fn plain_tokens(text: &SourceText) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.as_str().chars().collect();
    tokenize(text.as_str(), &chars)
}

/// The entities BIO can hold: within the text, non-empty, and of any that
/// overlap the outermost (longest, then earliest). Sorted by start.
fn choose_entities<'a>(doc: &'a Document, len: usize, losses: &mut Losses) -> Vec<&'a Entity> {
    let (mut candidates, outside): (Vec<&Entity>, Vec<&Entity>) = doc
        .entities
        .iter()
        .partition(|e| e.start <= e.end && e.end <= len);
    losses.add("spans outside the text", outside.len(), "dropped");
    let empty = candidates.iter().filter(|e| e.start == e.end).count();
    losses.add("empty spans", empty, "dropped");
    candidates.retain(|e| e.start < e.end);
    candidates.sort_by_key(|e| (std::cmp::Reverse(e.end - e.start), e.start, e.end));

    // Accepted spans, disjoint and sorted by start.
    let mut kept: Vec<&Entity> = Vec::with_capacity(candidates.len());
    let mut overlapping = 0;
    for e in candidates {
        let at = kept.partition_point(|k| k.start < e.start);
        let clash_before = at > 0 && kept[at - 1].end > e.start;
        let clash_after = at < kept.len() && kept[at].start < e.end;
        if clash_before || clash_after {
            overlapping += 1;
        } else {
            kept.insert(at, e);
        }
    }
    losses.add(
        "overlapping spans",
        overlapping,
        "kept the outermost, dropped the spans inside or across it",
    );
    kept
}

/// The kept entity each token lies in (tokens never straddle one); a kept
/// span with no token in it is reported lost.
fn owners(tokens: &[(usize, usize)], kept: &[&Entity], losses: &mut Losses) -> Vec<Option<usize>> {
    let mut owner = Vec::with_capacity(tokens.len());
    let mut k = 0;
    for &(s, e) in tokens {
        while k < kept.len() && kept[k].end <= s {
            k += 1;
        }
        owner.push((k < kept.len() && kept[k].start <= s && e <= kept[k].end).then_some(k));
    }
    let mut tagged = vec![false; kept.len()];
    for &k in owner.iter().flatten() {
        tagged[k] = true;
    }
    losses.add(
        "spans over whitespace only",
        tagged.iter().filter(|t| !**t).count(),
        "dropped (no token to tag)",
    );

    owner
}

/// Each kept entity's type as one CoNLL word (spaces written as `_`).
fn type_names(kept: &[&Entity], losses: &mut Losses) -> Vec<String> {
    let mut spaced_types = 0;
    let types: Vec<String> = kept
        .iter()
        .map(|e| {
            if e.kind.contains(char::is_whitespace) || e.kind.is_empty() {
                spaced_types += 1;
                let t = e.kind.replace(char::is_whitespace, "_");
                if t.is_empty() { "_".to_owned() } else { t }
            } else {
                e.kind.clone()
            }
        })
        .collect();
    losses.add(
        "spans whose type has spaces",
        spaced_types,
        "spaces written as _",
    );

    types
}

/// Whether a sentence ends between token `prev` and token `next`, with
/// `gap` (whitespace) between them: at a line break, or after `.`, `!` or
/// `?` followed by space and a capital (or a letter of a script without
/// case).
fn sentence_ends(prev: &[char], gap: &[char], next: &[char]) -> bool {
    if gap.iter().any(|&c| is_line_break(c)) {
        return true;
    }
    let is_final = matches!(prev, ['.' | '!' | '?' | '。' | '！' | '？' | '؟']);
    let capital = next
        .first()
        .is_some_and(|&c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()));
    is_final && !gap.is_empty() && capital
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Splits the text into tokens (code point ranges): whitespace separates,
/// words and punctuation part, each punctuation mark stands alone (a run
/// of the same mark, like `...` or `--`, stays together), and a hyphen or
/// apostrophe between letters (`al-Ba'aj`) or a point or comma between
/// digits (`1.5`) stays inside the word: `text::words`' rule, so a word
/// token here is what `w` moves over.
fn tokenize(text: &str, chars: &[char]) -> Vec<(usize, usize)> {
    // Units: non-whitespace runs within a grapheme, so that a combining
    // mark stays with its letter and an emoji sequence stays whole.
    let mut units = Vec::new();
    let mut at = 0;
    for g in clusters(text) {
        let end = at + g.chars().count();
        let mut i = at;
        while i < end {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            while i < end && !chars[i].is_whitespace() {
                i += 1;
            }
            let class = if chars[start].is_alphanumeric() {
                Class::Word
            } else {
                Class::Punct
            };
            units.push(TextPiece {
                start,
                end: i,
                class,
            });
        }
        at = end;
    }

    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize, Class)> = None;
    for (i, u) in units.iter().enumerate() {
        let joins = current.is_some_and(|(_, end, class)| {
            end == u.start
                && match (class, u.class) {
                    (Class::Word, Class::Word) => true,
                    (Class::Punct, Class::Punct) => {
                        let prev = &units[i - 1];
                        chars[prev.start..prev.end] == chars[u.start..u.end]
                    }
                    (Class::Word, Class::Punct) => {
                        connects(chars, &units[i - 1], u, units.get(i + 1))
                    }
                    // A joined connector leaves the token a word, so a
                    // punctuation token never continues into a word.
                    (Class::Punct, Class::Word) => false,
                }
        });
        match (&mut current, joins) {
            (Some(cur), true) => cur.1 = u.end,
            _ => {
                if let Some((s, e, _)) = current {
                    tokens.push((s, e));
                }
                current = Some((u.start, u.end, u.class));
            }
        }
    }
    if let Some((s, e, _)) = current {
        tokens.push((s, e));
    }
    tokens
}

/// The text's grapheme clusters, exactly as `unicode_segmentation` finds
/// them, without asking it where the answer is certain: between two ASCII
/// characters (other than CR LF) a cluster always ends, so only the
/// stretches around other characters are segmented (`gloss agree`
/// tokenizes every article of a corpus).
fn clusters(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let certain_cut = |i: usize| {
        bytes[i].is_ascii()
            && bytes[i - 1].is_ascii()
            && !(bytes[i - 1] == b'\r' && bytes[i] == b'\n')
    };
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        let mut end = at + 1;
        while end < bytes.len() && !certain_cut(end) {
            end += 1;
        }
        // `at` and `end` are cluster boundaries, and ASCII bytes are whole
        // characters, so the stretch is segmented as the whole text would be.
        if end == at + 1 {
            out.push(&text[at..end]);
        } else {
            out.extend(text[at..end].graphemes(true));
        }
        at = end;
    }
    out
}

/// Whether punctuation unit `p` joins the words on both sides of it.
fn connects(chars: &[char], before: &TextPiece, p: &TextPiece, after: Option<&TextPiece>) -> bool {
    let Some(after) = after else { return false };
    if before.class != Class::Word
        || after.class != Class::Word
        || before.end != p.start
        || p.end != after.start
        || p.end - p.start != 1
    {
        return false;
    }
    let (last, next) = (chars[before.end - 1], chars[after.start]);
    let mut joiner = [0; 4];
    words::joins(last, chars[p.start].encode_utf8(&mut joiner), next)
}

/// Splits tokens at every cut (entity boundary) that falls inside one.
fn split_at(tokens: &[(usize, usize)], cuts: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(tokens.len());
    for &(s, e) in tokens {
        let from = cuts.partition_point(|&c| c <= s);
        let mut start = s;
        for &c in cuts[from..].iter().take_while(|&&c| c < e) {
            out.push((start, c));
            start = c;
        }
        out.push((start, e));
    }
    out
}

#[cfg(test)]
mod tests;
