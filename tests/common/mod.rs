//! A harness that runs the real gloss binary in a pseudo-terminal and reads
//! its screen through a terminal emulator (portable-pty + vt100).
//!
//! Two traps of portable-pty shape it (see terminal-notes.md):
//! - dropping the writer sends a newline and EOF, which the program reads as
//!   keys, so the writer is kept until the test hangs up on purpose;
//! - `try_clone_reader` holds its own handle on the master, so the child
//!   only sees a hang-up once the reader thread has dropped it too.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

// Not every test crate runs the binary headless.
#[allow(dead_code)]
pub mod headless;
#[allow(dead_code)]
pub mod json;

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const COLS: u16 = 100;
pub const ROWS: u16 = 30;

/// How long a screen or file condition may take to come true.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// How often conditions are re-checked while waiting.
const POLL: Duration = Duration::from_millis(20);

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const CTRL_R: &str = "\x12";

/// Polls `check` until it returns something or `timeout` passes.
pub fn wait_until<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(POLL);
    }
}

/// gloss running in a 100×30 pseudo-terminal.
pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    /// Asks the reader thread to drop its master handle after its next read.
    stop: Arc<AtomicBool>,
    /// Returns when it dropped its master handle.
    reader: Option<JoinHandle<Instant>>,
    status: Option<ExitStatus>,
}

impl Tui {
    /// Starts gloss on `args` with TERM=xterm-256color and `home` as its
    /// home folder (so no user configuration is read).
    pub fn spawn(args: &[&Path], home: &Path) -> Tui {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gloss"));
        for a in args {
            cmd.arg(a);
        }
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join(".config"));
        cmd.env_remove("NO_COLOR");
        Tui::spawn_command(cmd)
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// gloss's status line: the bottom row, or the bottom two rows joined
    /// when a message needs two (the row above is then not a pane's bottom
    /// border).
    pub fn status_line(&self) -> String {
        let parser = self.parser.lock().unwrap();
        let mut rows = parser.screen().rows(0, COLS).skip(usize::from(ROWS) - 2);
        let (above, last) = (
            rows.next().unwrap_or_default(),
            rows.next().unwrap_or_default(),
        );
        match above.starts_with(' ') {
            true => format!("{} {}", above.trim_end(), last.trim_start()),
            false => last,
        }
    }

    /// Waits until `text` is on the screen; panics with the screen if it
    /// does not appear within `timeout`.
    pub fn wait_for_within(&self, text: &str, timeout: Duration) -> String {
        wait_until(timeout, || {
            let screen = self.screen();
            screen.contains(text).then_some(screen)
        })
        .unwrap_or_else(|| {
            panic!(
                "{text:?} did not appear within {timeout:?}; the screen shows:\n{}",
                self.screen()
            )
        })
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_within(text, DEADLINE)
    }

    /// Types `keys`, one key (character) per write.
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal has been hung up");
        let mut buf = [0u8; 4];
        for c in keys.chars() {
            writer
                .write_all(c.encode_utf8(&mut buf).as_bytes())
                .unwrap();
            writer.flush().unwrap();
        }
    }

    /// Writes `bytes` in one write, as a terminal sends a mouse report, or
    /// a key glued to an Esc by tmux or a slow link. Not every test crate
    /// that shares this module needs it.
    #[allow(dead_code)]
    pub fn write_raw(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal has been hung up");
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    }

    /// Whether the program asked the terminal for mouse reports in SGR form.
    #[allow(dead_code)]
    pub fn mouse_reports_sgr(&self) -> bool {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
            && screen.mouse_protocol_encoding() == vt100::MouseProtocolEncoding::Sgr
    }

    /// Waits for gloss to exit; panics if it is still running after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        if let Some(status) = &self.status {
            return status.clone();
        }
        let child = &mut self.child;
        let Some(status) = wait_until(timeout, || child.try_wait().unwrap()) else {
            panic!(
                "gloss was still running {timeout:?} later; the screen shows:\n{}",
                self.screen()
            )
        };
        self.status = Some(status.clone());
        // What it wrote last (messages after leaving the screen, the mouse
        // turned off) is on the screen once the reader has seen the
        // terminal close; without this a test can read the screen too early.
        let reader = &self.reader;
        wait_until(Duration::from_secs(2), || {
            reader
                .as_ref()
                .is_none_or(|r| r.is_finished())
                .then_some(())
        });
        status
    }

    /// Closes the terminal and requires gloss to leave through its hang-up
    /// path (exit 128 + SIGHUP) within `limit` of it.
    pub fn hang_up_and_expect_exit(&mut self, limit: Duration) {
        let hung_up = self.hang_up();
        let status = self.wait_exit(limit.saturating_sub(hung_up.elapsed()));
        let took = hung_up.elapsed();
        eprintln!("gloss exited with {status:?} at most {took:?} after the hang-up");
        assert!(
            took < limit,
            "gloss took {took:?} to exit after the hang-up"
        );
        assert_eq!(
            (status.exit_code(), status.signal()),
            (128 + 1, None),
            "gloss leaves through its hang-up path (exit 128 + SIGHUP), got {status:?}"
        );
    }

    /// Closes the terminal, as a dropped SSH connection does: every master
    /// handle is closed, so the kernel hangs up the child's terminal
    /// (SIGHUP to it, POLLHUP on its tty). Returns when the last handle
    /// closed.
    pub fn hang_up(&mut self) -> Instant {
        self.stop.store(true, Ordering::SeqCst);
        drop(self.master.take());
        // The writer's drop types a newline and EOF (Ctrl-J, Ctrl-D in raw
        // mode) before it closes. gloss binds neither, but redraws after
        // any key, and that output wakes the reader thread, which then sees
        // `stop` and drops the last master handle.
        drop(self.writer.take());
        let reader = self.reader.take().expect("hung up only once");
        let closed = wait_until(DEADLINE, || reader.is_finished().then_some(()));
        assert!(
            closed.is_some(),
            "the reader thread still holds the master open {DEADLINE:?} after the hang-up"
        );
        reader.join().unwrap()
    }
}

impl Tui {
    /// Starts `cmd` exactly as built (program, arguments, environment,
    /// folder) in a 100×30 pseudo-terminal whose session it leads. The
    /// screen, keys, hang-up and exit work as for [`Tui::spawn`].
    pub fn spawn_command(cmd: CommandBuilder) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal opens");
        let child = pty.slave.spawn_command(cmd).expect("the command starts");
        drop(pty.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let mut source = pty.master.try_clone_reader().unwrap();
        let reader = {
            let parser = Arc::clone(&parser);
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || {
                    let mut buf = [0u8; 8192];
                    loop {
                        match source.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => parser.lock().unwrap().process(&buf[..n]),
                        }
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                    }
                    drop(source);
                    Instant::now()
                })
                .unwrap()
        };
        let writer = pty.master.take_writer().unwrap();
        Tui {
            parser,
            writer: Some(writer),
            master: Some(pty.master),
            child,
            stop,
            reader: Some(reader),
            status: None,
        }
    }

    /// The id of the process the terminal runs (gloss, or its wrapper).
    /// Not every test crate that shares this module needs it.
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child
            .process_id()
            .expect("a running child has a process id")
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The reader thread ends on its own once the child's terminal closes.
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// What the status line says once `tag_first_word` is done.
pub const TAGGED: &str = "tagged “Kestova” as GPE (T1)";

/// Opens the first article and tags its first word as GPE.
pub fn tag_first_word(tui: &mut Tui) {
    tui.wait_for("Kestova forces");
    tui.send(ENTER);
    tui.send("t");
    tui.wait_for("Tag “Kestova” as");
    tui.send("GPE");
    tui.send(ENTER);
    tui.wait_for(TAGGED);
}

/// A temporary home and a corpus folder inside it.
pub struct Corpus {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

pub const FIRST: &str = "01_kestova.txt";
pub const SECOND: &str = "02_harbour.txt";
pub const THIRD: &str = "03_ballots.txt";

/// Three short articles; the first begins with "Kestova" (offsets 0..7).
pub const ARTICLES: [(&str, &str); 3] = [
    (
        FIRST,
        "Kestova forces reach Dolmar\n\n\
         Kestova forces advanced on the river town of Dolmar before dawn on \
         Tuesday, two local officials said. Residents reported shelling near \
         the old bridge and long queues at the bakeries.\n",
    ),
    (
        SECOND,
        "Harbour strike enters third week\n\n\
         Dock workers in Port Selmar kept the cranes idle for a nineteenth \
         day. The union said talks with the port authority would resume on \
         Friday, while shipping agents diverted cargo to Ambria.\n",
    ),
    (
        THIRD,
        "Vote count delayed in Ambria\n\n\
         Election officials in Ambria said the count of postal ballots would \
         take two more days after a storm cut power to the central depot.\n",
    ),
];

impl Corpus {
    pub fn new() -> Corpus {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("corpus");
        fs::create_dir(&dir).unwrap();
        for (name, text) in ARTICLES {
            fs::write(dir.join(name), text).unwrap();
        }
        Corpus { tmp, dir }
    }

    pub fn home(&self) -> &Path {
        self.tmp.path()
    }

    /// gloss on the corpus folder.
    pub fn open(&self) -> Tui {
        Tui::spawn(&[&self.dir], self.home())
    }

    pub fn sidecar(&self, article: &str) -> PathBuf {
        self.dir.join(format!("{article}.ann.json"))
    }

    /// The sidecar of `article` parsed, or None when there is none.
    pub fn annotations(&self, article: &str) -> Option<serde_json::Value> {
        let bytes = match fs::read(self.sidecar(article)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => panic!("cannot read the sidecar of {article}: {e}"),
        };
        Some(serde_json::from_slice(&bytes).expect("the sidecar is valid JSON"))
    }

    /// Every file in the corpus folder (recursively) with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    let rel = path.strip_prefix(root).unwrap().to_path_buf();
                    out.insert(rel, fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.dir, &self.dir, &mut out);
        out
    }
}
