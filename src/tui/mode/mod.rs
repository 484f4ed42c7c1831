//! The modes keys can be in, and what each does with its keys. A picker or
//! a hint prompt holds what its choice does as a continuation, so a new
//! use of one is a closure where it starts, not a new enum variant.

pub mod confirm;
pub mod dashboard;
pub mod help;
pub mod hints;
pub mod note;
pub mod picker;
pub mod prompt;
mod reading;
pub mod review;
pub mod review_form;
pub mod span_edit;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::Effect;
use super::app::App;
use crate::config::KeyTable;
pub use confirm::ConfirmMode;
pub use dashboard::Dashboard;
pub use help::HelpScreen;
pub use hints::HintsMode;
pub use note::NoteEditor;
pub use picker::PickerMode;
pub use prompt::SearchPrompt;
pub use review::ReviewMode;
pub use review_form::ReviewForm;
pub use span_edit::SpanEdit;

/// What keys go to: the mode list. Each mode is its own type, in its own
/// file, with its own key handling and drawing; adding a mode is a file and
/// a line here.
#[derive(Debug)]
pub enum Mode {
    /// Reading: keys are looked up in the panes' tables (`reading.rs`).
    Normal,
    Search(SearchPrompt),
    Pick(PickerMode),
    Note(NoteEditor),
    Help(HelpScreen),
    Hint(HintsMode),
    /// A question on the status line, answered once.
    Confirm(ConfirmMode),
    /// Moving the edges of an annotation's span (`span_edit.rs`).
    Span(SpanEdit),
    /// The review queue (`review.rs`; the session is `App::review`).
    Review(ReviewMode),
    /// The review queue's filter form (`review_form.rs`).
    ReviewForm(ReviewForm),
    /// The team dashboard (`dashboard.rs`).
    Dashboard(Dashboard),
}

impl Mode {
    /// The mode's name on the status line.
    pub fn label(&self) -> &'static str {
        match self {
            Mode::Normal => "READ",
            Mode::Search(SearchPrompt { .. }) => "SEARCH",
            Mode::Pick(PickerMode { .. }) => "PICK",
            Mode::Note(NoteEditor { .. }) => "NOTE",
            Mode::Help(HelpScreen { .. }) => "HELP",
            Mode::Hint(HintsMode { .. }) => "HINT",
            Mode::Confirm(_) => "CONFIRM",
            Mode::Span(SpanEdit { .. }) => "SPAN",
            Mode::Review(_) => "REVIEW",
            Mode::ReviewForm(_) => "FILTER",
            Mode::Dashboard(_) => "TEAM",
        }
    }

    /// The hints still matching what was typed (none outside hint mode).
    pub fn visible_hints(&self) -> Vec<Hint> {
        match self {
            Mode::Hint(HintsMode { hints, typed, .. }) => hints
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
            Mode::Pick(m) => m.draw(app, text, buf),
            Mode::Help(m) => m.draw(app, screen, buf),
            Mode::ReviewForm(m) => m.draw(app, screen, buf),
            Mode::Dashboard(m) => m.draw(app, screen, buf),
            _ => {}
        }
    }

    /// The config table the mode reads its own keys from (`None`: reading,
    /// whose table depends on the focused pane).
    pub fn key_table(&self) -> Option<KeyTable> {
        match self {
            Mode::Normal => None,
            Mode::Search(_) => Some(KeyTable::Prompt),
            Mode::Pick(_) => Some(KeyTable::Picker),
            Mode::Note(_) => Some(KeyTable::Note),
            Mode::Help(_) => Some(KeyTable::Help),
            Mode::Hint(_) => Some(KeyTable::Hints),
            Mode::Confirm(_) => Some(KeyTable::Picker),
            Mode::Span(_) => Some(KeyTable::Span),
            Mode::Review(_) => Some(KeyTable::Review),
            Mode::ReviewForm(_) => Some(KeyTable::Picker),
            Mode::Dashboard(_) => Some(KeyTable::Help),
        }
    }

    /// Hands a key to the mode, which owns it meanwhile: a mode that stays
    /// puts itself back into `app.mode`; one that ends leaves what its
    /// continuation set (reading, or the next mode).
    pub fn handle(self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        match self {
            Mode::Normal => app.reading_key(key),
            Mode::Search(m) => m.handle(key, app),
            Mode::Pick(m) => m.handle(key, app),
            Mode::Note(m) => m.handle(key, app),
            Mode::Help(m) => m.handle(key, app),
            Mode::Hint(m) => m.handle(key, app),
            Mode::Confirm(m) => m.handle(key, app),
            Mode::Span(m) => m.handle(key, app),
            Mode::Review(m) => m.handle(key, app),
            Mode::ReviewForm(m) => m.handle(key, app),
            Mode::Dashboard(m) => m.handle(key, app),
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
