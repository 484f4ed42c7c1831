use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::{Map, json};

use super::*;
use crate::annotation::{Argument, Entity, Event, Relation, SourceInfo, Status, Trigger};

mod properties;

fn source() -> SourceInfo {
    SourceInfo {
        file: "000_ab.txt".into(),
        sha256: "8af0".into(),
        encoding: "utf-8".into(),
        chars: 40,
        extra: Map::new(),
    }
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

/// A small document with one of everything.
fn sample() -> Document {
    let mut doc = Document::new(source(), None);
    doc.status = Status::InProgress;
    doc.note = "Prüfen: „Zahlen“".into();
    let mut mosul = entity("T2", "GPE", 9, 14, "Mosul");
    mosul.note = Some("the city, not the province".into());
    doc.entities = vec![mosul, entity("T1", "GPE", 0, 5, "Iraqi")];
    let mut attributes = Map::new();
    attributes.insert("Modality".into(), json!("Asserted"));
    doc.events = vec![Event {
        id: "E1".into(),
        kind: "Conflict.Attack".into(),
        trigger: Trigger {
            id: "T3".into(),
            start: 6,
            end: 8,
            text: "in".into(),
            extra: Map::new(),
        },
        arguments: vec![
            Argument {
                role: "Attacker".into(),
                target: "T1".into(),
                extra: Map::new(),
            },
            Argument {
                role: "Place".into(),
                target: "T2".into(),
                extra: Map::new(),
            },
        ],
        note: None,
        attributes: Some(attributes),
        suggested: None,
        extra: Map::new(),
    }];
    doc.relations = vec![Relation {
        id: "R1".into(),
        kind: "Located".into(),
        arg1: "T1".into(),
        arg2: "T2".into(),
        note: None,
        attributes: None,
        suggested: Some(json!({"source": "model-3"})),
        extra: Map::new(),
    }];
    doc
}

const SAMPLE: &str = r#"{
  "format": "gloss",
  "version": 1,
  "source": {"file": "000_ab.txt", "sha256": "8af0", "encoding": "utf-8", "chars": 40},
  "annotator": null,
  "status": "in_progress",
  "note": "Prüfen: „Zahlen“",
  "entities": [
    {"id": "T1", "type": "GPE", "start": 0, "end": 5, "text": "Iraqi"},
    {"id": "T2", "type": "GPE", "start": 9, "end": 14, "text": "Mosul", "note": "the city, not the province"}
  ],
  "events": [
    {"id": "E1", "type": "Conflict.Attack", "trigger": {"id": "T3", "start": 6, "end": 8, "text": "in"}, "arguments": [{"role": "Attacker", "ref": "T1"}, {"role": "Place", "ref": "T2"}], "attributes": {"Modality": "Asserted"}}
  ],
  "relations": [
    {"id": "R1", "type": "Located", "arg1": "T1", "arg2": "T2", "suggested": {"source": "model-3"}}
  ]
}
"#;

#[test]
fn serialize_writes_exactly_the_spec_layout() {
    assert_eq!(serialize(&sample()), SAMPLE);
}

#[test]
fn serialize_an_empty_document() {
    let doc = Document::new(source(), Some("ana".into()));
    let expected = r#"{
  "format": "gloss",
  "version": 1,
  "source": {"file": "000_ab.txt", "sha256": "8af0", "encoding": "utf-8", "chars": 40},
  "annotator": "ana",
  "status": "todo",
  "note": "",
  "entities": [],
  "events": [],
  "relations": []
}
"#;
    assert_eq!(serialize(&doc), expected);
}

#[test]
fn serialize_escapes_what_json_must_and_nothing_else() {
    let mut doc = Document::new(source(), None);
    doc.entities = vec![entity("T1", "PER", 0, 6, "a\"b\\c\n\té")];
    let out = serialize(&doc);
    assert!(out.contains(r#""text": "a\"b\\c\n\té""#), "{out}");
    assert_eq!(parse(&out).unwrap().entities[0].text, "a\"b\\c\n\té");
}

#[test]
fn parse_reads_back_what_serialize_wrote() {
    let mut doc = sample();
    let parsed = parse(&serialize(&doc)).unwrap();
    doc.normalize();
    assert_eq!(parsed, doc);
    assert_eq!(parse(SAMPLE).unwrap(), doc);
}

#[test]
fn serialization_does_not_depend_on_input_order() {
    let a = sample();
    let mut b = sample();
    b.entities.reverse();
    let mut c = sample();
    c.entities.swap(0, 1);
    c.relations.insert(0, {
        let mut r = c.relations[0].clone();
        r.id = "R10".into();
        r
    });
    let mut d = sample();
    d.relations.push(c.relations[0].clone());
    assert_eq!(serialize(&a), serialize(&b));
    assert_eq!(serialize(&c), serialize(&d));
    assert_eq!(serialize(&a), serialize(&parse(&serialize(&b)).unwrap()));
}

#[test]
fn unknown_fields_survive_a_round_trip() {
    let json = r#"{
  "format": "gloss",
  "version": 1,
  "source": {"file": "a.txt", "sha256": "00", "encoding": "utf-8", "chars": 9, "mtime": 17},
  "annotator": null,
  "status": "done",
  "note": "",
  "entities": [
    {"id": "T1", "type": "PER", "start": 0, "end": 1, "text": "a", "confidence": 0.5, "norm": {"db": "wikidata", "id": "Q1"}}
  ],
  "events": [
    {"id": "E1", "type": "Move", "trigger": {"id": "T2", "start": 2, "end": 3, "text": "b", "head": true}, "arguments": [{"role": "Agent", "ref": "T1", "weight": 2}], "tense": "past"}
  ],
  "relations": [
    {"id": "R1", "type": "Knows", "arg1": "T1", "arg2": "E1", "symmetric": true}
  ],
  "equivalences": [["T1", "T2"]],
  "x-tool": {"name": "other", "nested": [1, null, "ü"]}
}
"#;
    let doc = parse(json).unwrap();
    assert_eq!(doc.extra["equivalences"], json!([["T1", "T2"]]));
    assert_eq!(doc.source.extra["mtime"], json!(17));
    assert_eq!(doc.entities[0].extra["confidence"], json!(0.5));
    assert_eq!(doc.events[0].trigger.extra["head"], json!(true));
    assert_eq!(doc.events[0].arguments[0].extra["weight"], json!(2));
    assert_eq!(doc.events[0].extra["tense"], json!("past"));
    assert_eq!(doc.relations[0].extra["symmetric"], json!(true));
    let written = serialize(&doc);
    assert_eq!(parse(&written).unwrap(), doc);
    // Known keys first in spec order, unknown ones after them (sorted).
    assert_eq!(written, json);
}

#[test]
fn optional_fields_may_be_absent() {
    let doc = parse(
        r#"{"format": "gloss", "version": 1,
            "source": {"file": "a.txt", "sha256": "00", "encoding": "utf-8", "chars": 0}}"#,
    )
    .unwrap();
    assert_eq!(doc.annotator, None);
    assert_eq!(doc.status, Status::Todo);
    assert_eq!(doc.note, "");
    assert!(doc.entities.is_empty() && doc.events.is_empty() && doc.relations.is_empty());
    let doc = parse(
        r#"{"format": "gloss", "version": 1,
            "source": {"file": "a.txt", "sha256": "00", "encoding": "utf-8", "chars": 3},
            "events": [{"id": "E1", "type": "X", "trigger": {"id": "T1", "start": 0, "end": 1, "text": "a"}}]}"#,
    )
    .unwrap();
    assert!(doc.events[0].arguments.is_empty());
}

const HEAD: &str =
    r#""source": {"file": "a.txt", "sha256": "00", "encoding": "utf-8", "chars": 3}"#;

fn with_entity(entity: &str) -> String {
    format!(r#"{{"format": "gloss", "version": 1, {HEAD}, "entities": [{entity}]}}"#)
}

#[test]
fn broken_json_is_refused_with_its_place() {
    let err = parse("{\n  \"format\": \"gloss\",\n  \"version\": 1,,\n}").unwrap_err();
    match err {
        StoreError::Syntax { line, column, .. } => {
            assert_eq!(line, 3);
            assert!(column > 0);
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let err = parse("").unwrap_err();
    assert!(matches!(err, StoreError::Syntax { line: 1, .. }), "{err:?}");
    let err = parse("{\"format\": \"gloss\"").unwrap_err();
    assert!(matches!(err, StoreError::Syntax { .. }), "{err:?}");
    // The message itself does not repeat the position.
    let msg = parse("[1,]").unwrap_err().to_string();
    assert!(msg.starts_with("not valid JSON (line 1, column"), "{msg}");
    assert_eq!(msg.matches(" at line ").count(), 0, "{msg}");
}

#[test]
fn other_formats_are_refused() {
    for json in [
        "[]",
        "42",
        "\"gloss\"",
        r#"{"version": 1}"#,
        r#"{"format": "brat", "version": 1}"#,
        r#"{"format": 1, "version": 1}"#,
    ] {
        let err = parse(json).unwrap_err();
        assert!(matches!(err, StoreError::NotGloss(_)), "{json}: {err:?}");
    }
}

#[test]
fn newer_versions_are_refused_as_unknown() {
    let json = format!(r#"{{"format": "gloss", "version": 2, {HEAD}}}"#);
    match parse(&json).unwrap_err() {
        StoreError::UnknownVersion(v) => assert_eq!(v, json!(2)),
        other => panic!("expected UnknownVersion, got {other:?}"),
    }
    for version in ["\"1\"", "1.5", "-1", "99999999999999999999", "null"] {
        let json = format!(r#"{{"format": "gloss", "version": {version}, {HEAD}}}"#);
        assert!(
            matches!(parse(&json), Err(StoreError::UnknownVersion(_))),
            "version {version}"
        );
    }
    let json = format!(r#"{{"format": "gloss", {HEAD}}}"#);
    assert!(matches!(parse(&json), Err(StoreError::Shape(_))));
}

#[test]
fn bad_offsets_and_wrong_types_are_refused_not_panicked_on() {
    let good = r#"{"id": "T1", "type": "PER", "start": 0, "end": 1, "text": "a"}"#;
    assert!(parse(&with_entity(good)).is_ok());
    for bad in [
        r#"{"id": "T1", "type": "PER", "start": -1, "end": 1, "text": "a"}"#,
        r#"{"id": "T1", "type": "PER", "start": 0, "end": 99999999999999999999, "text": "a"}"#,
        r#"{"id": "T1", "type": "PER", "start": 0.5, "end": 1, "text": "a"}"#,
        r#"{"id": "T1", "type": "PER", "start": "0", "end": 1, "text": "a"}"#,
        r#"{"id": 1, "type": "PER", "start": 0, "end": 1, "text": "a"}"#,
        r#"{"id": "T1", "type": "PER", "start": 0, "end": 1}"#,
        r#"{"id": "T1", "type": "PER", "start": 0, "end": 1, "text": null}"#,
        r#"{"id": "T1", "type": "PER", "start": 0, "end": 1, "text": "a", "attributes": []}"#,
        r#"{"id": "T1", "type": "PER", "start": 0, "end": 1, "text": "a", "note": 5}"#,
        r#"[0, 1]"#,
        r#"null"#,
    ] {
        let err = parse(&with_entity(bad)).unwrap_err();
        assert!(matches!(err, StoreError::Shape(_)), "{bad}: {err:?}");
    }
    for bad in [
        format!(r#"{{"format": "gloss", "version": 1, {HEAD}, "entities": {{}}}}"#),
        format!(r#"{{"format": "gloss", "version": 1, {HEAD}, "status": "finished"}}"#),
        format!(r#"{{"format": "gloss", "version": 1, {HEAD}, "annotator": 3}}"#),
        r#"{"format": "gloss", "version": 1}"#.to_owned(),
        r#"{"format": "gloss", "version": 1, "source": {"file": "a.txt", "sha256": "00", "encoding": "utf-8", "chars": -3}}"#.to_owned(),
        format!(
            r#"{{"format": "gloss", "version": 1, {HEAD}, "events": [{{"id": "E1", "type": "X", "trigger": {{"id": "T1", "start": 0, "end": 1, "text": "a"}}, "arguments": [{{"role": "A"}}]}}]}}"#
        ),
    ] {
        let err = parse(&bad).unwrap_err();
        assert!(matches!(err, StoreError::Shape(_)), "{bad}: {err:?}");
        assert!(err.to_string().starts_with("wrong shape: "));
    }
}

#[test]
fn a_key_twice_in_any_object_is_refused() {
    let ent = |more: &str| {
        with_entity(&format!(
            r#"{{"id": "T1", "type": "PER", "start": 0, "end": 1, "text": "a"{more}}}"#
        ))
    };
    let top =
        format!(r#"{{"format": "gloss", "version": 1, {HEAD}, "entities": [], "entities": []}}"#);
    let unknown_top = format!(r#"{{"format": "gloss", "version": 1, {HEAD}, "x": 1, "x": 2}}"#);
    let in_source = r#"{"format": "gloss", "version": 1, "source": {"file": "a.txt", "sha256": "00", "encoding": "utf-8", "chars": 3, "m": 1, "m": 1}}"#;
    for (what, bad) in [
        ("a field of the document", top),
        ("an unknown field of the document", unknown_top),
        ("an unknown field of the source", in_source.to_owned()),
        ("a field of an entity", ent(r#", "type": "ORG""#)),
        ("an unknown field of an entity", ent(r#", "x": 1, "x": 1"#)),
        (
            "an attribute",
            ent(r#", "attributes": {"neg": true, "neg": false}"#),
        ),
        (
            "deep in a value",
            ent(r#", "norm": {"a": [{"b": 1, "b": 2}]}"#),
        ),
        (
            "deep in a suggestion",
            ent(r#", "suggested": {"by": "m", "by": "n"}"#),
        ),
    ] {
        let err = parse(&bad).unwrap_err();
        assert!(matches!(err, StoreError::Shape(_)), "{what}: {err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains("twice") || msg.contains("duplicate"),
            "{what}: {msg}"
        );
        assert!(err.to_string().contains("line 1"), "{what}: {err}");
    }
    // The same keys once each, or in different objects, are fine.
    assert!(
        parse(&ent(
            r#", "norm": {"a": [{"b": 1}, {"b": 2}]}, "x": {"b": 3}"#
        ))
        .is_ok()
    );
}

#[test]
fn a_file_with_a_key_twice_is_reported_by_read_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.ann.json");
    let bytes = format!(r#"{{"format": "gloss", "version": 1, {HEAD}, "note": "a", "note": "b"}}"#);
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(read(&path), Err(StoreError::Shape(_))));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bytes);
}

#[test]
fn read_distinguishes_missing_broken_and_good_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.ann.json");
    assert!(read(&path).unwrap().is_none());
    std::fs::write(&path, SAMPLE).unwrap();
    assert_eq!(read(&path).unwrap().unwrap(), parse(SAMPLE).unwrap());
    std::fs::write(&path, b"{\"format\": \"gl\xffss\"}").unwrap();
    assert!(matches!(read(&path), Err(StoreError::Syntax { .. })));
    std::fs::write(&path, "{").unwrap();
    assert!(matches!(read(&path), Err(StoreError::Syntax { .. })));
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn write_atomic_replaces_the_content_and_keeps_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.ann.json");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&path, b"new content\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new content\n");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(file_names(dir.path()), ["a.txt.ann.json"]);
    // Again, with a shorter content: nothing of the old one is left.
    write_atomic(&path, b"x").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"x");
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(file_names(dir.path()), ["a.txt.ann.json"]);
}

#[test]
fn write_atomic_creates_a_new_file_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "source").unwrap();
    let path = dir.path().join("a.txt.ann.json");
    let bytes = serialize(&sample());
    write_atomic(&path, bytes.as_bytes()).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), bytes);
    assert_eq!(file_names(dir.path()), ["a.txt", "a.txt.ann.json"]);
    assert_eq!(read(&path).unwrap().unwrap(), parse(&bytes).unwrap());
    // A folder that does not exist is an error, not a panic.
    assert!(write_atomic(&dir.path().join("no/such/dir/x.json"), b"x").is_err());
}

#[test]
fn sidecar_paths() {
    assert_eq!(
        sidecar_path(Path::new("corpus/000_1405.txt"), None),
        Path::new("corpus/000_1405.txt.ann.json")
    );
    assert_eq!(
        sidecar_path(Path::new("corpus/000_1405.txt"), Some("ana")),
        Path::new("corpus/000_1405.txt.ana.ann.json")
    );
    assert_eq!(
        sidecar_path(Path::new("/abs/dir/b.txt"), Some("ana")),
        Path::new("/abs/dir/b.txt.ana.ann.json")
    );
    assert_eq!(
        sidecar_path(Path::new("plain.txt"), None),
        Path::new("plain.txt.ann.json")
    );
}

#[test]
fn a_special_file_is_an_error_not_a_wait_nor_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("a.txt.ann.json");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
    let e = read(&fifo).unwrap_err();
    assert!(matches!(e, StoreError::NotRegular(_)), "{e:?}");
    assert_eq!(e.to_string(), "a FIFO, not a regular file");
    let zero = dir.path().join("b.txt.ann.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    assert_eq!(
        read(&zero).unwrap_err().to_string(),
        "a character device, not a regular file"
    );
    assert!(read(&dir.path().join("none.ann.json")).unwrap().is_none());
}

#[test]
fn a_summary_counts_without_keeping_and_refuses_what_parse_refuses() {
    let doc = sample();
    let json = serialize(&doc);
    assert_eq!(
        parse_summary(&json).unwrap(),
        Counted {
            status: doc.status,
            accepted: doc.annotation_count() - doc.suggestion_count(),
            suggested: doc.suggestion_count(),
        }
    );
    let dup = format!(
        r#"{{"format": "gloss", "version": 1, {HEAD}, "status": "done", "status": "todo"}}"#
    );
    assert!(matches!(parse_summary(&dup), Err(StoreError::Shape(_))));
    let bad = with_entity(r#"{"id": "T1", "type": "PER", "start": 0, "end": 1}"#);
    assert!(matches!(parse_summary(&bad), Err(StoreError::Shape(_))));
    let newer = json.replace("\"version\": 1", "\"version\": 2");
    assert!(matches!(
        parse_summary(&newer),
        Err(StoreError::UnknownVersion(_))
    ));
}

#[test]
fn a_summary_read_from_disk_matches_and_special_files_are_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt.ann.json");
    assert!(read_summary(&path).unwrap().is_none());
    let doc = sample();
    std::fs::write(&path, serialize(&doc)).unwrap();
    let summary = read_summary(&path).unwrap().unwrap();
    assert_eq!(
        (summary.status, summary.accepted + summary.suggested),
        (doc.status, doc.annotation_count())
    );
    std::fs::write(&path, "{\"format\": \"gloss\", \"version\": 1,,}").unwrap();
    assert!(matches!(
        read_summary(&path),
        Err(StoreError::Syntax { .. })
    ));
    // A folder where the file should be: refused, not read.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    assert!(matches!(
        read_summary(&path),
        Err(StoreError::NotRegular(_))
    ));
}
