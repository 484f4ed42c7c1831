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
        Some(status) => mark_of(status),
    }
}

/// `Articles 3/120 · todo 7 · in progress 3 · done 2`: the selected row,
/// how many articles of each status, and the progress of the background
/// reading while it lasts; under a status filter `todo 2/7 of 120 · …`.
/// Shortened to fit `width`: marks for words (`3/120 ·7 ~3 ✓2`), then
/// without the counts. `listed`: the entries the filter lists, when on
/// (built once a frame by [`render`], it is long in a big corpus).
pub fn title_line(app: &App, width: usize, listed: Option<&[usize]>) -> String {
    let n = app.corpus.entries.len();
    let row = selected_row(app, listed) + 1;
    let (head, short_head) = match (app.list_filter, listed) {
        (Some(status), Some(listed)) => {
            let listed = listed.len();
            let row = if app.is_listed(app.selected) { row } else { 0 };
            let short = format!(" {} {row}/{listed}", status.label());
            (format!("{short} of {n}"), short)
        }
        _ => (format!(" Articles {row}/{n}"), format!(" {row}/{n}")),
    };
    let reading = if app.described < n {
        format!(" · reading {}%", app.described * 100 / n.max(1))
    } else {
        String::new()
    };
    let counts: Vec<_> = Status::ALL
        .iter()
        .zip(crate::tui::list_filter::status_counts(app))
        .filter(|&(_, c)| c > 0)
        .collect();
    let words: String = counts
        .iter()
        .map(|(s, c)| format!(" · {} {c}", s.label()))
        .collect();
    let marks: String = counts
        .iter()
        .map(|(s, c)| format!(" {}{c}", mark_of(**s)))
        .collect();
    let candidates = [
        format!("{head}{words}{reading} "),
        format!("{head}{marks}{reading} "),
        format!("{short_head}{marks}{reading} "),
        format!("{short_head}{marks} "),
        format!("{head} "),
    ];
    match candidates.into_iter().find(|c| str_width(c) <= width) {
        Some(fits) => fits,
        None => format!("{short_head} "),
    }
}

/// [`App::selected_row`] from the listed entries already built.
fn selected_row(app: &App, listed: Option<&[usize]>) -> usize {
    listed.map_or(app.selected, |l| l.partition_point(|&i| i < app.selected))
}

fn mark_of(status: Status) -> &'static str {
    match status {
        Status::Todo => "·",
        Status::InProgress => "~",
        Status::Done => "✓",
        Status::Reviewed => "★",
        Status::CurationInProgress => "≈",
        Status::Curated => "◆",
    }
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
    if let Some(search) = &app.corpus_search {
        return super::kwic::render(app, search, focused, area, buf);
    }
    let listed = app.list_filter.map(|_| app.listed());
    let listed = listed.as_deref();
    // The title sits between the corners.
    let title = title_line(app, (area.width as usize).saturating_sub(2), listed);
    let block = Block::bordered()
        .title(Line::from(title).style(theme.heading()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    let height = inner.height as usize;
    let rows: Vec<usize> = match listed {
        None => app.list_rows(app.list_top, height),
        Some(l) => l.iter().skip(app.list_top).take(height).copied().collect(),
    };
    if listed.is_some_and(<[usize]>::is_empty) && inner.height > 0 {
        let none = format!(
            "(no article is {})",
            app.list_filter.map_or("", |s| s.label())
        );
        buf.set_stringn(inner.x, inner.y, none, width, theme.heading());
    }
    for (row, index) in rows.into_iter().enumerate() {
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
