//! Agreement between annotators (`gloss agree`): span F1 (exact and
//! relaxed), Cohen's and Fleiss' kappa over tokens, Krippendorff's α_U,
//! and F1 of triggers, arguments and relations, over every article that
//! two or more annotators' files share.
//!
//! Only accepted entities count in the span, token and α_U measures
//! (suggestions are not annotations yet; triggers belong to events).
//! Counts and kappas pool the articles (every token of every shared
//! article is one item); α_U is computed per article and averaged over
//! the articles where it is defined.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

pub mod alpha;
mod article;
pub mod events;
pub mod kappa;
pub mod spans;
mod tally;

use article::{Article, Types};
use spans::Counts;
use tally::{AllTally, PairTally};

use crate::team::Team;

/// The name the curated file is compared under (`--include-curated`).
pub const CURATED: &str = "curated";

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Compare the curated `NAME.txt.ann.json` too, as annotator `curated`.
    pub include_curated: bool,
    /// Give each article's figures as well.
    pub by_article: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AgreeError {
    #[error("cannot write the diagnosis: {0}")]
    Diagnosis(#[from] std::io::Error),
}

/// A count behind an F1 and the figures made of it (`None`: undefined).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub matches: u64,
    pub only_a: u64,
    pub only_b: u64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Figure {
    pub fn of(c: Counts) -> Figure {
        Figure {
            matches: c.matches,
            only_a: c.only_a,
            only_b: c.only_b,
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
        }
    }
}

/// Span F1 overall and per type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanFigures {
    #[serde(flatten)]
    pub overall: Figure,
    pub by_type: BTreeMap<String, Figure>,
}

/// Every figure of one pair of annotators (`a` before `b` in byte order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFigures {
    pub a: String,
    pub b: String,
    /// Articles both annotated.
    pub articles: usize,
    pub exact_f1: Option<f64>,
    pub relaxed_f1: Option<f64>,
    pub cohen_kappa: Option<f64>,
    /// Tokens the kappa is over.
    pub tokens: u64,
    /// α_U overall, the mean over the articles where it is defined.
    pub alpha_u: Option<f64>,
    pub exact: SpanFigures,
    pub relaxed: SpanFigures,
    pub alpha_u_by_type: BTreeMap<String, f64>,
    pub triggers: Figure,
    pub arguments: Figure,
    pub relations: Figure,
}

/// Figures over all annotators at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllFigures {
    pub fleiss_kappa: Option<f64>,
    pub tokens: u64,
    pub alpha_u: Option<f64>,
    pub alpha_u_by_type: BTreeMap<String, f64>,
}

/// One article's figures (`--by-article`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleFigures {
    pub article: String,
    pub annotators: Vec<String>,
    pub pairs: Vec<PairFigures>,
    pub all: AllFigures,
}

/// A file that could not be compared, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub error: String,
}

/// Which articles were compared, and which could not be.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Articles {
    /// Articles with two or more annotators' files.
    pub compared: usize,
    /// Articles with one annotator: named, not compared.
    pub single_annotator: Vec<String>,
    /// Articles no annotator has a file of.
    pub without_annotators: usize,
    pub unreadable: Vec<Unreadable>,
}

/// `gloss agree`'s figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Every annotator compared, in byte order.
    pub annotators: Vec<String>,
    pub articles: Articles,
    pub pairs: Vec<PairFigures>,
    pub all: AllFigures,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_article: Option<Vec<ArticleFigures>>,
}

/// The pairwise figures of `teams` (each article named by its file name),
/// for the dashboard; cut short once `cancelled` says stop (the dashboard
/// was closed, nobody wants them).
pub fn pairwise(teams: &[Team], cancelled: &(dyn Fn() -> bool + Sync)) -> Vec<PairFigures> {
    let named: Vec<(String, Team)> = teams
        .iter()
        .map(|t| {
            let name = t.source.file_name().unwrap_or_default();
            (name.to_string_lossy().into_owned(), t.clone())
        })
        .collect();
    agree_until(&named, &Options::default(), None, cancelled)
        .map(|a| a.pairs)
        .unwrap_or_default()
}

/// Articles read and measured at once (on every core), then added up in
/// order: the diagnosis rows come out in corpus order.
const CHUNK: usize = 256;

/// Compares the annotators of every article (named as the user knows it);
/// with `diagnosis`, writes there one CSV row per token.
pub fn agree(
    articles: &[(String, Team)],
    options: &Options,
    diagnosis: Option<&mut dyn Write>,
) -> Result<Agreement, AgreeError> {
    agree_until(articles, options, diagnosis, &|| false)
}

/// `agree`, stopping between chunks once `cancelled` says so (the figures
/// then cover the articles read so far).
fn agree_until(
    articles: &[(String, Team)],
    options: &Options,
    mut diagnosis: Option<&mut dyn Write>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Agreement, AgreeError> {
    let mut run = Run {
        by_article: options.by_article.then(Vec::new),
        ..Run::default()
    };
    let names = all_names(articles, options);
    if let Some(out) = diagnosis.as_deref_mut() {
        write_header(out, &names)?;
    }
    let types = Mutex::new(Types::default());
    for chunk in articles.chunks(CHUNK) {
        if cancelled() {
            break;
        }
        let loaded = parallel_map(chunk.iter().collect(), &|(name, team)| {
            load(name, team, options, &types)
        });
        let known = types.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let measured = parallel_map(loaded, &|(notes, article)| {
            (notes, article.map(|a| Measured::of(a, &known)))
        });
        for (notes, m) in measured {
            run.note(notes);
            let Some(m) = m else { continue };
            if let Some(out) = diagnosis.as_deref_mut() {
                write_rows(out, &m.article, &names, &known)?;
            }
            run.add(m);
        }
    }
    Ok(run.finish(names))
}

/// `f` of every item, in order, the items shared out between the cores.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: &(dyn Fn(T) -> R + Sync)) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = items.len().div_ceil(cores).max(1);
    let mut parts: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        parts.push(items.by_ref().take(per).collect());
    }
    if parts.len() <= 1 {
        return parts.into_iter().flatten().map(f).collect();
    }
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        running
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Every annotator of the articles, in byte order.
fn all_names(articles: &[(String, Team)], options: &Options) -> Vec<String> {
    let mut names: Vec<String> = articles
        .iter()
        .flat_map(|(_, t)| t.names().map(str::to_owned))
        .collect();
    if options.include_curated && articles.iter().any(|(_, t)| t.curated.is_some()) {
        names.push(CURATED.to_owned());
    }
    names.sort();
    names.dedup();
    names
}

/// What reading an article found besides its annotations.
#[derive(Default)]
struct Notes {
    single: Option<String>,
    without: bool,
    unreadable: Vec<Unreadable>,
}

/// The article with its annotators' files, when two or more can be read.
fn load(
    name: &str,
    team: &Team,
    options: &Options,
    types: &Mutex<Types>,
) -> (Notes, Option<Article>) {
    let mut notes = Notes::default();
    let mut files: Vec<(String, &Path)> = team
        .annotators
        .iter()
        .map(|(who, p)| (who.clone(), p.as_path()))
        .collect();
    if options.include_curated
        && let Some(c) = &team.curated
    {
        files.push((CURATED.to_owned(), c));
    }
    files.sort();
    match files.len() {
        0 => notes.without = true,
        1 => notes.single = Some(name.to_owned()),
        // With two files or more, no article means one was unreadable:
        // `read` has said so.
        _ => {
            let article = read(name, team, &files, types, &mut notes.unreadable);
            return (notes, article);
        }
    }
    (notes, None)
}

fn read(
    name: &str,
    team: &Team,
    files: &[(String, &Path)],
    types: &Mutex<Types>,
    unreadable: &mut Vec<Unreadable>,
) -> Option<Article> {
    let failed = |file: &Path, error: String| Unreadable {
        file: crate::text::esc_path(file).to_string(),
        error: crate::text::escape(&error).into_owned(),
    };
    let text = match article::read_text(&team.source) {
        Ok(t) => t,
        Err(e) => {
            unreadable.push(failed(&team.source, e));
            return None;
        }
    };
    let mut article = Article::new(name.to_owned(), text);
    for (who, path) in files {
        match article::read_doc(path) {
            Ok(doc) => {
                let mut types = types.lock().unwrap_or_else(PoisonError::into_inner);
                article.add(who.clone(), &doc, &mut |kind| types.label(kind));
            }
            Err(e) => unreadable.push(failed(path, e)),
        }
    }
    (article.raters.len() >= 2).then_some(article)
}

/// An article's own figures, for each pair and for all its annotators.
struct Measured {
    article: Article,
    pairs: Vec<((String, String), PairTally)>,
    all: AllTally,
}

impl Measured {
    fn of(mut article: Article, types: &Types) -> Measured {
        article.label_tokens(types);
        let mut pairs = Vec::new();
        for (i, a) in article.raters.iter().enumerate() {
            for b in &article.raters[i + 1..] {
                let mut t = PairTally::default();
                t.add(&article, a, b, types);
                pairs.push(((a.name.clone(), b.name.clone()), t));
            }
        }
        let mut all = AllTally::default();
        all.add(&article, types);
        Measured {
            article,
            pairs,
            all,
        }
    }
}

/// What adding up has reached.
#[derive(Default)]
struct Run {
    articles: Articles,
    pairs: BTreeMap<(String, String), PairTally>,
    all: AllTally,
    /// Each article's figures, when asked for.
    by_article: Option<Vec<ArticleFigures>>,
}

impl Run {
    fn note(&mut self, notes: Notes) {
        self.articles.single_annotator.extend(notes.single);
        self.articles.without_annotators += usize::from(notes.without);
        self.articles.unreadable.extend(notes.unreadable);
    }

    fn add(&mut self, m: Measured) {
        self.articles.compared += 1;
        for (key, t) in &m.pairs {
            self.pairs.entry(key.clone()).or_default().merge(t);
        }
        self.all.merge(&m.all);
        if let Some(rows) = &mut self.by_article {
            rows.push(ArticleFigures {
                article: m.article.name.clone(),
                annotators: m.article.raters.iter().map(|r| r.name.clone()).collect(),
                pairs: pair_figures(m.pairs.into_iter().collect()),
                all: all_figures(&m.all),
            });
        }
    }

    fn finish(self, annotators: Vec<String>) -> Agreement {
        Agreement {
            annotators,
            articles: self.articles,
            pairs: pair_figures(self.pairs),
            all: all_figures(&self.all),
            by_article: self.by_article,
        }
    }
}

fn pair_figures(pairs: BTreeMap<(String, String), PairTally>) -> Vec<PairFigures> {
    pairs
        .into_iter()
        .map(|((a, b), t)| {
            let exact = PairTally::span_figures(&t.exact);
            let relaxed = PairTally::span_figures(&t.relaxed);
            PairFigures {
                a,
                b,
                articles: t.articles,
                exact_f1: exact.overall.f1,
                relaxed_f1: relaxed.overall.f1,
                cohen_kappa: t.cohen.kappa(),
                tokens: t.cohen.items(),
                alpha_u: t.alpha.overall.get(),
                exact,
                relaxed,
                alpha_u_by_type: t.alpha.by_type(),
                triggers: Figure::of(t.triggers),
                arguments: Figure::of(t.arguments),
                relations: Figure::of(t.relations),
            }
        })
        .collect()
}

fn all_figures(t: &AllTally) -> AllFigures {
    AllFigures {
        fleiss_kappa: t.fleiss.kappa(),
        tokens: t.fleiss.items(),
        alpha_u: t.alpha.overall.get(),
        alpha_u_by_type: t.alpha.by_type(),
    }
}

/// One CSV field, quoted when it holds a separator, a quote or a line
/// break (RFC 4180), quotes doubled.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn write_header(out: &mut dyn Write, names: &[String]) -> std::io::Result<()> {
    let mut line = String::from("article,start,end,text");
    for n in names {
        line.push(',');
        line.push_str(&csv_field(n));
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// A row per token: where it is, its text, and each annotator's label
/// (empty for an annotator without a file of this article).
fn write_rows(
    out: &mut dyn Write,
    article: &Article,
    names: &[String],
    types: &Types,
) -> std::io::Result<()> {
    let name = csv_field(&crate::text::escape(&article.name));
    let columns: Vec<Option<&article::Rater>> = names
        .iter()
        .map(|n| article.raters.iter().find(|r| &r.name == n))
        .collect();
    let mut line = String::new();
    for (t, &span) in article.tokens.iter().enumerate() {
        line.clear();
        let text = csv_field(&article.token_text(span));
        line.push_str(&format!("{name},{},{},{text}", span.0, span.1));
        for c in &columns {
            line.push(',');
            if let Some(r) = c {
                let label = types.name(r.labels[t]);
                line.push_str(&csv_field(&crate::text::escape(label)));
            }
        }
        line.push_str("\r\n");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
