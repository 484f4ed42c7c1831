//! A small reading of Rust source as text for the architecture test: enough
//! to count lines and braces and find words and `crate::` paths in code.

use std::fs;
use std::path::Path;

/// One source file, its path relative to the crate root with `/`.
pub struct Source {
    pub path: String,
    pub text: String,
    /// `text` with comments, strings and character literals blanked (line
    /// breaks kept, so line numbers agree).
    pub code: String,
}

/// A function found in code: its name and how many lines it spans.
pub struct Function {
    pub name: String,
    pub lines: usize,
}

/// Every `.rs` file under `root/dir`, in path order.
pub fn rust_files(root: &Path, dir: &str) -> Vec<Source> {
    let mut paths = Vec::new();
    collect(&root.join(dir), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("a source file reads as UTF-8");
            let relative = path.strip_prefix(root).expect("under the root");
            let path = relative.to_string_lossy().replace('\\', "/");
            let code = blank_non_code(&text);
            Source { path, text, code }
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

impl Source {
    /// Identifier-like words of the code.
    pub fn code_words(&self) -> impl Iterator<Item = &str> {
        self.code
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
    }

    /// `x` for `src/x.rs` and every file under `src/x/`; none for the crate
    /// roots (`lib.rs`, `main.rs`).
    pub fn top_module(&self) -> Option<String> {
        let rest = self.path.strip_prefix("src/")?;
        let first = rest.split('/').next()?;
        let name = first.strip_suffix(".rs").unwrap_or(first);
        (name != "lib" && name != "main").then(|| name.to_owned())
    }

    /// A file that only tests compile: `tests.rs`, anything under a
    /// `tests/` folder of `src/`, and the parser property tests.
    pub fn is_test_code(&self) -> bool {
        self.path.ends_with("/tests.rs")
            || (self.path.starts_with("src/") && self.path.contains("/tests/"))
            || self.path.starts_with("src/parser_props")
    }

    /// The text (strings and comments kept) up to the first `#[cfg(test)]`.
    pub fn text_before_tests(&self) -> &str {
        match self.text.find("#[cfg(test)]") {
            Some(at) => &self.text[..at],
            None => &self.text,
        }
    }

    /// The code up to the first `#[cfg(test)]`.
    pub fn code_before_tests(&self) -> &str {
        match self.code.find("#[cfg(test)]") {
            Some(at) => &self.code[..at],
            None => &self.code,
        }
    }

    /// The top-level modules named as `crate::y` (or `crate::{y, …}`) in
    /// the code before any `#[cfg(test)]`.
    pub fn crate_paths_before_tests(&self) -> Vec<String> {
        let code = self.code_before_tests();
        let mut out = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    out.extend(first_segment(item.trim()));
                }
            } else {
                out.extend(first_segment(rest));
            }
        }
        out
    }
}

fn first_segment(path: &str) -> Option<String> {
    let name: String = path
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Every `fn` with a body, with the lines from its `fn` to its closing brace.
pub fn functions(source: &Source) -> Vec<Function> {
    let code: Vec<char> = source.code.chars().collect();
    let mut out = Vec::new();
    let mut open: Vec<(String, usize, usize)> = Vec::new(); // name, start line, depth
    let (mut line, mut depth) = (1, 0usize);
    let mut pending: Option<(String, usize)> = None;
    let mut i = 0;
    while i < code.len() {
        let c = code[i];
        if c == '\n' {
            line += 1;
        } else if c == '{' {
            depth += 1;
            if let Some((name, start)) = pending.take() {
                open.push((name, start, depth));
            }
        } else if c == '}' {
            if open.last().is_some_and(|(_, _, d)| *d == depth) {
                let (name, start, _) = open.pop().expect("checked");
                out.push(Function {
                    name,
                    lines: line - start + 1,
                });
            }
            depth = depth.saturating_sub(1);
        } else if c == ';' && pending.is_some() && !in_brackets(&code, i) {
            pending = None; // a declaration without a body
        } else if is_word_at(&code, i, "fn") {
            let name: String = code[i + 2..]
                .iter()
                .skip_while(|c| c.is_whitespace())
                .take_while(|c| c.is_alphanumeric() || **c == '_')
                .collect();
            if !name.is_empty() {
                pending = Some((name, line));
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// Whether `code[i]` sits inside `[…]` opened since the last `fn` (as in
/// `fn f() -> [u8; 4] {`), which a `;` there does not end.
fn in_brackets(code: &[char], i: usize) -> bool {
    let mut level = 0i32;
    for &c in code[..i].iter().rev() {
        match c {
            ']' => level += 1,
            '[' if level == 0 => return true,
            '[' => level -= 1,
            '{' | '}' => return false,
            _ => {}
        }
    }
    false
}

fn is_word_at(code: &[char], i: usize, word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    let ident = |c: &char| c.is_alphanumeric() || *c == '_';
    code.get(i..i + w.len()) == Some(&w[..])
        && (i == 0 || !ident(&code[i - 1]))
        && !code.get(i + w.len()).is_some_and(ident)
}

/// Comments, string literals (plain, byte and raw) and character literals
/// replaced by spaces, line breaks kept.
pub fn blank_non_code(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[char]| {
        out.extend(s.iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
    };
    while i < c.len() {
        let end = if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            c[i..]
                .iter()
                .position(|&ch| ch == '\n')
                .map_or(c.len(), |p| i + p)
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            block_comment_end(&c, i)
        } else if let Some(end) = raw_string_end(&c, i) {
            end
        } else if c[i] == '"' {
            string_end(&c, i + 1)
        } else if let Some(end) = char_literal_end(&c, i) {
            end
        } else {
            out.push(c[i]);
            i += 1;
            continue;
        };
        blank(&mut out, &c[i..end]);
        i = end;
    }
    out
}

fn block_comment_end(c: &[char], start: usize) -> usize {
    let (mut depth, mut i) = (0, start);
    while i + 1 < c.len() {
        if c[i] == '/' && c[i + 1] == '*' {
            depth += 1;
            i += 2;
        } else if c[i] == '*' && c[i + 1] == '/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    c.len()
}

/// After the opening quote: the index past the closing one.
fn string_end(c: &[char], mut i: usize) -> usize {
    while i < c.len() {
        match c[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    c.len()
}

/// `r"…"`, `r#"…"#`, `br"…"` starting at `i` (not inside an identifier).
fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
    j += hashes;
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < c.len() {
        if c[j] == '"'
            && c[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&h| h == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

/// `'x'` or `'\n'`-like literals; a lifetime (`'a`) is not one.
fn char_literal_end(c: &[char], i: usize) -> Option<usize> {
    if c[i] != '\'' {
        return None;
    }
    if c.get(i + 1) == Some(&'\\') {
        let close = c[i + 2..].iter().position(|&ch| ch == '\'')?;
        return Some(i + 2 + close + 1);
    }
    (c.get(i + 2) == Some(&'\'')).then_some(i + 3)
}

#[test]
fn the_scanner_counts_code_not_comments_or_strings() {
    let source = Source {
        path: "src/x.rs".into(),
        text: String::new(),
        code: blank_non_code(
            "// fn hidden() {\nfn a() -> [u8; 2] {\n    let s = \"}\";\n    let c = '{';\n    [1, 2]\n}\nfn b<'a>(x: &'a str);\n/* } */ fn c() {\n}\n",
        ),
    };
    let found: Vec<(String, usize)> = functions(&source)
        .into_iter()
        .map(|f| (f.name, f.lines))
        .collect();
    assert_eq!(found, [("a".to_owned(), 5), ("c".to_owned(), 2)]);
    assert!(!source.code_words().any(|w| w == "hidden"));
}
