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
/// for the dashboard.
pub fn pairwise(teams: &[Team], options: &Options) -> Vec<PairFigures> {
    let named: Vec<(String, Team)> = teams
        .iter()
        .map(|t| {
            let name = t.source.file_name().unwrap_or_default();
            (name.to_string_lossy().into_owned(), t.clone())
        })
        .collect();
    agree(&named, options, None)
        .map(|a| a.pairs)
        .unwrap_or_default()
}

/// Compares the annotators of every article (named as the user knows it);
/// with `diagnosis`, writes there one CSV row per token.
pub fn agree(
    articles: &[(String, Team)],
    options: &Options,
    mut diagnosis: Option<&mut dyn Write>,
) -> Result<Agreement, AgreeError> {
    let mut run = Run {
        by_article: options.by_article.then(Vec::new),
        ..Run::default()
    };
    let names = all_names(articles, options);
    if let Some(out) = diagnosis.as_deref_mut() {
        write_header(out, &names)?;
    }
    for (name, team) in articles {
        let Some(article) = run.load(name, team, options) else {
            continue;
        };
        if let Some(out) = diagnosis.as_deref_mut() {
            write_rows(out, &article, &names, &run.types)?;
        }
        run.add(&article);
    }
    Ok(run.finish(names))
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

/// What adding up has reached.
#[derive(Default)]
struct Run {
    types: Types,
    articles: Articles,
    pairs: BTreeMap<(String, String), PairTally>,
    all: AllTally,
    /// Each article's figures, when asked for.
    by_article: Option<Vec<ArticleFigures>>,
}

impl Run {
    /// The article with its annotators' files, when two or more can be read.
    fn load(&mut self, name: &str, team: &Team, options: &Options) -> Option<Article> {
        let mut files: Vec<(String, &std::path::Path)> = team
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
            0 => self.articles.without_annotators += 1,
            1 => self.articles.single_annotator.push(name.to_owned()),
            _ => return self.read(name, team, &files),
        }
        None
    }

    fn read(
        &mut self,
        name: &str,
        team: &Team,
        files: &[(String, &std::path::Path)],
    ) -> Option<Article> {
        let unreadable = |file: &std::path::Path, error: String| Unreadable {
            file: crate::text::esc_path(file).to_string(),
            error: crate::text::escape(&error).into_owned(),
        };
        let source = match crate::article::Source::read(&team.source) {
            Ok(s) => s,
            Err(e) => {
                self.articles.unreadable.push(unreadable(&team.source, e));
                return None;
            }
        };
        let mut article = Article::new(name.to_owned(), source.text);
        for (who, path) in files {
            match article::read_doc(path) {
                Ok(doc) => article.add(who.clone(), &doc, &mut self.types),
                Err(e) => self.articles.unreadable.push(unreadable(path, e)),
            }
        }
        if article.raters.len() < 2 {
            self.articles.single_annotator.push(name.to_owned());
            return None;
        }
        Some(article)
    }

    fn add(&mut self, article: &Article) {
        let by_article = self.by_article.is_some();
        self.articles.compared += 1;
        let mut own = BTreeMap::new();
        let mut own_all = AllTally::default();
        for (i, a) in article.raters.iter().enumerate() {
            for b in &article.raters[i + 1..] {
                let key = (a.name.clone(), b.name.clone());
                self.pairs
                    .entry(key.clone())
                    .or_default()
                    .add(article, a, b, &self.types);
                if by_article {
                    let mut t = PairTally::default();
                    t.add(article, a, b, &self.types);
                    own.insert(key, t);
                }
            }
        }
        self.all.add(article, &self.types);
        if let Some(rows) = &mut self.by_article {
            own_all.add(article, &self.types);
            rows.push(ArticleFigures {
                article: article.name.clone(),
                annotators: article.raters.iter().map(|r| r.name.clone()).collect(),
                pairs: pair_figures(own),
                all: all_figures(&own_all),
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
                let label = article::label_name(types, r.labels[t]);
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
