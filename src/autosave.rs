//! Saving without being asked. Edits are staged here as finished bytes and
//! written soon after; the signal and hang-up paths flush the same queue
//! from another thread, so an edit is never only in the event loop's hands.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::store;

/// How long after the last edit a save waits, so typing a note does not
/// write the file on every key (well under the one-second promise).
pub const QUIET: Duration = Duration::from_millis(250);

#[derive(Debug, Default)]
struct Pending {
    files: BTreeMap<PathBuf, String>,
    last_change: Option<Instant>,
}

/// A queue of annotation files to write, shared between threads.
#[derive(Debug, Clone, Default)]
pub struct AutoSave {
    inner: Arc<Mutex<Pending>>,
}

/// A file that could not be written (it stays queued).
#[derive(Debug)]
pub struct SaveError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl AutoSave {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        // A panic elsewhere must not stop the work from being saved.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues the latest bytes for a file (replacing older ones).
    pub fn stage(&self, path: PathBuf, json: String) {
        let mut p = self.lock();
        p.files.insert(path, json);
        p.last_change = Some(Instant::now());
    }

    pub fn has_pending(&self) -> bool {
        !self.lock().files.is_empty()
    }

    /// Whether it is time to write: the edits have paused.
    pub fn due(&self, now: Instant) -> bool {
        let p = self.lock();
        !p.files.is_empty() && p.last_change.is_none_or(|t| now.duration_since(t) >= QUIET)
    }

    /// Writes everything queued. Files that fail stay queued for a retry.
    pub fn flush(&self) -> Vec<SaveError> {
        let mut p = self.lock();
        let mut errors = Vec::new();
        let files = std::mem::take(&mut p.files);
        for (path, json) in files {
            if let Err(error) = store::write_atomic(&path, json.as_bytes()) {
                errors.push(SaveError {
                    path: path.clone(),
                    error,
                });
                p.files.insert(path, json);
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_files_are_written_once_due_and_failures_stay_queued() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.txt.ann.json");
        let bad = dir.path().join("missing-folder/b.txt.ann.json");
        let saver = AutoSave::default();
        saver.stage(good.clone(), "{}\n".into());
        saver.stage(good.clone(), "{\"v\": 2}\n".into());
        saver.stage(bad.clone(), "{}\n".into());
        assert!(!saver.due(Instant::now()), "a fresh edit waits for a pause");
        assert!(saver.due(Instant::now() + QUIET));
        let errors = saver.flush();
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "{\"v\": 2}\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, bad);
        assert!(saver.has_pending(), "the failed file is kept for a retry");
    }
}
