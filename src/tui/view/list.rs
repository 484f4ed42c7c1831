//! The article list: status mark, title, annotation count.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::theme::Theme;
use crate::annotation::Status;
use crate::corpus::Summary;
use crate::text::{escape, fit, str_width};
use crate::tui::app::App;

/// One character per status, explained on the help screen.
pub fn status_mark(summary: &Summary) -> &'static str {
    match summary.status() {
        None if *summary == Summary::Pending => " ",
        None => "!",
        Some(Status::Todo) => "·",
        Some(Status::InProgress) => "~",
        Some(Status::Done) => "✓",
        Some(Status::Reviewed) => "★",
    }
}

/// `Articles 3/120`, with the progress of the background reading while it lasts.
fn title_line(app: &App) -> String {
    let n = app.corpus.entries.len();
    let mut t = format!(" Articles {}/{n} ", app.selected + 1);
    if app.described < n {
        t.push_str(&format!("· reading {}% ", app.described * 100 / n.max(1)));
    }
    t
}

/// The accepted annotations, then the pending suggestions apart: ` 6 +2?`.
fn count_label(summary: &Summary) -> String {
    let mut label = match summary.count() {
        0 => String::new(),
        c => format!(" {c}"),
    };
    if summary.suggested() > 0 {
        label.push_str(&format!(" +{}?", summary.suggested()));
    }
    label
}

pub fn render(app: &App, focused: bool, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let n = app.corpus.entries.len();
    let block = Block::bordered()
        .title(Line::from(title_line(app)).style(theme.heading()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    for (row, index) in (app.list_top..n).take(inner.height as usize).enumerate() {
        let entry = &app.corpus.entries[index];
        let y = inner.y + row as u16;
        let count = count_label(&entry.summary);
        let mark = status_mark(&entry.summary);
        // A name is shown as it is, its control characters made visible.
        let title = if entry.title.is_empty() {
            escape(&entry.name)
        } else {
            escape(&entry.title)
        };
        let room = width.saturating_sub(2 + str_width(&count));
        let line = format!("{mark} {:<room$}{count}", fit(&title, room));
        let style = if index == app.selected {
            theme.list_selected(focused)
        } else {
            ratatui::style::Style::new()
        };
        buf.set_stringn(inner.x, y, &line, width, style);
        if index == app.selected {
            // Highlight the whole row, not just the text.
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
    }
}
