//! `gloss stats`: documents, statuses, and annotations per type, with
//! pending suggestions counted apart from accepted annotations; then, for
//! a team, each annotator's work, who has finished which article, and each
//! pair's agreement. `--json` prints the same figures (`docs/stats.md`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Report;
use crate::corpus::Corpus;
use crate::schema::Schema;
use crate::store::Placement;
use crate::team_stats::{self, TeamStats, TypeCount};
use crate::text::escape;

fn stats_row(out: &mut String, label: &str, n: usize) {
    // A type is the user's: shown escaped, never as raw control bytes.
    let label = escape(label);
    let _ = writeln!(out, "  {label:<22}{n:>8}");
}

/// A table of types: accepted annotations, and pending suggestions in a
/// column of their own when there are any.
fn stats_table(out: &mut String, title: &str, counts: &BTreeMap<String, TypeCount>) {
    let pending = counts.values().any(|n| n.suggested > 0);
    if pending {
        let _ = writeln!(out, "{title:<24}{:>8}{:>11}", "accepted", "suggested");
    } else {
        let _ = writeln!(out, "{title}");
    }
    if counts.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (kind, n) in counts {
        if pending {
            let label = escape(kind);
            let _ = writeln!(out, "  {label:<22}{:>8}{:>11}", n.accepted, n.suggested);
        } else {
            stats_row(out, kind, n.accepted);
        }
    }
}

/// `gloss stats`: a small table of documents, statuses and types, then
/// the team's figures; with `json`, all of it as one JSON object.
pub fn stats(corpus: &Corpus, schema: &Schema, place: &Placement, json: bool) -> Report {
    let t = team_stats::count(corpus, schema, place, &|| false).unwrap_or_default();
    let stdout = if json {
        // Serializing plain numbers, strings and maps cannot fail.
        serde_json::to_string_pretty(&t).unwrap_or_default() + "\n"
    } else {
        text(&t)
    };
    Report {
        stdout,
        stderr: String::new(),
        code: 0,
    }
}

/// The table `gloss stats` prints.
fn text(t: &TeamStats) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "documents");
    stats_row(&mut out, "total", t.documents.total);
    stats_row(&mut out, "annotated", t.documents.annotated);
    if t.documents.unreadable > 0 {
        stats_row(&mut out, "unreadable annotations", t.documents.unreadable);
    }
    let _ = writeln!(out, "status");
    for (status, n) in &t.status.0 {
        stats_row(&mut out, status.label(), *n);
    }
    stats_table(&mut out, "entities by type", &t.types.entities);
    stats_table(&mut out, "events by type", &t.types.events);
    stats_table(&mut out, "relations by type", &t.types.relations);
    let _ = writeln!(out, "events complete");
    stats_row(&mut out, "all roles valid", t.events_complete.valid);
    stats_row(&mut out, "with problems", t.events_complete.with_problems);
    if !t.annotators.is_empty() {
        team_text(&mut out, t);
    }
    out
}

/// Each annotator's work, each article's team, each pair's agreement.
fn team_text(out: &mut String, t: &TeamStats) {
    let _ = writeln!(
        out,
        "{:<24}{:>10}{:>10}{:>10}{:>10}{:>11}",
        "annotators", "articles", "finished", "entities", "events", "suggested"
    );
    for a in &t.annotators {
        let name = escape(&a.name);
        let _ = writeln!(
            out,
            "  {name:<22}{:>10}{:>10}{:>10}{:>10}{:>11}",
            a.articles, a.finished, a.entities, a.events, a.suggestions
        );
        if a.unreadable > 0 {
            let _ = writeln!(out, "    {} of their files cannot be read", a.unreadable);
        }
    }
    let _ = writeln!(out, "articles (who has finished)");
    for art in &t.articles {
        let who: Vec<String> = art
            .annotators
            .iter()
            .map(|(name, status)| {
                let status = status.map_or("unreadable", |s| s.label());
                format!("{} {status}", escape(name))
            })
            .collect();
        let _ = writeln!(
            out,
            "  {}: {}/{} finished · {}",
            escape(&art.article),
            art.finished.len(),
            art.annotators.len(),
            who.join(" · ")
        );
    }
    if !t.single_annotator.is_empty() {
        let _ = writeln!(out, "articles with one annotator (nothing to compare)");
        for name in &t.single_annotator {
            let _ = writeln!(out, "  {}", escape(name));
        }
    }
    let _ = writeln!(out, "agreement ({})", t.agreement.measure);
    for p in &t.agreement.pairs {
        let f1 = p.f1.map_or("n/a".to_owned(), |f| format!("{f:.2}"));
        let (a, b) = (escape(&p.a), escape(&p.b));
        let _ = writeln!(
            out,
            "  {a} · {b}: {f1} ({} matches, {} only {a}, {} only {b}; {} articles)",
            p.matches, p.only_a, p.only_b, p.articles
        );
    }
}
