//! Review sessions: which annotations a queue holds (`Filter`, `items_of`),
//! building the queue over a corpus a batch at a time (`QueueBuilder`), the
//! edits one decision makes (`decide`), and proposing an annotation's type
//! for the same text elsewhere (`propagate`). Pure but for `QueueBuilder`,
//! which reads the files it walks.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::annotation::reviewed::reviewed_in;
use crate::annotation::{Document, Status};
use crate::article::{Access, Article};
use crate::corpus::{self, Corpus, Entry, Rest, Summary};
use crate::schema::Schema;

pub mod decide;
pub mod propagate;

pub use decide::{ReviewError, accept, mark_reviewed, reject};

/// Which annotations a queue holds. Combinable: every filter given must
/// hold. `suggestions`, `problems` and `unreviewed` choose the kinds of
/// item (any of them); the others narrow those down.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Pending suggestions.
    pub suggestions: bool,
    /// Only annotations of these types (entity codes, event and relation
    /// types); none: any type.
    pub types: Vec<String>,
    /// What validation flags (orphans included).
    pub problems: bool,
    /// Only the files of this annotator (a file that records no annotator
    /// counts as whoever's file it is).
    pub annotator: Option<String>,
    /// Only articles whose status is one of these; none: any status.
    pub status: Vec<Status>,
    /// Only annotations whose text matches.
    pub text: Option<regex::Regex>,
    /// Accepted annotations nobody has reviewed yet.
    pub unreviewed: bool,
}

impl Filter {
    /// Whether any kind of item was chosen.
    fn chooses_a_kind(&self) -> bool {
        self.suggestions || self.problems || self.unreviewed
    }

    /// The filter as applied: with no kind chosen, pending suggestions and
    /// problems.
    pub fn effective(&self) -> Filter {
        let mut f = self.clone();
        if !f.chooses_a_kind() {
            f.suggestions = true;
            f.problems = true;
        }
        f
    }

    /// Whether an article of this status and annotator may hold items.
    fn admits_document(&self, doc: &Document) -> bool {
        let status = self.status.is_empty() || self.status.contains(&doc.status);
        let annotator = match (&self.annotator, &doc.annotator) {
            (Some(want), Some(has)) => want == has,
            _ => true,
        };
        status && annotator
    }

    /// Whether an item passes the narrowing filters (type, text).
    fn admits(&self, item: &Item) -> bool {
        let typed = self.types.is_empty() || self.types.contains(&item.type_);
        let text = self.text.as_ref().is_none_or(|rx| rx.is_match(&item.text));
        typed && text
    }
}

/// What an item of the queue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    /// A pending suggestion (`y` makes it an annotation).
    Suggestion,
    /// Something validation flags (`problem` says what).
    Problem,
    /// An accepted annotation nobody has reviewed yet.
    Unreviewed,
    /// A position where annotators differ (`gloss adjudicate`): the
    /// curator takes one version or none.
    Disagreement,
}

impl ItemKind {
    /// The word the queue and `--list` show.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Suggestion => "suggestion",
            ItemKind::Problem => "problem",
            ItemKind::Unreviewed => "unreviewed",
            ItemKind::Disagreement => "disagreement",
        }
    }
}

/// One decision to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its article's index in `corpus.entries` (walked entries continue
    /// the count, see `QueueBuilder`).
    pub entry: usize,
    pub source: PathBuf,
    pub sidecar: PathBuf,
    pub kind: ItemKind,
    /// The entity, event or relation id; for a problem the id it is about,
    /// or "" for a problem of the whole file.
    pub id: String,
    pub type_: String,
    /// Code points: an entity's span, an event's trigger, a relation's
    /// first argument (0..0 for a problem of the whole file).
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// What validation says of it, if anything.
    pub problem: Option<String>,
    /// Its one problem is a merge conflict: once its other version is
    /// gone, there is nothing left to decide (see `settled_elsewhere`).
    pub conflict_only: bool,
}

/// Every item of one article, in text order (one item per annotation: a
/// suggestion that validation flags is a suggestion with its `problem`).
/// The article must have been checked (`article.check(schema)` fills
/// `article.problems`).
pub fn items_of(entry: usize, article: &Article, filter: &Filter) -> Vec<Item> {
    let filter = filter.effective();
    let doc = &article.doc;
    if !filter.admits_document(doc) {
        return Vec::new();
    }
    let mut items = Vec::new();
    for a in annotations(article) {
        let kind = if a.pending {
            ItemKind::Suggestion
        } else if !a.reviewed {
            ItemKind::Unreviewed
        } else {
            continue;
        };
        items.push(new_item(entry, article, kind, &a));
    }
    if filter.problems {
        add_problems(entry, article, &mut items);
    }
    items.retain(|i| {
        let chosen = match i.kind {
            ItemKind::Suggestion => filter.suggestions || (filter.problems && i.problem.is_some()),
            ItemKind::Problem => true,
            ItemKind::Unreviewed => filter.unreviewed || (filter.problems && i.problem.is_some()),
            ItemKind::Disagreement => false,
        };
        chosen && filter.admits(i)
    });
    for i in &mut items {
        // Chosen as a problem only: it is shown as one.
        if i.kind == ItemKind::Unreviewed && !filter.unreviewed {
            i.kind = ItemKind::Problem;
        }
    }
    items.sort_by_key(|i| (i.start, i.end, i.kind));
    items
}

/// Whether another decision has settled `item` already: a problem that
/// was only a merge conflict, whose other version was deleted (or the
/// item's own). Deciding it then would delete the version that was kept.
pub fn settled_elsewhere(doc: &Document, item: &Item) -> bool {
    item.kind == ItemKind::Problem
        && item.conflict_only
        && !crate::merge::live_conflicts(doc)
            .iter()
            .any(|live| live.id == item.id)
}

/// An annotation as the queue sees it.
struct Seen<'a> {
    id: &'a str,
    kind: &'a str,
    span: (usize, usize),
    text: String,
    pending: bool,
    /// As `Document::reviewed_of` answers for its id.
    reviewed: bool,
}

fn new_item(entry: usize, article: &Article, kind: ItemKind, seen: &Seen) -> Item {
    Item {
        entry,
        source: article.source.clone(),
        sidecar: article.sidecar.clone(),
        kind,
        id: seen.id.to_owned(),
        type_: seen.kind.to_owned(),
        start: seen.span.0,
        end: seen.span.1,
        text: seen.text.clone(),
        problem: None,
        conflict_only: false,
    }
}

/// Every entity, event and relation of an article.
fn annotations(article: &Article) -> Vec<Seen<'_>> {
    let doc = &article.doc;
    let reviewed = reviewed_by_id(doc);
    let reviewed = |id: &str| reviewed.get(id).copied().unwrap_or(false);
    let entities = doc.entities.iter().map(|e| Seen {
        id: &e.id,
        kind: &e.kind,
        span: (e.start, e.end),
        text: e.text.clone(),
        pending: e.suggested.is_some(),
        reviewed: reviewed(&e.id),
    });
    let events = doc.events.iter().map(|e| Seen {
        id: &e.id,
        kind: &e.kind,
        span: (e.trigger.start, e.trigger.end),
        text: e.trigger.text.clone(),
        pending: e.suggested.is_some(),
        reviewed: reviewed(&e.id),
    });
    let relations = doc.relations.iter().map(|r| {
        let span = doc.span_of(&r.id).unwrap_or((0, 0));
        Seen {
            id: &r.id,
            kind: &r.kind,
            span,
            text: relation_text(article, span),
            pending: r.suggested.is_some(),
            reviewed: reviewed(&r.id),
        }
    });
    entities.chain(events).chain(relations).collect()
}

/// Whether each id is reviewed, as `Document::reviewed_of` answers (the
/// first entity, else event or trigger, else relation with that id), in
/// one pass: a search per annotation made large files quadratic.
fn reviewed_by_id(doc: &Document) -> HashMap<&str, bool> {
    let entities = doc.entities.iter().map(|e| (e.id.as_str(), &e.extra));
    let events = doc
        .events
        .iter()
        .flat_map(|e| [(e.id.as_str(), &e.extra), (e.trigger.id.as_str(), &e.extra)]);
    let relations = doc.relations.iter().map(|r| (r.id.as_str(), &r.extra));
    let mut map = HashMap::new();
    for (id, extra) in entities.chain(events).chain(relations) {
        map.entry(id)
            .or_insert_with(|| reviewed_in(extra).is_some());
    }
    map
}

/// The text a relation is shown by: its first argument's.
fn relation_text(article: &Article, (start, end): (usize, usize)) -> String {
    if start < end && end <= article.text.len_chars() {
        article.text.slice(start, end).to_owned()
    } else {
        String::new()
    }
}

/// Puts what validation says on the items it is about (adding an item for
/// an annotation the queue did not hold, and one for the whole file).
fn add_problems(entry: usize, article: &Article, items: &mut Vec<Item>) {
    let unknown = |id| Seen {
        id,
        kind: "",
        span: (0, 0),
        text: String::new(),
        pending: false,
        reviewed: false,
    };
    // Built at the first problem the queue holds no item for, then kept.
    let mut all: Option<Vec<Seen>> = None;
    let mut file_level: Vec<String> = Vec::new();
    if let Access::ReadOnly(why) = &article.access {
        file_level.push(why.clone());
    }
    for p in &article.problems {
        let Some(id) = &p.id else {
            file_level.push(p.message.clone());
            continue;
        };
        let message = p.message.clone();
        let trigger = trigger_of(&article.doc, id);
        let at = items
            .iter()
            .position(|i| i.id == *id || trigger == Some(i.id.as_str()));
        let at = match at {
            Some(at) => at,
            None => {
                // Reviewed already, or an id no annotation has (a duplicate).
                let all = all.get_or_insert_with(|| annotations(article));
                let item = match all.iter().find(|a| a.id == id) {
                    Some(seen) => new_item(entry, article, ItemKind::Problem, seen),
                    None => new_item(entry, article, ItemKind::Problem, &unknown(id)),
                };
                items.push(item);
                items.len() - 1
            }
        };
        let conflict = p.kind == crate::validate::ProblemKind::Conflict;
        let first = items[at].problem.is_none();
        items[at].conflict_only = conflict && (first || items[at].conflict_only);
        let joined = match items[at].problem.take() {
            Some(before) => format!("{before}; {message}"),
            None => message,
        };
        items[at].problem = Some(joined);
    }
    if !file_level.is_empty() {
        let mut whole = new_item(entry, article, ItemKind::Problem, &unknown(""));
        whole.problem = Some(file_level.join("; "));
        items.push(whole);
    }
}

/// The event whose trigger has this id, if any.
fn trigger_of<'d>(doc: &'d Document, id: &str) -> Option<&'d str> {
    doc.events
        .iter()
        .find(|e| e.trigger.id == id)
        .map(|e| e.id.as_str())
}

/// Whether an article the list describes as `summary` may hold items: a
/// cheap test that spares opening most articles (no annotation file, no
/// pending suggestion for a queue of suggestions, another status).
pub fn may_have_items(summary: &Summary, filter: &Filter) -> bool {
    let filter = filter.effective();
    let (count, suggested, status) = match summary {
        Summary::Pending => return true,
        Summary::Unreadable => return filter.problems && filter.status.is_empty(),
        Summary::Fresh => return false,
        Summary::Annotated {
            count,
            suggested,
            status,
        } => (*count, *suggested, *status),
    };
    if !filter.status.is_empty() && !filter.status.contains(&status) {
        return false;
    }
    (filter.suggestions && suggested > 0)
        || (filter.unreviewed && count > 0)
        || (filter.problems && count + suggested > 0)
}

/// Builds a queue over a corpus a batch of articles at a time, so that a
/// background job can send the first items at once and the rest as found.
#[derive(Debug)]
pub struct QueueBuilder {
    entries: Vec<Entry>,
    /// The corpus's walk when it was not finished.
    rest: Option<Rest>,
    /// The next entry to look at.
    next: usize,
    filter: Filter,
    schema: Schema,
    annotator: Option<String>,
}

impl QueueBuilder {
    /// A builder over the corpus as it is now (its entries copied, its
    /// walk, if unfinished, continued apart from the corpus's own).
    pub fn new(corpus: &Corpus, schema: &Schema, filter: &Filter, annotator: Option<&str>) -> Self {
        Self {
            entries: corpus.entries.clone(),
            rest: corpus.rest.clone(),
            next: 0,
            filter: filter.effective(),
            schema: schema.clone(),
            annotator: annotator.map(str::to_owned),
        }
    }

    /// The items of up to `max_articles` more articles; `None` once every
    /// article was looked at. A batch may be empty.
    pub fn next_batch(&mut self, max_articles: usize) -> Option<Vec<Item>> {
        if self.next >= self.entries.len() {
            self.walk_more(max_articles.max(1));
        }
        if self.next >= self.entries.len() {
            return None;
        }
        let end = (self.next + max_articles.max(1)).min(self.entries.len());
        let mut items = Vec::new();
        for index in self.next..end {
            items.extend(self.items_of_entry(index));
        }
        self.next = end;
        Some(items)
    }

    /// How many articles were looked at, and how many are known so far
    /// (more, while the corpus is still being walked): for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.entries.len())
    }

    fn walk_more(&mut self, n: usize) {
        let Some(rest) = &mut self.rest else { return };
        match rest.next_batch(n) {
            Ok(batch) if !batch.is_empty() => self.entries.extend(batch),
            // The walk is over, or a folder cannot be read: stop there.
            _ => self.rest = None,
        }
    }

    fn items_of_entry(&self, index: usize) -> Vec<Item> {
        let annotator = self.annotator.as_deref();
        let opened = open_with_items(
            index,
            &self.entries[index],
            &self.schema,
            &self.filter,
            annotator,
        );
        opened.map_or_else(Vec::new, |(_, items)| items)
    }
}

/// List entry `index` opened and checked, with its items; `None` for an
/// article whose counts say it cannot hold any (it is not opened).
pub fn open_with_items(
    index: usize,
    entry: &Entry,
    schema: &Schema,
    filter: &Filter,
    annotator: Option<&str>,
) -> Option<(Article, Vec<Item>)> {
    let summary = match &entry.summary {
        Summary::Pending => corpus::summarize(&entry.sidecar),
        known => known.clone(),
    };
    if !may_have_items(&summary, filter) {
        return None;
    }
    let mut article = Article::open(&entry.path, &entry.sidecar, annotator);
    article.check(schema);
    let items = items_of(index, &article, filter);
    Some((article, items))
}

/// The order a whole queue is shown in: pending suggestions, then
/// problems, then the rest, each in corpus and text order (a stable sort
/// of what `QueueBuilder` yields).
pub fn queue_order(items: &mut [Item]) {
    items.sort_by_key(|i| i.kind);
}

#[cfg(test)]
mod tests;
