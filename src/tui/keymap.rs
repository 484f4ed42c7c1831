//! The key table: every binding with the pane it works in and a description.
//! Key handling and the help screen both read this one table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Every pane.
    Global,
    List,
    Text,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Article list",
            Context::Text => "Article text",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub context: Context,
    pub action: Action,
    pub description: &'static str,
}

const fn bind(
    keys: &'static [Key],
    context: Context,
    action: Action,
    description: &'static str,
) -> Binding {
    Binding {
        keys,
        context,
        action,
        description,
    }
}

use Context::{Global, List, Text};
use KeyCode::{BackTab, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up};

/// The default bindings. Pane-specific ones are looked up before global ones.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(
        &[k('q')],
        Global,
        Action::Quit,
        "quit (everything is already saved)",
    ),
    bind(&[k('?')], Global, Action::Help, "show this help"),
    bind(&[code(Tab)], Global, Action::FocusNext, "next pane"),
    bind(&[code(BackTab)], Global, Action::FocusPrev, "previous pane"),
    bind(&[code(PageUp)], List, Action::PageUp, "page up the list"),
    bind(
        &[code(PageDown)],
        List,
        Action::PageDown,
        "page down the list",
    ),
    bind(&[k('[')], Global, Action::PrevArticle, "previous article"),
    bind(&[k(']')], Global, Action::NextArticle, "next article"),
    bind(
        &[k('k'), code(Up)],
        Global,
        Action::Up,
        "move up (in the list: select)",
    ),
    bind(
        &[k('j'), code(Down)],
        Global,
        Action::Down,
        "move down (in the list: select)",
    ),
    bind(&[k('h'), code(Left)], Text, Action::Left, "move left"),
    bind(&[k('l'), code(Right)], Text, Action::Right, "move right"),
    bind(&[code(PageUp), ctrl('b')], Text, Action::PageUp, "page up"),
    bind(
        &[code(PageDown), k(' '), ctrl('f')],
        Text,
        Action::PageDown,
        "page down",
    ),
    bind(
        &[k('g'), code(Home)],
        Global,
        Action::Top,
        "top of the article (list: first)",
    ),
    bind(
        &[k('G'), code(End)],
        Global,
        Action::Bottom,
        "bottom of the article (list: last)",
    ),
    bind(
        &[k('0')],
        Text,
        Action::LineStart,
        "start of the screen row",
    ),
    bind(&[k('$')], Text, Action::LineEnd, "end of the screen row"),
    bind(
        &[code(Enter)],
        List,
        Action::Open,
        "open the article, cursor on its first character",
    ),
    bind(
        &[k('/')],
        Global,
        Action::SearchStart,
        "search in the article",
    ),
    bind(&[k('n')], Global, Action::SearchNext, "next match"),
    bind(&[k('N')], Global, Action::SearchPrev, "previous match"),
    bind(&[k('w')], Text, Action::WordNext, "next word"),
    bind(&[k('b')], Text, Action::WordPrev, "previous word"),
    bind(&[k('E')], Text, Action::WordEnd, "end of word"),
    bind(
        &[k('v')],
        Text,
        Action::ToggleSelect,
        "start / end a selection",
    ),
    bind(
        &[code(Esc)],
        Global,
        Action::Cancel,
        "drop the selection or message",
    ),
    bind(
        &[k('t')],
        Text,
        Action::Tag,
        "tag the selection (or the word) as an entity",
    ),
    bind(&[k('e')], Text, Action::Event, "make the selection (or the word) an event trigger"),
    bind(&[k('1'), k('2'), k('3'), k('4'), k('5'), k('6'), k('7'), k('8'), k('9')], Text, Action::FillRole(0), "fill that role of the current event (numbered in the notes)"),
    bind(&[k('X')], Text, Action::RemoveArgument, "remove an argument of the current event"),
    bind(&[k('y')], Text, Action::Accept, "accept the suggestion under the cursor"),
    bind(&[k('x')], Text, Action::Reject, "reject (remove) the suggestion under the cursor"),
    bind(&[k('R')], Text, Action::ChangeRole, "give an argument of the current event another role"),
    bind(&[k('r')], Text, Action::Relate, "start a relation from the annotation under the cursor"),
    bind(&[k('A')], Text, Action::Attributes, "set or clear an attribute of the annotation under the cursor"),
    bind(&[k('!')], Global, Action::NextProblem, "jump to the next problem in the article"),
    bind(&[k('d')], Text, Action::Delete, "delete the annotation under the cursor"),
    bind(
        &[k('u')],
        Global,
        Action::Undo,
        "undo the last annotation change",
    ),
    bind(&[ctrl('r')], Global, Action::Redo, "redo"),
    bind(
        &[k('m')],
        Global,
        Action::SetStatus,
        "set the article's status",
    ),
    bind(
        &[k('i')],
        Global,
        Action::EditArticleNote,
        "edit the article note (Esc ends)",
    ),
    bind(
        &[k('a')],
        Text,
        Action::EditSpanNote,
        "edit the note of the annotation under the cursor",
    ),
    bind(
        &[k('c')],
        Global,
        Action::ToggleCodes,
        "show / hide type codes in the text",
    ),
    bind(
        &[ctrl('z')],
        Global,
        Action::Suspend,
        "suspend to the shell (fg resumes)",
    ),
    bind(&[ctrl('c')], Global, Action::Quit, "quit"),
];

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        // Shift is part of the character ('G', '?'), so it only counts for
        // named keys.
        let mods = match ev.code {
            KeyCode::Char(_) => ev.modifiers - KeyModifiers::SHIFT,
            _ => ev.modifiers,
        };
        self.code == ev.code && self.mods == mods
    }

    /// How the help screen writes the key.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// The bindings in force: today the built-in table; the user's settings
/// will build one of these instead.
#[derive(Clone, Copy)]
pub struct Keymap {
    bindings: &'static [Binding],
}

impl Default for Keymap {
    fn default() -> Self {
        Self { bindings: BINDINGS }
    }
}

impl std::fmt::Debug for Keymap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keymap({} bindings)", self.bindings.len())
    }
}

impl Keymap {
    /// Every binding, in help-screen order.
    pub fn bindings(&self) -> &'static [Binding] {
        self.bindings
    }

    /// The action bound to a key in a pane: the pane's own bindings first.
    pub fn lookup(&self, context: Context, ev: &KeyEvent) -> Option<Action> {
        lookup_in(self.bindings, context, ev)
    }
}

/// The action bound to a key in a pane with the built-in bindings.
pub fn lookup(context: Context, ev: &KeyEvent) -> Option<Action> {
    lookup_in(BINDINGS, context, ev)
}

fn lookup_in(bindings: &[Binding], context: Context, ev: &KeyEvent) -> Option<Action> {
    let find = |ctx: Context| {
        bindings
            .iter()
            .find(|b| b.context == ctx && b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    };
    match find(context).or_else(|| find(Context::Global))? {
        // One binding stands for nine keys: the digit says which role.
        Action::FillRole(_) => match ev.code {
            KeyCode::Char(c) => c.to_digit(10).map(|d| Action::FillRole(d as u8)),
            _ => None,
        },
        action => Some(action),
    }
}

/// Keys of the prompt-like modes, where other keys are text. Shown on the
/// help screen under the bindings.
pub const MODE_KEYS: &[(&str, &str)] = &[
    ("Enter", "search / pick the highlighted choice"),
    ("Esc", "cancel the prompt or picker; end note editing"),
    ("↑ ↓ / Ctrl-p Ctrl-n", "move in a picker"),
    ("Backspace", "delete the last typed character"),
    (
        "· ~ ✓ ★ !",
        "list marks: todo, in progress, done, reviewed, unreadable",
    ),
    (
        "u / Ctrl-r",
        "undo history lasts until gloss quits; it is not kept on disk",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(c, m)
    }

    #[test]
    fn pane_bindings_win_over_global_ones() {
        let bracket = key(KeyCode::Char(']'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Text, &bracket), Some(Action::NextArticle));
        assert_eq!(lookup(Context::List, &bracket), Some(Action::NextArticle));
        let page = key(KeyCode::PageDown, KeyModifiers::NONE);
        assert_eq!(lookup(Context::List, &page), Some(Action::PageDown));
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(lookup(Context::List, &enter), Some(Action::Open));
        assert_eq!(lookup(Context::Text, &enter), None);
        let t = key(KeyCode::Char('t'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Text, &t), Some(Action::Tag));
        assert_eq!(lookup(Context::List, &t), None);
    }

    #[test]
    fn digits_name_the_role_to_fill() {
        let three = key(KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Text, &three), Some(Action::FillRole(3)));
        assert_eq!(lookup(Context::List, &three), None);
    }

    #[test]
    fn shifted_characters_and_control_keys_match() {
        let g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Text, &g), Some(Action::Bottom));
        let r = key(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Text, &r), Some(Action::Redo));
        let plain_z = key(KeyCode::Char('z'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Text, &plain_z), None);
    }

    #[test]
    fn the_readme_documents_every_binding() {
        let readme = include_str!("../../README.md");
        for b in BINDINGS {
            assert!(
                readme.contains(b.description),
                "README lacks {:?}",
                b.description
            );
        }
    }

    #[test]
    fn every_action_has_one_description_and_a_key() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty() && !b.description.is_empty());
        }
    }
}
