//! Reading doccano, Prodigy and broken lines.

use super::*;

#[test]
fn doccano_label_lines_convert_utf16_to_code_points() {
    // "Erbil" is at code points 16..21, UTF-16 units 19..24.
    let line = r#"{"text": "Then 👨‍👩‍👧 left Erbil.", "label": [[19, 24, "GPE"]]}"#;
    let r = parse_line(line).unwrap();
    assert_eq!(r.format, SpanFormat::DoccanoLabel);
    assert_eq!(r.spans.len(), 1);
    let s = &r.spans[0];
    assert_eq!((s.start, s.end, s.label.as_str()), (16, 21, "GPE"));
    assert_eq!(
        SourceText::new(r.text.clone()).slice(s.start, s.end),
        "Erbil"
    );
    // doccano 1.x: "data" for the text, "labels" for the spans.
    let old = r#"{"data": "😀 Erbil", "labels": [[3, 8, "GPE"]]}"#;
    let r = parse_line(old).unwrap();
    assert_eq!((r.spans[0].start, r.spans[0].end), (2, 7));
}

#[test]
fn doccano_entities_lines_convert_too() {
    let line = r#"{"id": 7, "text": "😀😀 Mosul\r\nErbil", "entities": [
        {"id": 1, "start_offset": 5, "end_offset": 10, "label": "GPE"},
        {"id": 2, "start_offset": 12, "end_offset": 17, "label": "GPE"}],
        "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "near"}]}"#;
    let r = parse_line(line).unwrap();
    assert_eq!(r.format, SpanFormat::DoccanoEntities);
    let got: Vec<_> = r.spans.iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(got, [(3, 8), (10, 15)]);
    let t = SourceText::new(r.text.clone());
    assert_eq!(t.slice(3, 8), "Mosul");
    assert_eq!(t.slice(10, 15), "Erbil");
    assert!(r.relations.is_empty());
    assert!(
        r.skipped
            .report("jsonl")
            .contains("1 relations in another tool's format: not imported")
    );
}

#[test]
fn prodigy_lines_are_read_and_rejections_recognised() {
    let line = r#"{"text": "Ahmed left", "spans": [{"start": 0, "end": 5, "label": "PER",
        "token_start": 0, "token_end": 0}], "answer": "reject", "_input_hash": 1}"#;
    let r = parse_line(line).unwrap();
    assert!(r.rejected());
    assert_eq!(r.spans[0].extra["token_start"], 0);
    assert_eq!(r.spans[0].text, None);
    // Text classification: a single label, no spans.
    let r = parse_line(r#"{"text": "x", "label": "POSITIVE"}"#).unwrap();
    assert!(r.spans.is_empty());
    assert!(!r.rejected());
    // No spans at all.
    let r = parse_line(r#"{"text": "x", "label": []}"#).unwrap();
    assert!(r.spans.is_empty());
    // spaCy's training triples count code points, unlike doccano's.
    let r = parse_line(r#"{"text": "😀 Erbil", "entities": [[2, 7, "GPE"]]}"#).unwrap();
    assert_eq!(r.format, SpanFormat::EntityTriples);
    assert_eq!((r.spans[0].start, r.spans[0].end), (2, 7));
    let e = parse_line(r#"{"text": "ab", "entities": [["a", 1]]}"#).unwrap_err();
    assert!(e.to_string().starts_with("\"entities[0]\""), "{e}");
}

fn err(line: &str) -> JsonlError {
    parse_line(line).expect_err(line)
}

#[test]
fn bad_lines_are_typed_errors_naming_the_span() {
    assert!(matches!(err("{"), JsonlError::Json(_)));
    assert!(matches!(err("[1]"), JsonlError::NotObject("an array")));
    assert!(matches!(err(r#"{"spans": []}"#), JsonlError::MissingText));
    assert!(matches!(
        err(r#"{"text": 3}"#),
        JsonlError::WrongType { .. }
    ));
    let e = err(r#"{"text": "abc", "spans": [{"start": 0, "end": 1}]}"#);
    assert_eq!(e, JsonlError::MissingLabel { index: 0 });
    assert!(e.to_string().contains("span 0"), "{e}");
    let e = err(r#"{"text": "abc", "spans": [{"start": 0, "label": "X"}]}"#);
    assert_eq!(
        e,
        JsonlError::MissingOffset {
            index: 0,
            field: "end"
        }
    );
}

#[test]
fn bad_offsets_are_typed_errors_naming_the_span() {
    let e = err(r#"{"text": "abc", "spans": [{"start": 2, "end": 1, "label": "X"}]}"#);
    assert_eq!(e.to_string(), r#"span 0 ("X" 2..1): start is after end"#);
    let e = err(r#"{"text": "a😀", "spans": [{"start": 0, "end": 3, "label": "X"}]}"#);
    assert_eq!(
        e.to_string(),
        r#"span 0 ("X" 0..3): ends after the text, which is 2 code points long"#
    );
    let e = err(r#"{"text": "a😀", "label": [[0, 2, "X"]]}"#);
    assert!(
        matches!(e, JsonlError::SplitsCharacter { offset: 2, .. }),
        "{e}"
    );
    assert!(e.to_string().starts_with(r#"span 0 ("X" 0..2)"#), "{e}");
    let e = err(r#"{"text": "a😀", "label": [[0, 4, "X"]]}"#);
    assert!(e.to_string().contains("3 UTF-16 code units"), "{e}");
    // UTF-16 offsets written into a code point format are caught by the text.
    let e = err(
        r#"{"text": "😀 Erbil", "spans": [{"start": 3, "end": 8, "label": "GPE", "text": "Erbil"}]}"#,
    );
    assert!(matches!(e, JsonlError::OutOfRange { .. }), "{e}");
    let e = err(
        r#"{"text": "😀 Erbil!", "spans": [{"start": 3, "end": 8, "label": "GPE", "text": "Erbil"}]}"#,
    );
    assert!(matches!(e, JsonlError::TextMismatch { .. }), "{e}");
    assert!(e.to_string().contains("\"rbil!\""), "{e}");
    for bad in [r#"-1"#, r#"1.5"#, r#""1""#, r#"null"#, "1e30"] {
        let line =
            format!(r#"{{"text": "abc", "spans": [{{"start": {bad}, "end": 1, "label": "X"}}]}}"#);
        assert!(matches!(err(&line), JsonlError::WrongType { .. }), "{line}");
    }
}

#[test]
fn bad_lists_ids_and_annotations_are_typed_errors() {
    assert_eq!(
        err(r#"{"text": "ab", "label": ["POS", "NEG"]}"#),
        JsonlError::NotSpans("label")
    );
    assert!(matches!(
        err(r#"{"text": "ab", "label": [[0, 1]]}"#),
        JsonlError::WrongType { .. }
    ));
    assert!(matches!(
        err(r#"{"text": "ab", "label": [[0, 1, ""]]}"#),
        JsonlError::WrongType { .. }
    ));
    let e = err(
        r#"{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "id": "T1"},
        {"start": 1, "end": 2, "label": "X", "id": "T1"}]}"#,
    );
    assert_eq!(e, JsonlError::DuplicateId("T1".into()));
    let e = err(
        r#"{"text": "ab", "events": [{"id": "E1", "type": "X", "trigger": {"id": "T1", "start": 0, "end": 1, "text": "b"}}]}"#,
    );
    assert!(
        matches!(
            e,
            JsonlError::BadAnnotation {
                what: "event",
                index: 0,
                ..
            }
        ),
        "{e}"
    );
    let e = err(r#"{"text": "ab", "relations": [{"id": "R1", "arg1": "T1"}]}"#);
    assert!(
        matches!(
            e,
            JsonlError::BadAnnotation {
                what: "relation",
                ..
            }
        ),
        "{e}"
    );
    assert!(matches!(
        err(r#"{"text": "ab", "meta": []}"#),
        JsonlError::WrongType { .. }
    ));
}

#[test]
fn a_line_without_text_is_read_against_its_documents_text() {
    // doccano's UTF-16 offsets too: "Erbil" is at units 19..24.
    let line = r#"{"meta": {"file": "a/erbil.txt"}, "label": [[19, 24, "GPE"]]}"#;
    assert_eq!(parse_line(line), Err(JsonlError::MissingText));
    assert_eq!(meta_file(line).as_deref(), Some("a/erbil.txt"));
    let r = parse_line_with_text(line, "Then 👨‍👩‍👧 left Erbil.").unwrap();
    assert_eq!((r.spans[0].start, r.spans[0].end), (16, 21));
    assert_eq!(r.file.as_deref(), Some("a/erbil.txt"));
    // Offsets past the document's text are refused as with a text.
    let err = parse_line_with_text(line, "Erbil.").unwrap_err();
    assert!(matches!(err, JsonlError::OutOfRange { .. }), "{err}");
    assert_eq!(meta_file(r#"{"spans": []}"#), None);
}
