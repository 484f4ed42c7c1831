//! Writing brat standoff: one line per annotation, and nothing that brat
//! would read as another one.
//!
//! A `.ann` is read line by line (by brat in Python, and by gloss), so a
//! line break inside a note, a span's text or any other value would start a
//! new line, and that line could be a forged annotation. Free texts (notes,
//! span texts, normalisation texts) get a space for each line break, since
//! a brat note is one line; names (ids, types, roles, attribute names and
//! values, references) cannot hold spaces either, and get `_`. Both are
//! counted in the loss report.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

use super::super::Losses;
use super::{BRAT_IDS, BRAT_ORDER, BRAT_TAIL, shown_text};
use crate::annotation::Document;
use crate::annotation::span_extras::SpanExtras;
use crate::text::SourceText;

/// Whether `c` ends a line for brat or a Python tool reading the `.ann`
/// (`str.splitlines` breaks at all of these), or for gloss's own import.
pub fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// `s` as one line: each line break (`\r\n` counts as one) becomes a space.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.contains(breaks_line) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", " ").replace(breaks_line, " "))
}

/// `s` as one brat name: whitespace and line breaks become `_`.
pub fn one_name(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_whitespace() || breaks_line(c);
    if !s.contains(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace(bad, "_"))
}

/// The `.ann` being written, and what had to change to keep it line by line.
struct Writer<'a> {
    text: &'a SourceText,
    /// `T`, `E` and `R` lines.
    out: String,
    /// Attribute, normalisation and note lines, written after them.
    tails: Vec<String>,
    counters: BTreeMap<char, usize>,
    /// Ids brat gave `A`/`M`, `N` and `#` lines, and every id of the file
    /// imported (whose place a new line must not take): new lines take none.
    kept: HashSet<String>,
    /// Ids already written: a kept id claimed twice is written once.
    used: HashSet<String>,
    notes_joined: usize,
    texts_joined: usize,
    names_changed: BTreeSet<String>,
}

impl<'a> Writer<'a> {
    fn new(text: &'a SourceText, doc: &Document) -> Self {
        Self {
            text,
            out: String::new(),
            tails: Vec::new(),
            counters: BTreeMap::new(),
            kept: kept_ids(doc),
            used: HashSet::new(),
            notes_joined: 0,
            texts_joined: 0,
            names_changed: BTreeSet::new(),
        }
    }

    /// The next id of a line kind brat numbers itself (`A1`, `N2`, `#3`)
    /// that no kept line holds.
    fn next(&mut self, c: char) -> String {
        loop {
            let n = self.counters.entry(c).or_insert(0);
            *n += 1;
            let id = format!("{c}{n}");
            if !self.kept.contains(&id) && self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// The id brat gave this line (`kept`, when it is of one of the
    /// `kinds`), else the next of the first kind.
    fn id_for(&mut self, kept: Option<&Value>, kinds: &[char]) -> String {
        let kept = kept
            .and_then(Value::as_str)
            .filter(|id| id.starts_with(kinds) && one_name(id) == *id && id.len() > 1);
        match kept {
            Some(id) if self.used.insert(id.to_owned()) => id.to_owned(),
            _ => self.next(kinds[0]),
        }
    }

    fn name(&mut self, s: &str) -> String {
        let name = one_name(s);
        if let Cow::Owned(_) = name {
            self.names_changed.insert(s.to_owned());
        }
        name.into_owned()
    }

    fn note(&mut self, s: &str) -> String {
        let line = one_line(s);
        self.notes_joined += usize::from(matches!(line, Cow::Owned(_)));
        line.into_owned()
    }

    fn free_text(&mut self, s: &str) -> String {
        let line = one_line(s);
        self.texts_joined += usize::from(matches!(line, Cow::Owned(_)));
        line.into_owned()
    }

    /// A `T` line: type, fragments, and the text brat shows for them.
    fn text_bound(
        &mut self,
        id: &str,
        kind: &str,
        (start, end): (usize, usize),
        extra: &Map<String, Value>,
    ) {
        let fields = SpanExtras::read(extra);
        let frags = fields.pieces(start, end);
        let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let shown = fields
            .brat_text
            .map_or_else(|| shown_text(&frags, self.text), str::to_owned);
        let (id, kind, shown) = (self.name(id), self.name(kind), self.free_text(&shown));
        self.out
            .push_str(&format!("{id}\t{kind} {}\t{shown}\n", offsets.join(";")));
    }

    /// Attribute, normalisation and note lines about the annotation `id`.
    fn extras(
        &mut self,
        id: &str,
        note: Option<&str>,
        attrs: Option<&Map<String, Value>>,
        extra: &Map<String, Value>,
    ) {
        let id = self.name(id);
        let ids = extra.get(BRAT_IDS);
        let mut attrs: Vec<(String, Value)> = attrs
            .map(|a| a.clone().into_iter().collect())
            .unwrap_or_default();
        if let Some(Value::Object(a)) = extra.get("attributes") {
            attrs.extend(a.clone());
        }
        for (name, value) in attrs {
            let kept = ids.and_then(|i| i.get("attributes")?.get(&name));
            let (a, name) = (self.id_for(kept, &['A', 'M']), self.name(&name));
            let line = match value {
                Value::Bool(true) => format!("{a}\t{name} {id}"),
                Value::String(v) => format!("{a}\t{name} {id} {}", self.name(&v)),
                other => format!("{a}\t{name} {id} {}", self.name(&other.to_string())),
            };
            self.tails.push(line);
        }
        for nz in list(extra, "normalizations") {
            let s = |k: &str| nz.get(k).and_then(Value::as_str).unwrap_or("");
            let n = self.id_for(nz.get("id"), &['N']);
            let (kind, reference) = (self.name(s("type")), self.name(s("ref")));
            let text = self.free_text(s("text"));
            self.tails
                .push(format!("{n}\t{kind} {id} {reference}\t{text}"));
        }
        let trigger_note = extra.get("note").and_then(Value::as_str);
        if let Some(note) = note.or(trigger_note) {
            let n = self.id_for(ids.and_then(|i| i.get("note")), &['#']);
            let note = self.note(note);
            self.tails.push(format!("{n}\tAnnotatorNotes {id}\t{note}"));
        }
        for nt in list(extra, "notes") {
            let s = |k: &str| nt.get(k).and_then(Value::as_str).unwrap_or("");
            let n = self.id_for(nt.get("id"), &['#']);
            let (kind, note) = (self.name(s("type")), self.note(s("text")));
            self.tails.push(format!("{n}\t{kind} {id}\t{note}"));
        }
    }

    /// What brat had after an event's or relation's arguments (a tab, at least).
    fn tail(&mut self, extra: &Map<String, Value>) -> String {
        let tail = extra.get(BRAT_TAIL).and_then(Value::as_str).unwrap_or("");
        match tail.starts_with('\t') {
            true => self.free_text(tail),
            false => String::new(),
        }
    }

    /// Each trigger once (several events may share one), as a `T` line.
    fn triggers(&mut self, doc: &Document) {
        let mut written = HashSet::new();
        for ev in &doc.events {
            let t = &ev.trigger;
            if written.insert(t.id.clone()) {
                let kind = SpanExtras::read(&t.extra).trigger_type.unwrap_or(&ev.kind);
                self.text_bound(&t.id, kind, (t.start, t.end), &t.extra);
                self.extras(&t.id, None, None, &t.extra);
            }
        }
    }

    /// `E` lines; a role filled twice is numbered the second time (`Theme2`).
    fn events(&mut self, doc: &Document) {
        for ev in &doc.events {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let mut line = format!(
                "{}\t{}:{}",
                self.name(&ev.id),
                self.name(&ev.kind),
                self.name(&ev.trigger.id)
            );
            for a in &ev.arguments {
                let n = seen.entry(&a.role).or_insert(0);
                *n += 1;
                let role = match *n {
                    1 => self.name(&a.role),
                    n => self.name(&format!("{}{n}", a.role)),
                };
                line.push_str(&format!(" {role}:{}", self.name(&a.target)));
            }
            line.push_str(&self.tail(&ev.extra));
            self.out.push_str(&line);
            self.out.push('\n');
            self.extras(
                &ev.id,
                ev.note.as_deref(),
                ev.attributes.as_ref(),
                &ev.extra,
            );
        }
    }

    /// `R` lines, with the roles brat had when they were not Arg1 and Arg2.
    fn relations(&mut self, doc: &Document) {
        for r in &doc.relations {
            let roles = r.extra.get("roles").and_then(Value::as_array);
            let role = |i: usize, default: &'static str| {
                roles
                    .and_then(|a| a.get(i))
                    .and_then(Value::as_str)
                    .unwrap_or(default)
            };
            let line = format!(
                "{}\t{} {}:{} {}:{}{}\n",
                self.name(&r.id),
                self.name(&r.kind),
                self.name(role(0, "Arg1")),
                self.name(&r.arg1),
                self.name(role(1, "Arg2")),
                self.name(&r.arg2),
                self.tail(&r.extra)
            );
            self.out.push_str(&line);
            self.extras(&r.id, r.note.as_deref(), r.attributes.as_ref(), &r.extra);
        }
    }

    /// What belongs to the document rather than one annotation: its brat
    /// notes, equivalence sets and the lines gloss kept without knowing them.
    fn document_lines(&mut self, doc: &Document) {
        for line in std::mem::take(&mut self.tails) {
            self.out.push_str(&line);
            self.out.push('\n');
        }
        for nt in list(&doc.extra, "notes") {
            let s = |k: &str| nt.get(k).and_then(Value::as_str).unwrap_or("");
            let n = self.id_for(nt.get("id"), &['#']);
            let (kind, note) = (self.name(s("type")), self.note(s("text")));
            self.out.push_str(&format!("{n}\t{kind}\t{note}\n"));
        }
        for eq in list(&doc.extra, "equivalences") {
            let kind = eq.get("type").and_then(Value::as_str).unwrap_or("Equiv");
            let refs: Vec<String> = eq
                .get("refs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|r| self.name(r))
                .collect();
            let kind = self.name(kind);
            self.out
                .push_str(&format!("*\t{kind} {}\n", refs.join(" ")));
        }
        for line in list(&doc.extra, "brat_lines").filter_map(Value::as_str) {
            let line = self.free_text(line);
            self.out.push_str(&line);
            self.out.push('\n');
        }
    }

    /// The `.ann`, after telling `losses` what brat could not take as it was.
    fn finish(self, losses: &mut Losses) -> String {
        losses.add(
            "notes with line breaks",
            self.notes_joined,
            "each line break written as a space (a brat note is one line)",
        );
        losses.add(
            "span, normalisation or kept texts with line breaks",
            self.texts_joined,
            "each line break written as a space",
        );
        losses.add(
            "ids, types, roles or attributes with spaces or line breaks",
            self.names_changed.len(),
            "each written with _ in its place",
        );
        self.out
    }
}

/// The ids of `A`/`M`, `N` and `#` lines an import kept, over the document,
/// and those of its line order.
fn kept_ids(doc: &Document) -> HashSet<String> {
    let mut extras: Vec<&Map<String, Value>> = vec![&doc.extra];
    extras.extend(doc.entities.iter().map(|e| &e.extra));
    extras.extend(doc.relations.iter().map(|r| &r.extra));
    for ev in &doc.events {
        extras.extend([&ev.extra, &ev.trigger.extra]);
    }
    let order = list(&doc.extra, BRAT_ORDER).filter_map(Value::as_str);
    let mut out: HashSet<String> = order.map(str::to_owned).collect();
    for extra in extras {
        let ids = extra.get(BRAT_IDS);
        let attrs = ids.and_then(|i| i.get("attributes")?.as_object());
        let items = list(extra, "notes").chain(list(extra, "normalizations"));
        let found = (attrs.into_iter().flat_map(|a| a.values()))
            .chain(ids.and_then(|i| i.get("note")))
            .chain(items.filter_map(|item| item.get("id")));
        out.extend(found.filter_map(Value::as_str).map(str::to_owned));
    }
    out
}

/// `ann`'s lines in the order brat had them (`order`, from the import);
/// lines it does not name (new ones) follow in the order they came.
fn in_file_order(ann: &str, order: &[Value]) -> String {
    let mut places: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, id) in order.iter().enumerate().rev() {
        if let Some(id) = id.as_str() {
            places.entry(id).or_default().push(i);
        }
    }
    let mut lines: Vec<(usize, &str)> = ann
        .lines()
        .map(|line| {
            let id = line.split('\t').next().unwrap_or("");
            let at = places.get_mut(id).and_then(Vec::pop);
            (at.unwrap_or(usize::MAX), line)
        })
        .collect();
    lines.sort_by_key(|&(at, _)| at);
    lines.iter().map(|(_, line)| format!("{line}\n")).collect()
}

/// The items of an optional array field (none when it is absent).
fn list<'v>(extra: &'v Map<String, Value>, key: &str) -> impl Iterator<Item = &'v Value> {
    extra
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Writes a document as brat standoff. `losses` hears of what brat cannot
/// hold, and of what was changed so that every annotation stays one line.
pub fn export(doc: &Document, text: &SourceText, losses: &mut Losses) -> String {
    let mut w = Writer::new(text, doc);
    for e in &doc.entities {
        w.text_bound(&e.id, &e.kind, (e.start, e.end), &e.extra);
        w.extras(&e.id, e.note.as_deref(), e.attributes.as_ref(), &e.extra);
    }
    w.triggers(doc);
    w.events(doc);
    w.relations(doc);
    w.document_lines(doc);
    if !doc.note.is_empty() {
        losses.add(
            "document notes",
            1,
            "brat has no document note: not exported",
        );
    }
    let suggested = doc
        .entities
        .iter()
        .filter(|e| e.suggested.is_some())
        .count()
        + doc.events.iter().filter(|e| e.suggested.is_some()).count()
        + doc
            .relations
            .iter()
            .filter(|r| r.suggested.is_some())
            .count();
    losses.add(
        "unaccepted suggestions",
        suggested,
        "exported as ordinary annotations",
    );
    let ann = w.finish(losses);
    match doc.extra.get(BRAT_ORDER).and_then(Value::as_array) {
        Some(order) => in_file_order(&ann, order),
        None => ann,
    }
}

#[cfg(test)]
mod tests;
