//! Leaving safely when the terminal goes away. crossterm never returns from
//! a dead terminal (it spins re-reading it), so a flag checked by the event
//! loop would never be seen: these threads save and exit by themselves.

use std::fs::File;
use std::io::Write;
use std::os::fd::AsFd;
use std::thread;
use std::time::Duration;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::term;
use crate::autosave::AutoSave;

/// How often the terminal is checked for a hang-up.
const WATCH_EVERY: Duration = Duration::from_millis(200);

/// Starts the signal thread and the hang-up watchdog.
pub fn spawn(saver: AutoSave) -> std::io::Result<()> {
    let mut signals = Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    let on_signal = saver.clone();
    thread::Builder::new()
        .name("gloss-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                shutdown(&on_signal, 128 + sig);
            }
        })?;
    // With `ssh -t` the parent may ignore SIGHUP, so the terminal itself is
    // watched too: a closed terminal reports POLLHUP.
    if let Ok(tty) = File::open("/dev/tty") {
        thread::Builder::new()
            .name("gloss-hangup".into())
            .spawn(move || {
                loop {
                    let mut fds = [PollFd::new(tty.as_fd(), PollFlags::empty())];
                    let timeout = PollTimeout::try_from(WATCH_EVERY).unwrap_or(PollTimeout::NONE);
                    if poll(&mut fds, timeout).is_ok() {
                        let gone = PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL;
                        if fds[0].revents().is_some_and(|r| r.intersects(gone)) {
                            shutdown(&saver, 128 + SIGHUP);
                        }
                    }
                    thread::sleep(WATCH_EVERY);
                }
            })?;
    }
    Ok(())
}

/// Saves, gives the terminal back, and exits — without unwinding, so that
/// nothing else tries to write to a terminal that may be gone.
pub(super) fn shutdown(saver: &AutoSave, code: i32) -> ! {
    let errors = saver.flush();
    term::restore();
    for e in errors {
        // stderr may be the dead terminal: a failed write must not panic.
        let _ = writeln!(std::io::stderr(), "gloss: {e}");
    }
    // What could not be written where it belongs is kept, as on quitting.
    for line in saver.rescue_and_report() {
        let _ = writeln!(std::io::stderr(), "gloss: {line}");
    }
    std::process::exit(code)
}
