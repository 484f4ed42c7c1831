//! Never lose work, end to end: kill -9, hang-ups with and without SIGHUP,
//! a source edited under its annotations, two glosses on one article, an
//! annotations folder, a read-only corpus and an annotation file changed on
//! disk under gloss. The real binary runs in a pseudo-terminal (see
//! common/mod.rs) and its files are checked on disk.
//!
//! Every gloss gets HOME and XDG_{CONFIG,DATA,STATE}_HOME inside the test's
//! temporary folder, so no test touches the user's folders and two glosses
//! in one test share one lock folder. The XDG folders are deliberately not
//! the defaults under HOME, so a file that lands under `HOME/.local` shows
//! that gloss ignored them.

#[allow(dead_code)]
mod common;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{DEADLINE, ENTER, Tui, wait_until};
use serde_json::json;

#[path = "never_lose_work/scene.rs"]
mod scene;

use scene::{
    BODY, Scene, TEXT, alive, assert_exit, assert_xdg_respected, enter_article, entities_at,
    files_below, gloss_bin, gpe, quit, read_json, shown, signal, snapshot, span_in, tag,
    wait_for_entities, wait_for_status,
};

// 1. kill -9 after edits.

#[test]
fn kill_9_a_second_after_three_edits_keeps_all_three() {
    let scene = Scene::new();
    let mut tui = scene.open(&[scene.corpus.as_os_str()]);
    enter_article(&mut tui);
    tag(&mut tui, "Mosul", "T1");
    tag(&mut tui, "Turkey", "T2");
    tag(&mut tui, "Europe", "T3");
    // The scenario itself: the kill comes 1.2 s after the last edit.
    std::thread::sleep(Duration::from_millis(1200));
    signal(tui.pid(), "KILL");
    let status = tui.wait_exit(DEADLINE);
    assert!(
        !status.success() && status.signal().is_some(),
        "gloss was not killed by the signal: {status:?}"
    );
    assert_eq!(
        entities_at(&scene.sidecar()),
        Some(vec![
            gpe(TEXT, "Mosul", "T1"),
            gpe(TEXT, "Turkey", "T2"),
            gpe(TEXT, "Europe", "T3"),
        ]),
        "the three edits are on disk after kill -9"
    );
    let out = scene.validate(&[]);
    assert_exit(&out, 0, "the file left by kill -9 validates");
}

// 2. Hang-ups.

/// Closes the terminal right after an edit and expects the wrapper script
/// to report gloss's exit status in `status_file` within `limit`.
fn hang_up_and_read_status(tui: &mut Tui, status_file: &Path, limit: Duration) -> (i32, Duration) {
    let hung_up = tui.hang_up();
    let code = wait_until(limit.saturating_sub(hung_up.elapsed()), || {
        fs::read_to_string(status_file)
            .ok()
            .and_then(|s| s.trim().parse::<i32>().ok())
    });
    let took = hung_up.elapsed();
    let code = code.unwrap_or_else(|| {
        panic!("gloss had not exited {took:?} after the terminal closed (limit {limit:?})")
    });
    (code, took)
}

/// How many times the watchdog scenario runs: the hang-up races gloss's own
/// drawing, so one round can pass by luck.
const WATCHDOG_ROUNDS: usize = 20;

#[test]
fn hang_up_without_sighup_the_watchdog_saves_and_exits() {
    for round in 1..=WATCHDOG_ROUNDS {
        watchdog_round(round);
    }
}

/// sh leads the terminal's session and ignores SIGHUP, as an `ssh -t`
/// parent may; gloss runs as its child, in its process group, with job
/// control off. When the terminal closes the kernel signals only the
/// session leader (ignored here), so gloss gets no SIGHUP and must notice
/// the hang-up by watching its terminal. A witness started before the trap
/// keeps SIGHUP's default action: were SIGHUP sent to the process group, it
/// would die with gloss. `wait` keeps sh, the session leader, from exiting
/// (which would signal the group) until the round is done.
fn watchdog_round(round: usize) {
    let scene = Scene::new();
    let status_file = scene.home().join("gloss-exit-status");
    let witness_file = scene.home().join("witness-pid");
    let script = r#"sleep 30 & echo $! > "$1"
trap "" HUP
"$2" "$3"
echo $? > "$4"
wait"#;
    let args = [
        OsStr::new("-c"),
        OsStr::new(script),
        OsStr::new("sh"),
        witness_file.as_os_str(),
        gloss_bin(),
        scene.corpus.as_os_str(),
        status_file.as_os_str(),
    ];
    let mut tui = Tui::spawn_command(scene.command(OsStr::new("sh"), &args));
    let witness: u32 = wait_until(DEADLINE, || {
        fs::read_to_string(&witness_file)
            .ok()
            .and_then(|s| s.trim().parse().ok())
    })
    .expect("the witness started");
    enter_article(&mut tui);
    tag(&mut tui, "Mosul", "T1");
    // No pause: the edit may still be waiting for its autosave.
    let (code, took) = hang_up_and_read_status(&mut tui, &status_file, Duration::from_secs(2));
    let witness_lived = alive(witness);
    if witness_lived {
        signal(witness, "TERM");
    }
    eprintln!("round {round}: gloss exited with {code} at most {took:?} after the hang-up");
    assert!(
        witness_lived,
        "round {round}: the witness in gloss's process group died: SIGHUP reached \
         the group, so this test did not exercise the watchdog alone"
    );
    assert_eq!(
        entities_at(&scene.sidecar()),
        Some(vec![gpe(TEXT, "Mosul", "T1")]),
        "round {round}: the edit is not on disk (gloss exited with {code})"
    );
    assert_eq!(
        code,
        128 + 1,
        "round {round}: gloss did not leave through its hang-up path (exit 128 + \
         SIGHUP); 101 is a Rust panic, 2 gloss's exit on an error"
    );
    // sh ends once the witness is gone.
    tui.wait_exit(DEADLINE);
}

#[test]
fn hang_up_with_sighup_ignored_by_the_parent_before_exec() {
    // `trap "" HUP; exec gloss`: gloss inherits SIGHUP ignored and, exec'd
    // in the session leader, leads the session itself. It must still leave
    // through its hang-up path, promptly, with the edit on disk.
    let scene = Scene::new();
    let args = [
        OsStr::new("-c"),
        OsStr::new(r#"trap "" HUP; exec "$1" "$2""#),
        OsStr::new("sh"),
        gloss_bin(),
        scene.corpus.as_os_str(),
    ];
    let mut tui = Tui::spawn_command(scene.command(OsStr::new("sh"), &args));
    enter_article(&mut tui);
    tag(&mut tui, "Mosul", "T1");
    tui.hang_up_and_expect_exit(Duration::from_secs(2));
    assert_eq!(
        entities_at(&scene.sidecar()),
        Some(vec![gpe(TEXT, "Mosul", "T1")])
    );
}

// 3. The source edited under its annotations.

const PREFIX: &str = "UPDATE: ";

/// Tags the first "Mosul", quits, then prepends PREFIX to the source.
fn annotate_then_edit_the_source() -> (Scene, String) {
    let scene = Scene::new();
    let mut tui = scene.open(&[scene.corpus.as_os_str()]);
    enter_article(&mut tui);
    tag(&mut tui, "Mosul", "T1");
    quit(&mut tui);
    assert_eq!(
        entities_at(&scene.sidecar()),
        Some(vec![gpe(TEXT, "Mosul", "T1")])
    );
    let edited = format!("{PREFIX}{TEXT}");
    fs::write(scene.source(), &edited).unwrap();
    (scene, edited)
}

/// The text of `text` between code-point offsets.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn a_changed_source_fails_validation_and_reanchor_moves_the_span() {
    let (scene, edited) = annotate_then_edit_the_source();
    let out = scene.validate(&[]);
    assert_exit(&out, 1, "validate flags the changed source");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("mosul.txt.ann.json") && stdout.contains("the source changed"),
        "validate does not say which source changed\n{}",
        shown(&out)
    );

    let out = scene.run(&[OsStr::new("reanchor"), scene.corpus.as_os_str()]);
    assert_exit(&out, 0, "reanchor places every span");
    let entities = entities_at(&scene.sidecar()).expect("the annotation file is still there");
    let (start, end) = span_in(TEXT, "Mosul");
    let shift = PREFIX.chars().count();
    assert_eq!(shift, 8);
    assert_eq!(
        entities,
        vec![json!({
            "id": "T1", "type": "GPE",
            "start": start + shift, "end": end + shift, "text": "Mosul",
        })],
        "reanchor moves the span by the prefix\n{}",
        shown(&out)
    );
    assert_eq!(slice(&edited, start + shift, end + shift), "Mosul");

    let out = scene.validate(&[]);
    assert_exit(&out, 0, "after reanchor the corpus validates");
}

#[test]
fn opening_a_changed_source_says_so_and_saves_a_valid_file() {
    let (scene, edited) = annotate_then_edit_the_source();
    let mut tui = scene.open(&[scene.corpus.as_os_str()]);
    tui.wait_for(BODY);
    wait_for_status(&tui, "the source changed");
    tui.send(ENTER);
    tag(&mut tui, "Turkey", "T2");
    quit(&mut tui);
    let entities = entities_at(&scene.sidecar()).expect("the annotation file is there");
    assert_eq!(
        entities,
        vec![gpe(&edited, "Mosul", "T1"), gpe(&edited, "Turkey", "T2")],
        "the old span moved with its text and the new one is where it was tagged"
    );
    let out = scene.validate(&[]);
    assert_exit(&out, 0, "what gloss saved over a changed source validates");
}

// 4. Two glosses on one article.

#[test]
fn a_second_gloss_on_the_same_article_is_read_only() {
    let scene = Scene::new();
    let mut a = scene.open(&[scene.corpus.as_os_str()]);
    // A holds the lock once it shows the article.
    a.wait_for(BODY);
    let mut b = scene.open(&[scene.corpus.as_os_str()]);
    b.wait_for(BODY);
    wait_for_status(&b, "read-only: open in another gloss");
    let status = b.status_line();
    assert!(
        status.contains(&format!("process {}", a.pid())),
        "B does not name A's process: {status}"
    );
    let locks = scene.state_home().join("gloss").join("locks");
    assert!(
        !files_below(&locks).is_empty(),
        "no lock file in {}",
        locks.display()
    );

    a.send(ENTER);
    tag(&mut a, "Mosul", "T1");
    wait_for_entities(&scene.sidecar(), &[gpe(TEXT, "Mosul", "T1")]);
    let saved_by_a = fs::read(scene.sidecar()).unwrap();

    // Clear B's message, so the next one comes from trying to tag.
    b.send("\x1b");
    wait_until(DEADLINE, || {
        (!b.status_line().contains("read-only")).then_some(())
    })
    .unwrap_or_else(|| panic!("Esc did not clear the message:\n{}", b.screen()));
    b.send(ENTER);
    b.send("/Turkey");
    wait_for_status(&b, "/Turkey");
    b.send(ENTER);
    b.send("t");
    wait_for_status(&b, "read-only: open in another gloss");
    assert!(
        !b.screen().contains("Tag “Turkey” as"),
        "a type picker opened in the read-only gloss:\n{}",
        b.screen()
    );
    quit(&mut b);
    quit(&mut a);
    assert_eq!(
        fs::read(scene.sidecar()).unwrap(),
        saved_by_a,
        "the annotation file changed after A saved it"
    );
    assert_eq!(
        entities_at(&scene.sidecar()),
        Some(vec![gpe(TEXT, "Mosul", "T1")])
    );
    let out = scene.validate(&[]);
    assert_exit(&out, 0, "A's file validates");
    assert_xdg_respected(&scene);
}

// 5. --annotations-dir.

#[test]
fn an_annotations_dir_mirrors_the_tree_and_leaves_the_corpus_alone() {
    let scene = Scene::with_article_at("sub/mosul.txt");
    let ann = scene.home().join("ann");
    let before = snapshot(&scene.corpus);
    let mut tui = scene.open(&[
        OsStr::new("--annotations-dir"),
        ann.as_os_str(),
        scene.corpus.as_os_str(),
    ]);
    enter_article(&mut tui);
    tag(&mut tui, "Mosul", "T1");
    quit(&mut tui);

    let after = snapshot(&scene.corpus);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files or folders were added to or removed from the corpus"
    );
    assert!(before == after, "a file in the corpus changed");
    let mirrored = ann.join("sub").join("mosul.txt.ann.json");
    assert_eq!(
        entities_at(&mirrored),
        Some(vec![gpe(TEXT, "Mosul", "T1")]),
        "the annotation file is not at {}; the annotations folder holds {:?}",
        mirrored.display(),
        files_below(&ann)
    );
    let out = scene.validate(&[OsStr::new("--annotations-dir"), ann.as_os_str()]);
    assert_exit(&out, 0, "the mirrored annotations validate");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 annotation file(s) checked"),
        "validate did not find the mirrored file\n{}",
        shown(&out)
    );
}

// 6. A read-only corpus folder.

/// Gives a folder back its write permission when dropped, so the temporary
/// folder can be removed even after a failure.
struct Writable(PathBuf);

impl Drop for Writable {
    fn drop(&mut self) {
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_read_only_corpus_is_annotated_in_a_mirror() {
    let scene = Scene::new();
    fs::set_permissions(&scene.corpus, fs::Permissions::from_mode(0o555)).unwrap();
    let _restore = Writable(scene.corpus.clone());
    let probe = scene.corpus.join("probe");
    if fs::write(&probe, "").is_ok() {
        let _ = fs::remove_file(&probe);
        eprintln!(
            "skipped: a read-only folder is writable here (running as root?), \
             so this scenario cannot be set up"
        );
        return;
    }
    let before = snapshot(&scene.corpus);
    let mut tui = scene.open(&[scene.corpus.as_os_str()]);
    tui.wait_for(BODY);
    wait_for_status(&tui, "is read-only: annotations go to");
    tui.send(ENTER);
    tag(&mut tui, "Mosul", "T1");
    quit(&mut tui);

    assert!(
        before == snapshot(&scene.corpus),
        "the read-only corpus changed"
    );
    let mirrors = scene.data_home().join("gloss").join("mirrors");
    let saved: Vec<PathBuf> = files_below(&mirrors)
        .into_iter()
        .filter(|p| p.ends_with("mosul.txt.ann.json"))
        .collect();
    assert_eq!(
        saved.len(),
        1,
        "expected one annotation file under {}; the home holds {:?}",
        mirrors.display(),
        files_below(scene.home())
    );
    assert_eq!(entities_at(&saved[0]), Some(vec![gpe(TEXT, "Mosul", "T1")]));
    let out = scene.validate(&[]);
    assert_exit(&out, 0, "validate finds and accepts the mirrored file");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 annotation file(s) checked"),
        "validate did not look in the mirror\n{}",
        shown(&out)
    );
    assert_xdg_respected(&scene);
}

// 7. The annotation file changed on disk under gloss.

#[test]
fn an_annotation_file_changed_on_disk_is_not_written_over() {
    let scene = Scene::new();
    let mut tui = scene.open(&[scene.corpus.as_os_str()]);
    enter_article(&mut tui);
    tag(&mut tui, "Mosul", "T1");
    wait_for_entities(&scene.sidecar(), &[gpe(TEXT, "Mosul", "T1")]);

    // Someone else (a `git pull`, another tool) rewrites it, validly.
    let mut theirs = read_json(&scene.sidecar()).unwrap();
    theirs["note"] = json!("checked by the desk editor");
    let theirs = serde_json::to_vec_pretty(&theirs).unwrap();
    fs::write(scene.sidecar(), &theirs).unwrap();

    tag(&mut tui, "Turkey", "T2");
    let prefix = OsString::from("mosul.txt.ann.json.mine-");
    let is_mine = |p: &PathBuf| {
        p.file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(prefix.as_encoded_bytes()))
    };
    let mine = wait_until(DEADLINE, || {
        files_below(&scene.corpus).into_iter().find(is_mine)
    })
    .unwrap_or_else(|| {
        panic!(
            "no {prefix:?}* file appeared; the corpus holds {:?}\n{}",
            files_below(&scene.corpus),
            tui.screen()
        )
    });
    // The message names the annotation file; it must say what happened.
    let said = wait_until(DEADLINE, || {
        let status = tui.status_line();
        (status.contains("changed on disk") || status.contains("ann.json")).then_some(status)
    });
    let screen = tui.screen();
    quit(&mut tui);

    assert!(
        fs::read(scene.sidecar()).unwrap() == theirs,
        "the file changed on disk was written over:\n{}",
        String::from_utf8_lossy(&fs::read(scene.sidecar()).unwrap())
    );
    let kept = read_json(&mine).unwrap();
    assert_eq!(
        kept["entities"],
        json!([gpe(TEXT, "Mosul", "T1"), gpe(TEXT, "Turkey", "T2")]),
        "{} does not hold gloss's edits",
        mine.display()
    );
    let mine_files: Vec<_> = files_below(&scene.corpus)
        .into_iter()
        .filter(is_mine)
        .collect();
    assert_eq!(mine_files, vec![mine], "one file of kept edits");
    assert!(
        said.is_some_and(|s| s.contains("changed on disk")),
        "the status line does not say that the annotation file changed on disk:\n{screen}"
    );
}
