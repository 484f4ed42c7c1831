//! Figures added up over articles: counts and kappa tallies pool, α_U is
//! averaged over the articles where it is defined.

use std::collections::BTreeMap;

use super::alpha::{Alpha, Study, Unit};
use super::article::{Article, Rater, Types};
use super::kappa::{Cohen, Fleiss};
use super::spans::{self, Counts, Span};
use super::{Figure, SpanFigures};

/// A mean of the figures that are defined.
#[derive(Debug, Default, Clone, Copy)]
pub struct Mean {
    sum: f64,
    n: usize,
}

impl Mean {
    pub fn add(&mut self, x: Option<f64>) {
        if let Some(x) = x {
            self.sum += x;
            self.n += 1;
        }
    }

    pub fn merge(&mut self, other: &Mean) {
        self.sum += other.sum;
        self.n += other.n;
    }

    pub fn get(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// α_U overall and per type, as means over articles.
#[derive(Debug, Default, Clone)]
pub struct AlphaMeans {
    pub overall: Mean,
    pub by_type: BTreeMap<String, Mean>,
}

impl AlphaMeans {
    pub fn add(&mut self, alpha: &Alpha, types: &Types) {
        self.overall.add(alpha.overall);
        for (&c, &x) in &alpha.by_category {
            self.by_type
                .entry(types.name(c).to_owned())
                .or_default()
                .add(Some(x));
        }
    }

    pub fn merge(&mut self, other: &AlphaMeans) {
        self.overall.merge(&other.overall);
        for (t, m) in &other.by_type {
            self.by_type.entry(t.clone()).or_default().merge(m);
        }
    }

    pub fn by_type(&self) -> BTreeMap<String, f64> {
        self.by_type
            .iter()
            .filter_map(|(t, m)| m.get().map(|x| (t.clone(), x)))
            .collect()
    }
}

/// Everything one pair of annotators is measured by.
#[derive(Debug, Default, Clone)]
pub struct PairTally {
    pub articles: usize,
    pub exact: BTreeMap<String, Counts>,
    pub relaxed: BTreeMap<String, Counts>,
    pub cohen: Cohen,
    pub alpha: AlphaMeans,
    pub triggers: Counts,
    pub arguments: Counts,
    pub relations: Counts,
}

impl PairTally {
    /// Adds the article's figures for raters `a` and `b`.
    pub fn add(&mut self, article: &Article, a: &Rater, b: &Rater, types: &Types) {
        self.articles += 1;
        for (kind, (sa, sb)) in spans_by_type(a, b, types) {
            *self.exact.entry(kind.clone()).or_default() += spans::exact(&sa, &sb);
            *self.relaxed.entry(kind).or_default() += spans::relaxed(&sa, &sb);
        }
        self.cohen.add(&a.labels, &b.labels);
        let study = study_of(article, &[a, b]);
        self.alpha.add(&study.alpha(), types);
        let (x, y) = (&a.structure, &b.structure);
        self.triggers += spans::exact(&x.triggers, &y.triggers);
        self.arguments += spans::exact(&x.arguments, &y.arguments);
        self.relations += spans::exact(&x.relations, &y.relations);
    }

    /// Adds another tally's articles to this one.
    pub fn merge(&mut self, other: &PairTally) {
        self.articles += other.articles;
        for (t, c) in &other.exact {
            *self.exact.entry(t.clone()).or_default() += *c;
        }
        for (t, c) in &other.relaxed {
            *self.relaxed.entry(t.clone()).or_default() += *c;
        }
        self.cohen.merge(&other.cohen);
        self.alpha.merge(&other.alpha);
        self.triggers += other.triggers;
        self.arguments += other.arguments;
        self.relations += other.relations;
    }

    pub fn span_figures(counts: &BTreeMap<String, Counts>) -> SpanFigures {
        let mut overall = Counts::default();
        for c in counts.values() {
            overall += *c;
        }
        SpanFigures {
            overall: Figure::of(overall),
            by_type: counts
                .iter()
                .map(|(t, c)| (t.clone(), Figure::of(*c)))
                .collect(),
        }
    }
}

/// Both raters' spans, per type name (every type either has).
fn spans_by_type(a: &Rater, b: &Rater, types: &Types) -> BTreeMap<String, (Vec<Span>, Vec<Span>)> {
    let mut by: BTreeMap<String, (Vec<Span>, Vec<Span>)> = BTreeMap::new();
    for e in &a.entities {
        let slot = by.entry(types.name(e.label).to_owned()).or_default();
        slot.0.push((e.start, e.end));
    }
    for e in &b.entities {
        let slot = by.entry(types.name(e.label).to_owned()).or_default();
        slot.1.push((e.start, e.end));
    }
    by
}

/// The article as a unitizing study of `raters` (code points, the whole
/// text as continuum, entity types as categories).
pub fn study_of(article: &Article, raters: &[&Rater]) -> Study {
    let units = raters
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.entities.iter().map(move |e| Unit {
                start: e.start as u64,
                len: (e.end - e.start) as u64,
                rater: i,
                category: e.label,
            })
        })
        .collect();
    Study {
        begin: 0,
        length: article.text.len_chars() as u64,
        raters: raters.len(),
        units,
    }
}

/// Figures over all of an article's annotators at once.
#[derive(Debug, Default, Clone)]
pub struct AllTally {
    pub fleiss: Fleiss,
    pub alpha: AlphaMeans,
}

impl AllTally {
    pub fn add(&mut self, article: &Article, types: &Types) {
        let mut item = Vec::with_capacity(article.raters.len());
        for t in 0..article.tokens.len() {
            item.clear();
            item.extend(article.raters.iter().map(|r| r.labels[t]));
            self.fleiss.add(&item);
        }
        let raters: Vec<&Rater> = article.raters.iter().collect();
        self.alpha.add(&study_of(article, &raters).alpha(), types);
    }

    pub fn merge(&mut self, other: &AllTally) {
        self.fleiss.merge(&other.fleiss);
        self.alpha.merge(&other.alpha);
    }
}
