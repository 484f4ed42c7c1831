//! Every export of any document a sidecar can hold, against a fixed text:
//! no panic; brat writes each annotation on one line (the only line break
//! in the `.ann` is the `\n` ending a line, so a note cannot forge another
//! annotation) and reads its own output back without panicking; JSONL and
//! doccano write one valid JSON value per line.
#![no_main]

use std::sync::LazyLock;

use gloss::annotation::{Document, SourceInfo};
use gloss::formats::{Losses, brat, conll, doccano, jsonl};
use gloss::store;
use gloss::text::SourceText;
use libfuzzer_sys::fuzz_target;

/// The text the seed sidecars point into (52 code points).
const TEXT: &str = "Acme Corp bought Zeta Inc in Oslo 🚀 and staff left.\n";

static SOURCE: LazyLock<SourceText> = LazyLock::new(|| SourceText::new(TEXT.to_owned()));

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
    let Ok(doc) = store::parse_bytes(data) else {
        return;
    };
    let text = &*SOURCE;
    let mut losses = Losses::default();
    let ann = brat::export(&doc, text, &mut losses);
    if let Some(c) = ann.chars().find(|&c| c != '\n' && brat::breaks_line(c)) {
        panic!("a line break {c:?} inside a line of the .ann:\n{ann}");
    }
    let _ = brat::import(&ann, text, base(text), None);
    for line in [
        jsonl::export_line(&doc, text, "a.txt", &mut losses),
        doccano::export_line(&doc, text, "a.txt", &mut losses),
    ] {
        assert!(!line.contains('\n'), "{line}");
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&line) {
            panic!("an exported line is not JSON: {e}\n{line}");
        }
        let _ = jsonl::parse_line(&line);
    }
    let _ = conll::export_doc(&doc, text, &mut losses);
    let _ = losses.report("fuzz");
});
