//! Tests of the three-way merge.

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::store;

const TEXT: &str = "Ahmed met Sara in Mosul before the talks in Erbil and Dohuk.\n";

/// An entity on the first occurrence of `word`.
fn ent(id: &str, kind: &str, word: &str) -> serde_json::Value {
    let start = TEXT[..TEXT.find(word).unwrap()].chars().count();
    let end = start + word.chars().count();
    json!({"id": id, "type": kind, "start": start, "end": end, "text": word})
}

fn doc_of(
    entities: Vec<serde_json::Value>,
    events: Vec<serde_json::Value>,
    relations: Vec<serde_json::Value>,
) -> Document {
    let value = json!({
        "format": "gloss", "version": 1,
        "source": {"file": "talks.txt", "sha256": "ab", "encoding": "utf-8", "chars": 61},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": entities, "events": events, "relations": relations,
    });
    store::parse(&value.to_string()).expect("a valid document")
}

fn ents(entities: Vec<serde_json::Value>) -> Document {
    doc_of(entities, vec![], vec![])
}

fn rel(id: &str, kind: &str, arg1: &str, arg2: &str) -> serde_json::Value {
    json!({"id": id, "type": kind, "arg1": arg1, "arg2": arg2})
}

fn event(
    id: &str,
    kind: &str,
    trigger: &str,
    word: &str,
    args: serde_json::Value,
) -> serde_json::Value {
    let mut t = ent(trigger, "", word);
    t.as_object_mut().unwrap().remove("type");
    json!({"id": id, "type": kind, "trigger": t, "arguments": args})
}

fn entity<'a>(doc: &'a Document, text: &str) -> Vec<&'a Entity> {
    doc.entities.iter().filter(|e| e.text == text).collect()
}

fn conflict_of(doc: &Document, id: &str) -> Option<serde_json::Value> {
    let entities = doc.entities.iter().map(|e| (&e.id, &e.extra));
    let events = doc.events.iter().map(|e| (&e.id, &e.extra));
    let relations = doc.relations.iter().map(|r| (&r.id, &r.extra));
    let (_, extra) = entities
        .chain(events)
        .chain(relations)
        .find(|(i, _)| *i == id)?;
    extra.get(CONFLICT).cloned()
}

/// The merge, checked to be a valid document in its deterministic form.
fn merged(base: &Document, ours: &Document, theirs: &Document) -> Merged {
    let m = merge(Some(base), ours, theirs).expect("same source");
    let bytes = store::serialize(&m.doc);
    let again = store::parse(&bytes).expect("the merge parses");
    assert_eq!(store::serialize(&again), bytes);
    assert!(
        crate::validate::check_ids(&m.doc).is_empty(),
        "{:?}",
        crate::validate::check_ids(&m.doc)
    );
    m
}

fn base3() -> Document {
    ents(vec![
        ent("T1", "PER", "Ahmed"),
        ent("T2", "GPE", "Mosul"),
        ent("T3", "PER", "Sara"),
    ])
}

#[test]
fn additions_on_both_sides_are_both_kept() {
    let base = base3();
    let mut ours = base.clone();
    ours.add_entity("GPE", 44, 49, "Erbil");
    let theirs = ents(vec![
        ent("T1", "PER", "Ahmed"),
        ent("T2", "GPE", "Mosul"),
        ent("T3", "PER", "Sara"),
        ent("T5", "GPE", "Dohuk"),
    ]);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.doc.entities.len(), 5);
    assert!(!m.has_conflicts() && m.renumbered.is_empty());
}

#[test]
fn colliding_ids_are_renumbered_on_theirs_with_every_reference() {
    let base = base3();
    let ours = ents(vec![
        ent("T1", "PER", "Ahmed"),
        ent("T2", "GPE", "Mosul"),
        ent("T3", "PER", "Sara"),
        ent("T4", "GPE", "Erbil"),
    ]);
    let mut theirs = doc_of(
        vec![
            ent("T1", "PER", "Ahmed"),
            ent("T2", "GPE", "Mosul"),
            ent("T3", "PER", "Sara"),
            ent("T4", "GPE", "Dohuk"),
        ],
        vec![event(
            "E1",
            "Meet",
            "T5",
            "met",
            json!([{"role": "Place", "ref": "T4"}]),
        )],
        vec![rel("R1", "PHYS", "T3", "T4")],
    );
    theirs
        .extra
        .insert("brat_order".into(), json!(["T4", "R1", "*"]));
    theirs.extra.insert(
        "equivalences".into(),
        json!([{"type": "Equiv", "refs": ["T2", "T4"]}]),
    );
    let m = merged(&base, &ours, &theirs);
    let dohuk = &entity(&m.doc, "Dohuk")[0].id;
    assert_eq!(entity(&m.doc, "Erbil")[0].id, "T4");
    assert_ne!(dohuk, "T4");
    assert_eq!(m.renumbered, vec![("T4".to_owned(), dohuk.clone())]);
    assert_eq!(m.doc.relations[0].arg2, *dohuk);
    assert_eq!(m.doc.events[0].arguments[0].target, *dohuk);
    assert_eq!(m.doc.extra["brat_order"], json!([dohuk, "R1", "*"]));
    assert_eq!(m.doc.extra["equivalences"][0]["refs"], json!(["T2", dohuk]));
    assert!(!m.has_conflicts());
}

#[test]
fn the_same_addition_under_the_same_id_is_one() {
    let base = base3();
    let mut ours = base.clone();
    ours.add_entity("GPE", 44, 49, "Erbil");
    let m = merged(&base, &ours, &ours.clone());
    assert_eq!(entity(&m.doc, "Erbil").len(), 1);
    assert!(m.renumbered.is_empty() && !m.has_conflicts());
}

#[test]
fn a_change_on_one_side_is_taken() {
    let base = base3();
    let mut theirs = base.clone();
    theirs.retype("T2", "LOC");
    theirs.remove_annotation("T1");
    let m = merged(&base, &base, &theirs);
    assert_eq!(entity(&m.doc, "Mosul")[0].kind, "LOC");
    assert!(
        entity(&m.doc, "Ahmed").is_empty(),
        "deleted, unchanged elsewhere"
    );
    assert!(!m.has_conflicts());
}

#[test]
fn the_same_change_on_both_sides_is_one() {
    let base = base3();
    let mut ours = base.clone();
    ours.retype("T2", "LOC");
    let m = merged(&base, &ours, &ours.clone());
    assert_eq!(entity(&m.doc, "Mosul").len(), 1);
    assert!(!m.has_conflicts());
}

#[test]
fn two_changes_of_one_annotation_keep_both_versions_marked() {
    let base = base3();
    let mut ours = base.clone();
    ours.retype("T2", "LOC");
    let mut theirs = base.clone();
    theirs.retype("T2", "FAC");
    theirs.set_reviewed("T2", Some("ben"));
    let m = merged(&base, &ours, &theirs);
    let mosul = entity(&m.doc, "Mosul");
    assert_eq!(mosul.len(), 2);
    let (o, t) = (
        mosul.iter().find(|e| e.kind == "LOC").unwrap(),
        mosul.iter().find(|e| e.kind == "FAC").unwrap(),
    );
    assert_eq!(o.id, "T2");
    assert_eq!(t.id, "T4", "a fresh id past every one in use");
    assert_eq!(
        conflict_of(&m.doc, "T2"),
        Some(json!({"side": "ours", "with": "T4"}))
    );
    assert_eq!(
        conflict_of(&m.doc, "T4"),
        Some(json!({"side": "theirs", "with": "T2"}))
    );
    assert!(
        m.doc.reviewed_of("T4").is_none(),
        "a version in conflict is to be looked at again"
    );
    assert_eq!(m.conflicts, vec!["T2", "T4"]);
}

#[test]
fn a_conflict_is_live_until_one_version_goes_or_is_accepted() {
    let base = base3();
    let mut ours = base.clone();
    ours.retype("T2", "LOC");
    let mut theirs = base.clone();
    theirs.retype("T2", "FAC");
    let m = merged(&base, &ours, &theirs);
    let problems = crate::validate::check_conflicts(&m.doc);
    assert_eq!(problems.len(), 2);
    assert!(
        problems
            .iter()
            .all(|p| p.kind == crate::validate::ProblemKind::Conflict)
    );
    assert!(problems[0].message.contains("LOC") && problems[0].message.contains("FAC"));
    let mut settled = m.doc.clone();
    settled.remove_annotation("T4");
    assert!(crate::validate::check_conflicts(&settled).is_empty());
    let mut accepted = m.doc.clone();
    accepted.set_reviewed("T2", None);
    accepted.set_reviewed("T4", None);
    assert!(crate::validate::check_conflicts(&accepted).is_empty());
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_keeps_the_change_marked() {
    let base = base3();
    let mut ours = base.clone();
    ours.remove_annotation("T1");
    ours.retype("T3", "ORG");
    let mut theirs = base.clone();
    theirs.retype("T1", "ORG");
    theirs.remove_annotation("T3");
    let m = merged(&base, &ours, &theirs);
    assert_eq!(entity(&m.doc, "Ahmed")[0].kind, "ORG");
    assert_eq!(entity(&m.doc, "Sara")[0].kind, "ORG");
    assert_eq!(
        conflict_of(&m.doc, "T1"),
        Some(json!({"side": "theirs", "with": null}))
    );
    assert_eq!(
        conflict_of(&m.doc, "T3"),
        Some(json!({"side": "ours", "with": null}))
    );
    let live = crate::validate::check_conflicts(&m.doc);
    assert_eq!(live.len(), 2);
    let mut settled = m.doc.clone();
    settled.remove_annotation("T1");
    settled.set_reviewed("T3", None);
    assert!(crate::validate::check_conflicts(&settled).is_empty());
}

#[test]
fn an_annotation_deleted_on_one_side_comes_back_when_the_other_refers_to_it() {
    let base = base3();
    let mut ours = base.clone();
    ours.remove_annotation("T1");
    let theirs = doc_of(
        vec![
            ent("T1", "PER", "Ahmed"),
            ent("T2", "GPE", "Mosul"),
            ent("T3", "PER", "Sara"),
        ],
        vec![],
        vec![rel("R1", "PHYS", "T1", "T2")],
    );
    let m = merged(&base, &ours, &theirs);
    assert_eq!(entity(&m.doc, "Ahmed").len(), 1);
    assert_eq!(m.doc.relations.len(), 1);
    assert!(conflict_of(&m.doc, "T1").is_some());
}

#[test]
fn events_and_relations_merge_by_id() {
    let base = doc_of(
        vec![ent("T1", "PER", "Ahmed"), ent("T2", "GPE", "Mosul")],
        vec![event(
            "E1",
            "Meet",
            "T3",
            "met",
            json!([{"role": "Entity", "ref": "T1"}]),
        )],
        vec![rel("R1", "PHYS", "T1", "T2")],
    );
    // Ours adds an argument; theirs retypes the relation.
    let mut ours = base.clone();
    ours.add_argument("E1", "Place", "T2");
    let mut theirs = base.clone();
    theirs.relations[0].kind = "LOCATED".into();
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.doc.events[0].arguments.len(), 2);
    assert_eq!(m.doc.relations[0].kind, "LOCATED");
    assert!(!m.has_conflicts());
    // Both move the trigger differently: two events, two trigger ids.
    let mut ours = base.clone();
    ours.events[0].trigger.end -= 1;
    ours.events[0].trigger.text = "me".into();
    let mut theirs = base.clone();
    theirs.events[0].kind = "Travel".into();
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.doc.events.len(), 2);
    assert_ne!(m.doc.events[0].trigger.id, m.doc.events[1].trigger.id);
    assert_eq!(m.conflicts.len(), 2);
}

#[test]
fn document_fields_take_the_side_that_changed_them() {
    let base = base3();
    let mut ours = base.clone();
    ours.note = "check Mosul".into();
    let mut theirs = base.clone();
    theirs.status = crate::annotation::Status::Done;
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.doc.note, "check Mosul");
    assert_eq!(m.doc.status, crate::annotation::Status::Done);
    assert!(m.notices.is_empty());
    // Both changed: ours' status, both notes, and a notice for each.
    let mut theirs = base.clone();
    theirs.note = "check Sara".into();
    theirs.status = crate::annotation::Status::Done;
    ours.status = crate::annotation::Status::Reviewed;
    ours.annotator = Some("ana".into());
    theirs.annotator = Some("ben".into());
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.doc.status, crate::annotation::Status::Reviewed);
    assert_eq!(m.doc.annotator.as_deref(), Some("ana"));
    assert_eq!(m.doc.note, "check Mosul\n\ncheck Sara");
    assert_eq!(m.notices.len(), 3);
}

#[test]
fn sources_that_differ_are_not_merged() {
    let base = base3();
    let mut theirs = base.clone();
    theirs.source.sha256 = "cd".into();
    assert!(matches!(
        merge(Some(&base), &base, &theirs),
        Err(MergeError::SourceDiffers { .. })
    ));
}

#[test]
fn without_a_common_ancestor_both_files_are_kept_whole() {
    let ours = ents(vec![ent("T1", "PER", "Ahmed")]);
    let theirs = ents(vec![ent("T1", "PER", "Sara"), ent("T2", "GPE", "Mosul")]);
    let m = merge(None, &ours, &theirs).unwrap();
    assert_eq!(m.doc.entities.len(), 3);
    assert_eq!(m.renumbered.len(), 1);
}

/// A random edit of a document: add, retype or delete an entity.
#[derive(Debug, Clone)]
enum Edit {
    Add(usize),
    Retype(usize, u8),
    Delete(usize),
    Relate(usize, usize),
    /// An event on a word, its argument an entity.
    Event(usize, usize),
    /// An event's argument dropped.
    Unargue(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let one = prop_oneof![
        (0usize..5).prop_map(Edit::Add),
        (0usize..8, 0u8..3).prop_map(|(i, t)| Edit::Retype(i, t)),
        (0usize..8).prop_map(Edit::Delete),
        (0usize..8, 0usize..8).prop_map(|(a, b)| Edit::Relate(a, b)),
        (0usize..5, 0usize..8).prop_map(|(w, a)| Edit::Event(w, a)),
        (0usize..4).prop_map(Edit::Unargue),
    ];
    proptest::collection::vec(one, 0..8)
}

const WORDS: [&str; 5] = ["Ahmed", "Sara", "Mosul", "Erbil", "Dohuk"];

fn apply(doc: &mut Document, edits: &[Edit]) {
    for edit in edits {
        let n = doc.entities.len();
        match *edit {
            Edit::Add(w) => {
                let e: Entity = serde_json::from_value(ent("X", "GPE", WORDS[w])).unwrap();
                doc.add_entity(&e.kind, e.start, e.end, &e.text);
            }
            Edit::Retype(i, t) if n > 0 => {
                let id = doc.entities[i % n].id.clone();
                doc.retype(&id, ["PER", "LOC", "ORG"][t as usize]);
            }
            Edit::Delete(i) if n > 0 => {
                let id = doc.entities[i % n].id.clone();
                doc.remove_annotation(&id);
            }
            Edit::Event(w, a) if n > 0 => {
                let e: Entity = serde_json::from_value(ent("X", "GPE", WORDS[w])).unwrap();
                let target = doc.entities[a % n].id.clone();
                let id = doc.add_event("Meet", e.start, e.end, &e.text);
                doc.add_argument(&id, "Place", &target);
            }
            Edit::Unargue(i) if !doc.events.is_empty() => {
                let id = doc.events[i % doc.events.len()].id.clone();
                if doc.event(&id).is_some_and(|e| !e.arguments.is_empty()) {
                    doc.remove_argument(&id, 0);
                }
            }
            Edit::Relate(a, b) if n > 0 => {
                let (a, b) = (
                    doc.entities[a % n].id.clone(),
                    doc.entities[b % n].id.clone(),
                );
                doc.add_relation("PHYS", &a, &b);
            }
            _ => {}
        }
    }
}

/// What an entity is, whatever its id.
fn content(e: &Entity) -> (String, usize, usize) {
    (e.kind.clone(), e.start, e.end)
}

/// What a relation is, whatever the ids: the spans of its ends.
fn ends(doc: &Document, r: &Relation) -> Option<((usize, usize), (usize, usize))> {
    Some((doc.span_of(&r.arg1)?, doc.span_of(&r.arg2)?))
}

proptest! {
    #[test]
    fn a_merge_parses_and_loses_nothing_either_side_made(ours_edits in edits(), theirs_edits in edits()) {
        let base = base3();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        apply(&mut ours, &ours_edits);
        apply(&mut theirs, &theirs_edits);
        let m = merged(&base, &ours, &theirs);
        let result: Vec<_> = m.doc.entities.iter().map(content).collect();
        // Every annotation either side added or changed is in the result,
        // up to renumbering (one left as it was may give way to the other
        // side's change or deletion).
        let unchanged = |e: &Entity| base.entities.iter().any(|b| b.id == e.id && content(b) == content(e));
        for side in [&ours, &theirs] {
            for e in &side.entities {
                prop_assert!(unchanged(e) || result.contains(&content(e)), "{e:?} lost");
            }
        }
        let relations: Vec<_> = m.doc.relations.iter().map(|r| ends(&m.doc, r)).collect();
        for side in [&ours, &theirs] {
            for r in side.relations.iter().filter(|r| !base.relations.contains(r)) {
                prop_assert!(relations.contains(&ends(side, r)), "{r:?} lost");
            }
        }
        let events: Vec<_> = m.doc.events.iter().map(|e| (e.trigger.start, e.arguments.len())).collect();
        for side in [&ours, &theirs] {
            for e in side.events.iter().filter(|e| !base.events.contains(e)) {
                prop_assert!(events.contains(&(e.trigger.start, e.arguments.len())), "{e:?} lost");
            }
        }
        prop_assert_eq!(m.has_conflicts(), !crate::validate::check_conflicts(&m.doc).is_empty());
    }
}

#[test]
fn the_same_annotation_added_under_two_ids_is_one() {
    let base = base3();
    let mut ours = base.clone();
    ours.add_entity("GPE", 44, 49, "Erbil");
    let erbil = ours
        .entities
        .iter()
        .find(|e| e.text == "Erbil")
        .unwrap()
        .id
        .clone();
    let mut theirs = base.clone();
    theirs.add_entity("PER", 54, 59, "Dohuk");
    theirs.add_entity("GPE", 44, 49, "Erbil");
    theirs.add_relation("PHYS", "T3", "T5");
    ours.add_relation("PHYS", "T3", &erbil);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(entity(&m.doc, "Erbil").len(), 1);
    assert_eq!(entity(&m.doc, "Dohuk").len(), 1);
    let folded = [("T5", erbil.as_str()), ("R1", "R1")].map(|(t, o)| (t.to_owned(), o.to_owned()));
    assert_eq!(m.folded, folded);
    assert_eq!(entity(&m.doc, "Dohuk")[0].id, "T6");
    assert!(
        m.renumbered.iter().all(|(old, _)| old != "R1"),
        "{:?}",
        m.renumbered
    );
    assert_eq!(
        m.doc.relations.len(),
        1,
        "the relation to Erbil, once: {:?}",
        m.doc.relations
    );
    assert!(!m.has_conflicts());
}

#[test]
fn an_addition_folds_into_ours_once_a_colliding_id_is_renumbered() {
    let base = base3();
    let ours = ents(vec![
        ent("T1", "PER", "Ahmed"),
        ent("T2", "GPE", "Mosul"),
        ent("T3", "PER", "Sara"),
        ent("T4", "GPE", "Erbil"),
    ]);
    let theirs = ents(vec![
        ent("T1", "PER", "Ahmed"),
        ent("T2", "GPE", "Mosul"),
        ent("T3", "PER", "Sara"),
        ent("T4", "GPE", "Dohuk"),
        ent("T5", "GPE", "Erbil"),
    ]);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(entity(&m.doc, "Erbil")[0].id, "T4");
    assert_eq!(entity(&m.doc, "Erbil").len(), 1);
    assert_eq!(entity(&m.doc, "Dohuk")[0].id, "T6");
    assert_eq!(m.folded, vec![("T5".to_owned(), "T4".to_owned())]);
}

#[test]
fn an_id_freed_by_settling_and_given_to_a_new_annotation_does_not_revive_the_conflict() {
    let base = base3();
    let mut ours = base.clone();
    ours.retype("T2", "LOC");
    let mut theirs = base.clone();
    theirs.retype("T2", "FAC");
    let mut doc = merged(&base, &ours, &theirs).doc;
    doc.remove_annotation("T4");
    let again = doc.add_entity("GPE", 44, 49, "Erbil");
    assert_eq!(again, "T4", "gloss gives the highest id again");
    assert!(crate::validate::check_conflicts(&doc).is_empty());
}

#[test]
fn a_new_annotation_under_a_freed_id_is_not_a_change_of_the_old_one() {
    let base = base3();
    // Ours relates Ahmed to Sara (T3); theirs deletes Sara and tags Erbil,
    // which gloss numbers T3 again.
    let mut ours = base.clone();
    ours.add_relation("PHYS", "T1", "T3");
    let mut theirs = base.clone();
    theirs.remove_annotation("T3");
    assert_eq!(theirs.add_entity("GPE", 44, 49, "Erbil"), "T3");
    let m = merged(&base, &ours, &theirs);
    let sara = &entity(&m.doc, "Sara")[0].id;
    let erbil = &entity(&m.doc, "Erbil")[0].id;
    assert_eq!(
        m.doc.relations[0].arg2, *sara,
        "the relation still means Sara"
    );
    assert_ne!(sara, erbil);
    assert_eq!(
        m.reused,
        vec![(Side::Theirs, "T3".to_owned(), erbil.clone())]
    );
    assert!(
        conflict_of(&m.doc, sara).is_some(),
        "deleted on theirs, needed by ours"
    );
}
