//! The shell: turns terminal events, job results and save reports into
//! `Msg`s for `App::update`, carries out the effects it returns, and draws.
//! It is the only part of the interface that does I/O.

use std::io::{self, BufWriter, Stdout, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::action::Effect;
use super::app::App;
use super::jobs::{self, Job, JobEvent, JobId, JobRunner, Opener};
use super::msg::Msg;
use super::{input, term, view};
use crate::article::Article;
use crate::autosave::{AutoSave, SaveProblem, Writer};
use crate::service::Service;

pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

pub struct Shell<'a> {
    saver: &'a AutoSave,
    /// Writes what `saver` queues, off the event loop.
    writer: &'a Writer,
    annotator: Option<&'a str>,
    /// The one document service: the terminal opens articles (and takes
    /// their locks) the way the commands do.
    service: Service,
    /// The same service, for articles opened in the background.
    opener: Opener,
    jobs: JobRunner,
    /// Jobs to start once the frame they were asked for in is drawn.
    waiting: Vec<(JobId, Job)>,
}

enum Flow {
    Continue,
    Quit,
}

impl<'a> Shell<'a> {
    pub fn new(
        saver: &'a AutoSave,
        writer: &'a Writer,
        annotator: Option<&'a str>,
        locks: Option<PathBuf>,
    ) -> Self {
        Self {
            saver,
            writer,
            annotator,
            service: Service::with_locks(locks.clone()),
            opener: Opener {
                service: Service::with_locks(locks),
                annotator: annotator.map(str::to_owned),
            },
            jobs: JobRunner::default(),
            waiting: Vec::new(),
        }
    }

    pub fn event_loop(
        &mut self,
        terminal: &mut Term,
        app: &mut App,
        first: Vec<Effect>,
    ) -> anyhow::Result<()> {
        if let Flow::Quit = self.perform(terminal, app, first)? {
            return Ok(());
        }
        let mut redraw = true;
        loop {
            // Once the last edit is on disk: checking a million annotations
            // takes as long as saving them, and as much memory.
            if !self.saver.has_pending() && app.needs_check() {
                app.update(Msg::SavesWritten);
                redraw = true;
            }
            if redraw {
                draw(terminal, app)?;
            }
            self.start_waiting_jobs();
            redraw = self.job_results(terminal, app)?;
            let wait = if redraw {
                // Something arrived: draw it before waiting for keys.
                Duration::ZERO
            } else if self.saver.has_pending() || self.jobs.is_busy() {
                Duration::from_millis(50)
            } else {
                Duration::from_millis(1000)
            };
            if event::poll(wait)? {
                if let Flow::Quit = self.terminal_events(terminal, app)? {
                    return Ok(());
                }
                redraw = true;
            }
            redraw |= self.save_reports(app);
        }
    }

    /// Starts the jobs asked for since the last frame.
    fn start_waiting_jobs(&mut self) {
        for (id, job) in std::mem::take(&mut self.waiting) {
            let name = jobs::name_of(&job);
            self.jobs.start(id, name, jobs::work_for(job, &self.opener));
        }
    }

    /// Hands every job event waiting to the app; true if there were any.
    fn job_results(&mut self, terminal: &mut Term, app: &mut App) -> anyhow::Result<bool> {
        let mut any = false;
        while let Some((id, event)) = self.jobs.try_next() {
            if let JobEvent::Opened(opened) = &event {
                let article = &opened.article;
                self.saver
                    .register(article.sidecar.clone(), article.sidecar_sha.clone());
            }
            let effects = app.update(Msg::Job { id, event });
            // A job's effects never quit; the flow is the same either way.
            self.perform(terminal, app, effects)?;
            any = true;
        }
        Ok(any)
    }

    /// Takes every event already waiting before drawing again, so held-down
    /// keys do not queue up frames.
    fn terminal_events(&mut self, terminal: &mut Term, app: &mut App) -> anyhow::Result<Flow> {
        loop {
            let now = Instant::now();
            if let Some(msg) = input::message(event::read()?, now) {
                app.update(Msg::Tick(now));
                let effects = app.update(msg);
                if let Flow::Quit = self.perform(terminal, app, effects)? {
                    return Ok(Flow::Quit);
                }
            }
            if !event::poll(Duration::ZERO)? {
                return Ok(Flow::Continue);
            }
        }
    }

    /// Tells the app about saves that failed; true if there were any.
    fn save_reports(&self, app: &mut App) -> bool {
        let mut any = false;
        for e in self.writer.errors() {
            let msg = match &e.problem {
                SaveProblem::Io(_) => Msg::SaveFailed(format!("{e} (kept in memory, retrying)")),
                SaveProblem::Changed { .. } => Msg::FileChanged {
                    path: e.path.clone(),
                    message: e.to_string(),
                },
            };
            app.update(msg);
            any = true;
        }
        any
    }

    fn perform(
        &mut self,
        terminal: &mut Term,
        app: &mut App,
        effects: Vec<Effect>,
    ) -> anyhow::Result<Flow> {
        let mut queue = std::collections::VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Load(i) => {
                    if let Some(msg) = self.load(app, i) {
                        queue.extend(app.update(msg));
                    }
                }
                // Drawn first: the frame does not share the cores with it.
                Effect::Start { id, job } => self.waiting.push((id, job)),
                Effect::Cancel(id) => self.jobs.cancel(id),
                Effect::Persist { path, json } => self.saver.stage(path, json),
                Effect::Suspend => {
                    term::suspend()?;
                    terminal.clear()?;
                }
                Effect::Quit => return Ok(Flow::Quit),
            }
        }
        Ok(Flow::Continue)
    }

    /// Opens article `i`, takes its lock and registers it for saving; a
    /// big one shows its first blocks at once and is opened whole by a job.
    fn load(&self, app: &App, i: usize) -> Option<Msg> {
        let entry = app.corpus.entries.get(i)?;
        if let Some(head) = Article::preview(&entry.path, &entry.sidecar) {
            return Some(Msg::Preview {
                entry: i,
                article: Box::new(head),
            });
        }
        let article = self
            .service
            .open_to_edit(&entry.path, &entry.sidecar, self.annotator);
        self.saver
            .register(article.sidecar.clone(), article.sidecar_sha.clone());
        Some(Msg::Loaded {
            entry: i,
            article: Box::new(article),
        })
    }
}

/// One frame, sent as one synchronized update so terminals never show half of it.
fn draw(terminal: &mut Term, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| view::draw(app, f.area(), f.buffer_mut()))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()
}
