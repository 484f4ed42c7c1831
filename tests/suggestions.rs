//! Suggestions are not annotations until accepted: `gloss stats`, every
//! export and `gloss import jsonl` keep them apart, run as the real binary
//! on corpora written into temporary folders.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::{Run, run_gloss};

/// How long one run of the binary may take before the test gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

const TEXT: &str = "Troops left Mosul for Turkey and Syria on Monday.\n";

fn gloss(dir: &Path, args: &[&str]) -> Run {
    run_gloss(args, Some(dir), &dir.join("home"), RUN_DEADLINE).into()
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

/// The words of a CoNLL file tagged with `tag`.
fn tagged(conll: &str, tag: &str) -> Vec<String> {
    conll
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(_, t)| t.ends_with(tag))
        .map(|(w, _)| w.to_owned())
        .collect()
}

#[test]
fn every_export_leaves_pending_suggestions_out_unless_asked_and_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let run = gloss(
        dir.path(),
        &["export", "conll", "corpus", "--out", "x.conll"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let conll = fs::read_to_string(dir.path().join("x.conll")).unwrap();
    assert_eq!(tagged(&conll, "-GPE"), ["Mosul"], "{conll}");
    assert!(
        run.stderr.contains(
            "conll: 2 pending suggestions: left out (--include-suggestions exports them)"
        ),
        "{run:?}"
    );
    let run = gloss(
        dir.path(),
        &[
            "export",
            "conll",
            "corpus",
            "--out",
            "x.conll",
            "--include-suggestions",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let conll = fs::read_to_string(dir.path().join("x.conll")).unwrap();
    assert_eq!(
        tagged(&conll, "-GPE"),
        ["Mosul", "Turkey", "Syria"],
        "{conll}"
    );
    assert!(!run.stderr.contains("left out"), "{run:?}");

    // The other exports alike: jsonl, doccano and brat.
    let spans = |args: &[&str]| -> usize {
        let run = gloss(dir.path(), args);
        assert_eq!(run.code, 0, "{run:?}");
        let said = run.stderr.contains("2 pending suggestions: left out");
        assert_eq!(said, !args.contains(&"--include-suggestions"), "{run:?}");
        let out = args[args.iter().position(|a| *a == "--out").unwrap() + 1];
        let path = dir.path().join(out);
        if path.is_dir() {
            let ann = fs::read_to_string(path.join("a.ann")).unwrap();
            return ann.lines().filter(|l| l.starts_with('T')).count();
        }
        let line: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        line.get("spans")
            .or(line.get("label"))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    for format in ["jsonl", "doccano", "brat"] {
        let out = format!("out-{format}");
        let args = ["export", format, "corpus", "--out", &out];
        assert_eq!(spans(&args), 1, "{format}");
        let all = [&args[..], &["--include-suggestions"]].concat();
        assert_eq!(spans(&all), 3, "{format} --include-suggestions");
    }
}

/// A JSONL file of `records` in `dir`.
fn feed(dir: &Path, name: &str, records: &[Value]) -> String {
    let body: String = records.iter().map(|r| format!("{r}\n")).collect();
    fs::write(dir.join(name), body).unwrap();
    name.to_owned()
}

/// A span over `word` (code points, as gloss's JSONL counts).
fn span(word: &str, label: &str) -> Value {
    let e = entity("", label, word, false);
    json!({"start": e["start"], "end": e["end"], "label": label})
}

fn suggested_types(dir: &Path) -> Vec<(String, String)> {
    let doc: Value =
        serde_json::from_slice(&fs::read(dir.join("corpus/a.txt.ann.json")).unwrap()).unwrap();
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("suggested").is_some())
        .map(|e| {
            (
                e["type"].as_str().unwrap().into(),
                e["text"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn unknown_labels_are_refused_by_record_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let sidecar = dir.path().join("corpus/a.txt.ann.json");
    // Line 1 holds a known and an unknown label; line 3 an unknown one
    // twice; line 2 only known ones.
    let name = feed(
        dir.path(),
        "model.jsonl",
        &[
            json!({"text": TEXT, "spans": [span("Troops", "ORG"), span("Syria", "BOGUS")]}),
            json!({"text": TEXT, "spans": [span("Monday", "TIME")]}),
            json!({"text": TEXT, "spans": [span("Troops", "BOGUS"), span("Mosul", "BOGUS"), span("left", "WAT")]}),
        ],
    );
    let run = gloss(dir.path(), &["import", "jsonl", &name, "--into", "corpus"]);
    assert_eq!(run.code, 1, "{run:?}");
    let said = |label: &str, n: usize, lines: &str| {
        run.stderr.lines().any(|l| {
            l.contains(&format!(
                "label \"{label}\" is not in the schema: {n} span(s) on line(s) {lines}:"
            )) && l.contains("not imported")
        })
    };
    assert!(said("BOGUS", 3, "1, 3"), "{run:?}");
    assert!(said("WAT", 1, "3"), "{run:?}");
    // Only line 2 was imported: line 1's known ORG went with its record.
    let pair = |t: &str, w: &str| (t.to_owned(), w.to_owned());
    assert_eq!(
        suggested_types(dir.path()),
        [
            pair("GPE", "Turkey"),
            pair("GPE", "Syria"),
            pair("TIME", "Monday")
        ],
        "{run:?}"
    );
    assert!(!fs::read_to_string(&sidecar).unwrap().contains("BOGUS"));

    let run = gloss(
        dir.path(),
        &[
            "import",
            "jsonl",
            &name,
            "--into",
            "corpus",
            "--allow-unknown",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("imported as suggestions all the same"),
        "{run:?}"
    );
    let types = suggested_types(dir.path());
    assert!(
        types.contains(&("BOGUS".into(), "Mosul".into())),
        "{types:?}"
    );
    assert!(types.contains(&("WAT".into(), "left".into())), "{types:?}");
    // …and each is a problem until retyped or rejected.
    let run = gloss(dir.path(), &["validate", "corpus"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("type \"BOGUS\" is not in the schema"),
        "{run:?}"
    );
}

#[test]
fn a_record_without_text_is_matched_by_meta_file_and_strays_are_named() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    fs::remove_file(dir.path().join("corpus/a.txt.ann.json")).unwrap();
    let name = feed(
        dir.path(),
        "bare.jsonl",
        &[
            json!({"meta": {"file": "a.txt"}, "spans": [span("Turkey", "GPE")]}),
            json!({"meta": {"file": "gone.txt"}, "spans": [span("Turkey", "GPE")]}),
            json!({"spans": [span("Turkey", "GPE")]}),
        ],
    );
    let run = gloss(dir.path(), &["import", "jsonl", &name, "--into", "corpus"]);
    assert_eq!(
        suggested_types(dir.path()),
        [("GPE".to_owned(), "Turkey".to_owned())],
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("bare.jsonl:2: matched nothing: no document is named \"gone.txt\""),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("bare.jsonl:3: neither \"text\" nor meta.file"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(
            "1 suggestion(s) added to 1 document(s); 1 record(s) matched nothing, 1 failed"
        ),
        "{run:?}"
    );
    assert_eq!(run.code, 1, "{run:?}");
    // Offsets that do not fit the document's text are refused, named.
    let name = feed(
        dir.path(),
        "long.jsonl",
        &[json!({"meta": {"file": "a.txt"}, "spans": [{"start": 0, "end": 500, "label": "GPE"}]})],
    );
    let run = gloss(dir.path(), &["import", "jsonl", &name, "--into", "corpus"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("long.jsonl:1: span 0 (\"GPE\" 0..500): ends after the text"),
        "{run:?}"
    );
}
