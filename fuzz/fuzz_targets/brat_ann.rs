//! brat standoff import, against a fixed text, with and without the
//! built-in schema: any `.ann` gives a document or an error, and a document
//! lies within the text and can be saved.
#![no_main]

use std::sync::LazyLock;

use gloss::annotation::{Document, SourceInfo};
use gloss::formats::brat;
use gloss::schema::Schema;
use gloss::store;
use gloss::text::SourceText;
use libfuzzer_sys::fuzz_target;

/// The text the seed `.ann` files point into (52 code points).
const TEXT: &str = "Acme Corp bought Zeta Inc in Oslo 🚀 and staff left.\n";

static SOURCE: LazyLock<SourceText> = LazyLock::new(|| SourceText::new(TEXT.to_owned()));
static SCHEMA: LazyLock<Schema> = LazyLock::new(Schema::builtin);

fn base(text: &SourceText) -> Document {
    Document::new(
        SourceInfo {
            file: "a.txt".into(),
            sha256: "x".into(),
            encoding: "utf-8".into(),
            chars: text.len_chars(),
            extra: Default::default(),
        },
        None,
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(ann) = std::str::from_utf8(data) else {
        return;
    };
    let text = &*SOURCE;
    for schema in [None, Some(&*SCHEMA)] {
        let Ok(doc) = brat::import(ann, text, base(text), schema) else {
            continue;
        };
        for e in &doc.entities {
            assert!(e.start <= e.end && e.end <= text.len_chars(), "{e:?}");
        }
        let written = store::serialize(&doc);
        if let Err(e) = store::parse(&written) {
            panic!("an imported document does not save: {e}\n{written}");
        }
    }
});
