//! A merge conflict in the review queue: deciding one version settles the
//! other, which the queue then passes instead of offering to delete it.

use super::*;
use crate::tui::review::Filter;

/// Kestova tagged two ways by a merge, each version marked as the other's
/// conflict (`gloss merge-file`).
fn in_conflict() -> Fixture {
    let version = |id: &str, ty: &str, side: &str, with: &str| {
        serde_json::json!({"id": id, "type": ty, "start": 0, "end": 7, "text": "Kestova",
            "conflict": {"side": side, "with": with}})
    };
    let json = serde_json::json!({
        "format": "gloss", "version": 1,
        "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": [version("T1", "GPE", "ours", "T2"), version("T2", "LOC", "theirs", "T1")],
        "events": [], "relations": []
    });
    let mut f = fixture_with(Some(&json.to_string()));
    f.review(Filter {
        problems: true,
        ..Filter::default()
    });
    f
}

fn kinds(f: &Fixture) -> Vec<String> {
    f.doc().entities.iter().map(|e| e.kind.clone()).collect()
}

#[test]
fn rejecting_one_version_keeps_the_other_and_passes_it() {
    let mut f = in_conflict();
    assert_eq!(f.progress(), (1, 2));
    f.keys("x");
    assert_eq!(kinds(&f), ["LOC"]);
    let s = f.app.review.as_ref().unwrap();
    assert!(s.is_done(), "the other version is not offered");
    assert_eq!(s.decisions(), 1);
    let said = &f.app.message.as_ref().unwrap().text;
    assert!(said.contains("kept LOC “Kestova”"), "{said}");
    // A second x has nothing to delete.
    f.keys("x");
    assert_eq!(kinds(&f), ["LOC"]);
    // u takes back the rejection, and the other version is open again.
    f.keys("u");
    assert_eq!(kinds(&f), ["GPE", "LOC"]);
    assert_eq!(f.progress(), (1, 2));
    f.keys("j");
    assert_eq!(f.progress(), (2, 2));
    assert!(!f.app.review.as_ref().unwrap().is_done());
}

#[test]
fn accepting_both_versions_asks_for_each() {
    let mut f = in_conflict();
    f.keys("y");
    assert_eq!(f.progress(), (2, 2));
    f.keys("y");
    assert!(f.app.review.as_ref().unwrap().is_done());
    assert_eq!(kinds(&f), ["GPE", "LOC"]);
}
