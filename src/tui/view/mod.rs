//! Drawing: reads the app state and never changes it.

pub mod list;
pub mod notes;
pub mod popup;
pub mod status;
pub mod text;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Mode};
use super::panes::Pane;

/// Draws the whole screen into `buf`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let panes = super::panes::split(area, app.focus);
    if let Some(list) = panes.list {
        list::render(app, app.focus == Pane::List, theme, list, buf);
    }
    let hints: Vec<super::app::Hint> = match &app.mode {
        Mode::Hint { hints, typed, .. } => hints
            .iter()
            .filter(|h| h.label.starts_with(typed.as_str()))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    text::render(
        app.shown.as_ref(),
        &app.schema,
        &hints,
        app.focus == Pane::Text,
        theme,
        panes.text,
        buf,
    );
    if let Some(notes) = panes.notes {
        notes::render(app, app.focus == Pane::Notes, theme, notes, buf);
    }
    status::render(app, theme, panes.status, buf);
    match &app.mode {
        Mode::Pick { picker, .. } => popup::picker(picker, &app.schema, theme, panes.text, buf),
        Mode::Help { scroll } => popup::help(*scroll, &app.keymap, theme, area, buf),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
