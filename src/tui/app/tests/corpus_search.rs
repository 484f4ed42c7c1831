//! `/` in the list pane: a search of every article whose hits stream into
//! the list pane; Enter opens an article at a hit, n / N step across
//! articles, Esc brings the article list back.

use super::*;
use crate::tui::jobs::{self, Job, JobEvent, JobId, Opener};

const ONE: &str = "Mosul falls quiet\n\nFighters left Mosul at night.\n";
const TWO: &str = "Port strike ends\n\nDockworkers returned on Monday.\n";
const THREE: &str = "Aid arrives\n\nTrucks reached Mosul and Erbil.\n";

fn corpus() -> Fixture {
    fixture_of(&[ONE, TWO, THREE], None)
}

/// Code points of the `nth` "Mosul" in `text`.
fn mosul(text: &str, nth: usize) -> usize {
    let byte = text.match_indices("Mosul").nth(nth).unwrap().0;
    text[..byte].chars().count()
}

/// The search jobs among `effects`, started as the shell would: each
/// one's events, in order.
fn job_events(effects: &[Effect]) -> Vec<(JobId, JobEvent)> {
    let opener = Opener {
        service: crate::service::Service::with_locks(None),
        annotator: None,
    };
    let mut events = Vec::new();
    for e in effects {
        if let Effect::Start { id, job } = e
            && matches!(job, Job::SearchCorpus { .. })
        {
            let work = jobs::work_for(job.clone(), &opener);
            let mut got = Vec::new();
            work(&jobs::Cancel::default(), &mut |event| {
                got.push((*id, event));
                true
            });
            got.push((*id, JobEvent::Done));
            events.extend(got);
        }
    }
    events
}

impl Fixture {
    /// Types `keys`, runs the search jobs they start to their end, and
    /// hands every event to the app.
    fn search(&mut self, keys: &str) {
        let effects = self.press(keys);
        for (id, event) in job_events(&effects) {
            let more = self.app.update(Msg::Job { id, event });
            self.run(more);
        }
    }

    /// Types `keys`, running loads and returning every other effect.
    fn press(&mut self, keys: &str) -> Vec<Effect> {
        let mut kept = Vec::new();
        for c in keys.chars() {
            let effects = self.app.update(Msg::Key(key_of(c)));
            let (loads, other): (Vec<_>, Vec<_>) = effects
                .into_iter()
                .partition(|e| matches!(e, Effect::Load(_)));
            self.run(loads);
            kept.extend(other);
        }
        kept
    }

    /// (entry, start) of each hit in the list pane.
    fn hits(&self) -> Vec<(usize, usize)> {
        let search = self.app.corpus_search.as_ref().expect("a corpus search");
        search.hits.iter().map(|h| (h.entry, h.hit.start)).collect()
    }
}

#[test]
fn slash_in_the_list_searches_every_article_and_the_hits_stream_in() {
    let mut f = corpus();
    assert_eq!(f.app.focus, Pane::List);
    let effects = f.press("/Mosul\r");
    let events = job_events(&effects);
    assert!(events.len() >= 2, "{events:?}");
    // The first batch is the first article's hits alone, sent at once.
    let (id, first) = events[0].clone();
    let JobEvent::Searched(batch) = &first else {
        panic!("{first:?}");
    };
    assert!(batch.hits.iter().all(|h| h.entry == 0), "{batch:?}");
    f.app.update(Msg::Job { id, event: first });
    assert_eq!(f.hits(), [(0, mosul(ONE, 0)), (0, mosul(ONE, 1))]);
    let search = f.app.corpus_search.as_ref().unwrap();
    assert!(search.is_running());
    assert_eq!((search.found, search.articles()), (2, 1));
    for (id, event) in events[1..].iter().cloned() {
        f.app.update(Msg::Job { id, event });
    }
    assert_eq!(
        f.hits(),
        [(0, mosul(ONE, 0)), (0, mosul(ONE, 1)), (2, mosul(THREE, 0))]
    );
    let search = f.app.corpus_search.as_ref().unwrap();
    assert!(!search.is_running());
    assert_eq!(
        (search.found, search.articles(), search.searched),
        (3, 2, 3)
    );
    let hit = &search.hits[2];
    assert_eq!((hit.hit.line, hit.hit.column), (3, 16));
}

#[test]
fn enter_opens_the_article_at_the_hit_and_t_tags_the_word_there() {
    let mut f = corpus();
    f.search("/Mosul\r");
    f.keys("jj\r");
    assert_eq!(f.app.selected, 2);
    assert_eq!(f.app.focus, Pane::Text);
    assert_eq!(f.cursor(), mosul(THREE, 0));
    assert!(
        f.message().starts_with("match 3/3 · line 3"),
        "{}",
        f.message()
    );
    f.keys("tGPE\r");
    let e = &f.doc().entities[0];
    assert_eq!((e.start, e.text.as_str()), (mosul(THREE, 0), "Mosul"));
}

#[test]
fn n_and_shift_n_step_through_the_hits_across_articles_and_wrap() {
    let mut f = corpus();
    f.search("/Mosul\r");
    f.keys("n");
    assert_eq!((f.app.selected, f.cursor()), (0, mosul(ONE, 0)));
    assert_eq!(f.app.focus, Pane::List, "n keeps the focus where it is");
    f.keys("\t");
    f.keys("n");
    assert_eq!((f.app.selected, f.cursor()), (0, mosul(ONE, 1)));
    f.keys("n");
    assert_eq!((f.app.selected, f.cursor()), (2, mosul(THREE, 0)));
    f.keys("n");
    assert_eq!((f.app.selected, f.cursor()), (0, mosul(ONE, 0)));
    assert!(f.message().ends_with("wrapped around"), "{}", f.message());
    f.keys("N");
    assert_eq!((f.app.selected, f.cursor()), (2, mosul(THREE, 0)));
    f.keys("2N");
    assert_eq!((f.app.selected, f.cursor()), (0, mosul(ONE, 0)));
}

#[test]
fn esc_forgets_the_hits_and_brings_the_article_list_back() {
    let mut f = corpus();
    let effects = f.press("/Mosul\r");
    let Some(Effect::Start { id, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    let id = *id;
    let effects = f.press("\x1b");
    assert!(f.app.corpus_search.is_none());
    assert!(
        matches!(effects.as_slice(), [Effect::Cancel(c)] if *c == id),
        "the running search stops: {effects:?}"
    );
    f.keys("j");
    assert_eq!(f.app.selected, 1, "j moves in the article list again");
}

#[test]
fn a_bad_regular_expression_says_where_it_is_wrong() {
    let mut f = corpus();
    let effects = f.press("/re:Mo(sul\r");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(f.app.corpus_search.is_none());
    let m = f.app.message.clone().unwrap();
    assert!(m.error, "{m:?}");
    assert!(
        m.text.contains("not a valid regular expression"),
        "{}",
        m.text
    );
    assert!(m.text.contains("column"), "{}", m.text);
}

#[test]
fn the_prompt_says_that_it_searches_every_article() {
    let mut f = corpus();
    f.keys("/Mo");
    let area = ratatui::layout::Rect::new(0, 0, 100, 30);
    let layout = crate::tui::view::status::layout(&f.app, area);
    assert!(
        layout.rows[0].starts_with("search every article: /Mo"),
        "{:?}",
        layout.rows
    );
    f.keys("\x1b\r/Mo");
    let layout = crate::tui::view::status::layout(&f.app, area);
    assert!(
        layout.rows[0].starts_with("/Mo"),
        "in the text: {:?}",
        layout.rows
    );
}

#[test]
fn a_search_in_the_text_takes_n_back_from_the_corpus_search() {
    let mut f = corpus();
    f.search("/Mosul\r");
    f.keys("\r");
    assert_eq!(f.cursor(), mosul(ONE, 0));
    f.keys("/e\r");
    let first_e = ONE
        .chars()
        .skip(mosul(ONE, 0))
        .position(|c| c == 'e')
        .unwrap()
        + mosul(ONE, 0);
    assert_eq!(f.cursor(), first_e);
    f.keys("n");
    assert_eq!(f.app.selected, 0, "n goes on in the article");
    assert!(f.cursor() > first_e);
}

#[test]
fn an_annotation_query_reads_an_article_s_annotations_in_memory() {
    let mut f = corpus();
    // Tagged, and the save never reaches the disk: only memory has it.
    f.keys("\rtGPE\r");
    assert!(!f.dir.path().join("1.txt.ann.json").exists());
    f.keys("\t\t");
    assert_eq!(f.app.focus, Pane::List);
    f.search("/@GPE\r");
    assert_eq!(f.hits(), [(0, 0)]);
    assert_eq!(
        f.app.corpus_search.as_ref().unwrap().hits[0]
            .hit
            .id
            .as_deref(),
        Some("T1")
    );
}

#[test]
fn nothing_found_says_so() {
    let mut f = corpus();
    f.search("/Kyiv\r");
    assert!(f.hits().is_empty());
    assert!(
        f.message().contains("not found in any article: Kyiv"),
        "{}",
        f.message()
    );
}

#[test]
fn articles_the_walk_finds_meanwhile_are_searched_too() {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in [ONE, TWO, THREE].iter().enumerate() {
        std::fs::write(dir.path().join(format!("{}.txt", i + 1)), text).unwrap();
    }
    let place = crate::store::Placement::default();
    let mut corpus = corpus::discover_first(&[dir.path().to_path_buf()], &place, 1).unwrap();
    let mut rest = corpus.rest.clone().unwrap();
    corpus.describe_all();
    let (app, effects) = App::new(corpus, Schema::builtin(), false, Size::new(100, 30));
    let walk = effects.iter().find_map(|e| match e {
        Effect::Start {
            id,
            job: Job::Corpus { .. },
        } => Some(*id),
        _ => None,
    });
    let mut f = Fixture { dir, app };
    f.run(effects);
    f.search("/Mosul\r");
    assert_eq!(f.hits().len(), 2, "the first article only, so far");
    let found = rest.next_batch(10).unwrap();
    assert_eq!(found.len(), 2);
    let more = f.app.update(Msg::Job {
        id: walk.expect("a walk job"),
        event: JobEvent::Found(found),
    });
    for (id, event) in job_events(&more) {
        f.app.update(Msg::Job { id, event });
    }
    assert_eq!(f.hits().last(), Some(&(2, mosul(THREE, 0))));
    assert_eq!(f.app.corpus_search.as_ref().unwrap().searched, 3);
}

/// A mouse event at `cell`, now.
fn mouse(f: &mut Fixture, kind: crossterm::event::MouseEventKind, (column, row): (u16, u16)) {
    let event = crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let effects = f.app.update(Msg::Mouse {
        event,
        at: std::time::Instant::now(),
    });
    f.run(effects);
}

#[test]
fn a_click_on_a_hit_highlights_it_and_a_second_one_opens_it() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let mut f = corpus();
    f.search("/Mosul\r");
    let list = crate::tui::panes::inner(f.app.panes().list.unwrap());
    let third = (list.x + 2, list.y + 2);
    mouse(&mut f, MouseEventKind::Down(MouseButton::Left), third);
    assert_eq!(f.app.corpus_search.as_ref().unwrap().row, 2);
    assert_eq!(f.app.focus, Pane::List);
    mouse(&mut f, MouseEventKind::Down(MouseButton::Left), third);
    assert_eq!((f.app.selected, f.app.focus), (2, Pane::Text));
    assert_eq!(f.cursor(), mosul(THREE, 0));
}

#[test]
fn the_wheel_over_the_hits_moves_their_highlight() {
    use crossterm::event::MouseEventKind;
    let mut f = corpus();
    f.search("/Mosul\r");
    let list = crate::tui::panes::inner(f.app.panes().list.unwrap());
    mouse(&mut f, MouseEventKind::ScrollDown, (list.x, list.y));
    assert_eq!(f.app.corpus_search.as_ref().unwrap().row, 2, "to the last");
    mouse(&mut f, MouseEventKind::ScrollUp, (list.x, list.y));
    assert_eq!(f.app.corpus_search.as_ref().unwrap().row, 0);
    assert_eq!(f.app.list_top, 0, "the article list stays where it was");
}

#[test]
fn past_the_hits_kept_the_job_only_counts() {
    let f = corpus();
    let articles: Vec<_> = f
        .app
        .corpus
        .entries
        .iter()
        .enumerate()
        .map(|(entry, e)| crate::tui::corpus_search::ToSearch {
            entry,
            source: e.path.clone(),
            sidecar: e.sidecar.clone(),
            memory: None,
        })
        .collect();
    let query = crate::search::parse("Mosul").unwrap();
    let mut batches = Vec::new();
    crate::tui::corpus_search::work::search_articles(
        &query,
        &Schema::builtin(),
        (&articles, 1),
        &|| false,
        &mut |batch| {
            batches.push(batch);
            true
        },
    );
    let kept: Vec<_> = batches
        .iter()
        .flat_map(|b| &b.hits)
        .map(|h| (h.entry, h.hit.start))
        .collect();
    assert_eq!(kept, [(0, mosul(ONE, 0))]);
    let more: (usize, usize) = batches
        .iter()
        .fold((0, 0), |(h, a), b| (h + b.more_hits, a + b.more_articles));
    assert_eq!(
        more,
        (2, 1),
        "one more in the first article, one in the third"
    );
    assert_eq!(batches.iter().map(|b| b.searched).sum::<usize>(), 3);
}

#[test]
fn a_long_list_is_searched_one_chunk_after_another() {
    use crate::tui::corpus_search::CHUNK;
    let texts: Vec<&str> = std::iter::repeat_n(THREE, CHUNK + 1).collect();
    let mut f = fixture_of(&texts, None);
    let effects = f.press("/Erbil\r");
    let chunk = |effects: &[Effect]| match effects {
        [
            Effect::Start {
                job: Job::SearchCorpus { articles, .. },
                ..
            },
        ] => articles.iter().map(|a| a.entry).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        chunk(&effects),
        (0..CHUNK).collect::<Vec<_>>(),
        "Enter copies one chunk"
    );
    let mut next = Vec::new();
    for (id, event) in job_events(&effects) {
        next.extend(f.app.update(Msg::Job { id, event }));
    }
    assert_eq!(
        chunk(&next),
        [CHUNK],
        "the next chunk once the first is done"
    );
    for (id, event) in job_events(&next) {
        assert!(f.app.update(Msg::Job { id, event }).is_empty());
    }
    let search = f.app.corpus_search.as_ref().unwrap();
    assert_eq!((search.found, search.searched), (CHUNK + 1, CHUNK + 1));
    assert!(!search.is_running());
}

#[test]
fn suggestions_and_problems_are_found_in_the_annotation_files() {
    let mut f = corpus();
    let (sha, chars) = (crate::hash::sha256_hex(TWO.as_bytes()), TWO.chars().count());
    let start = TWO.find("Monday").unwrap();
    let json = format!(
        r#"{{"format": "gloss", "version": 1, "source": {{"file": "2.txt", "sha256": "{sha}", "encoding": "utf-8", "chars": {chars}}}, "annotator": null, "status": "in_progress", "note": "", "entities": [{{"id": "T1", "type": "DATE", "start": {start}, "end": {}, "text": "Monday", "suggested": true}}, {{"id": "T2", "type": "NOPE", "start": 0, "end": 4, "text": "Port"}}], "events": [], "relations": []}}"#,
        start + 6
    );
    std::fs::write(f.dir.path().join("2.txt.ann.json"), json).unwrap();
    f.search("/@?\r");
    assert_eq!(f.hits(), [(1, start)]);
    f.search("/@!\r");
    let ids: Vec<_> = f
        .app
        .corpus_search
        .as_ref()
        .unwrap()
        .hits
        .iter()
        .map(|h| h.hit.id.clone())
        .collect();
    assert!(
        ids.contains(&Some("T2".to_owned())),
        "the type not in the schema: {ids:?}"
    );
}
