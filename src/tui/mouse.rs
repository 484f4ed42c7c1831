//! What the mouse does. Hit testing uses the geometry drawing uses
//! (`panes::split`, `ArticleView::visible_rows`, `picker::geometry`), so a
//! click lands on what is drawn under it. Clicks on borders, the status
//! line or outside every pane at most move the focus.

use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::{Action, Effect};
use super::app::{App, Mode};
use super::mode::{HelpScreen, PickerMode, picker};
use super::panes::{self, Pane};
use super::view::notes;
use crate::config::KeyTable;
use crate::text::words;

/// Two presses on the same cell this close together are a double-click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);
/// Rows one wheel notch scrolls.
const WHEEL_ROWS: isize = 3;

/// What the mouse did last that later reports depend on.
#[derive(Debug, Default)]
pub struct Pointer {
    /// Where and when the left button last went down.
    last_press: Option<(u16, u16, Instant)>,
    /// The text position a press in the text pane landed on, while the
    /// button is down: a drag selects from it.
    press: Option<usize>,
    dragged: bool,
    /// The selection when the wheel last scrolled the list: the list stays
    /// where the wheel put it until the selection changes.
    pub(super) list_scrolled_at: Option<usize>,
    /// The article and cursor the notes pane was scrolled for.
    notes_for: Option<(usize, usize)>,
}

impl App {
    /// A mouse report (see `input`); `at` is when it arrived.
    pub(crate) fn mouse(&mut self, ev: MouseEvent, at: Instant) -> Vec<Effect> {
        let effects = match &self.mode {
            Mode::Normal => self.mouse_reading(ev, at),
            Mode::Pick(_) => self.mouse_picker(ev),
            Mode::Hint(_) => self.mouse_hint(ev),
            Mode::Help(HelpScreen { scroll }) => {
                let scroll = match ev.kind {
                    MouseEventKind::ScrollDown => scroll + WHEEL_ROWS as usize,
                    MouseEventKind::ScrollUp => scroll.saturating_sub(WHEEL_ROWS as usize),
                    _ => *scroll,
                };
                self.mode = Mode::Help(HelpScreen { scroll });
                Vec::new()
            }
            Mode::Search(_)
            | Mode::Note(_)
            | Mode::Confirm(_)
            | Mode::Span(_)
            | Mode::Review(_)
            | Mode::ReviewForm(_)
            | Mode::Dashboard(_) => Vec::new(),
        };
        self.settle();
        effects
    }

    fn pane_at(&self, pos: Position) -> Option<(Pane, Rect)> {
        let p = self.panes();
        [
            (Pane::List, p.list),
            (Pane::Text, Some(p.text)),
            (Pane::Notes, p.notes),
        ]
        .into_iter()
        .find_map(|(pane, r)| r.filter(|r| r.contains(pos)).map(|r| (pane, r)))
    }

    fn mouse_reading(&mut self, ev: MouseEvent, at: Instant) -> Vec<Effect> {
        let pos = Position::new(ev.column, ev.row);
        match ev.kind {
            MouseEventKind::ScrollDown => self.wheel(pos, WHEEL_ROWS),
            MouseEventKind::ScrollUp => self.wheel(pos, -WHEEL_ROWS),
            MouseEventKind::Down(MouseButton::Left) => return self.press(pos, at),
            MouseEventKind::Drag(MouseButton::Left) => self.drag(pos, false),
            MouseEventKind::Up(MouseButton::Left) => {
                if self.pointer.dragged {
                    self.drag(pos, true);
                }
                self.pointer.press = None;
                self.pointer.dragged = false;
            }
            _ => {}
        }
        Vec::new()
    }

    fn press(&mut self, pos: Position, at: Instant) -> Vec<Effect> {
        let double = self.pointer.last_press.is_some_and(|(x, y, t)| {
            (x, y) == (pos.x, pos.y) && at.duration_since(t) <= DOUBLE_CLICK
        });
        // A third press starts afresh rather than making another double.
        self.pointer.last_press = (!double).then_some((pos.x, pos.y, at));
        self.pointer.press = None;
        self.pointer.dragged = false;
        let Some((pane, area)) = self.pane_at(pos) else {
            return Vec::new();
        };
        self.focus = pane;
        let inner = panes::inner(area);
        if !inner.contains(pos) {
            return Vec::new();
        }
        let (col, row) = (pos.x - inner.x, pos.y - inner.y);
        match pane {
            Pane::List => return self.list_click(row as usize, double),
            Pane::Text => self.text_press((col, row), double),
            Pane::Notes => {}
        }
        Vec::new()
    }

    /// A click selects an article; on the selected one, or a double-click,
    /// opens it.
    fn list_click(&mut self, row: usize, double: bool) -> Vec<Effect> {
        if self.corpus_search.is_some() {
            return self.hit_click(row, double);
        }
        let Some(index) = self.list_entry_at(self.list_top + row) else {
            return Vec::new();
        };
        if index == self.selected || double {
            self.selected = index;
            return self.act(Action::Open);
        }
        self.select(index)
    }

    /// The grapheme drawn at a cell of the text pane (clamped into it, so a
    /// drag past its edge selects to the edge).
    fn grapheme_at(&self, pos: Position) -> Option<usize> {
        let inner = self.text_view();
        if inner.is_empty() {
            return None;
        }
        let col = pos.x.clamp(inner.x, inner.right() - 1) - inner.x;
        let row = pos.y.clamp(inner.y, inner.bottom() - 1) - inner.y;
        let r = self.shown.as_ref()?;
        let height = inner.height as usize;
        r.view
            .grapheme_at_cell(&r.article, height, col as usize, row as usize)
            .or_else(|| {
                // Below the last row: the text's end.
                let rows = r.view.visible_rows(&r.article, height);
                rows.last()
                    .map(|last| r.article.text.prev_grapheme(last.end))
            })
    }

    /// A press puts the cursor on the grapheme (no selection); a
    /// double-click selects the word there.
    fn text_press(&mut self, (col, row): (u16, u16), double: bool) {
        let inner = self.text_view();
        let Some(ch) = self.grapheme_at(Position::new(inner.x + col, inner.y + row)) else {
            return;
        };
        let Some(r) = &mut self.shown else { return };
        r.view.anchor = None;
        r.view.move_to(&r.article, ch);
        if double && let Some((start, end)) = words::word_at(&r.article.text, ch) {
            r.view
                .move_to(&r.article, r.article.text.prev_grapheme(end));
            r.view.anchor = Some(start);
            return;
        }
        self.pointer.press = Some(ch);
    }

    /// A drag selects from the press to the grapheme under the pointer,
    /// both included, as `v` and motions do.
    fn drag(&mut self, pos: Position, release: bool) {
        let Some(from) = self.pointer.press else {
            return;
        };
        let Some(ch) = self.grapheme_at(pos) else {
            return;
        };
        if release && !self.pointer.dragged {
            return;
        }
        self.pointer.dragged = true;
        if let Some(r) = &mut self.shown {
            r.view.anchor = Some(from);
            r.view.move_to(&r.article, ch);
        }
    }

    /// The wheel scrolls the pane under the pointer, not the focused one.
    fn wheel(&mut self, pos: Position, rows: isize) {
        match self.pane_at(pos).map(|(p, _)| p) {
            Some(Pane::Text) => {
                let height = self.text_view().height as usize;
                if let Some(r) = &mut self.shown {
                    r.view.scroll(&r.article, rows, height);
                }
            }
            // Over a corpus search's hits, the wheel moves the highlight.
            Some(Pane::List) if self.corpus_search.is_some() => self.move_hit_row(rows),
            Some(Pane::List) => {
                let last = self.list_len().saturating_sub(self.list_height());
                self.list_top = self.list_top.saturating_add_signed(rows).min(last);
                self.pointer.list_scrolled_at = Some(self.selected);
            }
            Some(Pane::Notes) => self.scroll_notes(rows),
            None => {}
        }
    }

    /// A click on a picker's row picks it; the wheel moves the highlight.
    fn mouse_picker(&mut self, ev: MouseEvent) -> Vec<Effect> {
        let area = self.panes().text;
        let Mode::Pick(PickerMode { picker, .. }) = &mut self.mode else {
            return Vec::new();
        };
        match ev.kind {
            MouseEventKind::ScrollDown => picker.move_by(1),
            MouseEventKind::ScrollUp => picker.move_by(-1),
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(pos) = picker::choice_at(picker, area, (ev.column, ev.row)) {
                    picker.highlighted = pos;
                    if let Mode::Pick(mode) = std::mem::replace(&mut self.mode, Mode::Normal) {
                        return mode.pick_highlighted(self);
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A click inside an annotation offered with a hint chooses it, as
    /// typing its letters would.
    fn mouse_hint(&mut self, ev: MouseEvent) -> Vec<Effect> {
        if ev.kind != MouseEventKind::Down(MouseButton::Left) {
            return Vec::new();
        }
        let pos = Position::new(ev.column, ev.row);
        if !self.text_view().contains(pos) {
            return Vec::new();
        }
        let (Some(ch), Some(r)) = (self.grapheme_at(pos), &self.shown) else {
            return Vec::new();
        };
        let hints = self.mode.visible_hints();
        let mut spans = r.article.spans_at(ch);
        // The innermost annotation wins.
        spans.sort_by_key(|s| s.end - s.start);
        let chosen = spans.iter().find_map(|s| {
            let id = r.article.doc.reference_for(s.at).unwrap_or(s.id);
            hints
                .iter()
                .find(|h| h.id == id || h.id == s.id)
                .map(|h| h.id.clone())
        });
        let Some(id) = chosen else {
            return Vec::new();
        };
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Hint(mode) => mode.choose(self, Some(id)),
            other => {
                self.mode = other;
                Vec::new()
            }
        }
    }

    /// The notes pane's own keys while it has the focus: they scroll it and
    /// leave the text cursor alone. False for any other key.
    pub(crate) fn notes_key(&mut self, key: &KeyEvent) -> bool {
        let page = self
            .panes()
            .notes
            .map_or(1, |n| panes::inner(n).height.max(1)) as isize;
        let rows = match self.keymap.action_in(KeyTable::Notes, key) {
            Some("down") => 1,
            Some("up") => -1,
            Some("page-down") => page,
            Some("page-up") => -page,
            _ => return false,
        };
        self.scroll_notes(rows);
        true
    }

    fn scroll_notes(&mut self, rows: isize) {
        let Some(area) = self.panes().notes else {
            return;
        };
        let most = notes::max_scroll(self, area);
        self.notes_scroll = self.notes_scroll.saturating_add_signed(rows).min(most);
    }

    /// Part of `settle`: the notes pane starts at its top for each new place
    /// of the cursor, and a list the wheel scrolled stays put until the
    /// selection changes.
    pub(super) fn settle_pointer(&mut self) {
        let here = self.shown.as_ref().map(|r| (r.entry, r.view.cursor));
        if here != self.pointer.notes_for {
            self.pointer.notes_for = here;
            self.notes_scroll = 0;
        }
        if self
            .pointer
            .list_scrolled_at
            .is_some_and(|s| s != self.selected)
        {
            self.pointer.list_scrolled_at = None;
        }
    }
}
