//! Any conf gloss writes reads back; macros cannot blow up.

use super::*;

/// Configurations built from valid pieces, with some lines of noise,
/// so that the property below mostly gets past the first error.
fn conf_text() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "", "\t", "\t\t", "  "]);
    let types = prop::collection::vec(
        prop::sample::select(vec![
            "E0", "E1", "E2", "E3", "V0", "V1", "<ENTITY>", "<EVENT>", "<ANY>", "<M>", "R0",
        ]),
        1..4,
    )
    .prop_map(|t| t.join("|"));
    let entities = prop::collection::vec((indent.clone(), any::<bool>()), 1..6).prop_map(|es| {
        es.iter()
            .enumerate()
            .map(|(i, (ind, abs))| format!("{ind}{}E{i}", if *abs { "!" } else { "" }))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let role = (
        prop::sample::select(vec!["Arg", "Theme", "Cause", "Place"]),
        prop::sample::select(vec!["", "?", "*", "+", "{2}", "{0-1}", "{1}"]),
        types.clone(),
    )
        .prop_map(|(r, c, t)| format!("{r}{c}:{t}"));
    let events = prop::collection::vec(
        (
            indent.clone(),
            any::<bool>(),
            prop::collection::vec(role, 0..3),
        ),
        0..4,
    )
    .prop_map(|vs| {
        vs.iter()
            .enumerate()
            .map(|(i, (ind, abs, roles))| {
                let bang = if *abs { "!" } else { "" };
                format!("{ind}{bang}V{i}\t{}", roles.join(", "))
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let relations = prop::collection::vec(
        (
            indent.clone(),
            any::<bool>(),
            types.clone(),
            types.clone(),
            any::<bool>(),
        ),
        0..4,
    )
    .prop_map(|rs| {
        rs.iter()
            .enumerate()
            .map(|(i, (ind, abs, a, b, sym))| {
                let bang = if *abs { "!" } else { "" };
                let extra = if *sym { ", <REL-TYPE>:symmetric" } else { "" };
                format!("{ind}{bang}R{i} Arg1:{a}, Arg2:{b}{extra}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let attributes = prop::collection::vec(
        (
            prop::sample::select(vec![
                "<EVENT>",
                "<ENTITY>",
                "<RELATION>",
                "<ANY>",
                "E1",
                "R0",
                "R1|E0",
                "<EVENT>|E0",
            ]),
            prop::sample::select(vec!["", ", Value:a|b", ", Value:<M>", ", Value:x, Glyph:y"]),
        ),
        0..3,
    )
    .prop_map(|xs| {
        xs.iter()
            .enumerate()
            .map(|(i, (on, v))| format!("A{i}\tArg:{on}{v}"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let noise = prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "[drawing]",
                "[",
                "]",
                "# c",
                "----",
                "<M>=<M>",
                "<N>=",
                "!",
                "X\tR:",
                "<ANY>=E0",
                "Y\t:Z",
                "Q{",
                "\tE0",
                "[relations] x",
                "[events",
                "- x",
                "|#x",
                "|[x]",
                "\tENTITY-NESTING Arg1:E0, Arg2:E0",
            ])
            .prop_map(str::to_owned),
            any::<String>(),
        ],
        0..2,
    );
    (
        prop::sample::select(vec!["<M>=E0|E1", "<M>=V0", "<M>=<ENTITY>"]),
        entities,
        events,
        relations,
        attributes,
        noise,
        0..6usize,
    )
        .prop_map(|(m, en, ev, rel, attr, noise, at)| {
            let mut lines: Vec<String> = [
                m.to_owned(),
                "[entities]".into(),
                en,
                "[events]".into(),
                ev,
                "[relations]".into(),
                rel,
                "[attributes]".into(),
                attr,
            ]
            .into_iter()
            .collect();
            for (k, n) in noise.into_iter().enumerate() {
                let i = (at + 3 * k).min(lines.len());
                lines.insert(i, n);
            }
            lines.join("\n")
        })
}

proptest! {
    #[test]
    fn parse_never_panics(text in any::<String>()) {
        let _ = parse(&text, "fuzz");
    }

    #[test]
    fn what_parses_is_a_valid_schema_that_round_trips(text in conf_text()) {
        if let Ok(s) = parse(&text, "fuzz") {
            assert_passes_schema_checks(&s);
            let back = parse(&write(&s), "written")
                .unwrap_or_else(|e| panic!("{e}\n{text}\n---\n{}", write(&s)));
            prop_assert_eq!(back, s);
        }
    }
}

/// 8 nested macros of 50 alternatives each: 50⁸ types if expanded naively.
fn macro_bomb(levels: usize, width: usize) -> String {
    let mut conf = vec![format!("<M0>={}", vec!["PER"; width].join("|"))];
    for k in 1..levels {
        let prev = format!("<M{}>", k - 1);
        conf.push(format!("<M{k}>={}", vec![prev.as_str(); width].join("|")));
    }
    let last = levels - 1;
    conf.push(format!(
        "[entities]\nPER\nORG\n[relations]\nKnows\tArg1:<M{last}>, Arg2:PER\n[events]\n[attributes]"
    ));
    conf.join("\n") + "\n"
}

#[test]
fn nested_macros_past_the_limit_are_refused_at_the_line_that_uses_them() {
    let started = std::time::Instant::now();
    let e = parse(&macro_bomb(8, 50), "c/annotation.conf").unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(e.place, "line 13", "{e}");
    assert!(e.reason.contains("more than 10000 alternatives"), "{e}");
    assert!(
        e.to_string()
            .starts_with("c/annotation.conf: line 13: <M7> expands"),
        "{e}"
    );
}

#[test]
fn nested_macros_within_the_limit_still_expand() {
    // 3 levels of 20: 8,000 alternatives in all, one type after all.
    let s = parse(&macro_bomb(3, 20), "annotation.conf").unwrap();
    let knows = s.relation_type("Knows").unwrap();
    assert_eq!(knows.arg1, strings(&["PER"]));
    assert!(parse(&macro_bomb(3, 22), "annotation.conf").is_err());
}
