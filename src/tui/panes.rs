//! Where each pane goes for a terminal size. Both the update (which needs
//! the text pane's size to wrap and scroll) and the renderer use this.

use ratatui::layout::Rect;

/// The first row to show so that `row` is among `height` rows from `top`:
/// the one scroll-into-view rule of the article list and the hit list.
pub fn top_showing(top: usize, row: usize, height: usize) -> usize {
    let height = height.max(1);
    if row < top {
        row
    } else if row >= top + height {
        row + 1 - height
    } else {
        top
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Text,
    Notes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Option<Rect>,
    pub text: Rect,
    pub notes: Option<Rect>,
    pub status: Rect,
    /// The end of a message too long for the status rows, above the notes
    /// pane (which gives up those rows).
    pub message: Option<Rect>,
}

/// The rows a status line takes: its own at the bottom, and those it
/// borrows from the top of the notes pane for a message that needs more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusRows {
    pub own: u16,
    pub in_notes: u16,
}

impl StatusRows {
    pub const ONE: StatusRows = StatusRows {
        own: 1,
        in_notes: 0,
    };
}

/// The notes pane keeps at least this many rows (borders and one line)
/// when a message borrows from it.
pub const NOTES_KEPT: u16 = 3;

/// Wide terminals put the three panes side by side. Below 100 columns the
/// notes go under the text; below 70 the list shows only while it has the
/// focus, so the text keeps a readable width.
pub fn split(area: Rect, focus: Pane) -> Panes {
    split_around(area, focus, StatusRows::ONE)
}

/// `split` with a status line of `rows`: the panes give up the rows it
/// takes at the bottom, the notes pane those it borrows at its top.
pub fn split_around(area: Rect, focus: Pane, rows: StatusRows) -> Panes {
    let own = rows.own.min(area.height);
    let mut panes = split_above(area, focus, own);
    if let Some(notes) = panes.notes {
        let lent = rows.in_notes.min(notes.height.saturating_sub(NOTES_KEPT));
        if lent > 0 {
            panes.message = Some(Rect::new(notes.x, notes.y, notes.width, lent));
            panes.notes = Some(Rect::new(
                notes.x,
                notes.y + lent,
                notes.width,
                notes.height - lent,
            ));
        }
    }
    panes
}

fn split_above(area: Rect, focus: Pane, status_rows: u16) -> Panes {
    let status = Rect::new(
        area.x,
        area.bottom().saturating_sub(status_rows),
        area.width,
        status_rows,
    );
    let main = Rect::new(
        area.x,
        area.y,
        area.width,
        area.height.saturating_sub(status_rows),
    );
    let w = main.width;
    if w >= 100 {
        let list_w = (w * 24 / 100).clamp(20, 36);
        let notes_w = (w * 28 / 100).clamp(24, 48);
        let text_w = w - list_w - notes_w;
        return Panes {
            list: Some(Rect::new(main.x, main.y, list_w, main.height)),
            text: Rect::new(main.x + list_w, main.y, text_w, main.height),
            notes: Some(Rect::new(
                main.x + list_w + text_w,
                main.y,
                notes_w,
                main.height,
            )),
            status,
            message: None,
        };
    }
    let show_list = w >= 70 || focus == Pane::List;
    let list_w = if w >= 70 {
        (w * 28 / 100).clamp(20, 26)
    } else {
        (w * 40 / 100).clamp(16, 28).min(w / 2)
    };
    let list = show_list.then(|| Rect::new(main.x, main.y, list_w, main.height));
    let right_x = main.x + if show_list { list_w } else { 0 };
    let right_w = w - (right_x - main.x);
    let show_notes = main.height >= 14 || focus == Pane::Notes;
    let notes_h = if show_notes {
        (main.height / 3).clamp(5, 9).min(main.height / 2)
    } else {
        0
    };
    let text_h = main.height - notes_h;
    Panes {
        list,
        text: Rect::new(right_x, main.y, right_w, text_h),
        notes: show_notes.then(|| Rect::new(right_x, main.y + text_h, right_w, notes_h)),
        status,
        message: None,
    }
}

/// The list pane widened to half the screen, for rows that need room (a
/// corpus search's hits): the text pane (and the notes under it) give up
/// the columns, keeping `TEXT_KEPT`.
pub fn widen_list(mut panes: Panes) -> Panes {
    let Some(list) = &mut panes.list else {
        return panes;
    };
    let whole = list.width + panes.text.width + panes.notes.map_or(0, |n| n.width);
    let extra = (whole / 2)
        .saturating_sub(list.width)
        .min(panes.text.width.saturating_sub(TEXT_KEPT));
    list.width += extra;
    let old_x = panes.text.x;
    for pane in [
        Some(&mut panes.text),
        panes.notes.as_mut(),
        panes.message.as_mut(),
    ]
    .into_iter()
    .flatten()
    .filter(|p| p.x == old_x)
    {
        pane.x += extra;
        pane.width -= extra;
    }
    panes
}

/// Columns the text pane keeps when the list is widened.
const TEXT_KEPT: u16 = 24;

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_three_columns() {
        let p = split(Rect::new(0, 0, 100, 30), Pane::Text);
        let (l, t, n) = (p.list.unwrap(), p.text, p.notes.unwrap());
        assert_eq!((l.x, l.width + t.width + n.width), (0, 100));
        assert_eq!(t.x, l.right());
        assert_eq!(n.x, t.right());
        assert_eq!(p.status, Rect::new(0, 29, 100, 1));
        assert!(t.width >= 40, "text keeps a readable width: {t:?}");
    }

    #[test]
    fn eighty_columns_put_notes_under_the_text() {
        let p = split(Rect::new(0, 0, 80, 24), Pane::Text);
        let (l, t, n) = (p.list.unwrap(), p.text, p.notes.unwrap());
        assert_eq!(n.x, t.x);
        assert_eq!(n.y, t.bottom());
        assert_eq!(l.width + t.width, 80);
        assert!(t.width >= 54 && t.height >= 14, "{t:?}");
    }

    #[test]
    fn narrow_terminals_show_the_list_only_when_focused() {
        let p = split(Rect::new(0, 0, 60, 20), Pane::Text);
        assert!(p.list.is_none());
        assert_eq!(p.text.width, 60);
        let p = split(Rect::new(0, 0, 60, 20), Pane::List);
        assert!(p.list.is_some() && p.text.width >= 30);
    }

    #[test]
    fn a_widened_list_takes_half_the_screen_from_the_text() {
        for (width, focus) in [(150, Pane::List), (80, Pane::List), (60, Pane::List)] {
            let p = widen_list(split(Rect::new(0, 0, width, 24), focus));
            let (l, t) = (p.list.unwrap(), p.text);
            assert!(
                l.width >= width / 2 || t.width == TEXT_KEPT,
                "{width}: {p:?}"
            );
            assert_eq!(t.x, l.right(), "{width}");
            assert_eq!(
                l.width + t.width + p.notes.filter(|n| n.x > t.x).map_or(0, |n| n.width),
                width
            );
            if let Some(n) = p.notes.filter(|n| n.y > t.y) {
                assert_eq!(
                    (n.x, n.width),
                    (t.x, t.width),
                    "{width}: the notes under the text follow it"
                );
            }
        }
        let p = split(Rect::new(0, 0, 60, 20), Pane::Text);
        assert_eq!(widen_list(p), p, "no list, nothing to widen");
    }

    #[test]
    fn a_longer_status_line_takes_rows_from_the_panes_and_the_notes() {
        let area = Rect::new(0, 0, 80, 24);
        let two = split_around(
            area,
            Pane::Text,
            StatusRows {
                own: 2,
                in_notes: 0,
            },
        );
        assert_eq!(two.status, Rect::new(0, 22, 80, 2));
        assert_eq!(two.notes.unwrap().bottom(), 22);
        let more = split_around(
            area,
            Pane::Text,
            StatusRows {
                own: 2,
                in_notes: 2,
            },
        );
        let (notes, message) = (more.notes.unwrap(), more.message.unwrap());
        assert_eq!(
            message,
            Rect::new(notes.x, two.notes.unwrap().y, notes.width, 2)
        );
        assert_eq!(notes.y, message.bottom());
        assert_eq!(notes.bottom(), 22);
        assert_eq!(more.text, two.text, "the text pane keeps its rows");
        // The notes pane keeps its borders and a line.
        let most = split_around(
            area,
            Pane::Text,
            StatusRows {
                own: 2,
                in_notes: 40,
            },
        );
        assert_eq!(most.notes.unwrap().height, NOTES_KEPT);
    }
}
