//! The split text pane (`compare`): the article as each annotator has it,
//! one above the other under the curated view (the document on screen),
//! each with its own cursor on the same text, the positions where the
//! annotators differ marked. The annotators' files are read in the
//! background and only shown: nothing of theirs is written from here.

use std::path::{Path, PathBuf};

use crate::adjudicate::{self, Strategy, Target};
use crate::annotation::SourceInfo;
use crate::article::{Access, Article};
use crate::store::Placement;
use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, Shown};
use crate::tui::article_view::ArticleView;
use crate::tui::jobs::Job;
use crate::tui::panes::Pane;

/// The annotators' views of one article.
pub struct Split {
    pub entry: usize,
    /// One per annotator, in name order.
    pub views: Vec<(String, Shown)>,
    /// Which view the motions move: 0 the curated view (the article on
    /// screen), n the n-th annotator's.
    pub focus: usize,
    /// Where the annotators' versions differ (code points).
    pub marks: Vec<(usize, usize)>,
}

/// The annotators' articles `Job::Versions` read, for list entry `entry`.
#[derive(Debug, Clone)]
pub struct Versions {
    pub entry: usize,
    pub files: Vec<(String, Article)>,
}

/// Two readings are the same when they are of the same entry and files.
impl PartialEq for Versions {
    fn eq(&self, other: &Self) -> bool {
        let files = |v: &Versions| -> Vec<(String, PathBuf)> {
            v.files
                .iter()
                .map(|(w, a)| (w.clone(), a.sidecar.clone()))
                .collect()
        };
        self.entry == other.entry && files(self) == files(other)
    }
}

impl Eq for Versions {}

/// The annotators' files of `source` (`NAME.txt.ANNOTATOR.ann.json`,
/// where `place` keeps its annotations), read-only, in name order. Runs
/// in a job.
pub fn read_versions(source: &Path, place: &Placement) -> Vec<(String, Article)> {
    crate::team::team_of(source, place)
        .annotators
        .into_iter()
        .map(|(who, path)| {
            let mut article = Article::open(source, &path, Some(&who));
            article.access = Access::ReadOnly(format!("{who}'s annotations, shown to compare"));
            (who, article)
        })
        .collect()
}

/// Where the annotators' versions of the article differ.
fn differences(views: &[(String, Shown)]) -> Vec<(usize, usize)> {
    let Some((_, first)) = views.first() else {
        return Vec::new();
    };
    let docs: Vec<_> = views
        .iter()
        .map(|(who, s)| (who.clone(), s.article.doc.clone()))
        .collect();
    let target = Target {
        source: first.article.source.clone(),
        curated: PathBuf::new(),
        info: SourceInfo::new("", String::new(), "utf-8", first.article.text.len_chars()),
    };
    let merged = adjudicate::merge(Strategy::All, &docs, None, &target);
    merged
        .disagreements
        .iter()
        .map(|d| (d.start, d.end))
        .collect()
}

impl App {
    /// `compare`: the split view opens (its files read in the background),
    /// then each press gives the motions to the next view; after the
    /// last it closes.
    pub(crate) fn compare(&mut self) -> Vec<Effect> {
        let Some(r) = &self.shown else {
            self.warn("no article is open");
            return Vec::new();
        };
        let entry = r.entry;
        if let Some(split) = self.split.as_mut().filter(|s| s.entry == entry) {
            split.focus += 1;
            if split.focus > split.views.len() {
                self.split = None;
                self.say("the annotators' views are closed");
                return Vec::new();
            }
            let who = split.views[split.focus - 1].0.clone();
            self.focus = Pane::Text;
            self.say(format!("the motions move {who}'s cursor"));
            return Vec::new();
        }
        let job = Job::Versions {
            entry,
            source: r.article.source.clone(),
            place: self.place.clone(),
        };
        vec![self.start_job(job)]
    }

    /// The annotators' files of list entry `entry` are read.
    pub(crate) fn versions_read(&mut self, entry: usize, files: Vec<(String, Article)>) {
        let Some(r) = self.shown.as_ref().filter(|r| r.entry == entry) else {
            return;
        };
        if files.is_empty() {
            self.warn(
                "this article has no annotator's file (NAME.txt.ANNOTATOR.ann.json) to compare",
            );
            return;
        }
        let (width, decor) = (r.view.layout.width(), self.decor());
        let cursor = r.view.cursor;
        let views: Vec<(String, Shown)> = files
            .into_iter()
            .map(|(who, article)| {
                let mut view = ArticleView::new(&article, width, decor);
                view.move_to(&article, cursor);
                (
                    who,
                    Shown {
                        entry,
                        article,
                        view,
                    },
                )
            })
            .collect();
        let marks = differences(&views);
        let names: Vec<&str> = views.iter().map(|(w, _)| w.as_str()).collect();
        let said = format!(
            "{} under the curated view; {} difference(s) marked ≠; {} next cursor",
            names.join(", "),
            marks.len(),
            self.key_name(Action::Compare)
        );
        self.split = Some(Split {
            entry,
            views,
            focus: 0,
            marks,
        });
        self.focus = Pane::Text;
        self.say(said);
    }

    /// Whether an annotator's view takes the motions.
    pub(crate) fn split_has_focus(&self) -> bool {
        let entry = self.shown.as_ref().map(|r| r.entry);
        self.split
            .as_ref()
            .is_some_and(|s| Some(s.entry) == entry && s.focus > 0)
    }

    /// The annotator's view that takes the motions, if one does.
    pub(crate) fn split_view_in_focus(&mut self) -> Option<&mut Shown> {
        let entry = self.shown.as_ref()?.entry;
        let split = self.split.as_mut().filter(|s| s.entry == entry)?;
        let focus = split.focus.checked_sub(1)?;
        split.views.get_mut(focus).map(|(_, s)| s)
    }

    /// The split's views laid out for the width and heights they are
    /// drawn at, each cursor on screen (after `settle`).
    pub(crate) fn settle_split(&mut self) {
        let Some(entry) = self.shown.as_ref().map(|r| r.entry) else {
            return;
        };
        let (pane, decor) = (self.panes().text, self.decor());
        let Some(split) = self.split.as_mut().filter(|s| s.entry == entry) else {
            return;
        };
        let rows = crate::tui::view::adjudicate::split_rows(pane, split.views.len() + 1);
        // Each view is a bordered pane of its own.
        let inner = |r: &ratatui::layout::Rect| crate::tui::panes::inner(*r);
        for ((_, s), rect) in split.views.iter_mut().zip(rows.iter().skip(1)) {
            let area = inner(rect);
            s.view
                .relayout(&s.article, area.width as usize, decor, false);
            s.view
                .reveal_cursor(&s.article, (area.height as usize).max(1));
        }
        if let (Some(r), Some(rect)) = (&mut self.shown, rows.first()) {
            r.view
                .reveal_cursor(&r.article, (inner(rect).height as usize).max(1));
        }
    }
}
