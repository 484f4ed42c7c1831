//! The status line: a prompt or message on the left; file, position, mode
//! and a hint on the right.

use crate::tui::mode::SearchPrompt;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;
use crate::text::{fit, str_width};
use crate::tui::app::{App, Mode};

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.status_bar());
    let mode = match (&app.mode, &app.shown) {
        (Mode::Normal, Some(r)) if r.view.anchor.is_some() => "SELECT",
        (mode, _) => mode.label(),
    };
    let mut right = String::new();
    if let Some(r) = &app.shown {
        let (line, lines) = r.view.line_position();
        let len = r.article.text.len_chars().max(1);
        let doc = &r.article.doc;
        let problems = match r.article.problems.len() {
            0 => String::new(),
            n => format!("{n} problem{} · ", if n == 1 { "" } else { "s" }),
        };
        right = format!(
            "line {line}/{lines} {}% · {} ann · {problems}{} · ",
            r.view.cursor * 100 / len,
            doc.annotation_count(),
            doc.status.label()
        );
    }
    let help = app.key_name(crate::tui::action::Action::Help);
    right.push_str(&format!("{mode} · {help} help "));
    let left = match &app.mode {
        Mode::Search(SearchPrompt { query, .. }) => format!("/{query}▏"),
        _ => match &app.message {
            Some(m) => m.text.clone(),
            None => app
                .corpus
                .entries
                .get(app.selected)
                .map(|e| e.name.clone())
                .unwrap_or_default(),
        },
    };
    let width = area.width as usize;
    let right_w = str_width(&right).min(width);
    let left_room = width.saturating_sub(right_w + 2);
    let left_style = match (&app.mode, &app.message) {
        (Mode::Normal, Some(m)) if m.error => theme.error(),
        (Mode::Normal, Some(_)) => theme.message(),
        _ => theme.status_bar(),
    };
    let left = format!(" {}", fit(&left, left_room));
    buf.set_stringn(area.x, area.y, &left, width, left_style);
    let x = area.x + (width - right_w) as u16;
    buf.set_stringn(x, area.y, &right, right_w, theme.status_bar());
}
