//! `gloss import` and `gloss export`: moving annotations between the gloss
//! format and brat, JSONL, doccano and CoNLL, on the same core as the rest.
//! Each command says on standard error what it did, what it skipped and
//! what the target format could not hold.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::annotation::{Document, Status};
use crate::article::Source;
use crate::cli::{ExportCommand, ImportCommand, Report};
use crate::corpus::{Corpus, Entry};
use crate::formats::brat_conf::names::VISUAL_FILE;
use crate::formats::{Losses, brat, brat_conf, conll, doccano, jsonl, leave_out_suggestions};
use crate::hash::file_sha256;
use crate::outputs;
use crate::schema::Schema;
use crate::service::{self, Service};
use crate::store;
use crate::text::{SourceText, esc, esc_path};

/// A source's text and a fresh document for it.
fn read_source(path: &Path, annotator: Option<&str>) -> Result<(SourceText, Document), String> {
    let src = Source::read(path).map_err(|e| format!("{}: {}", esc_path(path), esc(&e)))?;
    let doc = Document::new(src.info(path), annotator.map(str::to_owned));
    Ok((src.text, doc))
}

/// The schema brat would use for a document: the nearest `annotation.conf`.
/// Parsed once per file; a broken or unreadable one is reported (and
/// counted) and not used.
#[derive(Default)]
struct Confs {
    cache: HashMap<PathBuf, Option<Schema>>,
    reported: usize,
}

impl Confs {
    fn for_doc(&mut self, doc: &Path, errors: &mut String) -> Option<&Schema> {
        let dir = doc.parent()?;
        let conf = brat_conf::nearest(dir, None)?;
        let reported = &mut self.reported;
        self.cache
            .entry(conf.clone())
            .or_insert_with(|| {
                let parsed = crate::fsread::read_utf8(&conf)
                    .map_err(|e| format!("{}: cannot read: {}", esc_path(&conf), esc(&e)))
                    .and_then(|text| {
                        brat_conf::parse(&text, &conf.display().to_string())
                            .map_err(|e| esc(&e).to_string())
                    });
                parsed
                    .map_err(|e| {
                        *reported += 1;
                        let _ = writeln!(errors, "{e} (roles are read as written)");
                    })
                    .ok()
            })
            .as_ref()
    }
}

/// A `.ann` file's text, `Ok(None)` when there is none. One that is not
/// UTF-8 is decoded as a source would be (brat writes UTF-8, but Latin-1
/// files exist in the wild), and `notes` says so.
fn read_ann(ann: &Path, notes: &mut String) -> Result<Option<String>, String> {
    let bytes = match crate::fsread::read(ann) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(format!("{}: cannot read: {}", esc_path(ann), esc(&e))),
    };
    let decoded = SourceText::decode_owned(bytes)
        .map_err(|e| format!("{}: not imported: it is {}", esc_path(ann), esc(&e)))?;
    if decoded.encoding != crate::text::UTF8 {
        let _ = writeln!(
            notes,
            "{}: not UTF-8, read as {}",
            esc_path(ann),
            decoded.encoding
        );
    }
    Ok(Some(decoded.text.as_str().to_owned()))
}

/// `gloss import brat`: `NAME.ann` beside `NAME.txt` becomes `NAME.txt.ann.json`.
pub fn import_brat(
    corpus: &Corpus,
    force: bool,
    annotator: Option<&str>,
    service: &Service,
) -> Report {
    let mut stderr = String::new();
    let mut confs = Confs::default();
    let mut tally = BratTally::default();
    for entry in &corpus.entries {
        let mut import = BratImport {
            force,
            annotator,
            service,
            confs: &mut confs,
            stderr: &mut stderr,
        };
        import.one(entry, &mut tally);
    }
    let BratTally {
        imported,
        skipped,
        failed,
        annotations,
        dangling,
    } = tally;
    let _ = write!(
        stderr,
        "imported {imported} document(s) with {annotations} annotation(s); {skipped} skipped, {failed} failed"
    );
    if dangling > 0 {
        let _ = write!(stderr, ", {dangling} reference(s) to missing ids");
    }
    stderr.push('\n');
    Report {
        stdout: String::new(),
        stderr,
        code: u8::from(failed + dangling + confs.reported > 0),
    }
}

/// What a brat import did, counted over the corpus for its summary line.
#[derive(Default)]
struct BratTally {
    imported: usize,
    skipped: usize,
    failed: usize,
    annotations: usize,
    /// References to nothing: imported as written, but reported.
    dangling: usize,
}

/// What importing one article from brat needs besides the article.
struct BratImport<'a> {
    force: bool,
    annotator: Option<&'a str>,
    service: &'a Service,
    confs: &'a mut Confs,
    stderr: &'a mut String,
}

impl BratImport<'_> {
    /// Imports the `.ann` beside one article, if there is one, and counts
    /// what became of it.
    fn one(&mut self, entry: &Entry, tally: &mut BratTally) {
        let stderr = &mut *self.stderr;
        let ann = entry.path.with_extension("ann");
        let ann_text = match read_ann(&ann, stderr) {
            Ok(Some(text)) => text,
            Ok(None) => return,
            Err(e) => {
                tally.failed += 1;
                let _ = writeln!(stderr, "{e}");
                return;
            }
        };
        let sidecar = &entry.sidecar;
        if sidecar.exists() && !self.force {
            tally.skipped += 1;
            let _ = writeln!(
                stderr,
                "{}: exists, left as it is (--force replaces it)",
                esc_path(sidecar)
            );
            return;
        }
        if let Err(e) = outputs::check_annotation_file(entry) {
            tally.failed += 1;
            let _ = writeln!(stderr, "{e}");
            return;
        }
        // What is there now; the import writes only over that.
        let there = file_sha256(sidecar);
        let confs = &mut *self.confs;
        let result = read_source(&entry.path, self.annotator).and_then(|(text, base)| {
            let schema = confs.for_doc(&entry.path, stderr).cloned();
            let labels = brat_conf::names::Labels::near(&entry.path);
            brat::import(&ann_text, &text, base, schema.as_ref())
                .map(|doc| labels.restore(doc))
                .map_err(|e| format!("{}: {}", esc_path(&ann), esc(&e)))
        });
        let mut doc = match result {
            Ok(doc) => doc,
            Err(e) => {
                tally.failed += 1;
                let _ = writeln!(stderr, "{}", esc(&e));
                return;
            }
        };
        tally.dangling += report_dangling(&ann, &ann_text, stderr);
        if doc.annotation_count() > 0 {
            doc.status = Status::InProgress;
        }
        match save_imported(self.service, sidecar, &doc, there.as_deref()) {
            Ok(()) => {
                tally.imported += 1;
                tally.annotations += doc.annotation_count();
            }
            Err(line) => {
                tally.failed += 1;
                let _ = writeln!(stderr, "{line}");
            }
        }
    }
}

/// Says which references of a `.ann` point to nothing (imported as
/// written all the same) and counts them.
fn report_dangling(ann: &Path, ann_text: &str, stderr: &mut String) -> usize {
    let problems = brat::refs::dangling(ann_text);
    for problem in &problems {
        let _ = writeln!(
            stderr,
            "{}: {} (imported as written)",
            esc_path(ann),
            esc(problem)
        );
    }
    problems.len()
}

/// Saves an imported document over what was there (`there`: its hash),
/// unless a running gloss holds it or it changed meanwhile; the error is
/// the line that says why.
fn save_imported(
    service: &Service,
    sidecar: &Path,
    doc: &Document,
    there: Option<&str>,
) -> Result<(), String> {
    let bytes = store::serialize(doc);
    service.save(sidecar, bytes.as_bytes(), there).map_err(|e| {
        service::refusal(sidecar, &e)
            .unwrap_or_else(|| format!("{}: cannot write: {}", esc_path(sidecar), esc(&e)))
    })
}

/// The annotations of an entry: its document (or an empty one) with the
/// hash of the file it came from (`None`: there was none), or why it
/// cannot be read.
fn load(
    entry: &Entry,
    annotator: Option<&str>,
) -> Result<(SourceText, Document, Option<String>), String> {
    let (text, fresh) = read_source(&entry.path, annotator)?;
    let sidecar = &entry.sidecar;
    match service::read_annotations(sidecar) {
        Ok(Some(stored)) => Ok((text, stored.doc, Some(stored.sha256))),
        Ok(None) => Ok((text, fresh, None)),
        Err(e) => Err(format!("{}: {}", esc_path(sidecar), esc(&e))),
    }
}

/// `gloss export brat`: `DIR/a/b.txt` and `DIR/a/b.ann` for `PATH/a/b.txt`,
/// and the schema as `DIR/annotation.conf`.
pub fn export_brat(
    corpus: &Corpus,
    schema: &Schema,
    out: &Path,
    annotator: Option<&str>,
    include_suggestions: bool,
) -> Report {
    if let Err(e) = outputs::check_brat_export(corpus, out) {
        return refused(&e);
    }
    let mut stderr = String::new();
    let mut losses = Losses::default();
    let (mut written, mut failed) = (0, 0);
    // The corpus's own annotation.conf says it best; otherwise one is made
    // from the schema, in names brat accepts (the .ann files too).
    let own_conf =
        brat_conf::nearest(&corpus.root, None).and_then(|p| crate::fsread::read_utf8(&p).ok());
    let mut names = brat_conf::names::BratNames::default();
    let renaming = own_conf.is_none();
    let conf = own_conf.unwrap_or_else(|| brat_conf::write(&names.schema(schema)));
    for entry in &corpus.entries {
        let result = load(entry, annotator).and_then(|(text, mut doc, _)| {
            if !include_suggestions {
                leave_out_suggestions(&mut doc, &mut losses);
            }
            if renaming {
                doc = names.document(&doc);
            }
            let ann = brat::export(&doc, &text, &mut losses);
            let txt = outputs::under(out, &entry.name);
            if let Some(dir) = txt.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("{}: {}", esc_path(dir), esc(&e)))?;
            }
            std::fs::copy(&entry.path, &txt)
                .map_err(|e| format!("{}: {}", esc_path(&txt), esc(&e)))?;
            let ann_path = txt.with_extension("ann");
            store::write_atomic(&ann_path, ann.as_bytes())
                .map_err(|e| format!("{}: {}", esc_path(&ann_path), esc(&e)))
        });
        match result {
            Ok(()) => written += 1,
            Err(e) => {
                failed += 1;
                let _ = writeln!(stderr, "{}", esc(&e));
            }
        }
    }
    let visual = names.visual_conf();
    let confs = [("annotation.conf", Some(conf)), (VISUAL_FILE, visual)];
    for (file, text) in confs.iter().filter_map(|(f, t)| Some((f, t.as_ref()?))) {
        if let Err(e) = std::fs::create_dir_all(out)
            .and_then(|()| store::write_atomic(&out.join(file), text.as_bytes()))
        {
            failed += 1;
            let _ = writeln!(stderr, "{}: {}", esc_path(&out.join(file)), esc(&e));
        }
    }
    if let (n, Some((brat, name))) = names.changed() {
        let _ = writeln!(
            stderr,
            "{n} name(s) written as brat accepts them ({} as {brat}, …); {VISUAL_FILE} gives the names back",
            esc(name)
        );
    }
    stderr.push_str(&losses.report("brat"));
    let _ = writeln!(
        stderr,
        "exported {written} document(s) to {}; {failed} failed",
        esc_path(out)
    );
    Report {
        stdout: String::new(),
        stderr,
        code: u8::from(failed > 0),
    }
}

/// `gloss import …`, as the command line asked.
pub fn import(
    command: ImportCommand,
    corpus: &Corpus,
    schema: &Schema,
    annotator: Option<&str>,
    service: &Service,
) -> Report {
    match command {
        ImportCommand::Brat { force, .. } => import_brat(corpus, force, annotator, service),
        ImportCommand::Jsonl {
            file,
            source,
            allow_unknown,
            ..
        } => {
            let how = JsonlImport {
                source: &source,
                annotator,
                allow_unknown,
            };
            import_jsonl(&file, corpus, schema, &how, service)
        }
    }
}

/// `gloss export …`, as the command line asked.
pub fn export(
    command: ExportCommand,
    corpus: &Corpus,
    schema: &Schema,
    annotator: Option<&str>,
) -> Report {
    let (format, out, include) = match command {
        ExportCommand::Brat {
            out,
            include_suggestions,
            ..
        } => return export_brat(corpus, schema, &out, annotator, include_suggestions),
        ExportCommand::Jsonl {
            out,
            include_suggestions,
            ..
        } => (Lines::Jsonl, out, include_suggestions),
        ExportCommand::Doccano {
            out,
            include_suggestions,
            ..
        } => (Lines::Doccano, out, include_suggestions),
        ExportCommand::Conll {
            out,
            include_suggestions,
            ..
        } => (Lines::Conll, out, include_suggestions),
    };
    export_lines(corpus, format, &out, annotator, include)
}

/// An export that would write over one of its inputs: exit 2, nothing written.
fn refused(why: &outputs::Overwrite) -> Report {
    Report {
        stdout: String::new(),
        stderr: format!("gloss: {why}\n"),
        code: 2,
    }
}

/// The line-per-document exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Jsonl,
    Doccano,
    Conll,
}

impl Lines {
    fn name(self) -> &'static str {
        match self {
            Lines::Jsonl => "jsonl",
            Lines::Doccano => "doccano",
            Lines::Conll => "conll",
        }
    }
}

/// `gloss export jsonl|doccano|conll`: every document into one file.
/// Pending suggestions are left out unless `include_suggestions`.
pub fn export_lines(
    corpus: &Corpus,
    format: Lines,
    out: &Path,
    annotator: Option<&str>,
    include_suggestions: bool,
) -> Report {
    if let Err(e) = outputs::check_file_export(corpus, out) {
        return refused(&e);
    }
    let mut stderr = String::new();
    let mut losses = Losses::default();
    let mut body = String::new();
    let (mut written, mut failed) = (0, 0);
    for entry in &corpus.entries {
        match load(entry, annotator) {
            Ok((text, mut doc, _)) => {
                if !include_suggestions {
                    leave_out_suggestions(&mut doc, &mut losses);
                }
                let file = entry.name.clone();
                match format {
                    Lines::Jsonl => {
                        body.push_str(&jsonl::export_line(&doc, &text, &file, &mut losses))
                    }
                    Lines::Doccano => {
                        body.push_str(&doccano::export_line(&doc, &text, &file, &mut losses))
                    }
                    Lines::Conll => body.push_str(&conll::export_doc(&doc, &text, &mut losses)),
                }
                if format != Lines::Conll {
                    body.push('\n');
                }
                written += 1;
            }
            Err(e) => {
                failed += 1;
                let _ = writeln!(stderr, "{}", esc(&e));
            }
        }
    }
    if let Err(e) = store::write_atomic(out, body.as_bytes()) {
        failed += 1;
        let _ = writeln!(stderr, "{}: {}", esc_path(out), esc(&e));
    }
    stderr.push_str(&losses.report(format.name()));
    let _ = writeln!(
        stderr,
        "exported {written} document(s) to {}; {failed} failed",
        esc_path(out)
    );
    Report {
        stdout: String::new(),
        stderr,
        code: u8::from(failed > 0),
    }
}

mod import_jsonl;
pub use import_jsonl::{JsonlImport, import_jsonl};
