//! A user's file over the defaults: the palette, then the user's keys (which
//! replace an action's keys and take a key from any other action of the same
//! table), then the user's role and type colours. Every change is listed for
//! `gloss config --check`.

use std::fmt;

use super::Config;
use super::actions::KeyTable;
use super::keys::KeyChord;
use super::parse::UserConfig;
use super::theme::{Colour, Palette, Role, RoleColours};

/// One thing a user's file changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Palette {
        from: Palette,
        to: Palette,
    },
    Mouse {
        to: bool,
    },
    Encoding {
        to: String,
    },
    Keys {
        table: KeyTable,
        action: &'static str,
        from: Vec<KeyChord>,
        to: Vec<KeyChord>,
    },
    /// `key` was `from`'s and is now `to`'s; `from` keeps `left`.
    Moved {
        table: KeyTable,
        key: KeyChord,
        from: &'static str,
        to: &'static str,
        left: Vec<KeyChord>,
    },
    Role {
        role: Role,
        from: RoleColours,
        to: RoleColours,
    },
    TypeColour {
        code: String,
        to: Colour,
    },
}

/// `base` with `user` over it, and what that changed.
pub fn merge(base: &Config, user: &UserConfig) -> (Config, Vec<Change>) {
    let mut config = base.clone();
    let mut changes = Vec::new();
    if let Some(palette) = user.palette {
        if palette != config.palette {
            let from = config.palette;
            changes.push(Change::Palette { from, to: palette });
        }
        config.palette = palette;
        config.theme.apply_palette(palette);
    }
    if let Some(mouse) = user.mouse.filter(|&m| m != config.mouse) {
        config.mouse = mouse;
        changes.push(Change::Mouse { to: mouse });
    }
    if let Some(encoding) = user
        .encoding
        .as_ref()
        .filter(|&e| config.encoding.as_ref() != Some(e))
    {
        config.encoding = Some(encoding.clone());
        changes.push(Change::Encoding {
            to: encoding.clone(),
        });
    }
    for (table, action, keys) in &user.keys {
        bind(&mut config, *table, action, keys, &mut changes);
    }
    for &(role, colours) in &user.roles {
        let from = config.theme.role(role);
        let to = RoleColours {
            fg: colours.fg.or(from.fg),
            bg: colours.bg.or(from.bg),
        };
        if to != from {
            changes.push(Change::Role { role, from, to });
        }
        config.theme.roles.insert(role, to);
    }
    for (code, colour) in &user.types {
        if config.theme.types.insert(code.clone(), *colour) != Some(*colour) {
            let (code, to) = (code.clone(), *colour);
            changes.push(Change::TypeColour { code, to });
        }
    }
    (config, changes)
}

/// Gives `action` exactly `keys` in `table`, taking them from other actions.
fn bind(
    config: &mut Config,
    table: KeyTable,
    action: &'static str,
    keys: &[KeyChord],
    changes: &mut Vec<Change>,
) {
    let mut wanted: Vec<KeyChord> = Vec::new();
    for key in keys {
        if !wanted.contains(key) {
            wanted.push(*key);
        }
    }
    let bindings = config.keys.table_mut(table);
    for (other, held) in bindings.iter_mut().filter(|entry| entry.0 != action) {
        for key in &wanted {
            if !held.contains(key) {
                continue;
            }
            held.retain(|k| k != key);
            changes.push(Change::Moved {
                table,
                key: *key,
                from: other,
                to: action,
                left: held.clone(),
            });
        }
    }
    if let Some((_, held)) = bindings.iter_mut().find(|entry| entry.0 == action)
        && *held != wanted
    {
        let from = std::mem::replace(held, wanted.clone());
        changes.push(Change::Keys {
            table,
            action,
            from,
            to: wanted,
        });
    }
}

fn keys_text(keys: &[KeyChord]) -> String {
    if keys.is_empty() {
        return "(no key)".to_owned();
    }
    let labels: Vec<String> = keys.iter().map(KeyChord::label).collect();
    labels.join(", ")
}

/// `quit` in `[keys]`, `keys.text.tag` elsewhere.
fn action_path(table: KeyTable, action: &str) -> String {
    match table {
        KeyTable::Global => action.to_owned(),
        _ => format!("{}.{action}", table.header()),
    }
}

fn colours_text(c: &RoleColours) -> String {
    match (c.fg, c.bg) {
        (None, None) => "the terminal's colours".to_owned(),
        (Some(fg), None) => format!("fg {fg}"),
        (None, Some(bg)) => format!("bg {bg}"),
        (Some(fg), Some(bg)) => format!("fg {fg}, bg {bg}"),
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Palette { from, to } => write!(f, "palette: {} → {}", from.name(), to.name()),
            Change::Mouse { to } => write!(f, "mouse: {} → {to}", !to),
            Change::Encoding { to } => write!(f, "encoding: detected → {to}"),
            Change::Keys {
                table,
                action,
                from,
                to,
            } => {
                let path = action_path(*table, action);
                write!(f, "{path}: {} → {}", keys_text(from), keys_text(to))
            }
            Change::Moved {
                table,
                key,
                from,
                to,
                left,
            } => write!(
                f,
                "{key} moved from {from} to {to} in [{}] ({from} keeps {})",
                table.header(),
                keys_text(left)
            ),
            Change::Role { role, from, to } => write!(
                f,
                "theme.{}: {} → {}",
                role.name(),
                colours_text(from),
                colours_text(to)
            ),
            Change::TypeColour { code, to } => {
                write!(f, "theme.types.{code}: {to} (over the schema's colour)")
            }
        }
    }
}

/// Keys the user bound in `[keys]` that a pane's own table binds too: they
/// do the `[keys]` action only in the other panes. Told by `--check`.
pub fn shadowed(config: &Config, changes: &[Change]) -> Vec<String> {
    let mut notes = Vec::new();
    for change in changes {
        let Change::Keys {
            table: KeyTable::Global,
            action,
            to,
            ..
        } = change
        else {
            continue;
        };
        for key in to {
            for pane in [KeyTable::List, KeyTable::Text, KeyTable::Notes] {
                if let Some(other) = config.action_for(pane, key) {
                    let header = pane.header();
                    notes.push(format!(
                        "{key} does {action} except in [{header}], where it does {other}"
                    ));
                }
            }
        }
    }
    notes
}
