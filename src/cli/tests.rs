use super::*;

#[test]
fn options_stand_before_or_after_the_subcommand() {
    let parse = |args: &[&str]| Cli::try_parse_from(args).expect("parses");
    for args in [
        &[
            "gloss",
            "--annotator",
            "bob",
            "--encoding=koi8_r",
            "stats",
            "DIR",
        ][..],
        &[
            "gloss",
            "stats",
            "--annotator",
            "bob",
            "--encoding",
            "koi8-r",
            "DIR",
        ],
        &[
            "gloss",
            "--encoding",
            "koi8",
            "stats",
            "DIR",
            "--annotator",
            "bob",
        ],
    ] {
        let cli = parse(args);
        assert!(
            matches!(cli.command, Some(Command::Stats { .. })),
            "{args:?}"
        );
        assert_eq!(cli.annotator.as_deref(), Some("bob"), "{args:?}");
        assert_eq!(cli.encoding.as_deref(), Some("KOI8-R"), "{args:?}");
        assert_eq!(cli.corpus_paths(), [PathBuf::from("DIR")], "{args:?}");
    }
    // Without a subcommand, names are paths to open.
    let cli = parse(&["gloss", "--annotator", "bob", "DIR"]);
    assert!(cli.command.is_none());
    assert_eq!(cli.corpus_paths(), [PathBuf::from("DIR")]);
    assert!(Cli::try_parse_from(["gloss", "--encoding", "klingon", "DIR"]).is_err());
}
