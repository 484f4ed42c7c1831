//! One article as agreement sees it: its tokens and, per annotator, the
//! accepted entities and the events and relations to compare.

use std::path::Path;

use super::events::Structure;
use super::kappa::{Label, Labelled};
use crate::annotation::Document;
use crate::text::SourceText;

/// Type names as labels: 0 is `O`, the rest in order of first sight.
#[derive(Debug, Clone)]
pub struct Types {
    names: Vec<String>,
    index: std::collections::HashMap<String, Label>,
}

impl Default for Types {
    fn default() -> Self {
        Types {
            names: vec!["O".to_owned()],
            index: std::collections::HashMap::new(),
        }
    }
}

impl Types {
    pub fn label(&mut self, name: &str) -> Label {
        if let Some(&l) = self.index.get(name) {
            return l;
        }
        let l = self.names.len() as Label;
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), l);
        l
    }

    pub fn name(&self, label: Label) -> &str {
        &self.names[label as usize]
    }
}

/// One annotator's file of the article, reduced to what is compared.
#[derive(Debug, Clone)]
pub struct Rater {
    pub name: String,
    /// Accepted entities within the text.
    pub entities: Vec<Labelled>,
    pub structure: Structure,
    /// Each token's label.
    pub labels: Vec<Label>,
}

/// An article with two or more annotators' files.
#[derive(Debug)]
pub struct Article {
    pub name: String,
    pub text: SourceText,
    pub tokens: Vec<(usize, usize)>,
    /// Sorted by name.
    pub raters: Vec<Rater>,
}

impl Article {
    pub fn new(name: String, text: SourceText) -> Article {
        let tokens = crate::formats::conll::plain_tokens(&text);
        Article {
            name,
            text,
            tokens,
            raters: Vec::new(),
        }
    }

    /// Adds an annotator's document: its accepted entities inside the
    /// text (suggestions are not annotations yet; triggers are events'),
    /// each type made a label by `label_of`.
    pub fn add(&mut self, name: String, doc: &Document, label_of: &mut dyn FnMut(&str) -> Label) {
        let len = self.text.len_chars();
        let entities: Vec<Labelled> = doc
            .entities
            .iter()
            .filter(|e| e.suggested.is_none() && e.start <= e.end && e.end <= len)
            .map(|e| Labelled {
                start: e.start,
                end: e.end,
                label: label_of(&e.kind),
            })
            .collect();
        self.raters.push(Rater {
            name,
            entities,
            structure: Structure::of(doc),
            labels: Vec::new(),
        });
    }

    /// Gives every rater's tokens their labels (ties between types go by
    /// their names, in `types`).
    pub fn label_tokens(&mut self, types: &Types) {
        for r in &mut self.raters {
            r.labels = super::kappa::labels(&self.tokens, &r.entities, |l| types.name(l));
        }
    }

    /// A token's text, control characters escaped (it goes to a file a
    /// person opens).
    pub fn token_text(&self, (start, end): (usize, usize)) -> String {
        let s = &self.text.as_str()[self.text.byte_of(start)..self.text.byte_of(end)];
        crate::text::escape(s).into_owned()
    }
}

/// Reads a source's text as `article::Source` does, without hashing it
/// (nothing is written back, so no hash is needed).
pub fn read_text(path: &Path) -> Result<SourceText, String> {
    crate::article::read_source(path, false, None).map(|(text, ..)| text)
}

/// Reads an annotation file for agreement: its document, or why not.
pub fn read_doc(path: &Path) -> Result<Document, String> {
    match crate::service::read_annotations(path) {
        Ok(Some(stored)) => Ok(stored.doc),
        Ok(None) => Err("no such file".to_owned()),
        Err(e) => Err(e.to_string()),
    }
}
