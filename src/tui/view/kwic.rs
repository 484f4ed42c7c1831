//! The list pane while it shows the hits of a corpus search: one
//! keyword-in-context row per hit, `article · line · …left [match] right…`,
//! under a title with the count and a progress bar over the corpus.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use crate::text::{escape, fit, str_width};
use crate::tui::app::App;
use crate::tui::corpus_search::{CorpusHit, CorpusSearch};
use crate::tui::panes::top_showing;

/// Cells of the progress bar in the title.
const BAR: usize = 10;

pub fn render(app: &App, search: &CorpusSearch, focused: bool, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let title = title_line(app, search, (area.width as usize).saturating_sub(2));
    let block = Block::bordered()
        .title(Line::from(title).style(theme.heading()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let height = inner.height as usize;
    let top = top_showing(search.top, search.row, height);
    if search.hits.is_empty() && height > 0 {
        let what = if search.is_running() {
            "searching…"
        } else {
            "no match"
        };
        buf.set_stringn(inner.x, inner.y, what, inner.width as usize, theme.dim());
    }
    let shown = search.hits.iter().skip(top).take(height);
    // Line numbers right-aligned, so that the matches line up.
    let digits = shown
        .map(|h| h.hit.line.to_string().len())
        .max()
        .unwrap_or(1);
    for (i, hit) in search.hits.iter().enumerate().skip(top).take(height) {
        let y = inner.y + (i - top) as u16;
        let line = row_line(app, hit, inner.width as usize, digits);
        buf.set_line(inner.x, y, &line, inner.width);
        if i == search.row {
            buf.set_style(
                Rect::new(inner.x, y, inner.width, 1),
                theme.list_selected(focused),
            );
        }
    }
}

/// `/Mosul · 17 matches in 3 articles · ███░░░░░░░ 30%` (the bar while
/// articles are left to search), shortened to fit `width`.
pub fn title_line(app: &App, search: &CorpusSearch, width: usize) -> String {
    let query = escape(&search.query);
    let found = format!(
        "{} in {}",
        counted(search.found, "match", "matches"),
        counted(search.articles(), "article", "articles")
    );
    let total = app.corpus.entries.len().max(1);
    let done = search.searched.min(total);
    let (bar, percent) = if search.is_running() || done < app.corpus.entries.len() {
        let filled = done * BAR / total;
        let percent = format!("{}%", done * 100 / total);
        let bar = format!(
            " · {}{} {percent}",
            "█".repeat(filled),
            "░".repeat(BAR - filled)
        );
        (bar, format!(" · {percent}"))
    } else {
        Default::default()
    };
    let candidates = [
        format!(" /{query} · {found}{bar} "),
        format!(" {found}{bar} "),
        format!(" {found}{percent} "),
        format!(" {}{percent} ", search.found),
    ];
    match candidates.iter().find(|c| str_width(c) <= width) {
        Some(fits) => fits.clone(),
        None => fit(&candidates[3], width).into_owned(),
    }
}

fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// One hit's row in `width` cells: the article (its file name, without
/// `.txt`, cut to a share of the row), the line, and the match in the
/// middle of what room is left, in brackets without colour.
pub fn row_line(app: &App, hit: &CorpusHit, width: usize, digits: usize) -> Line<'static> {
    let theme = &app.theme;
    let name = app
        .corpus
        .entries
        .get(hit.entry)
        .map(|e| escape(e.name.strip_suffix(".txt").unwrap_or(&e.name)).into_owned())
        .unwrap_or_default();
    let name_room = str_width(&name).min((width / 4).max(8));
    let name = fit(&name, name_room).into_owned();
    let line = format!("{:>digits$} · ", hit.hit.line);
    let head = format!("{name} · {line}");
    let brackets = if app.no_color { 2 } else { 0 };
    let room = width.saturating_sub(str_width(&head) + brackets);
    let k = crate::search::kwic(&hit.around, hit.from, hit.to, room);
    let dim = theme.dim();
    let mut spans = vec![
        Span::styled(format!("{name} · "), dim),
        Span::styled(line, dim),
        Span::raw(k.left),
    ];
    let matched = theme.search_match();
    if app.no_color {
        spans.push(Span::styled(format!("[{}]", k.matched), matched));
    } else {
        spans.push(Span::styled(k.matched, matched));
    }
    spans.push(Span::styled(k.right, Style::new()));
    Line::from(spans)
}

#[cfg(test)]
mod tests;
