//! Adjudication in the queue (`gloss adjudicate`): every key on a
//! disagreement, what lands in the curated file, and undo of each.

use super::*;
use crate::adjudicate::{Annotation, Disagreement, Layer, Version};
use crate::annotation::Entity;
use crate::tui::mode::ReviewMode;

/// The curated file as `gloss adjudicate` leaves it: no annotator,
/// nothing decided yet.
const CURATED: &str = r#"{"format": "gloss", "version": 1,
 "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0},
 "annotator": null, "status": "curation_in_progress", "note": "",
 "entities": [], "events": [], "relations": []}"#;

fn entity(kind: &str, start: usize, end: usize, text: &str) -> Entity {
    Entity::new("T1".into(), kind, (start, end), text)
}

fn version(annotator: &str, e: Entity) -> Version {
    Version {
        annotator: annotator.into(),
        annotation: Annotation::Entity(e),
        shared_by: vec![annotator.into()],
    }
}

/// Kestova: ana says GPE, ben LOC. Marren: only ana has it (LOC).
fn disagreements(f: &Fixture) -> Vec<Disagreement> {
    let source = f.dir.path().join("1.txt");
    let curated = f.dir.path().join("1.txt.ann.json");
    vec![
        Disagreement {
            source: source.clone(),
            curated: curated.clone(),
            layer: Layer::Entities,
            start: 0,
            end: 7,
            versions: vec![
                version("ana", entity("GPE", 0, 7, "Kestova")),
                version("ben", entity("LOC", 0, 7, "Kestova")),
            ],
            annotators: vec!["ana".into(), "ben".into()],
            agreed: Vec::new(),
        },
        Disagreement {
            source,
            curated,
            layer: Layer::Entities,
            start: 60,
            end: 66,
            versions: vec![version("ana", entity("LOC", 60, 66, "Marren"))],
            annotators: vec!["ana".into(), "ben".into()],
            agreed: Vec::new(),
        },
    ]
}

fn adjudicating() -> Fixture {
    let mut f = fixture_with(Some(CURATED));
    let ds = disagreements(&f);
    let effects = f.app.open_adjudication(ds);
    f.run(effects);
    f
}

impl Fixture {
    fn at(&self) -> (usize, usize) {
        self.app.review.as_ref().unwrap().progress()
    }

    fn curated(&self) -> Vec<(String, String, Vec<String>)> {
        self.doc()
            .entities
            .iter()
            .map(|e| {
                let by = e.extra.get("provenance").map(|p| p["annotators"].clone());
                let by: Vec<String> = by
                    .and_then(|a| serde_json::from_value(a).ok())
                    .unwrap_or_default();
                (e.text.clone(), e.kind.clone(), by)
            })
            .collect()
    }
}

fn took(text: &str, kind: &str, by: &str) -> (String, String, Vec<String>) {
    (text.into(), kind.into(), vec![by.into()])
}

#[test]
fn the_queue_opens_on_the_first_disagreement_in_the_curated_file() {
    let f = adjudicating();
    assert!(matches!(f.app.mode, Mode::Review(ReviewMode)));
    assert_eq!(f.at(), (1, 2));
    let article = f.app.article().unwrap();
    assert_eq!(article.sidecar, f.dir.path().join("1.txt.ann.json"));
    assert_eq!(article.doc.annotator, None);
}

#[test]
fn a_digit_takes_that_annotators_version_and_goes_on() {
    let mut f = adjudicating();
    let saved = f.keys("2");
    assert_eq!(f.curated(), [took("Kestova", "LOC", "ben")]);
    assert_eq!(f.at(), (2, 2));
    assert!(
        saved
            .iter()
            .any(|(p, json)| p.ends_with("1.txt.ann.json") && json.contains("Kestova")),
        "saved as any edit is"
    );
    assert!(
        f.message()
            .contains("took ben's LOC “Kestova”; 1 disagreement left"),
        "{}",
        f.message()
    );
}

#[test]
fn a_digit_past_the_versions_says_how_many_there_are() {
    let mut f = adjudicating();
    f.keys("3");
    assert!(f.curated().is_empty());
    assert_eq!(f.at(), (1, 2));
    assert!(
        f.message()
            .contains("no version 3: this position has 2 (x takes none)"),
        "{}",
        f.message()
    );
}

#[test]
fn y_takes_the_version_shown_first() {
    let mut f = adjudicating();
    f.keys("y");
    assert_eq!(f.curated(), [took("Kestova", "GPE", "ana")]);
}

#[test]
fn x_settles_with_nothing_added_and_records_it() {
    let mut f = adjudicating();
    f.keys("x");
    assert!(f.curated().is_empty());
    assert_eq!(f.at(), (2, 2));
    let ds = disagreements(&f);
    assert!(
        crate::adjudicate::settled(f.doc(), &ds[0]),
        "so that it is not queued again"
    );
    assert!(!crate::adjudicate::settled(f.doc(), &ds[1]));
}

#[test]
fn u_undoes_a_take_and_a_reject() {
    let mut f = adjudicating();
    f.keys("1x");
    assert!(f.app.review.as_ref().unwrap().is_done());
    assert_eq!(f.doc().status, Status::Curated, "all settled");
    f.keys("u");
    assert_eq!(f.at(), (2, 2));
    assert_eq!(
        f.doc().status,
        Status::CurationInProgress,
        "back from curated"
    );
    let ds = disagreements(&f);
    assert!(
        !crate::adjudicate::settled(f.doc(), &ds[1]),
        "reject undone"
    );
    f.keys("u");
    assert_eq!(f.at(), (1, 2));
    assert!(f.curated().is_empty(), "take undone");
    assert!(!crate::adjudicate::settled(f.doc(), &ds[0]));
}

#[test]
fn space_skips_and_the_item_comes_back() {
    let mut f = adjudicating();
    f.keys(" ");
    assert_eq!(
        f.app.review.as_ref().unwrap().current().unwrap().1.start,
        60
    );
    f.keys("1");
    assert_eq!(f.app.review.as_ref().unwrap().current().unwrap().1.start, 0);
    assert_eq!(f.curated(), [took("Marren", "LOC", "ana")]);
}

#[test]
fn t_takes_the_first_version_and_retypes_it() {
    let mut f = adjudicating();
    f.keys("T");
    assert!(matches!(f.app.mode, Mode::Pick(_)));
    f.keys("ORG\r");
    assert!(matches!(f.app.mode, Mode::Review(_)));
    assert_eq!(f.curated(), [took("Kestova", "ORG", "ana")]);
    assert_eq!(f.at(), (2, 2));
    f.keys("u");
    assert!(f.curated().is_empty(), "the take and the retype undone");
    assert_eq!(f.at(), (1, 2));
}

#[test]
fn s_takes_the_first_version_and_fixes_its_span() {
    let mut f = adjudicating();
    f.keys("s");
    assert!(matches!(f.app.mode, Mode::Span(_)));
    // "Kestova floods": the end moves a word on.
    f.keys("E\r");
    assert!(f.app.shows_queue());
    let e = &f.doc().entities[0];
    assert_eq!((e.start, e.end, e.kind.as_str()), (0, 14, "GPE"));
    assert_eq!(f.at(), (2, 2));
}

#[test]
fn q_leaves_the_queue() {
    let mut f = adjudicating();
    f.keys("1q");
    assert!(f.app.review.is_none());
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(f.curated().len(), 1, "what was taken stays");
}

#[test]
fn what_is_taken_and_settled_is_written_to_the_curated_file() {
    let mut f = adjudicating();
    // The shell's autosave writes what `Persist` carries: here, by hand.
    for (path, json) in f.keys("1x") {
        std::fs::write(path, json).unwrap();
    }
    let path = f.dir.path().join("1.txt.ann.json");
    let disk: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let ents = disk["entities"].as_array().unwrap();
    assert_eq!(ents.len(), 1);
    assert_eq!(
        (ents[0]["text"].as_str(), ents[0]["type"].as_str()),
        (Some("Kestova"), Some("GPE"))
    );
    assert_eq!(disk["annotator"], serde_json::Value::Null);
    assert_eq!(disk["status"], "curated", "nothing left to decide");
    let rejected = &disk[crate::adjudicate::REJECTED][0];
    assert_eq!(
        (rejected["start"].as_u64(), rejected["end"].as_u64()),
        (Some(60), Some(66))
    );
}

/// `annotator`'s file of 1.txt with these entities (type, start, end, text).
fn annotator_file(f: &Fixture, annotator: &str, entities: &[(&str, usize, usize, &str)]) {
    let entities: Vec<serde_json::Value> = entities
        .iter()
        .enumerate()
        .map(|(i, &(ty, start, end, text))| {
            serde_json::json!({"id": format!("T{}", i + 1), "type": ty, "start": start,
                               "end": end, "text": text})
        })
        .collect();
    let doc = serde_json::json!({
        "format": "gloss", "version": 1,
        "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0},
        "annotator": annotator, "status": "done", "note": "",
        "entities": entities, "events": [], "relations": []
    });
    let path = f.dir.path().join(format!("1.txt.{annotator}.ann.json"));
    std::fs::write(path, doc.to_string()).unwrap();
}

impl Fixture {
    /// Presses `compare` and runs the job reading the annotators' files
    /// here, handing its events to the app as the shell would.
    fn compare(&mut self) {
        let effects = self.keys_effects("V");
        for e in effects {
            if let Effect::Start {
                id,
                job:
                    crate::tui::jobs::Job::Versions {
                        entry,
                        source,
                        place,
                    },
            } = e
            {
                let files = crate::tui::adjudicate::split::read_versions(&source, &place);
                let read = crate::tui::adjudicate::split::Versions { entry, files };
                let event = crate::tui::jobs::JobEvent::Versions(read);
                let effects = self.app.update(Msg::Job { id, event });
                self.run(effects);
                let done = crate::tui::jobs::JobEvent::Done;
                self.app.update(Msg::Job { id, event: done });
            }
        }
    }

    fn keys_effects(&mut self, keys: &str) -> Vec<Effect> {
        let mut effects = Vec::new();
        for c in keys.chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            effects.extend(self.app.update(Msg::Key(key)));
        }
        effects
    }

    fn split_cursors(&self) -> Vec<(String, usize)> {
        let split = self.app.split.as_ref().unwrap();
        split
            .views
            .iter()
            .map(|(who, s)| (who.clone(), s.view.cursor))
            .collect()
    }
}

/// ana and ben agree on Kestova, differ on Marren (LOC / GPE).
fn two_annotators() -> Fixture {
    let f = fixture_with(Some(CURATED));
    annotator_file(
        &f,
        "ana",
        &[("GPE", 0, 7, "Kestova"), ("LOC", 60, 66, "Marren")],
    );
    annotator_file(
        &f,
        "ben",
        &[("GPE", 0, 7, "Kestova"), ("GPE", 60, 66, "Marren")],
    );
    f
}

#[test]
fn compare_shows_each_annotators_view_with_the_differences() {
    let mut f = two_annotators();
    f.compare();
    let split = f.app.split.as_ref().expect("the views are open");
    let names: Vec<&str> = split.views.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(names, ["ana", "ben"], "in name order");
    assert_eq!(split.marks, [(60, 66)], "only Marren differs");
    let ana = &split.views[0].1.article;
    assert_eq!(ana.doc.entities[1].kind, "LOC", "ana's own file");
    assert!(!ana.is_editable(), "shown, never written");
    assert_eq!(f.app.focus, Pane::Text);
    assert!(
        f.message().contains("ana, ben under the curated view"),
        "{}",
        f.message()
    );
}

#[test]
fn each_view_has_its_own_cursor_and_compare_moves_the_keys_on() {
    let mut f = two_annotators();
    f.compare();
    f.keys("w");
    assert_eq!(f.cursor(), 8, "the curated view's cursor first");
    assert_eq!(f.split_cursors(), [("ana".into(), 0), ("ben".into(), 0)]);
    f.keys("Vww");
    assert_eq!(f.split_cursors(), [("ana".into(), 15), ("ben".into(), 0)]);
    assert_eq!(f.cursor(), 8, "the curated cursor stays");
    f.keys("Vw");
    assert_eq!(f.split_cursors(), [("ana".into(), 15), ("ben".into(), 8)]);
    f.keys("V");
    assert!(f.app.split.is_none(), "after the last view: closed");
    f.keys("w");
    assert_eq!(f.cursor(), 15, "the motions are the curated view's again");
}

#[test]
fn compare_without_annotators_files_says_so() {
    let mut f = fixture_with(Some(CURATED));
    f.compare();
    assert!(f.app.split.is_none());
    assert!(
        f.message().contains("no annotator's file"),
        "{}",
        f.message()
    );
}

#[test]
fn deleting_a_taken_version_in_the_text_records_it_rejected_until_undone() {
    let mut f = adjudicating();
    f.keys("1");
    assert_eq!(f.curated(), [took("Kestova", "GPE", "ana")]);
    // Out of the queue, into the article, at Kestova.
    f.keys("q");
    f.keys("\r0");
    assert_eq!(f.cursor(), 0);
    f.keys("d");
    assert!(f.curated().is_empty());
    let rejected = f.doc().extra.get("rejected").cloned();
    assert_eq!(
        rejected,
        Some(serde_json::json!([{"layer": "entities", "start": 0, "end": 7}]))
    );
    f.keys("u");
    assert_eq!(f.curated(), [took("Kestova", "GPE", "ana")]);
    assert_eq!(f.doc().extra.get("rejected"), None);
}
