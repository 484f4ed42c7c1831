//! `gloss stats`: documents, statuses, and annotations per type, with
//! pending suggestions counted apart from accepted annotations.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Report;
use crate::annotation::Status;
use crate::corpus::Corpus;
use crate::schema::Schema;
use crate::service;
use crate::text::escape;
use crate::validate;

/// Per type: accepted annotations and pending suggestions, apart.
type TypeCounts = BTreeMap<String, (usize, usize)>;

fn count_type(counts: &mut TypeCounts, kind: &str, suggested: bool) {
    let n = counts.entry(kind.to_owned()).or_default();
    if suggested {
        n.1 += 1;
    } else {
        n.0 += 1;
    }
}

/// What `gloss stats` counts over the corpus.
#[derive(Default)]
struct Tallies {
    by_status: BTreeMap<usize, usize>,
    entities: TypeCounts,
    events: TypeCounts,
    relations: TypeCounts,
    annotated: usize,
    unreadable: usize,
    complete: usize,
}

impl Tallies {
    fn add(&mut self, doc: &crate::annotation::Document, schema: &Schema) {
        // Suggestions are not annotations until accepted.
        if doc.annotation_count() > doc.suggestion_count() {
            self.annotated += 1;
        }
        let rank = Status::ALL
            .iter()
            .position(|s| *s == doc.status)
            .unwrap_or(0);
        *self.by_status.entry(rank).or_default() += 1;
        for e in &doc.entities {
            count_type(&mut self.entities, &e.kind, e.suggested.is_some());
        }
        let problems = validate::check_schema(doc, schema);
        for ev in &doc.events {
            count_type(&mut self.events, &ev.kind, ev.suggested.is_some());
            if !problems
                .iter()
                .any(|p| p.id.as_deref() == Some(ev.id.as_str()))
            {
                self.complete += 1;
            }
        }
        for r in &doc.relations {
            count_type(&mut self.relations, &r.kind, r.suggested.is_some());
        }
    }
}

fn stats_row(out: &mut String, label: &str, n: usize) {
    // A type is the user's: shown escaped, never as raw control bytes.
    let label = escape(label);
    let _ = writeln!(out, "  {label:<22}{n:>8}");
}

/// A table of types: accepted annotations, and pending suggestions in a
/// column of their own when there are any.
fn stats_table(out: &mut String, title: &str, counts: &TypeCounts) {
    let pending = counts.values().any(|(_, s)| *s > 0);
    if pending {
        let _ = writeln!(out, "{title:<24}{:>8}{:>11}", "accepted", "suggested");
    } else {
        let _ = writeln!(out, "{title}");
    }
    if counts.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (kind, (accepted, suggested)) in counts {
        if pending {
            let label = escape(kind);
            let _ = writeln!(out, "  {label:<22}{accepted:>8}{suggested:>11}");
        } else {
            stats_row(out, kind, *accepted);
        }
    }
}

/// `gloss stats`: a small table of documents, statuses and types.
pub fn stats(corpus: &Corpus, schema: &Schema) -> Report {
    let mut t = Tallies::default();
    for entry in &corpus.entries {
        match service::read_annotations(&entry.sidecar) {
            Ok(None) => *t.by_status.entry(0).or_default() += 1,
            Ok(Some(service::Stored { doc, .. })) => t.add(&doc, schema),
            Err(_) => t.unreadable += 1,
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "documents");
    stats_row(&mut out, "total", corpus.entries.len());
    stats_row(&mut out, "annotated", t.annotated);
    if t.unreadable > 0 {
        stats_row(&mut out, "unreadable annotations", t.unreadable);
    }
    let _ = writeln!(out, "status");
    for (rank, status) in Status::ALL.iter().enumerate() {
        let n = t.by_status.get(&rank).copied().unwrap_or(0);
        stats_row(&mut out, status.label(), n);
    }
    stats_table(&mut out, "entities by type", &t.entities);
    stats_table(&mut out, "events by type", &t.events);
    stats_table(&mut out, "relations by type", &t.relations);
    let total_events: usize = t.events.values().map(|(a, s)| a + s).sum();
    let _ = writeln!(out, "events complete");
    stats_row(&mut out, "all roles valid", t.complete);
    stats_row(&mut out, "with problems", total_events - t.complete);
    Report {
        stdout: out,
        stderr: String::new(),
        code: 0,
    }
}
