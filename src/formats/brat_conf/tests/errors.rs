//! What a broken annotation.conf is told: the line and the reason.

use super::*;

fn error(conf: &str) -> SchemaError {
    match parse(conf, "my.conf") {
        Ok(s) => panic!("accepted: {s:?}"),
        Err(e) => e,
    }
}

/// A conf, where its first error is, and words of the reason.
const ERROR_CASES: &[(&str, &str, &str)] = &[
    (
        "[entities]\nA\n[events]\nE\tR:B\n",
        "line 4",
        "role \"R\" of E names type \"B\", which does not exist",
    ),
    (
        "[entities]\nA\n\n[events]\nE\tR:<AB>\n",
        "line 5",
        "undefined macro <AB>",
    ),
    ("[entities]\nA\n[events]\nE\tR A\n", "line 4", "has no ':'"),
    (
        "[entities]\nA\n[events]\nE\tR:A, B\n",
        "line 4",
        "\"B\" has no ':'",
    ),
    (
        "[entities]\nA\n[events]\nE\t:A\n",
        "line 4",
        "no usable name",
    ),
    ("[entities]\nA\n[events]\nE\tR:A|\n", "line 4", "empty type"),
    (
        "[entities]\nA\n[events]\nE\tR?:A, R*:A\n",
        "line 4",
        "duplicate role \"R\"",
    ),
    (
        "[entities]\nA\n[events]\nE\tR{x}:A\n",
        "line 4",
        "is not a count",
    ),
    (
        "[entities]\nA\n[events]\nE\tR{3-1}:A\n",
        "line 4",
        "is not a count",
    ),
    (
        "[entities]\nA\n[events]\nE\t?:A\n",
        "line 4",
        "no role name",
    ),
    (
        "[entities]\nA\nB\nA\n",
        "line 4",
        "duplicate type name \"A\" (also line 2)",
    ),
    (
        "[entities]\nA\n[events]\nA\n",
        "line 4",
        "duplicate type name \"A\"",
    ),
    (
        "[entities]\n!A\n[events]\n!A\n",
        "line 4",
        "duplicate type name \"A\"",
    ),
    (
        "[entities]\nA\n[relations]\nR A:A, B:A\nR A:A, B:A\n",
        "line 5",
        "duplicate",
    ),
    (
        "[entities]\nA\n[relations]\nR\tArg1:A\n",
        "line 4",
        "has 1 arguments",
    ),
    (
        "[entities]\nA\n[relations]\nR\tArg1:A, Arg2:Z\n",
        "line 4",
        "\"Z\"",
    ),
    (
        "[entities]\nA\n[attributes]\nN\tValue:x|y\n",
        "line 4",
        "no Arg:",
    ),
    (
        "[entities]\nA\n[attributes]\nN\tArg:Q\n",
        "line 4",
        "\"Q\", which does not",
    ),
    ("[entities]\nA\n<ANY>=A\n", "line 3", "reserved"),
    ("[entities]\nA\n<A B>=A\n", "line 3", "bad macro name"),
    ("[entities]\nA\n<M>=\n", "line 3", "defines nothing"),
    (
        "[entities]\nA\n<M>=A|<M>\n[events]\nE\tR:<M>\n",
        "line 5",
        "refers to itself",
    ),
    (
        "[entities]\n!Empty\nA\n[events]\nE\tR:Empty\n",
        "line 5",
        "no annotatable type",
    ),
    ("[entities]\n!\n", "line 2", "no type name"),
    (
        "[entities]\nA\n[relations] x\n",
        "line 3",
        "\"[relations] x\" is not a section header",
    ),
    ("[entities]\nA\n[events\n", "line 3", "not a section header"),
    ("[\n[entities]\nA\n", "line 1", "not a section header"),
    (
        "[entities]\nA\n- x\n",
        "line 3",
        "type name \"-\" would be read as a separator",
    ),
    ("[entities]\nA\n--|B\n", "line 3", "as a separator"),
    (
        "[entities]\nA\n|#x\n",
        "line 3",
        "type name \"#x\" would be read as a comment",
    ),
    (
        "[entities]\nA\n[attributes]\n|[x]\tArg:A\n",
        "line 4",
        "type name \"[x]\" would be read as a section header",
    ),
    ("[entities]\nA\n|[x\n", "line 3", "as a section header"),
    (
        "[entities]\nA\n[relations]\nENTITY-NESTING\tArg1:A, Arg2:A\n\
             [attributes]\nN\tArg:ENTITY-NESTING\n",
        "line 6",
        "not a relation type",
    ),
    (
        "[entities]\nA\n[relations]\n!Empty\n[attributes]\nN\tArg:Empty\n",
        "line 6",
        "attaches to nothing",
    ),
    ("[entities]\n<X>\n", "line 2", "not a type name"),
    ("[entities]\n[events]\nE\n", "[entities]", "no entity types"),
    ("", "[entities]", "no entity types"),
];

#[test]
fn errors_name_the_line_and_the_reason() {
    for (conf, place, reason) in ERROR_CASES {
        let e = error(conf);
        assert_eq!(e.origin, "my.conf");
        assert_eq!(&e.place, place, "{conf:?}: {e}");
        assert!(e.reason.contains(reason), "{conf:?}: {e}");
    }
}

#[test]
fn the_first_error_in_the_file_is_reported() {
    // The unknown type on line 2 is found after the duplicate on line
    // 5 is, but comes first in the file.
    let e = error("[events]\nE\tR:Nope\n[entities]\nA\nA\n");
    assert_eq!(e.place, "line 2");
    let e = error("[entities]\nA\n[events]\nE\tR:Nope\nA\n");
    assert_eq!(e.place, "line 4");
    assert_eq!(
        e.to_string(),
        "my.conf: line 4: role \"R\" of E names type \"Nope\", which does not exist"
    );
    // The lines after a malformed header are read in the section it
    // seems to name, so B exists and the header is the first error.
    let e = error("[entities]\nA\n[events]\nE\tR:B\n[entities] x\nB\n");
    assert_eq!(e.place, "line 5", "{e}");
}
