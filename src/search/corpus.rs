//! Searching the files of a corpus: which files (the corpus walk's), one
//! file's hits (read and decoded as gloss reads sources), and many files on
//! several threads with the results handed on in the files' order.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::article::Source;
use crate::corpus::{CorpusError, Walk};
use crate::fsread::ReadError;
use crate::schema::Schema;
use crate::store::Placement;
use crate::text::{DecodeError, SourceText};
use crate::validate::{self, Problem, ProblemKind};

use super::hits::{Hit, hits_in_annotations, hits_in_text};
use super::query::{AnnotationQuery, TextQuery};

pub use super::ordered::in_order;

/// Every `*.txt` below each path (a named file itself), in the order the
/// corpus list has them: `corpus::discover`'s set and order, without
/// reading anything but folder listings.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CorpusError> {
    walk_files(paths)?.collect()
}

/// `files` as they are found, for searching while the walk goes on. A path
/// that is not there is an error at once; a folder that cannot be read, or
/// that holds no `.txt`, is an error in its place, and the walk goes on.
pub fn walk_files(paths: &[PathBuf]) -> Result<FileWalk, CorpusError> {
    if let Some(gone) = paths.iter().find(|p| std::fs::metadata(p).is_err()) {
        return Err(CorpusError::Missing(gone.clone()));
    }
    let mut left: Vec<PathBuf> = paths.to_vec();
    left.reverse();
    Ok(FileWalk { left, folder: None })
}

/// The walk `walk_files` gives.
#[derive(Debug)]
pub struct FileWalk {
    /// The paths not walked yet, the next last.
    left: Vec<PathBuf>,
    /// The folder being walked, and how many files it gave so far.
    folder: Option<(PathBuf, Walk, usize)>,
}

impl Iterator for FileWalk {
    type Item = Result<PathBuf, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((root, walk, found)) = &mut self.folder {
                match walk.next() {
                    Some(Ok(file)) => {
                        *found += 1;
                        return Some(Ok(file));
                    }
                    Some(Err(e)) => return Some(Err(CorpusError::Io(root.clone(), e))),
                    None => {
                        let (root, _, found) = self.folder.take()?;
                        if found == 0 {
                            return Some(Err(CorpusError::NoText(root)));
                        }
                    }
                }
                continue;
            }
            let path = self.left.pop()?;
            if !path.is_dir() {
                return Some(Ok(path));
            }
            match Walk::new(&path) {
                Ok(walk) => self.folder = Some((path, walk, 0)),
                Err(e) => return Some(Err(CorpusError::Io(path, e))),
            }
        }
    }
}

/// What one file holds for a query: its decoded text and the hits in it.
#[derive(Debug, Clone)]
pub struct Found {
    pub text: String,
    pub hits: Vec<Hit>,
}

/// Why a file was not searched.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}")]
    Read(#[from] ReadError),
    /// Not text (binary, or in no encoding gloss can tell): passed over.
    #[error("not searched: {0}")]
    NotText(#[from] DecodeError),
    #[error("{0}")]
    Source(String),
    #[error("annotation file cannot be used: {0}")]
    Annotations(String),
}

/// Room kept in the read buffer, so that a small file is read whole by
/// one call.
const READ_AHEAD: usize = 64 * 1024;

/// Where a NUL byte marks a binary file, as the decoder looks for one.
const BINARY_PROBE: usize = 1 << 16;

/// The hits of a text query in the source at `path`; `None` without any.
/// `buf` is the read buffer, reused from file to file: hand `Found::text`
/// back (`into_bytes`) when done with it, and no file costs an allocation.
/// A UTF-8 file (the common case) is searched as read; any other is
/// decoded as opening it decodes it: in the encoding its annotation file
/// (placed by `place`) recorded, when that one explains the bytes (see
/// `SourceText::decode_recorded`), else as detected. All are decoded when
/// `decode_always` (an encoding forced by the user).
pub fn search_text(
    q: &TextQuery,
    path: &Path,
    place: Option<&Placement>,
    buf: &mut Vec<u8>,
    decode_always: bool,
) -> Result<Option<Found>, FileError> {
    buf.clear();
    buf.reserve(READ_AHEAD);
    // Through `Take`, not `File::read_to_end`, which asks the file's size
    // and position first: two system calls per file that a buffer with
    // room already does without.
    crate::fsread::open(path)?
        .take(u64::MAX)
        .read_to_end(buf)
        .map_err(ReadError::from)?;
    let bytes = std::mem::take(buf);
    let as_read = if decode_always || bytes.starts_with(b"\xEF\xBB\xBF") {
        Err(bytes)
    } else {
        String::from_utf8(bytes).map_err(|e| e.into_bytes())
    };
    let text = match as_read {
        Ok(text)
            if memchr::memchr(0, &text.as_bytes()[..text.len().min(BINARY_PROBE)]).is_none() =>
        {
            text
        }
        Ok(text) => decoded(text.into_bytes(), path, place)?,
        Err(bytes) => decoded(bytes, path, place)?,
    };
    let hits = hits_in_text(q, &text);
    if hits.is_empty() {
        *buf = text.into_bytes();
        return Ok(None);
    }
    Ok(Some(Found { text, hits }))
}

/// A source's text as opening it decodes it. An annotation file that
/// cannot be read records nothing (opening it says why).
fn decoded(bytes: Vec<u8>, path: &Path, place: Option<&Placement>) -> Result<String, DecodeError> {
    let doc = place.and_then(|p| crate::store::read(&p.sidecar(path)).ok().flatten());
    let recorded = doc.as_ref().map(|d| d.source.encoding.as_str());
    let decoded = SourceText::decode_recorded(bytes, recorded)?;
    Ok(decoded.text.as_str().to_owned())
}

/// The hits of an annotation query in the article at `path`, whose
/// annotation file is `sidecar` (none there: no hits). For `@!` an
/// annotation file that cannot be used is itself the problem found.
pub fn search_annotations(
    q: &AnnotationQuery,
    path: &Path,
    sidecar: &Path,
    schema: &Schema,
) -> Result<Option<Found>, FileError> {
    let problems = matches!(q, AnnotationQuery::Problems);
    let doc = match crate::store::read(sidecar) {
        Ok(None) => return Ok(None),
        Ok(Some(doc)) => doc,
        Err(e) if problems => {
            let why = Problem::file(ProblemKind::Unreadable, format!("cannot be used: {e}"));
            let doc = empty_doc();
            let text =
                Source::read(path).map_or_else(|_| SourceText::new(String::new()), |s| s.text);
            let hits = hits_in_annotations(q, &text, &doc, &[why]);
            return Ok(Some(Found {
                text: text.as_str().to_owned(),
                hits,
            }));
        }
        Err(e) => return Err(FileError::Annotations(e.to_string())),
    };
    // Only `@!` (the source's hash is checked) needs the bytes hashed.
    let (text, _, sha256) = crate::article::read_source(path, problems, Some(&doc.source.encoding))
        .map_err(FileError::Source)?;
    let found = if problems {
        validate::validate(&doc, &text, &sha256.unwrap_or_default(), schema)
    } else {
        Vec::new()
    };
    let hits = hits_in_annotations(q, &text, &doc, &found);
    Ok((!hits.is_empty()).then(|| Found {
        text: text.as_str().to_owned(),
        hits,
    }))
}

fn empty_doc() -> crate::annotation::Document {
    let info = crate::annotation::SourceInfo::new("", String::new(), "", 0);
    crate::annotation::Document::new(info, None)
}
