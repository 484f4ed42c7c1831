//! The team dashboard: the figures of `team_stats`, counted in the
//! background (reading every annotator's file takes longer than a frame),
//! drawn by `view/dashboard.rs`. The help screen's keys scroll it; any
//! other key closes it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Mode;
use crate::team_stats::TeamStats;
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::jobs::{Job, JobEvent, JobId, Work};

/// What `Job::Tally` counts: every article's own and annotators' files.
#[derive(Debug, Clone)]
pub struct TeamFigures {
    pub corpus: Box<crate::corpus::Corpus>,
    pub schema: Box<crate::schema::Schema>,
    pub place: crate::store::Placement,
}

/// `Job::Tally`'s body: reads the files (stopping when cancelled), then
/// sends the figures.
pub fn work(what: TeamFigures) -> Work {
    Box::new(move |cancel, emit| {
        let cancelled = || cancel.is_cancelled();
        if let Some(figures) =
            crate::team_stats::count(&what.corpus, &what.schema, &what.place, &cancelled)
        {
            emit(JobEvent::Tallied(Box::new(figures)));
        }
    })
}

/// The dashboard: its figures once counted, and how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dashboard {
    /// None while the job counts.
    pub figures: Option<Box<TeamStats>>,
    /// The job counting, while it runs.
    pub job: Option<JobId>,
    /// Why the figures could not be counted.
    pub failed: Option<String>,
    pub scroll: usize,
}

impl Dashboard {
    /// The help-screen table's keys scroll; any other key closes it (and
    /// stops the count if it still runs).
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        if !super::help::scrolls(app, &key, &mut self.scroll) {
            return self.job.map_or_else(Vec::new, |id| app.cancel_job(id));
        }
        app.mode = Mode::Dashboard(self);
        Vec::new()
    }

    /// Drawn over the whole screen.
    pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        crate::tui::view::dashboard::render(app, self, area, buf);
    }
}

impl App {
    /// Opens the dashboard and starts counting the whole corpus (the
    /// entries listed so far).
    pub(crate) fn open_dashboard(&mut self) -> Vec<Effect> {
        let mut corpus = self.corpus.clone();
        corpus.rest = None;
        let start = self.start_job(Job::Tally(TeamFigures {
            corpus: Box::new(corpus),
            schema: Box::new(self.schema.clone()),
            place: self.place.clone(),
        }));
        let Effect::Start { id, .. } = &start else {
            return vec![start];
        };
        self.mode = Mode::Dashboard(Dashboard {
            job: Some(*id),
            ..Dashboard::default()
        });
        vec![start]
    }

    /// The figures of job `id`, if the dashboard still waits for them.
    pub(crate) fn dashboard_tallied(&mut self, id: JobId, figures: Box<TeamStats>) {
        if let Mode::Dashboard(d) = &mut self.mode
            && d.job == Some(id)
        {
            d.figures = Some(figures);
            d.job = None;
        }
    }

    /// Job `id` ended: without figures, the dashboard says why.
    pub(crate) fn dashboard_job_ended(&mut self, id: JobId, failed: Option<String>) {
        if let Mode::Dashboard(d) = &mut self.mode
            && d.job == Some(id)
        {
            d.job = None;
            if d.figures.is_none() {
                d.failed = Some(failed.unwrap_or_else(|| "the count stopped".to_owned()));
            }
        }
    }
}
