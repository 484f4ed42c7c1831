//! The mouse and glued Esc keys end-to-end: the real binary in a
//! pseudo-terminal, sent the bytes a terminal sends (SGR 1006 reports).

#[allow(dead_code)]
mod common;

use std::time::Duration;

use common::{Corpus, DEADLINE, ENTER, FIRST, Tui, wait_until};
use serde_json::json;

/// One SGR mouse report; `col` and `row` are 0-based cells.
fn report(tui: &mut Tui, button: u8, (col, row): (usize, usize), release: bool) {
    let end = if release { 'm' } else { 'M' };
    let bytes = format!("\x1b[<{button};{};{}{end}", col + 1, row + 1);
    tui.write_raw(bytes.as_bytes());
}

/// Row and column of `needle` in the text pane (right of the list).
fn cell_of(tui: &Tui, needle: &str) -> (usize, usize) {
    let screen = tui.screen();
    screen
        .lines()
        .enumerate()
        .find_map(|(row, line)| {
            let cells: Vec<char> = line.chars().collect();
            let n: Vec<char> = needle.chars().collect();
            (25..cells.len().saturating_sub(n.len()))
                .find(|&c| cells[c..c + n.len()] == n[..])
                .map(|col| (col, row))
        })
        .unwrap_or_else(|| panic!("{needle:?} is not in the text pane:\n{screen}"))
}

fn tag(tui: &mut Tui, code: &str, shown: &str) {
    tui.send("t");
    tui.wait_for("as");
    tui.send(code);
    tui.send(ENTER);
    tui.wait_for(shown);
}

#[test]
fn a_click_and_a_drag_put_the_cursor_and_the_selection_that_t_tags() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces reach");
    tui.send(ENTER);
    tui.wait_for("Residents reported");
    assert!(tui.mouse_reports_sgr(), "mouse reports are on by default");
    // A click on the "l" of "Dolmar" in the headline: the cursor, no selection.
    let (col, row) = cell_of(&tui, "Dolmar");
    report(&mut tui, 0, (col + 2, row), false);
    report(&mut tui, 0, (col + 2, row), true);
    tag(&mut tui, "GPE", "tagged “Dolmar” as GPE");
    // A drag over "Kestova forces" of the body, released on its last "s".
    let (col, row) = cell_of(&tui, "Kestova forces advanced");
    report(&mut tui, 0, (col, row), false);
    for dx in [3, 7, 13] {
        report(&mut tui, 32, (col + dx, row), false);
    }
    report(&mut tui, 0, (col + 13, row), true);
    tag(&mut tui, "ORG", "tagged “Kestova forces” as ORG");
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
    let expected = json!([
        {"id": "T1", "type": "GPE", "start": 21, "end": 27, "text": "Dolmar"},
        {"id": "T2", "type": "ORG", "start": 29, "end": 43, "text": "Kestova forces"},
    ]);
    let doc = corpus
        .annotations(FIRST)
        .expect("the article has annotations");
    assert_eq!(doc["entities"], expected);
}

#[test]
fn esc_glued_to_q_in_the_search_prompt_closes_it_and_quits() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces reach");
    tui.send(ENTER);
    tui.send("/");
    let prompt = wait_until(DEADLINE, || {
        tui.status_line().contains("SEARCH").then_some(())
    });
    assert!(
        prompt.is_some(),
        "the search prompt opens:\n{}",
        tui.screen()
    );
    tui.write_raw(b"\x1bq");
    let status = tui.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "gloss exited with {status:?}");
}

/// Waits until the terminal no longer sends mouse reports to the program.
fn wait_mouse_off(tui: &Tui) {
    let off = wait_until(DEADLINE, || (!tui.mouse_reports_sgr()).then_some(()));
    assert!(
        off.is_some(),
        "mouse reports are still on after gloss ended"
    );
}

#[test]
fn mouse_reports_are_turned_off_on_quit_and_on_a_signal() {
    let corpus = Corpus::new();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces reach");
    assert!(tui.mouse_reports_sgr());
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
    wait_mouse_off(&tui);

    let mut tui = corpus.open();
    tui.wait_for("Kestova forces reach");
    assert!(tui.mouse_reports_sgr());
    let pid = tui.pid().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    tui.wait_exit(DEADLINE);
    wait_mouse_off(&tui);
}

#[test]
fn mouse_false_in_the_config_leaves_the_mouse_to_the_terminal() {
    let corpus = Corpus::new();
    let config = corpus.home().join(".config/gloss");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "mouse = false\n").unwrap();
    let mut tui = corpus.open();
    tui.wait_for("Kestova forces reach");
    assert!(
        !tui.mouse_reports_sgr(),
        "mouse = false, yet gloss asked for mouse reports"
    );
    tui.send("q");
    assert!(tui.wait_exit(DEADLINE).success());
}
