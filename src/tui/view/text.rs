//! The text pane: only the visible rows of the wrap index are drawn, with
//! spans highlighted by type, the selection, and the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::theme::Theme;
use crate::annotation::{SpanRef, SpanView};
use crate::schema::{Colour, Schema};
use crate::text::layout::{Layout, Piece};
use crate::tui::app::Hint;
use crate::tui::app::Shown;
use crate::tui::article_view::ROLE_OWNER;

/// A span's colour: its entity type's, or its event type's (yellow if unset).
fn colour_of(schema: &Schema, span: &SpanView) -> Option<Colour> {
    match span.at {
        SpanRef::Entity(_) => schema.entity_type(span.kind).map(|t| t.color),
        SpanRef::Trigger(_) => Some(
            schema
                .event_type(span.kind)
                .and_then(|t| t.color)
                .unwrap_or(Colour::Yellow),
        ),
    }
}

pub fn render(
    shown: Option<&Shown>,
    schema: &Schema,
    hints: &[Hint],
    focused: bool,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let title = match shown {
        Some(r) => {
            let name = r
                .article
                .source
                .file_name()
                .unwrap_or_default()
                .to_string_lossy();
            let ro = if r.article.is_editable() {
                ""
            } else {
                " [read-only]"
            };
            format!(" {name}{ro} ")
        }
        None => " Text ".into(),
    };
    let block = Block::bordered()
        .title(Line::from(title).style(theme.heading()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(r) = shown else { return };
    let text = &r.article.text;
    if text.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y,
            "(empty)",
            inner.width as usize,
            theme.dim(),
        );
        return;
    }
    let rows = r.view.visible_rows(&r.article, inner.height as usize);
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    let (vis_start, vis_end) = (first.start, last.end);
    // Only the spans that reach the visible rows are looked at per cell.
    let visible_spans = r
        .article
        .spans_overlapping(vis_start, vis_end.max(vis_start + 1));
    let visible: Vec<&SpanView> = visible_spans.iter().collect();
    // Markers name their span by its place among all spans.
    let spans = if r.view.markers.is_empty() {
        Vec::new()
    } else {
        r.article.doc.spans()
    };
    let selection = r.view.selection(&r.article);
    // The arguments of the current event stand out while it is shown.
    let doc = &r.article.doc;
    let arguments: Vec<(usize, usize)> = r
        .view
        .current_event(&r.article)
        .and_then(|id| doc.event(id))
        .map(|ev| {
            ev.arguments
                .iter()
                .filter_map(|a| doc.span_of(&a.target))
                .collect()
        })
        .unwrap_or_default();
    let event_colour = r
        .view
        .current_event(&r.article)
        .and_then(|id| doc.event(id))
        .and_then(|ev| schema.event_type(&ev.kind))
        .and_then(|t| t.color)
        .unwrap_or(Colour::Yellow);
    for (y, &row) in rows.iter().enumerate() {
        let y = inner.y + y as u16;
        for placed in Layout::place_row(text, &r.view.markers, row) {
            let x = inner.x as usize + placed.col;
            if placed.col >= inner.width as usize {
                break;
            }
            let room = inner.width as usize - placed.col;
            match placed.piece {
                Piece::Marker(m) => {
                    let style = if m.owner == ROLE_OWNER {
                        theme.role(event_colour)
                    } else {
                        theme.marker(spans.get(m.owner).and_then(|s| colour_of(schema, s)))
                    };
                    buf.set_stringn(x as u16, y, &m.label, room, style);
                }
                Piece::Grapheme { start, symbol, .. } => {
                    let covering: Vec<&&SpanView> = visible
                        .iter()
                        .filter(|s| s.start <= start && start < s.end)
                        .collect();
                    let mut style = match covering.iter().min_by_key(|s| s.end - s.start) {
                        Some(s) if s.suggested => theme.suggested(colour_of(schema, s)),
                        Some(s) if matches!(s.at, SpanRef::Trigger(_)) => {
                            theme.trigger(colour_of(schema, s))
                        }
                        Some(s) => theme.span(colour_of(schema, s), covering.len()),
                        None => ratatui::style::Style::new(),
                    };
                    if arguments.iter().any(|&(a, b)| a <= start && start < b) {
                        style = style.patch(theme.argument());
                    }
                    if selection.is_some_and(|(a, b)| a <= start && start < b) {
                        style = style.patch(theme.selection());
                    }
                    let is_cursor = start == r.view.cursor;
                    if is_cursor {
                        style = style.patch(theme.cursor(focused));
                    }
                    // A line end under the cursor still shows where the cursor is.
                    let symbol = if symbol.is_empty() && is_cursor {
                        " ".into()
                    } else {
                        symbol
                    };
                    if !symbol.is_empty() {
                        buf.set_stringn(x as u16, y, &symbol, room, style);
                    }
                    // Hint letters cover the start of their annotation.
                    if let Some(h) = hints.iter().find(|h| h.start == start) {
                        buf.set_stringn(x as u16, y, &h.label, room, theme.hint());
                    }
                }
            }
        }
    }
}
