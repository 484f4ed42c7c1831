//! The wrap index: which code points fall on which screen row, built once per
//! (text, width, markers) so a frame draws only its visible rows.
//!
//! Markers are short labels drawn before a code point without being part of
//! the text (the `[` and `]GPE` around spans when colour is off). They take
//! cells, so wrapping has to know about them.

use std::borrow::Cow;

use super::{SourceText, display};

/// A label drawn immediately before the grapheme at code point `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub at: usize,
    pub label: String,
    /// Caller's tag (for example, which annotation the marker belongs to).
    pub owner: usize,
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
        let mut mi = 0;
        while p < len {
            // Markers are glued to the grapheme they stand before.
            let mut glued = 0;
            let mut mj = mi;
            while mj < markers.len() && markers[mj].at <= p {
                glued += super::str_width(&markers[mj].label);
                mj += 1;
            }
            let g = text.grapheme_at(p);
            let next = p + g.chars().count();
            if g == "\n" || g == "\r\n" {
                rows.push(Row {
                    start: row_start,
                    end: next,
                });
                (row_start, col, brk, p, mi) = (next, 0, None, next, mj);
                continue;
            }
            let w = glued + display(g, col + glued).1;
            if col + w > width && col > 0 {
                if g == " " {
                    // A space that overflows stays, unseen, at the end of its row.
                    rows.push(Row {
                        start: row_start,
                        end: next,
                    });
                    (row_start, col, brk, p, mi) = (next, 0, None, next, mj);
                    continue;
                }
                let at = brk.filter(|&b| b > row_start).unwrap_or(p);
                rows.push(Row {
                    start: row_start,
                    end: at,
                });
                row_start = at;
                (col, brk, p) = (0, None, at);
                mi = markers.partition_point(|m| m.at < at);
                continue;
            }
            col += w;
            (p, mi) = (next, mj);
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
        let last = index + 1 == self.rows.len();
        let mut out = Vec::new();
        let mut col = 0;
        let mut mi = markers.partition_point(|m| m.at < row.start);
        let mut p = row.start;
        loop {
            while mi < markers.len()
                && (markers[mi].at == p || (last && p >= row.end && markers[mi].at >= p))
            {
                let width = super::str_width(&markers[mi].label);
                out.push(Placed {
                    piece: Piece::Marker(&markers[mi]),
                    col,
                    width,
                });
                col += width;
                mi += 1;
            }
            if p >= row.end {
                break;
            }
            let g = text.grapheme_at(p);
            let end = p + g.chars().count();
            let (symbol, width) = display(g, col);
            out.push(Placed {
                piece: Piece::Grapheme {
                    start: p,
                    end,
                    symbol,
                },
                col,
                width,
            });
            col += width;
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
