//! The keys in force, built from the configuration (`assets/config.toml`
//! merged with the user's file): crossterm's key events become the
//! config's `KeyChord`s and are looked up per table. Key handling, the help
//! screen and every message that names a key read this one keymap.

use crossterm::event::{KeyCode as Code, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::config::{self, KeyChord, KeyCode, KeyTable};

/// The bindings in force: per table, each action with its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    keys: config::Keys,
}

impl Default for Keymap {
    /// gloss's own keys (`assets/config.toml`).
    fn default() -> Self {
        Self::new(&config::Config::defaults())
    }
}

/// The config's spelling of a key event; None for keys no table can bind.
pub fn chord_of(ev: &KeyEvent) -> Option<KeyChord> {
    let mut shift = ev.modifiers.contains(KeyModifiers::SHIFT);
    let code = match ev.code {
        // Shift is part of the character ('G', '?').
        Code::Char(c) => {
            shift = false;
            KeyCode::Char(c)
        }
        Code::BackTab => {
            shift = true;
            KeyCode::Tab
        }
        Code::F(n) => KeyCode::F(n),
        Code::Enter => KeyCode::Enter,
        Code::Esc => KeyCode::Esc,
        Code::Tab => KeyCode::Tab,
        Code::Backspace => KeyCode::Backspace,
        Code::Delete => KeyCode::Delete,
        Code::Insert => KeyCode::Insert,
        Code::Up => KeyCode::Up,
        Code::Down => KeyCode::Down,
        Code::Left => KeyCode::Left,
        Code::Right => KeyCode::Right,
        Code::Home => KeyCode::Home,
        Code::End => KeyCode::End,
        Code::PageUp => KeyCode::PageUp,
        Code::PageDown => KeyCode::PageDown,
        _ => return None,
    };
    let mut chord = KeyChord {
        code,
        ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        alt: ev.modifiers.contains(KeyModifiers::ALT),
        shift,
    };
    // The config writes ctrl-letters in lower case ("ctrl-r").
    if let KeyCode::Char(c) = chord.code
        && chord.ctrl
    {
        chord.code = KeyCode::Char(c.to_ascii_lowercase());
    }
    Some(chord)
}

impl Keymap {
    pub fn new(config: &config::Config) -> Self {
        Self {
            keys: config.keys.clone(),
        }
    }

    /// The name of the action `ev` does in `table` alone.
    pub fn action_in(&self, table: KeyTable, ev: &KeyEvent) -> Option<&'static str> {
        let chord = chord_of(ev)?;
        self.keys
            .table(table)
            .iter()
            .find(|(_, keys)| keys.contains(&chord))
            .map(|(name, _)| *name)
    }

    /// The action a key does while reading with `pane` (a pane's table)
    /// focused: the pane's own bindings first, then `[keys]`.
    pub fn lookup(&self, pane: KeyTable, ev: &KeyEvent) -> Option<Action> {
        let in_pane = self.action_in(pane, ev).and_then(action_named);
        in_pane.or_else(|| self.action_in(KeyTable::Global, ev).and_then(action_named))
    }

    /// The keys of `action` in `table`, as the config spells them.
    pub fn labels(&self, table: KeyTable, action: &str) -> Vec<String> {
        self.keys
            .table(table)
            .iter()
            .find(|(name, _)| *name == action)
            .map_or_else(Vec::new, |(_, keys)| {
                keys.iter().map(KeyChord::label).collect()
            })
    }

    /// How a message names the key of `action` in `table`: its first key,
    /// or `(unbound)`.
    pub fn label(&self, table: KeyTable, action: &str) -> String {
        let labels = self.labels(table, action);
        labels
            .into_iter()
            .next()
            .unwrap_or_else(|| "(unbound)".to_owned())
    }

    /// How a message names the key of a reading action.
    pub fn key(&self, action: Action) -> String {
        let (table, name) = name_of(action);
        self.label(table, name)
    }
}

/// Reading actions by their config names (`[keys]`, `[keys.list]`,
/// `[keys.text]`, `[keys.notes]` share one vocabulary).
#[rustfmt::skip]
const NAMES: &[(&str, KeyTable, Action)] = &[
    ("quit", KeyTable::Global, Action::Quit),
    ("help", KeyTable::Global, Action::Help),
    ("focus-next", KeyTable::Global, Action::FocusNext),
    ("focus-prev", KeyTable::Global, Action::FocusPrev),
    ("prev-article", KeyTable::Global, Action::PrevArticle),
    ("next-article", KeyTable::Global, Action::NextArticle),
    ("up", KeyTable::Global, Action::Up),
    ("down", KeyTable::Global, Action::Down),
    ("top", KeyTable::Global, Action::Top),
    ("bottom", KeyTable::Global, Action::Bottom),
    ("search", KeyTable::Global, Action::SearchStart),
    ("search-next", KeyTable::Global, Action::SearchNext),
    ("search-prev", KeyTable::Global, Action::SearchPrev),
    ("cancel", KeyTable::Global, Action::Cancel),
    ("next-problem", KeyTable::Global, Action::NextProblem),
    ("undo", KeyTable::Global, Action::Undo),
    ("redo", KeyTable::Global, Action::Redo),
    ("set-status", KeyTable::Global, Action::SetStatus),
    ("edit-article-note", KeyTable::Global, Action::EditArticleNote),
    ("toggle-codes", KeyTable::Global, Action::ToggleCodes),
    ("suspend", KeyTable::Global, Action::Suspend),
    ("next-to-do", KeyTable::Global, Action::NextToDo),
    ("prev-to-do", KeyTable::Global, Action::PrevToDo),
    ("filter-status", KeyTable::List, Action::FilterStatus),
    ("review", KeyTable::Global, Action::Review),
    ("compare", KeyTable::Global, Action::Compare),
    ("dashboard", KeyTable::Global, Action::Dashboard),
    ("open", KeyTable::List, Action::Open),
    ("page-up", KeyTable::Text, Action::PageUp),
    ("page-down", KeyTable::Text, Action::PageDown),
    ("left", KeyTable::Text, Action::Left),
    ("right", KeyTable::Text, Action::Right),
    ("line-start", KeyTable::Text, Action::LineStart),
    ("line-end", KeyTable::Text, Action::LineEnd),
    ("word-next", KeyTable::Text, Action::WordNext),
    ("word-prev", KeyTable::Text, Action::WordPrev),
    ("word-end", KeyTable::Text, Action::WordEnd),
    ("select", KeyTable::Text, Action::ToggleSelect),
    ("tag", KeyTable::Text, Action::Tag),
    ("event", KeyTable::Text, Action::Event),
    ("remove-argument", KeyTable::Text, Action::RemoveArgument),
    ("accept", KeyTable::Text, Action::Accept),
    ("reject", KeyTable::Text, Action::Reject),
    ("change-role", KeyTable::Text, Action::ChangeRole),
    ("relate", KeyTable::Text, Action::Relate),
    ("attributes", KeyTable::Text, Action::Attributes),
    ("delete", KeyTable::Text, Action::Delete),
    ("edit-note", KeyTable::Text, Action::EditSpanNote),
    ("retype", KeyTable::Text, Action::Retype),
    ("edit-span", KeyTable::Text, Action::EditSpan),
    ("propagate", KeyTable::Text, Action::Propagate),
    ("propagate-article", KeyTable::Text, Action::PropagateArticle),
    ("other-end", KeyTable::Text, Action::OtherEnd),
];

/// The reading action a config name stands for.
fn action_named(name: &str) -> Option<Action> {
    if let Some(n) = name.strip_prefix("fill-role-") {
        return n.parse().ok().map(Action::FillRole);
    }
    NAMES.iter().find(|(n, ..)| *n == name).map(|&(.., a)| a)
}

/// The table and name a reading action is bound under.
fn name_of(action: Action) -> (KeyTable, &'static str) {
    const FILL: [&str; 9] = [
        "fill-role-1",
        "fill-role-2",
        "fill-role-3",
        "fill-role-4",
        "fill-role-5",
        "fill-role-6",
        "fill-role-7",
        "fill-role-8",
        "fill-role-9",
    ];
    if let Action::FillRole(n) = action {
        let i = usize::from(n.clamp(1, 9)) - 1;
        return (KeyTable::Text, FILL[i]);
    }
    NAMES
        .iter()
        .find(|&&(.., a)| a == action)
        .map_or((KeyTable::Global, "?"), |&(n, t, _)| (t, n))
}

#[cfg(test)]
pub(crate) mod tests;
