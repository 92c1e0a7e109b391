//! Chinese full-text search over the published catalogue (DESIGN.md, search): one tantivy index
//! of every published document — title, 文号, 索引号, body text, metadata as facets — with
//! dictionary words and character bigrams ([`tokenize`]), 文号 matched exactly whatever its
//! brackets, filters, relevance or date order, exact totals, facet counts and snippets cut from
//! the original text ([`search`]). The index records the last outbox entry it applied in its
//! commit ([`SearchIndex::commit`]), so a writer resumes where it stopped.

pub mod search;
pub mod tokenize;

use std::path::Path;

use chrono::Datelike;

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term, doc};

pub use search::{Hit, Order, SearchError, SearchRequest, SearchResults};
/// The index's writer (one per index: the node's writer task holds it).
pub use tantivy::IndexWriter;

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The document's id.
    pub id: Field,
    /// 标题, as words.
    pub title: Field,
    /// 标题, as bigrams.
    pub title_bigrams: Field,
    /// The body's text, as words (stored: snippets are cut from it).
    pub body: Field,
    /// The body's text, as bigrams.
    pub body_bigrams: Field,
    /// 文号, normalised to 〔〕 (one term).
    pub doc_number: Field,
    /// 索引号 (one term).
    pub index_number: Field,
    /// Facets: `/agency/{id}`, `/subject/{code}`, `/item/{n}`, `/genre/{name}`, `/year/{yyyy}`,
    /// `/validity/{name}`, `/column/{id}`, `/site/{id}`.
    pub facets: Field,
    /// 发布日期 as days since 1970 (order by date, year ranges).
    pub day: Field,
}

const WORDS: &str = "zh";
const BIGRAMS: &str = "bigram";

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        title: b.add_text_field("title", text(WORDS, true)),
        title_bigrams: b.add_text_field("title_bigrams", text(BIGRAMS, false)),
        body: b.add_text_field("body", text(WORDS, true)),
        body_bigrams: b.add_text_field("body_bigrams", text(BIGRAMS, false)),
        doc_number: b.add_text_field("doc_number", STRING | STORED),
        index_number: b.add_text_field("index_number", STRING | STORED),
        facets: b.add_facet_field("facets", FacetOptions::default().set_stored()),
        day: b.add_i64_field("day", INDEXED | STORED | FAST),
    };
    (b.build(), fields)
}

/// A published document as the index holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexedDocument {
    /// Its id.
    pub id: u64,
    /// 标题.
    pub title: String,
    /// The body as plain text (and the text of its readable attachments).
    pub body: String,
    /// 文号 as entered.
    pub doc_number: Option<String>,
    /// 索引号.
    pub index_number: Option<String>,
    /// The lead agency.
    pub agency_id: i64,
    /// 主题分类 code.
    pub subject: String,
    /// 第二十条 item.
    pub item20: Option<i64>,
    /// 文种 (stored name).
    pub genre: String,
    /// 效力状态 (stored name).
    pub validity: String,
    /// The columns it is listed in.
    pub columns: Vec<i64>,
    /// The sites whose columns list it (search on one site).
    pub sites: Vec<i64>,
    /// 发布日期 (`YYYY-MM-DD`).
    pub published_on: String,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; 0 when unreadable.
pub fn day_number(date: &str) -> i64 {
    chrono::NaiveDate::parse_from_str(date.get(..10).unwrap_or(""), "%Y-%m-%d")
        .map_or(0, |d| i64::from(d.num_days_from_ce()) - 719_163)
}

/// 文号 as the index holds it: normalised to 〔〕 when it reads as one, otherwise folded.
pub fn doc_number_term(input: &str) -> Option<String> {
    let t = input.trim();
    if t.is_empty() {
        return None;
    }
    Some(
        gongkai_domain::catalogue::doc_number::normalise_doc_number(t)
            .unwrap_or_else(|_| tokenize::fold(t)),
    )
}

/// The index, and a reader of its last commit.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// Its fields.
    pub fields: Fields,
}

impl SearchIndex {
    fn with(index: Index, fields: Fields) -> tantivy::Result<SearchIndex> {
        index
            .tokenizers()
            .register(WORDS, TextAnalyzer::from(tokenize::WordTokenizer));
        index
            .tokenizers()
            .register(BIGRAMS, TextAnalyzer::from(tokenize::BigramTokenizer));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        tokenize::warm_up();
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// Opens the index in `dir`, creating it (and the folder) if there is none.
    pub fn open(dir: &Path) -> tantivy::Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        Self::with(Index::open_or_create(directory, schema)?, fields)
    }

    /// An index in memory (tests).
    pub fn in_memory() -> tantivy::Result<SearchIndex> {
        let (schema, fields) = schema();
        Self::with(Index::create_in_ram(schema), fields)
    }

    /// The writer: one per index, kept by the one writer task.
    pub fn writer(&self) -> tantivy::Result<IndexWriter> {
        self.index.writer(64 * 1024 * 1024)
    }

    /// Adds `d`, replacing the document of the same id.
    pub fn put(&self, writer: &IndexWriter, d: &IndexedDocument) -> tantivy::Result<()> {
        let f = &self.fields;
        writer.delete_term(Term::from_field_u64(f.id, d.id));
        let day = day_number(&d.published_on);
        let mut document: TantivyDocument = doc!(
            f.id => d.id,
            f.title => d.title.as_str(),
            f.title_bigrams => d.title.as_str(),
            f.body => d.body.as_str(),
            f.body_bigrams => d.body.as_str(),
            f.day => day,
        );
        if let Some(n) = d.doc_number.as_deref().and_then(doc_number_term) {
            document.add_text(f.doc_number, &n);
        }
        if let Some(n) = d.index_number.as_deref().filter(|n| !n.is_empty()) {
            document.add_text(f.index_number, n);
        }
        let mut facets = vec![
            format!("/agency/{}", d.agency_id),
            format!("/subject/{}", d.subject),
            format!("/genre/{}", d.genre),
            format!("/validity/{}", d.validity),
            format!("/year/{}", d.published_on.get(..4).unwrap_or("0000")),
        ];
        if let Some(i) = d.item20 {
            facets.push(format!("/item/{i}"));
        }
        facets.extend(d.columns.iter().map(|c| format!("/column/{c}")));
        facets.extend(d.sites.iter().map(|s| format!("/site/{s}")));
        for path in facets {
            if let Ok(facet) = tantivy::schema::Facet::from_text(&path) {
                document.add_facet(f.facets, facet);
            }
        }
        writer.add_document(document)?;
        Ok(())
    }

    /// Removes the document `id` (unpublished, withdrawn).
    pub fn remove(&self, writer: &IndexWriter, id: u64) {
        writer.delete_term(Term::from_field_u64(self.fields.id, id));
    }

    /// Commits what `writer` holds, recording `last_applied` (the outbox entry applied last) in
    /// the same commit, and makes it visible to searches.
    pub fn commit(&self, writer: &mut IndexWriter, last_applied: i64) -> tantivy::Result<()> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&last_applied.to_string());
        prepared.commit()?;
        self.reader.reload()
    }

    /// The outbox entry applied last, as committed; `None` for a new index.
    pub fn last_applied(&self) -> tantivy::Result<Option<i64>> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .and_then(|p| p.parse().ok()))
    }

    /// Documents in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_1970() {
        assert_eq!(day_number("1970-01-01"), 0);
        assert_eq!(day_number("2024-03-01"), 19_783);
        assert_eq!(day_number("2024-03-01T08:00"), 19_783);
        assert_eq!(day_number("昨天"), 0);
    }
}
