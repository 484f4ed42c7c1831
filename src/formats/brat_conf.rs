//! brat's `annotation.conf`: reading one into a gloss [`Schema`], finding the
//! one that applies to a folder, and writing one for a gloss schema.
//!
//! The format, as brat reads it: sections `[entities]`, `[relations]`,
//! `[events]` and `[attributes]` (other sections are ignored); one type per
//! line, its place in a hierarchy given by its indentation; a `!` before a
//! name makes a category that cannot be annotated but can be named where
//! types are listed, standing for every annotatable type below it;
//! `<NAME>=A|B` defines a macro; the arguments of a type follow its name as
//! `Role:Type|Type, Role2?:Type, …`. A line starting with `#` is a comment,
//! a line of only hyphens a separator, and a line starting with `[` a
//! section header, which must be `[name]` alone; so no type name may start
//! with `#` or `[` or be only hyphens, even behind an alias (`A|#B` names
//! a type `A`, `|#B` is refused). An attribute's `Arg:` may name a
//! category of entities, events or relations, standing for the types below
//! it.
//!
//! A configuration is converted whole or refused whole: a name that refers
//! to nothing, an undefined macro, a malformed argument or a duplicate type
//! is an error naming the line, never a half-read schema.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::schema::{
    AttributeDef, Colour, Count, EntityType, EventType, RelationType, Role, Schema, SchemaError,
};

pub mod names;
mod resolve;
use resolve::Resolver;

/// The file brat reads a collection's annotation schema from.
pub const CONF_FILE: &str = "annotation.conf";

/// The `name` of every schema read from an `annotation.conf`.
pub const SCHEMA_NAME: &str = "brat annotation.conf";

/// Entity colours, given out in this order (and again from the start).
const PALETTE: [Colour; 12] = [
    Colour::Red,
    Colour::Blue,
    Colour::Green,
    Colour::Cyan,
    Colour::Magenta,
    Colour::Yellow,
    Colour::LightRed,
    Colour::LightBlue,
    Colour::LightGreen,
    Colour::LightMagenta,
    Colour::LightCyan,
    Colour::Gray,
];

const ENTITY: &str = "<ENTITY>";
const EVENT: &str = "<EVENT>";
const RELATION: &str = "<RELATION>";
const ANY: &str = "<ANY>";

/// What a role or relation end may name besides types, kept as written.
const WILDCARDS: [&str; 3] = [ENTITY, EVENT, ANY];

/// Names brat reserves (as `<NAME>`): a macro may not take them.
const RESERVED: [&str; 15] = [
    "ANY",
    "ENTITY",
    "RELATION",
    "EVENT",
    "NONE",
    "EMPTY",
    "REL-TYPE",
    "URL",
    "URLBASE",
    "GLYPH-POS",
    "DEFAULT",
    "NORM",
    "OVERLAP",
    "OVL-TYPE",
    "INHERIT",
];

/// brat's line for which spans may overlap: not a relation type.
const OVERLAP: &str = "<OVERLAP>";

/// brat's relation saying which entities may nest: not annotatable.
const ENTITY_NESTING: &str = "ENTITY-NESTING";

/// How deep macros may refer to macros before we call it a cycle.
const MACRO_DEPTH: usize = 16;

/// The most alternatives the macros of one type list may expand to,
/// repeats counted. Real configurations use a few dozen; nested macros
/// multiply (8 levels of 50 alternatives would be 50⁸), so a list past
/// this is refused at its line instead of filling memory.
pub const MACRO_EXPANSION_LIMIT: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Entities,
    Relations,
    Events,
    Attributes,
}

/// Where a line is: before any section header (only macros count there),
/// in one of the four sections, or in a section brat's annotation schema
/// does not have (ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Preamble,
    In(Section),
    Elsewhere,
}

/// One type line.
#[derive(Debug)]
struct Node<'a> {
    line: usize,
    section: Section,
    name: &'a str,
    is_abstract: bool,
    args: &'a str,
    children: Vec<usize>,
}

/// A configuration read line by line, before names are resolved.
#[derive(Debug, Default)]
struct UnresolvedConf<'a> {
    nodes: Vec<Node<'a>>,
    /// Each macro's definitions, with their lines, in file order.
    macros: HashMap<&'a str, Vec<(usize, &'a str)>>,
    /// Problems found so far, with their line.
    errors: Vec<(usize, String)>,
}

/// Parses a brat `annotation.conf`; `origin` names it in errors.
///
/// Entity types take their colours from a fixed palette in turn; event
/// types get none. Cardinalities map to [`Count`]: none → `One`, `?` →
/// `Optional`, `*` → `Any`, `+` → `OneOrMore`; brat's `{n}` and `{n-m}`
/// become the nearest count gloss has (`{1}` → `One`, `{0-1}` →
/// `Optional`, a range from 0 → `Any`, anything else from 1 → `OneOrMore`).
///
/// Errors are placed at `line N` (1-based), the first in the file when
/// there are several; a configuration without entity types is refused at
/// `[entities]`. Any input gives a schema or an error, never a panic, and
/// a schema given passes the checks of [`Schema::parse`].
pub fn parse(text: &str, origin: &str) -> Result<Schema, SchemaError> {
    let lines = read_lines(text);
    let UnresolvedConf {
        nodes,
        macros,
        mut errors,
    } = lines;
    let resolver = Resolver::new(&nodes, &macros, &mut errors);
    let schema = resolver.build(&mut errors);
    let err = |place: String, reason: String| SchemaError {
        origin: origin.to_owned(),
        place,
        reason,
    };
    if let Some((line, reason)) = errors.into_iter().min_by_key(|(line, _)| *line) {
        return Err(err(format!("line {line}"), reason));
    }
    if schema.entities.is_empty() {
        return Err(err("[entities]".into(), "no entity types".into()));
    }
    Ok(schema)
}

/// The first pass: sections, macro definitions, type lines and their
/// places in the hierarchy.
fn read_lines(text: &str) -> UnresolvedConf<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = UnresolvedConf::default();
    let mut place = Place::Preamble;
    // (depth, node) of the lines a deeper one may hang under.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            // A section header, alone on its line. Anything else starting
            // with `[` is refused: brat would not read it as a header, but
            // neither can a type line start with `[`. The lines after it
            // are read in the section it seems to name, so that they do
            // not add errors of their own.
            let (section, problem) = section_header(trimmed, rest);
            out.errors.extend(problem.map(|reason| (line, reason)));
            place = section;
            stack.clear();
            continue;
        }
        if place == Place::Elsewhere {
            continue;
        }
        // A line of hyphens separates groups in brat's menus.
        if trimmed.chars().all(|c| c == '-') {
            continue;
        }
        if let Some(def) = macro_definition(trimmed) {
            match def {
                Ok((name, value)) => out.macros.entry(name).or_default().push((line, value)),
                Err(reason) => out.errors.push((line, reason)),
            }
            continue;
        }
        let Place::In(section) = place else {
            // Before the first section only macros mean anything.
            continue;
        };
        let (head, args) = match trimmed.find(char::is_whitespace) {
            Some(k) => (&trimmed[..k], trimmed[k..].trim()),
            None => (trimmed, ""),
        };
        if section == Section::Relations && head == OVERLAP {
            continue;
        }
        // `Name|Alias|…`: brat stores the first term; the rest are labels.
        let terms: Vec<&str> = head.split('|').filter(|t| !t.is_empty()).collect();
        let is_abstract = terms.iter().any(|t| t.starts_with('!'));
        let name = terms.first().map_or("", |t| t.trim_start_matches('!'));
        if let Some(reason) = bad_type_name(name, trimmed) {
            out.errors.push((line, reason));
            continue;
        }
        let depth = raw.chars().take_while(|c| c.is_whitespace()).count();
        while stack.last().is_some_and(|&(d, _)| d >= depth) {
            stack.pop();
        }
        let index = out.nodes.len();
        if let Some(&(_, parent)) = stack.last() {
            out.nodes[parent].children.push(index);
        }
        stack.push((depth, index));
        out.nodes.push(Node {
            line,
            section,
            name,
            is_abstract,
            args,
            children: Vec::new(),
        });
    }
    out
}

/// The place a `[header]` line starts, and why the line is not a header
/// when it is not one (the lines after it are then read in the section it
/// seems to name, so that they do not add errors of their own).
fn section_header(trimmed: &str, rest: &str) -> (Place, Option<String>) {
    let (header, problem) = match rest.strip_suffix(']') {
        Some(header) => (header, None),
        None => (
            rest.split_once(']').map_or(rest, |(h, _)| h),
            Some(format!(
                "{trimmed:?} is not a section header \
                 (a line starting with '[' must be only [name])"
            )),
        ),
    };
    let place = match header.trim().to_ascii_lowercase().as_str() {
        "entities" => Place::In(Section::Entities),
        "relations" => Place::In(Section::Relations),
        "events" => Place::In(Section::Events),
        "attributes" => Place::In(Section::Attributes),
        _ => Place::Elsewhere,
    };
    (place, problem)
}

/// Why `name` (from the line `trimmed`) cannot be a type name, if it cannot.
fn bad_type_name(name: &str, trimmed: &str) -> Option<String> {
    if name.is_empty() {
        return Some(format!("no type name in {trimmed:?}"));
    }
    if name.starts_with('<') {
        return Some(format!("{name:?} is not a type name (brat reserves <…>)"));
    }
    if name.contains(',') {
        return Some(format!(
            "type name {name:?} contains ',', which separates arguments"
        ));
    }
    // A name reached through an alias (`|#x`) or followed by more
    // (`- x`) that could not stand at the start of its own line.
    let misread = if name.starts_with('#') {
        Some("a comment")
    } else if name.starts_with('[') {
        Some("a section header")
    } else if name.chars().all(|c| c == '-') {
        Some("a separator")
    } else {
        None
    };
    misread.map(|what| format!("type name {name:?} would be read as {what} on a line of its own"))
}

/// `<NAME>=A|B|C`: `None` when the line is not a macro definition at all.
fn macro_definition(trimmed: &str) -> Option<Result<(&str, &str), String>> {
    if !trimmed.starts_with('<') {
        return None;
    }
    let (lhs, value) = trimmed.split_once('=')?;
    let name = lhs.trim().strip_prefix('<')?.strip_suffix('>')?;
    let value = value.trim();
    Some(if name.is_empty() || !name.chars().all(is_macro_char) {
        Err(format!(
            "bad macro name <{name}> (letters, digits, '_' and '-' only)"
        ))
    } else if RESERVED.contains(&name) {
        Err(format!("<{name}> is reserved and cannot be redefined"))
    } else if value.is_empty() {
        Err(format!("macro <{name}> defines nothing"))
    } else {
        Ok((name, value))
    })
}

fn is_macro_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// brat's rule for which `annotation.conf` applies to the documents in
/// `dir`: the one in `dir` itself, else the one in the closest folder
/// above it. The walk goes up to the filesystem root, or when `stop_at`
/// (a collection's data root) is given, up to and including `stop_at`;
/// a `dir` outside `stop_at` only has its own folder looked at.
pub fn nearest(dir: &Path, stop_at: Option<&Path>) -> Option<PathBuf> {
    let full = |p: &Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let dir = full(dir);
    let stop = stop_at.map(full);
    // Not only regular files: a FIFO or a device there is found, so that
    // reading it refuses it by name instead of a farther one being used.
    let here = |d: &Path| {
        let conf = d.join(CONF_FILE);
        std::fs::metadata(&conf)
            .is_ok_and(|m| !m.is_dir())
            .then_some(conf)
    };
    if let Some(stop) = &stop
        && !dir.starts_with(stop)
    {
        return here(&dir);
    }
    for d in dir.ancestors() {
        if let Some(conf) = here(d) {
            return Some(conf);
        }
        if stop.as_deref() == Some(d) {
            break;
        }
    }
    None
}

/// An `annotation.conf` for a gloss schema, for a corpus exported to brat
/// without one of its own. Colours and display names are not part of the
/// format (they belong in brat's `visual.conf`) and are left out.
///
/// Names are written as they are, `.` included (an export to brat first
/// puts them in brat's form: see [`names`]); the few the format
/// cannot hold become `_`: white space, `,` and `|` anywhere, a leading
/// `!`, `#`, `<` or `[`, a name of only hyphens, and in role names also
/// `:`, `?`, `*`, `+`, `{`, `}`.
pub fn write(schema: &Schema) -> String {
    let mut out = String::from("# brat annotation.conf written by gloss");
    if !schema.name.is_empty() {
        let name: String = schema
            .name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        out.push_str(&format!(" from the schema {name:?}"));
    }
    out.push_str("\n\n[entities]\n\n");
    for e in &schema.entities {
        out.push_str(&conf_name(&e.code));
        out.push('\n');
    }
    out.push_str("\n[relations]\n\n");
    for r in &schema.relations {
        if r.arg1.is_empty() || r.arg2.is_empty() {
            out.push_str(&format!(
                "# {}: no type may fill one of its ends, left out\n",
                conf_name(&r.name)
            ));
            continue;
        }
        out.push_str(&format!(
            "{}\tArg1:{}, Arg2:{}\n",
            conf_name(&r.name),
            type_list(&r.arg1),
            type_list(&r.arg2)
        ));
    }
    out.push_str("\n[events]\n\n");
    for e in &schema.events {
        out.push_str(&conf_name(&e.name));
        let roles: Vec<String> = e
            .roles
            .iter()
            .map(|r| {
                let suffix = match r.count {
                    Count::One => "",
                    Count::Optional => "?",
                    Count::Any => "*",
                    Count::OneOrMore => "+",
                };
                format!("{}{suffix}:{}", conf_role(&r.role), type_list(&r.types))
            })
            .collect();
        if !roles.is_empty() {
            out.push('\t');
            out.push_str(&roles.join(", "));
        }
        out.push('\n');
    }
    out.push_str("\n[attributes]\n\n");
    for a in &schema.attributes {
        let on: Vec<String> =
            a.on.iter()
                .map(|o| match o.as_str() {
                    "entities" => ENTITY.to_owned(),
                    "events" => EVENT.to_owned(),
                    "relations" => RELATION.to_owned(),
                    name => conf_name(name),
                })
                .collect();
        out.push_str(&format!("{}\tArg:{}", conf_name(&a.name), on.join("|")));
        if !a.values.is_empty() {
            let values: Vec<String> = a.values.iter().map(|v| conf_value(v)).collect();
            out.push_str(&format!(", Value:{}", values.join("|")));
        }
        out.push('\n');
    }
    out
}

fn type_list(types: &[String]) -> String {
    let written: Vec<String> = types
        .iter()
        .map(|t| {
            if WILDCARDS.contains(&t.as_str()) {
                t.clone()
            } else {
                conf_name(t)
            }
        })
        .collect();
    written.join("|")
}

/// White space, `,` and `|` separate things in the format.
fn separator(c: char) -> bool {
    c.is_whitespace() || c == ',' || c == '|'
}

/// A type, relation or attribute name as a line of the format can start
/// with it and a type list can name it.
fn conf_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if separator(c) { '_' } else { c })
        .collect();
    // At the start of a line, `!` makes a category, `#` a comment, `<` a
    // macro or a setting, `[` a section header and a run of hyphens a
    // separator.
    if s.is_empty() || s.starts_with(['!', '#', '<', '[']) || s.chars().all(|c| c == '-') {
        let first = s.chars().next().map_or(0, char::len_utf8);
        s.replace_range(..first, "_");
    }
    s
}

/// A role name as it can stand before its cardinality and `:`.
fn conf_role(role: &str) -> String {
    let mut s: String = role
        .chars()
        .map(|c| {
            if separator(c) || matches!(c, ':' | '?' | '*' | '+' | '{' | '}') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('<') {
        let first = s.chars().next().map_or(0, char::len_utf8);
        s.replace_range(..first, "_");
    }
    s
}

/// An attribute value as a `Value:` list can hold it (`<NAME>` would be
/// read as a macro unless brat reserves the name).
fn conf_value(value: &str) -> String {
    let mut s: String = value
        .chars()
        .map(|c| if separator(c) { '_' } else { c })
        .collect();
    let macro_like = s
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .is_some_and(|name| !RESERVED.contains(&name));
    if s.is_empty() || macro_like {
        let first = s.chars().next().map_or(0, char::len_utf8);
        s.replace_range(..first, "_");
    }
    s
}

#[cfg(test)]
mod tests;
