//! Spans that meet (crossing, nested, adjacent, identical) read the same
//! way without colour and in colour with codes on: each one's extent plain.

use super::*;

const TEXT: &str = "alpha beta gamma delta epsilon\n";

/// Row 1 of the text pane with `spans` over TEXT, without colour or in
/// colour with codes shown (`c`).
fn drawn(spans: &[(&str, &str, usize, usize)], no_color: bool) -> (String, Buffer) {
    let json = sidecar("1.txt", TEXT, spans);
    let mut f = fixture(
        &[("1.txt", TEXT)],
        &[("1.txt.ann.json", &json)],
        (140, 30),
        no_color,
    );
    if !no_color {
        f.app.update(Msg::Action(Action::ToggleCodes));
    }
    let buf = draw(&f.app);
    let x = text_pane_x(&buf) as usize;
    let line: String = row(&buf, 1).chars().skip(x).collect();
    let inside = line.split('│').next().unwrap_or_default();
    (inside.trim_end().to_owned(), buf)
}

#[test]
fn crossing_spans_name_their_starts_without_colour() {
    let (line, _) = drawn(&[("T1", "PER", 0, 16), ("T2", "ORG", 11, 22)], true);
    assert!(
        line.starts_with("[PER alpha beta [ORG gamma]PER delta]ORG epsilon"),
        "{line}"
    );
}

#[test]
fn nested_adjacent_and_identical_spans_keep_plain_brackets_without_colour() {
    let nested = drawn(&[("T1", "PER", 0, 10), ("T2", "ORG", 0, 16)], true).0;
    assert!(
        nested.starts_with("[[alpha beta]PER gamma]ORG delta"),
        "{nested}"
    );
    let adjacent = drawn(&[("T1", "PER", 0, 5), ("T2", "ORG", 6, 10)], true).0;
    assert!(
        adjacent.starts_with("[alpha]PER [beta]ORG gamma"),
        "{adjacent}"
    );
    let same = drawn(&[("T1", "PER", 6, 10), ("T2", "ORG", 6, 10)], true).0;
    assert!(
        ["alpha [[beta]PER]ORG gamma", "alpha [[beta]ORG]PER gamma"]
            .iter()
            .any(|w| same.starts_with(w)),
        "{same}"
    );
}

#[test]
fn with_codes_in_colour_spans_that_meet_mark_their_starts() {
    let (crossing, buf) = drawn(&[("T1", "PER", 0, 16), ("T2", "ORG", 11, 22)], false);
    assert!(
        crossing.starts_with("‹PER:alpha beta ‹ORG:gamma‹PER› delta‹ORG› epsilon"),
        "{crossing}"
    );
    // The start mark wears its span's colour, like the code after it.
    let x = cell_of(&buf, 1, "‹PER:").unwrap();
    let end = cell_of(&buf, 1, "‹PER›").unwrap();
    assert_eq!(buf[(x, 1)].fg, buf[(end, 1)].fg);
    assert_ne!(buf[(x, 1)].fg, Color::Reset);
    let nested = drawn(&[("T1", "PER", 0, 10), ("T2", "ORG", 0, 16)], false).0;
    assert!(
        nested.starts_with("‹ORG:‹PER:alpha beta‹PER› gamma‹ORG› delta"),
        "{nested}"
    );
    let same = drawn(&[("T1", "PER", 6, 10), ("T2", "ORG", 6, 10)], false).0;
    assert!(
        [
            "alpha ‹ORG:‹PER:beta‹PER›‹ORG› gamma",
            "alpha ‹PER:‹ORG:beta‹ORG›‹PER› gamma"
        ]
        .iter()
        .any(|w| same.starts_with(w)),
        "{same}"
    );
    // A span that meets no other keeps its code after it alone.
    let adjacent = drawn(&[("T1", "PER", 0, 5), ("T2", "ORG", 6, 10)], false).0;
    assert!(
        adjacent.starts_with("alpha‹PER› beta‹ORG› gamma"),
        "{adjacent}"
    );
}
