//! Editing what is already there: retyping, span edges, counts, and
//! selections that end on text.

use super::*;

fn spans(f: &Fixture) -> Vec<(String, String, usize, usize, String)> {
    f.doc()
        .entities
        .iter()
        .map(|e| (e.id.clone(), e.kind.clone(), e.start, e.end, e.text.clone()))
        .collect()
}

#[test]
fn a_selection_leaves_its_trailing_whitespace_untagged() {
    let mut f = fixture();
    // "Kestova " : v and seven steps right end on the space.
    f.keys("\rvlllllll");
    f.keys("tORG\r");
    assert_eq!(spans(&f)[0].4, "Kestova");
}

#[test]
fn a_selection_leaves_its_leading_whitespace_untagged() {
    let mut f = fixture();
    // " floods " from the space before "floods" to the one after it.
    f.keys("\rlllllllvlllllll");
    f.keys("tORG\r");
    assert_eq!((spans(&f)[0].2, spans(&f)[0].4.as_str()), (8, "floods"));
}

#[test]
fn a_selection_of_whitespace_alone_tags_nothing() {
    let mut f = fixture();
    f.keys("\rlllllllv");
    f.keys("t");
    assert!(matches!(f.app.mode, Mode::Normal), "no picker opens");
    assert!(f.doc().entities.is_empty());
}

const ATTACK: &str = "Rebel forces attacked Dalen on Tuesday.\n\nThe army said nothing.\n";

/// T1 ORG "Rebel", E1 Conflict.Attack on "attacked" (trigger T2) with
/// Attacker T1 and Place T3 GPE "Dalen"; the event no longer being built.
fn attack() -> Fixture {
    let mut f = fixture_of(&[ATTACK], None);
    f.keys("\rtORG\r/attacked\reAttack\r1");
    let label = f
        .app
        .hints()
        .unwrap()
        .iter()
        .find(|h| h.id == "T1")
        .unwrap()
        .label
        .clone();
    f.keys(&label);
    f.keys("/Dalen\r5\rGPE\r\x1b");
    assert_eq!(args(&f), [("Attacker", "T1"), ("Place", "T3")]);
    f
}

fn args(f: &Fixture) -> Vec<(&str, &str)> {
    f.doc().events[0]
        .arguments
        .iter()
        .map(|a| (a.role.as_str(), a.target.as_str()))
        .collect()
}

#[test]
fn t_retypes_an_entity_in_place_keeping_its_links() {
    let mut f = attack();
    f.keys("gTPER\r");
    let t1: Vec<_> = spans(&f).into_iter().filter(|s| s.2 == 0).collect();
    assert_eq!(t1, [("T1".into(), "PER".into(), 0, 5, "Rebel".into())]);
    assert_eq!(args(&f), [("Attacker", "T1"), ("Place", "T3")]);
    f.keys("u");
    assert_eq!(spans(&f)[0].1, "ORG", "u gives the old type back");
}

#[test]
fn t_to_a_type_a_role_refuses_keeps_the_argument_and_names_the_problem() {
    let mut f = attack();
    f.keys("gTTIME\r");
    assert_eq!(spans(&f)[0].1, "TIME");
    assert_eq!(args(&f), [("Attacker", "T1"), ("Place", "T3")]);
    assert!(f.message().contains("E1 Attacker"), "{}", f.message());
    assert!(
        f.app
            .article()
            .unwrap()
            .problems
            .iter()
            .any(|p| p.message.contains("Attacker")),
        "the schema is checked again at once"
    );
}

#[test]
fn t_on_a_trigger_changes_the_event_type_and_u_restores_dropped_roles() {
    let mut f = attack();
    f.keys("/attacked\rTDemonstrate\r");
    let ev = &f.doc().events[0];
    assert_eq!(
        (ev.id.as_str(), ev.kind.as_str()),
        ("E1", "Conflict.Demonstrate")
    );
    assert_eq!(ev.trigger.id, "T2");
    assert_eq!(args(&f), [("Place", "T3")]);
    assert!(f.message().contains("Attacker T1"), "{}", f.message());
    f.keys("u");
    assert_eq!(f.doc().events[0].kind, "Conflict.Attack");
    assert_eq!(args(&f), [("Attacker", "T1"), ("Place", "T3")]);
}

#[test]
fn s_moves_a_spans_end_then_o_its_start_keeping_id_and_links() {
    let mut f = attack();
    f.keys("/Dalen\rs");
    assert!(matches!(f.app.mode, Mode::Span(_)));
    f.keys("E\r");
    let t3 = spans(&f).into_iter().find(|s| s.0 == "T3").unwrap();
    assert_eq!((t3.1.as_str(), t3.4.as_str()), ("GPE", "Dalen on"));
    f.keys("sob\r");
    let t3 = spans(&f).into_iter().find(|s| s.0 == "T3").unwrap();
    assert_eq!(t3.4, "attacked Dalen on");
    assert_eq!(args(&f), [("Attacker", "T1"), ("Place", "T3")]);
    f.keys("u");
    let t3 = spans(&f).into_iter().find(|s| s.0 == "T3").unwrap();
    assert_eq!(t3.4, "Dalen on", "u puts the edges back");
}

#[test]
fn s_then_esc_leaves_the_span_and_the_cursor_as_they_were() {
    let mut f = attack();
    f.keys("/Dalen\r");
    let cursor = f.cursor();
    f.keys("sEE\x1b");
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(
        spans(&f).into_iter().find(|s| s.0 == "T3").unwrap().4,
        "Dalen"
    );
    assert_eq!((f.cursor(), f.app.view().unwrap().anchor), (cursor, None));
}

#[test]
fn s_on_a_trigger_moves_the_trigger() {
    let mut f = attack();
    f.keys("/attacked\rsE\r");
    let ev = &f.doc().events[0];
    assert_eq!(
        (ev.trigger.id.as_str(), ev.trigger.text.as_str()),
        ("T2", "attacked Dalen")
    );
    assert_eq!(ev.kind, "Conflict.Attack");
}

#[test]
fn o_switches_the_ends_of_a_selection() {
    let mut f = fixture();
    f.keys("\rwvEob");
    assert_eq!(f.cursor(), 0);
    f.keys("tORG\r");
    assert_eq!(spans(&f)[0].4, "Kestova floods");
}

#[test]
fn a_count_repeats_a_motion() {
    let mut f = fixture();
    f.keys("\r3w");
    assert_eq!(f.cursor(), 23, "the fourth word, Helicopters");
    f.keys("2b");
    assert_eq!(f.cursor(), 8);
    f.keys("g10l");
    assert_eq!(f.cursor(), 10, "0 after a digit is part of the count");
}

#[test]
fn a_count_extends_a_selection() {
    let mut f = fixture();
    f.keys("\rv2EtORG\r");
    assert_eq!(spans(&f)[0].4, "Kestova floods");
}

#[test]
fn a_count_before_a_bracket_moves_that_many_articles() {
    let mut f = fixture_of(&[FIRST, SECOND, "Third\n\nThe end.\n"], None);
    f.keys("\r2]");
    assert_eq!(f.app.selected, 2);
    f.keys("2[");
    assert_eq!(f.app.selected, 0);
}

#[test]
fn digits_still_fill_roles_while_an_event_is_built() {
    let mut f = fixture_of(&[ATTACK], None);
    f.keys("\r/attacked\reAttack\r1");
    assert!(matches!(f.app.mode, Mode::Hint(_)), "1 fills role 1");
    assert_eq!(f.app.count, None);
}

#[test]
fn t_on_a_relation_offers_the_types_its_ends_allow() {
    let mut f = attack();
    // T3 "Dalen" (GPE) → T1 "Rebel" (ORG): ORG-AFF is not allowed from a GPE to an ORG.
    f.keys("/Dalen\rr");
    let label = f
        .app
        .hints()
        .unwrap()
        .iter()
        .find(|h| h.id == "T1")
        .unwrap()
        .label
        .clone();
    f.keys(&label);
    let first = f.app.picker().unwrap().choices[0].code.clone();
    f.keys("\r");
    assert_eq!(f.doc().relations[0].kind, first);
    f.keys("/Dalen\rT");
    // Dalen: its entity, then its relation, in the picker of annotations.
    f.keys(&first);
    f.keys("\r");
    let offered: Vec<String> = f
        .app
        .picker()
        .unwrap()
        .choices
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let allowed: Vec<String> = f
        .app
        .schema
        .relations_between(
            (crate::schema::Kind::Entity, "GPE"),
            (crate::schema::Kind::Entity, "ORG"),
        )
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(offered, allowed);
    assert!(f.app.picker().unwrap().title.starts_with("Retype R1"));
}

#[test]
fn a_count_moves_that_many_rows_in_the_list() {
    let mut f = fixture_of(&[FIRST, SECOND, "Third\n\nThe end.\n"], None);
    f.keys("2j");
    assert_eq!(f.app.selected, 2);
}
