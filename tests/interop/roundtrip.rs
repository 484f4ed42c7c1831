//! Exact round trips with brat, through the real binary: `gloss import
//! brat` then `gloss export brat` gives back every `.ann` byte for byte
//! when nothing changed in between (ids, line kinds, order, brat's tabs).

use super::*;

/// Copies `from`'s files (not folders) into a new temporary folder.
fn copy_of(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Imports `dir` and exports it into `out`; both runs succeed.
fn import_then_export(dir: &Path, out: &Path) {
    let run = gloss(&[&"import", &"brat", &dir]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = gloss(&[&"export", &"brat", &dir, &"--out", &out]);
    assert_eq!(run.code, 0, "{run:?}");
}

/// The `.ann` files of `dir` whose export in `out` is not byte for byte the same.
fn changed(dir: &Path, out: &Path) -> Vec<String> {
    let mut differ = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ann") {
            let name = path.file_name().unwrap();
            let back = fs::read(out.join(name)).unwrap_or_default();
            if fs::read(&path).unwrap() != back {
                differ.push(name.to_string_lossy().into_owned());
            }
        }
    }
    differ
}

#[test]
fn a_brat_file_comes_back_byte_for_byte_with_its_ids_and_line_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Acme Corp bought Zeta Inc in Oslo.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let ann = format!(
        "A4\tIndividual T1\n{}{}E1\tBuy:T3 Buyer:T1\n{}M1\tConfidence E1 Low\n\
         R7\tLocated Arg1:T2 Arg2:T4\t\nN3\tReference T1 Wiki:1\tAcme\n\
         #2\tAnnotatorNotes E1\tcheck\n*\tEquiv T1 T2\n",
        t_line("T1", "Organization", text, "Acme Corp"),
        t_line("T2", "Organization", text, "Zeta Inc"),
        t_line("T3", "Buy", text, "bought"),
    ) + &t_line("T4", "GPE", text, "Oslo");
    fs::write(dir.path().join("a.ann"), &ann).unwrap();
    let out = tempfile::tempdir().unwrap();
    import_then_export(dir.path(), out.path());
    let back = fs::read_to_string(out.path().join("a.ann")).unwrap();
    assert_eq!(back, ann);
}

#[test]
fn the_news_tutorial_comes_back_byte_for_byte() {
    let tutorial = Path::new(NEWS_TUTORIAL);
    if !tutorial.exists() {
        eprintln!("skipped: {NEWS_TUTORIAL} is not present");
        return;
    }
    let dir = copy_of(tutorial);
    // The lines the acceptance check adds: an attribute numbered A4 and an
    // old-style M line, which gloss once renumbered A1 and rewrote as A.
    let doc = dir.path().join("080-event-annotation.ann");
    let mut ann = fs::read_to_string(&doc).unwrap();
    ann.push_str("A4\tNegation E1\nM1\tConfidence E2 Low\n");
    fs::write(&doc, ann).unwrap();
    let out = tempfile::tempdir().unwrap();
    import_then_export(dir.path(), out.path());
    assert_eq!(changed(dir.path(), out.path()), Vec::<String>::new());
}

/// A type name brat's `annotation.conf` reader takes.
fn brat_accepts(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[test]
fn the_default_schema_goes_out_in_names_brat_accepts_and_comes_back_in_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Rebels attacked Mosul.\n";
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let ann = t_line("T1", "Conflict.Attack", text, "attacked")
        + &t_line("T2", "GPE", text, "Mosul")
        + "E1\tConflict.Attack:T1 Place:T2\n";
    fs::write(dir.path().join("a.ann"), ann).unwrap();
    let out = tempfile::tempdir().unwrap();
    import_then_export(dir.path(), out.path());

    // Every name the export writes, in the .ann and in annotation.conf, is
    // one brat takes; the originals are brat's labels in visual.conf.
    let exported = fs::read_to_string(out.path().join("a.ann")).unwrap();
    assert!(
        exported.contains("E1\tConflict_Attack:T1 Place:T2\n"),
        "{exported}"
    );
    let conf = fs::read_to_string(out.path().join("annotation.conf")).unwrap();
    let types: Vec<&str> = conf
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(['#', '[']))
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(types.contains(&"Conflict_Attack"), "{conf}");
    let refused: Vec<&&str> = types.iter().filter(|t| !brat_accepts(t)).collect();
    assert!(refused.is_empty(), "{refused:?}");
    let visual = fs::read_to_string(out.path().join("visual.conf")).unwrap();
    assert!(
        visual.contains("\nConflict_Attack | Conflict.Attack\n"),
        "{visual}"
    );

    // gloss import brat of that export gives back the original names.
    let run = gloss(&[&"import", &"brat", &out.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = read_json(&sidecar_of(out.path(), "a.txt"));
    assert_eq!(doc["events"][0]["type"], "Conflict.Attack", "{doc:#}");
    assert!(run.stderr.contains("imported 1 document(s)"), "{run:?}");
}
