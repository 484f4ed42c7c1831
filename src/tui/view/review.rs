//! The review queue, one item at a time: the article's title, the item's
//! paragraph with the item marked and its type shown, a line of context
//! either side, the item's details, and the progress with a bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph, Widget};

use super::theme::Theme;
use crate::schema::Kind;
use crate::text::{SourceText, escape, fit, prefix_within, str_width, suffix_within, wrap_words};
use crate::tui::app::{App, Shown};
use crate::tui::review::{Decision, Item, ItemKind, Session, left_words};

/// Rows the item's paragraph may take at most; a longer one is cut
/// around the item.
const PARAGRAPH_ROWS: usize = 6;

/// Draws the queue into `area` (the screen above the status line).
pub fn render(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(Line::from(format!(" Review · {} ", escape(&session.what))).style(theme.heading()))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    // The bar, the counts, and the keys in as many rows as they need (two
    // at 80 columns).
    let keys = crate::tui::mode::review::keys_line(app);
    let key_rows = wrap_words(&keys, inner.width as usize).len().min(2) as u16;
    let footer = (2 + key_rows).min(inner.height);
    let body = Rect {
        height: inner.height - footer,
        ..inner
    };
    let foot = Rect {
        y: inner.y + body.height,
        height: footer,
        ..inner
    };
    Paragraph::new(body_lines(app, session, body.width as usize)).render(body, buf);
    render_progress(app, session, &keys, foot, buf);
}

/// Where a pop-up over the queue goes: below the title and the item's
/// paragraph (its first rows).
pub fn below_item(area: Rect) -> Rect {
    let top = ITEM_ROWS.min(area.height);
    Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    }
}

/// The rows the title and a short paragraph with its context take.
const ITEM_ROWS: u16 = 10;

/// What the body shows: the item, or why there is none.
fn body_lines<'a>(app: &'a App, session: &Session, width: usize) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let Some((index, item)) = session.current() else {
        return vec![
            Line::raw(""),
            Line::styled(empty_queue(session), theme.heading()),
        ];
    };
    let shown = app.shown.as_ref().filter(|r| r.entry == item.entry);
    let mut lines = vec![title_line(app, item, width, theme)];
    let Some(r) = shown else {
        lines.push(Line::styled("opening the article…", theme.dim()));
        return lines;
    };
    lines.push(Line::raw(""));
    lines.extend(item_lines(app, r, item, width));
    lines.push(Line::raw(""));
    match session.disagreement(index) {
        Some(d) => lines.extend(super::adjudicate::version_lines(app, d, width)),
        None => lines.extend(detail_lines(app, r, item, session.decision(index), width)),
    }
    lines
}

/// Why there is no current item: still looking, nothing found, or done.
fn empty_queue(session: &Session) -> String {
    let (_, total) = session.progress();
    if total == 0 && session.is_building() {
        format!("looking for {}…", session.what)
    } else if total == 0 {
        format!("no items: nothing in the corpus is {}", session.what)
    } else {
        let left = left_words(&session.left_by_kind());
        let left = if left.is_empty() {
            "nothing left".to_owned()
        } else {
            format!("{left} left undecided")
        };
        format!("end of the queue: {} decided, {left}", session.decisions())
    }
}

/// The article's title, and its file name on the right.
fn title_line<'a>(app: &App, item: &Item, width: usize, theme: &Theme) -> Line<'a> {
    let entry = app.corpus.entries.get(item.entry);
    let title = entry
        .map(|e| escape(&e.title).into_owned())
        .unwrap_or_default();
    let name = entry
        .map(|e| escape(&e.name).into_owned())
        .unwrap_or_default();
    let name = fit(&name, width / 3).into_owned();
    let room = width.saturating_sub(str_width(&name) + 1);
    let title = fit(&title, room).into_owned();
    let gap = width.saturating_sub(str_width(&title) + str_width(&name));
    Line::from(vec![
        Span::styled(title, theme.heading()),
        Span::raw(" ".repeat(gap)),
        Span::styled(name, theme.dim()),
    ])
}

/// The line before, the item's paragraph (wrapped, the item marked), the
/// line after.
fn item_lines<'a>(app: &App, r: &Shown, item: &Item, width: usize) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let text = &r.article.text;
    let (start, end, kind) = where_now(r, item);
    let around = Around::of(text, start, end);
    let mut lines = Vec::new();
    // Only as much of a line is escaped as can be shown (a one-line
    // article is one 30 MB line): the cut lands where it would on all.
    let context = |s: &str| {
        let shown = escape(prefix_within(s, width + ESCAPE_MARGIN));
        Line::styled(fit(&shown, width).into_owned(), theme.dim())
    };
    lines.push(around.before.map_or_else(|| Line::raw(""), context));
    let ink = ink_of(app, item, &kind);
    let mark = theme.span(ink, 1);
    let tag = theme.marker(ink).add_modifier(Modifier::BOLD);
    let item_text = escape(text.slice(start, end)).into_owned();
    let budget = width * PARAGRAPH_ROWS;
    let side = budget.saturating_sub(str_width(&item_text) + str_width(&kind) + 3) / 2;
    let head = suffix_within(text.slice(around.start, start), side + ESCAPE_MARGIN);
    let tail = prefix_within(text.slice(end, around.end), side + ESCAPE_MARGIN);
    let (head, tail) = (escape(head).into_owned(), escape(tail).into_owned());
    let pieces: [(String, Style); 5] = [
        (cut_head(&head, side), Style::new()),
        ("[".to_owned(), tag),
        (item_text, mark),
        (format!("]{kind}"), tag),
        (cut_tail(&tail, side), Style::new()),
    ];
    lines.extend(styled_rows(&pieces, width));
    lines.push(around.after.map_or_else(|| Line::raw(""), context));
    lines
}

/// How many cells more than it shows a cut takes of the raw text before
/// escaping it. Escaping never narrows a character, so the escaped piece
/// is still wider than what is shown, and cut at the same place.
const ESCAPE_MARGIN: usize = 8;

/// The end of `head` that fits in `cells`, from a word's start, with `…`
/// where it was cut.
fn cut_head(head: &str, cells: usize) -> String {
    let kept = suffix_within(head, cells.saturating_sub(1));
    if kept.len() == head.len() {
        return head.to_owned();
    }
    let from_word = kept.find(' ').map_or(kept, |i| &kept[i + 1..]);
    format!("…{from_word}")
}

/// The start of `tail` that fits in `cells`, to a word's end, with `…`.
fn cut_tail(tail: &str, cells: usize) -> String {
    let kept = prefix_within(tail, cells.saturating_sub(1));
    if kept.len() == tail.len() {
        return tail.to_owned();
    }
    let to_word = kept.rfind(' ').map_or(kept, |i| &kept[..i]);
    format!("{to_word}…")
}

/// The item's span and type as the article has them now (a fix may have
/// moved or retyped it), else as it was found.
fn where_now(r: &Shown, item: &Item) -> (usize, usize, String) {
    let doc = &r.article.doc;
    let len = r.article.text.len_chars();
    let (start, end) = doc.span_of(&item.id).unwrap_or((item.start, item.end));
    let kind = doc
        .kind_of(&item.id)
        .map_or(item.type_.clone(), |(_, k)| k.to_owned());
    (start.min(len), end.min(len).max(start.min(len)), kind)
}

fn ink_of(app: &App, item: &Item, kind: &str) -> Option<super::theme::Ink> {
    let colour = match app.schema.entity_type(kind) {
        Some(t) => Some(t.color),
        None => app.schema.event_type(kind).and_then(|t| t.color),
    };
    let _ = item;
    app.theme.ink(kind, colour)
}

/// Styled pieces of one string, wrapped at spaces into rows of `width`.
fn styled_rows<'a>(pieces: &[(String, Style)], width: usize) -> Vec<Line<'a>> {
    let whole: String = pieces.iter().map(|(s, _)| s.as_str()).collect();
    let mut bounds = Vec::new();
    let mut at = 0;
    for (s, style) in pieces {
        bounds.push((at, at + s.len(), *style));
        at += s.len();
    }
    wrap_words(&whole, width)
        .into_iter()
        .map(|row| {
            // Each row is a slice of `whole`: its place is its offset.
            let from = row.as_ptr() as usize - whole.as_ptr() as usize;
            let to = from + row.len();
            let spans: Vec<Span> = bounds
                .iter()
                .filter(|&&(s, e, _)| s < to && e > from)
                .map(|&(s, e, style)| Span::styled(whole[s.max(from)..e.min(to)].to_owned(), style))
                .collect();
            Line::from(spans)
        })
        .collect()
}

/// Kind, type, text, offsets, decision; the note and the problem; for an
/// event, its roles as the notes pane lists them.
fn detail_lines<'a>(
    app: &App,
    r: &Shown,
    item: &Item,
    decision: Decision,
    width: usize,
) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let (start, end, kind) = where_now(r, item);
    let what = match item.kind {
        ItemKind::Suggestion => "suggestion",
        ItemKind::Problem => "problem",
        ItemKind::Unreviewed => "not reviewed",
        ItemKind::Disagreement => "disagreement",
    };
    let state = match decision {
        Decision::Open => String::new(),
        Decision::Accepted => " · accepted".to_owned(),
        Decision::Rejected => " · rejected".to_owned(),
        Decision::Settled => " · settled by another decision".to_owned(),
    };
    let head = format!(
        "{what} · {} {kind} “{}” · {start}–{end}{state}",
        item.id,
        fit(&escape(&item.text), 30)
    );
    let mut lines = vec![Line::styled(
        fit(&head, width).into_owned(),
        theme.heading(),
    )];
    let doc = &r.article.doc;
    if let Some(note) = doc.note_of(&item.id).filter(|n| !n.is_empty()) {
        for row in wrap_words(&escape(&format!("note: {note}")), width)
            .into_iter()
            .take(3)
        {
            lines.push(Line::raw(row.to_owned()));
        }
    }
    if let Some(problem) = &item.problem {
        for row in wrap_words(&escape(&format!("problem: {problem}")), width)
            .into_iter()
            .take(3)
        {
            lines.push(Line::styled(row.to_owned(), theme.problem()));
        }
    }
    if doc.kind_of(&item.id).is_some_and(|(k, _)| k == Kind::Event) {
        let event = doc.event(&item.id).map(|e| e.id.clone());
        if let Some(event) = event {
            super::notes::event_checklist(&mut lines, r, (&app.schema, &app.keymap), &event, theme);
        }
    }
    lines
}

/// The bar with `12/340`, what is left by kind and the rate; the keys.
fn render_progress(app: &App, session: &Session, keys: &str, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let (at, total) = session.progress();
    let ratio = if total == 0 {
        0.0
    } else {
        session.pos.min(total) as f64 / total as f64
    };
    let mut label = format!("{at}/{total}");
    if session.is_building() {
        label.push('…');
    }
    let gauge = LineGauge::default()
        .ratio(ratio)
        .label(Span::styled(format!("{label} "), theme.heading()))
        .filled_style(theme.heading())
        .unfilled_style(theme.dim())
        .filled_symbol(symbols::line::THICK_HORIZONTAL)
        .unfilled_symbol(symbols::line::HORIZONTAL);
    let row = |n: u16| Rect {
        y: area.y + n,
        height: 1,
        ..area
    };
    gauge.render(row(0), buf);
    let mut info = Vec::new();
    let left = left_words(&session.left_by_kind());
    if !left.is_empty() {
        info.push(format!("{left} left"));
    } else if total > 0 {
        info.push("nothing left".to_owned());
    }
    if let Some(rate) = session.rate() {
        info.push(format!("{rate:.1} items/min"));
    }
    if let Some(job) = session
        .job
        .and_then(|id| app.jobs().find(|(j, _)| *j == id))
    {
        // The corpus may still be walked: its size is not known yet.
        info.push(format!("looking: {} articles read", job.1.done));
    }
    let width = area.width as usize;
    let info = fit(&info.join(" · "), width).into_owned();
    Line::raw(info).render(row(1), buf);
    for (n, keys) in (2..area.height).zip(wrap_words(keys, width)) {
        Line::styled(keys.to_owned(), theme.dim()).render(row(n), buf);
    }
}

/// The paragraph (source line) around a span, and the nearest non-empty
/// line either side.
struct Around<'t> {
    start: usize,
    end: usize,
    before: Option<&'t str>,
    after: Option<&'t str>,
}

impl<'t> Around<'t> {
    fn of(text: &'t SourceText, start: usize, end: usize) -> Self {
        let s = text.as_str();
        let (b0, b1) = (text.byte_of(start), text.byte_of(end));
        let line_start = s[..b0].rfind('\n').map_or(0, |i| i + 1);
        let line_end = s[b1..].find('\n').map_or(s.len(), |i| b1 + i);
        let before = s[..line_start].lines().rev().find(|l| !l.trim().is_empty());
        let after = s[line_end..].lines().find(|l| !l.trim().is_empty());
        Around {
            start: text.char_of(line_start),
            end: text.char_of(line_end),
            before,
            after,
        }
    }
}

#[cfg(test)]
mod tests;
