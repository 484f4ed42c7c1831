//! Bugs the property tests and fuzz targets found, each kept as a named
//! test of the fixed behaviour.

use super::{SIDECAR, check_sidecar};
use crate::formats::brat_conf;

/// Found by `sidecar_mutated`: a float in a sidecar (a model's score, a
/// foreign tool's field) must read back as the same number after a save,
/// so that saving twice writes the same bytes. serde_json's default float
/// parsing is off by one unit in the last place for about one number in
/// ten; its `float_roundtrip` feature makes it exact.
#[test]
fn floats_in_a_sidecar_survive_saving() {
    for score in [
        "0.9856906946328695",
        "2.18446744073709551616",
        "1e308",
        "5e-324",
    ] {
        let json = SIDECAR.replace("0.75", score);
        check_sidecar(json.as_bytes()).unwrap_or_else(|e| panic!("{score}: {e}"));
    }
}

/// Found by `brat_conf_mutated` and the `brat_conf` fuzz target:
/// `[relations] x`, `- x` or `|#x` in `[entities]` was read as an entity
/// type named `[relations]`, `-` or `#x`, which `brat_conf::write` writes
/// as `_relations]`, `_` or `_x` (a line `[relations]` would be a section
/// header, `-` a separator, `#x` a comment), so the schema did not survive
/// writing. The reader now refuses such lines, as a malformed section
/// header or a type name that cannot start a line, so what it accepts
/// round-trips.
#[test]
fn a_type_named_like_a_header_separator_or_comment_round_trips() {
    for (conf, reason) in [
        ("[entities]\nA\n[relations] x\n", "not a section header"),
        ("[entities]\nA\n- x\n", "would be read as a separator"),
        ("[entities]\nA\n|#x\n", "would be read as a comment"),
        ("[entities]\nA\n|[x]\n", "would be read as a section header"),
    ] {
        match brat_conf::parse(conf, "c") {
            Ok(s) => {
                let back = brat_conf::parse(&brat_conf::write(&s), "written").unwrap();
                assert_eq!(back, s, "{conf:?}");
            }
            Err(e) => {
                assert_eq!(e.place, "line 3", "{conf:?}: {e}");
                assert!(e.reason.contains(reason), "{conf:?}: {e}");
            }
        }
    }
}

/// Found by `brat_conf_mutated`: an attribute whose `Arg:` names an
/// abstract relation category (`!Located`) was read with `on: ["Located"]`,
/// though no relation type of that name exists, so the attribute applied
/// to nothing and the conf written from it was refused. The category now
/// stands for the relations under it (`Near` here), as entity and event
/// categories do.
#[test]
fn an_attribute_on_a_relation_category_names_real_types() {
    let conf = "[entities]\nA\n[relations]\n!Located\tArg1:A, Arg2:A\n\tNear\tArg1:A, Arg2:A\n[attributes]\nConf\tArg:Located\n";
    let s = brat_conf::parse(conf, "c").unwrap();
    assert_eq!(s.attributes[0].on, ["Near"]);
    for o in &s.attributes[0].on {
        assert!(s.relation_type(o).is_some(), "attaches to {o:?}");
    }
    let back = brat_conf::parse(&brat_conf::write(&s), "written").unwrap();
    assert_eq!(back, s);
}
