//! How the article on screen is shown, apart from the article itself: the
//! cursor, the selection, the scroll position (kept as a text position so it
//! survives re-wrapping), the wrap index for the current width and the
//! labels drawn around spans.

use crate::annotation::{Document, SpanRef};
use crate::article::Article;
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

/// How the article on screen is shown: cursor, selection, scroll, wrap
/// index and decorations. Its methods take the document they show.
#[derive(Debug, Clone)]
pub struct ArticleView {
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

impl ArticleView {
    pub fn new(doc: &Article, width: usize, decor: Decor) -> Self {
        Self {
            cursor: 0,
            anchor: None,
            top: 0,
            layout: Layout::lazy(&doc.text, width),
            markers: markers(&doc.doc, decor, None),
            decor,
            want_col: None,
            event: None,
            shown_event: None,
        }
    }

    /// The event keys like `1`–`9` work on: the one being built, else the
    /// one whose trigger is under the cursor.
    pub fn current_event<'a>(&'a self, doc: &'a Article) -> Option<&'a str> {
        let doc = &doc.doc;
        if let Some(id) = &self.event
            && doc.event(id).is_some()
        {
            return Some(id);
        }
        doc.spans_at(self.cursor).iter().find_map(|s| match s.at {
            SpanRef::Trigger(i) => Some(doc.events[i].id.as_str()),
            SpanRef::Entity(_) => None,
        })
    }

    /// Re-wraps when the width or decoration changed; `annotations_changed`
    /// forces it when markers depend on the annotations.
    pub fn relayout(
        &mut self,
        doc: &Article,
        width: usize,
        decor: Decor,
        annotations_changed: bool,
    ) {
        let shown = self.current_event(doc).map(str::to_owned);
        let marked = decor != Decor::Plain || shown.is_some();
        let stale_markers =
            decor != self.decor || shown != self.shown_event || (annotations_changed && marked);
        if stale_markers {
            self.markers = markers(&doc.doc, decor, shown.as_deref());
            self.decor = decor;
            self.shown_event = shown;
        }
        if stale_markers || self.layout.width() != width.max(1) {
            self.layout = Layout::lazy(&doc.text, width);
        }
    }

    fn locate(&self, doc: &Article, ch: usize) -> RowId {
        self.layout.locate(&doc.text, &self.markers, ch)
    }

    fn row(&self, doc: &Article, id: RowId) -> Row {
        self.layout.row_at(&doc.text, &self.markers, id)
    }

    fn step(&self, doc: &Article, id: RowId, n: isize) -> RowId {
        self.layout.step(&doc.text, &self.markers, id, n)
    }

    pub fn top_row(&self, doc: &Article) -> RowId {
        self.locate(doc, self.top)
    }

    pub fn cursor_row(&self, doc: &Article) -> RowId {
        self.locate(doc, self.cursor)
    }

    /// Scrolls so that the cursor's row shows with context above it (a
    /// third of the pane), unless it already shows above the bottom row.
    pub fn reveal_with_context(&mut self, doc: &Article, height: usize) {
        let height = height.max(1);
        let (row, top) = (self.cursor_row(doc), self.top_row(doc));
        let below = self
            .layout
            .rows_between(&doc.text, &self.markers, top, row, height);
        if row >= top && below + 1 < height {
            return;
        }
        let above = self.step(doc, row, -((height / 3) as isize));
        self.top = self.row(doc, above).start;
    }

    /// The rows a pane `height` rows high shows, from the top one down.
    pub fn visible_rows(&self, doc: &Article, height: usize) -> Vec<Row> {
        let mut out = Vec::with_capacity(height);
        let mut id = self.top_row(doc);
        for _ in 0..height {
            out.push(self.row(doc, id));
            let next = self.step(doc, id, 1);
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
    pub fn move_to(&mut self, doc: &Article, ch: usize) {
        self.set_cursor(doc, ch);
        self.want_col = None;
    }

    fn set_cursor(&mut self, doc: &Article, ch: usize) {
        let text = &doc.text;
        let last = text.last_grapheme();
        self.cursor = text.grapheme_start(ch.min(last));
    }

    pub fn left(&mut self, doc: &Article) {
        self.move_to(doc, doc.text.prev_grapheme(self.cursor));
    }

    pub fn right(&mut self, doc: &Article) {
        self.move_to(doc, doc.text.next_grapheme(self.cursor));
    }

    /// Moves `rows` screen rows up (negative) or down, keeping the column.
    pub fn vertical(&mut self, doc: &Article, rows: isize) {
        let text = &doc.text;
        let col = self
            .want_col
            .unwrap_or_else(|| self.layout.column_of(text, &self.markers, self.cursor));
        let row = self.row(doc, self.step(doc, self.cursor_row(doc), rows));
        let ch = Layout::char_in_row(text, &self.markers, row, col);
        self.set_cursor(doc, ch);
        self.want_col = Some(col);
    }

    pub fn row_start(&mut self, doc: &Article) {
        let row = self.row(doc, self.cursor_row(doc));
        self.move_to(doc, row.start);
    }

    pub fn row_end(&mut self, doc: &Article) {
        let row = self.row(doc, self.cursor_row(doc));
        let text = &doc.text;
        let mut last = text.prev_grapheme(row.end.max(row.start + 1));
        // Stop before the line end, as `$` does in vim.
        if last > row.start && matches!(text.grapheme_at(last), "\n" | "\r\n") {
            last = text.prev_grapheme(last);
        }
        self.move_to(doc, last.max(row.start));
    }

    pub fn word_next(&mut self, doc: &Article) {
        self.move_to(doc, words::next_word_start(&doc.text, self.cursor));
    }

    pub fn word_prev(&mut self, doc: &Article) {
        self.move_to(doc, words::prev_word_start(&doc.text, self.cursor));
    }

    pub fn word_end(&mut self, doc: &Article) {
        self.move_to(doc, words::word_end(&doc.text, self.cursor));
    }

    /// Scrolls the view by whole pages and takes the cursor along.
    pub fn page(&mut self, doc: &Article, pages: isize, height: usize) {
        let height = height.max(1);
        let rows = pages * height as isize;
        let last = self.layout.last(&doc.text, &self.markers);
        let max_top = self.step(doc, last, 1 - height as isize);
        let top = self
            .step(doc, self.top_row(doc), rows)
            .min(max_top.max(RowId { line: 0, row: 0 }));
        self.top = self.row(doc, top).start;
        self.vertical(doc, rows);
    }

    /// The grapheme drawn at `col` of the `row`-th visible row of a pane
    /// `height` rows high (as `view::text` places them), or the one nearest
    /// before it; None below the last row.
    pub fn grapheme_at_cell(
        &self,
        doc: &Article,
        height: usize,
        col: usize,
        row: usize,
    ) -> Option<usize> {
        let shown = *self.visible_rows(doc, height).get(row)?;
        Some(Layout::char_in_row(&doc.text, &self.markers, shown, col))
    }

    /// Scrolls `rows` screen rows (the wheel) and takes the cursor along
    /// only as far as needed to keep it on screen, so `reveal_cursor` does
    /// not pull the view back.
    pub fn scroll(&mut self, doc: &Article, rows: isize, height: usize) {
        let height = height.max(1);
        let last = self.layout.last(&doc.text, &self.markers);
        let max_top = self
            .step(doc, last, 1 - height as isize)
            .max(RowId { line: 0, row: 0 });
        let top = self.step(doc, self.top_row(doc), rows).min(max_top);
        self.top = self.row(doc, top).start;
        let cursor = self.cursor_row(doc);
        let bottom = self.step(doc, top, height as isize - 1);
        let keep = if cursor < top {
            top
        } else if cursor > bottom {
            bottom
        } else {
            return;
        };
        let col = self
            .want_col
            .unwrap_or_else(|| self.layout.column_of(&doc.text, &self.markers, self.cursor));
        let ch = Layout::char_in_row(&doc.text, &self.markers, self.row(doc, keep), col);
        self.set_cursor(doc, ch);
        self.want_col = Some(col);
    }

    /// Scrolls so that the cursor's row is on screen.
    pub fn reveal_cursor(&mut self, doc: &Article, height: usize) {
        let height = height.max(1);
        let row = self.cursor_row(doc);
        let top = self.top_row(doc);
        let below = self
            .layout
            .rows_between(&doc.text, &self.markers, top, row, height);
        let new_top = if row < top {
            row
        } else if below >= height {
            self.step(doc, row, 1 - height as isize)
        } else {
            top
        };
        self.top = self.row(doc, new_top).start;
    }

    /// The selected code points `start..end`, the grapheme under the cursor
    /// included, or `None` when no selection is active.
    pub fn selection(&self, doc: &Article) -> Option<(usize, usize)> {
        let anchor = self.anchor?;
        let (a, b) = (anchor.min(self.cursor), anchor.max(self.cursor));
        Some((a, doc.text.next_grapheme(b)))
    }

    /// What `t` would tag: the selection without its leading and trailing
    /// whitespace (a span ends on text), or else the word under the cursor.
    pub fn tag_target(&self, doc: &Article) -> Option<(usize, usize)> {
        match self.selection(doc) {
            Some((start, end)) => trim_whitespace(doc, start, end),
            None => words::word_at(&doc.text, self.cursor),
        }
    }
}

/// `start..end` without the whitespace at either end; None if nothing else.
pub fn trim_whitespace(doc: &Article, start: usize, end: usize) -> Option<(usize, usize)> {
    let text = doc.text.slice(start, end);
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let trail = text.chars().rev().take_while(|c| c.is_whitespace()).count();
    let (start, end) = (start + lead, end.saturating_sub(trail));
    (start < end).then_some((start, end))
}

/// The owner of a role label (not a span of the document).
pub const ROLE_OWNER: usize = usize::MAX;

/// The labels drawn around spans for a decoration style, and the role
/// labels of the event whose arguments are shown. At one position, closing
/// labels come before opening ones, inner spans closing first.
pub fn markers(doc: &Document, decor: Decor, shown_event: Option<&str>) -> Vec<Marker> {
    let mut keyed: Vec<((usize, u8, usize, usize), Marker)> = Vec::new();
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
                keyed.push(((end, 2, 0, 0), m));
            }
        }
    }
    let spans = if decor == Decor::Plain {
        Vec::new()
    } else {
        doc.spans()
    };
    let named = named_starts(&spans, decor);
    for (owner, s) in spans.iter().enumerate() {
        let trigger = matches!(s.at, SpanRef::Trigger(_));
        // Triggers get braces and the event's subtype, entities brackets and codes.
        let short = if trigger {
            s.kind.rsplit('.').next().unwrap_or(s.kind)
        } else {
            s.kind
        };
        let open = match (decor, trigger, s.suggested) {
            (Decor::Brackets, true, _) => Some("{"),
            (Decor::Brackets, false, true) => Some("[?"),
            (Decor::Brackets, false, false) => Some("["),
            _ => None,
        };
        // A start whose span is ambiguous also carries the type.
        let label = match (open, named[owner]) {
            (Some(open), true) => Some(format!("{open}{short} ")),
            (Some(open), false) => Some(open.to_owned()),
            (None, true) => Some(format!("‹{short}:")),
            (None, false) => None,
        };
        if let Some(label) = label {
            let open = Marker {
                at: s.start,
                label,
                attach: Attach::Before,
                owner,
            };
            keyed.push(((s.start, 1, usize::MAX - s.end, owner), open));
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
        // Identical spans close in the reverse of their opening order.
        keyed.push(((s.end, 0, usize::MAX - s.start, usize::MAX - owner), close));
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, m)| m).collect()
}

/// Which spans get their type at their start too, so that each one's
/// extent reads unambiguously: with brackets, those that cross another
/// (the brackets alone would read as nested); with codes after spans only,
/// any that overlaps another (nothing else shows where it starts).
fn named_starts(spans: &[crate::annotation::SpanView], decor: Decor) -> Vec<bool> {
    let mut named = vec![false; spans.len()];
    if decor == Decor::Plain {
        return named;
    }
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].start, usize::MAX - spans[i].end));
    for (k, &i) in order.iter().enumerate() {
        let a = &spans[i];
        // Later spans start at or after `a`: only those starting inside it meet it.
        for &j in order[k + 1..].iter() {
            let b = &spans[j];
            if b.start >= a.end {
                break;
            }
            let crossing = a.start < b.start && a.end < b.end;
            if crossing || decor == Decor::Codes {
                named[i] = true;
                named[j] = true;
            }
        }
    }
    named
}
