//! `gloss search` run as the real binary: lines, JSON, counts, exit codes,
//! regular expressions, annotation queries and sources in other encodings.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::run_gloss;

/// How long one run of the binary may take before the test gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    fn json(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

/// `gloss search ARGS...` with the corpus folder as the working folder.
fn search(dir: &Path, args: &[&str]) -> Run {
    let home = dir.join(".home");
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    let run = run_gloss(&all, Some(dir), &home, RUN_DEADLINE);
    Run {
        code: run.code,
        stdout: String::from_utf8(run.stdout).expect("search prints UTF-8"),
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
    }
}

/// The code-point slice `start..end` of a text.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

const TWO: &str = "Mosul fell.\nThey left Mosul, MOSUL and mosul behind.\n";
const TEN: &str = "𝔸 astral first: Mosul\n";
const SUB: &str = "No city here.\n";

/// `2.txt`, `10.txt` (natural order: 2 first), `sub/1.txt`, and a hidden
/// folder that the corpus walk leaves out.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::create_dir_all(root.join(".hidden")).unwrap();
    fs::write(root.join("2.txt"), TWO).unwrap();
    fs::write(root.join("10.txt"), TEN).unwrap();
    fs::write(root.join("sub/1.txt"), SUB).unwrap();
    fs::write(root.join(".hidden/x.txt"), "Mosul").unwrap();
    fs::write(root.join("notes.md"), "Mosul").unwrap();
    dir
}

#[test]
fn one_line_per_match_in_corpus_order_with_line_and_column() {
    let dir = corpus();
    let run = search(dir.path(), &["Mosul", "c"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.lines(),
        [
            "c/2.txt:1:1: [Mosul] fell.",
            "c/2.txt:2:11: They left [Mosul], MOSUL and mosul behind.",
            // Columns count code points: the astral letter is one.
            "c/10.txt:1:17: 𝔸 astral first: [Mosul]",
        ],
        "{run:?}"
    );
    // All lower case ignores case (smart case, as in the article).
    let run = search(dir.path(), &["mosul", "c"]);
    assert_eq!(run.lines().len(), 5, "{run:?}");
    assert!(run.lines()[2].contains("[MOSUL]"), "{run:?}");
}

#[test]
fn json_offsets_slice_to_the_match_in_code_points() {
    let dir = corpus();
    let run = search(dir.path(), &["Mosul", "c", "--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let objects = run.json();
    assert_eq!(objects.len(), 3, "{run:?}");
    for o in &objects {
        let file = o["file"].as_str().unwrap();
        let text = if file.ends_with("10.txt") { TEN } else { TWO };
        let (start, end) = (o["start"].as_u64().unwrap(), o["end"].as_u64().unwrap());
        assert_eq!(slice(text, start as usize, end as usize), "Mosul", "{o}");
        assert_eq!(o["text"], "Mosul");
        assert_eq!(o["context"]["match"], "Mosul");
        assert!(o.get("id").is_none(), "{o}");
    }
    let astral = &objects[2];
    assert_eq!(
        (&astral["start"], &astral["line"], &astral["column"]),
        (&json!(16), &json!(1), &json!(17))
    );
    assert_eq!(astral["context"]["left"], "𝔸 astral first: ");
}

#[test]
fn count_says_how_many_in_each_file_that_has_any() {
    let dir = corpus();
    let run = search(dir.path(), &["mosul", "c", "--count"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.lines(), ["c/2.txt:4", "c/10.txt:1"], "{run:?}");
}

#[test]
fn exit_codes_say_matched_nothing_or_error_as_grep() {
    let dir = corpus();
    let run = search(dir.path(), &["zzzqqq", "c"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(1), ""), "{run:?}");
    let run = search(dir.path(), &["Mosul", "nowhere"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("nowhere: no such file or folder"),
        "{run:?}"
    );
    // A folder without text is an error in its place; the rest is searched.
    fs::create_dir(dir.path().join("empty")).unwrap();
    let run = search(dir.path(), &["Mosul", "empty", "c"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("empty: no .txt files found"), "{run:?}");
    assert_eq!(run.lines().len(), 3, "{run:?}");
    // A bad regular expression: what and where, with a mark under it.
    let run = search(dir.path(), &["re:Mos(ul", "c"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("unclosed group (at column 7)"),
        "{run:?}"
    );
    assert!(run.stderr.contains("  re:Mos(ul\n        ^\n"), "{run:?}");
    assert_eq!(run.stdout, "");
    for bad in ["", "@", "@PER:", "re:"] {
        let run = search(dir.path(), &[bad, "c"]);
        assert_eq!(run.code, Some(2), "{bad:?}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{run:?}");
    }
}

#[test]
fn regular_expressions_keep_case_as_written() {
    let dir = corpus();
    let run = search(dir.path(), &["re:M[A-Za-z]+L", "c"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.lines(),
        ["c/2.txt:2:18: They left Mosul, [MOSUL] and mosul behind."]
    );
    let run = search(dir.path(), &["re:(?i)^mosul", "c"]);
    assert_eq!(run.lines().len(), 1, "{run:?}");
}

#[test]
fn a_file_in_another_encoding_is_searched_in_its_decoded_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    fs::create_dir(&root).unwrap();
    // Latin-1: é and ü are one byte each, one code point each.
    fs::write(
        root.join("latin1.txt"),
        b"Caf\xe9 in M\xfcnchen.\nDie B\xfcrger von M\xfcnchen.\n",
    )
    .unwrap();
    // A binary file is passed over (and said), not an error.
    fs::write(root.join("bin.txt"), b"M\xfcnchen\x00\x01\x02").unwrap();
    let run = search(dir.path(), &["München", "c", "--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let objects = run.json();
    assert_eq!(objects.len(), 2, "{run:?}");
    let text = "Café in München.\nDie Bürger von München.\n";
    for o in &objects {
        let (s, e) = (o["start"].as_u64().unwrap(), o["end"].as_u64().unwrap());
        assert_eq!(slice(text, s as usize, e as usize), "München", "{o}");
    }
    assert_eq!(
        (&objects[1]["line"], &objects[1]["column"]),
        (&json!(2), &json!(16))
    );
    assert!(
        run.stderr.contains("bin.txt: not searched: a binary file"),
        "{run:?}"
    );
}

#[test]
fn control_characters_in_texts_and_names_are_shown_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    fs::create_dir(&root).unwrap();
    fs::write(
        root.join("e\u{1b}[2J.txt"),
        "red \u{1b}[31mMosul\u{202e} x\n",
    )
    .unwrap();
    let run = search(dir.path(), &["Mosul", "c"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.lines(),
        ["c/e^[[2J.txt:1:10: red ^[[31m[Mosul]<202E> x"]
    );
    let run = search(dir.path(), &["Mosul", "c", "--json"]);
    assert!(!run.stdout.contains(['\u{1b}', '\u{202e}']), "{run:?}");
    // The context is as shown; the file name is the very one.
    let o = &run.json()[0];
    assert_eq!(o["context"]["right"], "<202E> x");
    assert!(o["file"].as_str().unwrap().contains('\u{1b}'));
    // The matched text is the very text, written as JSON escapes.
    let run = search(dir.path(), &["re:Mosul.", "c", "--json"]);
    assert!(!run.stdout.contains(['\u{1b}', '\u{202e}']), "{run:?}");
    assert!(run.stdout.contains("\\u202e"), "{run:?}");
    assert_eq!(run.json()[0]["text"], "Mosul\u{202e}");
}

const WIRE: &str = "Ahmed met Sara in Mosul.\nAhmed left Mosul.\n";

fn entity(id: &str, kind: &str, start: usize, end: usize, suggested: bool) -> Value {
    let mut e = json!({"id": id, "type": kind, "start": start, "end": end,
                       "text": slice(WIRE, start, end)});
    if suggested {
        e["suggested"] = json!({"source": "model"});
    }
    e
}

/// `c/wire.txt` with accepted, suggested, unknown-type and orphaned
/// annotations, and `c/plain.txt` with no annotation file.
fn annotated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    fs::create_dir(&root).unwrap();
    fs::write(root.join("wire.txt"), WIRE).unwrap();
    fs::write(root.join("plain.txt"), "Ahmed again.\n").unwrap();
    let mut orphan = entity("T6", "PER", 25, 30, false);
    orphan["text"] = json!("Zed");
    orphan["orphaned"] = json!(true);
    let doc = json!({
        "format": "gloss", "version": 1,
        "source": {"file": "wire.txt", "sha256": sha256(WIRE.as_bytes()), "encoding": "utf-8",
                   "chars": WIRE.chars().count()},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": [
            entity("T1", "PER", 0, 5, false),
            entity("T2", "PER", 10, 14, false),
            entity("T3", "GPE", 18, 23, true),
            entity("T4", "PER", 25, 30, true),
            entity("T5", "NOPE", 36, 41, false),
            orphan,
        ],
        "events": [], "relations": [],
    });
    fs::write(
        root.join("wire.txt.ann.json"),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();
    dir
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn annotation_queries_find_types_texts_suggestions_and_problems() {
    let dir = annotated();
    let run = search(dir.path(), &["@PER", "c"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.lines(),
        [
            "c/wire.txt:1:1: T1 PER: [Ahmed] met Sara in Mosul.",
            "c/wire.txt:1:11: T2 PER: Ahmed met [Sara] in Mosul.",
            "c/wire.txt:2:1: T4 PER: [Ahmed] left Mosul.",
            "c/wire.txt:2:1: T6 PER: [Ahmed] left Mosul.",
        ],
        "{run:?}"
    );
    let run = search(dir.path(), &["@PER:sara", "c", "--json"]);
    let objects = run.json();
    assert_eq!(objects.len(), 1, "{run:?}");
    assert_eq!(
        (
            &objects[0]["id"],
            &objects[0]["type"],
            &objects[0]["start"],
            &objects[0]["end"]
        ),
        (&json!("T2"), &json!("PER"), &json!(10), &json!(14))
    );
    let run = search(dir.path(), &["@?", "c"]);
    let ids: Vec<&str> = run
        .lines()
        .iter()
        .map(|l| l.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(ids, ["T3", "T4"], "{run:?}");
    // Problems: the type the schema does not know and the orphan.
    let run = search(dir.path(), &["@!", "c"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines = run.lines();
    assert_eq!(lines.len(), 2, "{run:?}");
    assert!(
        lines[0].starts_with("c/wire.txt:2:1: T6 PER: [Ahmed]") && lines[0].contains("orphaned"),
        "{run:?}"
    );
    assert!(
        lines[1].starts_with("c/wire.txt:2:12: T5 NOPE: Ahmed left [Mosul]"),
        "{run:?}"
    );
    // No such type: nothing matched.
    let run = search(dir.path(), &["@ORG", "c"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(1), ""), "{run:?}");
}

#[test]
fn an_unusable_annotation_file_is_a_problem_for_at_bang_and_an_error_otherwise() {
    let dir = annotated();
    fs::write(dir.path().join("c/plain.txt.ann.json"), "{ not json").unwrap();
    let run = search(dir.path(), &["@!", "c"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.lines()[0].starts_with("c/plain.txt:1:1: []"), "{run:?}");
    assert!(run.lines()[0].contains("cannot be used"), "{run:?}");
    let run = search(dir.path(), &["@PER", "c"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("plain.txt: annotation file cannot be used"),
        "{run:?}"
    );
    assert_eq!(
        run.lines().len(),
        4,
        "the other file's matches still print: {run:?}"
    );
}

#[test]
fn a_source_is_searched_in_the_encoding_its_annotation_file_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    fs::create_dir(&root).unwrap();
    // 0xE9 is é in windows-1252 (what detection says) and й in windows-1251.
    let bytes = b"Caf\xe9 Lenin\n";
    fs::write(root.join("a.txt"), bytes).unwrap();
    fs::write(root.join("b.txt"), bytes).unwrap();
    let doc = json!({
        "format": "gloss", "version": 1,
        "source": {"file": "b.txt", "sha256": sha256(bytes), "encoding": "windows-1251", "chars": 11},
        "annotator": null, "status": "todo", "note": "",
        "entities": [], "events": [], "relations": [],
    });
    fs::write(root.join("b.txt.ann.json"), doc.to_string()).unwrap();
    let run = search(dir.path(), &["Cafй", "c"]);
    assert_eq!(run.lines(), ["c/b.txt:1:1: [Cafй] Lenin"], "{run:?}");
    let run = search(dir.path(), &["Café", "c"]);
    assert_eq!(run.lines(), ["c/a.txt:1:1: [Café] Lenin"], "{run:?}");
}
