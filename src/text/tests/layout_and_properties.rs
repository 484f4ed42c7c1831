//! Layout (rows, widths, markers) and the property tests over offsets,
//! search and layout.

use super::*;

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
