use super::*;
use crate::annotation::{Document, SourceInfo};
use crate::text::SourceText;
use crate::validate::{Problem, ProblemKind};

fn text_query(q: &str) -> TextQuery {
    match parse(q).unwrap() {
        Query::Text(t) => t,
        Query::Annotation(a) => panic!("{q} parsed as {a:?}"),
    }
}

fn annotation_query(q: &str) -> AnnotationQuery {
    match parse(q).unwrap() {
        Query::Annotation(a) => a,
        Query::Text(t) => panic!("{q} parsed as text {t:?}"),
    }
}

/// The matched slices, by code points, with line and column.
fn found(q: &str, text: &str) -> Vec<(String, usize, usize)> {
    hits_in_text(&text_query(q), text)
        .into_iter()
        .map(|h| {
            let s: String = text.chars().skip(h.start).take(h.end - h.start).collect();
            (s, h.line, h.column)
        })
        .collect()
}

#[test]
fn each_form_of_query_parses() {
    let plain = text_query("Mosul city");
    assert_eq!(plain.as_str(), "Mosul city");
    assert!(!plain.is_regex() && !plain.ignores_case());
    assert!(text_query("mosul").ignores_case());
    let re = text_query("re:Mos[a-z]l");
    assert!(re.is_regex());
    assert_eq!(re.as_str(), "Mos[a-z]l");
    assert!(matches!(
        annotation_query("@PER"),
        AnnotationQuery::Type { ref kind, text: None } if kind == "PER"
    ));
    let AnnotationQuery::Type { kind, text } = annotation_query("@PER:Ahmed Ali") else {
        panic!("not a type query");
    };
    assert_eq!(
        (kind.as_str(), text.unwrap().as_str()),
        ("PER", "Ahmed Ali")
    );
    assert!(matches!(
        annotation_query("@?"),
        AnnotationQuery::Suggestions
    ));
    assert!(matches!(annotation_query("@!"), AnnotationQuery::Problems));
    // A leading backslash searches for the characters themselves.
    assert_eq!(text_query("\\@PER").as_str(), "@PER");
    assert_eq!(text_query("\\re:x").as_str(), "re:x");
    assert_eq!(text_query("\\\\x").as_str(), "\\x");
    assert_eq!(text_query("\\n").as_str(), "\\n");
    // Only the first colon separates the type from the text.
    let AnnotationQuery::Type { text, .. } = annotation_query("@TIME:10:30") else {
        panic!("not a type query");
    };
    assert_eq!(text.unwrap().as_str(), "10:30");
}

#[test]
fn bad_queries_say_what_and_where() {
    assert_eq!(parse("").unwrap_err(), QueryError::Empty);
    assert_eq!(parse("re:").unwrap_err(), QueryError::EmptyRegex);
    assert_eq!(parse("@").unwrap_err(), QueryError::NoType);
    assert_eq!(parse("@:x").unwrap_err(), QueryError::NoType);
    let empty = parse("@PER:").unwrap_err();
    assert_eq!(empty, QueryError::EmptyText { kind: "PER".into() });
    assert!(empty.to_string().contains("@PER:"), "{empty}");
    let spaced = parse("@PE R").unwrap_err();
    assert_eq!(spaced.column(), Some(4), "{spaced}");
    assert_eq!(spaced.marker().unwrap(), "@PE R\n   ^");
    assert_eq!(parse("@?x").unwrap_err().column(), Some(2));
}

#[test]
fn a_bad_regular_expression_says_where_it_is_wrong() {
    let e = parse("re:(").unwrap_err();
    assert!(matches!(e, QueryError::BadRegex { .. }), "{e:?}");
    assert_eq!(e.column(), Some(4), "{e}");
    let said = e.to_string();
    assert!(
        said.contains("unclosed group") && said.contains("column 4"),
        "{said}"
    );
    assert_eq!(e.marker().unwrap(), "re:(\n   ^");
    // Columns count code points, not bytes.
    let e = parse("re:éé[").unwrap_err();
    assert_eq!(e.column(), Some(6), "{e}");
    // A Unicode class the syntax does not know is placed too.
    let e = parse("re:a\\p{Nope}").unwrap_err();
    assert_eq!(e.column(), Some(5), "{e}");
    // A control character in the query is shown, not sent.
    let e = parse("re:\u{1b}[(").unwrap_err();
    assert!(!e.to_string().contains('\u{1b}'), "{e:?}");
    assert!(!e.marker().unwrap().contains('\u{1b}'));
}

#[test]
fn plain_text_is_smart_case_as_in_the_article() {
    let text = "Mosul, MOSUL and mosul; NeoMosul.";
    let lower: Vec<_> = found("mosul", text).into_iter().map(|f| f.0).collect();
    assert_eq!(lower, ["Mosul", "MOSUL", "mosul", "Mosul"]);
    let upper: Vec<_> = found("Mosul", text).into_iter().map(|f| f.0).collect();
    assert_eq!(upper, ["Mosul", "Mosul"]);
    // The same offsets as the article's own search.
    let source = SourceText::new(text.to_owned());
    for q in ["mosul", "Mosul", "MOSUL", "l"] {
        let ours: Vec<usize> = hits_in_text(&text_query(q), text)
            .iter()
            .map(|h| h.start)
            .collect();
        assert_eq!(ours, source.matches_in(q, 0, source.len_chars()), "{q}");
    }
    // Case is folded for ASCII only, as there.
    assert!(found("émile", "Émile").is_empty());
    assert_eq!(found("émile", "émile").len(), 1);
    // Matches do not overlap.
    assert_eq!(found("aa", "aaaaa").len(), 2);
}

#[test]
fn regular_expressions_keep_case_as_written_and_skip_empty_matches() {
    let text = "Mosul Mosel mosul";
    let got: Vec<_> = found("re:Mos[a-z]l", text)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(got, ["Mosul", "Mosel"]);
    assert_eq!(found("re:(?i)mosul", text).len(), 2);
    assert!(found("re:x*", text).is_empty());
    let got: Vec<_> = found("re:l\\nM", "Mosul\nMosel").into_iter().collect();
    assert_eq!(got, [("l\nM".to_owned(), 1, 5)]);
}

#[test]
fn lines_and_columns_count_code_points_from_one() {
    // An astral character (4 bytes, 2 UTF-16 units) and an accented one
    // before the match count one column each.
    let text = "first line\n𝔸é Mosul and\r\nMosul";
    let hits = hits_in_text(&text_query("Mosul"), text);
    let at: Vec<_> = hits
        .iter()
        .map(|h| (h.start, h.end, h.line, h.column))
        .collect();
    assert_eq!(at, [(14, 19, 2, 4), (25, 30, 3, 1)]);
    let chars: Vec<char> = text.chars().collect();
    let first: String = chars[hits[0].start..hits[0].end].iter().collect();
    assert_eq!(first, "Mosul");
    assert_eq!(hits[0].id, None);
    // At the very start and the very end.
    let hits = hits_in_text(&text_query("ab"), "ab\nab");
    let at: Vec<_> = hits.iter().map(|h| (h.start, h.line, h.column)).collect();
    assert_eq!(at, [(0, 1, 1), (3, 2, 1)]);
}

/// "Ahmed met Sara in Mosul." with entities, a suggested one, an event,
/// a suggested relation and an orphan.
fn annotated() -> (SourceText, Document) {
    let text = "Ahmed met Sara\nin Mosul. Ahmed left.";
    let source = SourceText::new(text.to_owned());
    let info = SourceInfo::new("a.txt", "x".into(), "utf-8", source.len_chars());
    let mut doc = Document::new(info, None);
    doc.add_entity("PER", 0, 5, "Ahmed");
    doc.add_entity("PER", 10, 14, "Sara");
    let gpe = doc.add_entity("GPE", 18, 23, "Mosul");
    doc.add_entity("PER", 25, 30, "Ahmed");
    let value = serde_json::json!({"source": "model"});
    doc.entities
        .iter_mut()
        .find(|e| e.id == gpe)
        .unwrap()
        .suggested = Some(value.clone());
    let relation: crate::annotation::Relation = serde_json::from_value(serde_json::json!({
        "id": "R1", "type": "Knows", "arg1": "T2", "arg2": "T1", "suggested": {"source": "model"}
    }))
    .unwrap();
    doc.relations.push(relation);
    let orphan = doc.add_entity("PER", 90, 95, "Gone!");
    assert_eq!(orphan, "T5");
    let event: crate::annotation::Event = serde_json::from_value(serde_json::json!({
        "id": "E1", "type": "Meet",
        "trigger": {"id": "T9", "start": 6, "end": 9, "text": "met"},
        "arguments": []
    }))
    .unwrap();
    doc.events.push(event);
    (source, doc)
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter()
        .map(|h| h.id.as_deref().unwrap_or("-"))
        .collect()
}

#[test]
fn annotation_queries_find_types_texts_suggestions_and_problems() {
    let (text, doc) = annotated();
    let run = |q: &str, problems: &[Problem]| {
        hits_in_annotations(&annotation_query(q), &text, &doc, problems)
    };
    let per = run("@PER", &[]);
    assert_eq!(ids(&per), ["T1", "T2", "T4", "T5"]);
    // An orphan outside the text is clamped to its end.
    assert_eq!((per[3].start, per[3].end), (36, 36));
    assert_eq!((per[2].line, per[2].column, per[2].start), (2, 11, 25));
    assert_eq!(per[0].kind.as_deref(), Some("PER"));
    // Events by their event type, at their trigger, with the event's id.
    let meet = run("@Meet", &[]);
    assert_eq!(ids(&meet), ["E1"]);
    assert_eq!((meet[0].start, meet[0].end), (6, 9));
    // Text: smart case, contained.
    assert_eq!(ids(&run("@PER:ahmed", &[])), ["T1", "T4"]);
    assert_eq!(ids(&run("@PER:Sar", &[])), ["T2"]);
    assert!(run("@PER:SARA", &[]).is_empty());
    assert!(run("@per", &[]).is_empty());
    // Suggestions: the suggested entity and the relation (at its arg1).
    let suggested = run("@?", &[]);
    assert_eq!(ids(&suggested), ["R1", "T3"]);
    assert_eq!(suggested[0].kind.as_deref(), Some("Knows"));
    // Problems: one hit per annotation, messages together; a file's own
    // problem at the start.
    let problems = [
        problem(Some("T5"), ProblemKind::Orphaned, "orphaned"),
        problem(Some("T5"), ProblemKind::NotInSchema, "no such type"),
        problem(None, ProblemKind::SourceChanged, "source changed"),
        problem(Some("E1"), ProblemKind::RoleCount, "needs an Agent"),
    ];
    let flagged = run("@!", &problems);
    assert_eq!(ids(&flagged), ["-", "E1", "T5"]);
    assert_eq!(flagged[0].problem.as_deref(), Some("source changed"));
    assert_eq!(flagged[1].kind.as_deref(), Some("Meet"));
    assert_eq!(
        flagged[2].problem.as_deref(),
        Some("orphaned; no such type")
    );
}

fn problem(id: Option<&str>, kind: ProblemKind, message: &str) -> Problem {
    Problem {
        id: id.map(str::to_owned),
        kind,
        message: message.to_owned(),
    }
}

fn parts(k: &Kwic) -> (&str, &str, &str) {
    (&k.left, &k.matched, &k.right)
}

#[test]
fn kwic_keeps_what_fits_and_marks_the_cuts() {
    let text = "one two three four five six seven";
    // All of it fits.
    let k = kwic(text, 14, 18, 40);
    assert_eq!(parts(&k), ("one two three ", "four", " five six seven"));
    // Cut on both sides, the room shared; every side as wide as it may be.
    let k = kwic(text, 14, 18, 14);
    assert_eq!(parts(&k), ("…ree ", "four", " fiv…"));
    assert_eq!(k.width(), 14);
    // A short side leaves its room to the other.
    let k = kwic(text, 0, 3, 12);
    assert_eq!(parts(&k), ("", "one", " two thr…"));
    let k = kwic(text, 28, 33, 12);
    assert_eq!(parts(&k), ("…e six ", "seven", ""));
    // The match alone too wide: only it, cut at its right.
    let k = kwic(text, 4, 18, 6);
    assert_eq!(parts(&k), ("", "two t…", ""));
    let k = kwic(text, 4, 7, 3);
    assert_eq!(parts(&k), ("", "two", ""));
    // No room at all.
    assert_eq!(kwic(text, 4, 7, 0), Kwic::default());
}

#[test]
fn kwic_shows_breaks_as_spaces_and_controls_escaped_in_cells() {
    let text = "a\tb\r\nc\u{1b}[31m Mosul\u{202e} x";
    let k = kwic(text, 12, 17, 40);
    assert_eq!(parts(&k), ("a b c^[[31m ", "Mosul", "<202E> x"));
    // Wide characters take two cells: the cut falls between them.
    let text = "東京東京東京 Mosul 東京東京東京";
    let k = kwic(text, 7, 12, 13);
    assert_eq!(parts(&k), ("…京 ", "Mosul", " 東…"));
    assert!(k.width() <= 13, "{k:?}");
    let k = kwic(text, 7, 12, 14);
    assert_eq!(parts(&k), ("…京 ", "Mosul", " 東…"));
    let k = kwic(text, 7, 12, 16);
    assert_eq!(parts(&k), ("…京 ", "Mosul", " 東京…"));
    // A combining accent stays with its letter.
    let text = "cafe\u{301} Mosul";
    let k = kwic(text, 6, 11, 7);
    assert_eq!(parts(&k), ("… ", "Mosul", ""));
    let k = kwic(text, 6, 11, 8);
    assert_eq!(parts(&k), ("…e\u{301} ", "Mosul", ""));
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// How a text shows in a context line, grapheme by grapheme.
    fn shown_whole(s: &str) -> Vec<String> {
        s.graphemes(true)
            .map(|g| match g.chars().next() {
                Some('\n' | '\r' | '\t') => " ".to_owned(),
                _ => crate::text::escape(g).into_owned(),
            })
            .collect()
    }

    fn texts() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-z ]{1,6}",
            1 => Just("e\u{301}".to_owned()),
            1 => Just("東".to_owned()),
            1 => Just("\n".to_owned()),
            1 => Just("\t".to_owned()),
            1 => Just("\u{1b}".to_owned()),
            1 => Just("🇫🇷".to_owned()),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever the text: the line fits, the match is whole when it
        /// fits, each side is the shown text next to the match cut at a
        /// grapheme, and `…` says exactly when something was left out.
        #[test]
        fn kwic_sides_are_the_shown_text_next_to_the_match(
            before in texts(), matched in "[A-Z]{1,5}", after in texts(), cells in 0usize..40
        ) {
            let text = format!("{before}{matched}{after}");
            let start = before.chars().count();
            let k = kwic(&text, start, start + matched.chars().count(), cells);
            prop_assert!(k.width() <= cells, "{k:?}");
            if matched.len() <= cells {
                prop_assert_eq!(&k.matched, &matched);
            }
            let left = shown_whole(&before).concat();
            let right = shown_whole(&after).concat();
            let inner_left = k.left.strip_prefix('…').unwrap_or(&k.left);
            let inner_right = k.right.strip_suffix('…').unwrap_or(&k.right);
            prop_assert!(left.ends_with(inner_left), "{k:?}");
            prop_assert!(right.starts_with(inner_right), "{k:?}");
            let cut_left = inner_left.len() < left.len();
            let cut_right = inner_right.len() < right.len();
            if matched.len() < cells {
                prop_assert_eq!(k.left.starts_with('…'), cut_left && k.left.chars().count() > 0, "{:?}", k);
                prop_assert_eq!(k.right.ends_with('…'), cut_right && k.right.chars().count() > 0, "{:?}", k);
                // Cut at a grapheme of the shown text.
                let pieces = shown_whole(&before);
                let mut suffix = String::new();
                let mut ok = inner_left.is_empty();
                for p in pieces.iter().rev() {
                    suffix.insert_str(0, p);
                    ok |= suffix == inner_left;
                }
                prop_assert!(ok, "{k:?}");
            }
        }
    }
}

mod walking {
    use std::fs;
    use std::path::PathBuf;

    use crate::search::corpus::{files, in_order, search_text, walk_files};
    use crate::store::Placement;

    #[test]
    fn results_come_in_the_items_order_whatever_thread_finishes_first() {
        let mut seen = Vec::new();
        in_order(
            0..1000usize,
            4,
            || 0usize,
            |&i, calls| {
                *calls += 1;
                // Early items take longest, so later chunks finish first.
                if i < 40 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                i * 2
            },
            |r| {
                seen.push(r);
                true
            },
        );
        assert_eq!(seen, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn taking_no_more_stops_the_work() {
        let done = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = 0;
        in_order(
            0..100_000usize,
            2,
            || (),
            |&i, _| {
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |_| {
                seen += 1;
                seen < 10
            },
        );
        assert_eq!(seen, 10);
        // Threads run no further ahead than the results taken allow.
        assert!(done.into_inner() <= 100 * 32, "the rest was not searched");
    }

    #[test]
    fn the_files_are_the_corpus_list_s_in_its_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["sub", ".hidden", "a10", "a9"] {
            fs::create_dir(root.join(d)).unwrap();
        }
        for f in [
            "10.txt",
            "2.txt",
            "sub/1.txt",
            ".hidden/x.txt",
            "a10/x.txt",
            "a9/x.txt",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        fs::write(root.join("notes.md"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("sub"), root.join("link")).unwrap();
        let named = [root.to_path_buf(), root.join("2.txt")];
        let ours = files(&named).unwrap();
        let theirs: Vec<PathBuf> = crate::corpus::discover(&named, &Placement::default())
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 6, "{ours:?}");
        assert!(files(&[root.join("gone")]).is_err());
        // Walked as found: a folder without text is said in its place and
        // the walk goes on.
        fs::create_dir(root.join("empty")).unwrap();
        let walked: Vec<_> = walk_files(&[root.join("empty"), root.join("sub")])
            .unwrap()
            .collect();
        assert!(matches!(
            walked[0],
            Err(crate::corpus::CorpusError::NoText(_))
        ));
        assert_eq!(walked[1].as_ref().unwrap(), &root.join("sub/1.txt"));
        assert_eq!(walked.len(), 2);
    }

    #[test]
    fn a_file_is_searched_in_the_text_gloss_reads_whatever_its_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let q = match crate::search::parse("München").unwrap() {
            crate::search::Query::Text(q) => q,
            crate::search::Query::Annotation(_) => unreachable!(),
        };
        let mut buf = Vec::new();
        let cases: [(&str, &[u8]); 3] = [
            ("utf8.txt", "in München".as_bytes()),
            ("bom.txt", "\u{feff}in München".as_bytes()),
            ("latin1.txt", b"in M\xfcnchen"),
        ];
        for (name, bytes) in cases {
            let path = dir.path().join(name);
            fs::write(&path, bytes).unwrap();
            let found = search_text(&q, &path, None, &mut buf, false)
                .unwrap()
                .unwrap();
            assert_eq!(found.text, "in München", "{name}");
            assert_eq!((found.hits[0].start, found.hits[0].end), (3, 10), "{name}");
            assert_eq!(&found.text[found.hits[0].bytes.clone()], "München");
            buf = found.text.into_bytes();
        }
        let path = dir.path().join("bin.txt");
        fs::write(&path, b"M\xfcnchen\0").unwrap();
        assert!(search_text(&q, &path, None, &mut buf, false).is_err());
        let path = dir.path().join("none.txt");
        fs::write(&path, "Munich").unwrap();
        assert!(
            search_text(&q, &path, None, &mut buf, false)
                .unwrap()
                .is_none()
        );
    }
}
