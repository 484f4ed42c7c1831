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
