//! Offsets in UTF-16 code units (what doccano and JavaScript count) to and
//! from the code points gloss stores, in one pass over the text however many
//! offsets are asked for.

/// The UTF-16 offset of code point `cp` in `text`; offsets past the end
/// clamp to the text's UTF-16 length.
pub fn utf16_offset(text: &str, cp: usize) -> usize {
    utf16_from_chars(text, &[cp])[0].unwrap_or_else(|| len(text))
}

/// The code point offset of UTF-16 offset `utf16` in `text` (the inverse of
/// [`utf16_offset`]); `None` when it lies past the end or between the two
/// halves of a surrogate pair (inside one character).
pub fn char_offset(text: &str, utf16: usize) -> Option<usize> {
    chars_from_utf16(text, &[utf16])[0]
}

/// Converts many code point offsets to UTF-16 offsets in one pass over the
/// text; `None` for an offset past the end.
pub fn utf16_from_chars(text: &str, offsets: &[usize]) -> Vec<Option<usize>> {
    convert(text, offsets, |cp, _| cp, |_, u| u)
}

/// Converts many UTF-16 offsets to code point offsets in one pass over the
/// text; `None` for an offset past the end or inside a surrogate pair.
pub fn chars_from_utf16(text: &str, offsets: &[usize]) -> Vec<Option<usize>> {
    convert(text, offsets, |_, u| u, |cp, _| cp)
}

/// The text's length in UTF-16 code units.
pub fn len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Walks the text once, counting code points and UTF-16 units together.
/// `key` gives the position in the input unit, `value` the one returned.
fn convert(
    text: &str,
    offsets: &[usize],
    key: impl Fn(usize, usize) -> usize,
    value: impl Fn(usize, usize) -> usize,
) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![None; offsets.len()];
    let mut chars = text.chars();
    let (mut cp, mut u) = (0usize, 0usize);
    let mut pending = order.into_iter().peekable();
    while let Some(&i) = pending.peek() {
        let want = offsets[i];
        let here = key(cp, u);
        if want <= here {
            // Below `here` means inside the character just passed.
            if want == here {
                out[i] = Some(value(cp, u));
            }
            pending.next();
            continue;
        }
        match chars.next() {
            Some(c) => {
                cp += 1;
                u += c.len_utf16();
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_inverse_and_refuse_half_characters() {
        let text = "a😀b\r\né";
        // code points: a 😀 b \r \n é ; UTF-16: a (2) b \r \n é
        assert_eq!(utf16_offset(text, 0), 0);
        assert_eq!(utf16_offset(text, 1), 1);
        assert_eq!(utf16_offset(text, 2), 3);
        assert_eq!(utf16_offset(text, 6), 7);
        assert_eq!(utf16_offset(text, 99), 7, "clamped to the end");
        assert_eq!(char_offset(text, 3), Some(2));
        assert_eq!(char_offset(text, 2), None, "inside the surrogate pair");
        assert_eq!(char_offset(text, 7), Some(6));
        assert_eq!(char_offset(text, 8), None, "past the end");
        assert_eq!(
            chars_from_utf16(text, &[7, 0, 2, 3, 3]),
            vec![Some(6), Some(0), None, Some(2), Some(2)]
        );
        assert_eq!(
            utf16_from_chars(text, &[6, 0, 7]),
            vec![Some(7), Some(0), None]
        );
        assert_eq!(utf16_offset("", 0), 0);
        assert_eq!(char_offset("", 0), Some(0));
    }
}
