//! The user's config file end to end: `gloss config`, `gloss config
//! --check`, `--config FILE`, and a mistake stopping the terminal view
//! before it draws anything. Every run gets its own empty home.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const GLOSS: &str = env!("CARGO_BIN_EXE_gloss");
const DEADLINE: Duration = Duration::from_secs(30);

/// A temporary home (config in `$XDG_CONFIG_HOME/gloss/config.toml`) and a
/// folder with no `.txt` in it to run from.
struct Home {
    tmp: tempfile::TempDir,
}

impl Home {
    fn new(config: Option<&str>) -> Home {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join("config/gloss")).unwrap();
        fs::create_dir(tmp.path().join("empty")).unwrap();
        let home = Home { tmp };
        if let Some(text) = config {
            fs::write(home.config_file(), text).unwrap();
        }
        home
    }

    fn config_file(&self) -> PathBuf {
        self.tmp.path().join("config/gloss/config.toml")
    }

    fn env(&self) -> [(&'static str, PathBuf); 3] {
        let home = self.tmp.path();
        [
            ("HOME", home.to_path_buf()),
            ("XDG_CONFIG_HOME", home.join("config")),
            ("XDG_STATE_HOME", home.join("state")),
        ]
    }

    /// Runs gloss with no terminal from the folder without articles.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let mut cmd = Command::new(GLOSS);
        cmd.args(args)
            .envs(self.env())
            .env_remove("NO_COLOR")
            .current_dir(self.tmp.path().join("empty"))
            .stdin(Stdio::null());
        let out = cmd.output().expect("gloss runs");
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (
            out.status.code().unwrap_or(-1),
            text(out.stdout),
            text(out.stderr),
        )
    }
}

fn parsed(stdout: &str) -> toml::Table {
    stdout
        .parse()
        .unwrap_or_else(|e| panic!("not TOML ({e}):\n{stdout}"))
}

#[test]
fn gloss_config_prints_the_defaults_as_toml_without_a_corpus() {
    let home = Home::new(None);
    let (code, stdout, stderr) = home.run(&["config"]);
    assert_eq!(code, 0, "{stderr}");
    let config = parsed(&stdout);
    assert_eq!(config["palette"].as_str(), Some("default"));
    assert_eq!(config["mouse"].as_bool(), Some(true));
    let quit = config["keys"]["quit"].as_array().unwrap();
    assert_eq!(
        quit,
        &vec![toml::Value::from("q"), toml::Value::from("ctrl-c")]
    );
    assert_eq!(config["keys"]["text"]["tag"].as_str(), Some("t"));
    assert_eq!(config["theme"]["hint"]["bg"].as_str(), Some("light-yellow"));
}

#[test]
fn gloss_config_shows_the_users_keys_over_the_defaults() {
    let home = Home::new(Some("[keys]\nquit = \"Z\"\n"));
    let (code, stdout, stderr) = home.run(&["config"]);
    assert_eq!(code, 0, "{stderr}");
    let config = parsed(&stdout);
    assert_eq!(config["keys"]["quit"].as_str(), Some("Z"));
    assert_eq!(config["keys"]["text"]["tag"].as_str(), Some("t"));
}

#[test]
fn check_says_what_a_good_file_changes() {
    let home = Home::new(Some("[keys]\nquit = \"Z\"\nhelp = \"k\"\n"));
    let (code, stdout, stderr) = home.run(&["config", "--check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("quit: q, ctrl-c → Z"), "{stdout}");
    assert!(
        stdout.contains("k moved from up to help in [keys] (up keeps up)"),
        "{stdout}"
    );
    let none = Home::new(None);
    let (code, stdout, _) = none.run(&["config", "--check"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("no config file at"), "{stdout}");
}

#[test]
fn check_refuses_a_bad_file_with_its_line_and_exit_2() {
    let home = Home::new(Some("[keys]\nfrobnicate = \"x\"\n"));
    let (code, stdout, stderr) = home.run(&["config", "--check"]);
    assert_eq!(code, 2, "{stdout}");
    let want = format!(
        "gloss: {}:2: unknown action \"frobnicate\" in [keys]\n",
        home.config_file().display()
    );
    assert_eq!(stderr, want);
    let (code, stdout, _) = home.run(&["config"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
}

#[test]
fn config_flag_names_another_file_which_must_exist() {
    let home = Home::new(Some("[keys]\nfrobnicate = \"x\"\n"));
    let other = home.tmp.path().join("mine.toml");
    fs::write(&other, "mouse = false\n").unwrap();
    let other_arg = other.to_str().unwrap();
    let (code, stdout, stderr) = home.run(&["config", "--config", other_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(parsed(&stdout)["mouse"].as_bool(), Some(false));
    let missing = home.tmp.path().join("missing.toml");
    let (code, _, stderr) = home.run(&["config", "--config", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("missing.toml: cannot read the config file"),
        "{stderr}"
    );
}

/// Runs `gloss DIR` in a pseudo-terminal to its end: (exit code, every byte
/// it wrote to the terminal).
fn in_terminal(home: &Home, corpus: &Path) -> (u32, Vec<u8>) {
    let size = PtySize {
        rows: 30,
        cols: 100,
        pixel_width: 0,
        pixel_height: 0,
    };
    let pty = native_pty_system().openpty(size).unwrap();
    let mut cmd = CommandBuilder::new(GLOSS);
    cmd.arg(corpus);
    cmd.cwd(home.tmp.path());
    cmd.env("TERM", "xterm-256color");
    for (name, value) in home.env() {
        cmd.env(name, value);
    }
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("gloss with a bad config was still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(pty.master);
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    // The child has exited: what it wrote is buffered; read until EOF/EIO.
    while let Ok(n @ 1..) = reader.read(&mut buf) {
        bytes.extend_from_slice(&buf[..n]);
    }
    (status.exit_code(), bytes)
}

#[test]
fn a_mistake_stops_gloss_before_the_terminal_is_touched() {
    let home = Home::new(Some("[theme]\nborder = \"mauve\"\n"));
    let corpus = home.tmp.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), "Some text.\n").unwrap();
    let (code, bytes) = in_terminal(&home, &corpus);
    let shown = String::from_utf8_lossy(&bytes);
    assert_eq!(code, 2, "{shown}");
    assert!(
        !bytes.contains(&0x1b),
        "escape sequences written: {shown:?}"
    );
    let want = format!(
        "{}:2: unknown colour \"mauve\"",
        home.config_file().display()
    );
    assert!(shown.contains(&want), "{shown}");
    assert!(!corpus.join("a.txt.ann.json").exists());
}

#[test]
fn check_points_out_a_key_a_pane_keeps_for_itself() {
    let home = Home::new(Some("[keys]\nundo = \"t\"\n"));
    let (code, stdout, stderr) = home.run(&["config", "--check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("undo: u → t"), "{stdout}");
    assert!(
        stdout.contains("note: t does undo except in [keys.text], where it does tag"),
        "{stdout}"
    );
}

#[test]
fn commands_other_than_the_terminal_view_do_not_read_the_config() {
    let home = Home::new(Some("[keys]\nfrobnicate = \"x\"\n"));
    let corpus = home.tmp.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), "Some text.\n").unwrap();
    let (code, stdout, stderr) = home.run(&["stats", corpus.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stderr.contains("frobnicate"), "{stderr}");
}
