//! The brat project every test starts from.

use super::*;

// ---------------------------------------------------------------------------
// The brat project every test starts from.

pub const CONF: &str = "\
# A small schema in brat's format.
[entities]
Person
Organization
GPE
Money

[relations]
Located  Arg1:Person, Arg2:GPE
Alias    Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive

[events]
<POG>=Person|Organization|GPE
!Business
\tMerge-org  Org-Arg+:Organization
\tStart-org  Agent-Arg?:<POG>, Org-Arg:Organization
Transfer-money  Giver-Arg:<POG>, Recipient-Arg?:<POG>, Money-Arg:Money

[attributes]
Individual  Arg:<ENTITY>
Mention     Arg:<ENTITY>, Value:Name|Nominal|Other
Negation    Arg:<EVENT>
Confidence  Arg:<EVENT>, Value:High|Neutral|Low
";

/// `a.txt`: plain ASCII, every kind of brat line.
pub const A_TXT: &str = "Aster and Birch merged with Cedar Trust and Dune Bank on Monday.\n\
Dana Reyes of Aster paid $5 million to Eli Moss in Varn.\n\
Reyes, known as Dee, left. Photo: Tomasevic/Reuters, AFP-Getty.\n";

/// `sub/b.txt`: an emoji outside the BMP and CRLF line ends.
pub const B_TXT: &str = "Aid \u{1F691} reached Mosul.\r\nThen Dana left Erbil.\r\n";

pub fn a_ann() -> String {
    let t = A_TXT;
    assert_eq!(slice(t, 0, 5), "Aster");
    assert_eq!(slice(t, 10, 15), "Birch");
    let mut ann = String::from("T1\tOrganization 0 5;10 15\tAster Birch\n");
    for (id, kind, word) in [
        ("T2", "Organization", "Cedar Trust"),
        ("T3", "Organization", "Dune Bank"),
        ("T4", "Merge-org", "merged"),
        ("T5", "Person", "Dana Reyes"),
        ("T6", "Money", "$5 million"),
        ("T7", "Person", "Eli Moss"),
        ("T8", "GPE", "Varn"),
        ("T9", "Transfer-money", "paid"),
        ("T10", "Person", "Dee"),
        ("T11", "Person", "Tomasevic"),
        ("T12", "Organization", "Reuters"),
        ("T13", "Organization", "Getty"),
    ] {
        ann.push_str(&t_line(id, kind, t, word));
    }
    ann.push_str(
        "E1\tMerge-org:T4 Org-Arg:T1 Org-Arg2:T2\n\
         E2\tMerge-org:T4 Org-Arg:T3\n\
         E3\tTransfer-money:T9 Giver-Arg:T5 Money-Arg:T6 Recipient-Arg:T7\n\
         R1\tLocated Arg1:T7 Arg2:T8\n\
         A1\tIndividual T5\n\
         A2\tMention T5 Name\n\
         A3\tConfidence E3 High\n\
         A4\tNegation E2\n\
         M1\tMention T7 Nominal\n\
         N1\tReference T5 Wikipedia:12345\tDana Reyes\n\
         #1\tAnnotatorNotes T6\t5000000 USD\n\
         #2\tAnnotatorNotes E1\ta three-way merger\n\
         *\tAlias T5 T10\n",
    );
    ann
}

pub fn b_ann() -> String {
    let t = B_TXT;
    let mut ann = String::new();
    for (id, kind, word) in [
        ("T1", "GPE", "Mosul"),
        ("T2", "GPE", "Erbil"),
        ("T3", "Person", "Dana"),
    ] {
        ann.push_str(&t_line(id, kind, t, word));
    }
    ann.push_str("A1\tMention T3 Name\n#1\tAnnotatorNotes T2\tafter an emoji and CRLF\n");
    ann
}

/// The entities (not triggers) of each document as (type, text at
/// start..end): what the span formats must carry.
pub fn expected_spans(name: &str) -> BTreeSet<(String, String)> {
    let list: &[(&str, &str)] = match name {
        "a.txt" => &[
            ("Organization", "Aster and Birch"),
            ("Organization", "Cedar Trust"),
            ("Organization", "Dune Bank"),
            ("Person", "Dana Reyes"),
            ("Money", "$5 million"),
            ("Person", "Eli Moss"),
            ("GPE", "Varn"),
            ("Person", "Dee"),
            ("Person", "Tomasevic"),
            ("Organization", "Reuters"),
            ("Organization", "Getty"),
        ],
        "sub/b.txt" => &[("GPE", "Mosul"), ("GPE", "Erbil"), ("Person", "Dana")],
        other => panic!("no document {other}"),
    };
    list.iter()
        .map(|(k, t)| ((*k).to_owned(), (*t).to_owned()))
        .collect()
}

/// The documents of the project: (name relative to the root, text, .ann).
pub fn documents() -> Vec<(&'static str, &'static str, String)> {
    vec![("a.txt", A_TXT, a_ann()), ("sub/b.txt", B_TXT, b_ann())]
}

/// Writes the brat project (not yet imported) into a fresh folder.
pub fn brat_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("annotation.conf"), CONF).unwrap();
    for (name, text, ann) in documents() {
        let txt = dir.path().join(name);
        fs::create_dir_all(txt.parent().unwrap()).unwrap();
        fs::write(&txt, text).unwrap();
        fs::write(txt.with_extension("ann"), ann).unwrap();
    }
    dir
}

pub fn sidecar_of(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.ann.json"))
}

/// The brat project, imported.
pub fn imported_project() -> tempfile::TempDir {
    let dir = brat_project();
    let run = gloss(&[&"import", &"brat", &dir.path()]);
    assert_eq!(run.code, 0, "{run:?}");
    for (name, _, _) in documents() {
        assert!(sidecar_of(dir.path(), name).exists(), "{name}: {run:?}");
    }
    dir
}
