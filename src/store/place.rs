//! Where annotation files go: beside each source, or under a folder that
//! mirrors the corpus (`--annotations-dir`, a read-only corpus's mirror).

use std::path::{Component, Path, PathBuf};

use super::sidecar_path;

/// Where annotation files go: beside each source (the default), or under
/// `dir` (`--annotations-dir`, or the mirror of a read-only corpus), and
/// with an annotator's name in the file name.
///
/// Under `dir`, an article's annotation file is at its resolved folder
/// relative to `mirrored` (the deepest folder holding every folder the user
/// named): one named folder is mirrored as it is, and articles from several
/// folders keep their folders apart. The place never holds `..` and never
/// leaves `dir`; different articles get different files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub annotator: Option<String>,
    pub dir: Option<PathBuf>,
    /// The resolved folder that `dir` mirrors (`/` when unset).
    pub mirrored: Option<PathBuf>,
}

impl Placement {
    /// Annotation files under `dir`, mirroring the folders the user named.
    pub fn under(dir: PathBuf, named: &[PathBuf], annotator: Option<String>) -> Placement {
        let folders: Vec<PathBuf> = named
            .iter()
            .map(|p| crate::paths::resolve(&crate::paths::folder_of(p)))
            .collect();
        Placement {
            annotator,
            dir: Some(dir),
            mirrored: common_folder(&folders),
        }
    }

    /// The annotation file of `source`.
    pub fn sidecar(&self, source: &Path) -> PathBuf {
        let beside = sidecar_path(source, self.annotator.as_deref());
        let Some(dir) = &self.dir else {
            return beside;
        };
        // The folder, not the file, is resolved: an article that is a link
        // has its own annotation file, as it has beside it.
        let folder = match source.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let folder = crate::paths::resolve(folder);
        let within = self
            .mirrored
            .as_deref()
            .and_then(|root| folder.strip_prefix(root).ok())
            .unwrap_or(&folder);
        let mut at = dir.clone();
        at.extend(within.components().filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        }));
        at.push(beside.file_name().unwrap_or_default());
        at
    }
}

/// The deepest folder that holds all of `folders` (resolved paths).
fn common_folder(folders: &[PathBuf]) -> Option<PathBuf> {
    let (first, rest) = folders.split_first()?;
    let mut common = first.clone();
    for f in rest {
        while !f.starts_with(&common) {
            if !common.pop() {
                return None;
            }
        }
    }
    Some(common)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// Every annotation file of `sources` under `dir`, placed for `named`.
    fn placed(dir: &Path, named: &[PathBuf], sources: &[PathBuf]) -> Vec<PathBuf> {
        let place = Placement::under(dir.to_path_buf(), named, None);
        sources.iter().map(|s| place.sidecar(s)).collect()
    }

    #[test]
    fn one_named_folder_is_mirrored_as_it_is() {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path().join("c");
        fs::create_dir_all(c.join("sub")).unwrap();
        let ann = tmp.path().join("ann");
        let got = placed(
            &ann,
            std::slice::from_ref(&c),
            &[c.join("x.txt"), c.join("sub/y.txt")],
        );
        assert_eq!(
            got,
            [ann.join("x.txt.ann.json"), ann.join("sub/y.txt.ann.json")]
        );
        // A file named on its own goes where it would in its folder.
        assert_eq!(
            placed(&ann, &[c.join("sub/y.txt")], &[c.join("sub/y.txt")]),
            [ann.join("y.txt.ann.json")]
        );
    }

    #[test]
    fn a_path_with_dot_dot_stays_inside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let (work, rocorp) = (tmp.path().join("work"), tmp.path().join("rocorp"));
        fs::create_dir_all(&work).unwrap();
        fs::create_dir_all(&rocorp).unwrap();
        let x = work.join("../rocorp/x.txt");
        let ann = tmp.path().join("annd");
        assert_eq!(
            placed(&ann, std::slice::from_ref(&x), std::slice::from_ref(&x)),
            [ann.join("x.txt.ann.json")]
        );
    }

    #[test]
    fn articles_of_the_same_name_from_different_folders_stay_apart() {
        let tmp = tempfile::tempdir().unwrap();
        let (p1, p2) = (tmp.path().join("p1"), tmp.path().join("p2"));
        fs::create_dir_all(&p1).unwrap();
        fs::create_dir_all(p2.join("deep")).unwrap();
        let ann = tmp.path().join("annd");
        // Two files, and two folders, each holding an a.txt.
        for named in [
            vec![p1.join("a.txt"), p2.join("deep/a.txt")],
            vec![p1.clone(), p2.join("deep")],
        ] {
            let got = placed(&ann, &named, &[p1.join("a.txt"), p2.join("deep/a.txt")]);
            assert_eq!(
                got,
                [
                    ann.join("p1/a.txt.ann.json"),
                    ann.join("p2/deep/a.txt.ann.json")
                ]
            );
        }
    }

    #[test]
    fn a_corpus_named_through_a_link_is_mirrored_like_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path().join("c");
        fs::create_dir_all(&c).unwrap();
        std::os::unix::fs::symlink(&c, tmp.path().join("link")).unwrap();
        let ann = tmp.path().join("ann");
        let link = tmp.path().join("link");
        assert_eq!(
            placed(&ann, std::slice::from_ref(&link), &[link.join("x.txt")]),
            [ann.join("x.txt.ann.json")]
        );
    }

    #[test]
    fn without_a_mirrored_folder_the_whole_resolved_path_is_used() {
        let place = Placement {
            dir: Some(PathBuf::from("/ann")),
            ..Placement::default()
        };
        assert_eq!(
            place.sidecar(Path::new("/a/../b/x.txt")),
            Path::new("/ann/b/x.txt.ann.json")
        );
        assert_eq!(
            Placement::default().sidecar(Path::new("c/x.txt")),
            Path::new("c/x.txt.ann.json")
        );
    }

    #[test]
    fn the_common_folder_is_the_deepest_one() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            common_folder(&[p("/a/b/c"), p("/a/b/d/e")]),
            Some(p("/a/b"))
        );
        assert_eq!(common_folder(&[p("/a/b")]), Some(p("/a/b")));
        assert_eq!(common_folder(&[p("/x"), p("/y")]), Some(p("/")));
        assert_eq!(common_folder(&[]), None);
    }
}
