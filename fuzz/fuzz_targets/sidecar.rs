//! The sidecar parser: any bytes give a document or an error, and a
//! document is written and read back to itself, byte for byte.
#![no_main]

use gloss::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = store::parse_bytes(data) else {
        return;
    };
    let written = store::serialize(&doc);
    let again = store::parse(&written)
        .unwrap_or_else(|e| panic!("a written sidecar does not parse: {e}\n{written}"));
    let mut normal = doc;
    normal.normalize();
    assert_eq!(again, normal, "the sidecar changed on writing:\n{written}");
    assert_eq!(store::serialize(&again), written, "writing twice differs");
});
