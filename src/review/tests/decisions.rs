use super::*;

fn doc_with_links() -> Document {
    let mut dir_doc = Document::new(SourceInfo::new("a.txt", String::new(), "utf-8", 60), None);
    let doc = &mut dir_doc;
    let sara = suggest(doc, TEXT, "PER", "Sara", 0);
    let ahmed = tag(doc, TEXT, "PER", "Ahmed", 0);
    doc.relations.push(crate::annotation::Relation {
        id: "R1".into(),
        kind: "PER-SOC".into(),
        arg1: ahmed,
        arg2: sara,
        note: None,
        attributes: None,
        suggested: None,
        extra: serde_json::Map::new(),
    });
    dir_doc
}

/// The id of the entity over `text`.
fn id_of(doc: &Document, text: &str) -> String {
    let e = doc.entities.iter().find(|e| e.text == text);
    e.unwrap().id.clone()
}

#[test]
fn accept_makes_a_suggestion_an_annotation_marked_reviewed() {
    let mut doc = doc_with_links();
    let sara = id_of(&doc, "Sara");
    accept(&mut doc, &sara, Some("ann")).unwrap();
    let e = doc.entities.iter().find(|e| e.id == sara).unwrap();
    assert!(e.suggested.is_none());
    assert_eq!(doc.reviewed_of(&sara).unwrap().by.as_deref(), Some("ann"));
    // Through the store: written and read back the same.
    let json = store::serialize(&doc);
    assert!(json.contains(r#""reviewed": {"by": "ann"}"#), "{json}");
    assert_eq!(store::parse(&json).unwrap(), doc);
    // An accepted annotation is only marked (no annotator: by null).
    accept(&mut doc, "R1", None).unwrap();
    assert_eq!(doc.reviewed_of("R1").unwrap().by, None);
    let json = store::serialize(&doc);
    assert!(json.contains(r#""reviewed": {"by": null}"#), "{json}");
    assert_eq!(store::parse(&json).unwrap(), doc);
}

#[test]
fn reject_removes_the_annotation_and_what_refers_to_it() {
    let mut doc = doc_with_links();
    let sara = id_of(&doc, "Sara");
    reject(&mut doc, &sara).unwrap();
    assert!(!doc.has_annotation(&sara));
    assert!(doc.relations.is_empty(), "the relation to it goes too");
    assert_eq!(doc.entities.len(), 1);
}

#[test]
fn mark_reviewed_changes_nothing_else() {
    let mut doc = doc_with_links();
    let before = doc.clone();
    let sara = id_of(&doc, "Sara");
    mark_reviewed(&mut doc, &sara, Some("ann")).unwrap();
    assert!(
        doc.entities
            .iter()
            .find(|e| e.id == sara)
            .unwrap()
            .suggested
            .is_some()
    );
    doc.clear_reviewed(&sara);
    assert_eq!(doc, before);
}

#[test]
fn an_unknown_id_is_an_error_and_changes_nothing() {
    let mut doc = doc_with_links();
    let before = doc.clone();
    let unknown = ReviewError::UnknownId("T99".into());
    assert_eq!(accept(&mut doc, "T99", None), Err(unknown.clone()));
    assert_eq!(reject(&mut doc, "T99"), Err(unknown.clone()));
    assert_eq!(mark_reviewed(&mut doc, "T99", None), Err(unknown));
    assert_eq!(doc, before);
    let shown = ReviewError::UnknownId("T\u{1b}9".into()).to_string();
    assert!(!shown.contains('\u{1b}'), "{shown}");
}

#[test]
fn a_reviewed_field_of_another_shape_is_refused_naming_the_annotation() {
    let mut doc = doc_with_links();
    doc.set_reviewed("R1", Some("ann"));
    let good = store::serialize(&doc);
    for bad in [r#"true"#, r#"{"by": 3}"#, r#""ann""#] {
        let json = good.replace(r#"{"by": "ann"}"#, bad);
        let err = store::parse(&json).unwrap_err().to_string();
        assert!(
            err.contains("R1") && err.contains("\"reviewed\""),
            "{bad}: {err}"
        );
    }
}

#[test]
fn a_retype_or_a_moved_span_drops_the_review() {
    let mut doc = doc_with_links();
    let ahmed = doc
        .entities
        .iter()
        .find(|e| e.text == "Ahmed")
        .unwrap()
        .id
        .clone();
    doc.set_reviewed(&ahmed, None);
    doc.set_reviewed("R1", None);
    assert!(doc.retype(&ahmed, "ORG"));
    assert!(doc.reviewed_of(&ahmed).is_none());
    assert!(doc.reviewed_of("R1").is_some(), "only what changed");
    doc.set_reviewed(&ahmed, None);
    assert!(doc.move_span(&ahmed, 0, 3, "Ahm"));
    assert!(doc.reviewed_of(&ahmed).is_none());
}
