//! Entry point: parse arguments, dispatch, and turn errors into exit codes
//! (0 fine, 1 problems found, 2 could not run).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use gloss::cli::{self, Cli, Command, Report};
use gloss::config;
use gloss::convert;
use gloss::text::{esc, escape, escape_output};

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return usage_error(&e),
    };
    let config_file = args.config_file.as_deref();
    if let Some(Command::Config { check }) = args.command {
        return print_report(config::command::run(config_file, check));
    }
    // Three files or a git repository, not a corpus: nothing else to read.
    match &args.command {
        Some(Command::MergeFile { base, ours, theirs }) => {
            let service = gloss::service::Service::new();
            return print_report(cli::git::merge_file(base, ours, theirs, &service));
        }
        Some(Command::GitSetup { dir }) => {
            let dir = dir.as_deref().unwrap_or(std::path::Path::new("."));
            return print_report(cli::git::git_setup(dir));
        }
        _ => {}
    }
    // The terminal's keys and colours, read before the corpus and the
    // terminal: a mistake stops gloss with nothing drawn. The commands
    // read it for its encoding.
    let user_config = match config::load(config_file) {
        Ok(loaded) => Some(loaded.config),
        Err(e) if args.command.is_none() || interactive_review(&args) => return fail(&e.into()),
        Err(_) => None,
    };
    // `--encoding` over the config's: every source is read in it.
    let forced = args
        .encoding
        .as_deref()
        .or(user_config.as_ref().and_then(|c| c.encoding.as_deref()));
    if let Some(name) = forced
        && let Err(e) = gloss::text::force_encoding(name)
    {
        return fail(&anyhow::anyhow!(e));
    }
    let annotator = args.annotator.as_deref();
    // A bad `--text` is said before any file is read.
    if let Some(Command::Review(review)) = &args.command
        && let Err(e) = review.filter(annotator)
    {
        return fail(&e.into());
    }
    let paths = args.corpus_paths();
    let (mut place, notice) = cli::placement(&args, &paths);
    // `gloss adjudicate` works on the curated files, whatever --annotator says.
    if matches!(args.command, Some(Command::Adjudicate(_))) {
        place.annotator = None;
    }
    if let Some(Command::Search {
        query, json, count, ..
    }) = &args.command
    {
        // Before the corpus is opened: a search reads only the files it
        // searches, in its own walk.
        return search(query, &paths, *json, *count, &place, forced.is_some());
    }
    // The terminal draws once the list's first screen is known.
    let opened = match args.command {
        None => cli::open_first(&paths, &place),
        Some(_) if interactive_review(&args) => cli::open_first(&paths, &place),
        Some(_) => cli::open(&paths, &place),
    };
    let (corpus, schema) = match opened {
        Ok(opened) => opened,
        Err(e) => return fail(&e),
    };
    let terminal = Terminal {
        place,
        notice,
        config: user_config.unwrap_or_else(config::Config::defaults),
    };
    dispatch(args.command, corpus, schema, annotator, terminal)
}

/// What the terminal needs besides the corpus, when a command opens it.
struct Terminal {
    place: gloss::store::Placement,
    notice: Option<String>,
    config: config::Config,
}

/// Runs the command on the opened corpus (or the terminal on it).
fn dispatch(
    command: Option<Command>,
    corpus: gloss::corpus::Corpus,
    schema: gloss::schema::Schema,
    annotator: Option<&str>,
    terminal: Terminal,
) -> ExitCode {
    let Terminal {
        place,
        notice,
        config,
    } = terminal;
    // Every write a command makes goes through it (locks, checks).
    let service = gloss::service::Service::new();
    let report: Report = match command {
        Some(Command::Validate { .. }) => cli::validate(&corpus, &schema),
        Some(Command::Stats { json, .. }) => cli::stats(&corpus, &schema, &place, json),
        Some(Command::Reanchor { .. }) => cli::reanchor(&corpus, &service),
        Some(Command::Agree(args)) => cli::agree::run(&args, &corpus, &place),
        Some(Command::Import(command)) => {
            convert::import(command, &corpus, &schema, annotator, &service)
        }
        Some(Command::Export(command)) => convert::export(command, &corpus, &schema, annotator),
        Some(
            Command::Config { .. }
            | Command::Search { .. }
            | Command::MergeFile { .. }
            | Command::GitSetup { .. },
        ) => {
            unreachable!("dispatched before the corpus is opened")
        }
        Some(Command::Review(review)) if review.is_headless() => {
            cli::review::run(&review, &corpus, &schema, annotator, &service)
        }
        Some(Command::Adjudicate(adjudicate)) => {
            let done = cli::adjudicate::run(&adjudicate, &corpus, &place, &service);
            if adjudicate.list || done.disagreements.is_empty() {
                return print_report(done.report);
            }
            print_report(done.report);
            return ran(gloss::tui::run_adjudication(
                corpus,
                schema,
                place,
                config,
                done.disagreements,
            ));
        }
        // The terminal, on the queue (its --text was checked above).
        Some(Command::Review(review)) => {
            let queue = review.filter(annotator).ok().map(|filter| {
                let what = gloss::tui::review::describe(&filter);
                (filter, what)
            });
            return ran(gloss::tui::run(
                corpus, schema, place, notice, config, queue,
            ));
        }
        None => {
            return ran(gloss::tui::run(corpus, schema, place, notice, config, None));
        }
    };
    print_report(report)
}

/// The terminal's exit code.
fn ran(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// `gloss review` without --list, --accept-all or --reject-all: the
/// terminal opens, as plain `gloss` does.
fn interactive_review(args: &Cli) -> bool {
    matches!(&args.command, Some(Command::Review(review)) if !review.is_headless())
}

/// `gloss search`: prints as it finds, and exits 0, 1 or 2 as grep does.
fn search(
    query: &str,
    paths: &[std::path::PathBuf],
    json: bool,
    count: bool,
    place: &gloss::store::Placement,
    forced_encoding: bool,
) -> ExitCode {
    let shape = match (json, count) {
        (true, _) => cli::search::Shape::Json,
        (_, true) => cli::search::Shape::Count,
        _ => cli::search::Shape::Lines,
    };
    let options = cli::search::Options {
        shape,
        place,
        forced_encoding,
        colour: cli::search::colour_wanted(),
    };
    let mut err = std::io::stderr().lock();
    match cli::search::run(query, paths, &options, &mut cli::search::stdout(), &mut err) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            cli::search::say_error(&e, &mut err);
            ExitCode::from(2)
        }
    }
}

/// Prints a command's report and gives its exit code.
fn print_report(report: Report) -> ExitCode {
    // Values are escaped where they are formatted; this is the last line of
    // defence against a control character that slipped through. A closed
    // pipe (`gloss validate | head`) is not a reason to panic.
    let stdout = escape_output(&report.stdout);
    let stderr = escape_output(&report.stderr);
    let _ = std::io::stdout().write_all(stdout.as_bytes());
    let _ = std::io::stderr().write_all(stderr.as_bytes());
    ExitCode::from(report.code)
}

/// Says what went wrong (on a stderr that may be gone) and exits with 2.
/// The message is one line: a line break in a file name is shown, not obeyed.
fn fail(e: &anyhow::Error) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "gloss: {}", esc(format!("{e:#}")));
    ExitCode::from(2)
}

/// clap's own message for bad arguments, in colour as usual, unless an
/// argument holds a control character that the message might echo: then
/// plain and escaped.
fn usage_error(e: &clap::Error) -> ExitCode {
    let hostile = std::env::args_os().any(|arg| {
        let arg = arg.to_string_lossy();
        escape(&arg) != arg
    });
    if !hostile {
        e.exit();
    }
    let plain = e.render().to_string();
    let _ = std::io::stderr().write_all(escape_output(&plain).as_bytes());
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}
