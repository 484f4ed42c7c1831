//! The search prompt: typed text is the query, confirm (enter) searches,
//! cancel (esc) or backspace on an empty query closes it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Mode;
use crate::config::KeyTable;
use crate::text::escape;
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::panes::Pane;

/// The search prompt: what is typed so far, and which way it searches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchPrompt {
    pub query: String,
    pub backwards: bool,
}

impl SearchPrompt {
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        let query = &mut self.query;
        match (app.keymap.action_in(KeyTable::Prompt, &key), key.code) {
            (Some("cancel"), _) => return Vec::new(),
            // From the list pane, `/` searches every article.
            (Some("confirm"), _) if app.focus == Pane::List && !query.is_empty() => {
                return app.start_corpus_search(self.query);
            }
            (Some("confirm"), _) => {
                if !self.query.is_empty() {
                    app.last_search = Some((self.query, self.backwards));
                }
                app.repeat_search(false);
                return Vec::new();
            }
            (_, KeyCode::Backspace) if query.pop().is_none() => return Vec::new(),
            (_, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                query.push(c)
            }
            _ => {}
        }
        app.mode = Mode::Search(self);
        Vec::new()
    }
}

impl App {
    /// Moves to the next match of the last search (`reverse` flips its direction).
    pub(crate) fn repeat_search(&mut self, reverse: bool) {
        let Some((query, backwards)) = self.last_search.clone() else {
            let search = self.key_name(crate::tui::action::Action::SearchStart);
            self.say(format!("no search yet: {search} starts one"));
            return;
        };
        let height = self.text_view().height as usize;
        let Some(r) = &mut self.shown else { return };
        match r
            .article
            .text
            .find_from(&query, r.view.cursor, backwards != reverse)
        {
            Some(at) => {
                let wrapped = if backwards != reverse {
                    at >= r.view.cursor
                } else {
                    at <= r.view.cursor
                };
                r.view.move_to(&r.article, at);
                r.view.reveal_with_context(&r.article, height);
                let all = r.article.text.matches_in(&query, 0, usize::MAX);
                let nth = all.partition_point(|&m| m < at) + 1;
                let mut text = format!("{}: {nth}/{}", escape(&query), all.len().max(nth));
                if wrapped {
                    text.push_str(", search wrapped around");
                }
                self.focus = Pane::Text;
                self.say(text);
            }
            None => self.warn(format!("not found: {}", escape(&query))),
        }
        self.search_shown = true;
        self.search_said = self.message.as_ref().map(|m| m.text.clone());
    }

    /// A motion ends what the last search said (its count or its failure).
    pub(crate) fn forget_search_message(&mut self) {
        if self.message.as_ref().map(|m| &m.text) == self.search_said.as_ref() {
            self.message = None;
        }
        self.search_said = None;
    }
}
