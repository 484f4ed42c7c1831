//! Drawing: reads the app state and never changes it.

pub mod adjudicate;
pub mod dashboard;
pub mod kwic;
pub mod list;
pub mod notes;
pub mod popup;
pub mod review;
pub mod status;
pub mod text;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;
use super::panes::Pane;

/// Draws the whole screen into `buf`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let status = status::layout(app, area);
    let panes = app.panes_in(area, status.rows());
    if let Some(session) = app.review.as_ref().filter(|_| app.shows_queue()) {
        let above = Rect {
            height: area.height.saturating_sub(panes.status.height),
            ..area
        };
        review::render(app, session, above, buf);
        status::render(&status, theme, panes.status, buf);
        // A picker (T) goes under the item's paragraph, which stays in view.
        let below = review::below_item(above);
        app.mode.draw_over(app, below, area, buf);
        return;
    }
    if let Some(list) = panes.list {
        list::render(app, app.focus == Pane::List, theme, list, buf);
    }
    let hints = app.mode.visible_hints();
    let search = app
        .last_search
        .as_ref()
        .map(|(query, _)| query.as_str())
        .or_else(|| app.corpus_search.as_ref()?.plain_text())
        .filter(|_| app.search_shown);
    // `compare`: the annotators' views under the curated one.
    let split =
        (app.split.as_ref()).filter(|s| app.shown.as_ref().is_some_and(|r| r.entry == s.entry));
    if let Some(split) = split {
        let drawn = adjudicate::Drawn {
            hints: &hints,
            search,
            focused: app.focus == Pane::Text,
        };
        adjudicate::render_split(app, split, drawn, panes.text, buf);
    } else {
        text::render(
            app.shown.as_ref(),
            &app.schema,
            (&hints, search),
            app.focus == Pane::Text,
            theme,
            panes.text,
            buf,
        );
    }
    if let Some(notes) = panes.notes {
        notes::render(app, app.focus == Pane::Notes, theme, notes, buf);
    }
    status::render(&status, theme, panes.status, buf);
    if let Some(message) = panes.message {
        status::render_overflow(&status, theme, message, buf);
    }
    app.mode.draw_over(app, panes.text, area, buf);
}

#[cfg(test)]
mod tests;
