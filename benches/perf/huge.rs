//! The big-input rows: an article with 1,000,000 annotations (an ~88 MB
//! annotation file, as the hostile-paths check makes it) and an article
//! note of 50 MB (one 30 MB line, then 20 MB of short lines). Each runs in a
//! child process, so that its peak memory is its own.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use gloss::autosave::{AutoSave, Writer};
use gloss::corpus;
use gloss::schema::Schema;
use gloss::store::Placement;
use gloss::tui::action::Effect;
use gloss::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};

use super::{draw, key, load, peak_rss_mb};

pub const MILLION: usize = 1_000_000;

/// One entity per ten characters, ids T1…T1000000, after a first line.
pub fn make_million(dir: &Path) {
    let head = "START-MARK\n";
    let mut text = String::from(head);
    for i in 0..MILLION {
        text.push_str(&format!("Wd{i:07}"));
        text.push(if i % 10 == 9 { '\n' } else { ' ' });
    }
    std::fs::write(dir.join("a.txt"), &text).unwrap();
    let sha = gloss::article::sha256_hex(text.as_bytes());
    let chars = text.chars().count();
    let file = std::fs::File::create(dir.join("a.txt.ann.json")).unwrap();
    let mut out = std::io::BufWriter::new(file);
    write!(
        out,
        "{{\n  \"format\": \"gloss\",\n  \"version\": 1,\n  \"source\": {{\"file\": \"a.txt\", \"sha256\": \"{sha}\", \"encoding\": \"utf-8\", \"chars\": {chars}}},\n  \"annotator\": null,\n  \"status\": \"in_progress\",\n  \"note\": \"\",\n  \"entities\": [\n"
    )
    .unwrap();
    let types = ["PER", "ORG", "GPE", "LOC"];
    for i in 0..MILLION {
        let start = head.len() + 10 * i;
        let sep = if i + 1 < MILLION { ",\n" } else { "\n" };
        write!(
            out,
            "    {{\"id\": \"T{}\", \"type\": \"{}\", \"start\": {start}, \"end\": {}, \"text\": \"Wd{i:07}\"}}{sep}",
            i + 1,
            types[i % 4],
            start + 9
        )
        .unwrap();
    }
    out.write_all(b"  ],\n  \"events\": [],\n  \"relations\": []\n}\n")
        .unwrap();
}

/// A short article whose note is one 30 MB line and 20 MB of short lines.
pub fn make_long_note(dir: &Path) {
    let text: String = std::iter::once("NOTE-ARTICLE\n".to_owned())
        .chain((1..60).map(|i| format!("Line {i:02} of the article body.\n")))
        .collect();
    std::fs::write(dir.join("a.txt"), &text).unwrap();
    let mb = 1 << 20;
    let mut note = "lorem ipsum dolor sit amet ".repeat(30 * mb / 27 + 1);
    note.truncate(30 * mb);
    note.push('\n');
    let mut i = 0;
    while note.len() < 50 * mb {
        note.push_str(&format!(
            "note line {i:07} consectetur adipiscing elit sed do eiusmod\n"
        ));
        i += 1;
    }
    let mut doc = gloss::annotation::Document::new(
        gloss::annotation::SourceInfo::new(
            "a.txt",
            gloss::article::sha256_hex(text.as_bytes()),
            "utf-8",
            text.chars().count(),
        ),
        None,
    );
    doc.note = note;
    std::fs::write(dir.join("a.txt.ann.json"), gloss::store::serialize(&doc)).unwrap();
}

/// The app on `dir`'s only article, drawn once: the first frame's time.
fn open(dir: &Path) -> (App, Buffer, Duration) {
    let t = Instant::now();
    let corpus = corpus::discover(&[dir.to_path_buf()], &Placement::default()).unwrap();
    let (mut app, effects) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    load(&mut app, effects);
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    draw(&app, &mut buf);
    (app, buf, t.elapsed())
}

/// Child: first frame, a tag saved the way the shell saves it (queued, then
/// written by the writer thread), peak memory. Prints
/// `first_frame_us tag_to_disk_us peak_mb file_bytes`.
pub fn million_child(dir: &Path) {
    let sidecar = dir.join("a.txt.ann.json");
    // Kept aside on disk, not in memory (that would count in the peak).
    let kept = dir.join("a.txt.ann.json.orig");
    std::fs::copy(&sidecar, &kept).unwrap();
    let bytes = std::fs::metadata(&sidecar).unwrap().len();
    let (mut app, mut buf, first) = open(dir);
    key(&mut app, '\r');
    draw(&app, &mut buf);
    let saver = AutoSave::default();
    let writer = Writer::spawn(saver.clone()).unwrap();
    let written_before = std::fs::metadata(&sidecar).unwrap().modified().unwrap();
    let t = Instant::now();
    let mut effects = key(&mut app, 't');
    for c in "PER\r".chars() {
        effects.extend(key(&mut app, c));
    }
    for e in effects {
        if let Effect::Persist { path, json } = e {
            saver.stage(path, json);
        }
    }
    draw(&app, &mut buf);
    let give_up = Instant::now() + Duration::from_secs(30);
    while std::fs::metadata(&sidecar).unwrap().modified().unwrap() == written_before
        && Instant::now() < give_up
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let to_disk = t.elapsed();
    writer.stop();
    app.update(gloss::tui::msg::Msg::SavesWritten);
    let peak = peak_rss_mb();
    std::fs::rename(&kept, &sidecar).unwrap();
    println!(
        "{} {} {peak} {bytes}",
        first.as_micros(),
        to_disk.as_micros()
    );
}

/// Child: first frame of the article with its 50 MB note, then the median
/// of 20 `j` steps, each with its frame. Prints `first_frame_us step_us`.
pub fn note_child(dir: &Path) {
    let (mut app, mut buf, first) = open(dir);
    key(&mut app, '\r');
    let mut steps = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        key(&mut app, 'j');
        draw(&app, &mut buf);
        steps.push(t.elapsed());
    }
    let step = super::median(steps);
    println!("{} {}", first.as_micros(), step.as_micros());
}
