//! `gloss adjudicate` writes its curated files in one batch (synced to
//! disk once, not per file): run as the real binary, an article held by a
//! running gloss is refused and named while the others are written, and
//! no temporary file is left in the corpus.

use std::fs;
use std::path::Path;
use std::time::Duration;

use gloss::lock::{self, LockOutcome};
use serde_json::json;

#[allow(dead_code)]
mod common;

use common::headless::run_gloss;

const RUN_DEADLINE: Duration = Duration::from_secs(30);

const TEXT: &str = "Maria Lopez met officials of Acme Corp in Lisbon.\n";

fn sha256(text: &str) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(text.as_bytes()))
}

/// `name` with two annotators who agree: Maria Lopez is a PER.
fn agreed_article(dir: &Path, name: &str) {
    fs::write(dir.join(name), TEXT).unwrap();
    for who in ["ana", "ben"] {
        let doc = json!({"format": "gloss", "version": 1,
            "source": {"file": name, "sha256": sha256(TEXT), "encoding": "utf-8",
                       "chars": TEXT.chars().count()},
            "annotator": who, "status": "done", "note": "",
            "entities": [{"id": "T1", "type": "PER", "start": 0, "end": 11,
                          "text": "Maria Lopez"}],
            "events": [], "relations": []});
        fs::write(dir.join(format!("{name}.{who}.ann.json")), doc.to_string()).unwrap();
    }
}

#[test]
fn a_held_article_is_refused_by_name_and_the_rest_of_the_batch_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, home) = (tmp.path().join("corpus"), tmp.path().join("home"));
    fs::create_dir_all(&dir).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        agreed_article(&dir, name);
    }
    // What a gloss editing b.txt's curated file holds (the binary's locks
    // live in its state folder under `home`).
    let locks = home.join(".local/state/gloss/locks");
    let held = lock::try_lock(&locks, &dir.join("b.txt.ann.json")).unwrap();
    assert!(matches!(held, LockOutcome::Locked(_)));
    let done = run_gloss(
        &["adjudicate", "--list", "."],
        Some(&dir),
        &home,
        RUN_DEADLINE,
    );
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.code, Some(2), "{stderr}");
    let refused = format!(
        "./b.txt.ann.json: not written: open in another gloss (process {}); left as it is\n",
        std::process::id()
    );
    assert!(stderr.contains(&refused), "{stderr}");
    assert!(
        stderr.contains("./a.txt: merged 1, 0 to decide, curated\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("./c.txt: merged 1, 0 to decide, curated\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 article(s) adjudicated: 2 annotation(s) merged, 0 disagreement(s) to decide, 1 article(s) left untouched\n"),
        "{stderr}"
    );
    assert!(dir.join("a.txt.ann.json").exists());
    assert!(dir.join("c.txt.ann.json").exists());
    assert!(!dir.join("b.txt.ann.json").exists());
    let hidden: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "temporaries left behind: {hidden:?}");
    // Once the gloss lets go, a second run writes b.txt's file too.
    drop(held);
    let again = run_gloss(
        &["adjudicate", "--list", "."],
        Some(&dir),
        &home,
        RUN_DEADLINE,
    );
    assert_eq!(
        again.code,
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(dir.join("b.txt.ann.json").exists());
}
