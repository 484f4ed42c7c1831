//! The terminal shell: set-up and restore, the event loop, and the effects
//! (loading, saving, suspending) that `App::update` asks for.

pub mod action;
pub mod app;
mod edit;
mod events;
mod guard;
pub mod keymap;
pub mod panes;
pub mod picker;
pub mod reader;
mod term;
pub mod view;

use std::io::{self, BufWriter, Stdout, Write};
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::article::Article;
use crate::autosave::{AutoSave, SaveProblem, Writer};
use crate::corpus::{Corpus, Description, Entry};
use crate::schema::Schema;
use crate::store::Placement;
use action::Effect;
use app::App;
use std::sync::mpsc::{self, Receiver, TryRecvError};

type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Runs the interface until the user quits. Everything is saved on the way out.
pub fn run(
    corpus: Corpus,
    schema: Schema,
    place: Placement,
    notice: Option<String>,
) -> anyhow::Result<()> {
    let saver = AutoSave::default();
    term::install_panic_hook(saver.clone());
    guard::spawn(saver.clone())?;
    term::enter()?;
    let mut unseen = Vec::new();
    let result = (|| {
        let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
        let mut terminal = Terminal::new(backend)?;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let describing = describe_in_background(&corpus);
        let (mut app, effects) = App::new(corpus, schema, no_color, terminal.size()?);
        if let Some(n) = notice {
            app.say(n);
        }
        let writer = Writer::spawn(saver.clone())?;
        let shell = Shell {
            saver: &saver,
            writer: &writer,
            annotator: place.annotator.as_deref(),
            locks: crate::dirs::locks(),
        };
        let ended = shell.event_loop(&mut terminal, &mut app, effects, describing);
        unseen = writer.stop();
        match ended {
            // The loop's only I/O is the terminal's: when it fails the
            // terminal is gone (a hang-up the signal path has not seen yet).
            // Leave as a hang-up does, before anything writes to it again.
            Err(e) if e.downcast_ref::<io::Error>().is_some() => {
                guard::shutdown(&saver, 128 + signal_hook::consts::SIGHUP)
            }
            other => other,
        }
    })();
    // A failed write is queued again and retried here; a file changed on
    // disk was already set aside, so only that is still to be told.
    let unseen = unseen
        .into_iter()
        .filter(|e| matches!(e.problem, SaveProblem::Changed { .. }));
    let errors: Vec<_> = unseen.chain(saver.flush()).collect();
    term::restore();
    let mut lost = 0;
    for e in &errors {
        let _ = writeln!(io::stderr(), "gloss: {e}");
        if matches!(e.problem, SaveProblem::Io(_)) {
            lost += 1;
        }
    }
    // What could not be written where it belongs goes where it can be.
    for line in saver.rescue_and_report() {
        let _ = writeln!(io::stderr(), "gloss: {line}");
    }
    result?;
    if lost > 0 {
        anyhow::bail!("{lost} annotation file(s) could not be saved where they belong");
    }
    Ok(())
}

struct Shell<'a> {
    saver: &'a AutoSave,
    /// Writes what `saver` queues, off the event loop.
    writer: &'a Writer,
    annotator: Option<&'a str>,
    /// Where article locks live (gloss's state folder), if there is one.
    locks: Option<PathBuf>,
}

enum Flow {
    Continue,
    Quit,
}

impl Shell<'_> {
    fn event_loop(
        &self,
        terminal: &mut Term,
        app: &mut App,
        first: Vec<Effect>,
        descriptions: Receiver<Vec<(usize, Description)>>,
    ) -> anyhow::Result<()> {
        let mut descriptions = Some(descriptions);
        if let Flow::Quit = self.perform(terminal, app, first)? {
            return Ok(());
        }
        let mut redraw = true;
        loop {
            // Once the last edit is on disk: checking a million annotations
            // takes as long as saving them, and as much memory.
            if !self.saver.has_pending() && app.check_if_needed() {
                redraw = true;
            }
            if redraw {
                draw(terminal, app)?;
                redraw = false;
            }
            // Titles and counts arrive from the background reader.
            if let Some(rx) = &descriptions {
                loop {
                    match rx.try_recv() {
                        Ok(batch) => {
                            app.described(batch);
                            redraw = true;
                        }
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => {
                            descriptions = None;
                            app.described(Vec::new());
                            redraw = true;
                            break;
                        }
                    }
                }
            }
            let wait = if redraw {
                // Something arrived: draw it before waiting for keys.
                Duration::ZERO
            } else if self.saver.has_pending() || descriptions.is_some() {
                Duration::from_millis(50)
            } else {
                Duration::from_millis(1000)
            };
            if event::poll(wait)? {
                // Take every event already waiting before drawing again, so
                // held-down keys do not queue up frames.
                loop {
                    let effects = match event::read()? {
                        Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key(k),
                        Event::Resize(w, h) => {
                            app.resize(w, h);
                            Vec::new()
                        }
                        _ => Vec::new(),
                    };
                    if let Flow::Quit = self.perform(terminal, app, effects)? {
                        return Ok(());
                    }
                    redraw = true;
                    if !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            }
            for e in self.writer.errors() {
                match &e.problem {
                    SaveProblem::Io(_) => app.warn(format!("{e} (kept in memory, retrying)")),
                    SaveProblem::Changed { .. } => app.file_changed(&e.path, e.to_string()),
                }
                redraw = true;
            }
        }
    }

    fn perform(
        &self,
        terminal: &mut Term,
        app: &mut App,
        effects: Vec<Effect>,
    ) -> anyhow::Result<Flow> {
        for effect in effects {
            match effect {
                Effect::Load(i) => {
                    if let Some(entry) = app.corpus.entries.get(i) {
                        let mut article =
                            Article::open(&entry.path, &entry.sidecar, self.annotator);
                        if let Some(dir) = &self.locks {
                            article.take_lock(dir);
                        }
                        self.saver
                            .register(article.sidecar.clone(), article.sidecar_sha.clone());
                        app.loaded(i, Box::new(article));
                    }
                }
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
}

/// Reads every entry's title and annotation summary on another thread, in
/// list order, so that the first frame does not wait for thousands of files.
fn describe_in_background(corpus: &Corpus) -> Receiver<Vec<(usize, Description)>> {
    let (tx, rx) = mpsc::channel();
    let entries: Vec<Entry> = corpus.entries.clone();
    let spawned = std::thread::Builder::new()
        .name("gloss-describe".into())
        .spawn(move || {
            for (chunk_no, chunk) in entries.chunks(256).enumerate() {
                let batch = chunk
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (chunk_no * 256 + i, e.read_description()))
                    .collect();
                if tx.send(batch).is_err() {
                    return;
                }
            }
        });
    if spawned.is_err() {
        // No thread: the list shows file names and no counts.
        return mpsc::channel().1;
    }
    rx
}

/// One frame, sent as one synchronized update so terminals never show half of it.
fn draw(terminal: &mut Term, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| view::draw(app, f.area(), f.buffer_mut()))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()
}
