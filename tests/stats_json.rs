//! `gloss stats` and `gloss stats --json` on a corpus three annotators
//! work on, run as the real binary.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::run_gloss;
use common::json::entity;
use common::{DEADLINE, Tui, wait_until};

const RUN_DEADLINE: Duration = Duration::from_secs(30);

const HARBOUR: &str = "Lisbon and Porto signed with Acme Corp; Maria Lopez watched.\n";
const BRIDGE: &str = "The bridge over the Douro opened in Porto on Monday.\n";

/// `NAME.txt.WHO.ann.json` (the curated `NAME.txt.ann.json` without `who`).
fn annotate(dir: &Path, name: &str, text: &str, who: Option<&str>, status: &str, ents: Vec<Value>) {
    let doc = json!({"format": "gloss", "version": 1,
        "source": {"file": name, "sha256": "", "encoding": "utf-8", "chars": text.chars().count()},
        "annotator": who, "status": status, "note": "",
        "entities": ents, "events": [], "relations": []});
    let file = match who {
        Some(who) => format!("{name}.{who}.ann.json"),
        None => format!("{name}.ann.json"),
    };
    fs::write(dir.join(file), doc.to_string()).unwrap();
}

/// harbour.txt by ana (done), ben (in progress) and cy (reviewed), and
/// curated; bridge.txt by ana alone; quiet.txt by nobody.
fn team_corpus(dir: &Path) -> std::path::PathBuf {
    let c = dir.join("c");
    fs::create_dir_all(&c).unwrap();
    fs::write(c.join("harbour.txt"), HARBOUR).unwrap();
    fs::write(c.join("bridge.txt"), BRIDGE).unwrap();
    fs::write(c.join("quiet.txt"), "Nothing here.\n").unwrap();
    let e = |id, kind, word| entity(HARBOUR, id, kind, word, false);
    annotate(
        &c,
        "harbour.txt",
        HARBOUR,
        Some("ana"),
        "done",
        vec![
            e("T1", "GPE", "Lisbon"),
            e("T2", "GPE", "Porto"),
            e("T3", "ORG", "Acme Corp"),
        ],
    );
    annotate(
        &c,
        "harbour.txt",
        HARBOUR,
        Some("ben"),
        "in_progress",
        vec![e("T1", "GPE", "Lisbon"), e("T2", "PER", "Acme Corp")],
    );
    annotate(
        &c,
        "harbour.txt",
        HARBOUR,
        Some("cy"),
        "reviewed",
        vec![
            e("T1", "GPE", "Lisbon"),
            e("T2", "GPE", "Porto"),
            e("T3", "ORG", "Acme Corp"),
            entity(HARBOUR, "T4", "PER", "Maria Lopez", true),
        ],
    );
    annotate(
        &c,
        "harbour.txt",
        HARBOUR,
        None,
        "in_progress",
        vec![e("T1", "GPE", "Lisbon")],
    );
    annotate(
        &c,
        "bridge.txt",
        BRIDGE,
        Some("ana"),
        "in_progress",
        vec![entity(BRIDGE, "T1", "GPE", "Porto", false)],
    );
    c
}

fn stats(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let corpus = team_corpus(dir);
    let mut all: Vec<&str> = vec!["stats", corpus.to_str().unwrap()];
    all.extend(args);
    let done = run_gloss(&all, Some(dir), &dir.join("home"), RUN_DEADLINE);
    (
        done.code.unwrap_or(-1),
        String::from_utf8_lossy(&done.stdout).into_owned(),
        String::from_utf8_lossy(&done.stderr).into_owned(),
    )
}

#[test]
fn stats_json_gives_every_figure_per_annotator_article_and_pair() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = stats(dir.path(), &["--json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    // The figures plain `gloss stats` always had.
    assert_eq!(v["documents"]["total"], 3);
    assert_eq!(v["status"]["todo"], 2);
    assert_eq!(v["status"]["in_progress"], 1);
    assert_eq!(v["types"]["entities"]["GPE"]["accepted"], 1);
    // Each annotator, by name, with what they finished.
    let names: Vec<&str> = v["annotators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ana", "ben", "cy"]);
    let ana = &v["annotators"][0];
    assert_eq!(
        (ana["articles"].as_u64(), ana["finished"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(ana["entity_types"]["GPE"], 3);
    let cy = &v["annotators"][2];
    assert_eq!(
        (cy["entities"].as_u64(), cy["suggestions"].as_u64()),
        (Some(3), Some(1))
    );
    // Who has finished which article; the lonely one named.
    let harbour = &v["articles"][1];
    assert_eq!(harbour["article"], "harbour.txt");
    assert_eq!(harbour["annotators"]["ben"], "in_progress");
    assert_eq!(harbour["finished"], json!(["ana", "cy"]));
    assert_eq!(v["single_annotator"], json!(["bridge.txt"]));
    // Pairs: exact span F1 with its counts.
    assert_eq!(v["agreement"]["measure"], "exact span F1");
    let ab = &v["agreement"]["pairs"][0];
    assert_eq!(
        (ab["a"].as_str(), ab["b"].as_str()),
        (Some("ana"), Some("ben"))
    );
    assert_eq!(
        (
            ab["matches"].as_u64(),
            ab["only_a"].as_u64(),
            ab["only_b"].as_u64()
        ),
        (Some(1), Some(2), Some(1))
    );
    assert!((ab["f1"].as_f64().unwrap() - 0.4).abs() < 1e-9, "{ab}");
    assert_eq!(v["agreement"]["pairs"][1]["f1"], 1.0);
}

#[test]
fn stats_keeps_its_table_and_adds_annotators_articles_and_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = stats(dir.path(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    // The lines gloss stats always printed come first, unchanged.
    assert!(
        out.starts_with("documents\n  total                        3\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "status\n  todo                         2\n  in progress                  1\n"
        ),
        "{out}"
    );
    let row = |first: &str| {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(first))
            .unwrap_or_else(|| panic!("no row {first}: {out}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(row("ana"), ["ana", "2", "1", "4", "0", "0"]);
    assert_eq!(row("cy"), ["cy", "1", "1", "3", "0", "1"]);
    assert!(
        out.contains("  harbour.txt: 2/3 finished · ana done · ben in progress · cy reviewed"),
        "{out}"
    );
    assert!(
        out.contains("articles with one annotator (nothing to compare)\n  bridge.txt\n"),
        "{out}"
    );
    assert!(
        out.contains("  ana · ben: 0.40 (1 matches, 2 only ana, 1 only ben; 1 articles)"),
        "{out}"
    );
}

#[test]
fn stats_of_a_corpus_without_annotators_prints_no_team_sections() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Alone.\n").unwrap();
    let done = run_gloss(
        &["stats", "a.txt"],
        Some(dir.path()),
        &dir.path().join("home"),
        RUN_DEADLINE,
    );
    let out = String::from_utf8_lossy(&done.stdout);
    assert_eq!(done.code, Some(0), "{out}");
    assert!(out.contains("events complete"), "{out}");
    assert!(!out.contains("annotators"), "{out}");
    let json = run_gloss(
        &["stats", "a.txt", "--json"],
        Some(dir.path()),
        &dir.path().join("home"),
        RUN_DEADLINE,
    );
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["annotators"], json!([]));
    assert_eq!(v["agreement"]["pairs"], json!([]));
}

#[test]
fn d_in_the_terminal_shows_the_team_s_figures_and_q_closes_them() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = team_corpus(dir.path());
    let home = dir.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let mut tui = Tui::spawn(&[corpus.as_path()], &home);
    tui.wait_for("harbour.txt");
    tui.send("D");
    let screen = tui.wait_for("Agreement · exact span F1");
    // The gauges' and the grid's numbers, as the binary computed them.
    assert!(screen.contains("ana"), "{screen}");
    assert!(screen.contains("1/2 finished"), "{screen}");
    assert!(screen.contains("0.40"), "ana · ben: {screen}");
    assert!(screen.contains("1.00"), "ana · cy: {screen}");
    assert!(screen.contains("harbour.txt 2/3 ana cy"), "{screen}");
    tui.send("q");
    let closed = wait_until(DEADLINE, || {
        let screen = tui.screen();
        (!screen.contains("Agreement")).then_some(screen)
    });
    assert!(closed.is_some(), "q closes it: {}", tui.screen());
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
}
