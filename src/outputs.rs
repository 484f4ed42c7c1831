//! No export writes over what it reads. Before anything is written, each
//! file an export would write is compared with its inputs (sources,
//! annotation files, brat `.ann` files, schemas), and an export folder with
//! the corpus folders, by resolved path: through symbolic links and `..`,
//! and for what does not exist yet through its nearest existing folder.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::corpus::{Corpus, Entry};
use crate::formats::brat_conf;

/// Why an export is refused (before it wrote anything).
#[derive(Debug, thiserror::Error)]
pub enum Overwrite {
    #[error(
        "not writing {}: it is {}, which this command reads; nothing was written to it",
        crate::text::esc_path(out),
        crate::text::esc_path(input)
    )]
    IsInput { out: PathBuf, input: PathBuf },
    #[error(
        "not exporting: --out {} is, or is inside, the corpus folder {} being exported, so it \
         would write over the articles; nothing was written (choose a folder outside it)",
        crate::text::esc_path(out),
        crate::text::esc_path(folder)
    )]
    InCorpus { out: PathBuf, folder: PathBuf },
}

pub use crate::paths::resolve;

/// Where an article called `name` (its path relative to the folder the user
/// named) goes under `out`: only its plain parts, so neither an absolute
/// name nor `..` can lead outside `out`.
pub fn under(out: &Path, name: &str) -> PathBuf {
    let mut at = out.to_path_buf();
    at.extend(Path::new(name).components().filter_map(|c| match c {
        Component::Normal(part) => Some(part),
        _ => None,
    }));
    at
}

/// What an export reads, by resolved path.
#[derive(Debug)]
pub struct Inputs {
    /// Resolved path → the path as the corpus names it (for messages).
    files: HashMap<PathBuf, PathBuf>,
    /// The same files by device and inode, so a hard link is caught too.
    inodes: HashMap<(u64, u64), PathBuf>,
    /// The corpus folders: resolved, and as named.
    folders: Vec<(PathBuf, PathBuf)>,
}

impl Inputs {
    /// Every file an export of `corpus` reads or stands for: each source,
    /// its annotation file and brat `.ann`, and the schemas that apply.
    pub fn of(corpus: &Corpus) -> Inputs {
        let mut files = HashMap::new();
        let mut inodes = HashMap::new();
        let mut add = |p: &Path| {
            files.entry(resolve(p)).or_insert_with(|| p.to_path_buf());
            if let Some(id) = inode(p) {
                inodes.entry(id).or_insert_with(|| p.to_path_buf());
            }
        };
        let mut asked = HashSet::new();
        let schema_folders = std::iter::once(corpus.root.as_path())
            .chain(corpus.entries.iter().filter_map(|e| e.path.parent()));
        for dir in schema_folders {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if asked.insert(dir.to_path_buf())
                && let Some(conf) = brat_conf::nearest(dir, None)
            {
                add(&conf);
            }
        }
        for e in &corpus.entries {
            add(&e.path);
            add(&e.sidecar);
            add(&e.path.with_extension("ann"));
        }
        add(&corpus.root.join(crate::schema::CORPUS_SCHEMA_FILE));
        if let Some(user) = crate::dirs::user_schema() {
            add(&user);
        }
        let folders = corpus
            .folders
            .iter()
            .map(|f| (resolve(f), f.clone()))
            .collect();
        Inputs {
            files,
            inodes,
            folders,
        }
    }

    /// Counts `path` as read too (an annotator's file, say).
    pub fn include(&mut self, path: &Path) {
        self.files
            .entry(resolve(path))
            .or_insert_with(|| path.to_path_buf());
        if let Some(id) = inode(path) {
            self.inodes.entry(id).or_insert_with(|| path.to_path_buf());
        }
    }

    /// Refuses `out` when it resolves to one of the inputs.
    pub fn check_file(&self, out: &Path) -> Result<(), Overwrite> {
        let same = self.files.get(&resolve(out));
        match same.or_else(|| inode(out).and_then(|id| self.inodes.get(&id))) {
            Some(input) => Err(Overwrite::IsInput {
                out: out.to_path_buf(),
                input: input.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Refuses a folder to export into that is, or is inside, a corpus folder.
    pub fn check_folder(&self, out: &Path) -> Result<(), Overwrite> {
        let resolved = resolve(out);
        match self.folders.iter().find(|(f, _)| resolved.starts_with(f)) {
            Some((_, folder)) => Err(Overwrite::InCorpus {
                out: out.to_path_buf(),
                folder: folder.clone(),
            }),
            None => Ok(()),
        }
    }
}

/// The device and inode of the file at `path` (through links), if any.
fn inode(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// An article's annotation file, about to be written without being read
/// (`import brat --force`), is not the article or its `.ann` through a link.
pub fn check_annotation_file(entry: &Entry) -> Result<(), Overwrite> {
    let ann = entry.path.with_extension("ann");
    let target = resolve(&entry.sidecar);
    match [&entry.path, &ann]
        .into_iter()
        .find(|p| resolve(p) == target)
    {
        Some(input) => Err(Overwrite::IsInput {
            out: entry.sidecar.clone(),
            input: input.clone(),
        }),
        None => Ok(()),
    }
}

/// `export brat --out DIR`: DIR outside every corpus folder, and none of the
/// files it would hold (`NAME.txt`, `NAME.ann`, `annotation.conf`,
/// `visual.conf`) an input.
pub fn check_brat_export(corpus: &Corpus, out: &Path) -> Result<(), Overwrite> {
    let inputs = Inputs::of(corpus);
    inputs.check_folder(out)?;
    inputs.check_file(&out.join(brat_conf::CONF_FILE))?;
    inputs.check_file(&out.join(brat_conf::names::VISUAL_FILE))?;
    for entry in &corpus.entries {
        let txt = under(out, &entry.name);
        inputs.check_file(&txt)?;
        inputs.check_file(&txt.with_extension("ann"))?;
    }
    Ok(())
}

/// `export jsonl|doccano|conll --out FILE`: FILE is none of the inputs.
pub fn check_file_export(corpus: &Corpus, out: &Path) -> Result<(), Overwrite> {
    Inputs::of(corpus).check_file(out)
}

#[cfg(test)]
mod tests;
