//! Search across the corpus from the list pane: `/` there searches every
//! article in a background job whose hits stream into the list pane as
//! keyword-in-context rows. `Enter` opens the article at a hit, `n` / `N`
//! step through the hits across articles, `Esc` forgets them and brings
//! the article list back.

pub mod work;

use crate::search::Query;
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::jobs::{Job, JobId};
use crate::tui::panes::{Pane, top_showing};
pub use work::{Batch, CorpusHit, ToSearch};

/// Hits kept for the list; more are counted, not kept.
pub const MAX_HITS: usize = 100_000;

/// Articles per search job: one job after another, so that Enter does
/// not wait for the whole list to be copied for one (30 ms at 100,000).
pub(crate) const CHUNK: usize = 4096;

/// A search of the corpus and its hits so far.
#[derive(Debug, Clone)]
pub struct CorpusSearch {
    /// The query as typed.
    pub query: String,
    parsed: Query,
    /// The hits in list order (at most `MAX_HITS`).
    pub hits: Vec<CorpusHit>,
    /// Every hit found, kept or not.
    pub found: usize,
    /// The articles with a kept hit, and how many more have only hits
    /// past those kept.
    /// Hits arrive in list order, an article's together (one job at a
    /// time, chunk after chunk): a new entry is a new article.
    with_hits: usize,
    last_entry: Option<usize>,
    more_articles: usize,
    /// The articles searched so far.
    pub searched: usize,
    /// The job searching (one chunk of the list at a time).
    job: Option<JobId>,
    /// The first list entry no job has been given yet.
    next: usize,
    /// The highlighted row and the first one shown.
    pub row: usize,
    pub top: usize,
    /// The hit opened last (`n` goes on from it).
    opened: Option<usize>,
}

impl CorpusSearch {
    /// How many articles have a hit.
    pub fn articles(&self) -> usize {
        self.with_hits + self.more_articles
    }

    /// True while a job is still searching.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The text searched for, when it is plain text (the article's own
    /// search highlights it the same way).
    pub fn plain_text(&self) -> Option<&str> {
        match &self.parsed {
            Query::Text(q) if !q.is_regex() => Some(q.as_str()),
            _ => None,
        }
    }

    /// Whether hits of job `id` are wanted.
    pub fn owns(&self, id: JobId) -> bool {
        self.job == Some(id)
    }
}

impl App {
    /// Starts searching every article for `typed`; a query that does not
    /// parse says what is wrong and where.
    pub(crate) fn start_corpus_search(&mut self, typed: String) -> Vec<Effect> {
        let parsed = match crate::search::parse(&typed) {
            Ok(parsed) => parsed,
            Err(e) => {
                self.warn(format!("search: {e}"));
                return Vec::new();
            }
        };
        let mut effects = self.forget_corpus_search();
        self.message = None;
        // `n` / `N` step through these hits now, not the article's search.
        self.last_search = None;
        self.search_shown = false;
        self.corpus_search = Some(CorpusSearch {
            query: typed,
            parsed,
            hits: Vec::new(),
            found: 0,
            with_hits: 0,
            last_entry: None,
            more_articles: 0,
            searched: 0,
            job: None,
            next: 0,
            row: 0,
            top: 0,
            opened: None,
        });
        effects.extend(self.search_more());
        effects
    }

    /// Starts a job on the next chunk of the list unless one runs or none
    /// is left (the corpus walk may list more later).
    pub(crate) fn search_more(&mut self) -> Vec<Effect> {
        let Some(search) = &self.corpus_search else {
            return Vec::new();
        };
        let (from, len) = (search.next, self.corpus.entries.len());
        if search.is_running() || from >= len {
            return Vec::new();
        }
        let query = search.parsed.clone();
        let to = len.min(from + CHUNK);
        let articles: Vec<ToSearch> = (from..to).map(|entry| self.to_search(entry)).collect();
        let job = Job::SearchCorpus {
            query,
            schema: Box::new(self.schema.clone()),
            articles,
            keep: MAX_HITS.saturating_sub(search.hits.len()),
        };
        let start = self.start_job(job);
        if let (Effect::Start { id, .. }, Some(search)) = (&start, &mut self.corpus_search) {
            search.job = Some(*id);
            search.next = to;
        }
        vec![start]
    }

    /// What the search job needs of list entry `entry`.
    fn to_search(&self, entry: usize) -> ToSearch {
        let e = &self.corpus.entries[entry];
        let memory = self
            .article_in_memory(entry)
            .map(|a| Box::new((a.doc.clone(), a.problems.clone())));
        ToSearch {
            entry,
            source: e.path.clone(),
            sidecar: e.sidecar.clone(),
            memory,
        }
    }

    /// Hits of search job `id`, and how many more articles it searched.
    pub(crate) fn corpus_hits(&mut self, id: JobId, batch: work::Batch) {
        let Some(search) = self.corpus_search.as_mut().filter(|s| s.owns(id)) else {
            return;
        };
        search.searched += batch.searched;
        search.found += batch.hits.len() + batch.more_hits;
        search.more_articles += batch.more_articles;
        for hit in &batch.hits {
            if search.last_entry != Some(hit.entry) {
                search.with_hits += 1;
                search.last_entry = Some(hit.entry);
            }
        }
        let room = MAX_HITS.saturating_sub(search.hits.len());
        search.hits.extend(batch.hits.into_iter().take(room));
    }

    /// Search job `id` ended: the next chunk, or once the last one has
    /// ended, an empty search says so.
    pub(crate) fn corpus_search_ended(&mut self, id: JobId) -> Vec<Effect> {
        let Some(search) = self.corpus_search.as_mut().filter(|s| s.owns(id)) else {
            return Vec::new();
        };
        search.job = None;
        let effects = self.search_more();
        let describing = self.is_describing();
        if let Some(search) = &self.corpus_search
            && !search.is_running()
            && search.found == 0
            && !describing
        {
            let text = format!(
                "not found in any article: {}",
                crate::text::escape(&search.query)
            );
            self.warn(text);
        }
        effects
    }

    /// Forgets the search and its hits, stopping its job.
    pub(crate) fn forget_corpus_search(&mut self) -> Vec<Effect> {
        match self.corpus_search.take().and_then(|s| s.job) {
            Some(id) => self.cancel_job(id),
            None => Vec::new(),
        }
    }

    /// The keys of the hits in the list pane, and `n` / `N` from anywhere
    /// while the corpus search is the last search; None for other keys.
    pub(crate) fn corpus_search_key(
        &mut self,
        action: Action,
        count: usize,
    ) -> Option<Vec<Effect>> {
        let search = self.corpus_search.as_ref()?;
        let steps = self.last_search.is_none();
        let rows = search.hits.len() as isize;
        let page = self.list_height() as isize;
        let count = count as isize;
        let in_list = self.focus == Pane::List;
        let moved = match action {
            Action::SearchNext if steps => return Some(self.step_hit(count)),
            Action::SearchPrev if steps => return Some(self.step_hit(-count)),
            _ if !in_list => return None,
            Action::Cancel => return Some(self.forget_corpus_search()),
            Action::Open => return Some(self.open_hit(search.row, true)),
            Action::Down => count,
            Action::Up => -count,
            Action::PageDown => page * count,
            Action::PageUp => -page * count,
            Action::Top => -rows,
            Action::Bottom => rows,
            _ => return None,
        };
        self.move_hit_row(moved);
        Some(Vec::new())
    }

    /// Moves the highlighted hit `by` rows, within the hits.
    pub(crate) fn move_hit_row(&mut self, by: isize) {
        let height = self.list_height();
        let Some(search) = &mut self.corpus_search else {
            return;
        };
        let last = search.hits.len().saturating_sub(1) as isize;
        search.row = (search.row as isize).saturating_add(by).clamp(0, last) as usize;
        search.top = top_showing(search.top, search.row, height);
    }

    /// `n` / `N` (`by` negative): opens the hit `by` after the one opened
    /// last (the highlighted one first), wrapping around and saying so.
    fn step_hit(&mut self, by: isize) -> Vec<Effect> {
        let Some(search) = &self.corpus_search else {
            return Vec::new();
        };
        let n = search.hits.len() as isize;
        if n == 0 {
            let text = format!("no match yet: {}", crate::text::escape(&search.query));
            self.warn(text);
            return Vec::new();
        }
        let to = match search.opened {
            Some(at) => at as isize + by,
            // Nothing opened yet: `n` opens the highlighted hit.
            None if by > 0 => search.row as isize + by - 1,
            None => search.row as isize + by,
        };
        let wrapped = !(0..n).contains(&to);
        let effects = self.open_hit(to.rem_euclid(n) as usize, false);
        if wrapped && let Some(m) = &mut self.message {
            m.text.push_str(", wrapped around");
        }
        effects
    }

    /// Opens the article of hit `index` with the cursor on its start
    /// (focus on the text if `focus_text`), saying which hit it is.
    pub(crate) fn open_hit(&mut self, index: usize, focus_text: bool) -> Vec<Effect> {
        let height = self.list_height();
        let Some(search) = &mut self.corpus_search else {
            return Vec::new();
        };
        let Some(hit) = search.hits.get(index) else {
            return Vec::new();
        };
        let (entry, at) = (hit.entry, hit.hit.start);
        let said = format!(
            "match {}/{} · line {} · {}",
            index + 1,
            search.found,
            hit.hit.line,
            crate::text::escape(&search.query)
        );
        search.row = index;
        search.opened = Some(index);
        search.top = top_showing(search.top, index, height);
        let effects = self.select(entry);
        if focus_text {
            self.focus = Pane::Text;
        }
        self.arrive_at = Some((entry, at));
        // Its matches are highlighted as the article's search does (until Esc).
        self.search_shown = true;
        if self.shown.as_ref().is_some_and(|r| r.entry == entry) && !self.is_opening() {
            self.arrive();
        }
        self.say(said);
        effects
    }

    /// Puts the cursor where a hit asked for, once its article is shown
    /// whole (called again when it comes in).
    pub(crate) fn arrive(&mut self) {
        let height = self.text_view().height as usize;
        let Some((entry, at)) = self.arrive_at else {
            return;
        };
        // Another article came in: the wish is stale.
        self.arrive_at = None;
        let Some(r) = self.shown.as_mut().filter(|r| r.entry == entry) else {
            return;
        };
        r.view.anchor = None;
        r.view.move_to(&r.article, at);
        r.view.reveal_with_context(&r.article, height);
    }

    /// A click on row `row` of the hits highlights it; on the highlighted
    /// one, or a double-click, opens it.
    pub(crate) fn hit_click(&mut self, row: usize, double: bool) -> Vec<Effect> {
        let Some(search) = &self.corpus_search else {
            return Vec::new();
        };
        let index = search.top + row;
        if index >= search.hits.len() {
            return Vec::new();
        }
        if index == search.row || double {
            return self.open_hit(index, true);
        }
        self.move_hit_row(index as isize - search.row as isize);
        Vec::new()
    }
}
