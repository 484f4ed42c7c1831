//! Annotation-file pieces the headless tests write by hand.

use serde_json::{Value, json};

/// An entity over the first `word` of `text` (code points), suggested or not.
pub fn entity(text: &str, id: &str, kind: &str, word: &str, suggested: bool) -> Value {
    let at = text.find(word).unwrap();
    let start = text[..at].chars().count();
    let mut e = json!({"id": id, "type": kind, "start": start,
                       "end": start + word.chars().count(), "text": word});
    if suggested {
        e["suggested"] = json!({"source": "model"});
    }
    e
}
