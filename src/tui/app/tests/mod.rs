//! The update logic without a terminal: keys in, state and effects out.
//! The shared fixture is here; the tests are split by topic.

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
    /// The message on the status line, or "" when there is none.
    fn message(&self) -> String {
        self.app
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }

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

    /// Runs a background job here as the shell would, and hands its
    /// events to the app.
    fn run_job(&mut self, id: crate::tui::jobs::JobId, job: crate::tui::jobs::Job) {
        use crate::tui::jobs::{self, JobEvent, Opener};
        let opener = Opener {
            service: crate::service::Service::with_locks(None),
            annotator: None,
        };
        let mut events = Vec::new();
        jobs::work_for(job, &opener)(&jobs::Cancel::default(), &mut |e| {
            events.push(e);
            true
        });
        events.push(JobEvent::Done);
        for event in events {
            let effects = self.app.update(Msg::Job { id, event });
            self.run(effects);
        }
    }

    fn keys(&mut self, keys: &str) -> Vec<(std::path::PathBuf, String)> {
        let mut saved = Vec::new();
        for c in keys.chars() {
            let effects = self.app.update(Msg::Key(key_of(c)));
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
        &self.app.article().unwrap().doc
    }

    fn cursor(&self) -> usize {
        self.app.view().unwrap().cursor
    }
}

mod adjudicate;
mod corpus_search;
mod dashboard;
mod editing;
mod events;
mod keys;
mod messages;
mod mouse;
mod opening;
mod propagate;
mod reading;
mod review;
mod review_conflicts;
mod search;
mod streaming;
mod todo_nav;
mod undo;

/// The key a test types as `c`: `\r` Enter, `\x1b` Esc, `\t` Tab, else
/// the character, without modifiers.
pub(super) fn key_of(c: char) -> KeyEvent {
    let code = match c {
        '\r' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\t' => KeyCode::Tab,
        c => KeyCode::Char(c),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}
