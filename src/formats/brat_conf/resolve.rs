//! The second pass over an `annotation.conf`: names resolved, macros
//! expanded (with a bound), categories replaced by the types below them,
//! and arguments turned into roles and attribute targets.

use std::collections::HashMap;

use super::*;

/// Where a name of the entities or events sections is defined.
#[derive(Debug, Clone, Copy)]
struct Known {
    line: usize,
    node: usize,
}

/// The names defined, for the second pass that turns arguments into roles.
pub(super) struct Resolver<'n, 'a> {
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
    pub(super) fn new(
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

    pub(super) fn build(&self, errors: &mut Vec<(usize, String)>) -> Schema {
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
