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
struct Lines<'a> {
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
    let Lines {
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
fn read_lines(text: &str) -> Lines<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Lines::default();
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
            let header = match rest.strip_suffix(']') {
                Some(header) => header,
                None => {
                    out.errors.push((
                        line,
                        format!(
                            "{trimmed:?} is not a section header \
                             (a line starting with '[' must be only [name])"
                        ),
                    ));
                    rest.split_once(']').map_or(rest, |(h, _)| h)
                }
            };
            place = match header.trim().to_ascii_lowercase().as_str() {
                "entities" => Place::In(Section::Entities),
                "relations" => Place::In(Section::Relations),
                "events" => Place::In(Section::Events),
                "attributes" => Place::In(Section::Attributes),
                _ => Place::Elsewhere,
            };
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
        if name.is_empty() {
            out.errors
                .push((line, format!("no type name in {trimmed:?}")));
            continue;
        }
        if name.starts_with('<') {
            out.errors.push((
                line,
                format!("{name:?} is not a type name (brat reserves <…>)"),
            ));
            continue;
        }
        if name.contains(',') {
            out.errors.push((
                line,
                format!("type name {name:?} contains ',', which separates arguments"),
            ));
            continue;
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
        if let Some(what) = misread {
            out.errors.push((
                line,
                format!("type name {name:?} would be read as {what} on a line of its own"),
            ));
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

/// Where a name of the entities or events sections is defined.
#[derive(Debug, Clone, Copy)]
struct Known {
    line: usize,
    node: usize,
}

/// The names defined, for the second pass that turns arguments into roles.
struct Resolver<'n, 'a> {
    nodes: &'n [Node<'a>],
    macros: &'n HashMap<&'a str, Vec<(usize, &'a str)>>,
    /// Entity and event types, abstract or not: one namespace.
    types: HashMap<&'a str, Known>,
    /// Relation types and categories.
    relations: HashMap<&'a str, Known>,
}

/// One `Key:Type|Type` argument, its types as written.
struct Arg<'a> {
    key: &'a str,
    types: Vec<&'a str>,
}

impl<'n, 'a> Resolver<'n, 'a> {
    fn new(
        nodes: &'n [Node<'a>],
        macros: &'n HashMap<&'a str, Vec<(usize, &'a str)>>,
        errors: &mut Vec<(usize, String)>,
    ) -> Self {
        let mut types: HashMap<&'a str, Known> = HashMap::new();
        let mut relations: HashMap<&'a str, Known> = HashMap::new();
        let mut attributes: HashMap<&'a str, usize> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            let known = Known {
                line: n.line,
                node: i,
            };
            // The first definition stays; a later one is an error.
            let first = match n.section {
                Section::Entities | Section::Events => types.entry(n.name).or_insert(known).line,
                Section::Relations => relations.entry(n.name).or_insert(known).line,
                Section::Attributes => *attributes.entry(n.name).or_insert(n.line),
            };
            if first != n.line {
                errors.push((
                    n.line,
                    format!("duplicate type name {:?} (also line {first})", n.name),
                ));
            }
        }
        Resolver {
            nodes,
            macros,
            types,
            relations,
        }
    }

    fn build(&self, errors: &mut Vec<(usize, String)>) -> Schema {
        let mut schema = Schema {
            name: SCHEMA_NAME.to_owned(),
            entities: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
            attributes: Vec::new(),
        };
        for n in self.nodes.iter().filter(|n| !n.is_abstract) {
            let result = match n.section {
                Section::Entities => {
                    let color = PALETTE[schema.entities.len() % PALETTE.len()];
                    schema.entities.push(EntityType {
                        code: n.name.to_owned(),
                        name: n.name.to_owned(),
                        color,
                    });
                    Ok(())
                }
                Section::Events => self.event(n).map(|e| schema.events.push(e)),
                Section::Relations if n.name == ENTITY_NESTING => Ok(()),
                Section::Relations => self.relation(n).map(|r| schema.relations.push(r)),
                Section::Attributes => self.attribute(n).map(|a| schema.attributes.push(a)),
            };
            if let Err(reason) = result {
                errors.push((n.line, reason));
            }
        }
        schema
    }

    fn event(&self, n: &Node<'a>) -> Result<EventType, String> {
        let mut roles: Vec<Role> = Vec::new();
        for arg in parse_args(n.args)? {
            if is_special(arg.key) {
                continue;
            }
            let (role, count) = cardinality(arg.key)?;
            if conf_role(role) != role {
                return Err(format!(
                    "role name {role:?} may not contain '|', '?', '*', '+', '{{' or '}}'"
                ));
            }
            if roles.iter().any(|r| r.role == role) {
                return Err(format!("duplicate role {role:?} in {}", n.name));
            }
            let what = format!("role {role:?} of {}", n.name);
            let types = self.role_types(&arg.types, n.line, &what)?;
            roles.push(Role {
                role: role.to_owned(),
                types,
                count,
            });
        }
        Ok(EventType {
            name: n.name.to_owned(),
            color: None,
            roles,
        })
    }

    fn relation(&self, n: &Node<'a>) -> Result<RelationType, String> {
        let args: Vec<Arg> = parse_args(n.args)?
            .into_iter()
            .filter(|a| !is_special(a.key))
            .collect();
        let [arg1, arg2] = args.as_slice() else {
            return Err(format!(
                "relation {} has {} arguments; brat relations take two (Arg1:…, Arg2:…)",
                n.name,
                args.len()
            ));
        };
        let what = |arg: &Arg| format!("{} of {}", arg.key, n.name);
        Ok(RelationType {
            name: n.name.to_owned(),
            arg1: self.role_types(&arg1.types, n.line, &what(arg1))?,
            arg2: self.role_types(&arg2.types, n.line, &what(arg2))?,
        })
    }

    fn attribute(&self, n: &Node<'a>) -> Result<AttributeDef, String> {
        let mut on: Option<Vec<String>> = None;
        let mut values: Option<Vec<String>> = None;
        for arg in parse_args(n.args)? {
            match arg.key {
                "Arg" if on.is_some() => return Err(format!("Arg: given twice for {}", n.name)),
                "Arg" => on = Some(self.targets(&arg.types, n)?),
                "Value" if values.is_some() => {
                    return Err(format!("Value: given twice for {}", n.name));
                }
                "Value" => values = Some(self.expand_all(&arg.types, n.line)?),
                // Glyph:, and whatever else brat draws with.
                _ => {}
            }
        }
        let Some(on) = on else {
            return Err(format!(
                "attribute {} has no Arg: saying what it attaches to",
                n.name
            ));
        };
        let mut kept: Vec<String> = Vec::new();
        for v in values.unwrap_or_default() {
            push_new(&mut kept, v);
        }
        Ok(AttributeDef {
            name: n.name.to_owned(),
            values: kept,
            on,
        })
    }

    /// The types a role or relation end accepts: macros expanded, abstract
    /// categories replaced by the annotatable types below them.
    fn role_types(&self, written: &[&str], line: usize, what: &str) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for t in self.expand_all(written, line)? {
            if WILDCARDS.contains(&t.as_str()) {
                push_new(&mut out, t);
            } else if let Some(k) = self.types.get(t.as_str()) {
                self.annotatable(k.node, &mut out);
            } else {
                return Err(format!("{what} names type {t:?}, which does not exist"));
            }
        }
        if out.is_empty() {
            return Err(format!("{what} accepts no annotatable type"));
        }
        Ok(out)
    }

    /// What an attribute's `Arg:` names, in gloss's words.
    fn targets(&self, written: &[&str], n: &Node<'a>) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for t in self.expand_all(written, n.line)? {
            match t.as_str() {
                ENTITY => push_new(&mut out, "entities".to_owned()),
                EVENT => push_new(&mut out, "events".to_owned()),
                RELATION => push_new(&mut out, "relations".to_owned()),
                ANY => {
                    for word in ["entities", "events", "relations"] {
                        push_new(&mut out, word.to_owned());
                    }
                }
                name => {
                    if let Some(k) = self.types.get(name) {
                        self.annotatable(k.node, &mut out);
                    } else if let Some(k) = self.relations.get(name) {
                        if name == ENTITY_NESTING && !self.nodes[k.node].is_abstract {
                            return Err(format!(
                                "attribute {} attaches to {ENTITY_NESTING}, \
                                 which says which entities may nest and is not a relation type",
                                n.name
                            ));
                        }
                        // A relation category stands for the relations below it.
                        self.annotatable(k.node, &mut out);
                    } else {
                        return Err(format!(
                            "attribute {} attaches to {t:?}, which does not exist",
                            n.name
                        ));
                    }
                }
            }
        }
        if out.is_empty() {
            return Err(format!("attribute {} attaches to nothing", n.name));
        }
        Ok(out)
    }

    /// A type itself, or for a category every annotatable type below it
    /// (of entities, events or relations alike, but never brat's
    /// `ENTITY-NESTING` rule).
    fn annotatable(&self, node: usize, out: &mut Vec<String>) {
        let Some(n) = self.nodes.get(node) else {
            return;
        };
        let is_type = |n: &Node| match n.section {
            Section::Relations => !n.is_abstract && n.name != ENTITY_NESTING,
            _ => !n.is_abstract,
        };
        if !n.is_abstract {
            if is_type(n) {
                push_new(out, n.name.to_owned());
            }
            return;
        }
        let mut todo = vec![node];
        // Children are always later lines, so this cannot loop; the bound
        // is there all the same.
        let mut budget = self.nodes.len() + 1;
        while let Some(i) = todo.pop() {
            let Some(n) = self.nodes.get(i) else { continue };
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            if is_type(n) {
                push_new(out, n.name.to_owned());
            }
            todo.extend(n.children.iter().rev());
        }
    }

    /// Every `<MACRO>` in a type list replaced by what it stands for, at
    /// most `MACRO_EXPANSION_LIMIT` alternatives in all.
    fn expand_all(&self, written: &[&str], line: usize) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        let mut budget = MACRO_EXPANSION_LIMIT;
        for t in written {
            self.expand(t, line, 0, &mut budget, &mut out)
                .map_err(|e| match e {
                    // Named by what the line wrote, not the innermost macro.
                    Expansion::TooLong => format!(
                        "{t} expands to more than {MACRO_EXPANSION_LIMIT} alternatives \
                         (nested macros multiply); gloss refuses a list that long"
                    ),
                    Expansion::Bad(reason) => reason,
                })?;
        }
        Ok(out)
    }

    fn expand(
        &self,
        t: &str,
        line: usize,
        depth: usize,
        budget: &mut usize,
        out: &mut Vec<String>,
    ) -> Result<(), Expansion> {
        let macro_name = t
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .filter(|name| !RESERVED.contains(name));
        let Some(name) = macro_name else {
            out.push(t.to_owned());
            return Ok(());
        };
        let bad = |reason: String| Err(Expansion::Bad(reason));
        let Some(value) = self.macro_value(name, line) else {
            return bad(format!("undefined macro <{name}>"));
        };
        if depth >= MACRO_DEPTH {
            return bad(format!("macro <{name}> refers to itself"));
        }
        for part in value.split('|').map(str::trim) {
            *budget = budget.checked_sub(1).ok_or(Expansion::TooLong)?;
            if part.is_empty() {
                return bad(format!("macro <{name}> has an empty alternative"));
            }
            if part.contains(|c: char| c.is_whitespace() || c == ',') {
                return bad(format!(
                    "macro <{name}>: {part:?} is not one type (alternatives are joined by '|')"
                ));
            }
            self.expand(part, line, depth + 1, budget, out)?;
        }
        Ok(())
    }

    /// The definition in force at `line`: the last one above it, else
    /// (a macro used before it is defined) the first one below.
    fn macro_value(&self, name: &str, line: usize) -> Option<&'a str> {
        let defs = self.macros.get(name)?;
        defs.iter()
            .rev()
            .find(|(l, _)| *l < line)
            .or_else(|| defs.first())
            .map(|(_, v)| *v)
    }
}

/// Why a macro could not be expanded.
enum Expansion {
    /// Past `MACRO_EXPANSION_LIMIT`.
    TooLong,
    Bad(String),
}

fn push_new(out: &mut Vec<String>, t: String) {
    if !out.contains(&t) {
        out.push(t);
    }
}

/// `<REL-TYPE>:…`, `<OVL-TYPE>:…` and the like: brat's own settings.
fn is_special(key: &str) -> bool {
    key.starts_with('<') && key.ends_with('>')
}

/// `Key:Type|Type, Key2:Type`: each argument split, nothing resolved yet.
fn parse_args(args: &str) -> Result<Vec<Arg<'_>>, String> {
    let mut out = Vec::new();
    for a in args.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        let Some((key, types)) = a.split_once(':') else {
            return Err(format!("argument {a:?} has no ':' (expected Role:Type)"));
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(format!("argument {a:?} has no usable name before ':'"));
        }
        let types: Vec<&str> = types.split('|').map(str::trim).collect();
        if let Some(bad) = types
            .iter()
            .find(|t| t.is_empty() || t.contains(char::is_whitespace))
        {
            return Err(if bad.is_empty() {
                format!("argument {a:?} has an empty type")
            } else {
                format!("argument {a:?}: {bad:?} is not one type (missing ',' or '|'?)")
            });
        }
        out.push(Arg { key, types });
    }
    Ok(out)
}

/// `Role`, `Role?`, `Role*`, `Role+`, `Role{n}`, `Role{n-m}`.
fn cardinality(key: &str) -> Result<(&str, Count), String> {
    let (role, count) = if let Some(role) = key.strip_suffix('?') {
        (role, Count::Optional)
    } else if let Some(role) = key.strip_suffix('*') {
        (role, Count::Any)
    } else if let Some(role) = key.strip_suffix('+') {
        (role, Count::OneOrMore)
    } else if let Some(rest) = key.strip_suffix('}') {
        let Some((role, range)) = rest.rsplit_once('{') else {
            return Err(format!("role {key:?}: '}}' without '{{'"));
        };
        (
            role,
            range_count(range).ok_or_else(|| {
                format!("role {key:?}: {{{range}}} is not a count ({{n}} or {{n-m}})")
            })?,
        )
    } else {
        (key, Count::One)
    };
    if role.is_empty() {
        return Err(format!("argument {key:?} has no role name"));
    }
    Ok((role, count))
}

/// brat's `{n}` / `{n-m}` as the nearest count gloss has.
fn range_count(range: &str) -> Option<Count> {
    let number = |s: &str| s.trim().parse::<u32>().ok();
    let (low, high) = match range.split_once('-') {
        Some((l, h)) => (number(l)?, number(h)?),
        None => {
            let n = number(range)?;
            (n, n)
        }
    };
    if low > high {
        return None;
    }
    Some(match (low, high) {
        (0, 0) => Count::Any,
        (0, 1) => Count::Optional,
        (0, _) => Count::Any,
        (1, 1) => Count::One,
        _ => Count::OneOrMore,
    })
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
/// Names are written as they are, `.` included (brat itself warns about
/// and rewrites any character outside `[A-Za-z0-9_-]`); the few the format
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
