//! A disagreement in the review queue: every annotator's version, one
//! per row, numbered as the digits take them (`1 ana  ORG  “Acme Corp”
//! 29–38`), an event's arguments on the row below. The numbers and names
//! are plain text, so the rows read the same without colour.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::adjudicate::Disagreement;
use crate::text::{escape, fit, str_width};
use crate::tui::adjudicate::Shape;
use crate::tui::app::App;

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
    for (n, v) in d.versions.iter().enumerate() {
        let shape = Shape::of(v);
        let number = if n < 9 {
            format!("{}", n + 1)
        } else {
            " ".to_owned()
        };
        let name = pad(&fit(&escape(&v.annotator), name_cells), name_cells);
        let kind = pad(&fit(shape.kind, type_cells), type_cells);
        let ink = app.theme.ink(
            shape.kind,
            app.schema.entity_type(shape.kind).map(|t| t.color),
        );
        let text = format!("“{}”", escape(shape.text));
        let at = format!("{}–{}", shape.start, shape.end);
        let room =
            width.saturating_sub(number.len() + name_cells + type_cells + str_width(&at) + 8);
        let row = vec![
            Span::styled(number, theme.heading().add_modifier(Modifier::BOLD)),
            Span::raw(" "),
            Span::styled(name, theme.heading()),
            Span::raw("  "),
            Span::styled(kind, theme.type_code(ink)),
            Span::raw("  "),
            Span::raw(fit(&text, room).into_owned()),
            Span::raw("  "),
            Span::styled(at, theme.dim()),
        ];
        lines.push(Line::from(row));
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
    }
    // Who has nothing here: not a version to take (`x` settles so).
    for absent in d
        .annotators
        .iter()
        .filter(|a| !d.versions.iter().any(|v| &v.annotator == *a))
    {
        let name = pad(&fit(&escape(absent), name_cells), name_cells);
        lines.push(Line::styled(
            fit(&format!("  {name}  (nothing here)"), width).into_owned(),
            theme.dim(),
        ));
    }
    lines
}

/// `s` padded with spaces to `cells`.
fn pad(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(str_width(s))))
}

#[cfg(test)]
mod tests;
