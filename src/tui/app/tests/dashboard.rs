//! `D`: the team dashboard, its figures counted by a background job.

use super::*;
use crate::tui::jobs::{Job, JobEvent, JobId};
use crate::tui::mode::Dashboard;

/// An annotator's file of `1.txt` with `status` and one GPE.
fn annotator_file(who: &str, status: &str) -> String {
    format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 80}}, "annotator": "{who}", "status": "{status}", "note": "", "entities": [{{"id": "T1", "type": "GPE", "start": 0, "end": 7, "text": "Kestova"}}], "events": [], "relations": []}}"#
    )
}

/// A corpus where ana and ben annotated the first article.
fn team() -> Fixture {
    let f = fixture();
    for (who, status) in [("ana", "done"), ("ben", "in_progress")] {
        let path = f.dir.path().join(format!("1.txt.{who}.ann.json"));
        std::fs::write(path, annotator_file(who, status)).unwrap();
    }
    f
}

/// Presses `c` (no modifiers) and hands back the effects, unrun.
fn press(f: &mut Fixture, c: char) -> Vec<Effect> {
    f.app.update(Msg::Key(key_of(c)))
}

/// The tally job among `effects` and its id.
fn tally_job(effects: &[Effect]) -> (JobId, Job) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Start { id, job } if matches!(job, Job::Tally(_)) => Some((*id, job.clone())),
            _ => None,
        })
        .expect("a tally job")
}

fn dashboard(f: &Fixture) -> &Dashboard {
    match &f.app.mode {
        Mode::Dashboard(d) => d,
        other => panic!("not the dashboard: {other:?}"),
    }
}

#[test]
fn d_opens_the_dashboard_and_its_job_counts_the_team() {
    let mut f = team();
    let effects = press(&mut f, 'D');
    let (id, job) = tally_job(&effects);
    assert_eq!(f.app.mode.label(), "TEAM");
    assert!(dashboard(&f).figures.is_none(), "counting");
    f.run_job(id, job);
    let d = dashboard(&f);
    let t = d.figures.as_ref().expect("counted");
    let names: Vec<&str> = t.annotators.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["ana", "ben"]);
    assert_eq!(t.annotators[0].finished, 1);
    assert_eq!(t.agreement.pair("ana", "ben").unwrap().f1, Some(1.0));
    assert_eq!(d.job, None);
}

#[test]
fn d_opens_it_from_the_text_pane_too() {
    let mut f = team();
    f.keys("\r");
    assert_eq!(f.app.focus, Pane::Text);
    let effects = press(&mut f, 'D');
    tally_job(&effects);
    assert!(matches!(f.app.mode, Mode::Dashboard(_)));
}

#[test]
fn esc_and_q_close_it_and_q_does_not_quit() {
    for key in ['\x1b', 'q'] {
        let mut f = team();
        let (id, job) = tally_job(&press(&mut f, 'D'));
        f.run_job(id, job);
        let effects = press(&mut f, key);
        assert!(matches!(f.app.mode, Mode::Normal), "{key:?}");
        assert!(effects.is_empty(), "{key:?}: {effects:?}");
    }
}

#[test]
fn closing_it_while_it_counts_stops_the_job_and_drops_its_figures() {
    let mut f = team();
    let (id, job) = tally_job(&press(&mut f, 'D'));
    let effects = press(&mut f, '\x1b');
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Cancel(c) if *c == id)),
        "{effects:?}"
    );
    assert!(matches!(f.app.mode, Mode::Normal));
    f.run_job(id, job);
    assert!(
        matches!(f.app.mode, Mode::Normal),
        "late figures do not reopen it"
    );
}

#[test]
fn the_help_screen_s_keys_scroll_it() {
    let mut f = team();
    let (id, job) = tally_job(&press(&mut f, 'D'));
    f.run_job(id, job);
    press(&mut f, 'j');
    press(&mut f, 'j');
    press(&mut f, 'k');
    assert_eq!(dashboard(&f).scroll, 1);
    assert!(
        dashboard(&f).figures.is_some(),
        "scrolling keeps the figures"
    );
}

#[test]
fn a_failed_count_says_why() {
    let mut f = team();
    let (id, _) = tally_job(&press(&mut f, 'D'));
    f.app.update(Msg::Job {
        id,
        event: JobEvent::Failed("the folder went away".into()),
    });
    assert_eq!(
        dashboard(&f).failed.as_deref(),
        Some("the folder went away")
    );
}

#[test]
fn d_in_the_review_queue_opens_it_over_the_queue_and_closing_goes_back() {
    let mut f = team();
    f.app.review = Some(crate::tui::review::Session::new("pending suggestions"));
    f.app.mode = Mode::Review(crate::tui::mode::ReviewMode);
    let (id, job) = tally_job(&press(&mut f, 'D'));
    f.run_job(id, job);
    assert!(dashboard(&f).figures.is_some());
    press(&mut f, '\x1b');
    assert!(matches!(f.app.mode, Mode::Review(_)), "{:?}", f.app.mode);
    assert!(f.app.review.is_some(), "the queue is still open");
}

#[test]
fn the_help_lists_the_dashboard_key() {
    let lines = crate::tui::mode::help::help_lines(&f_keymap());
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    assert!(
        text.iter()
            .any(|l| l.contains('D') && l.contains("team dashboard")),
        "{text:?}"
    );
}

fn f_keymap() -> crate::tui::keymap::Keymap {
    team().app.keymap
}
