use std::path::PathBuf;

use serde_json::json;

use super::*;

const TEXT: &str = "Maria Lopez met Acme Corp in Lisbon. Later she flew to Porto.";

fn info() -> SourceInfo {
    SourceInfo::new("a.txt", "00".into(), "utf-8", TEXT.chars().count())
}

fn target() -> Target {
    Target {
        source: PathBuf::from("a.txt"),
        curated: PathBuf::from("a.txt.ann.json"),
        info: info(),
    }
}

fn at(word: &str) -> (usize, usize) {
    let s = TEXT.find(word).unwrap();
    (s, s + word.len())
}

/// A document tagging each (word, type).
fn doc(tags: &[(&str, &str)]) -> Document {
    let mut d = Document::new(info(), Some("x".into()));
    for (word, kind) in tags {
        let (s, e) = at(word);
        d.add_entity(kind, s, e, word);
    }
    d
}

fn team(docs: &[(&str, Document)]) -> Vec<(String, Document)> {
    docs.iter()
        .map(|(n, d)| ((*n).to_owned(), d.clone()))
        .collect()
}

fn spans(d: &Document) -> Vec<(&str, &str)> {
    d.entities
        .iter()
        .map(|e| (e.text.as_str(), e.kind.as_str()))
        .collect()
}

#[test]
fn all_merges_what_everyone_has_and_queues_the_rest() {
    let ana = doc(&[
        ("Maria Lopez", "PER"),
        ("Acme Corp", "ORG"),
        ("Lisbon", "GPE"),
        ("Porto", "GPE"),
    ]);
    let ben = doc(&[
        ("Maria Lopez", "PER"),
        ("Acme Corp", "PER"),
        ("Lisbon", "GPE"),
    ]);
    let m = merge(
        Strategy::All,
        &team(&[("ben", ben), ("ana", ana)]),
        None,
        &target(),
    );
    assert_eq!(
        spans(&m.curated),
        [("Maria Lopez", "PER"), ("Lisbon", "GPE")]
    );
    assert_eq!(m.merged, 2);
    assert_eq!(m.curated.annotator, None);
    assert_eq!(m.curated.status, Status::CurationInProgress);
    assert_eq!(m.disagreements.len(), 2);
    let acme = &m.disagreements[0];
    assert_eq!((acme.start, acme.end), at("Acme Corp"));
    let who: Vec<_> = acme
        .versions
        .iter()
        .map(|v| (v.annotator.as_str(), v.annotation.kind()))
        .collect();
    assert_eq!(
        who,
        [("ana", "ORG"), ("ben", "PER")],
        "annotator-name order"
    );
    let porto = &m.disagreements[1];
    assert_eq!(
        porto.versions.len(),
        1,
        "ben, who has nothing there, is absent"
    );
    assert_eq!(porto.annotators, ["ana", "ben"]);
}

#[test]
fn merged_annotations_record_who_had_them() {
    let ana = doc(&[("Lisbon", "GPE")]);
    let m = merge(
        Strategy::All,
        &team(&[("ana", ana.clone()), ("ben", ana)]),
        None,
        &target(),
    );
    let e = &m.curated.entities[0];
    assert_eq!(e.extra[PROVENANCE], json!({"annotators": ["ana", "ben"]}));
    assert_eq!(provenance_of(&e.extra), ["ana", "ben"]);
    assert_eq!(m.curated.status, Status::Curated, "nothing left to decide");
}

#[test]
fn majority_of_three_merges_two_and_leaves_one() {
    let ana = doc(&[
        ("Maria Lopez", "PER"),
        ("Acme Corp", "ORG"),
        ("Porto", "GPE"),
    ]);
    let ben = doc(&[("Maria Lopez", "PER"), ("Acme Corp", "ORG")]);
    let cy = doc(&[("Maria Lopez", "PER")]);
    let t = team(&[("ana", ana), ("ben", ben), ("cy", cy)]);
    let m = merge(Strategy::Majority, &t, None, &target());
    assert_eq!(
        spans(&m.curated),
        [("Maria Lopez", "PER"), ("Acme Corp", "ORG")]
    );
    assert_eq!(
        m.curated.entities[1].extra[PROVENANCE],
        json!({"annotators": ["ana", "ben"]})
    );
    assert_eq!(m.disagreements.len(), 1, "Porto: one of three");
    let all = merge(Strategy::All, &t, None, &target());
    assert_eq!(spans(&all.curated), [("Maria Lopez", "PER")]);
    assert_eq!(all.disagreements.len(), 2);
}

#[test]
fn a_tie_is_no_majority() {
    let ana = doc(&[("Acme Corp", "ORG")]);
    let ben = doc(&[("Acme Corp", "PER")]);
    let m = merge(
        Strategy::Majority,
        &team(&[("ana", ana.clone()), ("ben", ben.clone())]),
        None,
        &target(),
    );
    assert!(m.curated.entities.is_empty());
    assert_eq!(m.disagreements[0].versions.len(), 2);
    // Two of four is half, not more than half.
    let t = team(&[
        ("ana", ana.clone()),
        ("ben", ben.clone()),
        ("cy", ana),
        ("dan", ben),
    ]);
    let m = merge(Strategy::Majority, &t, None, &target());
    assert!(m.curated.entities.is_empty());
    assert_eq!(m.disagreements[0].versions.len(), 4);
}

#[test]
fn none_merges_nothing_and_queues_every_position() {
    let ana = doc(&[("Maria Lopez", "PER"), ("Lisbon", "GPE")]);
    let m = merge(
        Strategy::None,
        &team(&[("ana", ana.clone()), ("ben", ana)]),
        None,
        &target(),
    );
    assert!(m.curated.entities.is_empty());
    assert_eq!(m.merged, 0);
    assert_eq!(m.disagreements.len(), 2);
    assert_eq!(m.disagreements[0].versions[0].shared_by, ["ana", "ben"]);
    assert_eq!(m.curated.status, Status::CurationInProgress);
}

#[test]
fn other_attributes_are_a_disagreement() {
    let ana = doc(&[("Lisbon", "GPE")]);
    let mut ben = ana.clone();
    let id = ben.entities[0].id.clone();
    ben.set_attribute(&id, "Negated", Some(json!(true)));
    let m = merge(
        Strategy::All,
        &team(&[("ana", ana), ("ben", ben)]),
        None,
        &target(),
    );
    assert!(m.curated.entities.is_empty());
    assert_eq!(m.disagreements[0].versions.len(), 2);
}

#[test]
fn overlapping_spans_are_one_position_and_suggestions_are_nobodys() {
    let ana = doc(&[("Maria Lopez", "PER")]);
    let mut ben = doc(&[("Lopez", "PER")]);
    let (s, e) = at("Porto");
    let id = ben.add_entity("GPE", s, e, "Porto");
    ben.entities
        .iter_mut()
        .find(|x| x.id == id)
        .unwrap()
        .suggested = Some(json!({"source": "m"}));
    let m = merge(
        Strategy::All,
        &team(&[("ana", ana), ("ben", ben)]),
        None,
        &target(),
    );
    assert_eq!(m.disagreements.len(), 1);
    let d = &m.disagreements[0];
    assert_eq!((d.start, d.end), at("Maria Lopez"));
    assert_eq!(d.versions.len(), 2);
}

/// An Attack event on "met" with an Attacker argument on `who` (PER).
fn with_event(mut d: Document, who: &str, role: &str) -> Document {
    let (s, e) = at(who);
    let filler = d.add_entity("PER", s, e, who);
    let (s, e) = at("met");
    let ev = d.add_event("Meet", s, e, "met");
    d.add_argument(&ev, role, &filler);
    d
}

#[test]
fn events_with_other_arguments_disagree_and_the_same_merge() {
    let ana = with_event(doc(&[]), "Maria Lopez", "Entity");
    let ben = with_event(doc(&[]), "Maria Lopez", "Place");
    let m = merge(
        Strategy::All,
        &team(&[("ana", ana.clone()), ("ben", ben)]),
        None,
        &target(),
    );
    let events: Vec<_> = m
        .disagreements
        .iter()
        .filter(|d| d.layer == Layer::Events)
        .collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].versions.len(), 2);
    assert_eq!(
        spans(&m.curated),
        [("Maria Lopez", "PER")],
        "the filler both have"
    );

    let m = merge(
        Strategy::All,
        &team(&[("ana", ana.clone()), ("ben", ana)]),
        None,
        &target(),
    );
    assert!(m.disagreements.is_empty());
    assert_eq!(m.curated.events.len(), 1);
    let ev = &m.curated.events[0];
    assert_eq!(
        ev.arguments[0].target, m.curated.entities[0].id,
        "pointed at the curated entity"
    );
    assert_eq!(m.curated.entities.len(), 1, "the filler is not added twice");
}

#[test]
fn a_rerun_finds_merged_and_taken_events_where_they_are() {
    let ana = with_event(doc(&[]), "Maria Lopez", "Entity");
    let ben = with_event(doc(&[]), "Maria Lopez", "Place");
    let agreed = team(&[("ana", ana.clone()), ("ben", ana.clone())]);
    let first = merge(Strategy::All, &agreed, None, &target());
    let again = merge(
        Strategy::All,
        &agreed,
        Some(first.curated.clone()),
        &target(),
    );
    assert_eq!(again.merged, 0, "the agreed event is there already");
    assert_eq!(again.curated.events, first.curated.events);
    // A version taken settles its position: not queued again.
    let differ = team(&[("ana", ana), ("ben", ben)]);
    let m = merge(Strategy::All, &differ, None, &target());
    let d = m
        .disagreements
        .iter()
        .find(|d| d.layer == Layer::Events)
        .unwrap();
    let mut curated = m.curated.clone();
    take(&mut curated, &d.versions[1]).unwrap();
    assert!(settled(&curated, d));
    let again = merge(Strategy::All, &differ, Some(curated), &target());
    assert!(again.disagreements.iter().all(|d| d.layer != Layer::Events));
}

#[test]
fn take_gives_new_ids_and_remaps_arguments() {
    let ana = with_event(doc(&[("Porto", "GPE")]), "Maria Lopez", "Entity");
    let ben = doc(&[]);
    let mut curated = Document::new(info(), None);
    // The curated file already uses T1 and T2, which ana's file uses too.
    curated.add_entity("ORG", at("Acme Corp").0, at("Acme Corp").1, "Acme Corp");
    curated.add_entity("GPE", at("Lisbon").0, at("Lisbon").1, "Lisbon");
    let m = merge(
        Strategy::All,
        &team(&[("ana", ana), ("ben", ben)]),
        Some(curated),
        &target(),
    );
    let event = m
        .disagreements
        .iter()
        .find(|d| d.layer == Layer::Events)
        .unwrap();
    let mut doc = m.curated.clone();
    let id = take(&mut doc, &event.versions[0]).unwrap();
    assert_eq!(id, "E1");
    let ev = doc.event("E1").unwrap();
    assert_eq!(ev.trigger.id, "T4", "after T3, the filler it brought along");
    let filler = doc
        .entities
        .iter()
        .find(|e| e.id == ev.arguments[0].target)
        .unwrap();
    assert_eq!(
        (filler.text.as_str(), filler.id.as_str()),
        ("Maria Lopez", "T3")
    );
    assert_eq!(ev.extra[PROVENANCE], json!({"annotators": ["ana"]}));
    assert_eq!(
        take(&mut doc, &event.versions[0]).unwrap(),
        "E1",
        "taken twice, kept once"
    );
    assert_eq!(doc.events.len(), 1);
    assert!(settled(&doc, event));
}

#[test]
fn an_argument_on_an_event_the_curated_file_lacks_is_refused_untouched() {
    let mut ana = doc(&[]);
    let (s, e) = at("flew");
    let inner = ana.add_event("Travel", s, e, "flew");
    let (s, e) = at("met");
    let outer = ana.add_event("Meet", s, e, "met");
    ana.add_argument(&outer, "Then", &inner);
    let m = merge(
        Strategy::None,
        &team(&[("ana", ana), ("ben", doc(&[]))]),
        None,
        &target(),
    );
    let met = m
        .disagreements
        .iter()
        .find(|d| (d.start, d.end) == at("met"))
        .unwrap();
    let mut curated = m.curated.clone();
    let err = take(&mut curated, &met.versions[0]).unwrap_err();
    assert!(
        matches!(err, AdjudicateError::EventFillerMissing { .. }),
        "{err}"
    );
    assert_eq!(curated, m.curated);
    let flew = m
        .disagreements
        .iter()
        .find(|d| (d.start, d.end) == at("flew"))
        .unwrap();
    take(&mut curated, &flew.versions[0]).unwrap();
    take(&mut curated, &met.versions[0]).unwrap();
    assert_eq!(curated.events.len(), 2);
}

#[test]
fn a_merged_annotation_the_curator_deleted_is_not_merged_again() {
    let ana = doc(&[("Maria Lopez", "PER"), ("Lisbon", "GPE")]);
    let ben = doc(&[("Maria Lopez", "PER"), ("Lisbon", "GPE")]);
    let t = team(&[("ana", ana), ("ben", ben)]);
    let mut curated = merge(Strategy::All, &t, None, &target()).curated;
    let id = |d: &Document, word: &str| {
        let e = d.entities.iter().find(|e| e.text == word).unwrap();
        e.id.clone()
    };
    let lisbon = id(&curated, "Lisbon");
    remove(&mut curated, &lisbon);
    assert_eq!(spans(&curated), [("Maria Lopez", "PER")]);
    let again = merge(Strategy::All, &t, Some(curated.clone()), &target());
    assert_eq!(spans(&again.curated), [("Maria Lopez", "PER")]);
    assert_eq!((again.merged, again.disagreements.len()), (0, 0));
    // An annotation of the curator's own leaves no record when deleted.
    let (s, e) = at("Porto");
    let porto = curated.add_entity("GPE", s, e, "Porto");
    let before = curated.extra.clone();
    remove(&mut curated, &porto);
    assert_eq!(curated.extra, before);
}

#[test]
fn an_existing_curated_file_is_extended_and_settled_positions_not_queued() {
    let ana = doc(&[
        ("Maria Lopez", "PER"),
        ("Acme Corp", "ORG"),
        ("Porto", "GPE"),
    ]);
    let ben = doc(&[("Maria Lopez", "PER"), ("Acme Corp", "PER")]);
    let t = team(&[("ana", ana), ("ben", ben)]);
    let mut curated = Document::new(info(), None);
    curated.status = Status::CurationInProgress;
    // The curator's own annotation, and Acme decided as LOC.
    curated.add_entity("GPE", at("Lisbon").0, at("Lisbon").1, "Lisbon");
    curated.add_entity("LOC", at("Acme Corp").0, at("Acme Corp").1, "Acme Corp");
    let m = merge(Strategy::All, &t, Some(curated), &target());
    assert_eq!(
        spans(&m.curated),
        [
            ("Maria Lopez", "PER"),
            ("Acme Corp", "LOC"),
            ("Lisbon", "GPE")
        ]
    );
    assert_eq!(m.disagreements.len(), 1, "only Porto");
    // Porto rejected: nothing added, nothing queued, and the article curated.
    let mut doc = m.curated.clone();
    reject(&mut doc, &m.disagreements[0]);
    assert!(settled(&doc, &m.disagreements[0]));
    assert_eq!(status_after(&doc, &m.disagreements), Status::Curated);
    let again = merge(Strategy::All, &t, Some(doc.clone()), &target());
    assert!(again.disagreements.is_empty());
    assert_eq!(again.merged, 0);
    assert_eq!(again.curated.entities, doc.entities);
    assert_eq!(again.curated.status, Status::Curated);
}

#[test]
fn the_curated_file_round_trips_with_its_new_fields() {
    let ana = doc(&[("Porto", "GPE"), ("Lisbon", "GPE")]);
    let m = merge(
        Strategy::All,
        &team(&[("ana", ana.clone()), ("ben", doc(&[("Lisbon", "GPE")]))]),
        None,
        &target(),
    );
    let mut curated = m.curated;
    reject(&mut curated, &m.disagreements[0]);
    let text = crate::store::serialize(&curated);
    assert!(
        text.contains(r#""status": "curation_in_progress""#),
        "{text}"
    );
    assert!(
        text.contains(r#""provenance": {"annotators": ["ana", "ben"]}"#),
        "{text}"
    );
    let back = crate::store::parse(&text).unwrap();
    assert_eq!(back, curated);
    assert!(settled(&back, &m.disagreements[0]));
}

#[test]
fn what_was_merged_at_a_position_does_not_settle_what_is_left_there() {
    // Both have Maria Lopez; ana also has Lopez inside it.
    let ana = doc(&[("Maria Lopez", "PER"), ("Lopez", "PER")]);
    let ben = doc(&[("Maria Lopez", "PER")]);
    let t = team(&[("ana", ana), ("ben", ben)]);
    let m = merge(Strategy::All, &t, None, &target());
    assert_eq!(spans(&m.curated), [("Maria Lopez", "PER")]);
    let d = &m.disagreements[0];
    assert_eq!(d.versions.len(), 1);
    assert!(!settled(&m.curated, d), "the merged one is not a decision");
    let again = merge(Strategy::All, &t, Some(m.curated.clone()), &target());
    assert_eq!(again.disagreements.len(), 1, "asked again until decided");
    assert_eq!(again.merged, 0);
    let mut doc = m.curated.clone();
    take(&mut doc, &d.versions[0]).unwrap();
    assert!(settled(&doc, d));
    assert!(
        merge(Strategy::All, &t, Some(doc), &target())
            .disagreements
            .is_empty()
    );
}

#[test]
fn relations_all_have_are_merged_between_the_curated_ends() {
    let with_relation = |kind: &str| {
        let mut d = doc(&[("Maria Lopez", "PER"), ("Lisbon", "GPE")]);
        let (a, b) = (d.entities[0].id.clone(), d.entities[1].id.clone());
        d.add_relation(kind, &a, &b);
        d
    };
    let t = team(&[
        ("ana", with_relation("Located")),
        ("ben", with_relation("Located")),
    ]);
    let m = merge(Strategy::All, &t, None, &target());
    assert_eq!(m.curated.relations.len(), 1);
    let r = &m.curated.relations[0];
    assert_eq!(
        (r.kind.as_str(), r.arg1.as_str(), r.arg2.as_str()),
        ("Located", "T1", "T2")
    );
    assert_eq!(r.extra[PROVENANCE], json!({"annotators": ["ana", "ben"]}));
    assert_eq!(m.merged, 3);
    let again = merge(Strategy::All, &t, Some(m.curated.clone()), &target());
    assert_eq!(again.curated.relations.len(), 1, "not merged twice");

    let t = team(&[
        ("ana", with_relation("Located")),
        ("ben", with_relation("Born")),
    ]);
    let m = merge(Strategy::All, &t, None, &target());
    assert!(m.curated.relations.is_empty());
    assert!(
        merge(Strategy::None, &t, None, &target())
            .curated
            .relations
            .is_empty()
    );
}
