//! Keys as the config file writes them (`"t"`, `"T"`, `"ctrl-t"`, `"alt-x"`,
//! `"f2"`, `"space"`, `"pgdn"`, `"shift-tab"`): parsed into a chord the
//! terminal converts from its own events, and written back the same way.

use std::fmt;

/// A key without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCode {
    /// A character; shift is part of it (`T`, `?`), never a modifier.
    Char(char),
    /// F1 to F24.
    F(u8),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

/// A key with its modifiers. Shift is only set on named keys
/// (`shift-tab`): a shifted character is its own character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// Named keys: the first spelling is the one gloss writes.
const NAMED: &[(&[&str], KeyCode)] = &[
    (&["space"], KeyCode::Char(' ')),
    (&["enter", "return"], KeyCode::Enter),
    (&["esc", "escape"], KeyCode::Esc),
    (&["tab"], KeyCode::Tab),
    (&["backspace"], KeyCode::Backspace),
    (&["delete", "del"], KeyCode::Delete),
    (&["insert", "ins"], KeyCode::Insert),
    (&["up"], KeyCode::Up),
    (&["down"], KeyCode::Down),
    (&["left"], KeyCode::Left),
    (&["right"], KeyCode::Right),
    (&["home"], KeyCode::Home),
    (&["end"], KeyCode::End),
    (&["pgup", "pageup", "page-up"], KeyCode::PageUp),
    (&["pgdn", "pagedown", "page-down"], KeyCode::PageDown),
];

impl KeyChord {
    /// A plain key, no modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        KeyChord {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// Parses one key as the config writes it; the error says why not.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut chord = KeyChord::plain(KeyCode::Esc);
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let flag = if lower.starts_with("ctrl-") && rest.len() > 5 {
                &mut chord.ctrl
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                &mut chord.alt
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                &mut chord.shift
            } else {
                break;
            };
            *flag = true;
            rest = &rest[lower.find('-').map_or(0, |i| i + 1)..];
        }
        chord.code = key_code(rest).ok_or_else(|| {
            if text.is_empty() {
                "an empty key".to_owned()
            } else {
                format!("unknown key name {rest:?}")
            }
        })?;
        Ok(chord.normalised())
    }

    /// One spelling per key: shift folds into characters (`shift-t` is
    /// `T`), and control letters are lower case (terminals cannot tell
    /// `ctrl-T` from `ctrl-t`).
    fn normalised(mut self) -> Self {
        if let KeyCode::Char(c) = self.code {
            if self.shift && c.is_lowercase() {
                self.code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
            }
            if self.ctrl && c.is_ascii_uppercase() {
                self.code = KeyCode::Char(c.to_ascii_lowercase());
            }
            self.shift = false;
        }
        self
    }

    /// The key as the config writes it; help and messages show this too.
    pub fn label(&self) -> String {
        self.to_string()
    }
}

fn key_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMED.iter().find(|(names, _)| names.contains(&&*lower)) {
        return Some(*code);
    }
    let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=24).contains(&n).then_some(KeyCode::F(n))
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (on, prefix) in [
            (self.ctrl, "ctrl-"),
            (self.alt, "alt-"),
            (self.shift, "shift-"),
        ] {
            if on {
                f.write_str(prefix)?;
            }
        }
        match self.code {
            KeyCode::Char(c) if c != ' ' => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map(|(n, _)| n[0]);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(code: KeyCode, ctrl: bool, alt: bool, shift: bool) -> KeyChord {
        KeyChord {
            code,
            ctrl,
            alt,
            shift,
        }
    }

    #[test]
    fn every_spelling_of_the_issue_parses() {
        let c = KeyCode::Char;
        let cases = [
            ("t", chord(c('t'), false, false, false)),
            ("T", chord(c('T'), false, false, false)),
            ("shift-t", chord(c('T'), false, false, false)),
            ("ctrl-t", chord(c('t'), true, false, false)),
            ("Ctrl-T", chord(c('t'), true, false, false)),
            ("alt-x", chord(c('x'), false, true, false)),
            ("alt-X", chord(c('X'), false, true, false)),
            ("f2", chord(KeyCode::F(2), false, false, false)),
            ("space", chord(c(' '), false, false, false)),
            (" ", chord(c(' '), false, false, false)),
            ("enter", chord(KeyCode::Enter, false, false, false)),
            ("pgdn", chord(KeyCode::PageDown, false, false, false)),
            ("PageUp", chord(KeyCode::PageUp, false, false, false)),
            ("esc", chord(KeyCode::Esc, false, false, false)),
            ("shift-tab", chord(KeyCode::Tab, false, false, true)),
            ("up", chord(KeyCode::Up, false, false, false)),
            ("-", chord(c('-'), false, false, false)),
            ("ctrl--", chord(c('-'), true, false, false)),
            ("ctrl-alt-x", chord(c('x'), true, true, false)),
        ];
        for (text, want) in cases {
            assert_eq!(KeyChord::parse(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn labels_are_the_config_spelling_and_parse_back() {
        for text in [
            "t",
            "T",
            "ctrl-r",
            "alt-x",
            "f12",
            "space",
            "enter",
            "pgdn",
            "shift-tab",
            "?",
            "\"",
        ] {
            let chord = KeyChord::parse(text).unwrap();
            assert_eq!(chord.label(), text);
            assert_eq!(KeyChord::parse(&chord.label()), Ok(chord));
        }
        assert_eq!(KeyChord::parse("Escape").unwrap().label(), "esc");
    }

    #[test]
    fn nonsense_is_refused_with_its_name() {
        for bad in ["", "ctrl-", "frob", "f0", "f25", "ctrl-frob", "\u{7}"] {
            assert!(KeyChord::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            KeyChord::parse("ctrl-frob"),
            Err("unknown key name \"frob\"".to_owned())
        );
    }
}
