//! `gloss search QUERY PATH...`: every match in the corpus, one line each
//! (`file:line:column: context` with the match in brackets), or one JSON
//! object each, or a count per file; exit 0 when something matched, 1 when
//! nothing did, 2 on an error, as grep does.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::schema::Schema;
use crate::search::corpus::{self, FileError, Found};
use crate::search::kwic::kwic_bytes;
use crate::search::{Hit, Query, QueryError};
use crate::store::Placement;
use crate::text::{esc, esc_path, escape};

/// How wide a match's context is, in terminal cells (the match included).
const CONTEXT_CELLS: usize = 100;

/// What `gloss search` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Lines,
    Json,
    Count,
}

/// What a search needs besides the query.
pub struct Options<'a> {
    pub shape: Shape,
    pub place: &'a Placement,
    /// An encoding is forced (`--encoding` or the config): every source is
    /// decoded, none read as UTF-8 directly.
    pub forced_encoding: bool,
    /// The match in bold red too (standard output is a terminal and
    /// NO_COLOR is not set); the brackets stay, for copying.
    pub colour: bool,
}

/// Whether matches are coloured: only for a person at a terminal.
pub fn colour_wanted() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// What goes around the match: brackets, and a colour when asked for.
fn marks(colour: bool) -> (&'static str, &'static str) {
    if colour {
        ("[\x1b[1;31m", "\x1b[0m]")
    } else {
        ("[", "]")
    }
}

/// Why `gloss search` could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{0}")]
    Query(#[from] QueryError),
    #[error("{0}")]
    Corpus(#[from] crate::corpus::CorpusError),
    #[error("{0:#}")]
    Schema(anyhow::Error),
}

/// Searches and prints as it goes; the exit code (0, 1 or 2) comes back.
/// `out` and `err` are standard output and error, or buffers in tests.
pub fn run(
    query: &str,
    paths: &[PathBuf],
    options: &Options<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, SearchError> {
    let query = crate::search::parse(query)?;
    // Searched while the walk goes on: the first lines come at once.
    let files = corpus::walk_files(paths)?;
    let schema = match &query {
        Query::Annotation(_) => {
            Some(super::schema_for(&crate::corpus::root_of(paths)).map_err(SearchError::Schema)?)
        }
        Query::Text(_) => None,
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut said = Said::default();
    let (shape, colour) = (options.shape, options.colour);
    corpus::in_order(
        files,
        threads,
        Vec::new,
        |walked, buf| {
            let path = match walked {
                Ok(path) => path,
                Err(e) => {
                    return (
                        String::new(),
                        0,
                        Some((format!("gloss: {}\n", esc(e)), true)),
                    );
                }
            };
            let found = search_one(&query, path, buf, options, schema.as_ref());
            let shown = format_file(path, &found, shape, colour);
            if let Ok(Some(found)) = found {
                *buf = found.text.into_bytes();
            }
            shown
        },
        |(shown, hits, trouble)| {
            said.hits += hits;
            if let Some((line, fatal)) = trouble {
                said.failed |= fatal;
                let _ = err.write_all(line.as_bytes());
            }
            // A closed pipe (`gloss search x . | head`) ends the search.
            out.write_all(shown.as_bytes()).is_ok()
        },
    );
    let _ = out.flush();
    Ok(if said.failed {
        2
    } else {
        u8::from(said.hits == 0)
    })
}

/// What has been said so far.
#[derive(Default)]
struct Said {
    hits: usize,
    failed: bool,
}

fn search_one(
    query: &Query,
    path: &Path,
    buf: &mut Vec<u8>,
    options: &Options<'_>,
    schema: Option<&Schema>,
) -> Result<Option<Found>, FileError> {
    match (query, schema) {
        (Query::Text(q), _) => {
            corpus::search_text(q, path, Some(options.place), buf, options.forced_encoding)
        }
        (Query::Annotation(q), Some(schema)) => {
            let sidecar = options.place.sidecar(path);
            corpus::search_annotations(q, path, &sidecar, schema)
        }
        (Query::Annotation(_), None) => Ok(None),
    }
}

/// One file's output: what goes to standard output, its hits, and a line
/// for standard error (with whether it is an error, not a file passed over).
type Formatted = (String, usize, Option<(String, bool)>);

fn format_file(
    path: &Path,
    found: &Result<Option<Found>, FileError>,
    shape: Shape,
    colour: bool,
) -> Formatted {
    let found = match found {
        Ok(Some(found)) => found,
        Ok(None) => return (String::new(), 0, None),
        Err(e) => {
            let fatal = !matches!(e, FileError::NotText(_));
            return (
                String::new(),
                0,
                Some((format!("gloss: {}: {}\n", esc_path(path), esc(&e)), fatal)),
            );
        }
    };
    let mut shown = String::new();
    let n = found.hits.len();
    let name = esc_path(path).to_string();
    match shape {
        Shape::Count => {
            let _ = writeln!(shown, "{name}:{n}");
        }
        Shape::Lines => {
            for hit in &found.hits {
                line_of(&mut shown, &name, &found.text, hit, marks(colour));
            }
        }
        Shape::Json => {
            for hit in &found.hits {
                json_of(&mut shown, path, &found.text, hit);
            }
        }
    }
    (shown, n, None)
}

/// How far from a match its line's ends are looked for: much more than
/// a context shows, so a text of one huge line costs no more per match.
const LINE_WINDOW: usize = 4096;

/// The context of a hit within its line(s).
fn context(text: &str, hit: &Hit) -> crate::search::Kwic {
    let (start, end) = (hit.bytes.start, hit.bytes.end);
    let bytes = text.as_bytes();
    let mut from = start.saturating_sub(LINE_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + LINE_WINDOW).min(bytes.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let line_start = memchr::memrchr(b'\n', &bytes[from..start]).map_or(from, |i| from + i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[end..to]).map_or(to, |i| end + i);
    let line = &text[line_start..line_end];
    kwic_bytes(line, start - line_start, end - line_start, CONTEXT_CELLS)
}

/// `file:line:column: context` with the match in brackets; an annotation
/// query says the annotation's id and type first, `@!` its problems last.
fn line_of(shown: &mut String, name: &str, text: &str, hit: &Hit, (open, close): (&str, &str)) {
    let k = context(text, hit);
    let _ = write!(shown, "{name}:{}:{}: ", hit.line, hit.column);
    if let Some(id) = &hit.id {
        let _ = write!(shown, "{} ", esc(id));
    }
    if let Some(kind) = &hit.kind {
        let _ = write!(shown, "{}: ", esc(kind));
    }
    let _ = write!(shown, "{}{open}{}{close}{}", k.left, k.matched, k.right);
    if let Some(problem) = &hit.problem {
        let _ = write!(shown, " — {}", esc(problem));
    }
    shown.push('\n');
}

/// One JSON object: file, code-point offsets, line, column, the text
/// matched and its context (and id, type, problem for annotation queries).
fn json_of(shown: &mut String, path: &Path, text: &str, hit: &Hit) {
    let k = context(text, hit);
    let mut object = serde_json::json!({
        "file": path.to_string_lossy(),
        "start": hit.start,
        "end": hit.end,
        "line": hit.line,
        "column": hit.column,
        "text": &text[hit.bytes.clone()],
        "context": {"left": k.left, "match": k.matched, "right": k.right},
    });
    for (key, value) in [
        ("id", &hit.id),
        ("type", &hit.kind),
        ("problem", &hit.problem),
    ] {
        if let Some(value) = value {
            object[key] = value.as_str().into();
        }
    }
    push_json_escaped(shown, &object.to_string());
    shown.push('\n');
}

/// JSON as serde writes it, with the characters it leaves raw that a
/// terminal would obey or hide (DEL, C1 controls, bidi controls) written
/// as `\uXXXX` escapes instead: the same value, safe to print.
fn push_json_escaped(shown: &mut String, json: &str) {
    for c in json.chars() {
        let risky =
            (c == '\u{7f}' || !c.is_ascii()) && escape(c.encode_utf8(&mut [0; 4])) != c.to_string();
        if risky {
            let _ = write!(shown, "\\u{:04x}", c as u32);
        } else {
            shown.push(c);
        }
    }
}

/// Prints a query error with a mark under the place it is wrong.
pub fn say_error(e: &SearchError, err: &mut dyn Write) {
    let _ = writeln!(err, "gloss: {}", esc(e));
    if let SearchError::Query(q) = e
        && let Some(marker) = q.marker()
    {
        for line in marker.lines() {
            let _ = writeln!(err, "  {line}");
        }
    }
}

/// Standard output, buffered once for the whole search.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(1 << 16, io::stdout().lock())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..300 {
            std::fs::write(dir.path().join(format!("{i}.txt")), "Mosul and Mosul\n").unwrap();
        }
        dir
    }

    fn options(place: &Placement, colour: bool) -> Options<'_> {
        Options {
            shape: Shape::Lines,
            place,
            forced_encoding: false,
            colour,
        }
    }

    #[test]
    fn colour_marks_the_match_inside_its_brackets_only_when_asked() {
        let dir = corpus();
        let place = Placement::default();
        let paths = [dir.path().join("7.txt")];
        for (colour, want) in [
            (false, ": [Mosul] and Mosul\n"),
            (true, ": [\x1b[1;31mMosul\x1b[0m] and Mosul\n"),
        ] {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = run(
                "Mosul",
                &paths,
                &options(&place, colour),
                &mut out,
                &mut err,
            )
            .unwrap();
            assert_eq!(code, 0);
            let out = String::from_utf8(out).unwrap();
            assert!(
                out.lines().next().unwrap().ends_with(want.trim_end()),
                "{out}"
            );
        }
    }

    /// Takes `room` bytes, then says the pipe is closed; counts the tries.
    struct Closing {
        room: usize,
        taken: usize,
        tries: usize,
    }

    impl Write for Closing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.tries += 1;
            if self.taken >= self.room {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            self.taken += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_ends_the_search_quietly() {
        let dir = corpus();
        let place = Placement::default();
        let mut out = Closing {
            room: 1,
            taken: 0,
            tries: 0,
        };
        let mut err = Vec::new();
        let paths = [dir.path().to_path_buf()];
        let code = run("Mosul", &paths, &options(&place, false), &mut out, &mut err).unwrap();
        assert_eq!(code, 0, "it had matched");
        assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
        // One file's lines taken, the next refused, and no more tried.
        assert_eq!(out.tries, 2, "it stopped at the first refusal");
    }
}
