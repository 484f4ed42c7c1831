//! The search prompt: typed text is the query, confirm (enter) searches,
//! cancel (esc) or backspace on an empty query closes it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Mode;
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::{App, Message};
use crate::tui::panes::Pane;

impl App {
    pub(crate) fn search_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action_in(KeyTable::Prompt, &key);
        let Mode::Search { query, backwards } = &mut self.mode else {
            return Vec::new();
        };
        match (action, key.code) {
            (Some("cancel"), _) => self.mode = Mode::Normal,
            (Some("confirm"), _) => {
                let (q, b) = (std::mem::take(query), *backwards);
                self.mode = Mode::Normal;
                if !q.is_empty() {
                    self.last_search = Some((q, b));
                }
                self.repeat_search(false);
            }
            (_, KeyCode::Backspace) if query.pop().is_none() => self.mode = Mode::Normal,
            (_, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                query.push(c)
            }
            _ => {}
        }
        Vec::new()
    }

    /// Moves to the next match of the last search (`reverse` flips its direction).
    pub(crate) fn repeat_search(&mut self, reverse: bool) {
        let Some((query, backwards)) = self.last_search.clone() else {
            let search = self.key_name(crate::tui::action::Action::SearchStart);
            self.say(format!("no search yet: {search} starts one"));
            return;
        };
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
                self.focus = Pane::Text;
                self.message = wrapped.then(|| Message {
                    text: "search wrapped around".into(),
                    error: false,
                });
            }
            None => self.warn(format!("not found: {query}")),
        }
    }
}
