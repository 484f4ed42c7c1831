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
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<TeamStats> {
    let teams = crate::team::teams(corpus, place);
    // `agree` reads the annotators' files and sources on its own: on a
    // thread of its own meanwhile, as the two take about as long.
    let (files, pairs) = std::thread::scope(|s| {
        let pairs = s.spawn(|| crate::agree::pairwise(&teams, cancelled));
        (gather(corpus, &teams, cancelled), pairs.join())
    });
    // Cancelled after `gather` ended, `agree` may have stopped part-way.
    if cancelled() {
        return None;
    }
    let mut stats = super::tally(&files?, schema);
    // A panic in `agree` leaves the figures without agreement, not gone.
    let pairs = pairs.unwrap_or_default();
    stats.agreement = Agreement {
        pairs: pairs.iter().map(PairFigures::of).collect(),
        ..Agreement::default()
    };
    Some(stats)
}

/// How many threads read and parse annotation files at once: reading is
/// most of `gloss stats` (three files an article for a team of three),
/// and more reads in flight is what a cold disk cache wants.
const READERS: usize = 8;

/// The files of every article of `corpus` (`teams`: its teams, in corpus
/// order), read on `READERS` threads; None once `cancelled` says stop.
pub fn gather(
    corpus: &Corpus,
    teams: &[crate::team::Team],
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<ArticleFiles>> {
    let mut out = Vec::with_capacity(teams.len());
    let mut stopped = false;
    crate::search::corpus::in_order(
        corpus.entries.iter().zip(teams),
        READERS,
        || (),
        |(entry, team), ()| ArticleFiles {
            name: entry.name.clone(),
            own: read(&entry.sidecar),
            annotators: team
                .annotators
                .iter()
                .map(|(name, path)| (name.clone(), read(path)))
                .collect(),
        },
        |files| {
            stopped = cancelled();
            out.push(files);
            !stopped
        },
    );
    (!stopped).then_some(out)
}

fn read(path: &Path) -> FileRead {
    match service::read_annotations(path) {
        Ok(stored) => Ok(stored.map(|s| s.doc)),
        Err(e) => Err(e.to_string()),
    }
}
