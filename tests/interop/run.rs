//! Running the real binary, and small text helpers.

use super::*;

use crate::common::headless::run_gloss;

/// How long one run of the binary may take before the test gives up on it.
pub const RUN_DEADLINE: Duration = Duration::from_secs(60);

/// brat's news tutorial, shared with the acceptance checks (optional).
pub const NEWS_TUTORIAL: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/brat/news-tutorial");

pub struct Run {
    pub args: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "gloss {}\nexit code {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }
}

/// Runs gloss with `args`, no terminal and an empty home (so no user
/// configuration can change the outcome), killing it if it hangs.
pub fn gloss(args: &[&dyn AsRef<OsStr>]) -> Run {
    let scratch = tempfile::tempdir().unwrap();
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_ref()).collect();
    let shown: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let run = run_gloss(&args, None, &scratch.path().join("home"), RUN_DEADLINE);
    Run {
        args: shown.join(" "),
        code: run
            .code
            .unwrap_or_else(|| panic!("gloss {shown:?} did not finish within {RUN_DEADLINE:?}")),
        stdout: String::from_utf8_lossy(&run.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
    }
}

/// The code-point slice `start..end` of a text (Python's `text[start:end]`).
pub fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The code-point offset of the first `word` in `text`.
pub fn char_offset(text: &str, word: &str) -> usize {
    let byte = text
        .find(word)
        .unwrap_or_else(|| panic!("{word:?} in {text:?}"));
    text[..byte].chars().count()
}

/// The UTF-16 offset of the first `word` in `text`.
pub fn utf16_offset(text: &str, word: &str) -> usize {
    let byte = text
        .find(word)
        .unwrap_or_else(|| panic!("{word:?} in {text:?}"));
    text[..byte].encode_utf16().count()
}

/// A brat `T` line for the first `word` in `text`, with code-point offsets.
pub fn t_line(id: &str, kind: &str, text: &str, word: &str) -> String {
    let start = char_offset(text, word);
    let end = start + word.chars().count();
    assert_eq!(slice(text, start, end), word);
    format!("{id}\t{kind} {start} {end}\t{word}\n")
}

pub fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn read_jsonl(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
