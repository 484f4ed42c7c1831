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
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::view::popup::centered;
use crate::tui::view::theme::Theme;

/// The help screen: how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelpScreen {
    pub scroll: usize,
}

impl HelpScreen {
    /// The help-screen table's keys scroll; any other key closes it.
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        let scroll = &mut self.scroll;
        match app.keymap.action_in(KeyTable::Help, &key) {
            Some("down") => *scroll += 1,
            Some("up") => *scroll = scroll.saturating_sub(1),
            Some("page-down") => *scroll += 10,
            Some("page-up") => *scroll = scroll.saturating_sub(10),
            _ => return Vec::new(),
        }
        app.mode = Mode::Help(self);
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
    (
        KeyTable::Span,
        "Span edges (the text's motions move the active end)",
    ),
    (KeyTable::Help, "This help (other keys close it)"),
];

/// The lines of the help screen: every binding in force, table by table,
/// each key spelled as the config writes it.
pub fn help_lines(keymap: &Keymap) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    for &(table, title) in SECTIONS {
        lines.push(Line::styled(title, bold));
        for a in table.actions() {
            let keys = keymap.labels(table, a.name);
            let keys = if keys.is_empty() {
                "(unbound)".to_owned()
            } else {
                keys.join(" / ")
            };
            lines.push(Line::raw(format!("  {keys:<18} {}", a.description)));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Also", bold));
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
        lines.push(Line::raw(format!("  {keys:<18} {what}")));
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
    let lines = help_lines(keymap);
    let inner_h = block.inner(rect).height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_h));
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll as u16, 0))
        .render(rect, buf);
}
