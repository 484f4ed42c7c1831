//! Building review queues (`gloss review`, the terminal's queue): how soon
//! the first item is there on a big corpus, and a whole queue's time.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use gloss::corpus;
use gloss::review::{Filter, QueueBuilder};
use gloss::schema::Schema;
use gloss::store::Placement;

use super::{Row, median, ms};

/// How many articles the terminal's job would look at per batch.
const BATCH: usize = 64;

/// From nothing to the first item of a queue: the corpus's first screen
/// found (as the terminal starts), then batches until one holds an item.
fn first_item(path: &PathBuf, filter: &Filter) -> Duration {
    let t = Instant::now();
    let corpus =
        corpus::discover_first(std::slice::from_ref(path), &Placement::default(), 256).unwrap();
    let mut queue = QueueBuilder::new(&corpus, &Schema::builtin(), filter, None);
    while let Some(batch) = queue.next_batch(BATCH) {
        if !batch.is_empty() {
            return t.elapsed();
        }
    }
    panic!("the queue is empty");
}

/// Every item of a queue, the corpus walked whole first (as `--list` does).
fn whole_queue(path: &PathBuf, filter: &Filter) -> (Duration, usize) {
    let t = Instant::now();
    let corpus = corpus::discover(std::slice::from_ref(path), &Placement::default()).unwrap();
    let mut queue = QueueBuilder::new(&corpus, &Schema::builtin(), filter, None);
    let mut items = 0;
    while let Some(batch) = queue.next_batch(BATCH) {
        items += batch.len();
    }
    (t.elapsed(), items)
}

pub fn queue_rows(rows: &mut Vec<Row>, ten_k: &PathBuf, hundred_k: &PathBuf) {
    let unreviewed = Filter {
        unreviewed: true,
        ..Filter::default()
    };
    let d = median((0..5).map(|_| first_item(hundred_k, &unreviewed)).collect());
    rows.push(Row {
        what: "review queue (--unreviewed), first item, 100,000-article corpus",
        target: "≤ 200 ms",
        measured: ms(d),
        ok: d <= Duration::from_millis(200),
    });
    // No suggestion and no problem in the corpus: every annotated article
    // is opened and checked, the others skipped from their counts.
    let (d, items) = whole_queue(ten_k, &Filter::default());
    rows.push(Row {
        what: "review queue (no filter), built whole, 10,000-article corpus",
        target: "(measured)",
        measured: format!("{}, {items} items", ms(d)),
        ok: true,
    });
}
