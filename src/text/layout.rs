//! The wrap index: which code points fall on which screen row, built once per
//! (text, width, markers) so a frame draws only its visible rows.
//!
//! Markers are short labels drawn before a code point without being part of
//! the text (the `[` and `]GPE` around spans when colour is off). They take
//! cells, so wrapping has to know about them.

use std::borrow::Cow;
use std::cell::OnceCell;

use super::{SourceText, display};

/// A label drawn at code point `at`: before the grapheme that starts there
/// (an opening bracket) or after the one that ends there (a closing bracket
/// or a type code), so that it wraps together with that grapheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub at: usize,
    pub label: String,
    pub attach: Attach,
    /// Caller's tag (for example, which annotation the marker belongs to).
    pub owner: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// Drawn before the grapheme starting at `at`.
    Before,
    /// Drawn after the grapheme ending at `at`.
    After,
}

/// The markers at `pos` with the given attachment, in their given order.
fn markers_at(markers: &[Marker], pos: usize, attach: Attach) -> impl Iterator<Item = &Marker> {
    let from = markers.partition_point(|m| m.at < pos);
    markers[from..]
        .iter()
        .take_while(move |m| m.at == pos)
        .filter(move |m| m.attach == attach)
}

fn width_of<'a>(ms: impl Iterator<Item = &'a Marker>) -> usize {
    ms.map(|m| super::str_width(&m.label)).sum()
}

/// One screen row: the code points `start..end` (a line end included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
}

/// What occupies cells on a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Marker(&'a Marker),
    /// The grapheme `start..end` of the text, drawn as `symbol`.
    Grapheme {
        start: usize,
        end: usize,
        symbol: Cow<'a, str>,
    },
}

/// A piece and the cells it takes on its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed<'a> {
    pub piece: Piece<'a>,
    pub col: usize,
    pub width: usize,
}

/// A screen row named by its logical line and its place among that line's
/// rows. Ordering follows the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowId {
    pub line: usize,
    pub row: usize,
}

/// Lines longer than this are cut (at a space, or between two ASCII
/// characters) so that wrapping any one of them stays cheap.
const LONGEST_LINE: usize = 1 << 15;

/// The wrap index. Lines (text up to and including a line end) are found
/// with one pass over the bytes; each line is wrapped the first time a row
/// of it is needed, so opening a 10 MB article wraps only what is shown.
#[derive(Debug, Clone)]
pub struct Layout {
    width: usize,
    /// Code point where each line starts, and the text's length at the end.
    lines: Vec<usize>,
    rows: Vec<OnceCell<Vec<Row>>>,
}

impl PartialEq for Layout {
    fn eq(&self, other: &Self) -> bool {
        self.width == other.width && self.lines == other.lines
    }
}

impl Eq for Layout {}

/// Where lines start: after every `\n`, and inside lines too long to wrap
/// quickly (after a space, else between two ASCII characters).
fn line_starts(text: &SourceText) -> Vec<usize> {
    let bytes = text.as_str().as_bytes();
    let mut starts = vec![0];
    let mut from = 0;
    let mut ch = 0;
    // Line ends are found with memchr and characters counted in bulk; only
    // an overlong line is walked byte by byte to be cut.
    for nl in memchr::memchr_iter(b'\n', bytes)
        .map(|i| i + 1)
        .chain([bytes.len()])
    {
        if nl <= from {
            continue;
        }
        let segment = &bytes[from..nl];
        let n = super::count_chars(segment);
        if n > LONGEST_LINE {
            cut_long_line(segment, ch, &mut starts);
        }
        ch += n;
        if nl < bytes.len() {
            starts.push(ch);
        }
        from = nl;
    }
    starts.push(text.len_chars());
    starts
}

/// Adds cuts inside one overlong line that starts at code point `first`.
fn cut_long_line(bytes: &[u8], first: usize, starts: &mut Vec<usize>) {
    let mut ch = first;
    let mut line_len = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b & 0xC0 == 0x80 {
            continue;
        }
        ch += 1;
        line_len += 1;
        let next = bytes.get(i + 1).copied();
        let cut = (line_len > LONGEST_LINE && b == b' ')
            || (line_len > 2 * LONGEST_LINE
                && b.is_ascii()
                && b != b'\r'
                && next.is_some_and(|n| n.is_ascii() && n != b'\n'));
        if cut && i + 1 < bytes.len() {
            starts.push(ch);
            line_len = 0;
        }
    }
}

impl Layout {
    #[cfg(test)]
    /// Word-wraps all of `text` to `width` cells. `markers` must be sorted
    /// by `at`. Tests use it with the whole-text queries (`rows`, `row_of`,
    /// `place`), which need every line wrapped; the interface uses `lazy`
    /// and the line queries.
    pub fn build(text: &SourceText, width: usize, markers: &[Marker]) -> Self {
        let layout = Self::lazy(text, width);
        for line in 0..layout.line_count() {
            layout.line_rows(text, markers, line);
        }
        layout
    }

    /// A layout that wraps each line only when it is first asked about.
    /// (Markers are given to each query, as a line is wrapped when first asked about.)
    pub fn lazy(text: &SourceText, width: usize) -> Self {
        let lines = line_starts(text);
        let rows = (0..lines.len() - 1).map(|_| OnceCell::new()).collect();
        Self {
            width: width.max(1),
            lines,
            rows,
        }
    }

    pub fn line_count(&self) -> usize {
        self.lines.len() - 1
    }

    /// The line that holds code point `ch` (the last line for the end).
    pub fn line_of(&self, ch: usize) -> usize {
        self.lines
            .partition_point(|&s| s <= ch)
            .saturating_sub(1)
            .min(self.line_count() - 1)
    }

    /// The rows of one line, wrapped on first use.
    pub fn line_rows(&self, text: &SourceText, markers: &[Marker], line: usize) -> &[Row] {
        self.rows[line].get_or_init(|| {
            wrap_line(
                text,
                markers,
                self.width,
                self.lines[line],
                self.lines[line + 1],
            )
        })
    }

    /// The row that shows code point `ch`.
    pub fn locate(&self, text: &SourceText, markers: &[Marker], ch: usize) -> RowId {
        let line = self.line_of(ch);
        let rows = self.line_rows(text, markers, line);
        let row = rows.partition_point(|r| r.start <= ch).saturating_sub(1);
        RowId { line, row }
    }

    pub fn row_at(&self, text: &SourceText, markers: &[Marker], id: RowId) -> Row {
        let rows = self.line_rows(text, markers, id.line);
        rows[id.row.min(rows.len() - 1)]
    }

    /// The row `n` rows below (negative: above) `id`, stopping at either end.
    pub fn step(&self, text: &SourceText, markers: &[Marker], id: RowId, n: isize) -> RowId {
        let mut id = id;
        if n >= 0 {
            for _ in 0..n {
                if id.row + 1 < self.line_rows(text, markers, id.line).len() {
                    id.row += 1;
                } else if id.line + 1 < self.line_count() {
                    id = RowId {
                        line: id.line + 1,
                        row: 0,
                    };
                } else {
                    break;
                }
            }
        } else {
            for _ in 0..n.unsigned_abs() {
                if id.row > 0 {
                    id.row -= 1;
                } else if id.line > 0 {
                    let line = id.line - 1;
                    id = RowId {
                        line,
                        row: self.line_rows(text, markers, line).len() - 1,
                    };
                } else {
                    break;
                }
            }
        }
        id
    }

    /// The last row of the text.
    pub fn last(&self, text: &SourceText, markers: &[Marker]) -> RowId {
        let line = self.line_count() - 1;
        RowId {
            line,
            row: self.line_rows(text, markers, line).len() - 1,
        }
    }

    /// How many rows lie from `from` down to `to` (0 when `to` is not below).
    pub fn rows_between(
        &self,
        text: &SourceText,
        markers: &[Marker],
        from: RowId,
        to: RowId,
        cap: usize,
    ) -> usize {
        let mut n = 0;
        let mut id = from;
        while id < to && n < cap {
            let next = self.step(text, markers, id, 1);
            if next == id {
                break;
            }
            id = next;
            n += 1;
        }
        n
    }

    pub fn width(&self) -> usize {
        self.width
    }

    #[cfg(test)]
    /// Every row (of a layout made by `build`).
    pub fn rows(&self) -> Vec<Row> {
        self.rows
            .iter()
            .flat_map(|r| r.get().cloned().unwrap_or_default())
            .collect()
    }

    #[cfg(test)]
    pub fn row_count(&self) -> usize {
        self.rows.iter().map(|r| r.get().map_or(0, Vec::len)).sum()
    }

    #[cfg(test)]
    /// The index among all rows of the row that shows `ch` (of a layout made by `build`).
    pub fn row_of(&self, ch: usize) -> usize {
        self.rows()
            .partition_point(|r| r.start <= ch)
            .saturating_sub(1)
    }

    #[cfg(test)]
    /// The pieces of row `index`, left to right, with their columns.
    pub fn place<'a>(
        &self,
        text: &'a SourceText,
        markers: &'a [Marker],
        index: usize,
    ) -> Vec<Placed<'a>> {
        match self.rows().get(index) {
            Some(&row) => Self::place_row(text, markers, row),
            None => Vec::new(),
        }
    }

    /// The pieces of one row, left to right, with their columns.
    pub fn place_row<'a>(text: &'a SourceText, markers: &'a [Marker], row: Row) -> Vec<Placed<'a>> {
        let mut out = Vec::new();
        let mut col = 0;
        let put = |out: &mut Vec<Placed<'a>>, piece: Piece<'a>, width: usize, col: &mut usize| {
            out.push(Placed {
                piece,
                col: *col,
                width,
            });
            *col += width;
        };
        let mut p = row.start;
        while p < row.end {
            for m in markers_at(markers, p, Attach::Before) {
                put(
                    &mut out,
                    Piece::Marker(m),
                    super::str_width(&m.label),
                    &mut col,
                );
            }
            let g = text.grapheme_at(p);
            let end = p + g.chars().count();
            let (symbol, width) = display(g, col);
            let grapheme = Piece::Grapheme {
                start: p,
                end,
                symbol,
            };
            put(&mut out, grapheme, width, &mut col);
            for m in markers_at(markers, end, Attach::After) {
                put(
                    &mut out,
                    Piece::Marker(m),
                    super::str_width(&m.label),
                    &mut col,
                );
            }
            p = end;
        }
        out
    }

    /// The screen column of code point `ch` on its row.
    pub fn column_of(&self, text: &SourceText, markers: &[Marker], ch: usize) -> usize {
        let row = self.row_at(text, markers, self.locate(text, markers, ch));
        Self::place_row(text, markers, row)
            .iter()
            .find_map(|p| match p.piece {
                Piece::Grapheme { start, end, .. } if start <= ch && ch < end => Some(p.col),
                _ => None,
            })
            .unwrap_or(0)
    }

    #[cfg(test)]
    /// The code point shown nearest to column `col` of row `index` (of a
    /// layout made by `build`).
    pub fn char_at_column(
        &self,
        text: &SourceText,
        markers: &[Marker],
        index: usize,
        col: usize,
    ) -> usize {
        match self.rows().get(index) {
            Some(&row) => Self::char_in_row(text, markers, row, col),
            None => 0,
        }
    }

    /// The code point shown nearest to column `col` of `row`.
    pub fn char_in_row(text: &SourceText, markers: &[Marker], row: Row, col: usize) -> usize {
        let mut best = row.start;
        for p in Self::place_row(text, markers, row) {
            if let Piece::Grapheme { start, .. } = p.piece {
                if p.col > col {
                    break;
                }
                best = start;
            }
        }
        best
    }
}

/// Word-wraps the line `start..end` (its line end included) to `width`.
fn wrap_line(
    text: &SourceText,
    markers: &[Marker],
    width: usize,
    start: usize,
    end: usize,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut row_start = start;
    let mut col = 0;
    let mut brk: Option<usize> = None;
    let mut p = start;
    while p < end {
        let g = text.grapheme_at(p);
        let next = (p + g.chars().count()).min(end);
        let line_end = g == "\n" || g == "\r\n";
        // Markers wrap together with the grapheme they are attached to,
        // a line end's too (it takes no room, but its markers do).
        let before = width_of(markers_at(markers, p, Attach::Before));
        let after = width_of(markers_at(markers, next, Attach::After));
        let w = before + display(g, col + before).1 + after;
        if col + w > width && col > 0 && !(line_end && w == 0) {
            if g == " " && before + after == 0 {
                // A space that overflows stays, unseen, at the end of its row.
                rows.push(Row {
                    start: row_start,
                    end: next,
                });
                (row_start, col, brk, p) = (next, 0, None, next);
                continue;
            }
            let at = brk.filter(|&b| b > row_start).unwrap_or(p);
            rows.push(Row {
                start: row_start,
                end: at,
            });
            (row_start, col, brk, p) = (at, 0, None, at);
            continue;
        }
        col += w;
        p = next;
        if g.chars().all(char::is_whitespace) {
            brk = Some(p);
        }
    }
    if row_start < end || rows.is_empty() {
        rows.push(Row {
            start: row_start,
            end,
        });
    }
    rows
}
