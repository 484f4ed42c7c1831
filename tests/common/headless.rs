//! Running the real binary without a terminal: a home of the test's own
//! (so no user config can change the outcome, and the locks a writing
//! command takes stay in the test's folder), standard input closed, stdout
//! and stderr captured as the bytes gloss wrote, and killed if it overruns
//! (a test must fail, not hang).

use std::ffi::OsStr;
use std::io::{Read, Seek};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const GLOSS: &str = env!("CARGO_BIN_EXE_gloss");

/// One finished (or stopped) run of the binary.
pub struct Finished {
    /// None: killed after overrunning its time, or ended by a signal.
    pub code: Option<i32>,
    pub elapsed: Duration,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// A finished run as text: its exit code (-1 when it had none) and its
/// output, all shown when an assertion about it fails.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl From<Finished> for Run {
    fn from(done: Finished) -> Self {
        Run {
            code: done.code.unwrap_or(-1),
            stdout: String::from_utf8_lossy(&done.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&done.stderr).into_owned(),
        }
    }
}

impl Finished {
    /// stdout then stderr, as text (invalid UTF-8 replaced).
    pub fn output(&self) -> String {
        let mut both = self.stdout.clone();
        both.extend_from_slice(&self.stderr);
        String::from_utf8_lossy(&both).into_owned()
    }
}

/// Runs gloss `args` in `cwd` (the test's own folder when None) with every
/// gloss folder under `home`; stopped after `limit`.
pub fn run_gloss<S: AsRef<OsStr>>(
    args: &[S],
    cwd: Option<&Path>,
    home: &Path,
    limit: Duration,
) -> Finished {
    std::fs::create_dir_all(home).unwrap();
    let (mut out, mut err) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    let mut command = Command::new(GLOSS);
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(err.try_clone().unwrap());
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("gloss starts");
    let status = super::wait_until(limit, || child.try_wait().unwrap());
    let elapsed = started.elapsed();
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let read_back = |file: &mut std::fs::File| {
        let mut bytes = Vec::new();
        file.rewind().unwrap();
        file.read_to_end(&mut bytes).unwrap();
        bytes
    };
    Finished {
        code: status.and_then(|s| s.code()),
        elapsed,
        stdout: read_back(&mut out),
        stderr: read_back(&mut err),
    }
}
