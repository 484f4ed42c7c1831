//! A resumable walk through a folder's `.txt` files in natural order: a
//! stack of sorted folder listings, so the first files are known after a
//! few folders are read, and the rest can follow later (on another thread).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::natural::natural_cmp;

/// One folder's entries still to visit: `(path, is_folder)`, in order.
type Listing = std::vec::IntoIter<(PathBuf, bool)>;

#[derive(Debug, Clone)]
pub struct Walk {
    stack: Vec<Listing>,
}

impl Walk {
    /// A walk of `root`, whose own listing is read now.
    pub fn new(root: &Path) -> io::Result<Self> {
        Ok(Self {
            stack: vec![listing(root)?],
        })
    }
}

/// The next `.txt` file, or the error of a folder that could not be read.
impl Iterator for Walk {
    type Item = io::Result<PathBuf>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let top = self.stack.last_mut()?;
            match top.next() {
                None => {
                    self.stack.pop();
                }
                Some((dir, true)) => match listing(&dir) {
                    Ok(l) => self.stack.push(l),
                    Err(e) => return Some(Err(e)),
                },
                Some((file, false)) => return Some(Ok(file)),
            }
        }
    }
}

/// `dir`'s `.txt` files and folders, sorted so that walking them in turn
/// gives the natural order of the whole relative paths: a folder sorts as
/// its name and a `/`, as it does inside every path below it. Hidden
/// folders and symbolic links to folders are skipped, so a link loop cannot
/// trap the walk. A FIFO or device named `.txt` is listed, so that opening
/// it says why it cannot be read rather than it vanishing unexplained.
fn listing(dir: &Path) -> io::Result<Listing> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        let mut name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            if !name.starts_with('.') {
                name.push('/');
                found.push((name, path, true));
            }
        } else if path.extension().is_some_and(|e| e == "txt")
            // The folder entry's own type says "file" without a `stat`
            // (100,000 of them cost more than the walk); only a link or a
            // special file is looked at through.
            && (kind.is_file() || fs::metadata(&path).is_ok_and(|m| !m.is_dir()))
        {
            found.push((name, path, false));
        }
    }
    found.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    Ok(found
        .into_iter()
        .map(|(_, path, is_dir)| (path, is_dir))
        .collect::<Vec<_>>()
        .into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Names that make natural order interesting: digits with and without
    /// leading zeros, and the characters either side of `/`.
    fn name() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a0-2._-]{1,3}").unwrap()
    }

    /// A folder's items: a name, and whether it is a folder.
    type Leafs = Vec<(String, bool)>;

    /// A tree: each item a file (`name.txt`) or a folder with its own items.
    fn tree() -> impl Strategy<Value = Vec<(String, Option<Leafs>)>> {
        let leafs = proptest::collection::vec((name(), any::<bool>()), 0..5);
        proptest::collection::vec((name(), proptest::option::of(leafs)), 1..8)
    }

    fn make(dir: &Path, name: &str, is_dir: bool) -> Option<PathBuf> {
        let path = dir.join(if is_dir {
            name.to_owned()
        } else {
            format!("{name}.txt")
        });
        if path.exists() {
            return None;
        }
        if is_dir {
            fs::create_dir(&path).ok()?;
        } else {
            fs::write(&path, "x").ok()?;
        }
        Some(path)
    }

    /// Every `.txt` below `root`, sorted by the natural order of the whole
    /// relative path: the order the corpus list always had.
    fn sorted_whole(root: &Path) -> Vec<String> {
        fn all(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in fs::read_dir(dir).unwrap() {
                let e = e.unwrap();
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                if e.file_type().unwrap().is_dir() {
                    if !hidden {
                        all(&e.path(), out);
                    }
                } else if e.path().extension().is_some_and(|x| x == "txt") {
                    out.push(e.path());
                }
            }
        }
        let mut found = Vec::new();
        all(root, &mut found);
        let mut names: Vec<String> = found.iter().map(|p| relative(root, p)).collect();
        names.sort_by(|a, b| natural_cmp(a, b));
        names
    }

    fn relative(root: &Path, p: &Path) -> String {
        p.strip_prefix(root).unwrap().to_string_lossy().into_owned()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn the_walk_gives_the_natural_order_of_whole_paths(items in tree()) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            for (name, inner) in &items {
                let Some(path) = make(root, name, inner.is_some()) else { continue };
                for (leaf, is_dir) in inner.iter().flatten() {
                    if let Some(sub) = make(&path, leaf, *is_dir) {
                        make(&sub, "0", false);
                    }
                }
            }
            let walked: Vec<String> = Walk::new(root)
                .unwrap()
                .map(|p| relative(root, &p.unwrap()))
                .collect();
            prop_assert_eq!(walked, sorted_whole(root));
        }
    }

    #[test]
    fn a_folder_sorts_as_its_name_and_a_slash() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["a", "a1", "01"] {
            fs::create_dir(root.join(d)).unwrap();
            fs::write(root.join(d).join("x.txt"), "x").unwrap();
        }
        for f in ["a.txt", "a-b.txt", "1.txt", "a10.txt"] {
            fs::write(root.join(f), "x").unwrap();
        }
        let walked: Vec<String> = Walk::new(root)
            .unwrap()
            .map(|p| relative(root, &p.unwrap()))
            .collect();
        assert_eq!(walked, sorted_whole(root));
        assert_eq!(
            walked,
            [
                "1.txt", "01/x.txt", "a-b.txt", "a.txt", "a/x.txt", "a1/x.txt", "a10.txt"
            ]
        );
    }
}
