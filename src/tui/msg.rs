//! Everything that can happen to the app arrives as one `Msg`, handed to
//! `App::update`: keys, mouse, resizes, the results of the shell's effects
//! and of background jobs. The shell turns the world into messages.

use std::path::PathBuf;
use std::time::Instant;

use crossterm::event::{KeyEvent, MouseEvent};

use super::action::{Action, Loaded};
use super::jobs::{JobEvent, JobId};

#[derive(Debug)]
pub enum Msg {
    /// A key press (or repeat) from the terminal.
    Key(KeyEvent),
    /// A mouse report (plain motion is dropped by `input`) and when it
    /// arrived, so double-clicks are told apart without a clock in `update`.
    Mouse {
        event: MouseEvent,
        at: Instant,
    },
    /// An action already looked up (scripts and tests skip the keymap).
    Action(Action),
    Resize {
        width: u16,
        height: u16,
    },
    /// The article asked for with `Effect::Load`.
    Loaded {
        entry: usize,
        article: Loaded,
    },
    /// The first blocks of a big article asked for with `Effect::Load`;
    /// the app has the whole of it opened as a job.
    Preview {
        entry: usize,
        article: Loaded,
    },
    /// A background job's result, progress or end.
    Job {
        id: JobId,
        event: JobEvent,
    },
    /// An annotation file changed on disk under gloss; `message` says so.
    FileChanged {
        path: PathBuf,
        message: String,
    },
    /// A save failed and will be retried; `message` says why.
    SaveFailed(String),
    /// Every edit is on disk: a good moment for slow checks.
    SavesWritten,
    /// Something to tell the user at start (e.g. a read-only corpus).
    Notice(String),
    /// The time, sent before keys, so that `update` can stamp what it
    /// does (a review's rate) without reading the clock.
    Tick(Instant),
}
