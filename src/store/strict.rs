//! Reading an annotation file straight into a `Document`, refusing any
//! object with a key twice (JSON allows it, but one of the two values would
//! be silently lost). No `serde_json::Value` of the whole file is built: a
//! million annotations cost one pass and no second copy.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::annotation::{Document, Status};
use crate::strict_json::{StrictValue, duplicate};

/// The document's own fields, each allowed once; `None` until seen.
#[derive(Default)]
struct Fields {
    format: Option<String>,
    version: Option<u64>,
    source: Option<crate::annotation::SourceInfo>,
    annotator: Option<Option<String>>,
    status: Option<Status>,
    note: Option<String>,
    entities: Option<Vec<crate::annotation::Entity>>,
    events: Option<Vec<crate::annotation::Event>>,
    relations: Option<Vec<crate::annotation::Relation>>,
    extra: Map<String, Value>,
}

/// Reads the next value into `slot`, refusing a second one.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(duplicate(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads a list into room made for `capacity` items at once: growing a
/// list of a million annotations by doubling would hold the old and the new
/// room together (hundreds of megabytes more at the peak). Room that is not
/// used is given back; untouched room never took memory anyway.
struct ListSeed<'c, T> {
    capacity: usize,
    /// Counts the items here instead of keeping them, when set.
    count_only: Option<&'c Tally>,
    item: std::marker::PhantomData<T>,
}

/// What a summary counts: every annotation, and of them the suggestions
/// not yet accepted (the list shows the two apart).
#[derive(Debug, Default)]
pub struct Tally {
    pub annotations: std::cell::Cell<usize>,
    pub suggestions: std::cell::Cell<usize>,
}

/// An annotation that may be a pending suggestion.
pub trait Pending {
    fn pending(&self) -> bool;
}

impl Pending for crate::annotation::Entity {
    fn pending(&self) -> bool {
        self.suggested.is_some()
    }
}

impl Pending for crate::annotation::Event {
    fn pending(&self) -> bool {
        self.suggested.is_some()
    }
}

impl Pending for crate::annotation::Relation {
    fn pending(&self) -> bool {
        self.suggested.is_some()
    }
}

impl<'de, T: Deserialize<'de> + Pending> de::DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de> + Pending> Visitor<'de> for ListSeed<'_, T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        if let Some(count) = self.count_only {
            // Each item is still read whole, so a bad one is refused alike.
            while let Some(item) = seq.next_element::<T>()? {
                let add = |cell: &std::cell::Cell<usize>| cell.set(cell.get() + 1);
                add(&count.annotations);
                if item.pending() {
                    add(&count.suggestions);
                }
            }
            return Ok(Vec::new());
        }
        let mut items = Vec::with_capacity(self.capacity);
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        items.shrink_to_fit();
        Ok(items)
    }
}

/// Reads a whole annotation file; `ids` is how many `"id"` keys its text
/// holds, an upper bound on the length of each list.
pub struct DocumentVisitor<'c> {
    pub ids: usize,
    /// Counts the annotations instead of keeping them, when set.
    pub count_only: Option<&'c Tally>,
}

impl DocumentVisitor<'_> {
    /// Reads a list of annotations into `slot`, refusing a second one.
    fn list_once<'de, A: MapAccess<'de>, T: Deserialize<'de> + Pending>(
        &self,
        map: &mut A,
        slot: &mut Option<Vec<T>>,
        key: &str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(duplicate(key));
        }
        let seed = ListSeed {
            capacity: self.ids,
            count_only: self.count_only,
            item: std::marker::PhantomData,
        };
        *slot = Some(map.next_value_seed(seed)?);
        Ok(())
    }

    pub fn for_text(json: &str) -> Self {
        let ids = memchr::memmem::find_iter(json.as_bytes(), b"\"id\"").count();
        // No annotation is written in fewer bytes than this: `"id"` inside
        // texts cannot make the room bigger than a few times the file.
        const SMALLEST: usize = r#"{"id":"","type":"","start":0,"end":0,"text":""}"#.len();
        Self {
            ids: ids.min(json.len() / SMALLEST),
            count_only: None,
        }
    }
}

impl<'de> de::DeserializeSeed<'de> for DocumentVisitor<'_> {
    type Value = Document;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentVisitor<'_> {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a gloss annotation object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut f = Fields::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => once(&mut map, &mut f.format, &key)?,
                "version" => once(&mut map, &mut f.version, &key)?,
                "source" => once(&mut map, &mut f.source, &key)?,
                "annotator" => once(&mut map, &mut f.annotator, &key)?,
                "status" => once(&mut map, &mut f.status, &key)?,
                "note" => once(&mut map, &mut f.note, &key)?,
                "entities" => self.list_once(&mut map, &mut f.entities, &key)?,
                "events" => self.list_once(&mut map, &mut f.events, &key)?,
                "relations" => self.list_once(&mut map, &mut f.relations, &key)?,
                _ => {
                    let StrictValue(value) = map.next_value()?;
                    if f.extra.contains_key(&key) {
                        return Err(duplicate(&key));
                    }
                    f.extra.insert(key, value);
                }
            }
        }
        let doc = Document {
            format: f.format.ok_or_else(|| de::Error::missing_field("format"))?,
            version: f
                .version
                .ok_or_else(|| de::Error::missing_field("version"))?,
            source: f.source.ok_or_else(|| de::Error::missing_field("source"))?,
            annotator: f.annotator.flatten(),
            status: f.status.unwrap_or_default(),
            note: f.note.unwrap_or_default(),
            entities: f.entities.unwrap_or_default(),
            events: f.events.unwrap_or_default(),
            relations: f.relations.unwrap_or_default(),
            extra: f.extra,
        };
        if let Some((id, why)) = crate::annotation::reviewed::check_shapes(&doc) {
            return Err(de::Error::custom(format!("{id}: {why}")));
        }
        Ok(doc)
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(DocumentVisitor {
            ids: 0,
            count_only: None,
        })
    }
}
