//! Pickers and checklists fit: names never cut inside a word beside their
//! code, role checklists aligned however long a role.

use super::*;
use crate::tui::mode::picker::fit_words;

#[test]
fn fit_words_keeps_whole_words_or_none() {
    assert_eq!(fit_words("Transfer-Ownership", 30), "Transfer-Ownership");
    assert_eq!(fit_words("Transfer-Ownership", 10), "…");
    assert_eq!(fit_words("Geo-political entity", 16), "Geo-political…");
    assert_eq!(fit_words("anything", 0), "");
}

#[test]
fn a_long_event_type_is_not_cut_mid_word_beside_its_code() {
    let mut f = fixture(&[("1.txt", ATTACK)], &[], (100, 30), false);
    f.app.update(Msg::Action(Action::Open));
    f.app.update(Msg::Action(Action::Event));
    for c in "Transfer-Own".chars() {
        f.app.update(Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        )));
    }
    let s = screen(&draw(&f.app));
    let line = s
        .lines()
        .find(|l| l.contains("Transaction.Transfer-Ownership"))
        .unwrap_or_else(|| panic!("{s}"));
    let after = line.split("Transaction.Transfer-Ownership").nth(1).unwrap();
    let label = after.trim_start().split(['│', ' ']).next().unwrap();
    assert!(
        label == "Transfer-Ownership" || label == "…",
        "cut label {label:?} in {line:?}"
    );
}

#[test]
fn the_role_checklist_aligns_past_long_role_names() {
    let text = "Kestova sold the port to Dalen for Marren.\n";
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 43}, "annotator": null, "status": "in_progress", "note": "",
    "entities": [{"id": "T1", "type": "GPE", "start": 0, "end": 7, "text": "Kestova"}, {"id": "T3", "type": "GPE", "start": 35, "end": 41, "text": "Marren"}],
    "events": [{"id": "E1", "type": "Transaction.Transfer-Ownership", "trigger": {"id": "T2", "start": 8, "end": 12, "text": "sold"}, "arguments": [{"role": "Seller", "ref": "T1"}, {"role": "Beneficiary", "ref": "T3"}]}],
    "relations": []}"#;
    let mut f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", json)],
        (100, 30),
        false,
    );
    f.app.update(Msg::Action(Action::Open));
    f.app.update(Msg::Action(Action::WordNext));
    f.app.settle();
    let s = screen(&draw(&f.app));
    let col = |role: &str| {
        let line = s
            .lines()
            .find(|l| l.contains(role))
            .unwrap_or_else(|| panic!("{s}"));
        let at = line.find(role).unwrap();
        line[at..]
            .find(['✓', '–'])
            .map(|k| line[..at + k].chars().count())
    };
    assert!(
        s.contains("3 Beneficiary ✓"),
        "a space after the longest role: {s}"
    );
    assert_eq!(col("2 Seller"), col("3 Beneficiary"), "{s}");
    assert_eq!(col("1 Buyer"), col("3 Beneficiary"), "{s}");
}
