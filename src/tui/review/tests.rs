//! The session alone: order as items arrive, skips, undo, moves, counts.

use std::path::PathBuf;

use super::*;

fn item(n: usize, kind: ItemKind) -> Item {
    Item {
        entry: n,
        source: PathBuf::from(format!("{n}.txt")),
        sidecar: PathBuf::from(format!("{n}.txt.ann.json")),
        kind,
        id: format!("T{n}"),
        type_: "PER".into(),
        start: 0,
        end: 1,
        text: format!("w{n}"),
        problem: None,
        conflict_only: false,
    }
}

fn ids(s: &Session) -> Vec<usize> {
    s.order.iter().map(|&i| s.items[i].entry).collect()
}

#[test]
fn suggestions_found_later_go_before_the_problems_not_reached() {
    let mut s = Session::new("default");
    s.suggestions_first = true;
    s.extend(vec![item(0, ItemKind::Problem), item(1, ItemKind::Problem)]);
    s.extend(vec![item(2, ItemKind::Suggestion)]);
    // The current item (0) stays where the user is.
    assert_eq!(ids(&s), [0, 2, 1]);
}

#[test]
fn without_the_default_order_items_keep_the_order_found() {
    let mut s = Session::new("problems");
    s.extend(vec![
        item(0, ItemKind::Problem),
        item(1, ItemKind::Suggestion),
    ]);
    assert_eq!(ids(&s), [0, 1]);
}

#[test]
fn skipping_the_last_item_left_shows_it_again() {
    let mut s = Session::of("q", vec![item(0, ItemKind::Suggestion)]);
    s.record(Step::Skip, Edits::default(), None);
    assert_eq!(s.current().map(|(i, _)| i), Some(0));
    assert_eq!(s.progress(), (1, 1));
}

#[test]
fn moves_stop_at_either_end_and_one_past_the_last() {
    let mut s = Session::of(
        "q",
        vec![item(0, ItemKind::Suggestion), item(1, ItemKind::Problem)],
    );
    s.step(-1);
    assert_eq!(s.pos, 0);
    s.step(5);
    assert!(s.is_done());
    assert_eq!(s.progress(), (2, 2), "past the end reads as the last");
}

#[test]
fn counts_left_by_kind_leave_out_the_decided() {
    let mut s = Session::of(
        "q",
        vec![
            item(0, ItemKind::Suggestion),
            item(1, ItemKind::Problem),
            item(2, ItemKind::Suggestion),
        ],
    );
    s.record(Step::Accept, Edits { count: 1, depth: 1 }, None);
    assert_eq!(
        s.left_by_kind(),
        [(ItemKind::Suggestion, 1), (ItemKind::Problem, 1)]
    );
    assert_eq!(s.undo().map(|l| (l.item, l.edits.count)), Some((0, 1)));
    assert_eq!(s.left_by_kind()[0], (ItemKind::Suggestion, 2));
}
