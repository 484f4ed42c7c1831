//! What an edit did, in words, for `undone: …` and `redone: …`: the
//! annotations in an edit's scope before and after it, compared.

use super::DocChange;
use crate::annotation::{Document, Entity, Event, Relation};

/// The scoped annotations of one side of an edit.
pub(super) struct Side<'a> {
    pub entities: &'a [Entity],
    pub events: &'a [Event],
    pub relations: &'a [Relation],
    pub status: Option<&'a str>,
    pub note: Option<&'a str>,
}

fn quoted(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    let more = if short.len() < text.len() { "…" } else { "" };
    format!("“{short}{more}”")
}

fn entity(e: &Entity) -> String {
    format!("{} {}", e.kind, quoted(&e.text))
}

fn event(e: &Event) -> String {
    format!("event {} {}", e.kind, quoted(&e.trigger.text))
}

/// The edit from `before` to `after`, most telling part first, e.g.
/// `tag PER “Ahmed”`, `retype “Mosul” GPE → LOC`, `status done`.
pub(super) fn describe(before: &Side, after: &Side) -> String {
    let mut said: Vec<String> = Vec::new();
    events(before, after, &mut said);
    relations(before, after, &mut said);
    entities(before, after, &mut said);
    if before.note != after.note {
        said.push("article note".into());
    }
    if before.status != after.status && said.is_empty() {
        said.push(format!("status {}", after.status.unwrap_or("?")));
    }
    match said.len() {
        0 => "an edit".into(),
        1 => said.remove(0),
        n => format!("{} (and {} more)", said[0], n - 1),
    }
}

fn events(before: &Side, after: &Side, said: &mut Vec<String>) {
    for e in after.events {
        match before.events.iter().find(|b| b.id == e.id) {
            None => said.push(event(e)),
            Some(b) if b.kind != e.kind => said.push(format!(
                "retype {} {} → {}",
                quoted(&e.trigger.text),
                b.kind,
                e.kind
            )),
            Some(b) if b.arguments != e.arguments => {
                said.push(format!("arguments of {}", event(e)))
            }
            Some(b) if b.trigger != e.trigger => said.push(format!("span of {}", event(e))),
            Some(b) if b != e => said.push(format!("edit {}", event(e))),
            Some(_) => {}
        }
    }
    for b in before
        .events
        .iter()
        .filter(|b| !after.events.iter().any(|e| e.id == b.id))
    {
        said.push(format!("delete {}", event(b)));
    }
}

fn relations(before: &Side, after: &Side, said: &mut Vec<String>) {
    for r in after.relations {
        match before.relations.iter().find(|b| b.id == r.id) {
            None => said.push(format!("relation {} {} → {}", r.kind, r.arg1, r.arg2)),
            Some(b) if b != r => said.push(format!("edit relation {} {}", r.id, r.kind)),
            Some(_) => {}
        }
    }
    for b in before
        .relations
        .iter()
        .filter(|b| !after.relations.iter().any(|r| r.id == b.id))
    {
        said.push(format!(
            "delete relation {} {} → {}",
            b.kind, b.arg1, b.arg2
        ));
    }
}

fn entities(before: &Side, after: &Side, said: &mut Vec<String>) {
    for e in after.entities {
        match before.entities.iter().find(|b| b.id == e.id) {
            None => said.push(format!("tag {}", entity(e))),
            Some(b) if b.kind != e.kind => said.push(format!(
                "retype {} {} → {}",
                quoted(&e.text),
                b.kind,
                e.kind
            )),
            Some(b) if b.suggested.is_some() && e.suggested.is_none() => {
                said.push(format!("accept {}", entity(e)))
            }
            Some(b) if (b.start, b.end) != (e.start, e.end) => {
                said.push(format!("span of {} (was {})", entity(e), quoted(&b.text)))
            }
            Some(b) if b.note != e.note => said.push(format!("note on {}", entity(e))),
            Some(b) if b != e => said.push(format!("edit {}", entity(e))),
            Some(_) => {}
        }
    }
    for b in before
        .entities
        .iter()
        .filter(|b| !after.entities.iter().any(|e| e.id == b.id))
    {
        let verb = if b.suggested.is_some() {
            "reject"
        } else {
            "delete"
        };
        said.push(format!("{verb} {}", entity(b)));
    }
}

impl DocChange {
    /// What the recorded edit did: `self` is what the document held before
    /// the edit (an undo's step, `undone`) or after it (a redo's step), and
    /// `doc` the other side.
    pub fn describe_against(&self, doc: &Document, self_is_before: bool) -> String {
        let now = self.same_scope_in(doc);
        let recorded = Side {
            entities: &self.entities,
            events: &self.events,
            relations: &self.relations,
            status: self.head.as_ref().map(|h| h.status.label()),
            note: self.head.as_ref().map(|h| h.note.as_str()),
        };
        // Only a recorded head says the document's own fields changed.
        let current = Side {
            entities: &now.entities,
            events: &now.events,
            relations: &now.relations,
            status: self.head.as_ref().map(|_| doc.status.label()),
            note: self.head.as_ref().map(|_| doc.note.as_str()),
        };
        if self_is_before {
            describe(&recorded, &current)
        } else {
            describe(&current, &recorded)
        }
    }
}
