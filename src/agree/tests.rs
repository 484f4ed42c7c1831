//! Agreement over small corpora whose figures were worked out by hand or
//! independently (scikit-learn's Cohen's kappa, statsmodels' Fleiss'
//! kappa, dkpro-statistics' α_U on the same spans).

use std::fs;
use std::path::Path;

use super::*;
use crate::store::Placement;

/// (phrase, nth occurrence, type) → (start, end, type) in code points.
fn spans(text: &str, spec: &[(&str, usize, &str)]) -> Vec<(usize, usize, String)> {
    spec.iter()
        .map(|&(phrase, nth, kind)| {
            let mut from = 0;
            let mut at = 0;
            for _ in 0..nth {
                at = from + text[from..].find(phrase).unwrap();
                from = at + 1;
            }
            let start = text[..at].chars().count();
            (start, start + phrase.chars().count(), kind.to_owned())
        })
        .collect()
}

/// Writes an annotation file with these accepted entities (and one
/// suggestion, which must not count).
pub(super) fn write_ann(path: &Path, text: &str, who: Option<&str>, es: &[(usize, usize, String)]) {
    let chars: Vec<char> = text.chars().collect();
    let mut entities: Vec<serde_json::Value> = es
        .iter()
        .enumerate()
        .map(|(i, (s, e, t))| {
            serde_json::json!({"id": format!("T{}", i + 1), "type": t, "start": s, "end": e,
                "text": chars[*s..*e].iter().collect::<String>()})
        })
        .collect();
    entities.push(
        serde_json::json!({"id": "T99", "type": "PER", "start": 0, "end": 1,
        "text": chars[0].to_string(), "suggested": {"by": "model"}}),
    );
    let doc = serde_json::json!({"format": "gloss", "version": 1,
        "source": {"file": "x.txt", "sha256": "0", "encoding": "utf-8", "chars": chars.len()},
        "annotator": who, "status": "done", "note": "",
        "entities": entities, "events": [], "relations": []});
    fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

const HARBOUR: &str = "Maria Lopez met Tomas Berg at the Acme Shipping office in Lisbon. The Lisbon port authority and the Northwind Group signed a deal with Portugal on Monday.\n";
const BRIDGE: &str = "Sara Khan of the Delta Bank visited Cairo. She later met Omar Said and the Cairo Council in Egypt.\n";

type Spec = &'static [(&'static str, usize, &'static str)];

fn harbour() -> [(&'static str, Spec); 3] {
    [
        (
            "ana",
            &[
                ("Maria Lopez", 1, "PER"),
                ("Tomas Berg", 1, "PER"),
                ("Acme Shipping", 1, "ORG"),
                ("Lisbon", 1, "GPE"),
                ("Lisbon port authority", 1, "ORG"),
                ("Lisbon", 2, "GPE"),
                ("Northwind Group", 1, "ORG"),
                ("Portugal", 1, "GPE"),
            ],
        ),
        (
            "ben",
            &[
                ("Maria Lopez", 1, "PER"),
                ("Tomas", 1, "PER"),
                ("Acme Shipping", 1, "ORG"),
                ("Lisbon", 1, "GPE"),
                ("Northwind Group", 1, "ORG"),
                ("Portugal", 1, "ORG"),
            ],
        ),
        (
            "cy",
            &[
                ("Maria Lopez", 1, "PER"),
                ("Tomas Berg", 1, "PER"),
                ("Acme Shipping office", 1, "ORG"),
                ("Lisbon", 1, "GPE"),
                ("Lisbon", 2, "GPE"),
                ("Northwind Group", 1, "ORG"),
                ("Portugal", 1, "GPE"),
            ],
        ),
    ]
}

fn bridge() -> [(&'static str, Spec); 3] {
    [
        (
            "ana",
            &[
                ("Sara Khan", 1, "PER"),
                ("Delta Bank", 1, "ORG"),
                ("Cairo", 1, "GPE"),
                ("Omar Said", 1, "PER"),
                ("Cairo", 2, "GPE"),
                ("Egypt", 1, "GPE"),
            ],
        ),
        (
            "ben",
            &[
                ("Sara Khan", 1, "PER"),
                ("Delta Bank", 1, "ORG"),
                ("Cairo", 1, "GPE"),
                ("Cairo Council", 1, "ORG"),
                ("Egypt", 1, "GPE"),
            ],
        ),
        (
            "cy",
            &[
                ("Sara Khan", 1, "PER"),
                ("Delta", 1, "ORG"),
                ("Cairo", 1, "GPE"),
                ("Omar Said", 1, "PER"),
                ("Cairo Council", 1, "ORG"),
                ("Egypt", 1, "GPE"),
            ],
        ),
    ]
}

fn write_article(dir: &Path, name: &str, text: &str, ann: &[(&str, Spec)]) {
    fs::write(dir.join(name), text).unwrap();
    for (who, spec) in ann {
        let p = dir.join(format!("{name}.{who}.ann.json"));
        write_ann(&p, text, Some(who), &spans(text, spec));
    }
}

/// The two three-annotator articles, one article of ana's alone and a
/// curated file (left out unless asked for).
fn corpus(dir: &Path, bridge_too: bool) -> Vec<(String, Team)> {
    write_article(dir, "harbour.txt", HARBOUR, &harbour());
    let curated = spans(HARBOUR, &[("Monday", 1, "PER"), ("office", 1, "GPE")]);
    write_ann(&dir.join("harbour.txt.ann.json"), HARBOUR, None, &curated);
    if bridge_too {
        write_article(dir, "bridge.txt", BRIDGE, &bridge());
        write_article(
            dir,
            "lonely.txt",
            "Jon Park went to Oslo.\n",
            &[("ana", &[("Oslo", 1, "GPE")])],
        );
    }
    let c = crate::corpus::discover(&[dir.to_path_buf()], &Placement::default()).unwrap();
    let teams = crate::team::teams(&c, &Placement::default());
    c.entries
        .iter()
        .map(|e| e.name.clone())
        .zip(teams)
        .collect()
}

fn close(got: Option<f64>, want: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() < 1e-9)
}

fn pair<'a>(a: &'a Agreement, x: &str, y: &str) -> &'a PairFigures {
    a.pairs.iter().find(|p| p.a == x && p.b == y).unwrap()
}

#[test]
fn span_f1_and_its_counts_pool_the_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let got = agree(&corpus(tmp.path(), true), &Options::default(), None).unwrap();
    assert_eq!(got.annotators, ["ana", "ben", "cy"]);
    assert_eq!(got.articles.compared, 2);
    assert_eq!(got.articles.single_annotator, ["lonely.txt"]);
    let ab = pair(&got, "ana", "ben");
    assert_eq!(
        (
            ab.exact.overall.matches,
            ab.exact.overall.only_a,
            ab.exact.overall.only_b
        ),
        (8, 6, 3)
    );
    assert!(close(ab.exact_f1, 0.64));
    let gpe = &ab.exact.by_type["GPE"];
    assert_eq!((gpe.matches, gpe.only_a, gpe.only_b), (3, 3, 0));
    let bc = pair(&got, "ben", "cy");
    let r = &bc.relaxed.overall;
    assert_eq!((r.matches, r.only_a, r.only_b), (10, 1, 3));
    assert!(close(bc.relaxed_f1, 0.8333333333333334));
    assert!(close(bc.relaxed.by_type["ORG"].f1, 0.8888888888888888));
    let ac = pair(&got, "ana", "cy");
    assert!(close(ac.relaxed.by_type["GPE"].f1, 0.9090909090909091));
    assert!(close(ac.relaxed.by_type["PER"].f1, 1.0));
}

#[test]
fn kappas_pool_every_token_of_the_shared_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let got = agree(&corpus(tmp.path(), true), &Options::default(), None).unwrap();
    assert!(close(
        pair(&got, "ana", "ben").cohen_kappa,
        0.6874999999999999
    ));
    assert!(close(
        pair(&got, "ana", "cy").cohen_kappa,
        0.7707924034053699
    ));
    assert!(close(
        pair(&got, "ben", "cy").cohen_kappa,
        0.7528248587570622
    ));
    assert!(close(got.all.fleiss_kappa, 0.7369223730364499));
}

#[test]
fn alpha_u_of_one_article_for_everyone_and_each_pair() {
    let tmp = tempfile::tempdir().unwrap();
    let got = agree(&corpus(tmp.path(), false), &Options::default(), None).unwrap();
    let near = |g: Option<f64>, w: f64| g.is_some_and(|g| (g - w).abs() < 1e-6);
    assert!(near(got.all.alpha_u, 0.6251123801614349));
    assert!(near(
        got.all.alpha_u_by_type.get("ORG").copied(),
        0.4755549337810111
    ));
    assert!(near(
        got.all.alpha_u_by_type.get("PER").copied(),
        0.9500217881132803
    ));
    assert!(near(pair(&got, "ana", "ben").alpha_u, 0.4501043828746708));
    assert!(near(
        pair(&got, "ben", "cy").alpha_u_by_type.get("ORG").copied(),
        0.8183829166649002
    ));
    assert!(near(
        pair(&got, "ana", "cy").alpha_u_by_type.get("GPE").copied(),
        1.0
    ));
}

#[test]
fn by_article_gives_each_articles_figures_and_the_corpus_alpha_is_their_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let options = Options {
        by_article: true,
        ..Options::default()
    };
    let got = agree(&corpus(tmp.path(), true), &options, None).unwrap();
    let rows = got.by_article.as_ref().unwrap();
    assert_eq!(rows.len(), 2);
    let bridge = rows.iter().find(|r| r.article == "bridge.txt").unwrap();
    let harbour = rows.iter().find(|r| r.article == "harbour.txt").unwrap();
    let f1 = |r: &ArticleFigures, a: &str, b: &str| {
        r.pairs
            .iter()
            .find(|p| p.a == a && p.b == b)
            .unwrap()
            .exact_f1
    };
    assert!(close(f1(harbour, "ana", "ben"), 0.5714285714285714));
    assert!(close(f1(bridge, "ben", "cy"), 0.7272727272727273));
    let near = |g: Option<f64>, w: f64| g.is_some_and(|g| (g - w).abs() < 1e-6);
    assert!(near(bridge.all.alpha_u, 0.6364313345161997));
    assert!(near(
        got.all.alpha_u,
        (0.6251123801614349 + 0.6364313345161997) / 2.0
    ));
    // Pooled, the corpus kappa is not the mean of the articles' kappas.
    let mean = (harbour.pairs[0].cohen_kappa.unwrap() + bridge.pairs[0].cohen_kappa.unwrap()) / 2.0;
    assert!(close(Some(mean), 0.6867024875942513));
    assert!(close(got.pairs[0].cohen_kappa, 0.6874999999999999));
    // Without the option there are no article rows.
    let plain = agree(&corpus(tmp.path(), true), &Options::default(), None).unwrap();
    assert!(plain.by_article.is_none());
}

#[test]
fn the_curated_file_counts_only_when_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let teams = corpus(tmp.path(), false);
    let options = Options {
        include_curated: true,
        ..Options::default()
    };
    let got = agree(&teams, &options, None).unwrap();
    assert_eq!(got.annotators, ["ana", "ben", "curated", "cy"]);
    assert_eq!(got.pairs.len(), 6);
    let c = pair(&got, "ana", "curated");
    assert_eq!(c.exact.overall.matches, 0);
}

#[test]
fn undefined_figures_are_none_and_json_null() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "Nothing here.\n";
    fs::write(tmp.path().join("a.txt"), text).unwrap();
    for who in ["x", "y"] {
        write_ann(
            &tmp.path().join(format!("a.txt.{who}.ann.json")),
            text,
            Some(who),
            &[],
        );
    }
    let c = crate::corpus::discover(&[tmp.path().to_path_buf()], &Placement::default()).unwrap();
    let teams: Vec<_> = vec![(
        "a.txt".to_owned(),
        crate::team::teams(&c, &Placement::default())[0].clone(),
    )];
    let got = agree(&teams, &Options::default(), None).unwrap();
    let p = &got.pairs[0];
    // Every token is O for both: no chance room, no spans, no units.
    assert_eq!((p.exact_f1, p.cohen_kappa, p.alpha_u), (None, None, None));
    let json = serde_json::to_string(&got).unwrap();
    assert!(
        json.contains("\"exact_f1\":null") && !json.contains("NaN"),
        "{json}"
    );
}

#[test]
fn the_diagnosis_has_a_row_per_token_and_a_label_per_annotator() {
    let tmp = tempfile::tempdir().unwrap();
    let mut csv: Vec<u8> = Vec::new();
    agree(
        &corpus(tmp.path(), true),
        &Options::default(),
        Some(&mut csv),
    )
    .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("article,start,end,text,ana,ben,cy"));
    assert!(
        csv.contains("harbour.txt,135,143,Portugal,GPE,ORG,GPE\r\n"),
        "{csv}"
    );
    // Punctuation is a token of its own.
    assert!(csv.contains("harbour.txt,64,65,.,O,O,O\r\n"));
    // Only compared articles have rows.
    assert!(!csv.contains("lonely"));
}

#[test]
fn csv_fields_are_quoted_when_they_must_be() {
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_field(" pad"), "\" pad\"");
}

#[test]
fn pairwise_gives_the_dashboard_the_same_pairs() {
    let tmp = tempfile::tempdir().unwrap();
    let named = corpus(tmp.path(), true);
    let teams: Vec<Team> = named.iter().map(|(_, t)| t.clone()).collect();
    let pairs = pairwise(&teams, &|| false);
    assert_eq!(pairs.len(), 3);
    assert!(close(pairs[0].exact_f1, 0.64));
}

#[test]
fn pairwise_stops_once_cancelled() {
    let tmp = tempfile::tempdir().unwrap();
    let named = corpus(tmp.path(), true);
    let teams: Vec<Team> = named.iter().map(|(_, t)| t.clone()).collect();
    assert!(pairwise(&teams, &|| true).is_empty());
}
