//! `gloss adjudicate DIR` in a pseudo-terminal, as a curator uses it: two
//! annotators' files of one article, the queue on their disagreements, a
//! digit takes one annotator's version, `x` settles the other with
//! nothing, `u` takes that back; each decision in the curated file on
//! disk as any edit is, and the corpus validates once all are settled.

#[allow(dead_code)]
mod common;

use std::path::Path;

use common::headless::run_gloss;
use common::{Corpus, DEADLINE, FIRST, Tui, wait_until};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// `annotator`'s file of `article`: entities (type, word: its first
/// occurrence).
fn annotate(corpus: &Corpus, article: &str, annotator: &str, words: &[(&str, &str)]) {
    let path = corpus.dir.join(article);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let entities: Vec<Value> = words
        .iter()
        .enumerate()
        .map(|(i, (ty, word))| {
            let start = text[..text.find(word).unwrap()].chars().count();
            json!({"id": format!("T{}", i + 1), "type": ty, "start": start,
                   "end": start + word.chars().count(), "text": word})
        })
        .collect();
    let doc = json!({
        "format": "gloss", "version": 1,
        "source": {"file": article, "sha256": format!("{:x}", Sha256::digest(&bytes)),
                   "encoding": "utf-8", "chars": text.chars().count()},
        "annotator": annotator, "status": "done", "note": "",
        "entities": entities, "events": [], "relations": []
    });
    let file = corpus.dir.join(format!("{article}.{annotator}.ann.json"));
    std::fs::write(file, doc.to_string()).unwrap();
}

/// The curated file's entities as (type, text), and its status.
fn curated(corpus: &Corpus) -> Option<(Vec<(String, String)>, String)> {
    let doc = corpus.annotations(FIRST)?;
    let mut entities: Vec<(String, String)> = doc["entities"]
        .as_array()?
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap_or("").to_owned(),
                e["text"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    entities.sort();
    Some((entities, doc["status"].as_str()?.to_owned()))
}

fn wait_curated(corpus: &Corpus, want: &[(&str, &str)], status: &str) {
    let mut want: Vec<(String, String)> = want
        .iter()
        .map(|(t, w)| ((*t).to_owned(), (*w).to_owned()))
        .collect();
    want.sort();
    let want = Some((want, status.to_owned()));
    let seen = wait_until(DEADLINE, || (curated(corpus) == want).then_some(()));
    assert!(
        seen.is_some(),
        "{:?} on disk, {want:?} wanted",
        curated(corpus)
    );
}

/// The digit on the row that names `annotator` (`1 ana  LOC …`).
fn digit_of(screen: &str, annotator: &str) -> Option<char> {
    screen.lines().find_map(|line| {
        let row = line.trim_start_matches(['│', ' ']);
        let mut words = row.split_whitespace();
        let digit = words.next()?.chars().next().filter(char::is_ascii_digit)?;
        (words.next()? == annotator).then_some(digit)
    })
}

#[test]
fn a_digit_takes_an_annotators_version_and_x_settles_with_nothing() {
    let corpus = Corpus::new();
    // Both: Kestova GPE (merged at once). Dolmar: ana LOC, ben GPE.
    // Tuesday: ana only.
    annotate(
        &corpus,
        FIRST,
        "ana",
        &[("GPE", "Kestova"), ("LOC", "Dolmar"), ("TIME", "Tuesday")],
    );
    annotate(
        &corpus,
        FIRST,
        "ben",
        &[("GPE", "Kestova"), ("GPE", "Dolmar")],
    );
    let args: [&Path; 2] = [Path::new("adjudicate"), &corpus.dir];
    let mut tui = Tui::spawn(&args, corpus.home());
    let screen = tui.wait_for("1/2");
    assert!(screen.contains("[Dolmar]LOC/GPE"), "{screen}");
    wait_curated(&corpus, &[("GPE", "Kestova")], "curation_in_progress");

    let digit = digit_of(&screen, "ana").expect(&screen);
    assert_eq!(
        digit_of(&screen, "ben"),
        Some('2'),
        "numbered in name order: {screen}"
    );
    tui.send(&digit.to_string());
    let screen = tui.wait_for("2/2");
    assert!(screen.contains("[Tuesday]TIME"), "{screen}");
    assert!(screen.contains("ben  (nothing here)"), "{screen}");
    wait_curated(
        &corpus,
        &[("GPE", "Kestova"), ("LOC", "Dolmar")],
        "curation_in_progress",
    );

    tui.send("x");
    tui.wait_for("end of the queue");
    wait_curated(&corpus, &[("GPE", "Kestova"), ("LOC", "Dolmar")], "curated");
    let doc = corpus.annotations(FIRST).unwrap();
    assert_eq!(doc["annotator"], Value::Null);
    assert!(
        doc["rejected"].as_array().is_some_and(|r| r.len() == 1),
        "{doc}"
    );

    // u takes the x back, in the file too.
    tui.send("u");
    tui.wait_for("[Tuesday]TIME");
    let seen = wait_until(DEADLINE, || {
        let doc = corpus.annotations(FIRST)?;
        (doc.get("rejected")
            .is_none_or(|r| r.as_array().is_some_and(Vec::is_empty))
            && doc["status"] == "curation_in_progress")
            .then_some(())
    });
    assert!(seen.is_some(), "{:?}", corpus.annotations(FIRST));
    tui.send("x");
    wait_curated(&corpus, &[("GPE", "Kestova"), ("LOC", "Dolmar")], "curated");

    // q leaves the queue, a second q quits.
    tui.send("q");
    tui.wait_for("left the review queue");
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
    let validated = run_gloss(
        &[Path::new("validate"), &corpus.dir],
        None,
        corpus.home(),
        DEADLINE,
    );
    assert_eq!(validated.code, Some(0), "{}", validated.output());
}
