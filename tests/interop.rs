//! `gloss import` and `gloss export` (brat, JSONL, doccano, CoNLL), run as
//! the real binary on small projects written into temporary folders.
//!
//! brat files are compared by what they say, not by how they are numbered:
//! [`canon`] replaces every id by what it points at (as
//! `shared/checks/lib/brat_canon.py` does).

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

#[path = "interop/canon.rs"]
mod canon;
#[allow(dead_code)]
mod common;
#[path = "interop/project.rs"]
mod project;
#[path = "interop/roundtrip.rs"]
mod roundtrip;
#[path = "interop/run.rs"]
mod run;

use canon::*;
use project::*;
use run::*;

// ---------------------------------------------------------------------------
// 1. import brat

#[test]
fn import_brat_writes_valid_sidecars_and_keeps_what_brat_said() {
    let dir = brat_project();
    let run = gloss(&[&"import", &"brat", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("imported 2 document(s)"), "{run:?}");

    let a = read_json(&sidecar_of(dir.path(), "a.txt"));
    let b = read_json(&sidecar_of(dir.path(), "sub/b.txt"));
    assert_eq!(a["format"], "gloss", "{a:#}");

    // The discontinuous span keeps its fragments.
    let entities = a["entities"].as_array().unwrap();
    let t1 = entities.iter().find(|e| e["id"] == "T1").expect("T1");
    assert_eq!(
        (&t1["start"], &t1["end"]),
        (&json!(0), &json!(15)),
        "{t1:#}"
    );
    assert_eq!(t1["fragments"], json!([[0, 5], [10, 15]]), "{t1:#}");
    assert_eq!(entities.len(), 11, "triggers are not entities: {a:#}");

    // Two events on one trigger, the numbered role read as a second Org-Arg.
    let events = a["events"].as_array().unwrap();
    assert_eq!(events.len(), 3, "{a:#}");
    let e1 = events.iter().find(|e| e["id"] == "E1").expect("E1");
    let e2 = events.iter().find(|e| e["id"] == "E2").expect("E2");
    assert_eq!(e1["trigger"]["id"], "T4", "{e1:#}");
    assert_eq!(e2["trigger"]["id"], "T4", "{e2:#}");
    assert_eq!(e1["trigger"]["text"], "merged", "{e1:#}");
    let roles: Vec<&Value> = e1["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["role"])
        .collect();
    assert_eq!(roles, [&json!("Org-Arg"), &json!("Org-Arg")], "{e1:#}");
    assert_eq!(e1["note"], "a three-way merger", "{e1:#}");

    // Attributes, binary and valued, old-style M too.
    let t5 = entities.iter().find(|e| e["id"] == "T5").expect("T5");
    assert_eq!(t5["attributes"]["Individual"], true, "{t5:#}");
    assert_eq!(t5["attributes"]["Mention"], "Name", "{t5:#}");
    let t7 = entities.iter().find(|e| e["id"] == "T7").expect("T7");
    assert_eq!(t7["attributes"]["Mention"], "Nominal", "{t7:#}");
    let e3 = events.iter().find(|e| e["id"] == "E3").expect("E3");
    assert_eq!(e3["attributes"]["Confidence"], "High", "{e3:#}");
    assert_eq!(e2["attributes"]["Negation"], true, "{e2:#}");
    assert_eq!(a["relations"].as_array().unwrap().len(), 1, "{a:#}");

    // Offsets after an emoji and a CRLF are code points.
    for e in b["entities"].as_array().unwrap() {
        let (s, e_) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
        assert_eq!(
            slice(B_TXT, s as usize, e_ as usize),
            e["text"].as_str().unwrap(),
            "{e:#}"
        );
    }
    let erbil = &b["entities"].as_array().unwrap()[2];
    assert_eq!(erbil["text"], "Erbil", "{b:#}");
    assert_eq!(erbil["note"], "after an emoji and CRLF", "{b:#}");

    let run = gloss(&[&"validate", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("2 annotation file(s) checked, 0 problem(s)"),
        "{run:?}"
    );
}

#[test]
fn import_brat_again_leaves_sidecars_alone_unless_forced() {
    let dir = imported_project();
    let a_path = sidecar_of(dir.path(), "a.txt");
    let b_path = sidecar_of(dir.path(), "sub/b.txt");
    let first_a = fs::read(&a_path).unwrap();

    // An edit made since: a second import must not undo it.
    let mut edited = read_json(&a_path);
    edited["note"] = json!("edited by hand after the import");
    let edited = serde_json::to_string_pretty(&edited).unwrap() + "\n";
    fs::write(&a_path, &edited).unwrap();
    let b_before = fs::read(&b_path).unwrap();

    let run = gloss(&[&"import", &"brat", &dir.path()]);
    assert_eq!(run.code, 0, "skipping is not failing: {run:?}");
    assert_eq!(fs::read_to_string(&a_path).unwrap(), edited, "{run:?}");
    assert_eq!(fs::read(&b_path).unwrap(), b_before, "{run:?}");
    for name in ["a.txt.ann.json", "b.txt.ann.json"] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(name) && l.contains("--force")),
            "says {name} was left alone: {run:?}"
        );
    }
    assert!(run.stderr.contains("2 skipped"), "{run:?}");

    let run = gloss(&[&"import", &"brat", &"--force", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("imported 2 document(s)"), "{run:?}");
    assert_eq!(
        fs::read(&a_path).unwrap(),
        first_a,
        "--force writes the import again: {run:?}"
    );
    let run = gloss(&[&"validate", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
}

// ---------------------------------------------------------------------------
// 2. export brat

#[test]
fn export_brat_mirrors_the_tree_and_says_the_same() {
    let dir = imported_project();
    let out_root = tempfile::tempdir().unwrap();
    let out = out_root.path().join("out");
    let run = gloss(&[&"export", &"brat", &dir.path(), &"--out", &out]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("exported 2 document(s)"), "{run:?}");
    assert_eq!(
        fs::read_to_string(out.join("annotation.conf"))
            .ok()
            .as_deref(),
        Some(CONF),
        "the project's own annotation.conf is copied: {run:?}"
    );
    assert!(out.join("sub/b.txt").is_file(), "{run:?}");
    assert!(out.join("sub/b.ann").is_file(), "{run:?}");
    for (name, text, ann) in documents() {
        let txt = out.join(name);
        assert_eq!(
            fs::read(&txt).unwrap(),
            text.as_bytes(),
            "{name}: the text is copied byte for byte"
        );
        let exported = fs::read_to_string(txt.with_extension("ann")).unwrap();
        let (want, got) = (canon(&ann), canon(&exported));
        assert_eq!(
            want,
            got,
            "{name} says something else after the round trip:\n{}--- exported ---\n{exported}",
            canon_diff(&want, &got)
        );
        // Every text-bound line reads what the text says at its offsets.
        for line in exported.lines().filter(|l| l.starts_with('T')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let offsets = fields[1].split_once(' ').unwrap().1;
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').unwrap();
                    slice(text, s.parse().unwrap(), e.parse().unwrap())
                })
                .collect();
            assert_eq!(pieces.join(" "), fields[2], "{name}: {line}");
        }
    }
}

// ---------------------------------------------------------------------------
// 3. export jsonl

#[test]
fn export_jsonl_spans_line_up_in_code_points() {
    let dir = imported_project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("all.jsonl");
    let run = gloss(&[&"export", &"jsonl", &dir.path(), &"--out", &out]);
    assert_eq!(run.code, 0, "{run:?}");
    let records = read_jsonl(&out);
    assert_eq!(records.len(), 2, "one line per document: {records:#?}");
    let mut files = BTreeSet::new();
    for rec in &records {
        let file = rec["meta"]["file"]
            .as_str()
            .unwrap_or_else(|| panic!("meta.file: {rec:#}"));
        files.insert(file.to_owned());
        let text = rec["text"].as_str().unwrap();
        let (_, want, _) = documents()
            .into_iter()
            .find(|(n, _, _)| *n == file)
            .unwrap_or_else(|| panic!("no document {file}"));
        assert_eq!(text, want, "{file}");
        let mut got = BTreeSet::new();
        for span in rec["spans"].as_array().unwrap() {
            let s = span["start"].as_u64().unwrap() as usize;
            let e = span["end"].as_u64().unwrap() as usize;
            let t = span["text"].as_str().unwrap();
            assert_eq!(slice(text, s, e), t, "{file}: {span}");
            got.insert((span["label"].as_str().unwrap().to_owned(), t.to_owned()));
        }
        assert_eq!(got, expected_spans(file), "{file}");
    }
    assert_eq!(
        files,
        BTreeSet::from(["a.txt".to_owned(), "sub/b.txt".to_owned()])
    );
}

// ---------------------------------------------------------------------------
// 4. export doccano

#[test]
fn export_doccano_counts_utf16_units() {
    let dir = imported_project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("doccano.jsonl");
    let run = gloss(&[&"export", &"doccano", &dir.path(), &"--out", &out]);
    assert_eq!(run.code, 0, "{run:?}");
    let records = read_jsonl(&out);
    assert_eq!(records.len(), 2, "{records:#?}");
    let mut saw_mosul = false;
    for rec in &records {
        let text = rec["text"].as_str().unwrap();
        let (name, _, _) = documents()
            .into_iter()
            .find(|(_, t, _)| *t == text)
            .unwrap_or_else(|| panic!("a text that is no document's: {text:?}"));
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut got = BTreeSet::new();
        for label in rec["label"].as_array().unwrap() {
            let s = label[0].as_u64().unwrap() as usize;
            let e = label[1].as_u64().unwrap() as usize;
            let kind = label[2].as_str().unwrap();
            assert!(s < e && e <= units.len(), "{name}: {label}");
            let read = String::from_utf16(&units[s..e]).unwrap();
            if read == "Mosul" {
                saw_mosul = true;
                assert_eq!(s, utf16_offset(text, "Mosul"));
                assert_ne!(s, char_offset(text, "Mosul"), "the emoji is two units");
            }
            got.insert((kind.to_owned(), read));
        }
        assert_eq!(got, expected_spans(name), "{name}: {rec}");
    }
    assert!(saw_mosul, "{records:#?}");
    assert!(
        run.stderr.contains("doccano: 3 events"),
        "what doccano cannot hold is said: {run:?}"
    );
}

// ---------------------------------------------------------------------------
// 5. export conll

/// The number written just before `word` on some line of `stderr`.
fn count_before(stderr: &str, word: &str) -> Option<u64> {
    stderr.lines().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let i = words.iter().position(|w| w.trim_end_matches(':') == word)?;
        words.get(i.checked_sub(1)?)?.parse().ok()
    })
}

#[test]
fn export_conll_tags_tokens_bio_and_reports_what_it_drops() {
    let dir = imported_project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("all.conll");
    let run = gloss(&[&"export", &"conll", &dir.path(), &"--out", &out]);
    assert_eq!(run.code, 0, "{run:?}");
    let conll = fs::read_to_string(&out).unwrap();
    assert!(conll.starts_with("-DOCSTART-"), "{conll}");
    let lines: Vec<&str> = conll.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("-DOCSTART-")).count(),
        2,
        "{conll}"
    );

    let mut rows: Vec<(&str, &str)> = Vec::new();
    let mut previous: Option<&str> = None;
    for line in &lines {
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            previous = None;
            continue;
        }
        assert!(!line.contains('\r'), "{line:?}");
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 2, "TOKEN TAG: {line:?}");
        let (token, tag) = (fields[0], fields[1]);
        assert!(!token.is_empty(), "{line:?}");
        let ok = tag == "O"
            || tag.strip_prefix("B-").is_some_and(|t| !t.is_empty())
            || tag.strip_prefix("I-").is_some_and(|t| {
                !t.is_empty()
                    && previous.is_some_and(|p| p == format!("B-{t}") || p == format!("I-{t}"))
            });
        assert!(
            ok,
            "bad tag {tag:?} after {previous:?} in {line:?}\n{conll}"
        );
        rows.push((token, tag));
        previous = Some(tag);
    }
    let tag_of = |token: &str| {
        rows.iter()
            .find(|(t, _)| *t == token)
            .map(|(_, tag)| *tag)
            .unwrap_or_else(|| panic!("no token {token:?} in\n{conll}"))
    };
    assert_eq!(tag_of("Tomasevic"), "B-Person", "{conll}");
    assert_eq!(tag_of("Reuters"), "B-Organization", "{conll}");
    assert_eq!(tag_of("/"), "O", "{conll}");
    // An entity inside what would be one word is cut out of it.
    let getty = rows
        .iter()
        .position(|r| r.0 == "Getty")
        .unwrap_or_else(|| panic!("Getty is a token of its own:\n{conll}"));
    assert_eq!(rows[getty].1, "B-Organization", "{conll}");
    assert_eq!(rows[getty - 1].1, "O", "{conll}");
    assert!(rows[getty - 1].0.starts_with("AFP"), "{conll}");
    assert_eq!(tag_of("Mosul"), "B-GPE", "{conll}");
    assert_eq!(tag_of("Cedar"), "B-Organization", "{conll}");
    assert_eq!(tag_of("Trust"), "I-Organization", "{conll}");
    assert_eq!(tag_of("Monday"), "O", "{conll}");
    let dana = rows.iter().position(|r| *r == ("Dana", "B-Person"));
    assert_eq!(
        dana.map(|i| rows[i + 1]),
        Some(("Reyes", "I-Person")),
        "{conll}"
    );

    assert_eq!(count_before(&run.stderr, "events"), Some(3), "{run:?}");
    assert_eq!(count_before(&run.stderr, "relations"), Some(1), "{run:?}");
}

// ---------------------------------------------------------------------------
// 6. import jsonl

const PLAIN_A: &str = "Kestova troops entered Varn on Monday.\n";
const PLAIN_B: &str = "Relief \u{1F691} reached Dolmar; Mira Todd watched.\n";

#[test]
fn import_jsonl_adds_suggestions_matched_by_file_or_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), PLAIN_A).unwrap();
    fs::write(dir.path().join("b.txt"), PLAIN_B).unwrap();
    let varn = char_offset(PLAIN_A, "Varn");
    let (mira16, dolmar16) = (
        utf16_offset(PLAIN_B, "Mira Todd"),
        utf16_offset(PLAIN_B, "Dolmar"),
    );
    assert_ne!(mira16, char_offset(PLAIN_B, "Mira Todd"));
    let lines = [
        json!({"text": PLAIN_A, "spans": [{"start": varn, "end": varn + 4, "label": "GPE"}],
               "meta": {"file": "a.txt"}}),
        json!({"text": PLAIN_B, "label": [[mira16, mira16 + 9, "PER"], [dolmar16, dolmar16 + 6, "GPE"]]}),
    ];
    let feed_dir = tempfile::tempdir().unwrap();
    let feed = feed_dir.path().join("model.jsonl");
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(&feed, &body).unwrap();

    let run = gloss(&[
        &"import",
        &"jsonl",
        &feed,
        &"--into",
        &dir.path(),
        &"--source",
        &"model-x",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let want = [
        ("a.txt", vec![("GPE", "Varn")]),
        ("b.txt", vec![("GPE", "Dolmar"), ("PER", "Mira Todd")]),
    ];
    for (name, spans) in &want {
        let doc = read_json(&sidecar_of(dir.path(), name));
        let text = if *name == "a.txt" { PLAIN_A } else { PLAIN_B };
        let entities = doc["entities"].as_array().unwrap();
        let mut got = Vec::new();
        for e in entities {
            let s = e["start"].as_u64().unwrap() as usize;
            let end = e["end"].as_u64().unwrap() as usize;
            assert_eq!(slice(text, s, end), e["text"].as_str().unwrap(), "{e}");
            assert_eq!(e["suggested"], json!({"source": "model-x"}), "{e}");
            got.push((e["type"].as_str().unwrap(), e["text"].as_str().unwrap()));
        }
        got.sort();
        assert_eq!(&got, spans, "{name}: {doc:#}");
    }
    let run = gloss(&[&"validate", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");

    // The same records again add nothing.
    let before: Vec<Vec<u8>> = ["a.txt", "b.txt"]
        .iter()
        .map(|n| fs::read(sidecar_of(dir.path(), n)).unwrap())
        .collect();
    let run = gloss(&[&"import", &"jsonl", &feed, &"--into", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    for (n, bytes) in ["a.txt", "b.txt"].iter().zip(&before) {
        let doc = read_json(&sidecar_of(dir.path(), n));
        let old: Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(doc["entities"], old["entities"], "{n}: {run:?}");
    }

    // A record that matches no document is said, and fails the run.
    let stray = feed_dir.path().join("stray.jsonl");
    let orphan = json!({"text": "Nobody wrote this text.\n", "spans": [{"start": 0, "end": 6, "label": "PER"}]});
    fs::write(&stray, format!("{}\n{orphan}\n", lines[0])).unwrap();
    let run = gloss(&[&"import", &"jsonl", &stray, &"--into", &dir.path()]);
    assert_ne!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("stray.jsonl:2") && l.contains("no document")),
        "{run:?}"
    );
    let run = gloss(&[&"validate", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
}

// ---------------------------------------------------------------------------
// 7. the brat news tutorial, in and out again

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn ann_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ann_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ann") {
            out.push(path);
        }
    }
}

#[test]
fn the_news_tutorial_round_trips() {
    let tutorial = Path::new(NEWS_TUTORIAL);
    if !tutorial.is_dir() {
        eprintln!("skipped: {NEWS_TUTORIAL} is not there");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("in");
    let out = work.path().join("out");
    copy_tree(tutorial, &src);
    let mut docs = Vec::new();
    ann_files(&src, &mut docs);
    docs.sort();
    assert!(!docs.is_empty());

    let run = gloss(&[&"import", &"brat", &src]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = gloss(&[&"export", &"brat", &src, &"--out", &out]);
    assert_eq!(run.code, 0, "{run:?}");

    let mut failures = String::new();
    let mut checked = 0;
    for doc in &docs {
        let rel = doc.strip_prefix(&src).unwrap();
        let Ok(exported) = fs::read_to_string(out.join(rel)) else {
            failures.push_str(&format!("{}: not exported\n", rel.display()));
            continue;
        };
        let (want, got) = (canon(&fs::read_to_string(doc).unwrap()), canon(&exported));
        if want != got {
            failures.push_str(&format!("{}:\n{}", rel.display(), canon_diff(&want, &got)));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{checked} of {} exported; differences:\n{failures}",
        docs.len()
    );
}
