//! `gloss review PATH... [filters]`: the review queue. With `--list` it is
//! printed, with `--accept-all` / `--reject-all` decided whole from a
//! script; without them the terminal opens on it.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::Report;
use crate::annotation::Status;
use crate::article::Article;
use crate::corpus::Corpus;
use crate::review::{self, Filter, Item, ItemKind};
use crate::schema::Schema;
use crate::service::{self, Service};
use crate::text::{Quoted, esc, esc_path};

#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    /// Folders (every *.txt below them) or single files.
    pub paths: Vec<PathBuf>,
    /// Pending suggestions.
    #[arg(long)]
    pub suggestions: bool,
    /// Only annotations of this type (an entity code or an event type);
    /// repeatable.
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    /// What validation flags (orphans included).
    #[arg(long)]
    pub problems: bool,
    /// Only articles of this status (todo, in_progress, done, reviewed,
    /// curation_in_progress, curated);
    /// repeatable or a comma list.
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    pub status: Vec<Status>,
    /// Only annotations whose text matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub text: Option<String>,
    /// Accepted annotations nobody has reviewed yet.
    #[arg(long)]
    pub unreviewed: bool,
    /// Print the queue, one line per item: file, id, type, start-end,
    /// "text", and what kind of item it is (exit 0, an empty queue too).
    #[arg(long, conflicts_with_all = ["accept_all", "reject_all"])]
    pub list: bool,
    /// Accept every item of the queue (a suggestion becomes an annotation;
    /// every item is marked reviewed), saying how many.
    #[arg(long, conflicts_with = "reject_all")]
    pub accept_all: bool,
    /// Reject every item of the queue (each is removed), saying how many.
    #[arg(long)]
    pub reject_all: bool,
}

/// A `--text` that is not a regular expression, with where it is wrong.
#[derive(Debug, thiserror::Error)]
#[error("--text {pattern}: not a regular expression: {why}")]
pub struct BadRegex {
    pattern: String,
    why: String,
}

impl ReviewArgs {
    /// The queue's filter; `annotator` is the global `--annotator`, which
    /// also chose whose annotation files are read.
    pub fn filter(&self, annotator: Option<&str>) -> Result<Filter, BadRegex> {
        let text = match &self.text {
            Some(pattern) => Some(regex::Regex::new(pattern).map_err(|e| BadRegex {
                pattern: Quoted(pattern).to_string(),
                why: regex_error(pattern, &e),
            })?),
            None => None,
        };
        Ok(Filter {
            suggestions: self.suggestions,
            types: self.types.clone(),
            problems: self.problems,
            annotator: annotator.map(str::to_owned),
            status: self.status.clone(),
            text,
            unreviewed: self.unreviewed,
        })
    }

    /// Whether the command runs without a terminal.
    pub fn is_headless(&self) -> bool {
        self.list || self.accept_all || self.reject_all
    }
}

/// What is wrong with a pattern and where, on one line: `unclosed group
/// at column 3`. The regex crate's own parser says where (its message
/// draws it over several lines).
fn regex_error(pattern: &str, e: &regex::Error) -> String {
    let at = |what: &dyn std::fmt::Display, span: &regex_syntax::ast::Span| {
        format!("{what} at column {}", span.start.column)
    };
    match regex_syntax::Parser::new().parse(pattern) {
        Err(regex_syntax::Error::Parse(e)) => at(e.kind(), e.span()),
        Err(regex_syntax::Error::Translate(e)) => at(e.kind(), e.span()),
        // Parsed, yet refused (too big, say): regex's words, on one line.
        _ => e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::ALL
        .into_iter()
        .find(|st| {
            let name = serde_json::to_value(st).ok();
            name.as_ref().and_then(|v| v.as_str()) == Some(s.trim())
        })
        .ok_or_else(|| {
            "one of todo, in_progress, done, reviewed, curation_in_progress, curated".to_owned()
        })
}

/// `gloss review` without a terminal: `--list`, `--accept-all` or
/// `--reject-all`.
pub fn run(
    args: &ReviewArgs,
    corpus: &Corpus,
    schema: &Schema,
    annotator: Option<&str>,
    service: &Service,
) -> Report {
    let filter = match args.filter(annotator) {
        Ok(filter) => filter,
        Err(e) => {
            return Report {
                stdout: String::new(),
                stderr: format!("gloss: {e}\n"),
                code: 2,
            };
        }
    };
    if args.list {
        list(corpus, schema, &filter, annotator)
    } else {
        decide_all(corpus, schema, &filter, annotator, service, args.accept_all)
    }
}

/// Each article that may hold items, opened and checked, with its items.
fn articles<'c>(
    corpus: &'c Corpus,
    schema: &'c Schema,
    filter: &'c Filter,
    annotator: Option<&'c str>,
) -> impl Iterator<Item = (Article, Vec<Item>)> + 'c {
    corpus
        .entries
        .iter()
        .enumerate()
        .filter_map(move |(i, entry)| {
            review::open_with_items(i, entry, schema, filter, annotator)
                .filter(|(_, items)| !items.is_empty())
        })
}

/// `--list`: one line per item; how many on standard error.
fn list(corpus: &Corpus, schema: &Schema, filter: &Filter, annotator: Option<&str>) -> Report {
    let mut items: Vec<Item> = Vec::new();
    let mut files = 0;
    for (_, found) in articles(corpus, schema, filter, annotator) {
        files += 1;
        items.extend(found);
    }
    review::queue_order(&mut items);
    let mut stdout = String::new();
    for item in &items {
        let _ = writeln!(stdout, "{}", line(item));
    }
    Report {
        stdout,
        stderr: format!("{} item(s) in {files} article(s)\n", items.len()),
        code: 0,
    }
}

/// `FILE<tab>ID<tab>TYPE<tab>START-END<tab>"TEXT"<tab>KIND[: PROBLEM]`,
/// every value escaped (a tab in a value is shown, never a separator).
pub fn line(item: &Item) -> String {
    let dash = |s: &str| {
        if s.is_empty() {
            "-".to_owned()
        } else {
            esc(s).to_string()
        }
    };
    let kind = match &item.problem {
        Some(p) => format!("{}: {}", item.kind.label(), esc(p)),
        None => item.kind.label().to_owned(),
    };
    format!(
        "{}\t{}\t{}\t{}-{}\t{}\t{kind}",
        esc_path(&item.source),
        dash(&item.id),
        dash(&item.type_),
        item.start,
        item.end,
        Quoted(&item.text),
    )
}

/// What `--accept-all` / `--reject-all` did, by kind of item.
#[derive(Default)]
struct Decided {
    by_kind: [usize; 3],
    files: usize,
    failed: usize,
    left: usize,
    /// Versions of a merge conflict kept because the decision on their
    /// other version settled it.
    settled: usize,
}

fn decide_all(
    corpus: &Corpus,
    schema: &Schema,
    filter: &Filter,
    annotator: Option<&str>,
    service: &Service,
    accepting: bool,
) -> Report {
    let mut stderr = String::new();
    let mut d = Decided::default();
    for (mut article, items) in articles(corpus, schema, filter, annotator) {
        let shown = esc_path(&article.sidecar).to_string();
        if let crate::article::Access::ReadOnly(why) = &article.access {
            d.failed += 1;
            let _ = writeln!(stderr, "{shown}: not written: {}", esc(why));
            continue;
        }
        let mut counts = [0; 3];
        for item in &items {
            if item.id.is_empty() {
                // A problem of the whole file: no annotation to decide.
                d.left += 1;
                continue;
            }
            if review::settled_elsewhere(&article.doc, item) {
                d.settled += 1;
                continue;
            }
            let done = if accepting {
                review::accept(&mut article.doc, &item.id, annotator)
            } else {
                review::reject(&mut article.doc, &item.id)
            };
            // An error: gone already, with an annotation rejected before it.
            if done.is_ok() {
                counts[slot(item.kind)] += 1;
            }
        }
        if counts.iter().sum::<usize>() == 0 {
            continue;
        }
        article.doc.normalize();
        let bytes = article.to_json();
        match service.save(
            &article.sidecar,
            bytes.as_bytes(),
            article.sidecar_sha.as_deref(),
        ) {
            Ok(()) => {
                d.files += 1;
                for (all, n) in d.by_kind.iter_mut().zip(counts) {
                    *all += n;
                }
            }
            Err(e) => {
                d.failed += 1;
                let line = service::refusal(&article.sidecar, &e)
                    .unwrap_or_else(|| format!("{shown}: cannot write: {}", esc(&e)));
                let _ = writeln!(stderr, "{line}");
            }
        }
    }
    Report {
        stdout: format!("{}\n", summary(&d, accepting)),
        stderr,
        code: u8::from(d.failed > 0),
    }
}

/// Where `Decided::by_kind` counts a kind of item.
fn slot(kind: ItemKind) -> usize {
    match kind {
        ItemKind::Suggestion => 0,
        // Disagreements are only in `gloss adjudicate`'s queue.
        ItemKind::Problem | ItemKind::Disagreement => 1,
        ItemKind::Unreviewed => 2,
    }
}

/// `accepted 3 suggestions in 2 articles`.
fn summary(d: &Decided, accepting: bool) -> String {
    let verb = if accepting { "accepted" } else { "rejected" };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let names = [
        (ItemKind::Suggestion, "suggestion", "suggestions"),
        (
            ItemKind::Problem,
            "flagged annotation",
            "flagged annotations",
        ),
        (
            ItemKind::Unreviewed,
            "unreviewed annotation",
            "unreviewed annotations",
        ),
    ];
    let parts: Vec<String> = names
        .iter()
        .filter(|(kind, ..)| d.by_kind[slot(*kind)] > 0)
        .map(|&(kind, one, many)| plural(d.by_kind[slot(kind)], one, many))
        .collect();
    let mut said = if parts.is_empty() && d.failed == 0 {
        format!("{verb} nothing: the queue is empty")
    } else if parts.is_empty() {
        format!("{verb} nothing")
    } else {
        format!(
            "{verb} {} in {}",
            parts.join(", "),
            plural(d.files, "article", "articles")
        )
    };
    if d.left > 0 {
        let _ = write!(said, "; {} left undecided", d.left);
    }
    match d.settled {
        0 => {}
        1 => {
            said.push_str("; 1 version kept (the other version of its merge conflict was rejected)")
        }
        n => {
            let _ = write!(
                said,
                "; {n} versions kept (the other versions of their merge conflicts were rejected)"
            );
        }
    }
    if d.failed > 0 {
        let _ = write!(said, "; {} not written", plural(d.failed, "file", "files"));
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(pattern: &str) -> String {
        let e = regex::Regex::new(pattern).unwrap_err();
        regex_error(pattern, &e)
    }

    #[test]
    fn a_bad_pattern_says_what_and_at_which_column_on_one_line() {
        assert_eq!(why("Mo(sul"), "unclosed group at column 3");
        assert_eq!(
            why("é(x"),
            "unclosed group at column 2",
            "columns count characters"
        );
        assert_eq!(why(r"\p{Nope}"), "Unicode property not found at column 1");
        let big = why("a{99999}{99999}");
        assert!(!big.contains('\n') && big.contains("size limit"), "{big}");
    }

    #[test]
    fn statuses_are_read_as_the_format_writes_them() {
        assert_eq!(parse_status("in_progress"), Ok(Status::InProgress));
        assert_eq!(parse_status(" done"), Ok(Status::Done));
        assert!(parse_status("finished").is_err());
    }
}
