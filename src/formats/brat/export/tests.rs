use serde_json::json;

use super::*;
use crate::annotation::SourceInfo;
use crate::formats::brat::import;

const TEXT: &str = "Alice met a foo in Paris.\n";

fn text() -> SourceText {
    SourceText::new(TEXT.to_owned())
}

fn base() -> Document {
    Document::new(
        SourceInfo::new("a.txt", "x".into(), "utf-8", TEXT.chars().count()),
        None,
    )
}

/// Alice and Paris tagged, an event on "met", a relation between them.
fn tagged() -> Document {
    let ann = "T1\tPER 0 5\tAlice\nT2\tGPE 19 24\tParis\nT3\tMeet 6 9\tmet\n\
               E1\tMeet:T3 Entity:T1 Place:T2\nR1\tLocated Arg1:T1 Arg2:T2\n";
    import(ann, &text(), base(), None).unwrap()
}

/// The lines a Python tool reading the `.ann` sees (`str.splitlines`).
fn python_lines(ann: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = Vec::new();
    let mut rest = ann;
    while let Some(at) = rest.find(breaks_line) {
        lines.push(&rest[..at]);
        let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
        let width = rest[at..].chars().next().map_or(1, char::len_utf8);
        rest = &rest[at + width.max(skip)..];
    }
    if !rest.is_empty() {
        lines.push(rest);
    }
    lines
}

#[test]
fn a_note_holding_a_brat_line_forges_nothing() {
    let mut doc = tagged();
    doc.entities[0].note = Some("first line\nT5\tORG 12 15\tfoo".into());
    doc.entities[1].note = Some("an ordinary note\r\nwith a second line".into());
    let mut losses = Losses::default();
    let ann = export(&doc, &text(), &mut losses);
    assert!(
        !python_lines(&ann).iter().any(|l| l.starts_with("T5\t")),
        "{ann}"
    );
    assert_eq!(python_lines(&ann), ann.lines().collect::<Vec<_>>());
    let back = import(&ann, &text(), base(), None).unwrap();
    assert_eq!(back.entities.len(), 2);
    assert_eq!(back.note_of("T1"), Some("first line T5\tORG 12 15\tfoo"));
    assert_eq!(
        back.note_of("T2"),
        Some("an ordinary note with a second line")
    );
    assert_eq!(
        losses.report("brat"),
        "brat: 2 notes with line breaks: each line break written as a space (a brat note is one line)\n"
    );
}

#[test]
fn every_line_break_python_knows_becomes_a_space_in_free_text() {
    for brk in [
        "\n", "\r", "\r\n", "\u{b}", "\u{c}", "\u{1c}", "\u{1d}", "\u{1e}", "\u{85}", "\u{2028}",
        "\u{2029}",
    ] {
        assert_eq!(one_line(&format!("a{brk}b")), "a b", "{brk:?}");
    }
    assert!(matches!(one_line("a\tb c"), Cow::Borrowed("a\tb c")));
}

#[test]
fn names_lose_their_spaces_and_line_breaks_to_underscores() {
    assert_eq!(one_name("ORG\nT5\tX 1"), "ORG_T5_X_1");
    assert_eq!(one_name("a\u{2028}b\u{85}c"), "a_b_c");
    assert!(matches!(one_name("Conflict.Attack"), Cow::Borrowed(_)));
}

#[test]
fn no_field_of_any_annotation_can_start_a_line() {
    let forge = "x\nT9\tPER 0 5\tAlice\r\u{2028}";
    let mut doc = tagged();
    doc.entities[0].kind = forge.into();
    doc.entities[0]
        .extra
        .insert("brat_text".into(), json!(forge));
    doc.entities[0].attributes = Some(
        [
            (forge.to_owned(), json!(forge)),
            ("n".to_owned(), json!([forge])),
        ]
        .into_iter()
        .collect(),
    );
    doc.entities[1].extra.insert(
        "normalizations".into(),
        json!([{"type": forge, "ref": forge, "text": forge}]),
    );
    doc.entities[1]
        .extra
        .insert("notes".into(), json!([{"type": forge, "text": forge}]));
    doc.events[0].kind = forge.into();
    doc.events[0].arguments[0].role = forge.into();
    doc.events[0]
        .trigger
        .extra
        .insert("note".into(), json!(forge));
    doc.relations[0].kind = forge.into();
    doc.relations[0]
        .extra
        .insert("roles".into(), json!([forge, "Arg2"]));
    doc.extra
        .insert("notes".into(), json!([{"type": forge, "text": forge}]));
    doc.extra.insert(
        "equivalences".into(),
        json!([{"type": forge, "refs": ["T1", forge]}]),
    );
    doc.extra
        .insert("brat_lines".into(), json!([format!("X1\t{forge}")]));
    let mut losses = Losses::default();
    let ann = export(&doc, &text(), &mut losses);
    let lines = python_lines(&ann);
    assert_eq!(lines, ann.lines().collect::<Vec<_>>(), "{ann}");
    assert!(!lines.iter().any(|l| l.starts_with("T9")), "{ann}");
    // One line per annotation, attribute, normalisation, note, set and kept line.
    assert_eq!(lines.len(), 3 + 1 + 1 + 2 + 1 + 3 + 1 + 1, "{ann}");
    let report = losses.report("brat");
    assert!(
        report.contains("brat: 3 notes with line breaks"),
        "{report}"
    );
    assert!(
        report.contains("brat: 3 span, normalisation or kept texts"),
        "{report}"
    );
    assert!(
        report.contains("ids, types, roles or attributes"),
        "{report}"
    );
}

#[test]
fn a_discontinuous_span_over_a_line_break_keeps_its_fragments() {
    let text = SourceText::new("New\nYork is big.\n".to_owned());
    let ann = "T1\tGPE 0 3;4 8\tNew York\n";
    let mut doc = import(ann, &text, base(), None).unwrap();
    assert_eq!(export(&doc, &text, &mut Losses::default()), ann);
    // A span across the line break is written with a space for it.
    doc.entities[0].extra.clear();
    let out = export(&doc, &text, &mut Losses::default());
    assert_eq!(out, "T1\tGPE 0 8\tNew York\n");
    let back = import(&out, &text, base(), None).unwrap();
    assert_eq!((back.entities[0].start, back.entities[0].end), (0, 8));
    assert_eq!(back.entities[0].text, "New\nYork");
}
