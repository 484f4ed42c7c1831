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
use super::jobs::{self, JobRunner};
use super::msg::Msg;
use super::{input, term, view};
use crate::article::Article;
use crate::autosave::{AutoSave, SaveProblem, Writer};

pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

pub struct Shell<'a> {
    saver: &'a AutoSave,
    /// Writes what `saver` queues, off the event loop.
    writer: &'a Writer,
    annotator: Option<&'a str>,
    /// Where article locks live (gloss's state folder), if there is one.
    locks: Option<PathBuf>,
    jobs: JobRunner,
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
            locks,
            jobs: JobRunner::default(),
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

    /// Hands every job event waiting to the app; true if there were any.
    fn job_results(&mut self, terminal: &mut Term, app: &mut App) -> anyhow::Result<bool> {
        let mut any = false;
        while let Some((id, event)) = self.jobs.try_next() {
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
            if let Some(msg) = input::message(event::read()?, Instant::now()) {
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
                Effect::Start { id, job } => {
                    self.jobs
                        .start(id, jobs::name_of(&job), jobs::work_for(job))
                }
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

    /// Opens article `i`, takes its lock and registers it for saving.
    fn load(&self, app: &App, i: usize) -> Option<Msg> {
        let entry = app.corpus.entries.get(i)?;
        let mut article = Article::open(&entry.path, &entry.sidecar, self.annotator);
        if let Some(dir) = &self.locks {
            article.take_lock(dir);
        }
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
