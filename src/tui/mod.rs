//! The terminal interface: set-up and restore around the shell's event
//! loop (`shell.rs`), and saving everything on the way out.

pub mod action;
pub mod adjudicate;
pub mod app;
pub mod article_view;
pub mod corpus_search;
mod edit;
mod event_edits;
mod guard;
mod input;
pub mod jobs;
pub mod keymap;
mod list_filter;
pub mod mode;
mod mouse;
pub mod msg;
pub mod panes;
pub mod picker;
mod propagate;
mod retype;
pub mod review;
mod shell;
mod term;
pub mod view;

use std::io::{self, BufWriter, Write};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::autosave::{AutoSave, SaveProblem, Writer};
use crate::corpus::Corpus;
use crate::schema::Schema;
use crate::store::Placement;
use app::App;
use msg::Msg;
use shell::Shell;

/// Runs the interface until the user quits. Everything is saved on the way out.
pub fn run(
    corpus: Corpus,
    schema: Schema,
    place: Placement,
    notice: Option<String>,
    config: crate::config::Config,
    review: Option<(review::Filter, String)>,
) -> anyhow::Result<()> {
    let start = match review {
        Some((filter, what)) => Start::Review(filter, what),
        None => Start::Reading,
    };
    run_from(corpus, schema, place, notice, config, start)
}

/// `gloss adjudicate`: the interface opens on the queue of
/// `disagreements`, each decided into its article's curated file (the
/// article's document with no annotator: `place` should have none).
pub fn run_adjudication(
    corpus: Corpus,
    schema: Schema,
    place: Placement,
    config: crate::config::Config,
    disagreements: Vec<crate::adjudicate::Disagreement>,
) -> anyhow::Result<()> {
    run_from(
        corpus,
        schema,
        place,
        None,
        config,
        Start::Adjudicate(disagreements),
    )
}

/// What the interface opens on.
enum Start {
    Reading,
    /// `gloss review`: the queue of this filter, described so.
    Review(review::Filter, String),
    Adjudicate(Vec<crate::adjudicate::Disagreement>),
}

fn run_from(
    corpus: Corpus,
    schema: Schema,
    place: Placement,
    notice: Option<String>,
    config: crate::config::Config,
    start: Start,
) -> anyhow::Result<()> {
    let saver = AutoSave::default();
    term::install_panic_hook(saver.clone());
    guard::spawn(saver.clone())?;
    term::enter(config.mouse)?;
    let mut unseen = Vec::new();
    let result = (|| {
        let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
        let mut terminal = Terminal::new(backend)?;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let rest = corpus.rest.clone();
        let (mut app, mut effects) = App::new(corpus, schema, no_color, terminal.size()?);
        app.configure(&config);
        app.reviewer = place.annotator.clone();
        app.place = place.clone();
        // `gloss review` and `gloss adjudicate`: straight onto the queue.
        match start {
            Start::Reading => {}
            Start::Review(filter, what) => effects.extend(app.open_review(filter, what, rest)),
            Start::Adjudicate(disagreements) => {
                effects.extend(app.open_adjudication(disagreements))
            }
        }
        if let Some(n) = notice {
            app.update(Msg::Notice(n));
        }
        let writer = Writer::spawn(saver.clone())?;
        let mut shell = Shell::new(
            &saver,
            &writer,
            place.annotator.as_deref(),
            crate::dirs::locks(),
        );
        let ended = shell.event_loop(&mut terminal, &mut app, effects);
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
