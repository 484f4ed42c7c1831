//! Styles, in 16 colours or — under NO_COLOR — none at all. Without colour
//! everything is marked with modifiers (and the text pane adds brackets).

use ratatui::style::{Color, Modifier, Style};

use crate::schema::Colour;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
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

impl Theme {
    /// A span of a type with this colour, `depth` spans deep (1 = outermost).
    pub fn span(&self, colour: Option<Colour>, depth: usize) -> Style {
        let nested = if depth > 1 {
            Modifier::UNDERLINED
        } else {
            Modifier::empty()
        };
        if !self.color {
            return Style::new().add_modifier(Modifier::BOLD | nested);
        }
        let bg = colour.unwrap_or(Colour::Gray);
        let fg = if bg.is_dark() {
            Color::White
        } else {
            Color::Black
        };
        Style::new().bg(to_color(bg)).fg(fg).add_modifier(nested)
    }

    /// A suggestion not yet accepted: the type's colour as text, dimmed and
    /// italic, so it cannot be mistaken for settled work.
    pub fn suggested(&self, colour: Option<Colour>) -> Style {
        let base = Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM);
        match (self.color, colour) {
            (true, Some(c)) => base.fg(to_color(c)),
            _ => base,
        }
    }

    /// An event trigger: set apart from entity mentions by being underlined
    /// and bold in its colour, with no background.
    pub fn trigger(&self, colour: Option<Colour>) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        match (self.color, colour) {
            (true, Some(c)) => base.fg(to_color(c)),
            _ => base,
        }
    }

    /// An argument of the event being shown.
    pub fn argument(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC)
    }

    /// A role label after an argument.
    pub fn role(&self, colour: Colour) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            base.fg(to_color(colour))
        } else {
            base
        }
    }

    /// Hint letters over candidates: loud enough to find at a glance.
    pub fn hint(&self) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            base.fg(Color::Black).bg(Color::LightYellow)
        } else {
            base.add_modifier(Modifier::REVERSED)
        }
    }

    /// A type code or bracket drawn beside a span.
    pub fn marker(&self, colour: Option<Colour>) -> Style {
        if !self.color {
            return Style::new().add_modifier(Modifier::DIM);
        }
        Style::new()
            .fg(to_color(colour.unwrap_or(Colour::Gray)))
            .add_modifier(Modifier::ITALIC)
    }

    pub fn selection(&self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC)
        }
    }

    /// The cursor cell (drawn by gloss, so it shows in every terminal).
    pub fn cursor(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    pub fn list_selected(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, _) => Style::new().add_modifier(Modifier::REVERSED),
            (false, true) => Style::new().bg(Color::DarkGray).fg(Color::White),
            (false, false) => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
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
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn error(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// A type's code in its colour (pickers, notes).
    pub fn type_code(&self, colour: Option<Colour>) -> Style {
        self.span(colour, 1).add_modifier(Modifier::BOLD)
    }
}
