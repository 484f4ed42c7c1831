//! Entry point: parse arguments, dispatch, and turn errors into exit codes
//! (0 fine, 1 problems found, 2 could not run).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gloss::cli::{self, Cli, Command, ExportCommand, ImportCommand};
use gloss::convert::{self, Lines};

fn main() -> ExitCode {
    let args = Cli::parse();
    let annotator = args.annotator.as_deref();
    let default_paths = vec![PathBuf::from(".")];
    let named = match &args.command {
        Some(
            Command::Validate { paths } | Command::Stats { paths } | Command::Reanchor { paths },
        ) => paths,
        Some(Command::Import(ImportCommand::Brat { paths, .. })) => paths,
        Some(Command::Import(ImportCommand::Jsonl { into, .. })) => into,
        Some(Command::Export(
            ExportCommand::Brat { paths, .. }
            | ExportCommand::Jsonl { paths, .. }
            | ExportCommand::Doccano { paths, .. }
            | ExportCommand::Conll { paths, .. },
        )) => paths,
        None if args.paths.is_empty() => &default_paths,
        None => &args.paths,
    };
    let (place, notice) = cli::placement(&args, named);
    let result = match args.command {
        Some(Command::Validate { paths }) => {
            cli::open(&paths, &place).map(|(c, s)| cli::validate(&c, &s))
        }
        Some(Command::Stats { paths }) => {
            cli::open(&paths, &place).map(|(c, s)| cli::stats(&c, &s))
        }
        Some(Command::Reanchor { paths }) => {
            cli::open(&paths, &place).map(|(c, _)| cli::reanchor(&c))
        }
        Some(Command::Import(ImportCommand::Brat { paths, force })) => {
            cli::open(&paths, &place).map(|(c, _)| convert::import_brat(&c, force, annotator))
        }
        Some(Command::Import(ImportCommand::Jsonl { file, into, source })) => {
            cli::open(&into, &place)
                .map(|(c, _)| convert::import_jsonl(&file, &c, &source, annotator))
        }
        Some(Command::Export(ExportCommand::Brat { paths, out })) => {
            cli::open(&paths, &place).map(|(c, s)| convert::export_brat(&c, &s, &out, annotator))
        }
        Some(Command::Export(ExportCommand::Jsonl { paths, out })) => cli::open(&paths, &place)
            .map(|(c, _)| convert::export_lines(&c, Lines::Jsonl, &out, annotator)),
        Some(Command::Export(ExportCommand::Doccano { paths, out })) => cli::open(&paths, &place)
            .map(|(c, _)| convert::export_lines(&c, Lines::Doccano, &out, annotator)),
        Some(Command::Export(ExportCommand::Conll { paths, out })) => cli::open(&paths, &place)
            .map(|(c, _)| convert::export_lines(&c, Lines::Conll, &out, annotator)),
        None => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths
            };
            match cli::open(&paths, &place) {
                Ok((corpus, schema)) => {
                    return match gloss::tui::run(corpus, schema, place, notice) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(e) => {
                            let _ = writeln!(std::io::stderr(), "gloss: {e:#}");
                            ExitCode::from(2)
                        }
                    };
                }
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(report) => {
            // A closed pipe (`gloss validate | head`) is not a reason to panic.
            let _ = std::io::stdout().write_all(report.stdout.as_bytes());
            let _ = std::io::stderr().write_all(report.stderr.as_bytes());
            ExitCode::from(report.code)
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "gloss: {e:#}");
            ExitCode::from(2)
        }
    }
}
