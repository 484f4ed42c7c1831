//! Git as the shared engine, with the real `git` and the real binary: two
//! clones of a corpus repository annotate the same article differently
//! (with colliding ids), push and pull with the driver `gloss git-setup`
//! installed; and `gloss merge-file`'s contract called directly. Skipped,
//! saying so, when git is not installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

#[allow(dead_code)]
mod common;

use common::headless::{Finished, run_gloss};

const RUN_DEADLINE: Duration = Duration::from_secs(30);
const TALKS: &str = "Ahmed met Sara in Mosul before the talks in Erbil and Dohuk.\n";
const SIDECAR: &str = "talks.txt.ann.json";

fn git_missing() -> bool {
    let found = Command::new("git").arg("--version").output();
    if found.as_ref().is_ok_and(|o| o.status.success()) {
        return false;
    }
    eprintln!("git is not installed: the git merge-driver test is skipped");
    true
}

/// A folder with a home of its own, so neither the user's git identity
/// nor their configuration changes what git does.
struct Place {
    tmp: tempfile::TempDir,
}

impl Place {
    fn new() -> Self {
        Self {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Runs git in `dir`; its exit status and what it said.
    fn git(&self, dir: &Path, args: &[&str]) -> (bool, String) {
        let home = self.home();
        fs::create_dir_all(&home).unwrap();
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "test")
            .env("GIT_AUTHOR_EMAIL", "test@example.org")
            .env("GIT_COMMITTER_NAME", "test")
            .env("GIT_COMMITTER_EMAIL", "test@example.org")
            .output()
            .expect("git runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), said)
    }

    fn gloss(&self, args: &[&str], cwd: &Path) -> Finished {
        run_gloss(args, Some(cwd), &self.home(), RUN_DEADLINE)
    }
}

fn entity(id: &str, kind: &str, word: &str) -> Value {
    let start = TALKS.find(word).unwrap();
    json!({"id": id, "type": kind, "start": start, "end": start + word.len(), "text": word})
}

fn document(entities: Vec<Value>, relations: Vec<Value>) -> String {
    let sha = {
        use sha2::Digest;
        hex(&sha2::Sha256::digest(TALKS.as_bytes()))
    };
    let doc = json!({
        "format": "gloss", "version": 1,
        "source": {"file": "talks.txt", "sha256": sha, "encoding": "utf-8", "chars": TALKS.chars().count()},
        "annotator": null, "status": "in_progress", "note": "",
        "entities": entities, "events": [], "relations": relations,
    });
    // One annotation per line, as gloss writes it, so git's own merge of
    // the text would see the lines meet.
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn base_document() -> String {
    document(
        vec![
            entity("T1", "PER", "Ahmed"),
            entity("T2", "GPE", "Mosul"),
            entity("T3", "PER", "Sara"),
        ],
        vec![],
    )
}

/// A bare origin with the article and its base annotations, the driver's
/// `.gitattributes` committed, and two clones set up with `gloss git-setup`.
fn team(place: &Place) -> (PathBuf, PathBuf) {
    let origin = place.path("origin.git");
    let seed = place.path("seed");
    assert!(
        place
            .git(
                place.tmp.path(),
                &[
                    "init",
                    "-q",
                    "--bare",
                    "-b",
                    "main",
                    origin.to_str().unwrap()
                ]
            )
            .0
    );
    assert!(
        place
            .git(
                place.tmp.path(),
                &[
                    "clone",
                    "-q",
                    origin.to_str().unwrap(),
                    seed.to_str().unwrap()
                ]
            )
            .0
    );
    place.git(&seed, &["checkout", "-q", "-b", "main"]);
    fs::write(seed.join("talks.txt"), TALKS).unwrap();
    fs::write(seed.join(SIDECAR), base_document()).unwrap();
    let setup = place.gloss(&["git-setup", seed.to_str().unwrap()], &seed);
    assert_eq!(setup.code, Some(0), "{}", setup.output());
    assert!(place.git(&seed, &["add", "-A"]).0);
    assert!(place.git(&seed, &["commit", "-q", "-m", "the article"]).0);
    assert!(place.git(&seed, &["push", "-q", "origin", "main"]).0);
    let mut clones = Vec::new();
    for name in ["ana", "ben"] {
        let clone = place.path(name);
        let (ok, said) = place.git(
            place.tmp.path(),
            &[
                "clone",
                "-q",
                origin.to_str().unwrap(),
                clone.to_str().unwrap(),
            ],
        );
        assert!(ok, "{said}");
        let setup = place.gloss(&["git-setup"], &clone);
        assert_eq!(setup.code, Some(0), "{}", setup.output());
        clones.push(clone);
    }
    (clones.remove(0), clones.remove(0))
}

fn commit_and_push(place: &Place, clone: &Path, doc: &str) -> (bool, String) {
    fs::write(clone.join(SIDECAR), doc).unwrap();
    assert!(place.git(clone, &["commit", "-q", "-am", "annotated"]).0);
    place.git(clone, &["push", "-q", "origin", "main"])
}

fn read(clone: &Path) -> Value {
    let bytes = fs::read(clone.join(SIDECAR)).unwrap();
    serde_json::from_slice(&bytes).expect("the merged file is JSON")
}

/// Ana's and Ben's work on the article: each makes Mosul the type given,
/// Ana adds Erbil as her T4, Ben Dohuk as his T4 and puts Sara in it.
fn edits(ana_mosul: &str, ben_mosul: &str) -> (String, String) {
    let ana = document(
        vec![
            entity("T1", "PER", "Ahmed"),
            entity("T2", ana_mosul, "Mosul"),
            entity("T3", "PER", "Sara"),
            entity("T4", "GPE", "Erbil"),
        ],
        vec![],
    );
    let ben = document(
        vec![
            entity("T1", "PER", "Ahmed"),
            entity("T2", ben_mosul, "Mosul"),
            entity("T3", "PER", "Sara"),
            entity("T4", "GPE", "Dohuk"),
        ],
        vec![json!({"id": "R1", "type": "PHYS", "arg1": "T3", "arg2": "T4"})],
    );
    (ana, ben)
}

fn with_text<'a>(doc: &'a Value, text: &str) -> Vec<&'a Value> {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["text"] == text)
        .collect()
}

#[test]
fn git_setup_writes_the_attributes_line_once_and_the_driver() {
    if git_missing() {
        return;
    }
    let place = Place::new();
    let repo = place.path("repo");
    assert!(
        place
            .git(place.tmp.path(), &["init", "-q", repo.to_str().unwrap()])
            .0
    );
    fs::write(repo.join(".gitattributes"), "*.txt text").unwrap();
    let first = place.gloss(&["git-setup", repo.to_str().unwrap()], place.tmp.path());
    let second = place.gloss(&["git-setup", repo.to_str().unwrap()], place.tmp.path());
    assert_eq!(
        (first.code, second.code),
        (Some(0), Some(0)),
        "{}",
        first.output()
    );
    let attributes = fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.txt text\n*.ann.json merge=gloss\n");
    assert!(
        first.output().contains(".gitattributes") && first.output().contains("merge.gloss.driver")
    );
    assert!(
        second.output().contains("already has"),
        "{}",
        second.output()
    );
    let (ok, driver) = place.git(&repo, &["config", "--get", "merge.gloss.driver"]);
    assert!(
        ok && driver.trim_end().ends_with(" merge-file %O %A %B"),
        "{driver}"
    );
    // Not on PATH here: the driver names this very binary.
    assert!(driver.contains(common::headless::GLOSS), "{driver}");
    let outside = place.path("plain");
    fs::create_dir(&outside).unwrap();
    let refused = place.gloss(&["git-setup", outside.to_str().unwrap()], place.tmp.path());
    assert_eq!(refused.code, Some(2));
    assert!(
        refused.output().contains("not in a git repository"),
        "{}",
        refused.output()
    );
}

#[test]
fn two_clones_annotating_one_article_merge_and_the_conflict_is_settled_in_the_queue() {
    if git_missing() {
        return;
    }
    let place = Place::new();
    let (ana, ben) = team(&place);
    // Ana: Mosul is a LOC; Ben: a FAC.
    let (ana_doc, ben_doc) = edits("LOC", "FAC");
    assert!(commit_and_push(&place, &ana, &ana_doc).0);
    let (pushed, _) = commit_and_push(&place, &ben, &ben_doc);
    assert!(!pushed, "ana pushed first");
    let (pulled, said) = place.git(&ben, &["pull", "--no-rebase", "-q", "origin", "main"]);
    assert!(!pulled, "a conflicting change stops the merge: {said}");
    let merged = read(&ben);
    let erbil = with_text(&merged, "Erbil");
    let dohuk = with_text(&merged, "Dohuk");
    assert_eq!((erbil.len(), dohuk.len()), (1, 1));
    assert_eq!(dohuk[0]["id"], "T4", "ours (ben's) keeps its id");
    assert_ne!(erbil[0]["id"], "T4");
    assert_eq!(merged["relations"][0]["arg2"], "T4");
    let mosul: Vec<&str> = with_text(&merged, "Mosul")
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(mosul, ["FAC", "LOC"], "both versions kept");
    // Validate lists the conflict, the review queue shows it, and settling
    // it (rejecting the LOC version) leaves a valid file.
    let ben_s = ben.to_str().unwrap();
    let validate = place.gloss(&["validate", ben_s], &ben);
    assert_eq!(validate.code, Some(1));
    assert!(
        validate.output().contains("T2: merge conflict"),
        "{}",
        validate.output()
    );
    let listed = place.gloss(&["review", ben_s, "--problems", "--list"], &ben);
    assert_eq!(
        listed.output().matches("merge conflict").count(),
        2,
        "{}",
        listed.output()
    );
    let settled = place.gloss(
        &[
            "review",
            ben_s,
            "--problems",
            "--type",
            "LOC",
            "--reject-all",
        ],
        &ben,
    );
    assert_eq!(settled.code, Some(0), "{}", settled.output());
    let validate = place.gloss(&["validate", ben_s], &ben);
    assert_eq!(validate.code, Some(0), "{}", validate.output());
    assert!(place.git(&ben, &["commit", "-q", "-am", "merged"]).0);
    assert!(place.git(&ben, &["push", "-q", "origin", "main"]).0);
    // Ana pulls the settled merge: a fast-forward, nothing to do by hand.
    let (pulled, said) = place.git(&ana, &["pull", "--no-rebase", "-q", "origin", "main"]);
    assert!(pulled, "{said}");
    assert_eq!(read(&ana), read(&ben));
}

#[test]
fn two_clones_without_conflicting_changes_merge_clean_and_validate_at_once() {
    if git_missing() {
        return;
    }
    let place = Place::new();
    let (ana, ben) = team(&place);
    let (ana_doc, ben_doc) = edits("GPE", "GPE");
    assert!(commit_and_push(&place, &ana, &ana_doc).0);
    commit_and_push(&place, &ben, &ben_doc);
    let (pulled, said) = place.git(
        &ben,
        &["pull", "--no-rebase", "-q", "--no-edit", "origin", "main"],
    );
    assert!(pulled, "a clean merge commits: {said}");
    let merged = read(&ben);
    assert_eq!(with_text(&merged, "Erbil").len(), 1);
    assert_eq!(with_text(&merged, "Dohuk")[0]["id"], "T4");
    let validate = place.gloss(&["validate", ben.to_str().unwrap()], &ben);
    assert_eq!(validate.code, Some(0), "{}", validate.output());
    let (ok, parents) = place.git(&ben, &["rev-list", "--parents", "-n", "1", "HEAD"]);
    assert!(
        ok && parents.split_whitespace().count() == 3,
        "a merge commit: {parents}"
    );
}

/// BASE, OURS and THEIRS files in a folder, for merge-file called directly.
fn three(place: &Place, ours: &str, theirs: &str) -> [PathBuf; 3] {
    let dir = place.path("three");
    fs::create_dir_all(&dir).unwrap();
    let paths = ["base", "ours", "theirs"].map(|n| dir.join(format!("{n}.json")));
    for (path, text) in paths.iter().zip([base_document().as_str(), ours, theirs]) {
        fs::write(path, text).unwrap();
    }
    paths
}

fn merge_file(place: &Place, paths: &[PathBuf; 3]) -> Finished {
    let args: Vec<&str> = std::iter::once("merge-file")
        .chain(paths.iter().map(|p| p.to_str().unwrap()))
        .collect();
    place.gloss(&args, place.tmp.path())
}

#[test]
fn merge_file_refuses_a_file_it_cannot_read_and_leaves_ours_as_it_was() {
    let place = Place::new();
    let ours = document(vec![entity("T1", "ORG", "Ahmed")], vec![]);
    let paths = three(&place, &ours, "{\"format\": \"gloss\", \"version\": 1,");
    let run = merge_file(&place, &paths);
    assert_eq!(run.code, Some(2), "{}", run.output());
    assert!(
        run.output().contains("theirs.json") && run.output().contains("not valid JSON"),
        "{}",
        run.output()
    );
    assert_eq!(fs::read_to_string(&paths[1]).unwrap(), ours);
    // Annotations of another version of the source: not merged either.
    let other = base_document().replace(&json_sha(), &"0".repeat(64));
    let paths = three(&place, &ours, &other);
    let run = merge_file(&place, &paths);
    assert_eq!(run.code, Some(1), "{}", run.output());
    assert!(
        run.output().contains("different versions of the source"),
        "{}",
        run.output()
    );
    assert_eq!(fs::read_to_string(&paths[1]).unwrap(), ours);
}

fn json_sha() -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(TALKS.as_bytes()))
}

#[test]
fn merge_file_writes_the_merge_over_ours_in_the_deterministic_form() {
    let place = Place::new();
    let ours = document(
        vec![
            entity("T1", "ORG", "Ahmed"),
            entity("T2", "GPE", "Mosul"),
            entity("T3", "PER", "Sara"),
        ],
        vec![],
    );
    let theirs = document(
        vec![entity("T1", "PER", "Ahmed"), entity("T2", "GPE", "Mosul")],
        vec![],
    );
    let paths = three(&place, &ours, &theirs);
    let run = merge_file(&place, &paths);
    assert_eq!(run.code, Some(0), "{}", run.output());
    let written = fs::read_to_string(&paths[1]).unwrap();
    assert!(
        written.contains("    {\"id\": \"T1\", \"type\": \"ORG\", \"start\": 0"),
        "{written}"
    );
    assert!(
        !written.contains("Sara"),
        "theirs deleted Sara, ours left it as it was"
    );
    // Merging the result with itself changes nothing: the form is fixed.
    let again = three(&place, &written, &written);
    fs::write(&again[0], &written).unwrap();
    assert_eq!(merge_file(&place, &again).code, Some(0));
    assert_eq!(fs::read_to_string(&again[1]).unwrap(), written);
}
