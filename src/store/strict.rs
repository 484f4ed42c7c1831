//! Reading an annotation file straight into a `Document`, refusing any
//! object with a key twice (JSON allows it, but one of the two values would
//! be silently lost). No `serde_json::Value` of the whole file is built: a
//! million annotations cost one pass and no second copy.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::annotation::{Document, Status};

/// A JSON value whose objects, at any depth, have no key twice.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        strict_map(map).map(Value::Object)
    }
}

fn strict_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Map<String, Value>, A::Error> {
    let mut out = Map::new();
    while let Some(key) = map.next_key::<String>()? {
        let StrictValue(value) = map.next_value()?;
        if out.contains_key(&key) {
            return Err(duplicate(&key));
        }
        out.insert(key, value);
    }
    Ok(out)
}

fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("the key {key:?} appears twice in one object"))
}

/// For `#[serde(deserialize_with)]` on maps of unknown fields and attributes.
pub fn map<'de, D: Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
    struct MapVisitor;
    impl<'de> Visitor<'de> for MapVisitor {
        type Value = Map<String, Value>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            strict_map(map)
        }
    }
    d.deserialize_map(MapVisitor)
}

/// `map`, for an optional field (absent or `null` is `None`).
pub fn optional_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Map<String, Value>>, D::Error> {
    match StrictValue::deserialize(d)?.0 {
        Value::Null => Ok(None),
        Value::Object(m) => Ok(Some(m)),
        other => Err(de::Error::invalid_type(unexpected(&other), &"an object")),
    }
}

/// For an optional field holding any value (`null` is `None`).
pub fn optional_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Ok(Some(StrictValue::deserialize(d)?.0).filter(|v| !v.is_null()))
}

fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(_) => de::Unexpected::Other("a number"),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

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
    count_only: Option<&'c std::cell::Cell<usize>>,
    item: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListSeed<'_, T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        if let Some(count) = self.count_only {
            // Each item is still read whole, so a bad one is refused alike.
            while seq.next_element::<T>()?.is_some() {
                count.set(count.get() + 1);
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
    pub count_only: Option<&'c std::cell::Cell<usize>>,
}

impl DocumentVisitor<'_> {
    /// Reads a list of annotations into `slot`, refusing a second one.
    fn list_once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
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
        Ok(Document {
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
        })
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
