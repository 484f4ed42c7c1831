//! Suggestions are not annotations until accepted: `gloss stats`, every
//! export and `gloss import jsonl` keep them apart, run as the real binary
//! on corpora written into temporary folders.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::run_gloss;

/// How long one run of the binary may take before the test gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

const TEXT: &str = "Troops left Mosul for Turkey and Syria on Monday.\n";

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

/// An entity over `word` (its first occurrence in `TEXT`), a suggestion
/// when `suggested`.
fn entity(id: &str, kind: &str, word: &str, suggested: bool) -> Value {
    let at = TEXT.find(word).unwrap();
    let start = TEXT[..at].chars().count();
    let mut e = json!({"id": id, "type": kind, "start": start,
                       "end": start + word.chars().count(), "text": word});
    if suggested {
        e["suggested"] = json!({"source": "model"});
    }
    e
}

/// `corpus/a.txt` with Mosul accepted and Turkey and Syria suggested.
fn corpus(dir: &Path) {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), TEXT).unwrap();
    let doc = json!({
        "format": "gloss", "version": 1,
        "source": {"file": "a.txt", "sha256": "x", "encoding": "utf-8", "chars": TEXT.chars().count()},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": [entity("T1", "GPE", "Mosul", false), entity("T2", "GPE", "Turkey", true),
                     entity("T3", "GPE", "Syria", true)],
        "events": [], "relations": []
    });
    fs::write(corpus.join("a.txt.ann.json"), doc.to_string()).unwrap();
}

#[test]
fn stats_counts_suggestions_in_a_column_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // b.txt holds suggestions only.
    let b = dir.path().join("corpus/b.txt");
    fs::write(&b, TEXT).unwrap();
    let a_doc = fs::read_to_string(dir.path().join("corpus/a.txt.ann.json")).unwrap();
    let mut b_doc: Value = serde_json::from_str(&a_doc).unwrap();
    b_doc["entities"] = json!([entity("T1", "GPE", "Mosul", true)]);
    fs::write(dir.path().join("corpus/b.txt.ann.json"), b_doc.to_string()).unwrap();
    let run = gloss(dir.path(), &["stats", "corpus"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    let header = lines
        .iter()
        .find(|l| l.starts_with("entities by type"))
        .unwrap();
    let words: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(words[3..], ["accepted", "suggested"], "{run:?}");
    let gpe: Vec<&str> = lines
        .iter()
        .find(|l| l.split_whitespace().next() == Some("GPE"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(gpe, ["GPE", "1", "3"], "{run:?}");
    // A document with only suggestions is not annotated yet.
    let annotated = lines.iter().find(|l| l.trim().starts_with("annotated"));
    assert!(annotated.unwrap().ends_with(" 1"), "{run:?}");
}
