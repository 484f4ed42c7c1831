//! The help screen, made from the keymap so it always tells the truth:
//! j/k and the page keys scroll; any other key closes it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::Mode;
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::keymap::{Context, Keymap, MODE_KEYS};
use crate::tui::view::popup::centered;
use crate::tui::view::theme::Theme;

impl App {
    pub(crate) fn help_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Mode::Help { scroll } = &mut self.mode else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => *scroll += 1,
            KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => *scroll += 10,
            KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
            _ => self.mode = Mode::Normal,
        }
        Vec::new()
    }
}

/// The lines of the help screen: every binding in force, grouped by pane.
pub fn help_lines(keymap: &Keymap) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for ctx in [Context::Global, Context::Text, Context::List] {
        lines.push(Line::styled(
            ctx.title(),
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD),
        ));
        for b in keymap.bindings().iter().filter(|b| b.context == ctx) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            lines.push(Line::raw(format!(
                "  {:<18} {}",
                keys.join(" / "),
                b.description
            )));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "In prompts, pickers and the note editor",
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD),
    ));
    for (keys, what) in MODE_KEYS {
        lines.push(Line::raw(format!("  {keys:<18} {what}")));
    }
    lines
}

pub fn draw(scroll: usize, keymap: &Keymap, theme: Theme, area: Rect, buf: &mut Buffer) {
    let rect = centered(area, 76, area.height.saturating_sub(2));
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Line::from(" Keys ").style(theme.heading()))
        .title_bottom(" j/k scroll · any other key closes ")
        .border_style(theme.border(true));
    let lines = help_lines(keymap);
    let inner_h = block.inner(rect).height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_h));
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll as u16, 0))
        .render(rect, buf);
}
