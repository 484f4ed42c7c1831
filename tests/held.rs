//! A command never writes an annotation file that a running gloss holds:
//! it refuses that file, names the process, goes on with the others and
//! exits non-zero. A real gloss runs in a pseudo-terminal and holds the
//! first article while `import brat --force` and `reanchor` run.

#[allow(dead_code)]
mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{ARTICLES, Corpus, DEADLINE, ENTER, FIRST, SECOND, THIRD, Tui, wait_until};
use portable_pty::CommandBuilder;
use serde_json::Value;

/// gloss's folders, all inside the test's home, for the terminal gloss
/// and the commands alike (so they share the locks).
fn folders(home: &Path) -> [(&'static str, std::path::PathBuf); 4] {
    [
        ("HOME", home.to_path_buf()),
        ("XDG_CONFIG_HOME", home.join(".config")),
        ("XDG_STATE_HOME", home.join(".local/state")),
        ("XDG_DATA_HOME", home.join(".local/share")),
    ]
}

fn open_gloss(corpus: &Corpus) -> Tui {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gloss"));
    cmd.arg(&corpus.dir);
    cmd.cwd(corpus.home());
    cmd.env("TERM", "xterm-256color");
    for (name, value) in folders(corpus.home()) {
        cmd.env(name, value);
    }
    cmd.env_remove("NO_COLOR");
    Tui::spawn_command(cmd)
}

/// Runs a headless gloss command with the same folders.
fn command(corpus: &Corpus, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
    cmd.args(args).arg(&corpus.dir).current_dir(corpus.home());
    for (name, value) in folders(corpus.home()) {
        cmd.env(name, value);
    }
    cmd.stdin(Stdio::null()).output().expect("gloss runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The first entity of an annotation file, as (type, start, end).
fn first_entity(corpus: &Corpus, article: &str) -> (String, u64, u64) {
    let doc: Value = corpus
        .annotations(article)
        .unwrap_or_else(|| panic!("no annotation file for {article}"));
    let e = &doc["entities"][0];
    (
        e["type"].as_str().unwrap().to_owned(),
        e["start"].as_u64().unwrap(),
        e["end"].as_u64().unwrap(),
    )
}

/// gloss running on a corpus whose articles all have brat files, holding
/// the first article, which it has tagged and saved.
fn held_scene() -> (Corpus, Tui, Vec<u8>) {
    let corpus = Corpus::new();
    for (name, text) in ARTICLES {
        let word = text.split_whitespace().next().unwrap();
        let ann = format!("T1\tGPE 0 {}\t{word}\n", word.chars().count());
        fs::write(corpus.dir.join(name).with_extension("ann"), ann).unwrap();
    }
    let mut tui = open_gloss(&corpus);
    tui.wait_for("Kestova forces advanced");
    tui.send(ENTER);
    tui.send("/Dolmar");
    tui.send(ENTER);
    tui.send("t");
    tui.wait_for("Tag “Dolmar” as");
    tui.send("GPE");
    tui.send(ENTER);
    tui.wait_for("tagged “Dolmar” as GPE (T1)");
    let sidecar = corpus.sidecar(FIRST);
    let saved = wait_until(DEADLINE, || {
        fs::read(&sidecar)
            .ok()
            .filter(|b| String::from_utf8_lossy(b).contains("Dolmar"))
    })
    .expect("the terminal gloss saves its tag");
    (corpus, tui, saved)
}

fn quit(tui: &mut Tui) {
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
}

#[test]
fn import_brat_force_refuses_the_held_file_and_imports_the_rest() {
    let (corpus, mut tui, saved) = held_scene();
    let out = command(&corpus, &["import", "brat", "--force"]);
    let said = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{said}");
    let refused = format!(
        "01_kestova.txt.ann.json: not written: open in another gloss (process {}); left as it is",
        tui.pid()
    );
    assert!(said.contains(&refused), "{said}");
    assert!(
        said.contains("imported 2 document(s)") && said.contains("1 failed"),
        "{said}"
    );
    assert_eq!(fs::read(corpus.sidecar(FIRST)).unwrap(), saved);
    for other in [SECOND, THIRD] {
        assert_eq!(first_entity(&corpus, other).0, "GPE", "{other}");
    }
    quit(&mut tui);
    assert_eq!(
        fs::read(corpus.sidecar(FIRST)).unwrap(),
        saved,
        "the held file changed after the command"
    );
}

#[test]
fn reanchor_refuses_the_held_file_and_reanchors_the_rest() {
    let (corpus, mut tui, saved) = held_scene();
    // Annotation files for the others, then every source changes under them.
    let out = command(&corpus, &["import", "brat"]);
    assert!(
        stderr(&out).contains("imported 2 document(s)"),
        "{}",
        stderr(&out)
    );
    for (name, text) in ARTICLES {
        fs::write(corpus.dir.join(name), format!("UPDATE: {text}")).unwrap();
    }
    let out = command(&corpus, &["reanchor"]);
    let said = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{said}");
    let refused = format!(
        "01_kestova.txt.ann.json: not written: open in another gloss (process {}); left as it is",
        tui.pid()
    );
    assert!(said.contains(&refused), "{said}");
    assert!(
        said.contains("2 file(s) re-anchored, 0 orphan(s), 1 failed"),
        "{said}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("01_kestova"),
        "nothing said of it as done: {stdout}"
    );
    assert_eq!(fs::read(corpus.sidecar(FIRST)).unwrap(), saved);
    assert_eq!(first_entity(&corpus, SECOND), ("GPE".into(), 8, 15));
    quit(&mut tui);
    assert_eq!(fs::read(corpus.sidecar(FIRST)).unwrap(), saved);
}
