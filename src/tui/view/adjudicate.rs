//! A disagreement in the review queue: every annotator's version, one
//! per row, numbered as the digits take them (`1 ana  ORG  “Acme Corp”
//! 29–38`), an event's arguments on the row below. The numbers and names
//! are plain text, so the rows read the same without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::adjudicate::{Disagreement, Version};
use crate::text::layout::{Layout, Piece};
use crate::text::{escape, fit, fit_pad, str_width};
use crate::tui::adjudicate::Shape;
use crate::tui::adjudicate::split::Split;
use crate::tui::app::{App, Shown};

/// Rows for the versions of `d`, fitted to `width` cells.
pub fn version_lines<'a>(app: &App, d: &Disagreement, width: usize) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let n = d.versions.len();
    let head = format!(
        "disagreement · {}–{} · {n} version{}",
        d.start,
        d.end,
        if n == 1 { "" } else { "s" }
    );
    let mut lines = vec![Line::styled(
        fit(&head, width).into_owned(),
        theme.heading(),
    )];
    let name_cells = d
        .annotators
        .iter()
        .chain(d.versions.iter().map(|v| &v.annotator))
        .map(|a| str_width(&escape(a)))
        .max()
        .unwrap_or(0)
        .min(16);
    let type_cells = d
        .versions
        .iter()
        .map(|v| str_width(Shape::of(v).kind))
        .max()
        .unwrap_or(0)
        .min(12);
    let cells = (name_cells, type_cells);
    for (n, v) in d.versions.iter().enumerate() {
        lines.extend(version_rows(app, n, v, cells, width));
    }
    // Who has nothing here: not a version to take (`x` settles so).
    for absent in d
        .annotators
        .iter()
        .filter(|a| !d.versions.iter().any(|v| &v.annotator == *a))
    {
        let name = fit_pad(&escape(absent), name_cells);
        lines.push(Line::styled(
            fit(&format!("  {name}  (nothing here)"), width).into_owned(),
            theme.dim(),
        ));
    }
    lines
}

/// Version `n` (0-based) in a row, names and types padded to `cells`;
/// an event's arguments in a row below.
fn version_rows<'a>(
    app: &App,
    n: usize,
    v: &Version,
    (name_cells, type_cells): (usize, usize),
    width: usize,
) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let shape = Shape::of(v);
    // Past the ninth no digit takes it: `y`, `T` or `s` on another do.
    let number = if n < 9 {
        format!("{}", n + 1)
    } else {
        " ".to_owned()
    };
    let name = fit_pad(&escape(&v.annotator), name_cells);
    let kind = fit_pad(shape.kind, type_cells);
    let colour = app.schema.entity_type(shape.kind).map(|t| t.color);
    let ink = theme.ink(shape.kind, colour);
    let text = format!("“{}”", escape(shape.text));
    let at = format!("{}–{}", shape.start, shape.end);
    let room = width.saturating_sub(number.len() + name_cells + type_cells + str_width(&at) + 8);
    let mut lines = vec![Line::from(vec![
        Span::styled(number, theme.heading().add_modifier(Modifier::BOLD)),
        Span::raw(" "),
        Span::styled(name, theme.heading()),
        Span::raw("  "),
        Span::styled(kind, theme.type_code(ink)),
        Span::raw("  "),
        Span::raw(fit(&text, room).into_owned()),
        Span::raw("  "),
        Span::styled(at, theme.dim()),
    ])];
    if !shape.arguments.is_empty() {
        let args: Vec<String> = shape
            .arguments
            .iter()
            .map(|(role, filler)| format!("{} “{}”", escape(role), escape(filler)))
            .collect();
        let indent = " ".repeat(name_cells.min(4) + 2);
        let args = format!("{indent}{}", args.join(" · "));
        lines.push(Line::styled(fit(&args, width).into_owned(), theme.dim()));
    }
    lines
}

/// `area` cut into `n` panes one above the other (the first takes what
/// does not divide evenly).
pub fn split_rows(area: Rect, n: usize) -> Vec<Rect> {
    let n = n.max(1) as u16;
    let each = area.height / n;
    let first = area.height - each * (n - 1);
    (0..n)
        .map(|i| {
            let y = if i == 0 {
                area.y
            } else {
                area.y + first + each * (i - 1)
            };
            let height = if i == 0 { first } else { each };
            Rect { y, height, ..area }
        })
        .collect()
}

/// The split text pane: the curated view (the article on screen) above
/// each annotator's, each titled with whose it is, the positions where
/// the annotators differ underlined in every view and flagged `≠` in the
/// border beside their rows.
pub fn render_split(app: &App, split: &Split, drawn: Drawn, area: Rect, buf: &mut Buffer) {
    let rows = split_rows(area, split.views.len() + 1);
    let shown = app.shown.as_ref();
    // The document on screen: the curated one, or with `--annotator` that
    // annotator's own.
    let own = shown.and_then(|r| r.article.doc.annotator.clone());
    let views = std::iter::once((own.unwrap_or_else(|| "curated".to_owned()), shown))
        .chain(split.views.iter().map(|(who, s)| (who.clone(), Some(s))));
    for (n, ((who, view), rect)) in views.zip(rows).enumerate() {
        let focused = drawn.focused && n == split.focus;
        let (hints, search) = if n == 0 {
            (drawn.hints, drawn.search)
        } else {
            (&[][..], None)
        };
        super::text::render(
            view,
            &app.schema,
            (hints, search),
            focused,
            &app.theme,
            rect,
            buf,
        );
        let title = match view.map(|s| s.view.cursor) {
            Some(at) => format!(" {} · at {at} ", escape(&who)),
            None => format!(" {} ", escape(&who)),
        };
        // Over the file name the pane would show: whose view this is.
        let room = rect.width.saturating_sub(2);
        let border = app.theme.border(focused);
        for x in rect.x + 1..rect.x + 1 + room {
            buf[(x, rect.y)].set_symbol("─").set_style(border);
        }
        let title = fit(&title, room as usize).into_owned();
        buf.set_stringn(
            rect.x + 1,
            rect.y,
            &title,
            room as usize,
            app.theme.heading(),
        );
        if let Some(s) = view {
            mark_differences(s, &split.marks, rect, buf);
        }
    }
}

/// What the single text pane would have been drawn with.
pub struct Drawn<'a> {
    pub hints: &'a [crate::tui::app::Hint],
    pub search: Option<&'a str>,
    pub focused: bool,
}

/// Underlines the cells of `marks` in the view drawn in `rect` (inside
/// its border), and puts `≠` in the left border beside their rows.
fn mark_differences(s: &Shown, marks: &[(usize, usize)], rect: Rect, buf: &mut Buffer) {
    let inner = crate::tui::panes::inner(rect);
    let rows = s.view.visible_rows(&s.article, inner.height as usize);
    for (y, &row) in rows.iter().enumerate() {
        let y = inner.y + y as u16;
        let mut flagged = false;
        for placed in Layout::place_row(&s.article.text, &s.view.markers, row) {
            let Piece::Grapheme { start, end, .. } = placed.piece else {
                continue;
            };
            if !marks.iter().any(|&(a, b)| start < b && a < end) {
                continue;
            }
            flagged = true;
            for dx in 0..placed.width {
                let x = inner.x as usize + placed.col + dx;
                if x < (inner.x + inner.width) as usize {
                    let cell = &mut buf[(x as u16, y)];
                    cell.modifier.insert(Modifier::UNDERLINED);
                }
            }
        }
        if flagged {
            buf[(rect.x, y)].set_symbol("≠");
        }
    }
}

#[cfg(test)]
mod tests;
