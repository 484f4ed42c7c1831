//! gloss's own folders, outside any corpus: the user's config, data that
//! must outlive a session (mirrors of read-only corpora, rescued edits) and
//! state (article locks). On Linux: ~/.config/gloss, ~/.local/share/gloss
//! and ~/.local/state/gloss.

use std::path::{Component, Path, PathBuf};

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "gloss")
}

/// The user's own default schema.
pub fn user_schema() -> Option<PathBuf> {
    project().map(|d| d.config_dir().join("schema.json"))
}

/// The user's config file (keys, colours, mouse).
pub fn user_config() -> Option<PathBuf> {
    project().map(|d| d.config_dir().join("config.toml"))
}

/// Where annotations of corpora that cannot be written are mirrored.
pub fn mirrors() -> Option<PathBuf> {
    project().map(|d| d.data_dir().join("mirrors"))
}

/// Where edits that could not be saved where they belong are kept.
pub fn recovered() -> Option<PathBuf> {
    project().map(|d| d.data_dir().join("recovered"))
}

/// Where article locks live (the data folder where there is no state one).
pub fn locks() -> Option<PathBuf> {
    project().map(|d| d.state_dir().unwrap_or_else(|| d.data_dir()).join("locks"))
}

/// The longest rescued file name (a file name may have 255 bytes).
const RESCUED_NAME_MAX: usize = 200;

/// The name edits to `annotation_file` are rescued under: its resolved path
/// with `/` as `_` (so it says which article it belongs to, and differs for
/// `s1/a.txt` and `s2/a.txt`), then the time. Long paths keep their end.
pub fn rescued_name(annotation_file: &Path) -> String {
    let resolved = crate::paths::resolve(annotation_file);
    let flat: Vec<String> = resolved
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let flat = flat.join("_");
    let mut cut = flat.len().saturating_sub(RESCUED_NAME_MAX);
    while !flat.is_char_boundary(cut) {
        cut += 1;
    }
    format!("{}-{}", &flat[cut..], stamp())
}

/// Seconds since the epoch, to tell apart files written for the same path.
pub fn stamp() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rescued_name_says_which_article_and_fits_in_a_file_name() {
        let name = rescued_name(Path::new("/nowhere/s1/a.txt.ann.json"));
        assert!(name.starts_with("nowhere_s1_a.txt.ann.json-"), "{name}");
        assert_ne!(name, rescued_name(Path::new("/nowhere/s2/a.txt.ann.json")));
        // Deep paths keep their end, cut between characters.
        let deep = format!("/{}/é/a.txt.ann.json", "é".repeat(300));
        let name = rescued_name(Path::new(&deep));
        assert!(name.len() <= RESCUED_NAME_MAX + 21, "{} bytes", name.len());
        assert!(name.contains("_é_a.txt.ann.json-"), "{name}");
    }
}
