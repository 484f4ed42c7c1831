//! The schema parser: any UTF-8 text gives a checked schema or an error.
#![no_main]

use gloss::schema::Schema;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(schema) = Schema::parse(json, "fuzz") {
        assert!(!schema.entities.is_empty(), "a schema without entity types");
    }
});
