//! brat standoff by meaning.

use super::*;

// ---------------------------------------------------------------------------
// brat standoff by meaning.

/// A brat file's lines as a multiset of canonical forms: ids replaced by
/// what they point at, numbered roles (`Theme2`) without their number.
pub fn canon(ann: &str) -> BTreeMap<String, usize> {
    let mut rows: BTreeMap<&str, &str> = BTreeMap::new();
    let mut anon = Vec::new();
    for line in ann.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('*') {
            anon.push(line);
            continue;
        }
        let (id, rest) = line.split_once('\t').unwrap_or((line, ""));
        rows.insert(id, rest);
    }
    let mut memo = BTreeMap::new();
    let mut out = BTreeMap::new();
    for id in rows.keys() {
        *out.entry(canon_of(id, &rows, &mut memo, 0)).or_insert(0) += 1;
    }
    for line in anon {
        let body = line.split('\t').nth(1).unwrap_or("");
        let mut parts = body.split_whitespace();
        let kind = parts.next().unwrap_or("");
        let members: BTreeSet<String> = parts.map(|r| canon_of(r, &rows, &mut memo, 0)).collect();
        *out.entry(format!("*({kind}; {members:?})")).or_insert(0) += 1;
    }
    out
}

fn canon_of(
    id: &str,
    rows: &BTreeMap<&str, &str>,
    memo: &mut BTreeMap<String, String>,
    depth: usize,
) -> String {
    if let Some(v) = memo.get(id) {
        return v.clone();
    }
    let Some(rest) = rows.get(id).filter(|_| depth <= 50) else {
        return format!("?({id})");
    };
    let mut c = |r: &str| canon_of(r, rows, memo, depth + 1);
    let parts: Vec<&str> = rest.split_whitespace().collect();
    let v = match id.chars().next() {
        Some('T') => canon_text_bound(rest),
        Some('E') => {
            let (kind, trigger) = parts
                .first()
                .and_then(|h| h.split_once(':'))
                .unwrap_or(("", ""));
            let args = sorted_args(&parts[1..], true, &mut c);
            format!("E({kind}; {}; {args:?})", c(trigger))
        }
        Some('R') => {
            let args = sorted_args(&parts[1..], false, &mut c);
            format!("R({}; {args:?})", parts.first().unwrap_or(&""))
        }
        Some('A' | 'M') => format!(
            "A({}; {}; {:?})",
            parts.first().unwrap_or(&""),
            c(parts.get(1).unwrap_or(&"")),
            parts.get(2..).unwrap_or(&[])
        ),
        Some('#') => {
            let (head, text) = rest.split_once('\t').unwrap_or((rest, ""));
            let head: Vec<&str> = head.split_whitespace().collect();
            let target = head.get(1).map(|t| c(t));
            format!(
                "#({}; {target:?}; {:?})",
                head.first().unwrap_or(&""),
                text.trim()
            )
        }
        Some('N') => {
            let (head, text) = rest.split_once('\t').unwrap_or((rest, ""));
            let head: Vec<&str> = head.split_whitespace().collect();
            format!(
                "N({}; {}; {}; {text:?})",
                head.first().unwrap_or(&""),
                c(head.get(1).unwrap_or(&"")),
                head.get(2).unwrap_or(&"")
            )
        }
        _ => format!("?({rest:?})"),
    };
    memo.insert(id.to_owned(), v.clone());
    v
}

/// A `T` line's body by what it says: type, fragments, shown text.
fn canon_text_bound(rest: &str) -> String {
    let (head, text) = rest.split_once('\t').unwrap_or((rest, ""));
    let (kind, offsets) = head.split_once(' ').unwrap_or((head, ""));
    let spans: Vec<Vec<&str>> = offsets
        .split(';')
        .map(|f| f.split_whitespace().collect())
        .collect();
    format!("T({kind}; {spans:?}; {text:?})")
}

/// `role:id` arguments as `role=<what id is>`, sorted; `numbered` drops
/// the digits brat adds to a role filled twice (`Theme2`).
fn sorted_args(args: &[&str], numbered: bool, c: &mut impl FnMut(&str) -> String) -> Vec<String> {
    let mut out: Vec<String> = args
        .iter()
        .map(|a| {
            let (role, target) = a.split_once(':').unwrap_or((a, ""));
            let role = if numbered {
                role.trim_end_matches(|ch: char| ch.is_ascii_digit())
            } else {
                role
            };
            format!("{role}={}", c(target))
        })
        .collect();
    out.sort();
    out
}

/// What one canonical multiset has that the other lacks, both ways.
pub fn canon_diff(a: &BTreeMap<String, usize>, b: &BTreeMap<String, usize>) -> String {
    let mut out = String::new();
    for (k, n) in a {
        let m = b.get(k).copied().unwrap_or(0);
        if m < *n {
            out.push_str(&format!("  missing {}× {k}\n", n - m));
        }
    }
    for (k, n) in b {
        let m = a.get(k).copied().unwrap_or(0);
        if m < *n {
            out.push_str(&format!("  extra {}× {k}\n", n - m));
        }
    }
    out
}

#[test]
pub fn the_canonical_form_ignores_numbering_but_not_meaning() {
    let original = a_ann();
    let a = canon(&original);
    assert_eq!(a.values().sum::<usize>(), original.lines().count());
    // Renumbered, reordered, numbered roles written in another order: the same.
    let renumbered = "\
T20\tMerge-org 16 22\tmerged
T21\tOrganization 0 5;10 15\tAster Birch
T22\tOrganization 28 39\tCedar Trust
T23\tOrganization 44 53\tDune Bank
E7\tMerge-org:T20 Org-Arg:T23
E8\tMerge-org:T20 Org-Arg2:T21 Org-Arg:T22
#9\tAnnotatorNotes E8\ta three-way merger
";
    let b = canon(renumbered);
    let sub: BTreeMap<String, usize> = a
        .iter()
        .filter(|(k, _)| b.contains_key(*k))
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    assert_eq!(sub, b, "{}", canon_diff(&sub, &b));
    assert_eq!(b.len(), 7, "{b:#?}");
    // A changed offset, role, value or note is a difference.
    for (from, to) in [
        ("Organization 0 5;10 15", "Organization 0 5;11 15"),
        ("Org-Arg2:T2", "Agent-Arg:T2"),
        ("Mention T5 Name", "Mention T5 Nominal"),
        ("a three-way merger", "a merger"),
        ("Alias T5 T10", "Alias T5 T7"),
        ("Wikipedia:12345", "Wikipedia:54321"),
    ] {
        assert!(original.contains(from), "{from}");
        let changed = canon(&original.replace(from, to));
        assert_ne!(a, changed, "{from} → {to} goes unnoticed");
    }
}
