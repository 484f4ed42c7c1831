//! A keyword-in-context line: the match with as much text either side as
//! fits a width, line breaks and tabs shown as spaces, control characters
//! made visible as everywhere in gloss, a cut side marked with `…`.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::{escape, fit, str_width};

/// The three parts of a keyword-in-context line, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kwic {
    /// The text before the match (`…` first when cut).
    pub left: String,
    pub matched: String,
    /// The text after the match (`…` last when cut).
    pub right: String,
}

impl Kwic {
    /// Its width in terminal cells.
    pub fn width(&self) -> usize {
        str_width(&self.left) + str_width(&self.matched) + str_width(&self.right)
    }
}

/// The context of code points `start..end` of `text` in `cells` cells.
/// The match is kept whole unless it alone is wider than `cells`; the
/// room left is shared between the sides, a short side leaving its share
/// to the other.
pub fn kwic(text: &str, start: usize, end: usize, cells: usize) -> Kwic {
    let byte = |ch: usize| text.char_indices().nth(ch).map_or(text.len(), |(b, _)| b);
    let start_byte = byte(start);
    let end_byte = start_byte + byte_len(&text[start_byte..], end.saturating_sub(start));
    kwic_bytes(text, start_byte, end_byte, cells)
}

/// `kwic` with byte offsets (on character boundaries) instead.
pub fn kwic_bytes(text: &str, start: usize, end: usize, cells: usize) -> Kwic {
    let matched = shown_all(&text[start..end]);
    let width = str_width(&matched);
    if width >= cells {
        return Kwic {
            matched: fit(&matched, cells).into_owned(),
            ..Kwic::default()
        };
    }
    let room = cells - width;
    let left = Side::new(&text[..start], true, room + 1);
    let right = Side::new(&text[end..], false, room + 1);
    let (left_needs, right_needs) = (left.needs(room + 1), right.needs(room + 1));
    let (half_left, half_right) = (room / 2, room - room / 2);
    let (left_room, right_room) = if left_needs < half_left {
        (left_needs, room - left_needs)
    } else if right_needs < half_right {
        (room - right_needs, right_needs)
    } else {
        (half_left, half_right)
    };
    let (left, cut_left) = left.take(left_room);
    let (right, cut_right) = right.take(right_room);
    Kwic {
        left: if cut_left { "…" } else { "" }.to_owned() + &left,
        matched,
        right: right + if cut_right { "…" } else { "" },
    }
}

/// One side of the match, read as far as it can be shown and no further.
enum Side<'a> {
    /// Printable ASCII as far as `cap` cells reach, and one byte more: then
    /// every byte is a grapheme of one cell (no ASCII character joins its
    /// neighbour into one grapheme), and the side is cut by bytes.
    Ascii { text: &'a str, leftwards: bool },
    /// Graphemes as shown, with their widths, nearest the match first, up
    /// to the first past `cap` cells; `whole` when the side ended first.
    Graphemes {
        parts: Vec<(Cow<'a, str>, usize)>,
        whole: bool,
        leftwards: bool,
    },
}

impl<'a> Side<'a> {
    fn new(text: &'a str, leftwards: bool, cap: usize) -> Self {
        let n = text.len().min(cap + 1);
        let bytes = text.as_bytes();
        let near = if leftwards {
            &bytes[bytes.len() - n..]
        } else {
            &bytes[..n]
        };
        if near.iter().all(|b| (b' '..=b'~').contains(b)) {
            return Side::Ascii { text, leftwards };
        }
        let graphemes: Box<dyn Iterator<Item = &'a str>> = if leftwards {
            Box::new(text.graphemes(true).rev())
        } else {
            Box::new(text.graphemes(true))
        };
        let (mut parts, mut used) = (Vec::new(), 0);
        for g in graphemes {
            if used > cap {
                return Side::Graphemes {
                    parts,
                    whole: false,
                    leftwards,
                };
            }
            let s = shown(g);
            let w = str_width(&s);
            used += w;
            parts.push((s, w));
        }
        Side::Graphemes {
            parts,
            whole: true,
            leftwards,
        }
    }

    /// The cells it takes, counted no further than `cap`.
    fn needs(&self, cap: usize) -> usize {
        match self {
            Side::Ascii { text, .. } => text.len().min(cap),
            Side::Graphemes { parts, .. } => parts.iter().map(|p| p.1).sum::<usize>().min(cap),
        }
    }

    /// As much as fits in `room`, from the match outwards, and whether some
    /// was left out (one cell then kept for the `…`).
    fn take(self, room: usize) -> (String, bool) {
        match self {
            Side::Ascii { text, leftwards } => {
                if text.len() <= room {
                    return (text.to_owned(), false);
                }
                let keep = room.saturating_sub(1);
                let kept = if leftwards {
                    &text[text.len() - keep..]
                } else {
                    &text[..keep]
                };
                (kept.to_owned(), room > 0)
            }
            Side::Graphemes {
                parts,
                whole,
                leftwards,
            } => {
                let total: usize = parts.iter().map(|p| p.1).sum();
                let all = whole && total <= room;
                let limit = if all { room } else { room.saturating_sub(1) };
                let mut used = 0;
                let mut kept: Vec<&str> = Vec::new();
                for (s, w) in &parts {
                    if used + w > limit {
                        break;
                    }
                    used += w;
                    kept.push(s);
                }
                // The left side was read from the match leftwards.
                if leftwards {
                    kept.reverse();
                }
                (kept.concat(), !all && room > 0)
            }
        }
    }
}

/// Bytes of the first `chars` code points of `s`.
fn byte_len(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(b, _)| b)
}

/// How a text is shown in the line (printable ASCII as it is).
fn shown_all(text: &str) -> String {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.to_owned();
    }
    text.graphemes(true).map(shown).collect()
}

/// How a grapheme is shown in the line.
fn shown(g: &str) -> Cow<'_, str> {
    if g.starts_with(['\n', '\r', '\t']) {
        Cow::Borrowed(" ")
    } else {
        escape(g)
    }
}
