//! Property tests for the exports, the other way out of gloss: whatever a
//! document holds (any note, any type, id or role, a mutated sidecar), an
//! export must not panic and must not write anything the target would read
//! as more or other annotations. For brat that means every annotation on one
//! line: the only line break in a `.ann` is the `\n` that ends a line, and
//! a note survives export → import without changing any other annotation.

use proptest::prelude::*;

use super::{BRAT_ANN, BRAT_TEXT, SIDECAR, brat_base, config, edits, mutate_str};
use crate::annotation::Document;
use crate::formats::{Losses, brat, conll, doccano, jsonl};
use crate::store;
use crate::text::SourceText;

/// Line breaks of every kind, tabs and whole brat lines, the pieces a
/// hostile or careless note is made of.
const PIECES: &[&str] = &[
    "\n",
    "\r",
    "\r\n",
    "\u{b}",
    "\u{c}",
    "\u{1c}",
    "\u{1d}",
    "\u{1e}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\t",
    " ",
    "T5\tORG 12 15\tfoo",
    "#9\tAnnotatorNotes T1\tforged",
    "E9\tAttack:T1 Target:T2",
    "R9\tNear Arg1:T1 Arg2:T3",
    "A9\tNegation T1",
    "*\tEquiv T1 T3",
];

/// Any text, or one built from `PIECES` and a few letters.
fn any_value() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => "[a-zé ]{1,5}",
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat());
    prop_oneof![1 => any::<String>(), 3 => pieces]
}

fn brat_text() -> SourceText {
    SourceText::new(BRAT_TEXT.to_owned())
}

/// The `.ann` with every kind of line, as gloss holds it.
fn brat_doc() -> Document {
    let text = brat_text();
    brat::import(BRAT_ANN, &text, brat_base(&text), None).expect("the seed .ann imports")
}

/// The note slot of the `which`-th annotation (entities, events, relations).
fn note_slot(doc: &mut Document, which: usize) -> &mut Option<String> {
    let (ne, nv) = (doc.entities.len(), doc.events.len());
    let n = ne + nv + doc.relations.len();
    match which % n {
        i if i < ne => &mut doc.entities[i].note,
        i if i < ne + nv => &mut doc.events[i - ne].note,
        i => &mut doc.relations[i - ne - nv].note,
    }
}

/// A `.ann` whose only line break is the `\n` that ends each line.
fn check_one_line_each(ann: &str) -> Result<(), TestCaseError> {
    let stray = ann.chars().find(|&c| c != '\n' && brat::breaks_line(c));
    prop_assert!(
        stray.is_none(),
        "a line break {:?} inside a line:\n{}",
        stray,
        ann
    );
    Ok(())
}

/// A note goes out to brat and comes back as one line, and nothing else in
/// the document changes.
fn check_note_round_trip(note: &str, which: usize) -> Result<(), TestCaseError> {
    let text = brat_text();
    let mut doc = brat_doc();
    *note_slot(&mut doc, which) = Some(note.to_owned());
    let ann = brat::export(&doc, &text, &mut Losses::default());
    check_one_line_each(&ann)?;
    let back = brat::import(&ann, &text, brat_base(&text), None)
        .map_err(|e| TestCaseError::fail(format!("the export does not import: {e}\n{ann}")))?;
    *note_slot(&mut doc, which) = Some(brat::one_line(note).into_owned());
    prop_assert_eq!(without_line_ids(back), without_line_ids(doc));
    Ok(())
}

/// The document without the ids and order of its brat lines: a note gloss
/// added gets a new `#` id, which its import then records.
fn without_line_ids(mut doc: Document) -> Document {
    doc.extra.remove(brat::BRAT_ORDER);
    let extras = (doc.entities.iter_mut().map(|e| &mut e.extra))
        .chain(doc.events.iter_mut().map(|e| &mut e.extra))
        .chain(doc.relations.iter_mut().map(|r| &mut r.extra));
    for extra in extras {
        extra.remove(brat::BRAT_IDS);
    }
    doc
}

/// Hostile names and texts in every field brat writes: still one line
/// each, and an import of the result fails cleanly or succeeds.
fn check_hostile_fields(value: &str, which: usize) -> Result<(), TestCaseError> {
    let text = brat_text();
    let mut doc = brat_doc();
    let i = which % doc.entities.len();
    doc.entities[i].kind = value.to_owned();
    doc.entities[i].id = value.to_owned();
    doc.events[0].kind = value.to_owned();
    doc.events[0].arguments[0].role = value.to_owned();
    doc.relations[0].kind = value.to_owned();
    let json = serde_json::json!([{"type": value, "text": value}]);
    doc.extra.insert("notes".into(), json);
    let ann = brat::export(&doc, &text, &mut Losses::default());
    check_one_line_each(&ann)?;
    let _ = brat::import(&ann, &text, brat_base(&text), None);
    Ok(())
}

/// Every export of any document a sidecar can hold: no panic, brat one
/// annotation a line, and the JSON lines one valid JSON value each.
fn check_exports(sidecar: &str) -> Result<(), TestCaseError> {
    let Ok(doc) = store::parse(sidecar) else {
        return Ok(());
    };
    let text = brat_text();
    let mut losses = Losses::default();
    let ann = brat::export(&doc, &text, &mut losses);
    check_one_line_each(&ann)?;
    let _ = brat::import(&ann, &text, brat_base(&text), None);
    for line in [
        jsonl::export_line(&doc, &text, "a.txt", &mut losses),
        doccano::export_line(&doc, &text, "a.txt", &mut losses),
    ] {
        prop_assert!(!line.contains('\n'), "{}", line);
        let parsed = serde_json::from_str::<serde_json::Value>(&line);
        prop_assert!(parsed.is_ok(), "{:?}: {}", parsed, line);
        let _ = jsonl::parse_line(&line);
    }
    let _ = conll::export_doc(&doc, &text, &mut losses);
    let _ = losses.report("any");
    Ok(())
}

/// The sidecar with a note that, written raw, would be a brat `T` line.
fn forged_note_sidecar() -> String {
    SIDECAR.replace("head office", "first line\\nT5\\tORG 12 15\\tfoo")
}

#[test]
fn the_forged_line_and_the_two_line_note_come_back_as_one_line() {
    check_note_round_trip("first line\nT5\tORG 12 15\tfoo", 0).unwrap();
    check_note_round_trip("an ordinary note\nwith a second line", 5).unwrap();
    check_exports(SIDECAR).unwrap();
    let forged = forged_note_sidecar();
    let doc = store::parse(&forged).unwrap();
    assert_eq!(
        doc.relations[0].note.as_deref(),
        Some("first line\nT5\tORG 12 15\tfoo")
    );
    check_exports(&forged).unwrap();
}

/// The `exports` fuzz target starts from these sidecars.
#[test]
fn the_export_fuzz_seeds_are_the_valid_inputs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/exports");
    if !root.exists() {
        return;
    }
    let seed = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    assert_eq!(seed("full.json"), SIDECAR);
    assert_eq!(seed("forged-note.json"), forged_note_sidecar());
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_note_survives_brat_and_changes_nothing_else(note in any_value(), which in any::<usize>()) {
        check_note_round_trip(&note, which)?;
    }

    #[test]
    fn hostile_names_and_texts_stay_on_their_line(value in any_value(), which in any::<usize>()) {
        check_hostile_fields(&value, which)?;
    }

    #[test]
    fn exports_of_mutated_sidecars(e in edits()) {
        check_exports(&mutate_str(SIDECAR, &e))?;
    }

    #[test]
    fn exports_of_hostile_sidecar_values(value in any_value()) {
        let escaped = serde_json::to_string(&value).unwrap_or_default();
        let sidecar = SIDECAR
            .replace("\"ORG\"", &escaped)
            .replace("\"T1\"", &escaped)
            .replace("\"head office\"", &escaped);
        check_exports(&sidecar)?;
    }
}
