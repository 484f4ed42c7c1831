//! Reading, tagging, searching, undo and switching articles.

use super::*;
use crate::tui::mode::PickerMode;

#[test]
fn enter_t_type_enter_tags_the_first_word_and_asks_for_a_save() {
    let mut f = fixture();
    let saved = f.keys("\rtGPE\r");
    assert_eq!(f.app.focus, Pane::Text);
    let e = &f.doc().entities[0];
    assert_eq!(
        (
            e.id.as_str(),
            e.kind.as_str(),
            e.start,
            e.end,
            e.text.as_str()
        ),
        ("T1", "GPE", 0, 7, "Kestova")
    );
    assert_eq!(
        f.doc().status,
        Status::InProgress,
        "the first annotation starts the work"
    );
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].0, f.dir.path().join("1.txt.ann.json"));
    let written = store::parse(&saved[0].1).unwrap();
    assert_eq!(written.entities, f.doc().entities);
    assert_eq!(
        f.app.corpus.entries[0].summary.count(),
        1,
        "the list count follows"
    );
}

#[test]
fn typing_in_the_picker_never_fires_a_key_binding() {
    let mut f = fixture();
    // q, u and d are bindings in normal mode; in the picker they only filter.
    let saved = f.keys("\rtqud");
    assert!(matches!(f.app.mode, Mode::Pick(PickerMode { .. })));
    assert!(saved.is_empty());
    f.keys("\x1b");
    assert!(matches!(f.app.mode, Mode::Normal));
    assert!(f.doc().entities.is_empty(), "Esc cancels");
}

#[test]
fn search_moves_to_the_match_and_n_goes_on() {
    let mut f = fixture();
    let hits: Vec<usize> = FIRST
        .match_indices("re")
        .map(|(b, _)| FIRST[..b].chars().count())
        .collect();
    assert!(hits.len() >= 3);
    f.keys("\r/re\r");
    assert_eq!(f.cursor(), hits[0]);
    f.keys("n");
    assert_eq!(f.cursor(), hits[1]);
    f.keys("nN");
    assert_eq!(f.cursor(), hits[1]);
    f.keys("/zzz\r");
    assert_eq!(f.cursor(), hits[1], "a failed search leaves the cursor");
    assert!(f.app.message.as_ref().unwrap().text.contains("not found"));
}

#[test]
fn word_motions_treat_hyphen_and_apostrophe_names_as_one_word() {
    let mut f = fixture();
    f.keys("\r/al-\r");
    let start = f.cursor();
    f.keys("tLOC\r");
    let e = &f.doc().entities[0];
    assert_eq!((e.start, e.text.as_str()), (start, "al-Ba'aj"));
    f.keys("w");
    assert_eq!(
        f.app
            .shown
            .as_ref()
            .unwrap()
            .article
            .text
            .grapheme_at(f.cursor()),
        "a"
    );
    f.keys("b");
    assert_eq!(f.cursor(), start);
}

#[test]
fn a_selection_tags_exactly_what_it_covers() {
    let mut f = fixture();
    f.keys("\r/Marren\rvwwE");
    f.keys("tLOC\r");
    let e = &f.doc().entities[0];
    assert_eq!(
        e.text, "Marren valley on",
        "v then motions extend the selection"
    );
    assert!(
        f.app.view().unwrap().anchor.is_none(),
        "tagging ends the selection"
    );
}

#[test]
fn undo_and_redo_walk_every_change_and_save_each_step() {
    let mut f = fixture();
    f.keys("\rtGPE\rwtORG\r");
    assert_eq!(f.doc().entities.len(), 2);
    let saved = f.keys("u");
    assert_eq!(f.doc().entities.len(), 1);
    assert_eq!(store::parse(&saved[0].1).unwrap().entities.len(), 1);
    f.keys("u");
    assert!(f.doc().entities.is_empty());
    f.ctrl('r');
    assert_eq!(f.doc().entities[0].kind, "GPE");
}

#[test]
fn delete_asks_which_when_spans_overlap() {
    let mut f = fixture();
    f.keys("\rtGPE\r");
    f.keys("vwtLOC\r0");
    assert_eq!(f.doc().entities.len(), 2);
    f.keys("d");
    let Some(picker) = f.app.picker() else {
        panic!("a chooser opens");
    };
    assert_eq!(picker.choices.len(), 2);
    f.keys("LOC\r");
    assert_eq!(f.doc().entities.len(), 1);
    assert_eq!(f.doc().entities[0].kind, "GPE");
    f.keys("d");
    assert!(f.doc().entities.is_empty(), "a single span goes at once");
}

#[test]
fn a_broken_sidecar_makes_the_article_read_only_and_nothing_is_saved() {
    let mut f = fixture_with(Some(
        "{\"format\": \"gloss\", \"version\": 1, \"entities\": [ {broken",
    ));
    assert!(
        f.app
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("read-only:")
    );
    let saved = f.keys("\rtmiu");
    assert!(saved.is_empty());
    assert!(matches!(f.app.mode, Mode::Normal), "no picker opens");
    assert!(f.app.message.as_ref().unwrap().error);
}

#[test]
fn status_and_notes_are_edits_too() {
    let mut f = fixture();
    f.keys("\rm");
    f.keys("done\r");
    assert_eq!(f.doc().status, Status::Done);
    let saved = f.keys("iq is a letter here\x1b");
    assert_eq!(f.doc().note, "q is a letter here");
    assert!(!saved.is_empty(), "typing a note saves");
    assert!(matches!(f.app.mode, Mode::Normal));
    f.keys("u");
    assert_eq!(f.doc().note, "", "the whole note edit undoes at once");
    f.keys("tPER\ra");
    f.keys("the town\x1b");
    assert_eq!(f.doc().entities[0].note.as_deref(), Some("the town"));
}

#[test]
fn switching_articles_keeps_each_ones_history() {
    let mut f = fixture();
    f.keys("\rtGPE\r]");
    assert_eq!(f.app.selected, 1);
    assert!(f.doc().entities.is_empty());
    f.keys("[");
    assert_eq!(f.doc().entities.len(), 1);
    f.keys("u");
    assert!(
        f.doc().entities.is_empty(),
        "undo still knows the earlier edit"
    );
}

#[test]
fn browsing_asks_for_no_saves() {
    let mut f = fixture();
    let saved = f.keys("j\rjjjj\t\tkG g/Port\rn]w[");
    assert!(saved.is_empty());
}
