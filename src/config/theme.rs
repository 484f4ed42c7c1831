//! Colours by role and by annotation type, and the built-in palettes. The
//! terminal turns these into its own styles (and drops them all under
//! `NO_COLOR`).

use std::collections::BTreeMap;
use std::fmt;

use crate::schema::Colour as Named;

/// A colour as the config writes it: one of the 16 terminal colours the
/// schema uses, or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Named(Named),
    Rgb(u8, u8, u8),
}

/// The 16 names, spelled as in the schema.
const NAMES: &[(&str, Named)] = &[
    ("black", Named::Black),
    ("red", Named::Red),
    ("green", Named::Green),
    ("yellow", Named::Yellow),
    ("blue", Named::Blue),
    ("magenta", Named::Magenta),
    ("cyan", Named::Cyan),
    ("gray", Named::Gray),
    ("dark-gray", Named::DarkGray),
    ("light-red", Named::LightRed),
    ("light-green", Named::LightGreen),
    ("light-yellow", Named::LightYellow),
    ("light-blue", Named::LightBlue),
    ("light-magenta", Named::LightMagenta),
    ("light-cyan", Named::LightCyan),
    ("white", Named::White),
];

impl Colour {
    pub fn parse(text: &str) -> Option<Colour> {
        if let Some(hex) = text.strip_prefix('#') {
            let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            let all_hex = hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit());
            return all_hex.then(|| Some(Colour::Rgb(byte(0)?, byte(2)?, byte(4)?)))?;
        }
        NAMES
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, c)| Colour::Named(*c))
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Colour::Named(c) => {
                let name = NAMES.iter().find(|(_, n)| n == c).map(|(name, _)| *name);
                f.write_str(name.unwrap_or("gray"))
            }
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

/// A part of the screen that has its own colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Border,
    BorderFocus,
    Selection,
    Cursor,
    Status,
    Message,
    Error,
    Problem,
    Suggestion,
    Hint,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Border,
        Role::BorderFocus,
        Role::Selection,
        Role::Cursor,
        Role::Status,
        Role::Message,
        Role::Error,
        Role::Problem,
        Role::Suggestion,
        Role::Hint,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Border => "border",
            Role::BorderFocus => "border-focus",
            Role::Selection => "selection",
            Role::Cursor => "cursor",
            Role::Status => "status",
            Role::Message => "message",
            Role::Error => "error",
            Role::Problem => "problem",
            Role::Suggestion => "suggestion",
            Role::Hint => "hint",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// A role's colours; `None` leaves the terminal's own (or, where gloss
/// draws the role with reverse video or the type's colour, keeps that).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoleColours {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
}

/// A built-in palette: the roles' colours before the user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    #[default]
    Default,
    HighContrast,
    /// Okabe and Ito's colours, told apart with every common colour blindness.
    ColourBlind,
}

impl Palette {
    pub const ALL: [Palette; 3] = [
        Palette::Default,
        Palette::HighContrast,
        Palette::ColourBlind,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Palette::Default => "default",
            Palette::HighContrast => "high-contrast",
            Palette::ColourBlind => "colour-blind",
        }
    }

    pub fn from_name(name: &str) -> Option<Palette> {
        Palette::ALL.into_iter().find(|p| p.name() == name)
    }

    /// What the palette changes over the defaults: (role, fg, bg).
    fn roles(self) -> &'static [(Role, &'static str, &'static str)] {
        match self {
            Palette::Default => &[],
            Palette::HighContrast => &[
                (Role::Border, "white", ""),
                (Role::BorderFocus, "light-yellow", ""),
                (Role::Selection, "black", "white"),
                (Role::Cursor, "black", "light-yellow"),
                (Role::Status, "black", "white"),
                (Role::Message, "black", "white"),
                (Role::Error, "white", "red"),
                (Role::Problem, "white", "red"),
                (Role::Hint, "black", "light-yellow"),
            ],
            Palette::ColourBlind => &[
                (Role::BorderFocus, "#56b4e9", ""),
                (Role::Selection, "#ffffff", "#0072b2"),
                (Role::Error, "#000000", "#e69f00"),
                (Role::Problem, "#000000", "#e69f00"),
                (Role::Hint, "#000000", "#f0e442"),
            ],
        }
    }

    /// Schema colours the palette draws differently (types keep their
    /// colour name in the schema; the colour-blind palette shows red as
    /// vermillion, green as bluish green, and so on).
    fn type_colours(self) -> &'static [(Named, &'static str)] {
        match self {
            Palette::ColourBlind => &[
                (Named::Red, "#d55e00"),
                (Named::LightRed, "#d55e00"),
                (Named::Green, "#009e73"),
                (Named::LightGreen, "#009e73"),
                (Named::Yellow, "#f0e442"),
                (Named::LightYellow, "#f0e442"),
                (Named::Blue, "#0072b2"),
                (Named::LightBlue, "#56b4e9"),
                (Named::Magenta, "#cc79a7"),
                (Named::LightMagenta, "#cc79a7"),
                (Named::Cyan, "#56b4e9"),
                (Named::LightCyan, "#56b4e9"),
            ],
            _ => &[],
        }
    }
}

/// Colours resolved: defaults, then the palette, then the user's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Theme {
    pub roles: BTreeMap<Role, RoleColours>,
    /// Colours of annotation types by code, over the schema's.
    pub types: BTreeMap<String, Colour>,
    /// Schema colours the palette redraws.
    pub schema_colours: Vec<(Named, Colour)>,
}

impl Theme {
    pub fn role(&self, role: Role) -> RoleColours {
        self.roles.get(&role).copied().unwrap_or_default()
    }

    /// The colour of annotation type `code`, whose schema colour is `schema`.
    pub fn type_colour(&self, code: &str, schema: Named) -> Colour {
        self.types.get(code).copied().unwrap_or_else(|| {
            let redrawn = self.schema_colours.iter().find(|(n, _)| *n == schema);
            redrawn.map_or(Colour::Named(schema), |&(_, c)| c)
        })
    }

    /// Puts the palette's colours over the roles it names.
    pub(super) fn apply_palette(&mut self, palette: Palette) {
        let colour = |s: &str| Colour::parse(s);
        for &(role, fg, bg) in palette.roles() {
            let colours = RoleColours {
                fg: colour(fg),
                bg: colour(bg),
            };
            self.roles.insert(role, colours);
        }
        self.schema_colours = palette
            .type_colours()
            .iter()
            .filter_map(|&(named, c)| Some((named, colour(c)?)))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_print_back() {
        for text in ["red", "light-blue", "dark-gray", "white", "#0072b2"] {
            assert_eq!(Colour::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Colour::parse("#0072B2"), Some(Colour::Rgb(0, 0x72, 0xb2)));
        for bad in [
            "mauve", "Red", "#12345", "#1234567", "#gg0000", "#+1+2+3", "",
        ] {
            assert_eq!(Colour::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_palette_names_real_colours() {
        for palette in Palette::ALL {
            for &(_, fg, bg) in palette.roles() {
                for c in [fg, bg].into_iter().filter(|c| !c.is_empty()) {
                    assert!(Colour::parse(c).is_some(), "{palette:?}: {c}");
                }
            }
            for &(_, c) in palette.type_colours() {
                assert!(Colour::parse(c).is_some(), "{palette:?}: {c}");
            }
        }
    }

    #[test]
    fn a_type_colour_comes_from_the_user_then_the_palette_then_the_schema() {
        let mut theme = Theme::default();
        assert_eq!(
            theme.type_colour("ORG", Named::Red),
            Colour::Named(Named::Red)
        );
        theme.apply_palette(Palette::ColourBlind);
        assert_eq!(
            theme.type_colour("ORG", Named::Red),
            Colour::Rgb(0xd5, 0x5e, 0)
        );
        theme
            .types
            .insert("ORG".into(), Colour::Named(Named::Magenta));
        assert_eq!(
            theme.type_colour("ORG", Named::Red),
            Colour::Named(Named::Magenta)
        );
    }
}
