//! Three-way merge of annotation documents, for git's merge driver
//! (`gloss merge-file BASE OURS THEIRS`): by annotation id and content.
//!
//! An annotation changed on one side only takes that change; added on
//! either side is kept (an id both sides added for different annotations
//! is renumbered on theirs, references and all); changed on both sides in
//! different ways, both versions are kept and marked as a conflict (see
//! `marks`); deleted on one side and changed on the other, the change is
//! kept, marked. Nothing is lost, and the result is a valid document.

use std::collections::{HashMap, HashSet};

use crate::annotation::{Document, Entity, Event, Relation};

mod fields;
pub mod marks;
mod renumber;

pub use marks::{CONFLICT, Side, live_conflicts};

/// Why the versions cannot be merged. Nothing is written then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error(
        "the two sides annotate different versions of the source (sha256 {ours} in ours, {theirs} in theirs): not merged"
    )]
    SourceDiffers { ours: String, theirs: String },
}

/// The merged document and what the merge had to decide.
#[derive(Debug, Clone)]
pub struct Merged {
    pub doc: Document,
    /// The ids of the versions marked as a conflict (both sides' ids).
    pub conflicts: Vec<String>,
    /// Theirs' ids that ours had used for something else: old → new.
    pub renumbered: Vec<(String, String)>,
    /// Annotations a side made under an id it had freed (not a change of
    /// the base's annotation with that id): side, old id → new.
    pub reused: Vec<(Side, String, String)>,
    /// Theirs' additions that ours made too under another id: theirs' id →
    /// ours'.
    pub folded: Vec<(String, String)>,
    /// Document-level fields both sides changed, and how that was settled.
    pub notices: Vec<String>,
}

impl Merged {
    /// Whether a person has to settle something (git's exit 1).
    pub fn has_conflicts(&self) -> bool {
        !self.conflicts.is_empty()
    }
}

/// One annotation of any kind, as the merge compares it.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    Entity(Entity),
    Event(Event),
    Relation(Relation),
}

impl Unit {
    fn id(&self) -> &str {
        match self {
            Unit::Entity(e) => &e.id,
            Unit::Event(e) => &e.id,
            Unit::Relation(r) => &r.id,
        }
    }

    fn set_id(&mut self, id: String) {
        match self {
            Unit::Entity(e) => e.id = id,
            Unit::Event(e) => e.id = id,
            Unit::Relation(r) => r.id = id,
        }
    }

    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        match self {
            Unit::Entity(e) => &mut e.extra,
            Unit::Event(e) => &mut e.extra,
            Unit::Relation(r) => &mut r.extra,
        }
    }

    /// The ids this annotation refers to.
    fn refs(&self) -> Vec<&str> {
        match self {
            Unit::Entity(_) => Vec::new(),
            Unit::Event(e) => e.arguments.iter().map(|a| a.target.as_str()).collect(),
            Unit::Relation(r) => vec![&r.arg1, &r.arg2],
        }
    }

    /// The ids it defines: its own, and an event's trigger's.
    fn defines(&self) -> Vec<&str> {
        match self {
            Unit::Event(e) => vec![&e.id, &e.trigger.id],
            other => vec![other.id()],
        }
    }

    fn series(&self) -> char {
        let fallback = match self {
            Unit::Entity(_) => 'T',
            Unit::Event(_) => 'E',
            Unit::Relation(_) => 'R',
        };
        renumber::series_of(self.id(), fallback)
    }
}

/// Which list, which id, which occurrence of that id: a file with an id
/// twice (which `validate` reports) still loses neither.
type Key = (u8, String, usize);

fn units(doc: &Document) -> Vec<(Key, Unit)> {
    let mut seen: HashMap<(u8, String), usize> = HashMap::new();
    let mut key = |list: u8, id: &str| {
        let n = seen.entry((list, id.to_owned())).or_insert(0);
        *n += 1;
        (list, id.to_owned(), *n)
    };
    let mut out = Vec::with_capacity(doc.annotation_count());
    for e in &doc.entities {
        out.push((key(0, &e.id), Unit::Entity(e.clone())));
    }
    for e in &doc.events {
        out.push((key(1, &e.id), Unit::Event(e.clone())));
    }
    for r in &doc.relations {
        out.push((key(2, &r.id), Unit::Relation(r.clone())));
    }
    out
}

/// Merges `ours` and `theirs`, both made from `base` (`None`: no common
/// ancestor, as git says of a file both sides added).
pub fn merge(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
) -> Result<Merged, MergeError> {
    if ours.source.sha256 != theirs.source.sha256 {
        return Err(MergeError::SourceDiffers {
            ours: ours.source.sha256.clone(),
            theirs: theirs.source.sha256.clone(),
        });
    }
    let empty;
    let base = match base {
        Some(b) => b,
        None => {
            empty = Document::new(ours.source.clone(), ours.annotator.clone());
            &empty
        }
    };
    let mut fresh = renumber::FreshIds::over(&[base, ours, theirs]);
    let mut ours = ours.clone();
    let mut theirs = theirs.clone();
    let mut reused = Vec::new();
    for (side, doc) in [(Side::Ours, &mut ours), (Side::Theirs, &mut theirs)] {
        let split = renumber::split_reused_ids(base, doc, &mut fresh);
        reused.extend(split.into_iter().map(|(old, new)| (side, old, new)));
    }
    let ours = &ours;
    // Folding first spares a renumbering (theirs' relation to their Erbil
    // is ours' once Erbil is one); again after, for what the renumbering
    // freed (ours' T4 Erbil and theirs' T5 Erbil while theirs' T4 was Dohuk).
    let mut folded = renumber::fold_identical_additions(base, ours, &mut theirs);
    let mut renumbered = renumber::renumber_collisions(base, ours, &mut theirs, &mut fresh);
    for (theirs_id, ours_id) in renumber::fold_identical_additions(base, ours, &mut theirs) {
        // Renumbered, then found to be ours': say what it was at first.
        let was = match renumbered.iter().position(|(_, new)| *new == theirs_id) {
            Some(at) => renumbered.remove(at).0,
            None => theirs_id,
        };
        folded.push((was, ours_id));
    }
    let mut state = ThreeWay::new(base, ours, &theirs);
    state.decide_all(&mut fresh);
    state.keep_what_is_referred_to();
    // Ours' source (the same text as theirs'); every other field merged.
    let mut doc = Document::new(ours.source.clone(), None);
    let notices = fields::merge_fields(&mut doc, base, ours, &theirs);
    for unit in state.kept {
        match unit {
            Unit::Entity(e) => doc.entities.push(e),
            Unit::Event(e) => doc.events.push(e),
            Unit::Relation(r) => doc.relations.push(r),
        }
    }
    doc.normalize();
    Ok(Merged {
        doc,
        conflicts: state.conflicts,
        renumbered,
        reused,
        folded,
        notices,
    })
}

/// The three versions' annotations and what the merge keeps of them.
struct ThreeWay {
    order: Vec<Key>,
    base: HashMap<Key, Unit>,
    ours: HashMap<Key, Unit>,
    theirs: HashMap<Key, Unit>,
    kept: Vec<Unit>,
    conflicts: Vec<String>,
}

impl ThreeWay {
    fn new(base: &Document, ours: &Document, theirs: &Document) -> Self {
        let (b, o, t) = (units(base), units(ours), units(theirs));
        // Ours' order, then what only theirs has, then what only base had.
        let mut order = Vec::new();
        let mut listed = HashSet::new();
        for (k, _) in o.iter().chain(&t).chain(&b) {
            if listed.insert(k.clone()) {
                order.push(k.clone());
            }
        }
        Self {
            order,
            base: b.into_iter().collect(),
            ours: o.into_iter().collect(),
            theirs: t.into_iter().collect(),
            kept: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    fn decide_all(&mut self, fresh: &mut renumber::FreshIds) {
        for key in std::mem::take(&mut self.order) {
            let b = self.base.get(&key);
            let o = self.ours.get(&key);
            let t = self.theirs.get(&key);
            match (b, o, t) {
                (_, Some(o), Some(t)) if o == t => self.kept.push(o.clone()),
                (None, Some(only), None) | (None, None, Some(only)) => self.kept.push(only.clone()),
                (Some(b), Some(o), Some(t)) if o == b => self.kept.push(t.clone()),
                (Some(b), Some(o), Some(t)) if t == b => self.kept.push(o.clone()),
                (_, Some(o), Some(t)) => {
                    let (o, t) = (o.clone(), t.clone());
                    self.keep_both(o, t, fresh);
                }
                (Some(b), Some(o), None) if o != b => self.keep_marked(o.clone(), Side::Ours),
                (Some(b), None, Some(t)) if t != b => self.keep_marked(t.clone(), Side::Theirs),
                // Deleted on one side and unchanged on the other, or on both.
                _ => {}
            }
        }
    }

    /// Both versions of an annotation changed two ways: ours keeps its id,
    /// theirs gets a fresh one, each marked with the other's.
    fn keep_both(&mut self, mut o: Unit, mut t: Unit, fresh: &mut renumber::FreshIds) {
        let new_id = fresh.next(t.series());
        if let (Unit::Event(oe), Unit::Event(te)) = (&o, &mut t) {
            let (ot, tt) = (&oe.trigger, &mut te.trigger);
            // One trigger id for two spans would be two annotations.
            if ot.id == tt.id && (ot.start, ot.end) != (tt.start, tt.end) {
                tt.id = fresh.next(renumber::series_of(&tt.id, 'T'));
            }
        }
        let old_id = o.id().to_owned();
        t.set_id(new_id.clone());
        marks::mark(o.extra_mut(), Side::Ours, Some(&new_id));
        marks::mark(t.extra_mut(), Side::Theirs, Some(&old_id));
        self.conflicts.push(old_id);
        self.conflicts.push(new_id);
        self.kept.push(o);
        self.kept.push(t);
    }

    /// Changed on `side`, deleted on the other: the change stays, marked.
    fn keep_marked(&mut self, mut unit: Unit, side: Side) {
        marks::mark(unit.extra_mut(), side, None);
        self.conflicts.push(unit.id().to_owned());
        self.kept.push(unit);
    }

    /// An annotation one side deleted that a kept one still refers to (an
    /// argument theirs added to an entity ours deleted) comes back, marked,
    /// so that no reference dangles and nothing a person made is lost.
    fn keep_what_is_referred_to(&mut self) {
        loop {
            let defined: HashSet<&str> = self.kept.iter().flat_map(Unit::defines).collect();
            let missing: Vec<String> = self
                .kept
                .iter()
                .flat_map(Unit::refs)
                .filter(|r| !defined.contains(r))
                .map(str::to_owned)
                .collect();
            let mut back = Vec::new();
            for id in missing {
                let found = [
                    (&self.theirs, Side::Theirs),
                    (&self.ours, Side::Ours),
                    (&self.base, Side::Ours),
                ]
                .into_iter()
                .find_map(|(units, side)| {
                    let unit = units
                        .values()
                        .find(|u| u.defines().contains(&id.as_str()))?;
                    Some((unit.clone(), side))
                });
                if let Some(found) = found
                    && !back
                        .iter()
                        .any(|(u, _): &(Unit, Side)| u.id() == found.0.id())
                {
                    back.push(found);
                }
            }
            if back.is_empty() {
                return;
            }
            for (unit, side) in back {
                self.keep_marked(unit, side);
            }
        }
    }
}

#[cfg(test)]
mod tests;
