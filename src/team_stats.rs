//! Who has done what in a corpus: figures per status, per annotator, per
//! type and per article, and how far each pair of annotators agrees, for
//! `gloss stats` (and `--json`) and the dashboard. `tally` is pure; `gather`
//! reads the files.

mod gather;

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::annotation::{Document, Status};
use crate::schema::Schema;
use crate::validate;

pub use gather::{count, gather};

/// An annotation file as read: absent, unreadable (why), or its document.
pub type FileRead = Result<Option<Document>, String>;

/// An article's files: its own (what `gloss stats` always counted: the
/// curated file, or `--annotator`'s) and each annotator's.
#[derive(Debug)]
pub struct ArticleFiles {
    /// The article as the user knows it (relative to the folder named).
    pub name: String,
    pub own: FileRead,
    /// By annotator name, in name order.
    pub annotators: Vec<(String, FileRead)>,
}

/// Annotations and pending suggestions of one type, apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TypeCount {
    pub accepted: usize,
    pub suggested: usize,
}

/// Types by kind of annotation, each in name order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Types {
    pub entities: BTreeMap<String, TypeCount>,
    pub events: BTreeMap<String, TypeCount>,
    pub relations: BTreeMap<String, TypeCount>,
}

impl Types {
    fn add(&mut self, doc: &Document) {
        let count = |map: &mut BTreeMap<String, TypeCount>, kind: &str, suggested: bool| {
            let n = map.entry(kind.to_owned()).or_default();
            if suggested {
                n.suggested += 1;
            } else {
                n.accepted += 1;
            }
        };
        for e in &doc.entities {
            count(&mut self.entities, &e.kind, e.suggested.is_some());
        }
        for e in &doc.events {
            count(&mut self.events, &e.kind, e.suggested.is_some());
        }
        for r in &doc.relations {
            count(&mut self.relations, &r.kind, r.suggested.is_some());
        }
    }
}

/// Articles per status, in the order of `Status::ALL` (every status there
/// is, zeros too), written in JSON as `{"todo": 3, ...}` with the format's
/// names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCounts(pub Vec<(Status, usize)>);

impl Default for StatusCounts {
    fn default() -> Self {
        Self(Status::ALL.iter().map(|s| (*s, 0)).collect())
    }
}

impl StatusCounts {
    fn add(&mut self, status: Status) {
        self.add_n(status, 1);
    }

    /// Every status has its row from `default`: there is always one to add to.
    fn add_n(&mut self, status: Status, n: usize) {
        if let Some((_, count)) = self.0.iter_mut().find(|(s, _)| *s == status) {
            *count += n;
        }
    }

    pub fn get(&self, status: Status) -> usize {
        self.0
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> usize {
        self.0.iter().map(|(_, n)| n).sum()
    }
}

impl Serialize for StatusCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(status, n)| (status, n)))
    }
}

/// One annotator's work over the corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AnnotatorFigures {
    pub name: String,
    /// Articles with a file of theirs.
    pub articles: usize,
    /// Of those, the ones done or later.
    pub finished: usize,
    pub status: StatusCounts,
    /// Accepted annotations (suggestions apart).
    pub entities: usize,
    pub events: usize,
    pub relations: usize,
    pub suggestions: usize,
    /// Accepted entities per type.
    pub entity_types: BTreeMap<String, usize>,
    /// Their files that cannot be read.
    pub unreadable: usize,
}

/// One article: the status of its own file and of each annotator's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleFigures {
    pub article: String,
    /// Its own file's status; None without one.
    pub status: Option<Status>,
    /// Each annotator's status in name order; None: their file cannot be read.
    pub annotators: BTreeMap<String, Option<Status>>,
    /// Who has finished it, in name order.
    pub finished: Vec<String>,
}

/// How far a pair agrees over the articles both annotated (`agree`'s
/// figures, the few the dashboard shows): exact span F1 (accepted
/// entities with the same start, end and type match) and the counts
/// behind it, and Cohen's kappa over tokens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFigures {
    pub a: String,
    pub b: String,
    pub articles: usize,
    pub matches: u64,
    pub only_a: u64,
    pub only_b: u64,
    /// None when neither has annotated anything (nothing to agree on).
    pub f1: Option<f64>,
    pub cohen_kappa: Option<f64>,
}

impl PairFigures {
    /// The dashboard's share of `agree`'s figures of a pair.
    pub fn of(p: &crate::agree::PairFigures) -> Self {
        let exact = &p.exact.overall;
        Self {
            a: p.a.clone(),
            b: p.b.clone(),
            articles: p.articles,
            matches: exact.matches,
            only_a: exact.only_a,
            only_b: exact.only_b,
            f1: exact.f1,
            cohen_kappa: p.cohen_kappa,
        }
    }
}

/// The pairwise figures, and what they measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub measure: &'static str,
    pub pairs: Vec<PairFigures>,
}

impl Default for Agreement {
    fn default() -> Self {
        Self {
            measure: "exact span F1",
            pairs: Vec::new(),
        }
    }
}

impl Agreement {
    /// The figures of `a` and `b`, in either order.
    pub fn pair(&self, a: &str, b: &str) -> Option<&PairFigures> {
        self.pairs
            .iter()
            .find(|p| (p.a == a && p.b == b) || (p.a == b && p.b == a))
    }
}

/// Documents, as `gloss stats` has always counted them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Documents {
    pub total: usize,
    /// With at least one accepted annotation in their own file.
    pub annotated: usize,
    /// Whose own file cannot be read.
    pub unreadable: usize,
}

/// Events of the articles' own files whose roles all check out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EventsComplete {
    pub valid: usize,
    pub with_problems: usize,
}

/// Everything `gloss stats` and the dashboard show.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TeamStats {
    pub documents: Documents,
    /// Articles by their own file's status (no file: todo).
    pub status: StatusCounts,
    /// Types in the articles' own files.
    pub types: Types,
    pub events_complete: EventsComplete,
    /// In name order.
    pub annotators: Vec<AnnotatorFigures>,
    /// The articles that have annotator files, in corpus order.
    pub articles: Vec<ArticleFigures>,
    /// Articles with exactly one annotator: nothing to compare them with.
    pub single_annotator: Vec<String>,
    pub agreement: Agreement,
}

// Its F1s are ratios of counts, never NaN: equality is total.
impl Eq for TeamStats {}

impl TeamStats {
    /// The annotators' files by status, all annotators together.
    pub fn annotator_status(&self) -> StatusCounts {
        let mut all = StatusCounts::default();
        for a in &self.annotators {
            for &(status, n) in &a.status.0 {
                all.add_n(status, n);
            }
        }
        all
    }

    /// Accepted entities per type in every file (own and annotators'):
    /// what the team has tagged, for the dashboard's chart.
    pub fn entity_types_everywhere(&self) -> BTreeMap<String, usize> {
        let mut all: BTreeMap<String, usize> = self
            .types
            .entities
            .iter()
            .map(|(k, n)| (k.clone(), n.accepted))
            .collect();
        for a in &self.annotators {
            for (kind, n) in &a.entity_types {
                *all.entry(kind.clone()).or_default() += n;
            }
        }
        all.retain(|_, n| *n > 0);
        all
    }
}

/// The figures of `articles` but the agreement (which `agree` computes
/// from the files, see `count`); `schema` says which events are complete.
pub fn tally(articles: &[ArticleFiles], schema: &Schema) -> TeamStats {
    let mut t = TeamStats::default();
    let mut by_name: BTreeMap<String, AnnotatorFigures> = BTreeMap::new();
    for art in articles {
        t.documents.total += 1;
        add_own(&mut t, &art.own, schema);
        if art.annotators.is_empty() {
            continue;
        }
        let mut figures = ArticleFigures {
            article: art.name.clone(),
            status: art
                .own
                .as_ref()
                .ok()
                .and_then(|d| d.as_ref().map(|d| d.status)),
            annotators: BTreeMap::new(),
            finished: Vec::new(),
        };
        for (name, read) in &art.annotators {
            let a = by_name
                .entry(name.clone())
                .or_insert_with(|| AnnotatorFigures {
                    name: name.clone(),
                    ..AnnotatorFigures::default()
                });
            let status = add_annotator(a, read);
            figures.annotators.insert(name.clone(), status);
            if status.is_some_and(Status::is_finished) {
                figures.finished.push(name.clone());
            }
        }
        if art.annotators.len() == 1 {
            t.single_annotator.push(art.name.clone());
        }
        t.articles.push(figures);
    }
    t.annotators = by_name.into_values().collect();
    t
}

/// Counts an article's own file: its status, types and events.
fn add_own(t: &mut TeamStats, own: &FileRead, schema: &Schema) {
    let doc = match own {
        Ok(None) => {
            t.status.add(Status::Todo);
            return;
        }
        Err(_) => {
            t.documents.unreadable += 1;
            return;
        }
        Ok(Some(doc)) => doc,
    };
    // Suggestions are not annotations until accepted.
    if doc.annotation_count() > doc.suggestion_count() {
        t.documents.annotated += 1;
    }
    t.status.add(doc.status);
    t.types.add(doc);
    let problems = validate::check_schema(doc, schema);
    for ev in &doc.events {
        if problems.iter().any(|p| p.id.as_deref() == Some(&ev.id)) {
            t.events_complete.with_problems += 1;
        } else {
            t.events_complete.valid += 1;
        }
    }
}

/// Counts one annotator's file of an article; its status, if readable.
fn add_annotator(a: &mut AnnotatorFigures, read: &FileRead) -> Option<Status> {
    let doc = match read {
        Ok(Some(doc)) => doc,
        Ok(None) => return None,
        Err(_) => {
            a.unreadable += 1;
            return None;
        }
    };
    a.articles += 1;
    a.status.add(doc.status);
    if doc.status.is_finished() {
        a.finished += 1;
    }
    for e in &doc.entities {
        if e.suggested.is_some() {
            a.suggestions += 1;
        } else {
            a.entities += 1;
            *a.entity_types.entry(e.kind.clone()).or_default() += 1;
        }
    }
    let accepted_events = doc.events.iter().filter(|e| e.suggested.is_none()).count();
    let accepted_relations = doc
        .relations
        .iter()
        .filter(|r| r.suggested.is_none())
        .count();
    a.events += accepted_events;
    a.relations += accepted_relations;
    a.suggestions += doc.events.len() - accepted_events + doc.relations.len() - accepted_relations;
    Some(doc.status)
}

#[cfg(test)]
mod tests;
