//! Suggestions for the search box: as a citizen types, the titles of published documents that
//! contain what was typed (each part, in order of relevance; a Traditional-script entry finds
//! Simplified titles). A last single character counts as the start of a word being typed.

use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RegexQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::SearchIndex;
use crate::deadline::Deadline;
use crate::search::SearchError;
use crate::tokenize::{bigrams, fold, parts, to_simplified};

/// The most suggestions given.
pub const MAX_SUGGESTIONS: usize = 10;

/// How long finding suggestions may take (they are asked for at every keystroke).
const TIME_LIMIT: Duration = Duration::from_millis(150);

/// The longest entry read for suggestions, in characters.
const MAX_TYPED_CHARS: usize = 50;

/// One suggestion: a document's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The document.
    pub id: u64,
    /// Its title.
    pub title: String,
}

impl SearchIndex {
    /// Up to `limit` titles containing what was typed, on `site` or the whole group. Fewer than
    /// two characters typed give none.
    pub fn suggest(
        &self,
        typed: &str,
        site: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Suggestion>, SearchError> {
        let text: String = typed
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_TYPED_CHARS)
            .collect();
        let text = to_simplified(&text);
        let typed_parts = parts(&text);
        let typed_chars: usize = typed_parts.iter().map(|p| p.chars().count()).sum();
        if typed_chars < 2 {
            return Ok(Vec::new());
        }
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in &typed_parts {
            let grams = bigrams(part);
            let q: Box<dyn Query> = match grams.len() {
                0 => {
                    // One character: the start of a word still being typed.
                    let c = fold(part);
                    if !c.chars().all(char::is_alphanumeric) {
                        continue;
                    }
                    match RegexQuery::from_pattern(&format!("{c}."), f.title_bigrams) {
                        Ok(q) => Box::new(q),
                        Err(_) => continue,
                    }
                }
                1 => Box::new(TermQuery::new(
                    Term::from_field_text(f.title_bigrams, &grams[0].text),
                    IndexRecordOption::WithFreqs,
                )),
                _ => Box::new(crate::phrase::BigramPhraseQuery::new(
                    grams
                        .iter()
                        .enumerate()
                        .map(|(i, g)| (i, Term::from_field_text(f.title_bigrams, &g.text)))
                        .collect(),
                )),
            };
            must.push((Occur::Must, q));
        }
        if let Some(facet) = site.and_then(|s| Facet::from_text(&format!("/site/{s}")).ok()) {
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_facet(f.facets, &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let limit = limit.clamp(1, MAX_SUGGESTIONS);
        let searcher = self.reader.searcher();
        // Twice as many, since documents of the same title are given once.
        let top = TopDocs::with_limit(limit * 2).order_by_score();
        let collector = Deadline::new(top, Instant::now() + TIME_LIMIT);
        let found = searcher.search(&BooleanQuery::new(must), &collector)?;
        let mut out: Vec<Suggestion> = Vec::with_capacity(limit);
        for (_, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let title = doc
                .get_first(f.title)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned();
            if title.is_empty() || out.iter().any(|s| s.title == title) {
                continue;
            }
            out.push(Suggestion {
                id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0),
                title,
            });
            if out.len() == limit {
                break;
            }
        }
        Ok(out)
    }
}
