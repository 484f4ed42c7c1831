//! One writer at a time per annotation file, never in the corpus (browsing
//! must not create files there) but in gloss's state folder; the
//! operating system lets go of every lock when its holder exits, however
//! it exits.
//!
//! Two kinds of holder, two kinds of lock:
//! - A gloss that opens an article to edit it takes the article's own
//!   small lock file (which names its process, for the message a second
//!   gloss shows) and a shared hold on the article's byte in one common
//!   file, `articles.lock`.
//! - A command about to write an annotation file takes that byte alone,
//!   exclusively: no file is made per article, so a command that writes
//!   10,000 curated files does not also make 10,000 lock files.
//!
//! The byte is an open-file-description lock (`F_OFD_SETLK`): it conflicts
//! between any two handles, within one process too. Where there is none,
//! commands take the article's lock file as an editor does.

mod range;

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::hash::sha256_hex;

/// Held while an article is open for editing or being written; dropping
/// it releases the lock.
#[derive(Debug)]
pub struct ArticleLock {
    /// The article's own lock file (an editor's, or a command's where
    /// there are no byte locks).
    _file: Option<File>,
    /// The handle that holds the article's byte in `articles.lock`.
    _byte: Option<File>,
}

/// Why an article could not be locked for this process.
#[derive(Debug)]
pub enum LockOutcome {
    Locked(ArticleLock),
    /// Another process holds it; the text says which, when it can.
    HeldElsewhere(String),
}

/// What names an article's locks: a hash of the annotation file's
/// absolute path, so the same file reached by two paths shares them.
struct Key {
    /// Hex, the name of the article's lock file.
    hex: String,
}

impl Key {
    fn of(folder: &Path, sidecar: &Path) -> Self {
        let abs = folder.join(sidecar.file_name().unwrap_or_default());
        Self {
            hex: sha256_hex(abs.to_string_lossy().as_bytes()),
        }
    }

    fn file(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.lock", &self.hex[..32]))
    }

    /// The article's byte in `articles.lock`: 60 bits of the hash, so two
    /// articles share one only by a one-in-10^18 chance.
    fn byte(&self) -> u64 {
        u64::from_str_radix(&self.hex[..15], 16).unwrap_or(0)
    }
}

/// The lock file for an annotation file (an editor's).
pub fn lock_path(dir: &Path, sidecar: &Path) -> PathBuf {
    Key::of(&absolute_folder(sidecar), sidecar).file(dir)
}

/// The absolute, resolved folder of `sidecar` (what locks are keyed on):
/// asked once per folder by those that lock many files.
pub fn absolute_folder(sidecar: &Path) -> PathBuf {
    let parent = sidecar.parent().filter(|p| !p.as_os_str().is_empty());
    parent
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
}

/// Tries to take `sidecar`'s article to edit it, without waiting: refused
/// while another gloss edits it or a command writes it.
pub fn try_lock(dir: &Path, sidecar: &Path) -> io::Result<LockOutcome> {
    let key = Key::of(&absolute_folder(sidecar), sidecar);
    let file = match lock_file(&key.file(dir))? {
        Ok(file) => file,
        Err(who) => return Ok(LockOutcome::HeldElsewhere(who)),
    };
    let byte = match range::hold(dir, key.byte(), range::Hold::Shared)? {
        range::Outcome::Held(byte) => Some(byte),
        range::Outcome::Taken => return Ok(LockOutcome::HeldElsewhere(ANOTHER.to_owned())),
        range::Outcome::Unsupported => None,
    };
    Ok(LockOutcome::Locked(ArticleLock {
        _file: Some(file),
        _byte: byte,
    }))
}

/// Tries to take `sidecar`'s article to write its annotation file once,
/// without waiting: refused while a gloss edits it or another command
/// writes it.
pub fn try_lock_to_write(dir: &Path, sidecar: &Path) -> io::Result<LockOutcome> {
    try_lock_to_write_in(dir, &absolute_folder(sidecar), sidecar)
}

/// [`try_lock_to_write`] for a file whose [`absolute_folder`] is `folder`.
pub fn try_lock_to_write_in(dir: &Path, folder: &Path, sidecar: &Path) -> io::Result<LockOutcome> {
    let key = Key::of(folder, sidecar);
    let byte = match range::hold(dir, key.byte(), range::Hold::Exclusive)? {
        range::Outcome::Held(byte) => byte,
        range::Outcome::Taken => return Ok(LockOutcome::HeldElsewhere(holder(&key.file(dir)))),
        range::Outcome::Unsupported => {
            return Ok(match lock_file(&key.file(dir))? {
                Ok(file) => LockOutcome::Locked(ArticleLock {
                    _file: Some(file),
                    _byte: None,
                }),
                Err(who) => LockOutcome::HeldElsewhere(who),
            });
        }
    };
    Ok(LockOutcome::Locked(ArticleLock {
        _file: None,
        _byte: Some(byte),
    }))
}

/// How a holder whose process is not known is named.
const ANOTHER: &str = "another gloss";

/// How wide the holder's process id is written: wider than any pid, so
/// that a new holder's id overwrites the last one's whole without the
/// file being truncated first.
const PID_WIDTH: usize = 12;

/// Takes the lock file at `path` (made, with its folder, when missing),
/// writing this process's id into it; or says who holds it.
fn lock_file(path: &Path) -> io::Result<Result<File, String>> {
    let mut file = open_creating(path)?;
    match file.try_lock() {
        Ok(()) => {
            // Who holds it, for the message another gloss shows: one
            // write, padded over whatever id was there before.
            let pid = format!("{:<PID_WIDTH$}", std::process::id());
            file.write_all_at(pid.as_bytes(), 0)?;
            Ok(Ok(file))
        }
        Err(TryLockError::WouldBlock) => Ok(Err(named(&mut file))),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Opens a file of the lock folder to read and write, making it (and the
/// folder, the first time) when missing; never truncated.
fn open_creating(path: &Path) -> io::Result<File> {
    let open = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
    };
    match open() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            open()
        }
        opened => opened,
    }
}

/// The holder a lock file names.
fn named(file: &mut File) -> String {
    let mut pid = String::new();
    let _ = file.read_to_string(&mut pid);
    match pid.trim() {
        "" => ANOTHER.to_owned(),
        pid => format!("{ANOTHER} (process {pid})"),
    }
}

/// Who holds an article's byte: the editor its lock file names while that
/// file is held, else (another command) a gloss not named. Nothing is
/// made.
fn holder(path: &Path) -> String {
    let Ok(mut file) = OpenOptions::new().read(true).open(path) else {
        return ANOTHER.to_owned();
    };
    match file.try_lock_shared() {
        // No editor holds it: the name in it is an old one.
        Ok(()) => ANOTHER.to_owned(),
        Err(_) => named(&mut file),
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
    fn a_command_writing_keeps_an_editor_out_and_makes_no_file_per_article() {
        let dir = tempfile::tempdir().unwrap();
        let locks = dir.path().join("locks");
        let sidecar = dir.path().join("a.txt.ann.json");
        let writing = try_lock_to_write(&locks, &sidecar).unwrap();
        assert!(matches!(writing, LockOutcome::Locked(_)));
        if range::hold(&locks, 0, range::Hold::Shared)
            .unwrap()
            .is_unsupported()
        {
            eprintln!("skipped: no open-file-description locks here");
            return;
        }
        assert!(!lock_path(&locks, &sidecar).exists());
        match try_lock(&locks, &sidecar).unwrap() {
            LockOutcome::HeldElsewhere(who) => assert_eq!(who, "another gloss"),
            LockOutcome::Locked(_) => panic!("an editor got in while a command wrote"),
        }
        // A second command is refused too; the name left in the lock file
        // by the editor that tried is not taken for the holder's.
        match try_lock_to_write(&locks, &sidecar).unwrap() {
            LockOutcome::HeldElsewhere(who) => assert_eq!(who, "another gloss"),
            LockOutcome::Locked(_) => panic!("two commands wrote at once"),
        }
        drop(writing);
        assert!(matches!(
            try_lock(&locks, &sidecar).unwrap(),
            LockOutcome::Locked(_)
        ));
    }

    #[test]
    fn an_editor_keeps_a_command_out_naming_its_process() {
        let dir = tempfile::tempdir().unwrap();
        let locks = dir.path().join("locks");
        let sidecar = dir.path().join("a.txt.ann.json");
        let editing = try_lock(&locks, &sidecar).unwrap();
        assert!(matches!(editing, LockOutcome::Locked(_)));
        // The same file by another path is the same article.
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let other_path = dir.path().join("sub/../a.txt.ann.json");
        match try_lock_to_write(&locks, &other_path).unwrap() {
            LockOutcome::HeldElsewhere(who) => assert_eq!(
                who,
                format!("another gloss (process {})", std::process::id())
            ),
            LockOutcome::Locked(_) => panic!("a command wrote while an editor had it"),
        }
        let folder = absolute_folder(&other_path);
        let b = dir.path().join("b.txt.ann.json");
        assert!(matches!(
            try_lock_to_write_in(&locks, &folder, &b).unwrap(),
            LockOutcome::Locked(_)
        ));
    }
}
