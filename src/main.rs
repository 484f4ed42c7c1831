//! Entry point: parse arguments, dispatch, and turn errors into exit codes
//! (0 fine, 1 problems found, 2 could not run).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gloss::cli::{self, Cli, Command, ExportCommand, ImportCommand};
use gloss::convert::{self, Lines};

fn main() -> ExitCode {
    let args = Cli::parse();
    let annotator = args.annotator.as_deref();
    let result = match args.command {
        Some(Command::Validate { paths }) => {
            cli::open(&paths, annotator).map(|(c, s)| cli::validate(&c, &s, annotator))
        }
        Some(Command::Stats { paths }) => {
            cli::open(&paths, annotator).map(|(c, s)| cli::stats(&c, &s, annotator))
        }
        Some(Command::Import(ImportCommand::Brat { paths, force })) => {
            cli::open(&paths, annotator).map(|(c, _)| convert::import_brat(&c, force, annotator))
        }
        Some(Command::Import(ImportCommand::Jsonl { file, into, source })) => {
            cli::open(&into, annotator)
                .map(|(c, _)| convert::import_jsonl(&file, &c, &source, annotator))
        }
        Some(Command::Export(ExportCommand::Brat { paths, out })) => {
            cli::open(&paths, annotator).map(|(c, s)| convert::export_brat(&c, &s, &out, annotator))
        }
        Some(Command::Export(ExportCommand::Jsonl { paths, out })) => cli::open(&paths, annotator)
            .map(|(c, _)| convert::export_lines(&c, Lines::Jsonl, &out, annotator)),
        Some(Command::Export(ExportCommand::Doccano { paths, out })) => {
            cli::open(&paths, annotator)
                .map(|(c, _)| convert::export_lines(&c, Lines::Doccano, &out, annotator))
        }
        Some(Command::Export(ExportCommand::Conll { paths, out })) => cli::open(&paths, annotator)
            .map(|(c, _)| convert::export_lines(&c, Lines::Conll, &out, annotator)),
        None => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths
            };
            match cli::open(&paths, annotator) {
                Ok((corpus, schema)) => {
                    return match gloss::tui::run(corpus, schema, args.annotator) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(e) => {
                            eprintln!("gloss: {e:#}");
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
            print!("{}", report.stdout);
            eprint!("{}", report.stderr);
            ExitCode::from(report.code)
        }
        Err(e) => {
            eprintln!("gloss: {e:#}");
            ExitCode::from(2)
        }
    }
}
