//! Opening one article: its text, its annotations, and whether they may be
//! edited. An annotation file that cannot be trusted is never written over.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::annotation::{Document, SourceInfo, SpanView};
use crate::history::{DocChange, History};
use crate::schema::Schema;
use crate::store;
use crate::text::SourceText;
use crate::validate::{self, Problem};

/// Whether edits to an article may be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Editable,
    /// Shown to the user; nothing is written while it holds.
    ReadOnly(String),
}

#[derive(Debug, Clone)]
pub struct Article {
    pub source: PathBuf,
    pub sidecar: PathBuf,
    /// The hash of the annotation file as it was read (None: there was none),
    /// so that a change by someone else is noticed before saving.
    pub sidecar_sha: Option<String>,
    pub text: SourceText,
    /// The encoding the text was decoded from (`source.encoding`).
    pub encoding: &'static str,
    /// The source's hash, taken when first needed (see `open`).
    sha256: OnceCell<String>,
    pub doc: Document,
    pub access: Access,
    /// Something the user should know that does not stop editing.
    pub notice: Option<String>,
    /// Held while this process may edit the article.
    pub lock: Option<std::sync::Arc<crate::lock::ArticleLock>>,
    /// The edits made in this session, for undo and redo.
    pub history: History<DocChange>,
    /// What is wrong with the annotations, found by `check`.
    pub problems: Vec<Problem>,
    /// The longest entity, kept with the problems, for span look-ups.
    longest: usize,
    /// The annotations changed since `problems` was found.
    unchecked: bool,
}

pub use crate::hash::sha256_hex;

/// How much of a big source the first frame is drawn from: a screen's worth
/// many times over, read in well under a millisecond.
pub const PREVIEW_BYTES: u64 = 64 * 1024;

/// A source read whole, for the headless commands.
#[derive(Debug)]
pub struct Source {
    pub text: SourceText,
    pub encoding: &'static str,
    pub sha256: String,
}

impl Source {
    /// Reads and decodes a source file; the error says which went wrong.
    pub fn read(path: &Path) -> Result<Self, String> {
        Self::read_recorded(path, None)
    }

    /// As `read`, in the encoding an annotation file recorded when that one
    /// explains the bytes (`SourceText::decode_recorded`).
    pub fn read_recorded(path: &Path, recorded: Option<&str>) -> Result<Self, String> {
        let (text, encoding, sha256) = read_source(path, true, recorded)?;
        Ok(Self {
            text,
            encoding,
            sha256: sha256.unwrap_or_default(),
        })
    }

    /// What an annotation file says about this source.
    pub fn info(&self, path: &Path) -> SourceInfo {
        SourceInfo::new(
            &file_name(path),
            self.sha256.clone(),
            self.encoding,
            self.text.len_chars(),
        )
    }
}

impl Article {
    pub fn open(source: &Path, sidecar: &Path, annotator: Option<&str>) -> Self {
        let sidecar = sidecar.to_path_buf();
        let sha256 = OnceCell::new();
        // The hash of a big source costs milliseconds that opening need
        // not spend: it is taken now only when an annotation file must be
        // compared with it, or when the text's bytes are not the file's;
        // otherwise at the first save.
        let (stored, sidecar_sha) = match store::read_stored(&sidecar) {
            Ok(Some(s)) => (Ok(Some(s.doc)), Some(s.sha256)),
            Ok(None) => (Ok(None), None),
            Err(e) => (Err(e), None),
        };
        // The encoding the annotations' offsets were counted in comes first.
        let recorded = stored.as_ref().ok().and_then(Option::as_ref);
        let recorded = recorded.map(|doc| doc.source.encoding.as_str());
        let (text, encoding, mut access) = match read_source(source, sidecar.exists(), recorded) {
            Ok((text, encoding, hash)) => {
                if let Some(hash) = hash {
                    let _ = sha256.set(hash);
                }
                (text, encoding, Access::Editable)
            }
            Err(why) => (
                SourceText::new(String::new()),
                crate::text::UTF8,
                Access::ReadOnly(why),
            ),
        };
        // The hash is stamped at save (`to_json`).
        let info = SourceInfo::new(
            &file_name(source),
            String::new(),
            encoding,
            text.len_chars(),
        );
        let mut notice = None;
        let doc = match stored {
            Ok(None) => Document::new(info, annotator.map(str::to_owned)),
            Ok(Some(doc)) => {
                let changed = sha256.get().is_none_or(|s| *s != doc.source.sha256);
                let fitted = fit_to_text(doc, &text, changed, &sidecar, &mut access);
                notice = fitted.1;
                fitted.0
            }
            Err(e) => {
                let name = file_name(&sidecar);
                access = Access::ReadOnly(match e {
                    // Short, so that the status line can show all of it.
                    store::StoreError::NotRegular(e) => format!("{name} is {e}"),
                    e => format!("{name} is left untouched: {e}"),
                });
                Document::new(info, annotator.map(str::to_owned))
            }
        };
        Self {
            source: source.to_owned(),
            sidecar,
            sidecar_sha,
            text,
            encoding,
            sha256,
            access,
            notice,
            lock: None,
            history: History::default(),
            problems: Vec::new(),
            longest: doc.longest_entity(),
            unchecked: true,
            doc,
        }
    }

    /// The first `PREVIEW_BYTES` of a source bigger than that, as an
    /// article with no annotations and no lock, to draw while the whole one
    /// is opened in the background. None when the source is small enough
    /// to open at once, or not plain UTF-8 (the full open decodes it), or
    /// unreadable (the full open says why).
    pub fn preview(source: &Path, sidecar: &Path) -> Option<Self> {
        let head = crate::fsread::read_head(source, PREVIEW_BYTES + 1).ok()?;
        if head.len() as u64 <= PREVIEW_BYTES {
            return None;
        }
        let head = &head[..PREVIEW_BYTES as usize];
        // A character cut at the end of the block is left for the full open.
        let head = match std::str::from_utf8(head) {
            Ok(s) => s,
            Err(e) if e.error_len().is_none() => {
                std::str::from_utf8(&head[..e.valid_up_to()]).ok()?
            }
            Err(_) => return None,
        };
        if head.starts_with('\u{feff}') {
            return None;
        }
        let text = SourceText::new(head.to_owned());
        let info = SourceInfo::new(
            &file_name(source),
            String::new(),
            crate::text::UTF8,
            text.len_chars(),
        );
        Some(Self {
            source: source.to_owned(),
            sidecar: sidecar.to_owned(),
            sidecar_sha: None,
            text,
            encoding: crate::text::UTF8,
            sha256: OnceCell::new(),
            // Not marked read-only (the title would flash it): nothing
            // edits it, as keys wait for the whole article (`tui::app`).
            access: Access::Editable,
            notice: None,
            lock: None,
            history: History::default(),
            problems: Vec::new(),
            longest: 0,
            unchecked: true,
            doc: Document::new(info, None),
        })
    }

    /// Takes the article's lock in `dir`; if another gloss holds it, the
    /// article becomes read-only here and says why.
    pub fn take_lock(&mut self, dir: &Path) {
        if !self.is_editable() {
            return;
        }
        match crate::lock::try_lock(dir, &self.sidecar) {
            Ok(crate::lock::LockOutcome::Locked(l)) => self.lock = Some(std::sync::Arc::new(l)),
            Ok(crate::lock::LockOutcome::HeldElsewhere(who)) => {
                self.access = Access::ReadOnly(format!("open in {who}"));
            }
            // No state folder: editing goes on, only without the guard.
            Err(e) => {
                self.notice = Some(format!(
                    "could not lock the article ({e}); take care with other glosses"
                ))
            }
        }
    }

    /// The hex SHA-256 of the source file's bytes.
    pub fn source_sha256(&self) -> &str {
        // Only left for later when the text is the file's bytes exactly.
        self.sha256
            .get_or_init(|| sha256_hex(self.text.as_str().as_bytes()))
    }

    pub fn is_editable(&self) -> bool {
        self.access == Access::Editable
    }

    /// The spans that overlap `from..to`, cheaply (see `Document::spans_within`).
    pub fn spans_overlapping(&self, from: usize, to: usize) -> Vec<SpanView<'_>> {
        self.doc.spans_within(from, to, self.longest)
    }

    /// The spans under code point `ch`, innermost first.
    pub fn spans_at(&self, ch: usize) -> Vec<SpanView<'_>> {
        let mut v = self.spans_overlapping(ch, ch + 1);
        v.sort_by_key(|s| (s.end - s.start, s.start));
        v
    }

    /// Finds what is wrong with the annotations against `schema`.
    pub fn check(&mut self, schema: &Schema) {
        let mut problems = validate::check_spans(&self.doc, &self.text);
        problems.extend(validate::check_ids(&self.doc));
        problems.extend(validate::check_schema(&self.doc, schema));
        problems.extend(validate::check_conflicts(&self.doc));
        self.problems = problems;
        self.longest = self.doc.longest_entity();
        self.unchecked = false;
    }

    /// After a change: span look-ups are kept right now, the problems are
    /// found again by `check_if_needed` once the edit is saved (on a
    /// million annotations, checking takes as long as saving).
    pub fn annotations_changed(&mut self) {
        self.longest = self.doc.longest_entity();
        self.unchecked = true;
    }

    /// True when the annotations changed since the last check.
    pub fn is_unchecked(&self) -> bool {
        self.unchecked
    }

    /// Checks if the annotations changed since the last check; true if so.
    pub fn check_if_needed(&mut self, schema: &Schema) -> bool {
        let needed = self.unchecked;
        if needed {
            self.check(schema);
        }
        needed
    }

    /// The bytes to save: the document stamped with the source it fits now.
    pub fn to_json(&self) -> String {
        let mut source = self.doc.source.clone();
        source.sha256 = self.source_sha256().to_owned();
        source.chars = self.text.len_chars();
        source.encoding = self.encoding.to_owned();
        store::serialize_with_source(&self.doc, &source)
    }
}

/// A stored annotation file checked against the text it annotates: put in
/// the format's order (which look-ups rely on; a hand-made file may not be,
/// and nothing is written until an edit), re-anchored when the text changed
/// under it, or the article made read-only when it does not fit. Returns the
/// annotations and what to tell the user.
fn fit_to_text(
    mut doc: Document,
    text: &SourceText,
    changed: bool,
    sidecar: &Path,
    access: &mut Access,
) -> (Document, Option<String>) {
    doc.normalize();
    let problems = validate::check_spans(&doc, text);
    let orphans_only = problems
        .iter()
        .all(|p| p.kind == validate::ProblemKind::Orphaned);
    if !problems.is_empty() && changed && *access == Access::Editable {
        // The text changed under the annotations: find them again.
        let outcome = crate::reanchor::reanchor(&mut doc, text);
        doc.normalize();
        let orphans = if outcome.orphaned.is_empty() {
            ""
        } else {
            "; ! jumps to the orphans to fix"
        };
        let notice = format!(
            "the source changed since it was annotated: {}{orphans}",
            crate::reanchor::summary(&outcome)
        );
        return (doc, Some(notice));
    }
    if let Some(first) = problems.first().filter(|_| !orphans_only) {
        *access = Access::ReadOnly(format!(
            "{} does not fit the text ({} problem(s), first {first}); run gloss validate",
            file_name(sidecar),
            problems.len()
        ));
        (doc, None)
    } else if changed {
        let notice = "the source changed since it was annotated; every annotation still matches it";
        (doc, Some(notice.into()))
    } else {
        (doc, None)
    }
}

/// Reads and decodes a source: the one way the terminal and the commands
/// do. Its hash comes with it when `hash` asks, and always when the text
/// is not the file's bytes (a byte-order mark, another encoding), since it
/// cannot be taken from the text later. The error says which step failed.
pub(crate) fn read_source(
    path: &Path,
    hash: bool,
    recorded: Option<&str>,
) -> Result<(SourceText, &'static str, Option<String>), String> {
    let bytes = crate::fsread::read(path).map_err(|e| format!("cannot read the source: {e}"))?;
    let of_bytes = hash.then(|| sha256_hex(&bytes));
    let d =
        SourceText::decode_recorded(bytes, recorded).map_err(|e| format!("the source is {e}"))?;
    // `original` is the file's bytes again: hashed only if not done above.
    let sha256 = of_bytes.or_else(|| d.original.as_deref().map(sha256_hex));
    Ok((d.text, d.encoding, sha256))
}

/// A path's last part, as text (what the format's `source.file` holds).
pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
