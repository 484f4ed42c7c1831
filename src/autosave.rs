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

/// The longest an edit waits, however fast the typing goes on.
pub const AT_MOST: Duration = Duration::from_millis(700);

#[derive(Debug, Default)]
struct Pending {
    files: BTreeMap<PathBuf, String>,
    last_change: Option<Instant>,
    /// When the oldest unsaved edit was staged.
    oldest: Option<Instant>,
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
        self.stage_at(path, json, Instant::now());
    }

    fn stage_at(&self, path: PathBuf, json: String, now: Instant) {
        let mut p = self.lock();
        p.files.insert(path, json);
        p.last_change = Some(now);
        p.oldest.get_or_insert(now);
    }

    pub fn has_pending(&self) -> bool {
        !self.lock().files.is_empty()
    }

    /// Whether it is time to write: the edits have paused, or the oldest
    /// one has waited long enough.
    pub fn due(&self, now: Instant) -> bool {
        let p = self.lock();
        let waited = |t: Option<Instant>, d| t.is_none_or(|t| now.duration_since(t) >= d);
        !p.files.is_empty() && (waited(p.last_change, QUIET) || waited(p.oldest, AT_MOST))
    }

    /// Writes everything queued. Files that fail stay queued for a retry.
    pub fn flush(&self) -> Vec<SaveError> {
        let mut p = self.lock();
        let mut errors = Vec::new();
        let files = std::mem::take(&mut p.files);
        p.oldest = None;
        for (path, json) in files {
            if let Err(error) = store::write_new_folders(&path, json.as_bytes()) {
                errors.push(SaveError {
                    path: path.clone(),
                    error,
                });
                p.files.insert(path, json);
                p.oldest.get_or_insert_with(Instant::now);
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
        // A folder cannot be made where a file already is.
        std::fs::write(dir.path().join("a-file"), "").unwrap();
        let bad = dir.path().join("a-file/b.txt.ann.json");
        let saver = AutoSave::default();
        let t = Instant::now();
        saver.stage_at(good.clone(), "{}\n".into(), t);
        saver.stage_at(good.clone(), "{\"v\": 2}\n".into(), t);
        saver.stage_at(bad.clone(), "{}\n".into(), t);
        assert!(!saver.due(t), "a fresh edit waits for a pause");
        assert!(saver.due(t + QUIET));
        let errors = saver.flush();
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "{\"v\": 2}\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, bad);
        assert!(saver.has_pending(), "the failed file is kept for a retry");
    }

    #[test]
    fn steady_typing_still_saves_within_the_limit() {
        let saver = AutoSave::default();
        let start = Instant::now();
        let step = Duration::from_millis(100);
        // An edit every 100 ms never leaves a pause long enough...
        let mut t = start;
        while t < start + AT_MOST {
            saver.stage_at(PathBuf::from("x"), String::new(), t);
            assert!(!saver.due(t), "no pause yet");
            t += step;
        }
        // ...but the oldest edit is written once it has waited AT_MOST.
        assert!(saver.due(start + AT_MOST));
    }
}
