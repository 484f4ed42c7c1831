//! Plain strings (messages, prompts) broken into rows of a given width, for
//! the status line: at spaces where it can, inside a word only when the word
//! alone is wider than a row.

use unicode_segmentation::UnicodeSegmentation;

use super::str_width;

/// `s` broken into rows at most `cells` wide (a row of at least one
/// grapheme, even when that is wider). Each row is a slice of `s`; the space
/// a row breaks at belongs to neither row, so the rows joined with spaces
/// give `s` back. An empty `s` is one empty row.
pub fn wrap_words(s: &str, cells: usize) -> Vec<&str> {
    let cells = cells.max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    let mut used = 0;
    // The last space in the row being filled, where it can break.
    let mut space: Option<usize> = None;
    for (i, g) in s.grapheme_indices(true) {
        let w = str_width(g);
        if g == " " && used + w > cells {
            rows.push(&s[start..i]);
            (start, used, space) = (i + 1, 0, None);
            continue;
        }
        if used + w > cells && used > 0 {
            match space.take() {
                Some(at) => {
                    rows.push(&s[start..at]);
                    start = at + 1;
                    used = str_width(&s[start..i]);
                }
                None => {
                    rows.push(&s[start..i]);
                    (start, used) = (i, 0);
                }
            }
            if used + w > cells && used > 0 {
                rows.push(&s[start..i]);
                (start, used) = (i, 0);
            }
        }
        if g == " " {
            space = Some(i);
        }
        used += w;
    }
    if start < s.len() || rows.is_empty() {
        rows.push(&s[start..]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_string_is_one_row() {
        assert_eq!(wrap_words("tagged T1", 20), ["tagged T1"]);
        assert_eq!(wrap_words("", 20), [""]);
    }

    #[test]
    fn rows_break_at_spaces_and_give_the_string_back() {
        let s = "read-only: 2-port-strike.txt.ann.json is a FIFO, not a regular file";
        let rows = wrap_words(s, 30);
        assert_eq!(
            rows,
            [
                "read-only:",
                "2-port-strike.txt.ann.json is",
                "a FIFO, not a regular file"
            ]
        );
        assert!(rows.iter().all(|r| str_width(r) <= 30));
        assert_eq!(rows.join(" "), s);
    }

    #[test]
    fn a_word_wider_than_a_row_is_cut_inside() {
        assert_eq!(wrap_words("ab abcdefgh", 4), ["ab", "abcd", "efgh"]);
    }

    #[test]
    fn wide_characters_count_two_cells() {
        assert_eq!(wrap_words("東京 東京都", 5), ["東京", "東京", "都"]);
    }
}
