//! Property tests for every parser that reads files from outside: the
//! sidecar (`store`), the schema, brat's `.ann` and `annotation.conf`, a
//! jsonl line, and source-text decoding.
//!
//! Each parser gets two kinds of input: arbitrary input (strings, bytes, or
//! a soup of the tokens its format is made of), and a valid input mutated
//! at random — bytes flipped, ranges deleted or duplicated, tricky tokens
//! (`99999999999999999999`, `-1`, `null`, `"`, `{`, `[]`, `1e308`,
//! `\u{ffff}`, …) inserted, the end cut off. Whatever the input, the
//! parser must return `Ok` or `Err`; a panic fails the test. Where a
//! successful parse promises more (a sidecar writes back and reads again
//! to the same document; decoded text knows its own length), that is
//! checked too.
//!
//! The fuzz targets in `fuzz/` (see docs/fuzzing.md) feed the same parsers
//! for as long as one cares to run them; these tests are the quick,
//! always-run version, and the valid inputs below are also the fuzzers'
//! seeds.

use proptest::prelude::*;
use serde_json::Map;

use crate::annotation::{Document, SourceInfo};
use crate::formats::{brat, brat_conf, jsonl};
use crate::schema::{DEFAULT_SCHEMA, Schema};
use crate::store;
use crate::text::SourceText;

mod exports;
mod found;

/// A sidecar using every field the format has.
const SIDECAR: &str = r#"{
  "format": "gloss",
  "version": 1,
  "source": {"file": "000_ab.txt", "sha256": "8af0", "encoding": "utf-8", "chars": 52},
  "annotator": "ana",
  "status": "in_progress",
  "note": "Prüfen: „Zahlen“ 😀",
  "entities": [
    {"id": "T1", "type": "ORG", "start": 0, "end": 9, "text": "Acme Corp", "attributes": {"Negated": true}},
    {"id": "T2", "type": "ORG", "start": 17, "end": 25, "text": "Zeta Inc", "note": "the firm, not the town"},
    {"id": "T3", "type": "GPE", "start": 29, "end": 33, "text": "Oslo", "suggested": {"source": "model-3", "score": 0.75}}
  ],
  "events": [
    {"id": "E1", "type": "Transaction.Transfer-Ownership", "trigger": {"id": "T4", "start": 10, "end": 16, "text": "bought"}, "arguments": [{"role": "Buyer", "ref": "T1"}, {"role": "Artifact", "ref": "T2"}], "attributes": {"Modality": "Asserted"}}
  ],
  "relations": [
    {"id": "R1", "type": "PHYS", "arg1": "T1", "arg2": "T3", "note": "head office"}
  ],
  "x-tool": {"n": [1, 2.5, null, "s"]}
}
"#;

/// A small schema with every section.
const SCHEMA: &str = r#"{
  "name": "tiny",
  "entities": [
    {"code": "PER", "name": "Person", "color": "red"},
    {"code": "GPE", "name": "Place", "color": "light-blue"}
  ],
  "events": [
    {"type": "Move", "color": "yellow", "roles": [{"role": "Mover", "types": ["PER"], "count": "one"}, {"role": "To", "types": ["GPE", "<ENTITY>"], "count": "any"}]}
  ],
  "relations": [
    {"type": "Lives-in", "arg1": ["PER"], "arg2": ["GPE", "<ANY>"]}
  ],
  "attributes": [
    {"name": "Negated", "on": ["entities", "Move"]},
    {"name": "Certainty", "values": ["High", "Low"], "on": ["relations"]}
  ]
}
"#;

/// The text the brat `.ann` inputs are read against (52 code points).
const BRAT_TEXT: &str = "Acme Corp bought Zeta Inc in Oslo 🚀 and staff left.\n";

/// A `.ann` file with every kind of line.
const BRAT_ANN: &str = "T1\tOrganization 0 9\tAcme Corp
T2\tOrganization 17 25\tZeta Inc
T3\tGPE 29 33\tOslo
T4\tTransfer-ownership 10 16\tbought
T5\tPerson 17 21;40 45\tZeta staff
E1\tTransfer-ownership:T4 Buyer-Arg:T1 Artifact-Arg:T2 Artifact-Arg2:T5
R1\tLocated Arg1:T1 Arg2:T3
A1\tNegation E1
M2\tConfidence R1 High
N1\tReference T3 Wikipedia:Oslo\tOslo
#1\tAnnotatorNotes T1\tthe company
*\tEquiv T1 T2
";

/// An `annotation.conf` with macros, hierarchies, abstract types,
/// cardinalities, wildcards and every section.
const BRAT_CONF: &str = "# A test configuration.
<PER-ORG>=Person|Organization

[entities]
!Thing
\tPerson
\tOrganization
\t!Place
\t\tGPE
\t\tLocation
Date|Datum|D

[relations]
Located\tArg1:Person, Arg2:GPE|Location
Partner   Arg1:<PER-ORG>, Arg2:<PER-ORG>, <REL-TYPE>:symmetric-transitive
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:contain
Cause\tArg1:<EVENT>, Arg2:<ANY>

[events]
<AGENT>=<PER-ORG>|GPE
!Life
\tBe-born\tChild:Person, Place?:Place
\tMarry  Spouse{2}:Person, Witness{0-3}:Person, Host+:<AGENT>, Guest*:Person

[attributes]
Negation\tArg:<EVENT>
Confidence\tArg:Located|Partner, Value:High|Low

[drawing]
Person\tbgColor:#ffccaa
";

/// One line of each shape `jsonl::parse_line` reads.
const JSONL_LINES: [&str; 4] = [
    r#"{"text": "Ahmed left Erbil 😀.", "spans": [{"start": 0, "end": 5, "label": "PER", "text": "Ahmed"}, {"start": 11, "end": 16, "label": "GPE"}], "meta": {"file": "a.txt", "status": "done"}}"#,
    r#"{"text": "Then 👨‍👩‍👧 left Erbil.", "label": [[19, 24, "GPE"]]}"#,
    r#"{"text": "😀 Erbil", "entities": [[2, 7, "GPE"]], "answer": "accept"}"#,
    r#"{"id": 3, "data": "Ahmed left", "entities": [{"id": 1, "start_offset": 0, "end_offset": 5, "label": "PER"}], "relations": []}"#,
];

/// Source texts in each encoding `decode_any` tells apart.
fn source_samples() -> Vec<Vec<u8>> {
    let text = "Grüße aus Köln 😀\r\nZeile zwei\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    vec![
        text.as_bytes().to_vec(),
        bom,
        le,
        be,
        b"Gr\xFC\xDFe aus K\xF6ln\n".to_vec(),
        b"\x93quoted\x94 \x80 5\n".to_vec(),
    ]
}

/// Tokens that trip parsers up: huge, negative and odd numbers, JSON's
/// punctuation and keywords, escapes, non-characters, line ends, and the
/// punctuation of brat's two formats.
const TOKENS: &[&str] = &[
    "99999999999999999999",
    "18446744073709551616",
    "4294967296",
    "-1",
    "-0",
    "0",
    "1e308",
    "-1e309",
    "1.5",
    "null",
    "true",
    "false",
    "\"",
    "\"\"",
    "{",
    "}",
    "[",
    "]",
    "[]",
    "{}",
    ":",
    ",",
    "\\",
    "\\u0000",
    "\\ud800",
    "\\uDFFF",
    "\u{ffff}",
    "\u{fffe}",
    "\u{0}",
    "\u{feff}",
    "\u{200d}",
    "😀",
    "é",
    "\t",
    "\n",
    "\r\n",
    "\r",
    " ",
    ";",
    "|",
    "!",
    "#",
    "*",
    "=",
    "?",
    "+",
    "{0-3}",
    "<ENTITY>",
    "<ANY>",
    "<",
    ">",
    "[entities]",
    "[events]",
    "T1",
    "E1",
    "R1",
    "Arg1:",
    "\"format\": \"gloss\"",
    "\"version\": 1",
    "\"start\": ",
    "\"end\": ",
];

/// One change to an input.
#[derive(Debug, Clone)]
enum Edit {
    /// Flip one bit of the byte at a position.
    Flip(usize, u8),
    /// Overwrite the byte at a position.
    Set(usize, u8),
    /// Delete up to this many bytes from a position.
    Delete(usize, usize),
    /// Insert one of the tricky tokens at a position.
    Insert(usize, usize),
    /// Copy a range of up to this many bytes to another position.
    Duplicate(usize, usize, usize),
    /// Cut everything from a position on.
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => (any::<usize>(), 0u8..8).prop_map(|(p, b)| Edit::Flip(p, b)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Set(p, b)),
        1 => (any::<usize>(), 1usize..16).prop_map(|(p, n)| Edit::Delete(p, n)),
        3 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(p, t)| Edit::Insert(p, t)),
        1 => (any::<usize>(), 1usize..64, any::<usize>()).prop_map(|(p, n, to)| Edit::Duplicate(p, n, to)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// A few edits: most inputs stay close enough to valid to get deep into
/// the parser.
fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..6)
}

/// Applies the edits to a valid input's bytes. Positions wrap around the
/// current length, so every edit lands somewhere.
fn mutate(valid: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = valid.to_vec();
    for e in edits {
        let at = |p: usize, len: usize| p % (len + 1);
        match *e {
            Edit::Flip(p, bit) if !b.is_empty() => {
                let i = p % b.len();
                b[i] ^= 1 << bit;
            }
            Edit::Set(p, v) if !b.is_empty() => {
                let i = p % b.len();
                b[i] = v;
            }
            Edit::Flip(..) | Edit::Set(..) => {}
            Edit::Delete(p, n) => {
                let i = at(p, b.len());
                let j = (i + n).min(b.len());
                b.drain(i..j);
            }
            Edit::Insert(p, t) => {
                let i = at(p, b.len());
                b.splice(i..i, TOKENS[t].bytes());
            }
            Edit::Duplicate(p, n, to) => {
                let i = at(p, b.len());
                let chunk = b[i..(i + n).min(b.len())].to_vec();
                let k = at(to, b.len());
                b.splice(k..k, chunk);
            }
            Edit::Truncate(p) => b.truncate(at(p, b.len())),
        }
    }
    b
}

/// A mutated valid input as text (bytes that stopped being UTF-8 are
/// replaced, as a caller reading a file lossily would).
fn mutate_str(valid: &str, edits: &[Edit]) -> String {
    String::from_utf8_lossy(&mutate(valid.as_bytes(), edits)).into_owned()
}

/// Arbitrary text made of the tokens above and a few letters, more likely
/// than random characters to get past a parser's first check.
fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => (0..TOKENS.len()).prop_map(|t| TOKENS[t].to_owned()),
            1 => "[a-zA-Z0-9_-]{1,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Any text: random characters (control characters included), or a token
/// soup.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "\\PC{0,200}", token_soup()]
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..512)
}

/// The sidecar contract: a parse either fails cleanly or gives a document
/// that is written and read back to the same document and the same bytes.
fn check_sidecar(bytes: &[u8]) -> Result<(), TestCaseError> {
    let from_bytes = store::parse_bytes(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        // Both entry points agree on UTF-8 input.
        prop_assert_eq!(store::parse(s).is_ok(), from_bytes.is_ok());
    }
    if let Ok(doc) = from_bytes {
        let written = store::serialize(&doc);
        let again = store::parse(&written).map_err(|e| {
            TestCaseError::fail(format!("written sidecar does not parse: {e}\n{written}"))
        })?;
        let mut normal = doc;
        normal.normalize();
        prop_assert_eq!(&again, &normal);
        prop_assert_eq!(store::serialize(&again), written);
    }
    Ok(())
}

fn check_schema(json: &str) -> Result<(), TestCaseError> {
    if let Ok(s) = Schema::parse(json, "prop") {
        // What parses has passed the checks: at least one entity type.
        prop_assert!(!s.entities.is_empty());
    }
    Ok(())
}

fn brat_base(text: &SourceText) -> Document {
    Document::new(
        SourceInfo {
            file: "a.txt".into(),
            sha256: "x".into(),
            encoding: "utf-8".into(),
            chars: text.len_chars(),
            extra: Map::new(),
        },
        None,
    )
}

/// An import either fails cleanly or gives a document within the text that
/// can be saved and read back.
fn check_brat(ann: &str, with_schema: bool) -> Result<(), TestCaseError> {
    let text = SourceText::new(BRAT_TEXT.to_owned());
    let schema = with_schema.then(Schema::builtin);
    if let Ok(doc) = brat::import(ann, &text, brat_base(&text), schema.as_ref()) {
        for e in &doc.entities {
            prop_assert!(e.start <= e.end && e.end <= text.len_chars(), "{:?}", e);
        }
        let written = store::serialize(&doc);
        prop_assert!(
            store::parse(&written).is_ok(),
            "imported document does not save: {}",
            written
        );
    }
    Ok(())
}

/// An `annotation.conf` either fails cleanly or gives a schema that is
/// written out and read back the same.
fn check_conf(conf: &str) -> Result<(), TestCaseError> {
    if let Ok(s) = brat_conf::parse(conf, "prop") {
        prop_assert!(!s.entities.is_empty());
        let written = brat_conf::write(&s);
        let back = brat_conf::parse(&written, "written").map_err(|e| {
            TestCaseError::fail(format!("written conf does not parse: {e}\n{written}"))
        })?;
        prop_assert_eq!(back, s);
    }
    Ok(())
}

/// A jsonl line either fails cleanly or gives spans within its text.
fn check_jsonl(line: &str) -> Result<(), TestCaseError> {
    if let Ok(r) = jsonl::parse_line(line) {
        let len = r.text.chars().count();
        for s in &r.spans {
            prop_assert!(s.start <= s.end && s.end <= len, "{:?} in {:?}", s, r.text);
        }
    }
    Ok(())
}

/// Decoding either fails cleanly or gives a text that knows its length.
fn check_decode(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok((t, encoding)) = SourceText::decode_any(bytes) {
        prop_assert_eq!(t.len_chars(), t.as_str().chars().count());
        prop_assert_eq!(t.byte_of(t.len_chars()), t.as_str().len());
        prop_assert!(
            crate::text::encoding_for_label(encoding).is_some(),
            "unknown encoding name {}",
            encoding
        );
    }
    Ok(())
}

/// The valid inputs really are valid: mutating them tests something.
#[test]
fn the_valid_inputs_parse() {
    let doc = store::parse(SIDECAR).unwrap();
    assert_eq!(doc.entities.len(), 3);
    check_sidecar(SIDECAR.as_bytes()).unwrap();
    Schema::parse(SCHEMA, "tiny").unwrap();
    Schema::parse(DEFAULT_SCHEMA, "built-in").unwrap();
    let text = SourceText::new(BRAT_TEXT.to_owned());
    assert_eq!(text.len_chars(), 52);
    let doc = brat::import(BRAT_ANN, &text, brat_base(&text), None).unwrap();
    assert_eq!(doc.entities.len(), 4);
    assert_eq!(doc.events.len(), 1);
    assert_eq!(doc.relations.len(), 1);
    check_brat(BRAT_ANN, true).unwrap();
    check_conf(BRAT_CONF).unwrap();
    for line in JSONL_LINES {
        let r = jsonl::parse_line(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(!r.spans.is_empty(), "{line}");
    }
    let names: Vec<&str> = source_samples()
        .iter()
        .map(|b| SourceText::decode_any(b).unwrap().1)
        .collect();
    assert_eq!(
        names,
        [
            "utf-8",
            "utf-8",
            "utf-16",
            "utf-16",
            "latin-1",
            "windows-1252"
        ]
    );
}

/// The seed corpus the fuzz targets start from is the valid inputs above.
#[test]
fn the_fuzz_seeds_are_the_valid_inputs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    if !root.exists() {
        return;
    }
    let seed = |target: &str, name: &str| {
        std::fs::read(root.join(target).join(name))
            .unwrap_or_else(|e| panic!("fuzz/corpus/{target}/{name}: {e}"))
    };
    assert_eq!(seed("sidecar", "full.json"), SIDECAR.as_bytes());
    assert_eq!(seed("schema", "tiny.json"), SCHEMA.as_bytes());
    assert_eq!(seed("brat_ann", "all-lines.ann"), BRAT_ANN.as_bytes());
    assert_eq!(seed("brat_conf", "annotation.conf"), BRAT_CONF.as_bytes());
    assert_eq!(seed("jsonl_line", "spans.jsonl"), JSONL_LINES[0].as_bytes());
    assert_eq!(
        seed("jsonl_line", "doccano.jsonl"),
        JSONL_LINES[3].as_bytes()
    );
    assert_eq!(seed("source_text", "utf-16le.txt"), source_samples()[2]);
    assert_eq!(seed("source_text", "windows-1252.txt"), source_samples()[5]);
}

/// 512 cases per property, or `PROPTEST_CASES` when set (to run longer).
fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => default.cases,
        Err(_) => 512,
    };
    ProptestConfig { cases, ..default }
}

proptest! {
    #![proptest_config(config())]

    // The sidecar: `store::parse` and `store::parse_bytes`.

    #[test]
    fn sidecar_arbitrary_text(s in any_text()) {
        check_sidecar(s.as_bytes())?;
    }

    #[test]
    fn sidecar_arbitrary_bytes(b in any_bytes()) {
        check_sidecar(&b)?;
    }

    #[test]
    fn sidecar_mutated(e in edits()) {
        check_sidecar(&mutate(SIDECAR.as_bytes(), &e))?;
    }

    // The schema: `Schema::parse`.

    #[test]
    fn schema_arbitrary(s in any_text()) {
        check_schema(&s)?;
    }

    #[test]
    fn schema_mutated(e in edits(), builtin in any::<bool>()) {
        let valid = if builtin { DEFAULT_SCHEMA } else { SCHEMA };
        check_schema(&mutate_str(valid, &e))?;
    }

    // brat standoff: `brat::import`, with and without a schema.

    #[test]
    fn brat_ann_arbitrary(s in any_text(), with_schema in any::<bool>()) {
        check_brat(&s, with_schema)?;
    }

    #[test]
    fn brat_ann_mutated(e in edits(), with_schema in any::<bool>()) {
        check_brat(&mutate_str(BRAT_ANN, &e), with_schema)?;
    }

    // brat's `annotation.conf`: `brat_conf::parse`.

    #[test]
    fn brat_conf_arbitrary(s in any_text()) {
        check_conf(&s)?;
    }

    #[test]
    fn brat_conf_mutated(e in edits()) {
        check_conf(&mutate_str(BRAT_CONF, &e))?;
    }

    // A jsonl line: `jsonl::parse_line`.

    #[test]
    fn jsonl_line_arbitrary(s in any_text()) {
        check_jsonl(&s)?;
    }

    #[test]
    fn jsonl_line_mutated(e in edits(), which in 0..JSONL_LINES.len()) {
        check_jsonl(&mutate_str(JSONL_LINES[which], &e))?;
    }

    // Source text: `SourceText::decode_any`.

    #[test]
    fn source_text_arbitrary(b in any_bytes()) {
        check_decode(&b)?;
    }

    #[test]
    fn source_text_mutated(e in edits(), which in 0usize..6) {
        check_decode(&mutate(&source_samples()[which], &e))?;
    }
}
