//! Plain path helpers that know nothing of corpora or annotation files, so
//! the modules that place files (`store`, `outputs`, `corpus`, `dirs`) can
//! share them without importing each other.

use std::path::{Path, PathBuf};

/// `path` made absolute, with links and `..` resolved as far as it exists.
pub fn resolve(path: &Path) -> PathBuf {
    soft_canonicalize::soft_canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The folder a named path stands for: itself when it is a folder, else
/// the folder it is in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
