//! The text pane: only the visible rows of the wrap index are drawn, with
//! spans highlighted by type, the selection, and the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::theme::Theme;
use crate::annotation::SpanView;
use crate::schema::Schema;
use crate::text::layout::Piece;
use crate::tui::reader::Reader;

pub fn render(
    reader: Option<&Reader>,
    schema: &Schema,
    focused: bool,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let title = match reader {
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
    let Some(r) = reader else { return };
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
    let rows = r.layout.rows();
    let first = r.top_row();
    let last = (first + inner.height as usize).min(rows.len());
    if first >= last {
        return;
    }
    let (vis_start, vis_end) = (rows[first].start, rows[last - 1].end);
    let spans = r.article.doc.spans();
    // Only the spans that reach the visible rows are looked at per cell.
    let visible: Vec<&SpanView> = spans
        .iter()
        .filter(|s| s.start < vis_end.max(vis_start + 1) && s.end > vis_start)
        .collect();
    let selection = r.selection();
    for (y, index) in (first..last).enumerate() {
        let y = inner.y + y as u16;
        for placed in r.layout.place(text, &r.markers, index) {
            let x = inner.x as usize + placed.col;
            if placed.col >= inner.width as usize {
                break;
            }
            let room = inner.width as usize - placed.col;
            match placed.piece {
                Piece::Marker(m) => {
                    let colour = spans
                        .get(m.owner)
                        .and_then(|s| schema.entity_type(s.kind))
                        .map(|t| t.color);
                    buf.set_stringn(x as u16, y, &m.label, room, theme.marker(colour));
                }
                Piece::Grapheme { start, symbol, .. } => {
                    let covering: Vec<&&SpanView> = visible
                        .iter()
                        .filter(|s| s.start <= start && start < s.end)
                        .collect();
                    let mut style = match covering.iter().min_by_key(|s| s.end - s.start) {
                        Some(inner_most) => theme.span(
                            schema.entity_type(inner_most.kind).map(|t| t.color),
                            covering.len(),
                        ),
                        None => ratatui::style::Style::new(),
                    };
                    if selection.is_some_and(|(a, b)| a <= start && start < b) {
                        style = style.patch(theme.selection());
                    }
                    let is_cursor = start == r.cursor;
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
                }
            }
        }
    }
}
