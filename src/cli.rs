//! The command line: argument shapes and the headless commands, on the same
//! core as the terminal interface.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::article::Source;
use crate::corpus::{self, Corpus};
use crate::schema::Schema;
use crate::service::{self, Service};
use crate::store;
use crate::text::{Quoted, esc, esc_path};

use crate::validate::{self, Problem, ProblemKind};

pub mod adjudicate;
pub mod agree;
pub mod git;
pub mod review;
pub mod search;
mod stats;
pub use stats::stats;

#[derive(Debug, Parser)]
#[command(
    name = "gloss",
    version,
    about = "Read and annotate a corpus of plain-text articles in the terminal.",
    long_about = "Read and annotate a corpus of plain-text articles in the terminal.\n\n\
        gloss [PATH...] opens every *.txt below each PATH (default: the current folder).\n\
        Annotations are saved as NAME.txt.ann.json beside each article.",
    // No `args_conflicts_with_subcommands`: with it, an option before the
    // subcommand (`gloss --annotator bob stats DIR`) made `stats` a path.
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folders (every *.txt below them) or single files to open.
    pub paths: Vec<PathBuf>,
    /// Save to NAME.txt.ANNOTATOR.ann.json, so several people can annotate one corpus.
    #[arg(long, global = true, value_name = "NAME", value_parser = parse_annotator)]
    pub annotator: Option<String>,
    /// Keep annotation files under DIR, mirroring the corpus tree, and never
    /// write into the corpus (for read-only or shared corpora).
    #[arg(long, global = true, value_name = "DIR")]
    pub annotations_dir: Option<PathBuf>,
    /// Read keys and colours from FILE instead of ~/.config/gloss/config.toml.
    #[arg(long = "config", global = true, value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    /// Read every source in this encoding (a WHATWG name: windows-1256,
    /// koi8-r, shift_jis...) instead of detecting each one's.
    #[arg(long, global = true, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<String>,
}

impl Cli {
    /// The folders and files the command works on (`.` when none are named).
    pub fn corpus_paths(&self) -> Vec<PathBuf> {
        let named = match &self.command {
            Some(
                Command::Validate { paths }
                | Command::Stats { paths, .. }
                | Command::Reanchor { paths }
                | Command::Search { paths, .. },
            ) => paths,
            Some(Command::Import(ImportCommand::Brat { paths, .. })) => paths,
            Some(Command::Import(ImportCommand::Jsonl { into, .. })) => into,
            Some(Command::Export(
                ExportCommand::Brat { paths, .. }
                | ExportCommand::Jsonl { paths, .. }
                | ExportCommand::Doccano { paths, .. }
                | ExportCommand::Conll { paths, .. },
            )) => paths,
            Some(Command::Review(args)) => &args.paths,
            Some(Command::Adjudicate(args)) => &args.paths,
            Some(Command::Agree(args)) => &args.paths,
            Some(Command::Config { .. } | Command::MergeFile { .. } | Command::GitSetup { .. })
            | None => &self.paths,
        };
        if named.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            named.clone()
        }
    }
}

/// Where annotation files go for these paths, and a notice when gloss chose
/// a place the user did not name (the corpus folder is not writable).
pub fn placement(cli: &Cli, paths: &[PathBuf]) -> (store::Placement, Option<String>) {
    let annotator = cli.annotator.clone();
    if let Some(dir) = &cli.annotations_dir {
        return (store::Placement::under(dir.clone(), paths, annotator), None);
    }
    let beside = store::Placement {
        annotator: annotator.clone(),
        ..store::Placement::default()
    };
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let folder = corpus::folder_of(&first);
    let writable = nix::unistd::access(&folder, nix::unistd::AccessFlags::W_OK).is_ok();
    if writable || !folder.exists() {
        return (beside, None);
    }
    let Some(mirrors) = crate::dirs::mirrors() else {
        return (beside, None);
    };
    let abs = std::fs::canonicalize(&folder).unwrap_or(folder);
    let key: String = abs
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mirror = mirrors.join(key.trim_start_matches('_'));
    let notice = format!(
        "{} is read-only: annotations go to {}",
        abs.display(),
        mirror.display()
    );
    (
        store::Placement::under(mirror, paths, annotator),
        Some(notice),
    )
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every annotation file under PATH against its source and the schema.
    /// Prints one line per problem; exits 1 if there is any.
    Validate {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Count documents, statuses and annotations per type (pending
    /// suggestions in a column of their own), then each annotator's work,
    /// who has finished which article, and each pair's agreement.
    Stats {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print every figure as JSON, for scripts (docs/stats.md).
        #[arg(long)]
        json: bool,
    },
    /// Find annotations again in sources that changed under them: moved
    /// where their text is found unambiguously, flagged as orphans (never
    /// dropped) where not. Exits 1 when orphans remain.
    Reanchor {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Step through suggestions, problems or unreviewed annotations, deciding
    /// each in one key.
    ///
    /// With no filter: pending suggestions, then problems. Filters combine
    /// (all must hold). --list prints the queue; --accept-all and
    /// --reject-all decide all of it from a script.
    Review(review::ReviewArgs),
    /// Merge each article's annotator files (NAME.txt.ANNOTATOR.ann.json)
    /// into its curated file NAME.txt.ann.json, then open the queue of
    /// their disagreements.
    ///
    /// Only articles with two or more annotators; an existing curated file
    /// is extended, never overwritten. --list prints the disagreements
    /// instead (exit 1 when any are left to decide).
    Adjudicate(adjudicate::AdjudicateArgs),
    /// How far annotators agree, on every article two or more of them annotated.
    ///
    /// Compares the NAME.txt.ANNOTATOR.ann.json files: span F1 (exact and
    /// relaxed), Cohen's and Fleiss' kappa over tokens, Krippendorff's
    /// alpha_U, and F1 of triggers, arguments and relations. Only accepted
    /// entities count in span, token and alpha_U measures. Exits 1 when a
    /// file could not be read (it is named and left out).
    Agree(agree::AgreeArgs),
    /// Bring annotations in from another tool.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write annotations out for another tool. Pending suggestions are left
    /// out (and counted) unless --include-suggestions; what the target cannot
    /// hold is reported on standard error, with counts.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Find QUERY in every article: plain text (smart case: all lower case
    /// ignores case), re:REGEX, or an annotation query: @TYPE, @TYPE:text,
    /// @? (pending suggestions), @! (problems). One line per match,
    /// file:line:column: context, the match in [brackets]. Exits 0 when
    /// something matched, 1 when nothing did, 2 on an error.
    Search {
        /// Mosul, re:Mos[a-z]l, @GPE, @PER:Ahmed, @? or @! (a leading \
        /// searches for @ or re: themselves).
        query: String,
        /// Folders (every *.txt below them) or single files to search.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// One JSON object per match: file, start and end (code points),
        /// line, column, text, context; id and type for annotation queries.
        #[arg(long, conflicts_with = "count")]
        json: bool,
        /// How many matches in each file that has any (file:N).
        #[arg(long)]
        count: bool,
    },
    /// Merge three versions of an annotation file by annotation id (git's
    /// merge driver).
    ///
    /// Called by git as `gloss merge-file %O %A %B` once `gloss git-setup`
    /// has set it up. The result goes to OURS; exit 0 when clean, 1 with
    /// conflicts (both versions kept and marked "conflict", listed by
    /// `gloss validate`), 2 when a file cannot be used (OURS is then left
    /// as it was).
    MergeFile {
        /// The common ancestor (git's %O; empty when there is none).
        base: PathBuf,
        /// Our version (git's %A), overwritten with the merge.
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
    },
    /// Make a git repository merge annotation files with `gloss merge-file`.
    ///
    /// Adds "*.ann.json merge=gloss" to the repository's .gitattributes (once)
    /// and sets merge.gloss.driver and merge.gloss.name in its git config.
    GitSetup {
        /// A folder in the repository (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Print the configuration in force (the defaults with your config.toml
    /// over them) as TOML. A folder named config opens as `gloss ./config`.
    Config {
        /// Check the config file and say what it changes (exit 2 on a mistake).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// NAME.ann beside NAME.txt (brat standoff) becomes NAME.txt.ann.json;
    /// every kind of line is kept, ids too. The nearest annotation.conf tells
    /// numbered roles (Theme2) apart.
    Brat {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Replace annotation files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Spans from a model or another tool (gloss's JSONL or doccano's), matched
    /// to documents by meta.file or identical text, added as suggestions.
    /// A record without "text" is matched by meta.file alone. Records with
    /// labels the schema does not know are refused (exit 1), each label
    /// named with its count and lines, unless --allow-unknown.
    Jsonl {
        file: PathBuf,
        /// The corpus the records belong to.
        #[arg(long, value_name = "PATH", required = true)]
        into: Vec<PathBuf>,
        /// Where the suggestions came from (stored with each one).
        #[arg(long, default_value = "jsonl import")]
        source: String,
        /// Import labels the schema does not know as suggestions (each a
        /// problem until retyped or rejected) instead of refusing their records.
        #[arg(long)]
        allow_unknown: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// brat standoff: DIR/a/b.txt and DIR/a/b.ann for PATH/a/b.txt, and the
    /// schema as DIR/annotation.conf.
    Brat {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Export pending suggestions too, like accepted annotations (by
        /// default they are left out and counted on standard error).
        #[arg(long)]
        include_suggestions: bool,
    },
    /// One JSON line per document: text, spans (code-point offsets, what spaCy
    /// and Prodigy read), events, relations and meta.file.
    Jsonl {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Export pending suggestions too, like accepted annotations (by
        /// default they are left out and counted on standard error).
        #[arg(long)]
        include_suggestions: bool,
    },
    /// doccano sequence labelling JSONL: {"text", "label": [[start, end, TYPE]]}
    /// with offsets in UTF-16 code units, which is what doccano counts.
    Doccano {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Export pending suggestions too, like accepted annotations (by
        /// default they are left out and counted on standard error).
        #[arg(long)]
        include_suggestions: bool,
    },
    /// CoNLL: one token per line with its BIO tag last, a blank line between
    /// sentences, -DOCSTART- between documents.
    Conll {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Export pending suggestions too, like accepted annotations (by
        /// default they are left out and counted on standard error).
        #[arg(long)]
        include_suggestions: bool,
    },
}

/// An encoding's WHATWG name, from any of its labels.
fn parse_encoding(s: &str) -> Result<String, String> {
    crate::text::encoding_for_label(s)
        .map(|e| e.name().to_owned())
        .ok_or_else(|| {
            "not an encoding gloss knows (a WHATWG name: windows-1256, koi8-r, shift_jis...)".into()
        })
}

fn parse_annotator(s: &str) -> Result<String, String> {
    if crate::team::is_annotator_name(s) {
        Ok(s.to_owned())
    } else {
        Err("use letters, digits, '-' and '_' only (it becomes part of a file name)".into())
    }
}

/// The outcome of a headless command: what to print and the exit code.
pub struct Report {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

/// `gloss validate`: one line `file: id: problem` per problem.
pub fn validate(corpus: &Corpus, schema: &Schema) -> Report {
    let mut stdout = String::new();
    let (mut files, mut problems) = (0, 0);
    for entry in &corpus.entries {
        let sidecar = &entry.sidecar;
        let shown = esc_path(sidecar);
        let found = match check_one(&entry.path, sidecar, schema) {
            Ok(None) => continue,
            Ok(Some(found)) => found,
            Err(message) => vec![Problem::file(ProblemKind::Unreadable, message)],
        };
        files += 1;
        for p in &found {
            let _ = writeln!(stdout, "{shown}: {p}");
        }
        problems += found.len();
    }
    let stderr = format!("{files} annotation file(s) checked, {problems} problem(s)\n");
    Report {
        stdout,
        stderr,
        code: u8::from(problems > 0),
    }
}

fn check_one(
    source: &std::path::Path,
    sidecar: &std::path::Path,
    schema: &Schema,
) -> Result<Option<Vec<Problem>>, String> {
    let doc = match service::read_annotations(sidecar) {
        Ok(None) => return Ok(None),
        Ok(Some(stored)) => stored.doc,
        Err(e) => return Err(format!("cannot be used: {e}")),
    };
    let src = Source::read_recorded(source, Some(&doc.source.encoding))?;
    Ok(Some(validate::validate(
        &doc,
        &src.text,
        &src.sha256,
        schema,
    )))
}

/// `gloss reanchor`: re-anchors every annotation file whose source changed.
/// A file open in a running gloss is refused (and named), the rest go on.
pub fn reanchor(corpus: &Corpus, service: &Service) -> Report {
    let mut out = Reanchored::default();
    for entry in &corpus.entries {
        reanchor_one(&entry.path, &entry.sidecar, service, &mut out);
    }
    let Reanchored {
        stdout,
        mut stderr,
        files,
        orphans,
        failed,
    } = out;
    let _ = writeln!(
        stderr,
        "{files} file(s) re-anchored, {orphans} orphan(s), {failed} failed"
    );
    Report {
        stdout,
        stderr,
        code: u8::from(orphans + failed > 0),
    }
}

/// What `gloss reanchor` says and counts as it goes.
#[derive(Default)]
struct Reanchored {
    stdout: String,
    stderr: String,
    files: usize,
    orphans: usize,
    failed: usize,
}

fn reanchor_one(
    source: &std::path::Path,
    sidecar: &std::path::Path,
    service: &Service,
    out: &mut Reanchored,
) {
    let shown = esc_path(sidecar);
    let stored = match service::read_annotations(sidecar) {
        Ok(Some(stored)) => stored,
        Ok(None) => return,
        Err(e) => {
            out.failed += 1;
            let _ = writeln!(out.stderr, "{shown}: left untouched: {}", esc(&e));
            return;
        }
    };
    let (text, sha) = match Source::read_recorded(source, Some(&stored.doc.source.encoding)) {
        Ok(src) => (src.text, src.sha256),
        Err(e) => {
            out.failed += 1;
            let _ = writeln!(out.stderr, "{}: {}", esc_path(source), esc(&e));
            return;
        }
    };
    let mut doc = stored.doc;
    if doc.source.sha256 == sha && validate::check_spans(&doc, &text).is_empty() {
        return;
    }
    // Held before anything is said or changed: a file a running gloss has
    // open is refused whole, not re-anchored under its feet.
    let _held = match service.lock(sidecar) {
        Ok(held) => held,
        Err(e) => {
            out.failed += 1;
            let line = service::refusal(sidecar, &e).unwrap_or_default();
            let _ = writeln!(out.stderr, "{line}");
            return;
        }
    };
    let outcome = crate::reanchor::reanchor(&mut doc, &text);
    doc.source.sha256 = sha;
    doc.source.chars = text.len_chars();
    doc.normalize();
    say_moves(&shown, &outcome, &mut out.stdout);
    out.orphans += outcome.orphaned.len();
    let bytes = store::serialize(&doc);
    match service::write_checked(sidecar, bytes.as_bytes(), Some(Some(&stored.sha256))) {
        Ok(_) => out.files += 1,
        Err(e) => {
            out.failed += 1;
            let line = service::refusal(sidecar, &e)
                .unwrap_or_else(|| format!("{shown}: cannot write: {}", esc(&e)));
            let _ = writeln!(out.stderr, "{line}");
        }
    }
    let _ = writeln!(
        out.stderr,
        "{shown}: {}",
        esc(crate::reanchor::summary(&outcome))
    );
}

/// One line per annotation moved or orphaned by re-anchoring a file.
fn say_moves(
    shown: &dyn std::fmt::Display,
    outcome: &crate::reanchor::Outcome,
    stdout: &mut String,
) {
    for m in &outcome.moved {
        let _ = writeln!(
            stdout,
            "{shown}: {}: moved {}..{} → {}..{}",
            esc(&m.id),
            m.from.0,
            m.from.1,
            m.to.0,
            m.to.1
        );
    }
    for o in &outcome.orphaned {
        let _ = writeln!(
            stdout,
            "{shown}: {}: orphaned {} (was {}..{}): {}",
            esc(&o.id),
            Quoted(&o.text),
            o.was.0,
            o.was.1,
            esc(&o.why)
        );
    }
}

/// Finds the corpus and its schema for a headless command.
pub fn open(paths: &[PathBuf], place: &store::Placement) -> anyhow::Result<(Corpus, Schema)> {
    let corpus = corpus::discover(paths, place)?;
    let schema = schema_for(&corpus.root)?;
    Ok((corpus, schema))
}

/// As `open`, for the terminal: a folder is walked only as far as its
/// list's first screen (however tall); the rest streams in (`Corpus::rest`).
pub fn open_first(paths: &[PathBuf], place: &store::Placement) -> anyhow::Result<(Corpus, Schema)> {
    const FIRST_SCREEN: usize = 256;
    let corpus = corpus::discover_first(paths, place, FIRST_SCREEN)?;
    let schema = schema_for(&corpus.root)?;
    Ok((corpus, schema))
}

/// The corpus's `gloss.schema.json`, else the nearest brat `annotation.conf`
/// (so a brat project opens as it is), else the user's, else the built-in.
pub fn schema_for(root: &std::path::Path) -> anyhow::Result<Schema> {
    let own = root.join(crate::schema::CORPUS_SCHEMA_FILE);
    if !own.exists()
        && let Some(conf) = crate::formats::brat_conf::nearest(root, None)
    {
        let text = crate::fsread::read_utf8(&conf)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", conf.display()))?;
        return Ok(crate::formats::brat_conf::parse(
            &text,
            &conf.display().to_string(),
        )?);
    }
    Ok(Schema::resolve(
        root,
        crate::dirs::user_schema().as_deref(),
    )?)
}

#[cfg(test)]
mod tests;
