use std::path::{Path, PathBuf};

use super::*;
use crate::annotation::SourceInfo;
use crate::store::{self, Placement};

const TEXT: &str = "Ahmed met Sara in Mosul.\nThe UN sent aid to Mosul.\n";

/// An article `name` in `dir` whose annotation file `build` fills.
fn write_article(dir: &Path, name: &str, text: &str, build: impl FnOnce(&mut Document)) -> PathBuf {
    let source = dir.join(name);
    std::fs::write(&source, text).unwrap();
    let info = SourceInfo::new(
        name,
        crate::hash::sha256_hex(text.as_bytes()),
        "utf-8",
        text.chars().count(),
    );
    let mut doc = Document::new(info, None);
    build(&mut doc);
    let side = store::sidecar_path(&source, None);
    std::fs::write(side, store::serialize(&doc)).unwrap();
    source
}

/// Tags the `nth` occurrence of `word` (ASCII texts only) and returns the id.
fn tag(doc: &mut Document, text: &str, kind: &str, word: &str, nth: usize) -> String {
    let start = text.match_indices(word).nth(nth).unwrap().0;
    doc.add_entity(kind, start, start + word.len(), word)
}

fn suggest(doc: &mut Document, text: &str, kind: &str, word: &str, nth: usize) -> String {
    let id = tag(doc, text, kind, word, nth);
    let e = doc.entities.iter_mut().find(|e| e.id == id).unwrap();
    e.suggested = Some(serde_json::json!({"source": "model"}));
    id
}

/// One article with: a suggestion (Sara, PER), an accepted unreviewed
/// annotation (Ahmed, PER), a reviewed one (UN, ORG), a suggestion of a type
/// the schema lacks (Mosul, XYZ) and an accepted GPE (the second Mosul).
fn mixed(dir: &Path) -> Article {
    let source = write_article(dir, "a.txt", TEXT, |doc| {
        tag(doc, TEXT, "PER", "Ahmed", 0);
        suggest(doc, TEXT, "PER", "Sara", 0);
        let un = tag(doc, TEXT, "ORG", "UN", 0);
        doc.set_reviewed(&un, Some("ann"));
        suggest(doc, TEXT, "XYZ", "Mosul", 0);
        tag(doc, TEXT, "GPE", "Mosul", 1);
    });
    opened(&source)
}

fn opened(source: &Path) -> Article {
    let mut article = Article::open(source, &store::sidecar_path(source, None), None);
    article.check(&Schema::builtin());
    article
}

fn texts(items: &[Item]) -> Vec<(ItemKind, &str)> {
    items.iter().map(|i| (i.kind, i.text.as_str())).collect()
}

#[test]
fn with_no_filter_the_queue_holds_suggestions_and_problems_in_text_order() {
    let dir = tempfile::tempdir().unwrap();
    let article = mixed(dir.path());
    let items = items_of(7, &article, &Filter::default());
    assert_eq!(
        texts(&items),
        [
            (ItemKind::Suggestion, "Sara"),
            (ItemKind::Suggestion, "Mosul")
        ]
    );
    let mosul = &items[1];
    assert_eq!((mosul.entry, mosul.type_.as_str()), (7, "XYZ"));
    assert_eq!((mosul.start, mosul.end), (18, 23));
    assert!(
        mosul.problem.as_deref().unwrap().contains("XYZ"),
        "{mosul:?}"
    );
    assert!(items[0].problem.is_none());
    assert_eq!(items[0].source, article.source);
}

#[test]
fn each_filter_chooses_or_narrows() {
    let dir = tempfile::tempdir().unwrap();
    let article = mixed(dir.path());
    let of = |f: Filter| {
        texts(&items_of(0, &article, &f))
            .into_iter()
            .map(|(k, t)| (k, t.to_owned()))
            .collect::<Vec<_>>()
    };
    let s = |k, t: &str| (k, t.to_owned());
    use ItemKind::*;
    let suggestions = Filter {
        suggestions: true,
        ..Filter::default()
    };
    assert_eq!(
        of(suggestions.clone()),
        [s(Suggestion, "Sara"), s(Suggestion, "Mosul")]
    );
    let problems = Filter {
        problems: true,
        ..Filter::default()
    };
    assert_eq!(of(problems), [s(Suggestion, "Mosul")]);
    let unreviewed = Filter {
        unreviewed: true,
        ..Filter::default()
    };
    // Ahmed and the second Mosul: UN was reviewed.
    assert_eq!(
        of(unreviewed),
        [s(Unreviewed, "Ahmed"), s(Unreviewed, "Mosul")]
    );
    let typed = Filter {
        types: vec!["PER".into()],
        ..Filter::default()
    };
    assert_eq!(of(typed), [s(Suggestion, "Sara")]);
    let text = Filter {
        text: Some(regex::Regex::new("^Mo").unwrap()),
        ..Filter::default()
    };
    assert_eq!(of(text), [s(Suggestion, "Mosul")]);
    let status = Filter {
        status: vec![Status::Done],
        ..Filter::default()
    };
    assert_eq!(of(status), []);
    let todo = Filter {
        status: vec![Status::Done, Status::Todo],
        ..suggestions.clone()
    };
    assert_eq!(of(todo).len(), 2);
    let other = Filter {
        annotator: Some("bob".into()),
        ..Filter::default()
    };
    assert_eq!(
        of(other).len(),
        2,
        "a file with no annotator counts as bob's"
    );
    let mut bobs = article.clone();
    bobs.doc.annotator = Some("eve".into());
    let f = Filter {
        annotator: Some("bob".into()),
        ..Filter::default()
    };
    assert!(items_of(0, &bobs, &f).is_empty());
}

#[test]
fn combined_filters_must_all_hold() {
    let dir = tempfile::tempdir().unwrap();
    let article = mixed(dir.path());
    let f = Filter {
        suggestions: true,
        unreviewed: true,
        types: vec!["PER".into()],
        ..Filter::default()
    };
    assert_eq!(
        texts(&items_of(0, &article, &f)),
        [
            (ItemKind::Unreviewed, "Ahmed"),
            (ItemKind::Suggestion, "Sara")
        ]
    );
    let f = Filter {
        text: Some(regex::Regex::new("a$").unwrap()),
        ..f
    };
    assert_eq!(
        texts(&items_of(0, &article, &f)),
        [(ItemKind::Suggestion, "Sara")]
    );
}

#[test]
fn an_unreadable_file_and_an_orphan_are_problems() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("b.txt");
    std::fs::write(&source, "Text.\n").unwrap();
    std::fs::write(store::sidecar_path(&source, None), "{ not json").unwrap();
    let items = items_of(0, &opened(&source), &Filter::default());
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].kind, items[0].id.as_str()),
        (ItemKind::Problem, "")
    );
    assert!(
        items[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("not valid JSON")
    );
    // An accepted, reviewed annotation that does not fit its text any more.
    let source = write_article(dir.path(), "c.txt", "Sara left.\n", |doc| {
        let id = doc.add_entity("PER", 0, 4, "Sara");
        doc.set_reviewed(&id, None);
        doc.entities[0]
            .extra
            .insert("orphaned".into(), serde_json::json!(true));
    });
    let article = opened(&source);
    let items = items_of(
        0,
        &article,
        &Filter {
            problems: true,
            ..Filter::default()
        },
    );
    assert_eq!(
        texts(&items),
        [(ItemKind::Problem, "Sara")],
        "{:?}",
        article.problems
    );
}

#[test]
fn may_have_items_spares_articles_that_cannot_hold_any() {
    let annotated = |count, suggested, status| Summary::Annotated {
        count,
        suggested,
        status,
    };
    let suggestions = Filter {
        suggestions: true,
        ..Filter::default()
    };
    let unreviewed = Filter {
        unreviewed: true,
        ..Filter::default()
    };
    let default = Filter::default();
    assert!(may_have_items(&Summary::Pending, &suggestions));
    assert!(!may_have_items(&Summary::Fresh, &default));
    assert!(!may_have_items(&Summary::Unreadable, &suggestions));
    assert!(may_have_items(&Summary::Unreadable, &default));
    assert!(!may_have_items(
        &annotated(5, 0, Status::Todo),
        &suggestions
    ));
    assert!(may_have_items(&annotated(0, 1, Status::Todo), &suggestions));
    assert!(
        may_have_items(&annotated(5, 0, Status::Todo), &default),
        "problems"
    );
    assert!(may_have_items(&annotated(5, 0, Status::Todo), &unreviewed));
    assert!(!may_have_items(&annotated(0, 3, Status::Todo), &unreviewed));
    let done = Filter {
        status: vec![Status::Done],
        ..suggestions
    };
    assert!(!may_have_items(&annotated(0, 1, Status::Todo), &done));
    assert!(may_have_items(&annotated(0, 1, Status::Done), &done));
}

#[test]
fn the_builder_yields_each_articles_items_batch_by_batch() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (name, word) in [("1.txt", "Sara"), ("2.txt", "Ahmed"), ("4.txt", "Mosul")] {
        write_article(root, name, TEXT, |doc| {
            suggest(doc, TEXT, "PER", word, 0);
        });
    }
    std::fs::write(root.join("3.txt"), "Nothing here.\n").unwrap();
    let mut corpus = corpus::discover(&[root.to_path_buf()], &Placement::default()).unwrap();
    corpus.entries[0].summary = corpus::summarize(&corpus.entries[0].sidecar);
    let f = Filter {
        suggestions: true,
        ..Filter::default()
    };
    let mut b = QueueBuilder::new(&corpus, &Schema::builtin(), &f, None);
    assert_eq!(b.progress(), (0, 4));
    let first = b.next_batch(1).unwrap();
    assert_eq!(
        (first.len(), first[0].entry, first[0].text.as_str()),
        (1, 0, "Sara")
    );
    let next = b.next_batch(2).unwrap();
    assert_eq!(
        texts(&next),
        [(ItemKind::Suggestion, "Ahmed")],
        "3.txt has none"
    );
    assert_eq!(next[0].entry, 1);
    let last = b.next_batch(5).unwrap();
    assert_eq!((last[0].entry, last[0].text.as_str()), (3, "Mosul"));
    assert_eq!(b.progress(), (4, 4));
    assert!(b.next_batch(5).is_none());
}

#[test]
fn the_builder_goes_on_walking_an_unfinished_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in ["1.txt", "2.txt", "3.txt"] {
        write_article(root, name, TEXT, |doc| {
            suggest(doc, TEXT, "PER", "Sara", 0);
        });
    }
    let corpus = corpus::discover_first(&[root.to_path_buf()], &Placement::default(), 1).unwrap();
    assert_eq!(corpus.entries.len(), 1);
    let f = Filter::default();
    let mut b = QueueBuilder::new(&corpus, &Schema::builtin(), &f, None);
    let mut entries = Vec::new();
    while let Some(batch) = b.next_batch(1) {
        entries.extend(batch.iter().map(|i| i.entry));
    }
    assert_eq!(entries, [0, 1, 2]);
    assert_eq!(b.progress().1, 3);
}

#[test]
fn queue_order_puts_suggestions_first_and_keeps_the_rest_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let article = mixed(dir.path());
    let f = Filter {
        suggestions: true,
        unreviewed: true,
        ..Filter::default()
    };
    let mut items = items_of(0, &article, &f);
    queue_order(&mut items);
    let kinds: Vec<_> = texts(&items);
    use ItemKind::*;
    assert_eq!(
        kinds,
        [
            (Suggestion, "Sara"),
            (Suggestion, "Mosul"),
            (Unreviewed, "Ahmed"),
            (Unreviewed, "Mosul")
        ]
    );
}

mod decisions;
mod propagation;

/// Two versions of Ahmed from a merge, each marked as the other's conflict,
/// and a schema problem on the second (a type the schema lacks).
fn in_conflict(dir: &Path, second_kind: &str) -> Article {
    use crate::merge::marks::{Side, mark};
    let source = write_article(dir, "c.txt", TEXT, |doc| {
        let ours = tag(doc, TEXT, "PER", "Ahmed", 0);
        let theirs = tag(doc, TEXT, second_kind, "Ahmed", 0);
        for (id, side, with) in [(&ours, Side::Ours, &theirs), (&theirs, Side::Theirs, &ours)] {
            let e = doc.entities.iter_mut().find(|e| &e.id == id).unwrap();
            mark(&mut e.extra, side, Some(with));
        }
    });
    opened(&source)
}

#[test]
fn a_conflict_version_is_settled_once_its_other_version_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let problems = Filter {
        problems: true,
        ..Filter::default()
    };
    let article = in_conflict(dir.path(), "ORG");
    let items = items_of(0, &article, &problems);
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(|i| i.conflict_only));
    let mut doc = article.doc.clone();
    assert!(!items.iter().any(|i| settled_elsewhere(&doc, i)));
    // Rejecting one version settles the other: deciding it is not asked.
    decide::reject(&mut doc, &items[0].id).unwrap();
    assert!(settled_elsewhere(&doc, &items[1]));
    // A version with a problem besides the conflict is still to decide.
    let article = in_conflict(dir.path(), "XYZ");
    let items = items_of(0, &article, &problems);
    let flagged = items.iter().find(|i| i.type_ == "XYZ").unwrap();
    assert!(!flagged.conflict_only, "{flagged:?}");
    let mut doc = article.doc.clone();
    let other = items.iter().find(|i| i.type_ == "PER").unwrap();
    decide::reject(&mut doc, &other.id).unwrap();
    assert!(!settled_elsewhere(&doc, flagged));
}
