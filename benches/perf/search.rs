//! `gloss search` against `rg` with the same query on the 100,000-article
//! corpus, both writing to a file, interleaved, medians of five: the
//! ratio is the target (≤ 1.5 × rg).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Corpora, Row, median, ms};

/// How long one run of `cmd` takes with its output going to a file, and
/// how many lines it wrote; `None` when it cannot run.
fn timed(cmd: &mut Command, sink: &Path) -> Option<(Duration, usize)> {
    let out = std::fs::File::create(sink).ok()?;
    let t = Instant::now();
    let status = cmd.stdout(out).stderr(Stdio::null()).status().ok()?;
    let d = t.elapsed();
    let lines = std::fs::read(sink)
        .ok()?
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    status.success().then_some((d, lines))
}

pub fn search_vs_rg(rows: &mut Vec<Row>, c: &Corpora) {
    measure(rows, &c.hundred_k);
}

/// `--search-only DIR`: this row alone, on DIR (true if asked for).
pub fn only(args: &[String]) -> bool {
    let Some(i) = args.iter().position(|a| a == "--search-only") else {
        return false;
    };
    let mut rows = Vec::new();
    measure(&mut rows, Path::new(&args[i + 1]));
    super::print_table(&rows);
    true
}

fn measure(rows: &mut Vec<Row>, dir: &Path) {
    let sink = super::scratch("search-out").join("out");
    let gloss = env!("CARGO_BIN_EXE_gloss");
    let query = "Mosul";
    let mut rg = Command::new("rg");
    rg.args(["--smart-case", "--column", query]).arg(dir);
    let mut ours = Command::new(gloss);
    ours.args(["search", query]).arg(dir);
    // Once each first, so both find the files in the page cache.
    let (Some(_), Some(_)) = (timed(&mut rg, &sink), timed(&mut ours, &sink)) else {
        eprintln!("gloss search against rg: not measured (is rg installed?)");
        return;
    };
    let (mut theirs, mut mine) = (Vec::new(), Vec::new());
    let (mut their_lines, mut my_lines) = (0, 0);
    for _ in 0..5 {
        if let Some((d, n)) = timed(&mut ours, &sink) {
            mine.push(d);
            my_lines = n;
        }
        if let Some((d, n)) = timed(&mut rg, &sink) {
            theirs.push(d);
            their_lines = n;
        }
    }
    let (g, r) = (median(mine), median(theirs));
    let ratio = g.as_secs_f64() / r.as_secs_f64().max(1e-6);
    rows.push(Row {
        what: "gloss search on the big corpus against rg (same query)",
        target: "≤ 1.5 × rg",
        measured: format!(
            "{} = {ratio:.2} × rg's {} ({my_lines} matches, rg {their_lines} lines)",
            ms(g),
            ms(r)
        ),
        ok: ratio <= 1.5,
    });
}
