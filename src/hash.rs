//! Hashes of bytes and files, in the format's hex spelling. A module of its
//! own so that `lock`, `article`, `autosave` and `service` share it without
//! importing one another.

use std::path::Path;

use sha2::{Digest, Sha256};

/// Hex SHA-256 of bytes (the format's `source.sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The hash of a file's bytes, read in pieces: a big annotation file is not
/// held in memory a second time while it is checked. `None`: no file, or
/// one that cannot be read (which counts as changed).
pub fn file_sha256(path: &Path) -> Option<String> {
    let mut hasher = Sha256::new();
    // Never waits on a FIFO put there meanwhile: that reads as changed.
    std::io::copy(&mut crate::fsread::open(path).ok()?, &mut hasher).ok()?;
    Some(hex(&hasher.finalize()))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_hashes_as_its_bytes_and_a_missing_one_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(file_sha256(&path), Some(sha256_hex(b"abc")));
        assert_eq!(file_sha256(&dir.path().join("none")), None);
    }
}
