use super::*;
use crate::schema::Colour as Named;

fn key(text: &str) -> KeyChord {
    KeyChord::parse(text).unwrap()
}

fn keys(texts: &[&str]) -> Vec<KeyChord> {
    texts.iter().map(|t| key(t)).collect()
}

/// The error's line and its message without the file part.
fn error(text: &str) -> (usize, String) {
    let e = parse(text).expect_err(text);
    (e.line, e.kind.to_string())
}

fn merged(text: &str) -> (Config, Vec<Change>) {
    merge(&Config::defaults(), &parse(text).unwrap())
}

#[test]
fn the_default_file_binds_every_action_of_every_table() {
    let user = parse(DEFAULT_CONFIG).unwrap();
    for table in KeyTable::ALL {
        for action in table.actions() {
            let found = user
                .keys
                .iter()
                .filter(|(t, a, _)| *t == table && *a == action.name);
            assert_eq!(found.count(), 1, "[{}] {}", table.header(), action.name);
        }
    }
    let defaults = Config::defaults();
    for table in KeyTable::ALL {
        for action in table.actions() {
            assert!(
                !defaults.keys_of(table, action.name).is_empty(),
                "{}",
                action.name
            );
        }
    }
}

#[test]
fn no_default_key_does_two_things_in_one_table() {
    let defaults = Config::defaults();
    for table in KeyTable::ALL {
        let mut seen = Vec::new();
        for (action, keys) in defaults.keys.table(table) {
            for k in keys {
                assert!(
                    !seen.contains(k),
                    "{k} twice in [{}] ({action})",
                    table.header()
                );
                seen.push(*k);
            }
        }
    }
}

#[test]
fn defaults_are_todays_keys_and_colours() {
    let c = Config::defaults();
    assert_eq!(c.keys_of(KeyTable::Global, "quit"), keys(&["q", "ctrl-c"]));
    assert_eq!(
        c.keys_of(KeyTable::Text, "page-down"),
        keys(&["pgdn", "space", "ctrl-f"])
    );
    assert_eq!(c.action_for(KeyTable::Text, &key("t")), Some("tag"));
    assert_eq!(c.action_for(KeyTable::Text, &key("7")), Some("fill-role-7"));
    assert_eq!(c.action_for(KeyTable::List, &key("t")), None);
    assert_eq!(
        c.action_for(KeyTable::Global, &key("shift-tab")),
        Some("focus-prev")
    );
    assert_eq!(c.key_label(KeyTable::Global, "redo"), "ctrl-r");
    assert_eq!(c.key_label(KeyTable::Global, "frobnicate"), "(unbound)");
    let focus = c.theme.role(Role::BorderFocus);
    assert_eq!(focus.fg, Some(Colour::Named(Named::Cyan)));
    let hint = c.theme.role(Role::Hint);
    assert_eq!(hint.bg, Some(Colour::Named(Named::LightYellow)));
    assert_eq!((c.palette, c.mouse), (Palette::Default, true));
}

#[test]
fn the_users_keys_replace_the_actions_defaults() {
    let (c, changes) = merged("[keys]\nquit = \"Z\"\n");
    assert_eq!(c.keys_of(KeyTable::Global, "quit"), keys(&["Z"]));
    assert_eq!(c.action_for(KeyTable::Global, &key("q")), None);
    assert_eq!(c.action_for(KeyTable::Global, &key("ctrl-c")), None);
    let said: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(said, ["quit: q, ctrl-c → Z"]);
    let (c, changes) = merged("[keys.text]\ntag = [\"ctrl-t\", \"Y\"]\n");
    assert_eq!(c.action_for(KeyTable::Text, &key("ctrl-t")), Some("tag"));
    assert_eq!(changes[0].to_string(), "keys.text.tag: t → ctrl-t, Y");
}

#[test]
fn a_key_another_action_had_moves_and_the_other_keeps_the_rest() {
    let (c, changes) = merged("[keys]\nhelp = \"k\"\n");
    assert_eq!(c.keys_of(KeyTable::Global, "up"), keys(&["up"]));
    assert_eq!(c.action_for(KeyTable::Global, &key("k")), Some("help"));
    let said: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "k moved from up to help in [keys] (up keeps up)",
            "help: ? → k"
        ]
    );
    // Only within one table: `t` in [keys] leaves [keys.text]'s tag alone.
    let (c, _) = merged("[keys]\nundo = \"t\"\n");
    assert_eq!(c.action_for(KeyTable::Text, &key("t")), Some("tag"));
    assert_eq!(c.action_for(KeyTable::Global, &key("t")), Some("undo"));
}

#[test]
fn a_key_bound_everywhere_that_a_pane_binds_is_pointed_out() {
    let (c, changes) = merged("[keys]\nundo = [\"t\", \"U\"]\n");
    let notes = shadowed(&c, &changes);
    assert_eq!(
        notes,
        ["t does undo except in [keys.text], where it does tag"]
    );
    let (c, changes) = merged("[keys]\nundo = \"U\"\n");
    assert!(shadowed(&c, &changes).is_empty());
}

#[test]
fn merge_order_is_defaults_then_palette_then_the_users_colours() {
    let (c, _) = merged("palette = \"high-contrast\"\n");
    assert_eq!(
        c.theme.role(Role::BorderFocus).fg,
        Some(Colour::Named(Named::LightYellow))
    );
    assert_eq!(c.theme.role(Role::Suggestion), RoleColours::default());
    // The user's role colour goes over the palette's; a bare colour is the
    // foreground and keeps the background.
    let text =
        "palette = \"high-contrast\"\n[theme]\nselection = \"red\"\nborder-focus = \"#123456\"\n";
    let (c, _) = merged(text);
    let selection = c.theme.role(Role::Selection);
    assert_eq!(selection.fg, Some(Colour::Named(Named::Red)));
    assert_eq!(selection.bg, Some(Colour::Named(Named::White)));
    assert_eq!(
        c.theme.role(Role::BorderFocus).fg,
        Some(Colour::Rgb(0x12, 0x34, 0x56))
    );
    // The palette wherever it is written in the file: it comes first.
    let text = "[theme]\nhint = { bg = \"blue\" }\n";
    let (c, _) = merged(&format!("palette = \"colour-blind\"\n{text}"));
    assert_eq!(
        c.theme.role(Role::Hint).bg,
        Some(Colour::Named(Named::Blue))
    );
    assert_eq!(
        c.theme.type_colour("GPE", Named::Green),
        Colour::Rgb(0, 0x9e, 0x73)
    );
    let (c, changes) = merged("[theme.types]\nORG = \"magenta\"\n");
    assert_eq!(
        c.theme.type_colour("ORG", Named::Blue),
        Colour::Named(Named::Magenta)
    );
    assert_eq!(
        c.theme.type_colour("GPE", Named::Green),
        Colour::Named(Named::Green)
    );
    assert_eq!(
        changes[0].to_string(),
        "theme.types.ORG: magenta (over the schema's colour)"
    );
}

#[test]
fn mouse_and_palette_changes_are_listed() {
    let (c, changes) = merged("palette = \"colour-blind\"\nmouse = false\n");
    assert!(!c.mouse);
    let said: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        ["palette: default → colour-blind", "mouse: true → false"]
    );
    let (_, changes) =
        merged("palette = \"default\"\nmouse = true\n[keys]\nquit = [\"q\", \"ctrl-c\"]\n");
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn each_kind_of_mistake_is_told_with_its_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("[keys]\nquit = = \"Z\"\n", 2, "not TOML"),
        ("mouse = true\n[foo]\nx = 1\n", 2, "unknown setting \"foo\""),
        (
            "\n[keys.frob]\nx = \"y\"\n",
            2,
            "unknown section [keys.frob]",
        ),
        (
            "[keys]\nfrobnicate = \"x\"\n",
            2,
            "unknown action \"frobnicate\" in [keys]",
        ),
        (
            "[keys.list]\nquit = \"x\"\n",
            2,
            "unknown action \"quit\" in [keys.list]",
        ),
        (
            "[keys]\nquit = [\"q\",\n  \"ctrl-frob\"]\n",
            3,
            "bad key \"ctrl-frob\": unknown key name \"frob\"",
        ),
        (
            "[theme]\nborder = \"mauve\"\n",
            2,
            "unknown colour \"mauve\"",
        ),
        (
            "[theme.types]\n\nORG = \"#12345\"\n",
            3,
            "unknown colour \"#12345\"",
        ),
        (
            "# a comment\npalette = \"neon\"\n",
            2,
            "unknown palette \"neon\"",
        ),
        (
            "[theme]\nborders = \"red\"\n",
            2,
            "unknown role \"borders\" in [theme]",
        ),
        (
            "[theme]\nhint = { fg = \"red\", under = \"blue\" }\n",
            2,
            "unknown setting \"theme.hint.under\"",
        ),
        ("mouse = \"no\"\n", 1, "mouse must be true or false"),
        (
            "[keys]\nquit = 5\n",
            2,
            "keys.quit must be a key or a list of keys",
        ),
        ("palette = 3\n", 1, "palette must be"),
        ("keys = 1\n", 1, "keys must be a table"),
        (
            "[theme]\nborder = 7\n",
            2,
            "theme.border must be a colour in quotes",
        ),
    ];
    for (text, line, says) in cases {
        let (got_line, message) = error(text);
        assert_eq!(got_line, *line, "{text:?}: {message}");
        assert!(message.starts_with(says), "{text:?}: {message}");
    }
}

#[test]
fn the_first_mistake_in_the_file_is_the_one_told() {
    let text = "[keys]\nzz-last = \"x\"\naa-first = \"y\"\n";
    assert_eq!(error(text).0, 2);
    let text = "[theme]\nborder = \"red\"\n[keys]\nquit = \"frob\"\n[theme.types]\nA = \"x\"\n";
    assert_eq!(
        error(text),
        (4, "bad key \"frob\": unknown key name \"frob\"".into())
    );
}

#[test]
fn an_error_names_its_file_and_line() {
    let mut e = parse("[keys]\nfrobnicate = \"x\"\n").unwrap_err();
    e.file = Some("/home/u/.config/gloss/config.toml".into());
    assert_eq!(
        e.to_string(),
        "/home/u/.config/gloss/config.toml:2: unknown action \"frobnicate\" in [keys]"
    );
}

#[test]
fn the_printed_config_is_toml_and_reads_back_the_same() {
    let samples = [
        "",
        "palette = \"colour-blind\"\nmouse = false\n[keys]\nquit = \"Z\"\nhelp = []\n",
        "[keys.text]\ntag = [\"ctrl-t\", \"\\\"\"]\n[theme]\nhint = \"#abcdef\"\n[theme.types]\nORG = \"magenta\"\n\"Odd Type\" = \"red\"\n",
    ];
    for text in samples {
        let (config, _) = merged(text);
        let printed = print(&config);
        let (again, changes) = merge(&Config::defaults(), &parse(&printed).unwrap());
        assert_eq!(again, config, "{printed}");
        let (same, none) = merge(&config, &parse(&printed).unwrap());
        assert_eq!((same, none), (config, vec![]));
        let top: Vec<&str> = printed
            .lines()
            .filter(|l| !l.starts_with('#'))
            .take(2)
            .collect();
        assert_eq!(top[0], format!("palette = \"{}\"", again.palette.name()));
        assert!(top[1].starts_with("mouse = "));
        let _ = changes;
    }
}

#[test]
fn the_default_file_and_the_printed_defaults_say_the_same() {
    let printed = print(&Config::defaults());
    let strip = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.split(" #").next().unwrap_or("").trim().to_owned())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    };
    let normalise = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let file: Vec<String> = strip(DEFAULT_CONFIG).iter().map(|l| normalise(l)).collect();
    let ours: Vec<String> = strip(&printed).iter().map(|l| normalise(l)).collect();
    assert_eq!(file, ours);
}

#[test]
fn an_unknown_section_lists_the_known_ones() {
    let (line, message) = error("[keys.help]\nup = \"k\"\n");
    assert_eq!(line, 1);
    assert!(
        message.ends_with("[keys.help-screen], [keys.span], [keys.queue], [theme], [theme.types])"),
        "{message}"
    );
    // Every table the message names is one the parser knows.
    for table in KeyTable::ALL {
        assert!(
            message.contains(&format!("[{}]", table.header())),
            "{message}"
        );
    }
}

#[test]
fn a_mistake_after_wide_characters_still_has_its_line() {
    let (line, message) = error("# Schlüssel für »gloss«\n[keys]\nquit = \"ç\"\nhelp = \"ßß\"\n");
    assert_eq!(
        (line, message.as_str()),
        (4, "bad key \"ßß\": unknown key name \"ßß\"")
    );
    assert_eq!(error("[keys]\nquit = \"Zé\n").0, 2);
}

/// The README shows the default configuration and an example of a user's
/// file; both must stay true.
#[test]
fn the_readme_shows_the_default_and_an_example_that_parses() {
    let readme = include_str!("../../README.md");
    let default = include_str!("../../assets/config.toml");
    assert!(
        readme.contains(default),
        "README.md must show assets/config.toml as it is"
    );
    let section = &readme[readme.find("## Your keys, colours and mouse").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let (config, changes) = merged(example);
    assert!(!changes.is_empty(), "the example changes something");
    assert_eq!(
        config.keys_of(KeyTable::Global, "quit"),
        keys(&["Z"]).as_slice()
    );
}

#[test]
fn an_encoding_is_forced_by_any_of_its_names_and_checked() {
    let (c, changes) = merged("encoding = \"koi8_r\"\n");
    assert_eq!(c.encoding.as_deref(), Some("KOI8-R"));
    let said: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(said, ["encoding: detected → KOI8-R"]);
    assert_eq!(Config::defaults().encoding, None, "detected unless asked");
    assert_eq!(
        error("mouse = true\nencoding = \"klingon\"\n"),
        (2, "unknown encoding \"klingon\" (a WHATWG name such as windows-1256, koi8-r or shift_jis)".into())
    );
    assert_eq!(
        error("encoding = 1256\n").1,
        "encoding must be an encoding's name in quotes"
    );
}
