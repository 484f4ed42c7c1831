//! Events, their arguments and relations: adding and changing them, and
//! finding what refers to what (the span-level edits are in `annotation`).

use super::*;

impl Document {
    /// Creates an event with its trigger span; returns the event's id.
    pub fn add_event(&mut self, kind: &str, start: usize, end: usize, text: &str) -> String {
        let trigger = self.next_id('T');
        let id = self.next_id('E');
        self.events.push(Event {
            id: id.clone(),
            kind: kind.to_owned(),
            trigger: Trigger {
                id: trigger,
                start,
                end,
                text: text.to_owned(),
                extra: Map::new(),
            },
            arguments: Vec::new(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        });
        self.normalize();
        id
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Adds `target` as a filler of `role`; false if it already fills it.
    pub fn add_argument(&mut self, event: &str, role: &str, target: &str) -> bool {
        let Some(ev) = self.events.iter_mut().find(|e| e.id == event) else {
            return false;
        };
        if ev
            .arguments
            .iter()
            .any(|a| a.role == role && a.target == target)
        {
            return false;
        }
        ev.arguments.push(Argument {
            role: role.to_owned(),
            target: target.to_owned(),
            extra: Map::new(),
        });
        true
    }

    /// Removes argument `index` of an event.
    pub fn remove_argument(&mut self, event: &str, index: usize) {
        if let Some(ev) = self.events.iter_mut().find(|e| e.id == event)
            && index < ev.arguments.len()
        {
            ev.arguments.remove(index);
        }
    }

    /// Gives argument `index` of an event another role.
    pub fn change_role(&mut self, event: &str, index: usize, role: &str) {
        if let Some(arg) = self
            .events
            .iter_mut()
            .find(|e| e.id == event)
            .and_then(|e| e.arguments.get_mut(index))
        {
            arg.role = role.to_owned();
        }
    }

    /// Adds a relation and returns its id.
    pub fn add_relation(&mut self, kind: &str, arg1: &str, arg2: &str) -> String {
        let id = self.next_id('R');
        self.relations.push(Relation {
            id: id.clone(),
            kind: kind.to_owned(),
            arg1: arg1.to_owned(),
            arg2: arg2.to_owned(),
            note: None,
            attributes: None,
            suggested: None,
            extra: Map::new(),
        });
        self.normalize();
        id
    }

    /// The links that point at an annotation: `E1 Place`, `R2 PHYS`.
    pub fn dependents(&self, id: &str) -> Vec<String> {
        let args = self.events.iter().flat_map(|ev| {
            ev.arguments
                .iter()
                .filter(|a| a.target == id)
                .map(move |a| format!("{} {}", ev.id, a.role))
        });
        let rels = self
            .relations
            .iter()
            .filter(|r| r.arg1 == id || r.arg2 == id)
            .map(|r| format!("{} {}", r.id, r.kind));
        args.chain(rels).collect()
    }

    /// Removes any annotation by id (an entity, an event — or its trigger's
    /// id — or a relation) and every link to it.
    pub fn remove_annotation(&mut self, id: &str) {
        if let Some(at) = self.span_by_id(id) {
            self.remove_span(at);
        } else if let Some(i) = self.events.iter().position(|e| e.id == id) {
            self.remove_span(SpanRef::Trigger(i));
        } else if let Some(i) = self.relations.iter().position(|r| r.id == id) {
            let r = self.relations.remove(i);
            self.remove_references_to(&r.id);
        }
    }

    /// Where an annotation is in the text: an entity's span, an event's
    /// trigger, a relation's first argument.
    pub fn span_of(&self, id: &str) -> Option<(usize, usize)> {
        if let Some(e) = self.entities.iter().find(|e| e.id == id) {
            return Some((e.start, e.end));
        }
        if let Some(e) = self
            .events
            .iter()
            .find(|e| e.id == id || e.trigger.id == id)
        {
            return Some((e.trigger.start, e.trigger.end));
        }
        // A relation sits where its first argument is, if that is a span.
        let r = self.relations.iter().find(|r| r.id == id)?;
        let arg1 = &r.arg1;
        let entity = self.entities.iter().find(|e| &e.id == arg1);
        let event = self.events.iter().find(|e| &e.id == arg1);
        entity
            .map(|e| (e.start, e.end))
            .or_else(|| event.map(|e| (e.trigger.start, e.trigger.end)))
    }

    /// The id that stands for a span in arguments and relations: an entity's
    /// own id, or the event of a trigger.
    pub fn reference_for(&self, span: SpanRef) -> Option<&str> {
        match span {
            SpanRef::Entity(i) => self.entities.get(i).map(|e| e.id.as_str()),
            SpanRef::Trigger(i) => self.events.get(i).map(|e| e.id.as_str()),
        }
    }

    /// What an id names, for schema checks: its kind and type. A trigger's
    /// id is not an annotation of its own (arguments refer to the event).
    pub fn kind_of(&self, id: &str) -> Option<(Kind, &str)> {
        if let Some(e) = self.entities.iter().find(|e| e.id == id) {
            return Some((Kind::Entity, &e.kind));
        }
        if let Some(e) = self.events.iter().find(|e| e.id == id) {
            return Some((Kind::Event, &e.kind));
        }
        self.relations
            .iter()
            .find(|r| r.id == id)
            .map(|r| (Kind::Relation, r.kind.as_str()))
    }

    /// Finds a span by id (after edits have moved it in its list).
    pub fn span_by_id(&self, id: &str) -> Option<SpanRef> {
        if let Some(i) = self.entities.iter().position(|e| e.id == id) {
            return Some(SpanRef::Entity(i));
        }
        self.events
            .iter()
            .position(|e| e.trigger.id == id)
            .map(SpanRef::Trigger)
    }
}
