//! Holding one byte of `articles.lock`, the file every article's byte lock
//! is in, through an open-file-description lock: released when its handle
//! is closed, and in conflict with any other handle's, in this process or
//! another. The byte may lie far beyond the end of the file, which stays
//! empty.

use std::fs::File;
use std::io;
use std::path::Path;

/// The common file, in the lock folder.
const NAME: &str = "articles.lock";

/// How a byte is held: shared by editors (each also holds its article's
/// own lock file), exclusively by a command writing the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    Shared,
    Exclusive,
}

#[derive(Debug)]
pub enum Outcome {
    /// Held for as long as the handle is open.
    Held(File),
    /// Another handle holds it in a way that conflicts.
    Taken,
    /// This system has no open-file-description locks.
    Unsupported,
}

impl Outcome {
    #[cfg(test)]
    pub fn is_unsupported(&self) -> bool {
        matches!(self, Outcome::Unsupported)
    }
}

/// Opens the common file, making it and its folder when missing.
fn open(dir: &Path) -> io::Result<File> {
    super::open_creating(&dir.join(NAME))
}

/// Tries to hold `byte` of the common file in `dir`, without waiting.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub fn hold(dir: &Path, byte: u64, how: Hold) -> io::Result<Outcome> {
    use nix::errno::Errno;
    use nix::fcntl::{FcntlArg, fcntl};
    use nix::libc;
    use std::os::fd::AsRawFd;

    let file = open(dir)?;
    let kind = match how {
        Hold::Shared => libc::F_RDLCK,
        Hold::Exclusive => libc::F_WRLCK,
    };
    // Written out field by field (the crate allows no unsafe zeroing):
    // these are the five fields `flock` has on the targets named above.
    let range = libc::flock {
        l_type: kind as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: i64::try_from(byte).unwrap_or(i64::MAX - 1),
        l_len: 1,
        // Must be 0 for an open-file-description lock.
        l_pid: 0,
    };
    match fcntl(file.as_raw_fd(), FcntlArg::F_OFD_SETLK(&range)) {
        Ok(_) => Ok(Outcome::Held(file)),
        Err(Errno::EAGAIN | Errno::EACCES) => Ok(Outcome::Taken),
        // An old kernel or a file system without them.
        Err(Errno::EINVAL | Errno::ENOLCK | Errno::EOPNOTSUPP) => Ok(Outcome::Unsupported),
        Err(e) => Err(e.into()),
    }
}

/// Tries to hold `byte` of the common file in `dir`: not on this system.
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
pub fn hold(dir: &Path, byte: u64, how: Hold) -> io::Result<Outcome> {
    let _ = (dir, byte, how, open);
    Ok(Outcome::Unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(o: &Outcome) -> bool {
        matches!(o, Outcome::Held(_) | Outcome::Unsupported)
    }

    #[test]
    fn shared_holds_meet_and_an_exclusive_one_waits_for_both() {
        let dir = tempfile::tempdir().unwrap();
        let locks = dir.path().join("new/locks");
        let byte = 0x0abc_def0_1234_5678;
        let a = hold(&locks, byte, Hold::Shared).unwrap();
        if matches!(a, Outcome::Unsupported) {
            eprintln!("skipped: no open-file-description locks here");
            return;
        }
        let b = hold(&locks, byte, Hold::Shared).unwrap();
        assert!(held(&a) && held(&b));
        // Within this process too: each handle is its own holder.
        assert!(matches!(
            hold(&locks, byte, Hold::Exclusive).unwrap(),
            Outcome::Taken
        ));
        // Another byte is another article.
        assert!(held(&hold(&locks, byte + 1, Hold::Exclusive).unwrap()));
        drop(a);
        assert!(matches!(
            hold(&locks, byte, Hold::Exclusive).unwrap(),
            Outcome::Taken
        ));
        drop(b);
        let w = hold(&locks, byte, Hold::Exclusive).unwrap();
        assert!(held(&w));
        assert!(matches!(
            hold(&locks, byte, Hold::Shared).unwrap(),
            Outcome::Taken
        ));
        // The file stays empty, whatever byte is held.
        assert_eq!(std::fs::metadata(locks.join(NAME)).unwrap().len(), 0);
    }
}
