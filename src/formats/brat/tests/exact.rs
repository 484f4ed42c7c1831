//! Exact round trips: a file brat wrote, imported and exported with no
//! change in between, comes back byte for byte, with every id and line kind
//! (`A4` stays `A4`, `M1` stays `M1`, `#`, `N`, `T`, `E` and `R` ids too) and
//! the lines in brat's order. After an edit, what is left keeps its ids and
//! new lines take ids no kept line holds.

use super::*;

/// Imports `ann`, passes the document through its sidecar, exports it.
fn through_gloss(ann: &str, text: &SourceText) -> String {
    let doc = import(ann, text, doc_for(text), None).unwrap();
    let back = crate::store::parse(&crate::store::serialize(&doc)).unwrap();
    export(&back, text, &mut Losses::default())
}

#[test]
fn every_line_comes_back_byte_for_byte() {
    let text = SourceText::new(TEXT.to_owned());
    let ann = sample_ann();
    assert_eq!(through_gloss(&ann, &text), ann);
}

#[test]
fn ids_line_kinds_and_order_are_brats_not_glosss() {
    let text = SourceText::new(TEXT.to_owned());
    let mut lines: Vec<String> = sample_ann().lines().map(str::to_owned).collect();
    // brat appends what was added last: an attribute before the spans,
    // odd numbers, an old-style M line, relations ending in a tab.
    lines.retain(|l| !l.starts_with("A1\t") && !l.starts_with("M2\t"));
    lines.insert(0, "A4\tNegation E2".into());
    lines.insert(3, "M9\tConfidence E1 Low".into());
    for l in lines.iter_mut().filter(|l| l.starts_with('R')) {
        l.push('\t');
    }
    lines.swap(5, 12);
    let ann = lines.join("\n") + "\n";
    let out = through_gloss(&ann, &text);
    assert_eq!(out, ann);
    assert!(out.contains("\nM9\tConfidence E1 Low\n"), "{out}");
}

#[test]
fn an_edit_keeps_the_other_ids_and_new_lines_take_free_ones() {
    let text = SourceText::new(TEXT.to_owned());
    let ann = "T1\tOrganization 0 9\tAcme Corp\nT2\tOrganization 17 25\tZeta Inc\n\
               A1\tMention T2 Name\nA4\tIndividual T1\nM2\tConfidence T1 Low\n\
               #3\tAnnotatorNotes T2\tthe target\n";
    let mut doc = import(ann, &text, doc_for(&text), None).unwrap();
    doc.entities.retain(|e| e.id != "T2");
    let t1 = doc.entities.iter_mut().find(|e| e.id == "T1").unwrap();
    t1.attributes
        .as_mut()
        .unwrap()
        .insert("Flag".into(), json!(true));
    t1.note = Some("new".into());
    let out = export(&doc, &text, &mut Losses::default());
    // A1 and #3 went with T2; A4 and M2 stay as they were, and the new
    // lines come last with ids the file never used (as brat would add them).
    assert_eq!(
        out,
        "T1\tOrganization 0 9\tAcme Corp\nA4\tIndividual T1\nM2\tConfidence T1 Low\n\
         A2\tFlag T1\n#1\tAnnotatorNotes T1\tnew\n"
    );
}

#[test]
fn a_kept_id_claimed_twice_or_of_the_wrong_kind_is_given_a_fresh_one() {
    let text = SourceText::new(TEXT.to_owned());
    let ann = "T1\tOrganization 0 9\tAcme Corp\nT2\tOrganization 17 25\tZeta Inc\n\
               A1\tNeg T1\nA2\tNeg T2\n";
    let mut doc = import(ann, &text, doc_for(&text), None).unwrap();
    doc.entities[1]
        .extra
        .insert(BRAT_IDS.into(), json!({"attributes": {"Neg": "A1"}}));
    doc.entities[0]
        .extra
        .insert(BRAT_IDS.into(), json!({"attributes": {"Neg": "T1"}}));
    let out = export(&doc, &text, &mut Losses::default());
    let ids: Vec<&str> = out.lines().filter_map(|l| l.split('\t').next()).collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{out}");
    assert!(
        out.contains("\tNeg T1\n") && out.contains("A1\tNeg T2\n"),
        "{out}"
    );
    assert!(!out.contains("T1\tNeg"), "{out}");
}

/// `ann` as brat may have written it: attribute lines as `A` or `M` with
/// any free numbers, relation lines with or without brat's closing tab,
/// every line in any order.
fn as_brat_wrote_it() -> impl Strategy<Value = (String, String)> {
    any_doc()
        .prop_flat_map(|(t, ann)| {
            let lines: Vec<String> = ann.lines().map(str::to_owned).collect();
            let n = lines.len();
            (
                Just(t),
                Just(lines),
                prop::collection::vec((any::<bool>(), 1usize..40), n),
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
        .prop_map(|(t, lines, marks, order)| {
            let mut out = Vec::new();
            for &i in &order {
                let (flag, number) = marks[i];
                let line = &lines[i];
                let rewritten = match line.split_once('\t') {
                    Some((id, body)) if id.starts_with('A') => {
                        format!(
                            "{}{}\t{body}",
                            if flag { 'M' } else { 'A' },
                            100 * i + number
                        )
                    }
                    Some((id, _)) if id.starts_with('R') && flag => format!("{line}\t"),
                    _ => line.clone(),
                };
                out.push(rewritten);
            }
            let ann = out.iter().map(|l| format!("{l}\n")).collect::<String>();
            (t, ann)
        })
}

proptest! {
    #[test]
    fn a_file_gloss_did_not_change_exports_byte_for_byte((t, ann) in as_brat_wrote_it()) {
        let text = SourceText::new(t);
        prop_assert_eq!(through_gloss(&ann, &text), ann);
    }
}
