//! Reading, the mode under all others: keys are looked up in the keymap
//! (the focused pane's bindings first) and their actions carried out here.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyTable;
use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, NoteTarget};
use crate::tui::panes::Pane;

use super::{HelpScreen, Mode, SearchPrompt};

impl App {
    /// A key while reading: the focused pane's table first, then `[keys]`.
    pub(crate) fn reading_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.lookup(self.reading_table(), &key);
        if let Some(effects) = self.leave_reviewed_article(action) {
            return effects;
        }
        if self.count_digit(&key, action) {
            return Vec::new();
        }
        let count = self.count.take();
        if let Some(effects) = self.top_then_propagate(action) {
            return effects;
        }
        match action {
            Some(action) => self.act_counted(action, count.unwrap_or(1)),
            None => Vec::new(),
        }
    }

    /// A digit typed as a count (`3` of `3w`): the first one while no event
    /// is current (on a trigger, or being built, `1`–`9` fill its roles),
    /// any one (`0` too) after it. True if `key` was taken.
    pub(crate) fn count_digit(&mut self, key: &KeyEvent, action: Option<Action>) -> bool {
        let KeyCode::Char(c @ '0'..='9') = key.code else {
            return false;
        };
        if !(key.modifiers - KeyModifiers::SHIFT).is_empty() || self.focus == Pane::Notes {
            return false;
        }
        let digit = c as usize - '0' as usize;
        let starts = digit > 0
            && match action {
                None => true,
                Some(Action::FillRole(_)) => self
                    .shown
                    .as_ref()
                    .is_none_or(|r| r.view.current_event(&r.article).is_none()),
                Some(_) => false,
            };
        match self.count {
            Some(n) => self.count = Some(n.saturating_mul(10).saturating_add(digit).min(MAX_COUNT)),
            None if starts => self.count = Some(digit),
            None => return false,
        }
        true
    }

    /// An action repeated `count` times if it is a motion; `]` and `[`
    /// move `count` articles at once.
    pub(crate) fn act_counted(&mut self, action: Action, count: usize) -> Vec<Effect> {
        if let Some(effects) = self.corpus_search_key(action, count) {
            return effects;
        }
        match action {
            Action::NextArticle => self.list_move(count as isize),
            Action::PrevArticle => self.list_move(-(count as isize)),
            Action::Down if self.focus == Pane::List => self.list_move(count as isize),
            Action::Up if self.focus == Pane::List => self.list_move(-(count as isize)),
            Action::NextToDo => self.next_to_do(count, false),
            Action::PrevToDo => self.next_to_do(count, true),
            _ if count > 1 && is_repeatable(action) => {
                let mut effects = Vec::new();
                for _ in 0..count {
                    effects.extend(self.act(action));
                }
                effects
            }
            _ => self.act(action),
        }
    }

    /// The table of the focused pane (the notes pane's own keys scroll it,
    /// in `App::notes_key`, before a key gets here).
    pub(crate) fn reading_table(&self) -> KeyTable {
        match self.focus {
            Pane::List => KeyTable::List,
            Pane::Text => KeyTable::Text,
            Pane::Notes => KeyTable::Global,
        }
    }

    /// The state change an action asks for.
    pub(crate) fn act(&mut self, action: Action) -> Vec<Effect> {
        if self.focus == Pane::List
            && let Some(effects) = self.list_action(action)
        {
            return effects;
        }
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Suspend => return vec![Effect::Suspend],
            Action::Review => self.mode = Mode::ReviewForm(Default::default()),
            Action::Compare => return self.compare(),
            Action::Dashboard => return self.open_dashboard(),
            Action::Help => self.mode = Mode::Help(HelpScreen { scroll: 0 }),
            Action::FocusNext | Action::FocusPrev => {
                let order = [Pane::List, Pane::Text, Pane::Notes];
                let i = order.iter().position(|p| *p == self.focus).unwrap_or(0);
                let step = if action == Action::FocusNext { 1 } else { 2 };
                self.focus = order[(i + step) % 3];
            }
            Action::Cancel => {
                self.message = None;
                self.search_shown = false;
                if let Some(r) = &mut self.shown {
                    r.view.anchor = None;
                    r.view.event = None;
                }
            }
            Action::Open => {
                let effects = self.select(self.selected);
                self.focus = Pane::Text;
                if let Some(r) = &mut self.shown {
                    r.view.move_to(&r.article, 0);
                    r.view.top = 0;
                }
                return effects;
            }
            Action::PrevArticle => return self.list_move(-1),
            Action::NextArticle => return self.list_move(1),
            Action::NextToDo => return self.next_to_do(1, false),
            Action::PrevToDo => return self.next_to_do(1, true),
            Action::FilterStatus => return self.cycle_list_filter(),
            Action::SearchStart => {
                self.mode = Mode::Search(SearchPrompt {
                    query: String::new(),
                    backwards: false,
                })
            }
            Action::SearchNext => self.repeat_search(false),
            Action::SearchPrev => self.repeat_search(true),
            Action::ToggleCodes => {
                self.show_codes = !self.show_codes;
                if self.no_color {
                    self.say("type codes are always shown without colour");
                }
            }
            edit => return self.edit_action(edit),
        }
        Vec::new()
    }

    /// Moves in the article list, when it has the focus.
    fn list_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        let page = self.list_height() as isize;
        let rows = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => return None,
        };
        Some(self.list_move(rows))
    }

    /// Annotation edits, then cursor motions in the text.
    fn edit_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Tag => self.start_tag(),
            Action::Event => self.start_event(),
            Action::FillRole(n) => return self.start_fill(n as usize),
            Action::RemoveArgument => self.start_remove_argument(),
            Action::Accept => return self.settle_suggestion(true),
            Action::Reject => return self.settle_suggestion(false),
            Action::ChangeRole => self.start_change_role(),
            Action::Relate => {
                return self.choose_target("Relate which annotation?", true, |app, id| {
                    app.start_relation(id)
                });
            }
            Action::Attributes => {
                return self.choose_target("Attributes of which annotation?", false, |app, id| {
                    app.start_attributes(id);
                    Vec::new()
                });
            }
            Action::NextProblem => self.next_problem(),
            Action::Delete => {
                return self
                    .choose_target("Delete which annotation?", false, |app, id| app.delete(id));
            }
            Action::Undo => return self.undo(false),
            Action::Redo => return self.undo(true),
            Action::SetStatus => self.start_status(),
            Action::EditArticleNote => self.start_note(NoteTarget::Article),
            Action::Retype => return self.start_retype(),
            Action::EditSpan => return self.start_span_edit(),
            Action::Propagate => return self.start_propagate(false),
            Action::PropagateArticle => return self.start_propagate(true),
            Action::EditSpanNote => {
                return self.choose_target(
                    "Write a note on which annotation?",
                    false,
                    |app, id| {
                        app.start_note(NoteTarget::Annotation(id.to_owned()));
                        Vec::new()
                    },
                );
            }
            motion => self.motion(motion),
        }
        Vec::new()
    }

    /// Cursor motions and selection in the article text.
    fn motion(&mut self, action: Action) {
        self.forget_search_message();
        let page = self.text_view().height as usize;
        // `compare`: an annotator's view may have the motions.
        let r = match self.split_has_focus() {
            true => self.split_view_in_focus(),
            false => self.shown.as_mut(),
        };
        let Some(r) = r else { return };
        match action {
            Action::Up => r.view.vertical(&r.article, -1),
            Action::Down => r.view.vertical(&r.article, 1),
            Action::Left => r.view.left(&r.article),
            Action::Right => r.view.right(&r.article),
            Action::PageUp => r.view.page(&r.article, -1, page),
            Action::PageDown => r.view.page(&r.article, 1, page),
            Action::Top => r.view.move_to(&r.article, 0),
            Action::Bottom => r.view.move_to(&r.article, usize::MAX),
            Action::LineStart => r.view.row_start(&r.article),
            Action::LineEnd => r.view.row_end(&r.article),
            Action::WordNext => r.view.word_next(&r.article),
            Action::WordPrev => r.view.word_prev(&r.article),
            Action::WordEnd => r.view.word_end(&r.article),
            Action::OtherEnd => {
                if let Some(anchor) = r.view.anchor {
                    r.view.anchor = Some(r.view.cursor);
                    r.view.move_to(&r.article, anchor);
                }
            }
            Action::ToggleSelect => {
                r.view.anchor = match r.view.anchor {
                    Some(_) => None,
                    None => Some(r.view.cursor),
                }
            }
            _ => {}
        }
    }
}

/// The largest count: more would only stall on a long article.
const MAX_COUNT: usize = 9999;

/// The motions a count repeats.
pub(crate) fn is_repeatable(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::Left
            | Action::Right
            | Action::PageUp
            | Action::PageDown
            | Action::WordNext
            | Action::WordPrev
            | Action::WordEnd
            | Action::SearchNext
            | Action::SearchPrev
    )
}
