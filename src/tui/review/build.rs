//! Building a review queue in the background: the core's `QueueBuilder`
//! read in batches that start small (the first item is on screen at once)
//! and grow (a big corpus is not a flood of events).

use super::QueueBuilder;
use crate::tui::jobs::{JobEvent, Work};

/// Articles in the first batch; each batch doubles up to `LARGEST`.
const FIRST: usize = 1;
const LARGEST: usize = 512;

/// The body of `Job::Review`.
pub fn work(mut builder: QueueBuilder) -> Work {
    Box::new(move |cancel, emit| {
        let mut batch = FIRST;
        while !cancel.is_cancelled() {
            let Some(items) = builder.next_batch(batch) else {
                return;
            };
            if !items.is_empty() && !emit(JobEvent::Queued(items)) {
                return;
            }
            let (done, total) = builder.progress();
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
