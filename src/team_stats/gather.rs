//! Reading what `tally` counts: each article's own file and its
//! annotators' files (`NAME.txt.ANNOTATOR.ann.json`, beside the curated
//! `NAME.txt.ann.json` or under `--annotations-dir`).

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::{ArticleFiles, FileRead};
use crate::corpus::Entry;
use crate::service;
use crate::store::Placement;

/// The files of every entry, read; None once `cancelled` says stop.
pub fn gather(
    entries: &[Entry],
    place: &Placement,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<ArticleFiles>> {
    let mut folders = Folders::default();
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        if cancelled() {
            return None;
        }
        let annotators = annotator_files_in(&mut folders, &entry.path, place)
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

/// The annotators' files of `source`, by name in name order.
pub fn annotator_files(source: &Path, place: &Placement) -> Vec<(String, PathBuf)> {
    annotator_files_in(&mut Folders::default(), source, place)
}

/// Folder listings, each read once however many articles it holds.
#[derive(Default)]
struct Folders(HashMap<PathBuf, Vec<OsString>>);

impl Folders {
    fn names(&mut self, folder: &Path) -> &[OsString] {
        self.0.entry(folder.to_path_buf()).or_insert_with(|| {
            let mut names: Vec<OsString> = std::fs::read_dir(folder)
                .map(|dir| dir.filter_map(|e| Some(e.ok()?.file_name())).collect())
                .unwrap_or_default();
            names.sort();
            names
        })
    }
}

fn annotator_files_in(
    folders: &mut Folders,
    source: &Path,
    place: &Placement,
) -> Vec<(String, PathBuf)> {
    let curated = Placement {
        annotator: None,
        ..place.clone()
    }
    .sidecar(source);
    let (Some(folder), Some(file)) = (curated.parent(), source.file_name()) else {
        return Vec::new();
    };
    let Some(file) = file.to_str() else {
        return Vec::new();
    };
    let prefix = format!("{file}.");
    let mut found: Vec<(String, PathBuf)> = folders
        .names(folder)
        .iter()
        .filter_map(|n| {
            let name = n
                .to_str()?
                .strip_prefix(&prefix)?
                .strip_suffix(".ann.json")?;
            // An annotator's name is letters, digits, '-' and '_' (`--annotator`).
            let ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            ok.then(|| (name.to_owned(), folder.join(n)))
        })
        .collect();
    found.sort();
    found
}
