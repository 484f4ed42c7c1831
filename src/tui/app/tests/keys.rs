//! The user's own keys: bindings, mode tables and the messages that name them.

use super::*;
use crate::tui::mode::{HelpScreen, PickerMode, SearchPrompt};

fn configured(user: &str) -> Fixture {
    let mut f = fixture();
    f.app
        .configure(&crate::tui::keymap::tests::config_with(user));
    f
}

#[test]
fn a_rebound_tag_key_tags_and_the_messages_name_the_keys_in_force() {
    let mut f = configured("[keys.text]\ntag = \"ctrl-t\"\n[keys]\nundo = \"U\"\n");
    f.keys("\rt");
    assert!(matches!(f.app.mode, Mode::Normal), "t no longer tags");
    f.ctrl('t');
    assert!(matches!(f.app.mode, Mode::Pick(PickerMode { .. })));
    f.keys("GPE\r");
    assert_eq!(f.doc().entities.len(), 1);
    let said = f.message();
    assert!(said.ends_with("; U undoes"), "{said}");
    f.keys("u");
    assert_eq!(f.doc().entities.len(), 1, "u no longer undoes");
    f.keys("U");
    assert!(f.doc().entities.is_empty());
    assert_eq!(f.message(), "undone: tag GPE “Kestova” (ctrl-r redoes)");
}

#[test]
fn a_message_names_the_rebound_select_key() {
    let mut f = configured("[keys.text]\nselect = \"s\"\ntag = \"ctrl-t\"\n");
    // On the blank line after the title there is no word to tag.
    f.keys("\rj");
    f.ctrl('t');
    let said = f.message();
    assert!(said.ends_with("or select with s"), "{said}");
}

#[test]
fn picker_keys_come_from_its_table() {
    let mut f = configured("[keys.picker]\nconfirm = \"ctrl-y\"\ncancel = \"ctrl-g\"\n");
    f.keys("\rtGPE\r");
    assert!(
        matches!(f.app.mode, Mode::Pick(PickerMode { .. })),
        "enter no longer picks"
    );
    assert!(f.doc().entities.is_empty());
    f.ctrl('y');
    assert_eq!(f.doc().entities.len(), 1);
    f.keys("wt\x1b");
    assert!(
        matches!(f.app.mode, Mode::Pick(PickerMode { .. })),
        "esc no longer cancels"
    );
    f.ctrl('g');
    assert!(matches!(f.app.mode, Mode::Normal));
}

#[test]
fn search_and_help_keys_come_from_their_tables() {
    let mut f = configured("[keys.prompt]\nconfirm = \"tab\"\n[keys.help-screen]\ndown = \"n\"\n");
    f.keys("\r/Marren\r");
    assert!(
        matches!(f.app.mode, Mode::Search(SearchPrompt { .. })),
        "enter is text now"
    );
    f.keys("\t");
    assert!(matches!(f.app.mode, Mode::Normal));
    assert!(f.app.message.is_none() || !f.message().contains("not found"));
    f.keys("?n");
    assert!(matches!(f.app.mode, Mode::Help(HelpScreen { scroll: 1 })));
    f.keys("j");
    assert!(matches!(f.app.mode, Mode::Normal), "j closes the help now");
}

#[test]
fn with_quit_rebound_q_does_nothing_and_the_new_key_quits() {
    let mut f = configured("[keys]\nquit = \"Z\"\n");
    let q = f.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
    )));
    assert!(q.is_empty());
    let z = f.app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('Z'),
        KeyModifiers::SHIFT,
    )));
    assert!(matches!(z[..], [Effect::Quit]));
}
