//! The modes keys can be in, and what each does with its keys. A picker or
//! a hint prompt holds what its choice does as a continuation, so a new
//! use of one is a closure where it starts, not a new enum variant.

pub mod help;
mod hints;
mod note;
pub mod picker;
mod prompt;
mod reading;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::action::Effect;
use super::app::{App, NoteTarget};
use super::panes::Pane;
use super::picker::Picker;

/// What keys go to.
#[derive(Debug)]
pub enum Mode {
    Normal,
    /// The search prompt.
    Search {
        query: String,
        backwards: bool,
    },
    Pick {
        picker: Picker,
        on_pick: OnPick,
    },
    Note {
        editor: Box<TextArea<'static>>,
        target: NoteTarget,
        /// What the edit may change, recorded for undo when it ends.
        before: Box<crate::history::DocChange>,
        /// The pane to go back to when editing ends.
        back: Pane,
    },
    Help {
        scroll: usize,
    },
    /// Letters over the annotations on screen; typing one picks it.
    Hint {
        hints: Vec<Hint>,
        typed: String,
        on_choose: OnChoose,
    },
}

impl Mode {
    /// The mode's name on the status line.
    pub fn label(&self) -> &'static str {
        match self {
            Mode::Normal => "READ",
            Mode::Search { .. } => "SEARCH",
            Mode::Pick { .. } => "PICK",
            Mode::Note { .. } => "NOTE",
            Mode::Help { .. } => "HELP",
            Mode::Hint { .. } => "HINT",
        }
    }

    /// The hints still matching what was typed (none outside hint mode).
    pub fn visible_hints(&self) -> Vec<Hint> {
        match self {
            Mode::Hint { hints, typed, .. } => hints
                .iter()
                .filter(|h| h.label.starts_with(typed.as_str()))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Draws the mode's pop-up, if it has one, over the panes: `text` is the
    /// text pane, `screen` the whole screen.
    pub fn draw_over(&self, app: &App, text: Rect, screen: Rect, buf: &mut Buffer) {
        match self {
            Mode::Pick { picker, .. } => picker::draw(picker, app, text, buf),
            Mode::Help { scroll } => help::draw(*scroll, &app.keymap, &app.theme, screen, buf),
            _ => {}
        }
    }
}

/// A candidate shown with a hint label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub label: String,
    /// The annotation id it stands for (an entity or an event).
    pub id: String,
    /// Where its label is drawn.
    pub start: usize,
}

/// The choice made in a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    /// Its place among the picker's choices.
    pub index: usize,
    pub code: String,
}

type PickFn = dyn FnOnce(&mut App, Picked) -> Vec<Effect>;

/// What a picker's choice does.
pub struct OnPick(pub(super) Box<PickFn>);

impl OnPick {
    pub fn new(then: impl FnOnce(&mut App, Picked) -> Vec<Effect> + 'static) -> Self {
        Self(Box::new(then))
    }
}

impl std::fmt::Debug for OnPick {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnPick(..)")
    }
}

type ChooseFn = dyn FnOnce(&mut App, Option<String>) -> Vec<Effect>;

/// What a hint prompt's answer does: the id of the annotation whose hint
/// was typed, or None for Enter (what is under the cursor).
pub struct OnChoose(pub(super) Box<ChooseFn>);

impl OnChoose {
    pub fn new(then: impl FnOnce(&mut App, Option<String>) -> Vec<Effect> + 'static) -> Self {
        Self(Box::new(then))
    }
}

impl std::fmt::Debug for OnChoose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnChoose(..)")
    }
}

#[cfg(test)]
mod tests;
