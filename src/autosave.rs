//! Saving without being asked. Edits are staged here as finished bytes and
//! written soon after; the signal and hang-up paths flush the same queue
//! from another thread, so an edit is never only in the event loop's hands.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::service::{self, SaveError as Refused};
use crate::store;
use crate::text::{esc, esc_path};

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
    /// What gloss believes each file holds (its hash, or None for no file):
    /// from when it was read, then from each write. A file that no longer
    /// matches was changed by someone else and is not written over.
    known: HashMap<PathBuf, Option<String>>,
    /// The stamp of each file right after gloss wrote it, so that the next
    /// save need not read the whole file back to see it is unchanged.
    written: HashMap<PathBuf, Stamp>,
}

/// A queue of annotation files to write, shared between threads.
#[derive(Debug, Clone, Default)]
pub struct AutoSave {
    inner: Arc<Mutex<Pending>>,
}

/// A file that could not be written.
#[derive(Debug)]
pub struct SaveError {
    pub path: PathBuf,
    pub problem: SaveProblem,
}

#[derive(Debug)]
pub enum SaveProblem {
    /// Writing failed; the bytes stay queued and are tried again.
    Io(std::io::Error),
    /// The file changed on disk since gloss read it (a `git pull`, another
    /// tool): it is left as it is and gloss's version was written beside it.
    Changed { kept_at: PathBuf },
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            SaveProblem::Io(e) => write!(f, "could not save {}: {}", esc_path(&self.path), esc(e)),
            SaveProblem::Changed { kept_at } => write!(
                f,
                "changed on disk by someone else, so left as it is; your edits are in {} ({})",
                esc(kept_at.file_name().unwrap_or_default().to_string_lossy()),
                esc_path(&self.path)
            ),
        }
    }
}

/// What identifies one version of a file without reading it: after gloss
/// wrote it, a file with the same inode, size and modification time is
/// still gloss's (a `git pull` or an editor leaves another).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
}

fn stamp(path: &std::path::Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        dev: m.dev(),
        ino: m.ino(),
        len: m.len(),
        mtime: (m.mtime(), m.mtime_nsec()),
    })
}

impl AutoSave {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        // A panic elsewhere must not stop the work from being saved.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers what a file held when it was read (`None`: no file).
    pub fn register(&self, path: PathBuf, hash: Option<String>) {
        self.lock().known.insert(path, hash);
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

    /// Writes what is still queued (what could not be written where it
    /// belongs) into gloss's data folder, and says where each went (None:
    /// nowhere could take it).
    pub fn rescue_pending(&self) -> Vec<(PathBuf, Option<PathBuf>)> {
        self.rescue_pending_into(crate::dirs::recovered().as_deref())
    }

    /// `rescue_pending` into `dir`: each file under a name of its own that
    /// says whose edits it holds, never over another file.
    fn rescue_pending_into(
        &self,
        dir: Option<&std::path::Path>,
    ) -> Vec<(PathBuf, Option<PathBuf>)> {
        let files = std::mem::take(&mut self.lock().files);
        files
            .into_iter()
            .map(|(path, json)| {
                let name = crate::dirs::rescued_name(&path);
                let kept = dir.and_then(|d| store::write_unique(d, &name, json.as_bytes()).ok());
                (path, kept)
            })
            .collect()
    }

    /// Rescues what is still queued and says, one line each, where it went.
    pub fn rescue_and_report(&self) -> Vec<String> {
        self.rescue_pending()
            .iter()
            .map(|(path, kept)| rescue_line(path, kept.as_deref()))
            .collect()
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
            // A file gloss wrote last and nobody touched since need not be
            // read back; any other is checked against what gloss read.
            let ours = p
                .written
                .get(&path)
                .is_some_and(|w| stamp(&path).as_ref() == Some(w));
            let expected = p.known.get(&path).filter(|_| !ours).map(Option::as_deref);
            match service::write_checked(&path, json.as_bytes(), expected) {
                Ok(hash) => {
                    match stamp(&path) {
                        Some(s) => p.written.insert(path.clone(), s),
                        None => p.written.remove(&path),
                    };
                    p.known.insert(path, Some(hash));
                }
                Err(Refused::Changed) => {
                    let kept_at = aside(&path);
                    match store::write_new_folders(&kept_at, json.as_bytes()) {
                        Ok(()) => errors.push(SaveError {
                            path,
                            problem: SaveProblem::Changed { kept_at },
                        }),
                        Err(e) => {
                            errors.push(SaveError {
                                path: path.clone(),
                                problem: SaveProblem::Io(e),
                            });
                            p.files.insert(path, json);
                        }
                    }
                }
                Err(e) => {
                    // Only I/O fails here: the terminal holds its articles'
                    // locks itself, so `write_checked` takes none.
                    let e = match e {
                        Refused::Io(e) => e,
                        other => std::io::Error::other(other.to_string()),
                    };
                    errors.push(SaveError {
                        path: path.clone(),
                        problem: SaveProblem::Io(e),
                    });
                    p.files.insert(path, json);
                    p.oldest.get_or_insert_with(Instant::now);
                }
            }
        }
        errors
    }
}

/// What the user is told of one rescued file; escaped, as it goes to a
/// terminal and the paths may hold anything.
fn rescue_line(path: &std::path::Path, kept: Option<&std::path::Path>) -> String {
    match kept {
        Some(at) => format!("the edits for {} are in {}", esc_path(path), esc_path(at)),
        None => format!("could not keep the edits for {} anywhere", esc_path(path)),
    }
}

/// Writes a queue's files on a thread of its own once they are due, so a
/// big file's save does not wait for the event loop (nor stop it).
pub struct Writer {
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    errors: std::sync::mpsc::Receiver<SaveError>,
}

/// How often the writer looks whether something is due.
const WRITER_TICK: Duration = Duration::from_millis(20);

impl Writer {
    pub fn spawn(saver: AutoSave) -> std::io::Result<Self> {
        use std::sync::atomic::Ordering;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (tx, errors) = std::sync::mpsc::channel();
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("gloss-writer".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    std::thread::sleep(WRITER_TICK);
                    if saver.due(Instant::now()) {
                        for e in saver.flush() {
                            let _ = tx.send(e);
                        }
                    }
                }
            })?;
        Ok(Self {
            stop,
            thread: Some(thread),
            errors,
        })
    }

    /// What went wrong since last asked.
    pub fn errors(&self) -> Vec<SaveError> {
        self.errors.try_iter().collect()
    }

    /// Stops the thread (after the write it may be in) and returns what
    /// went wrong that nobody asked about yet.
    pub fn stop(mut self) -> Vec<SaveError> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.errors()
    }
}

/// Where edits go when their file changed under gloss: beside it, named so
/// that it sorts next to it and says what it is.
fn aside(path: &std::path::Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".mine-{}", crate::dirs::stamp()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::sha256_hex;

    #[test]
    fn a_file_changed_on_disk_is_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.ann.json");
        std::fs::write(&path, "theirs v1").unwrap();
        let saver = AutoSave::default();
        saver.register(path.clone(), Some(sha256_hex(b"theirs v1")));
        saver.stage(path.clone(), "mine 1".into());
        assert!(saver.flush().is_empty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine 1");
        // Someone else writes the file; gloss's next save must not erase it.
        std::fs::write(&path, "theirs v2").unwrap();
        saver.stage(path.clone(), "mine 2".into());
        let errors = saver.flush();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs v2");
        let SaveProblem::Changed { kept_at } = &errors[0].problem else {
            panic!("{errors:?}");
        };
        assert_eq!(std::fs::read_to_string(kept_at).unwrap(), "mine 2");
        assert!(errors[0].to_string().contains("changed on disk"));
        // A file that appeared where there was none counts too.
        let fresh = dir.path().join("b.txt.ann.json");
        saver.register(fresh.clone(), None);
        std::fs::write(&fresh, "theirs").unwrap();
        saver.stage(fresh.clone(), "mine".into());
        assert_eq!(saver.flush().len(), 1);
        assert_eq!(std::fs::read_to_string(&fresh).unwrap(), "theirs");
    }

    #[test]
    fn a_fifo_put_where_the_file_was_is_a_change_not_a_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.ann.json");
        let saver = AutoSave::default();
        saver.register(path.clone(), Some(sha256_hex(b"theirs")));
        nix::unistd::mkfifo(&path, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
        saver.stage(path.clone(), "mine".into());
        let errors = saver.flush();
        assert!(
            matches!(
                &errors[..],
                [SaveError {
                    problem: SaveProblem::Changed { .. },
                    ..
                }]
            ),
            "{errors:?}"
        );
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata(&path).unwrap().file_type().is_fifo());
    }

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
    fn rescued_edits_of_articles_with_the_same_name_are_kept_apart() {
        let dir = tempfile::tempdir().unwrap();
        let recovered = dir.path().join("recovered");
        // Two annotation files that cannot be written: their folders are files.
        for s in ["s1", "s2"] {
            std::fs::write(dir.path().join(s), "").unwrap();
        }
        let (a, b) = (
            dir.path().join("s1/a.txt.ann.json"),
            dir.path().join("s2/a.txt.ann.json"),
        );
        let saver = AutoSave::default();
        saver.stage(a.clone(), "edits of s1".into());
        saver.stage(b.clone(), "edits of s2".into());
        assert_eq!(saver.flush().len(), 2);
        let kept = saver.rescue_pending_into(Some(&recovered));
        assert_eq!(kept.len(), 2);
        for ((path, at), (want, content)) in
            kept.iter().zip([(&a, "edits of s1"), (&b, "edits of s2")])
        {
            assert_eq!(path, want);
            let at = at.as_ref().expect("rescued");
            assert_eq!(std::fs::read_to_string(at).unwrap(), content);
        }
        let names: Vec<String> = kept
            .iter()
            .map(|(_, at)| {
                at.as_ref()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert!(names[0].contains("s1_a.txt.ann.json-"), "{names:?}");
        assert!(names[1].contains("s2_a.txt.ann.json-"), "{names:?}");
        // The same article rescued again in the same second gets a new file.
        saver.stage(a.clone(), "later edits of s1".into());
        let again = saver.rescue_pending_into(Some(&recovered));
        let at = again[0].1.as_ref().unwrap();
        assert!(kept.iter().all(|(_, k)| k.as_ref() != Some(at)));
        assert_eq!(std::fs::read_to_string(at).unwrap(), "later edits of s1");
        // Nowhere to keep them is said, not hidden.
        saver.stage(a.clone(), "x".into());
        let nowhere = saver.rescue_pending_into(Some(&dir.path().join("s1/sub")));
        assert_eq!(nowhere[0].1, None);
    }

    #[test]
    fn the_rescue_message_names_both_files_escaped() {
        let path = std::path::Path::new("/c/\u{1b}]0;x\u{7}.txt.ann.json");
        let at = std::path::Path::new("/r/c_\u{1b}]0;x\u{7}.txt.ann.json-1");
        let line = rescue_line(path, Some(at));
        assert_eq!(
            line,
            "the edits for /c/^[]0;x^G.txt.ann.json are in /r/c_^[]0;x^G.txt.ann.json-1"
        );
        assert!(rescue_line(path, None).starts_with("could not keep the edits for /c/^["));
    }

    #[test]
    fn the_writer_saves_what_is_due_by_itself_and_reports_failures() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.txt.ann.json");
        std::fs::write(dir.path().join("a-file"), "").unwrap();
        let bad = dir.path().join("a-file/b.txt.ann.json");
        let saver = AutoSave::default();
        let writer = Writer::spawn(saver.clone()).unwrap();
        saver.stage(good.clone(), "{}\n".into());
        saver.stage(bad.clone(), "{}\n".into());
        let give_up = Instant::now() + Duration::from_secs(10);
        let mut errors = Vec::new();
        while errors.is_empty() && Instant::now() < give_up {
            errors = writer.errors();
            std::thread::sleep(WRITER_TICK);
        }
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "{}\n");
        assert_eq!(errors[0].path, bad);
        writer.stop();
        assert!(saver.has_pending(), "the failed file is still queued");
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
