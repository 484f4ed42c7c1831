//! The status line: a prompt or message on the left; file, position, mode
//! and a hint on the right.
//!
//! What the user must read (a message, an instruction, the search prompt)
//! is never cut: it takes the whole line, then a second one (the panes give
//! up a row), then the top of the notes pane; the right-hand block yields
//! to it and comes back once it is gone. The article's name, shown when
//! there is nothing to say, is what gets cut instead.

use crate::tui::mode::SearchPrompt;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;
use crate::text::{escape, fit, str_width, wrap_words};
use crate::tui::app::{App, Mode};
use crate::tui::panes::{self, StatusRows};

/// Status rows a long message may take when there is no notes pane to lend
/// it rows, as a share of the screen's height.
const OWN_ROWS_SHARE: u16 = 3;

/// What the status line shows and the rows it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLayout {
    /// The left-hand text of each status row, top first.
    pub rows: Vec<String>,
    /// Position, mode and the help key, when they fit beside the left.
    pub right: Option<String>,
    /// The end of a message the status rows could not hold, for the top of
    /// the notes pane.
    pub overflow: Vec<String>,
    /// The left is an error message.
    pub error: bool,
    /// The left is a message (drawn in the theme's message colour).
    pub message: bool,
}

impl StatusLayout {
    pub fn rows(&self) -> StatusRows {
        StatusRows {
            own: self.rows.len() as u16,
            in_notes: self.overflow.len() as u16,
        }
    }
}

/// The status line of `app` on a screen of `area`.
pub fn layout(app: &App, area: Rect) -> StatusLayout {
    let right = right_block(app);
    let width = area.width as usize;
    let beside_right = width.saturating_sub(str_width(&right) + 2);
    let error =
        matches!((&app.mode, &app.message), (Mode::Normal | Mode::Review(_), Some(m)) if m.error);
    let message = matches!(
        (&app.mode, &app.message),
        (Mode::Normal | Mode::Review(_), Some(_))
    );
    let mut layout = StatusLayout {
        rows: Vec::new(),
        right: Some(right),
        overflow: Vec::new(),
        error,
        message,
    };
    let Some(said) = must_read(app) else {
        let name = app
            .corpus
            .entries
            .get(app.selected)
            .map(|e| escape(&e.name));
        let name = name.unwrap_or_default();
        layout.rows.push(fit(&name, beside_right).into_owned());
        return layout;
    };
    if str_width(&said) <= beside_right {
        layout.rows.push(said);
        return layout;
    }
    layout.right = None;
    let pieces = wrap_words(&said, width.saturating_sub(1));
    if pieces.len() <= 2 {
        layout.rows = pieces.iter().map(|p| p.to_string()).collect();
        return layout;
    }
    let two = StatusRows {
        own: 2,
        in_notes: 0,
    };
    let notes = panes::split_around(area, app.focus, two).notes;
    let lent = notes
        .map(|n| (n.width, n.height.saturating_sub(panes::NOTES_KEPT)))
        .filter(|&(_, room)| room > 0);
    match lent {
        Some((notes_width, room)) => {
            layout.rows = pieces[..2].iter().map(|p| p.to_string()).collect();
            layout.overflow = rows_within(&pieces[2..].join(" "), notes_width, room);
        }
        None => {
            let room = (area.height / OWN_ROWS_SHARE).max(2);
            layout.rows = rows_within(&said, area.width, room);
        }
    }
    layout
}

/// `text` in rows `width` wide (after a leading space), at most `room` of
/// them: the last is cut only when nothing more fits on the screen.
fn rows_within(text: &str, width: u16, room: u16) -> Vec<String> {
    let cells = usize::from(width).saturating_sub(1);
    let pieces = wrap_words(text, cells);
    let room = usize::from(room);
    if pieces.len() <= room {
        return pieces.iter().map(|p| p.to_string()).collect();
    }
    let mut rows: Vec<String> = pieces[..room.saturating_sub(1)]
        .iter()
        .map(|p| p.to_string())
        .collect();
    if room > 0 {
        rows.push(fit(&pieces[room - 1..].join(" "), cells).into_owned());
    }
    rows
}

/// What the user must read on the left: the search prompt, or a message
/// (with control characters shown, as the text shows them).
fn must_read(app: &App) -> Option<String> {
    match &app.mode {
        Mode::Search(SearchPrompt { query, .. }) if app.focus == crate::tui::panes::Pane::List => {
            Some(format!("search every article: /{}▏", escape(query)))
        }
        Mode::Search(SearchPrompt { query, .. }) => Some(format!("/{}▏", escape(query))),
        _ => app.message.as_ref().map(|m| escape(&m.text).into_owned()),
    }
}

/// Position, counts, mode and the help key.
fn right_block(app: &App) -> String {
    let mode = match (&app.mode, &app.shown) {
        (Mode::Normal, Some(r)) if r.view.anchor.is_some() => "SELECT",
        (mode, _) => mode.label(),
    };
    let mut right = String::new();
    // The review queue shows its own place, which a line's must not mimic.
    if let Some(r) = app.shown.as_ref().filter(|_| !app.shows_queue()) {
        let (line, lines) = r.view.line_position();
        // Only the first blocks are in: the count is not known yet.
        let lines = if app.is_opening() {
            "…".to_owned()
        } else {
            lines.to_string()
        };
        let len = r.article.text.len_chars().max(1);
        let doc = &r.article.doc;
        let problems = match r.article.problems.len() {
            0 => String::new(),
            n => format!("{n} problem{} · ", if n == 1 { "" } else { "s" }),
        };
        // Suggestions are not annotations until accepted: counted apart,
        // as in the list.
        let pending = doc.suggestion_count();
        let suggested = match pending {
            0 => String::new(),
            n => format!(" +{n}?"),
        };
        right = format!(
            "line {line}/{lines} {}% · {} ann{suggested} · {problems}{} · ",
            r.view.cursor * 100 / len,
            doc.annotation_count() - pending,
            doc.status.label()
        );
    }
    let help = app.key_name(crate::tui::action::Action::Help);
    right.push_str(&format!("{mode} · {help} help "));
    right
}

/// Draws the status rows into `area` (the rows `layout` asked for).
pub fn render(layout: &StatusLayout, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.status_bar());
    let left_style = left_style(layout, theme);
    draw_rows(&layout.rows, left_style, area, buf);
    if let Some(right) = &layout.right {
        let width = area.width as usize;
        let right_w = str_width(right).min(width);
        let x = area.x + (width - right_w) as u16;
        let y = area.bottom().saturating_sub(1);
        buf.set_stringn(x, y, right, right_w, theme.status_bar());
    }
}

/// Draws the end of a long message into the rows the notes pane gave up.
pub fn render_overflow(layout: &StatusLayout, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let style = left_style(layout, theme);
    buf.set_style(area, style);
    draw_rows(&layout.overflow, style, area, buf);
}

fn left_style(layout: &StatusLayout, theme: &Theme) -> ratatui::style::Style {
    if layout.error {
        theme.error()
    } else if layout.message {
        theme.message()
    } else {
        theme.status_bar()
    }
}

fn draw_rows(rows: &[String], style: ratatui::style::Style, area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    for (y, row) in (area.y..area.bottom()).zip(rows) {
        buf.set_stringn(area.x, y, format!(" {row}"), width, style);
    }
}

#[cfg(test)]
mod tests;
