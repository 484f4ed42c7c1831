//! Styles from the configuration's theme (roles, palette, `[theme.types]`)
//! or — under NO_COLOR — no colour at all, whatever the config says.
//! Without colour everything is marked with modifiers (and the text pane
//! adds brackets). The default theme draws exactly what gloss always drew.

use std::collections::BTreeMap;
use std::sync::Arc;

use ratatui::style::{Color, Modifier, Style};

use crate::config::{self, Role};
use crate::schema::Colour;

/// A type's colour as drawn, and whether text on it should be light.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ink {
    color: Color,
    dark: bool,
}

/// A role's colours, resolved (None: the role keeps gloss's own drawing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct RoleInk {
    fg: Option<Color>,
    bg: Option<Color>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    roles: [RoleInk; Role::ALL.len()],
    /// The type colours that are not the schema's (user's, palette's).
    types: Arc<BTreeMap<String, Ink>>,
    redrawn: Arc<Vec<(Colour, Ink)>>,
}

fn to_color(c: Colour) -> Color {
    match c {
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
    }
}

impl Ink {
    pub fn of(c: Colour) -> Self {
        Ink {
            color: to_color(c),
            dark: c.is_dark(),
        }
    }

    fn from_config(c: config::Colour) -> Self {
        match c {
            config::Colour::Named(n) => Ink::of(n),
            config::Colour::Rgb(r, g, b) => {
                let light = 299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b);
                Ink {
                    color: Color::Rgb(r, g, b),
                    dark: light < 128_000,
                }
            }
        }
    }
}

impl Theme {
    /// The theme the config resolved; `no_color` (NO_COLOR) drops every colour.
    pub fn new(theme: &config::Theme, no_color: bool) -> Self {
        let mut roles = [RoleInk::default(); Role::ALL.len()];
        for (i, role) in Role::ALL.into_iter().enumerate() {
            let c = theme.role(role);
            roles[i] = RoleInk {
                fg: c.fg.map(|c| Ink::from_config(c).color),
                bg: c.bg.map(|c| Ink::from_config(c).color),
            };
        }
        let types = theme
            .types
            .iter()
            .map(|(code, c)| (code.clone(), Ink::from_config(*c)))
            .collect();
        let redrawn = theme
            .schema_colours
            .iter()
            .map(|&(named, c)| (named, Ink::from_config(c)))
            .collect();
        Theme {
            color: !no_color,
            roles,
            types: Arc::new(types),
            redrawn: Arc::new(redrawn),
        }
    }

    /// The ink of type `code`, whose schema colour is `schema`: the user's
    /// `[theme.types]`, else the schema's colour as the palette draws it.
    pub fn ink(&self, code: &str, schema: Option<Colour>) -> Option<Ink> {
        if let Some(ink) = self.types.get(code) {
            return Some(*ink);
        }
        let schema = schema?;
        let redrawn = self.redrawn.iter().find(|(n, _)| *n == schema);
        Some(redrawn.map_or(Ink::of(schema), |&(_, ink)| ink))
    }

    /// `base` with the role's colours, when colour is on and the role has
    /// any; None when gloss draws the role its own way.
    fn role_style(&self, role: Role, base: Style) -> Option<Style> {
        let i = Role::ALL.iter().position(|r| *r == role)?;
        let ink = self.roles[i];
        if !self.color || (ink.fg.is_none() && ink.bg.is_none()) {
            return None;
        }
        let mut style = base;
        if let Some(fg) = ink.fg {
            style = style.fg(fg);
        }
        if let Some(bg) = ink.bg {
            style = style.bg(bg);
        }
        Some(style)
    }

    /// A span of a type with this ink, `depth` spans deep (1 = outermost).
    pub fn span(&self, ink: Option<Ink>, depth: usize) -> Style {
        let nested = if depth > 1 {
            Modifier::UNDERLINED
        } else {
            Modifier::empty()
        };
        if !self.color {
            return Style::new().add_modifier(Modifier::BOLD | nested);
        }
        let bg = ink.unwrap_or(Ink::of(Colour::Gray));
        let fg = if bg.dark { Color::White } else { Color::Black };
        Style::new().bg(bg.color).fg(fg).add_modifier(nested)
    }

    /// A suggestion not yet accepted: the type's colour as text, dimmed and
    /// italic, so it cannot be mistaken for settled work.
    pub fn suggested(&self, ink: Option<Ink>) -> Style {
        let base = Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM);
        if let Some(style) = self.role_style(Role::Suggestion, base) {
            return style;
        }
        match (self.color, ink) {
            (true, Some(c)) => base.fg(c.color),
            _ => base,
        }
    }

    /// An event trigger: set apart from entity mentions by being underlined
    /// and bold in its colour, with no background.
    pub fn trigger(&self, ink: Option<Ink>) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        match (self.color, ink) {
            (true, Some(c)) => base.fg(c.color),
            _ => base,
        }
    }

    /// An argument of the event being shown.
    pub fn argument(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC)
    }

    /// A role label after an argument.
    pub fn role(&self, ink: Ink) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        if self.color { base.fg(ink.color) } else { base }
    }

    /// Hint letters over candidates: loud enough to find at a glance.
    pub fn hint(&self) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        self.role_style(Role::Hint, base)
            .unwrap_or_else(|| base.add_modifier(Modifier::REVERSED))
    }

    /// A type code or bracket drawn beside a span.
    pub fn marker(&self, ink: Option<Ink>) -> Style {
        if !self.color {
            return Style::new().add_modifier(Modifier::DIM);
        }
        Style::new()
            .fg(ink.unwrap_or(Ink::of(Colour::Gray)).color)
            .add_modifier(Modifier::ITALIC)
    }

    pub fn selection(&self) -> Style {
        self.role_style(Role::Selection, Style::new())
            .unwrap_or_else(|| Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC))
    }

    /// A match of the last search: yellow as in less and vim, reversed
    /// without colour.
    pub fn search_match(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The cursor cell (drawn by gloss, so it shows in every terminal).
    pub fn cursor(&self, focused: bool) -> Style {
        if !focused {
            return Style::new().add_modifier(Modifier::UNDERLINED);
        }
        self.role_style(Role::Cursor, Style::new())
            .unwrap_or_else(|| Style::new().add_modifier(Modifier::REVERSED))
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            let bold = Style::new().add_modifier(Modifier::BOLD);
            self.role_style(Role::BorderFocus, bold).unwrap_or(bold)
        } else {
            self.role_style(Role::Border, Style::new())
                .unwrap_or_default()
        }
    }

    pub fn list_selected(&self, focused: bool) -> Style {
        if focused {
            return Style::new().add_modifier(Modifier::REVERSED);
        }
        self.role_style(Role::Selection, Style::new())
            .unwrap_or_else(|| Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn status_bar(&self) -> Style {
        self.role_style(Role::Status, Style::new())
            .unwrap_or_else(|| Style::new().add_modifier(Modifier::REVERSED))
    }

    /// A message (not an error) on the status line.
    pub fn message(&self) -> Style {
        self.role_style(Role::Message, Style::new())
            .unwrap_or_else(|| self.status_bar())
    }

    pub fn error(&self) -> Style {
        self.role_style(Role::Error, Style::new().add_modifier(Modifier::BOLD))
            .unwrap_or_else(|| Style::new().add_modifier(Modifier::BOLD))
    }

    /// Problems in the notes pane.
    pub fn problem(&self) -> Style {
        self.role_style(Role::Problem, Style::new().add_modifier(Modifier::BOLD))
            .unwrap_or_else(|| Style::new().add_modifier(Modifier::BOLD))
    }

    /// A type's code in its colour (pickers, notes).
    pub fn type_code(&self, ink: Option<Ink>) -> Style {
        self.span(ink, 1).add_modifier(Modifier::BOLD)
    }
}
