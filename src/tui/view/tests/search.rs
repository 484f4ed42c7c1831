//! Every match of the last search on screen is highlighted, until Esc.

use super::*;

#[test]
fn every_match_on_screen_is_highlighted_until_esc() {
    let text = "The valley and the river.\n\nThe dam held.\n";
    for no_color in [false, true] {
        let mut f = fixture(&[("1.txt", text)], &[], (100, 30), no_color);
        f.app.update(Msg::Action(Action::Open));
        for k in ['/', 't', 'h', 'e', '\r'] {
            let code = if k == '\r' {
                crossterm::event::KeyCode::Enter
            } else {
                crossterm::event::KeyCode::Char(k)
            };
            f.app
                .update(Msg::Key(crossterm::event::KeyEvent::from(code)));
        }
        let buf = draw(&f.app);
        let lit = |buf: &Buffer, y: u16, word: &str| {
            let x = cell_of(buf, y, word).unwrap();
            (x..x + 3).all(|x| {
                let c = &buf[(x, y)];
                if no_color {
                    c.modifier.contains(Modifier::REVERSED)
                } else {
                    c.bg == Color::Yellow
                }
            })
        };
        assert!(lit(&buf, 1, "The valley"), "the first, before the cursor");
        assert!(lit(&buf, 1, "the river"), "the one under the cursor");
        assert!(lit(&buf, 3, "The dam"), "one further down");
        assert!(!lit(&buf, 1, "valley"), "nothing else");
        f.app.update(Msg::Action(Action::Cancel));
        let buf = draw(&f.app);
        assert!(!lit(&buf, 3, "The dam"), "Esc hides them");
    }
}
