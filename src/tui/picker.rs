//! A filtered choice list (entity types, statuses, which annotation to
//! delete). Typing only filters; nothing fires until Enter.

/// One choice: a short code (matched first) and a longer label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub choices: Vec<Choice>,
    pub filter: String,
    /// Index into `visible()`.
    pub highlighted: usize,
}

impl Picker {
    pub fn new(title: impl Into<String>, choices: Vec<Choice>) -> Self {
        Self {
            title: title.into(),
            choices,
            filter: String::new(),
            highlighted: 0,
        }
    }

    /// Indices of the choices that match the filter, best first: a code equal
    /// to the filter, then codes starting with it, then codes or labels that
    /// contain it. Case does not matter.
    pub fn visible(&self) -> Vec<usize> {
        let f = self.filter.to_lowercase();
        if f.is_empty() {
            return (0..self.choices.len()).collect();
        }
        let mut ranked: Vec<(u8, usize)> = self
            .choices
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let code = c.code.to_lowercase();
                let rank = if code == f {
                    0
                } else if code.starts_with(&f) {
                    1
                } else if c.label.to_lowercase().starts_with(&f) {
                    2
                } else if code.contains(&f) || c.label.to_lowercase().contains(&f) {
                    3
                } else {
                    return None;
                };
                Some((rank, i))
            })
            .collect();
        ranked.sort();
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.highlighted = 0;
    }

    pub fn backspace(&mut self) {
        self.filter.pop();
        self.highlighted = 0;
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.visible().len();
        if n > 0 {
            self.highlighted = (self.highlighted as isize + delta).rem_euclid(n as isize) as usize;
        }
    }

    /// The index (into `choices`) Enter would pick.
    pub fn chosen(&self) -> Option<usize> {
        self.visible().get(self.highlighted).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> Picker {
        let c = |code: &str, label: &str| Choice {
            code: code.into(),
            label: label.into(),
        };
        Picker::new(
            "Entity type",
            vec![
                c("PER", "Person"),
                c("ORG", "Organization"),
                c("GPE", "Geo-political entity"),
                c("LOC", "Location"),
                c("FAC", "Facility"),
                c("TIME", "Time expression"),
            ],
        )
    }

    #[test]
    fn exact_code_first_then_prefixes_then_contained() {
        let mut p = types();
        for ch in "gpe".chars() {
            p.type_char(ch);
        }
        assert_eq!(p.chosen(), Some(2));
        let mut p = types();
        p.type_char('o');
        let codes: Vec<_> = p
            .visible()
            .iter()
            .map(|&i| p.choices[i].code.clone())
            .collect();
        assert_eq!(codes, ["ORG", "PER", "GPE", "LOC", "TIME"]);
        assert_eq!(
            codes[0], "ORG",
            "code prefix beats a label that contains it"
        );
    }

    #[test]
    fn label_prefix_and_navigation() {
        let mut p = types();
        for ch in "fac".chars() {
            p.type_char(ch);
        }
        assert_eq!(p.choices[p.chosen().unwrap()].code, "FAC");
        let mut p = types();
        p.type_char('t');
        p.type_char('i');
        assert_eq!(p.choices[p.chosen().unwrap()].code, "TIME");
        p.backspace();
        p.backspace();
        p.move_by(-1);
        assert_eq!(
            p.chosen(),
            Some(5),
            "moving up from the top wraps to the bottom"
        );
        p.type_char('q');
        assert_eq!(p.chosen(), None, "nothing has a q");
    }
}
