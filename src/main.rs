//! Entry point: parse arguments, dispatch, and turn errors into exit codes
//! (0 fine, 1 problems found, 2 could not run).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gloss::cli::{self, Cli, Command};

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
