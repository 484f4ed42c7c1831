//! Events, their arguments and relations, built from the keyboard: a
//! trigger picker, numbered roles, and hint letters over the candidates on
//! screen (as in vimium), with Enter to tag a new filler on the spot.

use super::action::{Action, Effect};
use super::app::{App, Hint, Mode, OnChoose, OnPick};
use super::picker::{Choice, Picker};
use crate::annotation::SpanRef;
use crate::config::KeyTable;
use crate::schema::{Kind, accepts};
use crate::text::fit;
use crate::tui::mode::{HintsMode, PickerMode};

/// Hint letters, home row first.
const HINT_KEYS: &str = "asdfghjklqwertyuiopzxcvbnm";

/// `n` distinct labels, one letter each while they last, then two.
pub fn hint_labels(n: usize) -> Vec<String> {
    let keys: Vec<char> = HINT_KEYS.chars().collect();
    if n <= keys.len() {
        return keys[..n].iter().map(char::to_string).collect();
    }
    keys.iter()
        .flat_map(|a| keys.iter().map(move |b| format!("{a}{b}")))
        .take(n)
        .collect()
}

impl App {
    pub(super) fn start_event(&mut self) {
        let Some(r) = self.editable() else { return };
        let Some((start, end)) = r.view.tag_target(&r.article) else {
            self.warn(format!(
                "nothing to make a trigger of here: move onto a word, or select with {}",
                self.key_name(Action::ToggleSelect)
            ));
            return;
        };
        let title = format!(
            "Event triggered by “{}”",
            fit(r.article.text.slice(start, end), 20)
        );
        if self.schema.events.is_empty() {
            self.warn("the schema has no event types");
            return;
        }
        let choices = self
            .schema
            .events
            .iter()
            .map(super::retype::event_choice)
            .collect();
        self.mode = Mode::Pick(PickerMode {
            picker: Picker::new(title, choices),
            on_pick: OnPick::new(move |app, p| app.make_event(start, end, &p.code)),
        });
    }

    pub(super) fn make_event(&mut self, start: usize, end: usize, kind: &str) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let text = r.article.text.slice(start, end).to_owned();
        r.view.anchor = None;
        let mut id = String::new();
        let effects = self.edit(&[], |doc| id = doc.add_event(kind, start, end, &text));
        if let Some(r) = &mut self.shown {
            r.view.event = Some(id.clone());
        }
        let roles = self.schema.event_type(kind).map_or(0, |t| t.roles.len());
        self.say(format!(
            "{id} {kind} on “{text}”: {}–{} fill its roles (listed in the notes), {} ends",
            self.key_name(Action::FillRole(1)),
            self.key_name(Action::FillRole(roles.clamp(1, 9) as u8)),
            self.key_name(Action::Cancel),
        ));
        effects
    }

    /// `1`–`9`: fill role `n` of the current event, by hint letter.
    pub(super) fn start_fill(&mut self, n: usize) -> Vec<Effect> {
        let Some(r) = self.editable() else {
            return Vec::new();
        };
        let Some(event) = r.view.current_event(&r.article).map(str::to_owned) else {
            let event_key = self.key_name(Action::Event);
            self.warn(format!(
                "no event here: put the cursor on a trigger, or make one with {event_key}"
            ));
            return Vec::new();
        };
        r.view.event = Some(event.clone());
        let doc = &r.article.doc;
        let kind = doc
            .event(&event)
            .map(|e| e.kind.clone())
            .unwrap_or_default();
        let Some(ty) = self.schema.event_type(&kind) else {
            self.warn(format!("{kind} is not in the schema, so it has no roles"));
            return Vec::new();
        };
        let Some(role) = ty.roles.get(n.wrapping_sub(1)) else {
            self.warn(format!("{kind} has {} roles", ty.roles.len()));
            return Vec::new();
        };
        let (role_name, types) = (role.role.clone(), role.types.clone());
        let hints = self.candidates(|k, t, id| id != event && accepts(&types, k, t));
        let message = format!(
            "{role_name} of {event}: type a hint letter; {} uses or tags what is under the cursor ({}); {} cancels",
            self.mode_key(KeyTable::Hints, "confirm"),
            types.join("/"),
            self.mode_key(KeyTable::Hints, "cancel"),
        );
        self.mode = Mode::Hint(HintsMode {
            hints,
            typed: String::new(),
            on_choose: OnChoose::new(move |app, chosen| match chosen {
                Some(id) => app.fill(&event, &role_name, &id),
                None => app.fill_here(event, role_name),
            }),
        });
        self.say(message);
        Vec::new()
    }

    /// Annotations on the visible rows that `fits(kind, type, id)`, with
    /// hint labels in text order.
    fn candidates(&self, fits: impl Fn(Kind, &str, &str) -> bool) -> Vec<Hint> {
        let Some(r) = &self.shown else {
            return Vec::new();
        };
        let rows = r
            .view
            .visible_rows(&r.article, self.text_view().height as usize);
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Vec::new();
        };
        let (from, to) = (first.start, last.end);
        let doc = &r.article.doc;
        let found: Vec<(String, usize)> = doc
            .spans()
            .iter()
            .filter(|s| s.start < to && s.end > from)
            .filter_map(|s| {
                let (kind, id) = match s.at {
                    SpanRef::Entity(_) => (Kind::Entity, s.id),
                    SpanRef::Trigger(i) => (Kind::Event, doc.events[i].id.as_str()),
                };
                fits(kind, s.kind, id).then(|| (id.to_owned(), s.start.max(from)))
            })
            .collect();
        hint_labels(found.len())
            .into_iter()
            .zip(found)
            .map(|(label, (id, start))| Hint { label, id, start })
            .collect()
    }

    /// The innermost annotation under the cursor, as arguments refer to it.
    fn span_ref_here(&self) -> Option<String> {
        let r = self.shown.as_ref()?;
        let doc = &r.article.doc;
        let s = *doc.spans_at(r.view.cursor).first()?;
        doc.reference_for(s.at).map(str::to_owned)
    }

    /// Enter in role-filling: the annotation under the cursor if the role
    /// takes it; otherwise tag the word (or selection) as a new filler.
    fn fill_here(&mut self, event: String, role: String) -> Vec<Effect> {
        let Some(r) = &self.shown else {
            return Vec::new();
        };
        let doc = &r.article.doc;
        let kind = doc
            .event(&event)
            .map(|e| e.kind.clone())
            .unwrap_or_default();
        let Some(types) = self
            .schema
            .event_type(&kind)
            .and_then(|t| t.role(&role))
            .map(|r| r.types.clone())
        else {
            return Vec::new();
        };
        let existing = doc.spans_at(r.view.cursor).into_iter().find_map(|s| {
            let id = doc.reference_for(s.at)?;
            let k = if matches!(s.at, SpanRef::Trigger(_)) {
                Kind::Event
            } else {
                Kind::Entity
            };
            (id != event && accepts(&types, k, s.kind)).then(|| id.to_owned())
        });
        if let Some(id) = existing {
            return self.fill(&event, &role, &id);
        }
        let Some((start, end)) = r.view.tag_target(&r.article) else {
            self.warn(format!(
                "nothing to tag here: move onto a word, or select with {}, then fill the role",
                self.key_name(Action::ToggleSelect)
            ));
            return Vec::new();
        };
        let text = r.article.text.slice(start, end).to_owned();
        let choices = self.entity_choices(Some(&types));
        match choices.len() {
            0 => {
                self.warn(format!(
                    "{role} takes only events: put the cursor on a trigger"
                ));
                Vec::new()
            }
            1 => {
                let code = choices[0].code.clone();
                self.fill_new(&event, &role, (start, end), &code)
            }
            _ => {
                let title = format!("{role}: tag “{}” as", fit(&text, 20));
                self.mode = Mode::Pick(PickerMode {
                    picker: Picker::new(title, choices),
                    on_pick: OnPick::new(move |app, p| {
                        app.fill_new(&event, &role, (start, end), &p.code)
                    }),
                });
                Vec::new()
            }
        }
    }

    /// Tags `span` as `kind` and fills `role` of `event` with it.
    fn fill_new(
        &mut self,
        event: &str,
        role: &str,
        span: (usize, usize),
        kind: &str,
    ) -> Vec<Effect> {
        let (id, mut effects) = self.tag(span.0, span.1, kind);
        if let Some(id) = id {
            effects.extend(self.fill(event, role, &id));
        }
        effects
    }

    pub(super) fn fill(&mut self, event: &str, role: &str, id: &str) -> Vec<Effect> {
        let mut added = false;
        let effects = self.edit(&[event], |doc| added = doc.add_argument(event, role, id));
        let text = self
            .shown
            .as_ref()
            .and_then(|r| {
                let (s, e) = r.article.doc.span_of(id)?;
                Some(r.article.text.slice(s, e).to_owned())
            })
            .unwrap_or_default();
        if added {
            self.say(format!(
                "{event} {role} = “{}” ({id}){}",
                fit(&text, 30),
                self.undoes()
            ));
        } else if self.message.as_ref().is_none_or(|m| !m.error) {
            self.warn(format!("“{}” ({id}) already fills {role}", fit(&text, 30)));
        }
        effects
    }

    /// `r` on an annotation: hint letters over what it may be related to.
    pub(super) fn start_relation(&mut self, from: &str) -> Vec<Effect> {
        let Some(r) = &self.shown else {
            return Vec::new();
        };
        let Some((fk, ft)) = r.article.doc.kind_of(from).map(|(k, t)| (k, t.to_owned())) else {
            return Vec::new();
        };
        let schema = &self.schema;
        let hints = self.candidates(|k, t, id| {
            id != from && !schema.relations_between((fk, &ft), (k, t)).is_empty()
        });
        if hints.is_empty() && schema.relations.iter().all(|r| !accepts(&r.arg1, fk, &ft)) {
            self.warn(format!("no relation type starts from {ft}"));
            return Vec::new();
        }
        self.mode = Mode::Hint(HintsMode {
            hints,
            typed: String::new(),
            on_choose: OnChoose::new({
                let from = from.to_owned();
                move |app, chosen| match chosen.or_else(|| app.span_ref_here()) {
                    Some(to) => app.relation_to(&from, &to),
                    None => {
                        app.warn("nothing under the cursor to relate to");
                        Vec::new()
                    }
                }
            }),
        });
        self.say(format!(
            "relate {from} ({ft}) to: type a hint letter, or {} for what is under the cursor; {} cancels",
            self.mode_key(KeyTable::Hints, "confirm"),
            self.mode_key(KeyTable::Hints, "cancel"),
        ));
        Vec::new()
    }

    /// The other end is chosen: offer the relation types allowed between them.
    fn relation_to(&mut self, from: &str, to: &str) -> Vec<Effect> {
        let Some(r) = &self.shown else {
            return Vec::new();
        };
        let doc = &r.article.doc;
        let (Some((fk, ft)), Some((tk, tt))) = (doc.kind_of(from), doc.kind_of(to)) else {
            return Vec::new();
        };
        let allowed: Vec<Choice> = self
            .schema
            .relations_between((fk, ft), (tk, tt))
            .iter()
            .map(|r| Choice {
                code: r.name.clone(),
                label: String::new(),
            })
            .collect();
        if allowed.is_empty() {
            self.warn(format!("no relation type goes from {ft} to {tt}"));
            return Vec::new();
        }
        let title = format!("Relation {from} ({ft}) → {to} ({tt})");
        self.mode = Mode::Pick(PickerMode {
            picker: Picker::new(title, allowed),
            on_pick: OnPick::new({
                let (from, to) = (from.to_owned(), to.to_owned());
                move |app, p| app.relate(&from, &to, &p.code)
            }),
        });
        Vec::new()
    }

    pub(super) fn relate(&mut self, from: &str, to: &str, kind: &str) -> Vec<Effect> {
        let mut id = String::new();
        let effects = self.edit(&[], |doc| id = doc.add_relation(kind, from, to));
        self.say(format!("{id} {kind}: {from} → {to}{}", self.undoes()));
        effects
    }

    /// The arguments of the current event, as picker choices.
    fn argument_choices(&self) -> Option<(String, Vec<Choice>)> {
        let r = self.shown.as_ref()?;
        let event = r.view.current_event(&r.article)?.to_owned();
        let doc = &r.article.doc;
        let ev = doc.event(&event)?;
        let choices = ev
            .arguments
            .iter()
            .map(|a| {
                let text = doc
                    .span_of(&a.target)
                    .map(|(s, e)| r.article.text.slice(s, e).to_owned())
                    .unwrap_or_default();
                Choice {
                    code: a.role.clone(),
                    label: format!("“{}” {}", fit(&text, 20), a.target),
                }
            })
            .collect();
        Some((event, choices))
    }

    pub(super) fn start_remove_argument(&mut self) {
        self.pick_argument("Remove which argument of", |app, event, index| {
            let effects = app.edit(&[event], |doc| doc.remove_argument(event, index));
            app.say(format!("{event}: argument removed{}", app.undoes()));
            effects
        });
    }

    pub(super) fn start_change_role(&mut self) {
        self.pick_argument(
            "Change the role of which argument of",
            |app, event, index| {
                app.start_new_role(event, index);
                Vec::new()
            },
        );
    }

    /// Asks which argument of the current event `then` acts on.
    fn pick_argument(
        &mut self,
        question: &str,
        then: impl FnOnce(&mut App, &str, usize) -> Vec<Effect> + 'static,
    ) {
        if self.editable().is_none() {
            return;
        }
        match self.argument_choices() {
            None => self.warn("no event here: put the cursor on a trigger"),
            Some((_, c)) if c.is_empty() => self.warn("this event has no arguments yet"),
            Some((event, choices)) => {
                self.mode = Mode::Pick(PickerMode {
                    picker: Picker::new(format!("{question} {event}?"), choices),
                    on_pick: OnPick::new(move |app, p| then(app, &event, p.index)),
                })
            }
        }
    }

    /// Offers the roles that take argument `index`'s filler.
    pub(super) fn start_new_role(&mut self, event: &str, index: usize) {
        let Some(r) = &self.shown else { return };
        let doc = &r.article.doc;
        let Some(ev) = doc.event(event) else { return };
        let Some(arg) = ev.arguments.get(index) else {
            return;
        };
        let filler = doc.kind_of(&arg.target);
        let choices: Vec<Choice> = self
            .schema
            .event_type(&ev.kind)
            .map(|t| {
                t.roles
                    .iter()
                    .filter(|role| role.role != arg.role)
                    .filter(|role| filler.is_none_or(|(k, ty)| accepts(&role.types, k, ty)))
                    .map(|role| Choice {
                        code: role.role.clone(),
                        label: role.types.join(" "),
                    })
                    .collect()
            })
            .unwrap_or_default();
        if choices.is_empty() {
            self.warn(format!("no other role of {} takes {}", ev.kind, arg.target));
            return;
        }
        self.mode = Mode::Pick(PickerMode {
            picker: Picker::new(format!("New role for {}", arg.target), choices),
            on_pick: OnPick::new({
                let event = event.to_owned();
                move |app, p| {
                    let effects =
                        app.edit(&[&event], |doc| doc.change_role(&event, index, &p.code));
                    app.say(format!("{event}: the argument is now {}", p.code));
                    effects
                }
            }),
        });
    }

    /// `!`: the next annotation with a problem after the cursor (wrapping).
    pub(super) fn next_problem(&mut self) {
        let Some(r) = &mut self.shown else { return };
        let doc = &r.article.doc;
        let mut places: Vec<(usize, String)> = r
            .article
            .problems
            .iter()
            .map(|p| {
                let at =
                    p.id.as_deref()
                        .and_then(|id| doc.span_of(id))
                        .map_or(0, |s| s.0);
                (at, p.to_string())
            })
            .collect();
        places.sort_by_key(|p| p.0);
        let n = places.len();
        let Some((at, what)) = places
            .iter()
            .find(|p| p.0 > r.view.cursor)
            .or_else(|| places.first())
            .cloned()
        else {
            self.say("no problems in this article");
            return;
        };
        r.view.move_to(&r.article, at);
        self.warn(format!("{n} problem(s): {what}"));
    }
}

#[cfg(test)]
mod tests {
    use super::hint_labels;

    #[test]
    fn hint_labels_are_distinct_and_short() {
        assert_eq!(hint_labels(3), ["a", "s", "d"]);
        let many = hint_labels(40);
        assert_eq!(many.len(), 40);
        assert!(many.iter().all(|l| l.len() == 2));
        let mut sorted = many.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 40, "no label is repeated");
    }
}
