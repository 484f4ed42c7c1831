//! The team dashboard over the whole screen: articles by status and
//! entities by type as bar charts, each annotator's finished articles and
//! the review queue's progress as gauges, and the pairwise agreement as a
//! grid. Every figure is printed as a number too, so that it reads without
//! colour (NO_COLOR) as well as with it.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Clear, Gauge, Paragraph, Widget, Wrap,
};

use crate::config::KeyTable;
use crate::team_stats::{Agreement, TeamStats};
use crate::text::{escape, fit, fit_pad, str_width};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::mode::Dashboard;
use crate::tui::review::Session;
use crate::tui::view::theme::Theme;

/// Cells of an agreement grid's column (a name or `0.64`, and a space).
const GRID_COLUMN: usize = 6;

/// Draws the dashboard over `area`.
pub fn render(app: &App, dash: &Dashboard, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    Clear.render(area, buf);
    let title = match &dash.figures {
        Some(t) => format!(
            " Team · {} articles · {} annotators ",
            t.documents.total,
            t.annotators.len()
        ),
        None => " Team ".to_owned(),
    };
    let block = Block::bordered()
        .title(Line::from(title).style(theme.heading()))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let [body, foot] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    Paragraph::new(Line::from(keys_line(app)).style(theme.dim())).render(foot, buf);
    let Some(t) = &dash.figures else {
        let said = match &dash.failed {
            Some(why) => format!("The figures could not be counted: {}", escape(why)),
            None => "Counting the team's files…".to_owned(),
        };
        words(said, body, buf);
        return;
    };
    let top_rows = (t.status.0.len().max(t.annotators.len().min(6)) + 1) as u16;
    let [top, bottom] = Layout::vertical([
        Constraint::Length(top_rows.min(body.height / 2)),
        Constraint::Min(0),
    ])
    .areas(body);
    let halves = |r: Rect| {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(1)
            .areas::<2>(r)
    };
    let [status_at, annotators_at] = halves(top);
    let [types_at, right] = halves(bottom);
    // Counted and escaped once a frame: several panels use them.
    let types = t.entity_types_everywhere();
    let names = names(t);
    status_chart(t, theme, status_at, buf);
    annotator_gauges(t, &names, theme, annotators_at, buf);
    // Types as tall as they are (half the height at most), the articles
    // under them.
    let type_rows = (types.len().max(1) + 1) as u16;
    let [types_at, articles_at] = Layout::vertical([
        Constraint::Length(type_rows.min(types_at.height / 2)),
        Constraint::Min(0),
    ])
    .areas(types_at);
    type_chart(&types, theme, types_at, buf);
    article_list(t, dash.scroll, theme, articles_at, buf);
    // The grid as tall as its rows (a title, the names, a row each, a
    // line for columns that do not fit), the review under it.
    let grid_rows = (t.annotators.len().max(1) + 3) as u16;
    let [grid_at, review_at] = Layout::vertical([
        Constraint::Length(grid_rows.min(right.height.saturating_sub(3))),
        Constraint::Min(0),
    ])
    .areas(right);
    agreement_grid(&t.agreement, &names, theme, grid_at, buf);
    review(app, theme, review_at, buf);
}

/// A sentence, wrapped at word boundaries to the area's width.
fn words(said: impl Into<String>, area: Rect, buf: &mut Buffer) {
    Paragraph::new(said.into())
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// A panel: its title on a rule, and the area under it.
fn panel(title: &str, theme: &Theme, area: Rect, buf: &mut Buffer) -> Rect {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border(false))
        .title(Line::from(format!(" {title} ")).style(theme.heading()));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The bars' colour (none without colour: the bars are blocks anyway).
fn bar_style(theme: &Theme) -> Style {
    if theme.color {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new()
    }
}

/// A horizontal bar chart of `rows` (label, value), values printed.
fn bars(rows: &[(String, usize)], theme: &Theme, area: Rect, buf: &mut Buffer) {
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(label, n)| {
            Bar::default()
                .label(Line::from(label.clone()))
                .value(*n as u64)
                .text_value(format!("{n} "))
        })
        .collect();
    BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(bar_style(theme))
        .value_style(theme.heading().add_modifier(Modifier::REVERSED))
        .data(BarGroup::default().bars(&bars))
        .render(area, buf);
}

/// A team's work is in its annotators' files: their statuses, once
/// there are any; the articles' own files' before.
fn status_chart(t: &TeamStats, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let (title, counts) = if t.annotators.is_empty() {
        ("Articles by status", t.status.clone())
    } else {
        ("Annotator files by status", t.annotator_status())
    };
    let inner = panel(title, theme, area, buf);
    let rows: Vec<(String, usize)> = counts
        .0
        .iter()
        .map(|(s, n)| (s.label().to_owned(), *n))
        .collect();
    bars(&rows, theme, inner, buf);
}

/// `types`: accepted entities per type, everywhere.
fn type_chart(types: &BTreeMap<String, usize>, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let inner = panel("Entities by type", theme, area, buf);
    let mut rows: Vec<(String, usize)> = types
        .iter()
        .map(|(k, n)| (fit(&escape(k), 12).into_owned(), *n))
        .collect();
    if rows.is_empty() {
        Paragraph::new("(none yet)").render(inner, buf);
        return;
    }
    // The most used first; those that do not fit are counted.
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let room = inner.height as usize;
    if rows.len() > room && room > 0 {
        let more = rows.len() - (room - 1);
        rows.truncate(room - 1);
        let below = Rect {
            y: inner.y + inner.height - 1,
            height: 1,
            ..inner
        };
        Paragraph::new(format!("+{more} more types")).render(below, buf);
    }
    bars(&rows, theme, inner, buf);
}

/// The annotators' names as the views show them (escaped).
fn names(t: &TeamStats) -> Vec<String> {
    t.annotators
        .iter()
        .map(|a| escape(&a.name).into_owned())
        .collect()
}

/// A gauge per annotator: articles finished of those they have a file of
/// (`names`: theirs, escaped).
fn annotator_gauges(t: &TeamStats, names: &[String], theme: &Theme, area: Rect, buf: &mut Buffer) {
    let inner = panel("Finished per annotator", theme, area, buf);
    if t.annotators.is_empty() {
        words(
            "No annotator files yet (gloss --annotator NAME makes them).",
            inner,
            buf,
        );
        return;
    }
    let width = names
        .iter()
        .map(|n| str_width(n))
        .max()
        .unwrap_or(0)
        .min(10);
    let room = inner.height as usize;
    let shown = if t.annotators.len() > room {
        room.saturating_sub(1)
    } else {
        room
    };
    if shown < t.annotators.len() && room > 0 {
        let more = format!(
            "+{} more (gloss stats lists all)",
            t.annotators.len() - shown
        );
        buf.set_stringn(
            inner.x,
            inner.y + shown as u16,
            more,
            inner.width as usize,
            Style::new(),
        );
    }
    for (row, (a, name)) in t.annotators.iter().zip(names).take(shown).enumerate() {
        let y = inner.y + row as u16;
        let name = fit(name, width).into_owned();
        buf.set_stringn(inner.x, y, &name, width, Style::new());
        let at = Rect {
            x: inner.x + width as u16 + 1,
            y,
            width: inner.width.saturating_sub(width as u16 + 1),
            height: 1,
        };
        let ratio = if a.articles == 0 {
            0.0
        } else {
            a.finished as f64 / a.articles as f64
        };
        gauge(
            ratio,
            format!("{}/{} finished", a.finished, a.articles),
            theme,
            at,
            buf,
        );
    }
}

/// Each article with a team: how many have finished it, and who (the
/// help screen's keys scroll it).
fn article_list(t: &TeamStats, scroll: usize, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let inner = panel("Articles · finished by", theme, area, buf);
    let width = inner.width as usize;
    let first = scroll.min(t.articles.len().saturating_sub(1));
    let shown: Vec<_> = t
        .articles
        .iter()
        .skip(first)
        .take(inner.height as usize)
        .collect();
    // Names in a column as wide as the widest shown, half the width at most.
    let column = shown
        .iter()
        .map(|a| str_width(&escape(&a.article)))
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let lines: Vec<Line> = shown
        .iter()
        .map(|a| {
            let who: Vec<String> = a.finished.iter().map(|n| escape(n).into_owned()).collect();
            let name = fit_pad(&escape(&a.article), column);
            let row = format!(
                "{name} {}/{} {}",
                a.finished.len(),
                a.annotators.len(),
                who.join(" ")
            );
            Line::from(fit(&row, width).into_owned())
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// A one-row gauge with its figures in words.
fn gauge(ratio: f64, label: String, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let style = if theme.color {
        Style::new().fg(Color::Green).bg(Color::DarkGray)
    } else {
        Style::new()
    };
    Gauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(Span::styled(label, theme.heading()))
        .use_unicode(true)
        .gauge_style(style)
        .render(area, buf);
}

/// A cell's colour by how well the pair agrees (none without colour).
fn shade(f1: Option<f64>, theme: &Theme) -> Style {
    if !theme.color {
        return Style::new();
    }
    let bg = match f1 {
        None => return theme.dim(),
        Some(f) if f >= 0.8 => Color::Green,
        Some(f) if f >= 0.6 => Color::Yellow,
        Some(_) => Color::Red,
    };
    Style::new().fg(Color::Black).bg(bg)
}

/// The pairs as a grid: a row and a column per annotator, each cell the
/// pair's figure printed and coloured.
fn agreement_grid(
    agreement: &Agreement,
    names: &[String],
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let inner = panel(
        &format!("Agreement · {}", agreement.measure),
        theme,
        area,
        buf,
    );
    if names.len() < 2 {
        words("Needs two annotators of an article.", inner, buf);
        return;
    }
    let label = names
        .iter()
        .map(|n| str_width(n))
        .max()
        .unwrap_or(0)
        .clamp(3, 8);
    let fits = (inner.width as usize).saturating_sub(label + 1) / GRID_COLUMN;
    let shown = names.len().min(fits);
    let mut lines = vec![Line::from(
        std::iter::once(Span::raw(" ".repeat(label + 1)))
            .chain(names[..shown].iter().map(|n| {
                Span::styled(format!("{} ", fit_pad(n, GRID_COLUMN - 1)), theme.heading())
            }))
            .collect::<Vec<_>>(),
    )];
    // The header, then as many rows as fit (one kept to say how many not).
    let room = (inner.height as usize).saturating_sub(1);
    let rows = if names.len() > room {
        room.saturating_sub(1)
    } else {
        names.len()
    };
    for (i, row) in names.iter().enumerate().take(rows) {
        let mut spans = vec![Span::styled(
            format!("{} ", fit_pad(row, label)),
            theme.heading(),
        )];
        for (j, col) in names[..shown].iter().enumerate() {
            let (text, style) = if i == j {
                ("  —".to_owned(), theme.dim())
            } else {
                let f1 = agreement.pair(row, col).and_then(|p| p.f1);
                let text = f1.map_or(" n/a".to_owned(), |f| format!("{f:.2}"));
                (text, shade(f1, theme))
            };
            spans.push(Span::styled(format!("{text:<5}"), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    if rows < names.len() || shown < names.len() {
        lines.push(Line::from(format!(
            "(+{} more rows, +{} columns: gloss stats)",
            names.len() - rows,
            names.len() - shown
        )));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The review queue's progress and rate, or n/a when none is open.
fn review(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let inner = panel("Review", theme, area, buf);
    if inner.height == 0 {
        return;
    }
    let Some(session) = &app.review else {
        let key = app.key_name(Action::Review);
        let said = format!("rate n/a: no queue open ({key} opens one)");
        words(said, inner, buf);
        return;
    };
    let (decided, total) = (session.decisions(), session.items.len());
    let ratio = if total == 0 {
        0.0
    } else {
        decided as f64 / total as f64
    };
    let label = format!("{decided}/{total} decided · {}", rate_words(session));
    gauge(ratio, label, theme, Rect { height: 1, ..inner }, buf);
}

/// The review rate in words: items a minute, once there are enough.
pub fn rate_words(session: &Session) -> String {
    match session.rate() {
        Some(per_minute) => format!("{per_minute:.1}/min"),
        None => format!("rate after {} decisions", crate::tui::review::RATE_AFTER),
    }
}

/// What the keys do here, named through the keymap.
fn keys_line(app: &App) -> String {
    let down = app.mode_key(KeyTable::Help, "down");
    let up = app.mode_key(KeyTable::Help, "up");
    format!("{down}/{up} scroll · any other key closes")
}

#[cfg(test)]
mod tests;
