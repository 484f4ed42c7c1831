//! `}` / `{` (the next / previous article still to do) and the list's
//! status filter with the counts in the list's title.

use super::*;
use crate::tui::app::App;
use crate::tui::view::list::title_line;

/// A corpus of five articles whose statuses are, in order: todo (no
/// annotation file), done, in progress, done, reviewed.
fn statuses() -> Fixture {
    with_statuses(&[
        (2, "done"),
        (3, "in_progress"),
        (4, "done"),
        (5, "reviewed"),
    ])
}

/// Five articles, those numbered (from 1) in `statuses` with an
/// annotation file of that status.
fn with_statuses(statuses: &[(usize, &str)]) -> Fixture {
    let texts = ["One\n", "Two\n", "Three\n", "Four\n", "Five\n"];
    let mut f = fixture_of(&texts, None);
    for &(n, status) in statuses {
        let text = texts[n - 1];
        let (sha, chars) = (
            crate::hash::sha256_hex(text.as_bytes()),
            text.chars().count(),
        );
        let json = format!(
            r#"{{"format": "gloss", "version": 1, "source": {{"file": "{n}.txt", "sha256": "{sha}", "encoding": "utf-8", "chars": {chars}}}, "annotator": null, "status": "{status}", "note": "", "entities": [], "events": [], "relations": []}}"#
        );
        std::fs::write(f.dir.path().join(format!("{n}.txt.ann.json")), json).unwrap();
    }
    for e in &mut f.app.corpus.entries {
        e.summary = corpus::Summary::Pending;
    }
    f.app.corpus.describe_all();
    f
}

/// The text of the article on screen.
fn shown(f: &Fixture) -> String {
    f.app.article().unwrap().text.as_str().trim().to_owned()
}

#[test]
fn close_brace_skips_done_and_reviewed_articles_and_wraps_around_saying_so() {
    let mut f = statuses();
    assert_eq!(shown(&f), "One");
    f.keys("}");
    assert_eq!(shown(&f), "Three", "2 is done");
    assert!(
        f.message().contains("2 articles are left to do"),
        "{}",
        f.message()
    );
    f.keys("}");
    assert_eq!(shown(&f), "One", "4 done, 5 reviewed: around to 1");
    assert!(
        f.message().contains("wrapped around to the start"),
        "{}",
        f.message()
    );
    f.keys("{");
    assert_eq!(shown(&f), "Three", "backwards, around the start");
    assert!(
        f.message().contains("wrapped around to the end"),
        "{}",
        f.message()
    );
    f.keys("{");
    assert_eq!(shown(&f), "One");
    assert!(!f.message().contains("wrapped"), "{}", f.message());
}

#[test]
fn braces_work_from_the_text_and_keep_its_focus() {
    let mut f = statuses();
    f.keys("\r");
    assert_eq!(f.app.focus, Pane::Text);
    f.keys("}");
    assert_eq!((shown(&f).as_str(), f.app.focus), ("Three", Pane::Text));
}

#[test]
fn a_count_moves_that_many_articles_still_to_do() {
    let mut f = statuses();
    f.keys("3}");
    // From One: Three, One, Three.
    assert_eq!(shown(&f), "Three");
    assert!(f.message().contains("wrapped"), "{}", f.message());
    f.keys("2{");
    assert_eq!(shown(&f), "Three", "twice back from Three: One, then Three");
}

#[test]
fn from_a_done_article_the_next_one_to_do_is_after_it() {
    let mut f = statuses();
    f.keys("jjj");
    assert_eq!(shown(&f), "Four");
    f.keys("{");
    assert_eq!(shown(&f), "Three");
    f.keys("jj}");
    assert_eq!(
        shown(&f),
        "One",
        "from Five (reviewed) forwards wraps to One"
    );
}

#[test]
fn braces_pass_curated_articles_but_stop_at_curation_in_progress() {
    let mut f = with_statuses(&[
        (1, "done"),
        (2, "curated"),
        (3, "curation_in_progress"),
        (4, "curated"),
        (5, "reviewed"),
    ]);
    f.keys("}");
    assert_eq!(shown(&f), "Three");
    f.keys("}");
    assert_eq!(shown(&f), "Three", "the only one left");
    assert!(
        f.message().contains("the only article left"),
        "{}",
        f.message()
    );
    assert_eq!(
        title(&f.app, 80),
        " Articles 3/5 · done 1 · reviewed 1 · curation in progress 1 · curated 2 "
    );
    assert_eq!(title(&f.app, 30), " Articles 3/5 ✓1 ★1 ≈1 ◆2 ");
}

#[test]
fn the_status_picker_offers_and_sets_the_curation_statuses() {
    let mut f = statuses();
    f.keys("m");
    f.keys("curated\r");
    assert_eq!(f.app.status_of(0), Some(Status::Curated));
    f.keys("m");
    f.keys("curation\r");
    assert_eq!(f.app.status_of(0), Some(Status::CurationInProgress));
    f.keys("f");
    f.keys("ffff");
    assert_eq!(f.app.list_filter, Some(Status::CurationInProgress));
    assert_eq!(f.app.listed(), [0]);
}

#[test]
fn when_nothing_is_left_to_do_the_braces_say_so() {
    let mut f = statuses();
    f.keys("jj");
    f.keys("m");
    // Mark Three done, then One: nothing is left.
    f.keys("done\r");
    assert_eq!(f.app.status_of(2), Some(Status::Done), "in memory");
    f.keys("gm");
    f.keys("done\r");
    f.keys("}");
    assert_eq!(shown(&f), "One", "nowhere to go");
    assert!(
        f.message().contains("none is left to do"),
        "{}",
        f.message()
    );
}

#[test]
fn the_only_article_left_to_do_says_so() {
    let mut f = statuses();
    f.keys("jjmdone\r");
    f.keys("g}");
    assert_eq!(shown(&f), "One");
    assert!(
        f.message().contains("the only article left"),
        "{}",
        f.message()
    );
}

#[test]
fn an_article_s_status_in_memory_counts_before_its_summary() {
    let mut f = statuses();
    // The first article becomes done in memory (its save is the shell's).
    f.keys("mdone\r");
    assert_eq!(f.app.status_of(0), Some(Status::Done));
    f.app.corpus.entries[0].summary = corpus::Summary::Fresh;
    f.keys("}");
    assert_eq!(shown(&f), "Three");
    f.keys("}");
    assert_eq!(
        shown(&f),
        "Three",
        "One is done in memory: Three is the only one"
    );
}

#[test]
fn the_title_counts_each_status_and_shortens_to_marks_when_narrow() {
    let f = statuses();
    assert_eq!(
        title(&f.app, 80),
        " Articles 1/5 · todo 1 · in progress 1 · done 2 · reviewed 1 "
    );
    assert_eq!(title(&f.app, 30), " Articles 1/5 ·1 ~1 ✓2 ★1 ");
    // The list's own title at 80 columns has 20 cells.
    assert_eq!(title(&f.app, 20), " 1/5 ·1 ~1 ✓2 ★1 ");
    assert_eq!(title(&f.app, 14), " Articles 1/5 ");
    assert_eq!(title(&f.app, 8), " 1/5 ");
}

#[test]
fn f_cycles_the_status_filter_and_the_list_shows_only_those() {
    let mut f = statuses();
    f.keys("f");
    assert_eq!(f.app.list_filter, Some(Status::Todo));
    assert_eq!(f.app.listed(), [0]);
    assert!(
        f.message().contains("todo only, 1 of 5 articles"),
        "{}",
        f.message()
    );
    f.keys("f");
    assert_eq!(f.app.list_filter, Some(Status::InProgress));
    assert_eq!(
        shown(&f),
        "Three",
        "the selection moves onto a listed article"
    );
    assert_eq!(
        title(&f.app, 80).split(" · ").next(),
        Some(" in progress 1/1 of 5")
    );
    f.keys("f");
    assert_eq!(f.app.list_filter, Some(Status::Done));
    assert_eq!(f.app.listed(), [1, 3]);
    f.keys("j");
    assert_eq!(shown(&f), "Four", "j moves over listed rows only");
    f.keys("k");
    assert_eq!(shown(&f), "Two");
    f.keys("G");
    assert_eq!(shown(&f), "Four");
    f.keys("ffff");
    assert_eq!(f.app.list_filter, None);
    assert_eq!(f.app.listed().len(), 5);
    assert!(f.message().contains("every article"), "{}", f.message());
}

#[test]
fn the_filtered_list_draws_only_its_rows() {
    let mut f = statuses();
    f.keys("fff");
    let area = ratatui::layout::Rect::new(0, 0, 40, 6);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::tui::view::list::render(&f.app, true, &f.app.theme, area, &mut buf);
    let rows: Vec<String> = (1..5)
        .map(|y| (1..39).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect();
    assert!(rows[0].contains("Two"), "{rows:?}");
    assert!(rows[1].contains("Four"), "{rows:?}");
    assert!(rows[2].trim().is_empty(), "{rows:?}");
}

#[test]
fn the_list_key_is_the_config_s_and_the_help_lists_it() {
    let f = statuses();
    assert_eq!(
        f.app.key_name(crate::tui::action::Action::FilterStatus),
        "f"
    );
    assert_eq!(f.app.key_name(crate::tui::action::Action::NextToDo), "}");
    assert_eq!(f.app.key_name(crate::tui::action::Action::PrevToDo), "{");
}

/// The list's title as a frame draws it.
fn title(app: &App, width: usize) -> String {
    let listed = app.list_filter.map(|_| app.listed());
    title_line(app, width, listed.as_deref())
}
