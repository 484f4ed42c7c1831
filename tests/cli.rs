//! The headless commands (`gloss validate`, `gloss stats`) and the start-up
//! errors, run as the real binary on corpora written into temporary folders.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[allow(dead_code)]
mod common;

use common::headless::{Run, run_gloss};

/// How long one run of the binary may take before the test gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

/// Runs gloss with `args`, no terminal and an empty home (so no user
/// configuration can change the outcome), killing it if it hangs.
fn gloss(args: &[&Path]) -> Run {
    let scratch = tempfile::tempdir().unwrap();
    gloss_at_home(args, &scratch.path().join("home"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Text without a leading byte-order mark, as the format counts it.
fn decoded(source: &[u8]) -> &str {
    let text = std::str::from_utf8(source).unwrap();
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The code-point slice `start..end` of a text (Python's `text[start:end]`).
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// An entity whose `text` is taken from the source by code-point offsets.
fn entity(id: &str, kind: &str, source: &str, start: usize, end: usize) -> Value {
    json!({"id": id, "type": kind, "start": start, "end": end, "text": slice(source, start, end)})
}

/// A sidecar as the format describes it, stamped with the source's bytes.
fn sidecar(file: &str, source: &[u8], status: &str, entities: Vec<Value>) -> Value {
    json!({
        "format": "gloss",
        "version": 1,
        "source": {
            "file": file,
            "sha256": sha256_hex(source),
            "encoding": "utf-8",
            "chars": decoded(source).chars().count(),
        },
        "annotator": null,
        "status": status,
        "note": "",
        "entities": entities,
        "events": [],
        "relations": [],
    })
}

/// Writes `NAME` and, if given, `NAME.ann.json` beside it.
fn write_article(dir: &Path, name: &str, source: &[u8], ann: Option<&Value>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, source).unwrap();
    if let Some(ann) = ann {
        let json = serde_json::to_string_pretty(ann).unwrap() + "\n";
        fs::write(dir.join(format!("{name}.ann.json")), json).unwrap();
    }
    path
}

const WIRE: &str = "Kestova troops entered Varn on Monday, officials in Dolmar said.\n";

/// A one-article corpus whose sidecar holds `entities` (built from WIRE).
fn one_article(entities: Vec<Value>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ann = sidecar("wire.txt", WIRE.as_bytes(), "in_progress", entities);
    write_article(dir.path(), "wire.txt", WIRE.as_bytes(), Some(&ann));
    dir
}

fn good_entities() -> Vec<Value> {
    vec![
        entity("T1", "GPE", WIRE, 0, 7),
        entity("T2", "GPE", WIRE, 23, 27),
        entity("T3", "GPE", WIRE, 52, 58),
    ]
}

/// The stdout lines that report a problem with annotation `id`.
fn lines_about<'a>(run: &'a Run, id: &str) -> Vec<&'a str> {
    let needle = format!(": {id}: ");
    run.stdout.lines().filter(|l| l.contains(&needle)).collect()
}

#[test]
fn validate_accepts_a_correct_hand_written_sidecar() {
    assert_eq!(slice(WIRE, 0, 7), "Kestova");
    assert_eq!(slice(WIRE, 23, 27), "Varn");
    assert_eq!(slice(WIRE, 52, 58), "Dolmar");
    let dir = one_article(good_entities());
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        run.stderr
            .contains("1 annotation file(s) checked, 0 problem(s)"),
        "{run:?}"
    );
}

#[test]
fn validate_names_an_entity_whose_text_is_not_the_source_slice() {
    let mut entities = good_entities();
    entities.push(json!({"id": "T9", "type": "GPE", "start": 23, "end": 27, "text": "Vern"}));
    let dir = one_article(entities);
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 1, "{run:?}");
    let t9 = lines_about(&run, "T9");
    assert_eq!(t9.len(), 1, "{run:?}");
    assert!(t9[0].contains("wire.txt.ann.json"), "{run:?}");
    assert!(t9[0].contains("does not match"), "{run:?}");
    assert!(
        t9[0].contains("\"Varn\""),
        "says what the source reads: {run:?}"
    );
    assert_eq!(run.stdout.lines().count(), 1, "only T9 is wrong: {run:?}");
    assert!(run.stderr.contains("1 problem(s)"), "{run:?}");
}

#[test]
fn validate_names_an_entity_with_offsets_outside_the_text() {
    let len = WIRE.chars().count();
    let mut entities = good_entities();
    entities.push(
        json!({"id": "T9", "type": "GPE", "start": len - 2, "end": len + 5, "text": "d.\nxxxxx"}),
    );
    let dir = one_article(entities);
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 1, "{run:?}");
    let t9 = lines_about(&run, "T9");
    assert_eq!(t9.len(), 1, "{run:?}");
    assert!(t9[0].contains("outside the text"), "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
}

#[test]
fn validate_reports_an_unknown_type() {
    let mut entities = good_entities();
    entities.push(entity("T4", "PLANET", WIRE, 8, 14));
    let dir = one_article(entities);
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 1, "{run:?}");
    let t4 = lines_about(&run, "T4");
    assert_eq!(t4.len(), 1, "{run:?}");
    assert!(t4[0].contains("PLANET"), "{run:?}");
    assert!(t4[0].contains("not in the schema"), "{run:?}");
}

#[test]
fn validate_reports_a_duplicate_id() {
    let mut entities = good_entities();
    entities.push(entity("T2", "PER", WIRE, 8, 14));
    let dir = one_article(entities);
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 1, "{run:?}");
    let t2 = lines_about(&run, "T2");
    assert_eq!(t2.len(), 1, "{run:?}");
    assert!(t2[0].contains("more than once"), "{run:?}");
}

#[test]
fn validate_reports_a_broken_json_file_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let good = sidecar("a.txt", WIRE.as_bytes(), "done", good_entities());
    write_article(dir.path(), "a.txt", WIRE.as_bytes(), Some(&good));
    write_article(dir.path(), "b.txt", WIRE.as_bytes(), None);
    fs::write(
        dir.path().join("b.txt.ann.json"),
        "{\"format\": \"gloss\", \"version\": 1, \"entities\": [ {broken",
    )
    .unwrap();
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "only the broken file has a problem: {run:?}"
    );
    assert!(lines[0].contains("b.txt.ann.json"), "{run:?}");
    assert!(lines[0].contains("not valid JSON"), "{run:?}");
    assert!(
        run.stderr.contains("2 annotation file(s) checked"),
        "{run:?}"
    );
}

#[test]
fn validate_reports_a_source_that_changed_under_its_annotations() {
    let dir = one_article(good_entities());
    // Same length, same entity texts, one word changed.
    let changed = WIRE.replace("Monday", "Friday");
    assert_eq!(changed.chars().count(), WIRE.chars().count());
    fs::write(dir.path().join("wire.txt"), &changed).unwrap();
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{run:?}");
    assert!(lines[0].contains("wire.txt.ann.json"), "{run:?}");
    assert!(lines[0].contains("source changed"), "{run:?}");
    assert!(lines[0].contains("sha256"), "{run:?}");
}

#[test]
fn offsets_count_code_points_not_bytes_or_utf16_units() {
    let source = "Café 東京 👩‍🔬 x\n";
    // C a f é ␠ 東 京 ␠ 👩 ZWJ 🔬 ␠ x ⏎
    assert_eq!(slice(source, 5, 7), "東京");
    assert_eq!(slice(source, 12, 13), "x");
    let dir = tempfile::tempdir().unwrap();
    let ann = sidecar(
        "cafe.txt",
        source.as_bytes(),
        "in_progress",
        vec![
            json!({"id": "T1", "type": "GPE", "start": 5, "end": 7, "text": "東京"}),
            json!({"id": "T2", "type": "LOC", "start": 12, "end": 13, "text": "x"}),
        ],
    );
    assert_eq!(ann["source"]["chars"], 14);
    write_article(dir.path(), "cafe.txt", source.as_bytes(), Some(&ann));
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");

    // The same entities at byte offsets (東京 is bytes 6..12) or UTF-16
    // offsets ("x" is unit 13 there) are wrong, and said to be.
    let wrong = sidecar(
        "cafe.txt",
        source.as_bytes(),
        "in_progress",
        vec![
            json!({"id": "T1", "type": "GPE", "start": 6, "end": 12, "text": "東京"}),
            json!({"id": "T2", "type": "LOC", "start": 13, "end": 14, "text": "x"}),
        ],
    );
    write_article(dir.path(), "cafe.txt", source.as_bytes(), Some(&wrong));
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(lines_about(&run, "T1").len(), 1, "{run:?}");
    assert_eq!(lines_about(&run, "T2").len(), 1, "{run:?}");
}

#[test]
fn a_byte_order_mark_is_not_counted_and_crlf_is_two_characters() {
    let source = "\u{feff}Varn\r\nDolmar\r\n";
    let text = decoded(source.as_bytes());
    assert_eq!(slice(text, 0, 4), "Varn");
    assert_eq!(slice(text, 6, 12), "Dolmar");
    let dir = tempfile::tempdir().unwrap();
    let ann = sidecar(
        "bom.txt",
        source.as_bytes(),
        "todo",
        vec![
            entity("T1", "GPE", text, 0, 4),
            entity("T2", "GPE", text, 6, 12),
        ],
    );
    assert_eq!(ann["source"]["chars"], 14);
    write_article(dir.path(), "bom.txt", source.as_bytes(), Some(&ann));
    let run = gloss(&[Path::new("validate"), dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
}

/// `stats` output as section → label → number.
fn parse_stats(stdout: &str) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut out: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut section = String::new();
    for line in stdout.lines() {
        if !line.starts_with(' ') {
            section = line.trim().to_owned();
            out.entry(section.clone()).or_default();
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((last, label)) = words.split_last() else {
            continue;
        };
        if let Ok(n) = last.parse() {
            out.entry(section.clone())
                .or_default()
                .insert(label.join(" "), n);
        }
    }
    out
}

#[test]
fn stats_counts_documents_statuses_and_entities_per_type() {
    let dir = tempfile::tempdir().unwrap();
    let a = "Kestova and Ambria signed the accord; Mira Todd watched.\n";
    let ann_a = sidecar(
        "a.txt",
        a.as_bytes(),
        "in_progress",
        vec![
            entity("T1", "GPE", a, 0, 7),
            entity("T2", "GPE", a, 12, 18),
            entity("T3", "PER", a, 38, 47),
        ],
    );
    assert_eq!(ann_a["entities"][2]["text"], "Mira Todd");
    let b = "The Harbour Union called a strike.\n";
    let ann_b = sidecar(
        "b.txt",
        b.as_bytes(),
        "done",
        vec![entity("T1", "ORG", b, 4, 17)],
    );
    assert_eq!(ann_b["entities"][0]["text"], "Harbour Union");
    write_article(dir.path(), "a.txt", a.as_bytes(), Some(&ann_a));
    write_article(dir.path(), "b.txt", b.as_bytes(), Some(&ann_b));
    write_article(dir.path(), "c.txt", b"Nothing annotated here.\n", None);

    let run = gloss(&[Path::new("stats"), dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    let gpe: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.split_whitespace().next() == Some("GPE"))
        .collect();
    assert_eq!(gpe.len(), 1, "{run:?}");
    assert_eq!(gpe[0].split_whitespace().last(), Some("2"), "{run:?}");

    let stats = parse_stats(&run.stdout);
    let section = |name: &str| {
        stats
            .get(name)
            .unwrap_or_else(|| panic!("no section {name:?}: {run:?}"))
            .clone()
    };
    let docs = section("documents");
    assert_eq!(docs.get("total"), Some(&3), "{run:?}");
    assert_eq!(docs.get("annotated"), Some(&2), "{run:?}");
    let status = section("status");
    assert_eq!(status.get("todo"), Some(&1), "{run:?}");
    assert_eq!(status.get("in progress"), Some(&1), "{run:?}");
    assert_eq!(status.get("done"), Some(&1), "{run:?}");
    assert_eq!(status.get("reviewed"), Some(&0), "{run:?}");
    let types = section("entities by type");
    let expected: BTreeMap<String, u64> = [("GPE", 2), ("ORG", 1), ("PER", 1)]
        .into_iter()
        .map(|(k, n)| (k.to_owned(), n))
        .collect();
    assert_eq!(types, expected, "{run:?}");
}

#[test]
fn a_missing_path_is_exit_code_2_and_named_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("nonexistent");
    for args in [
        vec![gone.as_path()],
        vec![Path::new("validate"), gone.as_path()],
        vec![Path::new("stats"), gone.as_path()],
    ] {
        let run = gloss(&args);
        assert_eq!(run.code, 2, "gloss {args:?}: {run:?}");
        assert!(
            run.stderr.contains(&gone.display().to_string()),
            "gloss {args:?}: {run:?}"
        );
        assert_eq!(run.stdout, "", "gloss {args:?}: {run:?}");
    }
}

#[test]
fn a_folder_without_txt_files_is_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "not an article\n").unwrap();
    for args in [vec![dir.path()], vec![Path::new("validate"), dir.path()]] {
        let run = gloss(&args);
        assert_eq!(run.code, 2, "gloss {args:?}: {run:?}");
        assert!(run.stderr.contains("no .txt files"), "{run:?}");
        assert!(
            run.stderr.contains(&dir.path().display().to_string()),
            "{run:?}"
        );
    }
}

/// Runs gloss with `args` and every gloss folder under `home`, so that a
/// lock taken by the test in that state folder is the one gloss sees.
fn gloss_at_home(args: &[&Path], home: &Path) -> Run {
    let run = run_gloss(args, None, home, RUN_DEADLINE);
    assert!(
        run.code.is_some(),
        "gloss {args:?} did not finish within {RUN_DEADLINE:?}"
    );
    run.into()
}

#[test]
fn import_jsonl_refuses_an_article_another_gloss_holds_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (home, corpus) = (dir.path().join("home"), dir.path().join("c"));
    fs::create_dir_all(&corpus).unwrap();
    let text = "Fighting near Mosul went on.\n";
    let mut records = String::new();
    for name in ["a.txt", "b.txt"] {
        fs::write(corpus.join(name), text).unwrap();
        let record = json!({"text": text, "spans": [{"start": 14, "end": 19, "label": "GPE"}],
                            "meta": {"file": name}});
        records.push_str(&format!("{record}\n"));
    }
    let jsonl = dir.path().join("model.jsonl");
    fs::write(&jsonl, records).unwrap();
    let held_file = corpus.join("a.txt.ann.json");
    // This test process holds a.txt's lock, as a gloss editing it does.
    let locks = home.join(".local/state/gloss/locks");
    let held = gloss::lock::try_lock(&locks, &held_file).unwrap();
    assert!(matches!(held, gloss::lock::LockOutcome::Locked(_)));
    let args = [
        Path::new("import"),
        Path::new("jsonl"),
        &jsonl,
        Path::new("--into"),
        &corpus,
    ];
    let run = gloss_at_home(&args, &home);
    assert_eq!(run.code, 1, "{run:?}");
    let refused = format!(
        "a.txt.ann.json: not written: open in another gloss (process {}); left as it is",
        std::process::id()
    );
    assert!(run.stderr.contains(&refused), "{run:?}");
    assert!(
        run.stderr
            .contains("1 suggestion(s) added to 1 document(s)"),
        "{run:?}"
    );
    assert!(!held_file.exists(), "the held article got a file: {run:?}");
    assert!(corpus.join("b.txt.ann.json").exists(), "{run:?}");
    // Once nobody holds it, the same import goes through.
    drop(held);
    let run = gloss_at_home(&args, &home);
    assert!(held_file.exists(), "{run:?}");
}

#[test]
fn reanchor_refuses_a_held_file_only_when_it_would_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    let ann = sidecar("wire.txt", WIRE.as_bytes(), "in_progress", good_entities());
    write_article(&corpus, "wire.txt", WIRE.as_bytes(), Some(&ann));
    let held_file = corpus.join("wire.txt.ann.json");
    let locks = home.join(".local/state/gloss/locks");
    let held = gloss::lock::try_lock(&locks, &held_file).unwrap();
    assert!(matches!(held, gloss::lock::LockOutcome::Locked(_)));
    let args = [Path::new("reanchor"), &corpus];
    // Nothing to re-anchor: a held file is no failure.
    let run = gloss_at_home(&args, &home);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("not written"), "{run:?}");
    // The source changes: now it would be written, and is refused.
    let source = corpus.join("wire.txt");
    let text = fs::read_to_string(&source).unwrap();
    fs::write(&source, format!("Update. {text}")).unwrap();
    let before = fs::read(&held_file).unwrap();
    let run = gloss_at_home(&args, &home);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "wire.txt.ann.json: not written: open in another gloss (process {})",
            std::process::id()
        )),
        "{run:?}"
    );
    assert_eq!(fs::read(&held_file).unwrap(), before);
    drop(held);
    let run = gloss_at_home(&args, &home);
    assert_eq!(run.code, 0, "{run:?}");
    assert_ne!(fs::read(&held_file).unwrap(), before);
}

/// A short Windows-1251 text is too little for detection, which refuses it;
/// `--encoding` (before or after the command) or the config's `encoding`
/// reads it, in the commands as in the terminal.
#[test]
fn an_encoding_is_forced_by_the_flag_or_the_config_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let (home, corpus) = (dir.path().join("home"), dir.path().join("c"));
    fs::create_dir_all(&corpus).unwrap();
    // "Мосул" in Windows-1251.
    fs::write(corpus.join("ru.txt"), b"\xcc\xee\xf1\xf3\xeb\n").unwrap();
    let out = dir.path().join("out.jsonl");
    let exported = |args: &[&str], home: &Path| {
        let _ = fs::remove_file(&out);
        let mut all: Vec<&Path> = args.iter().map(Path::new).collect();
        all.extend([Path::new("--out"), &out, &corpus]);
        let run = gloss_at_home(&all, home);
        (run, fs::read_to_string(&out).unwrap_or_default())
    };
    let (run, text) = exported(&["export", "jsonl"], &home);
    assert!(!text.contains("Мосул"), "{run:?}{text}");
    assert!(run.stderr.contains("--encoding"), "{run:?}");
    for args in [
        &["--encoding", "windows-1251", "export", "jsonl"][..],
        &["export", "jsonl", "--encoding", "cp1251"],
    ] {
        let (run, text) = exported(args, &home);
        assert!(
            text.contains("\"text\":\"Мосул\\n\""),
            "{args:?} {run:?}{text}"
        );
    }
    let config = home.join(".config/gloss");
    fs::create_dir_all(&config).unwrap();
    fs::write(config.join("config.toml"), "encoding = \"windows-1251\"\n").unwrap();
    let (run, text) = exported(&["export", "jsonl"], &home);
    assert!(text.contains("\"text\":\"Мосул\\n\""), "{run:?}{text}");
}
