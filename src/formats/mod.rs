//! Foreign formats, one file each: brat standoff (`.ann` and
//! `annotation.conf`), spaCy/Prodigy JSONL, doccano JSONL and CoNLL BIO.
//! Each converts between a foreign file and the core's `Document`, and says
//! what the target cannot hold instead of dropping it silently.

pub mod brat;
pub mod brat_conf;
pub mod conll;
pub mod doccano;
pub mod jsonl;

use crate::text::{esc, escape};

/// What an export could not carry into the target format, counted by kind
/// ("events", "overlapping spans", "notes", …) with how it was handled.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Losses {
    counts: std::collections::BTreeMap<String, (usize, String)>,
}

impl Losses {
    /// Counts `n` items of `what`, handled as `how` ("dropped", "kept the outer span", …).
    pub fn add(&mut self, what: &str, n: usize, how: &str) {
        if n == 0 {
            return;
        }
        let e = self
            .counts
            .entry(what.to_owned())
            .or_insert((0, how.to_owned()));
        e.0 += n;
    }

    pub fn merge(&mut self, other: Losses) {
        for (what, (n, how)) in other.counts {
            self.add(&what, n, &how);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// One line per kind: `12 events: not representable in CoNLL, dropped`.
    /// Every part is escaped, so that a line stays one line whatever a
    /// caller put into it (`format` may name a file).
    pub fn report(&self, format: &str) -> String {
        let format = escape(format);
        self.counts
            .iter()
            .map(|(what, (n, how))| format!("{format}: {n} {}: {}\n", esc(what), esc(how)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Losses;

    #[test]
    fn a_report_line_cannot_carry_a_control_character_or_a_line_break() {
        let mut losses = Losses::default();
        losses.add("notes\u{1b}]0;x\u{7}", 2, "line breaks\nwritten as spaces");
        assert_eq!(
            losses.report("a\u{9b}.jsonl:3"),
            "a<009B>.jsonl:3: 2 notes^[]0;x^G: line breaks^Jwritten as spaces\n"
        );
    }
}
