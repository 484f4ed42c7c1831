//! Changing what is already there in place: another type (same id, same
//! offsets, every link kept) and other bounds. Nothing that points at the
//! annotation is dropped here: what the schema refuses afterwards is a
//! problem to show, never a silent deletion.

use super::*;
use crate::schema::{Schema, accepts};

impl Document {
    /// Gives an entity, an event (by its id or its trigger's) or a relation
    /// type `kind`, keeping everything else. An event's arguments are kept
    /// whole: use `retype_event` to drop the roles its new type lacks.
    /// False if no annotation has this id.
    pub fn retype(&mut self, id: &str, kind: &str) -> bool {
        let slot = if let Some(e) = self.entities.iter_mut().find(|e| e.id == id) {
            &mut e.kind
        } else if let Some(e) = self
            .events
            .iter_mut()
            .find(|e| e.id == id || e.trigger.id == id)
        {
            &mut e.kind
        } else if let Some(r) = self.relations.iter_mut().find(|r| r.id == id) {
            &mut r.kind
        } else {
            return false;
        };
        kind.clone_into(slot);
        // A review was of the old type.
        self.clear_reviewed(id);
        true
    }

    /// Gives an event another type, keeping the arguments whose role
    /// `keeps` and returning the others, which it drops.
    pub fn retype_event(
        &mut self,
        id: &str,
        kind: &str,
        keeps: impl Fn(&str) -> bool,
    ) -> Vec<Argument> {
        let Some(ev) = self
            .events
            .iter_mut()
            .find(|e| e.id == id || e.trigger.id == id)
        else {
            return Vec::new();
        };
        kind.clone_into(&mut ev.kind);
        ev.extra.remove(super::reviewed::REVIEWED);
        let (kept, dropped) = std::mem::take(&mut ev.arguments)
            .into_iter()
            .partition(|a| keeps(&a.role));
        ev.arguments = kept;
        dropped
    }

    /// Moves an entity or a trigger (by its span id, or an event's id) to
    /// `start..end`, whose text is `text`; its id, type and links are kept.
    /// False if no span has this id.
    pub fn move_span(&mut self, id: &str, start: usize, end: usize, text: &str) -> bool {
        let bounds = if let Some(e) = self.entities.iter_mut().find(|e| e.id == id) {
            (&mut e.start, &mut e.end, &mut e.text)
        } else if let Some(e) = self
            .events
            .iter_mut()
            .find(|e| e.id == id || e.trigger.id == id)
        {
            let t = &mut e.trigger;
            (&mut t.start, &mut t.end, &mut t.text)
        } else {
            return false;
        };
        (*bounds.0, *bounds.1) = (start, end);
        text.clone_into(bounds.2);
        // A review was of the old span.
        self.clear_reviewed(id);
        self.normalize();
        true
    }

    /// The links to annotation `id` that the schema no longer accepts
    /// given its type: `E1 Attacker` (an argument's event and role),
    /// `R1 ORG-AFF` (a relation). Links of types the schema does not know
    /// are left to `validate`.
    pub fn links_refusing(&self, id: &str, schema: &Schema) -> Vec<String> {
        let Some((kind, type_name)) = self.kind_of(id) else {
            return Vec::new();
        };
        let args = self.events.iter().flat_map(|ev| {
            let ty = schema.event_type(&ev.kind);
            ev.arguments
                .iter()
                .filter(move |a| a.target == id)
                .filter(move |a| {
                    ty.and_then(|t| t.role(&a.role))
                        .is_some_and(|r| !accepts(&r.types, kind, type_name))
                })
                .map(move |a| format!("{} {}", ev.id, a.role))
        });
        let rels = self.relations.iter().filter_map(|r| {
            let ty = schema.relation_type(&r.kind)?;
            let refused = (r.arg1 == id && !accepts(&ty.arg1, kind, type_name))
                || (r.arg2 == id && !accepts(&ty.arg2, kind, type_name));
            refused.then(|| format!("{} {}", r.id, r.kind))
        });
        args.chain(rels).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Rebel forces attacked Dalen": T1 ORG, T2 GPE, E1 Attack (T3) with
    /// Attacker T1 and Place T2, R1 ORG-AFF T1 → T2, a note on T1.
    fn attack() -> Document {
        let source = SourceInfo::new("a.txt", "00".into(), "utf-8", 40);
        let mut doc = Document::new(source, None);
        doc.add_entity("ORG", 0, 12, "Rebel forces");
        doc.add_entity("GPE", 22, 27, "Dalen");
        let e = doc.add_event("Conflict.Attack", 13, 21, "attacked");
        doc.add_argument(&e, "Attacker", "T1");
        doc.add_argument(&e, "Place", "T2");
        doc.add_relation("ORG-AFF", "T1", "T2");
        doc.set_note("T1", "the rebels");
        doc
    }

    #[test]
    fn retyping_an_entity_keeps_its_id_offsets_note_and_links() {
        let mut doc = attack();
        let before = doc.clone();
        assert!(doc.retype("T1", "PER"));
        let t1 = &doc.entities[0];
        assert_eq!(
            (t1.id.as_str(), t1.kind.as_str(), t1.start, t1.end),
            ("T1", "PER", 0, 12)
        );
        assert_eq!(doc.note_of("T1"), Some("the rebels"));
        assert_eq!(doc.events, before.events, "arguments untouched");
        assert_eq!(doc.relations, before.relations, "relations untouched");
        assert_eq!(doc.entities.len(), 2, "no second annotation");
    }

    #[test]
    fn a_link_the_new_type_breaks_is_named_not_dropped() {
        let schema = Schema::builtin();
        let mut doc = attack();
        assert!(doc.links_refusing("T1", &schema).is_empty());
        doc.retype("T1", "TIME");
        assert_eq!(
            doc.links_refusing("T1", &schema),
            ["E1 Attacker", "R1 ORG-AFF"]
        );
        assert_eq!(doc.events[0].arguments.len(), 2, "still there");
    }

    #[test]
    fn retyping_an_event_keeps_the_roles_its_new_type_has() {
        let mut doc = attack();
        let dropped = doc.retype_event("E1", "Conflict.Demonstrate", |r| r == "Place");
        assert_eq!(doc.events[0].kind, "Conflict.Demonstrate");
        assert_eq!(doc.events[0].trigger.id, "T3");
        let kept: Vec<_> = doc.events[0].arguments.iter().map(|a| &a.role).collect();
        assert_eq!(kept, ["Place"]);
        let gone: Vec<_> = dropped.iter().map(|a| (&a.role, &a.target)).collect();
        assert_eq!(gone, [(&"Attacker".to_owned(), &"T1".to_owned())]);
    }

    #[test]
    fn moving_a_span_keeps_its_id_type_and_links_and_the_order() {
        let mut doc = attack();
        assert!(doc.move_span("T2", 0, 5, "Rebel"));
        assert_eq!(
            doc.entities
                .iter()
                .map(|e| (e.id.as_str(), e.start, e.end, e.text.as_str()))
                .collect::<Vec<_>>(),
            [("T2", 0, 5, "Rebel"), ("T1", 0, 12, "Rebel forces")],
            "normalized: by start, then end"
        );
        assert!(doc.move_span("E1", 13, 27, "attacked Dalen"));
        assert_eq!(doc.events[0].trigger.text, "attacked Dalen");
        assert_eq!(doc.events[0].arguments.len(), 2);
        assert!(!doc.move_span("T9", 0, 1, "R"));
    }
}
