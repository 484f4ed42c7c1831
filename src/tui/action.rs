//! What a key means (actions) and what an update asks the shell to do
//! (effects). Effects are the only way the app touches the world.

use crate::article::Article;

/// Everything the user can ask for with a bound key. Text typed into a
/// prompt, picker or note editor arrives as `Input` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    LineStart,
    LineEnd,
    Open,
    PrevArticle,
    NextArticle,
    SearchStart,
    SearchNext,
    SearchPrev,
    WordNext,
    WordPrev,
    WordEnd,
    ToggleSelect,
    Cancel,
    Tag,
    Event,
    /// Fill role number N (1-based) of the current event.
    FillRole(u8),
    RemoveArgument,
    Accept,
    Reject,
    ChangeRole,
    Relate,
    Attributes,
    NextProblem,
    Delete,
    Undo,
    Redo,
    SetStatus,
    EditArticleNote,
    EditSpanNote,
    /// Give the annotation under the cursor another type, in place.
    Retype,
    /// Edit the edges of the annotation under the cursor.
    EditSpan,
    /// Switch the selection's active end to its other end.
    OtherEnd,
    /// The annotators' views under the curated one; again: the next
    /// view's cursor; after the last: closed.
    Compare,
    /// `*`: propose the annotation's type for its text across the corpus.
    Propagate,
    /// `g*`: the same, in this article only.
    PropagateArticle,
    ToggleCodes,
    Suspend,
    /// Open the next article not done, reviewed or curated (`}`).
    NextToDo,
    /// Open the previous article not done, reviewed or curated (`{`).
    PrevToDo,
    /// Step the list's status filter on (all, todo, …).
    FilterStatus,
    /// Open the review queue's filter form.
    Review,
    /// Open the team dashboard (`mode/dashboard.rs`).
    Dashboard,
}

/// Work for the shell, whose results come back as messages.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Read article `entry` from disk and hand it back as `Msg::Loaded`.
    Load(usize),
    /// Run `job` in the background; its events come back as `Msg::Job`.
    Start {
        id: super::jobs::JobId,
        job: super::jobs::Job,
    },
    /// Stop a job and drop what it still sends.
    Cancel(super::jobs::JobId),
    /// Put these bytes at this path (the autosaver decides when).
    Persist {
        path: std::path::PathBuf,
        json: String,
    },
    Suspend,
    Quit,
}

/// A loaded article on its way back from the shell.
pub type Loaded = Box<Article>;
