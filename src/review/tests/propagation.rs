use super::*;
use crate::review::propagate::{SOURCE, occurrences, propose};

fn empty(text: &str) -> Document {
    Document::new(
        SourceInfo::new("a.txt", String::new(), "utf-8", text.chars().count()),
        None,
    )
}

/// The texts at code-point spans.
fn at(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
    spans
        .iter()
        .map(|&(s, e)| text.chars().skip(s).take(e - s).collect())
        .collect()
}

#[test]
fn only_whole_words_in_the_same_case_are_found_in_code_points() {
    let text = "Aid \u{1F691} for Mosul\nMosul, MOSUL and mosul; NeoMosul, Mosuls, al-Mosul, Mosul's (Mosul)\n";
    let found = occurrences(text, "Mosul", "GPE", &empty(text));
    assert_eq!(found, [(10, 15), (16, 21), (77, 82)]);
    assert_eq!(at(text, &found), ["Mosul"; 3]);
}

#[test]
fn an_all_lower_case_text_is_found_in_any_case() {
    let text = "the city; The City; THE CITY; thecity";
    let found = occurrences(text, "the city", "LOC", &empty(text));
    assert_eq!(at(text, &found), ["the city", "The City", "THE CITY"]);
}

#[test]
fn occurrences_already_annotated_are_left_alone() {
    let text = "Mosul and Mosul and Mosul and Greater Mosul and Mosul";
    let mut doc = empty(text);
    tag(&mut doc, text, "GPE", "Mosul", 0);
    suggest(&mut doc, text, "GPE", "Mosul", 1);
    tag(&mut doc, text, "LOC", "Mosul", 2);
    tag(&mut doc, text, "GPE", "Greater Mosul", 0);
    let found = occurrences(text, "Mosul", "GPE", &doc);
    // The same span with any type, or inside a GPE: only the last is free.
    assert_eq!(found, [(48, 53)]);
    // Inside an annotation of another type: proposed.
    let mut doc = empty(text);
    tag(&mut doc, text, "FAC", "Greater Mosul", 0);
    assert_eq!(occurrences(text, "Mosul", "GPE", &doc).len(), 5);
}

#[test]
fn occurrences_never_overlap_and_one_may_start_inside_a_refused_one() {
    let text = "a a a";
    assert_eq!(occurrences(text, "a a", "X", &empty(text)), [(0, 3)]);
    let text = "aaa aa";
    assert_eq!(occurrences(text, "aa", "X", &empty(text)), [(4, 6)]);
    let text = "ééé éé";
    assert_eq!(occurrences(text, "éé", "X", &empty(text)), [(4, 6)]);
}

#[test]
fn propose_adds_suggestions_that_say_where_they_came_from() {
    let text = "\u{1F691} Mosul, mosul, Mosul.";
    let mut doc = empty(text);
    let first = doc.add_entity("GPE", 2, 7, "Mosul");
    let ids = propose(&mut doc, text, "Mosul", "GPE");
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0], first);
    let e = doc.entities.iter().find(|e| e.id == ids[0]).unwrap();
    assert_eq!(
        (e.start, e.end, e.text.as_str(), e.kind.as_str()),
        (16, 21, "Mosul", "GPE")
    );
    assert_eq!(e.suggested, Some(serde_json::json!({ "source": SOURCE })));
    assert!(doc.is_normalized());
    // Again: nothing more to propose.
    assert!(propose(&mut doc, text, "Mosul", "GPE").is_empty());
}

#[test]
fn the_word_rule_decides_what_a_whole_word_is() {
    use crate::text::words::is_whole_words;
    let t = "O'Neill met al-Ba'aj, 1.5 km; cafe\u{301} x";
    let whole = |s: &str| {
        let b = t.find(s).unwrap();
        is_whole_words(t, b, b + s.len())
    };
    assert!(whole("O'Neill") && whole("al-Ba'aj") && whole("1.5") && whole("km"));
    assert!(!whole("Neill") && !whole("Ba") && !whole("1") && !whole("5"));
    // Not on a grapheme boundary: the accent belongs to the e.
    assert!(!whole("cafe"));
    assert!(!is_whole_words(t, 3, 3));
}

#[test]
fn propose_in_file_saves_through_the_service_and_says_why_it_did_not() {
    use crate::review::propagate::{Target, propose_in_file};
    let gpe = Target {
        event: false,
        kind: "GPE".into(),
        surface: "Mosul".into(),
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let service = crate::service::Service::with_locks(Some(root.join("locks")));
    let text = "\u{1F691} Mosul, mosul and Mosul.\n";
    let a = write_article(root, "a.txt", text, |doc| {
        doc.add_entity("GPE", 2, 7, "Mosul");
    });
    let side = store::sidecar_path(&a, None);
    let done = propose_in_file(&service, 4, (&a, &side), None, &gpe)
        .unwrap()
        .unwrap();
    let spans: Vec<_> = done
        .items
        .iter()
        .map(|i| (i.entry, i.start, i.end))
        .collect();
    assert_eq!(spans, [(4, 19, 24)]);
    assert_eq!(done.summary.suggested(), 1);
    let saved = store::read(&side).unwrap().unwrap();
    assert_eq!(suggested_spans(&saved), [(19, 24)]);
    // Nothing more to propose; a file without the text is not even opened.
    let again = propose_in_file(&service, 4, (&a, &side), None, &gpe);
    assert_eq!(again, Ok(None));
    let b = root.join("b.txt");
    std::fs::write(&b, "Rain.\n").unwrap();
    let b_side = store::sidecar_path(&b, None);
    assert_eq!(
        propose_in_file(&service, 5, (&b, &b_side), None, &gpe),
        Ok(None)
    );
    assert!(!b_side.exists());
    // Held by another gloss: left as it was, saying so.
    let c = write_article(root, "c.txt", text, |_| {});
    let c_side = store::sidecar_path(&c, None);
    let before = std::fs::read(&c_side).unwrap();
    let _held = crate::lock::try_lock(&root.join("locks"), &c_side).unwrap();
    let refused = propose_in_file(&service, 6, (&c, &c_side), None, &gpe);
    assert!(
        refused.as_ref().is_err_and(|why| why.contains("open in")),
        "{refused:?}"
    );
    assert_eq!(std::fs::read(&c_side).unwrap(), before);
}

fn suggested_spans(doc: &Document) -> Vec<(usize, usize)> {
    doc.entities
        .iter()
        .filter(|e| e.suggested.is_some())
        .map(|e| (e.start, e.end))
        .collect()
}

#[test]
fn an_event_type_is_proposed_as_suggested_events_on_triggers() {
    use crate::review::propagate::{Target, add_proposals, find, planned_ids};
    let text = "The attack began. Another attack, and attacks.";
    let mut doc = empty(text);
    let first = doc.add_event("Conflict.Attack", 4, 10, "attack");
    let target = Target {
        event: true,
        kind: "Conflict.Attack".into(),
        surface: "attack".into(),
    };
    let found = find(text, &target.surface, &target.kind, &doc);
    let (ids, taken) = planned_ids(&doc, &target, found.len());
    assert_eq!(
        (ids.as_slice(), taken.as_slice()),
        (
            &["E2".to_owned()][..],
            &["E2".to_owned(), "T2".to_owned()][..]
        )
    );
    assert_eq!(add_proposals(&mut doc, &target, &found), ids);
    let made = doc.event("E2").unwrap();
    assert_eq!(
        (
            made.trigger.id.as_str(),
            made.trigger.start,
            made.trigger.end
        ),
        ("T2", 26, 32)
    );
    assert!(made.suggested.is_some() && made.arguments.is_empty());
    assert_eq!(doc.events.len(), 2);
    assert_ne!(first, "E2");
}
