//! Hostile and big annotation files, end to end: an annotation file with a
//! key twice is refused by `validate` and never rewritten by the terminal
//! view, while the next article still takes edits. (Speed and memory on a
//! million annotations and a 50 MB note are measured in `cargo bench`,
//! not asserted here.)

#[allow(dead_code)]
mod common;

use std::fs;
use std::process::Command;

use common::{Corpus, DEADLINE, ENTER, FIRST, SECOND};

/// The first article's annotation file with `"entities"` twice: the first
/// list tags "Kestova", the second (which JSON readers keep) is empty.
fn duplicate_entities() -> String {
    format!(
        r#"{{
  "format": "gloss",
  "version": 1,
  "source": {{"file": "{FIRST}", "sha256": "0", "encoding": "utf-8", "chars": 0}},
  "annotator": null,
  "status": "in_progress",
  "note": "",
  "entities": [
    {{"id": "T1", "type": "GPE", "start": 0, "end": 7, "text": "Kestova"}}
  ],
  "events": [],
  "relations": [],
  "entities": []
}}
"#
    )
}

#[test]
fn validate_refuses_a_key_twice_naming_the_file() {
    let corpus = Corpus::new();
    fs::write(corpus.sidecar(FIRST), duplicate_entities()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("validate")
        .arg(&corpus.dir)
        .env("HOME", corpus.home())
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains(&format!("{FIRST}.ann.json")), "{said}");
    assert!(said.contains("\"entities\" appears twice"), "{said}");
}

#[test]
fn the_terminal_view_never_rewrites_a_file_with_a_key_twice() {
    let corpus = Corpus::new();
    let hostile = duplicate_entities();
    fs::write(corpus.sidecar(FIRST), &hostile).unwrap();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces reach Dolmar");
    tui.send(ENTER);
    tui.wait_for("read-only");
    // A tag, a status change: each refused, nothing written.
    tui.send("t");
    tui.send("s");
    tui.wait_for("read-only");
    // The next article takes a tag, so edits do get saved in this gloss.
    tui.send("]");
    tui.wait_for("Harbour strike");
    tui.send("t");
    tui.wait_for("Tag “Harbour” as");
    tui.send("ORG");
    tui.send(ENTER);
    tui.wait_for("tagged “Harbour” as ORG (T1)");
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
    assert_eq!(fs::read_to_string(corpus.sidecar(FIRST)).unwrap(), hostile);
    let second = corpus
        .annotations(SECOND)
        .expect("the second article saved");
    assert_eq!(second["entities"][0]["text"], "Harbour");
}
