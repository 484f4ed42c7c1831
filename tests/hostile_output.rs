//! Nothing injected, nothing forged: the real binary's output, checked on
//! its raw bytes, never carries a control character or a bidi override out
//! of a file name, id, type, role, note or text (they are shown as `^[`,
//! `<009B>`, `<202E>`, as the terminal view shows them); and a multi-line
//! note goes out to brat and back without forging an annotation.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[allow(dead_code)]
mod common;

use common::headless::run_gloss;

/// How long one run of the binary may take before the test gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

/// A hostile file name: an escape sequence that sets the terminal's title.
const HOSTILE_NAME: &str = "\u{1b}]0;pwnedname\u{7}";

/// An escape sequence that writes to the user's clipboard (OSC 52).
const CLIPBOARD: &str = "\u{1b}]52;c;cHduZWQ=\u{7}";

struct Run {
    code: i32,
    /// stdout then stderr, as the bytes gloss wrote.
    raw: Vec<u8>,
}

impl Run {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

/// Runs gloss in `dir` with an empty home, capturing its raw output.
fn gloss(dir: &Path, args: &[&str]) -> Run {
    let run = run_gloss(args, Some(dir), &dir.join(".home"), RUN_DEADLINE);
    let mut raw = run.stdout;
    raw.extend(run.stderr);
    Run {
        code: run
            .code
            .unwrap_or_else(|| panic!("gloss {args:?} did not finish within {RUN_DEADLINE:?}")),
        raw,
    }
}

/// What in raw output would reach the terminal as more than text: invalid
/// UTF-8, any control character but a line break or tab (ESC, BEL, CSI
/// U+009B, …), or a bidi override or isolate.
fn raw_controls(raw: &[u8]) -> Vec<String> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return vec!["invalid UTF-8".into()];
    };
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

fn assert_clean(label: &str, run: &Run) {
    let found = raw_controls(&run.raw);
    assert!(
        found.is_empty(),
        "{label} wrote {found:?} raw:\n{}",
        run.text().escape_debug()
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn entity(id: &str, kind: &str, text: &str, word: &str) -> Value {
    let at = text.find(word).unwrap();
    let start = text[..at].chars().count();
    json!({"id": id, "type": kind, "start": start, "end": start + word.chars().count(), "text": word})
}

fn sidecar(file: &str, text: &str, note: &str, entities: Vec<Value>) -> Value {
    json!({
        "format": "gloss", "version": 1,
        "source": {"file": file, "sha256": sha256_hex(text.as_bytes()), "encoding": "utf-8",
                   "chars": text.chars().count()},
        "annotator": null, "status": "in_progress", "note": note,
        "entities": entities, "events": [], "relations": [],
    })
}

fn write_json(path: &Path, value: &Value) {
    fs::write(path, serde_json::to_string_pretty(value).unwrap() + "\n").unwrap();
}

/// A gloss corpus `c` whose annotations hold escape sequences and bidi
/// overrides everywhere, one whose source changed under a hostile id, and
/// an article with a hostile name and a broken annotation file; a brat
/// folder `b` with hostile lines and a hostile file name.
fn hostile_corpus(base: &Path) {
    let c = base.join("c");
    fs::create_dir(&c).unwrap();
    let text = "Alice met Bob in Paris.\n";
    fs::write(c.join("a.txt"), text).unwrap();
    let mut alice = entity("T1", "PER", text, "Alice");
    alice["note"] = json!("note \u{9b}2J \u{1b}[2J \u{202e}desrever");
    let mut doc = sidecar(
        "a.txt",
        text,
        "doc \u{1b}]0;NOTE\u{7}",
        vec![
            alice,
            entity("T2", "ORG\u{1b}]0;x\u{7}", text, "Bob"),
            entity("T4", "GPE\u{9b}2J\u{202e}", text, "Paris"),
        ],
    );
    doc["events"] = json!([{
        "id": format!("E1{CLIPBOARD}"), "type": "Conflict.Attack",
        "trigger": {"id": "T3", "start": 6, "end": 9, "text": "met"},
        "arguments": [{"role": "Attacker\u{1b}]0;PWN\u{7}\nforged line", "ref": "T1"}],
    }]);
    write_json(&c.join("a.txt.ann.json"), &doc);
    // The source changed: one annotation moves, one is orphaned.
    let old = "Zed met Ann.\n";
    let new = "Then Zed met Bo.\n";
    fs::write(c.join("moved.txt"), new).unwrap();
    let mut moved = sidecar(
        "moved.txt",
        old,
        "",
        vec![entity(&format!("T1{CLIPBOARD}"), "PER", old, "Zed")],
    );
    moved["entities"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "T2\u{202e}", "type": "PER", "start": 8, "end": 11, "text": "Ann"}));
    write_json(&c.join("moved.txt.ann.json"), &moved);
    fs::write(c.join(format!("{HOSTILE_NAME}.txt")), "Zed went home.\n").unwrap();
    fs::write(
        c.join(format!("{HOSTILE_NAME}.txt.ann.json")),
        "{\"format\": \"gloss\", \"version\": 1, \"entities\": [",
    )
    .unwrap();
    let b = base.join("b");
    fs::create_dir(&b).unwrap();
    fs::write(b.join("y.txt"), "Alice met Bob.\n").unwrap();
    fs::write(
        b.join("y.ann"),
        format!("T1\tPER\u{1b}]0;x\u{7} 0 5\tAlice\nT2\tPER 6 9\twrong{CLIPBOARD}\n"),
    )
    .unwrap();
    fs::write(b.join(format!("{HOSTILE_NAME}.txt")), "Zed went home.\n").unwrap();
    fs::write(
        b.join(format!("{HOSTILE_NAME}.ann")),
        "T1\tPER 0 3\tZed\nbroken line \u{1b}]0;PWN\u{7}\n",
    )
    .unwrap();
    let record = json!({"text": "Zed went home.\n", "spans": [{"start": 0, "end": 3, "label": "PER\u{9b}"}],
                        "meta": {"file": format!("{HOSTILE_NAME}.txt")}});
    let jsonl = format!("{record}\n{{\"text\": 1, \"x\u{1b}\": 2}}\nnot json \u{1b}[2J\n");
    fs::write(base.join(format!("{HOSTILE_NAME}.jsonl")), jsonl).unwrap();
}

#[test]
fn no_command_writes_a_raw_control_character_or_bidi_override() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    hostile_corpus(base);
    let jsonl = format!("{HOSTILE_NAME}.jsonl");
    let commands: [(&str, Vec<&str>); 10] = [
        ("validate", vec!["validate", "c"]),
        ("stats", vec!["stats", "c"]),
        (
            "export jsonl",
            vec!["export", "jsonl", "c", "--out", "o.jsonl"],
        ),
        (
            "export doccano",
            vec!["export", "doccano", "c", "--out", "o.dj"],
        ),
        (
            "export conll",
            vec!["export", "conll", "c", "--out", "o.conll"],
        ),
        ("export brat", vec!["export", "brat", "c", "--out", "ob"]),
        ("import brat", vec!["import", "brat", "b"]),
        (
            "import jsonl",
            vec!["import", "jsonl", &jsonl, "--into", "c"],
        ),
        ("reanchor", vec!["reanchor", "c"]),
        ("reanchor again", vec!["reanchor", "c"]),
    ];
    let mut outputs = Vec::new();
    for (label, args) in &commands {
        let run = gloss(base, args);
        assert_clean(label, &run);
        outputs.push((*label, run.text()));
    }
    let said = |label: &str| -> &str { &outputs.iter().find(|(l, _)| *l == label).unwrap().1 };
    // The values are shown, escaped as the terminal view shows them.
    let validate = said("validate");
    assert!(
        validate.contains("c/^[]0;pwnedname^G.txt.ann.json: cannot be used"),
        "{validate}"
    );
    assert!(
        validate.contains("E1^[]52;c;cHduZWQ=^G: role \"Attacker^[]0;PWN^G^Jforged line\""),
        "{validate}"
    );
    assert!(
        validate.contains("T4: type \"GPE<009B>2J<202E>\""),
        "{validate}"
    );
    assert!(
        !validate.lines().any(|l| l.starts_with("forged line")),
        "{validate}"
    );
    assert!(
        said("stats").contains("  ORG^[]0;x^G "),
        "{}",
        said("stats")
    );
    assert!(said("import brat").contains("b/^[]0;pwnedname^G.ann: line 2"));
    assert!(said("import jsonl").contains("^[]0;pwnedname^G.jsonl:3: "));
    let reanchor = said("reanchor");
    assert!(
        reanchor.contains("T1^[]52;c;cHduZWQ=^G: moved 0..3 → 5..8"),
        "{reanchor}"
    );
    assert!(
        reanchor.contains("T2<202E>: orphaned \"Ann\""),
        "{reanchor}"
    );
}

#[test]
fn a_start_up_error_shows_a_hostile_path_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("{HOSTILE_NAME}\n\u{202e}gone");
    let run = gloss(dir.path(), &["validate", &missing]);
    assert_clean("validate of a missing path", &run);
    assert_eq!(run.code, 2);
    assert!(
        run.text()
            .starts_with("gloss: ^[]0;pwnedname^G^J<202E>gone: no such file or folder"),
        "{}",
        run.text()
    );
    let run = gloss(
        dir.path(),
        &["--annotator", &format!("a{CLIPBOARD}\u{9b}"), "stats", "."],
    );
    assert_clean("a refused --annotator", &run);
    assert_eq!(run.code, 2);
}

#[test]
fn a_multi_line_note_goes_through_brat_without_forging_an_annotation() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    let c = base.join("c");
    fs::create_dir(&c).unwrap();
    let text = "Alice met a foo in Paris.\n";
    fs::write(c.join("a.txt"), text).unwrap();
    let mut alice = entity("T1", "PER", text, "Alice");
    alice["note"] = json!("first line\nT5\tORG 12 15\tfoo");
    let mut paris = entity("T2", "GPE", text, "Paris");
    paris["note"] = json!("an ordinary note\r\nwith a second line\u{2028}and a third");
    write_json(
        &c.join("a.txt.ann.json"),
        &sidecar("a.txt", text, "", vec![alice, paris]),
    );

    let export = gloss(base, &["export", "brat", "c", "--out", "out"]);
    assert_eq!(export.code, 0, "{}", export.text());
    assert!(
        export
            .text()
            .contains("brat: 2 notes with line breaks: each line break written as a space"),
        "{}",
        export.text()
    );
    let ann = fs::read_to_string(base.join("out/a.ann")).unwrap();
    assert_eq!(
        ann,
        "T1\tPER 0 5\tAlice\nT2\tGPE 19 24\tParis\n\
         #1\tAnnotatorNotes T1\tfirst line T5\tORG 12 15\tfoo\n\
         #2\tAnnotatorNotes T2\tan ordinary note with a second line and a third\n"
    );

    let import = gloss(base, &["import", "brat", "out"]);
    assert_eq!(import.code, 0, "{}", import.text());
    let back: Value =
        serde_json::from_str(&fs::read_to_string(base.join("out/a.txt.ann.json")).unwrap())
            .unwrap();
    let entities: Vec<(&str, &str, &str, &str)> = back["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("");
            (s("id"), s("type"), s("text"), s("note"))
        })
        .collect();
    assert_eq!(
        entities,
        [
            ("T1", "PER", "Alice", "first line T5\tORG 12 15\tfoo"),
            (
                "T2",
                "GPE",
                "Paris",
                "an ordinary note with a second line and a third"
            ),
        ]
    );
}
