//! Editing what is already there: retyping, span edges, counts, and
//! selections that end on text.

use super::*;

fn spans(f: &Fixture) -> Vec<(String, String, usize, usize, String)> {
    f.doc()
        .entities
        .iter()
        .map(|e| (e.id.clone(), e.kind.clone(), e.start, e.end, e.text.clone()))
        .collect()
}

#[test]
fn a_selection_leaves_its_trailing_whitespace_untagged() {
    let mut f = fixture();
    // "Kestova " : v and seven steps right end on the space.
    f.keys("\rvlllllll");
    f.keys("tORG\r");
    assert_eq!(spans(&f)[0].4, "Kestova");
}

#[test]
fn a_selection_leaves_its_leading_whitespace_untagged() {
    let mut f = fixture();
    // " floods " from the space before "floods" to the one after it.
    f.keys("\rlllllllvlllllll");
    f.keys("tORG\r");
    assert_eq!((spans(&f)[0].2, spans(&f)[0].4.as_str()), (8, "floods"));
}

#[test]
fn a_selection_of_whitespace_alone_tags_nothing() {
    let mut f = fixture();
    f.keys("\rlllllllv");
    f.keys("t");
    assert!(matches!(f.app.mode, Mode::Normal), "no picker opens");
    assert!(f.doc().entities.is_empty());
}
