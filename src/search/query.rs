//! What a search asks for, parsed from what the user typed: plain text
//! (smart case, as the article's search), `re:` and a regular expression,
//! or an annotation query (`@PER`, `@PER:text`, `@?`, `@!`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::text::esc;

/// A parsed query.
#[derive(Debug, Clone)]
pub enum Query {
    /// Matches in the articles' text.
    Text(TextQuery),
    /// Annotations in the articles' annotation files.
    Annotation(AnnotationQuery),
}

/// Text to find: a literal (smart case) or a regular expression.
#[derive(Debug, Clone)]
pub struct TextQuery {
    /// The query as typed (without the `re:`).
    typed: String,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Leftmost, non-overlapping, ASCII case folded or not: what
    /// `SourceText::matches_in` finds, without folding a copy of the text.
    Literal {
        finder: AhoCorasick,
        folds: bool,
    },
    Regex(regex::Regex),
}

/// Annotations to find.
#[derive(Debug, Clone)]
pub enum AnnotationQuery {
    /// `@TYPE`: entities of that type and events of that event type (at
    /// their trigger), pending suggestions included; `@TYPE:text` keeps
    /// those whose text contains `text` (smart case).
    Type {
        kind: String,
        text: Option<TextQuery>,
    },
    /// `@?`: pending suggestions (entities, events, relations).
    Suggestions,
    /// `@!`: annotations that validation flags, orphans included, and the
    /// problems of a whole file.
    Problems,
}

/// Why a query cannot be used; it says what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: type text, re:REGEX, @TYPE, @TYPE:text, @? or @!")]
    Empty,
    #[error("re: needs a regular expression after it")]
    EmptyRegex,
    /// `column` counts code points of the whole query from 1 (`re:` included).
    #[error("{} is not a valid regular expression: {why}{}", esc(.query), at_column(*.column))]
    BadRegex {
        query: String,
        column: Option<usize>,
        why: String,
    },
    #[error("@ needs a type after it: @PER, @PER:text, @? (suggestions) or @! (problems)")]
    NoType,
    #[error("@{k}: needs text after the colon (or leave the colon out for every {k})", k = esc(.kind))]
    EmptyText { kind: String },
    /// `column` counts code points of the whole query from 1.
    #[error("{}: a type has no {what} (column {column}); @? and @! take nothing after them", esc(.query))]
    BadType {
        query: String,
        what: &'static str,
        column: usize,
    },
}

fn at_column(column: Option<usize>) -> String {
    column.map_or_else(String::new, |c| format!(" (at column {c})"))
}

impl QueryError {
    /// Where in the query it is wrong (code points from 1), if one place is.
    pub fn column(&self) -> Option<usize> {
        match self {
            QueryError::BadRegex { column, .. } => *column,
            QueryError::BadType { column, .. } => Some(*column),
            _ => None,
        }
    }

    /// The query and a `^` under the place it is wrong, as two lines, for
    /// a message that has room for them.
    pub fn marker(&self) -> Option<String> {
        let (query, column) = match self {
            QueryError::BadRegex {
                query,
                column: Some(c),
                ..
            }
            | QueryError::BadType {
                query, column: c, ..
            } => (query, *c),
            _ => return None,
        };
        let before: String = query.chars().take(column - 1).collect();
        let pad = crate::text::str_width(&esc(&before).to_string());
        Some(format!("{}\n{}^", esc(query), " ".repeat(pad)))
    }
}

const REGEX_PREFIX: &str = "re:";

/// Parses what the user typed. A leading `\` makes the rest plain text
/// (`\@PER`, `\re:x` search for those characters).
pub fn parse(query: &str) -> Result<Query, QueryError> {
    if query.is_empty() {
        return Err(QueryError::Empty);
    }
    if let Some(rest) = query.strip_prefix('\\')
        && (rest.starts_with(REGEX_PREFIX) || rest.starts_with(['@', '\\']))
    {
        return Ok(Query::Text(TextQuery::literal(rest)));
    }
    if let Some(pattern) = query.strip_prefix(REGEX_PREFIX) {
        return TextQuery::regex(query, pattern).map(Query::Text);
    }
    match query.strip_prefix('@') {
        Some(rest) => parse_annotation(query, rest).map(Query::Annotation),
        None => Ok(Query::Text(TextQuery::literal(query))),
    }
}

fn parse_annotation(query: &str, rest: &str) -> Result<AnnotationQuery, QueryError> {
    let (kind, text) = match rest.split_once(':') {
        Some((kind, text)) => (kind, Some(text)),
        None => (rest, None),
    };
    match (kind, text) {
        ("", None) => return Err(QueryError::NoType),
        ("?", None) => return Ok(AnnotationQuery::Suggestions),
        ("!", None) => return Ok(AnnotationQuery::Problems),
        ("", Some(_)) => return Err(QueryError::NoType),
        _ => {}
    }
    let odd = kind
        .chars()
        .position(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '!');
    if let Some(at) = odd {
        let c = kind.chars().nth(at).unwrap_or(' ');
        let what = if c == '?' || c == '!' {
            "? or ! inside it"
        } else {
            "spaces or control characters"
        };
        return Err(QueryError::BadType {
            query: query.to_owned(),
            what,
            column: at + 2,
        });
    }
    let text = match text {
        Some("") => {
            return Err(QueryError::EmptyText {
                kind: kind.to_owned(),
            });
        }
        Some(t) => Some(TextQuery::literal(t)),
        None => None,
    };
    Ok(AnnotationQuery::Type {
        kind: kind.to_owned(),
        text,
    })
}

impl TextQuery {
    /// Plain text, smart case: an all-lower-case query ignores (ASCII)
    /// case, as the article's search (`SourceText::find_from`) does.
    /// `typed` must not be empty.
    pub fn literal(typed: &str) -> Self {
        let folds = !typed.chars().any(char::is_uppercase);
        let finder = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .ascii_case_insensitive(folds)
            .build([typed])
            .expect("one literal pattern always builds");
        Self {
            typed: typed.to_owned(),
            matcher: Matcher::Literal { finder, folds },
        }
    }

    /// A regular expression (case as written); `query` is the whole query,
    /// for saying where it is wrong.
    fn regex(query: &str, pattern: &str) -> Result<Self, QueryError> {
        if pattern.is_empty() {
            return Err(QueryError::EmptyRegex);
        }
        let offset = query.chars().count() - pattern.chars().count();
        // The syntax is checked first for the place of a mistake, which
        // the regex crate's own error only draws.
        if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
            let (why, column) = match &e {
                regex_syntax::Error::Parse(e) => (e.kind().to_string(), e.span().start.column),
                regex_syntax::Error::Translate(e) => (e.kind().to_string(), e.span().start.column),
                other => (other.to_string(), 0),
            };
            return Err(QueryError::BadRegex {
                query: query.to_owned(),
                column: (column > 0).then_some(offset + column),
                why,
            });
        }
        let regex = regex::Regex::new(pattern).map_err(|e| QueryError::BadRegex {
            query: query.to_owned(),
            column: None,
            why: e.to_string(),
        })?;
        Ok(Self {
            typed: pattern.to_owned(),
            matcher: Matcher::Regex(regex),
        })
    }

    /// The text or pattern as typed (without `re:`).
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    pub fn is_regex(&self) -> bool {
        matches!(self.matcher, Matcher::Regex(_))
    }

    /// Whether case is ignored (an all-lower-case plain text query).
    pub fn ignores_case(&self) -> bool {
        matches!(self.matcher, Matcher::Literal { folds: true, .. })
    }

    /// Byte ranges of the matches in `text`, in order, not overlapping;
    /// a regular expression's empty matches are left out.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = (usize, usize)> + 't> {
        match &self.matcher {
            Matcher::Literal { finder, .. } => {
                Box::new(finder.find_iter(text).map(|m| (m.start(), m.end())))
            }
            Matcher::Regex(re) => Box::new(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start(), m.end())),
            ),
        }
    }

    /// Whether `text` has a match at all.
    pub fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }
}
