//! Names brat accepts, and the way back to gloss's.
//!
//! brat's `annotation.conf` reader takes type names of `[A-Za-z0-9_-]`
//! only; the default schema has `Conflict.Attack`. An export made from a
//! gloss schema writes each name in that form (`Conflict_Attack`, with
//! `-2`, `-3` … when two names would meet) and the original beside it, in
//! brat's own `visual.conf` `[labels]` section (`Conflict_Attack |
//! Conflict.Attack`), which brat shows in place of the type. An import reads
//! a label back as the type's name only when the label, written for brat,
//! gives that type: a label such as `Organization | Org` stays a label.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::annotation::Document;
use crate::annotation::span_extras::TRIGGER_TYPE;
use crate::schema::Schema;

/// The file beside `annotation.conf` that holds brat's display names.
pub const VISUAL_FILE: &str = "visual.conf";

/// `name` as brat takes it: every character outside `[A-Za-z0-9_-]` is `_`.
pub fn brat_form(name: &str) -> String {
    let kept = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let s: String = name
        .chars()
        .map(|c| if kept(c) { c } else { '_' })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}

/// Whether `brat` is what gloss writes for `name`: its brat form, or that
/// form numbered apart from another (`Conflict_Attack-2`).
fn written_for(name: &str, brat: &str) -> bool {
    let form = brat_form(name);
    brat == form
        || brat
            .strip_prefix(form.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// gloss names and the brat names written for them, one for one.
#[derive(Debug, Default)]
pub struct BratNames {
    to_brat: HashMap<String, String>,
    taken: HashSet<String>,
    /// Names that changed, in the order they were met.
    changed: Vec<(String, String)>,
}

impl BratNames {
    /// The brat name for `name`, the same every time it is asked.
    pub fn name(&mut self, name: &str) -> String {
        if name.starts_with('<') && name.ends_with('>') {
            return name.to_owned(); // <ENTITY>, <EVENT>, <ANY>: brat's own
        }
        if let Some(b) = self.to_brat.get(name) {
            return b.clone();
        }
        let form = brat_form(name);
        let mut brat = form.clone();
        let mut n = 1;
        while self.taken.contains(&brat) {
            n += 1;
            brat = format!("{form}-{n}");
        }
        self.taken.insert(brat.clone());
        self.to_brat.insert(name.to_owned(), brat.clone());
        if brat != name {
            self.changed.push((brat.clone(), name.to_owned()));
        }
        brat
    }

    /// `schema` with every type, relation and attribute name in brat's form
    /// (names are given out in the schema's order).
    pub fn schema(&mut self, schema: &Schema) -> Schema {
        let mut s = schema.clone();
        // Names that are already brat's keep themselves, whatever comes first.
        for name in schema_names(schema) {
            if brat_form(&name) == name {
                self.name(&name);
            }
        }
        for e in &mut s.entities {
            e.code = self.name(&e.code);
        }
        for e in &mut s.events {
            e.name = self.name(&e.name);
            for r in &mut e.roles {
                r.types = r.types.iter().map(|t| self.name(t)).collect();
            }
        }
        for r in &mut s.relations {
            r.name = self.name(&r.name);
            r.arg1 = r.arg1.iter().map(|t| self.name(t)).collect();
            r.arg2 = r.arg2.iter().map(|t| self.name(t)).collect();
        }
        for a in &mut s.attributes {
            a.name = self.name(&a.name);
            let on = std::mem::take(&mut a.on);
            a.on = on
                .into_iter()
                .map(|o| match o.as_str() {
                    "entities" | "events" | "relations" => o,
                    _ => self.name(&o),
                })
                .collect();
        }
        s
    }

    /// `doc` with its types and attribute names in brat's form.
    pub fn document(&mut self, doc: &Document) -> Document {
        let mut doc = doc.clone();
        rename(&mut doc, &mut |name| Some(self.name(name)));
        doc
    }

    /// How many names changed, and the first (for the export's report).
    pub fn changed(&self) -> (usize, Option<&(String, String)>) {
        (self.changed.len(), self.changed.first())
    }

    /// brat's `visual.conf`, its labels the names before they changed;
    /// `None` when none did.
    pub fn visual_conf(&self) -> Option<String> {
        if self.changed.is_empty() {
            return None;
        }
        let mut out = String::from(
            "# brat visual.conf written by gloss: each type's label is its name in gloss\n\n\
             [labels]\n\n",
        );
        for (brat, name) in &self.changed {
            let label: String = name
                .chars()
                .map(|c| if c.is_control() || c == '|' { ' ' } else { c })
                .collect();
            out.push_str(&format!("{brat} | {}\n", label.trim()));
        }
        out.push_str(
            "\n[drawing]\n\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n\
             ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n",
        );
        Some(out)
    }
}

/// Every name a schema defines or refers to.
fn schema_names(s: &Schema) -> Vec<String> {
    let mut out: Vec<String> = s.entities.iter().map(|e| e.code.clone()).collect();
    out.extend(s.events.iter().map(|e| e.name.clone()));
    out.extend(s.relations.iter().map(|r| r.name.clone()));
    out.extend(s.attributes.iter().map(|a| a.name.clone()));
    out
}

/// Renames, where `to` says so, the types of every annotation and trigger
/// and the names of their attributes.
fn rename(doc: &mut Document, to: &mut dyn FnMut(&str) -> Option<String>) {
    let mut attrs = |m: &mut serde_json::Map<String, Value>| {
        *m = std::mem::take(m)
            .into_iter()
            .map(|(k, v)| (to(&k).unwrap_or(k), v))
            .collect();
    };
    for e in &mut doc.entities {
        e.attributes.iter_mut().for_each(&mut attrs);
    }
    for e in &mut doc.events {
        e.attributes.iter_mut().for_each(&mut attrs);
        if let Some(Value::Object(m)) = e.trigger.extra.get_mut("attributes") {
            attrs(m);
        }
    }
    for r in &mut doc.relations {
        r.attributes.iter_mut().for_each(&mut attrs);
    }
    let mut kind = |k: &mut String| {
        if let Some(n) = to(k) {
            *k = n;
        }
    };
    doc.entities.iter_mut().for_each(|e| kind(&mut e.kind));
    doc.relations.iter_mut().for_each(|r| kind(&mut r.kind));
    for e in &mut doc.events {
        kind(&mut e.kind);
        if let Some(Value::String(t)) = e.trigger.extra.get_mut(TRIGGER_TYPE) {
            kind(t);
        }
    }
}

/// The names a `visual.conf` gives back: each `[labels]` line whose label,
/// written for brat, is its type (`Conflict_Attack | Conflict.Attack`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Labels(HashMap<String, String>);

impl Labels {
    pub fn parse(visual: &str) -> Self {
        let mut out = HashMap::new();
        let mut in_labels = false;
        for line in visual.lines().map(str::trim) {
            if line.starts_with('[') {
                in_labels = line == "[labels]";
                continue;
            }
            if !in_labels || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('|').map(str::trim);
            let (Some(brat), Some(label)) = (parts.next(), parts.next()) else {
                continue;
            };
            if label != brat && written_for(label, brat) {
                out.insert(brat.to_owned(), label.to_owned());
            }
        }
        Self(out)
    }

    /// The labels of the `visual.conf` beside the `annotation.conf` that
    /// applies to `source` (none when there is no such file).
    pub fn near(source: &Path) -> Self {
        let conf = source.parent().and_then(|dir| super::nearest(dir, None));
        let visual = conf.and_then(|c| c.parent().map(|d| d.join(VISUAL_FILE)));
        visual
            .and_then(|v| crate::fsread::read_utf8(&v).ok())
            .map_or_else(Self::default, |text| Self::parse(&text))
    }

    /// `doc` with the names brat had for gloss's given back.
    pub fn restore(&self, mut doc: Document) -> Document {
        if !self.0.is_empty() {
            rename(&mut doc, &mut |name| self.0.get(name).cloned());
        }
        doc
    }
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
