//! Control characters made visible in what gloss prints, by the same rules
//! as the terminal view (`display`): `^[` for C0 controls and DEL, `<009B>`
//! for C1 controls and the invisible bidi and format characters. A file
//! name, id or note that holds an escape sequence is shown, never obeyed by
//! the user's terminal, and a value with a line break cannot forge an output
//! line of its own.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::path::Path;

/// How a character that must not reach a terminal raw is shown instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// `^A`…`^_`, `^@` and `^?`: C0 controls and DEL, as `cat -v` shows them.
    Caret(char),
    /// `<009B>`: C1 controls, bidi overrides and the other invisible
    /// characters that reorder or hide text.
    Code(u32),
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Caret(c) => write!(f, "^{c}"),
            Shown::Code(u) => write!(f, "<{u:04X}>"),
        }
    }
}

/// How `c` is shown when it is not to be sent raw; `None` for ordinary
/// characters, which are shown as themselves.
pub(crate) fn shown_as(c: char) -> Option<Shown> {
    match c {
        '\u{0}'..='\u{1f}' => Some(Shown::Caret(char::from(b'@' + c as u8))),
        '\u{7f}' => Some(Shown::Caret('?')),
        c if is_invisible_control(c) => Some(Shown::Code(c as u32)),
        _ => None,
    }
}

/// C1 controls and the bidi/format characters that would silently reorder or
/// hide text (the "Trojan Source" set), and the Unicode line and paragraph
/// separators that some programs break lines at.
pub(crate) fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

/// `s` with every control character made visible, line breaks and tabs
/// included: for a value (a file name, an id, a type, a note) printed inside
/// a line of output.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_but(s, &[])
}

/// `s` with every control character made visible but its own line breaks
/// and tabs: the last line of defence for a whole report about to be printed.
pub fn escape_output(s: &str) -> Cow<'_, str> {
    escape_but(s, &['\n', '\t'])
}

fn escape_but<'a>(s: &'a str, kept: &[char]) -> Cow<'a, str> {
    let raw = |c: char| !kept.contains(&c) && shown_as(c).is_some();
    if !s.chars().any(raw) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match shown_as(c) {
            Some(shown) if !kept.contains(&c) => {
                let _ = write!(out, "{shown}");
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A value made safe to print: `format!("{}", esc(&id))` shows what
/// `escape` shows. Works for anything displayable (errors, `Path::display`).
pub struct Escaped<T>(pub T);

/// Wraps a value so that it prints escaped.
pub fn esc<T: fmt::Display>(value: T) -> Escaped<T> {
    Escaped(value)
}

/// A path printed escaped (lossily decoded first, as `Path::display` does).
pub fn esc_path(path: &Path) -> Escaped<std::path::Display<'_>> {
    Escaped(path.display())
}

impl<T: fmt::Display> fmt::Display for Escaped<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.to_string();
        f.write_str(&escape(&text))
    }
}

/// A value printed in double quotes and escaped, where a message quotes what
/// a file holds (`type "ORG^[" is not in the schema`).
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", escape(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c0_controls_and_del_are_caret_letters() {
        assert_eq!(escape("a\u{1b}]0;x\u{7}b"), "a^[]0;x^Gb");
        assert_eq!(escape("\u{0}\u{1}\u{1f}\u{7f}"), "^@^A^_^?");
        assert_eq!(escape("\r"), "^M");
    }

    #[test]
    fn line_breaks_and_tabs_inside_a_value_are_escaped() {
        assert_eq!(escape("T1\nT5\tORG"), "T1^JT5^IORG");
        assert_eq!(escape("\u{b}\u{c}\u{1c}"), "^K^L^\\");
    }

    #[test]
    fn c1_controls_bidi_and_separators_are_code_points() {
        assert_eq!(escape("\u{9b}2J"), "<009B>2J");
        assert_eq!(escape("\u{85}"), "<0085>");
        assert_eq!(escape("abc\u{202e}def"), "abc<202E>def");
        assert_eq!(
            escape("\u{61c}\u{200e}\u{200f}\u{202a}\u{2066}\u{2069}\u{feff}"),
            "<061C><200E><200F><202A><2066><2069><FEFF>"
        );
        assert_eq!(escape("a\u{2028}b\u{2029}"), "a<2028>b<2029>");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let plain = "Ünïcödé 日本 👩\u{200d}🔬 e\u{301} \"q\" \\ ^[ <202E>";
        assert!(matches!(escape(plain), Cow::Borrowed(s) if s == plain));
        assert!(matches!(escape_output("a\tb\nc"), Cow::Borrowed(_)));
    }

    #[test]
    fn output_keeps_its_own_line_breaks_and_tabs_only() {
        assert_eq!(
            escape_output("x\ty\n\u{1b}[2J\r\n\u{9b}\u{202e}"),
            "x\ty\n^[[2J^M\n<009B><202E>"
        );
    }

    #[test]
    fn adaptors_escape_what_they_print() {
        let path = Path::new("/c/\u{1b}]0;pwned\u{7}.txt");
        assert_eq!(esc_path(path).to_string(), "/c/^[]0;pwned^G.txt");
        assert_eq!(format!("{}", esc("E1\u{1b}]52;c;x\u{7}")), "E1^[]52;c;x^G");
        assert_eq!(Quoted("ORG\u{9b}").to_string(), "\"ORG<009B>\"");
    }

    #[test]
    fn nothing_escaped_holds_a_control_character() {
        let all: String = (0..=0x3000u32).filter_map(char::from_u32).collect();
        let shown = escape(&all);
        assert!(shown.chars().all(|c| shown_as(c).is_none()));
        let kept = escape_output(&all);
        assert!(
            kept.chars()
                .all(|c| c == '\n' || c == '\t' || shown_as(c).is_none())
        );
    }
}
