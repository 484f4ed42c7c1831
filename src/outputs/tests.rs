use std::fs;
use std::os::unix::fs::symlink;

use super::*;
use crate::corpus::discover;
use crate::store::Placement;

/// A corpus folder `c` with two articles (one in a subfolder), an
/// annotation file and a brat annotation.conf, inside a temporary folder.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("c");
    fs::create_dir_all(c.join("sub")).unwrap();
    fs::write(c.join("x.txt"), "Alice met Bob.\n").unwrap();
    fs::write(c.join("x.txt.ann.json"), "{}").unwrap();
    fs::write(c.join("sub/y.txt"), "Nobody.\n").unwrap();
    fs::write(c.join("annotation.conf"), "[entities]\nPER\n").unwrap();
    (tmp, c)
}

fn open(paths: &[PathBuf]) -> Corpus {
    discover(paths, &Placement::default()).unwrap()
}

#[test]
fn an_export_folder_that_is_or_is_inside_the_corpus_is_refused() {
    let (tmp, c) = corpus();
    let corpus = open(std::slice::from_ref(&c));
    for out in [
        c.clone(),
        c.join("sub"),
        c.join("new/brat"),
        c.join("sub/.."),
    ] {
        let e = check_brat_export(&corpus, &out).unwrap_err();
        assert!(
            matches!(e, Overwrite::InCorpus { .. }),
            "{}: {e}",
            out.display()
        );
        assert!(e.to_string().contains("nothing was written"), "{e}");
    }
    assert!(check_brat_export(&corpus, &tmp.path().join("out")).is_ok());
    // A sibling whose name starts like the corpus's is not inside it.
    assert!(check_brat_export(&corpus, &tmp.path().join("c2")).is_ok());
}

#[test]
fn links_either_way_are_seen_through() {
    let (tmp, c) = corpus();
    let link = tmp.path().join("c-link");
    symlink(&c, &link).unwrap();
    // The export folder is a link to the corpus.
    let corpus = open(std::slice::from_ref(&c));
    assert!(check_brat_export(&corpus, &link).is_err());
    // The corpus is named through a link.
    let through = open(std::slice::from_ref(&link));
    assert!(check_brat_export(&through, &c).is_err());
    // A link in the export folder to a source.
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    symlink(c.join("x.txt"), out.join("x.jsonl")).unwrap();
    let e = check_file_export(&corpus, &out.join("x.jsonl")).unwrap_err();
    assert!(e.to_string().contains("x.txt"), "{e}");
}

#[test]
fn a_file_export_over_any_input_is_refused() {
    let (tmp, c) = corpus();
    let corpus = open(std::slice::from_ref(&c));
    let inputs = [
        c.join("x.txt"),
        c.join("sub/y.txt"),
        c.join("x.txt.ann.json"),
        // Not there yet, but the annotation file gloss would read.
        c.join("sub/y.txt.ann.json"),
        c.join("x.ann"),
        c.join("annotation.conf"),
        c.join("gloss.schema.json"),
        c.join("sub/../x.txt"),
    ];
    for out in inputs {
        let e = check_file_export(&corpus, &out).unwrap_err();
        assert!(matches!(e, Overwrite::IsInput { .. }), "{}", out.display());
    }
    // Other files in the corpus folder are fine: `--out c/export.jsonl`.
    assert!(check_file_export(&corpus, &c.join("export.jsonl")).is_ok());
    assert!(check_file_export(&corpus, &tmp.path().join("x.jsonl")).is_ok());
}

#[test]
fn a_single_named_file_counts_its_folder_as_the_corpus() {
    let (_tmp, c) = corpus();
    let corpus = open(&[c.join("x.txt")]);
    // `export brat c/x.txt --out c` would copy x.txt onto itself.
    assert!(check_brat_export(&corpus, &c).is_err());
}

#[test]
fn names_stay_under_the_export_folder() {
    let out = Path::new("/o");
    assert_eq!(under(out, "a/b.txt"), Path::new("/o/a/b.txt"));
    assert_eq!(under(out, "../c/x.txt"), Path::new("/o/c/x.txt"));
    assert_eq!(under(out, "/abs/c/x.txt"), Path::new("/o/abs/c/x.txt"));
    assert_eq!(under(out, "./x.txt"), Path::new("/o/x.txt"));
}

#[test]
fn a_hard_link_to_an_input_is_refused() {
    let (tmp, c) = corpus();
    let corpus = open(std::slice::from_ref(&c));
    let out = tmp.path().join("x.jsonl");
    fs::hard_link(c.join("x.txt"), &out).unwrap();
    assert!(check_file_export(&corpus, &out).is_err());
}

#[test]
fn an_annotation_file_linked_to_its_article_is_refused() {
    let (_tmp, c) = corpus();
    fs::remove_file(c.join("x.txt.ann.json")).unwrap();
    symlink("x.txt", c.join("x.txt.ann.json")).unwrap();
    let corpus = open(std::slice::from_ref(&c));
    let entry = |name: &str| corpus.entries.iter().find(|e| e.name == name).unwrap();
    let e = check_annotation_file(entry("x.txt")).unwrap_err();
    assert!(
        e.to_string().contains("x.txt, which this command reads"),
        "{e}"
    );
    assert!(check_annotation_file(entry("sub/y.txt")).is_ok());
}
