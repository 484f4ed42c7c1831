//! Krippendorff's alpha for unitizing (α_U; Krippendorff 1995, 2004) as
//! dkpro-statistics computes it (`KrippendorffAlphaUnitizingAgreement`,
//! the library INCEpTION uses): per category, the observed disagreement
//! of every pair of raters walking the continuum segment by segment, over
//! the disagreement expected from all unitizations of the same units and
//! gaps; overall, 1 − mean D_O / mean D_E over the categories in the study.
//!
//! A rater's units of one category must not overlap (dkpro assumes it);
//! here a unit overlapping an earlier one of the same rater and category
//! is left out, as are empty units and units outside the continuum.

use std::collections::BTreeMap;

/// A unit: `len` positions from `start`, marked by `rater` with `category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit {
    pub start: u64,
    pub len: u64,
    pub rater: usize,
    pub category: u32,
}

/// A unitizing study: a continuum of `length` positions from `begin`.
#[derive(Debug, Clone)]
pub struct Study {
    pub begin: u64,
    pub length: u64,
    pub raters: usize,
    pub units: Vec<Unit>,
}

/// α_U overall and per category; `None` where it is undefined (fewer than
/// two raters, an empty continuum, or no unit of the category).
#[derive(Debug, Clone, PartialEq)]
pub struct Alpha {
    pub overall: Option<f64>,
    pub by_category: BTreeMap<u32, f64>,
}

/// `1 − D_O / D_E`, and 0 when they are equal (dkpro's convention).
fn agreement(observed: f64, expected: f64) -> f64 {
    if observed == expected {
        0.0
    } else {
        1.0 - observed / expected
    }
}

impl Study {
    /// α_U of the study.
    pub fn alpha(&self) -> Alpha {
        let mut by_category = BTreeMap::new();
        if self.raters < 2 || self.length == 0 {
            return Alpha {
                overall: None,
                by_category,
            };
        }
        let units = self.usable_units();
        let mut categories: Vec<u32> = units.iter().map(|u| u.category).collect();
        categories.sort_unstable();
        categories.dedup();
        let (mut observed_sum, mut expected_sum) = (0.0, 0.0);
        for &c in &categories {
            let of_c: Vec<Unit> = units.iter().filter(|u| u.category == c).copied().collect();
            let observed = self.observed(&of_c);
            let expected = self.expected(&of_c);
            by_category.insert(c, agreement(observed, expected));
            observed_sum += observed;
            expected_sum += expected;
        }
        let n = categories.len() as f64;
        Alpha {
            overall: (!categories.is_empty())
                .then(|| agreement(observed_sum / n, expected_sum / n)),
            by_category,
        }
    }

    /// Sorted by start then length; each rater's units of a category
    /// disjoint, non-empty and inside the continuum.
    fn usable_units(&self) -> Vec<Unit> {
        let end = self.begin + self.length;
        let mut units: Vec<Unit> = self
            .units
            .iter()
            .filter(|u| u.len > 0 && u.start >= self.begin && u.start + u.len <= end)
            .copied()
            .collect();
        units.sort_unstable();
        units.dedup();
        let mut reached: BTreeMap<(usize, u32), u64> = BTreeMap::new();
        units.retain(|u| {
            let at = reached.entry((u.rater, u.category)).or_insert(0);
            let free = u.start >= *at;
            if free {
                *at = u.start + u.len;
            }
            free
        });
        units
    }

    /// The units of one rater (of one category, already sorted).
    fn of_rater(units: &[Unit], rater: usize) -> Vec<Unit> {
        units.iter().filter(|u| u.rater == rater).copied().collect()
    }

    /// D_O of one category's units.
    fn observed(&self, units: &[Unit]) -> f64 {
        let r = self.raters;
        let mut sum = 0.0;
        for r1 in 0..r {
            for r2 in r1 + 1..r {
                sum += self.pair_distance(&Self::of_rater(units, r1), &Self::of_rater(units, r2));
            }
        }
        let l = self.length as f64;
        sum * 2.0 / ((r * (r - 1)) as f64 * l * l)
    }

    /// Walks the continuum over both raters' segments (units and the gaps
    /// between them), adding the distance of each pair of segments met.
    fn pair_distance(&self, first: &[Unit], second: &[Unit]) -> f64 {
        let end = self.begin + self.length;
        let mut walkers = [
            Walker::new(first, self.begin),
            Walker::new(second, self.begin),
        ];
        let mut sum = 0.0;
        let mut pos = self.begin;
        while pos < end && walkers.iter().any(|w| w.next < w.units.len()) {
            for w in &mut walkers {
                w.step(pos, end);
            }
            let [a, b] = &walkers;
            sum += distance(a.segment(), b.segment());
            pos = (a.offset + a.length).min(b.offset + b.length);
        }
        sum
    }

    /// D_E of one category's units.
    fn expected(&self, units: &[Unit]) -> f64 {
        let (b, l, r) = (self.begin, self.length, self.raters as u64);
        let mut gaps: Vec<u64> = Vec::new();
        for rater in 0..self.raters {
            let mut pos = b;
            for u in Self::of_rater(units, rater) {
                if u.start > pos {
                    gaps.push(u.start - pos);
                }
                pos = u.start + u.len;
            }
            if pos < b + l {
                gaps.push(b + l - pos);
            }
        }
        gaps.sort_unstable_by(|x, y| y.cmp(x));
        let n_c = units.len() as f64;
        let squared_lengths: f64 = units.iter().map(|u| (u.len * (u.len - 1)) as f64).sum();
        let mut sum = 0.0;
        for u in units {
            let len = u.len as f64;
            let within = (n_c - 1.0) * (2.0 * len.powi(3) - 3.0 * len * len + len) / 3.0;
            let fits: f64 = gaps
                .iter()
                .take_while(|&&g| g >= u.len)
                .map(|&g| (g - u.len + 1) as f64)
                .sum();
            sum += within + fits * len * len;
        }
        let (l, r) = (l as f64, r as f64);
        sum * (2.0 / l) / (r * l * (r * l - 1.0) - squared_lengths)
    }
}

/// A segment: offset, length, and whether it is a unit (not a gap).
type Segment = (i64, i64, bool);

/// dkpro's distance of two overlapping segments.
fn distance((o1, l1, u1): Segment, (o2, l2, u2): Segment) -> f64 {
    let begin_diff = o1 - o2;
    let length_diff = l1 - l2;
    let d = if u1 && u2 && -l1 < begin_diff && begin_diff < l2 {
        begin_diff * begin_diff + (begin_diff + length_diff) * (begin_diff + length_diff)
    } else if u1 && !u2 && -length_diff >= begin_diff && begin_diff >= 0 {
        l1 * l1
    } else if !u1 && u2 && -length_diff <= begin_diff && begin_diff <= 0 {
        l2 * l2
    } else {
        0
    };
    d as f64
}

/// One rater's place in the walk: the current segment and the next unit.
struct Walker<'a> {
    units: &'a [Unit],
    next: usize,
    offset: u64,
    length: u64,
    unit: bool,
}

impl<'a> Walker<'a> {
    fn new(units: &'a [Unit], begin: u64) -> Self {
        Walker {
            units,
            next: 0,
            offset: begin,
            length: 0,
            unit: false,
        }
    }

    /// At the end of the current segment, moves on to the next one: the
    /// next unit if it starts here, else the gap up to it (or to `end`).
    fn step(&mut self, pos: u64, end: u64) {
        if pos != self.offset + self.length {
            return;
        }
        match self.units.get(self.next) {
            Some(u) if u.start == pos => {
                self.length = u.len;
                self.unit = true;
                self.next += 1;
            }
            next => {
                self.length = next.map_or(end, |u| u.start) - pos;
                self.unit = false;
            }
        }
        self.offset = pos;
    }

    fn segment(&self) -> Segment {
        (self.offset as i64, self.length as i64, self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(start: u64, len: u64, rater: usize, category: u32) -> Unit {
        Unit {
            start,
            len,
            rater,
            category,
        }
    }

    const C: u32 = 1;
    const K: u32 = 2;

    /// Krippendorff (2004), Content Analysis, 2nd ed., p. 254: two
    /// observers, a continuum of 300 from 150, categories c and k.
    fn krippendorff_2004() -> Study {
        Study {
            begin: 150,
            length: 300,
            raters: 2,
            units: vec![
                unit(225, 70, 0, C),
                unit(370, 30, 0, C),
                unit(220, 80, 1, C),
                unit(355, 20, 1, C),
                unit(400, 20, 1, C),
                unit(180, 60, 0, K),
                unit(300, 50, 0, K),
                unit(180, 60, 1, K),
                unit(300, 50, 1, K),
            ],
        }
    }

    #[test]
    fn the_worked_example_of_krippendorff_2004_page_254() {
        let study = krippendorff_2004();
        let alpha = study.alpha();
        assert!(
            (alpha.overall.unwrap() - 0.8591).abs() <= 0.0005,
            "{alpha:?}"
        );
        assert!((alpha.by_category[&C] - 0.7286).abs() <= 0.0001);
        assert!((alpha.by_category[&K] - 1.0).abs() <= 0.0001);
        // The disagreements the book shows for c and k.
        let units = study.usable_units();
        let of = |cat| -> Vec<Unit> {
            units
                .iter()
                .filter(|u| u.category == cat)
                .copied()
                .collect()
        };
        assert!((study.observed(&of(C)) - 0.0144).abs() <= 0.0001);
        assert!((study.expected(&of(C)) - 0.0532).abs() <= 0.0001);
        assert!((study.observed(&of(K)) - 0.0).abs() <= 0.0001);
        assert!((study.expected(&of(K)) - 0.0490).abs() <= 0.0001);
    }

    #[test]
    fn the_distances_of_the_books_segment_pairs() {
        // Krippendorff (2004) and dkpro's tests of the same figures.
        assert_eq!(distance((225, 70, true), (220, 80, true)), 50.0);
        assert_eq!(distance((370, 30, true), (355, 20, true)), 850.0);
        assert_eq!(distance((400, 50, false), (400, 20, true)), 400.0);
        assert_eq!(distance((5, 6, true), (4, 2, true)), 26.0);
        assert_eq!(distance((5, 6, true), (5, 6, true)), 0.0);
    }

    #[test]
    fn undefined_without_two_raters_a_continuum_or_units() {
        let mut study = krippendorff_2004();
        study.raters = 1;
        assert_eq!(study.alpha().overall, None);
        let empty = Study {
            begin: 0,
            length: 10,
            raters: 2,
            units: vec![],
        };
        assert_eq!(empty.alpha().overall, None);
        assert!(empty.alpha().by_category.is_empty());
    }

    #[test]
    fn identical_units_agree_fully_and_overlapping_units_of_a_rater_are_dropped() {
        let study = Study {
            begin: 0,
            length: 100,
            raters: 2,
            units: vec![
                unit(10, 5, 0, C),
                unit(12, 5, 0, C), // overlaps rater 0's first: left out
                unit(10, 5, 1, C),
            ],
        };
        assert_eq!(study.alpha().overall, Some(1.0));
    }
}
