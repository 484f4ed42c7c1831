//! A big corpus's list: the first screen at once, the rest streaming in.

use super::*;
use crate::tui::action::Action;
use crate::tui::jobs::{Job, JobEvent};

#[test]
fn entries_streaming_in_keep_the_selection_and_the_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        std::fs::write(dir.path().join(format!("{i}.txt")), format!("Title {i}\n")).unwrap();
    }
    let paths = [dir.path().to_path_buf()];
    let place = store::Placement::default();
    let whole = corpus::discover(&paths, &place).unwrap();
    let first = corpus::discover_first(&paths, &place, 2).unwrap();
    assert_eq!(first.entries.len(), 2);
    let (mut app, effects) = App::new(first, Schema::builtin(), false, Size::new(100, 30));
    let Some(Effect::Start {
        id,
        job: Job::Corpus { from: 0, rest, .. },
    }) = effects.iter().find(|e| matches!(e, Effect::Start { .. }))
    else {
        panic!("no corpus job: {effects:?}");
    };
    let (id, mut rest) = (*id, rest.clone());
    app.update(Msg::Action(Action::Down));
    assert_eq!(app.selected, 1);
    let found = rest.next_batch(2).unwrap();
    app.update(Msg::Job {
        id,
        event: JobEvent::Found(found),
    });
    assert_eq!(app.corpus.entries.len(), 4);
    assert_eq!(app.selected, 1, "the selection stays on its entry");
    let found = rest.next_batch(10).unwrap();
    assert!(rest.next_batch(10).unwrap().is_empty());
    app.update(Msg::Job {
        id,
        event: JobEvent::Found(found),
    });
    assert_eq!(app.corpus.entries, whole.entries);
    // A job no longer listened to adds nothing.
    app.update(Msg::Job {
        id,
        event: JobEvent::Done,
    });
    let stale = vec![whole.entries[0].clone()];
    app.update(Msg::Job {
        id,
        event: JobEvent::Found(stale),
    });
    assert_eq!(app.corpus.entries.len(), 5);
}

#[test]
fn a_folder_without_text_is_still_an_error_when_walked_in_part() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "no").unwrap();
    let got = corpus::discover_first(&[dir.path().to_path_buf()], &store::Placement::default(), 2);
    assert!(matches!(got, Err(corpus::CorpusError::NoText(_))));
}
