//! End-to-end: the real binary in a 100×30 pseudo-terminal, driven by keys,
//! with its screen read through vt100 and its files checked on disk.

mod common;

use std::fs;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{
    CTRL_R, Corpus, DEADLINE, ENTER, FIRST, SECOND, TAB, TAGGED, THIRD, Tui, tag_first_word,
    wait_until,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn kestova() -> Value {
    json!({"id": "T1", "type": "GPE", "start": 0, "end": 7, "text": "Kestova"})
}

/// The entities of an article's sidecar, or None when it has no sidecar.
fn entities(corpus: &Corpus, article: &str) -> Option<Vec<Value>> {
    corpus.annotations(article).map(|doc| {
        doc["entities"]
            .as_array()
            .expect("entities is a list")
            .clone()
    })
}

/// Waits until the article's entities on disk are `expected`.
fn wait_for_entities(corpus: &Corpus, article: &str, expected: &[Value]) {
    let reached = wait_until(DEADLINE, || {
        (entities(corpus, article).as_deref() == Some(expected)).then_some(())
    });
    assert!(
        reached.is_some(),
        "the entities of {article} on disk are {:?}, expected {expected:?} within {DEADLINE:?}",
        entities(corpus, article)
    );
}

/// Waits until the status line contains `text`.
fn wait_for_status(tui: &Tui, text: &str) {
    wait_until(DEADLINE, || tui.status_line().contains(text).then_some(())).unwrap_or_else(|| {
        panic!(
            "the status line did not show {text:?} within {DEADLINE:?}:\n{}",
            tui.screen()
        )
    });
}

#[test]
fn tagging_the_first_word_saves_it_and_nothing_else() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tag_first_word(&mut tui);
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");

    let doc = corpus
        .annotations(FIRST)
        .expect("the first article has a sidecar");
    assert_eq!(doc["format"], "gloss");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["entities"], json!([kestova()]));
    assert_eq!(doc["events"], json!([]));
    assert_eq!(doc["relations"], json!([]));
    assert_eq!(doc["status"], "in_progress");
    let source = fs::read(corpus.dir.join(FIRST)).unwrap();
    let sha: String = Sha256::digest(&source)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(doc["source"]["file"], FIRST);
    assert_eq!(doc["source"]["sha256"], sha.as_str());
    assert_eq!(
        doc["source"]["chars"],
        std::str::from_utf8(&source).unwrap().chars().count()
    );
    for other in [SECOND, THIRD] {
        assert!(
            !corpus.sidecar(other).exists(),
            "{other} was not edited but has a sidecar"
        );
    }
}

#[test]
fn hanging_up_exits_promptly_with_the_edit_on_disk() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tag_first_word(&mut tui);
    // No pause: the edit may still be waiting for its autosave.
    tui.hang_up_and_expect_exit(Duration::from_secs(3));
    assert_eq!(entities(&corpus, FIRST), Some(vec![kestova()]));
}

#[test]
fn browsing_creates_and_changes_no_files() {
    let corpus = Corpus::new();
    let before = corpus.snapshot();
    assert_eq!(before.len(), 3);
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces");
    tui.send("j");
    tui.wait_for("Articles 2/3");
    tui.send(ENTER);
    tui.wait_for("Dock workers");
    tui.send("jjjj");
    wait_for_screen(&tui, "the cursor four rows down", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains(" line ") && !l.contains(" line 1/"))
    });
    tui.send("/cranes");
    tui.wait_for("/cranes");
    tui.send(ENTER);
    // The match is above the cursor, so the search went round.
    tui.wait_for("search wrapped around");
    // Back in the list, `/` searches every article.
    tui.send(TAB);
    tui.send(TAB);
    tui.send("/cranes");
    tui.send(ENTER);
    tui.wait_for("1 match in 1 article");
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
    let after = corpus.snapshot();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "browsing added or removed files"
    );
    assert!(before == after, "browsing changed a file");
}

#[test]
fn a_broken_sidecar_is_read_only_and_left_byte_for_byte() {
    let corpus = Corpus::new();
    let broken = b"{\"format\": \"gloss\", \"version\": 1, \"entities\": [ {broken";
    fs::write(corpus.sidecar(FIRST), broken).unwrap();
    let before = corpus.snapshot();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces");
    // Opening says so in the status line, and the pane title keeps saying it.
    let opened = tui.wait_for("read-only");
    assert!(opened.contains("01_kestova.txt [read-only]"), "{opened}");
    wait_for_status(&tui, "read-only: 01_kestova.txt.ann.json");
    // Clear the message from opening, so the next one comes from tagging.
    tui.send("\x1b");
    wait_until(DEADLINE, || {
        (!tui.status_line().contains("read-only")).then_some(())
    })
    .unwrap_or_else(|| panic!("Esc did not clear the message:\n{}", tui.screen()));
    tui.send(ENTER);
    tui.send("t");
    wait_for_status(&tui, "read-only: 01_kestova.txt.ann.json");
    assert!(
        !tui.screen().contains("Tag “Kestova” as"),
        "a type picker opened on a read-only article"
    );
    tui.send("GPE");
    tui.send(ENTER);
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
    assert_eq!(fs::read(corpus.sidecar(FIRST)).unwrap(), broken);
    assert!(
        before == corpus.snapshot(),
        "a file in the corpus was created or changed"
    );
}

#[test]
fn undo_and_redo_reach_the_disk() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tag_first_word(&mut tui);
    wait_for_entities(&corpus, FIRST, &[kestova()]);
    tui.send("u");
    tui.wait_for("undone");
    wait_for_entities(&corpus, FIRST, &[]);
    tui.send(CTRL_R);
    tui.wait_for("redone");
    wait_for_entities(&corpus, FIRST, &[kestova()]);
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
    assert_eq!(entities(&corpus, FIRST), Some(vec![kestova()]));
}

/// The code-point offsets of the first `word` in `text`.
fn span_in(text: &str, word: &str) -> (usize, usize) {
    let byte = text.find(word).expect("the word is in the text");
    let start = text[..byte].chars().count();
    (start, start + word.chars().count())
}

/// Waits until `check` holds for the screen; panics with the screen if it
/// does not within the deadline.
fn wait_for_screen(tui: &Tui, what: &str, check: impl Fn(&str) -> bool) -> String {
    wait_until(DEADLINE, || {
        let screen = tui.screen();
        check(&screen).then_some(screen)
    })
    .unwrap_or_else(|| {
        panic!(
            "the screen did not show {what} within {DEADLINE:?}:\n{}",
            tui.screen()
        )
    })
}

/// The codes the picker titled `title` lists, top to bottom.
fn picker_codes(screen: &str, title: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no picker titled {title:?}:\n{screen}"));
    lines[top + 1..]
        .iter()
        .take_while(|l| !l.contains("enter picks"))
        // The picker sits inside the text pane, so a row of it reads
        // `│list││ │picker row│ ││notes│`.
        .filter_map(|l| l.split('│').nth(4))
        .filter(|row| !row.trim_start().starts_with('›'))
        .filter_map(|row| row.split_whitespace().next().map(str::to_owned))
        .collect()
}

const ATTACK_ARTICLE: &str = "attack.txt";
const ATTACK_TEXT: &str = "Rebel forces attacked Dalen on Tuesday.\n\n\
                           The town’s council said the shelling lasted two hours.\n";

#[test]
fn building_an_attack_event_with_two_arguments_from_keys_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join(ATTACK_ARTICLE), ATTACK_TEXT).unwrap();
    let corpus = Corpus { tmp, dir };
    let mut tui = corpus.open();
    tag_attacker_and_start_the_event(&mut tui);
    fill_the_roles(&mut tui);
    // Quit.
    tui.send("q");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");

    let doc = corpus
        .annotations(ATTACK_ARTICLE)
        .expect("the article has a sidecar");
    check_the_attack_event(&doc);
    check_it_validates(&corpus);
}

/// The attacker tagged ORG, then "attacked" made a Conflict.Attack trigger.
fn tag_attacker_and_start_the_event(tui: &mut Tui) {
    // 1. The attacker: open the article (cursor on "Rebel") and tag it ORG.
    tui.wait_for("Rebel forces attacked Dalen");
    tui.send(ENTER);
    tui.send("t");
    tui.wait_for("Tag “Rebel” as");
    tui.send("ORG");
    tui.wait_for("› ORG");
    tui.send(ENTER);
    tui.wait_for("tagged “Rebel” as ORG (T1)");

    // 2. The trigger: "attacked" starts a Conflict.Attack event.
    tui.send("/attacked");
    wait_for_status(tui, "/attacked");
    tui.send(ENTER);
    // The cursor leaves "Rebel" for the untagged "attacked".
    wait_for_screen(tui, "the search ended on an untagged word", |s| {
        s.contains("No annotation under the") && !s.contains("SEARCH")
    });
    tui.send("e");
    tui.wait_for("Event triggered by “attacked”");
    tui.send("Attack");
    tui.wait_for("› Attack");
    tui.send(ENTER);
    wait_for_status(tui, "E1 Conflict.Attack");
    let roles = [
        "1 Attacker",
        "2 Target",
        "3 Instrument",
        "4 Time",
        "5 Place",
    ];
    let building = tui.wait_for("Event E1 Conflict.Attack");
    for role in roles {
        assert!(
            building.contains(role),
            "the notes do not number {role:?}:\n{building}"
        );
    }
}

/// Role 1 by hint letter, role 5 on an untagged word through a picker.
fn fill_the_roles(tui: &mut Tui) {
    // 3. Role 1 by hint letter: `a` is drawn over the start of "Rebel".
    tui.send("1");
    wait_for_status(tui, "Attacker of E1");
    tui.wait_for("aebel forces attacked Dalen");
    tui.send("a");
    tui.wait_for("E1 Attacker = “Rebel” (T1)");
    tui.wait_for("1 Attacker   ✓ “Rebel” T1");

    // 4. Role 5 on the untagged "Dalen": Enter tags it with a type the role
    // allows, picked from exactly those.
    tui.send("/Dalen");
    wait_for_status(tui, "/Dalen");
    tui.send(ENTER);
    // The cursor leaves the trigger for the untagged "Dalen".
    wait_for_screen(tui, "the search ended on an untagged word", |s| {
        s.contains("No annotation under the") && !s.contains("SEARCH")
    });
    tui.send("5");
    wait_for_status(tui, "Place of E1");
    tui.send(ENTER);
    let picker = tui.wait_for("Place: tag “Dalen” as");
    assert_eq!(
        picker_codes(&picker, "Place: tag “Dalen” as"),
        ["GPE", "LOC", "FAC"],
        "the picker offers other types than Place allows:\n{picker}"
    );
    tui.send("GPE");
    tui.wait_for("› GPE");
    tui.send(ENTER);
    tui.wait_for("E1 Place = “Dalen”");
}

/// The sidecar holds exactly the two entities and the event the keys built.
fn check_the_attack_event(doc: &Value) {
    let entities = doc["entities"].as_array().expect("entities is a list");
    let entity = |text: &str| {
        entities
            .iter()
            .find(|e| e["text"] == text)
            .unwrap_or_else(|| panic!("no entity {text:?} in {entities:?}"))
    };
    assert_eq!(
        entities.len(),
        2,
        "only Rebel and Dalen were tagged: {entities:?}"
    );
    let (rebel, dalen) = (entity("Rebel"), entity("Dalen"));
    let (start, end) = span_in(ATTACK_TEXT, "Rebel");
    assert_eq!((start, end), (0, 5));
    assert_eq!(
        (&rebel["type"], &rebel["start"], &rebel["end"]),
        (&json!("ORG"), &json!(start), &json!(end)),
        "{rebel}"
    );
    let (start, end) = span_in(ATTACK_TEXT, "Dalen");
    assert_eq!(
        (&dalen["type"], &dalen["start"], &dalen["end"]),
        (&json!("GPE"), &json!(start), &json!(end)),
        "{dalen}"
    );
    let events = doc["events"].as_array().expect("events is a list");
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event["type"], "Conflict.Attack");
    let (start, end) = span_in(ATTACK_TEXT, "attacked");
    let trigger = &event["trigger"];
    assert_eq!(
        (&trigger["text"], &trigger["start"], &trigger["end"]),
        (&json!("attacked"), &json!(start), &json!(end)),
        "{trigger}"
    );
    assert_eq!(
        event["arguments"],
        json!([
            {"role": "Attacker", "ref": rebel["id"]},
            {"role": "Place", "ref": dalen["id"]},
        ])
    );
    assert_eq!(doc["relations"], json!([]));
}

/// What the keys built is valid against the schema.
fn check_it_validates(corpus: &Corpus) {
    let mut validate = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("validate")
        .arg(&corpus.dir)
        .env("HOME", corpus.home())
        .env("XDG_CONFIG_HOME", corpus.home().join(".config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gloss validate starts");
    let finished = wait_until(DEADLINE, || validate.try_wait().unwrap());
    if finished.is_none() {
        let _ = validate.kill();
    }
    let out = validate.wait_with_output().unwrap();
    assert!(
        finished.is_some() && out.status.success(),
        "gloss validate exited with {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_users_config_file_rebinds_keys_and_the_help_says_so() {
    let corpus = Corpus::new();
    let config = corpus.home().join(".config").join("gloss");
    fs::create_dir_all(&config).unwrap();
    let user = "[keys]\nquit = \"Z\"\n[keys.text]\ntag = \"ctrl-t\"\n";
    fs::write(config.join("config.toml"), user).unwrap();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces");
    // q no longer quits: the help it is followed by still opens.
    tui.send("q?");
    let help = tui.wait_for("quit (everything is already saved)");
    let quit = help
        .lines()
        .find(|l| l.contains("quit (everything"))
        .unwrap();
    assert!(quit.contains(" Z ") && !quit.contains(" q "), "{quit}");
    tui.send("\x1b");
    // Esc and Enter in one read would be alt-enter: wait for the help to go.
    wait_for_screen(&tui, "the help closed", |s| !s.contains("quit (everything"));
    tui.send(ENTER);
    tui.send("\x14"); // ctrl-t
    tui.wait_for("Tag “Kestova” as");
    tui.send("GPE");
    tui.wait_for("› GPE");
    tui.send(ENTER);
    tui.wait_for(TAGGED);
    tui.send("Z");
    let status = tui.wait_exit(DEADLINE);
    assert!(status.success(), "gloss exited with {status:?}");
}
