//! The help screen, made from the keymap so it always tells the truth:
//! the help-screen table's keys scroll; any other key closes it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::Mode;
use crate::config::KeyTable;
use crate::text::{str_width, wrap_words};
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::view::popup::centered;
use crate::tui::view::theme::Theme;

/// Scrolls `scroll` by the help-screen table's keys; false for any other
/// key (which closes the screen that asked).
pub fn scrolls(app: &App, key: &KeyEvent, scroll: &mut usize) -> bool {
    match app.keymap.action_in(KeyTable::Help, key) {
        Some("down") => *scroll += 1,
        Some("up") => *scroll = scroll.saturating_sub(1),
        Some("page-down") => *scroll += 10,
        Some("page-up") => *scroll = scroll.saturating_sub(10),
        _ => return false,
    }
    true
}

/// The help screen: how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelpScreen {
    pub scroll: usize,
}

impl HelpScreen {
    /// The help-screen table's keys scroll; any other key closes it.
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        if scrolls(app, &key, &mut self.scroll) {
            app.mode = Mode::Help(self);
        }
        Vec::new()
    }

    /// Drawn over the whole `area`.
    pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw(self.scroll, &app.keymap, &app.theme, area, buf);
    }
}

/// The tables the help lists, with their headings.
const SECTIONS: &[(KeyTable, &str)] = &[
    (KeyTable::Global, "Everywhere"),
    (KeyTable::Text, "Article text"),
    (KeyTable::List, "Article list"),
    (KeyTable::Notes, "Notes pane"),
    (KeyTable::Picker, "Picker (other keys type a filter)"),
    (
        KeyTable::Prompt,
        "Search prompt (other keys type the search)",
    ),
    (KeyTable::Note, "Note editor (other keys edit the note)"),
    (KeyTable::Hints, "Hint letters (letters choose)"),
    (KeyTable::Span, "Span edges (motions move an end)"),
    (KeyTable::Review, "Review queue (one decision per key)"),
    (KeyTable::Help, "This help (other keys close it)"),
];

/// One row of the help before it is fitted to a width.
enum HelpRow {
    Heading(&'static str),
    Entry(String, String),
    Blank,
}

/// Every binding in force, table by table, each key spelled as the config
/// writes it, then the notes that are not bindings.
fn help_rows(keymap: &Keymap) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for &(table, title) in SECTIONS {
        rows.push(HelpRow::Heading(title));
        for a in table.actions() {
            let keys = keymap.labels(table, a.name);
            let keys = if keys.is_empty() {
                "(unbound)".to_owned()
            } else {
                keys.join(" / ")
            };
            rows.push(HelpRow::Entry(keys, a.description.to_owned()));
        }
        rows.push(HelpRow::Blank);
    }
    rows.push(HelpRow::Heading("Also"));
    let undo = keymap.key(crate::tui::action::Action::Undo);
    let redo = keymap.key(crate::tui::action::Action::Redo);
    for (keys, what) in [
        ("backspace".to_owned(), "delete the last typed character"),
        (
            "· ~ ✓ ★ !".to_owned(),
            "list marks: todo, in progress, done, reviewed, unreadable",
        ),
        (
            format!("{undo} / {redo}"),
            "undo history lasts until gloss quits; it is not kept on disk",
        ),
    ] {
        rows.push(HelpRow::Entry(keys, what.to_owned()));
    }
    rows
}

/// The keys column: two spaces, the keys padded to 18 cells, a space.
const KEYS_COLUMN: usize = 18;

/// The lines of the help screen, one per binding however long.
pub fn help_lines(keymap: &Keymap) -> Vec<Line<'static>> {
    fitted_lines(keymap, usize::MAX)
}

/// The lines of the help screen `width` cells wide: a description too long
/// for its row goes on under itself, never cut.
pub fn fitted_lines(keymap: &Keymap, width: usize) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    for row in help_rows(keymap) {
        match row {
            HelpRow::Heading(title) => lines.push(Line::styled(title, bold)),
            HelpRow::Blank => lines.push(Line::raw("")),
            HelpRow::Entry(keys, what) => {
                let head = format!("  {keys:<KEYS_COLUMN$} ");
                let indent = str_width(&head);
                let room = width.saturating_sub(indent).max(20);
                let mut parts = wrap_words(&what, room);
                if parts.is_empty() {
                    parts.push("");
                }
                for (i, part) in parts.into_iter().enumerate() {
                    let lead = if i == 0 {
                        head.clone()
                    } else {
                        " ".repeat(indent)
                    };
                    lines.push(Line::raw(format!("{lead}{part}")));
                }
            }
        }
    }
    lines
}

pub fn draw(scroll: usize, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let rect = centered(area, 76, area.height.saturating_sub(2));
    Clear.render(rect, buf);
    let (down, up) = (
        keymap.label(KeyTable::Help, "down"),
        keymap.label(KeyTable::Help, "up"),
    );
    let block = Block::bordered()
        .title(Line::from(" Keys ").style(theme.heading()))
        .title_bottom(format!(" {down}/{up} scroll · any other key closes "))
        .border_style(theme.border(true));
    let inner = block.inner(rect);
    let lines = fitted_lines(keymap, inner.width as usize);
    let inner_h = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_h));
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll as u16, 0))
        .render(rect, buf);
}
