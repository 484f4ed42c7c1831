use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::annotation::{Entity, Event, SourceInfo, Trigger};

fn doc_for(old: &str) -> Document {
    Document::new(
        SourceInfo::new("a.txt", "00".into(), "utf-8", old.chars().count()),
        None,
    )
}

/// Code point offsets of the `nth` (0-based) occurrence of `quote`.
fn at(text: &str, quote: &str, nth: usize) -> (usize, usize) {
    let src = SourceText::new(text.to_owned());
    let start = occurrences(&src, quote)[nth];
    (start, start + quote.chars().count())
}

fn entity(id: &str, text: &str, (start, end): (usize, usize)) -> Entity {
    Entity {
        id: id.into(),
        kind: "GPE".into(),
        start,
        end,
        text: text.into(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }
}

fn event(id: &str, trigger: &str, text: &str, (start, end): (usize, usize)) -> Event {
    Event {
        id: id.into(),
        kind: "Attack".into(),
        trigger: Trigger {
            id: trigger.into(),
            start,
            end,
            text: text.into(),
            extra: Map::new(),
        },
        arguments: Vec::new(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Map::new(),
    }
}

/// A document on `old` with an entity on each (quote, occurrence),
/// ids T1, T2, …
fn doc_with(old: &str, spans: &[(&str, usize)]) -> Document {
    let mut doc = doc_for(old);
    for (n, &(quote, nth)) in spans.iter().enumerate() {
        let id = format!("T{}", n + 1);
        doc.entities.push(entity(&id, quote, at(old, quote, nth)));
    }
    doc
}

fn span(doc: &Document, id: &str) -> (usize, usize) {
    doc.span_of(id).unwrap()
}

/// Every placed span reads its text; every orphan is flagged, keeps its
/// text and has offsets in range.
fn assert_sound(doc: &Document, text: &SourceText) {
    let len = text.len_chars();
    let entities = doc
        .entities
        .iter()
        .map(|e| (&e.id, e.start, e.end, &e.text, &e.extra));
    let triggers = doc.events.iter().map(|e| {
        let t = &e.trigger;
        (&t.id, t.start, t.end, &t.text, &t.extra)
    });
    for (id, start, end, stored, extra) in entities.chain(triggers) {
        assert!(
            start <= len && end <= len,
            "{id} at {start}..{end} of {len}"
        );
        if !is_orphan(extra) {
            assert!(start < end, "{id} empty at {start}..{end}");
            assert_eq!(text.slice(start, end), stored, "{id}");
        }
    }
    assert_eq!(doc.source.chars, len);
}

#[test]
fn a_prefix_moves_every_span_by_its_length() {
    let old = "Mosul fell to the army on Tuesday.";
    let mut doc = doc_with(old, &[("Mosul", 0), ("army", 0), ("Tuesday", 0)]);
    doc.events
        .push(event("E1", "T4", "fell", at(old, "fell", 0)));
    let new = SourceText::new(format!("UPDATE: {old}"));
    let out = reanchor(&mut doc, &new);
    assert_eq!(out.kept, 0);
    assert_eq!(out.moved.len(), 4);
    assert!(out.orphaned.is_empty());
    for m in &out.moved {
        assert_eq!(m.to, (m.from.0 + 8, m.from.1 + 8), "{}", m.id);
    }
    assert_eq!(span(&doc, "T1"), (8, 13));
    assert_eq!(span(&doc, "T4"), (14, 18));
    assert_sound(&doc, &new);
    assert_eq!(summary(&out), "0 kept, 4 moved, 0 orphaned");
}

#[test]
fn an_inserted_word_moves_only_later_spans() {
    let old = "Troops entered Mosul and Raqqa on Tuesday.";
    let mut doc = doc_with(
        old,
        &[("Troops", 0), ("Mosul", 0), ("Raqqa", 0), ("Tuesday", 0)],
    );
    let new_str = old.replace("and Raqqa", "and later Raqqa");
    let new = SourceText::new(new_str);
    let out = reanchor(&mut doc, &new);
    assert_eq!(out.kept, 2);
    let moved: Vec<&str> = out.moved.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(moved, ["T3", "T4"]);
    assert!(out.moved.iter().all(|m| m.to.0 == m.from.0 + 6));
    assert_eq!(span(&doc, "T1"), at(old, "Troops", 0));
    assert_eq!(summary(&out), "2 kept, 2 moved, 0 orphaned");
    assert_sound(&doc, &new);
}

#[test]
fn an_ambiguous_word_follows_the_shift() {
    let old = "Mosul fell. Troops entered Mosul. Then Mosul was rebuilt.";
    let mut doc = doc_with(old, &[("fell", 0), ("Mosul", 1), ("rebuilt", 0)]);
    let new = SourceText::new(format!("UPDATE: {old}"));
    let out = reanchor(&mut doc, &new);
    assert!(out.orphaned.is_empty(), "{out:?}");
    let want = at(&format!("UPDATE: {old}"), "Mosul", 1);
    assert_eq!(span(&doc, "T2"), want);
    assert_sound(&doc, &new);
}

#[test]
fn an_ambiguous_word_follows_its_neighbours_not_the_document() {
    // Everything moves by 8, and the end by 7 more: most spans (and so
    // the median) moved by 8, which from the second "Mosul" lands on the
    // first; its neighbours moved by 15, which lands on the right one.
    let old = "Alpha beta gamma delta. Then came the war. Zeta saw Mosul, Mosul fell.";
    let new_str = format!("UPDATE: {}", old.replace("Zeta", "Later, Zeta"));
    let mut doc = doc_with(
        old,
        &[
            ("Alpha", 0),
            ("beta", 0),
            ("gamma", 0),
            ("delta", 0),
            ("Zeta", 0),
            ("Mosul", 1),
            ("fell", 0),
        ],
    );
    let new = SourceText::new(new_str.clone());
    let out = reanchor(&mut doc, &new);
    assert!(out.orphaned.is_empty(), "{out:?}");
    let mosul = at(old, "Mosul", 1).0;
    assert_eq!(at(&new_str, "Mosul", 0).0, mosul + 8);
    assert_eq!(span(&doc, "T6"), at(&new_str, "Mosul", 1));
    assert_eq!(span(&doc, "T6").0, mosul + 15);
    assert_sound(&doc, &new);
}

#[test]
fn a_word_with_no_evidence_is_orphaned_as_ambiguous() {
    let old = "Mosul and Mosul";
    let mut doc = doc_with(old, &[("Mosul", 1)]);
    let new = SourceText::new("Mosul or Mosul or Mosul!".into());
    let out = reanchor(&mut doc, &new);
    assert_eq!(out.orphaned.len(), 1);
    assert_eq!(out.orphaned[0].why, "found 3 times");
    assert_eq!(out.orphaned[0].was, (10, 15));
    assert!(is_orphan(&doc.entities[0].extra));
    assert_sound(&doc, &new);
}

#[test]
fn a_deleted_word_orphans_its_span() {
    let old = "Troops entered Mosul and Raqqa on Tuesday, a long day in the war.";
    let mut doc = doc_with(old, &[("Troops", 0), ("Raqqa", 0), ("war", 0)]);
    let new_str = "Troops entered Mosul on Tuesday.";
    let new = SourceText::new(new_str.into());
    let out = reanchor(&mut doc, &new);
    assert_eq!(out.kept, 1);
    assert_eq!(out.orphaned.len(), 2);
    let raqqa = &out.orphaned[0];
    assert_eq!(raqqa.id, "T2");
    assert_eq!(raqqa.text, "Raqqa");
    assert_eq!(raqqa.why, "not found");
    assert_eq!(raqqa.was, at(old, "Raqqa", 0));
    let war = &doc.entities[2];
    assert_eq!(war.text, "war");
    assert!(is_orphan(&war.extra));
    assert_eq!((war.start, war.end), (32, 32));
    assert_eq!(summary(&out), "1 kept, 0 moved, 2 orphaned");
    assert_sound(&doc, &new);
    // Put back, the next run places it and lifts the flag.
    let back = SourceText::new(old.into());
    doc.entities[1].extra.insert("note_like".into(), json!(1));
    let out = reanchor(&mut doc, &back);
    assert_eq!(out.orphaned.len(), 0);
    assert!(doc.entities.iter().all(|e| !is_orphan(&e.extra)));
    assert_eq!(span(&doc, "T2"), at(old, "Raqqa", 0));
    assert_eq!(doc.entities[1].extra.get("note_like"), Some(&json!(1)));
    assert_sound(&doc, &back);
}

#[test]
fn a_shared_trigger_is_placed_once_for_every_event() {
    let old = "The bombing killed two and wounded ten.";
    let mut doc = doc_for(old);
    doc.entities.push(entity("T1", "two", at(old, "two", 0)));
    doc.events
        .push(event("E1", "T2", "bombing", at(old, "bombing", 0)));
    doc.events
        .push(event("E2", "T2", "bombing", at(old, "bombing", 0)));
    let new_str = format!("Yesterday: {old}");
    let new = SourceText::new(new_str.clone());
    let out = reanchor(&mut doc, &new);
    assert_eq!(out.moved.len(), 2);
    assert_eq!(out.moved.iter().filter(|m| m.id == "T2").count(), 1);
    let want = at(&new_str, "bombing", 0);
    for ev in &doc.events {
        assert_eq!((ev.trigger.start, ev.trigger.end), want);
    }
    assert_eq!(doc.events[0].trigger, doc.events[1].trigger);
    assert_sound(&doc, &new);
}

#[test]
fn an_orphaned_shared_trigger_is_flagged_in_every_event() {
    let old = "The bombing killed two.";
    let mut doc = doc_for(old);
    doc.events
        .push(event("E1", "T2", "bombing", at(old, "bombing", 0)));
    doc.events
        .push(event("E2", "T2", "bombing", at(old, "bombing", 0)));
    let new = SourceText::new("The raid killed two.".into());
    let out = reanchor(&mut doc, &new);
    assert_eq!(out.orphaned.len(), 1);
    assert!(doc.events.iter().all(|e| is_orphan(&e.trigger.extra)));
    assert_eq!(doc.events[0].trigger, doc.events[1].trigger);
    assert_sound(&doc, &new);
}

#[test]
fn fragments_move_with_their_span() {
    let old = "He picked the ball up quickly.";
    let mut doc = doc_for(old);
    let (start, end) = at(old, "picked the ball up", 0);
    let mut e = entity("T1", "picked the ball up", (start, end));
    e.extra.insert(
        "fragments".into(),
        json!([[start, start + 6], [end - 2, end]]),
    );
    doc.entities.push(e);
    let new = SourceText::new(format!("Then {old}"));
    let out = reanchor(&mut doc, &new);
    assert_eq!(out.moved.len(), 1);
    let e = &doc.entities[0];
    assert_eq!((e.start, e.end), (start + 5, end + 5));
    assert_eq!(
        e.extra["fragments"],
        json!([[start + 5, start + 11], [end + 3, end + 5]])
    );
    assert_eq!(new.slice(e.start, e.start + 6), "picked");
    assert_sound(&doc, &new);
}

#[test]
fn offsets_count_code_points_in_any_script() {
    let old = "Café 😀 in 北京\r\nnaïve 東京 🇫🇷 end";
    let quotes = ["Café", "😀", "北京", "\r\n", "naïve", "東京", "🇫🇷", "end"];
    let spans: Vec<(&str, usize)> = quotes.iter().map(|&q| (q, 0)).collect();
    let mut doc = doc_with(old, &spans);
    let new_str = old.replace("in 北京", "in 🎉 北京 (Beijing)");
    let new = SourceText::new(new_str.clone());
    let out = reanchor(&mut doc, &new);
    assert!(out.orphaned.is_empty(), "{out:?}");
    assert_eq!(out.kept, 2);
    assert_eq!(out.moved.len(), 6);
    for (n, q) in quotes.iter().enumerate() {
        assert_eq!(
            span(&doc, &format!("T{}", n + 1)),
            at(&new_str, q, 0),
            "{q}"
        );
    }
    // "🇫🇷" is two code points.
    let flag = span(&doc, "T7");
    assert_eq!(flag.1 - flag.0, 2);
    assert_sound(&doc, &new);
}

#[test]
fn broken_spans_do_not_panic() {
    let old = "abc abc abc";
    let mut doc = doc_for(old);
    doc.entities
        .push(entity("T1", "abc", (usize::MAX - 1, usize::MAX)));
    doc.entities.push(entity("T2", "abc", (7, 3)));
    doc.entities.push(entity("T3", "", (2, 2)));
    doc.entities.push(entity("T4", "", (5, 1)));
    doc.entities.push(entity("T5", "zzz", (0, 3)));
    let mut e = entity("T6", "abc", (4, 7));
    e.extra.insert("fragments".into(), json!("nonsense"));
    e.extra.insert(ORPHANED.into(), json!(true));
    doc.entities.push(e);
    let mut e = entity("T7", "bc a", (1, 5));
    e.extra.insert(
        "fragments".into(),
        json!([[1, 3], [-1, 5], [4, u64::MAX], [4]]),
    );
    doc.entities.push(e);
    doc.source.chars = usize::MAX;
    for new in ["", "x", "abc", "abc abc abc!", "é"] {
        let mut doc = doc.clone();
        let text = SourceText::new(new.into());
        let out = reanchor(&mut doc, &text);
        assert_eq!(out.kept + out.moved.len() + out.orphaned.len(), 7);
        assert_sound(&doc, &text);
    }
    let text = SourceText::new(old.into());
    let out = reanchor(&mut doc, &text);
    assert_eq!(out.kept, 2);
    assert!(!is_orphan(&doc.entities[5].extra));
    let orphans: Vec<(&str, &str)> = out
        .orphaned
        .iter()
        .map(|o| (o.id.as_str(), o.why.as_str()))
        .collect();
    assert!(orphans.contains(&("T3", "empty text")));
    assert!(orphans.contains(&("T5", "not found")));
    assert!(orphans.contains(&("T1", "found 3 times")));
    assert_sound(&doc, &text);
}

#[test]
fn an_unchanged_text_keeps_everything() {
    let old = "one two three two one";
    let mut doc = doc_with(old, &[("one", 0), ("two", 1), ("one", 1)]);
    let before = doc.clone();
    let out = reanchor(&mut doc, &SourceText::new(old.into()));
    assert_eq!(out.kept, 3);
    assert_eq!(doc, before);
}

const ALPHABET: &[char] = &['a', 'b', ' ', 'é', '😀', '中', '\r', '\n'];

fn text_strategy(max: usize) -> impl Strategy<Value = Vec<char>> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max)
}

/// A document on `old` with entities on the given raw ranges (taken
/// modulo the text), some with fragments, and a shared trigger.
fn random_doc(old: &[char], ranges: &[(usize, usize)]) -> Document {
    let s: String = old.iter().collect();
    let mut doc = doc_for(&s);
    let n = old.len();
    if n == 0 {
        return doc;
    }
    for (k, &(a, b)) in ranges.iter().enumerate() {
        let start = a % n;
        let end = start + 1 + b % (n - start).min(6);
        let text: String = old[start..end].iter().collect();
        if k % 5 == 4 {
            let t = format!("T{}", k + 1);
            doc.events
                .push(event(&format!("E{k}a"), &t, &text, (start, end)));
            doc.events
                .push(event(&format!("E{k}b"), &t, &text, (start, end)));
            continue;
        }
        let mut e = entity(&format!("T{}", k + 1), &text, (start, end));
        if k % 3 == 0 && end - start >= 2 {
            e.extra.insert(
                "fragments".into(),
                json!([[start, start + 1], [end - 1, end]]),
            );
        }
        doc.entities.push(e);
    }
    doc
}

fn units_of(doc: &Document) -> usize {
    let triggers: std::collections::HashSet<&str> =
        doc.events.iter().map(|e| e.trigger.id.as_str()).collect();
    doc.entities.len() + triggers.len()
}

proptest! {
    #[test]
    fn random_edits_never_break_a_placed_span(
        old in text_strategy(60),
        ranges in prop::collection::vec((0usize..1000, 0usize..1000), 0..12),
        edits in prop::collection::vec(
            (0usize..1000, 0usize..4, text_strategy(5)), 0..4),
    ) {
        let mut doc = random_doc(&old, &ranges);
        let mut new = old.clone();
        for (at, del, ins) in edits {
            let at = at % (new.len() + 1);
            let del = del.min(new.len() - at);
            new.splice(at..at + del, ins);
        }
        let new_text = SourceText::new(new.iter().collect());
        let units = units_of(&doc);
        let out = reanchor(&mut doc, &new_text);
        prop_assert_eq!(out.kept + out.moved.len() + out.orphaned.len(), units);
        assert_sound(&doc, &new_text);
        for e in &doc.entities {
            if let Some(f) = e.extra.get("fragments").filter(|_| !is_orphan(&e.extra)) {
                prop_assert_eq!(f[0][0].as_u64(), Some(e.start as u64));
                prop_assert_eq!(f[1][1].as_u64(), Some(e.end as u64));
            }
        }
        for ev in &doc.events {
            let same = doc.events.iter().filter(|o| o.trigger.id == ev.trigger.id);
            for other in same {
                prop_assert_eq!(&other.trigger, &ev.trigger);
            }
        }
    }

    #[test]
    fn a_prefix_places_every_span(
        old in text_strategy(60),
        ranges in prop::collection::vec((0usize..1000, 0usize..1000), 0..12),
        prefix in text_strategy(8),
    ) {
        let mut doc = random_doc(&old, &ranges);
        let before = doc.clone();
        let p = prefix.len();
        let new: String = prefix.iter().chain(&old).collect();
        let new_text = SourceText::new(new);
        let out = reanchor(&mut doc, &new_text);
        prop_assert!(out.orphaned.is_empty(), "{:?}", out);
        assert_sound(&doc, &new_text);
        let pairs = before.entities.iter().zip(&doc.entities);
        for (was, now) in pairs {
            // Moved by the prefix, or (when the text happens to repeat)
            // still reading at its old place.
            prop_assert!(
                now.start == was.start + p || now.start == was.start,
                "{} from {} to {}", now.id, was.start, now.start
            );
        }
        for m in &out.moved {
            prop_assert_eq!(m.to, (m.from.0 + p, m.from.1 + p));
        }
    }
}
