//! Foreign formats, one file each: brat standoff (`.ann` and
//! `annotation.conf`), spaCy/Prodigy JSONL, doccano JSONL and CoNLL BIO.
//! Each converts between a foreign file and the core's `Document`, and says
//! what the target cannot hold instead of dropping it silently.

pub mod brat;
pub mod brat_conf;
pub mod conll;
pub mod doccano;
pub mod jsonl;

use std::collections::HashSet;

use crate::annotation::Document;
use crate::text::{esc, escape};

/// Leaves a document's pending suggestions out of an export (they are not
/// annotations until accepted), with the accepted arguments and relations
/// that point at them: a link to nothing would break the target file.
/// `losses` hears how many of each were left out.
pub fn leave_out_suggestions(doc: &mut Document, losses: &mut Losses) {
    let mut gone: HashSet<String> = HashSet::new();
    let before = doc.annotation_count();
    doc.entities.retain(|e| {
        let keep = e.suggested.is_none();
        if !keep {
            gone.insert(e.id.clone());
        }
        keep
    });
    doc.events.retain(|ev| {
        let keep = ev.suggested.is_none();
        if !keep {
            gone.extend([ev.id.clone(), ev.trigger.id.clone()]);
        }
        keep
    });
    doc.relations.retain(|r| {
        let keep = r.suggested.is_none();
        if !keep {
            gone.insert(r.id.clone());
        }
        keep
    });
    losses.add(
        "pending suggestions",
        before - doc.annotation_count(),
        "left out (--include-suggestions exports them)",
    );
    let mut links = 0;
    // A relation left out may itself be pointed at: until nothing changes.
    loop {
        let dropped = drop_links_to(doc, &mut gone);
        if dropped == 0 {
            break;
        }
        links += dropped;
    }
    losses.add(
        "arguments and relations pointing at a pending suggestion",
        links,
        "left out with it",
    );
}

/// Drops the arguments and relations that point at an id in `gone` (a
/// dropped relation's id joins it); says how many went.
fn drop_links_to(doc: &mut Document, gone: &mut HashSet<String>) -> usize {
    let mut dropped = 0;
    for ev in &mut doc.events {
        let had = ev.arguments.len();
        ev.arguments.retain(|a| !gone.contains(&a.target));
        dropped += had - ev.arguments.len();
    }
    let mut newly = Vec::new();
    doc.relations.retain(|r| {
        let keep = !gone.contains(&r.arg1) && !gone.contains(&r.arg2);
        if !keep {
            newly.push(r.id.clone());
        }
        keep
    });
    dropped += newly.len();
    gone.extend(newly);
    dropped
}

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
    use serde_json::json;

    use super::{Losses, leave_out_suggestions};
    use crate::annotation::Document;

    #[test]
    fn pending_suggestions_are_left_out_with_the_links_to_them() {
        let mut doc: Document = serde_json::from_value(json!({
            "format": "gloss", "version": 1,
            "source": {"file": "a.txt", "sha256": "x", "encoding": "utf-8", "chars": 30},
            "annotator": null, "status": "in_progress", "note": "",
            "entities": [
                {"id": "T1", "type": "PER", "start": 0, "end": 4, "text": "Mira"},
                {"id": "T2", "type": "GPE", "start": 10, "end": 15, "text": "Varna", "suggested": {"source": "m"}},
                {"id": "T3", "type": "GPE", "start": 20, "end": 25, "text": "Dolma"}
            ],
            "events": [{"id": "E1", "type": "Movement.Transport", "trigger": {"id": "T4", "start": 5, "end": 9, "text": "went"},
                        "arguments": [{"role": "Artifact", "ref": "T1"}, {"role": "Destination", "ref": "T2"}]}],
            "relations": [
                {"id": "R1", "type": "Located", "arg1": "T1", "arg2": "T2"},
                {"id": "R2", "type": "Located", "arg1": "T1", "arg2": "T3", "suggested": {"source": "m"}},
                {"id": "R3", "type": "Near", "arg1": "R1", "arg2": "T3"}
            ]
        }))
        .unwrap();
        let mut losses = Losses::default();
        leave_out_suggestions(&mut doc, &mut losses);
        let ids = |doc: &Document| -> Vec<String> {
            let e = doc.entities.iter().map(|e| e.id.clone());
            e.chain(doc.relations.iter().map(|r| r.id.clone()))
                .collect()
        };
        assert_eq!(ids(&doc), ["T1", "T3"]);
        assert_eq!(
            doc.events[0].arguments.len(),
            1,
            "Destination pointed at T2"
        );
        assert_eq!(
            losses.report("conll"),
            "conll: 3 arguments and relations pointing at a pending suggestion: left out with it\n\
             conll: 2 pending suggestions: left out (--include-suggestions exports them)\n"
        );
    }

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
