//! Search says where and how many, shows the match with context above it,
//! and its message goes with the next motion.

use super::*;

/// Sixty short lines, "match" on lines 10, 40 and 55.
fn long_text() -> String {
    (0..60)
        .map(|i| {
            if [10, 40, 55].contains(&i) {
                format!("line {i} has a match\n")
            } else {
                format!("line {i}\n")
            }
        })
        .collect()
}

#[test]
fn search_and_n_say_which_match_of_how_many() {
    let mut f = fixture();
    let n = FIRST.matches("re").count();
    f.keys("\r/re\r");
    assert_eq!(f.message(), format!("re: 1/{n}"));
    f.keys("n");
    assert_eq!(f.message(), format!("re: 2/{n}"));
    f.keys("N");
    assert_eq!(f.message(), format!("re: 1/{n}"));
    f.keys("N");
    assert_eq!(
        f.message(),
        format!("re: {n}/{n}, search wrapped around"),
        "backwards from the first wraps to the last"
    );
}

#[test]
fn the_next_motion_clears_what_the_search_said() {
    let mut f = fixture();
    f.keys("\r/THE\r");
    assert!(f.message().contains("not found: THE"));
    f.keys(" ");
    assert_eq!(f.app.message, None, "Space moves and the message goes");
    f.keys("/re\r");
    assert!(f.message().contains("1/"));
    f.keys("l");
    assert_eq!(f.app.message, None);
}

#[test]
fn a_motion_keeps_a_message_that_is_not_the_searchs() {
    let mut f = fixture();
    f.keys("\r/re\r");
    f.app.say("saved");
    f.keys("l");
    assert_eq!(f.message(), "saved");
}

#[test]
fn a_match_below_the_screen_shows_with_context_above_it_never_on_the_bottom_row() {
    let text = long_text();
    let mut f = fixture_of(&[&text], None);
    let height = f.app.text_view().height as usize;
    assert!(height > 6 && height < 40, "the text runs past the screen");
    f.keys("\r/match\r");
    let r = f.app.shown.as_ref().unwrap();
    let rows = r.view.visible_rows(&r.article, height);
    let at = rows
        .iter()
        .position(|row| row.start <= f.cursor() && f.cursor() < row.end.max(row.start + 1))
        .expect("the match is on screen");
    assert!(at >= 3, "context above the match: row {at}");
    assert!(
        at + 1 < rows.len(),
        "not on the bottom row: row {at} of {}",
        rows.len()
    );
    f.keys("n");
    let r = f.app.shown.as_ref().unwrap();
    let rows = r.view.visible_rows(&r.article, height);
    let at = rows
        .iter()
        .position(|row| row.start <= f.cursor() && f.cursor() < row.end.max(row.start + 1))
        .expect("the second match is on screen");
    assert!(at >= 3 && at + 1 < rows.len(), "row {at} of {}", rows.len());
}
