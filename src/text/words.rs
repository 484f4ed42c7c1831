//! Words, for `w` `b` `e` and for tagging the word under the cursor.
//!
//! A word is a run of graphemes that start with a letter or digit (combining
//! marks travel inside their grapheme). An apostrophe or hyphen between two
//! such graphemes joins them, so `al-Ba'aj` and `O'Neill` are single words,
//! and a point or comma between two digits does, so `1.5` is one word.
//!
//! This is the one word rule: CoNLL export tokenizes with it too, so a token
//! there is a word here.

use super::SourceText;

/// Whether a grapheme belongs to a word by itself: a letter or digit first.
pub fn is_word(g: &str) -> bool {
    g.chars().next().is_some_and(char::is_alphanumeric)
}

/// Whether the grapheme `joiner`, between a word grapheme ending in `before`
/// and one starting with `after`, joins them into one word.
pub fn joins(before: char, joiner: &str, after: char) -> bool {
    match joiner {
        "'" | "\u{2019}" | "-" | "\u{2010}" | "\u{2011}" => true,
        "." | "," => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => false,
    }
}

/// Whether the grapheme starting at `ch` belongs to a word.
fn in_word(text: &SourceText, ch: usize) -> bool {
    if ch >= text.len_chars() {
        return false;
    }
    let g = text.grapheme_at(ch);
    if is_word(g) {
        return true;
    }
    let next = text.next_grapheme(ch);
    if ch == 0 || next >= text.len_chars() {
        return false;
    }
    let (before, after) = (
        text.grapheme_at(text.prev_grapheme(ch)),
        text.grapheme_at(next),
    );
    match (before.chars().next_back(), after.chars().next()) {
        (Some(last), Some(first)) => is_word(before) && is_word(after) && joins(last, g, first),
        _ => false,
    }
}

/// The word containing `ch`, as code point offsets `(start, end)`.
pub fn word_at(text: &SourceText, ch: usize) -> Option<(usize, usize)> {
    let ch = text.grapheme_start(ch);
    if !in_word(text, ch) {
        return None;
    }
    let mut start = ch;
    while start > 0 {
        let prev = text.prev_grapheme(start);
        if !in_word(text, prev) {
            break;
        }
        start = prev;
    }
    let mut end = ch;
    while end < text.len_chars() && in_word(text, end) {
        end = text.next_grapheme(end);
    }
    Some((start, end))
}

/// `w`: the start of the next word after the one at `ch`.
pub fn next_word_start(text: &SourceText, ch: usize) -> usize {
    let len = text.len_chars();
    let mut p = text.grapheme_start(ch);
    while p < len && in_word(text, p) {
        p = text.next_grapheme(p);
    }
    while p < len && !in_word(text, p) {
        p = text.next_grapheme(p);
    }
    if p >= len {
        ch.min(text.last_grapheme())
    } else {
        p
    }
}

/// `b`: the start of the word before `ch` (or of the word `ch` is inside).
pub fn prev_word_start(text: &SourceText, ch: usize) -> usize {
    let mut p = text.grapheme_start(ch);
    while p > 0 {
        let prev = text.prev_grapheme(p);
        if in_word(text, prev) {
            break;
        }
        p = prev;
    }
    if p == 0 {
        return 0;
    }
    word_at(text, text.prev_grapheme(p)).map_or(0, |(s, _)| s)
}

/// `e`: the last grapheme of the word at or after the next grapheme.
pub fn word_end(text: &SourceText, ch: usize) -> usize {
    let len = text.len_chars();
    let mut p = text.next_grapheme(text.grapheme_start(ch));
    while p < len && !in_word(text, p) {
        p = text.next_grapheme(p);
    }
    match word_at(text, p) {
        Some((_, end)) => text.prev_grapheme(end),
        None => ch,
    }
}

/// Whether the bytes `start..end` of `text` stand as whole words: they
/// start and end on grapheme boundaries, and no word grapheme touches them
/// on either side, nor joins them through an apostrophe or a hyphen (so
/// `Mosul` is not whole in `NeoMosul`, `Mosuls`, `al-Mosul` or `Mosul's`).
pub fn is_whole_words(text: &str, start: usize, end: usize) -> bool {
    use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};
    let boundary = |at: usize| GraphemeCursor::new(at, text.len(), true).is_boundary(text, 0);
    if start >= end || end > text.len() || !matches!(boundary(start), Ok(true)) {
        return false;
    }
    if !matches!(boundary(end), Ok(true)) {
        return false;
    }
    let inside = &text[start..end];
    let mut before = text[..start].graphemes(true).rev();
    let mut after = text[end..].graphemes(true);
    let joined = |next_to: Option<&str>, beyond: Option<&str>, inner: Option<char>, left: bool| {
        let Some(g) = next_to else { return false };
        if is_word(g) {
            return true;
        }
        let (Some(beyond), Some(inner)) = (beyond, inner) else {
            return false;
        };
        if !is_word(beyond) {
            return false;
        }
        if left {
            beyond
                .chars()
                .next_back()
                .is_some_and(|b| joins(b, g, inner))
        } else {
            beyond.chars().next().is_some_and(|a| joins(inner, g, a))
        }
    };
    let first = inside.chars().next().filter(|_| is_word(inside));
    let last_g = inside.graphemes(true).next_back().unwrap_or("");
    let last = last_g.chars().next_back().filter(|_| is_word(last_g));
    let (b1, b2) = (before.next(), before.next());
    let (a1, a2) = (after.next(), after.next());
    !joined(b1, b2, first, true) && !joined(a1, a2, last, false)
}
