use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::annotation::SourceInfo;

fn doc_for(text: &str) -> Document {
    Document::new(
        SourceInfo::new("a.txt", String::new(), "utf-8", text.chars().count()),
        None,
    )
}

/// Adds an entity on the first occurrence of `word`.
fn tag(doc: &mut Document, text: &SourceText, word: &str, kind: &str) -> String {
    let byte = text.as_str().find(word).expect("word in text");
    let start = text.char_of(byte);
    doc.add_entity(kind, start, start + word.chars().count(), word)
}

fn export(doc: &Document, text: &SourceText) -> (String, Losses) {
    let mut losses = Losses::default();
    let out = export_doc(doc, text, &mut losses);
    (out, losses)
}

/// The token lines as (token, tag), sentences separated by `("", "")`.
fn rows(out: &str) -> Vec<(String, String)> {
    let body = out
        .strip_prefix("-DOCSTART- -X- -X- O\n\n")
        .expect("docstart");
    body.lines()
        .map(|l| match l.split_once(' ') {
            Some((t, g)) => (t.to_owned(), g.to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect()
}

fn pairs(out: &str) -> Vec<String> {
    rows(out)
        .into_iter()
        .map(|(t, g)| {
            if t.is_empty() {
                "|".into()
            } else {
                format!("{t}/{g}")
            }
        })
        .collect()
}

#[test]
fn entity_inside_a_longer_token_is_kept() {
    let text = SourceText::new("Photo: Tomasevic/Reuters".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Tomasevic", "PER");
    let (out, losses) = export(&doc, &text);
    assert!(losses.is_empty(), "{}", losses.report("conll"));
    assert_eq!(
        pairs(&out),
        ["Photo/O", ":/O", "Tomasevic/B-PER", "//O", "Reuters/O", "|"]
    );
    assert!(out.ends_with("Reuters O\n\n"));
}

#[test]
fn multi_token_entities_get_b_then_i_and_adjacent_ones_restart() {
    let text = SourceText::new("the Iraqi Army and Kurdish peshmerga forces left Mosul.".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Iraqi Army", "ORG");
    tag(&mut doc, &text, "Kurdish", "NORP");
    tag(&mut doc, &text, "peshmerga forces", "ORG");
    tag(&mut doc, &text, "Mosul", "GPE");
    let (out, _) = export(&doc, &text);
    assert_eq!(
        pairs(&out),
        [
            "the/O",
            "Iraqi/B-ORG",
            "Army/I-ORG",
            "and/O",
            "Kurdish/B-NORP",
            "peshmerga/B-ORG",
            "forces/I-ORG",
            "left/O",
            "Mosul/B-GPE",
            "./O",
            "|"
        ]
    );
    // Two adjacent entities of one type stay two.
    let text = SourceText::new("Ahmed Nabil".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Ahmed", "PER");
    tag(&mut doc, &text, "Nabil", "PER");
    assert_eq!(
        pairs(&export(&doc, &text).0),
        ["Ahmed/B-PER", "Nabil/B-PER", "|"]
    );
}

#[test]
fn crlf_leaves_no_carriage_returns_and_ends_sentences() {
    let text = SourceText::new("Mosul fell.\r\nThen\r\nErbil.\r\n".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Erbil", "GPE");
    let (out, _) = export(&doc, &text);
    assert!(!out.contains('\r'));
    assert_eq!(
        pairs(&out),
        [
            "Mosul/O",
            "fell/O",
            "./O",
            "|",
            "Then/O",
            "|",
            "Erbil/B-GPE",
            "./O",
            "|"
        ]
    );
}

#[test]
fn sentences_end_at_final_punctuation_before_a_capital() {
    let text =
        SourceText::new("He left. Then he came back... and wait! why? No. U.S. troops".into());
    let (out, _) = export(&doc_for(text.as_str()), &text);
    let p = pairs(&out);
    let s = p.join(" ");
    assert_eq!(
        s,
        "He/O left/O ./O | Then/O he/O came/O back/O .../O and/O wait/O !/O why/O ?/O | \
         No/O ./O | U/O ./O S/O ./O troops/O |"
    );
}

#[test]
fn no_sentence_break_inside_an_entity() {
    let text = SourceText::new("I met Mr. Smith there.".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Mr. Smith", "PER");
    let (out, _) = export(&doc, &text);
    assert_eq!(
        pairs(&out).join(" "),
        "I/O met/O Mr/B-PER ./I-PER Smith/I-PER there/O ./O |"
    );
    // A span across a paragraph break stays in one sentence too.
    let text = SourceText::new("New\nYork".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "New\nYork", "GPE");
    assert_eq!(
        pairs(&export(&doc, &text).0),
        ["New/B-GPE", "York/I-GPE", "|"]
    );
}

#[test]
fn words_keep_hyphens_apostrophes_and_decimals() {
    let text =
        SourceText::new("\"They go to al-Ba'aj,\" said Mosul's 1.5 million (35-year-old).".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Mosul", "GPE");
    let (out, _) = export(&doc, &text);
    assert_eq!(
        pairs(&out).join(" "),
        "\"/O They/O go/O to/O al-Ba'aj/O ,/O \"/O said/O Mosul/B-GPE 's/O 1.5/O million/O \
         (/O 35-year-old/O )/O ./O |"
    );
}

#[test]
fn emoji_and_combining_marks_stay_whole_and_offsets_are_code_points() {
    let text = SourceText::new("Then 👨‍👩‍👧 left Erbil😀 and Cafe\u{301}.".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Erbil", "GPE");
    tag(&mut doc, &text, "Cafe\u{301}", "FAC");
    let (out, losses) = export(&doc, &text);
    assert!(losses.is_empty());
    assert_eq!(
        pairs(&out).join(" "),
        "Then/O 👨‍👩‍👧/O left/O Erbil/B-GPE 😀/O and/O Cafe\u{301}/B-FAC ./O |"
    );
    // A span that ends inside a grapheme still splits there.
    let text = SourceText::new("xe\u{301}y".into());
    let mut doc = doc_for(text.as_str());
    doc.add_entity("X", 0, 2, "xe");
    assert_eq!(pairs(&export(&doc, &text).0), ["xe/B-X", "\u{301}y/O", "|"]);
}

#[test]
fn overlaps_keep_the_outermost_and_report_the_rest() {
    let text = SourceText::new("the Bank of Iraq in Baghdad".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Bank of Iraq", "ORG");
    tag(&mut doc, &text, "Iraq", "GPE");
    tag(&mut doc, &text, "Iraq in Baghdad", "X"); // longer, crosses ORG
    tag(&mut doc, &text, "Baghdad", "GPE");
    let (out, losses) = export(&doc, &text);
    assert_eq!(
        pairs(&out).join(" "),
        "the/O Bank/O of/O Iraq/B-X in/I-X Baghdad/I-X |"
    );
    assert!(
        losses
            .report("conll")
            .contains("conll: 3 overlapping spans: kept the outermost"),
        "{}",
        losses.report("conll")
    );
    // Equal length: the earliest wins.
    let text = SourceText::new("a b c".into());
    let mut doc = doc_for("a b c");
    doc.add_entity("X", 0, 3, "a b");
    doc.add_entity("Y", 2, 5, "b c");
    assert_eq!(
        pairs(&export(&doc, &text).0),
        ["a/B-X", "b/I-X", "c/O", "|"]
    );
}

#[test]
fn everything_else_is_reported() {
    let text = SourceText::new("Iraqi forces attacked Mosul.  ".into());
    let mut doc = doc_for(text.as_str());
    tag(&mut doc, &text, "Iraqi", "GPE");
    tag(&mut doc, &text, "Mosul", "Geo political");
    doc.set_note("T1", "army");
    doc.set_attribute("T2", "Certain", Some(Value::Bool(true)));
    doc.add_entity("X", 29, 30, " ");
    doc.add_entity("X", 3, 3, "");
    doc.add_entity("X", 3, 300, "");
    let ev = doc.add_event("Attack", 13, 21, "attacked");
    doc.add_argument(&ev, "Place", "T2");
    doc.add_relation("Located", "T1", "T2");
    doc.note = "n".into();
    let (out, losses) = export(&doc, &text);
    assert!(out.contains("Mosul B-Geo_political\n"), "{out}");
    let report = losses.report("conll");
    for line in [
        "conll: 1 events: not representable in CoNLL, dropped",
        "conll: 1 relations: not representable in CoNLL, dropped",
        "conll: 1 notes: dropped",
        "conll: 1 attributes: dropped",
        "conll: 1 document notes: dropped",
        "conll: 1 spans over whitespace only: dropped",
        "conll: 1 empty spans: dropped",
        "conll: 1 spans outside the text: dropped",
        "conll: 1 spans whose type has spaces: spaces written as _",
    ] {
        assert!(report.contains(line), "{line} missing from\n{report}");
    }
}

#[test]
fn empty_text_is_just_the_docstart() {
    let text = SourceText::new(" \r\n".into());
    let (out, losses) = export(&doc_for(" \r\n"), &text);
    assert_eq!(out, "-DOCSTART- -X- -X- O\n\n");
    assert!(losses.is_empty());
}

fn arb_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        "Word",
        " ",
        "\r\n",
        "\n",
        "\t",
        "é",
        "e\u{301}",
        " \u{301}",
        "中",
        "😀",
        "👨‍👩‍👧",
        ".",
        "!",
        "-",
        "'",
        "1",
        "\u{2028}",
        "\u{a0}",
        "/",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    /// Tokens are the text without its whitespace, tags are valid BIO,
    /// and every kept span is tagged exactly over its characters.
    #[test]
    fn tokens_cover_the_text_and_tags_are_valid(
        s in arb_text(),
        raw in prop::collection::vec((any::<u16>(), any::<u16>(), 0u8..3), 0..8),
    ) {
        let text = SourceText::new(s);
        let n = text.len_chars();
        let mut doc = doc_for(text.as_str());
        for (a, b, k) in raw {
            let (a, b) = (a as usize % (n + 1), b as usize % (n + 1));
            let (start, end) = (a.min(b), a.max(b));
            doc.add_entity(["PER", "GPE", "ORG"][k as usize], start, end, text.slice(start, end));
        }
        let (out, _) = export(&doc, &text);
        prop_assert!(out.ends_with("\n\n"));
        let rows = rows(&out);
        let mut joined = String::new();
        let mut previous = String::from("O");
        for (token, tag) in &rows {
            if token.is_empty() {
                prop_assert!(tag.is_empty());
                prop_assert!(!previous.is_empty(), "two blank lines in a row");
                previous = String::new();
                continue;
            }
            prop_assert!(!token.contains(char::is_whitespace), "{:?}", token);
            prop_assert!(!tag.contains(' '));
            if let Some(t) = tag.strip_prefix("I-") {
                prop_assert!(
                    previous == format!("B-{t}") || previous == format!("I-{t}"),
                    "{} after {}", tag, previous
                );
            } else {
                prop_assert!(tag == "O" || tag.starts_with("B-"));
            }
            joined.push_str(token);
            previous = tag.clone();
        }
        let expected: String = text.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(joined, expected);
        let begins = rows.iter().filter(|(_, t)| t.starts_with("B-")).count();
        prop_assert!(begins <= doc.entities.len());
    }
}

/// Code point ranges `(start, end)`.
type Spans = Vec<(usize, usize)>;

/// The word tokens of CoNLL export (those starting with a letter or digit)
/// and the words `w` and `word_at` see in the same text.
fn tokens_and_words(text: &str) -> (Spans, Spans) {
    let chars: Vec<char> = text.chars().collect();
    let tokens = tokenize(text, &chars)
        .into_iter()
        .filter(|&(s, _)| chars[s].is_alphanumeric())
        .collect();
    let source = SourceText::new(text.to_owned());
    let mut found = Vec::new();
    let mut ch = 0;
    while ch < source.len_chars() {
        if let Some(word) = words::word_at(&source, ch)
            && found.last() != Some(&word)
        {
            found.push(word);
        }
        ch = source.next_grapheme(ch);
    }
    (tokens, found)
}

#[test]
fn conll_word_tokens_are_the_words_w_moves_over() {
    let text = "O'Neill met al-Ba\u{2019}aj in Mosul\u{2011}East at 1.5 km, 3,000 troops... \
                rock- and-roll; Zoe\u{301}'s 👩\u{200d}🔬 dog-- cat 2.x 'quoted' 日本語.";
    let (tokens, found) = tokens_and_words(text);
    assert_eq!(tokens, found);
    let shown: Vec<String> = found
        .iter()
        .map(|&(s, e)| text.chars().skip(s).take(e - s).collect())
        .collect();
    for word in [
        "O'Neill",
        "al-Ba\u{2019}aj",
        "Mosul\u{2011}East",
        "1.5",
        "3,000",
    ] {
        assert!(shown.iter().any(|w| w == word), "{word} in {shown:?}");
    }
}

proptest! {
    #[test]
    fn conll_tokens_and_w_words_agree_on_any_text(
        text in "(a|Z|7|é|e\u{301}|日|'|\u{2019}|-|\u{2011}|\\.|,| |\n|👩\u{200d}🔬){0,40}",
    ) {
        let (tokens, found) = tokens_and_words(&text);
        prop_assert_eq!(tokens, found);
    }
}

proptest! {
    /// The shortcut past ASCII pairs finds the clusters segmentation does:
    /// with combining marks, CR LF, prepended marks, regional indicators
    /// and emoji sequences next to ASCII.
    #[test]
    fn clusters_are_the_grapheme_clusters(
        text in "(a|Z|7| |\r|\n|\r\n|\\.|é|\u{301}|\u{600}|\u{1f1e6}|\u{1f1e8}|\u{200d}|👩|🔬|日|\u{94d}|क){0,40}",
    ) {
        use unicode_segmentation::UnicodeSegmentation;
        let want: Vec<&str> = text.graphemes(true).collect();
        prop_assert_eq!(super::clusters(&text), want);
    }
}
