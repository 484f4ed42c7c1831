//! The app's side of a review session: a decision is an ordinary edit of
//! the item's article (recorded for undo, saved by autosave), and the
//! session notes it; `u` takes the article's edits back.

use super::{Decision, Edits, Filter, Fix, Item, ItemKind, Session, Step};
use crate::config::KeyTable;
use crate::corpus::{Corpus, Rest};
use crate::review::decide as core_decide;
use crate::schema::Kind;
use crate::text::fit;
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::jobs::Job;
use crate::tui::mode::{Mode, ReviewMode};
use crate::tui::panes::Pane;

impl App {
    /// Opens the review queue of `filter` (described as `what`), built in
    /// the background from the articles listed so far and `rest`, the
    /// corpus still to walk (`gloss review` on a big corpus).
    pub fn open_review(&mut self, filter: Filter, what: String, rest: Option<Rest>) -> Vec<Effect> {
        let mut effects = self.close_review();
        let mut session = Session::new(what);
        let effective = filter.effective();
        session.suggestions_first = effective.suggestions && effective.problems;
        let corpus = Corpus {
            root: self.corpus.root.clone(),
            folders: self.corpus.folders.clone(),
            entries: self.corpus.entries.clone(),
            rest,
        };
        let job = Job::Review {
            corpus: Box::new(corpus),
            schema: Box::new(self.schema.clone()),
            filter,
            reviewer: self.reviewer.clone(),
        };
        let start = self.start_job(job);
        if let Effect::Start { id, .. } = &start {
            session.job = Some(*id);
        }
        effects.push(start);
        self.review = Some(session);
        self.mode = Mode::Review(ReviewMode);
        effects
    }

    /// Opens a review queue of exactly these items (as `*` proposes them).
    pub fn open_review_on(&mut self, items: Vec<Item>) -> Vec<Effect> {
        let mut effects = self.close_review();
        self.review = Some(Session::of("the suggestions just made", items));
        self.mode = Mode::Review(ReviewMode);
        effects.extend(self.show_item());
        effects
    }

    /// Whether the screen shows the queue (not an article opened from it,
    /// nor the article whose span is being fixed).
    pub fn shows_queue(&self) -> bool {
        self.review.as_ref().is_some_and(|s| !s.in_article) && !matches!(self.mode, Mode::Span(_))
    }

    /// Ends the review session (and the job building its queue).
    pub fn close_review(&mut self) -> Vec<Effect> {
        let job = self.review.take().and_then(|s| s.job);
        if matches!(self.mode, Mode::Review(_)) {
            self.mode = Mode::Normal;
        }
        job.map(|id| self.cancel_job(id)).unwrap_or_default()
    }

    /// Items found by the job building the queue.
    pub(crate) fn review_found(&mut self, items: Vec<Item>) -> Vec<Effect> {
        let Some(session) = &mut self.review else {
            return Vec::new();
        };
        let had_current = session.current().is_some();
        session.extend(items);
        if had_current {
            return Vec::new();
        }
        self.show_item()
    }

    /// The job building the queue ended.
    pub(crate) fn review_built(&mut self) {
        if let Some(session) = &mut self.review {
            session.job = None;
        }
    }

    /// Brings the current item's article on screen, the cursor on the item.
    pub(crate) fn show_item(&mut self) -> Vec<Effect> {
        self.pass_settled_items();
        let Some((_, item)) = self.review.as_ref().and_then(|s| s.current()) else {
            return Vec::new();
        };
        let entry = item.entry;
        // Found by the queue's walk before the list's own: shown once listed.
        if self
            .corpus
            .entries
            .get(entry)
            .is_none_or(|e| e.path != item.source)
        {
            return Vec::new();
        }
        let effects = self.select(entry);
        // Or once it is loaded.
        self.review_item_loaded();
        effects
    }

    /// Passes the items another decision settled (a merge conflict whose
    /// other version is gone), so that `x` cannot delete the version kept.
    fn pass_settled_items(&mut self) {
        loop {
            let Some((_, item)) = self.review.as_ref().and_then(|s| s.current()) else {
                return;
            };
            let shown = self.shown.as_ref().filter(|r| r.entry == item.entry);
            let Some(r) = shown else { return };
            if !crate::review::settled_elsewhere(&r.article.doc, item) {
                return;
            }
            let depth = r.article.history.depth();
            if let Some(s) = &mut self.review {
                s.record(Step::Settled, Edits { count: 0, depth }, None);
            }
        }
    }

    /// An article came in: the cursor goes on the current item if it is in it.
    pub(crate) fn review_item_loaded(&mut self) {
        let Some((_, item)) = self.review.as_ref().and_then(|s| s.current()) else {
            return;
        };
        let (entry, start) = (item.entry, item.start);
        if let Some(r) = self.shown.as_mut().filter(|r| r.entry == entry) {
            let at = start.min(r.article.text.len_chars());
            r.view.move_to(&r.article, at);
        }
    }

    /// More of the list found: the current item's article, if it was
    /// waiting to be listed, comes on screen.
    pub(crate) fn show_item_listed(&mut self) -> Vec<Effect> {
        let Some((_, item)) = self.review.as_ref().and_then(|s| s.current()) else {
            return Vec::new();
        };
        let waiting = self.shown.as_ref().is_none_or(|r| r.entry != item.entry);
        if waiting && matches!(self.mode, Mode::Review(_)) {
            return self.show_item();
        }
        Vec::new()
    }

    /// The current item, if its article is on screen and editable and it
    /// is an annotation (not a problem of the whole file).
    fn item_here(&mut self) -> Option<(usize, Item)> {
        let Some((index, item)) = self.review.as_ref()?.current() else {
            self.warn(format!(
                "no item here: {} goes back, {} leaves the queue",
                self.mode_key(KeyTable::Review, "prev"),
                self.mode_key(KeyTable::Review, "leave"),
            ));
            return None;
        };
        let item = item.clone();
        if item.id.is_empty() {
            self.warn(format!(
                "a problem of the whole file: {} opens the article, {} skips it",
                self.mode_key(KeyTable::Review, "open"),
                self.mode_key(KeyTable::Review, "skip"),
            ));
            return None;
        }
        self.item_article_ready(item.entry)?;
        Some((index, item))
    }

    /// Whether list entry `entry`, the current item's article, is on
    /// screen and takes edits (saying why not).
    pub(crate) fn item_article_ready(&mut self, entry: usize) -> Option<()> {
        if self.shown.as_ref().is_none_or(|r| r.entry != entry) {
            self.warn("the item's article is still being opened");
            return None;
        }
        self.editable().map(drop)
    }

    /// How many edits the article on screen can undo.
    pub(crate) fn depth(&self) -> usize {
        self.shown.as_ref().map_or(0, |r| r.article.history.depth())
    }

    /// `y` (accept) and `x` (reject): an edit of the item's article, then
    /// the next item.
    pub(crate) fn review_decide(&mut self, accept: bool) -> Vec<Effect> {
        let Some((index, item)) = self.item_here() else {
            return Vec::new();
        };
        let decided = self.review.as_ref().map(|s| s.decision(index));
        let exists = self
            .shown
            .as_ref()
            .is_some_and(|r| r.article.doc.kind_of(&item.id).is_some());
        if !exists {
            let undo = self.mode_key(KeyTable::Review, "undo");
            let why = match decided {
                Some(Decision::Rejected) => "was rejected",
                _ => "is no longer in the article",
            };
            self.warn(format!("{} {why} ({undo} undoes)", item.id));
            return Vec::new();
        }
        let depth = self.depth();
        let id = item.id.as_str();
        let reviewer = self.reviewer.clone();
        // The id was found just above: neither can fail.
        let mut effects = self.edit(&[id], |doc| {
            let _ = match accept {
                true => core_decide::accept(doc, id, reviewer.as_deref()),
                false => core_decide::reject(doc, id),
            };
        });
        let edits = Edits {
            count: self.depth() - depth,
            depth: self.depth(),
        };
        let (step, done) = match accept {
            true => (Step::Accept, "accepted"),
            false => (Step::Reject, "rejected"),
        };
        let now = self.now;
        if let Some(s) = &mut self.review {
            s.record(step, edits, now);
        }
        // Showing another article clears the message: say it after.
        effects.extend(self.show_item());
        let kept: Vec<String> = self.review.as_ref().map_or(Vec::new(), |s| {
            let passed = s.passed_since_step();
            passed.iter().map(|i| described(i)).collect()
        });
        let kept = match kept.is_empty() {
            true => String::new(),
            false => format!("; kept {}, its merge conflict settled", kept.join(", ")),
        };
        self.say(format!("{done} {}{kept}{}", described(&item), self.left()));
        effects
    }

    /// `Space`: the item goes to the end of the queue.
    pub(crate) fn review_skip(&mut self) -> Vec<Effect> {
        let Some(s) = &mut self.review else {
            return Vec::new();
        };
        let Some((_, item)) = s.current() else {
            return Vec::new();
        };
        let what = described(item);
        s.record(Step::Skip, Edits::default(), None);
        let effects = self.show_item();
        self.say(format!("skipped {what}: it comes back at the end"));
        effects
    }

    /// `u`: the last step taken back (its edits undone in its article,
    /// which need not be the one on screen), and its item current again.
    pub(crate) fn review_undo(&mut self) -> Vec<Effect> {
        if let Some(s) = &mut self.review {
            s.reopen_settled();
        }
        let Some(last) = self.review.as_ref().and_then(|s| s.last_step()).cloned() else {
            self.warn("nothing decided yet in this queue");
            return Vec::new();
        };
        let item = self.review.as_ref().map(|s| s.items[last.item].clone());
        let Some(item) = item else { return Vec::new() };
        let mut effects = Vec::new();
        if last.edits.count > 0 {
            effects = self.select(item.entry);
            let depth = self.shown.as_ref().filter(|r| r.entry == item.entry);
            let why = match depth.map(|r| r.article.history.depth()) {
                None => Some("its article is not open".to_owned()),
                Some(d) if d != last.edits.depth => Some(format!(
                    "its article was edited since ({} opens it, where {} undoes step by step)",
                    self.mode_key(KeyTable::Review, "open"),
                    self.key_name(Action::Undo)
                )),
                Some(_) => None,
            };
            if let Some(why) = why {
                effects.extend(self.show_item());
                self.warn(format!("could not undo the decision on {}: {why}", item.id));
                return effects;
            }
        }
        if let Some(s) = &mut self.review {
            s.undo();
        }
        for _ in 0..last.edits.count {
            effects.extend(self.undo(false));
        }
        // After the edits are undone: what they settled is open again.
        effects.extend(self.show_item());
        let step = match last.step {
            Step::Accept => "accepting",
            Step::Reject => "rejecting",
            Step::Skip => "skipping",
            Step::Settled => "passing",
        };
        self.say(format!("undone: {step} {}", described(&item)));
        effects
    }

    /// `j`/`k`: another item, nothing decided.
    pub(crate) fn review_step(&mut self, by: isize) -> Vec<Effect> {
        if let Some(s) = &mut self.review {
            s.step(by);
        }
        self.show_item()
    }

    /// `T` and `s`: the existing retype picker or span editing on the item;
    /// once they edit it, it counts as accepted.
    pub(crate) fn review_fix(&mut self, span: bool) -> Vec<Effect> {
        let Some((index, item)) = self.item_here() else {
            return Vec::new();
        };
        let kind = self
            .shown
            .as_ref()
            .and_then(|r| r.article.doc.kind_of(&item.id).map(|(k, _)| k));
        match kind {
            None => {
                self.warn(format!("{} is no longer in the article", item.id));
                return Vec::new();
            }
            Some(Kind::Relation) if span => {
                self.warn(format!(
                    "{} is a relation: it has no span of its own",
                    item.id
                ));
                return Vec::new();
            }
            Some(_) => {}
        }
        let depth = self.depth();
        if let Some(s) = &mut self.review {
            s.fix = Some(Fix { item: index, depth });
        }
        self.mode = Mode::Normal;
        if span {
            self.focus = Pane::Text;
            self.begin_span_edit(&item.id);
        } else {
            self.offer_types(&item.id);
        }
        Vec::new()
    }

    /// `Enter`: the article at the item, in the reading view; leaving it
    /// comes back to the queue.
    pub(crate) fn review_open(&mut self) -> Vec<Effect> {
        let effects = self.show_item();
        if let Some(s) = &mut self.review {
            s.in_article = true;
        }
        self.mode = Mode::Normal;
        self.focus = Pane::Text;
        let back = self.key_name(Action::Quit);
        self.say(format!("{back} goes back to the review queue"));
        effects
    }

    /// While reading an article opened from the queue, `q` (or `Esc` with
    /// nothing to cancel) goes back to the queue, where it was.
    pub(crate) fn leave_reviewed_article(&mut self, action: Option<Action>) -> Option<Vec<Effect>> {
        let in_article = self.review.as_ref().is_some_and(|s| s.in_article);
        let nothing_to_cancel = self.shown.as_ref().is_none_or(|r| {
            r.view.anchor.is_none() && r.view.event.is_none() && !self.search_shown
        });
        let leaves = match action {
            Some(Action::Quit) => true,
            Some(Action::Cancel) => nothing_to_cancel,
            _ => false,
        };
        if !(in_article && leaves) {
            return None;
        }
        if let Some(s) = &mut self.review {
            s.in_article = false;
        }
        self.mode = Mode::Review(ReviewMode);
        // The reader may have gone to other articles meanwhile.
        let effects = self.show_item();
        self.message = None;
        Some(effects)
    }

    /// After any key: a mode started from the queue (a picker, span
    /// editing, the help) that ended gives the keys back to the queue; a
    /// fix that edited the item accepts it.
    pub(crate) fn resume_review(&mut self) -> Vec<Effect> {
        let depth = self.depth();
        let Some(s) = &mut self.review else {
            return Vec::new();
        };
        if s.in_article || !matches!(self.mode, Mode::Normal) {
            return Vec::new();
        }
        self.mode = Mode::Review(ReviewMode);
        let Some(fix) = s.fix.take() else {
            return Vec::new();
        };
        let current = s.current().map(|(i, _)| i);
        if depth <= fix.depth || current != Some(fix.item) {
            return Vec::new();
        }
        let item = s.items[fix.item].clone();
        let id = item.id.as_str();
        let reviewer = self.reviewer.clone();
        // A fix that removed the item leaves nothing to accept.
        let mut effects = self.edit(&[id], |doc| {
            let _ = core_decide::accept(doc, id, reviewer.as_deref());
        });
        let edits = Edits {
            count: self.depth() - fix.depth,
            depth: self.depth(),
        };
        let now = self.now;
        if let Some(s) = &mut self.review {
            s.record(Step::Accept, edits, now);
        }
        let said = self.message.take().map(|m| m.text).unwrap_or_default();
        effects.extend(self.show_item());
        self.say(format!("{said}; accepted{}", self.left()));
        effects
    }

    /// "; 3 suggestions left" (or "; nothing left").
    pub(crate) fn left(&self) -> String {
        let Some(s) = &self.review else {
            return String::new();
        };
        let left = left_words(&s.left_by_kind());
        if left.is_empty() {
            "; nothing left".to_owned()
        } else {
            format!("; {left} left")
        }
    }
}

/// `GPE “Kurdish”`
fn described(item: &Item) -> String {
    format!("{} “{}”", item.type_, fit(&item.text, 24))
}

/// `2 suggestions, 1 problem`
pub fn left_words(left: &[(ItemKind, usize)]) -> String {
    let words: Vec<String> = left
        .iter()
        .map(|&(kind, n)| {
            let (one, many) = match kind {
                ItemKind::Suggestion => ("suggestion", "suggestions"),
                ItemKind::Problem => ("problem", "problems"),
                ItemKind::Unreviewed => ("unreviewed", "unreviewed"),
                ItemKind::Disagreement => ("disagreement", "disagreements"),
            };
            format!("{n} {}", if n == 1 { one } else { many })
        })
        .collect();
    words.join(", ")
}
