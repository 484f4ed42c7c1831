//! Writing files without losing any: atomically, through symbolic links to
//! the file they name, with a mode that is never world-writable, and (for
//! rescued edits) under a name that is never taken from another file.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
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
    resolve(path).map(|(target, _)| target)
}

/// [`link_target`], and what is there (`None`: nothing yet), from the
/// same `lstat` that ended the chain.
fn resolve(path: &Path) -> io::Result<(PathBuf, Option<fs::Metadata>)> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                at = at.parent().map_or(to.clone(), |dir| dir.join(&to));
            }
            Ok(meta) => return Ok((at, Some(meta))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((at, None)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

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

/// Writes many files as [`atomic`] writes one, with the same guarantee
/// (a crash at any moment leaves each file old or new, never half
/// written), but paying for durability once instead of once per file:
/// every file is written to a temporary beside it, all of them are made
/// durable with one `syncfs` per filesystem, then each is renamed over its
/// file and each distinct folder is synced once. Returns each write's
/// outcome, in order; a file that fails is left as it was, and no
/// temporary file is left behind.
pub fn atomic_all(writes: &[(&Path, &[u8])]) -> Vec<io::Result<()>> {
    let mut outcomes: Vec<io::Result<Staged>> = writes
        .iter()
        .enumerate()
        .map(|(n, (path, bytes))| stage(path, bytes, n))
        .collect();
    // Nothing is renamed before every temporary is on disk.
    let synced = sync_filesystems(outcomes.iter().filter_map(|o| o.as_ref().ok()));
    let mut folders: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for (n, outcome) in outcomes.iter_mut().enumerate() {
        let Ok(staged) = outcome else { continue };
        let renamed = match &synced {
            Ok(()) => fs::rename(&staged.temp, &staged.target),
            Err(e) => Err(io::Error::new(e.kind(), e.to_string())),
        };
        if let Err(e) = renamed {
            let _ = fs::remove_file(&staged.temp);
            *outcome = Err(e);
            continue;
        }
        folders
            .entry(folder_of(&staged.target))
            .or_default()
            .push(n);
    }
    // The renames themselves are durable once their folders are synced.
    for (folder, them) in folders {
        if let Err(e) = fs::File::open(&folder).and_then(|f| f.sync_all()) {
            for n in them {
                outcomes[n] = Err(io::Error::new(e.kind(), e.to_string()));
            }
        }
    }
    outcomes.into_iter().map(|o| o.map(drop)).collect()
}

/// A file's new content, written (not yet durable) to a temporary beside
/// the file it will replace.
struct Staged {
    temp: PathBuf,
    target: PathBuf,
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to a new temporary beside `path`'s target (the `n`th of
/// this batch), with the mode and, when it may, the owner of the file it
/// replaces; removed again if anything fails.
fn stage(path: &Path, bytes: &[u8], n: usize) -> io::Result<Staged> {
    let (target, old) = resolve(path)?;
    if let Some(meta) = &old
        && !meta.is_file()
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", target.display()),
        ));
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temp = folder_of(&target).join(format!(".{name}.{}-{n}.gloss-tmp", std::process::id()));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(NEW_FILE_MODE)
        .open(&temp)?;
    match fill(&mut file, old.as_ref(), bytes) {
        Ok(()) => Ok(Staged { temp, target }),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Writes a temporary's content, with the mode and, when it may, the
/// owner of the file it replaces (`old`).
fn fill(file: &mut fs::File, old: Option<&fs::Metadata>, bytes: &[u8]) -> io::Result<()> {
    if let Some(old) = old {
        file.set_permissions(old.permissions())?;
        // Only root may give a file away; anyone else keeps their own.
        let _ = std::os::unix::fs::fchown(&*file, Some(old.uid()), Some(old.gid()));
    }
    file.write_all(bytes)
}

/// Makes every staged temporary durable: one `syncfs` for each
/// filesystem they are on.
fn sync_filesystems<'a>(staged: impl Iterator<Item = &'a Staged>) -> io::Result<()> {
    let folders: HashSet<PathBuf> = staged.map(|s| folder_of(&s.temp)).collect();
    let mut devices = Vec::new();
    for folder in folders {
        let dir = fs::File::open(&folder)?;
        let device = dir.metadata()?.dev();
        if !devices.contains(&device) {
            devices.push(device);
            nix::unistd::syncfs(dir.as_raw_fd()).map_err(io::Error::from)?;
        }
    }
    Ok(())
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

    #[test]
    fn a_batch_writes_through_links_keeps_modes_and_refuses_only_what_it_must() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept.json");
        fs::write(&kept, "old").unwrap();
        fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        symlink("kept.json", &link).unwrap();
        let device = dir.path().join("device.json");
        symlink("/dev/null", &device).unwrap();
        let fresh = dir.path().join("fresh.json");
        let outcomes = atomic_all(&[(&link, b"new"), (&device, b"x"), (&fresh, b"{}")]);
        assert!(outcomes[0].is_ok() && outcomes[2].is_ok(), "{outcomes:?}");
        let e = outcomes[1].as_ref().unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert_eq!(fs::read_to_string(&kept).unwrap(), "new");
        assert_eq!(mode(&kept), 0o640);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&fresh).unwrap(), "{}");
        assert_eq!(mode(&fresh) & 0o022, 0, "mode {:o}", mode(&fresh));
        // kept, link, device, fresh: no temporary is left beside them.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 4);
    }
}
