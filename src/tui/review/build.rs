//! Building a review queue in the background: the core's `QueueBuilder`
//! read in batches that start small (the first item is on screen at once)
//! and grow (a big corpus is not a flood of events).

use super::{Filter, QueueBuilder};
use crate::corpus::Entry;
use crate::schema::Schema;
use crate::tui::jobs::{JobEvent, Work};

/// Articles in the first batch; each batch doubles up to `LARGEST`.
const FIRST: usize = 1;
const LARGEST: usize = 512;

/// The body of `Job::Review`.
pub fn work(entries: Vec<Entry>, schema: Schema, filter: Filter) -> Work {
    Box::new(move |cancel, emit| {
        let total = entries.len();
        let mut builder = QueueBuilder::new(entries, schema, filter);
        let (mut batch, mut done) = (FIRST, 0);
        while !cancel.is_cancelled() {
            let Some(items) = builder.next_batch(batch) else {
                return;
            };
            done = (done + batch).min(total);
            if !items.is_empty() && !emit(JobEvent::Queued(items)) {
                return;
            }
            let progress = JobEvent::Progress {
                done,
                total: Some(total),
            };
            if !emit(progress) {
                return;
            }
            batch = (batch * 2).min(LARGEST);
        }
    })
}
