//! A big article shown from its first blocks while a job opens it whole.

use super::*;
use crate::tui::action::Action;
use crate::tui::jobs::{Job, JobEvent, JobId, Opened};

/// A text well over the preview size, whose last line is `END-MARK`.
fn big_text() -> String {
    let line = "Residents inside the city reported heavy shelling overnight.\n";
    let n = (crate::article::PREVIEW_BYTES as usize / line.len()) * 3;
    format!("START-MARK\n{}END-MARK\n", line.repeat(n))
}

/// A fixture over a big first article and a small second one, with the
/// first shown from its first blocks; the id of the job opening it whole.
fn previewed() -> (Fixture, JobId) {
    let mut f = fixture_of(&[&big_text(), SECOND], None);
    let entry = &f.app.corpus.entries[0];
    let head = Article::preview(&entry.path, &entry.sidecar).expect("a big article has a preview");
    f.app.shown = None;
    let effects = f.app.update(Msg::Preview {
        entry: 0,
        article: Box::new(head),
    });
    let [
        Effect::Start {
            id,
            job: Job::Open { entry: 0, .. },
        },
    ] = effects.as_slice()
    else {
        panic!("no open job: {effects:?}");
    };
    (f, *id)
}

/// The whole of list entry `entry`, as the open job reports it.
fn opened(f: &Fixture, entry: usize) -> JobEvent {
    let e = &f.app.corpus.entries[entry];
    JobEvent::Opened(Opened {
        entry,
        article: Box::new(Article::open(&e.path, &e.sidecar, None)),
    })
}

#[test]
fn a_small_article_has_no_preview() {
    let f = fixture();
    let e = &f.app.corpus.entries[0];
    assert!(Article::preview(&e.path, &e.sidecar).is_none());
}

#[test]
fn keys_typed_during_a_partial_open_act_on_the_whole_article() {
    let (mut f, id) = previewed();
    assert!(f.app.is_opening());
    let partial = f.app.article().unwrap().text.len_chars();
    assert!(partial <= crate::article::PREVIEW_BYTES as usize);
    f.keys("\rG");
    assert_eq!(f.cursor(), 0, "keys wait for the whole article");
    let event = opened(&f, 0);
    let effects = f.app.update(Msg::Job { id, event });
    f.run(effects);
    assert!(!f.app.is_opening());
    let text = &f.app.article().unwrap().text;
    assert_eq!(text.len_chars(), big_text().chars().count());
    assert_eq!(f.app.focus, Pane::Text);
    let end = text.as_str().rfind("END-MARK").unwrap();
    assert!(
        f.cursor() >= text.char_of(end),
        "G went to the real end: cursor {} of {}",
        f.cursor(),
        text.len_chars()
    );
}

#[test]
fn results_of_a_stale_open_are_dropped() {
    let (mut f, id) = previewed();
    // Not this job's: ignored, still waiting.
    let event = opened(&f, 0);
    f.app.update(Msg::Job { id: id + 7, event });
    assert!(f.app.is_opening());
    // Another article chosen meanwhile: the open is cancelled.
    let effects = f.app.update(Msg::Action(Action::NextArticle));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Cancel(c) if *c == id)),
        "{effects:?}"
    );
    f.run(effects);
    assert!(!f.app.is_opening());
    assert_eq!(f.app.shown.as_ref().unwrap().entry, 1);
    let event = opened(&f, 0);
    f.app.update(Msg::Job { id, event });
    assert_eq!(
        f.app.shown.as_ref().unwrap().entry,
        1,
        "the late article is not shown"
    );
}

#[test]
fn with_keys_waiting_the_problems_are_found_after_the_keys_and_their_save() {
    let (mut f, id) = previewed();
    f.keys("\rG");
    let event = opened(&f, 0);
    f.app.update(Msg::Job { id, event });
    // A tag typed meanwhile goes to the disk first; the shell asks for the
    // check once no save is pending.
    assert!(f.app.article().unwrap().is_unchecked());
    assert!(f.app.needs_check());
    f.app.update(Msg::SavesWritten);
    assert!(!f.app.article().unwrap().is_unchecked());
}

#[test]
fn a_tag_typed_during_a_partial_open_is_saved_when_it_opens() {
    let (mut f, id) = previewed();
    f.keys("\rtPER\r");
    let event = opened(&f, 0);
    let effects = f.app.update(Msg::Job { id, event });
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Persist { .. })),
        "{effects:?}"
    );
    assert_eq!(f.app.article().unwrap().doc.entities.len(), 1);
}

#[test]
fn an_article_opened_with_no_keys_waiting_is_checked_at_once() {
    let (mut f, id) = previewed();
    let event = opened(&f, 0);
    f.app.update(Msg::Job { id, event });
    assert!(!f.app.article().unwrap().is_unchecked());
}
