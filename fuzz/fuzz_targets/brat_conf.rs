//! brat's `annotation.conf`: any UTF-8 text gives a schema or an error, and
//! a schema is written out and read back the same.
#![no_main]

use gloss::formats::brat_conf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(conf) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(schema) = brat_conf::parse(conf, "fuzz") else {
        return;
    };
    assert!(!schema.entities.is_empty(), "a schema without entity types");
    let written = brat_conf::write(&schema);
    let back = brat_conf::parse(&written, "written")
        .unwrap_or_else(|e| panic!("a written conf does not parse: {e}\n{written}"));
    assert_eq!(back, schema, "the schema changed on writing:\n{written}");
});
