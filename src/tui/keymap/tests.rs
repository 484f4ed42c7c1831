use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::config::{Config, merge, parse};

fn key(c: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(c, m)
}

fn char_key(c: char) -> KeyEvent {
    key(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The defaults with `user` (a config file's text) over them.
pub(crate) fn config_with(user: &str) -> Config {
    merge(&Config::defaults(), &parse(user).unwrap()).0
}

fn keymap_with(user: &str) -> Keymap {
    Keymap::new(&config_with(user))
}

#[test]
fn pane_bindings_win_over_global_ones() {
    let map = Keymap::default();
    let (list, text) = (KeyTable::List, KeyTable::Text);
    assert_eq!(map.lookup(text, &char_key(']')), Some(Action::NextArticle));
    assert_eq!(map.lookup(list, &char_key(']')), Some(Action::NextArticle));
    let page = key(KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(map.lookup(list, &page), Some(Action::PageDown));
    let enter = key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(map.lookup(list, &enter), Some(Action::Open));
    assert_eq!(map.lookup(text, &enter), None);
    assert_eq!(map.lookup(text, &char_key('t')), Some(Action::Tag));
    assert_eq!(map.lookup(list, &char_key('t')), None);
}

#[test]
fn digits_name_the_role_to_fill() {
    let map = Keymap::default();
    let three = char_key('3');
    assert_eq!(
        map.lookup(KeyTable::Text, &three),
        Some(Action::FillRole(3))
    );
    assert_eq!(map.lookup(KeyTable::List, &three), None);
    assert_eq!(map.key(Action::FillRole(3)), "3");
}

#[test]
fn shifted_characters_and_control_keys_match() {
    let map = Keymap::default();
    let g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(map.lookup(KeyTable::Text, &g), Some(Action::Bottom));
    let r = key(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(map.lookup(KeyTable::Text, &r), Some(Action::Redo));
    let back = key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(map.lookup(KeyTable::Text, &back), Some(Action::FocusPrev));
    assert_eq!(map.lookup(KeyTable::Text, &char_key('z')), None);
}

#[test]
fn the_users_keys_replace_the_defaults() {
    let map = keymap_with("[keys]\nquit = \"Z\"\n[keys.text]\ntag = \"ctrl-t\"\n");
    let z = key(KeyCode::Char('Z'), KeyModifiers::SHIFT);
    assert_eq!(map.lookup(KeyTable::List, &z), Some(Action::Quit));
    assert_eq!(map.lookup(KeyTable::List, &char_key('q')), None);
    let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(map.lookup(KeyTable::List, &ctrl_c), None);
    let ctrl_t = key(KeyCode::Char('t'), KeyModifiers::CONTROL);
    assert_eq!(map.lookup(KeyTable::Text, &ctrl_t), Some(Action::Tag));
    assert_eq!(map.lookup(KeyTable::Text, &char_key('t')), None);
    assert_eq!(map.key(Action::Tag), "ctrl-t");
    assert_eq!(map.key(Action::Quit), "Z");
}

#[test]
fn mode_tables_have_their_own_keys() {
    let map = keymap_with("[keys.picker]\nconfirm = \"ctrl-y\"\n");
    let enter = key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(map.action_in(KeyTable::Picker, &enter), None);
    let ctrl_y = key(KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert_eq!(map.action_in(KeyTable::Picker, &ctrl_y), Some("confirm"));
    assert_eq!(map.action_in(KeyTable::Prompt, &enter), Some("confirm"));
    assert_eq!(map.label(KeyTable::Prompt, "cancel"), "esc");
}

#[test]
fn an_unbound_action_is_named_so() {
    let map = keymap_with("[keys]\nundo = []\n");
    assert_eq!(map.key(Action::Undo), "(unbound)");
}

#[test]
fn every_reading_action_of_the_config_has_an_action() {
    for table in [
        KeyTable::Global,
        KeyTable::List,
        KeyTable::Text,
        KeyTable::Notes,
    ] {
        for a in table.actions() {
            assert!(action_named(a.name).is_some(), "{table:?} {}", a.name);
        }
    }
}

#[test]
fn the_readme_documents_every_binding() {
    let readme = include_str!("../../../README.md");
    for table in KeyTable::ALL {
        for a in table.actions() {
            // One row stands for the nine role keys, one for the nine
            // version keys.
            let nine = ["fill-role-", "take-"];
            if nine.iter().any(|p| a.name.starts_with(p)) && !a.name.ends_with("-1") {
                continue;
            }
            assert!(
                readme.contains(a.description),
                "README lacks {:?}",
                a.description
            );
        }
    }
}
