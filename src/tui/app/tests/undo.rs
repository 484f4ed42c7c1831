//! Undo and redo say what they undid, and put the status back by one rule.

use super::*;

#[test]
fn undo_and_redo_name_the_edit() {
    let mut f = fixture();
    f.keys("\rtGPE\r");
    f.keys("u");
    assert!(
        f.message().starts_with("undone: tag GPE “Kestova” ("),
        "{}",
        f.message()
    );
    f.ctrl('r');
    assert_eq!(f.message(), "redone: tag GPE “Kestova”");
    f.keys("d");
    assert!(f.doc().entities.is_empty());
    f.keys("u");
    assert!(
        f.message().starts_with("undone: delete GPE “Kestova”"),
        "{}",
        f.message()
    );
    f.keys("u");
    f.keys("u");
    assert_eq!(f.message(), "nothing to undo in this article");
}

#[test]
fn status_edits_are_named_and_undone() {
    let mut f = fixture();
    f.keys("\rm");
    f.keys("done\r");
    f.keys("u");
    assert!(
        f.message().starts_with("undone: status done"),
        "{}",
        f.message()
    );
    assert_eq!(f.doc().status, Status::Todo);
}

#[test]
fn the_first_annotation_starts_the_work_and_its_undo_puts_todo_back() {
    let mut f = fixture();
    f.keys("\rtGPE\r");
    assert_eq!(f.doc().status, Status::InProgress);
    f.keys("u");
    assert!(f.doc().entities.is_empty());
    assert_eq!(
        f.doc().status,
        Status::Todo,
        "undo puts the article back as it was"
    );
    f.ctrl('r');
    assert_eq!(
        f.doc().status,
        Status::InProgress,
        "redo as the edit left it"
    );
    assert_eq!(
        f.app.corpus.entries[0].summary.status(),
        Some(Status::InProgress)
    );
    // Set to todo by hand, the status stays todo through other edits and their undo.
    f.keys("m");
    f.keys("todo\r");
    assert_eq!(f.doc().status, Status::Todo);
    f.keys("wtORG\r");
    assert_eq!(
        f.doc().status,
        Status::InProgress,
        "an added annotation starts the work"
    );
    f.keys("u");
    assert_eq!(f.doc().status, Status::Todo);
    assert_eq!(f.doc().entities.len(), 1);
}
