use proptest::prelude::*;

use super::layout::{Attach, Layout, Marker, Piece, Row};
use super::words::{next_word_start, prev_word_start, word_at, word_end};
use super::*;

fn st(s: &str) -> SourceText {
    SourceText::new(s.to_owned())
}

/// Checks both directions of the offset conversion for every code point and
/// every byte of `s`.
fn assert_offsets_agree(s: &str) {
    let t = st(s);
    let starts: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
    assert_eq!(t.len_chars(), starts.len());
    for (c, &b) in starts.iter().enumerate() {
        assert_eq!(t.byte_of(c), b, "byte_of({c}) in {s:?}");
        assert_eq!(t.char_of(b), c, "char_of({b}) in {s:?}");
    }
    assert_eq!(t.byte_of(starts.len()), s.len());
    assert_eq!(t.char_of(s.len()), starts.len());
    // A byte inside a character belongs to that character.
    for b in 0..s.len() {
        let c = starts.partition_point(|&x| x <= b) - 1;
        assert_eq!(t.char_of(b), c, "char_of({b}) in {s:?}");
    }
}

// ---------------------------------------------------------------- offsets

#[test]
fn ascii_offsets_are_bytes() {
    let t = st("hello");
    assert_eq!(t.len_chars(), 5);
    assert!(!t.is_empty());
    for i in 0..=5 {
        assert_eq!(t.byte_of(i), i);
        assert_eq!(t.char_of(i), i);
    }
    assert_eq!(t.slice(1, 4), "ell");
    assert_eq!(t.char_at(4), Some('o'));
    assert_eq!(t.char_at(5), None);
    // Past the end clamps to the length.
    assert_eq!(t.byte_of(99), 5);
    assert_eq!(t.char_of(99), 5);
    assert_offsets_agree("hello");
}

#[test]
fn precomposed_accents_count_one_code_point() {
    let t = st("café!");
    assert_eq!(t.len_chars(), 5);
    assert_eq!(t.as_str().len(), 6);
    assert_eq!(t.byte_of(3), 3);
    assert_eq!(t.byte_of(4), 5);
    assert_eq!(t.char_of(4), 3, "the second byte of é is inside é");
    assert_eq!(t.char_of(5), 4);
    assert_eq!(t.slice(3, 4), "é");
    assert_eq!(t.char_at(3), Some('é'));
    assert_offsets_agree("café!");
}

#[test]
fn combining_marks_are_their_own_code_points_but_not_graphemes() {
    let t = st("e\u{301}x");
    assert_eq!(t.len_chars(), 3);
    assert_eq!(t.byte_of(1), 1);
    assert_eq!(t.byte_of(2), 3);
    assert_eq!(t.char_of(2), 1);
    assert_eq!(t.slice(0, 2), "e\u{301}");
    assert_eq!(t.next_grapheme(0), 2);
    assert_eq!(t.grapheme_at(0), "e\u{301}");
    assert_eq!(t.grapheme_start(1), 0);
    assert_eq!(t.prev_grapheme(2), 0);
    assert_eq!(t.last_grapheme(), 2);
    assert_offsets_agree("e\u{301}x");
}

#[test]
fn cjk_takes_three_bytes_per_code_point() {
    let t = st("日本語");
    assert_eq!(t.len_chars(), 3);
    assert_eq!(t.byte_of(1), 3);
    assert_eq!(t.byte_of(2), 6);
    assert_eq!(t.byte_of(3), 9);
    assert_eq!(t.char_of(4), 1);
    assert_eq!(t.char_of(8), 2);
    assert_eq!(t.slice(1, 3), "本語");
    assert_eq!(t.next_grapheme(0), 1);
    assert_offsets_agree("日本語");
}

#[test]
fn zwj_emoji_and_skin_tones_are_one_grapheme() {
    // U+1F469 U+200D U+1F52C, then U+1F44D U+1F3FD.
    let t = st("a👩\u{200d}🔬👍🏽b");
    assert_eq!(t.len_chars(), 7);
    assert_eq!(t.byte_of(1), 1);
    assert_eq!(t.byte_of(2), 5);
    assert_eq!(t.byte_of(3), 8);
    assert_eq!(t.byte_of(4), 12);
    assert_eq!(t.byte_of(6), 20);
    assert_eq!(t.char_of(10), 3);
    assert_eq!(t.next_grapheme(1), 4);
    assert_eq!(t.grapheme_at(1), "👩\u{200d}🔬");
    assert_eq!(t.next_grapheme(4), 6);
    assert_eq!(t.grapheme_at(4), "👍🏽");
    assert_eq!(t.grapheme_start(2), 1);
    assert_eq!(t.grapheme_start(3), 1);
    assert_eq!(t.grapheme_start(5), 4);
    assert_eq!(t.prev_grapheme(6), 4);
    assert_eq!(t.prev_grapheme(4), 1);
    assert_offsets_agree("a👩\u{200d}🔬👍🏽b");
}

#[test]
fn crlf_is_two_code_points_and_one_grapheme() {
    let t = st("a\r\nb");
    assert_eq!(t.len_chars(), 4);
    assert_eq!(t.slice(1, 3), "\r\n");
    assert_eq!(t.next_grapheme(1), 3);
    assert_eq!(t.grapheme_at(1), "\r\n");
    assert_eq!(t.grapheme_start(2), 1);
    assert_eq!(t.prev_grapheme(3), 1);
    assert_eq!(t.prev_grapheme(1), 0);
    assert_offsets_agree("a\r\nb");
}

#[test]
fn offsets_agree_across_checkpoints() {
    // Longer than several checkpoint blocks, with characters of every width.
    let s = "aé日👩\u{200d}🔬e\u{301}\r\n".repeat(40);
    assert!(s.chars().count() > 4 * BLOCK);
    assert_offsets_agree(&s);
}

#[test]
fn decode_drops_a_leading_bom() {
    let t = SourceText::decode(b"\xEF\xBB\xBFabc").unwrap();
    assert_eq!(t.as_str(), "abc");
    assert_eq!(t.len_chars(), 3);
    assert_eq!(t.char_at(0), Some('a'));
    assert_eq!(t.byte_of(0), 0);
    // Only a leading one: a BOM later on is text.
    let t = SourceText::decode("a\u{feff}b".as_bytes()).unwrap();
    assert_eq!(t.len_chars(), 3);
    assert_eq!(t.char_at(1), Some('\u{feff}'));
    // No newline translation either.
    let t = SourceText::decode(b"a\r\nb").unwrap();
    assert_eq!(t.as_str(), "a\r\nb");
    assert_eq!(t.len_chars(), 4);
}

#[test]
fn decode_reports_the_byte_offset_of_invalid_utf8() {
    assert_eq!(
        SourceText::decode(b"ab\xffc").unwrap_err(),
        DecodeError::NotUtf8(2)
    );
    // A truncated sequence at the end.
    assert_eq!(
        SourceText::decode(b"a\xc3").unwrap_err(),
        DecodeError::NotUtf8(1)
    );
    // After valid multi-byte characters the offset is still in bytes.
    assert_eq!(
        SourceText::decode(
            "日é"
                .as_bytes()
                .iter()
                .chain(b"\x80")
                .copied()
                .collect::<Vec<_>>()
                .as_slice()
        )
        .unwrap_err(),
        DecodeError::NotUtf8(5)
    );
    // The offset counts the BOM: it is an offset into the file.
    assert_eq!(
        SourceText::decode(b"\xEF\xBB\xBFab\xff").unwrap_err(),
        DecodeError::NotUtf8(5)
    );
    assert!(DecodeError::NotUtf8(7).to_string().contains("offset 7"));
}

#[test]
fn empty_text() {
    let t = st("");
    assert!(t.is_empty());
    assert_eq!(t.len_chars(), 0);
    assert_eq!(t.byte_of(0), 0);
    assert_eq!(t.char_of(0), 0);
    assert_eq!(t.next_grapheme(0), 0);
    assert_eq!(t.prev_grapheme(0), 0);
    assert_eq!(t.grapheme_start(0), 0);
    assert_eq!(t.last_grapheme(), 0);
    assert_eq!(t.grapheme_at(0), "");
    assert_eq!(t.char_at(0), None);
}

// -------------------------------------------------------------- graphemes

#[test]
fn grapheme_motion_walks_whole_clusters() {
    let s = "ae\u{301}日👩\u{200d}🔬\r\nz";
    let t = st(s);
    let mut starts = vec![0];
    while let Some(&p) = starts.last() {
        let n = t.next_grapheme(p);
        if n >= t.len_chars() {
            break;
        }
        starts.push(n);
    }
    assert_eq!(starts, [0, 1, 3, 4, 7, 9]);
    assert_eq!(t.next_grapheme(9), t.len_chars());
    assert_eq!(t.last_grapheme(), 9);
    // Backwards gives the same boundaries.
    let mut back = vec![t.len_chars()];
    while let Some(&p) = back.last() {
        if p == 0 {
            break;
        }
        back.push(t.prev_grapheme(p));
    }
    back.reverse();
    assert_eq!(back, [0, 1, 3, 4, 7, 9, 10]);
    // Every code point snaps to the start of its cluster.
    let snapped: Vec<usize> = (0..=t.len_chars()).map(|c| t.grapheme_start(c)).collect();
    assert_eq!(snapped, [0, 1, 1, 3, 4, 4, 4, 7, 7, 9, 10]);
    // Beyond the end clamps.
    assert_eq!(t.grapheme_start(99), 10);
}

// ---------------------------------------------------------------- display

#[test]
fn tabs_expand_to_the_next_multiple_of_eight() {
    assert_eq!(display("\t", 0), (Cow::Owned(" ".repeat(8)), 8));
    assert_eq!(display("\t", 3).1, 5);
    assert_eq!(display("\t", 7).1, 1);
    assert_eq!(display("\t", 8).1, 8);
    assert_eq!(display("\t", 13).1, 3);
    let (symbol, w) = display("\t", 5);
    assert_eq!(symbol, "   ");
    assert_eq!(w, 3);
}

#[test]
fn control_characters_are_shown_as_caret_letters() {
    assert_eq!(display("\u{1}", 0), (Cow::Borrowed("^A"), 2));
    assert_eq!(display("\u{1b}", 4), (Cow::Borrowed("^["), 2));
    assert_eq!(display("\u{0}", 0), (Cow::Borrowed("^@"), 2));
    assert_eq!(display("\r", 0), (Cow::Borrowed("^M"), 2));
    assert_eq!(display("\u{7f}", 0), (Cow::Borrowed("^?"), 2));
}

#[test]
fn bidi_and_format_controls_are_made_visible() {
    assert_eq!(display("\u{202e}", 0), (Cow::Borrowed("<202E>"), 6));
    assert_eq!(display("\u{2066}", 0), (Cow::Borrowed("<2066>"), 6));
    assert_eq!(display("\u{200f}", 0), (Cow::Borrowed("<200F>"), 6));
    assert_eq!(display("\u{feff}", 0), (Cow::Borrowed("<FEFF>"), 6));
    assert_eq!(display("\u{85}", 0), (Cow::Borrowed("<0085>"), 6));
    assert_eq!(display("\u{2028}", 0), (Cow::Borrowed("<2028>"), 6));
}

#[test]
fn line_ends_take_no_room_and_wide_characters_take_two() {
    assert_eq!(display("\n", 5), (Cow::Borrowed(""), 0));
    assert_eq!(display("\r\n", 5), (Cow::Borrowed(""), 0));
    assert_eq!(display("日", 0), (Cow::Borrowed("日"), 2));
    assert_eq!(display("a", 0), (Cow::Borrowed("a"), 1));
    assert_eq!(display("e\u{301}", 0), (Cow::Borrowed("e\u{301}"), 1));
    assert_eq!(display("👩\u{200d}🔬", 0).1, 2);
    assert_eq!(display("👍🏽", 0).1, 2);
    assert_eq!(str_width("日本 ab"), 7);
}

#[test]
fn fit_pad_fills_a_column_by_cells_not_characters() {
    assert_eq!(fit_pad("ana", 5), "ana  ");
    assert_eq!(fit_pad("日本", 6), "日本  ");
    assert_eq!(fit_pad("日本語", 5), "日本…");
    for cells in 0..12 {
        assert_eq!(str_width(&fit_pad("日本語 and more", cells)), cells);
    }
}

#[test]
fn fit_cuts_at_graphemes_and_adds_an_ellipsis() {
    assert!(matches!(fit("hello", 5), Cow::Borrowed("hello")));
    assert_eq!(fit("hello", 9), "hello");
    assert_eq!(fit("hello", 4), "hel…");
    assert_eq!(fit("hello", 1), "…");
    assert_eq!(fit("hello", 0), "");
    assert_eq!(fit("", 0), "");
    // A wide character that does not fit before the ellipsis is dropped whole.
    assert_eq!(fit("日本語", 4), "日…");
    assert_eq!(fit("日本語", 5), "日本…");
    assert_eq!(fit("日本語", 6), "日本語");
    // A combining mark stays with its base.
    assert_eq!(fit("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
    for cells in 0..12 {
        assert!(str_width(&fit("日本語 and more", cells)) <= cells);
    }
}

// ----------------------------------------------------------------- search

#[test]
fn search_forwards_wraps_around() {
    //         0    5    10   15
    let t = st("one Two one two ONE");
    // Starts after the grapheme at `from`.
    assert_eq!(t.find_from("one", 0, false), Some(8));
    assert_eq!(t.find_from("one", 1, false), Some(8));
    // Lower-case queries ignore case (smart case).
    assert_eq!(t.find_from("one", 8, false), Some(16));
    assert_eq!(t.find_from("two", 5, false), Some(12));
    // Wraps around to the start.
    assert_eq!(t.find_from("one", 16, false), Some(0));
    assert_eq!(t.find_from("two", 12, false), Some(4));
    // A query with a capital letter is exact.
    assert_eq!(t.find_from("ONE", 0, false), Some(16));
    assert_eq!(t.find_from("Two", 5, false), Some(4));
    assert_eq!(t.find_from("TWO", 0, false), None);
    assert_eq!(t.find_from("three", 0, false), None);
    assert_eq!(t.find_from("", 0, false), None);
}

#[test]
fn search_finds_the_only_match_from_inside_it() {
    // From the start of the only match, wrapping around finds it again.
    let t = st("xx ONE yy");
    assert_eq!(t.find_from("ONE", 3, false), Some(3));
    assert_eq!(t.find_from("ONE", 4, false), Some(3));
    assert_eq!(t.find_from("one", 3, false), Some(3));
    let t = st("abc");
    assert_eq!(t.find_from("abc", 0, false), Some(0));
    assert_eq!(t.find_from("abc", 1, true), Some(0));
    assert_eq!(t.find_from("abc", 0, true), Some(0));
}

#[test]
fn search_backwards_wraps_around() {
    //         0    5    10   15
    let t = st("one Two one two ONE");
    assert_eq!(t.find_from("one", 8, true), Some(0));
    assert_eq!(t.find_from("one", 16, true), Some(8));
    assert_eq!(t.find_from("one", 18, true), Some(16));
    // Wraps to the last match.
    assert_eq!(t.find_from("one", 0, true), Some(16));
    assert_eq!(t.find_from("ONE", 10, true), Some(16));
    // From inside a match, that match starts before the cursor.
    assert_eq!(t.find_from("two", 13, true), Some(12));
    assert_eq!(t.find_from("two", 12, true), Some(4));
}

#[test]
fn search_answers_in_code_points() {
    let t = st("日本 café, Café");
    assert_eq!(t.find_from("café", 0, false), Some(3));
    assert_eq!(t.find_from("café", 3, false), Some(9));
    assert_eq!(t.find_from("Café", 0, false), Some(9));
    assert_eq!(t.find_from("本", 5, false), Some(1));
    assert_eq!(t.find_from("café", 12, true), Some(9));
    assert_eq!(t.find_from("café", 9, true), Some(3));
    // Near the end of multi-byte text backwards search must not slice
    // inside a character.
    let t = st("ab日本");
    assert_eq!(t.find_from("ab", 3, true), Some(0));
    assert_eq!(t.find_from("日本", 4, true), Some(2));
}

// ------------------------------------------------------------------ words

#[test]
fn apostrophes_and_hyphens_inside_words_join_them() {
    let t = st("al-Ba'aj went");
    assert_eq!(word_at(&t, 0), Some((0, 8)));
    assert_eq!(word_at(&t, 2), Some((0, 8)));
    assert_eq!(word_at(&t, 5), Some((0, 8)));
    assert_eq!(word_at(&t, 7), Some((0, 8)));
    assert_eq!(word_at(&t, 8), None);
    assert_eq!(word_at(&t, 10), Some((9, 13)));
    let t = st("O'Neill said");
    assert_eq!(word_at(&t, 3), Some((0, 7)));
    let t = st("O\u{2019}Neill");
    assert_eq!(word_at(&t, 0), Some((0, 7)));
}

#[test]
fn a_trailing_or_leading_joiner_is_not_part_of_the_word() {
    let t = st("well- known");
    assert_eq!(word_at(&t, 0), Some((0, 4)));
    assert_eq!(word_at(&t, 4), None);
    assert_eq!(word_at(&t, 6), Some((6, 11)));
    let t = st("-abc 'x' y-");
    assert_eq!(word_at(&t, 0), None);
    assert_eq!(word_at(&t, 1), Some((1, 4)));
    assert_eq!(word_at(&t, 5), None);
    assert_eq!(word_at(&t, 6), Some((6, 7)));
    assert_eq!(word_at(&t, 9), Some((9, 10)));
    assert_eq!(word_at(&t, 10), None);
    // Two joiners in a row do not join.
    let t = st("a--b");
    assert_eq!(word_at(&t, 0), Some((0, 1)));
    assert_eq!(word_at(&t, 1), None);
}

#[test]
fn combining_marks_stay_inside_words() {
    let t = st("cafe\u{301} noir");
    assert_eq!(word_at(&t, 0), Some((0, 5)));
    // The mark itself belongs to the word of its base.
    assert_eq!(word_at(&t, 4), Some((0, 5)));
    assert_eq!(word_end(&t, 0), 3);
    assert_eq!(next_word_start(&t, 0), 6);
    assert_eq!(prev_word_start(&t, 6), 0);
    // CJK and digits are word characters.
    let t = st("日本語 x 42");
    assert_eq!(word_at(&t, 1), Some((0, 3)));
    assert_eq!(word_at(&t, 7), Some((6, 8)));
}

#[test]
fn w_moves_to_the_next_word_start() {
    //         0    5    10
    let t = st("one two  three.");
    assert_eq!(next_word_start(&t, 0), 4);
    assert_eq!(next_word_start(&t, 2), 4);
    assert_eq!(next_word_start(&t, 3), 4);
    assert_eq!(next_word_start(&t, 4), 9);
    // At the last word, `w` stays put.
    assert_eq!(next_word_start(&t, 9), 9);
    assert_eq!(next_word_start(&t, 14), 14);
    let t = st("al-Ba'aj went");
    assert_eq!(next_word_start(&t, 0), 9);
    assert_eq!(next_word_start(&t, 3), 9);
}

#[test]
fn b_moves_to_the_previous_word_start() {
    //         0    5    10
    let t = st("one two  three.");
    assert_eq!(prev_word_start(&t, 9), 4);
    assert_eq!(prev_word_start(&t, 11), 9);
    assert_eq!(prev_word_start(&t, 8), 4);
    assert_eq!(prev_word_start(&t, 4), 0);
    assert_eq!(prev_word_start(&t, 1), 0);
    assert_eq!(prev_word_start(&t, 0), 0);
    assert_eq!(prev_word_start(&t, 14), 9);
    let t = st("go al-Ba'aj");
    assert_eq!(prev_word_start(&t, 10), 3);
    assert_eq!(prev_word_start(&t, 3), 0);
}

#[test]
fn e_moves_to_the_end_of_the_word() {
    //         0    5    10
    let t = st("one two  three.");
    assert_eq!(word_end(&t, 0), 2);
    assert_eq!(word_end(&t, 1), 2);
    assert_eq!(word_end(&t, 2), 6);
    assert_eq!(word_end(&t, 6), 13);
    // No word after: stays.
    assert_eq!(word_end(&t, 13), 13);
    assert_eq!(word_end(&t, 14), 14);
    let t = st("O'Neill said");
    assert_eq!(word_end(&t, 0), 6);
}

#[test]
fn legacy_encodings_are_recognised_and_named() {
    let (t, enc) = SourceText::decode_any("Café".as_bytes()).unwrap();
    assert_eq!((t.as_str(), enc), ("Café", "utf-8"));
    let (t, enc) = SourceText::decode_any(b"Caf\xe9 \xe0 Z\xfcrich").unwrap();
    assert_eq!((t.as_str(), enc), ("Café à Zürich", "latin-1"));
    assert_eq!(t.len_chars(), 13, "offsets count decoded characters");
    let (t, enc) = SourceText::decode_any(b"\x93quoted\x94 \x80 5").unwrap();
    assert_eq!((t.as_str(), enc), ("“quoted” € 5", "windows-1252"));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("Zoë 🚀".encode_utf16().flat_map(u16::to_le_bytes));
    let (t, enc) = SourceText::decode_any(&utf16).unwrap();
    assert_eq!((t.as_str(), enc), ("Zoë 🚀", "utf-16"));
}

#[test]
fn binary_and_undecidable_bytes_are_refused_with_a_reason() {
    assert_eq!(
        SourceText::decode_any(b"PK\x03\x04\x00\x00").unwrap_err(),
        DecodeError::Binary(4)
    );
    let e = SourceText::decode_any(b"abc\x81def").unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::Unknown {
                byte: 0x81,
                at: 3,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("0x81"));
    assert_eq!(
        SourceText::decode_any(&[0xFF, 0xFE, 0x41]).unwrap_err(),
        DecodeError::BadUtf16
    );
    assert_eq!(
        SourceText::decode_any(b"").unwrap().0.len_chars(),
        0,
        "an empty file is text"
    );
}

pub(crate) mod encodings;
mod layout_and_properties;

#[test]
fn matches_in_finds_every_match_in_a_range_in_code_points_with_smart_case() {
    let t = st("Ça the THE thé the");
    assert_eq!(t.matches_in("the", 0, usize::MAX), vec![3, 7, 15]);
    assert_eq!(t.matches_in("THE", 0, usize::MAX), vec![7]);
    assert_eq!(
        t.matches_in("the", 4, 15),
        vec![7],
        "starts within the range"
    );
    assert!(t.matches_in("", 0, 10).is_empty());
}
