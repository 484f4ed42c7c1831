//! Text and offsets: the one module that converts between units.
//!
//! Annotations count Unicode scalar values (code points) in the decoded text,
//! as the file format requires. Rust slices by bytes, the cursor moves by
//! grapheme cluster, and the terminal draws cells. Every conversion between
//! those four units lives here (and in `layout`), so nothing else has to slice
//! text by guesswork.

mod decode;
mod escape;
pub mod layout;
pub mod utf16;
pub mod words;
mod wrap;

pub use decode::{DecodeError, Decoded, UTF8, encoding_for_label, force_encoding};
pub use escape::{Escaped, Quoted, esc, esc_path, escape, escape_output};
pub use wrap::wrap_words;

use std::borrow::Cow;

use unicode_segmentation::GraphemeCursor;
use unicode_width::UnicodeWidthStr;

/// The index counts code points per block of this many bytes; converting an
/// offset walks at most one block.
const BLOCK: usize = 64;

/// Whether a byte starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// Code points that start in `bytes` (a loop the compiler vectorises).
pub fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| starts_char(b)).count()
}

/// Columns a tab advances to (a multiple of this), as `less` does.
pub const TAB_STOP: usize = 8;

/// A decoded source text with an index for code point ⇄ byte conversion.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
    /// `chars_before[k]`: how many code points start before byte `k * BLOCK`.
    chars_before: Vec<usize>,
    chars: usize,
}

impl SourceText {
    /// Decodes a source file's bytes: UTF-8, with a leading byte-order mark
    /// dropped (offset 0 is the character after it). No newline translation.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let bom = bytes.len() - body.len();
        match std::str::from_utf8(body) {
            Ok(s) => Ok(Self::new(s.to_owned())),
            Err(e) => Err(DecodeError::NotUtf8(bom + e.valid_up_to())),
        }
    }

    /// Decodes a source file in whatever encoding it is in, and says which:
    /// UTF-8 (a BOM dropped), UTF-16 with a BOM, the encoding forced by
    /// `force_encoding`, else the one detected (see `decode`). Binary
    /// files and bytes no encoding explains for sure are refused.
    pub fn decode_any(bytes: &[u8]) -> Result<(Self, &'static str), DecodeError> {
        Self::decode_owned(bytes.to_vec()).map(|d| (d.text, d.encoding))
    }

    /// `decode_any` without copying UTF-8 input (the common case, and the
    /// one where a 10 MB copy would show). When the text's bytes are not the
    /// file's (another encoding), the file's bytes come back too, so that a
    /// caller can still hash them without reading the file again.
    pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
        Self::decode_as(bytes, decode::forced())
    }

    /// `decode_owned` for a source whose annotation file recorded the
    /// encoding its offsets count in: that one is tried before detection
    /// (a forced encoding, a BOM and UTF-8 still come first), so a source
    /// reads the same whatever detection would say today.
    pub fn decode_recorded(bytes: Vec<u8>, recorded: Option<&str>) -> Result<Decoded, DecodeError> {
        let forced = decode::forced();
        // UTF-8 and UTF-16 are told by their bytes, not by a record.
        let recorded = recorded
            .and_then(encoding_for_label)
            .filter(|e| *e != encoding_rs::UTF_8 && e.output_encoding() == *e);
        if let (None, Some(encoding)) = (forced, recorded)
            && std::str::from_utf8(&bytes).is_err()
            && !bytes.starts_with(b"\xEF\xBB\xBF")
            && decode::decodes_strictly(encoding, &bytes)
        {
            return Self::decode_as(bytes, Some(encoding));
        }
        Self::decode_as(bytes, forced)
    }

    /// `decode_owned` with `forced` (None: detect) in place of the encoding
    /// `force_encoding` set.
    pub fn decode_as(
        mut bytes: Vec<u8>,
        forced: Option<&'static encoding_rs::Encoding>,
    ) -> Result<Decoded, DecodeError> {
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        if bom {
            bytes.drain(..3);
        }
        // A byte-order mark says UTF-8 whatever was forced.
        let utf8_first = bom || forced.is_none_or(|e| e == encoding_rs::UTF_8);
        let bytes = match String::from_utf8(bytes) {
            Ok(text) if utf8_first => {
                if let Some(at) = decode::first_nul(text.as_bytes()) {
                    return Err(DecodeError::Binary(at));
                }
                // A byte-order mark is not part of the text, but of the file.
                let original = bom.then(|| [b"\xEF\xBB\xBF", text.as_bytes()].concat());
                return Ok(Decoded {
                    text: Self::new(text),
                    encoding: UTF8,
                    original,
                });
            }
            Ok(text) => text.into_bytes(),
            Err(e) if forced == Some(encoding_rs::UTF_8) => {
                let at = e.utf8_error().valid_up_to() + if bom { 3 } else { 0 };
                return Err(DecodeError::NotUtf8(at));
            }
            Err(e) => e.into_bytes(),
        };
        let (text, encoding) = decode::decode_foreign(&bytes, forced)?;
        let mut original = bytes;
        if bom {
            original.splice(0..0, *b"\xEF\xBB\xBF");
        }
        Ok(Decoded {
            text: Self::new(text),
            encoding,
            original: Some(original),
        })
    }

    pub fn new(text: String) -> Self {
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            chars_before.push(chars);
            chars += count_chars(block);
        }
        chars_before.push(chars);
        Self {
            text,
            chars_before,
            chars,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in code points (the format's `source.chars`).
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }

    /// Byte offset of code point `ch`; `len_chars()` maps to the byte length.
    pub fn byte_of(&self, ch: usize) -> usize {
        if ch >= self.chars {
            return self.text.len();
        }
        let k = self.chars_before.partition_point(|&c| c <= ch) - 1;
        let mut skip = ch - self.chars_before[k];
        let bytes = self.text.as_bytes();
        for (i, &b) in bytes.iter().enumerate().skip(k * BLOCK) {
            if starts_char(b) {
                if skip == 0 {
                    return i;
                }
                skip -= 1;
            }
        }
        self.text.len()
    }

    /// Code point index of the character that contains byte `byte`.
    pub fn char_of(&self, byte: usize) -> usize {
        if byte >= self.text.len() {
            return self.chars;
        }
        let k = byte / BLOCK;
        let within = count_chars(&self.text.as_bytes()[k * BLOCK..=byte]);
        self.chars_before[k] + within - 1
    }

    /// The text between two code point offsets (clamped to the text).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let (s, e) = (self.byte_of(start.min(end)), self.byte_of(end));
        &self.text[s..e]
    }

    /// The character at code point `ch`, if any.
    pub fn char_at(&self, ch: usize) -> Option<char> {
        self.text[self.byte_of(ch)..].chars().next()
    }

    /// Start of the grapheme after the one containing `ch` (or the end).
    pub fn next_grapheme(&self, ch: usize) -> usize {
        let byte = self.byte_of(ch);
        let mut cur = GraphemeCursor::new(byte, self.text.len(), true);
        match cur.next_boundary(&self.text, 0) {
            Ok(Some(b)) => self.char_of_boundary(byte, ch, b),
            _ => self.chars,
        }
    }

    /// Start of the grapheme before the one starting at `ch` (or 0).
    pub fn prev_grapheme(&self, ch: usize) -> usize {
        let byte = self.byte_of(ch);
        let mut cur = GraphemeCursor::new(byte, self.text.len(), true);
        match cur.prev_boundary(&self.text, 0) {
            Ok(Some(b)) => self.char_of(b),
            _ => 0,
        }
    }

    /// Snaps `ch` to the start of the grapheme that contains it.
    pub fn grapheme_start(&self, ch: usize) -> usize {
        let ch = ch.min(self.chars);
        let byte = self.byte_of(ch);
        let mut cur = GraphemeCursor::new(byte, self.text.len(), true);
        if matches!(cur.is_boundary(&self.text, 0), Ok(true)) {
            ch
        } else {
            self.prev_grapheme(ch)
        }
    }

    /// The grapheme starting at code point `ch`.
    pub fn grapheme_at(&self, ch: usize) -> &str {
        self.slice(ch, self.next_grapheme(ch))
    }

    /// Start of the last grapheme, where the cursor goes for "end of text".
    pub fn last_grapheme(&self) -> usize {
        self.prev_grapheme(self.chars)
    }

    fn char_of_boundary(&self, from_byte: usize, from_char: usize, to_byte: usize) -> usize {
        from_char + self.text[from_byte..to_byte].chars().count()
    }

    /// Code point offsets of every match of `needle`, starting the search at
    /// code point `from` and wrapping around. Returns the first one found.
    pub fn find_from(&self, needle: &str, from: usize, backwards: bool) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        let hay = &self.text;
        let (lower_hay, lower_needle);
        // Smart case, as in less -i and vim's smartcase: an all-lowercase
        // query ignores case.
        let (hay, needle): (&str, &str) = if needle.chars().any(char::is_uppercase) {
            (hay, needle)
        } else {
            lower_hay = ascii_fold(hay);
            lower_needle = ascii_fold(needle);
            (&lower_hay, &lower_needle)
        };
        let from_byte = self.byte_of(from);
        // Backwards: the last match that starts before `from` (it may run
        // past it); wrapping around, the last match of all. Forwards: the
        // first match after the grapheme at `from`, else the first of all.
        let found = if backwards {
            let mut end = (from_byte + needle.len() - 1).min(hay.len());
            while !hay.is_char_boundary(end) {
                end -= 1;
            }
            hay[..end].rfind(needle).or_else(|| hay.rfind(needle))
        } else {
            let start = self.byte_of(self.next_grapheme(from)).min(hay.len());
            hay[start..]
                .find(needle)
                .map(|b| b + start)
                .or_else(|| hay.find(needle))
        };
        found.map(|b| self.char_of(b))
    }
}

impl SourceText {
    /// Code point offsets of the matches of `needle` (smart case, as
    /// `find_from`) that start in `from..to`, in order, not overlapping.
    pub fn matches_in(&self, needle: &str, from: usize, to: usize) -> Vec<usize> {
        if needle.is_empty() || from >= to {
            return Vec::new();
        }
        let start = self.byte_of(from);
        let mut end = (self.byte_of(to.min(self.chars)) + needle.len() - 1).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let hay = &self.text[start..end];
        let found: Vec<usize> = if needle.chars().any(char::is_uppercase) {
            hay.match_indices(needle).map(|(b, _)| b).collect()
        } else {
            let needle = ascii_fold(needle);
            ascii_fold(hay)
                .match_indices(needle.as_ref())
                .map(|(b, _)| b)
                .collect()
        };
        found.into_iter().map(|b| self.char_of(start + b)).collect()
    }
}

/// Lowercases ASCII only, so byte offsets stay those of the original text.
fn ascii_fold(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// What one grapheme looks like on screen at column `col`: the symbol drawn
/// and the cells it takes. Tabs expand to the next tab stop; control and
/// bidi-control characters are made visible (by the rules `escape` uses for
/// what gloss prints); line ends take no room.
pub fn display(grapheme: &str, col: usize) -> (Cow<'_, str>, usize) {
    let mut chars = grapheme.chars();
    let first = chars.next().unwrap_or('\n');
    match first {
        '\n' => (Cow::Borrowed(""), 0),
        '\r' if grapheme == "\r\n" => (Cow::Borrowed(""), 0),
        '\t' => {
            let w = TAB_STOP - col % TAB_STOP;
            (Cow::Owned(" ".repeat(w)), w)
        }
        c => match escape::shown_as(c) {
            Some(shown) => {
                let s = shown.to_string();
                let w = s.len();
                (Cow::Owned(s), w)
            }
            None => (Cow::Borrowed(grapheme), UnicodeWidthStr::width(grapheme)),
        },
    }
}

/// Width in cells of a plain string (labels, titles), as the terminal draws it.
pub fn str_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` fitted in `cells` (`fit`) and padded with spaces to exactly that
/// width: a column of a table, whatever the characters' widths.
pub fn fit_pad(s: &str, cells: usize) -> String {
    let shown = fit(s, cells);
    let fill = cells.saturating_sub(str_width(&shown));
    format!("{shown}{}", " ".repeat(fill))
}

/// The longest prefix of `s` that fits in `cells`, cut at a grapheme boundary,
/// with `…` when it was cut.
pub fn fit(s: &str, cells: usize) -> Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    if str_width(s) <= cells {
        return Cow::Borrowed(s);
    }
    if cells == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = str_width(g);
        if used + w > cells - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// The longest suffix of `s` at most `cells` wide, cut at a grapheme
/// boundary (the text before an item, shown up to it).
pub fn suffix_within(s: &str, cells: usize) -> &str {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0;
    for (at, g) in s.grapheme_indices(true).rev() {
        used += str_width(g);
        if used > cells {
            return &s[at + g.len()..];
        }
    }
    s
}

/// The longest prefix of `s` at most `cells` wide, cut at a grapheme
/// boundary. It reads only as far as that prefix: a 30 MB line costs what
/// a screen of it costs.
pub fn prefix_within(s: &str, cells: usize) -> &str {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0;
    for (at, g) in s.grapheme_indices(true) {
        used += str_width(g);
        if used > cells {
            return &s[..at];
        }
    }
    s
}

#[cfg(test)]
pub(crate) mod tests;
