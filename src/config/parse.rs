//! Reading a config file into what it says, checked whole: the first
//! mistake (in file order) is an error with its line, and nothing of a file
//! with a mistake is used.

use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::actions::KeyTable;
use super::keys::KeyChord;
use super::theme::{Colour, Palette, Role, RoleColours};

/// What a config file says, before it is merged over the defaults.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserConfig {
    pub palette: Option<Palette>,
    pub mouse: Option<bool>,
    /// The encoding's WHATWG name, checked.
    pub encoding: Option<String>,
    /// In file order: (table, action, keys).
    pub keys: Vec<(KeyTable, &'static str, Vec<KeyChord>)>,
    /// In file order; `fg`/`bg` left out keep the colour they had.
    pub roles: Vec<(Role, RoleColours)>,
    pub types: Vec<(String, Colour)>,
}

/// A mistake in a config file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {kind}", file.as_ref().map_or("config".into(), |f| f.display().to_string()))]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    /// 1-based.
    pub line: usize,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    #[error("not TOML: {0}")]
    Toml(String),
    #[error(
        "unknown section [{0}] (known: [keys], [keys.list], [keys.text], [keys.notes], \
         [keys.picker], [keys.prompt], [keys.note], [keys.hints], [keys.help-screen], [keys.span], \
         [keys.queue], [theme], [theme.types])"
    )]
    UnknownSection(String),
    #[error("unknown setting {0:?} (palette, mouse, encoding, [keys] and [theme] are known)")]
    UnknownSetting(String),
    #[error("unknown action {name:?} in [{table}]")]
    UnknownAction { table: String, name: String },
    #[error("bad key {key:?}: {why}")]
    BadKey { key: String, why: String },
    #[error("unknown colour {0:?} (one of the 16 names such as red or light-blue, or #rrggbb)")]
    BadColour(String),
    #[error("unknown palette {0:?} (default, high-contrast or colour-blind)")]
    UnknownPalette(String),
    #[error("unknown encoding {0:?} (a WHATWG name such as windows-1256, koi8-r or shift_jis)")]
    UnknownEncoding(String),
    #[error("unknown role {0:?} in [theme]")]
    UnknownRole(String),
    #[error("{setting} must be {expected}")]
    WrongType {
        setting: String,
        expected: &'static str,
    },
}

/// A mistake at a byte offset, turned into a line at the end.
type Mistake = (usize, ErrorKind);
type Found<T> = Result<T, Mistake>;

/// Reads a config file's text. Errors carry no file name: `load` adds it.
pub fn parse(text: &str) -> Result<UserConfig, ConfigError> {
    // Bytes, not a str slice: an error's span need not start on a char.
    let before = |offset: usize| &text.as_bytes()[..offset.min(text.len())];
    let line = |offset: usize| before(offset).iter().filter(|&&b| b == b'\n').count() + 1;
    let at = |(offset, kind): (usize, ErrorKind)| ConfigError {
        file: None,
        line: line(offset),
        kind,
    };
    let root = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at((offset, ErrorKind::Toml(e.message().trim().to_owned())))
    })?;
    read_root(root.get_ref()).map_err(at)
}

/// A table's entries in file order, so the first mistake is the one told.
fn in_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn read_root(root: &DeTable<'_>) -> Found<UserConfig> {
    let mut user = UserConfig::default();
    let mut mistakes = Vec::new();
    for (key, value) in in_order(root) {
        let read = read_setting(key, value, &mut user, &mut mistakes);
        mistakes.extend(read.err());
    }
    // Sections are TOML tables, read table by table: the first mistake in
    // the file is the one with the smallest offset.
    match mistakes.into_iter().min_by_key(|(offset, _)| *offset) {
        Some(first) => Err(first),
        None => Ok(user),
    }
}

fn read_setting(
    key: &Spanned<DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
    user: &mut UserConfig,
    mistakes: &mut Vec<Mistake>,
) -> Found<()> {
    let at = key.span().start;
    match (key.get_ref().as_ref(), value.get_ref()) {
        ("palette", DeValue::String(name)) => {
            let palette = Palette::from_name(name);
            let unknown = || {
                (
                    value.span().start,
                    ErrorKind::UnknownPalette(name.to_string()),
                )
            };
            user.palette = Some(palette.ok_or_else(unknown)?);
        }
        ("palette", _) => return Err((at, wrong("palette", "a palette's name in quotes"))),
        ("mouse", DeValue::Boolean(on)) => user.mouse = Some(*on),
        ("mouse", _) => return Err((at, wrong("mouse", "true or false"))),
        ("encoding", DeValue::String(name)) => {
            let encoding = crate::text::encoding_for_label(name).ok_or_else(|| {
                let kind = ErrorKind::UnknownEncoding(name.to_string());
                (value.span().start, kind)
            })?;
            user.encoding = Some(encoding.name().to_owned());
        }
        ("encoding", _) => return Err((at, wrong("encoding", "an encoding's name in quotes"))),
        ("keys", DeValue::Table(keys)) => read_keys(keys, user, mistakes),
        ("theme", DeValue::Table(theme)) => read_theme(theme, user, mistakes),
        ("keys" | "theme", _) => return Err((at, wrong(key.get_ref(), "a table"))),
        (other, _) => return Err((at, ErrorKind::UnknownSetting(other.to_owned()))),
    }
    Ok(())
}

fn wrong(setting: &str, expected: &'static str) -> ErrorKind {
    ErrorKind::WrongType {
        setting: setting.to_owned(),
        expected,
    }
}

fn read_keys(keys: &DeTable<'_>, user: &mut UserConfig, mistakes: &mut Vec<Mistake>) {
    for (key, value) in in_order(keys) {
        let name = key.get_ref().as_ref();
        let DeValue::Table(sub) = value.get_ref() else {
            mistakes.extend(read_binding(KeyTable::Global, key, value, user).err());
            continue;
        };
        let Some(table) = KeyTable::from_sub_name(name) else {
            let section = format!("keys.{name}");
            mistakes.push((key.span().start, ErrorKind::UnknownSection(section)));
            continue;
        };
        for (action, keys) in in_order(sub) {
            mistakes.extend(read_binding(table, action, keys, user).err());
        }
    }
}

fn read_binding(
    table: KeyTable,
    action: &Spanned<DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
    user: &mut UserConfig,
) -> Found<()> {
    let name = action.get_ref().as_ref();
    let info = table.action(name).ok_or_else(|| {
        let kind = ErrorKind::UnknownAction {
            table: table.header(),
            name: name.to_owned(),
        };
        (action.span().start, kind)
    })?;
    let expected = "a key or a list of keys, in quotes";
    let setting = || format!("{}.{name}", table.header());
    let one = |v: &Spanned<DeValue<'_>>| match v.get_ref() {
        DeValue::String(s) => KeyChord::parse(s).map_err(|why| {
            let kind = ErrorKind::BadKey {
                key: s.to_string(),
                why,
            };
            (v.span().start, kind)
        }),
        _ => Err((v.span().start, wrong(&setting(), expected))),
    };
    let chords = match value.get_ref() {
        DeValue::Array(list) => list.iter().map(one).collect::<Found<Vec<_>>>()?,
        _ => vec![one(value)?],
    };
    user.keys.push((table, info.name, chords));
    Ok(())
}

fn read_theme(theme: &DeTable<'_>, user: &mut UserConfig, mistakes: &mut Vec<Mistake>) {
    for (key, value) in in_order(theme) {
        let name = key.get_ref().as_ref();
        let read = match (name, value.get_ref()) {
            ("types", DeValue::Table(types)) => {
                for (code, colour) in in_order(types) {
                    let setting = format!("theme.types.{}", code.get_ref());
                    match read_colour(colour, &setting) {
                        Ok(c) => user.types.push((code.get_ref().to_string(), c)),
                        Err(mistake) => mistakes.push(mistake),
                    }
                }
                Ok(())
            }
            ("types", _) => Err((key.span().start, wrong("theme.types", "a table"))),
            _ => match Role::from_name(name) {
                None => Err((key.span().start, ErrorKind::UnknownRole(name.to_owned()))),
                Some(role) => read_role(value, name).map(|c| user.roles.push((role, c))),
            },
        };
        mistakes.extend(read.err());
    }
}

/// `"cyan"` (the foreground) or `{ fg = "white", bg = "red" }`.
fn read_role(value: &Spanned<DeValue<'_>>, name: &str) -> Found<RoleColours> {
    let setting = format!("theme.{name}");
    let table = match value.get_ref() {
        DeValue::Table(t) => t,
        _ => {
            let fg = Some(read_colour(value, &setting)?);
            return Ok(RoleColours { fg, bg: None });
        }
    };
    let mut colours = RoleColours::default();
    for (which, colour) in in_order(table) {
        let slot = match which.get_ref().as_ref() {
            "fg" => &mut colours.fg,
            "bg" => &mut colours.bg,
            other => {
                let kind = ErrorKind::UnknownSetting(format!("{setting}.{other}"));
                return Err((which.span().start, kind));
            }
        };
        *slot = Some(read_colour(colour, &setting)?);
    }
    Ok(colours)
}

fn read_colour(value: &Spanned<DeValue<'_>>, setting: &str) -> Found<Colour> {
    let at = value.span().start;
    match value.get_ref() {
        DeValue::String(s) => {
            Colour::parse(s).ok_or_else(|| (at, ErrorKind::BadColour(s.to_string())))
        }
        _ => Err((at, wrong(setting, "a colour in quotes"))),
    }
}
