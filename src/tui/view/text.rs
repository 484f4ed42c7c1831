//! The text pane: only the visible rows of the wrap index are drawn, with
//! spans highlighted by type, the selection, and the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::theme::{Ink, Theme};
use crate::annotation::{SpanRef, SpanView};
use crate::schema::{Colour, Schema};
use crate::text::layout::{Layout, Piece};
use crate::tui::app::Hint;
use crate::tui::app::Shown;
use crate::tui::article_view::ROLE_OWNER;

/// A span's ink: the theme's for its type, over its entity type's colour
/// or its event type's (yellow if unset).
fn ink_of(theme: &Theme, schema: &Schema, span: &SpanView) -> Option<Ink> {
    let colour = match span.at {
        SpanRef::Entity(_) => schema.entity_type(span.kind).map(|t| t.color),
        SpanRef::Trigger(_) => Some(
            schema
                .event_type(span.kind)
                .and_then(|t| t.color)
                .unwrap_or(Colour::Yellow),
        ),
    };
    theme.ink(span.kind, colour)
}

pub fn render(
    shown: Option<&Shown>,
    schema: &Schema,
    (hints, search): (&[Hint], Option<&str>),
    focused: bool,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = Block::bordered()
        .title(Line::from(title(shown)).style(theme.heading()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(r) = shown else { return };
    if r.article.text.is_empty() {
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
    let mut paint = Paint::new(r, schema, hints, (first.start, last.end), focused, theme);
    if let Some(query) = search {
        // Every match on screen, the ones that start just above it included.
        let len = query.chars().count();
        let from = first.start.saturating_sub(len);
        paint.matches = (r.article.text.matches_in(query, from, last.end))
            .into_iter()
            .map(|m| (m, m + len))
            .collect();
    }
    for (y, &row) in rows.iter().enumerate() {
        let y = inner.y + y as u16;
        for placed in Layout::place_row(&r.article.text, &r.view.markers, row) {
            if placed.col >= inner.width as usize {
                break;
            }
            let x = (inner.x as usize + placed.col) as u16;
            let room = inner.width as usize - placed.col;
            paint.piece(placed.piece, (x, y), room, buf);
        }
    }
}

/// The pane's title: the file's name (its control characters shown, as the
/// text shows them), and whether it takes edits.
fn title(shown: Option<&Shown>) -> String {
    let Some(r) = shown else {
        return " Text ".into();
    };
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
    format!(" {}{ro} ", crate::text::escape(&name))
}

/// What drawing one cell of the visible rows needs to know.
struct Paint<'a> {
    schema: &'a Schema,
    theme: &'a Theme,
    focused: bool,
    hints: &'a [Hint],
    /// Only the spans that reach the visible rows are looked at per cell.
    visible: Vec<SpanView<'a>>,
    /// Every span, when markers name their span by its place among them.
    spans: Vec<SpanView<'a>>,
    selection: Option<(usize, usize)>,
    /// The arguments of the current event stand out while it is shown.
    arguments: Vec<(usize, usize)>,
    /// The last search's matches on screen, while they are shown.
    matches: Vec<(usize, usize)>,
    event_colour: Ink,
    cursor: usize,
}

impl<'a> Paint<'a> {
    fn new(
        r: &'a Shown,
        schema: &'a Schema,
        hints: &'a [Hint],
        (vis_start, vis_end): (usize, usize),
        focused: bool,
        theme: &'a Theme,
    ) -> Self {
        let doc = &r.article.doc;
        let event = r
            .view
            .current_event(&r.article)
            .and_then(|id| doc.event(id));
        let arguments = event
            .map(|ev| {
                ev.arguments
                    .iter()
                    .filter_map(|a| doc.span_of(&a.target))
                    .collect()
            })
            .unwrap_or_default();
        let event_colour = event
            .and_then(|ev| {
                let colour = schema.event_type(&ev.kind).and_then(|t| t.color);
                theme.ink(&ev.kind, Some(colour.unwrap_or(Colour::Yellow)))
            })
            .unwrap_or(Ink::of(Colour::Yellow));
        Self {
            schema,
            theme,
            focused,
            hints,
            visible: r
                .article
                .spans_overlapping(vis_start, vis_end.max(vis_start + 1)),
            spans: if r.view.markers.is_empty() {
                Vec::new()
            } else {
                doc.spans()
            },
            selection: r.view.selection(&r.article),
            arguments,
            matches: Vec::new(),
            event_colour,
            cursor: r.view.cursor,
        }
    }

    fn piece(&self, piece: Piece, (x, y): (u16, u16), room: usize, buf: &mut Buffer) {
        let theme = self.theme;
        match piece {
            Piece::Marker(m) => {
                let style = if m.owner == ROLE_OWNER {
                    theme.role(self.event_colour)
                } else {
                    let span = self.spans.get(m.owner);
                    theme.marker(span.and_then(|s| ink_of(theme, self.schema, s)))
                };
                buf.set_stringn(x, y, &m.label, room, style);
            }
            Piece::Grapheme { start, symbol, .. } => {
                let is_cursor = start == self.cursor;
                // A line end under the cursor still shows where the cursor is.
                let symbol = if symbol.is_empty() && is_cursor {
                    " ".into()
                } else {
                    symbol
                };
                if !symbol.is_empty() {
                    buf.set_stringn(x, y, &symbol, room, self.grapheme_style(start));
                }
                // Hint letters cover the start of their annotation.
                if let Some(h) = self.hints.iter().find(|h| h.start == start) {
                    buf.set_stringn(x, y, &h.label, room, theme.hint());
                }
            }
        }
    }

    /// The grapheme at `start`: its innermost span's colour, then argument,
    /// selection and cursor on top.
    fn grapheme_style(&self, start: usize) -> Style {
        let (theme, schema) = (self.theme, self.schema);
        let covering: Vec<&SpanView> = self
            .visible
            .iter()
            .filter(|s| s.start <= start && start < s.end)
            .collect();
        let mut style = match covering.iter().min_by_key(|s| s.end - s.start) {
            Some(s) if s.suggested => theme.suggested(ink_of(theme, schema, s)),
            Some(s) if matches!(s.at, SpanRef::Trigger(_)) => {
                theme.trigger(ink_of(theme, schema, s))
            }
            Some(s) => theme.span(ink_of(theme, schema, s), covering.len()),
            None => Style::new(),
        };
        let within = |&(a, b): &(usize, usize)| a <= start && start < b;
        if self.arguments.iter().any(within) {
            style = style.patch(theme.argument());
        }
        if self.matches.iter().any(within) {
            style = style.patch(theme.search_match());
        }
        if self.selection.as_ref().is_some_and(within) {
            style = style.patch(theme.selection());
        }
        if start == self.cursor {
            style = style.patch(theme.cursor(self.focused));
        }
        style
    }
}
