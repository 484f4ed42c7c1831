//! What the pop-ups over the panes share. Each mode draws its own pop-up
//! (see `tui/mode/`).

use ratatui::layout::Rect;

/// A `width` × `height` rectangle in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
