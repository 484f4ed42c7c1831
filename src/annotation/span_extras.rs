//! brat's fields of a span that the format keeps among its unknown fields
//! (`docs/format.md`): `fragments` of a discontinuous span, `brat_text` when
//! brat showed other text than the fragments read, and a shared trigger's
//! own `type`. They are read here, once, into [`SpanExtras`], and written
//! here; the bytes on disk do not change.

use serde_json::{Map, Value, json};

/// The key of a discontinuous span's `[[start, end], …]` (code points).
pub const FRAGMENTS: &str = "fragments";
/// The key of the text brat wrote after a `T` line, when it differs.
pub const BRAT_TEXT: &str = "brat_text";
/// The key of a trigger's own type, when it is not its event's.
pub const TRIGGER_TYPE: &str = "type";

/// A span's `fragments`, as read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragments {
    /// The well-formed `[start, end]` pairs, in the order written.
    pub pairs: Vec<(usize, usize)>,
    /// Whether `fragments` held anything else (not a list, or an item that
    /// is not two whole numbers).
    pub malformed: bool,
}

impl Fragments {
    /// Whether the pairs lie in order inside `start..end`, from its first
    /// character to its last, and nothing else was there.
    pub fn fit(&self, start: usize, end: usize) -> bool {
        let p = &self.pairs;
        !self.malformed
            && !p.is_empty()
            && p[0].0 == start
            && p[p.len() - 1].1 == end
            && p.iter().all(|(s, e)| s < e)
            && p.windows(2).all(|w| w[0].1 <= w[1].0)
    }
}

/// brat's fields of one span, read from its `extra` map.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpanExtras<'a> {
    /// `None` when the span is continuous (no `fragments` key).
    pub fragments: Option<Fragments>,
    pub brat_text: Option<&'a str>,
    pub trigger_type: Option<&'a str>,
}

impl<'a> SpanExtras<'a> {
    pub fn read(extra: &'a Map<String, Value>) -> Self {
        Self {
            fragments: extra.get(FRAGMENTS).map(read_fragments),
            brat_text: extra.get(BRAT_TEXT).and_then(Value::as_str),
            trigger_type: extra.get(TRIGGER_TYPE).and_then(Value::as_str),
        }
    }

    /// The pieces a span covers: its well-formed fragments, else the whole
    /// `start..end`.
    pub fn pieces(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
        match &self.fragments {
            Some(f) if !f.pairs.is_empty() => f.pairs.clone(),
            _ => vec![(start, end)],
        }
    }
}

fn read_fragments(value: &Value) -> Fragments {
    let Some(items) = value.as_array() else {
        return Fragments {
            pairs: Vec::new(),
            malformed: true,
        };
    };
    let mut out = Fragments::default();
    for item in items {
        match pair_of(item) {
            Some(pair) => out.pairs.push(pair),
            None => out.malformed = true,
        }
    }
    out
}

/// The first two numbers of a list (as `validate` and brat export always
/// read them).
fn pair_of(item: &Value) -> Option<(usize, usize)> {
    Some((
        item.get(0)?.as_u64()? as usize,
        item.get(1)?.as_u64()? as usize,
    ))
}

/// Records the fragments of a discontinuous span.
pub fn write_fragments(extra: &mut Map<String, Value>, pairs: &[(usize, usize)]) {
    let pairs: Vec<Value> = pairs.iter().map(|(s, e)| json!([s, e])).collect();
    extra.insert(FRAGMENTS.into(), Value::Array(pairs));
}

/// Applies `f` to every offset of the well-formed pairs in place; anything
/// else in `fragments` is left as it is (it stays a problem to report).
pub fn map_fragment_offsets(extra: &mut Map<String, Value>, f: impl Fn(u64) -> u64) {
    let Some(Value::Array(frags)) = extra.get_mut(FRAGMENTS) else {
        return;
    };
    for frag in frags {
        let Value::Array(pair) = frag else { continue };
        if pair.len() != 2 || !pair.iter().all(Value::is_u64) {
            continue;
        }
        for v in pair {
            if let Some(n) = v.as_u64() {
                *v = Value::from(f(n));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extra(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn brat_fields_are_read_once_into_types() {
        let e =
            extra(json!({"fragments": [[0, 3], [5, 9]], "brat_text": "Foo bar", "type": "Attack"}));
        let read = SpanExtras::read(&e);
        let frags = read.fragments.clone().unwrap();
        assert_eq!(frags.pairs, [(0, 3), (5, 9)]);
        assert!(frags.fit(0, 9));
        assert!(!frags.fit(0, 10));
        assert_eq!(read.brat_text, Some("Foo bar"));
        assert_eq!(read.trigger_type, Some("Attack"));
        assert_eq!(read.pieces(0, 9), [(0, 3), (5, 9)]);

        let plain = Map::new();
        assert_eq!(SpanExtras::read(&plain), SpanExtras::default());
        assert_eq!(SpanExtras::read(&plain).pieces(2, 4), [(2, 4)]);
    }

    #[test]
    fn malformed_fragments_keep_their_good_pairs_and_say_so() {
        let e = extra(json!({"fragments": [[0, 3], ["x", 4], [5]]}));
        let frags = SpanExtras::read(&e).fragments.unwrap();
        assert_eq!(frags.pairs, [(0, 3)]);
        assert!(frags.malformed && !frags.fit(0, 3));
        let e = extra(json!({"fragments": "0-3"}));
        let read = SpanExtras::read(&e);
        assert!(read.fragments.as_ref().unwrap().malformed);
        assert_eq!(read.pieces(0, 3), [(0, 3)]);
    }

    #[test]
    fn written_fragments_read_back_and_shift_in_place() {
        let mut e = Map::new();
        write_fragments(&mut e, &[(1, 2), (4, 6)]);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"fragments":[[1,2],[4,6]]}"#
        );
        map_fragment_offsets(&mut e, |v| v + 10);
        let frags = SpanExtras::read(&e).fragments.unwrap();
        assert_eq!(frags.pairs, [(11, 12), (14, 16)]);
    }
}
