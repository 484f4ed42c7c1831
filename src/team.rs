//! Which annotation files an article has: one per annotator
//! (`NAME.txt.ANNOTATOR.ann.json`) and the curated one (`NAME.txt.ann.json`),
//! found beside the source or under `--annotations-dir`.
//!
//! Each folder is listed once, not each article probed: a corpus of
//! 10,000 articles costs as many directory reads as it has folders.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use crate::corpus::Corpus;
use crate::store::Placement;

/// An article and the annotation files the team made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// The article.
    pub source: PathBuf,
    /// `NAME.txt.ann.json`, if it exists.
    pub curated: Option<PathBuf>,
    /// `NAME.txt.ANNOTATOR.ann.json`, sorted by annotator name (byte order).
    pub annotators: Vec<(String, PathBuf)>,
}

impl Team {
    /// The annotator names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.annotators.iter().map(|(name, _)| name.as_str())
    }
}

/// Whether `name` can be an annotator's: letters, digits, `-` and `_`
/// (it becomes part of a file name, and has no dot, so that
/// `a.txt.bob.ann.json` reads one way only).
pub fn is_annotator_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The curated annotation file of `source` (which may not exist), whatever
/// annotator `place` was made for.
pub fn curated_path(source: &Path, place: &Placement) -> PathBuf {
    let curated = Placement {
        annotator: None,
        ..place.clone()
    };
    curated.sidecar(source)
}

/// The team of one article (lists its annotation folder).
pub fn team_of(source: &Path, place: &Placement) -> Team {
    Folders::default().team_of(source, place)
}

/// The team of every article, in corpus order.
pub fn teams(corpus: &Corpus, place: &Placement) -> Vec<Team> {
    let mut folders = Folders::default();
    corpus
        .entries
        .iter()
        .map(|e| folders.team_of(&e.path, place))
        .collect()
}

const SUFFIX: &[u8] = b".ann.json";

/// The annotation files of one folder, by the source file name they
/// belong to.
#[derive(Default)]
struct Listing {
    /// Source names that have a curated file.
    curated: HashSet<OsString>,
    /// Source name → (annotator, file name), for names that may be an
    /// annotator's.
    annotated: HashMap<OsString, Vec<(String, OsString)>>,
}

impl Listing {
    fn read(folder: &Path) -> Listing {
        let mut listing = Listing::default();
        // A folder that cannot be read holds no files gloss can use.
        let Ok(read) = std::fs::read_dir(folder) else {
            return listing;
        };
        for entry in read.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            listing.add(entry.file_name());
        }
        listing
    }

    fn add(&mut self, file: OsString) {
        let bytes = file.as_bytes();
        let Some(stem) = bytes.strip_suffix(SUFFIX) else {
            return;
        };
        // `a.txt.ann.json` is both a.txt's curated file and, read the other
        // way, annotator `txt`'s file of `a`: both are noted, and only the
        // names of real sources are ever looked up.
        self.curated.insert(OsString::from_vec(stem.to_vec()));
        let Some(dot) = stem.iter().rposition(|&b| b == b'.') else {
            return;
        };
        let (source, annotator) = (&stem[..dot], &stem[dot + 1..]);
        let Ok(annotator) = std::str::from_utf8(annotator) else {
            return;
        };
        if is_annotator_name(annotator) {
            self.annotated
                .entry(OsString::from_vec(source.to_vec()))
                .or_default()
                .push((annotator.to_owned(), file.clone()));
        }
    }
}

/// Folder listings read so far.
#[derive(Default)]
struct Folders {
    listed: HashMap<PathBuf, Listing>,
}

impl Folders {
    fn team_of(&mut self, source: &Path, place: &Placement) -> Team {
        let curated_at = curated_path(source, place);
        let folder = match curated_at.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name: &OsStr = source.file_name().unwrap_or_default();
        let listing = self
            .listed
            .entry(folder.clone())
            .or_insert_with(|| Listing::read(&folder));
        let curated = listing.curated.contains(name).then_some(curated_at.clone());
        // Sorted by name in byte order; one file per name.
        let annotators: BTreeMap<String, PathBuf> = listing
            .annotated
            .get(name)
            .into_iter()
            .flatten()
            .map(|(who, file)| (who.clone(), curated_at.with_file_name(file)))
            .collect();
        Team {
            source: source.to_path_buf(),
            curated,
            annotators: annotators.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn touch(dir: &Path, names: &[&str]) {
        for n in names {
            fs::write(dir.join(n), "{}").unwrap();
        }
    }

    #[test]
    fn an_article_has_its_annotators_in_byte_order_and_its_curated_file() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        touch(
            d,
            &[
                "a.txt",
                "a.txt.ann.json",
                "a.txt.zoe.ann.json",
                "a.txt.Bob.ann.json",
                "a.txt.amy.ann.json",
                // Not annotators' files of a.txt:
                "a.txt.b.txt.ann.json",
                "a.txt.x y.ann.json",
                "a.txt.amy.ann.json.bak",
                "ab.txt.amy.ann.json",
            ],
        );
        let team = team_of(&d.join("a.txt"), &Placement::default());
        assert_eq!(team.source, d.join("a.txt"));
        assert_eq!(team.curated, Some(d.join("a.txt.ann.json")));
        assert_eq!(team.names().collect::<Vec<_>>(), ["Bob", "amy", "zoe"]);
        assert_eq!(team.annotators[1].1, d.join("a.txt.amy.ann.json"));
    }

    #[test]
    fn an_article_without_files_has_an_empty_team() {
        let tmp = tempfile::tempdir().unwrap();
        touch(tmp.path(), &["a.txt", "a.txt.txt.ann.json"]);
        let team = team_of(&tmp.path().join("a.txt"), &Placement::default());
        assert_eq!(team.curated, None);
        // `a.txt.txt.ann.json` is annotator `txt`'s file of a.txt.
        assert_eq!(team.names().collect::<Vec<_>>(), ["txt"]);
    }

    #[test]
    fn the_annotation_folder_is_the_placements_whatever_its_annotator() {
        let tmp = tempfile::tempdir().unwrap();
        let (corpus, ann) = (tmp.path().join("c"), tmp.path().join("ann"));
        fs::create_dir_all(corpus.join("sub")).unwrap();
        fs::create_dir_all(ann.join("sub")).unwrap();
        touch(&corpus, &["a.txt", "a.txt.eve.ann.json"]);
        touch(&corpus.join("sub"), &["b.txt"]);
        touch(&ann, &["a.txt.amy.ann.json"]);
        touch(&ann.join("sub"), &["b.txt.bob.ann.json", "b.txt.ann.json"]);
        let place = Placement::under(ann.clone(), std::slice::from_ref(&corpus), Some("x".into()));
        let c = crate::corpus::discover(std::slice::from_ref(&corpus), &place).unwrap();
        let got = teams(&c, &place);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].annotators,
            [("amy".into(), ann.join("a.txt.amy.ann.json"))]
        );
        assert_eq!(got[0].curated, None);
        assert_eq!(got[1].source, corpus.join("sub/b.txt"));
        assert_eq!(got[1].curated, Some(ann.join("sub/b.txt.ann.json")));
        assert_eq!(
            curated_path(&corpus.join("a.txt"), &place),
            ann.join("a.txt.ann.json")
        );
    }

    #[test]
    fn annotator_names_are_those_a_file_name_can_hold_unambiguously() {
        assert!(is_annotator_name("amy_2-b"));
        assert!(is_annotator_name("José"));
        for bad in ["", "a.b", "a b", "a/b"] {
            assert!(!is_annotator_name(bad), "{bad}");
        }
    }
}
