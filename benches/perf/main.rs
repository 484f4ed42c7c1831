//! `cargo bench --bench perf`: every performance target of gloss, measured
//! on synthetic corpora, printed as a table (the one in the README).
//!
//! In-process timings use the same code paths as the terminal interface
//! (load, update, draw into a buffer), medians of several runs. The
//! 100,000-article row runs in a child process so its peak memory is its own.

mod corpus_search;
mod huge;
mod review;
mod search;
mod synth;
mod team;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gloss::article::Article;
use gloss::corpus::{self, Corpus};
use gloss::schema::Schema;
use gloss::store::{self, Placement};
use gloss::text::SourceText;
use gloss::tui::action::Effect;
use gloss::tui::app::App;
use gloss::tui::jobs::{Cancel, JobEvent, Opener};
use gloss::tui::msg::Msg;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// Corpora are made once and kept under target/, as they take a while.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpora")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn made(dir: &Path, make: impl FnOnce(&Path)) -> PathBuf {
    let done = dir.join(".done");
    if !done.exists() {
        make(dir);
        std::fs::write(done, "").unwrap();
    }
    dir.to_path_buf()
}

/// Loads an entry the way the shell does.
fn load(app: &mut App, effects: Vec<Effect>) {
    for e in effects {
        if let Effect::Load(i) = e {
            let entry = &app.corpus.entries[i];
            let article = Article::open(&entry.path, &entry.sidecar, None);
            app.update(Msg::Loaded {
                entry: i,
                article: Box::new(article),
            });
        }
    }
}

fn draw(app: &App, buf: &mut Buffer) {
    gloss::tui::view::draw(app, buf.area, buf);
}

/// Start to first frame: discovery (as far as the list's first screen, as
/// the terminal does), schema, the first article, one draw.
fn first_frame(paths: &[PathBuf]) -> Duration {
    first_frame_then_the_rest(paths).0
}

/// The first frame's time, and the app with the jobs it asked for.
fn first_frame_then_the_rest(paths: &[PathBuf]) -> (Duration, App, Vec<Effect>) {
    let t = Instant::now();
    let corpus = corpus::discover_first(paths, &Placement::default(), 256).unwrap();
    let schema = Schema::builtin();
    let (mut app, effects) = App::new(corpus, schema, false, Size::new(100, 30));
    let (loads, jobs) = effects
        .into_iter()
        .partition(|e| matches!(e, Effect::Load(_)));
    load(&mut app, loads);
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    draw(&app, &mut buf);
    (t.elapsed(), app, jobs)
}

/// The first frame, then the whole list walked and described as the
/// shell's jobs do it: the time to the first frame and the peak memory.
fn first_frame_child(path: &Path) {
    let (d, mut app, jobs) = first_frame_then_the_rest(&[path.to_path_buf()]);
    let opener = Opener {
        service: gloss::service::Service::with_locks(None),
        annotator: None,
    };
    for effect in jobs {
        if let Effect::Start { id, job } = effect {
            let work = gloss::tui::jobs::work_for(job, &opener);
            let mut emit = |event| {
                app.update(Msg::Job { id, event });
                true
            };
            work(&Cancel::default(), &mut emit);
            app.update(Msg::Job {
                id,
                event: JobEvent::Done,
            });
        }
    }
    assert!(app.described == app.corpus.entries.len());
    println!("{} {}", d.as_micros(), peak_rss_mb());
}

fn key(app: &mut App, c: char) -> Vec<Effect> {
    let code = match c {
        '\r' => KeyCode::Enter,
        c => KeyCode::Char(c),
    };
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

struct Row {
    what: &'static str,
    target: &'static str,
    measured: String,
    ok: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if run_child(&args) || search::only(&args) {
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let mut rows = Vec::new();
    if args.iter().any(|a| a == "--big-inputs") {
        // Only the big-input rows (they take a minute of their own).
        big_inputs(&mut rows);
        print_table(&rows);
        return;
    }
    if args.iter().any(|a| a == "--team") {
        // Only the team rows (agreement on 10,000 × 3 annotator files).
        team::rows(&mut rows);
        print_table(&rows);
        return;
    }
    let c = corpora(quick);
    if args.iter().any(|a| a == "--review") {
        // Only the review queue's rows.
        review::queue_rows(&mut rows, &c.ten_k, &c.hundred_k);
        print_table(&rows);
        return;
    }
    first_frames(&mut rows, &c, quick);
    instant_at_any_size(&mut rows, &c);
    big_article_frames(&mut rows, &c.big_dir);
    tag_and_save(&mut rows, &c.big_dir);
    validate_throughput(&mut rows, &c);
    review::queue_rows(&mut rows, &c.ten_k, &c.hundred_k);
    search::search_vs_rg(&mut rows, &c);
    corpus_search::rows(&mut rows, &c.hundred_k);
    big_inputs(&mut rows);
    team::rows(&mut rows);
    print_table(&rows);
}

/// The child runs (each measured in a process of its own); true if this is one.
fn run_child(args: &[String]) -> bool {
    if let Some(i) = args.iter().position(|a| a == "--first-frame-child") {
        first_frame_child(Path::new(&args[i + 1]));
        return true;
    }
    if let Some(i) = args.iter().position(|a| a == "--million-child") {
        huge::million_child(Path::new(&args[i + 1]));
        return true;
    }
    if let Some(i) = args.iter().position(|a| a == "--search-child") {
        corpus_search::child(Path::new(&args[i + 1]), &args[i + 2]);
        return true;
    }
    if let Some(i) = args.iter().position(|a| a == "--note-child") {
        huge::note_child(Path::new(&args[i + 1]));
        return true;
    }
    false
}

/// The synthetic corpora, made once.
struct Corpora {
    ten_k: PathBuf,
    hundred_k: PathBuf,
    big_dir: PathBuf,
}

/// Corpora: 10,000 and 100,000 short articles, a 10 MB article.
fn corpora(quick: bool) -> Corpora {
    let big_n = if quick { 20_000 } else { 100_000 };
    let ten_k = made(&scratch("corpus-10k"), |d| {
        synth::corpus(d, 10_000, 1500, 10)
    });
    let hundred_k = made(&scratch(&format!("corpus-{big_n}")), |d| {
        synth::corpus(d, big_n, 1500, 10)
    });
    let big_dir = made(&scratch("big-article"), |d| {
        let mut rng = synth::Rng::new(7);
        let text = synth::article(&mut rng, "A very long dispatch", 10_000_000);
        std::fs::write(d.join("big.txt"), &text).unwrap();
        let st = SourceText::new(text);
        let doc = synth::annotations(&st, "big.txt", 50_000, &mut rng);
        std::fs::create_dir_all(d.join("annotated")).unwrap();
        std::fs::copy(d.join("big.txt"), d.join("annotated/big.txt")).unwrap();
        std::fs::write(d.join("annotated/big.txt.ann.json"), store::serialize(&doc)).unwrap();
        let mid = synth::article(&mut rng, "A long dispatch", 1_000_000);
        let st = SourceText::new(mid.clone());
        let doc = synth::annotations(&st, "mid.txt", 10_000, &mut rng);
        std::fs::create_dir_all(d.join("tagging")).unwrap();
        std::fs::write(d.join("tagging/mid.txt"), mid).unwrap();
        std::fs::write(d.join("tagging/mid.txt.ann.json"), store::serialize(&doc)).unwrap();
    });

    Corpora {
        ten_k,
        hundred_k,
        big_dir,
    }
}

/// First frames of the 10,000- and 100,000-article corpora and of a 10 MB
/// article opened whole.
fn first_frames(rows: &mut Vec<Row>, c: &Corpora, quick: bool) {
    let (ten_k, hundred_k, big_dir) = (&c.ten_k, &c.hundred_k, &c.big_dir);
    let d = median(
        (0..5)
            .map(|_| first_frame(std::slice::from_ref(ten_k)))
            .collect(),
    );
    rows.push(Row {
        what: "first frame, 10,000-article corpus",
        target: "≤ 150 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(150),
    });

    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--first-frame-child", hundred_k.to_str().unwrap()])
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    let mut parts = line
        .split_whitespace()
        .map(|x| x.parse::<u64>().unwrap_or(0));
    let (us, mb) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let d = Duration::from_micros(us);
    rows.push(Row {
        what: if quick {
            "first frame, 20,000-article corpus (--quick)"
        } else {
            "first frame, 100,000-article corpus (peak memory: the whole list walked and described)"
        },
        target: "≤ 1.5 s, peak memory ≤ 200 MB",
        measured: format!("{}, {mb} MB", ms(d)),
        ok: d <= Duration::from_millis(1500) && mb <= 200,
    });

    let big = big_dir.join("big.txt");
    let d = median(
        (0..5)
            .map(|_| first_frame(std::slice::from_ref(&big)))
            .collect(),
    );
    rows.push(Row {
        what: "open a 10 MB article (first frame of its text)",
        target: "≤ 100 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(100),
    });
}

/// One frame anywhere in a 10 MB article with 50,000 annotations, a key to
/// its frame, and the bytes a cursor step writes.
fn big_article_frames(rows: &mut Vec<Row>, big_dir: &Path) {
    let annotated = big_dir.join("annotated");
    let corpus: Corpus =
        corpus::discover(std::slice::from_ref(&annotated), &Placement::default()).unwrap();
    let (mut app, effects) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    load(&mut app, effects);
    key(&mut app, '\r');
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    let mut frames = Vec::new();
    let mut steps = Vec::new();
    let len = app.shown.as_ref().unwrap().article.text.len_chars();
    for k in 0..40 {
        let r = app.shown.as_mut().unwrap();
        r.view.move_to(&r.article, k * len / 40);
        app.settle();
        draw(&app, &mut buf);
        let t = Instant::now();
        draw(&app, &mut buf);
        frames.push(t.elapsed());
        let t = Instant::now();
        key(&mut app, 'j');
        draw(&app, &mut buf);
        steps.push(t.elapsed());
    }
    let d = median(frames);
    rows.push(Row {
        what: "one frame of the text pane, 10 MB article, 50,000 annotations",
        target: "≤ 1 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(1),
    });
    let d = median(steps);
    rows.push(Row {
        what: "a key (cursor step) to its frame, same article",
        target: "≤ 2 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(2),
    });

    // Bytes a cursor step writes to the terminal at 80×24.
    let written = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut term = Terminal::new(CrosstermBackend::new(Counting(written.clone()))).unwrap();
    let _ = term.resize(Rect::new(0, 0, 80, 24));
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    term.draw(|f| gloss::tui::view::draw(&app, f.area(), f.buffer_mut()))
        .unwrap();
    let before = written.load(std::sync::atomic::Ordering::SeqCst);
    key(&mut app, 'l');
    term.draw(|f| gloss::tui::view::draw(&app, f.area(), f.buffer_mut()))
        .unwrap();
    let bytes = written.load(std::sync::atomic::Ordering::SeqCst) - before;
    rows.push(Row {
        what: "bytes written for one cursor step at 80×24",
        target: "≤ 150",
        measured: bytes.to_string(),
        ok: bytes <= 150,
    });
}

/// Tag and save in an article with 10,000 annotations.
fn tag_and_save(rows: &mut Vec<Row>, big_dir: &Path) {
    let tagging = big_dir.join("tagging");
    let corpus = corpus::discover(std::slice::from_ref(&tagging), &Placement::default()).unwrap();
    let (mut app, effects) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    load(&mut app, effects);
    key(&mut app, '\r');
    let side = scratch("tag-save").join("mid.txt.ann.json");
    let mut tags = Vec::new();
    for _ in 0..20 {
        for _ in 0..7 {
            key(&mut app, 'w');
        }
        let t = Instant::now();
        let mut effects = key(&mut app, 't');
        for c in "GPE\r".chars() {
            effects.extend(key(&mut app, c));
        }
        for e in effects {
            if let Effect::Persist { json, .. } = e {
                store::write_atomic(&side, json.as_bytes()).unwrap();
            }
        }
        tags.push(t.elapsed());
    }
    let d = median(tags);
    rows.push(Row {
        what: "tag + save, article with 10,000 annotations",
        target: "≤ 20 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(20),
    });
}

/// validate throughput over the 10,000-article corpus and the big article.
fn validate_throughput(rows: &mut Vec<Row>, c: &Corpora) {
    let annotated = c.big_dir.join("annotated");
    let corpus = corpus::discover(&[c.ten_k.clone(), annotated], &Placement::default()).unwrap();
    let bytes: u64 = corpus
        .entries
        .iter()
        .map(|e| std::fs::metadata(&e.path).map_or(0, |m| m.len()))
        .sum();
    let t = Instant::now();
    let report = gloss::cli::validate(&corpus, &Schema::builtin());
    let d = t.elapsed();
    let mbs = bytes as f64 / 1e6 / d.as_secs_f64();
    rows.push(Row {
        what: "gloss validate throughput",
        target: "≥ 50 MB/s",
        measured: format!("{mbs:.0} MB/s ({} problems)", report.stdout.lines().count()),
        ok: mbs >= 50.0,
    });
}

fn print_table(rows: &[Row]) {
    println!("| what | target | measured | |");
    println!("|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            r.what,
            r.target,
            r.measured,
            if r.ok { "✓" } else { "✗" }
        );
    }
}

/// Runs this bench as a child with `args`; its output's numbers.
fn child(args: &[&str]) -> Vec<u64> {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(args)
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    line.split_whitespace()
        .map(|x| x.parse::<u64>().unwrap_or(0))
        .collect()
}

/// 1,000,000 annotations and a 50 MB note (see `huge.rs`).
fn big_inputs(rows: &mut Vec<Row>) {
    let million = made(&scratch("million"), huge::make_million);
    let got = child(&["--million-child", million.to_str().unwrap()]);
    let [first, to_disk, peak, bytes] = got[..] else {
        panic!("the 1M-annotation child printed {got:?}");
    };
    let (first, to_disk) = (Duration::from_micros(first), Duration::from_micros(to_disk));
    let file_mb = bytes as f64 / (1 << 20) as f64;
    let ratio = peak as f64 / file_mb;
    rows.push(Row {
        what: "first frame, article with 1,000,000 annotations",
        target: "≤ 10 s",
        measured: ms(first),
        ok: first <= Duration::from_secs(10),
    });
    rows.push(Row {
        what: "peak memory, same article, opened and tagged",
        target: "≤ 5 × the annotation file",
        measured: format!("{peak} MB = {ratio:.1} × {file_mb:.0} MB"),
        ok: ratio <= 5.0,
    });
    rows.push(Row {
        what: "tag to disk, same article (autosave included)",
        target: "≤ 1 s",
        measured: ms(to_disk),
        ok: to_disk <= Duration::from_secs(1),
    });
    let note = made(&scratch("long-note"), huge::make_long_note);
    let got = child(&["--note-child", note.to_str().unwrap()]);
    let [first, step] = got[..] else {
        panic!("the long-note child printed {got:?}");
    };
    let (first, step) = (Duration::from_micros(first), Duration::from_micros(step));
    rows.push(Row {
        what: "first frame, article with a 50 MB note",
        target: "≤ 10 s",
        measured: ms(first),
        ok: first <= Duration::from_secs(10),
    });
    rows.push(Row {
        what: "a key (cursor step) to its frame, same article",
        target: "≤ 300 ms",
        measured: ms(step),
        ok: step <= Duration::from_millis(300),
    });
}

/// A terminal that counts the bytes written to it.
struct Counting(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::SeqCst);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Issue 10's figures: a 10 MB article's first frame from its first blocks,
/// a page up at its end, and a 100,000-article corpus's first frame against
/// `find` listing it (the acceptance check compares in a terminal with
/// `less` and `find`; these are the in-process parts).
fn instant_at_any_size(rows: &mut Vec<Row>, c: &Corpora) {
    let big = c.big_dir.join("big.txt");
    let d = median((0..5).map(|_| preview_frame(&big)).collect());
    rows.push(Row {
        what: "first frame of a 10 MB article, from its first blocks",
        target: "≤ 5 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(5),
    });
    let d = page_up_at_the_end(&big);
    rows.push(Row {
        what: "PgUp to its frame at the end of a 10 MB article",
        target: "≤ 2 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(2),
    });
    let dir = c.hundred_k.to_str().unwrap();
    let mut finds = Vec::new();
    let mut firsts = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let listed = std::process::Command::new("find")
            .args([dir, "-name", "*.txt"])
            .output();
        finds.push(t.elapsed());
        if listed.is_err() {
            return;
        }
        let got = child(&["--first-frame-child", dir]);
        firsts.push(Duration::from_micros(got.first().copied().unwrap_or(0)));
    }
    let (find, first) = (median(finds), median(firsts));
    let ratio = first.as_secs_f64() / find.as_secs_f64().max(1e-6);
    rows.push(Row {
        what: "first frame of the big corpus against `find` listing it",
        target: "≤ 2.2 × find",
        measured: format!("{} = {ratio:.2} × find's {}", ms(first), ms(find)),
        ok: ratio <= 2.2,
    });
}

/// Start to first frame of a big article shown from its first blocks, as
/// the shell does (the whole is opened afterwards by a job).
fn preview_frame(path: &Path) -> Duration {
    let t = Instant::now();
    let corpus = corpus::discover(&[path.to_path_buf()], &Placement::default()).unwrap();
    let (mut app, _) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    let entry = &app.corpus.entries[0];
    let head = Article::preview(&entry.path, &entry.sidecar).expect("a big article");
    app.update(Msg::Preview {
        entry: 0,
        article: Box::new(head),
    });
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    draw(&app, &mut buf);
    t.elapsed()
}

/// The median time from PgUp to its frame, at the end of a big article.
fn page_up_at_the_end(path: &Path) -> Duration {
    let corpus = corpus::discover(&[path.to_path_buf()], &Placement::default()).unwrap();
    let (mut app, effects) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    load(&mut app, effects);
    key(&mut app, '\r');
    key(&mut app, 'G');
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    draw(&app, &mut buf);
    let page_up = KeyEvent::new(KeyCode::PageUp, KeyModifiers::NONE);
    let mut steps = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        app.update(Msg::Key(page_up));
        draw(&app, &mut buf);
        steps.push(t.elapsed());
    }
    median(steps)
}
