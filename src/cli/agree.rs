//! `gloss agree`: how far annotators agree, as tables that fit 80
//! columns, as JSON (`--json`, its shape in docs/agree.md) and, token by
//! token, as a CSV a team lead opens in a spreadsheet (`--diagnosis`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use super::Report;
use crate::agree::{self, Agreement, Figure, Options, PairFigures};
use crate::corpus::Corpus;
use crate::store::Placement;
use crate::text::{esc, esc_path, escape, fit_pad};

#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// Folders (every *.txt below them) or single files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Every figure as one JSON document (its shape: docs/agree.md).
    #[arg(long)]
    pub json: bool,
    /// Each article's figures too, a row per article and pair.
    #[arg(long)]
    pub by_article: bool,
    /// Compare the curated NAME.txt.ann.json too, as annotator "curated".
    #[arg(long)]
    pub include_curated: bool,
    /// Write one CSV row per token: article, start, end, text, and each
    /// annotator's label in a column named after them.
    #[arg(long, value_name = "FILE.csv")]
    pub diagnosis: Option<PathBuf>,
}

/// Runs `gloss agree` on the opened corpus. Exit 0; 1 when some file
/// could not be read (the figures leave it out); 2 when the diagnosis
/// cannot be written.
pub fn run(args: &AgreeArgs, corpus: &Corpus, place: &Placement) -> Report {
    let teams = crate::team::teams(corpus, place);
    let articles: Vec<(String, crate::team::Team)> = corpus
        .entries
        .iter()
        .map(|e| e.name.clone())
        .zip(teams)
        .collect();
    let options = Options {
        include_curated: args.include_curated,
        by_article: args.by_article,
    };
    let result = match &args.diagnosis {
        None => agree::agree(&articles, &options, None),
        Some(out) => match diagnosis_file(out, corpus, &articles) {
            Ok(mut file) => agree::agree(&articles, &options, Some(&mut file))
                .and_then(|a| file.flush().map(|()| a).map_err(Into::into)),
            Err(message) => return failed(message),
        },
    };
    let agreement = match result {
        Ok(a) => a,
        Err(e) => {
            return failed(format!(
                "{}: {e}",
                esc_path(
                    args.diagnosis
                        .as_deref()
                        .unwrap_or(std::path::Path::new(""))
                )
            ));
        }
    };
    let stdout = if args.json {
        serde_json::to_string_pretty(&agreement).unwrap_or_default() + "\n"
    } else {
        table(&agreement)
    };
    let mut stderr = String::new();
    for u in &agreement.articles.unreadable {
        let _ = writeln!(stderr, "gloss agree: {}: {} (left out)", u.file, u.error);
    }
    if let Some(out) = &args.diagnosis {
        let _ = writeln!(
            stderr,
            "diagnosis: one row per token written to {}",
            esc_path(out)
        );
    }
    Report {
        stdout,
        stderr,
        code: u8::from(!agreement.articles.unreadable.is_empty()),
    }
}

fn failed(message: String) -> Report {
    Report {
        stdout: String::new(),
        stderr: format!("gloss agree: {message}\n"),
        code: 2,
    }
}

/// The diagnosis file, opened for writing once it is known not to be
/// anything the command reads.
fn diagnosis_file(
    out: &std::path::Path,
    corpus: &Corpus,
    articles: &[(String, crate::team::Team)],
) -> Result<std::io::BufWriter<std::fs::File>, String> {
    let mut inputs = crate::outputs::Inputs::of(corpus);
    for (_, team) in articles {
        for (_, p) in &team.annotators {
            inputs.include(p);
        }
        if let Some(c) = &team.curated {
            inputs.include(c);
        }
    }
    inputs.check_file(out).map_err(|e| e.to_string())?;
    std::fs::File::create(out)
        .map(std::io::BufWriter::new)
        .map_err(|e| format!("{}: cannot write: {}", esc_path(out), esc(e)))
}

/// A figure as the tables show it: three decimals, `n/a` when undefined.
fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |x| format!("{x:.3}"))
}

/// matches/only-A/only-B.
fn counts(f: &Figure) -> String {
    format!("{}/{}/{}", f.matches, f.only_a, f.only_b)
}

fn pair_name(p: &PairFigures) -> String {
    format!("{} ~ {}", escape(&p.a), escape(&p.b))
}

/// Every table: spans, tokens and units, events and relations, per type,
/// then (`--by-article`) per article.
pub fn table(a: &Agreement) -> String {
    let mut out = String::new();
    summary(&mut out, a);
    if a.pairs.is_empty() {
        let _ = writeln!(
            out,
            "\nNo article has two or more annotators' files: nothing to compare."
        );
        return out;
    }
    let _ = writeln!(
        out,
        "\nSpan F1, accepted entities (counts: matches/only-A/only-B)"
    );
    let _ = writeln!(
        out,
        "{}{:>10}  {:<14}{:>10}  {:<14}",
        fit_pad("pair", 24),
        "exact",
        "counts",
        "relaxed",
        "counts"
    );
    for p in &a.pairs {
        let _ = writeln!(
            out,
            "{}{:>10}  {:<14}{:>10}  {:<14}",
            fit_pad(&pair_name(p), 24),
            num(p.exact_f1),
            counts(&p.exact.overall),
            num(p.relaxed_f1),
            counts(&p.relaxed.overall)
        );
    }
    let _ = writeln!(
        out,
        "\nTokens and units (kappas pooled over tokens; alpha_U the mean of articles)"
    );
    let _ = writeln!(
        out,
        "{}{:>12}{:>10}{:>10}",
        fit_pad("pair", 24),
        "kappa",
        "tokens",
        "alpha_U"
    );
    for p in &a.pairs {
        let _ = writeln!(
            out,
            "{}{:>12}{:>10}{:>10}",
            fit_pad(&pair_name(p), 24),
            num(p.cohen_kappa),
            p.tokens,
            num(p.alpha_u)
        );
    }
    let all = format!("all {} (Fleiss)", a.annotators.len());
    let _ = writeln!(
        out,
        "{}{:>12}{:>10}{:>10}",
        fit_pad(&all, 24),
        num(a.all.fleiss_kappa),
        a.all.tokens,
        num(a.all.alpha_u)
    );
    events(&mut out, &a.pairs);
    per_type(&mut out, a);
    if let Some(rows) = &a.by_article {
        by_article(&mut out, rows);
    }
    out.lines()
        .map(|l| l.trim_end().to_owned() + "\n")
        .collect()
}

fn summary(out: &mut String, a: &Agreement) {
    let names: Vec<String> = a
        .annotators
        .iter()
        .map(|n| escape(n).into_owned())
        .collect();
    let _ = writeln!(
        out,
        "{} annotators ({}), {} articles compared",
        names.len(),
        names.join(", "),
        a.articles.compared
    );
    let single = &a.articles.single_annotator;
    if !single.is_empty() {
        let listed: Vec<String> = single
            .iter()
            .take(10)
            .map(|n| escape(n).into_owned())
            .collect();
        let more = if single.len() > 10 {
            format!(" and {} more", single.len() - 10)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{} with one annotator, not compared: {}{more}",
            single.len(),
            listed.join(", ")
        );
    }
    if a.articles.without_annotators > 0 {
        let _ = writeln!(
            out,
            "{} without annotators' files",
            a.articles.without_annotators
        );
    }
}

fn events(out: &mut String, pairs: &[PairFigures]) {
    let any = pairs.iter().any(|p| {
        [&p.triggers, &p.arguments, &p.relations]
            .iter()
            .any(|f| f.matches + f.only_a + f.only_b > 0)
    });
    if !any {
        return;
    }
    let _ = writeln!(
        out,
        "\nEvents and relations, F1 (counts: matches/only-A/only-B)"
    );
    let _ = writeln!(
        out,
        "{}{:<18}{:<18}{:<18}",
        fit_pad("pair", 24),
        "triggers",
        "arguments",
        "relations"
    );
    for p in pairs {
        let cell = |f: &Figure| format!("{} {}", num(f.f1), counts(f));
        let _ = writeln!(
            out,
            "{}{}{}{}",
            fit_pad(&pair_name(p), 24),
            fit_pad(&cell(&p.triggers), 18),
            fit_pad(&cell(&p.arguments), 18),
            fit_pad(&cell(&p.relations), 18)
        );
    }
}

fn per_type(out: &mut String, a: &Agreement) {
    let _ = writeln!(out, "\nPer type: span F1 and alpha_U");
    let _ = writeln!(
        out,
        "{}{}{:>10}{:>10}{:>10}",
        fit_pad("type", 14),
        fit_pad("pair", 24),
        "exact",
        "relaxed",
        "alpha_U"
    );
    let mut types: Vec<&String> = a
        .pairs
        .iter()
        .flat_map(|p| p.exact.by_type.keys())
        .collect();
    types.sort();
    types.dedup();
    for t in types {
        for p in &a.pairs {
            let (Some(e), Some(r)) = (p.exact.by_type.get(t), p.relaxed.by_type.get(t)) else {
                continue;
            };
            let alpha = p.alpha_u_by_type.get(t).copied();
            let _ = writeln!(
                out,
                "{}{}{:>10}{:>10}{:>10}",
                fit_pad(&escape(t), 14),
                fit_pad(&pair_name(p), 24),
                num(e.f1),
                num(r.f1),
                num(alpha)
            );
        }
        let all = a.all.alpha_u_by_type.get(t).copied();
        let _ = writeln!(
            out,
            "{}{}{:>10}{:>10}{:>10}",
            fit_pad(&escape(t), 14),
            fit_pad("all", 24),
            "",
            "",
            num(all)
        );
    }
}

fn by_article(out: &mut String, rows: &[agree::ArticleFigures]) {
    let _ = writeln!(out, "\nPer article");
    let _ = writeln!(
        out,
        "{}{}{:>8}{:>9}{:>8}{:>9}",
        fit_pad("article", 24),
        fit_pad("pair", 22),
        "exact",
        "relaxed",
        "kappa",
        "alpha_U"
    );
    for row in rows {
        let name = escape(&row.article);
        for p in &row.pairs {
            let _ = writeln!(
                out,
                "{}{}{:>8}{:>9}{:>8}{:>9}",
                fit_pad(&name, 24),
                fit_pad(&pair_name(p), 22),
                num(p.exact_f1),
                num(p.relaxed_f1),
                num(p.cohen_kappa),
                num(p.alpha_u)
            );
        }
        let all = format!("all {} (Fleiss)", row.annotators.len());
        let _ = writeln!(
            out,
            "{}{}{:>8}{:>9}{:>8}{:>9}",
            fit_pad(&name, 24),
            fit_pad(&all, 22),
            "",
            "",
            num(row.all.fleiss_kappa),
            num(row.all.alpha_u)
        );
    }
}
