//! `*` and `g*`: an annotation's type proposed for the same text in the
//! article (in memory, undoable) and in the others (a background job that
//! saves each through the service).

use super::*;
use crate::tui::jobs::{self, JobEvent, Opener};

const ONE: &str = "Mosul news\n\nTroops reached Mosul. In Mosul, MOSUL and mosul; NeoMosul.\n";
const TWO: &str = "Mosul again\n\nRefugees left Mosul.\n";
const THREE: &str = "Weather\n\nRain.\n";

/// The corpus `ONE`, `TWO`, `THREE`, with the first "Mosul" of `ONE`
/// tagged GPE (T1), opened with the cursor on it.
fn corpus() -> Fixture {
    let doc = serde_json::json!({"format": "gloss", "version": 1,
        "source": {"file": "1.txt", "sha256": crate::hash::sha256_hex(ONE.as_bytes()),
                   "encoding": "utf-8", "chars": ONE.chars().count()},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": [{"id": "T1", "type": "GPE", "start": 0, "end": 5, "text": "Mosul"}],
        "events": [], "relations": []});
    let mut f = fixture_of(&[ONE, TWO, THREE], Some(&doc.to_string()));
    f.keys("\r");
    f
}

impl Fixture {
    /// Keys, with the jobs they start run to their end as the shell would.
    fn keys_and_jobs(&mut self, keys: &str) -> Vec<(std::path::PathBuf, String)> {
        let mut saved = Vec::new();
        for c in keys.chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            let effects = self.app.update(Msg::Key(key));
            saved.extend(self.run_jobs(effects));
        }
        saved
    }

    fn run_jobs(&mut self, effects: Vec<Effect>) -> Vec<(std::path::PathBuf, String)> {
        let locks = self.dir.path().join("locks");
        let opener = Opener {
            service: crate::service::Service::with_locks(Some(locks)),
            annotator: None,
        };
        let mut rest = Vec::new();
        let mut events = Vec::new();
        for e in effects {
            match e {
                Effect::Start { id, job } => {
                    let cancel = jobs::Cancel::default();
                    let mut emit = |event| {
                        events.push((id, event));
                        true
                    };
                    jobs::work_for(job, &opener)(&cancel, &mut emit);
                    events.push((id, JobEvent::Done));
                }
                other => rest.push(other),
            }
        }
        let mut saved = self.run(rest);
        for (id, event) in events {
            let effects = self.app.update(Msg::Job { id, event });
            saved.extend(self.run(effects));
        }
        saved
    }
}

fn suggested(doc: &crate::annotation::Document) -> Vec<(usize, usize, &str, &str)> {
    doc.entities
        .iter()
        .filter(|e| e.suggested.is_some())
        .map(|e| (e.start, e.end, e.kind.as_str(), e.text.as_str()))
        .collect()
}

fn on_disk(f: &Fixture, name: &str) -> crate::annotation::Document {
    store::read(&f.dir.path().join(format!("{name}.ann.json")))
        .unwrap()
        .unwrap()
}

#[test]
fn star_proposes_in_this_article_in_memory_and_in_the_others_on_disk() {
    let mut f = corpus();
    let saved = f.keys_and_jobs("*");
    // Here: the other whole-word, same-case Mosuls, in memory and saved.
    assert_eq!(
        suggested(f.doc()),
        [(27, 32, "GPE", "Mosul"), (37, 42, "GPE", "Mosul")]
    );
    assert!(saved.iter().any(|(p, _)| p.ends_with("1.txt.ann.json")));
    // Elsewhere: on disk, through the service.
    assert_eq!(
        suggested(&on_disk(&f, "2.txt")),
        [(0, 5, "GPE", "Mosul"), (27, 32, "GPE", "Mosul")]
    );
    assert!(!f.dir.path().join("3.txt.ann.json").exists());
    assert_eq!(
        f.app.corpus.entries[1].summary.suggested(),
        2,
        "the list counts them"
    );
    assert_eq!(
        f.message(),
        "proposed 4 GPE “Mosul” in 2 article(s), queued for review"
    );
    // The review queue opens on exactly those.
    let queued = f.app.review.as_ref().map(|s| s.items.len());
    assert_eq!(queued, Some(4));
    assert!(matches!(f.app.mode, Mode::Review(_)));
    // Leaving it, undo takes back this article's, and only those.
    f.keys("qu");
    assert!(suggested(f.doc()).is_empty());
    assert_eq!(suggested(&on_disk(&f, "2.txt")).len(), 2);
    // Again: nothing doubled.
    f.keys("gl");
    f.keys_and_jobs("*");
    f.keys("q");
    f.keys("gl");
    f.keys_and_jobs("*");
    assert_eq!(suggested(f.doc()).len(), 2);
    assert_eq!(suggested(&on_disk(&f, "2.txt")).len(), 2);
    assert_eq!(f.message(), "no other “Mosul” to propose GPE for");
}

#[test]
fn g_star_proposes_in_this_article_only_and_g_alone_still_goes_to_the_top() {
    let mut f = corpus();
    f.keys("l");
    let there = f.cursor();
    assert_eq!(there, 1, "still on T1");
    f.keys("g");
    assert_eq!(f.cursor(), 0, "g goes to the top at once");
    f.keys("l");
    f.keys("g");
    f.keys_and_jobs("*");
    // On T1 again (at the top there is no annotation to propose).
    assert_eq!(suggested(f.doc()).len(), 2);
    assert!(
        !f.dir.path().join("2.txt.ann.json").exists(),
        "this article only"
    );
    assert_eq!(
        f.message(),
        "proposed 2 GPE “Mosul” in 1 article(s), queued for review"
    );
    // `#` does the same; `g`, another key, then `*` is plain `*`.
    f.keys("qu");
    f.keys("g");
    f.keys("l");
    assert_eq!(f.cursor(), there);
    f.keys_and_jobs("#");
    assert_eq!(suggested(f.doc()).len(), 2);
    assert!(!f.dir.path().join("2.txt.ann.json").exists());
    f.keys("qug");
    f.keys("l");
    f.keys("h");
    f.keys_and_jobs("*");
    assert_eq!(suggested(&on_disk(&f, "2.txt")).len(), 2);
}

#[test]
fn an_article_kept_with_undo_history_is_edited_in_memory() {
    let mut f = corpus();
    // Article 2 gets an edit (so it is kept with its history), then 1 again.
    f.keys("\t\tj\r");
    f.keys("wwtORG\r");
    assert_eq!(f.doc().entities.len(), 1);
    f.keys("\t\tk\r");
    let saved = f.keys_and_jobs("*");
    assert!(
        saved.iter().any(|(p, _)| p.ends_with("2.txt.ann.json")),
        "saved by the app"
    );
    f.keys("q");
    f.keys("\t\tj\r");
    assert_eq!(suggested(f.doc()).len(), 2);
    f.keys("u");
    assert!(suggested(f.doc()).is_empty(), "undone there too");
    assert_eq!(f.doc().entities.len(), 1, "the edit before stays");
}

#[test]
fn star_needs_an_entity_under_the_cursor() {
    let mut f = corpus();
    f.keys("j");
    let effects = f.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('*'),
        KeyModifiers::NONE,
    )));
    assert!(effects.is_empty());
    assert_eq!(f.message(), "no annotation under the cursor");
}

#[test]
fn star_on_an_event_trigger_proposes_events_of_its_type() {
    const A: &str = "a strike began; Strike two.\n";
    const B: &str = "Another strike.\n";
    let doc = serde_json::json!({"format": "gloss", "version": 1,
        "source": {"file": "1.txt", "sha256": crate::hash::sha256_hex(A.as_bytes()),
                   "encoding": "utf-8", "chars": A.chars().count()},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": [],
        "events": [{"id": "E1", "type": "Conflict.Attack", "arguments": [],
                    "trigger": {"id": "T1", "start": 2, "end": 8, "text": "strike"}}],
        "relations": []});
    let mut f = fixture_of(&[A, B], Some(&doc.to_string()));
    f.keys("\rll");
    f.keys_and_jobs("*");
    let here: Vec<_> = f
        .doc()
        .events
        .iter()
        .map(|e| (e.id.as_str(), e.trigger.start, e.suggested.is_some()))
        .collect();
    assert_eq!(here, [("E1", 2, false), ("E2", 16, true)]);
    let there = on_disk(&f, "2.txt");
    assert_eq!(there.events.len(), 1);
    assert_eq!(
        (
            there.events[0].kind.as_str(),
            there.events[0].trigger.text.as_str()
        ),
        ("Conflict.Attack", "strike")
    );
    f.keys("qu");
    assert_eq!(
        f.doc().events.len(),
        1,
        "one undo takes the event and its trigger back"
    );
}

#[test]
fn a_second_star_waits_for_the_first_to_end() {
    let mut f = corpus();
    let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let first = f.app.update(key('*'));
    assert!(first.iter().any(|e| matches!(e, Effect::Start { .. })));
    assert!(
        f.message()
            .starts_with("proposing GPE “Mosul” in 2 other article(s)"),
        "{}",
        f.message()
    );
    let second = f.app.update(key('*'));
    assert!(second.is_empty());
    assert!(
        f.message().starts_with("still proposing GPE “Mosul”"),
        "{}",
        f.message()
    );
    // Once the first has said how many, `*` works again.
    f.run_jobs(first);
    assert!(f.message().starts_with("proposed 4 GPE"), "{}", f.message());
    f.keys("q");
    f.keys_and_jobs("*");
    assert_eq!(f.message(), "no other “Mosul” to propose GPE for");
}
