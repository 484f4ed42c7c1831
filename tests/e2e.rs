//! End-to-end: the real binary in a 100×30 pseudo-terminal, driven by keys,
//! with its screen read through vt100 and its files checked on disk.

mod common;

use std::fs;
use std::time::Duration;

use common::{CTRL_R, Corpus, DEADLINE, ENTER, FIRST, SECOND, TAB, THIRD, Tui, wait_until};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const TAGGED: &str = "tagged “Kestova” as GPE (T1)";

/// Opens the first article and tags its first word as GPE.
fn tag_first_word(tui: &mut Tui) {
    tui.wait_for("Kestova forces");
    tui.send(ENTER);
    tui.send("t");
    tui.wait_for("Tag “Kestova” as");
    tui.send("GPE");
    tui.send(ENTER);
    tui.wait_for(TAGGED);
}

fn kestova() -> Value {
    json!({"id": "T1", "type": "GPE", "start": 0, "end": 7, "text": "Kestova"})
}

/// The entities of an article's sidecar, or None when it has no sidecar.
fn entities(corpus: &Corpus, article: &str) -> Option<Vec<Value>> {
    corpus.annotations(article).map(|doc| {
        doc["entities"]
            .as_array()
            .expect("entities is a list")
            .clone()
    })
}

/// Waits until the article's entities on disk are `expected`.
fn wait_for_entities(corpus: &Corpus, article: &str, expected: &[Value]) {
    let reached = wait_until(DEADLINE, || {
        (entities(corpus, article).as_deref() == Some(expected)).then_some(())
    });
    assert!(
        reached.is_some(),
        "the entities of {article} on disk are {:?}, expected {expected:?} within {DEADLINE:?}",
        entities(corpus, article)
    );
}

/// Waits until the status line contains `text`.
fn wait_for_status(tui: &Tui, text: &str) {
    wait_until(DEADLINE, || tui.status_line().contains(text).then_some(())).unwrap_or_else(|| {
        panic!(
            "the status line did not show {text:?} within {DEADLINE:?}:\n{}",
            tui.screen()
        )
    });
}

#[test]
fn tagging_the_first_word_saves_it_and_nothing_else() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tag_first_word(&mut tui);
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");

    let doc = corpus
        .annotations(FIRST)
        .expect("the first article has a sidecar");
    assert_eq!(doc["format"], "gloss");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["entities"], json!([kestova()]));
    assert_eq!(doc["events"], json!([]));
    assert_eq!(doc["relations"], json!([]));
    assert_eq!(doc["status"], "in_progress");
    let source = fs::read(corpus.dir.join(FIRST)).unwrap();
    let sha: String = Sha256::digest(&source)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(doc["source"]["file"], FIRST);
    assert_eq!(doc["source"]["sha256"], sha.as_str());
    assert_eq!(
        doc["source"]["chars"],
        std::str::from_utf8(&source).unwrap().chars().count()
    );
    for other in [SECOND, THIRD] {
        assert!(
            !corpus.sidecar(other).exists(),
            "{other} was not edited but has a sidecar"
        );
    }
}

#[test]
fn hanging_up_exits_promptly_with_the_edit_on_disk() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tag_first_word(&mut tui);
    // No pause: the edit may still be waiting for its autosave.
    let hung_up = tui.hang_up();
    let limit = Duration::from_secs(3);
    let status = tui.wait_exit(limit.saturating_sub(hung_up.elapsed()));
    let took = hung_up.elapsed();
    eprintln!("gloss exited at most {took:?} after the hang-up");
    assert!(
        took < limit,
        "gloss took {took:?} to exit after the hang-up"
    );
    assert_eq!(
        (status.exit_code(), status.signal()),
        (128 + 1, None),
        "gloss leaves through its hang-up path (exit 128 + SIGHUP), got {status:?}"
    );
    assert_eq!(entities(&corpus, FIRST), Some(vec![kestova()]));
}

#[test]
fn browsing_creates_and_changes_no_files() {
    let corpus = Corpus::new();
    let before = corpus.snapshot();
    assert_eq!(before.len(), 3);
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces");
    tui.send("j");
    tui.wait_for("Articles 2/3");
    tui.send(ENTER);
    tui.wait_for("Dock workers");
    tui.send("jjjj");
    tui.wait_for("row 5/");
    tui.send(TAB);
    tui.send(TAB);
    tui.send("/cranes");
    tui.wait_for("/cranes");
    tui.send(ENTER);
    // The match is above the cursor, so the search went round.
    tui.wait_for("search wrapped around");
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
    let after = corpus.snapshot();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "browsing added or removed files"
    );
    assert!(before == after, "browsing changed a file");
}

#[test]
fn a_broken_sidecar_is_read_only_and_left_byte_for_byte() {
    let corpus = Corpus::new();
    let broken = b"{\"format\": \"gloss\", \"version\": 1, \"entities\": [ {broken";
    fs::write(corpus.sidecar(FIRST), broken).unwrap();
    let before = corpus.snapshot();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces");
    // Opening says so in the status line, and the pane title keeps saying it.
    let opened = tui.wait_for("read-only");
    assert!(opened.contains("01_kestova.txt [read-only]"), "{opened}");
    wait_for_status(&tui, "read-only: 01_kestova.txt.ann.json");
    // Clear the message from opening, so the next one comes from tagging.
    tui.send("\x1b");
    wait_until(DEADLINE, || {
        (!tui.status_line().contains("read-only")).then_some(())
    })
    .unwrap_or_else(|| panic!("Esc did not clear the message:\n{}", tui.screen()));
    tui.send(ENTER);
    tui.send("t");
    wait_for_status(&tui, "read-only: 01_kestova.txt.ann.json");
    assert!(
        !tui.screen().contains("Tag “Kestova” as"),
        "a type picker opened on a read-only article"
    );
    tui.send("GPE");
    tui.send(ENTER);
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
    assert_eq!(fs::read(corpus.sidecar(FIRST)).unwrap(), broken);
    assert!(
        before == corpus.snapshot(),
        "a file in the corpus was created or changed"
    );
}

#[test]
fn undo_and_redo_reach_the_disk() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tag_first_word(&mut tui);
    wait_for_entities(&corpus, FIRST, &[kestova()]);
    tui.send("u");
    tui.wait_for("undone");
    wait_for_entities(&corpus, FIRST, &[]);
    tui.send(CTRL_R);
    tui.wait_for("redone");
    wait_for_entities(&corpus, FIRST, &[kestova()]);
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
    assert_eq!(entities(&corpus, FIRST), Some(vec![kestova()]));
}
