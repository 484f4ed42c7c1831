//! The scene every never-lose-work test plays in (a temporary home with
//! XDG folders and a one-article corpus) and the steps they share: open,
//! tag, quit, read what landed on disk, signal a process.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use portable_pty::CommandBuilder;
use serde_json::{Value, json};

use crate::common::{DEADLINE, ENTER, Tui, wait_until};

const ARTICLE: &str = "mosul.txt";
pub const TEXT: &str = "Fighting resumes near Mosul\n\n\
                    Iraqi forces pushed towards Mosul on Monday, while officials in \
                    Turkey and diplomats across Europe watched the border. Aid groups \
                    in Erbil said the roads north of Mosul stayed closed.\n";
/// From the article's body (the list shows only titles): the article is
/// open in the text pane.
pub const BODY: &str = "Iraqi forces pushed towards Mosul";

/// A temporary home with XDG folders and a corpus folder holding one article.
pub struct Scene {
    pub tmp: tempfile::TempDir,
    /// The folder gloss is opened on.
    pub corpus: PathBuf,
    /// The article's path relative to `corpus`.
    pub rel: PathBuf,
}

impl Scene {
    pub fn new() -> Scene {
        Scene::with_article_at(ARTICLE)
    }

    /// The article at `rel` below the corpus folder.
    pub fn with_article_at(rel: &str) -> Scene {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("corpus");
        let source = corpus.join(rel);
        fs::create_dir_all(source.parent().unwrap()).unwrap();
        fs::write(&source, TEXT).unwrap();
        Scene {
            tmp,
            corpus,
            rel: PathBuf::from(rel),
        }
    }

    pub fn home(&self) -> &Path {
        self.tmp.path()
    }

    pub fn data_home(&self) -> PathBuf {
        self.home().join("xdg-data")
    }

    pub fn state_home(&self) -> PathBuf {
        self.home().join("xdg-state")
    }

    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", self.home().to_path_buf()),
            ("XDG_CONFIG_HOME", self.home().join("xdg-config")),
            ("XDG_DATA_HOME", self.data_home()),
            ("XDG_STATE_HOME", self.state_home()),
        ]
    }

    pub fn source(&self) -> PathBuf {
        self.corpus.join(&self.rel)
    }

    /// The annotation file beside the article.
    pub fn sidecar(&self) -> PathBuf {
        sidecar_of(&self.source())
    }

    /// A command line for the pseudo-terminal: `program args` with the
    /// isolated environment.
    pub fn command(&self, program: &OsStr, args: &[&OsStr]) -> CommandBuilder {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(self.home());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd
    }

    /// `gloss ARGS` in a pseudo-terminal.
    pub fn open(&self, args: &[&OsStr]) -> Tui {
        Tui::spawn_command(self.command(gloss_bin(), args))
    }

    /// `gloss ARGS` without a terminal; panics if it runs past the deadline.
    pub fn run(&self, args: &[&OsStr]) -> Output {
        let mut child = Command::new(gloss_bin())
            .args(args)
            .envs(self.env())
            .env_remove("NO_COLOR")
            .current_dir(self.home())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gloss starts");
        let finished = wait_until(DEADLINE, || child.try_wait().unwrap());
        if finished.is_none() {
            let _ = child.kill();
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            finished.is_some(),
            "gloss {args:?} still ran {DEADLINE:?} later\n{}",
            shown(&out)
        );
        out
    }

    /// `gloss validate [FIRST...] CORPUS`.
    pub fn validate(&self, first: &[&OsStr]) -> Output {
        let mut args: Vec<&OsStr> = vec![OsStr::new("validate")];
        args.extend_from_slice(first);
        args.push(self.corpus.as_os_str());
        self.run(&args)
    }
}

pub fn gloss_bin() -> &'static OsStr {
    OsStr::new(env!("CARGO_BIN_EXE_gloss"))
}

fn sidecar_of(source: &Path) -> PathBuf {
    let mut name = source.file_name().unwrap().to_os_string();
    name.push(".ann.json");
    source.with_file_name(name)
}

pub fn shown(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Panics unless the headless command exited with `code`.
pub fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(out.status.code(), Some(code), "{what}\n{}", shown(out));
}

/// Waits until the status line contains `text`.
pub fn wait_for_status(tui: &Tui, text: &str) {
    wait_until(DEADLINE, || tui.status_line().contains(text).then_some(())).unwrap_or_else(|| {
        panic!(
            "the status line did not show {text:?} within {DEADLINE:?}:\n{}",
            tui.screen()
        )
    });
}

/// Waits for the article's body and moves into the text pane.
pub fn enter_article(tui: &mut Tui) {
    tui.wait_for(BODY);
    tui.send(ENTER);
}

/// Searches for `word` from the cursor and tags it GPE; waits until gloss
/// says it did, as `id`.
pub fn tag(tui: &mut Tui, word: &str, id: &str) {
    tui.send(&format!("/{word}"));
    wait_for_status(tui, &format!("/{word}"));
    tui.send(ENTER);
    tui.send("t");
    // The picker names the word under the cursor: the search landed on it.
    tui.wait_for(&format!("Tag “{word}” as"));
    tui.send("GPE");
    tui.send(ENTER);
    tui.wait_for(&format!("tagged “{word}” as GPE ({id})"));
}

/// Quits with `q` and expects a clean exit.
pub fn quit(tui: &mut Tui) {
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
}

/// The code-point offsets of the first `word` in `text`.
pub fn span_in(text: &str, word: &str) -> (usize, usize) {
    let byte = text.find(word).expect("the word is in the text");
    let start = text[..byte].chars().count();
    (start, start + word.chars().count())
}

/// The entity gloss writes for the first `word` of `text` tagged GPE.
pub fn gpe(text: &str, word: &str, id: &str) -> Value {
    let (start, end) = span_in(text, word);
    json!({"id": id, "type": "GPE", "start": start, "end": end, "text": word})
}

pub fn read_json(path: &Path) -> Option<Value> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    Some(serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{} is not JSON ({e}):\n{}",
            path.display(),
            String::from_utf8_lossy(&bytes)
        )
    }))
}

/// The entities of an annotation file, or None when there is no file.
pub fn entities_at(path: &Path) -> Option<Vec<Value>> {
    read_json(path).map(|doc| {
        doc["entities"]
            .as_array()
            .unwrap_or_else(|| panic!("entities is not a list in {doc}"))
            .clone()
    })
}

/// Waits until the entities in the file at `path` are `expected`.
pub fn wait_for_entities(path: &Path, expected: &[Value]) {
    let reached = wait_until(DEADLINE, || {
        (entities_at(path).as_deref() == Some(expected)).then_some(())
    });
    assert!(
        reached.is_some(),
        "the entities in {} are {:?}, expected {expected:?} within {DEADLINE:?}",
        path.display(),
        entities_at(path)
    );
}

/// Every file and folder below `dir`, files with their bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            if path.is_dir() {
                out.insert(rel, None);
                walk(&path, root, out);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Every file below `dir` (none if it does not exist).
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    snapshot(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.is_some())
        .map(|(rel, _)| dir.join(rel))
        .collect()
}

/// gloss used the XDG folders it was given, not the defaults under HOME.
pub fn assert_xdg_respected(scene: &Scene) {
    let defaults = scene.home().join(".local");
    assert!(
        !defaults.exists(),
        "gloss wrote under {} although XDG_*_HOME point elsewhere: {:?}",
        defaults.display(),
        files_below(&defaults)
    );
}

/// Sends `sig` (a name such as KILL) to a process this test started.
pub fn signal(pid: u32, sig: &str) {
    let status = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{sig} {pid} failed: {status:?}");
}

/// Whether `pid` is a live process (not gone, not a zombie).
pub fn alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `pid (comm) STATE ...`; comm may hold spaces, so read after the last ')'.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next());
    !matches!(state, None | Some("Z" | "X"))
}
