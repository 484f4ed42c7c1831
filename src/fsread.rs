//! Reading a file that must be a regular file: a source, an annotation
//! file, a brat `.ann` or `annotation.conf`, a schema. A FIFO would block
//! the open (or the read) until a writer comes, and a device such as
//! `/dev/zero` never ends, so anything but a regular file is refused
//! before a byte is read. Every such read in gloss goes through here.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use nix::fcntl::{FcntlArg, OFlag, fcntl};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The path names something that is not a regular file (directly or
    /// through a symbolic link).
    #[error("{0}, not a regular file")]
    NotRegular(&'static str),
}

impl ReadError {
    /// Whether the file is simply not there (often not an error).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// What a non-regular file is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

/// Opens `path` for reading if, once opened, it is a regular file.
///
/// `O_NONBLOCK` keeps the open of a FIFO from waiting for a writer and
/// `O_NOCTTY` keeps a terminal device from becoming ours; the type is then
/// taken from the opened handle (`fstat`), so a file swapped in between
/// cannot slip past. The flag is cleared again for the regular file.
pub fn open(path: &Path) -> Result<File, ReadError> {
    open_sized(path).map(|(file, _)| file)
}

/// [`open`], and the file's size when it was opened (from the same
/// `fstat`, so reading a corpus of small files costs no second one).
fn open_sized(path: &Path) -> Result<(File, u64), ReadError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlag::O_NONBLOCK | OFlag::O_NOCTTY).bits())
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => ReadError::Io(e),
            // A socket cannot be opened at all (ENXIO): say what it is.
            _ => match std::fs::metadata(path) {
                Ok(m) if !m.is_file() => ReadError::NotRegular(kind_of(m.file_type())),
                _ => ReadError::Io(e),
            },
        })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    fcntl(
        std::os::fd::AsRawFd::as_raw_fd(&file),
        FcntlArg::F_SETFL(OFlag::empty()),
    )
    .map_err(io::Error::from)?;
    Ok((file, meta.len()))
}

/// A file read through `read` alone: `File`'s own `read_to_end` asks the
/// size and position again (an `fstat` and an `lseek`) that `open_sized`
/// already knows.
struct Plain(File);

impl Read for Plain {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

/// The whole of a regular file.
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_sized(path)?;
    // The size is a hint only: the file may grow or shrink meanwhile.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    Plain(file).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// At most the first `limit` bytes of a regular file.
pub fn read_head(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    open(path)?.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The whole of a regular file, which must be UTF-8.
pub fn read_utf8(path: &Path) -> Result<String, ReadError> {
    String::from_utf8(read(path)?).map_err(|e| {
        ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_regular_file_is_read_whole_or_in_part() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "hello world").unwrap();
        assert_eq!(read(&p).unwrap(), b"hello world");
        assert_eq!(read_head(&p, 5).unwrap(), b"hello");
        assert_eq!(read_utf8(&p).unwrap(), "hello world");
    }

    #[test]
    fn a_missing_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(&dir.path().join("gone")).unwrap_err();
        assert!(e.is_not_found(), "{e}");
    }

    #[test]
    fn a_fifo_is_refused_at_once_and_not_opened_for_good() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.txt.ann.json");
        nix::unistd::mkfifo(&p, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let started = Instant::now();
        let e = read(&p).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(
            matches!(e, ReadError::NotRegular(k) if k.contains("FIFO")),
            "{e}"
        );
        assert!(!e.is_not_found());
        assert!(read_head(&p, 10).is_err());
    }

    #[test]
    fn a_link_to_a_device_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.txt.ann.json");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let e = read(&p).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
    }

    #[test]
    fn a_folder_and_a_socket_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
        let sock = dir.path().join("s.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let e = read(&sock).unwrap_err();
        assert!(e.to_string().contains("a socket"), "{e}");
    }

    #[test]
    fn a_non_utf8_file_is_an_error_naming_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.conf");
        std::fs::write(&p, b"ab\xe9").unwrap();
        assert!(read_utf8(&p).unwrap_err().to_string().contains("offset 2"));
    }
}
