//! A big article shown from its first blocks while a job opens it whole;
//! keys typed meanwhile wait and act on the whole article.

use super::super::action::{Effect, Loaded};
use super::super::jobs::{self, Job, JobId};
use super::{App, ArticleView, Shown};

/// An article shown from its first blocks while a job opens it whole.
#[derive(Debug)]
pub(super) struct Opening {
    pub(super) job: JobId,
    /// Keys typed meanwhile, replayed once it is in, so that they act on
    /// the whole article (`G` goes to its real end).
    pub(super) keys: Vec<crossterm::event::KeyEvent>,
}

/// How many keys wait for an article being opened; more are dropped.
pub(super) const KEYS_WAITING: usize = 1024;

impl App {
    /// The first blocks of a big article: shown at once, opened whole by a
    /// job; keys wait for it.
    pub(super) fn previewed(&mut self, entry: usize, article: Loaded) -> Vec<Effect> {
        if entry != self.selected || self.shown.as_ref().is_some_and(|r| r.entry == entry) {
            return Vec::new();
        }
        let job = Job::Open {
            entry,
            source: article.source.clone(),
            sidecar: article.sidecar.clone(),
        };
        let width = self.text_view().width as usize;
        let view = ArticleView::new(&article, width, self.decor());
        self.shown = Some(Shown {
            entry,
            article: *article,
            view,
        });
        let start = self.jobs.start(job);
        if let Effect::Start { id, .. } = &start {
            self.opening = Some(Opening {
                job: *id,
                keys: Vec::new(),
            });
        }
        self.settle();
        vec![start]
    }

    /// The whole article in place of its first blocks, then the keys typed
    /// meanwhile. With keys waiting, its problems are found after them: on
    /// a million annotations checking takes as long as saving, and a tag
    /// typed while it opened should reach the disk first.
    pub(super) fn opened(&mut self, id: JobId, opened: jobs::Opened) -> Vec<Effect> {
        let opening = self.opening.as_ref().filter(|o| o.job == id);
        let keys_wait = opening.is_some_and(|o| !o.keys.is_empty());
        if opening.is_some() && self.shown.as_ref().is_some_and(|r| r.entry == opened.entry) {
            self.shown = None;
            self.loaded(opened.entry, opened.article, !keys_wait);
        }
        self.replay_keys(id)
    }

    /// Ends the wait for job `id`'s article: the keys typed meanwhile act now.
    pub(super) fn replay_keys(&mut self, id: JobId) -> Vec<Effect> {
        let Some(opening) = self.opening.take_if(|o| o.job == id) else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        for key in opening.keys {
            effects.extend(self.key(key));
        }
        effects
    }
}
