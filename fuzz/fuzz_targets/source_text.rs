//! Decoding a source file: any bytes give a text in a named encoding or an
//! error, and the text's index agrees with the text.
#![no_main]

use gloss::text::SourceText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, encoding)) = SourceText::decode_any(data) else {
        return;
    };
    assert_eq!(text.len_chars(), text.as_str().chars().count());
    assert_eq!(text.byte_of(text.len_chars()), text.as_str().len());
    assert!(
        ["utf-8", "utf-16", "latin-1", "windows-1252"].contains(&encoding),
        "unknown encoding {encoding}"
    );
});
