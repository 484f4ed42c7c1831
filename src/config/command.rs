//! `gloss config` and `gloss config --check`: no corpus needed.

use std::fmt::Write as _;
use std::path::Path;

use super::{LoadError, load, print, shadowed};
use crate::cli::Report;
use crate::text::{esc, esc_path};

/// Prints the configuration in force, or (`check`) what the user's file
/// changes; a mistake in the file is an error with exit code 2.
pub fn run(explicit: Option<&Path>, check: bool) -> Report {
    let loaded = match load(explicit) {
        Ok(loaded) => loaded,
        Err(e) => return failed(&e),
    };
    if !check {
        return Report {
            stdout: print(&loaded.config),
            stderr: String::new(),
            code: 0,
        };
    }
    let mut stdout = String::new();
    match (&loaded.file, &loaded.looked_at) {
        (Some(file), _) if loaded.changes.is_empty() => {
            let _ = writeln!(stdout, "{}: fine; it changes nothing", esc_path(file));
        }
        (Some(file), _) => {
            let _ = writeln!(stdout, "{}: fine; it changes:", esc_path(file));
            for change in &loaded.changes {
                let _ = writeln!(stdout, "  {}", esc(change));
            }
            for note in shadowed(&loaded.config, &loaded.changes) {
                let _ = writeln!(stdout, "note: {}", esc(note));
            }
        }
        (None, Some(path)) => {
            let _ = writeln!(
                stdout,
                "no config file at {}: the defaults hold",
                esc_path(path)
            );
        }
        (None, None) => stdout.push_str("no config folder known here: the defaults hold\n"),
    }
    Report {
        stdout,
        stderr: String::new(),
        code: 0,
    }
}

fn failed(e: &LoadError) -> Report {
    Report {
        stdout: String::new(),
        stderr: format!("gloss: {}\n", esc(e)),
        code: 2,
    }
}
