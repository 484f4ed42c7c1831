//! The user's own keys and colours: `~/.config/gloss/config.toml` (or
//! `--config FILE`) merged over the embedded default `assets/config.toml`.
//! Pure core: the key and colour types are gloss's own; the terminal
//! converts them to its library's.

mod actions;
pub mod command;
mod keys;
mod merge;
mod parse;
mod print;
mod theme;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use actions::{ActionInfo, KeyTable};
pub use keys::{KeyChord, KeyCode};
pub use merge::{Change, merge, shadowed};
pub use parse::{ConfigError, ErrorKind, UserConfig, parse};
pub use print::print;
pub use theme::{Colour, Palette, Role, RoleColours, Theme};

/// The default configuration, commented: every action with its keys.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

/// Keys per table: every action of the table, in its order, with its keys
/// (none when unbound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    tables: BTreeMap<KeyTable, Vec<(&'static str, Vec<KeyChord>)>>,
}

impl Keys {
    /// Every action of every table, with no keys.
    fn unbound() -> Keys {
        let tables = KeyTable::ALL
            .into_iter()
            .map(|t| {
                (
                    t,
                    t.actions().iter().map(|a| (a.name, Vec::new())).collect(),
                )
            })
            .collect();
        Keys { tables }
    }

    pub fn table(&self, table: KeyTable) -> &[(&'static str, Vec<KeyChord>)] {
        self.tables.get(&table).map_or(&[], Vec::as_slice)
    }

    fn table_mut(&mut self, table: KeyTable) -> &mut Vec<(&'static str, Vec<KeyChord>)> {
        self.tables.entry(table).or_default()
    }
}

/// Everything the config decides, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub keys: Keys,
    pub theme: Theme,
    pub palette: Palette,
    pub mouse: bool,
    /// The encoding every source is read in (its WHATWG name); None: each
    /// source's own is detected.
    pub encoding: Option<String>,
}

impl Config {
    /// gloss as it comes: `assets/config.toml`.
    pub fn defaults() -> Config {
        let bare = Config {
            keys: Keys::unbound(),
            theme: Theme::default(),
            palette: Palette::Default,
            mouse: true,
            encoding: None,
        };
        let user = parse(DEFAULT_CONFIG).expect("assets/config.toml is checked by the tests");
        merge(&bare, &user).0
    }

    /// The keys of `action` in `table` (empty when unbound or unknown).
    pub fn keys_of(&self, table: KeyTable, action: &str) -> &[KeyChord] {
        let bindings = self.keys.table(table);
        bindings
            .iter()
            .find(|(name, _)| *name == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// The action `key` does in `table` alone (the terminal looks in a
    /// pane's table first, then in `[keys]`).
    pub fn action_for(&self, table: KeyTable, key: &KeyChord) -> Option<&'static str> {
        let bindings = self.keys.table(table);
        bindings
            .iter()
            .find(|(_, keys)| keys.contains(key))
            .map(|(name, _)| *name)
    }

    /// How messages and help name the key of `action`: its first key as the
    /// config writes it, or `(unbound)`.
    pub fn key_label(&self, table: KeyTable, action: &str) -> String {
        self.keys_of(table, action)
            .first()
            .map_or_else(|| "(unbound)".to_owned(), KeyChord::label)
    }
}

/// Why no configuration could be had.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read the config file: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Invalid(#[from] ConfigError),
}

/// A configuration and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// What the user's file changes over the defaults.
    pub changes: Vec<Change>,
    /// The file read; `None` when there is none and the defaults hold.
    pub file: Option<PathBuf>,
    /// Where gloss looked (for `--check` to say).
    pub looked_at: Option<PathBuf>,
}

/// The user's config file: `config.toml` in the platform's config folder
/// (`$XDG_CONFIG_HOME/gloss` on Linux).
pub fn default_path() -> Option<PathBuf> {
    crate::dirs::user_config()
}

/// Reads `explicit` (which must exist) or the default file (which may not),
/// checks it whole and merges it over the defaults.
pub fn load(explicit: Option<&Path>) -> Result<Loaded, LoadError> {
    let path = explicit.map(Path::to_path_buf).or_else(default_path);
    let text = match &path {
        None => None,
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => None,
            Err(error) => {
                let path = p.clone();
                return Err(LoadError::Read { path, error });
            }
        },
    };
    let defaults = Config::defaults();
    let Some(text) = text else {
        return Ok(Loaded {
            config: defaults,
            changes: Vec::new(),
            file: None,
            looked_at: path,
        });
    };
    let user = parse(&text).map_err(|e| ConfigError {
        file: path.clone(),
        ..e
    })?;
    let (config, changes) = merge(&defaults, &user);
    Ok(Loaded {
        config,
        changes,
        file: path.clone(),
        looked_at: path,
    })
}
