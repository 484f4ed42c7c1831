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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agree::spans::exact;

    fn doc(json: serde_json::Value) -> Document {
        crate::store::parse(&json.to_string()).unwrap()
    }

    fn with(args: serde_json::Value, kind: &str, rel_end: &str, suggested: bool) -> Document {
        let mut ev = serde_json::json!({"id": "E1", "type": kind,
            "trigger": {"id": "T9", "start": 4, "end": 7, "text": "won"}, "arguments": args});
        if suggested {
            ev["suggested"] = serde_json::json!({"by": "model"});
        }
        doc(serde_json::json!({"format": "gloss", "version": 1,
            "source": {"file": "a.txt", "sha256": "0", "encoding": "utf-8", "chars": 20},
            "annotator": "x", "status": "todo", "note": "",
            "entities": [
                {"id": "T1", "type": "ORG", "start": 0, "end": 3, "text": "Ace"},
                {"id": "T2", "type": "GPE", "start": 11, "end": 15, "text": "Oslo"}],
            "events": [ev],
            "relations": [{"id": "R1", "type": "In", "arg1": "T1", "arg2": rel_end}]}))
    }

    #[test]
    fn events_and_relations_are_compared_by_spans_and_types_not_ids() {
        let a = Structure::of(&with(
            serde_json::json!([{"role": "Winner", "ref": "T1"}]),
            "Win",
            "T2",
            false,
        ));
        let b = Structure::of(&with(
            serde_json::json!([{"role": "Place", "ref": "T1"}]),
            "Win",
            "E1",
            false,
        ));
        assert_eq!(exact(&a.triggers, &b.triggers).matches, 1);
        assert_eq!(a.triggers, [(4, 7, "Win".to_owned())]);
        // Same filler, other role: no match.
        assert_eq!(exact(&a.arguments, &b.arguments).matches, 0);
        assert_eq!(
            a.arguments[0],
            ((4, 7), "Winner".into(), (0, 3, "ORG".into()))
        );
        // A relation to the event ends at its trigger's span.
        assert_eq!(b.relations, [("In".to_owned(), (0, 3), (4, 7))]);
        assert_eq!(exact(&a.relations, &b.relations).matches, 0);
        // Another event type: the trigger differs.
        let c = Structure::of(&with(serde_json::json!([]), "Lose", "T2", false));
        assert_eq!(exact(&a.triggers, &c.triggers).matches, 0);
        assert_eq!(exact(&a.relations, &c.relations).matches, 1);
    }

    #[test]
    fn suggested_events_are_not_compared() {
        let s = Structure::of(&with(serde_json::json!([]), "Win", "T2", true));
        assert!(s.triggers.is_empty() && s.arguments.is_empty());
    }
}
