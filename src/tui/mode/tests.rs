//! Each mode's keys through `App::update`, without a terminal.

use crate::tui::mode::{HelpScreen, HintsMode, PickerMode, SearchPrompt};
use std::cell::RefCell;
use std::rc::Rc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use super::{Mode, OnChoose, OnPick, Picked};
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::msg::Msg;
use crate::tui::picker::{Choice, Picker};

/// An app over one small article, opened with the text focused.
fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1.txt"), "Title\n\nOne two three.\n").unwrap();
    let mut corpus = crate::corpus::discover(
        &[dir.path().to_path_buf()],
        &crate::store::Placement::default(),
    )
    .unwrap();
    corpus.describe_all();
    let (mut app, effects) = App::new(
        corpus,
        crate::schema::Schema::builtin(),
        false,
        Size::new(80, 24),
    );
    for e in effects {
        if let Effect::Load(i) = e {
            let entry = &app.corpus.entries[i];
            let article = crate::article::Article::open(&entry.path, &entry.sidecar, None);
            app.update(Msg::Loaded {
                entry: i,
                article: Box::new(article),
            });
        }
    }
    app.update(Msg::Action(Action::Open));
    (dir, app)
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn picker(codes: &[&str]) -> Picker {
    let choices = codes
        .iter()
        .map(|c| Choice {
            code: (*c).into(),
            label: String::new(),
        })
        .collect();
    Picker::new("Which?", choices)
}

#[test]
fn a_picker_runs_its_continuation_with_the_choice_once() {
    let (_dir, mut app) = app();
    let got = Rc::new(RefCell::new(Vec::new()));
    let seen = got.clone();
    app.mode = Mode::Pick(PickerMode {
        picker: picker(&["ALPHA", "BETA", "GAMMA"]),
        on_pick: OnPick::new(move |app, p| {
            seen.borrow_mut().push(p);
            app.say("picked");
            vec![Effect::Quit]
        }),
    });
    key(&mut app, KeyCode::Char('b'));
    let effects = key(&mut app, KeyCode::Enter);
    assert!(matches!(effects[..], [Effect::Quit]));
    assert_eq!(
        *got.borrow(),
        [Picked {
            index: 1,
            code: "BETA".into()
        }]
    );
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.message.as_ref().unwrap().text, "picked");
}

#[test]
fn esc_closes_a_picker_without_running_its_continuation() {
    let (_dir, mut app) = app();
    let ran = Rc::new(RefCell::new(false));
    let flag = ran.clone();
    app.mode = Mode::Pick(PickerMode {
        picker: picker(&["ALPHA"]),
        on_pick: OnPick::new(move |_, _| {
            *flag.borrow_mut() = true;
            Vec::new()
        }),
    });
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Normal));
    assert!(!*ran.borrow());
}

#[test]
fn hints_hand_enter_to_their_continuation_as_no_choice() {
    let (_dir, mut app) = app();
    let got = Rc::new(RefCell::new(None));
    let seen = got.clone();
    app.mode = Mode::Hint(HintsMode {
        hints: Vec::new(),
        typed: String::new(),
        on_choose: OnChoose::new(move |_, chosen| {
            *seen.borrow_mut() = Some(chosen);
            Vec::new()
        }),
    });
    key(&mut app, KeyCode::Enter);
    assert_eq!(*got.borrow(), Some(None));
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn the_search_prompt_takes_text_and_enter_moves_to_the_match() {
    let (_dir, mut app) = app();
    app.update(Msg::Action(Action::SearchStart));
    for c in "three".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let Mode::Search(SearchPrompt { query, .. }) = &app.mode else {
        panic!("no prompt: {:?}", app.mode);
    };
    assert_eq!(query, "three");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.view().unwrap().cursor, "Title\n\nOne two ".len());
}

#[test]
fn help_scrolls_with_j_and_closes_on_any_other_key() {
    let (_dir, mut app) = app();
    app.update(Msg::Action(Action::Help));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert!(matches!(app.mode, Mode::Help(HelpScreen { scroll: 2 })));
    let effects = key(&mut app, KeyCode::Char('q'));
    assert!(effects.is_empty(), "q closes help, it does not quit");
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn a_hint_letter_chooses_and_the_continuation_may_open_the_next_mode() {
    let (_dir, mut app) = app();
    let hint = |label: &str, id: &str| super::Hint {
        label: label.into(),
        id: id.into(),
        start: 0,
    };
    app.mode = Mode::Hint(HintsMode {
        hints: vec![hint("a", "T1"), hint("b", "T2")],
        typed: String::new(),
        on_choose: OnChoose::new(|app, chosen| {
            assert_eq!(chosen.as_deref(), Some("T2"));
            app.mode = Mode::Pick(PickerMode {
                picker: picker(&["GPE"]),
                on_pick: OnPick::new(|_, _| Vec::new()),
            });
            Vec::new()
        }),
    });
    key(&mut app, KeyCode::Char('z'));
    let Mode::Hint(HintsMode { typed, .. }) = &app.mode else {
        panic!("an unknown letter ends the hints: {:?}", app.mode);
    };
    assert!(typed.is_empty(), "the wrong letter is dropped");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.ends_with("or esc"))
    );
    key(&mut app, KeyCode::Char('b'));
    assert!(matches!(app.mode, Mode::Pick(_)), "{:?}", app.mode);
}

#[test]
fn the_note_editor_saves_as_it_types_and_ends_as_one_undo_step() {
    let (_dir, mut app) = app();
    app.update(Msg::Action(Action::EditArticleNote));
    assert!(matches!(app.mode, Mode::Note(_)));
    assert!(
        key(&mut app, KeyCode::Char('h'))
            .iter()
            .any(|e| matches!(e, Effect::Persist { .. }))
    );
    key(&mut app, KeyCode::Char('i'));
    assert!(matches!(app.mode, Mode::Note(_)), "i is text in the editor");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.article().unwrap().doc.note, "hi");
    app.update(Msg::Action(Action::Undo));
    assert_eq!(
        app.article().unwrap().doc.note,
        "",
        "one step undoes the whole edit"
    );
}

#[test]
fn the_picker_draws_type_codes_in_the_users_colours() {
    let (_dir, mut app) = app();
    let config = crate::tui::keymap::tests::config_with("[theme.types]\nORG = \"magenta\"\n");
    app.configure(&config);
    app.update(Msg::Action(Action::Tag));
    assert!(matches!(app.mode, Mode::Pick(_)));
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::tui::view::draw(&app, area, &mut buf);
    let at = (0..24).find_map(|y| {
        let row: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
        // The picker row: the code after its left border.
        let col = row.find("│ ORG ")?;
        Some((row[..col].chars().count() as u16 + 2, y))
    });
    let (x, y) = at.expect("the picker lists ORG");
    assert_eq!(buf[(x, y)].bg, ratatui::style::Color::Magenta);
}
