//! One gloss at a time per annotation file. An advisory lock on a small file
//! in gloss's state folder (never in the corpus: browsing must not create
//! files there) tells a second gloss that the article is being edited.
//! The operating system releases it when the holder exits, however it exits.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::hash::sha256_hex;

/// Held while an article is open for editing; dropping it releases the lock.
#[derive(Debug)]
pub struct ArticleLock {
    _file: File,
}

/// Why an article could not be locked for this process.
#[derive(Debug)]
pub enum LockOutcome {
    Locked(ArticleLock),
    /// Another process holds it; the text says which, when it can.
    HeldElsewhere(String),
}

/// The lock file for an annotation file: named by a hash of its absolute
/// path, so the same file reached by two paths shares one lock.
pub fn lock_path(dir: &Path, sidecar: &Path) -> PathBuf {
    let parent = sidecar.parent().filter(|p| !p.as_os_str().is_empty());
    let abs_parent = parent
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    let abs = abs_parent.join(sidecar.file_name().unwrap_or_default());
    let key = sha256_hex(abs.to_string_lossy().as_bytes());
    dir.join(format!("{}.lock", &key[..32]))
}

/// Tries to take the lock on `sidecar`'s article, without waiting.
pub fn try_lock(dir: &Path, sidecar: &Path) -> io::Result<LockOutcome> {
    std::fs::create_dir_all(dir)?;
    let path = lock_path(dir, sidecar);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {
            // Who holds it, for the message another gloss shows.
            file.set_len(0)?;
            file.rewind()?;
            write!(file, "{}", std::process::id())?;
            Ok(LockOutcome::Locked(ArticleLock { _file: file }))
        }
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let who = match pid.trim() {
                "" => "another gloss".to_owned(),
                pid => format!("another gloss (process {pid})"),
            };
            Ok(LockOutcome::HeldElsewhere(who))
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let locks = dir.path().join("locks");
        let sidecar = dir.path().join("a.txt.ann.json");
        let first = try_lock(&locks, &sidecar).unwrap();
        assert!(matches!(first, LockOutcome::Locked(_)));
        match try_lock(&locks, &sidecar).unwrap() {
            LockOutcome::HeldElsewhere(who) => {
                assert!(who.contains(&std::process::id().to_string()), "{who}")
            }
            LockOutcome::Locked(_) => panic!("locked twice"),
        }
        let other = dir.path().join("b.txt.ann.json");
        assert!(matches!(
            try_lock(&locks, &other).unwrap(),
            LockOutcome::Locked(_)
        ));
        drop(first);
        assert!(matches!(
            try_lock(&locks, &sidecar).unwrap(),
            LockOutcome::Locked(_)
        ));
        assert!(
            !dir.path().join("a.txt.ann.json").exists(),
            "nothing is written beside the source"
        );
    }
}
