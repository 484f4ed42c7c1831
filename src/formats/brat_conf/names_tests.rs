use super::*;
use crate::formats::brat_conf::{parse, write};

/// A type name brat's `annotation.conf` reader takes.
fn brat_accepts(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[test]
fn the_default_schema_is_written_in_names_brat_accepts() {
    let mut names = BratNames::default();
    let schema = names.schema(&Schema::builtin());
    let text = write(&schema);
    let back = parse(&text, "written").unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut all: Vec<String> = back.entities.iter().map(|e| e.code.clone()).collect();
    all.extend(back.events.iter().map(|e| e.name.clone()));
    all.extend(back.relations.iter().map(|r| r.name.clone()));
    all.extend(back.attributes.iter().map(|a| a.name.clone()));
    let refused: Vec<&String> = all.iter().filter(|n| !brat_accepts(n)).collect();
    assert!(refused.is_empty(), "{refused:?}\n{text}");
    assert!(text.contains("\nConflict_Attack\tAttacker"), "{text}");
    assert_eq!(back.events.len(), Schema::builtin().events.len());
    let visual = names.visual_conf().unwrap();
    assert!(
        visual.contains("\nConflict_Attack | Conflict.Attack\n"),
        "{visual}"
    );
    assert!(
        !visual.contains("PER |"),
        "unchanged names need no label: {visual}"
    );
}

#[test]
fn names_that_would_meet_are_numbered_apart_and_each_comes_back() {
    let mut names = BratNames::default();
    assert_eq!(names.name("A_B"), "A_B");
    assert_eq!(names.name("A.B"), "A_B-2");
    assert_eq!(names.name("A B"), "A_B-3");
    assert_eq!(names.name("A.B"), "A_B-2", "the same name, the same answer");
    assert_eq!(names.name("<ENTITY>"), "<ENTITY>");
    assert_eq!(names.name("Ünïcode"), "_n_code");
    let labels = Labels::parse(&names.visual_conf().unwrap());
    assert_eq!(labels.0.get("A_B-2").map(String::as_str), Some("A.B"));
    assert_eq!(labels.0.get("A_B-3").map(String::as_str), Some("A B"));
    assert_eq!(labels.0.get("_n_code").map(String::as_str), Some("Ünïcode"));
    assert!(!labels.0.contains_key("A_B"));
}

#[test]
fn only_labels_that_write_back_to_their_type_are_read_as_names() {
    let visual = "[labels]\n\nOrganization | Organization | Org\nMerge-org | Merge organization\n\
                  Conflict_Attack | Conflict.Attack | Attack\n# Life_Die | Life.Die\n\
                  [drawing]\nX_Y | X.Y\n";
    let labels = Labels::parse(visual);
    let want: HashMap<String, String> =
        [("Conflict_Attack".to_owned(), "Conflict.Attack".to_owned())].into();
    assert_eq!(labels.0, want);
}

#[test]
fn a_document_goes_out_in_brat_names_and_comes_back_in_its_own() {
    use crate::annotation::{Entity, Event, SourceInfo, Trigger};
    use serde_json::{Map, json};
    let mut doc = Document::new(SourceInfo::new("a.txt", "x".into(), "utf-8", 20), None);
    let entity = Entity {
        id: "T1".into(),
        kind: "PER".into(),
        start: 0,
        end: 3,
        text: "Ann".into(),
        note: None,
        attributes: Some(Map::from_iter([("Role.Kind".to_owned(), json!("x"))])),
        suggested: None,
        extra: Map::new(),
    };
    let mut trigger_extra = Map::new();
    trigger_extra.insert(TRIGGER_TYPE.into(), json!("Life.Die"));
    let event = Event {
        id: "E1".into(),
        kind: "Conflict.Attack".into(),
        trigger: Trigger {
            id: "T2".into(),
            start: 4,
            end: 8,
            text: "shot".into(),
            extra: trigger_extra,
        },
        arguments: vec![],
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    };
    doc.entities.push(entity);
    doc.events.push(event);
    let mut names = BratNames::default();
    let out = names.document(&doc);
    assert_eq!(out.events[0].kind, "Conflict_Attack");
    assert_eq!(out.events[0].trigger.extra[TRIGGER_TYPE], "Life_Die");
    assert!(
        out.entities[0]
            .attributes
            .as_ref()
            .unwrap()
            .contains_key("Role_Kind")
    );
    assert_eq!(names.changed().0, 3);
    let labels = Labels::parse(&names.visual_conf().unwrap());
    assert_eq!(labels.restore(out), doc);
}
