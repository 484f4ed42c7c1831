//! Writes that must not destroy what they were given, end to end with the
//! real binary: an export never writes over its input, `--annotations-dir`
//! never writes into the corpus and gives each article its own file,
//! rescued edits never overwrite each other, and a symlinked annotation file
//! is written through to its target. Every gloss gets HOME and XDG folders
//! inside the test's temporary folder.

#[allow(dead_code)]
mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{DEADLINE, ENTER, Tui, wait_until};
use portable_pty::CommandBuilder;
use serde_json::Value;

const TEXT: &str = "Alice met Bob in Paris.\n";
const GLOSS: &str = env!("CARGO_BIN_EXE_gloss");

/// A temporary folder that is also gloss's HOME (XDG folders inside it).
struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().unwrap())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", self.path().to_path_buf()),
            ("XDG_CONFIG_HOME", self.path().join("xdg-config")),
            ("XDG_DATA_HOME", self.path().join("xdg-data")),
            ("XDG_STATE_HOME", self.path().join("xdg-state")),
        ]
    }

    /// Writes `text` at `rel`, making its folders.
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    /// `gloss ARGS` run in `cwd` (relative to the home) through `sh -c` with
    /// `umask`; panics if it runs past the deadline.
    fn run_in(&self, cwd: &str, umask: &str, args: &[&OsStr]) -> Output {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
            .arg(GLOSS)
            .args(args)
            .envs(self.env())
            .env_remove("NO_COLOR")
            .current_dir(self.path().join(cwd))
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
        assert!(finished.is_some(), "gloss {args:?} hung\n{}", shown(&out));
        out
    }

    fn run(&self, args: &[&str]) -> Output {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        self.run_in(".", "022", &args)
    }

    /// `gloss ARGS` in a pseudo-terminal, in the home.
    fn open(&self, args: &[&str]) -> Tui {
        let mut cmd = CommandBuilder::new(GLOSS);
        cmd.args(args);
        cmd.cwd(self.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        Tui::spawn_command(cmd)
    }
}

fn shown(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Every path below `dir` (links not followed) with what it holds.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = fs::symlink_metadata(&path).unwrap();
            let what = if meta.file_type().is_symlink() {
                format!("link to {}", fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                walk(&path, root, out);
                "folder".to_owned()
            } else {
                let bytes = fs::read(&path).unwrap();
                format!("{:o} {:?}", mode(&path), String::from_utf8_lossy(&bytes))
            };
            out.insert(rel, what);
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Every regular file below `dir`.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    snapshot(dir)
        .into_iter()
        .filter(|(_, what)| what != "folder" && !what.starts_with("link"))
        .map(|(rel, _)| dir.join(rel))
        .collect()
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_slice(&fs::read(path).ok()?).ok()
}

/// Whether the annotation file at `path` has an entity `kind` on `word`.
fn has_entity(path: &Path, kind: &str, word: &str) -> bool {
    let Some(doc) = read_json(path) else {
        return false;
    };
    doc["entities"]
        .as_array()
        .is_some_and(|es| es.iter().any(|e| e["type"] == kind && e["text"] == word))
}

/// A corpus folder `rel` with x.txt (tagged Alice in x.ann, imported) and
/// an article without annotations.
fn brat_corpus(home: &Home, rel: &str) -> PathBuf {
    home.write(&format!("{rel}/x.txt"), TEXT);
    home.write(&format!("{rel}/x.ann"), "T1\tPER 0 5\tAlice\n");
    home.write(&format!("{rel}/y.txt"), "Nobody tagged this one.\n");
    let out = home.run(&["import", "brat", rel]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    home.path().join(rel)
}

/// Runs an export that must be refused with exit 2, saying why, and leave
/// the corpus folder exactly as it was.
fn assert_refused(home: &Home, args: &[&str], corpus: &Path) {
    let before = snapshot(corpus);
    let out = home.run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}\n{}", shown(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("nothing was written"), "{args:?}\n{said}");
    assert_eq!(before, snapshot(corpus), "{args:?} changed the corpus");
}

// 1. An export never writes over its input.

#[test]
fn export_brat_into_its_own_corpus_is_refused_and_the_corpus_kept() {
    let home = Home::new();
    let c = brat_corpus(&home, "c");
    assert_refused(&home, &["export", "brat", "c", "--out", "c"], &c);
    assert_refused(&home, &["export", "brat", "c", "--out", "c/brat"], &c);
    assert_eq!(fs::read_to_string(c.join("x.txt")).unwrap(), TEXT);
}

#[test]
fn export_brat_is_refused_through_links_either_way() {
    let home = Home::new();
    let d = brat_corpus(&home, "d");
    symlink("d", home.path().join("d-link")).unwrap();
    assert_refused(&home, &["export", "brat", "d", "--out", "d-link"], &d);
    assert_refused(&home, &["export", "brat", "d-link", "--out", "d"], &d);
    assert_refused(&home, &["export", "brat", "d/x.txt", "--out", "d"], &d);
}

#[test]
fn a_file_export_over_a_source_or_annotation_file_is_refused() {
    let home = Home::new();
    let f = brat_corpus(&home, "f");
    for format in ["jsonl", "doccano", "conll"] {
        for out in ["f/x.txt", "f/x.txt.ann.json", "f/y.txt.ann.json", "f/x.ann"] {
            assert_refused(&home, &["export", format, "f", "--out", out], &f);
        }
    }
    // Beside the articles is fine: nothing there is read.
    let out = home.run(&["export", "jsonl", "f", "--out", "f/all.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    assert_eq!(fs::read_to_string(f.join("x.txt")).unwrap(), TEXT);
}

// 2. --annotations-dir never writes into the corpus.

#[test]
fn annotations_dir_with_a_dot_dot_path_writes_only_inside_the_folder() {
    let home = Home::new();
    home.write("rocorp/x.txt", TEXT);
    home.write("rocorp/x.ann", "T1\tPER 0 5\tAlice\n");
    fs::create_dir(home.path().join("work")).unwrap();
    let annd = home.path().join("annd");
    let before = snapshot(&home.path().join("rocorp"));
    let args = [
        OsStr::new("import"),
        OsStr::new("brat"),
        OsStr::new("--annotations-dir"),
        annd.as_os_str(),
        OsStr::new("../rocorp/x.txt"),
    ];
    let out = home.run_in("work", "022", &args);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    assert_eq!(
        before,
        snapshot(&home.path().join("rocorp")),
        "rocorp changed"
    );
    assert!(
        snapshot(&home.path().join("work")).is_empty(),
        "work changed"
    );
    assert_eq!(files_below(&annd), [annd.join("x.txt.ann.json")]);
    assert!(has_entity(&annd.join("x.txt.ann.json"), "PER", "Alice"));
}

#[test]
fn annotations_dir_gives_two_articles_of_one_name_two_files() {
    let home = Home::new();
    let a1 = home.write("p1/a.txt", "Alice met Bob.\n");
    home.write("p1/a.ann", "T1\tPER 0 5\tAlice\n");
    let a2 = home.write("p2/a.txt", "Acme hired Carol.\n");
    home.write("p2/a.ann", "T1\tORG 0 4\tAcme\n");
    let annd = home.path().join("annd");
    let args = [
        OsStr::new("import"),
        OsStr::new("brat"),
        OsStr::new("--annotations-dir"),
        annd.as_os_str(),
        a1.as_os_str(),
        a2.as_os_str(),
    ];
    let out = home.run_in(".", "022", &args);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let (f1, f2) = (
        annd.join("p1/a.txt.ann.json"),
        annd.join("p2/a.txt.ann.json"),
    );
    assert_eq!(files_below(&annd), [f1.clone(), f2.clone()]);
    assert!(has_entity(&f1, "PER", "Alice"));
    assert!(has_entity(&f2, "ORG", "Acme"));
    // validate finds each where import put it.
    let validate = [OsStr::new("validate"), OsStr::new("--annotations-dir")];
    let out = home.run_in(".", "022", &[&validate[..], &args[3..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("2 annotation file(s) checked"), "{said}");
}

// 4. A symlinked annotation file is written through; new files are private.

/// `d/a.txt` whose annotation file is a link to `outside/real.json` (mode
/// 0640, holding the import of `T1 Alice`).
fn linked_annotation_file(home: &Home) -> (PathBuf, PathBuf) {
    home.write("d/a.txt", TEXT);
    home.write("d/a.ann", "T1\tPER 0 5\tAlice\n");
    let out = home.run(&["import", "brat", "d"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    fs::create_dir(home.path().join("outside")).unwrap();
    let (link, target) = (
        home.path().join("d/a.txt.ann.json"),
        home.path().join("outside/real.json"),
    );
    fs::rename(&link, &target).unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    symlink("../outside/real.json", &link).unwrap();
    (link, target)
}

fn assert_written_through(link: &Path, target: &Path) {
    let meta = fs::symlink_metadata(link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        fs::read_link(link).unwrap(),
        Path::new("../outside/real.json")
    );
    assert_eq!(mode(target), 0o640, "the target's mode changed");
    assert!(has_entity(target, "PER", "Alice"));
    assert!(
        has_entity(target, "PER", "Bob"),
        "the new tag is not in the target"
    );
}

#[test]
fn import_brat_force_writes_a_linked_annotation_file_through() {
    let home = Home::new();
    let (link, target) = linked_annotation_file(&home);
    home.write("d/a.ann", "T1\tPER 0 5\tAlice\nT2\tPER 10 13\tBob\n");
    let out = home.run(&["import", "brat", "--force", "d"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    assert_written_through(&link, &target);
}

#[test]
fn import_brat_force_never_writes_through_a_link_to_the_article() {
    let home = Home::new();
    home.write("d/a.txt", TEXT);
    home.write("d/a.ann", "T1\tPER 0 5\tAlice\n");
    symlink("a.txt", home.path().join("d/a.txt.ann.json")).unwrap();
    let out = home.run(&["import", "brat", "--force", "d"]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("which this command reads"), "{said}");
    assert_eq!(
        fs::read_to_string(home.path().join("d/a.txt")).unwrap(),
        TEXT
    );
}

#[test]
fn the_terminal_view_writes_a_linked_annotation_file_through() {
    let home = Home::new();
    let (link, target) = linked_annotation_file(&home);
    let mut tui = home.open(&["d"]);
    tui.wait_for("Alice met");
    tui.send(ENTER);
    tag(&mut tui, "Bob", "PER", "T2");
    let through = wait_until(DEADLINE, || has_entity(&target, "PER", "Bob").then_some(()));
    tui.send("q");
    tui.wait_exit(DEADLINE);
    assert!(through.is_some(), "the tag never reached the target");
    assert_written_through(&link, &target);
}

#[test]
fn a_new_annotation_file_is_not_writable_by_others_whatever_the_umask() {
    let home = Home::new();
    home.write("d/a.txt", TEXT);
    home.write("d/a.ann", "T1\tPER 0 5\tAlice\n");
    let out = home.run_in(
        ".",
        "000",
        &[OsStr::new("import"), OsStr::new("brat"), OsStr::new("d")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let made = home.path().join("d/a.txt.ann.json");
    assert_eq!(mode(&made), 0o644, "mode {:o}", mode(&made));
}

// 3. Rescued edits never overwrite each other.

/// Searches for `word`, tags it `kind` and waits until gloss says so.
fn tag(tui: &mut Tui, word: &str, kind: &str, id: &str) {
    tui.send(&format!("/{word}"));
    tui.send(ENTER);
    tui.send("t");
    tui.wait_for(&format!("Tag “{word}” as"));
    tui.send(kind);
    tui.send(ENTER);
    tui.wait_for(&format!("tagged “{word}” as {kind} ({id})"));
}

#[test]
fn edits_rescued_for_two_articles_of_one_name_are_both_kept_and_named() {
    let home = Home::new();
    home.write("s1/a.txt", "First\n\nAlice met Bob in Paris.\n");
    home.write("s2/a.txt", "Second\n\nCarol met Dan in Rome.\n");
    let annd = home.path().join("annd");
    fs::create_dir(&annd).unwrap();
    let mut tui = home.open(&["--annotations-dir", "annd", "s1", "s2"]);
    for (folder, word) in [("s1", "Alice"), ("s2", "Carol")] {
        if folder == "s1" {
            tui.wait_for("First");
            tui.send(ENTER);
        } else {
            tui.send("]");
        }
        tui.wait_for(&format!("{word} met"));
        // Once the article is open, its annotation file cannot be made:
        // where its folder should be is a file (even root cannot write there).
        fs::write(annd.join(folder), "").unwrap();
        // The save fails at once on the writer thread, so its message may
        // replace "tagged …" before a poll sees it: wait for the failure.
        tui.send(&format!("/{word}"));
        tui.send(ENTER);
        tui.send("t");
        tui.wait_for(&format!("Tag “{word}” as"));
        tui.send("PER");
        tui.send(ENTER);
        tui.wait_for(&format!("could not save annd/{folder}/a.txt.ann.json"));
    }
    tui.send("q");
    tui.wait_exit(DEADLINE);
    let said: String = tui.screen().split('\n').collect();
    let recovered = home.path().join("xdg-data/gloss/recovered");
    let kept = files_below(&recovered);
    assert_eq!(kept.len(), 2, "{kept:?}\n{said}");
    for (folder, word) in [("s1", "Alice"), ("s2", "Carol")] {
        let file = kept
            .iter()
            .find(|p| has_entity(p, "PER", word))
            .unwrap_or_else(|| panic!("no rescued file holds {word}: {kept:?}"));
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(
            name.contains(&format!("{folder}_a.txt.ann.json-")),
            "{name}"
        );
        assert!(
            said.contains(&*name),
            "{name} is not named on the screen:\n{said}"
        );
    }
}

#[test]
fn edits_that_cannot_be_saved_are_rescued_on_sigterm_too() {
    let home = Home::new();
    home.write("s1/a.txt", "First\n\nAlice met Bob in Paris.\n");
    let annd = home.path().join("annd");
    fs::create_dir(&annd).unwrap();
    let mut tui = home.open(&["--annotations-dir", "annd", "s1"]);
    tui.wait_for("First");
    tui.send(ENTER);
    tui.wait_for("Alice met");
    // One named folder is mirrored as it is: annd/a.txt.ann.json, which
    // cannot be made once annd is a file.
    fs::remove_dir(&annd).unwrap();
    fs::write(&annd, "").unwrap();
    tag(&mut tui, "Alice", "PER", "T1");
    tui.wait_for("could not save");
    let killed = Command::new("kill")
        .args(["-TERM", &tui.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tui.wait_exit(DEADLINE);
    let recovered = home.path().join("xdg-data/gloss/recovered");
    let kept = files_below(&recovered);
    assert_eq!(kept.len(), 1, "{kept:?}\n{}", tui.screen());
    assert!(has_entity(&kept[0], "PER", "Alice"));
}
