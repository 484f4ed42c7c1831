use super::*;
use crate::annotation::SourceInfo;

/// A number that changes by being replaced.
#[derive(Debug, Clone, PartialEq)]
struct Was(i32);

impl Reversible<i32> for Was {
    fn apply(self, to: &mut i32) -> Self {
        Was(std::mem::replace(to, self.0))
    }
}

#[test]
fn undo_and_redo_walk_the_changes() {
    let mut h = History::default();
    let mut v = 1;
    h.record(Was(v));
    v = 2;
    h.record(Was(v));
    v = 3;
    assert!(h.undo(&mut v));
    assert_eq!(v, 2);
    assert!(h.undo(&mut v));
    assert_eq!(v, 1);
    assert!(!h.undo(&mut v));
    assert!(h.redo(&mut v));
    assert_eq!(v, 2);
    h.record(Was(v));
    v = 9;
    assert!(!h.redo(&mut v), "a new change drops the redo branch");
    assert!(h.undo(&mut v));
    assert_eq!(v, 2);
}

fn many(n: usize) -> Document {
    let mut doc = Document::new(SourceInfo::new("a.txt", "00".into(), "utf-8", 10 * n), None);
    for i in 0..n {
        doc.add_entity("PER", 10 * i, 10 * i + 5, "x");
    }
    let e = doc.add_event("Meet", 3, 4, "y");
    doc.add_argument(&e, "Who", "T1");
    doc.add_relation("Knows", "T1", "T2");
    doc.add_relation("Knows", "T3", "T2");
    doc
}

/// Makes `edit` on the annotations `ids` through a recorded change, then
/// checks that undo gives back the document exactly and redo the edit.
fn round_trip(ids: &[&str], edit: impl FnOnce(&mut Document)) -> DocChange {
    let mut doc = many(50);
    let original = doc.clone();
    let before = DocChange::before(&doc, ids);
    edit(&mut doc);
    assert!(!before.unchanged_in(&doc), "the edit changed something");
    let before = before.trim(&doc);
    let edited = doc.clone();
    let mut h = History::default();
    h.record(before.clone());
    assert!(h.undo(&mut doc));
    assert_eq!(doc, original);
    assert!(h.redo(&mut doc));
    assert_eq!(doc, edited);
    before
}

#[test]
fn a_change_keeps_only_what_the_edit_can_touch() {
    let added = round_trip(&[], |d| {
        d.add_entity("ORG", 7, 9, "z");
    });
    assert_eq!(added.entities.len(), 0, "nothing was there before");
    assert!(added.head.is_none(), "the note and source are not copied");
    let deleted = round_trip(&["T1"], |d| d.remove_annotation("T1"));
    assert_eq!(deleted.entities.len(), 1);
    assert_eq!(deleted.events.len(), 1, "the event whose argument it was");
    assert_eq!(deleted.relations.len(), 1, "only the relation that uses T1");
    let status = round_trip(&[], |d| d.status = Status::Done);
    assert!(status.head.is_some());
    assert_eq!(status.entities.len() + status.relations.len(), 0);
}

#[test]
fn every_kind_of_edit_is_undone_exactly() {
    round_trip(&[], |d| {
        d.add_event("Go", 20, 21, "g");
    });
    round_trip(&[], |d| {
        d.add_relation("Knows", "T4", "T5");
    });
    let trigger = many(50).events[0].trigger.id.clone();
    let event = many(50).events[0].id.clone();
    // A trigger's id stands for its event, and relations to the event go too.
    let mut doc = many(50);
    doc.add_relation("Near", &event, "T9");
    let original = doc.clone();
    let before = DocChange::before(&doc, &[&trigger]);
    doc.remove_annotation(&trigger);
    assert!(doc.relations.iter().all(|r| r.arg1 != event));
    let mut h = History::default();
    h.record(before.trim(&doc));
    assert!(h.undo(&mut doc));
    assert_eq!(doc, original);
    round_trip(&[&event], |d| d.change_role(&event, 0, "Whom"));
    round_trip(&[&event], |d| d.remove_argument(&event, 0));
    round_trip(&["T2"], |d| d.set_note("T2", "a\nb"));
    round_trip(&["T2"], |d| {
        d.set_attribute("T2", "neg", Some(Value::Bool(true)));
    });
    round_trip(&[], |d| d.note = "long article note".into());
}

#[test]
fn an_edit_that_changes_nothing_is_seen_as_such() {
    let doc = many(5);
    let before = DocChange::before(&doc, &["T1"]);
    assert!(before.unchanged_in(&doc));
}

/// What `edit` did to `doc`, as undo would name it (and redo, the same).
fn described(doc: &mut Document, ids: &[&str], edit: impl FnOnce(&mut Document)) -> String {
    let before = DocChange::before(doc, ids);
    edit(doc);
    let before = before.trim(doc);
    let said = before.describe_against(doc, true);
    let mut h = History::default();
    h.record(before);
    assert!(h.undo(doc));
    let again = h.next_redo().unwrap().describe_against(doc, false);
    assert_eq!(said, again, "redo names the same edit");
    said
}

#[test]
fn an_edit_is_named_by_what_it_did() {
    let mut doc = many(2);
    let t1 = doc.entities[0].id.clone();
    assert_eq!(
        described(&mut doc, &[], |d| {
            d.add_entity("GPE", 30, 35, "Mosul");
        }),
        "tag GPE “Mosul”"
    );
    assert_eq!(
        described(&mut doc, &[&t1], |d| d.entities[0].kind = "ORG".into()),
        "retype “x” PER → ORG"
    );
    assert_eq!(
        described(&mut doc, &[&t1], |d| {
            d.entities.remove(0);
        }),
        "delete PER “x”"
    );
    let t2 = doc.entities[1].id.clone();
    assert_eq!(
        described(&mut doc, &[], |d| {
            d.add_relation("ORG-AFF", &t1, &t2);
        }),
        format!("relation ORG-AFF {t1} → {t2}")
    );
    assert_eq!(
        described(&mut doc, &[], |d| {
            d.add_event("Conflict.Attack", 40, 45, "raid");
        }),
        "event Conflict.Attack “raid”"
    );
    assert_eq!(
        described(&mut doc, &[], |d| d.status =
            crate::annotation::Status::Done),
        "status done"
    );
}
