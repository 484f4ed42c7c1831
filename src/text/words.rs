//! Words, for `w` `b` `e` and for tagging the word under the cursor.
//!
//! A word is a run of graphemes that start with a letter or digit (combining
//! marks travel inside their grapheme). An apostrophe or hyphen between two
//! such graphemes joins them, so `al-Ba'aj` and `O'Neill` are single words.

use super::SourceText;

fn is_word(g: &str) -> bool {
    g.chars().next().is_some_and(char::is_alphanumeric)
}

fn is_joiner(g: &str) -> bool {
    matches!(g, "'" | "\u{2019}" | "-" | "\u{2010}" | "\u{2011}")
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
    if is_joiner(g) && ch > 0 {
        let next = text.next_grapheme(ch);
        return next < text.len_chars()
            && is_word(text.grapheme_at(text.prev_grapheme(ch)))
            && is_word(text.grapheme_at(next));
    }
    false
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
