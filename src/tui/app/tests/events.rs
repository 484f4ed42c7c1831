//! Events, their arguments and roles, attributes, problems, suggestions.

use super::*;
use crate::tui::mode::HintsMode;

const ATTACK: &str = "Rebel forces attacked Dalen on Tuesday.\n\nThe army said nothing.\n";

fn attack_fixture() -> Fixture {
    fixture_of(&[ATTACK], None)
}

fn hint_for(f: &Fixture, text: &str) -> String {
    let Some(hints) = f.app.hints() else {
        panic!("not in hint mode: {:?}", f.app.mode);
    };
    let doc = f.doc();
    hints
        .iter()
        .find(|h| {
            let (s, e) = doc.span_of(&h.id).unwrap();
            ATTACK.chars().skip(s).take(e - s).collect::<String>() == text
        })
        .unwrap_or_else(|| panic!("no hint for {text}: {hints:?}"))
        .label
        .clone()
}

#[test]
fn an_attack_with_two_arguments_is_built_from_keys_alone() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r");
    f.keys("/attacked\reAttack\r");
    let ev = &f.doc().events[0];
    assert_eq!(
        (ev.id.as_str(), ev.kind.as_str(), ev.trigger.text.as_str()),
        ("E1", "Conflict.Attack", "attacked")
    );
    assert_eq!(ev.trigger.id, "T2", "triggers share the T series");
    assert_eq!(f.app.view().unwrap().event.as_deref(), Some("E1"));
    // 1 = Attacker: hint letters over what the role accepts.
    f.keys("1");
    let label = hint_for(&f, "Rebel");
    f.keys(&label);
    assert!(matches!(f.app.mode, Mode::Normal));
    // 5 = Place, not tagged yet: Enter tags the word under the cursor.
    f.keys("/Dalen\r5\r");
    let Some(picker) = f.app.picker() else {
        panic!("a picker of the allowed types opens");
    };
    let codes: Vec<_> = picker.choices.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["GPE", "LOC", "FAC"]);
    let saved = f.keys("GPE\r");
    let doc = store::parse(&saved.last().unwrap().1).unwrap();
    let dalen = doc.entities.iter().find(|e| e.text == "Dalen").unwrap();
    assert_eq!(dalen.kind, "GPE");
    let args: Vec<(&str, &str)> = doc.events[0]
        .arguments
        .iter()
        .map(|a| (a.role.as_str(), a.target.as_str()))
        .collect();
    assert_eq!(args, [("Attacker", "T1"), ("Place", dalen.id.as_str())]);
    assert!(f.app.article().unwrap().problems.is_empty());
}

#[test]
fn hints_offer_only_what_the_role_accepts() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r/Dalen\rtGPE\r/Tuesday\rtTIME\r");
    f.keys("/attacked\reAttack\r4");
    let Some(hints) = f.app.hints() else {
        panic!("hint mode");
    };
    assert_eq!(hints.len(), 1, "only the TIME is a Time: {hints:?}");
    f.keys("\x1b5");
    let Some(hints) = f.app.hints() else {
        panic!("hint mode");
    };
    assert_eq!(hints.len(), 1, "only Dalen is a Place: {hints:?}");
    f.keys("q");
    assert!(
        matches!(f.app.mode, Mode::Hint(HintsMode { .. })),
        "a wrong letter does not quit"
    );
    assert!(f.app.message.as_ref().unwrap().text.contains("no hint"));
}

#[test]
fn arguments_can_be_removed_and_given_another_role() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r/attacked\reAttack\r1a");
    assert_eq!(f.doc().events[0].arguments[0].role, "Attacker");
    f.keys("R");
    let Some(picker) = f.app.picker() else {
        panic!("which argument");
    };
    assert_eq!(picker.choices.len(), 1);
    f.keys("\r");
    let Some(picker) = f.app.picker() else {
        panic!("which role");
    };
    let roles: Vec<_> = picker.choices.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(roles, ["Target"], "only roles that take an ORG");
    f.keys("\r");
    assert_eq!(f.doc().events[0].arguments[0].role, "Target");
    f.keys("X\r");
    assert!(f.doc().events[0].arguments.is_empty());
    f.keys("u");
    assert_eq!(f.doc().events[0].arguments.len(), 1);
}

#[test]
fn deleting_a_filler_takes_its_links_along_and_undo_brings_all_back() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r/Dalen\rtGPE\r/attacked\reAttack\r1a\x1b");
    f.keys("gr");
    let label = hint_for(&f, "Dalen");
    f.keys(&label);
    let Some(picker) = f.app.picker() else {
        panic!("relation types");
    };
    let types: Vec<_> = picker.choices.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        types,
        ["PART-WHOLE", "ORG-AFF", "GEN-AFF"],
        "only types allowed for ORG → GPE"
    );
    f.keys("GEN\r");
    assert_eq!(f.doc().relations[0].kind, "GEN-AFF");
    let before = f.doc().clone();
    f.keys("gd");
    let Some(picker) = f.app.picker() else {
        panic!("the entity and its relation are both under the cursor");
    };
    assert_eq!(picker.choices.len(), 2);
    f.keys("ORG\r");
    assert!(f.doc().entities.iter().all(|e| e.text != "Rebel"));
    assert!(f.doc().relations.is_empty() && f.doc().events[0].arguments.is_empty());
    let said = &f.app.message.as_ref().unwrap().text;
    assert!(
        said.contains("E1 Attacker") && said.contains("R1 GEN-AFF"),
        "{said}"
    );
    f.keys("u");
    assert_eq!(
        *f.doc(),
        before,
        "one undo restores the entity and its links"
    );
}

#[test]
fn attributes_are_set_and_cleared_from_a_picker() {
    let mut f = attack_fixture();
    f.keys("\r/attacked\reAttack\r\x1bA");
    f.keys("Negative\r");
    let attrs = f.doc().events[0].attributes.clone().unwrap();
    assert_eq!(attrs["Polarity"], "Negative");
    f.keys("ANegative\r");
    assert_eq!(
        f.doc().events[0].attributes,
        None,
        "picking the set value clears it"
    );
    f.keys("gA");
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("no annotation")
    );
}

#[test]
fn problems_are_counted_live_and_bang_jumps_to_them() {
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}, "annotator": null, "status": "in_progress", "note": "",
        "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel"}],
        "events": [{"id": "E1", "type": "Conflict.Attack", "trigger": {"id": "T2", "start": 13, "end": 21, "text": "attacked"}, "arguments": [{"role": "Place", "ref": "T1"}]}],
        "relations": []}"#;
    let mut f = fixture_of(&[ATTACK], Some(json));
    assert_eq!(f.app.article().unwrap().problems.len(), 1);
    f.keys("\r!");
    assert_eq!(f.cursor(), 13, "on the trigger of the event at fault");
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("Place cannot take T1 (ORG)")
    );
    f.keys("X\r");
    assert!(
        f.app.article().unwrap().problems.is_empty(),
        "fixing it clears the count"
    );
}

#[test]
fn suggestions_are_accepted_with_y_and_rejected_with_x() {
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}, "annotator": null, "status": "in_progress", "note": "",
        "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel", "suggested": {"source": "model"}},
                     {"id": "T2", "type": "GPE", "start": 22, "end": 27, "text": "Dalen", "suggested": {"source": "model"}}],
        "events": [], "relations": []}"#;
    let mut f = fixture_of(&[ATTACK], Some(json));
    f.keys("\ry");
    assert_eq!(f.doc().entities[0].suggested, None, "accepted");
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("1 suggestion(s) left")
    );
    f.keys("y");
    assert!(
        f.app.message.as_ref().unwrap().error,
        "nothing left to accept here"
    );
    let saved = f.keys("/Dalen\rx");
    assert_eq!(f.doc().entities.len(), 1, "rejected means removed");
    assert_eq!(store::parse(&saved[0].1).unwrap().entities.len(), 1);
    f.keys("u");
    assert_eq!(f.doc().entities.len(), 2);
}

#[test]
fn done_with_suggestions_pending_or_problems_asks_once_first() {
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}, "annotator": null, "status": "in_progress", "note": "",
        "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel", "suggested": {"source": "model"}},
                     {"id": "T2", "type": "GPE", "start": 22, "end": 27, "text": "Dalen", "suggested": {"source": "model"}},
                     {"id": "T3", "type": "BOGUS", "start": 6, "end": 12, "text": "forces"}],
        "events": [], "relations": []}"#;
    let mut f = fixture_of(&[ATTACK], Some(json));
    let message = |f: &Fixture| f.app.message.as_ref().map(|m| m.text.clone());
    let saved = f.keys("\rmdone\r");
    assert!(saved.is_empty(), "nothing set before the answer");
    assert!(matches!(f.app.mode, Mode::Confirm(_)));
    assert_eq!(f.doc().status, Status::InProgress);
    let asked = message(&f).unwrap();
    assert!(
        asked.starts_with(
            "2 pending suggestions and 1 problem left: mark it done all the same? enter yes · esc no"
        ),
        "{asked}"
    );
    // Another key leaves the question as it is; Esc keeps the status.
    assert!(f.keys("j").is_empty());
    assert!(matches!(f.app.mode, Mode::Confirm(_)));
    assert!(f.keys("\x1b").is_empty());
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(f.doc().status, Status::InProgress);
    assert_eq!(message(&f).as_deref(), Some("status kept: in progress"));
    // Enter confirms: done, and saved.
    let saved = f.keys("mdone\r\r");
    assert_eq!(f.doc().status, Status::Done);
    assert_eq!(store::parse(&saved[0].1).unwrap().status, Status::Done);
    // Back to in progress needs no question.
    f.keys("min\r");
    assert_eq!(f.doc().status, Status::InProgress);
}

#[test]
fn done_with_nothing_pending_is_set_at_once() {
    let mut f = fixture();
    f.keys("\rmdone\r");
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(f.doc().status, Status::Done);
}
