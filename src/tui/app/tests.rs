//! The update logic without a terminal: keys in, state and effects out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use super::{App, Mode};
use crate::annotation::Status;
use crate::article::Article;
use crate::corpus;
use crate::schema::Schema;
use crate::store;
use crate::tui::action::Effect;
use crate::tui::msg::Msg;
use crate::tui::panes::Pane;

struct Fixture {
    dir: tempfile::TempDir,
    app: App,
}

const FIRST: &str =
    "Kestova floods recede\n\nHelicopters reached al-Ba'aj and the Marren valley on Thursday.\n";
const SECOND: &str = "Port strike ends\n\nDockworkers returned on Monday.\n";

fn fixture_with(sidecar: Option<&str>) -> Fixture {
    fixture_of(&[FIRST, SECOND], sidecar)
}

/// A corpus of `1.txt`, `2.txt`, … with `texts`, and a sidecar for the first.
fn fixture_of(texts: &[&str], sidecar: Option<&str>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{}.txt", i + 1)), text).unwrap();
    }
    if let Some(json) = sidecar {
        std::fs::write(dir.path().join("1.txt.ann.json"), json).unwrap();
    }
    let mut corpus = corpus::discover(
        &[dir.path().to_path_buf()],
        &crate::store::Placement::default(),
    )
    .unwrap();
    corpus.describe_all();
    let (app, effects) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    let mut f = Fixture { dir, app };
    f.run(effects);
    f
}

fn fixture() -> Fixture {
    fixture_with(None)
}

impl Fixture {
    /// Carries out effects the way the shell does, collecting saves.
    fn run(&mut self, effects: Vec<Effect>) -> Vec<(std::path::PathBuf, String)> {
        let mut saved = Vec::new();
        for e in effects {
            match e {
                Effect::Load(i) => {
                    let e = &self.app.corpus.entries[i];
                    let article = Article::open(&e.path, &e.sidecar, None);
                    self.app.update(Msg::Loaded {
                        entry: i,
                        article: Box::new(article),
                    });
                }
                Effect::Persist { path, json } => saved.push((path, json)),
                Effect::Quit | Effect::Suspend | Effect::Start { .. } | Effect::Cancel(_) => {}
            }
        }
        // As the shell does once the edits are saved.
        self.app.update(Msg::SavesWritten);
        saved
    }

    fn keys(&mut self, keys: &str) -> Vec<(std::path::PathBuf, String)> {
        let mut saved = Vec::new();
        for c in keys.chars() {
            let code = match c {
                '\r' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                '\t' => KeyCode::Tab,
                c => KeyCode::Char(c),
            };
            let effects = self
                .app
                .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            saved.extend(self.run(effects));
        }
        saved
    }

    fn ctrl(&mut self, c: char) -> Vec<(std::path::PathBuf, String)> {
        let effects = self.app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
        self.run(effects)
    }

    fn doc(&self) -> &crate::annotation::Document {
        &self.app.shown.as_ref().unwrap().article.doc
    }

    fn cursor(&self) -> usize {
        self.app.shown.as_ref().unwrap().view.cursor
    }
}

#[test]
fn enter_t_type_enter_tags_the_first_word_and_asks_for_a_save() {
    let mut f = fixture();
    let saved = f.keys("\rtGPE\r");
    assert_eq!(f.app.focus, Pane::Text);
    let e = &f.doc().entities[0];
    assert_eq!(
        (
            e.id.as_str(),
            e.kind.as_str(),
            e.start,
            e.end,
            e.text.as_str()
        ),
        ("T1", "GPE", 0, 7, "Kestova")
    );
    assert_eq!(
        f.doc().status,
        Status::InProgress,
        "the first annotation starts the work"
    );
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].0, f.dir.path().join("1.txt.ann.json"));
    let written = store::parse(&saved[0].1).unwrap();
    assert_eq!(written.entities, f.doc().entities);
    assert_eq!(
        f.app.corpus.entries[0].summary.count(),
        1,
        "the list count follows"
    );
}

#[test]
fn typing_in_the_picker_never_fires_a_key_binding() {
    let mut f = fixture();
    // q, u and d are bindings in normal mode; in the picker they only filter.
    let saved = f.keys("\rtqud");
    assert!(matches!(f.app.mode, Mode::Pick { .. }));
    assert!(saved.is_empty());
    f.keys("\x1b");
    assert!(matches!(f.app.mode, Mode::Normal));
    assert!(f.doc().entities.is_empty(), "Esc cancels");
}

#[test]
fn search_moves_to_the_match_and_n_goes_on() {
    let mut f = fixture();
    let hits: Vec<usize> = FIRST
        .match_indices("re")
        .map(|(b, _)| FIRST[..b].chars().count())
        .collect();
    assert!(hits.len() >= 3);
    f.keys("\r/re\r");
    assert_eq!(f.cursor(), hits[0]);
    f.keys("n");
    assert_eq!(f.cursor(), hits[1]);
    f.keys("nN");
    assert_eq!(f.cursor(), hits[1]);
    f.keys("/zzz\r");
    assert_eq!(f.cursor(), hits[1], "a failed search leaves the cursor");
    assert!(f.app.message.as_ref().unwrap().text.contains("not found"));
}

#[test]
fn word_motions_treat_hyphen_and_apostrophe_names_as_one_word() {
    let mut f = fixture();
    f.keys("\r/al-\r");
    let start = f.cursor();
    f.keys("tLOC\r");
    let e = &f.doc().entities[0];
    assert_eq!((e.start, e.text.as_str()), (start, "al-Ba'aj"));
    f.keys("w");
    assert_eq!(
        f.app
            .shown
            .as_ref()
            .unwrap()
            .article
            .text
            .grapheme_at(f.cursor()),
        "a"
    );
    f.keys("b");
    assert_eq!(f.cursor(), start);
}

#[test]
fn a_selection_tags_exactly_what_it_covers() {
    let mut f = fixture();
    f.keys("\r/Marren\rvwwE");
    f.keys("tLOC\r");
    let e = &f.doc().entities[0];
    assert_eq!(
        e.text, "Marren valley on",
        "v then motions extend the selection"
    );
    assert!(
        f.app.shown.as_ref().unwrap().view.anchor.is_none(),
        "tagging ends the selection"
    );
}

#[test]
fn undo_and_redo_walk_every_change_and_save_each_step() {
    let mut f = fixture();
    f.keys("\rtGPE\rwtORG\r");
    assert_eq!(f.doc().entities.len(), 2);
    let saved = f.keys("u");
    assert_eq!(f.doc().entities.len(), 1);
    assert_eq!(store::parse(&saved[0].1).unwrap().entities.len(), 1);
    f.keys("u");
    assert!(f.doc().entities.is_empty());
    f.ctrl('r');
    assert_eq!(f.doc().entities[0].kind, "GPE");
}

#[test]
fn delete_asks_which_when_spans_overlap() {
    let mut f = fixture();
    f.keys("\rtGPE\r");
    f.keys("vwtLOC\r0");
    assert_eq!(f.doc().entities.len(), 2);
    f.keys("d");
    let Mode::Pick { picker, .. } = &f.app.mode else {
        panic!("a chooser opens");
    };
    assert_eq!(picker.choices.len(), 2);
    f.keys("LOC\r");
    assert_eq!(f.doc().entities.len(), 1);
    assert_eq!(f.doc().entities[0].kind, "GPE");
    f.keys("d");
    assert!(f.doc().entities.is_empty(), "a single span goes at once");
}

#[test]
fn a_broken_sidecar_makes_the_article_read_only_and_nothing_is_saved() {
    let mut f = fixture_with(Some(
        "{\"format\": \"gloss\", \"version\": 1, \"entities\": [ {broken",
    ));
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("read-only:")
    );
    let saved = f.keys("\rtmiu");
    assert!(saved.is_empty());
    assert!(matches!(f.app.mode, Mode::Normal), "no picker opens");
    assert!(f.app.message.as_ref().unwrap().error);
}

#[test]
fn status_and_notes_are_edits_too() {
    let mut f = fixture();
    f.keys("\rm");
    f.keys("done\r");
    assert_eq!(f.doc().status, Status::Done);
    let saved = f.keys("iq is a letter here\x1b");
    assert_eq!(f.doc().note, "q is a letter here");
    assert!(!saved.is_empty(), "typing a note saves");
    assert!(matches!(f.app.mode, Mode::Normal));
    f.keys("u");
    assert_eq!(f.doc().note, "", "the whole note edit undoes at once");
    f.keys("tPER\ra");
    f.keys("the town\x1b");
    assert_eq!(f.doc().entities[0].note.as_deref(), Some("the town"));
}

#[test]
fn switching_articles_keeps_each_ones_history() {
    let mut f = fixture();
    f.keys("\rtGPE\r]");
    assert_eq!(f.app.selected, 1);
    assert!(f.doc().entities.is_empty());
    f.keys("[");
    assert_eq!(f.doc().entities.len(), 1);
    f.keys("u");
    assert!(
        f.doc().entities.is_empty(),
        "undo still knows the earlier edit"
    );
}

#[test]
fn browsing_asks_for_no_saves() {
    let mut f = fixture();
    let saved = f.keys("j\rjjjj\t\tkG g/Port\rn]w[");
    assert!(saved.is_empty());
}

const ATTACK: &str = "Rebel forces attacked Dalen on Tuesday.\n\nThe army said nothing.\n";

fn attack_fixture() -> Fixture {
    fixture_of(&[ATTACK], None)
}

fn hint_for(f: &Fixture, text: &str) -> String {
    let Mode::Hint { hints, .. } = &f.app.mode else {
        panic!("not in hint mode: {:?}", f.app.mode);
    };
    let doc = f.doc();
    hints
        .iter()
        .find(|h| {
            let (s, e) = doc.span_of(&h.id).unwrap();
            ATTACK.chars().skip(s).take(e - s).collect::<String>() == text
        })
        .unwrap_or_else(|| panic!("no hint for {text}: {hints:?}"))
        .label
        .clone()
}

#[test]
fn an_attack_with_two_arguments_is_built_from_keys_alone() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r");
    f.keys("/attacked\reAttack\r");
    let ev = &f.doc().events[0];
    assert_eq!(
        (ev.id.as_str(), ev.kind.as_str(), ev.trigger.text.as_str()),
        ("E1", "Conflict.Attack", "attacked")
    );
    assert_eq!(ev.trigger.id, "T2", "triggers share the T series");
    assert_eq!(
        f.app.shown.as_ref().unwrap().view.event.as_deref(),
        Some("E1")
    );
    // 1 = Attacker: hint letters over what the role accepts.
    f.keys("1");
    let label = hint_for(&f, "Rebel");
    f.keys(&label);
    assert!(matches!(f.app.mode, Mode::Normal));
    // 5 = Place, not tagged yet: Enter tags the word under the cursor.
    f.keys("/Dalen\r5\r");
    let Mode::Pick { picker, .. } = &f.app.mode else {
        panic!("a picker of the allowed types opens");
    };
    let codes: Vec<_> = picker.choices.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["GPE", "LOC", "FAC"]);
    let saved = f.keys("GPE\r");
    let doc = store::parse(&saved.last().unwrap().1).unwrap();
    let dalen = doc.entities.iter().find(|e| e.text == "Dalen").unwrap();
    assert_eq!(dalen.kind, "GPE");
    let args: Vec<(&str, &str)> = doc.events[0]
        .arguments
        .iter()
        .map(|a| (a.role.as_str(), a.target.as_str()))
        .collect();
    assert_eq!(args, [("Attacker", "T1"), ("Place", dalen.id.as_str())]);
    assert!(f.app.shown.as_ref().unwrap().article.problems.is_empty());
}

#[test]
fn hints_offer_only_what_the_role_accepts() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r/Dalen\rtGPE\r/Tuesday\rtTIME\r");
    f.keys("/attacked\reAttack\r4");
    let Mode::Hint { hints, .. } = &f.app.mode else {
        panic!("hint mode");
    };
    assert_eq!(hints.len(), 1, "only the TIME is a Time: {hints:?}");
    f.keys("\x1b5");
    let Mode::Hint { hints, .. } = &f.app.mode else {
        panic!("hint mode");
    };
    assert_eq!(hints.len(), 1, "only Dalen is a Place: {hints:?}");
    f.keys("q");
    assert!(
        matches!(f.app.mode, Mode::Hint { .. }),
        "a wrong letter does not quit"
    );
    assert!(f.app.message.as_ref().unwrap().text.contains("no hint"));
}

#[test]
fn arguments_can_be_removed_and_given_another_role() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r/attacked\reAttack\r1a");
    assert_eq!(f.doc().events[0].arguments[0].role, "Attacker");
    f.keys("R");
    let Mode::Pick { picker, .. } = &f.app.mode else {
        panic!("which argument");
    };
    assert_eq!(picker.choices.len(), 1);
    f.keys("\r");
    let Mode::Pick { picker, .. } = &f.app.mode else {
        panic!("which role");
    };
    let roles: Vec<_> = picker.choices.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(roles, ["Target"], "only roles that take an ORG");
    f.keys("\r");
    assert_eq!(f.doc().events[0].arguments[0].role, "Target");
    f.keys("X\r");
    assert!(f.doc().events[0].arguments.is_empty());
    f.keys("u");
    assert_eq!(f.doc().events[0].arguments.len(), 1);
}

#[test]
fn deleting_a_filler_takes_its_links_along_and_undo_brings_all_back() {
    let mut f = attack_fixture();
    f.keys("\rtORG\r/Dalen\rtGPE\r/attacked\reAttack\r1a\x1b");
    f.keys("gr");
    let label = hint_for(&f, "Dalen");
    f.keys(&label);
    let Mode::Pick { picker, .. } = &f.app.mode else {
        panic!("relation types");
    };
    let types: Vec<_> = picker.choices.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        types,
        ["PART-WHOLE", "ORG-AFF", "GEN-AFF"],
        "only types allowed for ORG → GPE"
    );
    f.keys("GEN\r");
    assert_eq!(f.doc().relations[0].kind, "GEN-AFF");
    let before = f.doc().clone();
    f.keys("gd");
    let Mode::Pick { picker, .. } = &f.app.mode else {
        panic!("the entity and its relation are both under the cursor");
    };
    assert_eq!(picker.choices.len(), 2);
    f.keys("ORG\r");
    assert!(f.doc().entities.iter().all(|e| e.text != "Rebel"));
    assert!(f.doc().relations.is_empty() && f.doc().events[0].arguments.is_empty());
    let said = &f.app.message.as_ref().unwrap().text;
    assert!(
        said.contains("E1 Attacker") && said.contains("R1 GEN-AFF"),
        "{said}"
    );
    f.keys("u");
    assert_eq!(
        *f.doc(),
        before,
        "one undo restores the entity and its links"
    );
}

#[test]
fn attributes_are_set_and_cleared_from_a_picker() {
    let mut f = attack_fixture();
    f.keys("\r/attacked\reAttack\r\x1bA");
    f.keys("Negative\r");
    let attrs = f.doc().events[0].attributes.clone().unwrap();
    assert_eq!(attrs["Polarity"], "Negative");
    f.keys("ANegative\r");
    assert_eq!(
        f.doc().events[0].attributes,
        None,
        "picking the set value clears it"
    );
    f.keys("gA");
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("no annotation")
    );
}

#[test]
fn problems_are_counted_live_and_bang_jumps_to_them() {
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}, "annotator": null, "status": "in_progress", "note": "",
        "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel"}],
        "events": [{"id": "E1", "type": "Conflict.Attack", "trigger": {"id": "T2", "start": 13, "end": 21, "text": "attacked"}, "arguments": [{"role": "Place", "ref": "T1"}]}],
        "relations": []}"#;
    let mut f = fixture_of(&[ATTACK], Some(json));
    assert_eq!(f.app.shown.as_ref().unwrap().article.problems.len(), 1);
    f.keys("\r!");
    assert_eq!(f.cursor(), 13, "on the trigger of the event at fault");
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("Place cannot take T1 (ORG)")
    );
    f.keys("X\r");
    assert!(
        f.app.shown.as_ref().unwrap().article.problems.is_empty(),
        "fixing it clears the count"
    );
}

#[test]
fn suggestions_are_accepted_with_y_and_rejected_with_x() {
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 0}, "annotator": null, "status": "in_progress", "note": "",
        "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel", "suggested": {"source": "model"}},
                     {"id": "T2", "type": "GPE", "start": 22, "end": 27, "text": "Dalen", "suggested": {"source": "model"}}],
        "events": [], "relations": []}"#;
    let mut f = fixture_of(&[ATTACK], Some(json));
    f.keys("\ry");
    assert_eq!(f.doc().entities[0].suggested, None, "accepted");
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("1 suggestion(s) left")
    );
    f.keys("y");
    assert!(
        f.app.message.as_ref().unwrap().error,
        "nothing left to accept here"
    );
    let saved = f.keys("/Dalen\rx");
    assert_eq!(f.doc().entities.len(), 1, "rejected means removed");
    assert_eq!(store::parse(&saved[0].1).unwrap().entities.len(), 1);
    f.keys("u");
    assert_eq!(f.doc().entities.len(), 2);
}

/// An app over `texts` whose titles are not read yet, and its first effects.
fn undescribed(texts: &[&str]) -> (tempfile::TempDir, App, Vec<Effect>) {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{}.txt", i + 1)), text).unwrap();
    }
    let corpus =
        corpus::discover(&[dir.path().to_path_buf()], &store::Placement::default()).unwrap();
    let (app, effects) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    (dir, app, effects)
}

#[test]
fn titles_are_read_by_a_background_job_whose_results_stream_in() {
    use crate::tui::jobs::{Job, JobEvent};
    let (_dir, mut app, effects) = undescribed(&[FIRST, SECOND]);
    let Some(Effect::Start {
        id,
        job: Job::Describe { from: 0, entries },
    }) = effects.iter().find(|e| matches!(e, Effect::Start { .. }))
    else {
        panic!("no describe job: {effects:?}");
    };
    assert_eq!(entries.len(), 2);
    assert!(app.is_describing());
    let first = (0, entries[0].read_description());
    let second = (1, entries[1].read_description());
    let id = *id;
    app.update(Msg::Job {
        id,
        event: JobEvent::Described(vec![first]),
    });
    assert_eq!(app.corpus.entries[0].title, "Kestova floods recede");
    assert_eq!(app.described, 1);
    // A job the app no longer listens to is not heard.
    app.update(Msg::Job {
        id: id + 1,
        event: JobEvent::Described(vec![second.clone()]),
    });
    assert_eq!(app.described, 1);
    assert_ne!(app.corpus.entries[1].title, "Port strike ends");
    app.update(Msg::Job {
        id,
        event: JobEvent::Described(vec![second]),
    });
    app.update(Msg::Job {
        id,
        event: JobEvent::Done,
    });
    assert_eq!(app.corpus.entries[1].title, "Port strike ends");
    assert_eq!(app.described, 2);
    assert!(!app.is_describing());
}

#[test]
fn mouse_reports_change_nothing_yet() {
    let mut f = fixture();
    f.keys("\r");
    let before = f.app.shown.as_ref().unwrap().view.cursor;
    let click = crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 40,
        row: 5,
        modifiers: KeyModifiers::NONE,
    };
    assert!(f.app.update(Msg::Mouse(click)).is_empty());
    assert_eq!(f.app.shown.as_ref().unwrap().view.cursor, before);
    assert_eq!(f.app.focus, Pane::Text);
}
