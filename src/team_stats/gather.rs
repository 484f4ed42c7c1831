//! Reading what `tally` counts: each article's own file and the files of
//! its annotators (found by `team`); `count` adds `agree`'s pairwise
//! figures.

use std::path::Path;

use super::{Agreement, ArticleFiles, FileRead, PairFigures, TeamStats};
use crate::corpus::Corpus;
use crate::schema::Schema;
use crate::service;
use crate::store::Placement;

/// Every figure of `corpus`; None once `cancelled` says stop.
pub fn count(
    corpus: &Corpus,
    schema: &Schema,
    place: &Placement,
    cancelled: &dyn Fn() -> bool,
) -> Option<TeamStats> {
    let teams = crate::team::teams(corpus, place);
    // `agree` reads the annotators' files and sources on its own: on a
    // thread of its own meanwhile, as the two take about as long.
    let (files, pairs) = std::thread::scope(|s| {
        let pairs = s.spawn(|| crate::agree::pairwise(&teams, &crate::agree::Options::default()));
        (gather(corpus, &teams, cancelled), pairs.join())
    });
    let mut stats = super::tally(&files?, schema);
    // A panic in `agree` leaves the figures without agreement, not gone.
    let pairs = pairs.unwrap_or_default();
    stats.agreement = Agreement {
        pairs: pairs.iter().map(PairFigures::of).collect(),
        ..Agreement::default()
    };
    Some(stats)
}

/// The files of every article of `corpus` (`teams`: its teams, in corpus
/// order), read; None once `cancelled` says stop.
pub fn gather(
    corpus: &Corpus,
    teams: &[crate::team::Team],
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<ArticleFiles>> {
    let mut out = Vec::with_capacity(teams.len());
    for (entry, team) in corpus.entries.iter().zip(teams) {
        if cancelled() {
            return None;
        }
        let annotators = team
            .annotators
            .iter()
            .map(|(name, path)| (name.clone(), read(path)))
            .collect();
        out.push(ArticleFiles {
            name: entry.name.clone(),
            own: read(&entry.sidecar),
            annotators,
        });
    }
    Some(out)
}

fn read(path: &Path) -> FileRead {
    match service::read_annotations(path) {
        Ok(stored) => Ok(stored.map(|s| s.doc)),
        Err(e) => Err(e.to_string()),
    }
}
