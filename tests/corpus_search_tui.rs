//! End-to-end: `/` in the list pane of the real binary searches every
//! article; the hits of several articles are listed with their context,
//! Esc brings the article list back; Enter opens a hit's article at the
//! match and `t` tags the word there; `n` goes on to the next article's.

#[allow(dead_code)]
mod common;

use common::{Corpus, DEADLINE, ENTER, SECOND, THIRD, wait_until};
use serde_json::Value;

/// Code points before the `nth` "Ambria" of `article`.
fn ambria(article: &str, nth: usize) -> u64 {
    let text = common::ARTICLES
        .iter()
        .find(|(name, _)| *name == article)
        .unwrap()
        .1;
    let byte = text.match_indices("Ambria").nth(nth).unwrap().0;
    text[..byte].chars().count() as u64
}

#[test]
fn slash_in_the_list_lists_hits_of_several_articles_and_enter_opens_one_at_its_match() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces");
    tui.send("/Ambria");
    tui.wait_for("search every article: /Ambria");
    tui.send(ENTER);
    let screen = tui.wait_for("3 matches in 2 articles");
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("Ambria")).collect();
    assert!(
        rows.iter().any(|r| r.contains("02_harbour · 3 · ")),
        "{screen}"
    );
    assert_eq!(
        rows.iter().filter(|r| r.contains("03_ballots · ")).count(),
        2,
        "{screen}"
    );
    assert!(
        rows.iter().any(|r| r.contains("diverted cargo to Ambria")),
        "{screen}"
    );

    // Esc: the article list again; the same search once more.
    tui.send("\x1b");
    tui.wait_for("Articles 1/3");
    tui.send("/Ambria");
    tui.send(ENTER);
    tui.wait_for("3 matches in 2 articles");

    // The first hit: the second article, at "Ambria"; t tags it there.
    tui.send(ENTER);
    tui.wait_for("match 1/3");
    tui.send("t");
    tui.wait_for("Tag “Ambria” as");
    tui.send("GPE");
    tui.send(ENTER);
    let start = ambria(SECOND, 0);
    let tagged = wait_until(DEADLINE, || {
        let doc = corpus.annotations(SECOND)?;
        let e = doc["entities"].as_array()?.first()?.clone();
        (e["type"] == "GPE").then_some(e)
    })
    .unwrap_or_else(|| panic!("nothing tagged in {SECOND}:\n{}", tui.screen()));
    assert_eq!(tagged["start"], Value::from(start));
    assert_eq!(tagged["text"], "Ambria");

    // n goes on to the next hit, in the third article.
    tui.send("n");
    tui.wait_for("match 2/3");
    assert!(corpus.annotations(THIRD).is_none(), "nothing written there");
    tui.send("q");
}
