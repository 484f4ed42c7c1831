//! `gloss import jsonl`: spans from a model or another tool, added to the
//! documents they belong to as suggestions. Labels the schema does not know
//! are refused (whole records) unless asked for; a record without text is
//! matched by its `meta.file` and read against that document's text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{load, read_source};
use crate::article::file_name;
use crate::cli::Report;
use crate::corpus::{Corpus, Entry};
use crate::formats::jsonl;
use crate::schema::Schema;
use crate::service::{self, Service};
use crate::store;
use crate::text::{Quoted, esc, esc_path};

/// What `gloss import jsonl` was asked to do besides the file and corpus.
pub struct JsonlImport<'a> {
    /// Where the suggestions came from (stored with each one).
    pub source: &'a str,
    pub annotator: Option<&'a str>,
    /// Labels the schema does not know: imported (flagged as problems by
    /// the schema check) instead of refused.
    pub allow_unknown: bool,
}

/// Unknown labels met, each with its span count and the lines it was on.
type Unknown = BTreeMap<String, (usize, Vec<usize>)>;

/// What the import counted, for its summary line and exit code.
#[derive(Default)]
struct Tally {
    matched: usize,
    unmatched: usize,
    failed: usize,
    added: usize,
    unknown: Unknown,
}

/// `gloss import jsonl FILE --into PATH`: spans from a model or another
/// tool, matched to documents by `meta.file` or by identical text, stored as
/// suggestions to accept (`y`) or reject (`x`).
pub fn import_jsonl(
    file: &Path,
    corpus: &Corpus,
    schema: &Schema,
    how: &JsonlImport,
    service: &Service,
) -> Report {
    let content = match std::fs::read_to_string(file) {
        Ok(c) => c,
        Err(e) => {
            return Report {
                stdout: String::new(),
                stderr: format!("{}: cannot read: {}\n", esc_path(file), esc(&e)),
                code: 2,
            };
        }
    };
    let mut stderr = String::new();
    let mut tally = Tally::default();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{}:{}", esc_path(file), i + 1);
        let one = Line {
            corpus,
            schema,
            how,
            service,
            at: &at,
            number: i + 1,
        };
        one.import(line, &mut tally, &mut stderr);
    }
    say_unknown(&tally.unknown, how.allow_unknown, &mut stderr);
    let Tally {
        matched,
        unmatched,
        failed,
        added,
        unknown,
    } = tally;
    let _ = writeln!(
        stderr,
        "{added} suggestion(s) added to {matched} document(s); {unmatched} record(s) matched nothing, {failed} failed"
    );
    let refused = !how.allow_unknown && !unknown.is_empty();
    Report {
        stdout: String::new(),
        stderr,
        code: u8::from(failed + unmatched > 0 || refused),
    }
}

/// One line per unknown label: its count, its lines and what became of it.
fn say_unknown(unknown: &Unknown, allowed: bool, stderr: &mut String) {
    for (label, (count, lines)) in unknown {
        let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
        let what = if allowed {
            "imported as suggestions all the same, each a problem until retyped or rejected"
        } else {
            "not imported, nor anything else on those lines (--allow-unknown imports them as suggestions)"
        };
        let _ = writeln!(
            stderr,
            "label {} is not in the schema: {count} span(s) on line(s) {}: {what}",
            Quoted(label),
            lines.join(", ")
        );
    }
}

/// One record of the file, with what importing it needs.
struct Line<'a> {
    corpus: &'a Corpus,
    schema: &'a Schema,
    how: &'a JsonlImport<'a>,
    service: &'a Service,
    /// `FILE:LINE`, for messages.
    at: &'a str,
    number: usize,
}

impl Line<'_> {
    fn import(&self, line: &str, tally: &mut Tally, stderr: &mut String) {
        let at = self.at;
        let (record, entry) = match self.read(line) {
            Ok(found) => found,
            Err(Miss::Rejected) => {
                let _ = writeln!(stderr, "{at}: rejected in the source tool, not imported");
                return;
            }
            Err(Miss::Failed(e)) => {
                tally.failed += 1;
                let _ = writeln!(stderr, "{at}: {}", esc(&e));
                return;
            }
            Err(Miss::Unmatched(why)) => {
                tally.unmatched += 1;
                let _ = writeln!(stderr, "{at}: matched nothing: {why}");
                return;
            }
        };
        if self.unknown_labels(&record, &mut tally.unknown) && !self.how.allow_unknown {
            return;
        }
        stderr.push_str(&record.skipped.report(at));
        match add_suggestions(entry, &record, self.how, self.service, at) {
            Ok(n) => {
                tally.matched += 1;
                tally.added += n;
            }
            Err(e) => {
                tally.failed += 1;
                let _ = writeln!(stderr, "{}", esc(&e));
            }
        }
    }

    /// The record and its document. A record without text is matched by
    /// `meta.file` alone and read against that document's text.
    fn read(&self, line: &str) -> Result<(jsonl::Record, &Entry), Miss> {
        let annotator = self.how.annotator;
        match jsonl::parse_line(line) {
            Ok(record) => {
                if record.rejected() {
                    return Err(Miss::Rejected);
                }
                let entry = matching_entry(self.corpus, &record, annotator).ok_or_else(|| {
                    Miss::Unmatched(match &record.file {
                        Some(f) => format!("no document is named {} nor has its text", Quoted(f)),
                        None => "no meta.file, and no document has its text".to_owned(),
                    })
                })?;
                Ok((record, entry))
            }
            Err(jsonl::JsonlError::MissingText) => {
                let Some(file) = jsonl::meta_file(line) else {
                    return Err(Miss::Failed(
                        "neither \"text\" nor meta.file: nothing to match it by".to_owned(),
                    ));
                };
                let entry = by_name(self.corpus, &file).ok_or_else(|| {
                    Miss::Unmatched(format!("no document is named {}", Quoted(&file)))
                })?;
                let (text, _) = read_source(&entry.path, annotator).map_err(Miss::Failed)?;
                let record = jsonl::parse_line_with_text(line, text.as_str()).map_err(|e| {
                    Miss::Failed(format!("{e} (read against {})", esc(&entry.name)))
                })?;
                Ok((record, entry))
            }
            Err(e) => Err(Miss::Failed(e.to_string())),
        }
    }

    /// Counts the record's labels the schema does not know into `unknown`;
    /// true if there were any.
    fn unknown_labels(&self, record: &jsonl::Record, unknown: &mut Unknown) -> bool {
        let mut any = false;
        for span in &record.spans {
            if self.schema.entity_type(&span.label).is_none() {
                let (count, lines) = unknown.entry(span.label.clone()).or_default();
                *count += 1;
                if lines.last() != Some(&self.number) {
                    lines.push(self.number);
                }
                any = true;
            }
        }
        any
    }
}

/// Why a record was not imported.
enum Miss {
    /// A person rejected or skipped it in the source tool (Prodigy).
    Rejected,
    Failed(String),
    Unmatched(String),
}

fn by_name<'c>(corpus: &'c Corpus, file: &str) -> Option<&'c Entry> {
    corpus
        .entries
        .iter()
        .find(|e| e.name == file || file_name(&e.path) == file)
}

/// The document a record belongs to: by `meta.file`, else by identical text.
fn matching_entry<'c>(
    corpus: &'c Corpus,
    record: &jsonl::Record,
    annotator: Option<&str>,
) -> Option<&'c Entry> {
    let named = record.file.as_deref().and_then(|f| by_name(corpus, f));
    named.or_else(|| {
        corpus
            .entries
            .iter()
            .find(|e| read_source(&e.path, annotator).is_ok_and(|(t, _)| t.as_str() == record.text))
    })
}

/// Adds a record's spans to its document as suggestions and saves it (only
/// over the file it read, and not while a running gloss holds it); says
/// how many were added. `at` is the record's `FILE:LINE`, for messages.
fn add_suggestions(
    entry: &Entry,
    record: &jsonl::Record,
    how: &JsonlImport,
    service: &Service,
    at: &str,
) -> Result<usize, String> {
    let (text, doc, read) = load(entry, how.annotator)?;
    if text.as_str() != record.text {
        return Err(format!("{at}: the text differs from {}", esc(&entry.name)));
    }
    let (doc, n) = jsonl::to_document(record, doc, how.source);
    let sidecar = &entry.sidecar;
    if n > 0 {
        let bytes = store::serialize(&doc);
        service
            .save(sidecar, bytes.as_bytes(), read.as_deref())
            .map_err(|e| {
                service::refusal(sidecar, &e)
                    .unwrap_or_else(|| format!("{}: {}", esc_path(sidecar), esc(&e)))
            })?;
    }
    Ok(n)
}
