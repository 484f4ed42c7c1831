//! Span agreement between two annotators: exact (same start, end and type)
//! and relaxed (overlapping, same type, each span matched at most once, as
//! many matches as possible), with the counts behind each F1.

use serde::Serialize;

/// What two annotators' items have in common and what only one has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub matches: u64,
    pub only_a: u64,
    pub only_b: u64,
}

impl Counts {
    /// 2·matches / (2·matches + only-A + only-B); `None` when neither
    /// annotator has anything.
    pub fn f1(&self) -> Option<f64> {
        let all = 2 * self.matches + self.only_a + self.only_b;
        (all > 0).then(|| 2.0 * self.matches as f64 / all as f64)
    }

    /// Matches over what A has (B taken as the reference).
    pub fn precision(&self) -> Option<f64> {
        let a = self.matches + self.only_a;
        (a > 0).then(|| self.matches as f64 / a as f64)
    }

    /// Matches over what B has.
    pub fn recall(&self) -> Option<f64> {
        let b = self.matches + self.only_b;
        (b > 0).then(|| self.matches as f64 / b as f64)
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.matches += other.matches;
        self.only_a += other.only_a;
        self.only_b += other.only_b;
    }
}

/// A span of one type (code points, end exclusive).
pub type Span = (usize, usize);

/// Items equal in both lists, each used once (a multiset intersection).
pub fn exact<T: Ord + Clone>(a: &[T], b: &[T]) -> Counts {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort_unstable();
    b.sort_unstable();
    let (mut i, mut j, mut matches) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                matches += 1;
                i += 1;
                j += 1;
            }
        }
    }
    counts(matches, a.len(), b.len())
}

fn counts(matches: usize, a: usize, b: usize) -> Counts {
    Counts {
        matches: matches as u64,
        only_a: (a - matches) as u64,
        only_b: (b - matches) as u64,
    }
}

fn overlap(x: Span, y: Span) -> bool {
    x.0 < y.1 && y.0 < x.1 || x == y
}

/// Spans of one type: a maximum one-to-one matching of overlapping spans
/// (Kuhn's augmenting paths; an article's spans of a type are few).
pub fn relaxed(a: &[Span], b: &[Span]) -> Counts {
    let edges: Vec<Vec<usize>> = a
        .iter()
        .map(|&x| (0..b.len()).filter(|&j| overlap(x, b[j])).collect())
        .collect();
    let mut partner: Vec<Option<usize>> = vec![None; b.len()];
    let mut matches = 0;
    for i in 0..a.len() {
        let mut seen = vec![false; b.len()];
        if augment(i, &edges, &mut partner, &mut seen) {
            matches += 1;
        }
    }
    counts(matches, a.len(), b.len())
}

/// Finds a free partner for `i`, moving earlier matches along if need be.
fn augment(
    i: usize,
    edges: &[Vec<usize>],
    partner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &j in &edges[i] {
        if seen[j] {
            continue;
        }
        seen[j] = true;
        let free = match partner[j] {
            None => true,
            Some(k) => augment(k, edges, partner, seen),
        };
        if free {
            partner[j] = Some(i);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_counts_each_span_once() {
        let c = exact(&[(0, 3), (5, 9), (5, 9)], &[(5, 9), (10, 12)]);
        assert_eq!(
            c,
            Counts {
                matches: 1,
                only_a: 2,
                only_b: 1
            }
        );
        assert_eq!(c.f1(), Some(2.0 / 5.0));
        assert_eq!(c.precision(), Some(1.0 / 3.0));
        assert_eq!(c.recall(), Some(0.5));
    }

    #[test]
    fn nothing_on_either_side_has_no_f1() {
        assert_eq!(exact::<Span>(&[], &[]).f1(), None);
        assert_eq!(relaxed(&[], &[(0, 1)]).f1(), Some(0.0));
    }

    #[test]
    fn relaxed_matching_is_one_to_one_and_maximal() {
        // A greedy match of a1 to b1 would leave a2 alone: a2 only overlaps b1.
        let a = [(0, 10), (8, 9)];
        let b = [(5, 9), (0, 2)];
        assert_eq!(relaxed(&a, &b).matches, 2);
        // One long span overlapping two: one match, one left on each side.
        let c = relaxed(&[(0, 20)], &[(0, 5), (10, 15)]);
        assert_eq!(
            c,
            Counts {
                matches: 1,
                only_a: 0,
                only_b: 1
            }
        );
        // Touching is not overlapping.
        assert_eq!(relaxed(&[(0, 5)], &[(5, 9)]).matches, 0);
    }
}
