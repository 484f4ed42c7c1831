//! A stand-in for the core's review queue (branch i12-review), replaced by
//! `crate::review` once that is merged.

use std::path::PathBuf;

use crate::annotation::{Document, Status};
use crate::article::Article;
use crate::corpus::Entry;
use crate::schema::Schema;

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub suggestions: bool,
    pub types: Vec<String>,
    pub problems: bool,
    pub annotator: Option<String>,
    pub status: Vec<Status>,
    pub text: Option<regex::Regex>,
    pub unreviewed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Suggestion,
    Problem,
    Unreviewed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub entry: usize,
    pub source: PathBuf,
    pub sidecar: PathBuf,
    pub kind: ItemKind,
    pub id: String,
    pub type_: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub problem: Option<String>,
}

pub fn items_of(entry: usize, article: &Article, filter: &Filter) -> Vec<Item> {
    let doc = &article.doc;
    let mut out = Vec::new();
    for e in &doc.entities {
        if !filter.types.is_empty() && !filter.types.contains(&e.kind) {
            continue;
        }
        let kind = if e.suggested.is_some() {
            ItemKind::Suggestion
        } else {
            ItemKind::Unreviewed
        };
        let wanted = match kind {
            ItemKind::Suggestion => filter.suggestions || !filter.unreviewed && !filter.problems,
            _ => filter.unreviewed && !is_reviewed(doc, &e.id),
        };
        if wanted {
            out.push(Item {
                entry,
                source: article.source.clone(),
                sidecar: article.sidecar.clone(),
                kind,
                id: e.id.clone(),
                type_: e.kind.clone(),
                start: e.start,
                end: e.end,
                text: e.text.clone(),
                problem: None,
            });
        }
    }
    out
}

fn is_reviewed(doc: &Document, id: &str) -> bool {
    doc.entities
        .iter()
        .any(|e| e.id == id && e.extra.get("reviewed").is_some())
}

pub struct QueueBuilder {
    entries: Vec<Entry>,
    schema: Schema,
    filter: Filter,
    next: usize,
}

impl QueueBuilder {
    pub fn new(entries: Vec<Entry>, schema: Schema, filter: Filter) -> Self {
        Self {
            entries,
            schema,
            filter,
            next: 0,
        }
    }

    pub fn done(&self) -> usize {
        self.next
    }

    pub fn next_batch(&mut self, max_articles: usize) -> Option<Vec<Item>> {
        if self.next >= self.entries.len() {
            return None;
        }
        let mut out = Vec::new();
        let end = (self.next + max_articles).min(self.entries.len());
        for i in self.next..end {
            let e = &self.entries[i];
            let mut a = Article::open(&e.path, &e.sidecar, None);
            a.check(&self.schema);
            out.extend(items_of(i, &a, &self.filter));
        }
        self.next = end;
        Some(out)
    }
}

pub mod decide {
    use crate::annotation::Document;

    pub fn accept(doc: &mut Document, id: &str) {
        doc.accept(id);
        mark_reviewed(doc, id);
    }

    pub fn reject(doc: &mut Document, id: &str) {
        doc.remove_annotation(id);
    }

    pub fn mark_reviewed(doc: &mut Document, id: &str) {
        if let Some(e) = doc.entities.iter_mut().find(|e| e.id == id) {
            e.extra
                .insert("reviewed".into(), serde_json::Value::Bool(true));
        }
    }
}
