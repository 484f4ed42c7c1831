//! Rendering into a `Buffer`: text and styles of the panes at the sizes
//! people use, with and without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier};

use crate::article::Article;
use crate::corpus;
use crate::schema::Schema;
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::msg::Msg;
use crate::tui::panes::Pane;

pub(super) struct Fixture {
    _dir: tempfile::TempDir,
    pub(super) app: App,
}

/// An app over a corpus of `files`, with the first article loaded the way
/// the shell would load it, and annotations from `sidecars` (file, JSON).
pub(super) fn fixture(
    files: &[(&str, &str)],
    sidecars: &[(&str, &str)],
    size: (u16, u16),
    no_color: bool,
) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for (name, json) in sidecars {
        std::fs::write(dir.path().join(name), json).unwrap();
    }
    let mut corpus = corpus::discover(
        &[dir.path().to_path_buf()],
        &crate::store::Placement::default(),
    )
    .unwrap();
    corpus.describe_all();
    let (mut app, effects) = App::new(
        corpus,
        Schema::builtin(),
        no_color,
        Size::new(size.0, size.1),
    );
    assert!(matches!(effects[..], [Effect::Load(0)]));
    let e = &app.corpus.entries[0];
    let article = Article::open(&e.path, &e.sidecar, None);
    app.update(Msg::Loaded {
        entry: 0,
        article: Box::new(article),
    });
    Fixture { _dir: dir, app }
}

pub(super) fn draw(app: &App) -> Buffer {
    let area = Rect::new(0, 0, app.size.width, app.size.height);
    let mut buf = Buffer::empty(area);
    super::draw(app, area, &mut buf);
    buf
}

pub(super) fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

pub(super) fn screen(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| row(buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The column where `needle` starts on row `y` of the text pane, in cells.
fn cell_of(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let first = needle.chars().next()?.to_string();
    let from = text_pane_x(buf);
    (from..buf.area.width).find(|&x| {
        buf[(x, y)].symbol() == first && {
            let mut s = String::new();
            let mut cx = x;
            while s.chars().count() < needle.chars().count() && cx < buf.area.width {
                s.push_str(buf[(cx, y)].symbol());
                cx += 1;
            }
            s.starts_with(needle)
        }
    })
}

/// Where the text pane's content starts (its title is on the top border).
fn text_pane_x(buf: &Buffer) -> u16 {
    let size = Size::new(buf.area.width, buf.area.height);
    let panes = crate::tui::panes::split(
        Rect::new(0, 0, size.width, size.height),
        crate::tui::panes::Pane::Text,
    );
    panes.text.x + 1
}

fn sidecar(file: &str, text: &str, entities: &[(&str, &str, usize, usize)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let list: Vec<String> = entities
        .iter()
        .map(|(id, ty, s, e)| {
            let t: String = chars[*s..*e].iter().collect();
            format!(r#"{{"id": "{id}", "type": "{ty}", "start": {s}, "end": {e}, "text": "{t}"}}"#)
        })
        .collect();
    format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "{file}", "sha256": "x", "encoding": "utf-8", "chars": {}}}, "annotator": null, "status": "in_progress", "note": "Check the figures.", "entities": [{}], "events": [], "relations": []}}"#,
        chars.len(),
        list.join(", ")
    )
}

const FIRST: &str =
    "Kestova floods recede\n\nHelicopters reached the villages of the Marren valley on Thursday.\n";
const SECOND: &str = "Port strike ends\n\nDockworkers returned on Monday.\n";

#[test]
fn three_panes_side_by_side_at_100_columns() {
    let f = fixture(
        &[("1.txt", FIRST), ("2.txt", SECOND)],
        &[],
        (100, 30),
        false,
    );
    let buf = draw(&f.app);
    let top = row(&buf, 0);
    assert!(top.starts_with("┌ Articles 1/2 "), "{top}");
    assert!(top.contains("┌ 1.txt "), "{top}");
    assert!(top.contains("┌ Notes "), "{top}");
    let first = row(&buf, 1);
    assert!(
        first.starts_with("│· Kestova floods rece…│"),
        "list title cut to fit: {first}"
    );
    assert_eq!(
        cell_of(&buf, 1, "Kestova floods recede"),
        Some(text_pane_x(&buf))
    );
    assert!(
        row(&buf, 2).starts_with("│· Port strike ends"),
        "{}",
        row(&buf, 2)
    );
    assert!(first.ends_with("││Article · todo · i edits  │"), "{first}");
    let status = row(&buf, 29);
    assert!(status.contains("? help"), "{status}");
    assert!(status.contains("line 1/3 0%"), "{status}");
    // The list's selected row is highlighted across its width.
    assert!(buf[(5, 1)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_list_counts_accepted_annotations_with_pending_suggestions_apart() {
    let json = sidecar(
        "1.txt",
        FIRST,
        &[
            ("T1", "GPE", 0, 7),
            ("T2", "LOC", 63, 69),
            ("T3", "ORG", 8, 14),
        ],
    )
    .replace(
        r#""text": "Marren"}"#,
        r#""text": "Marren", "suggested": {"source": "model"}}"#,
    )
    .replace(
        r#""text": "floods"}"#,
        r#""text": "floods", "suggested": {"source": "model"}}"#,
    );
    let f = fixture(
        &[("1.txt", FIRST), ("2.txt", SECOND)],
        &[("1.txt.ann.json", &json)],
        (100, 30),
        false,
    );
    let first = row(&draw(&f.app), 1);
    assert!(
        first.contains(" 1 +2?│"),
        "one accepted, two pending: {first}"
    );
    // The status line of the open article counts them the same way.
    let mut f = f;
    f.app.update(Msg::Action(Action::Open));
    f.app.update(Msg::Action(Action::Cancel));
    let status = row(&draw(&f.app), 29);
    assert!(status.contains("· 1 ann +2? ·"), "{status}");
}

#[test]
fn eighty_by_twenty_four_puts_notes_under_the_text() {
    let f = fixture(&[("1.txt", FIRST)], &[], (80, 24), false);
    let buf = draw(&f.app);
    let s = screen(&buf);
    let notes_row = (0..24)
        .find(|&y| row(&buf, y).contains("┌ Notes "))
        .unwrap();
    assert!(notes_row > 10, "notes below the text:\n{s}");
    assert!(row(&buf, 0).contains("┌ 1.txt "), "{s}");
    let status = row(&buf, 23);
    assert!(status.contains("READ"), "{status}");
}

#[test]
fn a_span_after_wide_characters_is_highlighted_in_its_colour() {
    let text = "東京 Kestova x\n";
    let json = sidecar("1.txt", text, &[("T1", "GPE", 3, 10)]);
    let mut f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", &json)],
        (100, 30),
        false,
    );
    f.app.update(Msg::Action(Action::Open));
    f.app.update(Msg::Action(Action::WordNext));
    let buf = draw(&f.app);
    let x = cell_of(&buf, 1, "Kestova").expect("text drawn");
    let tokyo = cell_of(&buf, 1, "東").unwrap();
    assert_eq!(x, tokyo + 5, "two wide characters and a space before it");
    for dx in 0..7 {
        let cell = &buf[(x + dx, 1)];
        assert_eq!(cell.bg, Color::Green, "GPE is green at {dx}");
        assert_eq!(cell.fg, Color::Black);
    }
    assert_eq!(
        buf[(x - 1, 1)].bg,
        Color::Reset,
        "the space before is plain"
    );
    assert_eq!(buf[(x + 7, 1)].bg, Color::Reset, "the space after is plain");
    assert!(
        buf[(x, 1)].modifier.contains(Modifier::REVERSED),
        "the cursor is on K"
    );
    let s = screen(&buf);
    assert!(
        s.contains("GPE  Geo-political entity"),
        "notes show the type:\n{s}"
    );
    assert!(s.contains("T1 · 3–10"), "notes show id and offsets:\n{s}");
}

#[test]
fn without_colour_spans_get_brackets_and_no_colour_at_all() {
    let text = "The Marren valley flooded.\n";
    let json = sidecar("1.txt", text, &[("T1", "LOC", 4, 17), ("T2", "GPE", 4, 10)]);
    let f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", &json)],
        (100, 30),
        true,
    );
    let buf = draw(&f.app);
    assert!(
        row(&buf, 1).contains("The [[Marren]GPE valley]LOC flooded."),
        "{}",
        row(&buf, 1)
    );
    for y in 0..30 {
        for x in 0..100 {
            let c = &buf[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
    let x = cell_of(&buf, 1, "Marren]").unwrap();
    let inner = buf[(x, 1)].modifier;
    assert!(
        inner.contains(Modifier::BOLD | Modifier::UNDERLINED),
        "nested span: {inner:?}"
    );
    let v = cell_of(&buf, 1, "valley").unwrap();
    let outer = buf[(v, 1)].modifier;
    assert!(outer.contains(Modifier::BOLD) && !outer.contains(Modifier::UNDERLINED));
}

#[test]
fn nested_spans_stay_visible_in_colour() {
    let text = "The Marren valley flooded.\n";
    let json = sidecar("1.txt", text, &[("T1", "LOC", 4, 17), ("T2", "GPE", 4, 10)]);
    let f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", &json)],
        (100, 30),
        false,
    );
    let buf = draw(&f.app);
    let m = cell_of(&buf, 1, "Marren").unwrap();
    let v = cell_of(&buf, 1, "valley").unwrap();
    assert_eq!(
        buf[(m, 1)].bg,
        Color::Green,
        "inner GPE wins where both cover"
    );
    assert!(
        buf[(m, 1)].modifier.contains(Modifier::UNDERLINED),
        "and shows it is nested"
    );
    assert_eq!(buf[(v, 1)].bg, Color::Cyan, "outer LOC elsewhere");
}

#[test]
fn the_type_picker_lists_the_schema_filtered_by_typing() {
    let mut f = fixture(&[("1.txt", FIRST)], &[], (100, 30), false);
    f.app.update(Msg::Action(Action::Open));
    f.app.update(Msg::Action(Action::Tag));
    let s = screen(&draw(&f.app));
    assert!(s.contains("Tag “Kestova” as"), "{s}");
    for code in ["PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA", "TIME"] {
        assert!(s.contains(code), "{code} listed:\n{s}");
    }
    for c in "ge".chars() {
        f.app.update(Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        )));
    }
    let s = screen(&draw(&f.app));
    assert!(s.contains("› ge"), "{s}");
    assert!(s.contains("GPE") && !s.contains("PER   Person"), "{s}");
}

#[test]
fn help_is_made_from_the_keymap() {
    let mut f = fixture(&[("1.txt", FIRST)], &[], (100, 40), false);
    f.app.update(Msg::Action(Action::Help));
    let lines: Vec<String> =
        crate::tui::mode::help::help_lines(&crate::tui::keymap::Keymap::default())
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
    for table in crate::config::KeyTable::ALL {
        for a in table.actions() {
            assert!(
                lines.iter().any(|l| l.contains(a.description)),
                "help lacks {:?}",
                a.description
            );
        }
    }
    let s = screen(&draw(&f.app));
    assert!(s.contains("┌ Keys "), "{s}");
    assert!(s.contains("quit (everything is already saved)"), "{s}");
}

#[test]
fn the_help_names_the_users_keys() {
    let mut f = fixture(&[("1.txt", FIRST)], &[], (100, 40), false);
    let config = crate::tui::keymap::tests::config_with("[keys]\nquit = \"Z\"\n");
    f.app.configure(&config);
    f.app.update(Msg::Action(Action::Help));
    let s = screen(&draw(&f.app));
    let quit = s.lines().find(|l| l.contains("quit (everything")).unwrap();
    assert!(quit.contains(" Z ") && !quit.contains(" q "), "{quit}");
    assert!(!quit.contains("ctrl-c"), "{quit}");
}

#[test]
fn tabs_and_control_characters_are_drawn_visibly() {
    let text = "a\tb\u{1}c\u{202e}d\n";
    let f = fixture(&[("1.txt", text)], &[], (100, 30), false);
    let buf = draw(&f.app);
    let r = row(&buf, 1);
    assert!(r.contains("a       b^Ac<202E>d"), "{r}");
}

const ATTACK: &str = "Rebel forces attacked Dalen.\n";

fn attack_sidecar() -> String {
    r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 29}, "annotator": null, "status": "in_progress", "note": "",
    "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel"}, {"id": "T3", "type": "GPE", "start": 22, "end": 27, "text": "Dalen"}],
    "events": [{"id": "E1", "type": "Conflict.Attack", "trigger": {"id": "T2", "start": 13, "end": 21, "text": "attacked"}, "arguments": [{"role": "Attacker", "ref": "T1"}, {"role": "Place", "ref": "T3"}]}],
    "relations": []}"#
        .to_owned()
}

#[test]
fn a_trigger_under_the_cursor_shows_its_arguments_with_their_roles() {
    let mut f = fixture(
        &[("1.txt", ATTACK)],
        &[("1.txt.ann.json", &attack_sidecar())],
        (100, 30),
        false,
    );
    let buf = draw(&f.app);
    assert!(
        row(&buf, 1).contains("Rebel forces attacked Dalen."),
        "no roles until on the trigger"
    );
    f.app.update(Msg::Action(Action::Open));
    for _ in 0..2 {
        f.app.update(Msg::Action(Action::WordNext));
    }
    f.app.settle();
    let buf = draw(&f.app);
    let r = row(&buf, 1);
    assert!(
        r.contains("Rebel‹Attacker› forces attacked Dalen‹Place›."),
        "{r}"
    );
    let trigger = cell_of(&buf, 1, "ttacked").unwrap();
    let t = &buf[(trigger, 1)];
    assert_eq!(
        (t.fg, t.bg),
        (Color::Yellow, Color::Reset),
        "a trigger is drawn apart from entities"
    );
    assert!(t.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED));
    let rebel = &buf[(cell_of(&buf, 1, "Rebel").unwrap(), 1)];
    assert_eq!(rebel.bg, Color::Blue, "still its entity colour");
    assert!(
        rebel.modifier.contains(Modifier::BOLD | Modifier::ITALIC),
        "and marked as an argument"
    );
    let role = &buf[(cell_of(&buf, 1, "‹Attacker›").unwrap(), 1)];
    assert_eq!(role.fg, Color::Yellow);
    let s = screen(&buf);
    assert!(s.contains("Event E1 Conflict.Attack"), "{s}");
    assert!(s.contains("1 Attacker   ✓ “Rebel” T1"), "{s}");
    assert!(s.contains("2 Target     –"), "{s}");
}

#[test]
fn without_colour_triggers_get_braces_and_roles_follow_brackets() {
    let mut f = fixture(
        &[("1.txt", ATTACK)],
        &[("1.txt.ann.json", &attack_sidecar())],
        (100, 30),
        true,
    );
    f.app.update(Msg::Action(Action::Open));
    for _ in 0..2 {
        f.app.update(Msg::Action(Action::WordNext));
    }
    f.app.settle();
    let buf = draw(&f.app);
    let (r1, r2) = (row(&buf, 1), row(&buf, 2));
    assert!(
        r1.contains("[Rebel]ORG‹Attacker› forces {attacked}Attack "),
        "{r1}"
    );
    assert!(
        r2.contains("[Dalen]GPE‹Place›."),
        "wrapped with its labels: {r2}"
    );
}

#[test]
fn hint_letters_cover_the_candidates() {
    let mut f = fixture(
        &[("1.txt", ATTACK)],
        &[("1.txt.ann.json", &attack_sidecar())],
        (100, 30),
        false,
    );
    f.app.update(Msg::Action(Action::Open));
    for _ in 0..2 {
        f.app.update(Msg::Action(Action::WordNext));
    }
    f.app.update(Msg::Action(Action::FillRole(5)));
    f.app.settle();
    let buf = draw(&f.app);
    let r = row(&buf, 1);
    assert!(
        r.contains("aalen‹Place›"),
        "one hint, on Dalen, the only Place candidate: {r}"
    );
    let x = cell_of(&buf, 1, "aalen").unwrap();
    assert_eq!(buf[(x, 1)].bg, Color::LightYellow);
    // The instruction takes the status line, whole, in the right block's
    // place (issue 10: messages are never cut).
    let status = format!("{}{}", row(&buf, 28), row(&buf, 29));
    assert!(status.contains("type a hint letter"), "{status}");
    assert!(
        status.contains("esc") && status.contains("cancels"),
        "{status}"
    );
}

#[test]
fn suggestions_look_unlike_accepted_annotations() {
    let text = "Rebel forces attacked Dalen.\n";
    let json = r#"{"format": "gloss", "version": 1, "source": {"file": "1.txt", "sha256": "x", "encoding": "utf-8", "chars": 29}, "annotator": null, "status": "todo", "note": "",
        "entities": [{"id": "T1", "type": "ORG", "start": 0, "end": 5, "text": "Rebel"},
                     {"id": "T2", "type": "GPE", "start": 22, "end": 27, "text": "Dalen", "suggested": {"source": "model"}}],
        "events": [], "relations": []}"#;
    let f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", json)],
        (100, 30),
        false,
    );
    let buf = draw(&f.app);
    let accepted = &buf[(cell_of(&buf, 1, "Rebel").unwrap(), 1)];
    let suggested = &buf[(cell_of(&buf, 1, "Dalen").unwrap(), 1)];
    assert_eq!(accepted.bg, Color::Blue);
    assert_eq!((suggested.fg, suggested.bg), (Color::Green, Color::Reset));
    assert!(
        suggested
            .modifier
            .contains(Modifier::DIM | Modifier::ITALIC)
    );
    let f = fixture(
        &[("1.txt", text)],
        &[("1.txt.ann.json", json)],
        (100, 30),
        true,
    );
    let r = row(&draw(&f.app), 1);
    assert!(r.contains("[Rebel]ORG forces attacked [?Dalen]GPE."), "{r}");
}

/// A note like the 50 MB one, smaller: one long line, then many short ones.
fn huge_note() -> String {
    let long = "lorem ipsum dolor sit amet ".repeat(8_000);
    let short: String = (0..5_000)
        .map(|i| format!("note line {i:07} consectetur adipiscing\n"))
        .collect();
    format!("{long}\n{short}")
}

#[test]
fn a_huge_note_shows_the_same_rows_from_only_a_screenful_of_it() {
    use ratatui::widgets::{Paragraph, Widget, Wrap};
    let note = huge_note();
    for (w, h) in [(30, 12), (7, 40), (100, 3), (1, 1)] {
        let area = Rect::new(0, 0, w, h);
        let lines = super::notes::on_screen(&note, "", area);
        assert!(lines.len() <= h as usize, "{w}x{h}: {} lines", lines.len());
        let laid: usize = lines.iter().map(|l| l.width()).sum();
        assert!(laid <= (w as usize) * (h as usize), "{w}x{h}: {laid} cells");
        let render = |lines: Vec<ratatui::text::Line>| {
            let mut buf = Buffer::empty(area);
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .render(area, &mut buf);
            buf
        };
        let whole = note.lines().map(ratatui::text::Line::raw).collect();
        assert_eq!(render(lines), render(whole), "{w}x{h}");
    }
}

#[test]
fn the_notes_pane_draws_the_top_of_a_huge_article_note() {
    let text = "NOTE-ARTICLE\n\nLine 1 of the body.\n";
    let json = sidecar("a.txt", text, &[]).replace("Check the figures.", &{
        let note = huge_note();
        note.replace('\n', "\\n")
    });
    let f = fixture(
        &[("a.txt", text)],
        &[("a.txt.ann.json", &json)],
        (100, 30),
        false,
    );
    let s = screen(&draw(&f.app));
    assert!(s.contains("lorem ipsum dolor"), "{s}");
    assert!(!s.contains("note line 0004999"), "{s}");
}

mod help;
mod list;
mod notes;
mod pickers;
mod search;
mod spans;
mod theme;
