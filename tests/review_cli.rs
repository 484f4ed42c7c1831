//! `gloss review ... --list | --accept-all | --reject-all`, run as the real
//! binary on corpora written into temporary folders.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::{Run, run_gloss};
use common::json::entity;

/// How long one run of the binary may take before the test gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

const A: &str = "\u{1F691} Troops left Mosul for Turkey on Monday.\n";
const B: &str = "The UN met in Mosul.\n";

fn gloss(dir: &Path, args: &[&str]) -> Run {
    run_gloss(args, Some(dir), &dir.join("home"), RUN_DEADLINE).into()
}

fn write(dir: &Path, name: &str, text: &str, entities: Vec<Value>) {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    let doc = json!({"format": "gloss", "version": 1,
        "source": {"file": name, "sha256": "", "encoding": "utf-8", "chars": text.chars().count()},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": entities, "events": [], "relations": []});
    fs::write(dir.join(format!("{name}.ann.json")), doc.to_string()).unwrap();
}

/// `c/a.txt`: Mosul accepted, Turkey and Monday suggested; `c/b.txt`: UN
/// suggested; `c/c.txt`: no annotations.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let c = dir.join("c");
    fs::create_dir_all(&c).unwrap();
    write(
        &c,
        "a.txt",
        A,
        vec![
            entity(A, "T1", "GPE", "Mosul", false),
            entity(A, "T2", "GPE", "Turkey", true),
            entity(A, "T3", "TIME", "Monday", true),
        ],
    );
    write(&c, "b.txt", B, vec![entity(B, "T1", "ORG", "UN", true)]);
    fs::write(c.join("c.txt"), "Nothing.\n").unwrap();
    c
}

fn entities(c: &Path, name: &str) -> Vec<Value> {
    let json = fs::read_to_string(c.join(format!("{name}.ann.json"))).unwrap();
    let doc: Value = serde_json::from_str(&json).unwrap();
    doc["entities"].as_array().unwrap().clone()
}

fn by_id<'v>(es: &'v [Value], id: &str) -> Option<&'v Value> {
    es.iter().find(|e| e["id"] == id)
}

#[test]
fn list_prints_one_line_per_suggestion_with_file_id_type_offsets_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let run = gloss(dir.path(), &["review", "c", "--suggestions", "--list"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "c/a.txt\tT2\tGPE\t24-30\t\"Turkey\"\tsuggestion",
            "c/a.txt\tT3\tTIME\t34-40\t\"Monday\"\tsuggestion",
            "c/b.txt\tT1\tORG\t4-6\t\"UN\"\tsuggestion",
        ],
        "{run:?}"
    );
    assert!(run.stderr.contains("3 item(s) in 2 article(s)"), "{run:?}");
    // Nothing was written.
    assert_eq!(entities(&c, "a.txt").len(), 3);
}

#[test]
fn type_narrows_the_queue_and_may_be_repeated() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let run = gloss(dir.path(), &["review", "c", "--type", "ORG", "--list"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
    assert!(run.stdout.contains("\"UN\""), "{run:?}");
    let run = gloss(
        dir.path(),
        &["review", "c", "--type", "ORG", "--type", "TIME", "--list"],
    );
    assert_eq!(run.stdout.lines().count(), 2, "{run:?}");
}

#[test]
fn accept_all_accepts_says_how_many_and_the_unreviewed_queue_shrinks() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let run = gloss(dir.path(), &["review", "c", "--unreviewed", "--list"]);
    assert_eq!(run.stdout.lines().count(), 1, "only Mosul: {run:?}");
    let run = gloss(
        dir.path(),
        &[
            "--annotator",
            "ann",
            "review",
            "c",
            "--suggestions",
            "--accept-all",
        ],
    );
    // `--annotator ann` reads ann's files: there are none.
    assert_eq!(
        run.stdout, "accepted nothing: the queue is empty\n",
        "{run:?}"
    );
    let run = gloss(
        dir.path(),
        &["review", "c", "--suggestions", "--accept-all"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout, "accepted 3 suggestions in 2 articles\n",
        "{run:?}"
    );
    let a = entities(&c, "a.txt");
    for id in ["T2", "T3"] {
        let e = by_id(&a, id).unwrap();
        assert!(e.get("suggested").is_none(), "{e}");
        assert_eq!(e["reviewed"], json!({"by": null}), "{e}");
    }
    assert!(by_id(&a, "T1").unwrap().get("reviewed").is_none());
    assert!(
        by_id(&entities(&c, "b.txt"), "T1")
            .unwrap()
            .get("suggested")
            .is_none()
    );
    // Nothing pending any more; the accepted ones were reviewed.
    let run = gloss(dir.path(), &["review", "c", "--suggestions", "--list"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    let run = gloss(dir.path(), &["review", "c", "--unreviewed", "--list"]);
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
    let run = gloss(dir.path(), &["review", "c", "--unreviewed", "--accept-all"]);
    assert_eq!(
        run.stdout, "accepted 1 unreviewed annotation in 1 article\n",
        "{run:?}"
    );
    let run = gloss(dir.path(), &["review", "c", "--unreviewed", "--list"]);
    assert_eq!(run.stdout, "", "{run:?}");
}

#[test]
fn reject_all_removes_only_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let run = gloss(
        dir.path(),
        &[
            "review",
            "c",
            "--suggestions",
            "--text",
            "^T",
            "--reject-all",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout, "rejected 1 suggestion in 1 article\n",
        "{run:?}"
    );
    let a = entities(&c, "a.txt");
    let ids: Vec<&str> = a.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["T1", "T3"]);
    assert_eq!(entities(&c, "b.txt").len(), 1);
}

#[test]
fn reject_all_on_a_merge_conflict_keeps_one_version() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir_all(&c).unwrap();
    let mut ours = entity(B, "T1", "ORG", "UN", false);
    let mut theirs = entity(B, "T2", "GPE", "UN", false);
    ours["conflict"] = json!({"side": "ours", "with": "T2"});
    theirs["conflict"] = json!({"side": "theirs", "with": "T1"});
    write(&c, "b.txt", B, vec![ours, theirs]);
    let run = gloss(dir.path(), &["review", "c", "--problems", "--reject-all"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "rejected 1 flagged annotation in 1 article; 1 version kept (the other version of its merge conflict was rejected)\n",
        "{run:?}"
    );
    let kept = entities(&c, "b.txt");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["id"], "T2");
    assert_eq!(gloss(dir.path(), &["validate", "c"]).code, 0);
}

#[test]
fn a_bad_text_regex_exits_2_saying_what_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    for headless in [&["--list"][..], &["--accept-all"], &[]] {
        let mut args = vec!["review", "c", "--text", "Mo(sul"];
        args.extend(headless);
        let run = gloss(dir.path(), &args);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr.contains("\"Mo(sul\"") && run.stderr.contains("unclosed group at column 3"),
            "{run:?}"
        );
        assert_eq!(run.stdout, "");
    }
    assert_eq!(entities(&c, "a.txt").len(), 3);
    let run = gloss(
        dir.path(),
        &["review", "c", "--status", "finished", "--list"],
    );
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn status_filters_articles_and_problems_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let run = gloss(
        dir.path(),
        &["review", "c", "--status", "done,todo", "--list"],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    let run = gloss(
        dir.path(),
        &["review", "c", "--status", "in_progress", "--list"],
    );
    assert_eq!(run.stdout.lines().count(), 3, "{run:?}");
    // A type the schema lacks is a problem; an unreadable file is one too.
    write(&c, "d.txt", B, vec![entity(B, "T1", "NOPE", "UN", false)]);
    fs::write(c.join("c.txt.ann.json"), "{ broken").unwrap();
    let run = gloss(dir.path(), &["review", "c", "--problems", "--list"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{run:?}");
    assert!(
        lines[0].starts_with("c/c.txt\t-\t-\t0-0\t\"\"\tproblem: "),
        "{run:?}"
    );
    assert!(
        lines[1].starts_with("c/d.txt\tT1\tNOPE\t4-6\t\"UN\"\tproblem: "),
        "{run:?}"
    );
    // With no filter: the suggestions, then the problems.
    let run = gloss(dir.path(), &["review", "c", "--list"]);
    let kinds: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.rsplit('\t').next().unwrap())
        .collect();
    assert_eq!(kinds.len(), 5, "{run:?}");
    assert!(kinds[..3].iter().all(|k| *k == "suggestion"), "{run:?}");
    assert!(
        kinds[3..].iter().all(|k| k.starts_with("problem: ")),
        "{run:?}"
    );
}

/// `*` in the real terminal: the other "Kestova" of the article (in memory,
/// then autosaved) and the one in another article (by the background job,
/// through the service) become GPE suggestions, on disk within a second;
/// the status line says how many and in how many articles.
#[test]
fn star_in_the_terminal_proposes_across_the_corpus_and_says_how_many() {
    use common::{Corpus, DEADLINE, FIRST, SECOND, THIRD, tag_first_word, wait_until};
    let corpus = Corpus::new();
    let second = corpus.dir.join(SECOND);
    let text = fs::read_to_string(&second).unwrap();
    fs::write(&second, format!("{text}Kestova and Kestovan troops.\n")).unwrap();
    let mut tui = corpus.open();
    tag_first_word(&mut tui);
    tui.send("*");
    tui.wait_for("proposed 2 GPE “Kestova” in 2 article(s), queued for review");
    tui.wait_for("1/2");
    let pending = |article: &str| {
        let doc = corpus.annotations(article)?;
        let es = doc["entities"].as_array()?.clone();
        let n = es.iter().filter(|e| e["suggested"].is_object()).count();
        (n > 0).then_some(es)
    };
    let first = wait_until(Duration::from_secs(1), || pending(FIRST)).expect("saved");
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(
        (&first[1]["start"], &first[1]["type"]),
        (&json!(29), &json!("GPE"))
    );
    let other = pending(SECOND).expect("the job saved the other article");
    assert_eq!(other.len(), 1, "Kestovan is another word: {other:?}");
    assert_eq!(other[0]["suggested"], json!({"source": "gloss *"}));
    assert!(!corpus.sidecar(THIRD).exists());
    // The first q leaves the queue, the second gloss.
    tui.send("q");
    tui.wait_for("left the review queue");
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
}
