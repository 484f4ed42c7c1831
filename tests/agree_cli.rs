//! `gloss agree` run as the real binary: the table, --json, --by-article,
//! --include-curated, --diagnosis, events and relations, and what it says
//! about articles it cannot compare.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::run_gloss;

const RUN_DEADLINE: Duration = Duration::from_secs(30);

const TEXT: &str = "Ann Lee said \"Acme won\" in Oslo.\n";

/// An entity of `TEXT` by phrase.
fn ent(id: &str, phrase: &str, kind: &str) -> Value {
    let at = TEXT.find(phrase).unwrap();
    let start = TEXT[..at].chars().count();
    json!({"id": id, "type": kind, "start": start, "end": start + phrase.chars().count(), "text": phrase})
}

fn write_doc(
    path: &Path,
    who: Option<&str>,
    entities: Vec<Value>,
    events: Vec<Value>,
    relations: Vec<Value>,
) {
    let doc = json!({"format": "gloss", "version": 1,
        "source": {"file": "a.txt", "sha256": "0", "encoding": "utf-8", "chars": TEXT.chars().count()},
        "annotator": who, "status": "done", "note": "",
        "entities": entities, "events": events, "relations": relations});
    fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

/// a.txt annotated by amy and bob (one type apart, one event and one
/// relation each), lone.txt by amy alone, and a curated a.txt.
fn corpus(dir: &Path) {
    fs::write(dir.join("a.txt"), TEXT).unwrap();
    fs::write(dir.join("lone.txt"), "Only me.\n").unwrap();
    let won = |arg: &str| {
        let at = TEXT.find("won").unwrap();
        json!({"id": "E1", "type": "Win", "trigger": {"id": "T9", "start": at, "end": at + 3, "text": "won"},
               "arguments": [{"role": "Winner", "ref": arg}]})
    };
    let rel = json!({"id": "R1", "type": "Located", "arg1": "T2", "arg2": "T3"});
    write_doc(
        &dir.join("a.txt.amy.ann.json"),
        Some("amy"),
        vec![
            ent("T1", "Ann Lee", "PER"),
            ent("T2", "Acme", "ORG"),
            ent("T3", "Oslo", "GPE"),
        ],
        vec![won("T2")],
        vec![rel.clone()],
    );
    write_doc(
        &dir.join("a.txt.bob.ann.json"),
        Some("bob"),
        vec![
            ent("T1", "Ann Lee", "PER"),
            ent("T2", "Acme", "ORG"),
            ent("T3", "Oslo", "LOC"),
        ],
        vec![won("T1")],
        vec![rel],
    );
    write_doc(
        &dir.join("lone.txt.amy.ann.json"),
        Some("amy"),
        vec![],
        vec![],
        vec![],
    );
    write_doc(
        &dir.join("a.txt.ann.json"),
        None,
        vec![ent("T1", "Oslo", "GPE")],
        vec![],
        vec![],
    );
}

fn gloss(args: &[&str], home: &Path) -> (Option<i32>, String, String) {
    let r = run_gloss(args, None, home, RUN_DEADLINE);
    (
        r.code,
        String::from_utf8_lossy(&r.stdout).into_owned(),
        String::from_utf8_lossy(&r.stderr).into_owned(),
    )
}

#[test]
fn the_table_names_each_pair_with_its_figures_and_the_lone_article() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let dir = tmp.path().to_str().unwrap();
    let (code, out, err) = gloss(&["agree", dir], &tmp.path().join("home"));
    assert_eq!(code, Some(0), "{out}{err}");
    // amy and bob share 2 of 3 spans exactly: F1 2·2/(2·2+1+1).
    let row = out.lines().find(|l| l.starts_with("amy ~ bob")).unwrap();
    assert!(row.contains("0.667") && row.contains("2/1/1"), "{out}");
    assert!(out.contains("lone.txt"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    // Triggers agree, arguments do not, relations' ends are the same spans.
    let events = out
        .lines()
        .skip_while(|l| !l.starts_with("Events"))
        .nth(2)
        .unwrap();
    assert!(
        events.contains("1.000 1/0/0") && events.contains("0.000 0/1/1"),
        "{out}"
    );
}

#[test]
fn json_has_every_figure_and_null_for_undefined_ones() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let dir = tmp.path().to_str().unwrap();
    let (code, out, _) = gloss(
        &["agree", dir, "--json", "--by-article"],
        &tmp.path().join("home"),
    );
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["annotators"], json!(["amy", "bob"]));
    assert_eq!(doc["articles"]["single_annotator"], json!(["lone.txt"]));
    let pair = &doc["pairs"][0];
    assert_eq!(
        (pair["a"].as_str(), pair["b"].as_str()),
        (Some("amy"), Some("bob"))
    );
    assert_eq!(pair["exact"]["by_type"]["GPE"]["only_a"], 1);
    assert_eq!(pair["exact"]["by_type"]["LOC"]["only_b"], 1);
    assert_eq!(pair["relations"]["matches"], 1);
    assert_eq!(pair["arguments"]["f1"], 0.0);
    assert!(pair["cohen_kappa"].as_f64().is_some());
    // Both marked Ann Lee alike: full agreement on PER.
    assert!(pair["alpha_u_by_type"]["PER"].as_f64() == Some(1.0));
    assert_eq!(doc["by_article"][0]["article"], "a.txt");
    assert_eq!(
        doc["by_article"][0]["pairs"][0]["exact_f1"],
        pair["exact_f1"]
    );
    // With only one rater's spans of a type, precision of the other is undefined: null.
    assert!(
        pair["exact"]["by_type"]["LOC"]["precision"].is_null(),
        "{out}"
    );
}

#[test]
fn the_curated_file_is_compared_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let dir = tmp.path().to_str().unwrap();
    let home = tmp.path().join("home");
    let (_, out, _) = gloss(&["agree", dir, "--json"], &home);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 1);
    let (_, out, _) = gloss(&["agree", dir, "--json", "--include-curated"], &home);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["annotators"], json!(["amy", "bob", "curated"]));
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 3);
}

#[test]
fn the_diagnosis_is_a_csv_with_a_column_per_annotator() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let dir = tmp.path().to_str().unwrap();
    let csv = tmp.path().join("out.csv");
    let (code, _, err) = gloss(
        &["agree", dir, "--diagnosis", csv.to_str().unwrap()],
        &tmp.path().join("home"),
    );
    assert_eq!(code, Some(0), "{err}");
    let got = fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines[0], "article,start,end,text,amy,bob");
    assert!(lines.contains(&"a.txt,0,3,Ann,PER,PER"), "{got}");
    assert!(lines.contains(&"a.txt,27,31,Oslo,GPE,LOC"), "{got}");
    // A quote is a token of its own, quoted and doubled.
    assert!(lines.contains(&"a.txt,13,14,\"\"\"\",O,O"), "{got}");
}

#[test]
fn the_diagnosis_never_overwrites_what_it_reads() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let dir = tmp.path().to_str().unwrap();
    let amy = tmp.path().join("a.txt.amy.ann.json");
    let before = fs::read(&amy).unwrap();
    let (code, _, err) = gloss(
        &["agree", dir, "--diagnosis", amy.to_str().unwrap()],
        &tmp.path().join("home"),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("which this command reads"), "{err}");
    assert_eq!(fs::read(&amy).unwrap(), before);
}

#[test]
fn an_unreadable_file_is_named_and_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    fs::write(tmp.path().join("a.txt.cy.ann.json"), "{ not json").unwrap();
    let dir = tmp.path().to_str().unwrap();
    let (code, out, err) = gloss(&["agree", dir], &tmp.path().join("home"));
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains("a.txt.cy.ann.json") && err.contains("left out"),
        "{err}"
    );
    assert!(out.contains("amy ~ bob"), "{out}");
}
