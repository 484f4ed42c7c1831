//! The vocabulary of key bindings: the tables (`[keys]`, `[keys.text]`, …)
//! and the actions each one knows, by their kebab-case names. The default
//! keys are not here: they are in `assets/config.toml`, read like a user's.

/// A table of bindings: where in gloss its keys work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyTable {
    /// `[keys]`: while reading, in every pane (a pane's own table wins).
    Global,
    List,
    Text,
    Notes,
    Picker,
    Prompt,
    Note,
    Hints,
    Help,
    Span,
    /// `[keys.queue]`: the review queue (`review` in `[keys]` opens it).
    Review,
}

/// One bindable action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    pub name: &'static str,
    pub description: &'static str,
}

const fn act(name: &'static str, description: &'static str) -> ActionInfo {
    ActionInfo { name, description }
}

impl KeyTable {
    pub const ALL: [KeyTable; 11] = [
        KeyTable::Global,
        KeyTable::List,
        KeyTable::Text,
        KeyTable::Notes,
        KeyTable::Picker,
        KeyTable::Prompt,
        KeyTable::Note,
        KeyTable::Hints,
        KeyTable::Help,
        KeyTable::Span,
        KeyTable::Review,
    ];

    /// The name under `[keys]` (`text` for `[keys.text]`); `None` for `[keys]`.
    pub fn sub_name(self) -> Option<&'static str> {
        Some(match self {
            KeyTable::Global => return None,
            KeyTable::List => "list",
            KeyTable::Text => "text",
            KeyTable::Notes => "notes",
            KeyTable::Picker => "picker",
            KeyTable::Prompt => "prompt",
            KeyTable::Note => "note",
            KeyTable::Hints => "hints",
            KeyTable::Help => "help-screen",
            KeyTable::Span => "span",
            KeyTable::Review => "queue",
        })
    }

    /// The table's header as the file writes it: `keys` or `keys.text`.
    pub fn header(self) -> String {
        match self.sub_name() {
            None => "keys".to_owned(),
            Some(sub) => format!("keys.{sub}"),
        }
    }

    pub fn from_sub_name(name: &str) -> Option<KeyTable> {
        KeyTable::ALL
            .into_iter()
            .find(|t| t.sub_name() == Some(name))
    }

    /// Every action this table binds, in the order the help lists them.
    pub fn actions(self) -> &'static [ActionInfo] {
        match self {
            KeyTable::Global => GLOBAL,
            KeyTable::List => LIST,
            KeyTable::Text => TEXT,
            KeyTable::Notes => NOTES,
            KeyTable::Picker => PICKER,
            KeyTable::Prompt => PROMPT,
            KeyTable::Note => NOTE,
            KeyTable::Hints => HINTS,
            KeyTable::Help => HELP,
            KeyTable::Span => SPAN,
            KeyTable::Review => REVIEW,
        }
    }

    /// The action of this name in this table, with its `'static` name.
    pub fn action(self, name: &str) -> Option<&'static ActionInfo> {
        self.actions().iter().find(|a| a.name == name)
    }
}

// Descriptions are today's help texts, word for word (the README lists them).
#[rustfmt::skip]
const GLOBAL: &[ActionInfo] = &[
    act("quit", "quit (everything is already saved)"),
    act("help", "show this help"),
    act("focus-next", "next pane"),
    act("focus-prev", "previous pane"),
    act("prev-article", "previous article"),
    act("next-article", "next article"),
    act("up", "move up (in the list: select)"),
    act("down", "move down (in the list: select)"),
    act("top", "top of the article (list: first)"),
    act("bottom", "bottom of the article (list: last)"),
    act("search", "search in the article (in the list: every article)"),
    act("search-next", "next match"),
    act("search-prev", "previous match"),
    act("cancel", "drop the selection or message"),
    act("next-problem", "jump to the next problem in the article"),
    act("undo", "undo the last annotation change"),
    act("redo", "redo"),
    act("set-status", "set the article's status"),
    act("edit-article-note", "edit the article note (Esc ends)"),
    act("toggle-codes", "show / hide type codes in the text"),
    act("suspend", "suspend to the shell (fg resumes)"),
    act("next-to-do", "open the next article not done, reviewed or curated (wraps around)"),
    act("prev-to-do", "open the previous article not done, reviewed or curated (wraps around)"),
    act("review", "review queue: suggestions, problems, unreviewed (a filter form first)"),
    act("compare", "the annotators' views under the curated one (again: the next view's cursor, then closed)"),
    act("dashboard", "team dashboard: statuses, annotators, types, agreement, review rate"),
];

#[rustfmt::skip]
const LIST: &[ActionInfo] = &[
    act("page-up", "page up the list"),
    act("page-down", "page down the list"),
    act("open", "open the article, cursor on its first character"),
    act("filter-status", "show only the articles of one status (all, todo, in progress, done, reviewed, curation in progress, curated)"),
];

#[rustfmt::skip]
const TEXT: &[ActionInfo] = &[
    act("left", "move left"),
    act("right", "move right"),
    act("page-up", "page up"),
    act("page-down", "page down"),
    act("line-start", "start of the screen row"),
    act("line-end", "end of the screen row"),
    act("word-next", "next word"),
    act("word-prev", "previous word"),
    act("word-end", "end of word"),
    act("select", "start / end a selection"),
    act("tag", "tag the selection (or the word) as an entity"),
    act("event", "make the selection (or the word) an event trigger"),
    act("fill-role-1", "fill role 1 of the current event (numbered in the notes)"),
    act("fill-role-2", "fill role 2 of the current event"),
    act("fill-role-3", "fill role 3 of the current event"),
    act("fill-role-4", "fill role 4 of the current event"),
    act("fill-role-5", "fill role 5 of the current event"),
    act("fill-role-6", "fill role 6 of the current event"),
    act("fill-role-7", "fill role 7 of the current event"),
    act("fill-role-8", "fill role 8 of the current event"),
    act("fill-role-9", "fill role 9 of the current event"),
    act("remove-argument", "remove an argument of the current event"),
    act("accept", "accept the suggestion under the cursor"),
    act("reject", "reject (remove) the suggestion under the cursor"),
    act("change-role", "give an argument of the current event another role"),
    act("relate", "start a relation from the annotation under the cursor"),
    act("attributes", "set or clear an attribute of the annotation under the cursor"),
    act("delete", "delete the annotation under the cursor"),
    act("edit-note", "edit the note of the annotation under the cursor"),
    act("retype", "give the annotation under the cursor another type (links kept)"),
    act("edit-span", "edit the edges of the annotation under the cursor"),
    act("other-end", "move the other end of the selection"),
    act("propagate", "propose the annotation's type for its text in every article"),
    act("propagate-article", "the same in this article only (top, then propagate, does it too)"),
];

#[rustfmt::skip]
const NOTES: &[ActionInfo] = &[
    act("up", "scroll the notes up"),
    act("down", "scroll the notes down"),
    act("page-up", "page up the notes"),
    act("page-down", "page down the notes"),
];

#[rustfmt::skip]
const PICKER: &[ActionInfo] = &[
    act("up", "move up in a picker"),
    act("down", "move down in a picker"),
    act("confirm", "pick the highlighted choice"),
    act("cancel", "close the picker"),
];

#[rustfmt::skip]
const PROMPT: &[ActionInfo] = &[
    act("confirm", "search"),
    act("cancel", "cancel the prompt"),
];

#[rustfmt::skip]
const NOTE: &[ActionInfo] = &[
    act("end-note", "end note editing (the note is kept)"),
];

#[rustfmt::skip]
const HINTS: &[ActionInfo] = &[
    act("confirm", "use what is under the cursor"),
    act("cancel", "cancel"),
];

#[rustfmt::skip]
const HELP: &[ActionInfo] = &[
    act("up", "scroll the help up"),
    act("down", "scroll the help down"),
    act("page-up", "page up the help"),
    act("page-down", "page down the help"),
];

#[rustfmt::skip]
const SPAN: &[ActionInfo] = &[
    act("confirm", "apply the span's new edges (id, type and links kept)"),
    act("cancel", "leave the span as it was"),
];

#[rustfmt::skip]
const REVIEW: &[ActionInfo] = &[
    act("accept", "accept the item (a suggestion becomes an annotation; marked reviewed) and go on"),
    act("reject", "reject the item (removed) and go on"),
    act("skip", "skip the item: it comes back at the end of the queue"),
    act("undo", "undo the last decision and go back to its item"),
    act("retype", "give the item another type (then it counts as accepted)"),
    act("edit-span", "fix the item's span (then it counts as accepted)"),
    act("next", "next item, nothing decided"),
    act("prev", "previous item, nothing decided"),
    act("open", "open the article at the item (leaving it comes back here)"),
    act("leave", "leave the queue"),
    act("help", "show the help"),
    act("take-1", "on a disagreement: take annotator 1's version (numbered on screen)"),
    act("take-2", "take annotator 2's version"),
    act("take-3", "take annotator 3's version"),
    act("take-4", "take annotator 4's version"),
    act("take-5", "take annotator 5's version"),
    act("take-6", "take annotator 6's version"),
    act("take-7", "take annotator 7's version"),
    act("take-8", "take annotator 8's version"),
    act("take-9", "take annotator 9's version"),
    act("dashboard", "team dashboard: statuses, annotators, types, agreement, review rate"),
];
