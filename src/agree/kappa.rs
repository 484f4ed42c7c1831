//! Token labels and the kappas over them: Cohen's for a pair, Fleiss' for
//! any number of annotators. Tallies add up over articles (pooling), so a
//! corpus figure is one kappa over every token, not a mean of kappas.

/// A label: 0 is `O` (no annotation), others index the run's type names.
pub type Label = u32;

/// The `O` label.
pub const OUTSIDE: Label = 0;

/// An entity for labelling: code-point span and label.
#[derive(Debug, Clone, Copy)]
pub struct Labelled {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// Each token's label: the type of the annotation covering its first
/// character; of several, the longest, then the one starting first, then
/// the type name first in byte order (`name` gives it); `O` if none.
pub fn labels<'a>(
    tokens: &[(usize, usize)],
    entities: &[Labelled],
    name: impl Fn(Label) -> &'a str,
) -> Vec<Label> {
    let mut best: Vec<Option<Labelled>> = vec![None; tokens.len()];
    for e in entities {
        // Tokens whose first character lies in the entity.
        let from = tokens.partition_point(|t| t.0 < e.start);
        let to = tokens.partition_point(|t| t.0 < e.end);
        for slot in &mut best[from..to] {
            let better = slot.is_none_or(|b| {
                let key = |x: &Labelled| (std::cmp::Reverse(x.end - x.start), x.start);
                (key(e), name(e.label)) < (key(&b), name(b.label))
            });
            if better {
                *slot = Some(*e);
            }
        }
    }
    best.into_iter()
        .map(|b| b.map_or(OUTSIDE, |e| e.label))
        .collect()
}

/// Adds `n` to a count indexed by label, growing it as labels appear.
fn bump(counts: &mut Vec<u64>, label: Label, n: u64) {
    let i = label as usize;
    if counts.len() <= i {
        counts.resize(i + 1, 0);
    }
    counts[i] += n;
}

/// Adds counts indexed by label.
fn add_counts(into: &mut Vec<u64>, from: &[u64]) {
    for (l, &n) in from.iter().enumerate() {
        bump(into, l as Label, n);
    }
}

/// Cohen's kappa of two annotators over items they both labelled.
#[derive(Debug, Default, Clone)]
pub struct Cohen {
    items: u64,
    agreed: u64,
    /// How often each annotator gave each label.
    a: Vec<u64>,
    b: Vec<u64>,
}

impl Cohen {
    /// Adds items (the same items, in the same order, for both).
    pub fn add(&mut self, a: &[Label], b: &[Label]) {
        for (&x, &y) in a.iter().zip(b) {
            self.items += 1;
            self.agreed += u64::from(x == y);
            bump(&mut self.a, x, 1);
            bump(&mut self.b, y, 1);
        }
    }

    /// Pools another tally's items into this one.
    pub fn merge(&mut self, other: &Cohen) {
        self.items += other.items;
        self.agreed += other.agreed;
        add_counts(&mut self.a, &other.a);
        add_counts(&mut self.b, &other.b);
    }

    pub fn items(&self) -> u64 {
        self.items
    }

    /// (p_o − p_e) / (1 − p_e); `None` with no items, or when chance
    /// agreement is certain (both gave every item one and the same label).
    pub fn kappa(&self) -> Option<f64> {
        if self.items == 0 {
            return None;
        }
        let n = self.items as f64;
        let observed = self.agreed as f64 / n;
        let chance: f64 = self
            .a
            .iter()
            .zip(&self.b)
            .map(|(&na, &nb)| (na as f64 / n) * (nb as f64 / n))
            .sum();
        kappa_of(observed, chance)
    }
}

fn kappa_of(observed: f64, chance: f64) -> Option<f64> {
    let room = 1.0 - chance;
    (room.abs() > 1e-12).then(|| (observed - chance) / room)
}

/// Fleiss' kappa over items each labelled by two or more annotators (their
/// number may vary from item to item: each item's agreement is taken over
/// its own pairs of annotators, the label shares over all labels given).
#[derive(Debug, Default, Clone)]
pub struct Fleiss {
    items: u64,
    agreement_sum: f64,
    given: u64,
    per_label: Vec<u64>,
}

impl Fleiss {
    /// Adds one item: the labels its annotators gave it.
    pub fn add(&mut self, item: &[Label]) {
        let raters = item.len() as u64;
        if raters < 2 {
            return;
        }
        // Pairs of annotators that gave the item the same label.
        let mut agreeing = 0u64;
        for (i, x) in item.iter().enumerate() {
            agreeing += item[i + 1..].iter().filter(|y| *y == x).count() as u64;
            bump(&mut self.per_label, *x, 1);
        }
        self.agreement_sum += (2 * agreeing) as f64 / (raters * (raters - 1)) as f64;
        self.items += 1;
        self.given += raters;
    }

    /// Pools another tally's items into this one.
    pub fn merge(&mut self, other: &Fleiss) {
        self.items += other.items;
        self.agreement_sum += other.agreement_sum;
        self.given += other.given;
        add_counts(&mut self.per_label, &other.per_label);
    }

    pub fn items(&self) -> u64 {
        self.items
    }

    /// (P̄ − P̄e) / (1 − P̄e); `None` with no items or certain chance agreement.
    pub fn kappa(&self) -> Option<f64> {
        if self.items == 0 {
            return None;
        }
        let observed = self.agreement_sum / self.items as f64;
        let given = self.given as f64;
        let chance: f64 = self
            .per_label
            .iter()
            .map(|&c| (c as f64 / given).powi(2))
            .sum();
        kappa_of(observed, chance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items from a table of (label a, label b, how many).
    fn cohen_of(table: &[(Label, Label, usize)]) -> Cohen {
        let mut c = Cohen::default();
        for &(x, y, n) in table {
            c.add(&vec![x; n], &vec![y; n]);
        }
        c
    }

    #[test]
    fn cohens_kappa_of_the_textbook_example() {
        // Wikipedia, "Cohen's kappa", simple example: 50 grant proposals,
        // both say yes 20, A yes B no 5, A no B yes 10, both no 15:
        // p_o = 0.7, p_e = 0.5, kappa = 0.4.
        let c = cohen_of(&[(1, 1, 20), (1, 2, 5), (2, 1, 10), (2, 2, 15)]);
        assert!((c.kappa().unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(c.items(), 50);
    }

    #[test]
    fn cohens_kappa_is_undefined_without_items_or_without_chance_room() {
        assert_eq!(Cohen::default().kappa(), None);
        assert_eq!(cohen_of(&[(0, 0, 7)]).kappa(), None);
        // Complete disagreement on two labels used equally: -1.
        let c = cohen_of(&[(1, 2, 5), (2, 1, 5)]);
        assert!((c.kappa().unwrap() + 1.0).abs() < 1e-12);
    }

    #[test]
    fn fleiss_kappa_of_the_textbook_example() {
        // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14
        // raters, 5 categories; P̄ = 0.378, P̄e = 0.213, kappa = 0.210.
        let table: [[usize; 5]; 10] = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let mut f = Fleiss::default();
        for row in table {
            let item: Vec<Label> = (0..5)
                .flat_map(|cat| std::iter::repeat_n(cat as Label, row[cat]))
                .collect();
            f.add(&item);
        }
        assert!((f.kappa().unwrap() - 0.210).abs() < 5e-4);
    }

    #[test]
    fn fleiss_kappa_of_two_equals_scotts_pi() {
        // With two raters Fleiss' kappa is Scott's pi: p_o = 0.7, label
        // shares (25+30)/100 and (20+25)/100, p_e = 0.55² + 0.45² = 0.505.
        let mut f = Fleiss::default();
        for (x, y, n) in [(1, 1, 20), (1, 2, 5), (2, 1, 10), (2, 2, 15)] {
            for _ in 0..n {
                f.add(&[x, y]);
            }
        }
        let want = (0.7 - 0.505) / (1.0 - 0.505);
        assert!((f.kappa().unwrap() - want).abs() < 1e-12);
        // An item with one label is no item.
        f.add(&[1]);
        assert_eq!(f.items(), 50);
        assert_eq!(Fleiss::default().kappa(), None);
    }

    #[test]
    fn merged_tallies_pool_their_items() {
        let table = [(1, 1, 20), (1, 2, 5), (2, 1, 10), (2, 2, 15)];
        let mut whole = cohen_of(&table[..2]);
        whole.merge(&cohen_of(&table[2..]));
        assert_eq!(whole.kappa(), cohen_of(&table).kappa());
        let (mut f, mut g, mut both) = (Fleiss::default(), Fleiss::default(), Fleiss::default());
        f.add(&[1, 1, 2]);
        g.add(&[2, 2, 2]);
        both.add(&[1, 1, 2]);
        both.add(&[2, 2, 2]);
        f.merge(&g);
        assert_eq!(f.kappa(), both.kappa());
    }

    #[test]
    fn a_token_takes_the_longest_then_earliest_then_first_named_type() {
        let tokens = [(0, 3), (4, 8), (9, 12), (13, 15)];
        let names = ["O", "PER", "ORG", "GPE"];
        let e = |start, end, label| Labelled { start, end, label };
        let got = labels(
            &tokens,
            &[
                e(0, 3, 1),
                e(0, 8, 2),   // longer: wins the first two tokens
                e(9, 12, 2),  // ties with the next on length and start:
                e(9, 12, 3),  // GPE sorts before ORG
                e(12, 15, 1), // covers the last token's first character (13)
            ],
            |l| names[l as usize],
        );
        assert_eq!(got, [2, 2, 3, 1]);
        // Earliest start wins between equally long spans.
        let got = labels(&[(5, 6)], &[e(5, 9, 1), e(2, 6, 2)], |l| names[l as usize]);
        assert_eq!(got, [2]);
        // A span covering only a token's middle does not label it.
        let got = labels(&[(0, 5)], &[e(1, 3, 1)], |l| names[l as usize]);
        assert_eq!(got, [OUTSIDE]);
    }
}
