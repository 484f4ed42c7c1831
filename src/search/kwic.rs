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
    let matched: String = text[start..end].graphemes(true).map(shown).collect();
    let width = str_width(&matched);
    if width >= cells {
        return Kwic {
            matched: fit(&matched, cells).into_owned(),
            ..Kwic::default()
        };
    }
    let room = cells - width;
    let (before, after) = (&text[..start], &text[end..]);
    let left_needs = side_width(before, true, room + 1);
    let right_needs = side_width(after, false, room + 1);
    let (half_left, half_right) = (room / 2, room - room / 2);
    let (left_room, right_room) = if left_needs < half_left {
        (left_needs, room - left_needs)
    } else if right_needs < half_right {
        (room - right_needs, right_needs)
    } else {
        (half_left, half_right)
    };
    let (left, cut_left) = take_side(before, true, left_room);
    let (right, cut_right) = take_side(after, false, right_room);
    Kwic {
        left: if cut_left { "…" } else { "" }.to_owned() + &left,
        matched,
        right: right + if cut_right { "…" } else { "" },
    }
}

/// The part of a side next to the match that `room` cells can reach, when
/// it is all printable ASCII: then every byte is a grapheme of one cell
/// (no ASCII character joins its neighbour into one grapheme), and the
/// side is cut by bytes without segmenting it. One byte more is looked at
/// so that the cut itself falls between two such characters.
fn plain_ascii(side: &str, leftwards: bool, room: usize) -> Option<&str> {
    let n = side.len().min(room + 2);
    let bytes = side.as_bytes();
    let near = if leftwards {
        &bytes[bytes.len() - n..]
    } else {
        &bytes[..n]
    };
    near.iter()
        .all(|b| (b' '..=b'~').contains(b))
        .then_some(side)
}

/// The cells a side takes, counted no further than `cap`.
fn side_width(side: &str, leftwards: bool, cap: usize) -> usize {
    if plain_ascii(side, leftwards, cap).is_some() {
        return side.len().min(cap);
    }
    if leftwards {
        width_up_to(side.graphemes(true).rev(), cap)
    } else {
        width_up_to(side.graphemes(true), cap)
    }
}

/// As much of a side as fits in `room` (as shown), from the match outwards,
/// and whether some was left out (one cell then kept for the `…`).
fn take_side(side: &str, leftwards: bool, room: usize) -> (String, bool) {
    if let Some(side) = plain_ascii(side, leftwards, room) {
        if side.len() <= room {
            return (side.to_owned(), false);
        }
        let keep = room.saturating_sub(1);
        let kept = if leftwards {
            &side[side.len() - keep..]
        } else {
            &side[..keep]
        };
        return (kept.to_owned(), room > 0);
    }
    let mut parts: Vec<Cow<'_, str>> = Vec::new();
    let cut = if leftwards {
        let cut = take_within(side.graphemes(true).rev(), room, &mut parts);
        parts.reverse();
        cut
    } else {
        take_within(side.graphemes(true), room, &mut parts)
    };
    (parts.concat(), cut)
}

/// Bytes of the first `chars` code points of `s`.
fn byte_len(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(b, _)| b)
}

/// How a grapheme is shown in the line.
fn shown(g: &str) -> Cow<'_, str> {
    if g.starts_with(['\n', '\r', '\t']) {
        Cow::Borrowed(" ")
    } else {
        escape(g)
    }
}

/// The width of the graphemes, counted no further than `cap`.
fn width_up_to<'a>(graphemes: impl Iterator<Item = &'a str>, cap: usize) -> usize {
    let mut used = 0;
    for g in graphemes {
        used += str_width(&shown(g));
        if used >= cap {
            return cap;
        }
    }
    used
}

/// Takes graphemes (shown) while they fit in `room`; when not all of them
/// fit, one cell is kept for the `…` and `true` comes back.
fn take_within<'a>(
    graphemes: impl Iterator<Item = &'a str> + Clone,
    room: usize,
    out: &mut Vec<Cow<'a, str>>,
) -> bool {
    if width_up_to(graphemes.clone(), room + 1) <= room {
        out.extend(graphemes.map(shown));
        return false;
    }
    let mut used = 0;
    for g in graphemes {
        let s = shown(g);
        let w = str_width(&s);
        if used + w + 1 > room {
            break;
        }
        used += w;
        out.push(s);
    }
    room > 0
}
