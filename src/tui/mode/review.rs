//! The review queue's keys (`[keys.review]`): one decision per key. The
//! session itself is `app.review` (`tui/review/`), so that it outlives the
//! pickers, span editing and reading it hands keys to.

use crossterm::event::KeyEvent;

use super::{HelpScreen, Mode};
use crate::config::KeyTable;
use crate::tui::action::Effect;
use crate::tui::app::App;

/// Keys go to the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReviewMode;

impl ReviewMode {
    pub fn handle(self, key: KeyEvent, app: &mut App) -> Vec<Effect> {
        app.mode = Mode::Review(self);
        if app.review.is_none() {
            app.mode = Mode::Normal;
            return Vec::new();
        }
        let action = app.keymap.action_in(KeyTable::Review, &key);
        // A disagreement (`gloss adjudicate`) decides by version.
        if let Some(effects) = app.adjudicate_key(action) {
            return effects;
        }
        match action {
            Some("accept") => app.review_decide(true),
            Some("reject") => app.review_decide(false),
            Some("skip") => app.review_skip(),
            Some("undo") => app.review_undo(),
            Some("retype") => app.review_fix(false),
            Some("edit-span") => app.review_fix(true),
            Some("next") => app.review_step(1),
            Some("prev") => app.review_step(-1),
            Some("open") => app.review_open(),
            Some("leave") => {
                let effects = app.close_review();
                app.say("left the review queue (decisions are saved)");
                effects
            }
            Some("help") => {
                app.mode = Mode::Help(HelpScreen { scroll: 0 });
                Vec::new()
            }
            // Over the queue, with its rate; closing it comes back here.
            Some("dashboard") => app.open_dashboard(),
            _ => {
                app.say(keys_line(app));
                Vec::new()
            }
        }
    }
}

/// The queue's keys in a line: `y accept · x reject · …`.
pub fn keys_line(app: &App) -> String {
    if crate::tui::adjudicate::on_disagreement(app) {
        return crate::tui::adjudicate::keys_line(app);
    }
    const SHOWN: [(&str, &str); 9] = [
        ("accept", "accept"),
        ("reject", "reject"),
        ("skip", "skip"),
        ("undo", "undo"),
        ("retype", "retype"),
        ("edit-span", "span"),
        ("next", "next"),
        ("open", "open"),
        ("leave", "leave"),
    ];
    let parts: Vec<String> = SHOWN
        .iter()
        .map(|(action, word)| format!("{} {word}", app.mode_key(KeyTable::Review, action)))
        .collect();
    parts.join(" · ")
}
