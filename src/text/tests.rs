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

// ----------------------------------------------------------------- layout

/// What each row shows: markers' labels and graphemes' symbols.
fn render(text: &SourceText, layout: &Layout, markers: &[Marker]) -> Vec<String> {
    (0..layout.row_count())
        .map(|i| {
            layout
                .place(text, markers, i)
                .iter()
                .map(|p| match &p.piece {
                    Piece::Marker(m) => m.label.clone(),
                    Piece::Grapheme { symbol, .. } => symbol.to_string(),
                })
                .collect()
        })
        .collect()
}

fn spans(layout: &Layout) -> Vec<(usize, usize)> {
    layout.rows().iter().map(|r| (r.start, r.end)).collect()
}

fn before(at: usize, label: &str) -> Marker {
    Marker {
        at,
        label: label.to_owned(),
        attach: Attach::Before,
        owner: 0,
    }
}

fn after(at: usize, label: &str) -> Marker {
    Marker {
        attach: Attach::After,
        ..before(at, label)
    }
}

/// The rightmost cell any piece of row `i` reaches.
fn row_width(text: &SourceText, layout: &Layout, markers: &[Marker], i: usize) -> usize {
    layout
        .place(text, markers, i)
        .iter()
        .map(|p| p.col + p.width)
        .max()
        .unwrap_or(0)
}

#[test]
fn wraps_at_spaces() {
    let t = st("the quick brown fox");
    let l = Layout::build(&t, 10, &[]);
    assert_eq!(l.width(), 10);
    assert_eq!(spans(&l), [(0, 10), (10, 19)]);
    assert_eq!(render(&t, &l, &[]), ["the quick ", "brown fox"]);
    // Wide enough: one row.
    let l = Layout::build(&t, 19, &[]);
    assert_eq!(spans(&l), [(0, 19)]);
}

#[test]
fn an_overflowing_space_stays_at_the_end_of_its_row() {
    let t = st("abcde fgh");
    let l = Layout::build(&t, 5, &[]);
    assert_eq!(spans(&l), [(0, 6), (6, 9)]);
    assert_eq!(render(&t, &l, &[]), ["abcde ", "fgh"]);
}

#[test]
fn a_long_word_is_cut_hard() {
    let t = st("abcdefghijkl");
    let l = Layout::build(&t, 5, &[]);
    assert_eq!(spans(&l), [(0, 5), (5, 10), (10, 12)]);
    let t = st("ab abcdefghijkl");
    let l = Layout::build(&t, 5, &[]);
    assert_eq!(render(&t, &l, &[]), ["ab ", "abcde", "fghij", "kl"]);
}

#[test]
fn line_ends_end_rows() {
    let t = st("ab\n\ncd\r\nef");
    let l = Layout::build(&t, 40, &[]);
    assert_eq!(spans(&l), [(0, 3), (3, 4), (4, 8), (8, 10)]);
    assert_eq!(render(&t, &l, &[]), ["ab", "", "cd", "ef"]);
    // A final line end does not add an empty row.
    let t = st("ab\n");
    assert_eq!(spans(&Layout::build(&t, 40, &[])), [(0, 3)]);
}

#[test]
fn an_over_wide_grapheme_keeps_its_line_end() {
    // Wider than the pane, then a line end: no blank row in between.
    let t = st("日\n日\nx");
    let l = Layout::build(&t, 1, &[]);
    assert_eq!(spans(&l), [(0, 2), (2, 4), (4, 5)]);
    let t = st("\t\r\nab");
    let l = Layout::build(&t, 5, &[]);
    assert_eq!(spans(&l), [(0, 3), (3, 5)]);
}

#[test]
fn cjk_is_never_split_across_rows() {
    let t = st("日本語です");
    for width in [3, 5, 7] {
        let l = Layout::build(&t, width, &[]);
        for i in 0..l.row_count() {
            assert!(row_width(&t, &l, &[], i) <= width, "width {width}, row {i}");
            for p in l.place(&t, &[], i) {
                assert_eq!(p.width, 2);
            }
        }
    }
    let l = Layout::build(&t, 5, &[]);
    assert_eq!(render(&t, &l, &[]), ["日本", "語で", "す"]);
    let l = Layout::build(&t, 3, &[]);
    assert_eq!(l.row_count(), 5);
    // Narrower than one character: one per row, overflowing.
    let l = Layout::build(&t, 1, &[]);
    assert_eq!(spans(&l), [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]);
    // A width of 0 is treated as 1.
    assert_eq!(Layout::build(&t, 0, &[]).width(), 1);
}

#[test]
fn graphemes_are_never_split_across_rows() {
    let t = st("e\u{301}e\u{301}e\u{301}👩\u{200d}🔬");
    let l = Layout::build(&t, 2, &[]);
    assert_eq!(spans(&l), [(0, 4), (4, 6), (6, 9)]);
}

#[test]
fn a_tab_is_as_wide_as_its_column_makes_it() {
    let t = st("ab\tc");
    let l = Layout::build(&t, 20, &[]);
    let placed = l.place(&t, &[], 0);
    let cols: Vec<(usize, usize)> = placed.iter().map(|p| (p.col, p.width)).collect();
    assert_eq!(cols, [(0, 1), (1, 1), (2, 6), (8, 1)]);
    // The tab would take 8 cells at column 9; wrapped to the start of the
    // word before it, it takes 2 at column 6.
    let t = st("ab cdefgh\tX");
    let l = Layout::build(&t, 9, &[]);
    assert_eq!(spans(&l), [(0, 3), (3, 11)]);
    let tab = l
        .place(&t, &[], 1)
        .into_iter()
        .find(|p| matches!(p.piece, Piece::Grapheme { start: 9, .. }))
        .unwrap();
    assert_eq!((tab.col, tab.width), (6, 2));
    assert_eq!(row_width(&t, &l, &[], 1), 9);
}

#[test]
fn markers_take_cells() {
    let t = st("Mosul is");
    let m = [before(0, "["), after(5, "]GPE")];
    let l = Layout::build(&t, 40, &m);
    assert_eq!(render(&t, &l, &m), ["[Mosul]GPE is"]);
    let placed = l.place(&t, &m, 0);
    let cols: Vec<(usize, usize)> = placed.iter().map(|p| (p.col, p.width)).collect();
    assert_eq!(
        cols,
        [
            (0, 1),
            (1, 1),
            (2, 1),
            (3, 1),
            (4, 1),
            (5, 1),
            (6, 4),
            (10, 1),
            (11, 1),
            (12, 1)
        ]
    );
    assert!(matches!(placed[0].piece, Piece::Marker(m) if m.label == "["));
    assert!(matches!(placed[6].piece, Piece::Marker(m) if m.label == "]GPE"));
    assert_eq!(l.column_of(&t, &m, 0), 1);
    assert_eq!(l.column_of(&t, &m, 5), 10);
    assert_eq!(l.char_at_column(&t, &m, 0, 7), 4);
    // The labels count when wrapping: without them this would fit in 8.
    let l = Layout::build(&t, 12, &m);
    assert_eq!(render(&t, &l, &m), ["[Mosul]GPE ", "is"]);
    let l = Layout::build(&t, 8, &[]);
    assert_eq!(render(&t, &l, &[]), ["Mosul is"]);
}

#[test]
fn markers_wrap_with_the_grapheme_they_are_attached_to() {
    // An opening label goes to the next row with the grapheme after it.
    let t = st("abc def");
    let m = [before(4, "[")];
    let l = Layout::build(&t, 6, &m);
    assert_eq!(spans(&l), [(0, 4), (4, 7)]);
    assert_eq!(render(&t, &l, &m), ["abc ", "[def"]);
    // Even in the middle of a word; and it is drawn once, not also at the
    // end of the row before.
    let t = st("abcd");
    let m = [before(2, "[[")];
    let l = Layout::build(&t, 4, &m);
    assert_eq!(spans(&l), [(0, 2), (2, 4)]);
    assert_eq!(render(&t, &l, &m), ["ab", "[[cd"]);
    // A closing label stays with the grapheme before it.
    let t = st("abc def");
    let m = [after(3, "]X")];
    let l = Layout::build(&t, 5, &m);
    assert_eq!(render(&t, &l, &m), ["abc]X ", "def"]);
    let l = Layout::build(&t, 4, &m);
    assert_eq!(render(&t, &l, &m), ["ab", "c]X ", "def"]);
    for i in 0..l.row_count() {
        assert!(row_width(&t, &l, &m, i) <= 4);
    }
}

#[test]
fn a_space_with_a_label_does_not_hang_off_the_row() {
    // A span that is just a space, at the end of a full row.
    let t = st("ab cd");
    let m = [before(2, "["), after(3, "]")];
    let l = Layout::build(&t, 3, &m);
    for i in 0..l.row_count() {
        assert!(row_width(&t, &l, &m, i) <= 3, "{:?}", render(&t, &l, &m));
    }
    assert_eq!(render(&t, &l, &m).concat(), "ab[ ]cd");
}

#[test]
fn markers_on_a_line_end_fit_in_the_row() {
    // A span that ends just after a line end: its label follows the `\n`.
    let t = st("ab\ncd");
    let m = [before(0, "["), after(3, "]X")];
    let l = Layout::build(&t, 4, &m);
    for i in 0..l.row_count() {
        assert!(row_width(&t, &l, &m, i) <= 4, "{:?}", render(&t, &l, &m));
    }
    assert_eq!(render(&t, &l, &m), ["[ab", "]X", "cd"]);
    // With room, it stays on its line.
    let l = Layout::build(&t, 5, &m);
    assert_eq!(render(&t, &l, &m), ["[ab]X", "cd"]);
    // A span that starts at a line end.
    let m = [before(2, "[")];
    let l = Layout::build(&t, 2, &m);
    for i in 0..l.row_count() {
        assert!(row_width(&t, &l, &m, i) <= 2, "{:?}", render(&t, &l, &m));
    }
    assert_eq!(render(&t, &l, &m), ["ab", "[", "cd"]);
}

#[test]
fn markers_at_the_end_of_the_text_fit_too() {
    // A span on the last word of a text without a final line end.
    let t = st("a Mosul");
    let m = [before(2, "["), after(7, "]GPE")];
    let l = Layout::build(&t, 40, &m);
    assert_eq!(render(&t, &l, &m), ["a [Mosul]GPE"]);
    let l = Layout::build(&t, 10, &m);
    assert_eq!(render(&t, &l, &m), ["a ", "[Mosul]GPE"]);
    let l = Layout::build(&t, 8, &m);
    for i in 0..l.row_count() {
        assert!(row_width(&t, &l, &m, i) <= 8, "{:?}", render(&t, &l, &m));
    }
    assert_eq!(render(&t, &l, &m).concat(), "a [Mosul]GPE");
}

#[test]
fn rows_columns_and_code_points_round_trip() {
    let t = st("Mosul\tis 日本 a👩\u{200d}🔬b e\u{301}x\r\nlong-word-here and\nmore");
    let m = [before(0, "["), after(5, "]GPE"), after(9, "‹x›")];
    for width in [4, 7, 10, 13, 80] {
        let l = Layout::build(&t, width, &m);
        let mut c = 0;
        while c < t.len_chars() {
            let row = l.row_of(c);
            let r = l.rows()[row];
            assert!(r.start <= c && c < r.end);
            let col = l.column_of(&t, &m, c);
            assert_eq!(
                l.char_at_column(&t, &m, row, col),
                c,
                "width {width}, code point {c}, row {row}, column {col}"
            );
            c = t.next_grapheme(c);
        }
    }
    // A column inside a wide character finds it; past the row, the last one.
    let t = st("日本");
    let l = Layout::build(&t, 10, &[]);
    assert_eq!(l.char_at_column(&t, &[], 0, 3), 1);
    assert_eq!(l.char_at_column(&t, &[], 0, 9), 1);
    assert_eq!(l.column_of(&t, &[], 1), 2);
    // Inside a cluster the column is that of the cluster.
    let t = st("xe\u{301}y");
    let l = Layout::build(&t, 10, &[]);
    assert_eq!(l.column_of(&t, &[], 2), 1);
}

#[test]
fn an_empty_text_has_one_row() {
    let t = st("");
    let l = Layout::build(&t, 10, &[]);
    assert_eq!(l.rows(), [Row { start: 0, end: 0 }]);
    assert_eq!(l.row_count(), 1);
    assert_eq!(l.row_of(0), 0);
    assert_eq!(l.column_of(&t, &[], 0), 0);
    assert_eq!(l.char_at_column(&t, &[], 0, 5), 0);
    assert!(l.place(&t, &[], 0).is_empty());
    assert!(l.place(&t, &[], 1).is_empty());
}

// ------------------------------------------------------------- properties

/// Text with the characters that make offsets and wrapping interesting.
fn rich_text() -> impl Strategy<Value = String> {
    "(\\PC|\n|\r|\t|\r\n| | |日|e\u{301}|👩\u{200d}🔬|👍🏽|\u{202e}|\u{1}|\u{feff}|\u{200b}|-|'){0,160}"
}

fn check_offsets(s: &str) -> Result<(), TestCaseError> {
    let t = st(s);
    for (b, _) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        prop_assert_eq!(t.byte_of(t.char_of(b)), b);
    }
    for c in 0..=t.len_chars() {
        prop_assert_eq!(t.char_of(t.byte_of(c)), c);
    }
    Ok(())
}

/// Rows are contiguous, cover the text, never split a grapheme, and every
/// code point is found in the row that holds it.
fn check_rows(t: &SourceText, l: &Layout, markers: &[Marker]) -> Result<(), TestCaseError> {
    let rows = l.rows();
    let len = t.len_chars();
    prop_assert!(!rows.is_empty());
    prop_assert_eq!(rows[0].start, 0);
    prop_assert_eq!(rows.last().unwrap().end, len);
    for pair in rows.windows(2) {
        prop_assert_eq!(pair[0].end, pair[1].start);
    }
    for (i, r) in rows.iter().enumerate() {
        prop_assert!(r.start <= r.end);
        if markers.is_empty() && len > 0 {
            prop_assert!(r.start < r.end, "empty row {} in {:?}", i, rows);
        }
        prop_assert_eq!(
            t.grapheme_start(r.start),
            r.start,
            "row {} splits a grapheme",
            i
        );
    }
    for c in 0..len {
        let holding: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].start <= c && c < rows[i].end)
            .collect();
        prop_assert_eq!(holding.len(), 1, "code point {} in rows {:?}", c, holding);
        prop_assert_eq!(l.row_of(c), holding[0]);
    }
    // Placing every row shows every grapheme once, in order, and every
    // marker once.
    let mut next = 0;
    let mut shown_markers = 0;
    for i in 0..rows.len() {
        for p in l.place(t, markers, i) {
            match p.piece {
                Piece::Grapheme { start, end, .. } => {
                    prop_assert_eq!(start, next);
                    prop_assert_eq!(end, t.next_grapheme(start));
                    next = end;
                }
                Piece::Marker(_) => shown_markers += 1,
            }
        }
    }
    prop_assert_eq!(next, len);
    prop_assert_eq!(shown_markers, markers.len());
    Ok(())
}

/// No row is wider than the pane, except where one unit (a grapheme with the
/// markers attached to it) is wider than the pane on its own, or a space that
/// overflowed hangs at the end of its row.
fn check_widths(t: &SourceText, l: &Layout, markers: &[Marker]) -> Result<(), TestCaseError> {
    let width = l.width();
    for i in 0..l.row_count() {
        let mut placed: Vec<_> = l
            .place(t, markers, i)
            .into_iter()
            .filter(|p| p.width > 0)
            .collect();
        let reach =
            |ps: &[layout::Placed<'_>]| ps.iter().map(|p| p.col + p.width).max().unwrap_or(0);
        if reach(&placed) <= width {
            continue;
        }
        if matches!(placed.last(), Some(p) if matches!(&p.piece, Piece::Grapheme { symbol, .. } if symbol == " "))
        {
            placed.pop();
        }
        if reach(&placed) <= width {
            continue;
        }
        let graphemes = placed
            .iter()
            .filter(|p| matches!(p.piece, Piece::Grapheme { .. }))
            .count();
        prop_assert!(
            graphemes <= 1,
            "row {} of width {} is too wide: {:?}",
            i,
            width,
            render(t, l, markers)
        );
    }
    Ok(())
}

fn sorted_markers(len: usize) -> impl Strategy<Value = Vec<Marker>> {
    prop::collection::vec(
        (0..=len, prop_oneof!["\\[", "\\]GPE", "‹x›"], any::<bool>()),
        0..8,
    )
    .prop_map(|v| {
        let mut m: Vec<Marker> = v
            .into_iter()
            .enumerate()
            .map(|(owner, (at, label, opening))| Marker {
                at,
                label,
                attach: if opening {
                    Attach::Before
                } else {
                    Attach::After
                },
                owner,
            })
            .collect();
        m.sort_by_key(|m| m.at);
        m
    })
}

/// Where `find_from` should land, by brute force over every byte position.
fn expected_match(t: &SourceText, needle: &str, from: usize, backwards: bool) -> Option<usize> {
    let fold = !needle.chars().any(char::is_uppercase);
    let (hay, needle) = if fold {
        (t.as_str().to_ascii_lowercase(), needle.to_ascii_lowercase())
    } else {
        (t.as_str().to_owned(), needle.to_owned())
    };
    let hits: Vec<usize> = (0..=hay.len())
        .filter(|&b| hay.is_char_boundary(b) && hay[b..].starts_with(&needle))
        .collect();
    let found = if backwards {
        let before = t.byte_of(from);
        hits.iter()
            .rev()
            .find(|&&b| b < before)
            .or(hits.last())
            .copied()
    } else {
        let after = t.byte_of(t.next_grapheme(from));
        hits.iter().find(|&&b| b >= after).or(hits.first()).copied()
    };
    found.map(|b| t.char_of(b))
}

proptest! {
    #[test]
    fn search_finds_the_nearest_match_and_wraps(
        s in "[aAbB日é \n]{1,40}",
        picks in (0usize..40, 1usize..4, 0usize..=40),
        backwards in any::<bool>(),
    ) {
        let t = st(&s);
        let len = t.len_chars();
        let (a, n, from) = picks;
        let a = a % len;
        let needle = t.slice(a, (a + n).min(len)).to_owned();
        let from = from % (len + 1);
        let found = t.find_from(&needle, from, backwards);
        // The needle is in the text, so it is always found.
        prop_assert!(found.is_some());
        prop_assert_eq!(found, expected_match(&t, &needle, from, backwards));
    }

    #[test]
    fn offsets_round_trip_for_any_text(s in "\\PC*") {
        check_offsets(&s)?;
    }

    #[test]
    fn offsets_round_trip_for_rich_text(s in rich_text()) {
        check_offsets(&s)?;
    }

    #[test]
    fn layout_covers_the_text_in_contiguous_rows(s in rich_text(), width in 1usize..=40) {
        let t = st(&s);
        let l = Layout::build(&t, width, &[]);
        check_rows(&t, &l, &[])?;
        check_widths(&t, &l, &[])?;
    }

    #[test]
    fn layout_with_markers_keeps_rows_within_the_width(
        (s, markers) in rich_text().prop_flat_map(|s| {
            let len = s.chars().count();
            (Just(s), sorted_markers(len))
        }),
        width in 1usize..=40,
    ) {
        let t = st(&s);
        // Spans are made of whole graphemes: an opening label stands before
        // a grapheme, a closing one after a grapheme.
        let len = t.len_chars();
        let markers: Vec<Marker> = markers
            .into_iter()
            .map(|m| Marker { at: t.grapheme_start(m.at), ..m })
            .filter(|m| match m.attach {
                Attach::Before => m.at < len,
                Attach::After => m.at > 0,
            })
            .collect();
        let l = Layout::build(&t, width, &markers);
        check_rows(&t, &l, &markers)?;
        check_widths(&t, &l, &markers)?;
    }
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
    assert_eq!(e, DecodeError::Unknown { byte: 0x81, at: 3 });
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
