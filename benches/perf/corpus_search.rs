//! The list pane's corpus search on the 100,000-article corpus: from Enter
//! to the first hit on screen, and to the last article searched, with the
//! job on a thread of its own as the shell runs it.

use std::path::Path;
use std::time::{Duration, Instant};

use gloss::corpus;
use gloss::schema::Schema;
use gloss::store::Placement;
use gloss::tui::action::Effect;
use gloss::tui::app::App;
use gloss::tui::jobs::{self, Cancel, JobEvent, JobRunner, Opener};
use gloss::tui::msg::Msg;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};

use super::{Row, key, load, ms};

/// The rows of the table: the first hit on screen (target ≤ 100 ms) and
/// the whole corpus searched.
pub fn rows(rows: &mut Vec<Row>, corpus: &Path) {
    let (first, all, hits) = search(corpus, "Erbil");
    rows.push(Row {
        what: "corpus search in the list pane, 100,000 articles: Enter to the first hit on screen",
        target: "≤ 100 ms",
        measured: ms(first),
        ok: first <= Duration::from_millis(100),
    });
    rows.push(Row {
        what: "corpus search in the list pane, 100,000 articles: every article searched (in the background)",
        target: "(reported)",
        measured: format!("{} for {hits} hits", ms(all)),
        ok: true,
    });
}

/// An app over the whole corpus, listed and described, on the list pane.
fn app_over(path: &Path) -> App {
    let listed = corpus::discover_first(&[path.to_path_buf()], &Placement::default(), 256).unwrap();
    let (mut app, effects) = App::new(listed, Schema::builtin(), false, Size::new(100, 30));
    let opener = opener();
    for effect in effects {
        match effect {
            Effect::Start { id, job } => {
                let work = jobs::work_for(job, &opener);
                work(&Cancel::default(), &mut |event| {
                    app.update(Msg::Job { id, event });
                    true
                });
                app.update(Msg::Job {
                    id,
                    event: JobEvent::Done,
                });
            }
            load_it => load(&mut app, vec![load_it]),
        }
    }
    app
}

fn opener() -> Opener {
    Opener {
        service: gloss::service::Service::with_locks(None),
        annotator: None,
    }
}

/// Types `/QUERY`, then times Enter to the first hit drawn and to the end.
pub fn search(path: &Path, query: &str) -> (Duration, Duration, usize) {
    let mut app = app_over(path);
    for c in format!("/{query}").chars() {
        key(&mut app, c);
    }
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    let mut runner = JobRunner::default();
    let t = Instant::now();
    let effects = key(&mut app, '\r');
    if std::env::var_os("GLOSS_BENCH_VERBOSE").is_some() {
        eprintln!("Enter's update: {}", ms(t.elapsed()));
    }
    for effect in effects {
        if let Effect::Start { id, job } = effect {
            runner.start(id, jobs::name_of(&job), jobs::work_for(job, &opener()));
        }
    }
    let mut first = None;
    while let Some((id, event)) = runner.next_within(Duration::from_secs(60)) {
        for effect in app.update(Msg::Job { id, event }) {
            if let Effect::Start { id, job } = effect {
                runner.start(id, jobs::name_of(&job), jobs::work_for(job, &opener()));
            }
        }
        let shown = app
            .corpus_search
            .as_ref()
            .is_some_and(|s| !s.hits.is_empty());
        if first.is_none() && shown {
            gloss::tui::view::draw(&app, buf.area, &mut buf);
            first = Some(t.elapsed());
        }
        if !runner.is_busy() {
            break;
        }
    }
    let all = t.elapsed();
    let hits = app.corpus_search.as_ref().map_or(0, |s| s.found);
    (first.unwrap_or(all), all, hits)
}

/// `--search-child PATH QUERY`: the two times and the count, for a corpus
/// of one's own.
pub fn child(path: &Path, query: &str) {
    let (first, all, hits) = search(path, query);
    println!("first hit {}, all {} ({hits} hits)", ms(first), ms(all));
}
