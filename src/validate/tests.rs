use serde_json::{Map, Value};

use super::*;
use crate::annotation::{Argument, Entity, Event, Relation, SourceInfo, Trigger};
use crate::hash::sha256_hex;

const TEXT: &str = "Iraqi forces in Mosul, Zoë said.";

fn text() -> SourceText {
    SourceText::new(TEXT.to_owned())
}

fn entity(id: &str, kind: &str, start: usize, end: usize, text: &str) -> Entity {
    Entity {
        id: id.into(),
        kind: kind.into(),
        start,
        end,
        text: text.into(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }
}

fn argument(role: &str, target: &str) -> Argument {
    Argument {
        role: role.into(),
        target: target.into(),
        extra: Map::new(),
    }
}

fn relation(id: &str, kind: &str, arg1: &str, arg2: &str) -> Relation {
    Relation {
        id: id.into(),
        kind: kind.into(),
        arg1: arg1.into(),
        arg2: arg2.into(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }
}

/// A document that fits `TEXT` in every respect.
fn good() -> Document {
    let mut doc = Document::new(
        SourceInfo {
            file: "a.txt".into(),
            sha256: sha256_hex(TEXT.as_bytes()),
            encoding: "utf-8".into(),
            chars: TEXT.chars().count(),
            extra: Map::new(),
        },
        None,
    );
    doc.entities = vec![
        entity("T1", "GPE", 0, 5, "Iraqi"),
        entity("T2", "GPE", 16, 21, "Mosul"),
        // After a non-ASCII character offsets count code points.
        entity("T3", "PER", 23, 26, "Zoë"),
    ];
    doc.events = vec![Event {
        id: "E1".into(),
        kind: "Conflict.Attack".into(),
        trigger: Trigger {
            id: "T4".into(),
            start: 6,
            end: 12,
            text: "forces".into(),
            extra: Map::new(),
        },
        arguments: vec![argument("Attacker", "T1"), argument("Place", "T2")],
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }];
    doc.relations = vec![
        relation("R1", "PART-WHOLE", "T1", "T2"),
        relation("R2", "PHYS", "T3", "T2"),
    ];
    doc
}

fn sha() -> String {
    sha256_hex(TEXT.as_bytes())
}

fn ids(problems: &[Problem]) -> Vec<Option<&str>> {
    problems.iter().map(|p| p.id.as_deref()).collect()
}

#[test]
fn a_correct_document_has_no_problems() {
    let doc = good();
    let t = text();
    assert_eq!(check_spans(&doc, &t), []);
    assert_eq!(check_ids(&doc), []);
    assert_eq!(check_schema(&doc, &Schema::builtin()), []);
    assert_eq!(check_source(&doc, &t, &sha()), []);
    assert_eq!(validate(&doc, &t, &sha(), &Schema::builtin()), []);
}

#[test]
fn offsets_outside_the_text_or_empty_are_flagged() {
    let mut doc = good();
    let len = TEXT.chars().count();
    doc.entities
        .push(entity("T5", "PER", len - 1, len + 1, "."));
    doc.entities.push(entity("T6", "PER", 4, 4, ""));
    doc.entities.push(entity("T7", "PER", 9, 3, "x"));
    doc.events[0].trigger.end = 1000;
    let problems = check_spans(&doc, &text());
    assert_eq!(
        ids(&problems),
        [Some("T5"), Some("T6"), Some("T7"), Some("T4")]
    );
    assert!(
        problems[0]
            .message
            .contains(&format!("outside the text (0..{len})")),
        "{}",
        problems[0].message
    );
    assert!(
        problems[3].message.contains("6..1000"),
        "{}",
        problems[3].message
    );
    // The end of the text itself is a valid end.
    let mut doc = good();
    doc.entities = vec![entity("T1", "PER", len - 1, len, ".")];
    assert_eq!(check_spans(&doc, &text()), []);
}

#[test]
fn text_that_does_not_match_the_source_is_flagged_with_both_texts() {
    let mut doc = good();
    // Offsets counted in bytes would be one too far after "ë".
    doc.entities[2].start = 24;
    doc.entities[2].end = 27;
    doc.events[0].trigger.text = "Forces".into();
    let problems = check_spans(&doc, &text());
    assert_eq!(ids(&problems), [Some("T3"), Some("T4")]);
    assert_eq!(
        problems[0].to_string(),
        "T3: text \"Zoë\" does not match the source at 24..27, which reads \"oë \""
    );
    assert!(problems[1].message.contains("\"Forces\""));
    assert!(problems[1].message.contains("\"forces\""));
}

#[test]
fn duplicate_ids_are_flagged() {
    let mut doc = good();
    doc.entities.push(entity("T2", "PER", 0, 5, "Iraqi"));
    // A trigger sharing an id with an entity, and a relation id reused.
    doc.events[0].trigger.id = "T1".into();
    doc.relations[1].id = "R1".into();
    let problems = check_ids(&doc);
    assert_eq!(ids(&problems), [Some("T2"), Some("T1"), Some("R1")]);
    assert!(
        problems
            .iter()
            .all(|p| p.message == "id is used more than once")
    );
}

#[test]
fn dangling_references_are_flagged() {
    let mut doc = good();
    doc.events[0].arguments.push(argument("Victim", "T9"));
    doc.relations[0].arg2 = "T8".into();
    doc.relations[1].arg1 = "E7".into();
    let problems = check_ids(&doc);
    assert_eq!(ids(&problems), [Some("E1"), Some("R1"), Some("R2")]);
    assert_eq!(
        problems[0].message,
        "argument Victim refers to T9, which does not exist"
    );
    assert_eq!(
        problems[1].message,
        "arg2 refers to T8, which does not exist"
    );
    assert_eq!(
        problems[2].message,
        "arg1 refers to E7, which does not exist"
    );
}

#[test]
fn a_removed_entity_leaves_no_dangling_reference() {
    let mut doc = good();
    doc.remove_span(doc.span_by_id("T2").unwrap());
    assert_eq!(check_ids(&doc), []);
    doc.remove_span(doc.span_by_id("T4").unwrap());
    assert_eq!(check_ids(&doc), []);
    assert_eq!(check_spans(&doc, &text()), []);
}

#[test]
fn unknown_entity_types_are_flagged() {
    let mut doc = good();
    doc.entities[1].kind = "CITY".into();
    doc.entities[2].kind = "per".into();
    let unknown_types = |problems: Vec<Problem>| -> Vec<Problem> {
        problems
            .into_iter()
            .filter(|p| p.message.starts_with("type "))
            .collect()
    };
    let problems = unknown_types(check_schema(&doc, &Schema::builtin()));
    assert_eq!(ids(&problems), [Some("T2"), Some("T3")]);
    assert_eq!(problems[0].message, "type \"CITY\" is not in the schema");
    // A corpus schema decides what is known.
    let schema = Schema::parse(
        r#"{"entities": [{"code": "CITY", "name": "City", "color": "red"},
                         {"code": "GPE", "name": "GPE", "color": "blue"},
                         {"code": "per", "name": "person", "color": "green"}]}"#,
        "s.json",
    )
    .unwrap();
    assert_eq!(unknown_types(check_schema(&doc, &schema)), []);
}

#[test]
fn a_changed_source_is_flagged() {
    let doc = good();
    let other = "Iraqi forces in Mosul, Zoe said.";
    let other_sha = sha256_hex(other.as_bytes());
    let problems = check_source(&doc, &SourceText::new(other.to_owned()), &other_sha);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].id, None);
    assert!(
        problems[0].message.contains(&sha()[..12])
            && problems[0].message.contains(&other_sha[..12]),
        "{}",
        problems[0].message
    );
    // A different length is reported too.
    let longer = format!("{TEXT}\n");
    let problems = check_source(
        &doc,
        &SourceText::new(longer.clone()),
        &sha256_hex(longer.as_bytes()),
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[1]
            .message
            .contains("source.chars is 32 but the text has 33")
    );
}

#[test]
fn validate_reports_everything_in_a_stable_order() {
    let mut doc = good();
    doc.entities[0].kind = "NATION".into();
    doc.entities[1].text = "Mosil".into();
    doc.relations[0].arg1 = "T99".into();
    let problems = validate(&doc, &text(), "0000", &Schema::builtin());
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 5, "{shown:?}");
    assert!(shown[0].starts_with("the source changed"), "{}", shown[0]);
    assert!(shown[1].starts_with("T2: text \"Mosil\""), "{}", shown[1]);
    assert!(
        shown[2].starts_with("R1: arg1 refers to T99"),
        "{}",
        shown[2]
    );
    assert!(shown[3].starts_with("T1: type \"NATION\""), "{}", shown[3]);
    assert_eq!(
        shown[4],
        "E1: role Attacker cannot take T1 (NATION); it takes PER, ORG, GPE"
    );
}

fn schema_problems(edit: impl FnOnce(&mut Document)) -> Vec<String> {
    let mut doc = good();
    edit(&mut doc);
    check_schema(&doc, &Schema::builtin())
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn events_are_checked_against_their_roles() {
    assert_eq!(
        schema_problems(|d| d.events[0].kind = "Conflict.Picnic".into()),
        ["E1: event type \"Conflict.Picnic\" is not in the schema"]
    );
    assert_eq!(
        schema_problems(|d| d.events[0].arguments.push(argument("Banana", "T1"))),
        ["E1: role \"Banana\" is not a role of Conflict.Attack"]
    );
    assert_eq!(
        schema_problems(|d| d.events[0].arguments[1] = argument("Place", "T3")),
        ["E1: role Place cannot take T3 (PER); it takes GPE, LOC, FAC"]
    );
    assert_eq!(
        schema_problems(|d| d.events[0].arguments.push(argument("Place", "T1"))),
        ["E1: role Place is filled 2 times; it takes at most one"]
    );
}

#[test]
fn required_roles_relations_and_attributes_are_checked() {
    let schema = Schema::parse(
        r#"{"entities": [{"code": "PER", "name": "p", "color": "red"}],
            "events": [{"type": "Meet", "roles": [{"role": "Who", "types": ["PER"], "count": "one-or-more"}]}],
            "attributes": [{"name": "Negated", "on": ["events"]}]}"#,
        "s",
    )
    .unwrap();
    let mut doc = good();
    doc.entities.truncate(0);
    doc.relations.clear();
    doc.events[0].kind = "Meet".into();
    doc.events[0].arguments.clear();
    let shown = |doc: &Document| -> Vec<String> {
        check_schema(doc, &schema)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(shown(&doc), ["E1: required role Who is not filled"]);
    let mut attrs = Map::new();
    attrs.insert("Negated".into(), Value::String("yes".into()));
    doc.events[0].attributes = Some(attrs);
    assert_eq!(
        shown(&doc)[0],
        "E1: attribute Negated is binary: its value must be true, not \"yes\""
    );
    assert_eq!(
        schema_problems(|d| {
            let mut attrs = Map::new();
            attrs.insert("Polarity".into(), Value::String("Sideways".into()));
            d.events[0].attributes = Some(attrs);
        }),
        ["E1: attribute Polarity has value \"Sideways\", which is not one of Positive, Negative"]
    );
    assert_eq!(
        schema_problems(|d| d.relations[1].arg2 = "T3".into()),
        ["R2: arg2 of PHYS cannot be T3 (PER); it takes FAC, LOC, GPE"]
    );
    assert_eq!(
        schema_problems(|d| d.relations[0].kind = "Friends".into()),
        ["R1: relation type \"Friends\" is not in the schema"]
    );
}

#[test]
fn problems_show_hostile_ids_types_roles_and_texts_escaped() {
    let shown = schema_problems(|d| {
        d.entities[0].kind = "ORG\u{1b}]0;x\u{7}".into();
        d.events[0].id = "E1\u{1b}]52;c;cHduZWQ=\u{7}".into();
        d.events[0].arguments[0].role = "Attacker\u{9b}2J\n".into();
    });
    assert!(shown.contains(&"T1: type \"ORG^[]0;x^G\" is not in the schema".to_owned()));
    assert!(
        shown.contains(
            &"E1^[]52;c;cHduZWQ=^G: role \"Attacker<009B>2J^J\" is not a role of Conflict.Attack"
                .to_owned()
        )
    );
    let mut doc = good();
    doc.entities[0].text = "Ira\u{202e}qi".into();
    let texts: Vec<String> = check_spans(&doc, &text())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        texts,
        ["T1: text \"Ira<202E>qi\" does not match the source at 0..5, which reads \"Iraqi\""]
    );
}

fn kinds(problems: &[Problem]) -> Vec<ProblemKind> {
    problems.iter().map(|p| p.kind).collect()
}

#[test]
fn every_problem_carries_its_kind() {
    let mut doc = good();
    let len = TEXT.chars().count();
    doc.entities.push(entity("T5", "PER", len, len + 2, ".."));
    doc.entities.push(entity("T6", "PER", 0, 5, "Irak"));
    let mut orphan = entity("T7", "PER", 0, 5, "gone");
    orphan
        .extra
        .insert(crate::reanchor::ORPHANED.into(), Value::Bool(true));
    doc.entities.push(orphan);
    let mut fragmented = entity("T8", "PER", 0, 5, "Iraqi");
    fragmented
        .extra
        .insert("fragments".into(), serde_json::json!([[2, 5]]));
    doc.entities.push(fragmented);
    assert_eq!(
        kinds(&check_spans(&doc, &text())),
        [
            ProblemKind::OutOfText,
            ProblemKind::TextMismatch,
            ProblemKind::Orphaned,
            ProblemKind::BadFragments
        ]
    );

    let mut doc = good();
    doc.entities.push(entity("T1", "PER", 0, 5, "Iraqi"));
    doc.relations[0].arg2 = "T9".into();
    assert_eq!(
        kinds(&check_ids(&doc)),
        [ProblemKind::DuplicateId, ProblemKind::DanglingReference]
    );

    let mut doc = good();
    doc.source.sha256 = "0".repeat(64);
    doc.source.chars += 1;
    assert_eq!(
        kinds(&check_source(&doc, &text(), &sha())),
        [ProblemKind::SourceChanged, ProblemKind::LengthMismatch]
    );

    let mut doc = good();
    doc.entities.push(entity("T9", "CITY", 0, 5, "Iraqi"));
    doc.events[0].arguments.push(argument("Colour", "T2"));
    doc.events[0].arguments.push(argument("Place", "T3"));
    assert_eq!(
        kinds(&check_schema(&doc, &Schema::builtin())),
        [
            ProblemKind::NotInSchema,
            ProblemKind::NotInSchema,
            ProblemKind::RoleType,
            ProblemKind::RoleCount
        ]
    );
}
