//! A picker: typing filters the choices, `[keys.picker]`'s keys move,
//! confirm (enter) runs the picker's continuation with the highlighted
//! choice, cancel (esc) closes it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::{Mode, Picked};
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::picker::Picker;
use crate::tui::view::popup::centered;

impl App {
    pub(crate) fn pick_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action_in(KeyTable::Picker, &key);
        let Mode::Pick { picker, .. } = &mut self.mode else {
            return Vec::new();
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match (action, key.code) {
            (Some("cancel"), _) => self.mode = Mode::Normal,
            (Some("up"), _) => picker.move_by(-1),
            (Some("down"), _) => picker.move_by(1),
            (Some("confirm"), _) => return self.pick_highlighted(),
            (_, KeyCode::Backspace) => picker.backspace(),
            (_, KeyCode::Char(c)) if !ctrl => picker.type_char(c),
            _ => {}
        }
        Vec::new()
    }

    /// Closes the picker and runs its continuation with the highlighted choice.
    fn pick_highlighted(&mut self) -> Vec<Effect> {
        let Mode::Pick { picker, on_pick } = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return Vec::new();
        };
        match picker.chosen() {
            Some(index) => {
                let code = picker.choices[index].code.clone();
                (on_pick.0)(self, Picked { index, code })
            }
            None => {
                self.warn(format!("nothing matches {:?}", picker.filter));
                Vec::new()
            }
        }
    }
}

/// The picker's pop-up, inside the text pane `area`.
pub fn draw(p: &Picker, app: &App, area: Rect, buf: &mut Buffer) {
    let (schema, theme) = (&app.schema, &app.theme);
    let key = |name| app.mode_key(KeyTable::Picker, name);
    let footer = format!(
        " type to filter · {}/{} · {} picks · {} ",
        key("up"),
        key("down"),
        key("confirm"),
        key("cancel")
    );
    let visible = p.visible();
    let rows = visible.len().clamp(1, 12) as u16;
    // Inside the text pane's borders, so the pane stays recognisable.
    let rect = centered(area, 56.min(area.width.saturating_sub(4)), rows + 3);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Line::from(format!(" {} ", p.title)).style(theme.heading()))
        .title_bottom(footer)
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
            theme.type_code(theme.ink(&c.code, colour))
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
