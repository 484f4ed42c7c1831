//! The one way an annotation file is read and written, for the terminal
//! and for every command: read with the hash of what was read; written
//! atomically, only over what was read (never over a change made on disk
//! meanwhile), and by commands only while holding the article's lock, so
//! that a file open in a running gloss is refused, not overwritten.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::hash::{file_sha256, sha256_hex};
use crate::lock::{self, ArticleLock, LockOutcome};
use crate::store;
use crate::text::{esc, esc_path};

/// How every annotation file is read (in `store`, so that `article`
/// reads through it without importing this module back).
pub use crate::store::{Stored, read_stored as read_annotations};

/// Why an annotation file was not written. In every case it is left as it
/// was.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// A running gloss holds the article (`who` names the process).
    #[error("open in {who}")]
    Held { who: String },
    /// The file is not what was read: someone changed it meanwhile.
    #[error("changed on disk since it was read")]
    Changed,
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Writes `bytes` to `path` atomically (making its folders), unless the file
/// no longer holds what `expected` says: `Some(None)` no file, `Some(Some(h))`
/// the bytes hashed `h`; `None` skips the check (the caller knows the file
/// is its own). Returns the hash of what is now there.
pub fn write_checked(
    path: &Path,
    bytes: &[u8],
    expected: Option<Option<&str>>,
) -> Result<String, SaveError> {
    if let Some(expected) = expected
        && file_sha256(path).as_deref() != expected
    {
        return Err(SaveError::Changed);
    }
    store::write_new_folders(path, bytes)?;
    Ok(sha256_hex(bytes))
}

/// Saves annotation files for a command: one at a time, each under its
/// article's lock (try-lock only: a command never waits for a gloss).
#[derive(Debug, Clone)]
pub struct Service {
    /// Where article locks live; `None`: no state folder, so no guard.
    locks: Option<PathBuf>,
}

impl Service {
    /// The service over gloss's own state folder.
    pub fn new() -> Self {
        Self::with_locks(crate::dirs::locks())
    }

    pub fn with_locks(locks: Option<PathBuf>) -> Self {
        Self { locks }
    }

    /// Takes the lock of `sidecar`'s article for as long as the result is
    /// held. `Ok(None)`: there is nowhere to lock, so the write goes on
    /// unguarded (as the terminal does).
    pub fn lock(&self, sidecar: &Path) -> Result<Option<ArticleLock>, SaveError> {
        let Some(dir) = &self.locks else {
            return Ok(None);
        };
        held_or_refused(lock::try_lock_to_write(dir, sidecar))
    }

    /// [`Service::lock`] for one of many files: `folders` remembers each
    /// folder's absolute path, resolved once, not once per file.
    fn lock_among(
        &self,
        sidecar: &Path,
        folders: &mut HashMap<PathBuf, PathBuf>,
    ) -> Result<Option<ArticleLock>, SaveError> {
        let Some(dir) = &self.locks else {
            return Ok(None);
        };
        let parent = sidecar.parent().unwrap_or(Path::new("")).to_path_buf();
        let folder = folders
            .entry(parent)
            .or_insert_with(|| lock::absolute_folder(sidecar));
        held_or_refused(lock::try_lock_to_write_in(dir, folder, sidecar))
    }

    /// Opens an article to edit it: read, decoded, its annotations parsed
    /// and re-anchored (`Article::open`), then its lock taken, so that a
    /// second gloss or a command leaves it alone (or it opens read-only,
    /// naming the gloss that has it).
    pub fn open_to_edit(&self, source: &Path, sidecar: &Path, annotator: Option<&str>) -> Article {
        let mut article = Article::open(source, sidecar, annotator);
        if let Some(dir) = &self.locks {
            article.take_lock(dir);
        }
        article
    }

    /// Writes `bytes` as `sidecar`, holding its lock, only over the file
    /// that was read (`expected`: its hash, `None` when there was none).
    pub fn save(
        &self,
        sidecar: &Path,
        bytes: &[u8],
        expected: Option<&str>,
    ) -> Result<(), SaveError> {
        let _held = self.lock(sidecar)?;
        write_checked(sidecar, bytes, Some(expected)).map(drop)
    }
}

/// One file for [`Service::save_all`]: `bytes` to write as `sidecar`,
/// only over the file that was read (`expected`: its hash, `None` when
/// there was none).
#[derive(Debug, Clone, Copy)]
pub struct ToSave<'a> {
    pub sidecar: &'a Path,
    pub bytes: &'a [u8],
    pub expected: Option<&'a str>,
}

/// How many articles [`Service::save_all`] holds locked at once (each
/// lock is an open file, and a process may only have so many), and so how
/// many files are synced to disk together.
pub const SAVED_AT_ONCE: usize = 512;

impl Service {
    /// Saves many files as [`Service::save`] saves one (each under its
    /// lock, checked against what was read, replaced atomically), but
    /// syncing the disk once for many files, not twice for each. Returns
    /// each file's outcome, in order.
    pub fn save_all(&self, files: &[ToSave]) -> Vec<Result<(), SaveError>> {
        let mut outcomes = Vec::with_capacity(files.len());
        for chunk in files.chunks(SAVED_AT_ONCE) {
            outcomes.extend(self.save_locked(chunk));
        }
        outcomes
    }

    /// [`Service::save_all`] for no more files than may be locked at once.
    fn save_locked(&self, files: &[ToSave]) -> Vec<Result<(), SaveError>> {
        let mut held = Vec::with_capacity(files.len());
        let mut folders = HashMap::new();
        let mut outcomes: Vec<Result<(), SaveError>> = files
            .iter()
            .map(|f| {
                held.push(self.lock_among(f.sidecar, &mut folders)?);
                if file_sha256(f.sidecar).as_deref() != f.expected {
                    return Err(SaveError::Changed);
                }
                Ok(())
            })
            .collect();
        let ready: Vec<(usize, (&Path, &[u8]))> = files
            .iter()
            .enumerate()
            .filter(|(n, _)| outcomes[*n].is_ok())
            .map(|(n, f)| (n, (f.sidecar, f.bytes)))
            .collect();
        let writes: Vec<(&Path, &[u8])> = ready.iter().map(|(_, w)| *w).collect();
        for ((n, _), written) in ready.iter().zip(store::write_all_new_folders(&writes)) {
            outcomes[*n] = written.map_err(SaveError::from);
        }
        // The locks are let go only now that every file is in place.
        drop(held);
        outcomes
    }
}

/// A lock taken, or why the save is refused. A lock that cannot be made
/// at all (an unwritable state folder) lets the write go on unguarded, as
/// the terminal does.
fn held_or_refused(outcome: io::Result<LockOutcome>) -> Result<Option<ArticleLock>, SaveError> {
    match outcome {
        Ok(LockOutcome::Locked(held)) => Ok(Some(held)),
        Ok(LockOutcome::HeldElsewhere(who)) => Err(SaveError::Held { who }),
        Err(_) => Ok(None),
    }
}

impl Default for Service {
    fn default() -> Self {
        Self::new()
    }
}

/// What a command says of a file it did not write because of `e`, or
/// `None` for an I/O error (each command words those as it always has).
pub fn refusal(sidecar: &Path, e: &SaveError) -> Option<String> {
    let shown = esc_path(sidecar);
    match e {
        SaveError::Held { who } => Some(format!(
            "{shown}: not written: open in {}; left as it is",
            esc(who)
        )),
        SaveError::Changed => Some(format!(
            "{shown}: not written: changed on disk while gloss worked; left as it is"
        )),
        SaveError::Io(_) => None,
    }
}

#[cfg(test)]
mod tests;
