//! The effective configuration as a TOML 1.0 file (`gloss config`): what
//! gloss uses, in the shape a user's file takes, so that it reads back.

use std::fmt::Write as _;

use super::Config;
use super::actions::KeyTable;
use super::keys::KeyChord;
use super::theme::{Role, RoleColours};

/// A TOML string (quoted and escaped).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A key as TOML writes it: bare when it can be, else quoted.
fn toml_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { name.to_owned() } else { quoted(name) }
}

fn keys_value(keys: &[KeyChord]) -> String {
    match keys {
        [one] => quoted(&one.label()),
        _ => {
            let all: Vec<String> = keys.iter().map(|k| quoted(&k.label())).collect();
            format!("[{}]", all.join(", "))
        }
    }
}

fn role_value(c: &RoleColours) -> String {
    let parts: Vec<String> = [("fg", c.fg), ("bg", c.bg)]
        .into_iter()
        .filter_map(|(name, colour)| Some(format!("{name} = {}", quoted(&colour?.to_string()))))
        .collect();
    if parts.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

/// The whole configuration, every action with its keys.
pub fn print(config: &Config) -> String {
    let mut out = String::from(
        "# gloss's configuration in force: the defaults with the user's file over them.\n",
    );
    let _ = writeln!(out, "palette = {}", quoted(config.palette.name()));
    let _ = writeln!(out, "mouse = {}", config.mouse);
    match &config.encoding {
        Some(name) => _ = writeln!(out, "encoding = {}", quoted(name)),
        None => out.push_str("# encoding: detected for each source\n"),
    }
    for table in KeyTable::ALL {
        let _ = writeln!(out, "\n[{}]", table.header());
        for (action, keys) in config.keys.table(table) {
            let _ = writeln!(out, "{action} = {}", keys_value(keys));
        }
    }
    out.push_str("\n[theme]\n");
    for role in Role::ALL {
        let _ = writeln!(
            out,
            "{} = {}",
            role.name(),
            role_value(&config.theme.role(role))
        );
    }
    out.push_str("\n[theme.types]\n");
    for (code, colour) in &config.theme.types {
        let _ = writeln!(out, "{} = {}", toml_key(code), quoted(&colour.to_string()));
    }
    out
}
