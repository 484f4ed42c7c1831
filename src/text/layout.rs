//! The wrap index: which code points fall on which screen row, built once per
//! (text, width, markers) so a frame draws only its visible rows.
//!
//! Markers are short labels drawn before a code point without being part of
//! the text (the `[` and `]GPE` around spans when colour is off). They take
//! cells, so wrapping has to know about them.

use std::borrow::Cow;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    width: usize,
    rows: Vec<Row>,
}

impl Layout {
    /// Word-wraps `text` to `width` cells. `markers` must be sorted by `at`.
    pub fn build(text: &SourceText, width: usize, markers: &[Marker]) -> Self {
        let width = width.max(1);
        let len = text.len_chars();
        let mut rows = Vec::new();
        let mut row_start = 0;
        let mut col = 0;
        let mut brk: Option<usize> = None;
        let mut p = 0;
        while p < len {
            let g = text.grapheme_at(p);
            let next = p + g.chars().count();
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
            if line_end {
                rows.push(Row {
                    start: row_start,
                    end: next,
                });
                (row_start, col, brk, p) = (next, 0, None, next);
                continue;
            }
            col += w;
            p = next;
            if g.chars().all(char::is_whitespace) {
                brk = Some(p);
            }
        }
        if row_start < len || rows.is_empty() {
            rows.push(Row {
                start: row_start,
                end: len,
            });
        }
        Self { width, rows }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// The row that shows code point `ch`.
    pub fn row_of(&self, ch: usize) -> usize {
        self.rows
            .partition_point(|r| r.start <= ch)
            .saturating_sub(1)
    }

    /// The pieces of row `index`, left to right, with their columns.
    pub fn place<'a>(
        &self,
        text: &'a SourceText,
        markers: &'a [Marker],
        index: usize,
    ) -> Vec<Placed<'a>> {
        let Some(&row) = self.rows.get(index) else {
            return Vec::new();
        };
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
        let row = self.row_of(ch);
        self.place(text, markers, row)
            .iter()
            .find_map(|p| match p.piece {
                Piece::Grapheme { start, end, .. } if start <= ch && ch < end => Some(p.col),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// The code point shown nearest to column `col` of row `index`.
    pub fn char_at_column(
        &self,
        text: &SourceText,
        markers: &[Marker],
        index: usize,
        col: usize,
    ) -> usize {
        let mut best = self.rows.get(index).map_or(0, |r| r.start);
        for p in self.place(text, markers, index) {
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
