//! Finding the articles of a corpus and what the list shows of each, without
//! reading whole texts: titles come from the first few kilobytes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::annotation::Status;
use crate::store::{self, Placement};

mod walk;
pub use walk::Walk;

/// How much of a file is read to find its title.
const TITLE_PROBE_BYTES: u64 = 4096;

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
    #[error("{0}: no .txt files found")]
    NoText(PathBuf),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// What the list knows about an article's annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    /// Not looked at yet (it is read in the background).
    Pending,
    /// No annotation file yet.
    Fresh,
    Annotated {
        /// Accepted annotations.
        count: usize,
        /// Suggestions not yet accepted, counted apart.
        suggested: usize,
        status: Status,
    },
    /// The annotation file is there but cannot be read.
    Unreadable,
}

impl Summary {
    /// What the list shows of a document held in memory.
    pub fn of(doc: &crate::annotation::Document) -> Self {
        let suggested = doc.suggestion_count();
        Summary::Annotated {
            count: doc.annotation_count() - suggested,
            suggested,
            status: doc.status,
        }
    }

    pub fn status(&self) -> Option<Status> {
        match self {
            Summary::Fresh => Some(Status::Todo),
            Summary::Annotated { status, .. } => Some(*status),
            Summary::Unreadable | Summary::Pending => None,
        }
    }

    /// Accepted annotations (suggestions are not annotations until then).
    pub fn count(&self) -> usize {
        match self {
            Summary::Annotated { count, .. } => *count,
            _ => 0,
        }
    }

    /// Suggestions waiting to be accepted or rejected.
    pub fn suggested(&self) -> usize {
        match self {
            Summary::Annotated { suggested, .. } => *suggested,
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    /// Its annotation file (which may not exist yet).
    pub sidecar: PathBuf,
    /// The path as the user knows it: relative to the folder they named.
    pub name: String,
    pub title: String,
    pub size: u64,
    pub summary: Summary,
}

#[derive(Debug, Clone)]
pub struct Corpus {
    /// The folder whose `gloss.schema.json` applies (the first PATH, or the
    /// folder of a single file).
    pub root: PathBuf,
    /// The folders the user named (a named file's own folder), as named.
    pub folders: Vec<PathBuf>,
    pub entries: Vec<Entry>,
    /// The files not listed yet, when only the first ones were looked for.
    pub rest: Option<Rest>,
}

/// The rest of a corpus walk, to be taken in batches (in the background).
#[derive(Debug, Clone)]
pub struct Rest {
    root: PathBuf,
    walk: Walk,
    place: Placement,
}

impl Rest {
    /// Up to `n` more entries; an empty batch once the walk is over.
    pub fn next_batch(&mut self, n: usize) -> Result<Vec<Entry>, CorpusError> {
        let mut batch = Vec::new();
        for file in self.walk.by_ref().take(n) {
            let file = file.map_err(|e| CorpusError::Io(self.root.clone(), e))?;
            let name = relative_name(&self.root, &file);
            batch.push(entry_for(file, name, &self.place));
        }
        Ok(batch)
    }
}

/// Like `discover`, but a single folder is walked only until its first
/// `first` files are found (no `.txt` at all is the same error); the rest
/// of the walk is `Corpus::rest`, in the same order.
pub fn discover_first(
    paths: &[PathBuf],
    place: &Placement,
    first: usize,
) -> Result<Corpus, CorpusError> {
    let [path] = paths else {
        return discover(paths, place);
    };
    if !path.is_dir() {
        return discover(paths, place);
    }
    let walk = Walk::new(path).map_err(|e| CorpusError::Io(path.clone(), e))?;
    let mut rest = Rest {
        root: path.clone(),
        walk,
        place: place.clone(),
    };
    let entries = rest.next_batch(first)?;
    if entries.is_empty() {
        return Err(CorpusError::NoText(path.clone()));
    }
    Ok(Corpus {
        root: path.clone(),
        folders: vec![folder_of(path)],
        entries,
        rest: Some(rest),
    })
}

pub use crate::paths::folder_of;

/// Every `*.txt` below each path (recursively, natural order), or the path
/// itself when it is a file.
pub fn discover(paths: &[PathBuf], place: &Placement) -> Result<Corpus, CorpusError> {
    let mut entries = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|_| CorpusError::Missing(path.clone()))?;
        if meta.is_dir() {
            let before = entries.len();
            let io = |e| CorpusError::Io(path.clone(), e);
            for file in Walk::new(path).map_err(io)? {
                let file = file.map_err(io)?;
                entries.push(entry_for(file.clone(), relative_name(path, &file), place));
            }
            if entries.len() == before {
                return Err(CorpusError::NoText(path.clone()));
            }
        } else {
            let name = path.display().to_string();
            entries.push(entry_for(path.clone(), name, place));
        }
    }
    let root = root_of(paths);
    let folders = paths.iter().map(|p| folder_of(p)).collect();
    Ok(Corpus {
        root,
        folders,
        entries,
        rest: None,
    })
}

/// The corpus's root, the folder whose schema applies: the first path, or
/// a file's folder (`.` when there is no path).
pub fn root_of(paths: &[PathBuf]) -> PathBuf {
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    if first.is_dir() {
        first
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

fn relative_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// An entry as discovery knows it: where it is, not yet what it holds.
/// Starting must not read thousands of files; `Entry::describe` fills the rest.
fn entry_for(path: PathBuf, name: String, place: &Placement) -> Entry {
    let sidecar = place.sidecar(&path);
    Entry {
        path,
        sidecar,
        name,
        title: String::new(),
        size: 0,
        summary: Summary::Pending,
    }
}

/// What the list shows of an article, read from its first kilobytes and
/// its annotation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    pub title: String,
    pub size: u64,
    pub summary: Summary,
}

impl Entry {
    /// Reads what the list shows (the slow part, done in the background).
    pub fn read_description(&self) -> Description {
        Description {
            title: read_title(&self.path).unwrap_or_default(),
            size: fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0),
            summary: summarize(&self.sidecar),
        }
    }

    /// Takes a description in; a summary already known (after an edit in
    /// this session) is not replaced by an older reading.
    pub fn describe(&mut self, d: Description) {
        self.title = d.title;
        self.size = d.size;
        if self.summary == Summary::Pending {
            self.summary = d.summary;
        }
    }
}

impl Corpus {
    /// Describes every entry now (for the command line and tests; the
    /// terminal interface does it in the background).
    pub fn describe_all(&mut self) {
        for e in &mut self.entries {
            let d = e.read_description();
            e.describe(d);
        }
    }
}

/// The first non-blank line of a file, read from its first few kilobytes
/// and decoded as the text is; a file that is not text gets a mark and the
/// reason instead, as opening it would say.
pub fn read_title(path: &Path) -> Result<String, crate::fsread::ReadError> {
    let mut head = crate::fsread::read_head(path, TITLE_PROBE_BYTES)?;
    if head.len() as u64 == TITLE_PROBE_BYTES {
        // Whole lines only: a character cut at the end is not a sign of
        // another encoding. (UTF-16 keeps the 0 that follows its line feed.)
        if let Some(nl) = head.iter().rposition(|&b| b == b'\n') {
            let keep = if head.get(nl + 1) == Some(&0) {
                nl + 2
            } else {
                nl + 1
            };
            head.truncate(keep);
        }
    }
    let text = match crate::text::SourceText::decode_any(&head) {
        Ok((text, _)) => text,
        Err(why) => return Ok(format!("{UNREADABLE_MARK} {why}")),
    };
    Ok(text
        .as_str()
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect())
}

/// What a title starts with when the file cannot be read as text.
pub const UNREADABLE_MARK: &str = "⚠";

/// Reads an annotation file just far enough to count it.
pub fn summarize(sidecar: &Path) -> Summary {
    match store::read_summary(sidecar) {
        Ok(None) => Summary::Fresh,
        Ok(Some(c)) => Summary::Annotated {
            count: c.accepted,
            suggested: c.suggested,
            status: c.status,
        },
        Err(_) => Summary::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_natural_order_and_titles_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::create_dir(root.join(".hidden")).unwrap();
        fs::write(root.join("10.txt"), "\n\n  Ten  \nbody").unwrap();
        fs::write(root.join("2.txt"), "\u{feff}Two\n").unwrap();
        fs::write(root.join("sub/1.txt"), "One").unwrap();
        fs::write(root.join(".hidden/x.txt"), "x").unwrap();
        fs::write(root.join("notes.md"), "no").unwrap();
        let mut c = discover(&[root.to_path_buf()], &Placement::default()).unwrap();
        assert!(
            c.entries
                .iter()
                .all(|e| e.summary == Summary::Pending && e.title.is_empty())
        );
        c.describe_all();
        let names: Vec<_> = c.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["2.txt", "10.txt", "sub/1.txt"]);
        let titles: Vec<_> = c.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Two", "Ten", "One"]);
        assert_eq!(c.entries[0].summary, Summary::Fresh);
    }

    #[test]
    fn a_special_annotation_file_or_source_is_described_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("e.txt"), "Eve ran home.\n").unwrap();
        let fifo = nix::sys::stat::Mode::from_bits_truncate(0o644);
        nix::unistd::mkfifo(&root.join("e.txt.ann.json"), fifo).unwrap();
        let mut c = discover(&[root.to_path_buf()], &Placement::default()).unwrap();
        c.describe_all();
        assert_eq!(c.entries[0].title, "Eve ran home.");
        assert_eq!(c.entries[0].summary, Summary::Unreadable);
        // A FIFO named `.txt`: listed (opening it says why it cannot be
        // read), with no title, and no wait.
        let piped = root.join("p.txt");
        nix::unistd::mkfifo(&piped, fifo).unwrap();
        assert!(read_title(&piped).is_err());
        let mut c = discover(&[root.to_path_buf()], &Placement::default()).unwrap();
        c.describe_all();
        let names: Vec<_> = c.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["e.txt", "p.txt"]);
        assert_eq!(c.entries[1].title, "");
    }

    #[test]
    fn titles_are_decoded_like_the_text_and_binary_files_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join("latin1.txt"),
            b"Caf\xe9 in M\xfcnchen\nDie B\xfcrger.\n",
        )
        .unwrap();
        assert_eq!(
            read_title(&root.join("latin1.txt")).unwrap(),
            "Café in München"
        );
        fs::write(root.join("bin.txt"), b"GIF89a\x00\x01\x02 garbage\n").unwrap();
        let title = read_title(&root.join("bin.txt")).unwrap();
        assert!(title.starts_with("⚠ a binary file"), "{title}");
        // A long UTF-8 file whose probe cuts a character stays UTF-8.
        let long = format!("Ünïcödé titles\n{}", "é".repeat(4000));
        fs::write(root.join("long.txt"), long).unwrap();
        assert_eq!(
            read_title(&root.join("long.txt")).unwrap(),
            "Ünïcödé titles"
        );
    }

    #[test]
    fn missing_and_empty_paths_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("nope");
        assert!(matches!(
            discover(&[gone], &Placement::default()),
            Err(CorpusError::Missing(_))
        ));
        assert!(matches!(
            discover(&[dir.path().to_path_buf()], &Placement::default()),
            Err(CorpusError::NoText(_))
        ));
    }
}
