//! The status line's layouts, rendered into a `Buffer`: a long message is
//! never cut, the right-hand block yields to it and comes back after.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::view::tests::{Fixture, draw, fixture, row, screen};

const TEXT: &str = "Port strike ends\n\nDockworkers returned on Monday.\n";

/// The FIFO reason of a read-only article, as gloss words it, and more
/// after it so it needs a second row at 80 columns.
const TWO_ROWS: &str = "read-only: 2-port-strike.txt.ann.json is a FIFO, not a regular file; \
                        gloss leaves it as it is and nothing you do here is saved";

/// Long enough for two rows of 60 columns and more.
const LONG: &str = "the source changed since it was annotated: 14 annotations moved with \
                    the text, 3 could not be found again and are orphaned; ! jumps to the \
                    orphans to fix, and nothing is written until you edit";

fn app_of(size: (u16, u16)) -> Fixture {
    fixture(&[("1.txt", TEXT)], &[], size, false)
}

/// The rows of `area`, trimmed, joined with spaces: what they say together.
fn said_in(buf: &Buffer, area: Rect) -> String {
    (area.y..area.bottom())
        .map(|y| {
            (area.x..area.right())
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_message_that_fits_beside_the_right_block_keeps_it() {
    let mut f = app_of((80, 24));
    f.app.say("tagged T1");
    let buf = draw(&f.app);
    let status = row(&buf, 23);
    assert!(status.starts_with(" tagged T1 "), "{status}");
    assert!(
        status.contains("line 1/3") && status.contains("? help"),
        "{status}"
    );
    assert_eq!(f.app.panes().status, Rect::new(0, 23, 80, 1));
}

#[test]
fn at_80_columns_a_long_message_takes_two_rows_and_the_right_block_yields() {
    let mut f = app_of((80, 24));
    f.app.warn(TWO_ROWS);
    let panes = f.app.panes();
    assert_eq!(panes.status, Rect::new(0, 22, 80, 2));
    assert_eq!(panes.text.bottom().max(panes.notes.unwrap().bottom()), 22);
    let buf = draw(&f.app);
    let s = screen(&buf);
    assert_eq!(said_in(&buf, panes.status), TWO_ROWS, "{s}");
    assert!(!s.contains("? help"), "the right block yields:\n{s}");
    // An error stays an error on both rows.
    let error = buf[(1, 22)].style();
    assert_eq!(buf[(1, 23)].style(), error);
    assert_ne!(error, buf[(1, 0)].style());

    f.app.message = None;
    let buf = draw(&f.app);
    let s = screen(&buf);
    assert_eq!(f.app.panes().status, Rect::new(0, 23, 80, 1));
    assert!(
        row(&buf, 23).contains("? help"),
        "the right block is back:\n{s}"
    );
    assert!(
        row(&buf, 22).starts_with('└'),
        "the panes have their row back:\n{s}"
    );
}

#[test]
fn at_60_columns_the_rest_of_a_message_goes_to_the_top_of_the_notes() {
    let mut f = app_of((60, 24));
    f.app.say(LONG);
    let panes = f.app.panes();
    let (notes, message) = (panes.notes.unwrap(), panes.message.unwrap());
    assert_eq!(panes.status, Rect::new(0, 22, 60, 2));
    assert_eq!(
        (message.x, message.y, message.width),
        (notes.x, notes.y - message.height, notes.width)
    );
    let buf = draw(&f.app);
    let s = screen(&buf);
    let shown = format!("{} {}", said_in(&buf, panes.status), said_in(&buf, message));
    assert_eq!(shown, LONG, "nothing cut:\n{s}");
    assert!(!s.contains("? help"), "{s}");
    assert!(
        s.contains("┌ Notes "),
        "the notes pane is still there:\n{s}"
    );

    f.app.message = None;
    let buf = draw(&f.app);
    let s = screen(&buf);
    assert!(f.app.panes().message.is_none());
    assert!(row(&buf, 23).contains("? help"), "{s}");
}

#[test]
fn without_a_notes_pane_a_long_message_takes_more_status_rows() {
    // Below 14 rows the notes pane is not shown while the text has the focus.
    let mut f = app_of((60, 13));
    f.app.say(LONG);
    let panes = f.app.panes();
    assert!(panes.notes.is_none());
    assert_eq!(panes.status, Rect::new(0, 9, 60, 4));
    let buf = draw(&f.app);
    assert_eq!(said_in(&buf, panes.status), LONG, "{}", screen(&buf));
}

#[test]
fn the_search_prompt_is_not_cut_either() {
    let mut f = app_of((60, 24));
    // The article's search (in the list, the prompt searches every article).
    f.app.focus = crate::tui::panes::Pane::Text;
    f.app.mode = crate::tui::app::Mode::Search(crate::tui::mode::SearchPrompt {
        query: "Dockworkers returned on Monday and the port reopened for all".into(),
        backwards: false,
    });
    let panes = f.app.panes();
    assert_eq!(panes.status.height, 2);
    let buf = draw(&f.app);
    assert_eq!(
        said_in(&buf, panes.status),
        "/Dockworkers returned on Monday and the port reopened for all▏"
    );
}

#[test]
fn control_characters_in_a_file_name_are_shown_in_the_title_and_the_status() {
    let name = "x\u{1b}]0;pwn\u{7}y.txt";
    let f = fixture(&[(name, TEXT)], &[], (80, 24), false);
    let buf = draw(&f.app);
    let s = screen(&buf);
    assert!(row(&buf, 0).contains("x^[]0;pwn^Gy.txt"), "the title:\n{s}");
    assert!(
        row(&buf, 23).contains("x^[]0;pwn^Gy.txt"),
        "the status line:\n{s}"
    );
    assert!(
        !s.contains("x]0;pwny.txt"),
        "nothing dropped silently:\n{s}"
    );
}

#[test]
fn the_cursor_stays_on_screen_when_a_message_takes_a_row_from_the_text() {
    use crate::tui::action::Action;
    use crate::tui::msg::Msg;
    let text: String = (0..40).map(|i| format!("row{i:02}\n")).collect();
    let mut f = fixture(&[("1.txt", &text)], &[], (80, 24), false);
    f.app.update(Msg::Action(Action::Open));
    let height = f.app.text_view().height;
    for _ in 1..height {
        f.app.update(Msg::Action(Action::Down));
    }
    let on_last_row = format!("row{:02}", height - 1);
    let text_pane = |app: &App| said_in(&draw(app), app.panes().text);
    assert!(text_pane(&f.app).contains(&on_last_row));

    f.app.update(Msg::Notice(TWO_ROWS.into()));
    assert_eq!(f.app.text_view().height, height - 1);
    assert!(
        text_pane(&f.app).contains(&on_last_row),
        "the cursor's row scrolled into the smaller pane:\n{}",
        screen(&draw(&f.app))
    );
}
