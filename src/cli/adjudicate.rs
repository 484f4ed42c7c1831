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
use crate::service::{self, Service};
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

/// How many articles are merged and written at once.
const WRITERS: usize = 8;

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
    let mut tally = Tally::default();
    let (mut said, mut stderr) = (String::new(), String::new());
    let mut disagreements = Vec::new();
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
    // Each write is synced to disk: many at once let the disk group them.
    crate::search::corpus::in_order(
        shared.into_iter(),
        WRITERS,
        || (),
        |team, ()| {
            let done = adjudicate_one(team, place, args.strategy, service);
            (esc_path(&team.source).to_string(), done)
        },
        |(shown, done)| {
            match done {
                Ok((merged, queue, status)) => {
                    tally.articles += 1;
                    tally.merged += merged;
                    let curated = if status == Status::Curated {
                        ", curated"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        said,
                        "{shown}: merged {merged}, {} to decide{curated}",
                        queue.len()
                    );
                    disagreements.extend(queue);
                }
                Err(line) => {
                    tally.failed += 1;
                    let _ = writeln!(stderr, "{line}");
                }
            }
            true
        },
    );
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

/// Merges one article's team into its curated file and writes it (when
/// it changed). Returns how many annotations were merged, the
/// disagreements, and the curated file's status; or the line that says
/// why the article was left alone.
fn adjudicate_one(
    team: &Team,
    place: &Placement,
    strategy: Strategy,
    service: &Service,
) -> Result<(usize, Vec<Disagreement>, Status), String> {
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
    if expected.as_deref() != Some(crate::hash::sha256_hex(bytes.as_bytes()).as_str()) {
        service
            .save(&curated_path, bytes.as_bytes(), expected.as_deref())
            .map_err(|e| {
                service::refusal(&curated_path, &e).unwrap_or_else(|| {
                    format!("{}: not written: {}", esc_path(&curated_path), esc(&e))
                })
            })?;
    }
    Ok((merged.merged, merged.disagreements, merged.curated.status))
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
