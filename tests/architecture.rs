//! The house rules that hold by test rather than by review: the terminal
//! boundary, file and function sizes, and no module importing one that
//! imports it back.
//!
//! The scans read the source as text, with a small lexer that blanks
//! comments, strings and character literals so braces and words inside them
//! do not count. What each scan counts is said on it.
//!
//! Today's offenders that other packages are restructuring are listed by path
//! below, each with who fixes it: fixing one deletes its line; nobody adds one.

#[path = "architecture/scan.rs"]
mod scan;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use scan::{Source, functions, rust_files};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 80;

/// Files over `MAX_FILE_LINES`, by path.
const LONG_FILES: &[&str] = &[];

/// Functions over `MAX_FN_LINES`, as `path::name` (tables aside: a function
/// that is one table is listed here for good, with "table" in its comment).
const LONG_FUNCTIONS: &[&str] = &[
    // A table: the text of a whole brat annotation.conf.
    "src/formats/brat_conf/tests/properties.rs::conf_text",
];

/// Pairs of top-level modules that import each other, as `a <-> b` with the
/// names in order.
const CYCLES: &[&str] = &[];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn all_sources() -> Vec<Source> {
    ["src", "tests", "benches"]
        .iter()
        .flat_map(|dir| rust_files(root(), dir))
        .collect()
}

/// Nothing in the crate outside `src/tui/` names the terminal libraries, in
/// code (comments and strings do not count). Benches and end-to-end tests
/// drive the terminal on purpose and are not the crate.
#[test]
fn only_the_tui_names_ratatui_or_crossterm() {
    let offenders: Vec<String> = rust_files(root(), "src")
        .into_iter()
        .filter(|s| !s.path.starts_with("src/tui/"))
        .filter(|s| s.code_words().any(|w| w == "ratatui" || w == "crossterm"))
        .map(|s| s.path)
        .collect();
    assert!(offenders.is_empty(), "outside src/tui/: {offenders:?}");
}

/// One module converts text units: UTF-16 code units are counted only in
/// `src/text/` (test code aside: files named `tests.rs`, `parser_props*`
/// and what follows `#[cfg(test)]`).
#[test]
fn only_the_text_module_counts_utf16_units() {
    let offenders: Vec<String> = rust_files(root(), "src")
        .into_iter()
        .filter(|s| !s.path.starts_with("src/text/") && !s.is_test_code())
        .filter(|s| {
            s.code_before_tests()
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| ["encode_utf16", "len_utf16", "decode_utf16"].contains(&w))
        })
        .map(|s| s.path)
        .collect();
    assert!(
        offenders.is_empty(),
        "UTF-16 counted outside src/text/: {offenders:?}"
    );
}

/// brat's span fields are read and written in one place: the keys
/// `"fragments"` and `"brat_text"` are spelled only in
/// `src/annotation/span_extras.rs` (test code aside).
#[test]
fn brat_span_fields_are_read_in_one_place() {
    let offenders: Vec<String> = rust_files(root(), "src")
        .into_iter()
        .filter(|s| s.path != "src/annotation/span_extras.rs" && !s.is_test_code())
        .filter(|s| {
            let text = s.text_before_tests();
            text.contains("\"fragments\"") || text.contains("\"brat_text\"")
        })
        .map(|s| s.path)
        .collect();
    assert!(
        offenders.is_empty(),
        "brat fields read outside span_extras: {offenders:?}"
    );
}

/// Every line of a file counts, blank and comment lines included.
#[test]
fn no_source_file_is_over_600_lines() {
    let over: BTreeSet<String> = all_sources()
        .into_iter()
        .filter(|s| s.text.lines().count() > MAX_FILE_LINES)
        .map(|s| s.path)
        .collect();
    assert_allowlist("files over 600 lines", &over, LONG_FILES);
}

/// A function's lines run from the line of `fn` to the line of its closing
/// brace, both included (its doc comment and attributes do not count; a
/// nested fn counts in its parent too). Braces are counted outside comments,
/// strings and character literals.
#[test]
fn no_function_is_over_80_lines() {
    let mut over = BTreeSet::new();
    for source in all_sources() {
        for f in functions(&source) {
            if f.lines > MAX_FN_LINES {
                over.insert(format!("{}::{}", source.path, f.name));
            }
        }
    }
    assert_allowlist("functions over 80 lines", &over, LONG_FUNCTIONS);
}

/// A top-level module is `src/x.rs` with its folder `src/x/`; it imports
/// `y` when its code (test modules aside: files named `tests.rs` and what
/// follows `#[cfg(test)]`) names `crate::y`.
#[test]
fn no_module_imports_one_that_imports_it_back() {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for source in rust_files(root(), "src") {
        let Some(module) = source.top_module() else {
            continue;
        };
        if source.is_test_code() {
            continue;
        }
        let used = source.crate_paths_before_tests();
        imports.entry(module).or_default().extend(used);
    }
    let mut cycles = BTreeSet::new();
    for (a, uses) in &imports {
        for b in uses {
            let back = imports.get(b).is_some_and(|u| u.contains(a));
            if a < b && back {
                cycles.insert(format!("{a} <-> {b}"));
            }
        }
    }
    assert_allowlist("modules importing each other", &cycles, CYCLES);
}

/// Everything found is listed, and everything listed is still found (a
/// fixed offender's line goes).
fn assert_allowlist(what: &str, found: &BTreeSet<String>, listed: &[&str]) {
    let listed: BTreeSet<String> = listed.iter().map(|s| s.to_string()).collect();
    let new: Vec<_> = found.difference(&listed).collect();
    let fixed: Vec<_> = listed.difference(found).collect();
    assert!(new.is_empty(), "{what}, not allowed: {new:?}");
    assert!(
        fixed.is_empty(),
        "{what}: fixed, delete from the allowlist: {fixed:?}"
    );
}
