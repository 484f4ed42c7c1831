//! The corpus search's background work: each article read and searched in
//! list order, its hits sent in batches small enough that the first one is
//! on screen at once. It knows files and the search core, not the app.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::annotation::Document;
use crate::schema::Schema;
use crate::search::corpus::search_annotations;
use crate::search::{Hit, Query, hits_in_annotations};
use crate::text::SourceText;
use crate::validate::Problem;

/// One article to search.
#[derive(Debug, Clone)]
pub struct ToSearch {
    /// Its place in the article list.
    pub entry: usize,
    pub source: PathBuf,
    pub sidecar: PathBuf,
    /// Its annotations and their problems when they are in memory (shown,
    /// or kept with edits): searched instead of its file.
    pub memory: Option<Box<(Document, Vec<Problem>)>>,
}

/// One match, with what the list pane needs to draw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusHit {
    /// The article's place in the list.
    pub entry: usize,
    pub hit: Hit,
    /// The text around the match, for its keyword-in-context line.
    pub around: String,
    /// The match's code points in `around`.
    pub from: usize,
    pub to: usize,
}

/// What the job sends: hits, and how many articles it searched since the
/// last batch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Batch {
    pub hits: Vec<CorpusHit>,
    /// Hits past the number kept, and the articles they are in: counted,
    /// not sent.
    pub more_hits: usize,
    pub more_articles: usize,
    pub searched: usize,
}

/// Code points of context kept each side of a match: more than a wide
/// list pane shows.
const AROUND: usize = 120;

/// How long hits wait to be sent with others; the first are sent at once.
const BATCH_TIME: Duration = Duration::from_millis(40);

/// Searches `articles` in order, sending batches (the first hits at once);
/// past `keep` hits they are only counted. Stops when `emit` says nobody
/// wants more or `cancelled` says so.
pub fn search_articles(
    query: &Query,
    schema: &Schema,
    (articles, mut keep): (&[ToSearch], usize),
    cancelled: &dyn Fn() -> bool,
    emit: &mut dyn FnMut(Batch) -> bool,
) {
    let mut batch = Batch::default();
    let mut sent = Instant::now();
    let mut first = true;
    for article in articles {
        if cancelled() {
            return;
        }
        let mut hits = hits_in(query, schema, article);
        if hits.len() > keep {
            batch.more_hits += hits.len() - keep;
            batch.more_articles += usize::from(keep == 0);
            hits.truncate(keep);
        }
        keep -= hits.len();
        batch.hits.extend(hits);
        batch.searched += 1;
        if (first && !batch.hits.is_empty()) || sent.elapsed() >= BATCH_TIME {
            first &= batch.hits.is_empty();
            if !emit(std::mem::take(&mut batch)) {
                return;
            }
            sent = Instant::now();
        }
    }
    if batch != Batch::default() {
        emit(batch);
    }
}

/// The hits of `query` in one article, as `gloss search` finds them;
/// none in an article that cannot be read (opening it says why).
pub fn hits_in(query: &Query, schema: &Schema, article: &ToSearch) -> Vec<CorpusHit> {
    let (hits, text) = match (query, &article.memory) {
        (Query::Text(q), _) => {
            let Some(text) = read_text(article, None) else {
                return Vec::new();
            };
            (crate::search::hits_in_text(q, text.as_str()), text)
        }
        // Annotations in memory may not be on disk yet: they are searched.
        (Query::Annotation(q), Some(memory)) => {
            let (doc, problems) = memory.as_ref();
            let Some(text) = read_text(article, Some(&doc.source.encoding)) else {
                return Vec::new();
            };
            (hits_in_annotations(q, &text, doc, problems), text)
        }
        (Query::Annotation(q), None) => {
            let found = search_annotations(q, &article.source, &article.sidecar, schema);
            let Ok(Some(found)) = found else {
                return Vec::new();
            };
            (found.hits, SourceText::new(found.text))
        }
    };
    hits.into_iter()
        .map(|hit| around(article.entry, &text, hit))
        .collect()
}

/// The text of an article, decoded as opening it decodes it: a source
/// not in UTF-8 in the encoding its annotation file recorded (`recorded`,
/// or read from the file), when that one explains the bytes.
fn read_text(article: &ToSearch, recorded: Option<&str>) -> Option<SourceText> {
    let bytes = crate::fsread::read(&article.source).ok()?;
    let stored = match recorded {
        None if std::str::from_utf8(&bytes).is_err() => crate::store::read(&article.sidecar)
            .ok()
            .flatten()
            .map(|doc| doc.source.encoding),
        _ => None,
    };
    let recorded = recorded.or(stored.as_deref());
    SourceText::decode_recorded(bytes, recorded)
        .ok()
        .map(|d| d.text)
}

/// A hit with the text around it.
fn around(entry: usize, text: &SourceText, hit: Hit) -> CorpusHit {
    let len = text.len_chars();
    let first = hit.start.saturating_sub(AROUND);
    let last = hit.end.saturating_add(AROUND).min(len);
    CorpusHit {
        entry,
        around: text.slice(first, last).to_owned(),
        from: hit.start - first,
        to: hit.end.min(last) - first,
        hit,
    }
}
