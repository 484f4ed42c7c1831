use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::annotation::SourceInfo;
use crate::formats::Losses;

fn doc_for(text: &SourceText) -> Document {
    Document::new(
        SourceInfo::new("a.txt", "x".into(), "utf-8", text.len_chars()),
        None,
    )
}

/// What a brat file says, with ids replaced by what they point at, so that
/// files that say the same thing compare equal (as brat_canon.py does).
fn canon(ann: &str) -> BTreeMap<String, usize> {
    let rows: BTreeMap<&str, &str> = ann
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('*'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    fn c(id: &str, rows: &BTreeMap<&str, &str>, depth: usize) -> String {
        let Some(rest) = rows.get(id).filter(|_| depth < 20) else {
            return format!("?{id}");
        };
        let (head, tail) = rest.split_once('\t').unwrap_or((rest, ""));
        let parts: Vec<&str> = head.split_whitespace().collect();
        match id.chars().next().unwrap() {
            'T' => format!("T {head} {tail}"),
            'E' => {
                let (ty, trig) = parts[0].split_once(':').unwrap();
                let mut args: Vec<String> = parts[1..]
                    .iter()
                    .map(|a| {
                        let (r, t) = a.split_once(':').unwrap();
                        format!(
                            "{}={}",
                            r.trim_end_matches(|c: char| c.is_ascii_digit()),
                            c(t, rows, depth + 1)
                        )
                    })
                    .collect();
                args.sort();
                format!("E {ty} {} [{}]", c(trig, rows, depth + 1), args.join(","))
            }
            'R' => {
                let mut args: Vec<String> = parts[1..]
                    .iter()
                    .map(|a| {
                        let (r, t) = a.split_once(':').unwrap();
                        format!("{r}={}", c(t, rows, depth + 1))
                    })
                    .collect();
                args.sort();
                format!("R {} [{}]", parts[0], args.join(","))
            }
            'A' | 'M' => format!(
                "A {} {} {:?}",
                parts[0],
                c(parts[1], rows, depth + 1),
                &parts[2..]
            ),
            '#' => format!(
                "# {} {} {tail}",
                parts[0],
                parts.get(1).map_or("-".into(), |t| c(t, rows, depth + 1))
            ),
            'N' => format!(
                "N {} {} {} {tail}",
                parts[0],
                c(parts[1], rows, depth + 1),
                parts.get(2).unwrap_or(&"")
            ),
            _ => format!("? {rest}"),
        }
    }
    let mut out = BTreeMap::new();
    for id in rows.keys() {
        *out.entry(c(id, &rows, 0)).or_insert(0) += 1;
    }
    for l in ann.lines().filter(|l| l.starts_with('*')) {
        let parts: Vec<&str> = l
            .split('\t')
            .nth(1)
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let mut members: Vec<String> = parts[1..].iter().map(|x| c(x, &rows, 0)).collect();
        members.sort();
        *out.entry(format!("* {} {members:?}", parts[0]))
            .or_insert(0) += 1;
    }
    out
}

const TEXT: &str = "Acme Corp bought Zeta Inc in Oslo 🚀 and Zeta staff left.\r\nIt merged.\n";

fn sample_ann() -> String {
    let t = SourceText::new(TEXT.to_owned());
    let find = |w: &str| {
        let b = TEXT.find(w).unwrap();
        let s = t.char_of(b);
        (s, s + w.chars().count())
    };
    let (a1, a2) = find("Acme Corp");
    let (z1, z2) = find("Zeta Inc");
    let (o1, o2) = find("Oslo");
    let (b1, b2) = find("bought");
    let (m1, m2) = find("merged");
    let (s1, s2) = find("staff");
    let (zz1, zz2) = (TEXT.rfind("Zeta").map(|b| t.char_of(b)).unwrap(), 0);
    let _ = zz2;
    [
        format!("T1\tOrganization {a1} {a2}\tAcme Corp"),
        format!("T2\tOrganization {z1} {z2}\tZeta Inc"),
        format!("T3\tGPE {o1} {o2}\tOslo"),
        format!("T4\tTransfer-ownership {b1} {b2}\tbought"),
        format!("T5\tMerge-org {m1} {m2}\tmerged"),
        format!("T6\tPerson {zz1} {};{s1} {s2}\tZeta staff", zz1 + 4),
        "E1\tTransfer-ownership:T4 Buyer-Arg:T1 Artifact-Arg:T2".into(),
        "E2\tMerge-org:T5 Org-Arg:T1 Org-Arg2:T2".into(),
        "E3\tMerge-org:T5 Org-Arg:T2".into(),
        "E4\tReport:T4 Event-Arg:E1".into(),
        "R1\tLocated Arg1:T1 Arg2:T3".into(),
        "R2\tAlias Anaphor:T2 Antecedent:T1".into(),
        "A1\tNegation E2".into(),
        "M2\tConfidence E1 Low".into(),
        "A3\tMention T1 Name".into(),
        "N1\tReference T1 Wikipedia:123\tAcme Corporation".into(),
        "#1\tAnnotatorNotes T2\tthe buyer's target".into(),
        "#2\tAnnotatorNotes T2\ta second note".into(),
        "#3\tComment E1\tcheck the date".into(),
        "#4\tAnnotatorNotes T4\ton the trigger itself".into(),
        "*\tEquiv T1 T6".into(),
        "X1\tSomething brat might add one day".into(),
    ]
    .join("\n")
        + "\n"
}

#[test]
fn every_kind_of_line_comes_back_out() {
    let text = SourceText::new(TEXT.to_owned());
    let ann = sample_ann();
    let doc = import(&ann, &text, doc_for(&text), None).unwrap();
    assert_eq!(
        doc.entities.len(),
        4,
        "T lines not used as triggers are entities"
    );
    assert_eq!(doc.events.len(), 4);
    let e2 = doc.event("E2").unwrap();
    let roles: Vec<_> = e2.arguments.iter().map(|a| a.role.as_str()).collect();
    assert_eq!(
        roles,
        ["Org-Arg", "Org-Arg"],
        "Org-Arg2 is the second Org-Arg"
    );
    assert_eq!(
        doc.event("E3").unwrap().trigger.id,
        "T5",
        "a shared trigger keeps its id"
    );
    assert!(
        crate::validate::check_ids(&doc).is_empty(),
        "{:?}",
        crate::validate::check_ids(&doc)
    );
    assert!(crate::validate::check_spans(&doc, &text).is_empty());
    let staff = doc.entities.iter().find(|e| e.id == "T6").unwrap();
    assert!(staff.extra.contains_key("fragments"));
    assert_eq!(doc.note_of("T2"), Some("the buyer's target"));
    let mut losses = Losses::default();
    let out = export(&doc, &text, &mut losses);
    assert_eq!(canon(&out), canon(&ann), "\n{out}");
    // And the gloss file in between survives its own round trip.
    let again = crate::store::parse(&crate::store::serialize(&doc)).unwrap();
    assert_eq!(canon(&export(&again, &text, &mut losses)), canon(&ann));
}

#[test]
fn bad_lines_are_errors_with_their_line_number() {
    let text = SourceText::new("short".to_owned());
    for (ann, line, what) in [
        ("T1\tPER 0 99\tshort", 1, "bad offsets"),
        ("T1\tPER 0 5\tshort\nE1\tAttack:T9", 2, "trigger T9"),
        ("T1\tPER 0 5\tshort\nR1\tRel Arg1:T1", 2, "two role:id"),
        ("T1\tPER 0 5\tshort\nA1\tNeg T7", 2, "T7"),
        ("no tab here", 1, "no tab"),
    ] {
        let e = import(ann, &text, doc_for(&text), None).unwrap_err();
        assert_eq!(e.line, line, "{ann}");
        assert!(e.reason.contains(what), "{ann}: {}", e.reason);
    }
}

#[test]
fn the_brat_news_tutorial_round_trips() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/brat/news-tutorial"
    ));
    if !dir.exists() {
        eprintln!("skipped: ../shared/brat/news-tutorial is not present");
        return;
    }
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ann") {
            continue;
        }
        let ann = std::fs::read_to_string(&path).unwrap();
        let bytes = std::fs::read(path.with_extension("txt")).unwrap();
        let text = SourceText::decode(&bytes).unwrap();
        let doc = import(&ann, &text, doc_for(&text), None)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let back = crate::store::parse(&crate::store::serialize(&doc)).unwrap();
        let out = export(&back, &text, &mut Losses::default());
        assert_eq!(canon(&out), canon(&ann), "{}", path.display());
        n += 1;
    }
    assert!(n >= 10);
}

/// A random document of every annotation kind over a random text.
fn any_doc() -> impl Strategy<Value = (String, String)> {
    let text = "[a-zA-Z éü東🚀\r\n]{20,60}";
    text.prop_flat_map(|t| {
        let n = t.chars().count();
        let spans = prop::collection::vec((0..n - 1, 1usize..5, 0usize..3), 1..6);
        (
            Just(t),
            spans,
            prop::collection::vec((0usize..6, 0usize..6), 0..4),
            any::<bool>(),
        )
    })
    .prop_map(|(t, spans, links, note)| {
        let n = t.chars().count();
        let chars: Vec<char> = t.chars().collect();
        let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        let mut lines = Vec::new();
        let mut ids = Vec::new();
        for (i, (s, len, kind)) in spans.iter().enumerate() {
            let e = (s + len).min(n);
            // brat writes a span's text on its line: spans hold no line break.
            if slice(*s, e).contains(['\r', '\n']) {
                continue;
            }
            let id = format!("T{}", i + 1);
            lines.push(format!(
                "{id}\t{}\t{}",
                ["PER 0 0", "ORG 0 0", "Attack 0 0"][*kind].replace("0 0", &format!("{s} {e}")),
                slice(*s, e)
            ));
            ids.push((id, *kind));
        }
        if ids.is_empty() {
            return (t, String::new());
        }
        let mut events = Vec::new();
        for (i, (id, kind)) in ids.iter().enumerate() {
            if *kind == 2 {
                let e = format!("E{}", i + 1);
                lines.push(format!("{e}\tAttack:{id}"));
                events.push(e);
            }
        }
        for (k, (a, b)) in links.iter().enumerate() {
            let a = &ids[a % ids.len()].0;
            let b = &ids[b % ids.len()].0;
            lines.push(format!("R{}\tNear Arg1:{a} Arg2:{b}", k + 1));
            lines.push(format!("A{}\tConfidence R{} High", k + 1, k + 1));
        }
        if note {
            lines.push(format!("#1\tAnnotatorNotes {}\tsee below", ids[0].0));
        }
        (t, lines.join("\n") + "\n")
    })
}

proptest! {
    #[test]
    fn random_documents_survive_brat_and_back((t, ann) in any_doc()) {
        let text = SourceText::new(t);
        let doc = import(&ann, &text, doc_for(&text), None).unwrap();
        let back = crate::store::parse(&crate::store::serialize(&doc)).unwrap();
        let out = export(&back, &text, &mut Losses::default());
        prop_assert_eq!(canon(&out), canon(&ann));
        let again = import(&out, &text, doc_for(&text), None).unwrap();
        prop_assert_eq!(again.annotation_count(), doc.annotation_count());
    }

    #[test]
    fn import_never_panics(ann in "(T1\tX [0-9 ;]{0,12}\t[a-z]{0,5}\n|E1\t[A-Za-z:T0-9 ]{0,12}\n|[ARMN#*]1?\t[A-Za-z0-9 :]{0,15}\n){0,6}") {
        let text = SourceText::new("hello world".into());
        let _ = import(&ann, &text, doc_for(&text), None);
    }
}

mod exact;
