use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::annotation::{Event, SourceInfo, Trigger};

fn doc_for(text: &str) -> Document {
    Document::new(
        SourceInfo::new("a.txt", String::new(), "utf-8", text.chars().count()),
        None,
    )
}

/// Code point offsets of the first occurrence of `word`.
fn find(text: &SourceText, word: &str) -> (usize, usize) {
    let byte = text.as_str().find(word).expect("word in text");
    let start = text.char_of(byte);
    (start, start + word.chars().count())
}

fn tag(doc: &mut Document, text: &SourceText, word: &str, kind: &str) -> String {
    let (start, end) = find(text, word);
    doc.add_entity(kind, start, end, word)
}

fn export(doc: &Document, text: &SourceText) -> (String, Losses) {
    let mut losses = Losses::default();
    let line = export_line(doc, text, "000_a.txt", &mut losses);
    (line, losses)
}

const MOSUL: &str = "Iraqi forces 👨‍👩‍👧 attacked Mosul.\r\nTomasevic/Reuters reported it.";

fn mosul() -> (Document, SourceText) {
    let text = SourceText::new(MOSUL.into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Mosul", "GPE");
    tag(&mut doc, &text, "Iraqi forces", "ORG");
    tag(&mut doc, &text, "Tomasevic", "PER");
    let (s, e) = find(&text, "attacked");
    let ev = doc.add_event("Conflict.Attack", s, e, "attacked");
    doc.add_argument(&ev, "Attacker", "T2");
    doc.add_argument(&ev, "Place", "T1");
    doc.set_attribute(&ev, "Modality", Some(json!("Asserted")));
    let r = doc.add_relation("Located", "T2", "T1");
    doc.set_note(&r, "per the wire");
    doc.set_note("T1", "the city");
    doc.set_attribute("T3", "Certain", Some(Value::Bool(true)));
    doc.entities[0]
        .extra
        .insert("fragments".into(), json!([[0, 5]]));
    doc.status = Status::InProgress;
    doc.note = "Check the figures.".into();
    (doc, text)
}

#[test]
fn export_writes_every_field_in_order_with_code_points() {
    let (doc, text) = mosul();
    let (line, losses) = export(&doc, &text);
    assert!(losses.is_empty(), "{}", losses.report("jsonl"));
    assert!(!line.contains('\n'));
    let keys: Vec<usize> = [
        "\"text\"",
        "\"spans\"",
        "\"events\"",
        "\"relations\"",
        "\"meta\"",
    ]
    .iter()
    .map(|k| line.find(k).expect(k))
    .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{line}");
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["text"], MOSUL);
    // Sorted by start: ORG (0..12), GPE, PER.
    let spans = v["spans"].as_array().unwrap();
    let labels: Vec<_> = spans.iter().map(|s| s["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["ORG", "GPE", "PER"]);
    // Code points: the family emoji is 5 code points (3 people, 2 ZWJ).
    let chars: Vec<char> = MOSUL.chars().collect();
    for s in spans {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[a..b].iter().collect::<String>(),
            s["text"].as_str().unwrap()
        );
    }
    assert_eq!(spans[1]["start"], 28);
    assert_eq!(
        line.split("\"spans\":[")
            .nth(1)
            .unwrap()
            .split('}')
            .next()
            .unwrap(),
        r#"{"start":0,"end":12,"label":"ORG","text":"Iraqi forces","id":"T2","fragments":[[0,5]]"#
    );
    assert_eq!(spans[1]["note"], "the city");
    assert_eq!(spans[0]["fragments"], json!([[0, 5]]));
    assert_eq!(spans[2]["attributes"], json!({"Certain": true}));
    let ev = &v["events"][0];
    assert_eq!(ev["type"], "Conflict.Attack");
    assert_eq!(
        ev["trigger"],
        json!({"start": 19, "end": 27, "text": "attacked", "id": "T4"})
    );
    assert_eq!(
        ev["arguments"],
        json!([{"role": "Attacker", "ref": "T2"}, {"role": "Place", "ref": "T1"}])
    );
    assert_eq!(ev["attributes"], json!({"Modality": "Asserted"}));
    assert_eq!(
        v["relations"],
        json!([{"id": "R1", "type": "Located", "arg1": "T2", "arg2": "T1", "note": "per the wire"}])
    );
    assert_eq!(
        v["meta"],
        json!({"file": "000_a.txt", "status": "in_progress", "note": "Check the figures."})
    );
}

#[test]
fn export_then_import_all_is_identity() {
    let (mut doc, text) = mosul();
    let (line, _) = export(&doc, &text);
    let record = parse_line(&line).unwrap();
    assert_eq!(record.file.as_deref(), Some("000_a.txt"));
    assert_eq!(record.format, SpanFormat::Spans);
    let back = import_all(&record, doc_for(MOSUL));
    doc.normalize();
    assert_eq!(back, doc);
}

#[test]
fn empty_document_note_and_status_are_left_out_or_kept() {
    let text = SourceText::new(String::new());
    let doc = doc_for("");
    let (line, losses) = export(&doc, &text);
    assert!(losses.is_empty());
    assert_eq!(
        line,
        r#"{"text":"","spans":[],"events":[],"relations":[],"meta":{"file":"000_a.txt","status":"todo"}}"#
    );
    assert_eq!(import_all(&parse_line(&line).unwrap(), doc_for("")), doc);
}

#[test]
fn stale_spans_and_clashing_fields_are_reported() {
    let text = SourceText::new("abc".into());
    let mut doc = doc_for("abc");
    doc.add_entity("X", 0, 2, "zz");
    doc.entities[0].extra.insert("label".into(), json!("old"));
    let (line, losses) = export(&doc, &text);
    let report = losses.report("jsonl");
    assert!(
        report.contains("1 spans whose offsets or text do not match"),
        "{report}"
    );
    assert!(
        report.contains("1 entity fields named like a span key"),
        "{report}"
    );
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["spans"][0]["label"], "X");
    assert_eq!(v["spans"][0]["text"], "zz", "exported as stored");
}

#[test]
fn to_document_adds_suggestions_once() {
    let text = "Ahmed met Nabil in Mosul 😀.";
    let mut base = doc_for(text);
    base.add_entity("PER", 0, 5, "Ahmed");
    base.add_event("Meet", 6, 9, "met"); // trigger T2, event E1
    let line = r#"{"text": "Ahmed met Nabil in Mosul 😀.", "spans": [
        {"start": 0, "end": 5, "label": "PER"},
        {"start": 0, "end": 5, "label": "ORG"},
        {"start": 10, "end": 15, "label": "PER"},
        {"start": 10, "end": 15, "label": "PER"},
        {"start": 19, "end": 24, "label": "GPE", "text": "Mosul"}]}"#;
    let record = parse_line(line).unwrap();
    let (doc, added) = to_document(&record, base.clone(), "model-x");
    assert_eq!(added, 3);
    let new: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| e.suggested.is_some())
        .map(|e| (e.id.as_str(), e.kind.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        new,
        [
            ("T3", "ORG", "Ahmed"),
            ("T4", "PER", "Nabil"),
            ("T5", "GPE", "Mosul")
        ]
    );
    assert!(
        doc.entities
            .iter()
            .filter(|e| e.suggested.is_some())
            .all(|e| e.suggested == Some(json!({"source": "model-x"})))
    );
    // Importing again adds nothing.
    let (again, added) = to_document(&record, doc.clone(), "model-x");
    assert_eq!(added, 0);
    assert_eq!(again, doc);
}

#[test]
fn suggestions_after_an_id_past_u64_do_not_collide() {
    let text = "Ahmed met Nabil.";
    let mut base = doc_for(text);
    base.add_entity("PER", 0, 5, "Ahmed");
    base.entities[0].id = "T18446744073709551615".into();
    let line = r#"{"text": "Ahmed met Nabil.", "spans": [
        {"start": 6, "end": 9, "label": "X"}, {"start": 10, "end": 15, "label": "PER"}]}"#;
    let (doc, added) = to_document(&parse_line(line).unwrap(), base, "m");
    assert_eq!(added, 2);
    let ids: Vec<_> = doc.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "T18446744073709551615",
            "T18446744073709551616",
            "T18446744073709551617"
        ]
    );
}

#[test]
fn spans_without_ids_get_fresh_ones_on_import_all() {
    let line = r#"{"text": "ab cd", "spans": [{"start": 3, "end": 5, "label": "X"},
        {"start": 0, "end": 2, "label": "Y", "id": "T7"}]}"#;
    let doc = import_all(&parse_line(line).unwrap(), doc_for("ab cd"));
    let ids: Vec<_> = doc
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(ids, [("T7", "ab"), ("T8", "cd")]);
}

#[test]
fn line_safe_escapes_unicode_line_breaks_only() {
    assert_eq!(
        line_safe("\"a\u{2028}b\u{2029}\u{85}\"".into()),
        r#""a\u2028b\u2029\u0085""#
    );
    assert_eq!(line_safe("\"é\"".into()), "\"é\"");
    let text = SourceText::new("x\u{2028}y".into());
    let (line, _) = export(&doc_for("x\u{2028}y"), &text);
    assert_eq!(parse_line(&line).unwrap().text, "x\u{2028}y");
}

fn arb_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        "word",
        " ",
        "\r\n",
        "\n",
        "\t",
        "é",
        "e\u{301}",
        "中",
        "😀",
        "👨‍👩‍👧",
        "\u{2028}",
        "\u{85}",
        "\"",
        "\\",
        ".",
        "\u{0}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn arb_map() -> impl Strategy<Value = Option<Map<String, Value>>> {
    prop::option::of(prop::collection::btree_map(
        "[a-zA-Z]{1,6}",
        prop_oneof![
            Just(Value::Bool(true)),
            "[a-z😀]{0,4}".prop_map(Value::String)
        ],
        0..3,
    ))
    .prop_map(|m| m.map(|m| m.into_iter().collect()))
}

type RawEntity = (
    u16,
    u16,
    u8,
    Option<String>,
    Option<Map<String, Value>>,
    bool,
    bool,
);

fn arb_entity() -> impl Strategy<Value = RawEntity> {
    (
        any::<u16>(),
        any::<u16>(),
        0u8..4,
        prop::option::of("[a-z \\n😀\"]{0,8}"),
        arb_map(),
        any::<bool>(),
        any::<bool>(),
    )
}

const TYPES: [&str; 4] = ["PER", "GPE", "Conflict.Attack", "ünï 😀"];

/// Event `E{number}` with trigger `T{trigger}` on `(start, end)`, its
/// arguments pointing at `entity_ids`.
fn random_event(
    text: &SourceText,
    number: usize,
    trigger: usize,
    (start, end): (usize, usize),
    (_, _, k, note, attributes, extra, _): RawEntity,
    args: &[u16],
    entity_ids: &[String],
) -> Event {
    let mut ev_extra = Map::new();
    if extra {
        ev_extra.insert("realis".into(), json!("actual"));
    }
    let arguments = if entity_ids.is_empty() {
        Vec::new()
    } else {
        args.iter()
            .map(|&r| Argument {
                role: ["Place", "Attacker"][r as usize % 2].into(),
                target: entity_ids[r as usize % entity_ids.len()].clone(),
                extra: Map::new(),
            })
            .collect()
    };
    Event {
        id: format!("E{number}"),
        kind: TYPES[k as usize].into(),
        trigger: Trigger {
            id: format!("T{trigger}"),
            start,
            end,
            text: text.slice(start, end).into(),
            extra: Map::new(),
        },
        arguments,
        note,
        attributes,
        suggested: None,
        extra: ev_extra,
    }
}

/// A random, valid document over `text`.
fn build(
    text: &SourceText,
    ents: Vec<RawEntity>,
    evs: Vec<(RawEntity, Vec<u16>)>,
    rels: Vec<(u16, u16, Option<String>)>,
    status: u8,
    note: String,
) -> Document {
    let n = text.len_chars();
    let mut doc = doc_for(text.as_str());
    let span = |a: u16, b: u16| {
        let (a, b) = (a as usize % (n + 1), b as usize % (n + 1));
        (a.min(b), a.max(b))
    };
    let mut id = 0;
    for (a, b, k, note, attributes, fragments, suggested) in ents {
        let (start, end) = span(a, b);
        id += 1;
        let mut extra = Map::new();
        if fragments {
            extra.insert("fragments".into(), json!([[start, end]]));
        }
        doc.entities.push(Entity {
            id: format!("T{id}"),
            kind: TYPES[k as usize].into(),
            start,
            end,
            text: text.slice(start, end).into(),
            note,
            attributes,
            suggested: suggested.then(|| json!({"source": "m"})),
            extra,
        });
    }
    let entity_ids: Vec<String> = doc.entities.iter().map(|e| e.id.clone()).collect();
    for (i, (raw, args)) in evs.into_iter().enumerate() {
        id += 1;
        let event = random_event(text, i + 1, id, span(raw.0, raw.1), raw, &args, &entity_ids);
        doc.events.push(event);
    }
    if !entity_ids.is_empty() {
        for (i, (a, b, note)) in rels.into_iter().enumerate() {
            doc.relations.push(Relation {
                id: format!("R{}", i + 1),
                kind: "Located".into(),
                arg1: entity_ids[a as usize % entity_ids.len()].clone(),
                arg2: entity_ids[b as usize % entity_ids.len()].clone(),
                note,
                attributes: None,
                suggested: None,
                extra: Map::new(),
            });
        }
    }
    doc.status = Status::ALL[status as usize % 4];
    doc.note = note;
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// export_line → parse_line → import_all gives back the document.
    #[test]
    fn round_trip_is_lossless(
        s in arb_text(),
        ents in prop::collection::vec(arb_entity(), 0..8),
        evs in prop::collection::vec((arb_entity(), prop::collection::vec(any::<u16>(), 0..3)), 0..4),
        rels in prop::collection::vec((any::<u16>(), any::<u16>(), prop::option::of("[a-z]{0,5}")), 0..4),
        status in any::<u8>(),
        note in "[a-z\\n😀]{0,6}",
    ) {
        let text = SourceText::new(s);
        let mut doc = build(&text, ents, evs, rels, status, note);
        let mut losses = Losses::default();
        let line = export_line(&doc, &text, "f.txt", &mut losses);
        prop_assert!(losses.is_empty(), "{}", losses.report("jsonl"));
        prop_assert!(!line.contains(['\n', '\r', '\u{2028}', '\u{85}']), "line breaks in {:?}", line);
        let record = parse_line(&line).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&record.text, text.as_str());
        prop_assert_eq!(record.file.as_deref(), Some("f.txt"));
        let back = import_all(&record, doc_for(text.as_str()));
        doc.normalize();
        prop_assert_eq!(&back.entities, &doc.entities);
        prop_assert_eq!(&back.events, &doc.events);
        prop_assert_eq!(&back.relations, &doc.relations);
        prop_assert_eq!(back, doc);
    }

    /// Suggestions land on the same text whatever the characters.
    #[test]
    fn to_document_slices_by_code_points(
        s in arb_text(),
        ents in prop::collection::vec(arb_entity(), 0..8),
    ) {
        let text = SourceText::new(s);
        let doc = build(&text, ents, Vec::new(), Vec::new(), 0, String::new());
        let line = export_line(&doc, &text, "f.txt", &mut Losses::default());
        let record = parse_line(&line).unwrap();
        let (got, added) = to_document(&record, doc_for(text.as_str()), "m");
        prop_assert!(added <= doc.entities.len());
        for e in &got.entities {
            prop_assert_eq!(e.text.as_str(), text.slice(e.start, e.end));
        }
    }

    /// No input makes the parser panic.
    #[test]
    fn parse_never_panics(s in "\\PC{0,60}") {
        let _ = parse_line(&s);
    }

    /// Nor does any structure of plausible keys and odd values.
    #[test]
    fn parse_never_panics_on_odd_spans(
        text in arb_text(),
        a in any::<i64>(),
        b in 0u64..50,
        key in prop::sample::select(vec!["spans", "label", "entities", "labels"]),
        shape in 0u8..4,
    ) {
        let item = match shape {
            0 => json!([a, b, "X"]),
            1 => json!({"start": a, "end": b, "label": "X"}),
            2 => json!({"start_offset": b, "end_offset": a, "label": "X"}),
            _ => json!([b, b]),
        };
        let line = json!({"text": text, key: [item]}).to_string();
        if let Ok(r) = parse_line(&line) {
            let t = SourceText::new(r.text.clone());
            for s in &r.spans {
                prop_assert!(s.start <= s.end && s.end <= t.len_chars());
            }
        }
    }
}

mod reading;
