//! The notes pane: the article's note (editable) and the details of the
//! annotations under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::tui::app::{App, Mode, NoteTarget};

pub fn render(app: &App, focused: bool, theme: Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered()
        .title(Line::from(" Notes ").style(theme.heading()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(r) = &app.reader else { return };
    let doc = &r.article.doc;
    let editing = match &app.mode {
        Mode::Note { editor, target, .. } => Some((editor, target)),
        _ => None,
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut editor_at = None;
    lines.push(Line::styled(
        format!("Article · {} · i edits", doc.status.label()),
        theme.heading(),
    ));
    match editing {
        Some((_, NoteTarget::Article)) => editor_at = Some(lines.len()),
        _ if doc.note.is_empty() => lines.push(Line::styled("(no note)", theme.dim())),
        _ => lines.extend(doc.note.lines().map(|l| Line::raw(l.to_owned()))),
    }
    lines.push(Line::raw(""));
    let spans = doc.spans_at(r.cursor);
    if spans.is_empty() {
        lines.push(Line::styled("No annotation under the cursor", theme.dim()));
    }
    for s in &spans {
        let ty = app.schema.entity_type(s.kind);
        let name = ty.map_or("(not in the schema)", |t| t.name.as_str());
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} ", s.kind),
                theme.type_code(ty.map(|t| t.color)),
            ),
            Span::raw(format!(" {name}")),
        ]));
        lines.push(Line::raw(format!("“{}”", s.text)));
        lines.push(Line::styled(
            format!("{} · {}–{} · a edits its note", s.id, s.start, s.end),
            theme.dim(),
        ));
        match editing {
            Some((_, NoteTarget::Span(id))) if id == s.id => editor_at = Some(lines.len()),
            _ => {
                if let Some(n) = s.note {
                    lines.extend(n.lines().map(|l| Line::raw(format!("note: {l}"))));
                }
            }
        }
    }
    let para_area = inner;
    match (editing, editor_at) {
        (Some((editor, _)), Some(at)) => {
            // Text above the editor, the editor, then the rest below it.
            let above_h = (rows_needed(&lines[..at], inner.width) as u16).min(inner.height);
            let above = Paragraph::new(lines[..at].to_vec()).wrap(Wrap { trim: false });
            above.render(
                Rect {
                    height: above_h,
                    ..inner
                },
                buf,
            );
            let rest_h = inner.height - above_h;
            let ed_h = rest_h.min(6).max(rest_h.min(2));
            let ed_area = Rect::new(inner.x, inner.y + above_h, inner.width, ed_h);
            editor.as_ref().render(ed_area, buf);
            let below = Rect::new(inner.x, ed_area.bottom(), inner.width, rest_h - ed_h);
            Paragraph::new(lines[at..].to_vec())
                .wrap(Wrap { trim: false })
                .render(below, buf);
        }
        _ => Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(para_area, buf),
    }
}

/// Rows a few short lines take when wrapped (an estimate is enough here:
/// the notes pane only needs to know where to put the editor).
fn rows_needed(lines: &[Line], width: u16) -> usize {
    let w = width.max(1) as usize;
    lines.iter().map(|l| l.width().div_ceil(w).max(1)).sum()
}
