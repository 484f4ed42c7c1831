use std::collections::HashSet;

use serde_json::Map;

use super::*;

fn source() -> SourceInfo {
    SourceInfo {
        file: "a.txt".into(),
        sha256: "00".into(),
        encoding: "utf-8".into(),
        chars: 100,
        extra: Map::new(),
    }
}

fn doc() -> Document {
    Document::new(source(), None)
}

fn entity(id: &str, start: usize, end: usize) -> Entity {
    Entity {
        id: id.into(),
        kind: "PER".into(),
        start,
        end,
        text: "x".repeat(end - start),
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }
}

fn event(id: &str, trigger: &str, start: usize, args: &[(&str, &str)]) -> Event {
    Event {
        id: id.into(),
        kind: "Conflict.Attack".into(),
        trigger: Trigger {
            id: trigger.into(),
            start,
            end: start + 2,
            text: "xx".into(),
            extra: Map::new(),
        },
        arguments: args
            .iter()
            .map(|&(role, target)| Argument {
                role: role.into(),
                target: target.into(),
                extra: Map::new(),
            })
            .collect(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }
}

fn relation(id: &str, arg1: &str, arg2: &str) -> Relation {
    Relation {
        id: id.into(),
        kind: "Located".into(),
        arg1: arg1.into(),
        arg2: arg2.into(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }
}

fn entity_ids(d: &Document) -> Vec<&str> {
    d.entities.iter().map(|e| e.id.as_str()).collect()
}

/// Every id used anywhere in the document.
fn all_ids(d: &Document) -> Vec<String> {
    d.entities
        .iter()
        .map(|e| e.id.clone())
        .chain(
            d.events
                .iter()
                .flat_map(|e| [e.id.clone(), e.trigger.id.clone()]),
        )
        .chain(d.relations.iter().map(|r| r.id.clone()))
        .collect()
}

/// Every reference points at something that exists.
fn assert_no_dangling(d: &Document) {
    let ids: HashSet<String> = all_ids(d).into_iter().collect();
    for ev in &d.events {
        for a in &ev.arguments {
            assert!(ids.contains(&a.target), "{} refers to {}", ev.id, a.target);
        }
    }
    for r in &d.relations {
        assert!(ids.contains(&r.arg1), "{} refers to {}", r.id, r.arg1);
        assert!(ids.contains(&r.arg2), "{} refers to {}", r.id, r.arg2);
    }
}

#[test]
fn a_new_document_is_empty_and_current() {
    let d = Document::new(source(), Some("ana".into()));
    assert_eq!(d.format, "gloss");
    assert_eq!(d.version, 1);
    assert_eq!(d.annotator.as_deref(), Some("ana"));
    assert_eq!(d.status, Status::Todo);
    assert_eq!(d.annotation_count(), 0);
    assert_eq!(d.next_id('T'), "T1");
    assert_eq!(d.next_id('E'), "E1");
    assert_eq!(d.next_id('R'), "R1");
}

#[test]
fn status_labels_and_names() {
    let labels: Vec<_> = Status::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(
        labels,
        [
            "todo",
            "in progress",
            "done",
            "reviewed",
            "curation in progress",
            "curated"
        ]
    );
    assert_eq!(
        serde_json::to_string(&Status::InProgress).unwrap(),
        "\"in_progress\""
    );
    assert_eq!(
        serde_json::from_str::<Status>("\"reviewed\"").unwrap(),
        Status::Reviewed
    );
    for (status, name) in [
        (Status::CurationInProgress, "\"curation_in_progress\""),
        (Status::Curated, "\"curated\""),
    ] {
        assert_eq!(serde_json::to_string(&status).unwrap(), name);
        assert_eq!(serde_json::from_str::<Status>(name).unwrap(), status);
    }
    let finished: Vec<_> = Status::ALL
        .into_iter()
        .filter(|s| s.is_finished())
        .collect();
    assert_eq!(finished, [Status::Done, Status::Reviewed, Status::Curated]);
}

#[test]
fn the_curation_statuses_round_trip_through_the_file() {
    for status in [Status::CurationInProgress, Status::Curated] {
        let mut d = doc();
        d.status = status;
        let text = crate::store::serialize(&d);
        assert_eq!(crate::store::parse(&text).unwrap().status, status);
        assert_eq!(crate::store::parse_summary(&text).unwrap().status, status);
    }
}

#[test]
fn next_id_is_one_past_the_highest_id_in_use() {
    let mut d = doc();
    assert_eq!(d.add_entity("PER", 0, 3, "abc"), "T1");
    assert_eq!(d.add_entity("GPE", 4, 7, "def"), "T2");
    // Removing a lower id leaves a gap that is not refilled.
    d.remove_span(d.span_by_id("T1").unwrap());
    assert_eq!(d.add_entity("ORG", 8, 9, "g"), "T3");
    // The highest id is the one that counts: once T3 is gone, the next id
    // is one past T2 again (nothing in the file remembers T3).
    d.remove_span(d.span_by_id("T3").unwrap());
    assert_eq!(d.next_id('T'), "T3");
    assert_eq!(d.add_entity("ORG", 8, 9, "g"), "T3");
    assert_eq!(entity_ids(&d), ["T2", "T3"]);
}

#[test]
fn next_id_counts_triggers_and_compares_numbers_not_text() {
    let mut d = doc();
    d.entities.push(entity("T9", 0, 1));
    d.entities.push(entity("T10", 1, 2));
    // Triggers share the T series; event and relation ids have their own.
    d.events.push(event("E4", "T12", 5, &[]));
    d.relations.push(relation("R7", "T9", "T10"));
    // Ids that are not prefix+number (imported, say) are ignored.
    d.entities.push(entity("Tx", 2, 3));
    d.entities.push(entity("T99a", 3, 4));
    assert_eq!(d.next_id('T'), "T13");
    assert_eq!(d.next_id('E'), "E5");
    assert_eq!(d.next_id('R'), "R8");
}

#[test]
fn next_id_steps_past_ids_beyond_any_machine_integer() {
    let mut d = doc();
    d.entities.push(entity("T18446744073709551615", 0, 1));
    let first = d.add_entity("PER", 1, 2, "b");
    let second = d.add_entity("PER", 2, 3, "c");
    assert_eq!(first, "T18446744073709551616");
    assert_eq!(second, "T18446744073709551617");
    d.entities
        .push(entity("T99999999999999999999999999999", 3, 4));
    d.entities.push(entity("T0100", 4, 5));
    assert_eq!(d.next_id('T'), "T100000000000000000000000000000");
    d.relations.push(relation("R0009", "T1", "T2"));
    assert_eq!(d.next_id('R'), "R10");
}

#[test]
fn added_ids_are_unique_among_those_present() {
    let mut d = doc();
    d.events.push(event("E1", "T5", 90, &[]));
    for i in 0..30 {
        let before = all_ids(&d);
        let id = d.add_entity("PER", i, i + 1, "x");
        assert!(!before.contains(&id), "{id} is already in use: {before:?}");
        // One past the highest T number present.
        let highest = before
            .iter()
            .filter_map(|id| id.strip_prefix('T')?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        assert_eq!(id, format!("T{}", highest + 1));
        if i % 3 == 0 {
            // Remove the earliest entity: what is left stays unique.
            d.remove_span(SpanRef::Entity(0));
        }
        let ids = all_ids(&d);
        let unique: HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }
    // The trigger's T5 was never handed out again.
    assert_eq!(d.entities.iter().filter(|e| e.id == "T5").count(), 0);
}

#[test]
fn normalize_sorts_by_start_end_then_natural_id() {
    let mut d = doc();
    d.entities = vec![
        entity("T10", 5, 9),
        entity("T2", 5, 9),
        entity("T1", 5, 7),
        entity("T3", 0, 20),
        entity("T4", 2, 3),
    ];
    d.events = vec![
        event("E10", "T20", 4, &[]),
        event("E2", "T21", 4, &[]),
        event("E1", "T22", 9, &[]),
    ];
    d.relations = vec![
        relation("R10", "T1", "T2"),
        relation("R9", "T1", "T2"),
        relation("R1", "T1", "T2"),
    ];
    d.normalize();
    assert_eq!(entity_ids(&d), ["T3", "T4", "T1", "T2", "T10"]);
    let events: Vec<_> = d.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(events, ["E2", "E10", "E1"]);
    let relations: Vec<_> = d.relations.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(relations, ["R1", "R9", "R10"]);
}

#[test]
fn add_entity_keeps_the_list_in_order() {
    let mut d = doc();
    d.add_entity("PER", 10, 12, "ab");
    d.add_entity("PER", 0, 2, "cd");
    d.add_entity("PER", 5, 6, "e");
    let starts: Vec<_> = d.entities.iter().map(|e| e.start).collect();
    assert_eq!(starts, [0, 5, 10]);
    assert_eq!(entity_ids(&d), ["T2", "T3", "T1"]);
    let e = &d.entities[1];
    assert_eq!((e.kind.as_str(), e.text.as_str(), e.end), ("PER", "e", 6));
    assert_eq!(d.annotation_count(), 3);
}

#[test]
fn spans_at_lists_the_innermost_span_first() {
    let mut d = doc();
    d.entities = vec![
        entity("T1", 0, 20),
        entity("T2", 5, 15),
        entity("T3", 8, 10),
        entity("T4", 30, 35),
    ];
    d.events = vec![event("E1", "T5", 9, &[])]; // trigger 9..11
    let ids = |ch| -> Vec<&str> { d.spans_at(ch).iter().map(|s| s.id).collect() };
    assert_eq!(ids(9), ["T3", "T5", "T2", "T1"]);
    assert_eq!(ids(10), ["T5", "T2", "T1"]);
    assert_eq!(ids(5), ["T2", "T1"]);
    assert_eq!(ids(0), ["T1"]);
    // `end` is exclusive.
    assert_eq!(ids(20), Vec::<&str>::new());
    assert_eq!(ids(35), Vec::<&str>::new());
    assert_eq!(ids(34), ["T4"]);
    let trigger = d.spans_at(10)[0];
    assert_eq!(trigger.at, SpanRef::Trigger(0));
    assert_eq!(trigger.kind, "Conflict.Attack");
    assert_eq!((trigger.start, trigger.end), (9, 11));
}

#[test]
fn spans_are_in_text_order_outer_first() {
    let mut d = doc();
    d.entities = vec![entity("T1", 5, 7), entity("T2", 0, 3), entity("T3", 5, 9)];
    d.events = vec![event("E1", "T4", 1, &[])];
    let ids: Vec<_> = d.spans().iter().map(|s| s.id).collect();
    assert_eq!(ids, ["T2", "T4", "T3", "T1"]);
}

#[test]
fn removing_an_entity_removes_every_reference_to_it() {
    let mut d = doc();
    d.entities = vec![entity("T1", 0, 3), entity("T2", 4, 7), entity("T3", 8, 9)];
    d.events = vec![
        event(
            "E1",
            "T4",
            10,
            &[("Attacker", "T1"), ("Place", "T2"), ("Attacker", "T1")],
        ),
        event("E2", "T5", 20, &[("Victim", "T3")]),
    ];
    d.relations = vec![
        relation("R1", "T1", "T2"),
        relation("R2", "T2", "T1"),
        relation("R3", "T2", "T3"),
    ];
    d.remove_span(d.span_by_id("T1").unwrap());
    assert_eq!(entity_ids(&d), ["T2", "T3"]);
    let args: Vec<Vec<&str>> = d
        .events
        .iter()
        .map(|e| e.arguments.iter().map(|a| a.target.as_str()).collect())
        .collect();
    assert_eq!(args, [vec!["T2"], vec!["T3"]]);
    let relations: Vec<_> = d.relations.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(relations, ["R3"]);
    assert_no_dangling(&d);
}

#[test]
fn removing_a_trigger_removes_its_event_and_references_to_the_event() {
    let mut d = doc();
    d.entities = vec![entity("T1", 0, 3)];
    d.events = vec![
        event("E1", "T2", 10, &[("Attacker", "T1")]),
        // Events nest: E2 has E1 as an argument.
        event("E2", "T3", 20, &[("Cause", "E1"), ("Agent", "T1")]),
    ];
    d.relations = vec![relation("R1", "E1", "T1"), relation("R2", "T1", "E2")];
    let at = d.span_by_id("T2").unwrap();
    assert_eq!(at, SpanRef::Trigger(0));
    d.remove_span(at);
    let events: Vec<_> = d.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(events, ["E2"]);
    let args: Vec<_> = d.events[0]
        .arguments
        .iter()
        .map(|a| a.target.as_str())
        .collect();
    assert_eq!(args, ["T1"]);
    let relations: Vec<_> = d.relations.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(relations, ["R2"]);
    assert_eq!(entity_ids(&d), ["T1"]);
    assert_no_dangling(&d);
}

#[test]
fn span_by_id_finds_entities_and_triggers() {
    let mut d = doc();
    d.entities = vec![entity("T1", 0, 3), entity("T2", 4, 7)];
    d.events = vec![event("E1", "T3", 10, &[])];
    assert_eq!(d.span_by_id("T2"), Some(SpanRef::Entity(1)));
    assert_eq!(d.span_by_id("T3"), Some(SpanRef::Trigger(0)));
    // An event id is not a span.
    assert_eq!(d.span_by_id("E1"), None);
    assert_eq!(d.span_by_id("T9"), None);
}

#[test]
fn set_span_note_sets_and_an_empty_note_clears() {
    let mut d = doc();
    d.entities = vec![entity("T1", 0, 3)];
    d.events = vec![event("E1", "T2", 10, &[])];
    let e = SpanRef::Entity(0);
    let t = SpanRef::Trigger(0);
    assert_eq!(d.note_of(&id_of(&d, e)), None);
    d.set_note(&id_of(&d, e), "the city, not the province");
    assert_eq!(d.note_of(&id_of(&d, e)), Some("the city, not the province"));
    assert_eq!(
        d.entities[0].note.as_deref(),
        Some("the city, not the province")
    );
    d.set_note(&id_of(&d, e), "");
    assert_eq!(d.note_of(&id_of(&d, e)), None);
    assert_eq!(d.entities[0].note, None);
    // A trigger's note is its event's note.
    d.set_note(&id_of(&d, t), "unclear");
    assert_eq!(d.events[0].note.as_deref(), Some("unclear"));
    assert_eq!(d.note_of(&id_of(&d, t)), Some("unclear"));
    assert_eq!(d.spans_at(10)[0].note, Some("unclear"));
    d.set_note(&id_of(&d, t), "");
    assert_eq!(d.events[0].note, None);
    // Out of range: nothing happens, nothing panics.
    d.set_note("T99", "x");
    assert_eq!(d.note_of("T99"), None);
}

fn id_of(d: &Document, at: SpanRef) -> String {
    d.spans()
        .into_iter()
        .find(|s| s.at == at)
        .unwrap()
        .id
        .to_owned()
}
