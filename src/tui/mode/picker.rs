//! A picker: typing filters the choices, `[keys.picker]`'s keys move,
//! confirm (enter) runs the picker's continuation with the highlighted
//! choice, cancel (esc) closes it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::{Mode, OnPick, Picked};
use crate::config::KeyTable;
use crate::text::{fit, str_width};
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::picker::Picker;
use crate::tui::view::popup::centered;

/// A picker and what its choice does.
#[derive(Debug)]
pub struct PickerMode {
    pub picker: Picker,
    pub on_pick: OnPick,
}

impl PickerMode {
    pub fn handle(mut self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        let picker = &mut self.picker;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match (app.keymap.action_in(KeyTable::Picker, &key), key.code) {
            (Some("cancel"), _) => return Vec::new(),
            (Some("up"), _) => picker.move_by(-1),
            (Some("down"), _) => picker.move_by(1),
            (Some("confirm"), _) => return self.pick_highlighted(app),
            (_, KeyCode::Backspace) => picker.backspace(),
            (_, KeyCode::Char(c)) if !ctrl => picker.type_char(c),
            _ => {}
        }
        app.mode = Mode::Pick(self);
        Vec::new()
    }

    /// Runs the continuation with the highlighted choice (the picker has
    /// closed: the continuation may open the next mode).
    pub(crate) fn pick_highlighted(self, app: &mut App) -> Vec<Effect> {
        let Self { picker, on_pick } = self;
        match picker.chosen() {
            Some(index) => {
                let code = picker.choices[index].code.clone();
                (on_pick.0)(app, Picked { index, code })
            }
            None => {
                app.warn(format!("nothing matches {:?}", picker.filter));
                Vec::new()
            }
        }
    }

    /// Drawn inside the text pane `area`.
    pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw(&self.picker, app, area, buf);
    }
}

/// Where a picker's pop-up and its choice rows go: one function for drawing
/// and for telling which row a click hit.
pub struct Geometry {
    /// The pop-up, border included.
    pub rect: Rect,
    /// Its first choice row and how many rows show choices.
    pub first_row: Rect,
    pub rows: usize,
    /// How many visible choices are scrolled off above the first row.
    pub skip: usize,
}

/// The picker's geometry inside the text pane `area`.
pub fn geometry(p: &Picker, area: Rect) -> Geometry {
    let shown = p.visible().len().clamp(1, 12) as u16;
    // Inside the text pane's borders, so the pane stays recognisable.
    let rect = centered(area, 56.min(area.width.saturating_sub(4)), shown + 3);
    let inner = Block::bordered().inner(rect);
    let rows = inner.height.saturating_sub(1) as usize;
    Geometry {
        rect,
        first_row: Rect::new(inner.x, inner.y + 1, inner.width, 1.min(inner.height)),
        rows,
        // Keep the highlighted choice in view.
        skip: (p.highlighted + 1).saturating_sub(rows),
    }
}

/// The place among the visible choices of the row at `(col, row)`, if a
/// choice is drawn there.
pub fn choice_at(p: &Picker, area: Rect, (col, row): (u16, u16)) -> Option<usize> {
    let g = geometry(p, area);
    let first = g.first_row;
    if col < first.x || col >= first.right() || row < first.y {
        return None;
    }
    let offset = (row - first.y) as usize;
    let pos = g.skip + offset;
    (offset < g.rows && pos < p.visible().len()).then_some(pos)
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
    let g = geometry(p, area);
    let rect = g.rect;
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
    let code_w = p
        .choices
        .iter()
        .map(|c| crate::text::str_width(&c.code))
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    for (row, (pos, &i)) in visible
        .iter()
        .enumerate()
        .skip(g.skip)
        .take(g.rows)
        .enumerate()
    {
        let c = &p.choices[i];
        let colour = schema.entity_type(&c.code).map(|t| t.color);
        let code_style = if colour.is_some() {
            theme.type_code(theme.ink(&c.code, colour))
        } else {
            theme.heading()
        };
        // The code whole if it can be; the label in whole words, or not at all.
        let code = fit(&c.code, (inner.width as usize).saturating_sub(1));
        let code = format!(" {code:<code_w$}");
        let room = (inner.width as usize).saturating_sub(str_width(&code) + 1);
        let mut line = Line::from(vec![
            Span::styled(code, code_style),
            Span::raw(format!(" {}", fit_words(&c.label, room))),
        ]);
        if pos == p.highlighted {
            line = line.style(
                ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
            );
        }
        let y = g.first_row.y + row as u16;
        buf.set_line(inner.x, y, &line, inner.width);
        if pos == p.highlighted {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), line.style);
        }
    }
}

/// `s` if it fits in `cells`, else as many of its whole words as fit and
/// `…`: a name is never cut inside a word.
pub fn fit_words(s: &str, cells: usize) -> String {
    if str_width(s) <= cells {
        return s.to_owned();
    }
    let mut out = String::new();
    for word in s.split_inclusive(' ') {
        if str_width(&out) + str_width(word.trim_end()) + 1 > cells {
            break;
        }
        out.push_str(word);
    }
    let mut out = out.trim_end().to_owned();
    if cells > 0 {
        out.push('…');
    }
    out
}
