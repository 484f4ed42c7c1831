use super::*;

fn scene() -> (tempfile::TempDir, PathBuf, Service) {
    let dir = tempfile::tempdir().unwrap();
    let sidecar = dir.path().join("corpus/a.txt.ann.json");
    let service = Service::with_locks(Some(dir.path().join("locks")));
    (dir, sidecar, service)
}

#[test]
fn a_held_article_is_refused_naming_the_process_and_left_as_it_is() {
    let (dir, sidecar, service) = scene();
    std::fs::create_dir_all(sidecar.parent().unwrap()).unwrap();
    std::fs::write(&sidecar, "theirs").unwrap();
    // What a running gloss holds while the article is open.
    let held = lock::try_lock(&dir.path().join("locks"), &sidecar).unwrap();
    assert!(matches!(held, LockOutcome::Locked(_)));
    let e = service
        .save(&sidecar, b"mine", Some(&sha256_hex(b"theirs")))
        .unwrap_err();
    let SaveError::Held { who } = &e else {
        panic!("{e:?}")
    };
    assert!(who.contains(&std::process::id().to_string()), "{who}");
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"theirs");
    let line = refusal(&sidecar, &e).unwrap();
    assert!(
        line.ends_with(&format!(
            "a.txt.ann.json: not written: open in another gloss (process {}); left as it is",
            std::process::id()
        )),
        "{line}"
    );
    // Once the holder lets go, the same save goes through.
    drop(held);
    service
        .save(&sidecar, b"mine", Some(&sha256_hex(b"theirs")))
        .unwrap();
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"mine");
}

#[test]
fn a_file_changed_on_disk_since_it_was_read_is_not_written_over() {
    let (_dir, sidecar, service) = scene();
    std::fs::create_dir_all(sidecar.parent().unwrap()).unwrap();
    std::fs::write(&sidecar, "theirs v2").unwrap();
    let read = sha256_hex(b"theirs v1");
    let e = service.save(&sidecar, b"mine", Some(&read)).unwrap_err();
    assert!(matches!(e, SaveError::Changed), "{e:?}");
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"theirs v2");
    assert!(refusal(&sidecar, &e).unwrap().contains("changed on disk"));
    // A file that appeared where there was none counts as a change too.
    let fresh = sidecar.with_file_name("b.txt.ann.json");
    std::fs::write(&fresh, "theirs").unwrap();
    assert!(matches!(
        service.save(&fresh, b"mine", None),
        Err(SaveError::Changed)
    ));
    assert_eq!(std::fs::read(&fresh).unwrap(), b"theirs");
}

#[test]
fn a_save_is_atomic_makes_its_folders_and_releases_the_lock() {
    let (dir, sidecar, service) = scene();
    service.save(&sidecar, b"first", None).unwrap();
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"first");
    // Over the file it read: replaced whole, nothing left beside it.
    service
        .save(&sidecar, b"second", Some(&sha256_hex(b"first")))
        .unwrap();
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"second");
    let beside: Vec<_> = std::fs::read_dir(sidecar.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["a.txt.ann.json"]);
    // The command's lock is gone once the save returns.
    assert!(matches!(
        lock::try_lock(&dir.path().join("locks"), &sidecar).unwrap(),
        LockOutcome::Locked(_)
    ));
}

#[test]
fn a_failed_write_is_an_io_error_worded_by_the_command() {
    let (dir, _, service) = scene();
    // A folder cannot be made where a file already is.
    std::fs::write(dir.path().join("a-file"), "").unwrap();
    let sidecar = dir.path().join("a-file/a.txt.ann.json");
    let e = service.save(&sidecar, b"x", None).unwrap_err();
    assert!(matches!(e, SaveError::Io(_)), "{e:?}");
    assert_eq!(refusal(&sidecar, &e), None);
}

#[test]
fn without_a_state_folder_saves_go_on_unguarded() {
    let dir = tempfile::tempdir().unwrap();
    let sidecar = dir.path().join("a.txt.ann.json");
    Service::with_locks(None)
        .save(&sidecar, b"x", None)
        .unwrap();
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"x");
}

#[test]
fn annotations_are_read_with_the_hash_of_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let sidecar = dir.path().join("a.txt.ann.json");
    assert!(read_annotations(&sidecar).unwrap().is_none());
    let doc = crate::annotation::Document::new(
        crate::annotation::SourceInfo::new("a.txt", String::new(), crate::text::UTF8, 0),
        None,
    );
    let json = store::serialize(&doc);
    std::fs::write(&sidecar, &json).unwrap();
    let stored = read_annotations(&sidecar).unwrap().unwrap();
    assert_eq!(stored.sha256, sha256_hex(json.as_bytes()));
    std::fs::write(&sidecar, "{").unwrap();
    assert!(read_annotations(&sidecar).is_err());
}

#[test]
fn an_article_opened_to_edit_is_held_until_dropped_and_refused_meanwhile() {
    let (dir, sidecar, service) = scene();
    let source = dir.path().join("corpus/a.txt");
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    std::fs::write(&source, "Mosul\n").unwrap();
    let article = service.open_to_edit(&source, &sidecar, None);
    assert!(article.is_editable() && article.lock.is_some());
    let e = service.save(&sidecar, b"{}", None).unwrap_err();
    assert!(matches!(e, SaveError::Held { .. }), "{e:?}");
    // A second open while it is held is read-only and says who has it.
    let second = service.open_to_edit(&source, &sidecar, None);
    let crate::article::Access::ReadOnly(why) = &second.access else {
        panic!("{:?}", second.access)
    };
    assert!(
        why.contains(&format!("process {}", std::process::id())),
        "{why}"
    );
    drop(article);
    service.save(&sidecar, b"{}", None).unwrap();
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"{}");
}
