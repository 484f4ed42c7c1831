//! Git as the shared engine: `gloss merge-file BASE OURS THEIRS` (git's
//! merge-driver contract, `%O %A %B`) and `gloss git-setup [DIR]`, which
//! makes a repository use it for `*.ann.json`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::Report;
use crate::annotation::Document;
use crate::merge::{self, Merged};
use crate::service::{self, Service};
use crate::store::{self, StoreError};
use crate::text::{esc, esc_path};

/// The `.gitattributes` line that sends annotation files to the driver.
pub const ATTRIBUTES_LINE: &str = "*.ann.json merge=gloss";
/// The driver command git runs (`%O` base, `%A` ours and the result, `%B`
/// theirs), after the program's name.
const DRIVER_ARGS: &str = "merge-file %O %A %B";
const DRIVER_NAME: &str = "gloss: three-way merge of annotation files by id";

fn failed(message: String) -> Report {
    Report {
        stdout: String::new(),
        stderr: format!("gloss: {message}\n"),
        code: 2,
    }
}

/// One version as read: its document (`None` for an empty file, git's base
/// when both sides added the file) and the hash of the bytes read.
type Version = (Option<Document>, String);

/// Reads one of the three versions, hashing the very bytes parsed so that
/// OURS is only overwritten if it still holds them.
fn read_version(path: &Path, may_be_empty: bool) -> Result<Version, String> {
    let bytes = crate::fsread::read(path).map_err(|e| {
        let e: StoreError = e.into();
        format!("{}: {e}; nothing merged", esc_path(path))
    })?;
    let sha = crate::hash::sha256_hex(&bytes);
    if may_be_empty && bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok((None, sha));
    }
    match store::parse_bytes(&bytes) {
        Ok(doc) => Ok((Some(doc), sha)),
        Err(e) => Err(format!("{}: {e}; nothing merged", esc_path(path))),
    }
}

/// `gloss merge-file BASE OURS THEIRS`: the merge is written over OURS
/// (atomically, only over what was read); exit 0 when clean, 1 with
/// conflicts to settle (or sources that differ: OURS is left as it was), 2
/// when a file cannot be used (OURS is left as it was).
pub fn merge_file(base: &Path, ours: &Path, theirs: &Path, service: &Service) -> Report {
    let read = |path, may_be_empty| read_version(path, may_be_empty);
    let (base_doc, (ours_doc, expected), theirs_doc) =
        match (read(base, true), read(ours, false), read(theirs, false)) {
            (Ok((b, _)), Ok((Some(o), sha)), Ok((Some(t), _))) => (b, (o, sha), t),
            (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return failed(e),
            _ => unreachable!("OURS and THEIRS are never read as empty"),
        };
    let merged = match merge::merge(base_doc.as_ref(), &ours_doc, &theirs_doc) {
        Ok(merged) => merged,
        Err(e) => {
            return Report {
                stdout: String::new(),
                stderr: format!("gloss: {}: {}\n", esc_path(ours), esc(e.to_string())),
                code: 1,
            };
        }
    };
    let bytes = store::serialize(&merged.doc);
    if let Err(e) = service.save(ours, bytes.as_bytes(), Some(&expected)) {
        let why = service::refusal(ours, &e)
            .unwrap_or_else(|| format!("{}: not written: {}", esc_path(ours), esc(e.to_string())));
        return failed(why);
    }
    Report {
        stdout: String::new(),
        stderr: summary(ours, &merged),
        code: u8::from(merged.has_conflicts()),
    }
}

/// What the merge did, for the person running `git merge`.
fn summary(ours: &Path, merged: &Merged) -> String {
    let mut out = String::new();
    let shown = esc_path(ours);
    for (old, new) in &merged.renumbered {
        let _ = writeln!(
            out,
            "gloss: {shown}: theirs' {} is now {} (ours used {0})",
            esc(old),
            esc(new)
        );
    }
    for (side, old, new) in &merged.reused {
        let side = side.name();
        let _ = writeln!(
            out,
            "gloss: {shown}: {side}' {} is a new annotation under the id of one {side} deleted: now {}",
            esc(old),
            esc(new)
        );
    }
    for (theirs, ours) in &merged.folded {
        let _ = writeln!(
            out,
            "gloss: {shown}: theirs' {} is ours' {} (the same annotation)",
            esc(theirs),
            esc(ours)
        );
    }
    for notice in &merged.notices {
        let _ = writeln!(out, "gloss: {shown}: {}", esc(notice));
    }
    if merged.has_conflicts() {
        let ids: Vec<String> = merged
            .conflicts
            .iter()
            .map(|id| esc(id).to_string())
            .collect();
        let _ = writeln!(
            out,
            "gloss: {shown}: {} version(s) in conflict, both kept and marked \"conflict\": {}; \
             `gloss validate` lists them and `gloss review --problems` settles them",
            ids.len(),
            ids.join(", ")
        );
    }
    out
}

/// `gloss git-setup [DIR]`: the attributes line in the repository's
/// `.gitattributes` (once) and the driver in its git config.
pub fn git_setup(dir: &Path) -> Report {
    let top = match git(dir, &["rev-parse", "--show-toplevel"]) {
        Ok(top) => PathBuf::from(top.trim_end_matches(['\n', '\r'])),
        Err(why) => {
            return failed(format!(
                "{} is not in a git repository ({why})",
                esc_path(dir)
            ));
        }
    };
    let mut stdout = String::new();
    let attributes = top.join(".gitattributes");
    match add_attributes_line(&attributes) {
        Ok(true) => {
            let _ = writeln!(
                stdout,
                "wrote \"{ATTRIBUTES_LINE}\" to {}",
                esc_path(&attributes)
            );
        }
        Ok(false) => {
            let _ = writeln!(
                stdout,
                "{} already has \"{ATTRIBUTES_LINE}\"",
                esc_path(&attributes)
            );
        }
        Err(e) => return failed(format!("{}: cannot write: {e}", esc_path(&attributes))),
    }
    let driver = format!("{} {DRIVER_ARGS}", program_for_git());
    for (key, value) in [
        ("merge.gloss.name", DRIVER_NAME),
        ("merge.gloss.driver", driver.as_str()),
    ] {
        if let Err(why) = git(&top, &["config", key, value]) {
            return failed(format!("git config {key} failed: {why}"));
        }
        let _ = writeln!(
            stdout,
            "set {key} = {} in {}",
            esc(value),
            esc_path(&top.join(".git").join("config"))
        );
    }
    let _ = writeln!(
        stdout,
        "commit .gitattributes so that the team shares it; each clone runs `gloss git-setup` once"
    );
    Report {
        stdout,
        stderr: String::new(),
        code: 0,
    }
}

/// Runs git in `dir`; its standard output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let said = String::from_utf8_lossy(&out.stderr);
        Err(esc(said.trim()).to_string())
    }
}

/// Appends the attributes line unless a line says it already; true if it
/// wrote.
fn add_attributes_line(path: &Path) -> std::io::Result<bool> {
    let old = match std::fs::read_to_string(path) {
        Ok(old) => old,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    if has_attributes_line(&old) {
        return Ok(false);
    }
    let mut new = old;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(ATTRIBUTES_LINE);
    new.push('\n');
    store::write_atomic(path, new.as_bytes())?;
    Ok(true)
}

/// Whether `text` already sends `*.ann.json` to the gloss driver.
pub fn has_attributes_line(text: &str) -> bool {
    text.lines().any(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        words.first() == Some(&"*.ann.json") && words.contains(&"merge=gloss")
    })
}

/// `gloss` when that name on PATH is this very program (what the README's
/// lines by hand say, and what survives an upgrade), else this program's
/// absolute path, quoted for the shell git runs the driver with.
fn program_for_git() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "gloss".into();
    };
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    for dir in on_path {
        if let Ok(found) = std::fs::canonicalize(dir.join("gloss")) {
            if found == me {
                return "gloss".into();
            }
            break;
        }
    }
    shell_quote(&me.to_string_lossy())
}

/// `'…'` with each `'` written as `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attributes_line_is_recognised_however_it_is_spaced() {
        assert!(has_attributes_line(
            "*.txt text\n*.ann.json   merge=gloss\n"
        ));
        assert!(has_attributes_line("*.ann.json -diff merge=gloss"));
        assert!(!has_attributes_line(
            "*.json merge=gloss\n# *.ann.json merge=gloss"
        ));
        assert!(!has_attributes_line("*.ann.json merge=union"));
    }

    #[test]
    fn a_path_is_quoted_for_the_shell_git_runs_the_driver_with() {
        assert_eq!(shell_quote("/opt/my tools/gloss"), "'/opt/my tools/gloss'");
        assert_eq!(shell_quote("/o'k/gloss"), r"'/o'\''k/gloss'");
    }

    #[test]
    fn an_empty_base_is_no_common_ancestor() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("base");
        std::fs::write(&path, "").unwrap();
        assert_eq!(read_version(&path, true).map(|(doc, _)| doc), Ok(None));
        let refused = read_version(&path, false).unwrap_err();
        assert!(
            refused.contains("base") && refused.contains("nothing merged"),
            "{refused}"
        );
    }
}
