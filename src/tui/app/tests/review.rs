//! The review queue: built from the job's batches, every key, undo of
//! each decision, skip order, moves, Enter and back, the filter form.

use super::*;
use crate::tui::jobs::Job;
use crate::tui::mode::ReviewMode;
use crate::tui::review::{Filter, ItemKind};

/// A sidecar with these entities (`suggested` ones marked so).
fn sidecar(file: &str, entities: &[(&str, &str, usize, usize, &str, bool)]) -> String {
    let entities: Vec<serde_json::Value> = entities
        .iter()
        .map(|&(id, ty, start, end, text, suggested)| {
            let mut e =
                serde_json::json!({"id": id, "type": ty, "start": start, "end": end, "text": text});
            if suggested {
                e["suggested"] = serde_json::json!({"source": "model"});
            }
            e
        })
        .collect();
    serde_json::json!({
        "format": "gloss", "version": 1,
        "source": {"file": file, "sha256": "x", "encoding": "utf-8", "chars": 0},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": entities, "events": [], "relations": []
    })
    .to_string()
}

/// Three suggestions (GPE Kestova and LOC Marren in 1.txt, ORG Dockworkers
/// in 2.txt) and an accepted PER in 1.txt that no suggestion queue shows.
fn suggestions() -> Fixture {
    let first = sidecar(
        "1.txt",
        &[
            ("T1", "GPE", 0, 7, "Kestova", true),
            ("T2", "PER", 23, 34, "Helicopters", false),
            ("T3", "LOC", 60, 66, "Marren", true),
        ],
    );
    let mut f = fixture_with(Some(&first));
    let second = sidecar("2.txt", &[("T1", "ORG", 18, 29, "Dockworkers", true)]);
    std::fs::write(f.dir.path().join("2.txt.ann.json"), second).unwrap();
    // Counted as the list counts them, as if read before the app started.
    for e in &mut f.app.corpus.entries {
        e.summary = corpus::summarize(&e.sidecar);
    }
    f
}

fn only_suggestions() -> Filter {
    Filter {
        suggestions: true,
        ..Filter::default()
    }
}

impl Fixture {
    /// Opens the queue of `filter` and runs its job's body here, handing
    /// each event to the app as the shell would.
    pub(super) fn review(&mut self, filter: Filter) {
        let effects = self
            .app
            .open_review(filter, "pending suggestions".into(), None);
        let mut start = None;
        for e in &effects {
            if let Effect::Start {
                id,
                job: Job::Review { .. },
            } = e
            {
                start = Some((*id, e.clone()));
            }
        }
        self.run(effects);
        let Some((id, Effect::Start { job, .. })) = start else {
            panic!("the queue is built by a job");
        };
        self.run_job(id, job);
    }

    pub(super) fn progress(&self) -> (usize, usize) {
        self.app.review.as_ref().unwrap().progress()
    }

    /// The current item's file number and text.
    fn item(&self) -> Option<(usize, String)> {
        let s = self.app.review.as_ref()?;
        let (_, item) = s.current()?;
        Some((item.entry + 1, item.text.clone()))
    }

    fn on_disk(&self, n: usize) -> serde_json::Value {
        let path = self.dir.path().join(format!("{n}.txt.ann.json"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// The entity of this text in the article on screen.
    fn entity(&self, text: &str) -> Option<crate::annotation::Entity> {
        self.app
            .article()?
            .doc
            .entities
            .iter()
            .find(|e| e.text == text)
            .cloned()
    }
}

#[test]
fn the_queue_is_built_from_the_jobs_batches_and_shows_the_first_item() {
    let mut f = suggestions();
    f.review(only_suggestions());
    assert!(matches!(f.app.mode, Mode::Review(ReviewMode)));
    assert_eq!(f.progress(), (1, 3));
    assert_eq!(f.item(), Some((1, "Kestova".into())));
    assert_eq!(f.app.article().unwrap().source, f.dir.path().join("1.txt"));
    let s = f.app.review.as_ref().unwrap();
    assert!(!s.is_building(), "the job's end is taken in");
    assert_eq!(s.left_by_kind(), [(ItemKind::Suggestion, 3)]);
}

#[test]
fn y_accepts_marks_reviewed_saves_and_goes_on() {
    let mut f = suggestions();
    f.review(only_suggestions());
    let saved = f.keys("y");
    let kestova = f.entity("Kestova").unwrap();
    assert_eq!(kestova.suggested, None, "accepted");
    assert!(f.doc().reviewed_of("T1").is_some(), "marked reviewed");
    assert!(
        saved
            .iter()
            .any(|(p, json)| p.ends_with("1.txt.ann.json") && json.contains("Kestova"))
    );
    assert_eq!(f.progress(), (2, 3));
    assert_eq!(f.item(), Some((1, "Marren".into())));
    assert!(
        f.message()
            .contains("accepted GPE “Kestova”; 2 suggestions left"),
        "{}",
        f.message()
    );
}

#[test]
fn x_rejects_and_goes_on() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("x");
    assert!(f.entity("Kestova").is_none(), "removed");
    assert!(
        f.entity("Helicopters").is_some(),
        "the accepted one is left alone"
    );
    assert_eq!(f.item(), Some((1, "Marren".into())));
}

#[test]
fn space_sends_the_item_to_the_end_and_it_comes_back() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("y ");
    assert_eq!(f.item(), Some((2, "Dockworkers".into())));
    assert_eq!(f.progress(), (2, 3));
    f.keys("y");
    assert_eq!(
        f.item(),
        Some((1, "Marren".into())),
        "the skipped one, last"
    );
    assert_eq!(f.progress(), (3, 3));
    assert!(f.message().contains("1 suggestion left"), "{}", f.message());
    f.keys("x");
    assert!(f.app.review.as_ref().unwrap().is_done());
    f.keys("y");
    assert!(
        f.message()
            .contains("no item here: k goes back, q leaves the queue")
    );
    f.keys("x");
    assert!(f.entity("Marren").is_none(), "{}", f.message());
}

#[test]
fn u_undoes_an_accept_in_its_article_and_goes_back_to_it() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("yy");
    assert_eq!(f.item(), Some((2, "Dockworkers".into())));
    let saved = f.keys("u");
    assert_eq!(f.item(), Some((1, "Marren".into())));
    assert_eq!(f.progress(), (2, 3));
    assert!(
        f.entity("Marren").unwrap().suggested.is_some(),
        "pending again"
    );
    assert!(
        f.entity("Kestova").unwrap().suggested.is_none(),
        "the one before stays"
    );
    assert!(
        saved.iter().any(|(p, _)| p.ends_with("1.txt.ann.json")),
        "saved"
    );
    assert!(
        f.message().contains("undone: accepting LOC “Marren”"),
        "{}",
        f.message()
    );
}

#[test]
fn u_undoes_a_reject_and_a_skip() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("x");
    f.keys("u");
    assert!(f.entity("Kestova").unwrap().suggested.is_some(), "back");
    assert_eq!(f.item(), Some((1, "Kestova".into())));
    f.keys(" ");
    assert_eq!(f.item(), Some((1, "Marren".into())));
    f.keys("u");
    assert_eq!(f.item(), Some((1, "Kestova".into())), "back in its place");
    f.keys("yyy");
    assert!(
        f.app.review.as_ref().unwrap().is_done(),
        "no skipped one left over"
    );
    f.keys("u");
    assert_eq!(f.item(), Some((2, "Dockworkers".into())));
    assert!(f.entity("Dockworkers").unwrap().suggested.is_some());
}

#[test]
fn u_with_nothing_decided_says_so() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("u");
    assert!(f.message().contains("nothing decided"), "{}", f.message());
    assert_eq!(f.progress(), (1, 3));
}

#[test]
fn j_and_k_move_without_deciding() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("jj");
    assert_eq!(f.item(), Some((2, "Dockworkers".into())));
    f.keys("k");
    assert_eq!(f.item(), Some((1, "Marren".into())));
    assert_eq!(f.app.review.as_ref().unwrap().decisions(), 0);
    assert!(f.entity("Kestova").unwrap().suggested.is_some());
}

#[test]
fn enter_opens_the_article_at_the_item_and_q_comes_back() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("j\r");
    assert!(matches!(f.app.mode, Mode::Normal));
    assert_eq!(f.cursor(), 60, "on Marren");
    assert!(!f.app.shows_queue());
    f.keys("w");
    assert!(f.app.review.is_some(), "reading keys read");
    f.keys("q");
    assert!(matches!(f.app.mode, Mode::Review(_)));
    assert!(f.app.shows_queue());
    assert_eq!(f.item(), Some((1, "Marren".into())), "where it was");
    f.keys("\r\x1b");
    assert!(f.app.shows_queue(), "Esc comes back too");
    // Away to the next article and back: the item's article is shown again.
    f.keys("\r]");
    assert_eq!(f.app.article().unwrap().source, f.dir.path().join("2.txt"));
    f.keys("q");
    assert_eq!(f.app.article().unwrap().source, f.dir.path().join("1.txt"));
    assert_eq!(f.cursor(), 60, "on Marren again");
}

#[test]
fn q_leaves_the_queue_and_a_second_q_quits() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("q");
    assert!(f.app.review.is_none());
    assert!(matches!(f.app.mode, Mode::Normal));
    let effects = f.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
    )));
    assert!(effects.iter().any(|e| matches!(e, Effect::Quit)));
}

#[test]
fn t_retypes_the_item_and_it_counts_as_accepted() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("T");
    assert!(matches!(f.app.mode, Mode::Pick(_)));
    f.keys("LOC\r");
    assert!(matches!(f.app.mode, Mode::Review(_)));
    let kestova = f.entity("Kestova").unwrap();
    assert_eq!(
        (kestova.kind.as_str(), kestova.suggested.is_none()),
        ("LOC", true)
    );
    assert_eq!(f.item(), Some((1, "Marren".into())));
    f.keys("u");
    let kestova = f.entity("Kestova").unwrap();
    assert_eq!(
        (kestova.kind.as_str(), kestova.suggested.is_some()),
        ("GPE", true),
        "both edits undone"
    );
}

#[test]
fn a_cancelled_retype_decides_nothing() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("T\x1b");
    assert!(matches!(f.app.mode, Mode::Review(_)));
    assert_eq!(f.item(), Some((1, "Kestova".into())));
}

#[test]
fn s_fixes_the_span_in_the_article_and_it_counts_as_accepted() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("s");
    assert!(matches!(f.app.mode, Mode::Span(_)));
    assert!(
        !f.app.shows_queue(),
        "the article is shown to move the edges"
    );
    // "Kestova floods": the end moves a word on.
    f.keys("E\r");
    assert!(f.app.shows_queue());
    let e = f.entity("Kestova floods").unwrap();
    assert_eq!((e.start, e.end, e.suggested.is_none()), (0, 14, true));
    assert_eq!(f.progress(), (2, 3));
}

#[test]
fn decisions_are_stamped_with_the_shells_time_for_a_rate() {
    let mut f = suggestions();
    f.review(only_suggestions());
    // Eleven items of the one suggestion, decided six seconds apart.
    let s = f.app.review.as_mut().unwrap();
    let item = s.current().unwrap().1.clone();
    s.extend(vec![item; 8]);
    let t0 = std::time::Instant::now();
    for i in 0..10 {
        assert!(
            f.app.review.as_ref().unwrap().rate().is_none(),
            "not before ten"
        );
        f.app
            .update(Msg::Tick(t0 + std::time::Duration::from_secs(6 * i)));
        f.keys("y");
    }
    let rate = f.app.review.as_ref().unwrap().rate().unwrap();
    assert!((rate - 10.0).abs() < 0.01, "9 intervals in 54 s: {rate}");
}

#[test]
fn the_review_key_opens_the_filter_form_and_enter_starts_the_queue() {
    let mut f = suggestions();
    f.keys("Q");
    let Mode::ReviewForm(form) = &f.app.mode else {
        panic!("the form opens");
    };
    assert!(form.suggestions && form.problems, "the default queue");
    // Problems off; a type.
    f.keys("\t ");
    f.keys("\t\tGPE\r");
    assert!(matches!(f.app.mode, Mode::Review(_)));
    let s = f.app.review.as_ref().unwrap();
    assert_eq!(s.what, "pending suggestions · type GPE");
}

#[test]
fn the_form_refuses_a_bad_regex_and_stays() {
    let mut f = suggestions();
    f.keys("Q\t\t\t\t\t(\r");
    assert!(matches!(f.app.mode, Mode::ReviewForm(_)));
    assert!(
        f.message().contains("regular expression"),
        "{}",
        f.message()
    );
    f.keys("\x1b");
    assert!(matches!(f.app.mode, Mode::Normal));
    assert!(f.app.review.is_none());
}

#[test]
fn an_empty_queue_says_what_it_looked_for() {
    let mut f = fixture();
    f.review(only_suggestions());
    assert_eq!(f.progress(), (0, 0));
    f.keys("y");
    assert!(matches!(f.app.mode, Mode::Review(_)), "nothing happens");
}

#[test]
fn open_review_on_queues_exactly_the_items_given() {
    let mut f = suggestions();
    f.review(only_suggestions());
    let items: Vec<_> = f.app.review.as_ref().unwrap().items[1..].to_vec();
    let effects = f.app.open_review_on(items);
    f.run(effects);
    assert_eq!(f.progress(), (1, 2));
    assert_eq!(f.item(), Some((1, "Marren".into())));
}

#[test]
fn the_skipped_and_decided_are_on_disk_after_the_saves() {
    let mut f = suggestions();
    f.review(only_suggestions());
    // The shell's autosave writes what `Persist` carries: here, by hand.
    for (path, json) in f.keys("y x") {
        std::fs::write(path, json).unwrap();
    }
    let first = f.on_disk(1);
    let second = f.on_disk(2);
    let ents = |v: &serde_json::Value| v["entities"].as_array().unwrap().clone();
    assert!(
        ents(&first)
            .iter()
            .any(|e| e["text"] == "Kestova" && e.get("suggested").is_none())
    );
    assert!(ents(&second).is_empty(), "Dockworkers rejected");
    assert!(
        ents(&first)
            .iter()
            .any(|e| e["text"] == "Marren" && e.get("suggested").is_some())
    );
}

#[test]
fn a_problem_of_the_whole_file_is_not_decided_by_y_but_opened() {
    let mut f = suggestions();
    let e = &f.app.corpus.entries[0];
    let item = crate::review::Item {
        entry: 0,
        source: e.path.clone(),
        sidecar: e.sidecar.clone(),
        kind: ItemKind::Problem,
        id: String::new(),
        type_: String::new(),
        start: 0,
        end: 0,
        text: String::new(),
        problem: Some("the source changed".into()),
        conflict_only: false,
    };
    let effects = f.app.open_review_on(vec![item]);
    f.run(effects);
    f.keys("y");
    let said = f.message();
    assert!(
        said.contains("a problem of the whole file: enter opens the article"),
        "{said}"
    );
    assert_eq!(f.progress(), (1, 1), "not decided");
}

#[test]
fn u_leaves_a_decision_alone_once_its_article_was_edited_since() {
    let mut f = suggestions();
    f.review(only_suggestions());
    f.keys("y");
    // In the article: Kestova deleted by hand, then back to the queue.
    f.keys("k\r");
    assert_eq!(f.cursor(), 0);
    f.keys("d");
    assert!(f.entity("Kestova").is_none());
    f.keys("q");
    f.keys("j");
    f.keys("u");
    assert!(
        f.message()
            .contains("could not undo the decision on T1: its article was edited since"),
        "{}",
        f.message()
    );
    assert!(f.entity("Kestova").is_none(), "the hand's edit stays");
    assert_eq!(f.item(), Some((1, "Marren".into())));
}

#[test]
fn s_on_a_relation_says_it_has_no_span() {
    let first = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}, "annotator": null, "status": "in_progress", "note": "",
        "entities": [{"id": "T1", "type": "GPE", "start": 0, "end": 7, "text": "Kestova"}, {"id": "T2", "type": "LOC", "start": 60, "end": 66, "text": "Marren"}],
        "events": [], "relations": [{"id": "R1", "type": "Located", "arg1": "T1", "arg2": "T2", "suggested": {"source": "model"}}]}"#;
    let mut f = fixture_with(Some(first));
    f.review(only_suggestions());
    assert_eq!(f.progress(), (1, 1), "the suggested relation");
    f.keys("s");
    assert!(
        f.message()
            .contains("R1 is a relation: it has no span of its own"),
        "{}",
        f.message()
    );
    assert!(matches!(f.app.mode, Mode::Review(_)));
    f.keys("y");
    assert!(f.doc().relations[0].suggested.is_none(), "y accepts it");
}
