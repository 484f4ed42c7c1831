//! gloss's own folders, outside any corpus: the user's config, data that
//! must outlive a session (mirrors of read-only corpora, rescued edits) and
//! state (article locks). On Linux: ~/.config/gloss, ~/.local/share/gloss
//! and ~/.local/state/gloss.

use std::path::PathBuf;

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "gloss")
}

/// The user's own default schema.
pub fn user_schema() -> Option<PathBuf> {
    project().map(|d| d.config_dir().join("schema.json"))
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

/// Seconds since the epoch, to tell apart files written for the same path.
pub fn stamp() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
