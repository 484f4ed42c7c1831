//! The queue of disagreements built from the core's list.

use super::*;
use crate::adjudicate::Layer;
use crate::annotation::Entity;

fn entity(kind: &str) -> Entity {
    Entity {
        id: "T1".into(),
        kind: kind.into(),
        start: 0,
        end: 7,
        text: "Kestova".into(),
        note: None,
        attributes: None,
        suggested: None,
        extra: Default::default(),
    }
}

fn at(source: &str, kinds: &[(&str, &str)]) -> Disagreement {
    Disagreement {
        source: source.into(),
        curated: format!("{source}.ann.json").into(),
        layer: Layer::Entities,
        start: 0,
        end: 7,
        versions: kinds
            .iter()
            .map(|&(who, kind)| Version {
                annotator: who.into(),
                annotation: Annotation::Entity(entity(kind)),
                shared_by: vec![who.into()],
            })
            .collect(),
        annotators: vec!["ana".into(), "ben".into(), "cy".into()],
        agreed: Vec::new(),
    }
}

fn entry(path: &str) -> Entry {
    Entry {
        path: path.into(),
        sidecar: format!("{path}.ann.json").into(),
        name: path.into(),
        title: String::new(),
        size: 0,
        summary: crate::corpus::Summary::Pending,
    }
}

#[test]
fn each_disagreement_is_an_item_of_its_article_with_every_type_named() {
    let entries = [entry("/c/1.txt"), entry("/c/2.txt")];
    let ds = vec![
        at("/c/2.txt", &[("ana", "GPE"), ("ben", "LOC"), ("cy", "GPE")]),
        at("/c/1.txt", &[("ana", "ORG")]),
    ];
    let (session, missing) = session_of(&entries, ds);
    assert_eq!(missing, 0);
    let items: Vec<(usize, &str, ItemKind)> = session
        .items
        .iter()
        .map(|i| (i.entry, i.type_.as_str(), i.kind))
        .collect();
    assert_eq!(
        items,
        [
            (1, "GPE/LOC", ItemKind::Disagreement),
            (0, "ORG", ItemKind::Disagreement)
        ]
    );
    assert_eq!(session.disagreement(0).unwrap().versions.len(), 3);
    assert_eq!(session.progress(), (1, 2));
}

#[test]
fn a_disagreement_in_an_article_not_listed_is_counted_not_queued() {
    let (session, missing) = session_of(&[entry("/c/1.txt")], vec![at("/elsewhere/9.txt", &[])]);
    assert_eq!((session.items.len(), missing), (0, 1));
}
