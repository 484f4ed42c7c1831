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

/// The files of a folder whose names start with a dot (where temporaries
/// are written).
fn hidden_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect()
}

#[test]
fn a_batch_is_written_whole_each_file_over_what_was_read_and_no_temporary_stays() {
    let (dir, sidecar, service) = scene();
    let corpus = sidecar.parent().unwrap();
    std::fs::create_dir_all(corpus).unwrap();
    std::fs::write(&sidecar, "old a").unwrap();
    let b = corpus.join("sub/b.txt.ann.json");
    let c = corpus.join("c.txt.ann.json");
    let read = sha256_hex(b"old a");
    let files = [
        ToSave {
            sidecar: &sidecar,
            bytes: b"new a",
            expected: Some(&read),
        },
        ToSave {
            sidecar: &b,
            bytes: b"new b",
            expected: None,
        },
        ToSave {
            sidecar: &c,
            bytes: b"new c",
            expected: None,
        },
    ];
    let outcomes = service.save_all(&files);
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"new a");
    assert_eq!(std::fs::read(&b).unwrap(), b"new b");
    assert_eq!(std::fs::read(&c).unwrap(), b"new c");
    assert_eq!(hidden_files(corpus), Vec::<String>::new());
    assert_eq!(hidden_files(&corpus.join("sub")), Vec::<String>::new());
    // The locks were let go: a gloss may open the articles now.
    let again = lock::try_lock(&dir.path().join("locks"), &sidecar).unwrap();
    assert!(matches!(again, LockOutcome::Locked(_)));
}

#[test]
fn in_a_batch_a_changed_or_held_file_is_refused_and_the_others_are_written() {
    let (dir, sidecar, service) = scene();
    let corpus = sidecar.parent().unwrap();
    std::fs::create_dir_all(corpus).unwrap();
    std::fs::write(&sidecar, "theirs v2").unwrap();
    let held_file = corpus.join("held.txt.ann.json");
    std::fs::write(&held_file, "theirs").unwrap();
    let fine = corpus.join("fine.txt.ann.json");
    let held = lock::try_lock(&dir.path().join("locks"), &held_file).unwrap();
    assert!(matches!(held, LockOutcome::Locked(_)));
    let (v1, theirs) = (sha256_hex(b"theirs v1"), sha256_hex(b"theirs"));
    let files = [
        ToSave {
            sidecar: &sidecar,
            bytes: b"mine",
            expected: Some(&v1),
        },
        ToSave {
            sidecar: &held_file,
            bytes: b"mine",
            expected: Some(&theirs),
        },
        ToSave {
            sidecar: &fine,
            bytes: b"mine",
            expected: None,
        },
    ];
    let outcomes = service.save_all(&files);
    assert!(
        matches!(outcomes[0], Err(SaveError::Changed)),
        "{outcomes:?}"
    );
    assert!(
        matches!(&outcomes[1], Err(SaveError::Held { who }) if who.contains(&std::process::id().to_string())),
        "{outcomes:?}"
    );
    assert!(outcomes[2].is_ok(), "{outcomes:?}");
    assert_eq!(std::fs::read(&sidecar).unwrap(), b"theirs v2");
    assert_eq!(std::fs::read(&held_file).unwrap(), b"theirs");
    assert_eq!(std::fs::read(&fine).unwrap(), b"mine");
    assert_eq!(hidden_files(corpus), Vec::<String>::new());
}

#[test]
fn a_batch_larger_than_may_be_locked_at_once_is_written_whole() {
    let (_dir, sidecar, service) = scene();
    let corpus = sidecar.parent().unwrap();
    let paths: Vec<PathBuf> = (0..SAVED_AT_ONCE + 3)
        .map(|n| corpus.join(format!("{n}.txt.ann.json")))
        .collect();
    let files: Vec<ToSave> = paths
        .iter()
        .map(|p| ToSave {
            sidecar: p,
            bytes: p.as_os_str().as_encoded_bytes(),
            expected: None,
        })
        .collect();
    assert!(service.save_all(&files).iter().all(Result::is_ok));
    for p in &paths {
        assert_eq!(std::fs::read(p).unwrap(), p.as_os_str().as_encoded_bytes());
    }
    assert_eq!(hidden_files(corpus), Vec::<String>::new());
}
