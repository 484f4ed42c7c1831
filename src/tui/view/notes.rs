//! The notes pane: the event being built as a checklist of its roles
//! (first, so every role fits or scrolls into view), the article's note
//! (editable), and the details of the annotations under the
//! cursor (type, text, offsets, attributes, relations, note, problems).

use crate::tui::mode::NoteEditor;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::theme::Theme;
use crate::annotation::{Document, SpanRef};
use crate::schema::Schema;
use crate::text::{fit, str_width};
use crate::tui::action::Action;
use crate::tui::app::Shown;
use crate::tui::app::{App, Mode, NoteTarget};
use crate::tui::keymap::Keymap;

pub fn render(app: &App, focused: bool, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered()
        .title(Line::from(" Notes ").style(theme.heading()))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let editing = match &app.mode {
        Mode::Note(NoteEditor { editor, .. }) => Some(editor),
        _ => None,
    };
    let (lines, editor_at) = pane_lines(app, inner, theme);
    match (editing, editor_at) {
        (Some(editor), Some(at)) => with_editor(lines, editor, at, inner, buf),
        _ => {
            let scroll = app.notes_scroll.min(max_scroll_of(&lines, inner));
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll as u16, 0))
                .render(inner, buf)
        }
    }
}

/// How far the notes pane `area` (border included) can scroll: its
/// wrapped rows beyond its height. Drawing and the scrolling keys share it.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let inner = Block::bordered().inner(area);
    max_scroll_of(&pane_lines(app, inner, &app.theme).0, inner)
}

fn max_scroll_of(lines: &[Line], inner: Rect) -> usize {
    let wrapped = Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false });
    wrapped
        .line_count(inner.width.max(1))
        .saturating_sub(inner.height as usize)
}

/// The pane's lines, and where the note editor goes among them (if a note
/// is being edited).
fn pane_lines<'a>(app: &'a App, inner: Rect, theme: &Theme) -> (Vec<Line<'a>>, Option<usize>) {
    let mut lines: Vec<Line> = Vec::new();
    let Some(r) = &app.shown else {
        return (lines, None);
    };
    let target = match &app.mode {
        Mode::Note(NoteEditor { target, .. }) => Some(target),
        _ => None,
    };
    let keys = &app.keymap;
    if let Some(event) = r.view.current_event(&r.article) {
        event_checklist(&mut lines, r, (&app.schema, keys), event, theme);
        lines.push(Line::raw(""));
    }
    let mut editor_at = article_lines(&mut lines, r, target, (inner, keys), theme);
    editor_at = editor_at.or(span_lines(
        &mut lines,
        r,
        (&app.schema, keys),
        target,
        inner,
        theme,
    ));
    if let Some(NoteTarget::Annotation(target)) = target
        && editor_at.is_none()
    {
        // A relation's note: its details are not under the cursor as a span.
        lines.push(Line::styled(format!("note of {target}:"), theme.heading()));
        editor_at = Some(lines.len());
    }
    (lines, editor_at)
}

/// The article's status, note and problem count; where the editor goes
/// when the article's note is being edited.
fn article_lines<'a>(
    lines: &mut Vec<Line<'a>>,
    r: &'a Shown,
    editing: Option<&NoteTarget>,
    (inner, keys): (Rect, &Keymap),
    theme: &Theme,
) -> Option<usize> {
    let doc = &r.article.doc;
    let mut editor_at = None;
    lines.push(Line::styled(
        format!(
            "Article · {} · {} edits",
            doc.status.label(),
            keys.key(Action::EditArticleNote)
        ),
        theme.heading(),
    ));
    match editing {
        Some(NoteTarget::Article) => editor_at = Some(lines.len()),
        _ if doc.note.is_empty() => lines.push(Line::styled("(no note)", theme.dim())),
        _ => lines.extend(on_screen(&doc.note, "", inner)),
    }
    if !r.article.problems.is_empty() {
        lines.push(Line::styled(
            format!(
                "{} problem(s) · {} jumps to the next",
                r.article.problems.len(),
                keys.key(Action::NextProblem)
            ),
            theme.problem(),
        ));
    }
    // UTF-8 goes without saying; any other encoding is worth knowing.
    if r.article.encoding != crate::text::UTF8 {
        let read_as = format!("text decoded from {}", r.article.encoding);
        lines.push(Line::styled(read_as, theme.dim()));
    }
    lines.push(Line::raw(""));
    editor_at
}

/// Every annotation under the cursor; where the editor goes when one of
/// their notes is being edited.
fn span_lines<'a>(
    lines: &mut Vec<Line<'a>>,
    r: &'a Shown,
    (schema, keys): (&Schema, &Keymap),
    editing: Option<&NoteTarget>,
    inner: Rect,
    theme: &Theme,
) -> Option<usize> {
    let doc = &r.article.doc;
    let mut editor_at = None;
    let spans = r.article.spans_at(r.view.cursor);
    if spans.is_empty() {
        lines.push(Line::styled("No annotation under the cursor", theme.dim()));
    }
    for s in &spans {
        let id = doc.reference_for(s.at).unwrap_or(s.id);
        let (name, colour) = match s.at {
            SpanRef::Entity(_) => {
                let t = schema.entity_type(s.kind);
                (
                    t.map_or("(not in the schema)", |t| t.name.as_str()),
                    t.map(|t| t.color),
                )
            }
            SpanRef::Trigger(_) => ("event trigger", None),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} ", s.kind),
                theme.type_code(theme.ink(s.kind, colour)),
            ),
            Span::raw(format!(" {name}")),
        ]));
        lines.push(Line::raw(format!("“{}”", s.text)));
        lines.push(Line::styled(
            format!(
                "{} · {}–{} · {} note · {} attributes · {} relate",
                s.id,
                s.start,
                s.end,
                keys.key(Action::EditSpanNote),
                keys.key(Action::Attributes),
                keys.key(Action::Relate)
            ),
            theme.dim(),
        ));
        if s.suggested {
            lines.push(Line::styled(
                format!(
                    "suggestion · {} accepts · {} rejects",
                    keys.key(Action::Accept),
                    keys.key(Action::Reject)
                ),
                theme.error(),
            ));
        }
        details(lines, doc, id, theme);
        match editing {
            Some(NoteTarget::Annotation(target)) if target == id || target == s.id => {
                editor_at = Some(lines.len());
            }
            _ => {
                if let Some(n) = doc.note_of(id) {
                    lines.extend(on_screen(n, "note: ", inner));
                }
            }
        }
        let problems = r.article.problems.iter();
        for p in problems.filter(|p| p.id.as_deref() == Some(id)) {
            lines.push(Line::styled(format!("! {}", p.message), theme.problem()));
        }
    }
    editor_at
}

/// Text above the editor, the editor, then the rest below it.
fn with_editor(
    lines: Vec<Line<'_>>,
    editor: &TextArea<'static>,
    at: usize,
    inner: Rect,
    buf: &mut Buffer,
) {
    let above_h = (rows_needed(&lines[..at], inner.width) as u16).min(inner.height);
    let above = Paragraph::new(lines[..at].to_vec()).wrap(Wrap { trim: false });
    above.render(
        Rect {
            height: above_h,
            ..inner
        },
        buf,
    );
    let rest_h = inner.height - above_h;
    let ed_h = rest_h.min(6).max(rest_h.min(2));
    let ed_area = Rect::new(inner.x, inner.y + above_h, inner.width, ed_h);
    editor.render(ed_area, buf);
    let below = Rect::new(inner.x, ed_area.bottom(), inner.width, rest_h - ed_h);
    Paragraph::new(lines[at..].to_vec())
        .wrap(Wrap { trim: false })
        .render(below, buf);
}

/// The event's roles from the schema, numbered for `1`–`9`: filled,
/// missing, or required and missing.
/// The key that fills role `n` (counted from 0), if it has one.
fn role_key(keys: &Keymap, n: usize) -> String {
    if n < 9 {
        keys.key(Action::FillRole(n as u8 + 1))
    } else {
        String::new()
    }
}

/// Columns as wide as the longest key and role (and a space), so the
/// checklist aligns.
fn checklist_columns(ty: &crate::schema::EventType, keys: &Keymap) -> (usize, usize) {
    let key_w = (0..ty.roles.len())
        .map(|n| str_width(&role_key(keys, n)))
        .max();
    let role_w = ty.roles.iter().map(|r| str_width(&r.role)).max();
    (key_w.unwrap_or(1).max(1), role_w.unwrap_or(0).max(10) + 1)
}

pub(super) fn event_checklist(
    lines: &mut Vec<Line>,
    r: &Shown,
    (schema, keys): (&Schema, &Keymap),
    event: &str,
    theme: &Theme,
) {
    let doc = &r.article.doc;
    let Some(ev) = doc.event(event) else { return };
    let building = r.view.event.as_deref() == Some(event);
    lines.push(Line::styled(
        format!(
            "Event {} {} “{}”{}",
            ev.id,
            ev.kind,
            fit(&ev.trigger.text, 20),
            if building {
                format!(" · {} ends", keys.key(Action::Cancel))
            } else {
                String::new()
            }
        ),
        theme.heading(),
    ));
    let Some(ty) = schema.event_type(&ev.kind) else {
        lines.push(Line::styled("(type not in the schema)", theme.error()));
        return;
    };
    let key_of = |n: usize| role_key(keys, n);
    let (key_w, role_w) = checklist_columns(ty, keys);
    for (n, role) in ty.roles.iter().enumerate() {
        let fillers: Vec<String> = ev
            .arguments
            .iter()
            .filter(|a| a.role == role.role)
            .map(|a| {
                let text = doc
                    .span_of(&a.target)
                    .map(|(s, e)| r.article.text.slice(s, e).to_owned())
                    .unwrap_or_else(|| "?".into());
                format!("“{}” {}", fit(&text, 16), a.target)
            })
            .collect();
        let required = role.count.required();
        let (state, style) = match (fillers.is_empty(), required) {
            (false, _) => (format!("✓ {}", fillers.join(", ")), Style::new()),
            (true, true) => ("missing (required)".to_owned(), theme.error()),
            (true, false) => ("–".to_owned(), theme.dim()),
        };
        let key = key_of(n);
        lines.push(Line::from(vec![
            Span::styled(format!("{key:<key_w$} "), theme.heading()),
            Span::raw(format!("{:<role_w$}", role.role)),
            Span::styled(state, style),
        ]));
    }
    for (i, a) in ev.arguments.iter().enumerate() {
        if ty.role(&a.role).is_none() {
            lines.push(Line::styled(
                format!(
                    "  {} → {} (role not in the schema) · {} removes #{}",
                    a.role,
                    a.target,
                    keys.key(Action::RemoveArgument),
                    i + 1
                ),
                theme.error(),
            ));
        }
    }
    if let Some(attrs) = &ev.attributes {
        for (k, v) in attrs {
            lines.push(Line::styled(format!("  {k} = {}", shown(v)), theme.dim()));
        }
    }
}

/// Attributes and relations of one annotation.
fn details(lines: &mut Vec<Line>, doc: &Document, id: &str, theme: &Theme) {
    if let Some(attrs) = doc.attributes_of(id) {
        for (k, v) in attrs {
            lines.push(Line::raw(format!("{k} = {}", shown(v))));
        }
    }
    for rel in doc
        .relations
        .iter()
        .filter(|r| r.arg1 == id || r.arg2 == id)
    {
        let other = if rel.arg1 == id {
            format!("→ {}", rel.arg2)
        } else {
            format!("← {}", rel.arg1)
        };
        lines.push(Line::styled(
            format!("{} {} {other}", rel.id, rel.kind),
            theme.dim(),
        ));
    }
}

/// The lines of a note, each after `prefix`, as far as they can show in
/// `area`: the pane is drawn from its top, so what lies beyond its height
/// is never seen, and a 50 MB note costs a screenful per frame, not all of
/// it wrapped. Each line is cut after as many cells as the area holds (its
/// first rows take no more than that whatever the wrapping), and lines
/// stop once they fill the area's rows (they take at least one row per
/// width's worth of cells).
pub fn on_screen<'a>(note: &'a str, prefix: &'a str, area: Rect) -> Vec<Line<'a>> {
    let width = area.width.max(1) as usize;
    let rows = area.height as usize;
    let cells = width * rows.max(1);
    let mut out = Vec::new();
    let mut used = 0;
    for line in note.lines() {
        if used >= rows {
            break;
        }
        let shown = crate::text::prefix_within(line, cells.saturating_sub(prefix.len()));
        let width_of = crate::text::str_width(prefix) + crate::text::str_width(shown);
        used += width_of.div_ceil(width).max(1);
        out.push(Line::from(vec![Span::raw(prefix), Span::raw(shown)]));
    }
    out
}

/// Rows a few short lines take when wrapped (an estimate is enough here:
/// the notes pane only needs to know where to put the editor).
fn rows_needed(lines: &[Line], width: u16) -> usize {
    let w = width.max(1) as usize;
    lines.iter().map(|l| l.width().div_ceil(w).max(1)).sum()
}

/// An attribute value as people write it: `Asserted`, not `"Asserted"`.
fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "yes".into(),
        other => other.to_string(),
    }
}
