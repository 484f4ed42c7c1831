//! A review session: the queue of items, where the user is in it, what
//! was decided (for undo) and how fast. Pure state: the app carries out a
//! decision as an ordinary edit of the item's article (`decide.rs`) and
//! records it here.

pub mod build;
mod decide;

use std::collections::BTreeMap;
use std::time::Instant;

use crate::adjudicate::Disagreement;

pub use crate::review::{Filter, Item, ItemKind, QueueBuilder};
pub use decide::left_words;

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Open,
    Accepted,
    Rejected,
    /// Settled by a decision on another item (`review::settled_elsewhere`).
    Settled,
}

/// A step the user took on an item, which `u` takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Accept,
    Reject,
    /// Sent to the end of the queue.
    Skip,
    /// Passed: another decision settled it. Taken back with that one.
    Settled,
}

/// One step, with what undoing it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// The item (its index in `Session::items`).
    pub item: usize,
    pub step: Step,
    /// Where in the queue it was when the step was taken.
    pub at: usize,
    /// What the step recorded in the article's undo history.
    pub edits: Edits,
}

/// The edits a step made in its article's undo history: how many, and the
/// history's depth after them (undoing them is right only while nothing
/// has been done there since).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Edits {
    pub count: usize,
    pub depth: usize,
}

/// A fix under way on the current item (`T` or `s`): once its mode ends
/// with an edit, the item counts as accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub item: usize,
    /// The article's undo depth before the fix.
    pub depth: usize,
}

/// The queue and the user's way through it.
#[derive(Debug, Default)]
pub struct Session {
    /// What the queue holds, in words ("pending suggestions").
    pub what: String,
    /// Every item found, in the order found.
    pub items: Vec<Item>,
    /// The queue: indexes into `items`; skipped ones go to the end.
    order: Vec<usize>,
    /// The current place in `order`; `order.len()` is past the end.
    pub pos: usize,
    decided: Vec<Decision>,
    log: Vec<Logged>,
    /// When each decision was taken, for the rate.
    stamps: Vec<Instant>,
    /// The job building the queue, while it runs.
    pub job: Option<crate::tui::jobs::JobId>,
    /// Suggestions go before problems as they arrive (the default queue).
    pub suggestions_first: bool,
    /// Enter opened the article: keys go to reading until it is left.
    pub in_article: bool,
    pub fix: Option<Fix>,
    /// The annotators' versions of each disagreement item (`gloss
    /// adjudicate`), by the item's index.
    pub disagreements: BTreeMap<usize, Disagreement>,
}

/// The queue of `filter` in words, for its title: "pending suggestions,
/// problems · type GPE".
pub fn describe(filter: &Filter) -> String {
    let f = filter.effective();
    let kinds: Vec<&str> = [
        (f.suggestions, "pending suggestions"),
        (f.problems, "problems"),
        (f.unreviewed, "unreviewed annotations"),
    ]
    .into_iter()
    .filter_map(|(on, w)| on.then_some(w))
    .collect();
    let mut what = kinds.join(", ");
    if !f.types.is_empty() {
        what += &format!(" · type {}", f.types.join(", "));
    }
    if !f.status.is_empty() {
        let status: Vec<&str> = f.status.iter().map(|s| s.label()).collect();
        what += &format!(" · status {}", status.join(", "));
    }
    if let Some(text) = &f.text {
        what += &format!(" · text /{}/", text.as_str());
    }
    if let Some(who) = &f.annotator {
        what += &format!(" · by {who}");
    }
    what
}

/// Decisions before a rate is shown.
pub const RATE_AFTER: usize = 10;

impl Session {
    pub fn new(what: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            ..Self::default()
        }
    }

    /// A queue of exactly these items.
    pub fn of(what: impl Into<String>, items: Vec<Item>) -> Self {
        let mut s = Self::new(what);
        s.extend(items);
        s
    }

    /// More items found: they join the queue at its end (suggestions
    /// before the problems not reached yet, for the default queue).
    pub fn extend(&mut self, items: Vec<Item>) {
        // The first problem after the current item, found once: a scan per
        // suggestion made long queues quadratic on the UI thread.
        let mut problem = self
            .order
            .iter()
            .enumerate()
            .skip(self.pos + 1)
            .find(|&(_, &i)| self.items[i].kind == ItemKind::Problem)
            .map(|(at, _)| at);
        for item in items {
            let index = self.items.len();
            let kind = item.kind;
            self.items.push(item);
            self.decided.push(Decision::Open);
            match (kind, problem) {
                (ItemKind::Suggestion, Some(at)) if self.suggestions_first => {
                    self.order.insert(at, index);
                    problem = Some(at + 1);
                }
                (ItemKind::Problem, None) => {
                    problem = Some(self.order.len());
                    self.order.push(index);
                }
                _ => self.order.push(index),
            }
        }
    }

    /// The versions of the item, if it is a disagreement.
    pub fn disagreement(&self, item: usize) -> Option<&Disagreement> {
        self.disagreements.get(&item)
    }

    pub fn is_building(&self) -> bool {
        self.job.is_some()
    }

    /// The current item and its index, unless the queue is done.
    pub fn current(&self) -> Option<(usize, &Item)> {
        let i = *self.order.get(self.pos)?;
        Some((i, &self.items[i]))
    }

    pub fn decision(&self, item: usize) -> Decision {
        self.decided.get(item).copied().unwrap_or(Decision::Open)
    }

    /// `12/340`: the current place (the last, past the end) and the length.
    pub fn progress(&self) -> (usize, usize) {
        let n = self.order.len();
        ((self.pos + 1).min(n), n)
    }

    /// Items not decided yet, by kind, in a fixed order.
    pub fn left_by_kind(&self) -> Vec<(ItemKind, usize)> {
        let kinds = [
            ItemKind::Suggestion,
            ItemKind::Problem,
            ItemKind::Unreviewed,
            ItemKind::Disagreement,
        ];
        kinds
            .into_iter()
            .map(|k| {
                let n = (0..self.items.len())
                    .filter(|&i| self.items[i].kind == k && self.decided[i] == Decision::Open)
                    .count();
                (k, n)
            })
            .filter(|&(_, n)| n > 0)
            .collect()
    }

    /// Items accepted or rejected.
    pub fn decisions(&self) -> usize {
        self.decided
            .iter()
            .filter(|d| matches!(d, Decision::Accepted | Decision::Rejected))
            .count()
    }

    /// Items per minute, once there are `RATE_AFTER` decisions.
    pub fn rate(&self) -> Option<f64> {
        let (first, last) = (self.stamps.first()?, self.stamps.last()?);
        if self.stamps.len() < RATE_AFTER {
            return None;
        }
        let minutes = last.duration_since(*first).as_secs_f64() / 60.0;
        (minutes > 0.0).then(|| (self.stamps.len() - 1) as f64 / minutes)
    }

    /// Records a step on the current item (taken at `now`, with `edits`
    /// in its article's history) and moves on.
    pub fn record(&mut self, step: Step, edits: Edits, now: Option<Instant>) {
        let Some((item, _)) = self.current() else {
            return;
        };
        self.log.push(Logged {
            item,
            step,
            at: self.pos,
            edits,
        });
        match step {
            Step::Accept | Step::Reject => {
                self.decided[item] = if step == Step::Accept {
                    Decision::Accepted
                } else {
                    Decision::Rejected
                };
                if let Some(now) = now {
                    self.stamps.push(now);
                }
                self.pos += 1;
            }
            Step::Skip => {
                let i = self.order.remove(self.pos);
                self.order.push(i);
            }
            Step::Settled => {
                self.decided[item] = Decision::Settled;
                self.pos += 1;
            }
        }
    }

    /// The items passed as settled since the last step of the user's.
    pub fn passed_since_step(&self) -> Vec<&Item> {
        let passed = self.log.iter().rev();
        let passed = passed.take_while(|l| l.step == Step::Settled);
        passed.map(|l| &self.items[l.item]).collect()
    }

    /// Takes back the items passed as settled since the last step of the
    /// user's (`undo` then takes back that step, which settled them).
    pub fn reopen_settled(&mut self) {
        while self.log.last().is_some_and(|l| l.step == Step::Settled) {
            self.undo();
        }
    }

    /// The last step, which `undo` would take back.
    pub fn last_step(&self) -> Option<&Logged> {
        self.log.last()
    }

    /// Takes back the last step: the item is current again and open.
    pub fn undo(&mut self) -> Option<Logged> {
        let last = self.log.pop()?;
        if let Some(from) = self.order.iter().position(|&i| i == last.item) {
            self.order.remove(from);
        }
        self.order.insert(last.at.min(self.order.len()), last.item);
        if last.step != Step::Skip {
            self.decided[last.item] = Decision::Open;
        }
        if matches!(last.step, Step::Accept | Step::Reject) {
            self.stamps.pop();
        }
        self.pos = last.at;
        Some(last)
    }

    /// Moves `by` items along the queue without deciding (past the end at
    /// most one).
    pub fn step(&mut self, by: isize) {
        let to = self.pos.saturating_add_signed(by);
        self.pos = to.min(self.order.len());
    }

    pub fn is_done(&self) -> bool {
        self.pos >= self.order.len()
    }
}

#[cfg(test)]
mod tests;
