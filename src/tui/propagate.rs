//! `*` and `g*` in the terminal: the annotation's type proposed for the
//! same text elsewhere (`review::propagate`). The articles in memory (the
//! one on screen, those kept with undo history) are edited through the
//! app's edit path, so `u` undoes it there; every other article by a
//! background job that saves each through the service. What was proposed
//! ends in `App::propagated`, as the items of a review queue.

use crate::review::Item;
use crate::review::propagate::{self, Occurrence, Proposed, Target};
use crate::text::fit;

use super::action::{Action, Effect};
use super::app::App;
use super::jobs::{Job, JobEvent, JobId};
use super::panes::Pane;

/// `*` under way over the corpus.
#[derive(Debug)]
pub struct Propagation {
    job: JobId,
    kind: String,
    surface: String,
    items: Vec<Item>,
    /// Articles left alone, and why.
    refused: Vec<String>,
}

impl App {
    /// `g` then `*` is `g*`: `top` in the text remembers where the cursor
    /// was (so that `g` alone still goes to the top at once), and the
    /// propagate key right after it puts it back and proposes in this
    /// article only. Some: the key was taken here.
    pub(crate) fn top_then_propagate(&mut self, action: Option<Action>) -> Option<Vec<Effect>> {
        let before = self.before_top.take();
        match action {
            Some(Action::Top) if self.focus == Pane::Text => {
                self.before_top = self.shown.as_ref().map(|r| (r.view.cursor, r.view.top));
                None
            }
            // Only right after `top` (a click since may have moved it).
            Some(Action::Propagate) if self.view().is_some_and(|v| v.cursor == 0) => {
                let (cursor, top) = before?;
                if let Some(r) = &mut self.shown {
                    r.view.move_to(&r.article, cursor);
                    r.view.top = top;
                }
                Some(self.start_propagate(true))
            }
            _ => None,
        }
    }

    /// `*` (`article_only`: `g*`) on the annotation under the cursor.
    pub(crate) fn start_propagate(&mut self, article_only: bool) -> Vec<Effect> {
        // One at a time: the count said at the end is of one `*`.
        if let Some(p) = &self.propagation {
            let busy = format!(
                "still proposing {} “{}” in the other articles; {} again once it says how many",
                p.kind,
                fit(&p.surface, 24),
                self.key_name(Action::Propagate)
            );
            self.warn(busy);
            return Vec::new();
        }
        self.choose_target(
            "Propose the type of which annotation elsewhere?",
            true,
            move |app, id| app.propagate(id, article_only),
        )
    }

    fn propagate(&mut self, id: &str, article_only: bool) -> Vec<Effect> {
        let Some(r) = &self.shown else {
            return Vec::new();
        };
        let doc = &r.article.doc;
        let entity = doc.entities.iter().find(|e| e.id == id);
        let event = doc.events.iter().find(|e| e.id == id || e.trigger.id == id);
        let target = match (entity, event) {
            (Some(e), _) => (false, &e.kind, &e.text),
            (None, Some(e)) => (true, &e.kind, &e.trigger.text),
            (None, None) => return Vec::new(),
        };
        let target = Target {
            event: target.0,
            kind: target.1.clone(),
            surface: target.2.clone(),
        };
        let entry = r.entry;
        let (ids, found, mut effects) = self.propose_shown(&target);
        let mut items = self.items_in_memory(entry, &ids, &found, &target.kind);
        if article_only {
            effects.extend(self.propagated(items, &target.kind, &target.surface, &[]));
            return effects;
        }
        let kept: Vec<usize> = self.kept.keys().copied().collect();
        for entry in kept {
            let (more, saved) = self.propose_in_kept(entry, &target);
            items.extend(more);
            effects.extend(saved);
        }
        let articles: Vec<_> = (self.corpus.entries.iter().enumerate())
            .filter(|(i, _)| *i != entry && !self.kept.contains_key(i))
            .map(|(i, e)| (i, e.path.clone(), e.sidecar.clone()))
            .collect();
        let others = articles.len();
        let start = self.jobs.start(Job::Propagate {
            articles,
            target: target.clone(),
        });
        let Effect::Start { id: job, .. } = &start else {
            return effects;
        };
        self.say(format!(
            "proposing {} “{}” in {others} other article(s)…",
            target.kind,
            fit(&target.surface, 24)
        ));
        self.propagation = Some(Propagation {
            job: *job,
            kind: target.kind,
            surface: target.surface,
            items,
            refused: Vec::new(),
        });
        effects.push(start);
        effects
    }

    /// `*` in the article on screen, through the edit path: the ids made,
    /// where, and the save.
    fn propose_shown(&mut self, target: &Target) -> (Vec<String>, Vec<Occurrence>, Vec<Effect>) {
        let Some(r) = &self.shown else {
            return (Vec::new(), Vec::new(), Vec::new());
        };
        let doc = &r.article.doc;
        let found = propagate::find(r.article.text.as_str(), &target.surface, &target.kind, doc);
        // Named before they are made, so that undo takes them all back.
        let (ids, taken) = propagate::planned_ids(doc, target, found.len());
        let named: Vec<&str> = taken.iter().map(String::as_str).collect();
        let effects = self.edit(&named, |doc| {
            propagate::add_proposals(doc, target, &found);
        });
        (ids, found, effects)
    }

    /// The items of suggestions just added to an article in memory.
    fn items_in_memory(
        &self,
        entry: usize,
        ids: &[String],
        found: &[Occurrence],
        kind: &str,
    ) -> Vec<Item> {
        let Some(e) = self.corpus.entries.get(entry) else {
            return Vec::new();
        };
        ids.iter()
            .zip(found)
            .map(|(id, o)| Item {
                entry,
                source: e.path.clone(),
                sidecar: e.sidecar.clone(),
                kind: crate::review::ItemKind::Suggestion,
                id: id.clone(),
                type_: kind.to_owned(),
                start: o.start,
                end: o.end,
                text: o.text.clone(),
                problem: None,
                conflict_only: false,
            })
            .collect()
    }

    /// `*` in an article kept in memory with its undo history: recorded
    /// there (undone when it is shown again), and saved.
    fn propose_in_kept(&mut self, entry: usize, target: &Target) -> (Vec<Item>, Vec<Effect>) {
        let width = self.text_view().width as usize;
        let decor = self.decor();
        let Some(r) = self.kept.get_mut(&entry) else {
            return (Vec::new(), Vec::new());
        };
        if !r.article.is_editable() {
            return (Vec::new(), Vec::new());
        }
        let doc = &mut r.article.doc;
        let (surface, kind) = (&target.surface, &target.kind);
        let found = propagate::find(r.article.text.as_str(), surface, kind, doc);
        if found.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let (ids, taken) = propagate::planned_ids(doc, target, found.len());
        let named: Vec<&str> = taken.iter().map(String::as_str).collect();
        super::edit::record_edit(r, &named, |doc| {
            propagate::add_proposals(doc, target, &found);
        });
        let save = super::edit::after_change(r, &mut self.corpus.entries, width, decor);
        (self.items_in_memory(entry, &ids, &found, kind), vec![save])
    }

    /// `Job::Propagate`'s report on one article.
    pub(super) fn proposed(&mut self, entry: usize, outcome: Result<Proposed, String>) {
        let Some(p) = &mut self.propagation else {
            return;
        };
        match outcome {
            Ok(done) => {
                p.items.extend(done.items);
                if let Some(e) = self.corpus.entries.get_mut(entry) {
                    e.summary = done.summary;
                }
            }
            Err(why) => p.refused.push(why),
        }
    }

    /// `Job::Propagate` ended (or failed): everything is on disk.
    pub(super) fn propagation_done(&mut self, job: JobId, event: &JobEvent) -> Vec<Effect> {
        let Some(p) = self.propagation.take_if(|p| p.job == job) else {
            return Vec::new();
        };
        if let JobEvent::Failed(why) = event {
            self.warn(format!(
                "{} stopped: {why}",
                self.key_name(Action::Propagate)
            ));
            return Vec::new();
        }
        self.propagated(p.items, &p.kind, &p.surface, &p.refused)
    }

    /// What `*` or `g*` proposed, as the items of a review queue: said on
    /// the status line (the review queue opens on them where it is built).
    pub fn propagated(
        &mut self,
        items: Vec<Item>,
        kind: &str,
        surface: &str,
        refused: &[String],
    ) -> Vec<Effect> {
        let mut articles: Vec<usize> = items.iter().map(|i| i.entry).collect();
        articles.dedup();
        articles.sort_unstable();
        articles.dedup();
        if items.is_empty() {
            let none = format!("no other “{}” to propose {kind} for", fit(surface, 24));
            match refused.first() {
                Some(first) => self.warn(format!(
                    "{none}; {} article(s) left alone: {first}",
                    refused.len()
                )),
                None => self.say(none),
            }
            return Vec::new();
        }
        // The queue opens on exactly those, one decision each; showing
        // its first item clears the message, so it is said after.
        let effects = self.open_review_on(items.clone());
        let mut said = format!(
            "proposed {} {kind} “{}” in {} article(s), queued for review",
            items.len(),
            fit(surface, 24),
            articles.len(),
        );
        if let Some(first) = refused.first() {
            said.push_str(&format!(
                "; {} article(s) left alone: {first}",
                refused.len()
            ));
            self.warn(said);
        } else {
            self.say(said);
        }
        effects
    }
}
