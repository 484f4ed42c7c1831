//! References in a `.ann` that point at nothing: an `R`, `E` or `*` line
//! naming an id no line defines. brat itself shows such a file, and the
//! import keeps the lines as written (nothing is lost), but the user is
//! told at import, with the line, rather than only by a later validate.

use std::collections::HashSet;

use super::{BratError, err};

/// Every reference to an undefined id, in file order, each at its line.
/// Meant for a file `import` accepted: lines it would refuse are skipped.
pub fn dangling(ann: &str) -> Vec<BratError> {
    let lines: Vec<(usize, &str, &str)> = ann
        .lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let (id, body) = line.split_once('\t')?;
            Some((i + 1, id, body))
        })
        .collect();
    // Only text-bound spans, events and relations can be pointed at.
    let defined: HashSet<&str> = lines
        .iter()
        .map(|&(_, id, _)| id)
        .filter(|id| id.starts_with(['T', 'E', 'R']))
        .collect();
    let mut out = Vec::new();
    for &(n, id, body) in &lines {
        let mut words = body.split('\t').next().unwrap_or("").split_whitespace();
        let head = words.next().unwrap_or("");
        let (what, refs): (String, Vec<(&str, &str)>) = match id.chars().next() {
            Some('R') => (
                format!("relation {id}"),
                words.filter_map(|a| a.split_once(':')).collect(),
            ),
            Some('E') => (
                format!("event {id}"),
                words.filter_map(|a| a.split_once(':')).collect(),
            ),
            Some('*') => (
                format!("equivalence {head}"),
                words.map(|r| ("member", r)).collect(),
            ),
            _ => continue,
        };
        for (role, target) in refs {
            if !defined.contains(target) {
                out.push(err(
                    n,
                    format!("{what}: {role} {target} is not defined in the file"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relation_to_a_missing_span_is_named_at_its_line() {
        let ann = "T1\tPER 0 5\tAlice\nR1\tPHYS Arg1:T1 Arg2:T9\n";
        let found = dangling(ann);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert_eq!(
            found[0].to_string(),
            "line 2: relation R1: Arg2 T9 is not defined in the file"
        );
    }

    #[test]
    fn equivalences_and_event_arguments_are_checked_too() {
        let ann = "T1\tPER 0 5\tAlice\r\nT2\tMove 6 9\tmet\n\
                   E1\tMove:T2 Agent:T1 Place:T7\n*\tAlias T1 T8\n\
                   R1\tCause Arg1:E1 Arg2:R2\n";
        let lines: Vec<String> = dangling(ann).iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "line 3: event E1: Place T7 is not defined in the file",
                "line 4: equivalence Alias: member T8 is not defined in the file",
                "line 5: relation R1: Arg2 R2 is not defined in the file",
            ]
        );
    }

    #[test]
    fn a_file_whose_references_all_resolve_has_none() {
        let ann = "T1\tPER 0 5\tAlice\nT2\tPER 10 13\tBob\nR1\tKnows Arg1:T1 Arg2:T2\n\
                   *\tAlias T1 T2\nA1\tNeg T1\n#1\tAnnotatorNotes R1\tArg1:T9 in a note\n";
        assert!(dangling(ann).is_empty(), "{:?}", dangling(ann));
    }
}
