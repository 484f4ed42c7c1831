//! The app's side of an adjudication decision: taking a version into the
//! curated document, or settling the position with nothing, is an edit of
//! that document recorded for undo; the queue notes it as it notes a
//! review decision (so `u`, skip and the rate work the same).

use super::Shape;
use crate::adjudicate::{self, Disagreement};
use crate::annotation::Document;
use crate::config::KeyTable;
use crate::text::fit;
use crate::tui::action::Effect;
use crate::tui::app::App;
use crate::tui::mode::Mode;
use crate::tui::panes::Pane;
use crate::tui::review::{Edits, Fix, ItemKind, Step};

impl App {
    /// Opens the review queue on `disagreements` (`gloss adjudicate`).
    pub fn open_adjudication(&mut self, disagreements: Vec<Disagreement>) -> Vec<Effect> {
        let mut effects = self.close_review();
        let (session, missing) = super::session_of(&self.corpus.entries, disagreements);
        let empty = session.items.is_empty();
        self.review = Some(session);
        self.mode = Mode::Review(crate::tui::mode::ReviewMode);
        effects.extend(self.show_item());
        if missing > 0 {
            self.warn(format!(
                "{missing} disagreement(s) are in articles not listed here"
            ));
        } else if empty {
            self.say("nothing to adjudicate: the annotators agree everywhere");
        }
        effects
    }

    /// A queue key on a disagreement: the digits take that annotator's
    /// version, `y` the first, `x` none, `T`/`s` take the first and fix
    /// it. `None`: not one of these (or not a disagreement).
    pub(crate) fn adjudicate_key(&mut self, action: Option<&str>) -> Option<Vec<Effect>> {
        let current = self.review.as_ref()?.current()?.1.kind;
        if current != ItemKind::Disagreement {
            return None;
        }
        Some(match action? {
            "accept" => self.adjudicate_take(0),
            "reject" => self.adjudicate_reject(),
            "retype" => self.adjudicate_fix(false),
            "edit-span" => self.adjudicate_fix(true),
            other => {
                let n: usize = other.strip_prefix("take-")?.parse().ok()?;
                self.adjudicate_take(n.checked_sub(1)?)
            }
        })
    }

    /// The current disagreement, if its article (the curated document) is
    /// on screen and editable.
    fn disagreement_here(&mut self) -> Option<(usize, Disagreement)> {
        let s = self.review.as_ref()?;
        let (index, item) = s.current()?;
        let d = s.disagreement(index)?.clone();
        self.item_article_ready(item.entry)?;
        Some((index, d))
    }

    /// Takes version `n` (0-based) into the curated document and moves on.
    pub(crate) fn adjudicate_take(&mut self, n: usize) -> Vec<Effect> {
        let Some((index, d)) = self.disagreement_here() else {
            return Vec::new();
        };
        let Some(version) = d.versions.get(n) else {
            self.warn(format!(
                "no version {}: this position has {} ({} takes none)",
                n + 1,
                d.versions.len(),
                self.mode_key(KeyTable::Review, "reject")
            ));
            return Vec::new();
        };
        let depth = self.depth();
        let (mut effects, taken) = self.take_version(index, &d, n);
        if taken.is_none() {
            return effects;
        }
        self.note_step(Step::Accept, depth);
        let shape = Shape::of(version);
        let said = format!(
            "took {}'s {} “{}”",
            version.annotator,
            shape.kind,
            fit(shape.text, 24)
        );
        effects.extend(self.show_item());
        self.say(format!("{said}{}", self.left()));
        effects
    }

    /// The edit that puts version `n` of `d` in the curated document (and
    /// marks the article curated when nothing of it is left to decide);
    /// the new annotation's id.
    fn take_version(
        &mut self,
        index: usize,
        d: &Disagreement,
        n: usize,
    ) -> (Vec<Effect>, Option<String>) {
        let version = &d.versions[n];
        let Some(doc) = self.shown.as_ref().map(|r| &r.article.doc) else {
            return (Vec::new(), None);
        };
        // The ids the take adds, so that undo takes them all back.
        let mut trial = doc.clone();
        let taken = match adjudicate::take(&mut trial, version) {
            Ok(id) => id,
            Err(e) => {
                self.warn(format!(
                    "could not take {}'s version: {e}",
                    version.annotator
                ));
                return (Vec::new(), None);
            }
        };
        let added = added_ids(doc, &trial);
        let ids: Vec<&str> = added.iter().map(String::as_str).collect();
        let all = self.article_disagreements(index);
        let effects = self.edit(&ids, |doc| {
            let _ = adjudicate::take(doc, version);
            doc.status = adjudicate::status_after(doc, &all);
        });
        (effects, Some(taken))
    }

    /// `x`: the position is settled with nothing added.
    pub(crate) fn adjudicate_reject(&mut self) -> Vec<Effect> {
        let Some((index, d)) = self.disagreement_here() else {
            return Vec::new();
        };
        let depth = self.depth();
        let all = self.article_disagreements(index);
        let mut effects = self.edit(&[], |doc| {
            adjudicate::reject(doc, &d);
            doc.status = adjudicate::status_after(doc, &all);
        });
        self.note_step(Step::Reject, depth);
        effects.extend(self.show_item());
        self.say(format!(
            "settled {}–{} with nothing taken{}",
            d.start,
            d.end,
            self.left()
        ));
        effects
    }

    /// `T` and `s`: the first version is taken, then retyped or its span
    /// edited; once the fix ends the item counts as decided.
    pub(crate) fn adjudicate_fix(&mut self, span: bool) -> Vec<Effect> {
        let Some((index, d)) = self.disagreement_here() else {
            return Vec::new();
        };
        if d.versions.is_empty() {
            return Vec::new();
        }
        let depth = self.depth();
        let (effects, taken) = self.take_version(index, &d, 0);
        let Some(id) = taken else {
            return effects;
        };
        if let Some(s) = &mut self.review {
            s.fix = Some(Fix { item: index, depth });
        }
        self.mode = Mode::Normal;
        if span {
            self.focus = Pane::Text;
            self.begin_span_edit(&id);
        } else {
            self.offer_types(&id);
        }
        effects
    }

    /// Records a decision on the current item: the edits made in the
    /// curated document since `depth`.
    fn note_step(&mut self, step: Step, depth: usize) {
        let now_depth = self.depth();
        let edits = Edits {
            count: now_depth.saturating_sub(depth),
            depth: now_depth,
        };
        let now = self.now;
        if let Some(s) = &mut self.review {
            s.record(step, edits, now);
        }
    }

    /// Every disagreement of the item's article (its status becomes
    /// `curated` once all are settled).
    fn article_disagreements(&self, index: usize) -> Vec<Disagreement> {
        let Some(s) = &self.review else {
            return Vec::new();
        };
        let entry = s.items.get(index).map(|i| i.entry);
        s.disagreements
            .iter()
            .filter(|&(&i, _)| s.items.get(i).map(|it| it.entry) == entry)
            .map(|(_, d)| d.clone())
            .collect()
    }
}

/// The ids of `after`'s annotations that `before` does not have.
fn added_ids(before: &Document, after: &Document) -> Vec<String> {
    let had = |id: &str| before.kind_of(id).is_some();
    after
        .ids()
        .filter(|id| !had(id))
        .map(str::to_owned)
        .collect()
}
