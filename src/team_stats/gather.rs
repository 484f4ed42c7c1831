//! Reading what `tally` counts: each article's own file and the files of
//! its annotators (found by `team`).

use std::path::Path;

use super::{ArticleFiles, FileRead};
use crate::corpus::Corpus;
use crate::service;
use crate::store::Placement;

/// The files of every article of `corpus`, read; None once `cancelled`
/// says stop.
pub fn gather(
    corpus: &Corpus,
    place: &Placement,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<ArticleFiles>> {
    let teams = crate::team::teams(corpus, place);
    let mut out = Vec::with_capacity(teams.len());
    for (entry, team) in corpus.entries.iter().zip(teams) {
        if cancelled() {
            return None;
        }
        let annotators = team
            .annotators
            .into_iter()
            .map(|(name, path)| (name, read(&path)))
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
