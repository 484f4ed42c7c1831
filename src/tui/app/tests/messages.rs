//! Messages other than keys: background job results, mouse reports.

use super::*;

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
fn a_cancelled_job_s_results_are_not_taken_in() {
    use crate::tui::jobs::{Job, JobEvent};
    let (_dir, mut app, effects) = undescribed(&[FIRST, SECOND]);
    let Some(Effect::Start {
        id,
        job: Job::Describe { entries, .. },
    }) = effects.iter().find(|e| matches!(e, Effect::Start { .. }))
    else {
        panic!("no describe job: {effects:?}");
    };
    let (id, batch) = (*id, vec![(0, entries[0].read_description())]);
    assert_eq!(app.jobs().map(|(j, _)| j).collect::<Vec<_>>(), [id]);
    let effects = app.update(Msg::Job {
        id,
        event: JobEvent::Progress {
            done: 1,
            total: Some(2),
        },
    });
    assert!(effects.is_empty());
    assert_eq!(
        app.jobs().next().map(|(_, r)| (r.done, r.total)),
        Some((1, Some(2)))
    );
    assert!(matches!(app.cancel_job(id)[..], [Effect::Cancel(c)] if c == id));
    app.update(Msg::Job {
        id,
        event: JobEvent::Described(batch),
    });
    assert_ne!(app.corpus.entries[0].title, "Kestova floods recede");
    assert!(!app.is_describing());
}
