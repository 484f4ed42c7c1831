//! One jsonl line: any UTF-8 text gives a record or an error, and a
//! record's spans lie within its text.
#![no_main]

use gloss::formats::jsonl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = jsonl::parse_line(line) else {
        return;
    };
    let len = record.text.chars().count();
    for s in &record.spans {
        assert!(
            s.start <= s.end && s.end <= len,
            "{s:?} in {:?}",
            record.text
        );
    }
});
