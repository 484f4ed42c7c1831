//! `gloss review DIR --suggestions` in a pseudo-terminal: the queue with
//! its progress, `y`, `x`, `Space` (the item comes back at the end) and
//! `u`, each decision on disk as any edit is.

#[allow(dead_code)]
mod common;

use std::path::Path;

use common::{Corpus, DEADLINE, FIRST, SECOND, Tui, wait_until};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// An annotation file for `article` of `corpus` with these suggestions
/// (type, word: its first occurrence) and one accepted ORG on `accepted`.
fn suggest(corpus: &Corpus, article: &str, words: &[(&str, &str)], accepted: Option<&str>) {
    let path = corpus.dir.join(article);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let span = |word: &str| {
        let start = text[..text.find(word).unwrap()].chars().count();
        (start, start + word.chars().count())
    };
    let mut entities: Vec<Value> = words
        .iter()
        .enumerate()
        .map(|(i, (ty, word))| {
            let (start, end) = span(word);
            json!({"id": format!("T{}", i + 1), "type": ty, "start": start, "end": end,
                   "text": word, "suggested": {"source": "model"}})
        })
        .collect();
    if let Some(word) = accepted {
        let (start, end) = span(word);
        entities.push(json!({"id": "T9", "type": "ORG", "start": start, "end": end, "text": word}));
    }
    let doc = json!({
        "format": "gloss", "version": 1,
        "source": {"file": article, "sha256": format!("{:x}", Sha256::digest(&bytes)),
                   "encoding": "utf-8", "chars": text.chars().count()},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": entities, "events": [], "relations": []
    });
    std::fs::write(corpus.sidecar(article), doc.to_string()).unwrap();
}

/// The entity over `word` in `article`'s file: (type, still suggested,
/// marked reviewed); None when there is none.
fn on_disk(corpus: &Corpus, article: &str, word: &str) -> Option<(String, bool, bool)> {
    let doc = corpus.annotations(article)?;
    let e = doc["entities"]
        .as_array()?
        .iter()
        .find(|e| e["text"] == word)?
        .clone();
    Some((
        e["type"].as_str()?.to_owned(),
        e.get("suggested").is_some(),
        e.get("reviewed").is_some(),
    ))
}

/// Waits until the file says what `want` says.
fn wait_disk(corpus: &Corpus, article: &str, word: &str, want: Option<(&str, bool, bool)>) {
    let want = want.map(|(t, s, r)| (t.to_owned(), s, r));
    let seen = wait_until(DEADLINE, || {
        let now = on_disk(corpus, article, word);
        (now == want).then_some(())
    });
    assert!(
        seen.is_some(),
        "{article} {word}: {:?} on disk, {want:?} wanted",
        on_disk(corpus, article, word)
    );
}

fn review(corpus: &Corpus) -> Tui {
    let args: [&Path; 3] = [Path::new("review"), &corpus.dir, Path::new("--suggestions")];
    Tui::spawn(&args, corpus.home())
}

/// Kestova (GPE) and Dolmar (LOC) suggested in the first article, beside
/// an accepted "Tuesday" no suggestion queue shows; Ambria (GPE) in the
/// second.
fn corpus() -> Corpus {
    let corpus = Corpus::new();
    suggest(
        &corpus,
        FIRST,
        &[("GPE", "Kestova"), ("LOC", "Dolmar")],
        Some("Tuesday"),
    );
    suggest(&corpus, SECOND, &[("GPE", "Ambria")], None);
    corpus
}

#[test]
fn a_queue_of_suggestions_is_decided_with_y_x_space_and_u() {
    let corpus = corpus();
    let mut tui = review(&corpus);
    let screen = tui.wait_for("[Kestova]GPE");
    assert!(screen.contains("1/3"), "{screen}");
    assert!(screen.contains("3 suggestions left"), "{screen}");
    assert!(
        !screen.contains("Tuesday]"),
        "the accepted one is not queued"
    );

    tui.send("y");
    tui.wait_for("2/3");
    wait_disk(&corpus, FIRST, "Kestova", Some(("GPE", false, true)));

    // Dolmar skipped: Ambria next, Dolmar back at the end.
    tui.send(" ");
    let screen = tui.wait_for("[Ambria]GPE");
    assert!(screen.contains("2/3"), "{screen}");
    tui.send("y");
    let screen = tui.wait_for("[Dolmar]LOC");
    assert!(
        screen.contains("3/3") && screen.contains("1 suggestion left"),
        "{screen}"
    );
    wait_disk(&corpus, SECOND, "Ambria", Some(("GPE", false, true)));

    tui.send("x");
    tui.wait_for("end of the queue");
    wait_disk(&corpus, FIRST, "Dolmar", None);

    // u takes the reject back, in the file too, and shows Dolmar again.
    tui.send("u");
    let screen = tui.wait_for("[Dolmar]LOC");
    assert!(screen.contains("3/3"), "{screen}");
    wait_disk(&corpus, FIRST, "Dolmar", Some(("LOC", true, false)));
    // And the accept before it, in the other article.
    tui.send("u");
    tui.wait_for("[Ambria]GPE");
    wait_disk(&corpus, SECOND, "Ambria", Some(("GPE", true, false)));
    wait_disk(&corpus, FIRST, "Tuesday", Some(("ORG", false, false)));

    // q leaves the queue, a second q quits.
    tui.send("q");
    tui.wait_for("left the review queue");
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
}

#[test]
fn enter_opens_the_article_at_the_item_and_q_comes_back_to_the_queue() {
    let corpus = corpus();
    let mut tui = review(&corpus);
    tui.wait_for("[Kestova]GPE");
    tui.send("j\r");
    let screen = tui.wait_for("goes back to the review queue");
    assert!(screen.contains("Articles"), "the reading view: {screen}");
    tui.send("q");
    let screen = tui.wait_for("[Dolmar]LOC");
    assert!(screen.contains("2/3"), "{screen}");
}
