//! The edits one review decision makes to a document. `--accept-all` and
//! `--reject-all` save them through the service; the terminal applies them
//! through its own edit path, so that `u` undoes them.

use crate::annotation::Document;

/// Why a decision could not be made. The document is then unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// No entity, event (or trigger) or relation has this id (any more).
    #[error("no annotation {} in this file", crate::text::esc(.0))]
    UnknownId(String),
}

fn known(doc: &Document, id: &str) -> Result<(), ReviewError> {
    if doc.has_annotation(id) {
        Ok(())
    } else {
        Err(ReviewError::UnknownId(id.to_owned()))
    }
}

/// `y`: a suggestion becomes an annotation and is marked reviewed by
/// `reviewer`; an accepted annotation is marked reviewed.
pub fn accept(doc: &mut Document, id: &str, reviewer: Option<&str>) -> Result<(), ReviewError> {
    known(doc, id)?;
    doc.accept(id);
    doc.set_reviewed(id, reviewer);
    Ok(())
}

/// `x`: the annotation is removed, with what refers to it (an entity's uses
/// as an argument or relation end, a trigger's event), as deleting it does.
pub fn reject(doc: &mut Document, id: &str) -> Result<(), ReviewError> {
    known(doc, id)?;
    doc.remove_annotation(id);
    Ok(())
}

/// Marks an annotation reviewed by `reviewer`, changing nothing else.
pub fn mark_reviewed(
    doc: &mut Document,
    id: &str,
    reviewer: Option<&str>,
) -> Result<(), ReviewError> {
    known(doc, id)?;
    doc.set_reviewed(id, reviewer);
    Ok(())
}
