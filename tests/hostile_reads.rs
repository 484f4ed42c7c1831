//! Files gloss reads that are not what they should be: FIFOs and devices
//! where a regular file belongs, an `annotation.conf` macro bomb, a Latin-1
//! brat `.ann`, and `.ann` lines pointing at ids that are not there. Each is
//! refused or reported by name, quickly, and never hangs the test: every
//! run of the binary is killed if it overruns.

#[allow(dead_code)]
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::headless::run_gloss;
use common::{ENTER, Tui, wait_until};

struct Run {
    /// None: killed after overrunning its time.
    code: Option<i32>,
    elapsed: Duration,
    output: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?} after {:?}\n{}",
            self.code, self.elapsed, self.output
        )
    }
}

/// gloss `args` in `dir` with a home of its own, stdout and stderr
/// together; killed after `limit`.
fn gloss(args: &[&str], dir: &Path, limit: Duration) -> Run {
    let run = run_gloss(args, Some(dir), &dir.join("home"), limit);
    Run {
        code: run.code,
        elapsed: run.elapsed,
        output: run.output(),
    }
}

/// A folder `c` in a fresh temporary folder, holding `x.txt` with `text`
/// and, when given, `x.ann` with `ann`.
fn brat_corpus(text: &str, ann: Option<&[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("x.txt"), text).unwrap();
    if let Some(ann) = ann {
        fs::write(c.join("x.ann"), ann).unwrap();
    }
    (dir, c)
}

/// `gloss import brat c` in `dir`.
fn import_brat(dir: &Path) -> Run {
    gloss(&["import", "brat", "c"], dir, Duration::from_secs(10))
}

fn mkfifo(path: &Path) {
    nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
}

/// A corpus with a good article and one whose annotation file is a FIFO.
fn corpus_with_a_fifo(dir: &Path) {
    let c = dir.join("c");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("a.txt"), "Alice met Bob.\n").unwrap();
    fs::write(c.join("e.txt"), "Eve ran home.\n").unwrap();
    mkfifo(&c.join("e.txt.ann.json"));
}

#[test]
fn validate_refuses_a_fifo_annotation_file_by_name_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    corpus_with_a_fifo(dir.path());
    let run = gloss(&["validate", "c"], dir.path(), Duration::from_secs(5));
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.elapsed < Duration::from_secs(1), "{run:?}");
    assert!(
        run.output
            .contains("e.txt.ann.json: cannot be used: a FIFO, not a regular file"),
        "{run:?}"
    );
}

#[test]
fn a_link_to_dev_zero_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("f.txt"), "Fay ran home.\n").unwrap();
    std::os::unix::fs::symlink("/dev/zero", c.join("f.txt.ann.json")).unwrap();
    let run = gloss(&["validate", "c"], dir.path(), Duration::from_secs(5));
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.output
            .contains("f.txt.ann.json: cannot be used: a character device, not a regular file"),
        "{run:?}"
    );
}

#[test]
fn a_fifo_source_and_a_fifo_schema_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    mkfifo(&c.join("a.txt"));
    let run = gloss(
        &["import", "brat", "c/a.txt"],
        dir.path(),
        Duration::from_secs(5),
    );
    // No .ann beside it: nothing to import, and nothing waited on.
    assert_eq!(run.code, Some(0), "{run:?}");
    fs::write(c.join("a.ann"), "T1\tPER 0 5\tAlice\n").unwrap();
    let run = gloss(
        &["import", "brat", "c/a.txt"],
        dir.path(),
        Duration::from_secs(5),
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.output
            .contains("c/a.txt: cannot read the source: a FIFO, not a regular file"),
        "{run:?}"
    );

    fs::write(c.join("b.txt"), "Bob.\n").unwrap();
    mkfifo(&c.join("gloss.schema.json"));
    let run = gloss(&["validate", "c"], dir.path(), Duration::from_secs(5));
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.output
            .contains("gloss.schema.json: file: a FIFO, not a regular file"),
        "{run:?}"
    );
}

#[test]
fn a_fifo_brat_file_is_reported_and_fails_the_import() {
    let (dir, c) = brat_corpus("Alice met Bob.\n", None);
    mkfifo(&c.join("x.ann"));
    let run = gloss(&["import", "brat", "c"], dir.path(), Duration::from_secs(5));
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.output
            .contains("c/x.ann: cannot read: a FIFO, not a regular file"),
        "{run:?}"
    );
    assert!(run.output.contains("1 failed"), "{run:?}");
    assert!(!c.join("x.txt.ann.json").exists());

    fs::remove_file(c.join("x.ann")).unwrap();
    mkfifo(&c.join("annotation.conf"));
    fs::write(c.join("x.ann"), "T1\tPER 0 5\tAlice\n").unwrap();
    let run = gloss(&["import", "brat", "c"], dir.path(), Duration::from_secs(5));
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.output
            .contains("annotation.conf: cannot read: a FIFO, not a regular file"),
        "{run:?}"
    );
}

/// 8 nested macros of 50 alternatives: 50⁸ types if expanded naively.
fn macro_bomb() -> String {
    let mut conf = vec![format!("<M0>={}", vec!["PER"; 50].join("|"))];
    for k in 1..8 {
        let prev = format!("<M{}>", k - 1);
        conf.push(format!("<M{k}>={}", vec![prev.as_str(); 50].join("|")));
    }
    conf.push("[entities]\nPER\nORG\n[relations]\nKnows\tArg1:<M7>, Arg2:PER\n".into());
    conf.join("\n")
}

#[test]
fn an_annotation_conf_macro_bomb_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("a.txt"), "Alice met Bob.\n").unwrap();
    fs::write(c.join("a.ann"), "T1\tPER 0 5\tAlice\n").unwrap();
    fs::write(c.join("annotation.conf"), macro_bomb()).unwrap();
    for command in [&["validate", "c"][..], &["import", "brat", "c"]] {
        let run = gloss(command, dir.path(), Duration::from_secs(10));
        assert_eq!(run.code, Some(2), "{command:?}: {run:?}");
        assert!(
            run.output
                .contains("c/annotation.conf: line 13: <M7> expands to more than 10000"),
            "{command:?}: {run:?}"
        );
    }
    assert!(!c.join("a.txt.ann.json").exists());
}

#[test]
fn a_latin1_brat_file_is_decoded_like_a_source_and_said_so() {
    let (dir, c) = brat_corpus("Renée met Bob.\n", Some(b"T1\tPER 0 5\tRen\xe9e\n"));
    let run = import_brat(dir.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.output.contains("c/x.ann: not UTF-8, read as latin-1"),
        "{run:?}"
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(c.join("x.txt.ann.json")).unwrap()).unwrap();
    assert_eq!(doc["entities"][0]["text"], "Renée");
    assert_eq!(doc["entities"][0]["end"], 5);
}

#[test]
fn a_binary_brat_file_is_reported_not_skipped_silently() {
    let (dir, _) = brat_corpus("Alice met Bob.\n", Some(b"T1\tPER 0 5\tAli\0ce\n"));
    let run = import_brat(dir.path());
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.output
            .contains("c/x.ann: not imported: it is a binary file"),
        "{run:?}"
    );
    assert!(run.output.contains("imported 0 document(s)"), "{run:?}");
}

#[test]
fn an_unreadable_brat_file_is_reported_and_fails_the_import() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, c) = brat_corpus("Alice met Bob.\n", Some(b"T1\tPER 0 5\tAlice\n"));
    let ann = c.join("x.ann");
    fs::set_permissions(&ann, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&ann).is_ok() {
        eprintln!("skipped: a file with mode 000 is readable here (running as root?)");
        return;
    }
    let run = import_brat(dir.path());
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.output
            .contains("c/x.ann: cannot read: Permission denied"),
        "{run:?}"
    );
    assert!(run.output.contains("0 skipped, 1 failed"), "{run:?}");
}

#[test]
fn relations_to_missing_ids_are_reported_at_import_with_their_line() {
    let ann = "T1\tPER 0 5\tAlice\nR1\tPHYS Arg1:T1 Arg2:T9\n*\tAlias T1 T8\n";
    let (dir, c) = brat_corpus("Alice met Bob.\n", Some(ann.as_bytes()));
    let run = import_brat(dir.path());
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.output
            .contains("c/x.ann: line 2: relation R1: Arg2 T9 is not defined in the file"),
        "{run:?}"
    );
    assert!(
        run.output
            .contains("c/x.ann: line 3: equivalence Alias: member T8 is not defined"),
        "{run:?}"
    );
    assert!(
        run.output.contains("2 reference(s) to missing ids"),
        "{run:?}"
    );
    // Imported as written: nothing is lost, and validate says the same.
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(c.join("x.txt.ann.json")).unwrap()).unwrap();
    assert_eq!(doc["relations"][0]["arg2"], "T9");
}

#[test]
fn the_terminal_lists_a_corpus_with_a_fifo_and_opens_it_read_only() {
    let dir = tempfile::tempdir().unwrap();
    corpus_with_a_fifo(dir.path());
    let home = dir.path().join("home");
    fs::create_dir(&home).unwrap();
    let mut tui = Tui::spawn(&[&dir.path().join("c")], &home);
    // The background reader finishes: both titles, and no "reading" left.
    let listed = wait_until(Duration::from_secs(5), || {
        let screen = tui.screen();
        let header = screen.lines().next().unwrap_or_default().to_owned();
        (screen.contains("Eve ran home") && !header.contains("reading")).then_some(())
    });
    assert!(
        listed.is_some(),
        "the list never finished:\n{}",
        tui.screen()
    );
    tui.send("j");
    tui.send(ENTER);
    let shown = wait_until(Duration::from_secs(3), || {
        let status = tui.status_line();
        status.contains("e.txt.ann.json").then_some(status)
    });
    let status = shown.unwrap_or_else(|| panic!("no message:\n{}", tui.screen()));
    assert!(
        status.contains("read-only: e.txt.ann.json is a FIFO, not a regular file"),
        "{status}"
    );
    tui.send("q");
    assert!(tui.wait_exit(Duration::from_secs(5)).success());
}
