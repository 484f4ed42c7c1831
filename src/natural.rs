//! Natural ordering: `2.txt` before `10.txt`, `T2` before `T10`.

use std::cmp::Ordering;

/// Compares strings with runs of ASCII digits compared by value.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (na, ra) = split_digits(a);
                let (nb, rb) = split_digits(b);
                let (ta, tb) = (trim_zeros(na), trim_zeros(nb));
                let ord = ta
                    .len()
                    .cmp(&tb.len())
                    .then_with(|| ta.cmp(tb))
                    .then_with(|| na.len().cmp(&nb.len()));
                if ord != Ordering::Equal {
                    return ord;
                }
                (a, b) = (ra, rb);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    s.split_at(n)
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| c == b'0').count();
    &s[n.min(s.len().saturating_sub(1))..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_by(|a, b| natural_cmp(a, b));
        v
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(
            sorted(vec!["a/3.txt", "10.txt", "2.txt", "1.txt"]),
            vec!["1.txt", "2.txt", "10.txt", "a/3.txt"]
        );
        assert_eq!(
            sorted(vec!["10.txt", "2.txt", "1.txt"]),
            vec!["1.txt", "2.txt", "10.txt"]
        );
        assert_eq!(sorted(vec!["T10", "T9", "T1"]), vec!["T1", "T9", "T10"]);
    }

    #[test]
    fn leading_zeros_and_ties_are_stable() {
        assert_eq!(natural_cmp("007", "7"), Ordering::Greater);
        assert_eq!(natural_cmp("000_a", "001_a"), Ordering::Less);
        assert_eq!(natural_cmp("x2y", "x2y"), Ordering::Equal);
        assert_eq!(natural_cmp("x2", "x2a"), Ordering::Less);
    }
}
