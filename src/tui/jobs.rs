//! Background jobs: work that runs on its own thread, streams its results
//! back as events the shell turns into `Msg::Job`, and can be cancelled.
//! A job is described by data (`Job`) so that `update` stays pure.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use std::path::PathBuf;

use crate::article::Article;
use crate::corpus::{Description, Entry, Rest};
use crate::service::Service;

/// Names one started job; results of a job nobody waits for are dropped.
pub type JobId = u64;

/// Work the app asks the shell to run in the background.
#[derive(Debug, Clone)]
pub enum Job {
    /// Read titles and counts of `entries`, the first of which is list
    /// entry `from`.
    Describe { from: usize, entries: Vec<Entry> },
    /// Describe `entries` (the first of which is list entry `from`), then
    /// walk the rest of the corpus, sending its entries as they are found,
    /// and describe those too.
    Corpus {
        from: usize,
        entries: Vec<Entry>,
        rest: Rest,
    },
    /// Open list entry `entry` whole (read, decode, annotations, lock)
    /// while its first blocks are on screen.
    Open {
        entry: usize,
        source: PathBuf,
        sidecar: PathBuf,
    },
    /// Build the review queue of `filter` over `corpus` (its entries are
    /// the list's, its rest walked as the list's is), sending its items as
    /// they are found; `reviewer` reviews.
    Review {
        corpus: Box<crate::corpus::Corpus>,
        schema: Box<crate::schema::Schema>,
        filter: crate::tui::review::Filter,
        reviewer: Option<String>,
    },
    /// `*`: propose type `kind` for `surface` in each of `articles` (list
    /// entry, source, annotation file), none of them open in this gloss.
    Propagate {
        articles: Vec<(usize, PathBuf, PathBuf)>,
        target: crate::review::propagate::Target,
    },
    /// `compare`: the annotators' files of list entry `entry`, read-only.
    Versions {
        entry: usize,
        source: PathBuf,
        /// Where the annotation files are kept (the annotators' with them).
        place: crate::store::Placement,
    },
    /// Search `articles` for `query` (the corpus search of the list
    /// pane), sending at most `keep` hits (counting the others).
    SearchCorpus {
        query: crate::search::Query,
        schema: Box<crate::schema::Schema>,
        articles: Vec<super::corpus_search::ToSearch>,
        keep: usize,
    },
    /// Count the team's work for the dashboard.
    Tally(crate::tui::mode::dashboard::TeamFigures),
}

/// An article opened by `Job::Open`, for list entry `entry`.
#[derive(Debug, Clone)]
pub struct Opened {
    pub entry: usize,
    pub article: Box<Article>,
}

/// Two openings are the same when they are of the same entry, file and text.
impl PartialEq for Opened {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry
            && self.article.source == other.article.source
            && self.article.text.as_str() == other.article.text.as_str()
    }
}

impl Eq for Opened {}

/// What the shell lends an open job: the document service (opening and
/// locking) and who annotates.
#[derive(Debug, Clone)]
pub struct Opener {
    pub service: Service,
    pub annotator: Option<String>,
}

/// What a running job reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEvent {
    /// Titles and counts for these list entries.
    Described(Vec<(usize, Description)>),
    /// More list entries, in order, to go after those already listed.
    Found(Vec<Entry>),
    /// The whole article asked for by `Job::Open`.
    Opened(Opened),
    /// The annotators' articles asked for by `Job::Versions`.
    Versions(crate::tui::adjudicate::split::Versions),
    /// More items of the review queue asked for by `Job::Review`.
    Queued(Vec<crate::tui::review::Item>),
    /// What `Job::Propagate` did in list entry N (or why it left it alone).
    Proposed(usize, Result<crate::review::propagate::Proposed, String>),
    /// Hits of `Job::SearchCorpus`, and how many more articles it searched.
    Searched(super::corpus_search::work::Batch),
    /// The figures asked for by `Job::Tally`.
    Tallied(Box<crate::team_stats::TeamStats>),
    /// How far along it is.
    Progress {
        done: usize,
        total: Option<usize>,
    },
    /// It ended (also when its thread could not start).
    Done,
    Failed(String),
}

/// A job the app started and still listens to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    /// What it does, in a word (also its thread's name).
    pub what: &'static str,
    /// How far along it is, as it last said.
    pub done: usize,
    pub total: Option<usize>,
}

/// The app's side of the jobs: which ones it started and still wants,
/// and their progress. Pure: starting and cancelling are effects.
#[derive(Debug, Default)]
pub struct JobTable {
    next: JobId,
    running: std::collections::BTreeMap<JobId, Running>,
}

impl JobTable {
    /// A new id for `job`, and the effect that starts it.
    pub fn start(&mut self, job: Job) -> crate::tui::action::Effect {
        self.next += 1;
        let id = self.next;
        let what = name_of(&job);
        self.running.insert(
            id,
            Running {
                what,
                done: 0,
                total: None,
            },
        );
        crate::tui::action::Effect::Start { id, job }
    }

    /// Stops listening to job `id`.
    pub fn forget(&mut self, id: JobId) {
        self.running.remove(&id);
    }

    /// Takes in an event of job `id`: None when nobody listens to it (the
    /// event is to be dropped), else the job's state; a job that ended is
    /// forgotten.
    pub fn take_in(&mut self, id: JobId, event: &JobEvent) -> Option<Running> {
        let running = self.running.get_mut(&id)?;
        if let JobEvent::Progress { done, total } = event {
            running.done = *done;
            running.total = *total;
        }
        if matches!(event, JobEvent::Done | JobEvent::Failed(_)) {
            return self.running.remove(&id);
        }
        Some(running.clone())
    }

    pub fn running(&self) -> impl Iterator<Item = (JobId, &Running)> {
        self.running.iter().map(|(id, r)| (*id, r))
    }
}

/// Set once to ask a job to stop; the job checks it between steps.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A job's body: it reports through `emit`, which answers false once
/// nobody wants more (cancelled), and then it should return.
pub type Work = Box<dyn FnOnce(&Cancel, &mut dyn FnMut(JobEvent) -> bool) + Send>;

/// Runs jobs on threads and hands their events back in arrival order.
pub struct JobRunner {
    tx: Sender<(JobId, JobEvent)>,
    rx: Receiver<(JobId, JobEvent)>,
    running: HashMap<JobId, Cancel>,
}

impl Default for JobRunner {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        Self {
            tx,
            rx,
            running: HashMap::new(),
        }
    }
}

impl JobRunner {
    /// Starts `work` on its own thread; it ends with `Done` unless cancelled.
    pub fn start(&mut self, id: JobId, name: &str, work: Work) {
        let cancel = Cancel::default();
        self.running.insert(id, cancel.clone());
        let tx = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("gloss-{name}"))
            .spawn({
                let tx = tx.clone();
                move || {
                    let mut emit = |event| !cancel.is_cancelled() && tx.send((id, event)).is_ok();
                    work(&cancel, &mut emit);
                    emit(JobEvent::Done);
                }
            });
        if let Err(e) = spawned {
            let _ = tx.send((id, JobEvent::Failed(format!("could not start: {e}"))));
        }
    }

    /// Stops a job: whatever it still sends is dropped.
    pub fn cancel(&mut self, id: JobId) {
        if let Some(cancel) = self.running.remove(&id) {
            cancel.cancel();
        }
    }

    /// True while some job has not ended.
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// The next event of a job still wanted, if one is waiting.
    pub fn try_next(&mut self) -> Option<(JobId, JobEvent)> {
        self.next_within(Duration::ZERO)
    }

    /// The next event of a job still wanted, waiting at most `wait`.
    pub fn next_within(&mut self, wait: Duration) -> Option<(JobId, JobEvent)> {
        loop {
            let (id, event) = match self.rx.recv_timeout(wait) {
                Ok(got) => got,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            if !self.running.contains_key(&id) {
                continue;
            }
            if matches!(event, JobEvent::Done | JobEvent::Failed(_)) {
                self.running.remove(&id);
            }
            return Some((id, event));
        }
    }
}

/// How many entries are described per event: small enough that the list
/// fills in quickly, large enough not to flood the loop.
const DESCRIBE_BATCH: usize = 256;

/// The body that carries out `job`.
pub fn work_for(job: Job, opener: &Opener) -> Work {
    match job {
        Job::Open {
            entry,
            source,
            sidecar,
        } => {
            let opener = opener.clone();
            Box::new(move |_cancel, emit| {
                let article =
                    opener
                        .service
                        .open_to_edit(&source, &sidecar, opener.annotator.as_deref());
                emit(JobEvent::Opened(Opened {
                    entry,
                    article: Box::new(article),
                }));
            })
        }
        Job::Versions {
            entry,
            source,
            place,
        } => Box::new(move |_cancel, emit| {
            let files = crate::tui::adjudicate::split::read_versions(&source, &place);
            emit(JobEvent::Versions(super::adjudicate::split::Versions {
                entry,
                files,
            }));
        }),
        Job::Propagate { articles, target } => {
            let opener = opener.clone();
            Box::new(move |cancel, emit| {
                propose_elsewhere(&articles, &target, &opener, cancel, emit);
            })
        }
        Job::SearchCorpus {
            query,
            schema,
            articles,
            keep,
        } => Box::new(move |cancel, emit| {
            super::corpus_search::work::search_articles(
                &query,
                &schema,
                (&articles, keep),
                &|| cancel.is_cancelled(),
                &mut |batch| emit(JobEvent::Searched(batch)),
            );
        }),
        Job::Describe { from, entries } => Box::new(move |cancel, emit| {
            describe(from, &entries, cancel, emit);
        }),
        Job::Corpus {
            from,
            entries,
            rest,
        } => Box::new(move |cancel, emit| {
            if describe(from, &entries, cancel, emit) {
                walk_and_describe(from + entries.len(), rest, cancel, emit);
            }
        }),
        Job::Tally(what) => crate::tui::mode::dashboard::work(what),
        Job::Review {
            corpus,
            schema,
            filter,
            reviewer,
        } => {
            let builder =
                crate::review::QueueBuilder::new(&corpus, &schema, &filter, reviewer.as_deref());
            crate::tui::review::build::work(builder)
        }
    }
}

/// Sends the titles and counts of `entries`, the first of which is list
/// entry `from`, in batches; false once nobody wants more.
fn describe(
    from: usize,
    entries: &[Entry],
    cancel: &Cancel,
    emit: &mut dyn FnMut(JobEvent) -> bool,
) -> bool {
    for (chunk_no, chunk) in entries.chunks(DESCRIBE_BATCH).enumerate() {
        if cancel.is_cancelled() {
            return false;
        }
        let first = from + chunk_no * DESCRIBE_BATCH;
        let batch = chunk
            .iter()
            .enumerate()
            .map(|(i, e)| (first + i, e.read_description()))
            .collect();
        if !emit(JobEvent::Described(batch)) {
            return false;
        }
    }
    true
}

/// How many entries the walk sends at a time.
const FOUND_BATCH: usize = 4096;

/// Walks the rest of a corpus, sending what it finds, then describes it.
fn walk_and_describe(
    from: usize,
    mut rest: Rest,
    cancel: &Cancel,
    emit: &mut dyn FnMut(JobEvent) -> bool,
) {
    let mut found = Vec::new();
    loop {
        if cancel.is_cancelled() {
            return;
        }
        let batch = match rest.next_batch(FOUND_BATCH) {
            Ok(batch) if batch.is_empty() => break,
            Ok(batch) => batch,
            Err(e) => {
                emit(JobEvent::Failed(e.to_string()));
                return;
            }
        };
        found.extend(batch.iter().cloned());
        if !emit(JobEvent::Found(batch)) {
            return;
        }
    }
    describe(from, &found, cancel, emit);
}

/// How often the job says how far it got.
const PROGRESS_EVERY: usize = 256;

/// `Job::Propagate`'s body: each article read, given the suggestions and
/// saved in turn (so what was done is on disk if gloss stops meanwhile).
fn propose_elsewhere(
    articles: &[(usize, std::path::PathBuf, std::path::PathBuf)],
    target: &crate::review::propagate::Target,
    opener: &Opener,
    cancel: &Cancel,
    emit: &mut dyn FnMut(JobEvent) -> bool,
) {
    let total = Some(articles.len());
    for (done, (entry, source, sidecar)) in articles.iter().enumerate() {
        if cancel.is_cancelled() {
            return;
        }
        if done % PROGRESS_EVERY == 0 && !emit(JobEvent::Progress { done, total }) {
            return;
        }
        let outcome = crate::review::propagate::propose_in_file(
            &opener.service,
            *entry,
            (source, sidecar),
            opener.annotator.as_deref(),
            target,
        );
        let event = match outcome {
            Ok(None) => continue,
            Ok(Some(p)) => JobEvent::Proposed(*entry, Ok(p)),
            Err(why) => JobEvent::Proposed(*entry, Err(why)),
        };
        if !emit(event) {
            return;
        }
    }
}

/// A short name for the job's thread.
pub fn name_of(job: &Job) -> &'static str {
    match job {
        Job::Describe { .. } | Job::Corpus { .. } => "describe",
        Job::Open { .. } => "open",
        Job::Versions { .. } => "versions",
        Job::Review { .. } => "review",
        Job::Propagate { .. } => "propagate",
        Job::SearchCorpus { .. } => "search",
        Job::Tally(_) => "tally",
    }
}

#[cfg(test)]
mod tests;
