//! Team work at scale: 10,000 articles, each annotated by three
//! annotators (`NAME.txt.ann1.ann.json` ...) with controlled disagreement,
//! and how long `gloss agree` takes on them (discovery, the annotators'
//! files found, every measure, the JSON written) and `gloss adjudicate`
//! (discovery, every article merged, its curated file written).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gloss::adjudicate::Strategy;
use gloss::agree::{self, Options};
use gloss::annotation::Document;
use gloss::cli::adjudicate::AdjudicateArgs;
use gloss::corpus;
use gloss::service::Service;
use gloss::store::{self, Placement};
use gloss::text::SourceText;

use super::synth::{self, Rng};
use super::{Row, made, median, ms, scratch};

/// The annotators of every article.
pub const ANNOTATORS: [&str; 3] = ["ann1", "ann2", "ann3"];

/// Out of 100 entities of the first annotator, how many each other
/// annotator retypes, cuts short by a character, and leaves out.
const RETYPED: usize = 8;
const CUT: usize = 6;
const DROPPED: usize = 5;

/// Another annotator's version of `base`: the same entities, some retyped,
/// cut or dropped (as `RETYPED`, `CUT` and `DROPPED` say).
fn disagree(base: &Document, rng: &mut Rng) -> Document {
    let mut doc = base.clone();
    let types = ["PER", "ORG", "GPE", "LOC"];
    doc.entities.retain_mut(|e| {
        let roll = rng.below(100);
        if roll < RETYPED {
            e.kind = types[rng.below(types.len())].into();
        } else if roll < RETYPED + CUT && e.end - e.start > 1 {
            e.end -= 1;
            e.text = e.text.chars().take(e.end - e.start).collect();
        }
        roll < 100 - DROPPED
    });
    doc.normalize();
    doc
}

/// 10,000 articles of about 1,500 bytes in folders of 1,000, each with
/// three annotators' files of about 20 entities.
pub fn team_corpus(dir: &Path) {
    let mut rng = Rng::new(13);
    for i in 0..10_000 {
        let folder = dir.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(format!("{i:06}.txt"));
        let text = synth::article(&mut rng, &format!("Dispatch {i:06}"), 1500);
        std::fs::write(&path, &text).unwrap();
        let st = SourceText::new(text);
        let base = synth::annotations(&st, &format!("{i:06}.txt"), 20, &mut rng);
        for (k, who) in ANNOTATORS.iter().enumerate() {
            let mut doc = if k == 0 {
                base.clone()
            } else {
                disagree(&base, &mut rng)
            };
            doc.annotator = Some((*who).to_owned());
            let file = store::sidecar_path(&path, Some(who));
            std::fs::write(file, store::serialize(&doc)).unwrap();
        }
    }
}

/// The corpus, made once under target/.
pub fn corpus_dir() -> PathBuf {
    made(&scratch("team-10k-x3"), team_corpus)
}

/// CPU time this process has used (user and system), from /proc: on a
/// shared machine the wall-clock time says as much about the neighbours.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let ticks: u64 = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    // Linux counts in 100ths of a second (USER_HZ).
    Duration::from_millis(ticks * 10)
}

/// `gloss agree --json` as the command runs it, without printing: its
/// wall-clock and CPU time.
fn agree_once(dir: &Path) -> (Duration, Duration, String) {
    let (t, cpu) = (Instant::now(), cpu_time());
    let place = Placement::default();
    let c = corpus::discover(&[dir.to_path_buf()], &place).unwrap();
    let teams = gloss::team::teams(&c, &place);
    let named: Vec<_> = c
        .entries
        .iter()
        .map(|e| e.name.clone())
        .zip(teams)
        .collect();
    let figures = agree::agree(&named, &Options::default(), None).unwrap();
    let json = serde_json::to_string_pretty(&figures).unwrap();
    let (d, used) = (t.elapsed(), cpu_time() - cpu);
    let pair = &figures.pairs[0];
    let summary = format!(
        "exact F1 {:.3}, kappa {:.3}",
        pair.exact_f1.unwrap_or(f64::NAN),
        pair.cohen_kappa.unwrap_or(f64::NAN)
    );
    assert!(json.len() > 100);
    (d, used, summary)
}

/// Where the copies adjudicated are made.
fn copies_dir() -> PathBuf {
    scratch("team-10k-x3-adjudicated")
}

/// The `n`th fresh copy of the corpus (adjudication writes curated files
/// into it) and an empty lock folder, as a first run finds them. Every
/// copy is made before any is timed and removed after all are. Its files
/// are hard links (adjudication only reads them, and replaces none), so
/// that a copy makes and frees no inode per file.
fn fresh_copy(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let work = copies_dir().join(n.to_string());
    let (copy, locks) = (work.join("corpus"), work.join("locks"));
    std::fs::create_dir_all(&work).unwrap();
    let copied = std::process::Command::new("cp")
        .arg("-rl")
        .arg(dir)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(copied.success());
    (copy, locks)
}

/// How long ext4 without a journal (this machine's) steps over an inode
/// after it is freed, when it makes a file: 60 s, and 300 s more while
/// its inode table block is dirty, as making files nearby makes it
/// (`recently_deleted`, `RECENTCY_MIN` and `RECENTCY_DIRTY` in
/// fs/ext4/ialloc.c); and a margin. Each step costs a lookup, so making
/// files next to 30,000 just removed is three times slower: a disk in a
/// state a user's is not.
const FREED_INODES_SKIPPED: Duration = Duration::from_secs(370);

/// A file whose time says when the bench last removed its copies.
fn removal_marker() -> PathBuf {
    scratch("team-10k-x3-removed").join("at")
}

/// Removes the copies of this run or an earlier one, written out at once
/// (`sync`), and notes when.
fn remove_copies() {
    let any = std::fs::read_dir(copies_dir()).is_ok_and(|mut d| d.next().is_some());
    if any {
        std::fs::remove_dir_all(copies_dir()).unwrap();
        sync();
        std::fs::write(removal_marker(), "").unwrap();
    }
}

/// Waits until no inode the bench freed is still stepped over.
fn wait_out_removal() {
    let since = std::fs::metadata(removal_marker())
        .and_then(|m| m.modified())
        .map(|at| at.elapsed().unwrap_or_default());
    if let Ok(since) = since
        && since < FREED_INODES_SKIPPED
    {
        let left = FREED_INODES_SKIPPED - since;
        eprintln!(
            "waiting {} s: the file system still steps over the inodes the last copies freed",
            left.as_secs()
        );
        std::thread::sleep(left);
    }
}

fn sync() {
    assert!(
        std::process::Command::new("sync")
            .status()
            .unwrap()
            .success()
    );
}

/// `gloss adjudicate` (strategy `all`) as the command runs it on a fresh
/// copy, without printing or opening the queue: its wall-clock and CPU
/// time, and what it said it did.
fn adjudicate_once((copy, locks): (PathBuf, PathBuf)) -> (Duration, Duration, String) {
    let (t, cpu) = (Instant::now(), cpu_time());
    let place = Placement::default();
    let c = corpus::discover(std::slice::from_ref(&copy), &place).unwrap();
    let args = AdjudicateArgs {
        paths: vec![copy.clone()],
        strategy: Strategy::All,
        list: false,
    };
    let done = gloss::cli::adjudicate::run(&args, &c, &place, &Service::with_locks(Some(locks)));
    let (d, used) = (t.elapsed(), cpu_time() - cpu);
    assert_eq!(done.report.code, 0, "{}", done.report.stderr);
    let curated = store::sidecar_path(&copy.join("000/000000.txt"), None);
    assert!(curated.exists(), "no curated file: {}", curated.display());
    let said = done.report.stderr.lines().next().unwrap_or("").to_owned();
    (d, used, said)
}

pub fn rows(rows: &mut Vec<Row>) {
    let dir = corpus_dir();
    let runs: Vec<_> = (0..3).map(|_| agree_once(&dir)).collect();
    let summary = runs[0].2.clone();
    let cpu = median(runs.iter().map(|r| r.1).collect());
    let d = median(runs.into_iter().map(|r| r.0).collect());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rows.push(Row {
        what: "gloss agree, 10,000 articles × 3 annotators",
        target: "≤ 2 s",
        measured: format!(
            "{} ({} CPU on {cores} cores; {summary} for ann1~ann2)",
            ms(d),
            ms(cpu)
        ),
        ok: d <= Duration::from_secs(2),
    });
    remove_copies();
    let copies: Vec<_> = (0..3).map(|n| fresh_copy(&dir, n)).collect();
    // A corpus is on disk before gloss is run on it: the copies' data is
    // written out now, not by the first sync adjudication makes.
    sync();
    wait_out_removal();
    let runs: Vec<_> = copies.into_iter().map(adjudicate_once).collect();
    remove_copies();
    let linked = store::sidecar_path(&dir.join("000/000000.txt"), None);
    assert!(!linked.exists(), "a copy wrote into the corpus it links to");
    let said = runs[0].2.clone();
    let cpu = median(runs.iter().map(|r| r.1).collect());
    let d = median(runs.into_iter().map(|r| r.0).collect());
    rows.push(Row {
        what: "gloss adjudicate, 10,000 articles × 3 annotators (first run)",
        target: "≤ 2 s",
        measured: format!("{} ({} CPU on {cores} cores; {said})", ms(d), ms(cpu)),
        ok: d <= Duration::from_secs(2),
    });
}
