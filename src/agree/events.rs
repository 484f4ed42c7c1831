//! What of an annotator's events and relations another can match exactly:
//! triggers (span and event type), arguments (the event's trigger span,
//! the role, and the filler's span and type) and relations (type and both
//! ends' spans). Ids differ between annotators' files, so nothing is
//! compared by id. Suggestions are not annotations yet and are left out.

use std::collections::HashMap;

use crate::annotation::Document;

/// A span and a type: what an id stands for when files are compared.
type Anchor = (usize, usize, String);

/// A trigger: its span and the event's type.
pub type TriggerKey = Anchor;
/// An argument: its event's trigger span, role, the filler's span and type.
pub type ArgumentKey = ((usize, usize), String, Anchor);
/// A relation: its type and both ends' spans.
pub type RelationKey = (String, (usize, usize), (usize, usize));

/// One annotator's comparable events and relations of an article.
#[derive(Debug, Default, Clone)]
pub struct Structure {
    pub triggers: Vec<TriggerKey>,
    pub arguments: Vec<ArgumentKey>,
    pub relations: Vec<RelationKey>,
}

impl Structure {
    pub fn of(doc: &Document) -> Structure {
        // What each id points at: an entity or an event (by its trigger).
        let mut anchor: HashMap<&str, Anchor> = HashMap::new();
        for e in doc.entities.iter().filter(|e| e.suggested.is_none()) {
            anchor.insert(&e.id, (e.start, e.end, e.kind.clone()));
        }
        let events = doc.events.iter().filter(|e| e.suggested.is_none());
        for ev in events.clone() {
            let t = &ev.trigger;
            anchor.insert(&ev.id, (t.start, t.end, ev.kind.clone()));
        }
        let mut s = Structure::default();
        for ev in events {
            let t = &ev.trigger;
            s.triggers.push((t.start, t.end, ev.kind.clone()));
            for arg in &ev.arguments {
                if let Some(filler) = anchor.get(arg.target.as_str()) {
                    s.arguments
                        .push(((t.start, t.end), arg.role.clone(), filler.clone()));
                }
            }
        }
        for r in doc.relations.iter().filter(|r| r.suggested.is_none()) {
            let (Some(a), Some(b)) = (anchor.get(r.arg1.as_str()), anchor.get(r.arg2.as_str()))
            else {
                continue;
            };
            s.relations.push((r.kind.clone(), (a.0, a.1), (b.0, b.1)));
        }
        s
    }
}
