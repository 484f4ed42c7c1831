use super::*;
use crate::schema::Kind;
use proptest::prelude::*;

/// Every feature: comments, macros before and after use, hierarchies by
/// tab (and by spaces), abstract categories, aliases, separators, all
/// cardinalities, wildcards, special relation settings, `<OVERLAP>`,
/// attribute keys gloss does not use, and sections it ignores.
const CONF: &str = "\
# A test configuration.
<PER-ORG>=Person|Organization

[entities]

# comment inside a section
!Thing
\tPerson
\tOrganization
\t!Place
\t\tGPE
\t\tLocation
Money
Date|Datum|D
----
Vehicle  ignored words

[relations]

Located\tArg1:Person, Arg2:GPE|Location
Partner   Arg1:<PER-ORG>, Arg2:<PER-ORG>, <REL-TYPE>:symmetric-transitive
Near  Arg1:Place, Arg2:Thing
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:contain
ENTITY-NESTING\tArg1:Person, Arg2:Organization
!Structural
\tPart-of Arg1:Location, Arg2:Location
Cause\tArg1:<EVENT>, Arg2:<ANY>

[events]

<AGENT>=<PER-ORG>|GPE
!Life
\tBe-born\tChild:Person, Place?:Place
\tMarry  Spouse{2}:Person, Witness{0-3}:Person, Guest{2-4}:Person, Officiant{1}:Person, Host{0-1}:Person, Party{0}:Person
\tDie
Business.Merge Org+:Organization, Agent*:<AGENT>, Cause?:<EVENT>, About?:<ANY>, What:<ENTITY>, Prior?:Life, Paid?:<PAYERS>
<PAYERS>=Money|Person

[attributes]

Negation\tArg:<EVENT>
Confidence  Arg:<EVENT>, Value:High|Low, Glyph:↑|↓
Generic  Arg:<ENTITY>|Located
Everywhere Arg:<ANY>
Placey Arg:Place
Structy Arg:Structural|Near
!Abstract-attr

[drawing]
Person\tbgColor:#ffccaa
whatever: <UNDEFINED> , :
";

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn role<'s>(s: &'s Schema, event: &str, role: &str) -> &'s Role {
    s.event_type(event)
        .unwrap_or_else(|| panic!("no event {event}"))
        .role(role)
        .unwrap_or_else(|| panic!("no role {role} in {event}"))
}

/// The schema as gloss's own JSON, so that `Schema::parse` runs the
/// schema's checks on it.
fn to_json(s: &Schema) -> String {
    use serde_json::json;
    let colour = |c: Colour| {
        let mut out = String::new();
        for (i, ch) in format!("{c:?}").chars().enumerate() {
            if ch.is_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(ch.to_ascii_lowercase());
        }
        out
    };
    let count = |c: Count| match c {
        Count::One => "one",
        Count::Optional => "optional",
        Count::OneOrMore => "one-or-more",
        Count::Any => "any",
    };
    json!({
        "name": s.name,
        "entities": s.entities.iter().map(|e| json!({
            "code": e.code, "name": e.name, "color": colour(e.color)
        })).collect::<Vec<_>>(),
        "events": s.events.iter().map(|e| json!({
            "type": e.name,
            "color": e.color.map(colour),
            "roles": e.roles.iter().map(|r| json!({
                "role": r.role, "types": r.types, "count": count(r.count)
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "relations": s.relations.iter().map(|r| json!({
            "type": r.name, "arg1": r.arg1, "arg2": r.arg2
        })).collect::<Vec<_>>(),
        "attributes": s.attributes.iter().map(|a| json!({
            "name": a.name, "values": a.values, "on": a.on
        })).collect::<Vec<_>>(),
    })
    .to_string()
}

fn assert_passes_schema_checks(s: &Schema) {
    let again = Schema::parse(&to_json(s), "converted")
        .unwrap_or_else(|e| panic!("gloss's schema checks refuse it: {e}"));
    assert_eq!(&again, s);
}

#[test]
fn entities_keep_their_order_and_take_colours_in_turn() {
    let s = parse(CONF, "annotation.conf").unwrap();
    assert_eq!(s.name, "brat annotation.conf");
    let codes: Vec<_> = s.entities.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "Person",
            "Organization",
            "GPE",
            "Location",
            "Money",
            "Date",
            "Vehicle"
        ],
        "abstract !Thing and !Place are not types; Date's aliases are not names"
    );
    for e in &s.entities {
        assert_eq!(e.code, e.name);
    }
    let colours: Vec<_> = s.entities.iter().map(|e| e.color).collect();
    assert_eq!(colours, PALETTE[..7]);
    assert_passes_schema_checks(&s);
}

#[test]
fn colours_go_round_the_palette() {
    let names: Vec<String> = (0..14).map(|i| format!("T{i}")).collect();
    let s = parse(&format!("[entities]\n{}\n", names.join("\n")), "c").unwrap();
    assert_eq!(s.entities[11].color, Colour::Gray);
    assert_eq!(s.entities[12].color, Colour::Red);
    assert_eq!(s.entities[13].color, Colour::Blue);
}

#[test]
fn events_get_roles_counts_and_expanded_types() {
    let s = parse(CONF, "annotation.conf").unwrap();
    let names: Vec<_> = s.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Be-born", "Marry", "Die", "Business.Merge"]);
    assert!(s.event_type("Life").is_none());
    assert!(s.events.iter().all(|e| e.color.is_none()));
    assert!(s.event_type("Die").unwrap().roles.is_empty());

    let born = s.event_type("Be-born").unwrap();
    assert_eq!(born.roles[0].count, Count::One);
    assert_eq!(born.roles[0].types, ["Person"]);
    let place = &born.roles[1];
    assert_eq!(
        (place.role.as_str(), place.count),
        ("Place", Count::Optional)
    );
    assert_eq!(place.types, ["GPE", "Location"], "!Place expands");

    let counts = [
        ("Spouse", Count::OneOrMore),
        ("Witness", Count::Any),
        ("Guest", Count::OneOrMore),
        ("Officiant", Count::One),
        ("Host", Count::Optional),
        ("Party", Count::Any),
    ];
    for (name, count) in counts {
        assert_eq!(role(&s, "Marry", name).count, count, "{name}");
    }

    let m = "Business.Merge";
    assert_eq!(role(&s, m, "Org").count, Count::OneOrMore);
    assert_eq!(role(&s, m, "Agent").count, Count::Any);
    assert_eq!(
        role(&s, m, "Agent").types,
        ["Person", "Organization", "GPE"],
        "a macro inside a macro"
    );
    assert_eq!(role(&s, m, "Cause").types, ["<EVENT>"]);
    assert_eq!(role(&s, m, "About").types, ["<ANY>"]);
    assert_eq!(role(&s, m, "What").types, ["<ENTITY>"]);
    assert_eq!(role(&s, m, "What").count, Count::One);
    assert_eq!(
        role(&s, m, "Prior").types,
        ["Be-born", "Marry", "Die"],
        "an abstract event category expands to its events"
    );
    assert_eq!(
        role(&s, m, "Paid").types,
        ["Money", "Person"],
        "a macro defined below its use"
    );
    assert_passes_schema_checks(&s);
}

#[test]
fn relations_take_their_two_arguments() {
    let s = parse(CONF, "annotation.conf").unwrap();
    let names: Vec<_> = s.relations.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["Located", "Partner", "Near", "Part-of", "Cause"],
        "no <OVERLAP>, no ENTITY-NESTING, no abstract !Structural"
    );
    let located = s.relation_type("Located").unwrap();
    assert_eq!(located.arg1, ["Person"]);
    assert_eq!(located.arg2, ["GPE", "Location"]);
    let partner = s.relation_type("Partner").unwrap();
    assert_eq!(partner.arg1, ["Person", "Organization"]);
    assert_eq!(partner.arg2, partner.arg1);
    let near = s.relation_type("Near").unwrap();
    assert_eq!(near.arg1, ["GPE", "Location"]);
    assert_eq!(near.arg2, ["Person", "Organization", "GPE", "Location"]);
    let cause = s.relation_type("Cause").unwrap();
    assert_eq!(
        (cause.arg1.clone(), cause.arg2.clone()),
        (strings(&["<EVENT>"]), strings(&["<ANY>"]))
    );
    assert_eq!(
        s.relations_between((Kind::Entity, "Person"), (Kind::Entity, "Location"))
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["Located"]
    );
}

#[test]
fn attributes_say_what_they_attach_to() {
    let s = parse(CONF, "annotation.conf").unwrap();
    let names: Vec<_> = s.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Negation",
            "Confidence",
            "Generic",
            "Everywhere",
            "Placey",
            "Structy"
        ]
    );
    let neg = s.attribute("Negation").unwrap();
    assert!(neg.is_binary());
    assert_eq!(neg.on, ["events"]);
    let conf = s.attribute("Confidence").unwrap();
    assert_eq!(conf.values, ["High", "Low"], "Glyph: is not a value");
    assert_eq!(conf.on, ["events"]);
    assert_eq!(s.attribute("Generic").unwrap().on, ["entities", "Located"]);
    assert_eq!(
        s.attribute("Everywhere").unwrap().on,
        ["entities", "events", "relations"]
    );
    assert_eq!(s.attribute("Placey").unwrap().on, ["GPE", "Location"]);
    assert_eq!(
        s.attribute("Structy").unwrap().on,
        ["Part-of", "Near"],
        "an abstract relation category expands to its relations"
    );
    assert_passes_schema_checks(&s);
    assert!(
        s.attribute("Generic")
            .unwrap()
            .applies_to(Kind::Relation, "Located")
    );
    assert!(
        !s.attribute("Generic")
            .unwrap()
            .applies_to(Kind::Relation, "Near")
    );
}

#[test]
fn spaces_and_crlf_work_too() {
    let conf = "[entities]\r\nA\r\n    B\r\n        C\r\n[events]\r\nE  R:A|C\r\n";
    let s = parse(conf, "c").unwrap();
    let codes: Vec<_> = s.entities.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["A", "B", "C"]);
    assert_eq!(role(&s, "E", "R").types, ["A", "C"]);
    let minimal = parse("[entities]\nX", "c").unwrap();
    assert_eq!(minimal.entities.len(), 1);
    assert!(minimal.events.is_empty() && minimal.relations.is_empty());
}

#[test]
fn an_attribute_on_a_relation_category_attaches_to_the_relations_below_it() {
    let conf = "[entities]\nA\n[relations]\n!Cat\n\tENTITY-NESTING\tArg1:A, Arg2:A\n\
                \t!Sub\n\t\tR1\tArg1:A, Arg2:A\n\tR2\tArg1:A, Arg2:A\nR3\tArg1:A, Arg2:A\n\
                [attributes]\nWhole\tArg:Cat\nPart\tArg:Sub|R3|Sub\n";
    let s = parse(conf, "c").unwrap();
    assert_eq!(s.attribute("Whole").unwrap().on, ["R1", "R2"]);
    assert_eq!(s.attribute("Part").unwrap().on, ["R1", "R3"]);
    assert_passes_schema_checks(&s);
    assert_eq!(parse(&write(&s), "written").unwrap(), s);
}

#[test]
fn names_that_cannot_start_a_line_are_written_otherwise() {
    let s = Schema {
        name: String::new(),
        entities: ["[x", "[y]", "#z", "-", "--", "-a"]
            .iter()
            .map(|c| EntityType {
                code: c.to_string(),
                name: c.to_string(),
                color: Colour::Red,
            })
            .collect(),
        events: vec![],
        relations: vec![],
        attributes: vec![],
    };
    let back = parse(&write(&s), "w").unwrap();
    let codes: Vec<_> = back.entities.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["_x", "_y]", "_z", "_", "_-", "-a"]);
}

#[test]
fn builtin_schema_survives_write_then_parse() {
    let original = Schema::builtin();
    let text = write(&original);
    let back = parse(&text, "written").unwrap_or_else(|e| panic!("{e}\n{text}"));
    let codes = |s: &Schema| {
        s.entities
            .iter()
            .map(|e| e.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&back), codes(&original));
    let events = |s: &Schema| {
        s.events
            .iter()
            .map(|e| {
                let roles: Vec<_> = e
                    .roles
                    .iter()
                    .map(|r| (r.role.clone(), r.types.clone(), r.count))
                    .collect();
                (e.name.clone(), roles)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(events(&back), events(&original));
    assert_eq!(back.relations, original.relations);
    assert_eq!(back.attributes, original.attributes);
    assert!(text.contains("\nConflict.Attack\tAttacker"), "{text}");
    assert!(
        text.contains("\nPHYS\tArg1:PER|FAC|LOC|GPE, Arg2:FAC|LOC|GPE\n"),
        "{text}"
    );
    assert!(text.contains("\nTense\tArg:<EVENT>, Value:Past|Present|Future|Unspecified\n"));
    assert_passes_schema_checks(&back);
}

#[test]
fn write_covers_every_count_and_attachment() {
    let s = parse(CONF, "c").unwrap();
    let text = write(&s);
    assert!(
        text.contains("\nMarry\tSpouse+:Person, Witness*:Person, Guest+:Person, Officiant:Person, Host?:Person, Party*:Person\n"),
        "{text}"
    );
    assert!(text.contains("\nDie\n"));
    assert!(text.contains("\nEverywhere\tArg:<ENTITY>|<EVENT>|<RELATION>\n"));
    assert!(text.contains("\nGeneric\tArg:<ENTITY>|Located\n"));
    let back = parse(&text, "again").unwrap();
    assert_eq!(back.events, s.events);
    assert_eq!(back.relations, s.relations);
    assert_eq!(back.attributes, s.attributes);
    assert_eq!(back.entities, s.entities);
}

#[test]
fn write_makes_awkward_names_readable() {
    let s = Schema {
        name: "odd\nname".into(),
        entities: vec![EntityType {
            code: "#hash".into(),
            name: "x".into(),
            color: Colour::Red,
        }],
        events: vec![EventType {
            name: "Say so".into(),
            color: None,
            roles: vec![Role {
                role: "Who?".into(),
                types: strings(&["#hash"]),
                count: Count::One,
            }],
        }],
        relations: vec![],
        attributes: vec![AttributeDef {
            name: "Mood".into(),
            values: strings(&["not sure", "a|b"]),
            on: strings(&["Say so"]),
        }],
    };
    let back = parse(&write(&s), "w").unwrap();
    assert_eq!(back.entities[0].code, "_hash");
    assert_eq!(back.events[0].name, "Say_so");
    assert_eq!(back.events[0].roles[0].role, "Who_");
    assert_eq!(back.events[0].roles[0].count, Count::One);
    assert_eq!(back.attributes[0].values, ["not_sure", "a_b"]);
    assert_eq!(back.attributes[0].on, ["Say_so"]);
}

#[test]
fn nearest_finds_the_closest_conf_up_the_tree() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let deep = root.join("a/b/c");
    std::fs::create_dir_all(&deep).unwrap();
    assert_eq!(nearest(&deep, Some(root)), None);
    std::fs::write(root.join(CONF_FILE), "[entities]\nX\n").unwrap();
    let at = |p: &Path| p.canonicalize().unwrap().join(CONF_FILE);
    assert_eq!(nearest(&deep, None), Some(at(root)));
    assert_eq!(
        nearest(&deep, Some(root)),
        Some(at(root)),
        "stop_at itself counts"
    );
    assert_eq!(
        nearest(&deep, Some(&root.join("a"))),
        None,
        "nothing above stop_at"
    );
    std::fs::write(root.join("a").join(CONF_FILE), "[entities]\nY\n").unwrap();
    assert_eq!(nearest(&deep, Some(root)), Some(at(&root.join("a"))));
    assert_eq!(nearest(&root.join("a"), None), Some(at(&root.join("a"))));
    assert_eq!(
        nearest(&root.join("a"), Some(&deep)),
        Some(at(&root.join("a"))),
        "outside stop_at only the folder itself"
    );
    assert_eq!(nearest(root, Some(&deep)), Some(at(root)));
    // A folder called annotation.conf is not a configuration.
    std::fs::create_dir_all(deep.join(CONF_FILE)).unwrap();
    assert_eq!(nearest(&deep, None), Some(at(&root.join("a"))));
}

#[test]
fn the_news_tutorial_conf_reads() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/brat/news-tutorial/annotation.conf"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("skipped: ../shared not present");
        return;
    };
    let s = parse(&text, path).unwrap_or_else(|e| panic!("{e}"));
    for code in ["Person", "Organization", "GPE", "Money"] {
        assert!(s.entity_type(code).is_some(), "{code}");
    }
    assert_eq!(role(&s, "Marry", "Person-Arg").count, Count::OneOrMore);
    assert_eq!(role(&s, "Marry", "Person-Arg").types, ["Person"]);
    assert_eq!(role(&s, "Marry", "Place-Arg").count, Count::Optional);
    assert_eq!(
        role(&s, "Die", "Agent-Arg").types,
        ["Person", "Organization", "GPE"]
    );
    assert_eq!(role(&s, "Report", "Event-Arg").types, ["<EVENT>"]);
    assert_eq!(role(&s, "Merge-org", "Org-Arg").count, Count::OneOrMore);
    assert!(
        s.event_type("Transfer-money").is_some(),
        "tab after the name"
    );
    for category in ["Life", "Transaction", "Business"] {
        assert!(s.event_type(category).is_none(), "{category}");
    }
    let located = s.relation_type("Located").unwrap();
    assert_eq!(
        (located.arg1.as_slice(), located.arg2.as_slice()),
        (&strings(&["Person"])[..], &strings(&["GPE"])[..])
    );
    assert!(s.relation_type("Alias").is_some(), "<REL-TYPE> is ignored");
    let confidence = s.attribute("Confidence").unwrap();
    assert_eq!(confidence.values, ["High", "Neutral", "Low"]);
    assert_eq!(confidence.on, ["events"]);
    let individual = s.attribute("Individual").unwrap();
    assert!(individual.is_binary());
    assert_eq!(individual.on, ["entities"]);
    assert_passes_schema_checks(&s);
    let back = parse(&write(&s), "written").unwrap();
    assert_eq!(back, s);
}

mod errors;
mod properties;
