//! "Reviewed": an optional field of an entity, event or relation,
//! `"reviewed": {"by": NAME}` (`{"by": null}` when no annotator was named),
//! set when a review session accepts an annotation. It lives in the
//! annotation's `extra` map, so every path that reads and writes annotations
//! keeps it byte for byte; this module gives it a type, and the strict store
//! refuses a file whose `reviewed` has another shape (`check_shapes`).
//! A retype or a span move drops it: what was reviewed is not there any more.

use serde_json::{Map, Value};

use super::Document;

/// The JSON key.
pub const REVIEWED: &str = "reviewed";

/// Who reviewed an annotation (`None`: nobody named).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub by: Option<String>,
}

impl Reviewed {
    /// Reads the field's value; the error says what is wrong with it.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let shape = || r#""reviewed" must be {"by": NAME} or {"by": null}"#.to_owned();
        let Value::Object(map) = value else {
            return Err(shape());
        };
        let by = match map.get("by") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(shape()),
        };
        Ok(Self { by })
    }

    fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert(
            "by".into(),
            self.by.clone().map_or(Value::Null, Value::String),
        );
        Value::Object(map)
    }
}

impl Document {
    /// Who reviewed annotation `id`, if anyone did (a malformed field,
    /// which the store refuses to read, counts as not reviewed).
    pub fn reviewed_of(&self, id: &str) -> Option<Reviewed> {
        reviewed_in(self.extras(id)?.2)
    }

    /// Marks annotation `id` reviewed by `by`; false if there is no such id.
    pub fn set_reviewed(&mut self, id: &str, by: Option<&str>) -> bool {
        let Some(x) = self.extras_mut(id) else {
            return false;
        };
        let reviewed = Reviewed {
            by: by.map(str::to_owned),
        };
        x.extra.insert(REVIEWED.into(), reviewed.to_value());
        true
    }

    /// Forgets that annotation `id` was reviewed (it changed since).
    pub fn clear_reviewed(&mut self, id: &str) {
        if let Some(x) = self.extras_mut(id) {
            x.extra.remove(REVIEWED);
        }
    }
}

/// Who reviewed the annotation whose `extra` map this is (a malformed
/// field counts as not reviewed): for callers that hold the map already.
pub fn reviewed_in(extra: &Map<String, Value>) -> Option<Reviewed> {
    Reviewed::from_value(extra.get(REVIEWED)?).ok()
}

/// The first annotation whose `reviewed` is not of the format's shape, as
/// `(id, what is wrong)`: the strict store refuses such a file.
pub fn check_shapes(doc: &Document) -> Option<(String, String)> {
    let entities = doc.entities.iter().map(|e| (&e.id, &e.extra));
    let events = doc.events.iter().map(|e| (&e.id, &e.extra));
    let relations = doc.relations.iter().map(|r| (&r.id, &r.extra));
    entities
        .chain(events)
        .chain(relations)
        .find_map(|(id, extra)| {
            let why = Reviewed::from_value(extra.get(REVIEWED)?).err()?;
            Some((id.clone(), why))
        })
}

impl Document {
    /// Whether an entity, event (by its id or its trigger's) or relation
    /// has this id.
    pub fn has_annotation(&self, id: &str) -> bool {
        self.extras(id).is_some()
    }
}
