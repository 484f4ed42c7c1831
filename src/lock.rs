//! One gloss at a time per annotation file. An advisory lock on a small file
//! in gloss's state folder (never in the corpus: browsing must not create
//! files there) tells a second gloss that the article is being edited.
//! The operating system releases it when the holder exits, however it exits.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
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
    let folder = absolute_folder(sidecar);
    lock_path_in(dir, &folder, sidecar)
}

/// The absolute, resolved folder of `sidecar` (what [`lock_path`] keys
/// on): asked once per folder by those that lock many files.
pub fn absolute_folder(sidecar: &Path) -> PathBuf {
    let parent = sidecar.parent().filter(|p| !p.as_os_str().is_empty());
    parent
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
}

/// [`lock_path`] for a file whose [`absolute_folder`] is `folder`.
pub fn lock_path_in(dir: &Path, folder: &Path, sidecar: &Path) -> PathBuf {
    let abs = folder.join(sidecar.file_name().unwrap_or_default());
    let key = sha256_hex(abs.to_string_lossy().as_bytes());
    dir.join(format!("{}.lock", &key[..32]))
}

/// Tries to take the lock on `sidecar`'s article, without waiting.
pub fn try_lock(dir: &Path, sidecar: &Path) -> io::Result<LockOutcome> {
    try_lock_at(&lock_path(dir, sidecar))
}

/// How wide the holder's process id is written: wider than any pid, so
/// that a new holder's id overwrites the last one's whole without the
/// file being truncated first.
const PID_WIDTH: usize = 12;

/// Tries to take the lock whose file is `path` (made, with its folder,
/// when missing), without waiting.
pub fn try_lock_at(path: &Path) -> io::Result<LockOutcome> {
    let open = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
    };
    let mut file = match open() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            open()?
        }
        opened => opened?,
    };
    match file.try_lock() {
        Ok(()) => {
            // Who holds it, for the message another gloss shows: one
            // write, padded over whatever id was there before.
            let pid = format!("{:<PID_WIDTH$}", std::process::id());
            file.write_all_at(pid.as_bytes(), 0)?;
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

    #[test]
    fn a_new_holder_overwrites_a_longer_id_left_in_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let locks = dir.path().join("deep/locks");
        let sidecar = dir.path().join("a.txt.ann.json");
        // Made with its folders on first use.
        drop(try_lock(&locks, &sidecar).unwrap());
        std::fs::write(lock_path(&locks, &sidecar), "4194304999").unwrap();
        let _held = try_lock(&locks, &sidecar).unwrap();
        match try_lock(&locks, &sidecar).unwrap() {
            LockOutcome::HeldElsewhere(who) => assert_eq!(
                who,
                format!("another gloss (process {})", std::process::id())
            ),
            LockOutcome::Locked(_) => panic!("locked twice"),
        }
    }

    #[test]
    fn a_folder_resolved_once_names_the_same_lock() {
        let dir = tempfile::tempdir().unwrap();
        let locks = dir.path().join("locks");
        let sidecar = dir.path().join("sub/../a.txt.ann.json");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let folder = absolute_folder(&sidecar);
        assert_eq!(
            lock_path_in(&locks, &folder, &sidecar),
            lock_path(&locks, &dir.path().join("a.txt.ann.json"))
        );
    }
}
