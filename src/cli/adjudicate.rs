//! `gloss adjudicate`: each article's annotator files merged into its
//! curated file by a strategy (written through the service: locked,
//! checked), and the disagreements left for the curator, listed with
//! `--list` or handed to the terminal's queue.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Report;
use crate::adjudicate::{self, Annotation, Disagreement, Filler, Strategy, Target, Version};
use crate::annotation::{Document, Status};
use crate::article::Source;
use crate::corpus::Corpus;
use crate::service::{self, Service, ToSave};
use crate::store::{self, Placement};
use crate::team::{self, Team};
use crate::text::{Quoted, esc, esc_path};

#[derive(Debug, Clone, Args)]
pub struct AdjudicateArgs {
    /// Folders (every *.txt below them) or single files.
    pub paths: Vec<PathBuf>,
    /// What is merged at once: all (what every annotator has), majority
    /// (what more than half have) or none (everything is queued).
    #[arg(long, value_name = "STRATEGY", default_value = "all", value_parser = parse_strategy)]
    pub strategy: Strategy,
    /// Print the disagreements (file, offsets in code points, each
    /// annotator's version) instead of opening the terminal.
    #[arg(long)]
    pub list: bool,
}

fn parse_strategy(s: &str) -> Result<Strategy, String> {
    match s.trim() {
        "all" => Ok(Strategy::All),
        "majority" => Ok(Strategy::Majority),
        "none" => Ok(Strategy::None),
        _ => Err("one of all, majority, none".to_owned()),
    }
}

/// What `gloss adjudicate` did: what to print, and the queue.
pub struct Adjudicated {
    pub report: Report,
    pub disagreements: Vec<Disagreement>,
}

/// How many articles are read and merged at once.
const MERGERS: usize = 8;

/// One article merged, its curated file not yet written.
struct Merged {
    /// How many annotations the strategy merged.
    merged: usize,
    queue: Vec<Disagreement>,
    status: Status,
    /// The curated file to write, when it changed.
    write: Option<CuratedWrite>,
}

/// A curated file's new content and the hash of what was read in its
/// place (`None`: there was no file).
struct CuratedWrite {
    path: PathBuf,
    bytes: String,
    expected: Option<String>,
}

/// What the command counts as it goes.
#[derive(Default)]
struct Tally {
    articles: usize,
    merged: usize,
    alone: Vec<String>,
    failed: usize,
}

/// Merges every article with two or more annotators (`place` says where
/// annotation files live; its annotator is ignored: the curated file has
/// none).
pub fn run(
    args: &AdjudicateArgs,
    corpus: &Corpus,
    place: &Placement,
    service: &Service,
) -> Adjudicated {
    let mut out = Said::default();
    let shared = shared_teams(corpus, place, &mut out.tally);
    // Reading and merging is done many articles at once; the curated
    // files are written in batches (each synced to disk once, not file by
    // file) while the next articles are merged, and a batch is let go of
    // once it is written.
    let mut batch: Vec<(String, Result<Merged, String>)> = Vec::new();
    crate::search::corpus::in_order(
        shared.into_iter(),
        MERGERS,
        || (),
        |team, ()| {
            let done = merge_one(team, place, args.strategy);
            (esc_path(&team.source).to_string(), done)
        },
        |done| {
            batch.push(done);
            if batch.len() >= service::SAVED_AT_ONCE {
                save_and_record(&mut batch, service, &mut out);
            }
            true
        },
    );
    save_and_record(&mut batch, service, &mut out);
    let Said {
        tally,
        said,
        mut stderr,
        disagreements,
    } = out;
    let stdout = if args.list {
        stderr.push_str(&said);
        list(&disagreements)
    } else {
        said
    };
    stderr.push_str(&summary(&tally, disagreements.len()));
    let code = if tally.failed > 0 {
        2
    } else {
        u8::from(args.list && !disagreements.is_empty())
    };
    Adjudicated {
        report: Report {
            stdout,
            stderr,
            code,
        },
        disagreements,
    }
}

/// What the command has counted and said so far.
#[derive(Default)]
struct Said {
    tally: Tally,
    /// A line per article merged (stdout).
    said: String,
    stderr: String,
    disagreements: Vec<Disagreement>,
}

/// Writes the batch's changed curated files at once, then records each
/// article (in order) with what became of its file, emptying the batch.
fn save_and_record(
    batch: &mut Vec<(String, Result<Merged, String>)>,
    service: &Service,
    out: &mut Said,
) {
    let mut saved = save_curated(batch, service).into_iter();
    for (shown, done) in batch.drain(..) {
        let done = done.and_then(|m| match &m.write {
            Some(_) => saved.next().unwrap_or(Ok(())).map(|()| m),
            None => Ok(m),
        });
        out.record(&shown, done);
    }
}

/// The teams of two or more annotators; those of one are named in the
/// tally.
fn shared_teams(corpus: &Corpus, place: &Placement, tally: &mut Tally) -> Vec<Team> {
    let mut shared = Vec::new();
    for team in team::teams(corpus, place) {
        match team.annotators.len() {
            0 => {}
            1 => tally.alone.push(format!(
                "{} ({})",
                esc_path(&team.source),
                esc(&team.annotators[0].0)
            )),
            _ => shared.push(team),
        }
    }
    shared
}

impl Said {
    /// Counts one article and says what became of it (on stdout when it
    /// was merged, on stderr when it was left alone).
    fn record(&mut self, shown: &str, done: Result<Merged, String>) {
        match done {
            Ok(Merged {
                merged,
                queue,
                status,
                ..
            }) => {
                self.tally.articles += 1;
                self.tally.merged += merged;
                let curated = if status == Status::Curated {
                    ", curated"
                } else {
                    ""
                };
                let _ = writeln!(
                    self.said,
                    "{shown}: merged {merged}, {} to decide{curated}",
                    queue.len()
                );
                self.disagreements.extend(queue);
            }
            Err(line) => {
                self.tally.failed += 1;
                let _ = writeln!(self.stderr, "{line}");
            }
        }
    }
}

fn summary(tally: &Tally, queued: usize) -> String {
    let mut s = format!(
        "{} article(s) adjudicated: {} annotation(s) merged, {queued} disagreement(s) to decide",
        tally.articles, tally.merged
    );
    if tally.failed > 0 {
        let _ = write!(s, ", {} article(s) left untouched", tally.failed);
    }
    s.push('\n');
    if !tally.alone.is_empty() {
        let _ = writeln!(
            s,
            "{} article(s) with one annotator, nothing to adjudicate: {}",
            tally.alone.len(),
            tally.alone.join(", ")
        );
    }
    s
}

/// Merges one article's team into its curated file (not written yet):
/// how many annotations were merged, the disagreements, the curated
/// file's status and new content; or the line that says why the article
/// is left alone.
fn merge_one(team: &Team, place: &Placement, strategy: Strategy) -> Result<Merged, String> {
    let mut docs: Vec<(String, Document)> = Vec::new();
    for (who, path) in &team.annotators {
        match service::read_annotations(path) {
            Ok(Some(stored)) => docs.push((who.clone(), stored.doc)),
            Ok(None) => {}
            Err(e) => return Err(untouched(&team.source, path, &e)),
        }
    }
    let curated_path = team::curated_path(&team.source, place);
    let stored = service::read_annotations(&curated_path)
        .map_err(|e| untouched(&team.source, &curated_path, &e))?;
    let source = Source::read(&team.source)
        .map_err(|e| format!("{}: left untouched: {}", esc_path(&team.source), esc(&e)))?;
    // Offsets into another version of the text would merge nonsense.
    if let Some((who, _)) = docs.iter().find(|(_, d)| d.source.sha256 != source.sha256) {
        return Err(format!(
            "{}: left untouched: {}'s annotations were made on another version of the source (gloss reanchor first)",
            esc_path(&team.source),
            esc(who)
        ));
    }
    let target = Target {
        source: team.source.clone(),
        curated: curated_path.clone(),
        info: source.info(&team.source),
    };
    let expected = stored.as_ref().map(|s| s.sha256.clone());
    let merged = adjudicate::merge(strategy, &docs, stored.map(|s| s.doc), &target);
    let bytes = store::serialize(&merged.curated);
    let changed = expected.as_deref() != Some(crate::hash::sha256_hex(bytes.as_bytes()).as_str());
    Ok(Merged {
        merged: merged.merged,
        queue: merged.disagreements,
        status: merged.curated.status,
        write: changed.then_some(CuratedWrite {
            path: curated_path,
            bytes,
            expected,
        }),
    })
}

/// Writes every changed curated file through the service, at once: for
/// each file to write, in order, written or the line that says why not.
fn save_curated(
    merged: &[(String, Result<Merged, String>)],
    service: &Service,
) -> Vec<Result<(), String>> {
    let writes: Vec<&CuratedWrite> = merged
        .iter()
        .filter_map(|(_, m)| m.as_ref().ok()?.write.as_ref())
        .collect();
    let files: Vec<ToSave> = writes
        .iter()
        .map(|w| ToSave {
            sidecar: &w.path,
            bytes: w.bytes.as_bytes(),
            expected: w.expected.as_deref(),
        })
        .collect();
    let saved = service.save_all(&files);
    writes
        .iter()
        .zip(saved)
        .map(|(w, outcome)| {
            outcome.map_err(|e| {
                service::refusal(&w.path, &e)
                    .unwrap_or_else(|| format!("{}: not written: {}", esc_path(&w.path), esc(&e)))
            })
        })
        .collect()
}

fn untouched(source: &Path, file: &Path, e: &impl std::fmt::Display) -> String {
    format!(
        "{}: left untouched: {}: {}",
        esc_path(source),
        esc_path(file),
        esc(e)
    )
}

/// The disagreements as text: a line per position, then one per version,
/// numbered as the terminal numbers them, and who has nothing there.
pub fn list(disagreements: &[Disagreement]) -> String {
    let mut out = String::new();
    for d in disagreements {
        let missing: Vec<&str> = d
            .annotators
            .iter()
            .filter(|a| !d.versions.iter().any(|v| &v.annotator == *a))
            .map(String::as_str)
            .collect();
        let _ = write!(
            out,
            "{}:{}-{}: {}",
            esc_path(&d.source),
            d.start,
            d.end,
            d.layer.name()
        );
        if !missing.is_empty() {
            let _ = write!(out, "; nothing from {}", esc(missing.join(", ")));
        }
        out.push('\n');
        for (n, v) in d.versions.iter().enumerate() {
            let _ = writeln!(out, "  {} {}", n + 1, version_line(v));
        }
    }
    out
}

/// `ana: ORG 29-38 "Acme Corp" {Negated: true}`, and for an event its
/// arguments: `Entity=PER 0-11 "Maria Lopez"`.
pub fn version_line(v: &Version) -> String {
    let a = &v.annotation;
    let (start, end) = a.span();
    let mut line = format!(
        "{}: {} {start}-{end} {}",
        esc(&v.annotator),
        esc(a.kind()),
        Quoted(a.text())
    );
    if let Some(attrs) = a.attributes() {
        let shown: Vec<String> = attrs.iter().map(|(k, val)| format!("{k}: {val}")).collect();
        let _ = write!(line, " {{{}}}", esc(shown.join(", ")));
    }
    if let Annotation::Event { event, fillers } = a {
        for (arg, filler) in event.arguments.iter().zip(fillers) {
            let what = match filler {
                Filler::Entity(e) => {
                    format!("{} {}-{} {}", esc(&e.kind), e.start, e.end, Quoted(&e.text))
                }
                Filler::Event { kind, start, end } => format!("event {} {start}-{end}", esc(kind)),
                Filler::Missing(id) => format!("missing {}", esc(id)),
            };
            let _ = write!(line, " {}={what}", esc(&arg.role));
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_parse_by_name() {
        assert_eq!(parse_strategy("all"), Ok(Strategy::All));
        assert_eq!(parse_strategy("majority"), Ok(Strategy::Majority));
        assert_eq!(parse_strategy("none"), Ok(Strategy::None));
        assert!(parse_strategy("most").is_err());
    }
}
