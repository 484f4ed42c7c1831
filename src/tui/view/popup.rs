//! Pop-ups over the panes: the picker and the help screen (made from the
//! keymap, so it always tells the truth).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::theme::Theme;
use crate::schema::Schema;
use crate::tui::keymap::{Context, Keymap, MODE_KEYS};
use crate::tui::picker::Picker;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn picker(p: &Picker, schema: &Schema, theme: Theme, area: Rect, buf: &mut Buffer) {
    let visible = p.visible();
    let rows = visible.len().clamp(1, 12) as u16;
    // Inside the text pane's borders, so the pane stays recognisable.
    let rect = centered(area, 56.min(area.width.saturating_sub(4)), rows + 3);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Line::from(format!(" {} ", p.title)).style(theme.heading()))
        .title_bottom(" type to filter · ↑↓ · Enter picks · Esc ")
        .border_style(theme.border(true));
    let inner = block.inner(rect);
    block.render(rect, buf);
    buf.set_stringn(
        inner.x,
        inner.y,
        format!("› {}▏", p.filter),
        inner.width as usize,
        theme.heading(),
    );
    if visible.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y + 1,
            "no match",
            inner.width as usize,
            theme.dim(),
        );
        return;
    }
    // Keep the highlighted choice in view.
    let height = inner.height.saturating_sub(1) as usize;
    let code_w = p
        .choices
        .iter()
        .map(|c| crate::text::str_width(&c.code))
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    let skip = (p.highlighted + 1).saturating_sub(height);
    for (row, (pos, &i)) in visible
        .iter()
        .enumerate()
        .skip(skip)
        .take(height)
        .enumerate()
    {
        let c = &p.choices[i];
        let colour = schema.entity_type(&c.code).map(|t| t.color);
        let code_style = if colour.is_some() {
            theme.type_code(colour)
        } else {
            theme.heading()
        };
        let mut line = Line::from(vec![
            Span::styled(format!(" {:<code_w$}", c.code), code_style),
            Span::raw(format!(" {}", c.label)),
        ]);
        if pos == p.highlighted {
            line = line.style(
                ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
            );
        }
        let y = inner.y + 1 + row as u16;
        buf.set_line(inner.x, y, &line, inner.width);
        if pos == p.highlighted {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), line.style);
        }
    }
}

/// The lines of the help screen: every binding in force, grouped by pane.
pub fn help_lines(keymap: &Keymap) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for ctx in [Context::Global, Context::Text, Context::List] {
        lines.push(Line::styled(
            ctx.title(),
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD),
        ));
        for b in keymap.bindings().iter().filter(|b| b.context == ctx) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            lines.push(Line::raw(format!(
                "  {:<18} {}",
                keys.join(" / "),
                b.description
            )));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "In prompts, pickers and the note editor",
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD),
    ));
    for (keys, what) in MODE_KEYS {
        lines.push(Line::raw(format!("  {keys:<18} {what}")));
    }
    lines
}

pub fn help(scroll: usize, keymap: &Keymap, theme: Theme, area: Rect, buf: &mut Buffer) {
    let rect = centered(area, 76, area.height.saturating_sub(2));
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Line::from(" Keys ").style(theme.heading()))
        .title_bottom(" j/k scroll · any other key closes ")
        .border_style(theme.border(true));
    let lines = help_lines(keymap);
    let inner_h = block.inner(rect).height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_h));
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll as u16, 0))
        .render(rect, buf);
}
