//! Colours from the user's theme, and NO_COLOR over them.

use super::*;

/// The fixture's app drawn with `user` (a config file) over the defaults.
fn themed(no_color: bool, user: &str) -> Buffer {
    let text = "Kestova Army marched on Dalen.\n";
    let json = sidecar(
        "1.txt",
        text,
        &[("T1", "ORG", 8, 12), ("T2", "GPE", 24, 29)],
    );
    let files = [("1.txt", text)];
    let mut f = fixture(&files, &[("1.txt.ann.json", &json)], (100, 30), no_color);
    let config = crate::tui::keymap::tests::config_with(user);
    f.app.configure(&config);
    f.app.update(Msg::Action(Action::Open));
    f.app.update(Msg::Action(Action::WordNext));
    draw(&f.app)
}

const USER_THEME: &str = "palette = \"colour-blind\"\n[theme]\nborder-focus = \"light-red\"\n\
                          cursor = { bg = \"blue\" }\n[theme.types]\nORG = \"magenta\"\n";

#[test]
fn a_user_theme_colours_types_roles_and_the_palette() {
    let buf = themed(false, USER_THEME);
    let army = cell_of(&buf, 1, "Army").unwrap();
    assert_eq!(buf[(army, 1)].bg, Color::Blue, "the cursor's own colour");
    for dx in 1..4 {
        assert_eq!(buf[(army + dx, 1)].bg, Color::Magenta, "ORG at {dx}");
        assert_eq!(buf[(army + dx, 1)].fg, Color::White, "light on magenta");
    }
    let dalen = cell_of(&buf, 1, "Dalen").unwrap();
    let bluish_green = Color::Rgb(0, 0x9e, 0x73);
    assert_eq!(
        buf[(dalen, 1)].bg,
        bluish_green,
        "the palette redraws green"
    );
    let tx = text_pane_x(&buf);
    assert_eq!(buf[(tx, 0)].fg, Color::LightRed, "the focused border");
    let notes = (0..30).find_map(|y| Some((cell_of(&buf, y, " ORG ")?, y)));
    let (x, y) = notes.unwrap_or_else(|| panic!("{}", screen(&buf)));
    assert_eq!(buf[(x + 1, y)].bg, Color::Magenta, "the notes' type code");
}

#[test]
fn no_color_wins_over_a_user_theme() {
    let buf = themed(true, USER_THEME);
    assert!(row(&buf, 1).contains("[Army]ORG"), "{}", row(&buf, 1));
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
}
