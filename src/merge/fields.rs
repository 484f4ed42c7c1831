//! The document's own fields in a merge: a field changed on one side takes
//! that change; changed on both in different ways, ours stays (a note
//! keeps both texts, a list both lists' items) and the merge says so.

use serde_json::{Map, Value};

use crate::annotation::Document;

/// Three-way choice: `Err` when both sides changed it differently.
fn three<'a, T: PartialEq>(base: &T, ours: &'a T, theirs: &'a T) -> Result<&'a T, ()> {
    if ours == theirs || theirs == base {
        Ok(ours)
    } else if ours == base {
        Ok(theirs)
    } else {
        Err(())
    }
}

/// Sets `doc`'s status, note, annotator and other top-level fields from the
/// three versions; returns what it had to decide for the user to read.
pub(super) fn merge_fields(
    doc: &mut Document,
    base: &Document,
    ours: &Document,
    theirs: &Document,
) -> Vec<String> {
    let mut notices = Vec::new();
    match three(&base.status, &ours.status, &theirs.status) {
        Ok(s) => doc.status = *s,
        Err(()) => {
            doc.status = ours.status;
            notices.push(format!(
                "status: ours made it \"{}\", theirs \"{}\": kept ours",
                ours.status.label(),
                theirs.status.label()
            ));
        }
    }
    match three(&base.note, &ours.note, &theirs.note) {
        Ok(n) => doc.note = n.clone(),
        Err(()) => {
            doc.note = format!("{}\n\n{}", ours.note, theirs.note);
            notices.push("note: both sides changed it: kept both texts, ours first".into());
        }
    }
    match three(&base.annotator, &ours.annotator, &theirs.annotator) {
        Ok(a) => doc.annotator = a.clone(),
        Err(()) => {
            doc.annotator = ours.annotator.clone();
            notices.push("annotator: both sides changed it: kept ours".into());
        }
    }
    doc.extra = merge_extra(&base.extra, &ours.extra, &theirs.extra, &mut notices);
    notices
}

/// Top-level fields gloss keeps for other tools (`brat_order`,
/// `equivalences`, unknown keys), each merged three ways.
fn merge_extra(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    notices: &mut Vec<String>,
) -> Map<String, Value> {
    let mut out = Map::new();
    let keys = ours.keys().chain(theirs.keys()).chain(base.keys());
    for key in keys {
        if out.contains_key(key) {
            continue;
        }
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let chosen = match three(&b, &o, &t) {
            Ok(v) => v.cloned(),
            Err(()) => Some(match (o, t) {
                (Some(Value::Array(o)), Some(Value::Array(t))) => {
                    notices.push(format!(
                        "{key}: both sides changed it: kept both lists' items"
                    ));
                    union(o, t)
                }
                (Some(o), _) => {
                    notices.push(format!("{key}: both sides changed it: kept ours"));
                    o.clone()
                }
                // Ours deleted it, theirs changed it: the change stays.
                (None, t) => t.cloned().unwrap_or_default(),
            }),
        };
        if let Some(v) = chosen {
            out.insert(key.clone(), v);
        }
    }
    out
}

/// Ours' items, then theirs' that ours does not have.
fn union(ours: &[Value], theirs: &[Value]) -> Value {
    let mut out = ours.to_vec();
    out.extend(theirs.iter().filter(|v| !ours.contains(v)).cloned());
    Value::Array(out)
}
