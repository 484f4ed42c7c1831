//! What the article list shows: every article, or those of one status
//! (the list's status filter); and `}` / `{`, which open the next or
//! previous article still to do. Both read an article's status from the
//! list's summaries, or from memory for an article with edits there.

use crate::annotation::Status;
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;

/// The filter the list's key steps through, in order (`None`: all).
const CYCLE: [Option<Status>; 7] = [
    None,
    Some(Status::Todo),
    Some(Status::InProgress),
    Some(Status::Done),
    Some(Status::Reviewed),
    Some(Status::CurationInProgress),
    Some(Status::Curated),
];

/// How many articles of each status the list knows of, in
/// `Status::ALL`'s order; articles not described yet or unreadable are
/// in none.
pub fn status_counts(app: &App) -> [usize; Status::ALL.len()] {
    let slot = |status: Status| Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
    let mut counts = [0; Status::ALL.len()];
    // Drawn every frame: one pass over the summaries, then the few
    // articles in memory moved to their status there.
    for entry in &app.corpus.entries {
        if let Some(status) = entry.summary.status() {
            counts[slot(status)] += 1;
        }
    }
    for (index, status) in app.statuses_in_memory() {
        let listed = app
            .corpus
            .entries
            .get(index)
            .and_then(|e| e.summary.status());
        if let Some(old) = listed {
            counts[slot(old)] -= 1;
        }
        counts[slot(status)] += 1;
    }
    counts
}

impl App {
    /// The status of list entry `index`: in memory when it is shown or
    /// kept with edits, else as the list's summary says (None: not known).
    pub fn status_of(&self, index: usize) -> Option<Status> {
        if let Some(status) = self.status_in_memory(index) {
            return Some(status);
        }
        self.corpus.entries.get(index)?.summary.status()
    }

    /// Whether entry `index` is still to do: not done, reviewed or curated
    /// (an article not described yet or unreadable counts as to do).
    fn is_to_do(&self, index: usize) -> bool {
        !self.status_of(index).is_some_and(Status::is_finished)
    }

    /// Whether the list shows entry `index` under its status filter.
    pub fn is_listed(&self, index: usize) -> bool {
        match self.list_filter {
            None => index < self.corpus.entries.len(),
            Some(want) => self.status_of(index) == Some(want),
        }
    }

    /// The entries the list shows, in order.
    pub fn listed(&self) -> Vec<usize> {
        (0..self.corpus.entries.len())
            .filter(|&i| self.is_listed(i))
            .collect()
    }

    /// How many rows the list has.
    pub fn list_len(&self) -> usize {
        match self.list_filter {
            None => self.corpus.entries.len(),
            Some(_) => self.listed().len(),
        }
    }

    /// The entries on `count` list rows from row `top` (fewer at the end).
    pub fn list_rows(&self, top: usize, count: usize) -> Vec<usize> {
        match self.list_filter {
            None => (top..self.corpus.entries.len()).take(count).collect(),
            Some(_) => self.listed().into_iter().skip(top).take(count).collect(),
        }
    }

    /// The entry on list row `row`, if there is one.
    pub fn list_entry_at(&self, row: usize) -> Option<usize> {
        match self.list_filter {
            None => (row < self.corpus.entries.len()).then_some(row),
            Some(_) => self.listed().get(row).copied(),
        }
    }

    /// The row of the selected entry; where it would be when the filter
    /// hides it (before the next listed one).
    pub fn selected_row(&self) -> usize {
        match self.list_filter {
            None => self.selected,
            Some(_) => self.listed().partition_point(|&i| i < self.selected),
        }
    }

    /// Moves the selection `rows` rows down the list (up when negative),
    /// clamped to its ends; the article follows.
    pub(crate) fn list_move(&mut self, rows: isize) -> Vec<Effect> {
        if self.list_filter.is_none() {
            return self.select(self.selected.saturating_add_signed(rows));
        }
        let listed = self.listed();
        let Some(last) = listed.len().checked_sub(1) else {
            return Vec::new();
        };
        let row = listed.partition_point(|&i| i < self.selected);
        let hidden = listed.get(row) != Some(&self.selected);
        // From a hidden entry, "down" is the next listed one (its row).
        let from = if hidden && rows > 0 {
            row as isize - 1
        } else {
            row as isize
        };
        let to = from.saturating_add(rows).clamp(0, last as isize) as usize;
        self.select(listed[to])
    }

    /// The list's status filter steps on (all, todo, in progress, done,
    /// reviewed, all); the selection moves onto a listed article.
    pub(crate) fn cycle_list_filter(&mut self) -> Vec<Effect> {
        let at = CYCLE.iter().position(|f| *f == self.list_filter);
        self.list_filter = CYCLE[at.map_or(0, |i| (i + 1) % CYCLE.len())];
        self.list_top = 0;
        let listed = self.listed();
        let key = self.key_name(Action::FilterStatus);
        let mut effects = Vec::new();
        let said = match self.list_filter {
            None => format!("the list shows every article; {key} filters it by status"),
            Some(status) if listed.is_empty() => {
                format!(
                    "no article is {}; {key} shows the next status",
                    status.label()
                )
            }
            Some(status) => {
                if !listed.contains(&self.selected) {
                    let row = listed.partition_point(|&i| i < self.selected);
                    effects = self.select(listed[row.min(listed.len() - 1)]);
                }
                format!(
                    "list: {} only, {} of {} articles; {key} shows the next status",
                    status.label(),
                    listed.len(),
                    self.corpus.entries.len()
                )
            }
        };
        self.say(said);
        effects
    }

    /// `}` / `{`: opens the `count`th next (previous when `back`) article
    /// still to do, wrapping around the list's ends and saying so.
    pub(crate) fn next_to_do(&mut self, count: usize, back: bool) -> Vec<Effect> {
        let open: Vec<usize> = (0..self.corpus.entries.len())
            .filter(|&i| self.is_to_do(i))
            .collect();
        if open.is_empty() {
            self.say("every article is done or reviewed: none is left to do");
            return Vec::new();
        }
        let n = open.len() as isize;
        let count = count.max(1) as isize;
        let (target, wrapped) = if back {
            let before = open.partition_point(|&i| i < self.selected) as isize;
            let t = before - count;
            (t.rem_euclid(n), t < 0)
        } else {
            let after = open.partition_point(|&i| i <= self.selected) as isize;
            let t = after + count - 1;
            (t.rem_euclid(n), t >= n)
        };
        let entry = open[target as usize];
        let was = self.selected;
        let effects = self.select(entry);
        let left = match open.len() {
            1 => "1 article is left to do".to_owned(),
            n => format!("{n} articles are left to do"),
        };
        if entry == was {
            self.say(format!("this is the only article left to do ({left})"));
        } else if wrapped {
            let end = if back { "end" } else { "start" };
            self.say(format!("wrapped around to the {end} of the list; {left}"));
        } else {
            self.say(left);
        }
        effects
    }

    /// The status of entry `index` as its article in memory has it.
    fn status_in_memory(&self, index: usize) -> Option<Status> {
        self.article_in_memory(index).map(|a| a.doc.status)
    }

    /// The list entry and status of every article in memory (shown, or
    /// kept with edits).
    fn statuses_in_memory(&self) -> Vec<(usize, Status)> {
        let shown = self.shown.iter().map(|s| (s.entry, s.article.doc.status));
        let kept = (self.kept.iter()).map(|(&i, s)| (i, s.article.doc.status));
        shown.chain(kept).collect()
    }
}
