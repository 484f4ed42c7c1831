//! Writing files without losing any: atomically, through symbolic links to
//! the file they name, with a mode that is never world-writable, and (for
//! rescued edits) under a name that is never taken from another file.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// How many links a path may go through before it counts as a loop (the
/// kernel's own limit).
const MAX_LINKS: usize = 40;

/// How many `NAME-2`, `NAME-3`… a unique write tries before giving up.
const MAX_UNIQUE_TRIES: usize = 1000;

/// The mode a new file is created with (before the umask): the usual one
/// for a document, never writable by others.
const NEW_FILE_MODE: u32 = 0o644;

/// The file a write to `path` replaces: `path` itself, or the end of its
/// chain of symbolic links (which need not exist yet).
pub fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                // A relative target is relative to the link's folder; an
                // absolute one replaces the whole path.
                at = at.parent().map_or(to.clone(), |dir| dir.join(&to));
            }
            Ok(_) => return Ok(at),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(at),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Writes `bytes` to `path` so that a crash at any moment leaves the old
/// file or the new one: a temporary file beside the file (beside a link's
/// target, so the link stays a link), synced, renamed over the old one
/// (whose permissions it keeps), and the folder synced.
pub fn atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = link_target(path)?;
    if let Ok(meta) = fs::metadata(&target)
        && !meta.is_file()
    {
        // Renaming over a device or a FIFO would replace it, not write to it.
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", target.display()),
        ));
    }
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .mode(NEW_FILE_MODE)
        .open(&target)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Writes `bytes` to a new file in `dir` called `name`, or `name-2`,
/// `name-3`… when that is taken, and says which: never over another file.
pub fn unique(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    for n in 1..=MAX_UNIQUE_TRIES {
        let at = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{name}-{n}"))
        };
        let opened = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(NEW_FILE_MODE)
            .open(&at);
        let mut file = match opened {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
            // A partial copy would pass for the edits; better none.
            let _ = fs::remove_file(&at);
            return Err(e);
        }
        return Ok(at);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{}: {MAX_UNIQUE_TRIES} files of that name already",
            dir.join(name).display()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn a_link_is_written_through_to_its_target_which_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("outside")).unwrap();
        let target = dir.path().join("outside/real.json");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("a.txt.ann.json");
        symlink("outside/real.json", &link).unwrap();
        atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_link(&link).unwrap(),
            Path::new("outside/real.json")
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(mode(&target), 0o640);
        // No temporary file is left beside the link or the target.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        assert_eq!(fs::read_dir(dir.path().join("outside")).unwrap().count(), 1);
    }

    #[test]
    fn a_chain_of_links_and_a_dangling_link_end_where_they_point() {
        let dir = tempfile::tempdir().unwrap();
        let end = dir.path().join("end.json");
        symlink(&end, dir.path().join("one")).unwrap();
        symlink("one", dir.path().join("two")).unwrap();
        assert_eq!(link_target(&dir.path().join("two")).unwrap(), end);
        atomic(&dir.path().join("two"), b"x").unwrap();
        assert_eq!(fs::read_to_string(&end).unwrap(), "x");
        symlink("loop", dir.path().join("loop")).unwrap();
        assert!(atomic(&dir.path().join("loop"), b"x").is_err());
    }

    #[test]
    fn a_new_file_is_never_writable_by_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.txt.ann.json");
        atomic(&path, b"{}").unwrap();
        assert_eq!(mode(&path) & 0o022, 0, "mode {:o}", mode(&path));
        let kept = unique(dir.path(), "r", b"{}").unwrap();
        assert_eq!(mode(&kept) & 0o022, 0, "mode {:o}", mode(&kept));
    }

    #[test]
    fn a_special_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("z.ann.json");
        symlink("/dev/null", &link).unwrap();
        let e = atomic(&link, b"x").unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn unique_names_are_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = unique(dir.path(), "a.json-1", b"one").unwrap();
        let second = unique(dir.path(), "a.json-1", b"two").unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(&first).unwrap(), "one");
        assert_eq!(fs::read_to_string(&second).unwrap(), "two");
        assert_eq!(second.file_name().unwrap(), "a.json-1-2");
    }
}
