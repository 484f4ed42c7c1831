//! Properties of the annotation file format: any document round-trips,
//! its bytes do not depend on order, and parse never panics.

use proptest::prelude::*;
use serde_json::{Map, json};

use super::SAMPLE;
use crate::annotation::{Document, Entity, SourceInfo, Status};
use crate::store::{parse, serialize};

fn arb_text() -> impl Strategy<Value = String> {
    "(\\PC|[\"\\\\\n\t\r\u{0}\u{1f}\u{7f}\u{2028}]|👩\u{200d}🔬){0,12}"
}

fn arb_entity(id: usize) -> impl Strategy<Value = Entity> {
    (
        prop_oneof!["PER", "GPE", "ORG", "X-ü"],
        0usize..1000,
        1usize..50,
        arb_text(),
        proptest::option::of(arb_text()),
        proptest::option::of(prop::collection::btree_map(
            "[A-Za-z]{1,8}",
            prop_oneof![Just(json!(true)), arb_text().prop_map(|s| json!(s))],
            0..3,
        )),
        proptest::option::of(arb_text().prop_map(|s| json!({ "source": s }))),
    )
        .prop_map(
            move |(kind, start, n, text, note, attributes, suggested)| Entity {
                id: format!("T{id}"),
                kind: kind.to_owned(),
                start,
                end: start + n,
                text,
                note,
                attributes: attributes.map(|m| m.into_iter().collect()),
                suggested,
                extra: Map::new(),
            },
        )
}

fn arb_document() -> impl Strategy<Value = Document> {
    (
        prop::collection::vec(any::<u8>(), 0..12).prop_flat_map(|ids| {
            // Distinct ids, in a random order.
            let mut unique: Vec<usize> = ids.into_iter().map(usize::from).collect();
            unique.sort_unstable();
            unique.dedup();
            let entities: Vec<_> = unique.into_iter().map(arb_entity).collect();
            entities.prop_shuffle()
        }),
        proptest::option::of("[a-z]{1,8}"),
        prop::sample::select(Status::ALL.to_vec()),
        arb_text(),
    )
        .prop_map(|(entities, annotator, status, note)| {
            let mut doc = Document::new(
                SourceInfo {
                    file: "f.txt".into(),
                    sha256: "ab".repeat(32),
                    encoding: "utf-8".into(),
                    chars: 2000,
                    extra: Map::new(),
                },
                annotator,
            );
            doc.entities = entities;
            doc.status = status;
            doc.note = note;
            doc
        })
}

proptest! {
    #[test]
    fn any_document_round_trips(doc in arb_document()) {
        let bytes = serialize(&doc);
        let parsed = parse(&bytes).unwrap();
        let mut normal = doc.clone();
        normal.normalize();
        prop_assert_eq!(&parsed, &normal);
        // Writing it again gives the same bytes.
        prop_assert_eq!(serialize(&parsed), bytes.clone());
        // One line per entity, plus the fixed lines.
        prop_assert_eq!(bytes.lines().count(), 11 + doc.entities.len() + usize::from(!doc.entities.is_empty()));
        prop_assert!(bytes.ends_with("\n}\n"), "no final newline");
    }

    #[test]
    fn any_order_gives_the_same_bytes(doc in arb_document(), seed in any::<u64>()) {
        let mut shuffled = doc.clone();
        // A deterministic reordering derived from the seed.
        let n = shuffled.entities.len();
        if n > 1 {
            shuffled.entities.rotate_left((seed as usize) % n);
            if seed % 2 == 0 {
                shuffled.entities.reverse();
            }
        }
        prop_assert_eq!(serialize(&doc), serialize(&shuffled));
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,200}") {
        let _ = parse(&s);
    }

    #[test]
    fn parse_never_panics_on_mangled_files(cut in 0usize..1000, junk in "[\\[\\]{}\",:0-9a-z-]{0,4}") {
        let mut s: String = SAMPLE.chars().take(cut).collect();
        s.push_str(&junk);
        s.extend(SAMPLE.chars().skip(cut + 1));
        // Either it parses to something that writes back, or it is refused.
        if let Ok(doc) = parse(&s) {
            let again = parse(&serialize(&doc)).unwrap();
            let mut normal = doc;
            normal.normalize();
            prop_assert_eq!(again, normal);
        }
    }
}
