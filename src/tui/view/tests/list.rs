//! The article list shows names as they are and says when a file is not text.

use super::*;

#[test]
fn names_keep_their_control_characters_visible_and_binary_files_say_why() {
    let files = [
        ("a.txt", "First article\n"),
        ("b\tname.txt", "\n\n"),
        ("c\nline.txt", "  \n"),
        ("d.txt", "GIF89a\0\u{1}\u{2}\n"),
    ];
    let f = fixture(&files, &[], (100, 30), true);
    let s = screen(&draw(&f.app));
    assert!(s.contains("b^Iname.txt"), "{s}");
    assert!(s.contains("c^Jline.txt"), "{s}");
    assert!(!s.contains("bname.txt") && !s.contains("cline.txt"), "{s}");
    assert!(s.contains("⚠ a binary file"), "{s}");
}
