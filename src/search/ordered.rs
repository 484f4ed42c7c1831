//! Work on many items on several threads, with the results handed on in
//! the items' order as soon as each one and all before it are done: a
//! search prints in corpus order while it is still going on.

use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

/// How many items a thread takes at a time: enough that handing them out
/// costs nothing, few enough that the first results come at once.
const CHUNK: usize = 32;

/// How many chunks the threads may run ahead of the one `take` waits for:
/// a slow reader (a pager) holds back the work instead of the results of
/// the whole corpus piling up in memory.
const AHEAD: usize = 64;

/// The chunk `take` waits for, and whether to stop; threads wait on it.
struct Progress {
    state: Mutex<(usize, bool)>,
    moved: Condvar,
}

impl Progress {
    /// Waits until `chunk` may be worked on; false when the work is over.
    fn wait_for_room(&self, chunk: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while !state.1 && chunk >= state.0 + AHEAD {
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !state.1
    }

    fn stopped(&self) -> bool {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).1
    }

    fn set(&self, due: usize, stop: bool) {
        *self.state.lock().unwrap_or_else(PoisonError::into_inner) = (due, stop);
        self.moved.notify_all();
    }
}

/// Runs `work` on every item on `threads` threads (each with its own
/// `scratch()`), and gives the results to `take` in the items' order. The
/// items are drawn on a thread of their own (a walk of the corpus goes on
/// while the first files are searched). `take` returning `false` stops
/// the work (a closed pipe).
pub fn in_order<I, S, T>(
    items: impl Iterator<Item = I> + Send,
    threads: usize,
    scratch: impl Fn() -> S + Sync,
    work: impl Fn(&I, &mut S) -> T + Sync,
    mut take: impl FnMut(T) -> bool,
) where
    I: Send,
    T: Send,
{
    let progress = Progress {
        state: Mutex::new((0, false)),
        moved: Condvar::new(),
    };
    let (job_tx, job_rx) = mpsc::channel::<(usize, Vec<I>)>();
    let job_rx = Mutex::new(job_rx);
    let (tx, rx) = mpsc::channel::<(usize, Vec<T>)>();
    std::thread::scope(|s| {
        let progress = &progress;
        s.spawn(move || hand_out(items, &job_tx, progress));
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let (job_rx, scratch, work) = (&job_rx, &scratch, &work);
            s.spawn(move || {
                let mut own = scratch();
                loop {
                    let job = job_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((chunk, part)) = job else { break };
                    if !progress.wait_for_room(chunk) {
                        break;
                    }
                    let done = part.iter().map(|i| work(i, &mut own)).collect();
                    if tx.send((chunk, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        for (chunk, done) in rx {
            waiting.insert(chunk, done);
            while let Some(done) = waiting.remove(&due) {
                due += 1;
                for result in done {
                    if !take(result) {
                        progress.set(due, true);
                        return;
                    }
                }
                progress.set(due, false);
            }
        }
    });
}

/// Sends the items out in numbered chunks as they come.
fn hand_out<I>(
    items: impl Iterator<Item = I>,
    jobs: &mpsc::Sender<(usize, Vec<I>)>,
    progress: &Progress,
) {
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut n = 0;
    for item in items {
        chunk.push(item);
        if chunk.len() == CHUNK {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
            if progress.stopped() || jobs.send((n, full)).is_err() {
                return;
            }
            n += 1;
        }
    }
    if !chunk.is_empty() {
        let _ = jobs.send((n, chunk));
    }
}
