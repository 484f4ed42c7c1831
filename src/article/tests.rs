use super::*;

/// The hash saved with the annotations is the file's, whatever the file
/// looked like and whenever the hash was taken.
#[test]
fn the_saved_hash_is_the_files_in_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("plain.txt", b"Kestova floods".to_vec()),
        ("bom.txt", b"\xEF\xBB\xBFKestova floods".to_vec()),
        ("latin.txt", b"Z\xfcrich floods".to_vec()),
        ("utf16.txt", {
            let mut b = vec![0xFF, 0xFE];
            b.extend("Zoë".encode_utf16().flat_map(u16::to_le_bytes));
            b
        }),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let side = store::sidecar_path(&path, None);
        let article = Article::open(&path, &side, None);
        let saved = store::parse(&article.to_json()).unwrap();
        assert_eq!(saved.source.sha256, sha256_hex(&bytes), "{name}");
        assert_eq!(saved.source.chars, article.text.len_chars(), "{name}");
    }
}

/// A FIFO where the annotation file or the source belongs is named and
/// left alone; opening never waits for a writer.
#[test]
fn special_files_open_read_only_saying_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = nix::sys::stat::Mode::from_bits_truncate(0o644);
    let source = dir.path().join("e.txt");
    std::fs::write(&source, "Eve ran home.\n").unwrap();
    let side = store::sidecar_path(&source, None);
    nix::unistd::mkfifo(&side, fifo).unwrap();
    let article = Article::open(&source, &side, None);
    assert_eq!(
        article.access,
        Access::ReadOnly("e.txt.ann.json is a FIFO, not a regular file".into())
    );
    assert_eq!(article.text.as_str(), "Eve ran home.\n");

    let piped = dir.path().join("p.txt");
    nix::unistd::mkfifo(&piped, fifo).unwrap();
    let article = Article::open(&piped, &store::sidecar_path(&piped, None), None);
    assert_eq!(
        article.access,
        Access::ReadOnly("cannot read the source: a FIFO, not a regular file".into())
    );
    let e = Source::read(&piped).unwrap_err();
    assert_eq!(e, "cannot read the source: a FIFO, not a regular file");
}

/// The document keeps its problems: found on `check`, marked stale by a
/// change and found again once, by `check_if_needed`.
#[test]
fn problems_are_found_again_once_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("a.txt");
    std::fs::write(&source, "Eve ran home.\n").unwrap();
    let mut article = Article::open(&source, &store::sidecar_path(&source, None), None);
    let schema = Schema::builtin();
    article.check(&schema);
    assert!(article.problems.is_empty());
    assert!(!article.is_unchecked());
    // A type the schema does not know is a problem.
    article.doc.add_entity("NOSUCHTYPE", 0, 3, "Eve");
    article.annotations_changed();
    assert!(article.is_unchecked());
    assert_eq!(article.spans_at(1).len(), 1, "span look-ups see it at once");
    assert!(article.problems.is_empty(), "not checked before asked");
    assert!(article.check_if_needed(&schema));
    assert_eq!(article.problems.len(), 1, "{:?}", article.problems);
    assert!(!article.check_if_needed(&schema));
}

/// Arabic, Russian and Japanese news in their legacy encodings, tagged
/// after multi-byte characters: the saved offsets are Python's slicing of
/// the decoded text (`open(path, encoding=ENC).read()[start:end]`), and
/// the encoding is recorded.
#[test]
fn legacy_encodings_are_tagged_at_the_decoded_texts_offsets() {
    use crate::text::tests::encodings::{JAPANESE, samples};
    let dir = tempfile::tempdir().unwrap();
    for (i, (text, encoding, names)) in samples().into_iter().enumerate() {
        let path = dir.path().join(format!("{i}.txt"));
        std::fs::write(&path, encoding.encode(text).0).unwrap();
        let mut article = Article::open(&path, &store::sidecar_path(&path, None), None);
        assert!(article.is_editable(), "{:?}", article.access);
        let native = if text == JAPANESE {
            "モスル"
        } else {
            text.split(' ').nth(6).unwrap()
        };
        for word in ["Mosul", native] {
            let start = article.text.find_from(word, 0, false).unwrap();
            let end = start + word.chars().count();
            let slice = article.text.slice(start, end).to_owned();
            article.doc.add_entity("GPE", start, end, &slice);
        }
        let saved = store::parse(&article.to_json()).unwrap();
        assert!(
            names.contains(&saved.source.encoding.as_str()),
            "{}",
            saved.source.encoding
        );
        // What Python would say: offsets counted in the decoded text's chars.
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(saved.entities.len(), 2);
        for word in ["Mosul", native] {
            let e = saved.entities.iter().find(|e| e.text == word).unwrap();
            let before = &text[..text.find(word).unwrap()];
            let start = before.chars().count();
            assert!(
                start > 0 && !before.is_ascii(),
                "after a multi-byte character"
            );
            assert_eq!((e.start, e.end), (start, start + word.chars().count()));
            let sliced: String = chars[e.start..e.end].iter().collect();
            assert_eq!(sliced, word);
        }
    }
}

/// A source whose annotation file recorded its encoding reads in that one,
/// even where detection would refuse it (too short) or say another.
#[test]
fn the_recorded_encoding_comes_before_detection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ru.txt");
    // "Мосул" in Windows-1251: five letters are too few to detect.
    std::fs::write(&path, b"\xcc\xee\xf1\xf3\xeb\n").unwrap();
    let side = store::sidecar_path(&path, None);
    assert!(!Article::open(&path, &side, None).is_editable());
    let mut doc = Document::new(
        SourceInfo::new("ru.txt", String::new(), "windows-1251", 6),
        None,
    );
    doc.add_entity("GPE", 0, 5, "Мосул");
    std::fs::write(&side, store::serialize(&doc)).unwrap();
    let article = Article::open(&path, &side, None);
    assert!(article.is_editable(), "{:?}", article.access);
    assert_eq!(
        (article.text.as_str(), article.encoding),
        ("Мосул\n", "windows-1251")
    );
    let src = Source::read_recorded(&path, Some("windows-1251")).unwrap();
    assert_eq!(src.text.as_str(), "Мосул\n");
    // A record the bytes do not fit is passed over, never obeyed.
    let utf8 = dir.path().join("plain.txt");
    std::fs::write(&utf8, "Мосул\n").unwrap();
    assert_eq!(
        Source::read_recorded(&utf8, Some("koi8-r"))
            .unwrap()
            .encoding,
        "utf-8"
    );
}
