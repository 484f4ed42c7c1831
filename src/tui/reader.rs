//! The article being read: its text and annotations, the cursor, the
//! selection, the scroll position (kept as a text position so it survives
//! re-wrapping) and the wrap index for the current width.

use crate::annotation::{Document, SpanRef};
use crate::article::Article;
use crate::schema::Schema;
use crate::text::layout::{Attach, Layout, Marker, Row, RowId};
use crate::text::words;

/// What the text shows besides the text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decor {
    /// Colours alone mark spans.
    Plain,
    /// Each span is followed by its type code.
    Codes,
    /// No colours: `[` and `]CODE` around each span.
    Brackets,
}

#[derive(Debug, Clone)]
pub struct Reader {
    pub entry: usize,
    pub article: Article,
    pub cursor: usize,
    pub anchor: Option<usize>,
    /// First code point of the top visible row.
    pub top: usize,
    pub layout: Layout,
    pub markers: Vec<Marker>,
    decor: Decor,
    /// The event being built (after `e`), until Esc.
    pub event: Option<String>,
    /// The event whose arguments the markers show.
    shown_event: Option<String>,
    /// Column to return to when moving up and down through short rows.
    want_col: Option<usize>,
}

impl Reader {
    pub fn new(
        entry: usize,
        article: Article,
        width: usize,
        decor: Decor,
        schema: &Schema,
    ) -> Self {
        let mut article = article;
        article.check(schema);
        let markers = markers(&article.doc, decor, None);
        let layout = Layout::lazy(&article.text, width);
        Self {
            entry,
            article,
            cursor: 0,
            anchor: None,
            top: 0,
            layout,
            markers,
            decor,
            want_col: None,
            event: None,
            shown_event: None,
        }
    }

    /// The spans that overlap `from..to`, cheaply (see `Document::spans_within`).
    pub fn spans_overlapping(
        &self,
        from: usize,
        to: usize,
    ) -> Vec<crate::annotation::SpanView<'_>> {
        self.article.spans_overlapping(from, to)
    }

    /// The spans under code point `ch`, innermost first.
    pub fn spans_at(&self, ch: usize) -> Vec<crate::annotation::SpanView<'_>> {
        self.article.spans_at(ch)
    }

    /// The event keys like `1`–`9` work on: the one being built, else the
    /// one whose trigger is under the cursor.
    pub fn current_event(&self) -> Option<&str> {
        let doc = &self.article.doc;
        if let Some(id) = &self.event
            && doc.event(id).is_some()
        {
            return Some(id);
        }
        self.spans_at(self.cursor).iter().find_map(|s| match s.at {
            SpanRef::Trigger(i) => Some(doc.events[i].id.as_str()),
            SpanRef::Entity(_) => None,
        })
    }

    /// Re-wraps when the width or decoration changed; `annotations_changed`
    /// forces it when markers depend on the annotations.
    pub fn relayout(&mut self, width: usize, decor: Decor, annotations_changed: bool) {
        let shown = self.current_event().map(str::to_owned);
        let marked = decor != Decor::Plain || shown.is_some();
        let stale_markers =
            decor != self.decor || shown != self.shown_event || (annotations_changed && marked);
        if stale_markers {
            self.markers = markers(&self.article.doc, decor, shown.as_deref());
            self.decor = decor;
            self.shown_event = shown;
        }
        if stale_markers || self.layout.width() != width.max(1) {
            self.layout = Layout::lazy(&self.article.text, width);
        }
    }

    fn locate(&self, ch: usize) -> RowId {
        self.layout.locate(&self.article.text, &self.markers, ch)
    }

    fn row(&self, id: RowId) -> Row {
        self.layout.row_at(&self.article.text, &self.markers, id)
    }

    fn step(&self, id: RowId, n: isize) -> RowId {
        self.layout.step(&self.article.text, &self.markers, id, n)
    }

    pub fn top_row(&self) -> RowId {
        self.locate(self.top)
    }

    pub fn cursor_row(&self) -> RowId {
        self.locate(self.cursor)
    }

    /// The rows a pane `height` rows high shows, from the top one down.
    pub fn visible_rows(&self, height: usize) -> Vec<Row> {
        let mut out = Vec::with_capacity(height);
        let mut id = self.top_row();
        for _ in 0..height {
            out.push(self.row(id));
            let next = self.step(id, 1);
            if next == id {
                break;
            }
            id = next;
        }
        out
    }

    /// The logical line of the cursor and how many there are (for the status line).
    pub fn line_position(&self) -> (usize, usize) {
        (
            self.layout.line_of(self.cursor) + 1,
            self.layout.line_count(),
        )
    }

    /// Puts the cursor on the grapheme containing `ch` and drops the
    /// remembered column.
    pub fn move_to(&mut self, ch: usize) {
        self.set_cursor(ch);
        self.want_col = None;
    }

    fn set_cursor(&mut self, ch: usize) {
        let text = &self.article.text;
        let last = text.last_grapheme();
        self.cursor = text.grapheme_start(ch.min(last));
    }

    pub fn left(&mut self) {
        self.move_to(self.article.text.prev_grapheme(self.cursor));
    }

    pub fn right(&mut self) {
        self.move_to(self.article.text.next_grapheme(self.cursor));
    }

    /// Moves `rows` screen rows up (negative) or down, keeping the column.
    pub fn vertical(&mut self, rows: isize) {
        let text = &self.article.text;
        let col = self
            .want_col
            .unwrap_or_else(|| self.layout.column_of(text, &self.markers, self.cursor));
        let row = self.row(self.step(self.cursor_row(), rows));
        let ch = Layout::char_in_row(text, &self.markers, row, col);
        self.set_cursor(ch);
        self.want_col = Some(col);
    }

    pub fn row_start(&mut self) {
        let row = self.row(self.cursor_row());
        self.move_to(row.start);
    }

    pub fn row_end(&mut self) {
        let row = self.row(self.cursor_row());
        let text = &self.article.text;
        let mut last = text.prev_grapheme(row.end.max(row.start + 1));
        // Stop before the line end, as `$` does in vim.
        if last > row.start && matches!(text.grapheme_at(last), "\n" | "\r\n") {
            last = text.prev_grapheme(last);
        }
        self.move_to(last.max(row.start));
    }

    pub fn word_next(&mut self) {
        self.move_to(words::next_word_start(&self.article.text, self.cursor));
    }

    pub fn word_prev(&mut self) {
        self.move_to(words::prev_word_start(&self.article.text, self.cursor));
    }

    pub fn word_end(&mut self) {
        self.move_to(words::word_end(&self.article.text, self.cursor));
    }

    /// Scrolls the view by whole pages and takes the cursor along.
    pub fn page(&mut self, pages: isize, height: usize) {
        let height = height.max(1);
        let rows = pages * height as isize;
        let last = self.layout.last(&self.article.text, &self.markers);
        let max_top = self.step(last, 1 - height as isize);
        let top = self
            .step(self.top_row(), rows)
            .min(max_top.max(RowId { line: 0, row: 0 }));
        self.top = self.row(top).start;
        self.vertical(rows);
    }

    /// Scrolls so that the cursor's row is on screen.
    pub fn reveal_cursor(&mut self, height: usize) {
        let height = height.max(1);
        let row = self.cursor_row();
        let top = self.top_row();
        let below = self
            .layout
            .rows_between(&self.article.text, &self.markers, top, row, height);
        let new_top = if row < top {
            row
        } else if below >= height {
            self.step(row, 1 - height as isize)
        } else {
            top
        };
        self.top = self.row(new_top).start;
    }

    /// The selected code points `start..end`, the grapheme under the cursor
    /// included, or `None` when no selection is active.
    pub fn selection(&self) -> Option<(usize, usize)> {
        let anchor = self.anchor?;
        let (a, b) = (anchor.min(self.cursor), anchor.max(self.cursor));
        Some((a, self.article.text.next_grapheme(b)))
    }

    /// What `t` would tag: the selection, or else the word under the cursor.
    pub fn tag_target(&self) -> Option<(usize, usize)> {
        self.selection()
            .or_else(|| words::word_at(&self.article.text, self.cursor))
    }
}

/// The owner of a role label (not a span of the document).
pub const ROLE_OWNER: usize = usize::MAX;

/// The labels drawn around spans for a decoration style, and the role
/// labels of the event whose arguments are shown. At one position, closing
/// labels come before opening ones, inner spans closing first.
pub fn markers(doc: &Document, decor: Decor, shown_event: Option<&str>) -> Vec<Marker> {
    let mut keyed: Vec<((usize, u8, usize), Marker)> = Vec::new();
    if let Some(ev) = shown_event.and_then(|id| doc.event(id)) {
        for arg in &ev.arguments {
            if let Some((_, end)) = doc.span_of(&arg.target) {
                let m = Marker {
                    at: end,
                    label: format!("‹{}›", arg.role),
                    attach: Attach::After,
                    owner: ROLE_OWNER,
                };
                // After every closing bracket at the same place.
                keyed.push(((end, 2, 0), m));
            }
        }
    }
    let spans = if decor == Decor::Plain {
        Vec::new()
    } else {
        doc.spans()
    };
    for (owner, s) in spans.iter().enumerate() {
        let trigger = matches!(s.at, SpanRef::Trigger(_));
        // Triggers get braces and the event's subtype, entities brackets and codes.
        let short = if trigger {
            s.kind.rsplit('.').next().unwrap_or(s.kind)
        } else {
            s.kind
        };
        if decor == Decor::Brackets {
            let open = Marker {
                at: s.start,
                label: match (trigger, s.suggested) {
                    (true, _) => "{",
                    (false, true) => "[?",
                    (false, false) => "[",
                }
                .into(),
                attach: Attach::Before,
                owner,
            };
            keyed.push(((s.start, 1, usize::MAX - s.end), open));
        }
        let label = match (decor, trigger) {
            (Decor::Brackets, true) => format!("}}{short}"),
            (Decor::Brackets, false) => format!("]{short}"),
            _ => format!("‹{short}›"),
        };
        let close = Marker {
            at: s.end,
            label,
            attach: Attach::After,
            owner,
        };
        keyed.push(((s.end, 0, usize::MAX - s.start), close));
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, m)| m).collect()
}
