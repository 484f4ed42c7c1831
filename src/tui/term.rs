//! Entering and leaving the terminal's full-screen mode, exactly once per
//! entry, from whichever path gets there first (quit, panic, signal).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::autosave::AutoSave;

static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether mouse reports were asked for, so `restore` turns them off and a
/// resumed gloss asks again.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen and, when `mouse`, SGR mouse reports
/// (press, release, drag and wheel; crossterm asks for 1000, 1002, 1003, 1006).
pub fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back as it was. Safe to call from any thread and more
/// than once: only the first call after `enter` does anything.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let mut out = io::stdout();
        if MOUSE.load(Ordering::SeqCst) {
            // Before leaving the screen: a shell that gets mouse reports
            // prints them as garbage.
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, LeaveAlternateScreen, Show);
        let _ = out.flush();
    }
}

/// On a panic: save what is queued, restore the terminal, then let the
/// default hook print the message on the normal screen.
pub fn install_panic_hook(saver: AutoSave) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let errors = saver.flush();
        restore();
        previous(info);
        for e in errors {
            let _ = writeln!(io::stderr(), "gloss: {e}");
        }
        for line in saver.rescue_and_report() {
            let _ = writeln!(io::stderr(), "gloss: {line}");
        }
    }));
}

/// Ctrl-Z: in raw mode it arrives as a key, so gloss stops itself the way
/// the shell would have, and takes the screen back when resumed.
pub fn suspend() -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enter(MOUSE.load(Ordering::SeqCst))
}
