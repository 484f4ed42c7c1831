//! doccano's sequence-labelling JSONL: `{"text": …, "label": [[start, end,
//! "TYPE"], …]}`, one document per line, with offsets in UTF-16 code units
//! (doccano counts as JavaScript does). gloss stores code points, so every
//! offset is converted (by `text::utf16`) in both directions.
//!
//! doccano holds labelled spans and nothing else: events, relations, notes
//! and attributes are reported in `Losses` as dropped.

use serde::Serialize;

use super::Losses;
use super::jsonl::line_safe;
use crate::annotation::Document;
use crate::text::SourceText;
use crate::text::utf16::utf16_from_chars;

/// One exported line (key order is the struct's field order).
#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
}

/// One JSON line (without its newline) holding the document's entities with
/// UTF-16 offsets. `file` is not written: doccano's sequence labelling has
/// no place for it (imports match such lines back by their text). Whatever
/// doccano cannot hold is counted in `losses`.
pub fn export_line(doc: &Document, text: &SourceText, _file: &str, losses: &mut Losses) -> String {
    let s = text.as_str();
    let mut entities: Vec<_> = doc.entities.iter().collect();
    entities.sort_by_key(|e| (e.start, e.end));

    let mut inside = Vec::new();
    let mut outside = 0;
    for e in entities {
        if e.start <= e.end && e.end <= text.len_chars() {
            inside.push(e);
        } else {
            outside += 1;
        }
    }
    let offsets: Vec<usize> = inside.iter().flat_map(|e| [e.start, e.end]).collect();
    let utf16 = utf16_from_chars(s, &offsets);
    let label = inside
        .iter()
        .zip(utf16.chunks(2))
        .map(|(e, pair)| {
            // Every offset was checked to lie within the text above.
            let start = pair[0].unwrap_or_default();
            let end = pair[1].unwrap_or_default();
            (start, end, e.kind.as_str())
        })
        .collect();

    losses.add("spans outside the text", outside, "dropped");
    report_span_extras(doc, losses);
    losses.add(
        "events",
        doc.events.len(),
        "not representable in doccano sequence labelling, dropped (with their triggers and arguments)",
    );
    losses.add(
        "relations",
        doc.relations.len(),
        "not representable in doccano sequence labelling, dropped",
    );

    let line = Line { text: s, label };
    line_safe(serde_json::to_string(&line).unwrap_or_default())
}

/// Losses shared by the span-only formats: what an entity carries besides
/// its span and type.
pub(crate) fn report_span_extras(doc: &Document, losses: &mut Losses) {
    let notes = doc.entities.iter().filter(|e| e.note.is_some()).count();
    let attributes = doc
        .entities
        .iter()
        .filter(|e| e.attributes.as_ref().is_some_and(|a| !a.is_empty()))
        .count();
    let suggested = doc
        .entities
        .iter()
        .filter(|e| e.suggested.is_some())
        .count();
    let extra = doc.entities.iter().filter(|e| !e.extra.is_empty()).count();
    losses.add("notes", notes, "dropped");
    losses.add("attributes", attributes, "dropped");
    losses.add(
        "suggested spans",
        suggested,
        "exported like accepted ones (the mark that they are unreviewed is dropped)",
    );
    losses.add(
        "spans with fields gloss does not know (e.g. fragments)",
        extra,
        "exported as start..end, the extra fields dropped",
    );
    if !doc.note.is_empty() {
        losses.add("document notes", 1, "dropped");
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::annotation::{Entity, SourceInfo};
    use crate::formats::jsonl::parse_line;
    use crate::text::utf16::char_offset;

    fn doc_for(text: &str) -> Document {
        Document::new(
            SourceInfo::new("a.txt", String::new(), "utf-8", text.chars().count()),
            None,
        )
    }

    /// Adds an entity on the first occurrence of `word`.
    fn tag(doc: &mut Document, text: &SourceText, word: &str, kind: &str) -> (usize, usize) {
        let byte = text.as_str().find(word).expect("word in text");
        let start = text.char_of(byte);
        let end = start + word.chars().count();
        doc.add_entity(kind, start, end, word);
        (start, end)
    }

    fn parse(line: &str) -> Value {
        serde_json::from_str(line).expect("valid JSON")
    }

    #[test]
    fn emoji_moves_utf16_offsets_and_the_slice_is_right() {
        let text = SourceText::new("Then 👨‍👩‍👧 left Erbil.".into());
        let mut doc = doc_for(text.as_str());
        let (start, end) = tag(&mut doc, &text, "Erbil", "GPE");
        let mut losses = Losses::default();
        let line = export_line(&doc, &text, "a.txt", &mut losses);
        assert!(losses.is_empty(), "{}", losses.report("doccano"));
        let v = parse(&line);
        let label = &v["label"][0];
        let (s, e) = (label[0].as_u64().unwrap(), label[1].as_u64().unwrap());
        let (s, e) = (s as usize, e as usize);
        // Three astral characters take two units each.
        assert_eq!((s, e), (start + 3, end + 3));
        let units: Vec<u16> = text.as_str().encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[s..e]).unwrap(), "Erbil");
        assert_eq!(label[2], "GPE");
        assert_eq!(v["text"], text.as_str());
        // Keys in the documented order, nothing else.
        assert!(line.starts_with(r#"{"text":"#));
        assert_eq!(v.as_object().unwrap().len(), 2);
    }

    #[test]
    fn events_relations_notes_and_attributes_are_reported() {
        let text = SourceText::new("Iraqi forces attacked Mosul.\r\nThen they left.".into());
        let mut doc = doc_for(text.as_str());
        tag(&mut doc, &text, "Iraqi", "GPE");
        tag(&mut doc, &text, "Mosul", "GPE");
        doc.set_note("T1", "the army");
        doc.set_attribute("T2", "Certain", Some(Value::Bool(true)));
        let ev = doc.add_event("Conflict.Attack", 13, 21, "attacked");
        doc.add_argument(&ev, "Attacker", "T1");
        doc.add_relation("Located", "T1", "T2");
        doc.note = "check".into();
        let mut losses = Losses::default();
        let line = export_line(&doc, &text, "a.txt", &mut losses);
        let v = parse(&line);
        assert_eq!(v["label"], json!([[0, 5, "GPE"], [22, 27, "GPE"]]));
        let report = losses.report("doccano");
        for what in [
            "1 events: not representable",
            "1 relations: not representable",
            "1 notes: dropped",
            "1 attributes: dropped",
            "1 document notes: dropped",
        ] {
            assert!(report.contains(what), "{what} missing from\n{report}");
        }
    }

    #[test]
    fn spans_outside_the_text_are_reported_not_exported() {
        let text = SourceText::new("short".into());
        let mut doc = doc_for(text.as_str());
        doc.entities.push(Entity {
            id: "T1".into(),
            kind: "X".into(),
            start: 3,
            end: 40,
            text: String::new(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        });
        let mut losses = Losses::default();
        let v = parse(&export_line(&doc, &text, "a.txt", &mut losses));
        assert_eq!(v["label"], json!([]));
        assert!(
            losses
                .report("doccano")
                .contains("1 spans outside the text: dropped")
        );
    }

    #[test]
    fn line_separators_are_escaped_so_the_line_stays_one_line() {
        let text = SourceText::new("a\u{2028}b\u{85}c\nd".into());
        let doc = doc_for(text.as_str());
        let line = export_line(&doc, &text, "a.txt", &mut Losses::default());
        assert_eq!(line.lines().count(), 1);
        assert!(!line.contains('\u{2028}') && !line.contains('\u{85}'));
        assert_eq!(parse(&line)["text"], text.as_str());
    }

    fn arb_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            " ",
            "\r\n",
            "\n",
            "é",
            "e\u{301}",
            "中",
            "😀",
            "👨‍👩‍👧",
            "\u{2028}",
            "\"",
            "\\",
            ".",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        /// Whatever the text, exporting and reading back (through the jsonl
        /// parser, which reads doccano lines) lands on the same code points.
        #[test]
        fn export_then_parse_gives_back_the_spans(
            s in arb_text(),
            raw in prop::collection::vec((any::<u16>(), any::<u16>()), 0..6),
        ) {
            let text = SourceText::new(s);
            let n = text.len_chars();
            let mut doc = doc_for(text.as_str());
            for (a, b) in raw {
                let (a, b) = (a as usize % (n + 1), b as usize % (n + 1));
                let (start, end) = (a.min(b), a.max(b));
                doc.add_entity("T", start, end, text.slice(start, end));
            }
            let line = export_line(&doc, &text, "a.txt", &mut Losses::default());
            prop_assert_eq!(line.lines().count().max(1), 1);
            let record = parse_line(&line).expect("own line parses");
            let got: Vec<_> = record.spans.iter().map(|s| (s.start, s.end)).collect();
            let mut want: Vec<_> = doc.entities.iter().map(|e| (e.start, e.end)).collect();
            want.sort();
            prop_assert_eq!(got, want);
            for (i, &u) in text.as_str().encode_utf16().collect::<Vec<_>>().iter().enumerate() {
                // Every unit offset either maps to a code point or is the low
                // half of a pair.
                let is_low = (0xDC00..0xE000).contains(&u);
                prop_assert_eq!(char_offset(text.as_str(), i).is_none(), is_low);
            }
        }
    }
}
