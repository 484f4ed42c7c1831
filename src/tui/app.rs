//! The application state and `update`: messages in, effects out, no I/O.
//! Annotation edits live in `edit.rs`; this file is navigation and modes.

use std::collections::HashMap;

use crossterm::event::KeyEvent;
use ratatui::layout::{Rect, Size};

use super::action::{Effect, Loaded};
use super::article_view::{ArticleView, Decor};
use super::jobs::{Job, JobEvent, JobId, JobTable, Running};
use super::keymap::Keymap;
use super::msg::Msg;
use super::panes::{self, Pane, Panes};
use super::view::theme::Theme;
use crate::config::KeyTable;
use crate::corpus::Corpus;
use crate::schema::Schema;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    Article,
    Annotation(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub use super::mode::{
    HelpScreen, Hint, HintsMode, Mode, NoteEditor, OnChoose, OnPick, Picked, PickerMode,
    SearchPrompt,
};

/// The article on screen: the document (text, annotations, history,
/// problems) and the view of it (cursor, selection, scroll, layout).
#[derive(Debug, Clone)]
pub struct Shown {
    /// Its place in the article list.
    pub entry: usize,
    pub article: crate::article::Article,
    pub view: ArticleView,
}

pub struct App {
    pub corpus: Corpus,
    pub schema: Schema,
    pub selected: usize,
    pub list_top: usize,
    pub focus: Pane,
    /// The article on screen and how it is shown.
    pub shown: Option<Shown>,
    /// Articles with undo history, kept while another one is shown.
    pub(super) kept: HashMap<usize, Shown>,
    pub mode: Mode,
    pub message: Option<Message>,
    pub show_codes: bool,
    pub no_color: bool,
    pub size: Size,
    pub(super) last_search: Option<(String, bool)>,
    /// Whether the last search's matches are highlighted (until Esc).
    pub search_shown: bool,
    /// What the last search said, which the next motion clears.
    pub(super) search_said: Option<String>,
    /// How many entries have their title and counts (all, once done).
    pub described: usize,
    /// What each key does: the defaults with the user's config over them.
    pub keymap: Keymap,
    /// The styles every view draws with.
    pub theme: Theme,
    /// How far the notes pane is scrolled (kept for the notes pane's keys).
    pub notes_scroll: usize,
    /// Background jobs whose results are still wanted.
    pub(super) jobs: JobTable,
    /// The last click and the drag under way (see `mouse.rs`).
    pub(super) pointer: super::mouse::Pointer,
    /// The article on screen while it is only its first blocks.
    opening: Option<Opening>,
    /// A count typed before a motion (`3w`), while it is being typed.
    pub(crate) count: Option<usize>,
    /// The review session, while one is open (`review/`).
    pub review: Option<super::review::Session>,
    /// The time the shell last sent (`Msg::Tick`).
    pub now: Option<std::time::Instant>,
    /// Who marks what the review queue accepts as reviewed.
    pub reviewer: Option<String>,
    /// The cursor and scroll before `top` in the text, for `g*`.
    pub(crate) before_top: Option<(usize, usize)>,
    /// `*` at work over the corpus (see `propagate.rs`).
    pub(super) propagation: Option<super::propagate::Propagation>,
    /// The list shows only articles of this status (`list_filter.rs`).
    pub list_filter: Option<crate::annotation::Status>,
    /// The search of the whole corpus whose hits the list pane shows.
    pub corpus_search: Option<super::corpus_search::CorpusSearch>,
    /// Where the cursor goes once this list entry's article is in (a hit
    /// opened from the corpus search).
    pub(crate) arrive_at: Option<(usize, usize)>,
    /// The annotators' views under the curated one (`compare`).
    pub split: Option<super::adjudicate::split::Split>,
    /// Where annotation files go, for the dashboard to find the team's.
    pub place: crate::store::Placement,
}

impl App {
    /// The app and the effects that start it (loading the first article).
    pub fn new(corpus: Corpus, schema: Schema, no_color: bool, size: Size) -> (Self, Vec<Effect>) {
        let app = Self {
            corpus,
            schema,
            selected: 0,
            list_top: 0,
            focus: Pane::List,
            shown: None,
            kept: HashMap::new(),
            mode: Mode::Normal,
            message: None,
            show_codes: false,
            no_color,
            size,
            last_search: None,
            search_shown: false,
            search_said: None,
            described: 0,
            keymap: Keymap::default(),
            theme: Theme::new(&crate::config::Config::defaults().theme, no_color),
            notes_scroll: 0,
            jobs: JobTable::default(),
            pointer: Default::default(),
            opening: None,
            count: None,
            review: None,
            split: None,
            now: None,
            reviewer: None,
            before_top: None,
            propagation: None,
            list_filter: None,
            corpus_search: None,
            arrive_at: None,
            place: crate::store::Placement::default(),
        };
        // Entries described before the app started (tests, small corpora).
        let mut app = app;
        app.described = app
            .corpus
            .entries
            .iter()
            .take_while(|e| e.summary != crate::corpus::Summary::Pending)
            .count();
        let mut effects = vec![Effect::Load(0)];
        let from = app.described;
        let entries = app.corpus.entries[from..].to_vec();
        // Titles and counts of the rest (and the rest of a corpus only
        // begun), so the first frame need not wait for thousands of files.
        if let Some(rest) = app.corpus.rest.take() {
            effects.push(app.jobs.start(Job::Corpus {
                from,
                entries,
                rest,
            }));
        } else if !entries.is_empty() {
            effects.push(app.jobs.start(Job::Describe { from, entries }));
        }
        (app, effects)
    }

    /// The only way in: what happened, and what the shell should do about it.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => {
                let alt_bound = self.alt_bound(&key);
                let keys = super::input::esc_then_key(key, alt_bound);
                return keys.into_iter().flat_map(|k| self.key(k)).collect();
            }
            Msg::Mouse { event, at } => return self.mouse(event, at),
            Msg::Action(action) => {
                let effects = self.act(action);
                self.settle();
                return effects;
            }
            Msg::Resize { width, height } => self.resize(width, height),
            Msg::Loaded { entry, article } => self.loaded(entry, article, true),
            Msg::Preview { entry, article } => return self.previewed(entry, article),
            Msg::Job { id, event } => return self.job_event(id, event),
            // A message may take a status row from the text: settle after.
            Msg::FileChanged { path, message } => {
                self.file_changed(&path, message);
                self.settle();
            }
            Msg::SaveFailed(message) => {
                self.warn(message);
                self.settle();
            }
            Msg::SavesWritten => {
                self.check_if_needed();
            }
            Msg::Notice(text) => {
                self.say(text);
                self.settle();
            }
            Msg::Tick(at) => self.now = Some(at),
        }
        Vec::new()
    }

    /// A background job's event; those of jobs no longer wanted are dropped.
    fn job_event(&mut self, id: JobId, event: JobEvent) -> Vec<Effect> {
        let Some(ended) = self.jobs.take_in(id, &event) else {
            return Vec::new();
        };
        match event {
            JobEvent::Described(batch) => self.described(batch),
            // After the last entry: indexes and the selection stay as
            // they are; a corpus search searches them too, and a queue item
            // waiting for its article shows.
            JobEvent::Found(batch) => {
                self.corpus.entries.extend(batch);
                let mut effects = self.search_more();
                effects.extend(self.show_item_listed());
                return effects;
            }
            JobEvent::Searched(batch) => self.corpus_hits(id, batch),
            JobEvent::Done | JobEvent::Failed(_) if ended.what == "search" => {
                return self.corpus_search_ended(id);
            }
            // Without titles the list shows file names and no counts.
            JobEvent::Done | JobEvent::Failed(_) if ended.what == "describe" => {
                self.described = self.corpus.entries.len();
            }
            JobEvent::Opened(opened) => return self.opened(id, opened),
            JobEvent::Queued(items) => return self.review_found(items),
            JobEvent::Versions(read) => self.versions_read(read.entry, read.files),
            JobEvent::Done | JobEvent::Failed(_) if ended.what == "review" => self.review_built(),
            JobEvent::Proposed(entry, outcome) => self.proposed(entry, outcome),
            JobEvent::Tallied(figures) => self.dashboard_tallied(id, figures),
            JobEvent::Done if ended.what == "tally" => self.dashboard_job_ended(id, None),
            JobEvent::Failed(why) if ended.what == "tally" => {
                self.dashboard_job_ended(id, Some(why))
            }
            JobEvent::Done | JobEvent::Failed(_) if ended.what == "propagate" => {
                return self.propagation_done(id, &event);
            }
            JobEvent::Failed(why) if ended.what == "open" => {
                self.warn(format!("could not open the article: {why}"));
                return self.replay_keys(id);
            }
            _ => {}
        }
        Vec::new()
    }

    /// The article of list entry `index` when it is in memory: shown, or
    /// kept with its undo history.
    pub(crate) fn article_in_memory(&self, index: usize) -> Option<&crate::article::Article> {
        let shown = self.shown.as_ref().filter(|s| s.entry == index);
        shown.or_else(|| self.kept.get(&index)).map(|s| &s.article)
    }

    /// Starts a background job (its events come back as `Msg::Job`).
    pub(crate) fn start_job(&mut self, job: Job) -> Effect {
        self.jobs.start(job)
    }

    /// True while the article on screen is only its first blocks.
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// True while titles and counts are still being read.
    pub fn is_describing(&self) -> bool {
        self.jobs.running().any(|(_, r)| r.what == "describe")
    }

    /// The background jobs still running, with how far along they are.
    pub fn jobs(&self) -> impl Iterator<Item = (JobId, &Running)> {
        self.jobs.running()
    }

    /// Stops a background job; what it still sends is dropped.
    pub fn cancel_job(&mut self, id: JobId) -> Vec<Effect> {
        self.jobs.forget(id);
        vec![Effect::Cancel(id)]
    }

    /// The article on screen, if any.
    pub fn article(&self) -> Option<&crate::article::Article> {
        self.shown.as_ref().map(|s| &s.article)
    }

    /// How the article on screen is shown, if there is one.
    pub fn view(&self) -> Option<&ArticleView> {
        self.shown.as_ref().map(|s| &s.view)
    }

    /// The open picker, if a picker is the mode.
    pub fn picker(&self) -> Option<&super::picker::Picker> {
        match &self.mode {
            Mode::Pick(PickerMode { picker, .. }) => Some(picker),
            _ => None,
        }
    }

    /// The hints offered, if hints are the mode.
    pub fn hints(&self) -> Option<&[Hint]> {
        match &self.mode {
            Mode::Hint(HintsMode { hints, .. }) => Some(hints),
            _ => None,
        }
    }

    /// Where each pane goes; the status line takes the rows its message
    /// needs.
    pub fn panes(&self) -> Panes {
        let area = Rect::new(0, 0, self.size.width, self.size.height);
        let status = super::view::status::layout(self, area);
        self.panes_in(area, status.rows())
    }

    /// Where each pane goes in `area` with a status line of `rows`; the
    /// list is wider while it shows a corpus search's hits and has the focus.
    pub fn panes_in(&self, area: Rect, rows: panes::StatusRows) -> Panes {
        let split = panes::split_around(area, self.focus, rows);
        if self.corpus_search.is_some() && self.focus == Pane::List {
            return panes::widen_list(split);
        }
        split
    }

    pub fn text_view(&self) -> Rect {
        panes::inner(self.panes().text)
    }

    pub fn decor(&self) -> Decor {
        if self.no_color {
            Decor::Brackets
        } else if self.show_codes {
            Decor::Codes
        } else {
            Decor::Plain
        }
    }

    /// Takes the user's keys and colours (the defaults until this is called).
    pub fn configure(&mut self, config: &crate::config::Config) {
        self.keymap = Keymap::new(config);
        self.theme = Theme::new(&config.theme, self.no_color);
    }

    /// How messages name the key of a reading action: as the config spells
    /// the key in force (`ctrl-t`, `enter`).
    pub fn key_name(&self, action: super::action::Action) -> String {
        self.keymap.key(action)
    }

    /// How messages name the key of `action` in a mode's table.
    pub fn mode_key(&self, table: KeyTable, action: &str) -> String {
        self.keymap.label(table, action)
    }

    /// "; u undoes", with the undo key in force.
    pub(crate) fn undoes(&self) -> String {
        format!("; {} undoes", self.key_name(super::action::Action::Undo))
    }

    /// The keys for building an event, as the status line tells them.
    fn event_keys(&self) -> String {
        use super::action::Action;
        format!(
            "{}–{} fill a role, {} removes an argument, {} changes a role, {} ends",
            self.key_name(Action::FillRole(1)),
            self.key_name(Action::FillRole(9)),
            self.key_name(Action::RemoveArgument),
            self.key_name(Action::ChangeRole),
            self.key_name(Action::Cancel),
        )
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Whether the mode in force binds `key` as it is: its own table, or
    /// while reading the focused pane's table, `[keys]` and (notes focused)
    /// `[keys.notes]`.
    fn alt_bound(&self, key: &KeyEvent) -> bool {
        match self.mode.key_table() {
            Some(table) => self.keymap.action_in(table, key).is_some(),
            None => {
                self.keymap.lookup(self.reading_table(), key).is_some()
                    || (self.focus == Pane::Notes
                        && self.keymap.action_in(KeyTable::Notes, key).is_some())
            }
        }
    }

    /// A key press: through the keymap in normal mode, as text elsewhere.
    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if let Some(opening) = &mut self.opening {
            if opening.keys.len() < KEYS_WAITING {
                opening.keys.push(key);
            }
            return Vec::new();
        }
        // The focused notes pane scrolls with `[keys.notes]`; other keys
        // still do what they do everywhere.
        if matches!(self.mode, Mode::Normal) && self.focus == Pane::Notes && self.notes_key(&key) {
            self.settle();
            return Vec::new();
        }
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        let mut effects = mode.handle(key, self);
        effects.extend(self.resume_review());
        self.settle();
        effects
    }

    pub(crate) fn list_height(&self) -> usize {
        self.panes()
            .list
            .map_or(1, |l| panes::inner(l).height.max(1) as usize)
    }

    /// Shows article `index` (clamped), loading it if it is not in memory.
    pub(crate) fn select(&mut self, index: usize) -> Vec<Effect> {
        let index = index.min(self.corpus.entries.len().saturating_sub(1));
        self.selected = index;
        if self.shown.as_ref().is_some_and(|r| r.entry == index) {
            return Vec::new();
        }
        // Another article: the one being opened is not wanted any more.
        let mut effects = Vec::new();
        if let Some(opening) = self.opening.take() {
            self.shown = None;
            effects = self.cancel_job(opening.job);
        }
        // Keep what has undo history; a read-only article is read afresh.
        if let Some(old) = self.shown.take()
            && old.article.history.can_undo()
            && old.article.is_editable()
        {
            self.kept.insert(old.entry, old);
        }
        self.message = None;
        match self.kept.remove(&index) {
            Some(r) => self.shown = Some(r),
            None => effects.push(Effect::Load(index)),
        }
        effects
    }

    /// The shell's answer to `Effect::Load`. Its problems are found now, or
    /// (`check_now` false) by the shell once no save is pending.
    fn loaded(&mut self, entry: usize, article: Loaded, check_now: bool) {
        if entry != self.selected || self.shown.as_ref().is_some_and(|r| r.entry == entry) {
            return;
        }
        let width = self.text_view().width as usize;
        if let crate::article::Access::ReadOnly(why) = &article.access {
            self.warn(format!("read-only: {why}"));
        } else if let Some(n) = &article.notice {
            self.say(n.clone());
        }
        let mut article = *article;
        if check_now {
            article.check(&self.schema);
        } else {
            article.annotations_changed();
        }
        let view = ArticleView::new(&article, width, self.decor());
        self.shown = Some(Shown {
            entry,
            article,
            view,
        });
        self.arrive();
        self.review_item_loaded();
        self.settle();
    }

    /// The shell found that an article's annotation file changed on disk
    /// under gloss: that article stops taking edits until it is reopened.
    fn file_changed(&mut self, sidecar: &std::path::Path, message: String) {
        self.kept.retain(|_, r| r.article.sidecar != sidecar);
        for r in self
            .shown
            .iter_mut()
            .filter(|r| r.article.sidecar == sidecar)
        {
            r.article.access = crate::article::Access::ReadOnly(
                "its annotation file changed on disk; reopen it to see the new version".into(),
            );
        }
        self.warn(message);
    }

    /// Titles and counts read in the background.
    fn described(&mut self, batch: Vec<(usize, crate::corpus::Description)>) {
        for (i, d) in batch {
            if let Some(e) = self.corpus.entries.get_mut(i) {
                e.describe(d);
                self.described = self.described.max(i + 1);
            }
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = Size::new(width, height);
        self.settle();
    }

    /// Keeps derived view state in step after any change: the wrap index
    /// for the current width, the cursor on screen, the list scrolled.
    pub fn settle(&mut self) {
        // First, as a message may take a second status row from the text.
        if let (Some(r), Mode::Normal) = (&self.shown, &self.mode)
            && r.view.event.is_some()
            && self.message.is_none()
        {
            let keys = self.event_keys();
            self.say(format!("building an event: {keys}"));
        }
        let view = self.text_view();
        let decor = self.decor();
        if let Some(r) = &mut self.shown {
            r.view
                .relayout(&r.article, view.width as usize, decor, false);
            r.view.reveal_cursor(&r.article, view.height as usize);
        }
        self.settle_split();
        self.settle_pointer();
        let h = self.list_height();
        let row = self.selected_row();
        // Unless the wheel moved the list (the selection did not change since).
        if self.pointer.list_scrolled_at.is_none() {
            self.list_top = panes::top_showing(self.list_top, row, h);
        }
    }
}

mod opening;
#[cfg(test)]
mod tests;

use opening::{KEYS_WAITING, Opening};
