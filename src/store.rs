//! The `.ann.json` file: where it lives, reading it strictly, writing it
//! deterministically (one annotation per line, for git) and atomically.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::annotation::{Document, FORMAT, Status, VERSION};

/// Why an annotation file cannot be used. The file is then left alone.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    /// A FIFO, device or the like where the annotation file should be.
    #[error("{0}")]
    NotRegular(crate::fsread::ReadError),
    #[error("not valid JSON (line {line}, column {column}): {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a gloss annotation file: {0}")]
    NotGloss(String),
    #[error("format version {0} is newer than this gloss reads (1); it is left untouched")]
    UnknownVersion(Value),
    #[error("wrong shape: {0}")]
    Shape(String),
}

/// The annotation file of a source: `NAME.txt.ann.json`, or
/// `NAME.txt.<annotator>.ann.json` when an annotator name is set.
pub fn sidecar_path(source: &Path, annotator: Option<&str>) -> PathBuf {
    let mut name = source.file_name().unwrap_or_default().to_os_string();
    if let Some(a) = annotator {
        name.push(".");
        name.push(a);
    }
    name.push(".ann.json");
    source.with_file_name(name)
}

/// Parses an annotation file's text. Refuses anything it would not be able
/// to write back faithfully, including an object with a key twice.
pub fn parse(json: &str) -> Result<Document, StoreError> {
    // Straight into the typed document: no second copy of a big file.
    let doc = read_document(json, None).map_err(|e| explain(json, &e))?;
    check_format(doc)
}

fn check_format(doc: Document) -> Result<Document, StoreError> {
    if doc.format != FORMAT {
        return Err(StoreError::NotGloss(format!(
            "\"format\" is {}, not \"gloss\"",
            Value::String(doc.format)
        )));
    }
    if doc.version != VERSION {
        return Err(StoreError::UnknownVersion(doc.version.into()));
    }
    Ok(doc)
}

/// Reads the document; with `count_only`, its lists are left empty and
/// their items counted there.
fn read_document(
    json: &str,
    count_only: Option<&strict::Tally>,
) -> Result<Document, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let mut reader = serde_json::Deserializer::from_str(json);
    let mut visitor = strict::DocumentVisitor::for_text(json);
    visitor.count_only = count_only;
    let doc = visitor.deserialize(&mut reader)?;
    reader.end()?;
    Ok(doc)
}

/// What the list shows of an annotation file: its status, how many
/// annotations were accepted and how many suggestions wait apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub status: Status,
    pub accepted: usize,
    pub suggested: usize,
}

impl Counted {
    fn new(status: Status, tally: &strict::Tally) -> Self {
        let suggested = tally.suggestions.get();
        Self {
            status,
            accepted: tally.annotations.get() - suggested,
            suggested,
        }
    }
}

/// `parse_summary` on a file read in pieces, so that counting a big file
/// (in the background, while the same file may be opened) does not hold
/// all of it; `None` when it is not a valid document.
fn summary_streamed(file: std::fs::File) -> Option<Counted> {
    use serde::de::DeserializeSeed;
    let tally = strict::Tally::default();
    let mut reader = serde_json::Deserializer::from_reader(io::BufReader::new(file));
    let visitor = strict::DocumentVisitor {
        ids: 0,
        count_only: Some(&tally),
    };
    let doc = visitor.deserialize(&mut reader).ok()?;
    reader.end().ok()?;
    let doc = check_format(doc).ok()?;
    Some(Counted::new(doc.status, &tally))
}

/// An annotation file's workflow status and number of annotations, checked
/// as strictly as `parse` does but without keeping the annotations: the
/// corpus list costs one annotation's memory, not the file's.
pub fn parse_summary(json: &str) -> Result<Counted, StoreError> {
    let tally = strict::Tally::default();
    let doc = read_document(json, Some(&tally)).map_err(|e| explain(json, &e))?;
    let doc = check_format(doc)?;
    Ok(Counted::new(doc.status, &tally))
}

/// `read`, for `parse_summary`. A file that is not a valid document is
/// read whole again to say why.
pub fn read_summary(path: &Path) -> Result<Option<Counted>, StoreError> {
    // A FIFO or a device would block or never end: refused by fsread.
    let streamed = match crate::fsread::open(path) {
        Ok(file) => summary_streamed(file),
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if let Some(summary) = streamed {
        return Ok(Some(summary));
    }
    match crate::fsread::read(path) {
        Ok(bytes) => parse_summary(utf8(&bytes)?).map(Some),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Why a file did not read as a document. A file that is not gloss's or
/// is of a newer version says so before any detail of its shape does; that
/// takes a second, untyped read, but only of a file that is refused.
fn explain(json: &str, typed: &serde_json::Error) -> StoreError {
    let syntax = |e: &serde_json::Error| StoreError::Syntax {
        line: e.line(),
        column: e.column(),
        message: message_only(e),
    };
    if typed.is_syntax() || typed.is_eof() {
        return syntax(typed);
    }
    let shape = || {
        StoreError::Shape(format!(
            "{} (line {}, column {})",
            message_only(typed),
            typed.line(),
            typed.column()
        ))
    };
    // Broken JSON further on is reported as such, wherever the shape broke.
    let value = match serde_json::from_str::<Value>(json) {
        Ok(value) => value,
        Err(e) => return syntax(&e),
    };
    let Value::Object(map) = &value else {
        return StoreError::NotGloss("the top level is not an object".into());
    };
    match map.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        other => {
            let found = other.map_or("missing".to_owned(), |v| v.to_string());
            return StoreError::NotGloss(format!("\"format\" is {found}, not \"gloss\""));
        }
    }
    match map.get("version") {
        Some(v) if v.as_u64() == Some(VERSION) => shape(),
        Some(v) => StoreError::UnknownVersion(v.clone()),
        None => StoreError::Shape("missing field `version`".into()),
    }
}

fn message_only(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Parses an annotation file's bytes (which must be UTF-8).
pub fn parse_bytes(bytes: &[u8]) -> Result<Document, StoreError> {
    parse(utf8(bytes)?)
}

fn utf8(bytes: &[u8]) -> Result<&str, StoreError> {
    std::str::from_utf8(bytes).map_err(|e| StoreError::Syntax {
        line: 0,
        column: 0,
        message: format!("not UTF-8 at byte {}", e.valid_up_to()),
    })
}

impl From<crate::fsread::ReadError> for StoreError {
    fn from(e: crate::fsread::ReadError) -> Self {
        match e {
            crate::fsread::ReadError::Io(e) => StoreError::Io(e),
            special => StoreError::NotRegular(special),
        }
    }
}

/// Reads the annotation file at `path`; `Ok(None)` when there is none.
/// Anything but a regular file there is an error, never waited on.
pub fn read(path: &Path) -> Result<Option<Document>, StoreError> {
    Ok(read_stored(path)?.map(|stored| stored.doc))
}

/// An annotation file as read: its document and the hash of its bytes.
#[derive(Debug)]
pub struct Stored {
    pub doc: Document,
    pub sha256: String,
}

/// Reads the annotation file at `sidecar`; `Ok(None)` when there is none.
/// Anything but a regular file there is an error, never waited on.
pub fn read_stored(sidecar: &Path) -> Result<Option<Stored>, StoreError> {
    match crate::fsread::read(sidecar) {
        Ok(bytes) => {
            let sha256 = crate::hash::sha256_hex(&bytes);
            Ok(Some(Stored {
                doc: parse_bytes(&bytes)?,
                sha256,
            }))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The file's bytes: keys in the order of the spec, lists sorted, two-space
/// indentation with each annotation on a single line, a final newline.
pub fn serialize(doc: &Document) -> String {
    serialize_with_source(doc, &doc.source)
}

/// `serialize`, with `source` in place of the document's own (so a caller
/// that only stamps the source's hash need not copy every annotation).
pub fn serialize_with_source(doc: &Document, source: &crate::annotation::SourceInfo) -> String {
    // Documents the app keeps are in order already; only others are copied.
    let sorted;
    let doc = if doc.is_normalized() {
        doc
    } else {
        let mut d = doc.clone();
        d.normalize();
        sorted = d;
        &sorted
    };
    // One buffer for the whole file: a 10,000-annotation document is
    // written in a few milliseconds.
    let mut out: Vec<u8> = Vec::with_capacity(128 * (doc.annotation_count() + 8));
    out.extend_from_slice(b"{\n");
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, name: &str| {
        if !first {
            out.extend_from_slice(b",\n");
        }
        first = false;
        out.extend_from_slice(b"  ");
        write_one_line(out, name);
        out.extend_from_slice(b": ");
    };
    key(&mut out, "format");
    write_one_line(&mut out, &doc.format);
    key(&mut out, "version");
    write_one_line(&mut out, &doc.version);
    key(&mut out, "source");
    write_one_line(&mut out, source);
    key(&mut out, "annotator");
    write_one_line(&mut out, &doc.annotator);
    key(&mut out, "status");
    write_one_line(&mut out, &doc.status);
    key(&mut out, "note");
    write_one_line(&mut out, &doc.note);
    key(&mut out, "entities");
    write_list(&mut out, &doc.entities);
    key(&mut out, "events");
    write_list(&mut out, &doc.events);
    key(&mut out, "relations");
    write_list(&mut out, &doc.relations);
    for (name, value) in &doc.extra {
        key(&mut out, name);
        write_one_line(&mut out, value);
    }
    out.extend_from_slice(b"\n}\n");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

fn write_list<T: Serialize>(out: &mut Vec<u8>, items: &[T]) {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    out.extend_from_slice(b"[\n");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"    ");
        write_one_line(out, item);
    }
    out.extend_from_slice(b"\n  ]");
}

/// Appends `value` as JSON on one line with a space after each `:` and `,`.
fn write_one_line<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let mut ser = serde_json::Serializer::with_formatter(out, Spaced);
    value
        .serialize(&mut ser)
        .expect("annotations always serialise");
}

struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

/// `write_atomic`, creating the folders on the way (a mirror of the corpus
/// under `--annotations-dir` starts empty).
pub fn write_new_folders(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    write_atomic(path, bytes)
}

/// Writes each `(path, bytes)` as [`write_new_folders`] does, durably all
/// at once (see `write::atomic_all`); each write's outcome, in order.
pub fn write_all_new_folders(writes: &[(&Path, &[u8])]) -> Vec<io::Result<()>> {
    // Many files share a folder: each is made (or found) once.
    let mut folders: HashMap<&Path, Result<(), (io::ErrorKind, String)>> = HashMap::new();
    let made: Vec<io::Result<()>> = writes
        .iter()
        .map(|(path, _)| {
            let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
                return Ok(());
            };
            let made = folders.entry(dir).or_insert_with(|| {
                std::fs::create_dir_all(dir).map_err(|e| (e.kind(), e.to_string()))
            });
            made.clone()
                .map_err(|(kind, said)| io::Error::new(kind, said))
        })
        .collect();
    let ready: Vec<(&Path, &[u8])> = writes
        .iter()
        .zip(&made)
        .filter(|(_, m)| m.is_ok())
        .map(|(w, _)| *w)
        .collect();
    let mut written = write::atomic_all(&ready).into_iter();
    made.into_iter()
        .map(|m| m.and_then(|()| written.next().unwrap_or(Ok(()))))
        .collect()
}

/// Writes `bytes` to `path` so that a crash at any moment leaves the old
/// file or the new one; a symbolic link is written through to its target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write::atomic(path, bytes)
}

pub use place::Placement;
pub use write::{link_target, unique as write_unique};

mod place;
pub(crate) mod strict;

#[cfg(test)]
mod tests;
mod write;
