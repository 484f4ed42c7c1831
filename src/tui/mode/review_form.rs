//! The small form the `review` key opens: which items to queue. One line
//! per field; `[keys.picker]`'s keys move between fields, confirm starts
//! the queue, cancel closes the form; Space ticks a box, other keys type.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::Mode;
use crate::annotation::Status;
use crate::config::KeyTable;
use crate::text::{escape, fit};
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::review::Filter;
use crate::tui::view::popup::centered;

/// The form's fields, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Suggestions,
    Problems,
    Unreviewed,
    Types,
    Status,
    Text,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Suggestions,
        Field::Problems,
        Field::Unreviewed,
        Field::Types,
        Field::Status,
        Field::Text,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Suggestions => "pending suggestions",
            Field::Problems => "problems",
            Field::Unreviewed => "accepted, not reviewed",
            Field::Types => "types",
            Field::Status => "article status",
            Field::Text => "text (regex)",
        }
    }

    pub fn is_box(self) -> bool {
        matches!(
            self,
            Field::Suggestions | Field::Problems | Field::Unreviewed
        )
    }
}

/// What the form holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewForm {
    pub field: usize,
    pub suggestions: bool,
    pub problems: bool,
    pub unreviewed: bool,
    /// Type codes, separated by spaces or commas.
    pub types: String,
    /// Statuses (todo, in_progress, done, reviewed), likewise.
    pub status: String,
    pub text: String,
}

impl Default for ReviewForm {
    /// The default queue: pending suggestions, then problems.
    fn default() -> Self {
        Self {
            field: 0,
            suggestions: true,
            problems: true,
            unreviewed: false,
            types: String::new(),
            status: String::new(),
            text: String::new(),
        }
    }
}

impl ReviewForm {
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        let n = Field::ALL.len();
        match app.keymap.action_in(KeyTable::Picker, &key) {
            Some("confirm") => match self.filter() {
                Ok((filter, what)) => return app.open_review(filter, what, None),
                Err(why) => app.warn(why),
            },
            Some("cancel") => {
                app.message = None;
                return Vec::new();
            }
            Some("down") => self.field = (self.field + 1) % n,
            Some("up") => self.field = (self.field + n - 1) % n,
            _ => self.type_key(key),
        }
        app.mode = Mode::ReviewForm(self);
        Vec::new()
    }

    /// A key that is not the picker's: Space ticks a box, text is typed.
    fn type_key(&mut self, key: KeyEvent) {
        let field = Field::ALL[self.field];
        if field.is_box() {
            if key.code == KeyCode::Char(' ') {
                let b = match field {
                    Field::Suggestions => &mut self.suggestions,
                    Field::Problems => &mut self.problems,
                    _ => &mut self.unreviewed,
                };
                *b = !*b;
            }
            return;
        }
        let text = match field {
            Field::Types => &mut self.types,
            Field::Status => &mut self.status,
            _ => &mut self.text,
        };
        match key.code {
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char(c) if (key.modifiers - KeyModifiers::SHIFT).is_empty() => text.push(c),
            _ => {}
        }
    }

    /// The filter the form says, and the queue in words; or what is wrong.
    pub fn filter(&self) -> Result<(Filter, String), String> {
        let status = words(&self.status)
            .map(|w| {
                Status::ALL
                    .into_iter()
                    .find(|s| s.label().replace(' ', "_") == w.replace(' ', "_"))
                    .ok_or_else(|| format!("no status “{w}”: todo, in_progress, done, reviewed, curation_in_progress or curated"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let text = match self.text.is_empty() {
            true => None,
            false => Some(
                regex::Regex::new(&self.text)
                    .map_err(|e| format!("the text's regular expression: {e}"))?,
            ),
        };
        let filter = Filter {
            suggestions: self.suggestions,
            problems: self.problems,
            unreviewed: self.unreviewed,
            types: words(&self.types).map(str::to_owned).collect(),
            status,
            text,
            ..Filter::default()
        };
        let what = crate::tui::review::describe(&filter);
        Ok((filter, what))
    }
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split([' ', ',']).filter(|w| !w.is_empty())
}

impl ReviewForm {
    /// A pop-up in the middle of the screen, one line per field, the keys
    /// at the bottom.
    pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let theme = &app.theme;
        let rect = centered(area, 60, Field::ALL.len() as u16 + 4);
        Clear.render(rect, buf);
        let block = Block::bordered()
            .title(Line::from(" Review queue: which items? ").style(theme.heading()))
            .border_style(theme.border(true));
        let inner = block.inner(rect);
        block.render(rect, buf);
        let width = inner.width as usize;
        let mut lines: Vec<Line> = Field::ALL
            .iter()
            .enumerate()
            .map(|(i, &f)| {
                let value = match f {
                    Field::Suggestions => tick(self.suggestions),
                    Field::Problems => tick(self.problems),
                    Field::Unreviewed => tick(self.unreviewed),
                    Field::Types => escape(&self.types).into_owned(),
                    Field::Status => escape(&self.status).into_owned(),
                    Field::Text => escape(&self.text).into_owned(),
                };
                let here = i == self.field;
                let cursor = if here && !f.is_box() { "▏" } else { "" };
                let row = format!(
                    "{} {:<24}{value}{cursor}",
                    if here { "›" } else { " " },
                    f.label()
                );
                let style = if here {
                    theme.list_selected(true)
                } else {
                    Style::new()
                };
                Line::styled(fit(&row, width).into_owned(), style)
            })
            .collect();
        lines.push(Line::raw(""));
        let keys = format!(
            "{}/{} field · space ticks · {} starts · {} closes",
            app.mode_key(KeyTable::Picker, "up"),
            app.mode_key(KeyTable::Picker, "down"),
            app.mode_key(KeyTable::Picker, "confirm"),
            app.mode_key(KeyTable::Picker, "cancel"),
        );
        lines.push(Line::styled(fit(&keys, width).into_owned(), theme.dim()));
        Paragraph::new(lines).render(inner, buf);
    }
}

fn tick(on: bool) -> String {
    if on { "[x]" } else { "[ ]" }.to_owned()
}
