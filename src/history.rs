//! Undo and redo by snapshots: each change records the state before it.
//! Snapshots keep undo exact for edits that touch many annotations at once
//! (a deletion that also removes the references to it).

#[derive(Debug, Clone)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

impl<T: Clone> History<T> {
    /// Records the state before a change; a new change forgets what was undone.
    pub fn record(&mut self, before: T) {
        self.undo.push(before);
        self.redo.clear();
    }

    /// Steps back: `current` becomes the last recorded state. False when
    /// there is nothing to undo.
    pub fn undo(&mut self, current: &mut T) -> bool {
        match self.undo.pop() {
            Some(before) => {
                self.redo.push(std::mem::replace(current, before));
                true
            }
            None => false,
        }
    }

    /// Steps forward again after an undo.
    pub fn redo(&mut self, current: &mut T) -> bool {
        match self.redo.pop() {
            Some(after) => {
                self.undo.push(std::mem::replace(current, after));
                true
            }
            None => false,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::History;

    #[test]
    fn undo_and_redo_walk_the_changes() {
        let mut h = History::default();
        let mut v = 1;
        h.record(v);
        v = 2;
        h.record(v);
        v = 3;
        assert!(h.undo(&mut v));
        assert_eq!(v, 2);
        assert!(h.undo(&mut v));
        assert_eq!(v, 1);
        assert!(!h.undo(&mut v));
        assert!(h.redo(&mut v));
        assert_eq!(v, 2);
        h.record(v);
        v = 9;
        assert!(!h.redo(&mut v), "a new change drops the redo branch");
        assert!(h.undo(&mut v));
        assert_eq!(v, 2);
    }
}
