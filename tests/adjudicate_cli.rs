//! `gloss adjudicate`, run as the real binary on corpora written into
//! temporary folders: the curated files it writes, what it says, its exit
//! codes, and `--list`.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::run_gloss;

const RUN_DEADLINE: Duration = Duration::from_secs(30);

const MEETING: &str =
    "Maria Lopez met officials of Acme Corp in Lisbon.\n\nLater she flew to Porto.\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn gloss(dir: &Path, args: &[&str]) -> Run {
    let done = run_gloss(args, Some(dir), &dir.join("home"), RUN_DEADLINE);
    Run {
        code: done.code.unwrap_or(-1),
        stdout: String::from_utf8_lossy(&done.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&done.stderr).into_owned(),
    }
}

/// An entity over the first `word` of `text` (ASCII texts).
fn entity(text: &str, id: usize, word: &str, kind: &str) -> Value {
    let start = text.find(word).unwrap();
    json!({"id": format!("T{id}"), "type": kind, "start": start,
           "end": start + word.len(), "text": word})
}

/// The annotation file of `name` (annotator `who`, or the curated one).
fn sidecar(text: &str, name: &str, who: Option<&str>, tags: &[(&str, &str)]) -> Value {
    let mut entities: Vec<Value> = tags
        .iter()
        .enumerate()
        .map(|(i, (w, k))| entity(text, i + 1, w, k))
        .collect();
    entities.sort_by_key(|e| e["start"].as_u64());
    json!({"format": "gloss", "version": 1,
           "source": {"file": name, "sha256": sha256(text), "encoding": "utf-8",
                      "chars": text.chars().count()},
           "annotator": who, "status": "done", "note": "",
           "entities": entities, "events": [], "relations": []})
}

fn sha256(text: &str) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(text.as_bytes()))
}

fn article(dir: &Path, name: &str, text: &str, team: &[(&str, &[(&str, &str)])]) {
    fs::write(dir.join(name), text).unwrap();
    for (who, tags) in team {
        let doc = sidecar(text, name, Some(who), tags);
        fs::write(dir.join(format!("{name}.{who}.ann.json")), doc.to_string()).unwrap();
    }
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn spans(doc: &Value) -> Vec<(String, String)> {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["text"].as_str().unwrap().to_owned(),
                e["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn meeting(dir: &Path) {
    article(
        dir,
        "meeting.txt",
        MEETING,
        &[
            (
                "ana",
                &[
                    ("Maria Lopez", "PER"),
                    ("Acme Corp", "ORG"),
                    ("Lisbon", "GPE"),
                    ("Porto", "GPE"),
                ],
            ),
            (
                "ben",
                &[
                    ("Maria Lopez", "PER"),
                    ("Acme Corp", "PER"),
                    ("Lisbon", "GPE"),
                ],
            ),
        ],
    );
}

#[test]
fn the_curated_file_holds_what_all_agree_on_with_its_provenance() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    meeting(dir);
    let run = gloss(dir, &["adjudicate", "--list", "."]);
    assert_eq!(run.code, 1, "disagreements are left: {run:?}");
    let cur = read(&dir.join("meeting.txt.ann.json"));
    assert_eq!(
        spans(&cur),
        pairs(&[("Maria Lopez", "PER"), ("Lisbon", "GPE")])
    );
    assert_eq!(cur["annotator"], Value::Null);
    assert_eq!(cur["status"], "curation_in_progress");
    for e in cur["entities"].as_array().unwrap() {
        assert_eq!(e["provenance"], json!({"annotators": ["ana", "ben"]}));
    }
    assert!(
        run.stderr.contains("meeting.txt: merged 2, 2 to decide"),
        "{run:?}"
    );
    let expected = "./meeting.txt:29-38: entities\n  1 ana: ORG 29-38 \"Acme Corp\"\n  2 ben: PER 29-38 \"Acme Corp\"\n\
                    ./meeting.txt:69-74: entities; nothing from ben\n  1 ana: GPE 69-74 \"Porto\"\n";
    assert_eq!(run.stdout, expected, "{run:?}");
    assert_eq!(gloss(dir, &["validate", "."]).code, 0);
}

#[test]
fn majority_extends_an_existing_curated_file_and_a_second_run_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let note = "Nadia Haddad spoke to the Harbour Board in Oslo about the Fjord Line on Friday.\n";
    article(
        dir,
        "note.txt",
        note,
        &[
            (
                "ana",
                &[
                    ("Nadia Haddad", "PER"),
                    ("Harbour Board", "ORG"),
                    ("Oslo", "GPE"),
                    ("Fjord Line", "ORG"),
                ],
            ),
            (
                "ben",
                &[
                    ("Nadia Haddad", "PER"),
                    ("Harbour Board", "ORG"),
                    ("Oslo", "GPE"),
                ],
            ),
            ("cy", &[("Nadia Haddad", "PER"), ("Oslo", "GPE")]),
        ],
    );
    let curated = dir.join("note.txt.ann.json");
    let mine = sidecar(note, "note.txt", None, &[("Friday", "TIME")]);
    fs::write(&curated, mine.to_string()).unwrap();
    let run = gloss(
        dir,
        &["adjudicate", "--strategy", "majority", "--list", "."],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let cur = read(&curated);
    assert_eq!(
        spans(&cur),
        pairs(&[
            ("Nadia Haddad", "PER"),
            ("Harbour Board", "ORG"),
            ("Oslo", "GPE"),
            ("Friday", "TIME")
        ])
    );
    assert!(run.stdout.contains("nothing from ben, cy"), "{run:?}");
    let before = fs::read(&curated).unwrap();
    let again = gloss(
        dir,
        &["adjudicate", "--strategy", "majority", "--list", "."],
    );
    assert_eq!(fs::read(&curated).unwrap(), before, "{again:?}");
    assert!(again.stderr.contains("merged 0, 1 to decide"), "{again:?}");
}

#[test]
fn none_queues_everything_and_an_agreed_team_is_curated_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = "Ahmed went to Mosul.\n";
    let same: &[(&str, &str)] = &[("Ahmed", "PER"), ("Mosul", "GPE")];
    article(dir, "a.txt", text, &[("ana", same), ("ben", same)]);
    let none = gloss(dir, &["adjudicate", "--strategy", "none", "--list", "."]);
    assert_eq!(none.code, 1, "{none:?}");
    assert_eq!(none.stdout.matches("entities").count(), 2, "{none:?}");
    assert!(spans(&read(&dir.join("a.txt.ann.json"))).is_empty());
    fs::remove_file(dir.join("a.txt.ann.json")).unwrap();
    let all = gloss(dir, &["adjudicate", "."]);
    assert_eq!(all.code, 0, "{all:?}");
    assert!(
        all.stdout.contains("a.txt: merged 2, 0 to decide, curated"),
        "{all:?}"
    );
    assert_eq!(read(&dir.join("a.txt.ann.json"))["status"], "curated");
}

#[test]
fn an_article_with_one_annotator_is_named_not_adjudicated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    article(
        dir,
        "solo.txt",
        "Only Ahmed.\n",
        &[("ana", &[("Ahmed", "PER")])],
    );
    let run = gloss(dir, &["adjudicate", "--list", "."]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("1 article(s) with one annotator, nothing to adjudicate: ./solo.txt (ana)"),
        "{run:?}"
    );
    assert!(!dir.join("solo.txt.ann.json").exists());
}

#[test]
fn a_broken_annotator_file_leaves_its_article_untouched_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    meeting(dir);
    fs::write(dir.join("meeting.txt.ben.ann.json"), "{not json").unwrap();
    let run = gloss(dir, &["adjudicate", "--list", "."]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("meeting.txt.ben.ann.json"), "{run:?}");
    assert!(!dir.join("meeting.txt.ann.json").exists());
}

#[test]
fn annotations_of_another_version_of_the_source_are_not_merged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    meeting(dir);
    fs::write(dir.join("meeting.txt"), format!("Edited. {MEETING}")).unwrap();
    let run = gloss(dir, &["adjudicate", "--list", "."]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("ana's annotations were made on another version of the source"),
        "{run:?}"
    );
    assert!(!dir.join("meeting.txt.ann.json").exists());
}

#[test]
fn an_unknown_strategy_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = gloss(tmp.path(), &["adjudicate", "--strategy", "most", "."]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("all, majority, none"), "{run:?}");
}
