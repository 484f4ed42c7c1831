use serde_json::{Map, Value, json};

use super::*;
use crate::annotation::{Entity, SourceInfo};
use crate::store::Placement;

fn entity(id: &str, kind: &str, (start, end): (usize, usize), suggested: bool) -> Entity {
    Entity {
        id: id.into(),
        kind: kind.into(),
        start,
        end,
        text: "x".repeat(end - start),
        note: None,
        attributes: None,
        suggested: suggested.then(|| json!({"source": "model"})),
        extra: Map::new(),
    }
}

fn doc(status: Status, entities: Vec<Entity>) -> FileRead {
    let mut d = Document::new(SourceInfo::new("a.txt", "x".into(), "utf-8", 40), None);
    d.status = status;
    d.entities = entities;
    Ok(Some(d))
}

fn article(name: &str, own: FileRead, annotators: Vec<(&str, FileRead)>) -> ArticleFiles {
    ArticleFiles {
        name: name.into(),
        own,
        annotators: annotators
            .into_iter()
            .map(|(n, r)| (n.to_owned(), r))
            .collect(),
    }
}

/// Two articles by ana, ben and cy (one by ana alone), and one untouched.
fn team() -> Vec<ArticleFiles> {
    let gpe = |id| entity(id, "GPE", (0, 5), false);
    let org = |id| entity(id, "ORG", (10, 14), false);
    vec![
        article(
            "harbour.txt",
            doc(Status::InProgress, vec![gpe("T1")]),
            vec![
                ("ana", doc(Status::Done, vec![gpe("T1"), org("T2")])),
                (
                    "ben",
                    doc(
                        Status::InProgress,
                        vec![gpe("T1"), entity("T2", "PER", (10, 14), false)],
                    ),
                ),
                (
                    "cy",
                    doc(
                        Status::Reviewed,
                        vec![gpe("T1"), org("T2"), entity("T3", "PER", (20, 25), true)],
                    ),
                ),
            ],
        ),
        article(
            "lonely.txt",
            Ok(None),
            vec![("ana", doc(Status::InProgress, vec![org("T1")]))],
        ),
        article("quiet.txt", Ok(None), vec![]),
    ]
}

#[test]
fn statuses_count_each_article_s_own_file_and_no_file_is_todo() {
    let t = tally(&team(), &Schema::builtin());
    assert_eq!(t.documents.total, 3);
    assert_eq!(t.documents.annotated, 1);
    assert_eq!(t.status.get(Status::Todo), 2);
    assert_eq!(t.status.get(Status::InProgress), 1);
    assert_eq!(t.status.total(), 3);
    // Every status there is, in order, zeros too.
    let listed: Vec<Status> = t.status.0.iter().map(|(s, _)| *s).collect();
    assert_eq!(listed, Status::ALL.to_vec());
}

#[test]
fn each_annotator_has_articles_finished_statuses_and_annotations() {
    let t = tally(&team(), &Schema::builtin());
    let names: Vec<&str> = t.annotators.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["ana", "ben", "cy"]);
    let ana = &t.annotators[0];
    assert_eq!((ana.articles, ana.finished), (2, 1));
    assert_eq!(ana.status.get(Status::Done), 1);
    assert_eq!(ana.status.get(Status::InProgress), 1);
    assert_eq!(ana.entities, 3);
    assert_eq!(ana.entity_types.get("ORG"), Some(&2));
    let ben = &t.annotators[1];
    assert_eq!((ben.articles, ben.finished), (1, 0));
    // A suggestion is kept apart from the annotations.
    let cy = &t.annotators[2];
    assert_eq!((cy.entities, cy.suggestions, cy.finished), (2, 1, 1));
    assert_eq!(cy.entity_types.get("PER"), None);
}

#[test]
fn the_annotators_files_by_status_add_up_every_annotator() {
    let t = tally(&team(), &Schema::builtin());
    let all = t.annotator_status();
    assert_eq!(all.get(Status::Done), 1);
    assert_eq!(all.get(Status::InProgress), 2);
    assert_eq!(all.get(Status::Reviewed), 1);
    assert_eq!(all.get(Status::Todo), 0);
    assert_eq!(all.total(), 4);
}

#[test]
fn each_article_says_who_has_finished_it_and_lonely_ones_are_named() {
    let t = tally(&team(), &Schema::builtin());
    let names: Vec<&str> = t.articles.iter().map(|a| a.article.as_str()).collect();
    assert_eq!(
        names,
        ["harbour.txt", "lonely.txt"],
        "quiet.txt has no team"
    );
    let harbour = &t.articles[0];
    assert_eq!(harbour.status, Some(Status::InProgress));
    assert_eq!(harbour.finished, ["ana", "cy"]);
    assert_eq!(harbour.annotators["ben"], Some(Status::InProgress));
    assert_eq!(t.single_annotator, ["lonely.txt"]);
}

#[test]
fn types_count_the_own_files_with_suggestions_apart_and_everywhere_for_the_chart() {
    let mut arts = team();
    arts[1].own = doc(
        Status::Done,
        vec![
            entity("T1", "LOC", (0, 3), false),
            entity("T2", "LOC", (5, 8), true),
        ],
    );
    let t = tally(&arts, &Schema::builtin());
    assert_eq!(
        t.types.entities["LOC"],
        TypeCount {
            accepted: 1,
            suggested: 1
        }
    );
    assert_eq!(t.types.entities["GPE"].accepted, 1);
    let all = t.entity_types_everywhere();
    // GPE: harbour's own file and three annotators; suggestions left out.
    assert_eq!(all.get("GPE"), Some(&4));
    assert_eq!(all.get("ORG"), Some(&3));
    assert_eq!(all.get("PER"), Some(&1));
    assert_eq!(all.get("LOC"), Some(&1));
}

#[test]
fn unreadable_files_are_counted_not_taken_for_empty_ones() {
    let arts = vec![article(
        "a.txt",
        Err("not valid JSON".into()),
        vec![
            ("ana", Err("not valid JSON".into())),
            ("ben", doc(Status::Done, vec![])),
        ],
    )];
    let t = tally(&arts, &Schema::builtin());
    assert_eq!(t.documents.unreadable, 1);
    assert_eq!(t.status.total(), 0);
    assert_eq!(t.annotators[0].unreadable, 1);
    assert_eq!(t.annotators[0].articles, 0);
    assert_eq!(t.articles[0].annotators["ana"], None);
}

#[test]
fn finished_is_done_reviewed_or_curated() {
    for s in [Status::Todo, Status::InProgress, Status::CurationInProgress] {
        assert!(!s.is_finished(), "{s:?}");
    }
    for s in [Status::Done, Status::Reviewed, Status::Curated] {
        assert!(s.is_finished(), "{s:?}");
    }
}

#[test]
fn json_names_statuses_as_the_format_does() {
    let t = tally(&team(), &Schema::builtin());
    let v: Value = serde_json::to_value(&t).unwrap();
    assert_eq!(v["status"]["in_progress"], 1);
    assert_eq!(v["annotators"][0]["name"], "ana");
    assert_eq!(v["annotators"][0]["status"]["done"], 1);
    assert_eq!(v["articles"][0]["annotators"]["ben"], "in_progress");
    assert_eq!(
        serde_json::to_value(Status::InProgress).unwrap(),
        "in_progress"
    );
}

#[test]
fn gather_reads_each_article_s_own_file_and_its_annotators_files() {
    let dir = tempfile::tempdir().unwrap();
    let json = |status: &str| {
        format!(
            r#"{{"format": "gloss", "version": 1, "source": {{"file": "a.txt", "sha256": "x", "encoding": "utf-8", "chars": 4}}, "annotator": null, "status": "{status}", "note": "", "entities": [], "events": [], "relations": []}}"#
        )
    };
    std::fs::write(dir.path().join("a.txt"), "text").unwrap();
    std::fs::write(dir.path().join("b.txt"), "text").unwrap();
    std::fs::write(dir.path().join("a.txt.ann.json"), json("in_progress")).unwrap();
    std::fs::write(dir.path().join("a.txt.cy.ann.json"), json("done")).unwrap();
    std::fs::write(dir.path().join("a.txt.ana.ann.json"), "{ broken").unwrap();
    let corpus =
        crate::corpus::discover(&[dir.path().to_path_buf()], &Placement::default()).unwrap();
    let teams = crate::team::teams(&corpus, &Placement::default());
    let arts = gather(&corpus, &teams, &|| false).unwrap();
    assert_eq!(arts.len(), 2);
    assert_eq!(arts[0].name, "a.txt");
    assert_eq!(
        arts[0].own.as_ref().unwrap().as_ref().unwrap().status,
        Status::InProgress
    );
    let names: Vec<&str> = arts[0].annotators.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ana", "cy"]);
    assert!(arts[0].annotators[0].1.is_err(), "ana's file is broken");
    assert!(matches!(arts[1].own, Ok(None)));
    assert!(gather(&corpus, &teams, &|| true).is_none());
}

#[test]
fn gather_keeps_the_corpus_order_whatever_thread_reads_an_article() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("{i:03}.txt")), "text").unwrap();
    }
    let corpus =
        crate::corpus::discover(&[dir.path().to_path_buf()], &Placement::default()).unwrap();
    let teams = crate::team::teams(&corpus, &Placement::default());
    let arts = gather(&corpus, &teams, &|| false).unwrap();
    let names: Vec<&str> = arts.iter().map(|a| a.name.as_str()).collect();
    let listed: Vec<&str> = corpus.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names.len(), 300);
    assert_eq!(names, listed);
}

/// `TEXT`'s `word` as an entity of `kind` (code points), maybe suggested.
fn on(id: &str, kind: &str, word: &str, suggested: bool) -> serde_json::Value {
    let start = TEXT[..TEXT.find(word).unwrap()].chars().count();
    let mut e = json!({"id": id, "type": kind, "start": start,
                       "end": start + word.chars().count(), "text": word});
    if suggested {
        e["suggested"] = json!({"source": "model"});
    }
    e
}

const TEXT: &str = "Lisbon signed with Acme Corp; Maria Lopez watched.\n";

#[test]
fn count_adds_agree_s_exact_span_f1_and_kappa_of_each_pair() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let files = [
        (
            "ana",
            vec![
                on("T1", "GPE", "Lisbon", false),
                on("T2", "ORG", "Acme Corp", false),
            ],
        ),
        (
            "ben",
            vec![
                on("T1", "GPE", "Lisbon", false),
                on("T2", "PER", "Acme Corp", false),
            ],
        ),
        // cy's suggestion is not an annotation: it does not count.
        (
            "cy",
            vec![
                on("T1", "GPE", "Lisbon", false),
                on("T2", "ORG", "Acme Corp", false),
                on("T3", "PER", "Maria Lopez", true),
            ],
        ),
    ];
    for (who, entities) in files {
        let doc = json!({"format": "gloss", "version": 1,
            "source": {"file": "a.txt", "sha256": "", "encoding": "utf-8", "chars": TEXT.chars().count()},
            "annotator": who, "status": "done", "note": "",
            "entities": entities, "events": [], "relations": []});
        std::fs::write(
            dir.path().join(format!("a.txt.{who}.ann.json")),
            doc.to_string(),
        )
        .unwrap();
    }
    let corpus =
        crate::corpus::discover(&[dir.path().to_path_buf()], &Placement::default()).unwrap();
    let t = count(&corpus, &Schema::builtin(), &Placement::default(), &|| {
        false
    })
    .unwrap();
    assert_eq!(t.annotators.len(), 3);
    let pairs: Vec<(&str, &str)> = t
        .agreement
        .pairs
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    assert_eq!(pairs, [("ana", "ben"), ("ana", "cy"), ("ben", "cy")]);
    let ab = t.agreement.pair("ben", "ana").unwrap();
    assert_eq!(
        (ab.articles, ab.matches, ab.only_a, ab.only_b),
        (1, 1, 1, 1)
    );
    assert_eq!(ab.f1, Some(0.5));
    assert!(ab.cohen_kappa.is_some_and(|k| k < 1.0), "{ab:?}");
    let ac = t.agreement.pair("ana", "cy").unwrap();
    assert_eq!(
        (ac.matches, ac.only_a, ac.only_b, ac.f1),
        (2, 0, 0, Some(1.0))
    );
    assert!(count(&corpus, &Schema::builtin(), &Placement::default(), &|| true).is_none());
}
