//! End-to-end: editing what is already there in the real binary — `T`
//! retypes in place, `s` moves a span's edges, a count before `]` moves
//! that many articles — checked in the files on disk.

#[allow(dead_code)]
mod common;

use common::{Corpus, DEADLINE, ENTER, FIRST, SECOND, THIRD, Tui, wait_until};
use serde_json::{Value, json};

fn entities(corpus: &Corpus, article: &str) -> Option<Vec<Value>> {
    corpus
        .annotations(article)
        .map(|doc| doc["entities"].as_array().expect("a list").clone())
}

fn wait_for_entities(corpus: &Corpus, article: &str, expected: &[Value]) {
    let reached = wait_until(DEADLINE, || {
        (entities(corpus, article).as_deref() == Some(expected)).then_some(())
    });
    assert!(
        reached.is_some(),
        "the entities of {article} on disk are {:?}, expected {expected:?}",
        entities(corpus, article)
    );
}

fn wait_for_status(tui: &Tui, text: &str) {
    wait_until(DEADLINE, || tui.status_line().contains(text).then_some(()))
        .unwrap_or_else(|| panic!("the status line did not show {text:?}:\n{}", tui.screen()));
}

#[test]
fn retype_edges_and_counted_article_moves_edit_in_place() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces");
    tui.send(ENTER);
    tui.send("t");
    tui.wait_for("Tag “Kestova” as");
    tui.send("GPE");
    tui.send(ENTER);
    wait_for_status(&tui, "as GPE (T1)");

    tui.send("T");
    tui.wait_for("Retype T1 (GPE) as");
    tui.send("ORG");
    tui.send(ENTER);
    wait_for_status(&tui, "T1 is now ORG");
    let retyped = json!({"id": "T1", "type": "ORG", "start": 0, "end": 7, "text": "Kestova"});
    wait_for_entities(&corpus, FIRST, &[retyped]);

    tui.send("s");
    wait_for_status(&tui, "edges of T1");
    tui.send("E");
    tui.send(ENTER);
    wait_for_status(&tui, "T1 now spans");
    let moved = json!({"id": "T1", "type": "ORG", "start": 0, "end": 14, "text": "Kestova forces"});
    wait_for_entities(&corpus, FIRST, &[moved]);

    tui.send("2]");
    tui.wait_for("Vote count delayed");
    tui.send("t");
    tui.wait_for("Tag “Vote” as");
    tui.send("ORG");
    tui.send(ENTER);
    let vote = json!({"id": "T1", "type": "ORG", "start": 0, "end": 4, "text": "Vote"});
    wait_for_entities(&corpus, THIRD, &[vote]);
    assert!(
        corpus.annotations(SECOND).is_none(),
        "2] passed over the second article"
    );
    tui.send("q");
}
