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

    /// Every `<MACRO>` in a type list replaced by what it stands for.
    fn expand_all(&self, written: &[&str], line: usize) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for t in written {
            self.expand(t, line, 0, &mut out)?;
        }
        Ok(out)
    }

    fn expand(
        &self,
        t: &str,
        line: usize,
        depth: usize,
        out: &mut Vec<String>,
    ) -> Result<(), String> {
        let macro_name = t
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .filter(|name| !RESERVED.contains(name));
        let Some(name) = macro_name else {
            out.push(t.to_owned());
            return Ok(());
        };
        let Some(value) = self.macro_value(name, line) else {
            return Err(format!("undefined macro <{name}>"));
        };
        if depth >= MACRO_DEPTH {
            return Err(format!("macro <{name}> refers to itself"));
        }
        for part in value.split('|').map(str::trim) {
            if part.is_empty() {
                return Err(format!("macro <{name}> has an empty alternative"));
            }
            if part.contains(|c: char| c.is_whitespace() || c == ',') {
                return Err(format!(
                    "macro <{name}>: {part:?} is not one type (alternatives are joined by '|')"
                ));
            }
            self.expand(part, line, depth + 1, out)?;
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
    let here = |d: &Path| {
        let conf = d.join(CONF_FILE);
        conf.is_file().then_some(conf)
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
mod tests {
    use super::*;
    use crate::schema::Kind;
    use proptest::prelude::*;

    /// Every feature: comments, macros before and after use, hierarchies by
    /// tab (and by spaces), abstract categories, aliases, separators, all
    /// cardinalities, wildcards, special relation settings, `<OVERLAP>`,
    /// attribute keys gloss does not use, and sections it ignores.
    const CONF: &str = "\
# A test configuration.
<PER-ORG>=Person|Organization

[entities]

# comment inside a section
!Thing
\tPerson
\tOrganization
\t!Place
\t\tGPE
\t\tLocation
Money
Date|Datum|D
----
Vehicle  ignored words

[relations]

Located\tArg1:Person, Arg2:GPE|Location
Partner   Arg1:<PER-ORG>, Arg2:<PER-ORG>, <REL-TYPE>:symmetric-transitive
Near  Arg1:Place, Arg2:Thing
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:contain
ENTITY-NESTING\tArg1:Person, Arg2:Organization
!Structural
\tPart-of Arg1:Location, Arg2:Location
Cause\tArg1:<EVENT>, Arg2:<ANY>

[events]

<AGENT>=<PER-ORG>|GPE
!Life
\tBe-born\tChild:Person, Place?:Place
\tMarry  Spouse{2}:Person, Witness{0-3}:Person, Guest{2-4}:Person, Officiant{1}:Person, Host{0-1}:Person, Party{0}:Person
\tDie
Business.Merge Org+:Organization, Agent*:<AGENT>, Cause?:<EVENT>, About?:<ANY>, What:<ENTITY>, Prior?:Life, Paid?:<PAYERS>
<PAYERS>=Money|Person

[attributes]

Negation\tArg:<EVENT>
Confidence  Arg:<EVENT>, Value:High|Low, Glyph:↑|↓
Generic  Arg:<ENTITY>|Located
Everywhere Arg:<ANY>
Placey Arg:Place
Structy Arg:Structural|Near
!Abstract-attr

[drawing]
Person\tbgColor:#ffccaa
whatever: <UNDEFINED> , :
";

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn role<'s>(s: &'s Schema, event: &str, role: &str) -> &'s Role {
        s.event_type(event)
            .unwrap_or_else(|| panic!("no event {event}"))
            .role(role)
            .unwrap_or_else(|| panic!("no role {role} in {event}"))
    }

    /// The schema as gloss's own JSON, so that `Schema::parse` runs the
    /// schema's checks on it.
    fn to_json(s: &Schema) -> String {
        use serde_json::json;
        let colour = |c: Colour| {
            let mut out = String::new();
            for (i, ch) in format!("{c:?}").chars().enumerate() {
                if ch.is_uppercase() && i > 0 {
                    out.push('-');
                }
                out.push(ch.to_ascii_lowercase());
            }
            out
        };
        let count = |c: Count| match c {
            Count::One => "one",
            Count::Optional => "optional",
            Count::OneOrMore => "one-or-more",
            Count::Any => "any",
        };
        json!({
            "name": s.name,
            "entities": s.entities.iter().map(|e| json!({
                "code": e.code, "name": e.name, "color": colour(e.color)
            })).collect::<Vec<_>>(),
            "events": s.events.iter().map(|e| json!({
                "type": e.name,
                "color": e.color.map(colour),
                "roles": e.roles.iter().map(|r| json!({
                    "role": r.role, "types": r.types, "count": count(r.count)
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "relations": s.relations.iter().map(|r| json!({
                "type": r.name, "arg1": r.arg1, "arg2": r.arg2
            })).collect::<Vec<_>>(),
            "attributes": s.attributes.iter().map(|a| json!({
                "name": a.name, "values": a.values, "on": a.on
            })).collect::<Vec<_>>(),
        })
        .to_string()
    }

    fn assert_passes_schema_checks(s: &Schema) {
        let again = Schema::parse(&to_json(s), "converted")
            .unwrap_or_else(|e| panic!("gloss's schema checks refuse it: {e}"));
        assert_eq!(&again, s);
    }

    #[test]
    fn entities_keep_their_order_and_take_colours_in_turn() {
        let s = parse(CONF, "annotation.conf").unwrap();
        assert_eq!(s.name, "brat annotation.conf");
        let codes: Vec<_> = s.entities.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "Person",
                "Organization",
                "GPE",
                "Location",
                "Money",
                "Date",
                "Vehicle"
            ],
            "abstract !Thing and !Place are not types; Date's aliases are not names"
        );
        for e in &s.entities {
            assert_eq!(e.code, e.name);
        }
        let colours: Vec<_> = s.entities.iter().map(|e| e.color).collect();
        assert_eq!(colours, PALETTE[..7]);
        assert_passes_schema_checks(&s);
    }

    #[test]
    fn colours_go_round_the_palette() {
        let names: Vec<String> = (0..14).map(|i| format!("T{i}")).collect();
        let s = parse(&format!("[entities]\n{}\n", names.join("\n")), "c").unwrap();
        assert_eq!(s.entities[11].color, Colour::Gray);
        assert_eq!(s.entities[12].color, Colour::Red);
        assert_eq!(s.entities[13].color, Colour::Blue);
    }

    #[test]
    fn events_get_roles_counts_and_expanded_types() {
        let s = parse(CONF, "annotation.conf").unwrap();
        let names: Vec<_> = s.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Be-born", "Marry", "Die", "Business.Merge"]);
        assert!(s.event_type("Life").is_none());
        assert!(s.events.iter().all(|e| e.color.is_none()));
        assert!(s.event_type("Die").unwrap().roles.is_empty());

        let born = s.event_type("Be-born").unwrap();
        assert_eq!(born.roles[0].count, Count::One);
        assert_eq!(born.roles[0].types, ["Person"]);
        let place = &born.roles[1];
        assert_eq!(
            (place.role.as_str(), place.count),
            ("Place", Count::Optional)
        );
        assert_eq!(place.types, ["GPE", "Location"], "!Place expands");

        let counts = [
            ("Spouse", Count::OneOrMore),
            ("Witness", Count::Any),
            ("Guest", Count::OneOrMore),
            ("Officiant", Count::One),
            ("Host", Count::Optional),
            ("Party", Count::Any),
        ];
        for (name, count) in counts {
            assert_eq!(role(&s, "Marry", name).count, count, "{name}");
        }

        let m = "Business.Merge";
        assert_eq!(role(&s, m, "Org").count, Count::OneOrMore);
        assert_eq!(role(&s, m, "Agent").count, Count::Any);
        assert_eq!(
            role(&s, m, "Agent").types,
            ["Person", "Organization", "GPE"],
            "a macro inside a macro"
        );
        assert_eq!(role(&s, m, "Cause").types, ["<EVENT>"]);
        assert_eq!(role(&s, m, "About").types, ["<ANY>"]);
        assert_eq!(role(&s, m, "What").types, ["<ENTITY>"]);
        assert_eq!(role(&s, m, "What").count, Count::One);
        assert_eq!(
            role(&s, m, "Prior").types,
            ["Be-born", "Marry", "Die"],
            "an abstract event category expands to its events"
        );
        assert_eq!(
            role(&s, m, "Paid").types,
            ["Money", "Person"],
            "a macro defined below its use"
        );
        assert_passes_schema_checks(&s);
    }

    #[test]
    fn relations_take_their_two_arguments() {
        let s = parse(CONF, "annotation.conf").unwrap();
        let names: Vec<_> = s.relations.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Located", "Partner", "Near", "Part-of", "Cause"],
            "no <OVERLAP>, no ENTITY-NESTING, no abstract !Structural"
        );
        let located = s.relation_type("Located").unwrap();
        assert_eq!(located.arg1, ["Person"]);
        assert_eq!(located.arg2, ["GPE", "Location"]);
        let partner = s.relation_type("Partner").unwrap();
        assert_eq!(partner.arg1, ["Person", "Organization"]);
        assert_eq!(partner.arg2, partner.arg1);
        let near = s.relation_type("Near").unwrap();
        assert_eq!(near.arg1, ["GPE", "Location"]);
        assert_eq!(near.arg2, ["Person", "Organization", "GPE", "Location"]);
        let cause = s.relation_type("Cause").unwrap();
        assert_eq!(
            (cause.arg1.clone(), cause.arg2.clone()),
            (strings(&["<EVENT>"]), strings(&["<ANY>"]))
        );
        assert_eq!(
            s.relations_between((Kind::Entity, "Person"), (Kind::Entity, "Location"))
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["Located"]
        );
    }

    #[test]
    fn attributes_say_what_they_attach_to() {
        let s = parse(CONF, "annotation.conf").unwrap();
        let names: Vec<_> = s.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Negation",
                "Confidence",
                "Generic",
                "Everywhere",
                "Placey",
                "Structy"
            ]
        );
        let neg = s.attribute("Negation").unwrap();
        assert!(neg.is_binary());
        assert_eq!(neg.on, ["events"]);
        let conf = s.attribute("Confidence").unwrap();
        assert_eq!(conf.values, ["High", "Low"], "Glyph: is not a value");
        assert_eq!(conf.on, ["events"]);
        assert_eq!(s.attribute("Generic").unwrap().on, ["entities", "Located"]);
        assert_eq!(
            s.attribute("Everywhere").unwrap().on,
            ["entities", "events", "relations"]
        );
        assert_eq!(s.attribute("Placey").unwrap().on, ["GPE", "Location"]);
        assert_eq!(
            s.attribute("Structy").unwrap().on,
            ["Part-of", "Near"],
            "an abstract relation category expands to its relations"
        );
        assert_passes_schema_checks(&s);
        assert!(
            s.attribute("Generic")
                .unwrap()
                .applies_to(Kind::Relation, "Located")
        );
        assert!(
            !s.attribute("Generic")
                .unwrap()
                .applies_to(Kind::Relation, "Near")
        );
    }

    #[test]
    fn spaces_and_crlf_work_too() {
        let conf = "[entities]\r\nA\r\n    B\r\n        C\r\n[events]\r\nE  R:A|C\r\n";
        let s = parse(conf, "c").unwrap();
        let codes: Vec<_> = s.entities.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["A", "B", "C"]);
        assert_eq!(role(&s, "E", "R").types, ["A", "C"]);
        let minimal = parse("[entities]\nX", "c").unwrap();
        assert_eq!(minimal.entities.len(), 1);
        assert!(minimal.events.is_empty() && minimal.relations.is_empty());
    }

    fn error(conf: &str) -> SchemaError {
        match parse(conf, "my.conf") {
            Ok(s) => panic!("accepted: {s:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn errors_name_the_line_and_the_reason() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "[entities]\nA\n[events]\nE\tR:B\n",
                "line 4",
                "role \"R\" of E names type \"B\", which does not exist",
            ),
            (
                "[entities]\nA\n\n[events]\nE\tR:<AB>\n",
                "line 5",
                "undefined macro <AB>",
            ),
            ("[entities]\nA\n[events]\nE\tR A\n", "line 4", "has no ':'"),
            (
                "[entities]\nA\n[events]\nE\tR:A, B\n",
                "line 4",
                "\"B\" has no ':'",
            ),
            (
                "[entities]\nA\n[events]\nE\t:A\n",
                "line 4",
                "no usable name",
            ),
            ("[entities]\nA\n[events]\nE\tR:A|\n", "line 4", "empty type"),
            (
                "[entities]\nA\n[events]\nE\tR?:A, R*:A\n",
                "line 4",
                "duplicate role \"R\"",
            ),
            (
                "[entities]\nA\n[events]\nE\tR{x}:A\n",
                "line 4",
                "is not a count",
            ),
            (
                "[entities]\nA\n[events]\nE\tR{3-1}:A\n",
                "line 4",
                "is not a count",
            ),
            (
                "[entities]\nA\n[events]\nE\t?:A\n",
                "line 4",
                "no role name",
            ),
            (
                "[entities]\nA\nB\nA\n",
                "line 4",
                "duplicate type name \"A\" (also line 2)",
            ),
            (
                "[entities]\nA\n[events]\nA\n",
                "line 4",
                "duplicate type name \"A\"",
            ),
            (
                "[entities]\n!A\n[events]\n!A\n",
                "line 4",
                "duplicate type name \"A\"",
            ),
            (
                "[entities]\nA\n[relations]\nR A:A, B:A\nR A:A, B:A\n",
                "line 5",
                "duplicate",
            ),
            (
                "[entities]\nA\n[relations]\nR\tArg1:A\n",
                "line 4",
                "has 1 arguments",
            ),
            (
                "[entities]\nA\n[relations]\nR\tArg1:A, Arg2:Z\n",
                "line 4",
                "\"Z\"",
            ),
            (
                "[entities]\nA\n[attributes]\nN\tValue:x|y\n",
                "line 4",
                "no Arg:",
            ),
            (
                "[entities]\nA\n[attributes]\nN\tArg:Q\n",
                "line 4",
                "\"Q\", which does not",
            ),
            ("[entities]\nA\n<ANY>=A\n", "line 3", "reserved"),
            ("[entities]\nA\n<A B>=A\n", "line 3", "bad macro name"),
            ("[entities]\nA\n<M>=\n", "line 3", "defines nothing"),
            (
                "[entities]\nA\n<M>=A|<M>\n[events]\nE\tR:<M>\n",
                "line 5",
                "refers to itself",
            ),
            (
                "[entities]\n!Empty\nA\n[events]\nE\tR:Empty\n",
                "line 5",
                "no annotatable type",
            ),
            ("[entities]\n!\n", "line 2", "no type name"),
            (
                "[entities]\nA\n[relations] x\n",
                "line 3",
                "\"[relations] x\" is not a section header",
            ),
            ("[entities]\nA\n[events\n", "line 3", "not a section header"),
            ("[\n[entities]\nA\n", "line 1", "not a section header"),
            (
                "[entities]\nA\n- x\n",
                "line 3",
                "type name \"-\" would be read as a separator",
            ),
            ("[entities]\nA\n--|B\n", "line 3", "as a separator"),
            (
                "[entities]\nA\n|#x\n",
                "line 3",
                "type name \"#x\" would be read as a comment",
            ),
            (
                "[entities]\nA\n[attributes]\n|[x]\tArg:A\n",
                "line 4",
                "type name \"[x]\" would be read as a section header",
            ),
            ("[entities]\nA\n|[x\n", "line 3", "as a section header"),
            (
                "[entities]\nA\n[relations]\nENTITY-NESTING\tArg1:A, Arg2:A\n\
                 [attributes]\nN\tArg:ENTITY-NESTING\n",
                "line 6",
                "not a relation type",
            ),
            (
                "[entities]\nA\n[relations]\n!Empty\n[attributes]\nN\tArg:Empty\n",
                "line 6",
                "attaches to nothing",
            ),
            ("[entities]\n<X>\n", "line 2", "not a type name"),
            ("[entities]\n[events]\nE\n", "[entities]", "no entity types"),
            ("", "[entities]", "no entity types"),
        ];
        for (conf, place, reason) in cases {
            let e = error(conf);
            assert_eq!(e.origin, "my.conf");
            assert_eq!(&e.place, place, "{conf:?}: {e}");
            assert!(e.reason.contains(reason), "{conf:?}: {e}");
        }
    }

    #[test]
    fn the_first_error_in_the_file_is_reported() {
        // The unknown type on line 2 is found after the duplicate on line
        // 5 is, but comes first in the file.
        let e = error("[events]\nE\tR:Nope\n[entities]\nA\nA\n");
        assert_eq!(e.place, "line 2");
        let e = error("[entities]\nA\n[events]\nE\tR:Nope\nA\n");
        assert_eq!(e.place, "line 4");
        assert_eq!(
            e.to_string(),
            "my.conf: line 4: role \"R\" of E names type \"Nope\", which does not exist"
        );
        // The lines after a malformed header are read in the section it
        // seems to name, so B exists and the header is the first error.
        let e = error("[entities]\nA\n[events]\nE\tR:B\n[entities] x\nB\n");
        assert_eq!(e.place, "line 5", "{e}");
    }

    #[test]
    fn an_attribute_on_a_relation_category_attaches_to_the_relations_below_it() {
        let conf = "[entities]\nA\n[relations]\n!Cat\n\tENTITY-NESTING\tArg1:A, Arg2:A\n\
                    \t!Sub\n\t\tR1\tArg1:A, Arg2:A\n\tR2\tArg1:A, Arg2:A\nR3\tArg1:A, Arg2:A\n\
                    [attributes]\nWhole\tArg:Cat\nPart\tArg:Sub|R3|Sub\n";
        let s = parse(conf, "c").unwrap();
        assert_eq!(s.attribute("Whole").unwrap().on, ["R1", "R2"]);
        assert_eq!(s.attribute("Part").unwrap().on, ["R1", "R3"]);
        assert_passes_schema_checks(&s);
        assert_eq!(parse(&write(&s), "written").unwrap(), s);
    }

    #[test]
    fn names_that_cannot_start_a_line_are_written_otherwise() {
        let s = Schema {
            name: String::new(),
            entities: ["[x", "[y]", "#z", "-", "--", "-a"]
                .iter()
                .map(|c| EntityType {
                    code: c.to_string(),
                    name: c.to_string(),
                    color: Colour::Red,
                })
                .collect(),
            events: vec![],
            relations: vec![],
            attributes: vec![],
        };
        let back = parse(&write(&s), "w").unwrap();
        let codes: Vec<_> = back.entities.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["_x", "_y]", "_z", "_", "_-", "-a"]);
    }

    #[test]
    fn builtin_schema_survives_write_then_parse() {
        let original = Schema::builtin();
        let text = write(&original);
        let back = parse(&text, "written").unwrap_or_else(|e| panic!("{e}\n{text}"));
        let codes = |s: &Schema| {
            s.entities
                .iter()
                .map(|e| e.code.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&back), codes(&original));
        let events = |s: &Schema| {
            s.events
                .iter()
                .map(|e| {
                    let roles: Vec<_> = e
                        .roles
                        .iter()
                        .map(|r| (r.role.clone(), r.types.clone(), r.count))
                        .collect();
                    (e.name.clone(), roles)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(events(&back), events(&original));
        assert_eq!(back.relations, original.relations);
        assert_eq!(back.attributes, original.attributes);
        assert!(text.contains("\nConflict.Attack\tAttacker"), "{text}");
        assert!(
            text.contains("\nPHYS\tArg1:PER|FAC|LOC|GPE, Arg2:FAC|LOC|GPE\n"),
            "{text}"
        );
        assert!(text.contains("\nTense\tArg:<EVENT>, Value:Past|Present|Future|Unspecified\n"));
        assert_passes_schema_checks(&back);
    }

    #[test]
    fn write_covers_every_count_and_attachment() {
        let s = parse(CONF, "c").unwrap();
        let text = write(&s);
        assert!(
            text.contains("\nMarry\tSpouse+:Person, Witness*:Person, Guest+:Person, Officiant:Person, Host?:Person, Party*:Person\n"),
            "{text}"
        );
        assert!(text.contains("\nDie\n"));
        assert!(text.contains("\nEverywhere\tArg:<ENTITY>|<EVENT>|<RELATION>\n"));
        assert!(text.contains("\nGeneric\tArg:<ENTITY>|Located\n"));
        let back = parse(&text, "again").unwrap();
        assert_eq!(back.events, s.events);
        assert_eq!(back.relations, s.relations);
        assert_eq!(back.attributes, s.attributes);
        assert_eq!(back.entities, s.entities);
    }

    #[test]
    fn write_makes_awkward_names_readable() {
        let s = Schema {
            name: "odd\nname".into(),
            entities: vec![EntityType {
                code: "#hash".into(),
                name: "x".into(),
                color: Colour::Red,
            }],
            events: vec![EventType {
                name: "Say so".into(),
                color: None,
                roles: vec![Role {
                    role: "Who?".into(),
                    types: strings(&["#hash"]),
                    count: Count::One,
                }],
            }],
            relations: vec![],
            attributes: vec![AttributeDef {
                name: "Mood".into(),
                values: strings(&["not sure", "a|b"]),
                on: strings(&["Say so"]),
            }],
        };
        let back = parse(&write(&s), "w").unwrap();
        assert_eq!(back.entities[0].code, "_hash");
        assert_eq!(back.events[0].name, "Say_so");
        assert_eq!(back.events[0].roles[0].role, "Who_");
        assert_eq!(back.events[0].roles[0].count, Count::One);
        assert_eq!(back.attributes[0].values, ["not_sure", "a_b"]);
        assert_eq!(back.attributes[0].on, ["Say_so"]);
    }

    #[test]
    fn nearest_finds_the_closest_conf_up_the_tree() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let deep = root.join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(nearest(&deep, Some(root)), None);
        std::fs::write(root.join(CONF_FILE), "[entities]\nX\n").unwrap();
        let at = |p: &Path| p.canonicalize().unwrap().join(CONF_FILE);
        assert_eq!(nearest(&deep, None), Some(at(root)));
        assert_eq!(
            nearest(&deep, Some(root)),
            Some(at(root)),
            "stop_at itself counts"
        );
        assert_eq!(
            nearest(&deep, Some(&root.join("a"))),
            None,
            "nothing above stop_at"
        );
        std::fs::write(root.join("a").join(CONF_FILE), "[entities]\nY\n").unwrap();
        assert_eq!(nearest(&deep, Some(root)), Some(at(&root.join("a"))));
        assert_eq!(nearest(&root.join("a"), None), Some(at(&root.join("a"))));
        assert_eq!(
            nearest(&root.join("a"), Some(&deep)),
            Some(at(&root.join("a"))),
            "outside stop_at only the folder itself"
        );
        assert_eq!(nearest(root, Some(&deep)), Some(at(root)));
        // A folder called annotation.conf is not a configuration.
        std::fs::create_dir_all(deep.join(CONF_FILE)).unwrap();
        assert_eq!(nearest(&deep, None), Some(at(&root.join("a"))));
    }

    #[test]
    fn the_news_tutorial_conf_reads() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/brat/news-tutorial/annotation.conf"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            println!("skipped: ../shared not present");
            return;
        };
        let s = parse(&text, path).unwrap_or_else(|e| panic!("{e}"));
        for code in ["Person", "Organization", "GPE", "Money"] {
            assert!(s.entity_type(code).is_some(), "{code}");
        }
        assert_eq!(role(&s, "Marry", "Person-Arg").count, Count::OneOrMore);
        assert_eq!(role(&s, "Marry", "Person-Arg").types, ["Person"]);
        assert_eq!(role(&s, "Marry", "Place-Arg").count, Count::Optional);
        assert_eq!(
            role(&s, "Die", "Agent-Arg").types,
            ["Person", "Organization", "GPE"]
        );
        assert_eq!(role(&s, "Report", "Event-Arg").types, ["<EVENT>"]);
        assert_eq!(role(&s, "Merge-org", "Org-Arg").count, Count::OneOrMore);
        assert!(
            s.event_type("Transfer-money").is_some(),
            "tab after the name"
        );
        for category in ["Life", "Transaction", "Business"] {
            assert!(s.event_type(category).is_none(), "{category}");
        }
        let located = s.relation_type("Located").unwrap();
        assert_eq!(
            (located.arg1.as_slice(), located.arg2.as_slice()),
            (&strings(&["Person"])[..], &strings(&["GPE"])[..])
        );
        assert!(s.relation_type("Alias").is_some(), "<REL-TYPE> is ignored");
        let confidence = s.attribute("Confidence").unwrap();
        assert_eq!(confidence.values, ["High", "Neutral", "Low"]);
        assert_eq!(confidence.on, ["events"]);
        let individual = s.attribute("Individual").unwrap();
        assert!(individual.is_binary());
        assert_eq!(individual.on, ["entities"]);
        assert_passes_schema_checks(&s);
        let back = parse(&write(&s), "written").unwrap();
        assert_eq!(back, s);
    }

    /// Configurations built from valid pieces, with some lines of noise,
    /// so that the property below mostly gets past the first error.
    fn conf_text() -> impl Strategy<Value = String> {
        let indent = prop::sample::select(vec!["", "", "\t", "\t\t", "  "]);
        let types = prop::collection::vec(
            prop::sample::select(vec![
                "E0", "E1", "E2", "E3", "V0", "V1", "<ENTITY>", "<EVENT>", "<ANY>", "<M>", "R0",
            ]),
            1..4,
        )
        .prop_map(|t| t.join("|"));
        let entities =
            prop::collection::vec((indent.clone(), any::<bool>()), 1..6).prop_map(|es| {
                es.iter()
                    .enumerate()
                    .map(|(i, (ind, abs))| format!("{ind}{}E{i}", if *abs { "!" } else { "" }))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        let role = (
            prop::sample::select(vec!["Arg", "Theme", "Cause", "Place"]),
            prop::sample::select(vec!["", "?", "*", "+", "{2}", "{0-1}", "{1}"]),
            types.clone(),
        )
            .prop_map(|(r, c, t)| format!("{r}{c}:{t}"));
        let events = prop::collection::vec(
            (
                indent.clone(),
                any::<bool>(),
                prop::collection::vec(role, 0..3),
            ),
            0..4,
        )
        .prop_map(|vs| {
            vs.iter()
                .enumerate()
                .map(|(i, (ind, abs, roles))| {
                    let bang = if *abs { "!" } else { "" };
                    format!("{ind}{bang}V{i}\t{}", roles.join(", "))
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
        let relations = prop::collection::vec(
            (
                indent.clone(),
                any::<bool>(),
                types.clone(),
                types.clone(),
                any::<bool>(),
            ),
            0..4,
        )
        .prop_map(|rs| {
            rs.iter()
                .enumerate()
                .map(|(i, (ind, abs, a, b, sym))| {
                    let bang = if *abs { "!" } else { "" };
                    let extra = if *sym { ", <REL-TYPE>:symmetric" } else { "" };
                    format!("{ind}{bang}R{i} Arg1:{a}, Arg2:{b}{extra}")
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
        let attributes = prop::collection::vec(
            (
                prop::sample::select(vec![
                    "<EVENT>",
                    "<ENTITY>",
                    "<RELATION>",
                    "<ANY>",
                    "E1",
                    "R0",
                    "R1|E0",
                    "<EVENT>|E0",
                ]),
                prop::sample::select(vec!["", ", Value:a|b", ", Value:<M>", ", Value:x, Glyph:y"]),
            ),
            0..3,
        )
        .prop_map(|xs| {
            xs.iter()
                .enumerate()
                .map(|(i, (on, v))| format!("A{i}\tArg:{on}{v}"))
                .collect::<Vec<_>>()
                .join("\n")
        });
        let noise = prop::collection::vec(
            prop_oneof![
                prop::sample::select(vec![
                    "[drawing]",
                    "[",
                    "]",
                    "# c",
                    "----",
                    "<M>=<M>",
                    "<N>=",
                    "!",
                    "X\tR:",
                    "<ANY>=E0",
                    "Y\t:Z",
                    "Q{",
                    "\tE0",
                    "[relations] x",
                    "[events",
                    "- x",
                    "|#x",
                    "|[x]",
                    "\tENTITY-NESTING Arg1:E0, Arg2:E0",
                ])
                .prop_map(str::to_owned),
                any::<String>(),
            ],
            0..2,
        );
        (
            prop::sample::select(vec!["<M>=E0|E1", "<M>=V0", "<M>=<ENTITY>"]),
            entities,
            events,
            relations,
            attributes,
            noise,
            0..6usize,
        )
            .prop_map(|(m, en, ev, rel, attr, noise, at)| {
                let mut lines: Vec<String> = [
                    m.to_owned(),
                    "[entities]".into(),
                    en,
                    "[events]".into(),
                    ev,
                    "[relations]".into(),
                    rel,
                    "[attributes]".into(),
                    attr,
                ]
                .into_iter()
                .collect();
                for (k, n) in noise.into_iter().enumerate() {
                    let i = (at + 3 * k).min(lines.len());
                    lines.insert(i, n);
                }
                lines.join("\n")
            })
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = parse(&text, "fuzz");
        }

        #[test]
        fn what_parses_is_a_valid_schema_that_round_trips(text in conf_text()) {
            if let Ok(s) = parse(&text, "fuzz") {
                assert_passes_schema_checks(&s);
                let back = parse(&write(&s), "written")
                    .unwrap_or_else(|e| panic!("{e}\n{text}\n---\n{}", write(&s)));
                prop_assert_eq!(back, s);
            }
        }
    }
}
