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
