//! Chinese full-text search over the published catalogue (DESIGN.md, search): one tantivy index
//! of every published document — title, 文号, 索引号, body text, metadata as facets — with
//! dictionary words and character bigrams ([`tokenize`]), 文号 matched exactly whatever its
//! brackets, filters, relevance or date order, exact totals, facet counts and snippets cut from
//! the original text ([`search`]). The index records the last outbox entry it applied in its
//! commit ([`SearchIndex::commit`]), so a writer resumes where it stopped.

pub mod deadline;
#[doc(hidden)]
pub mod facets;
pub mod phrase;
pub mod search;
pub mod suggest;
pub mod synonyms;
pub mod tokenize;

use std::path::Path;

use chrono::Datelike;

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, TantivyDocument, Term, doc};

pub use search::{DEFAULT_TIME_LIMIT, Hit, Order, SearchError, SearchRequest, SearchResults};
pub use suggest::{MAX_SUGGESTIONS, Suggestion};
/// The index's writer (one per index: the node's writer task holds it).
pub use tantivy::{IndexWriter, TantivyError};

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The document's id.
    pub id: Field,
    /// 标题, as words.
    pub title: Field,
    /// 标题, as bigrams.
    pub title_bigrams: Field,
    /// The body's text, stored (snippets are cut from it), not indexed.
    pub body: Field,
    /// The title's and the body's text, as bigrams: the title's from position 0, the body's
    /// from [`tokenize::BODY_START`] (a match is found once and scored by where it stands).
    pub text_bigrams: Field,
    /// 文号, normalised to 〔〕 (one term).
    pub doc_number: Field,
    /// 索引号 (one term).
    pub index_number: Field,
    /// 主题词, stored; their bigrams are indexed in the title's zone of [`Fields::text_bigrams`]
    /// (after the title), so that a word found there weighs like one in the title.
    pub keywords: Field,
    /// Facets: `/agency/{id}`, `/subject/{code}`, `/item/{n}`, `/genre/{name}`, `/year/{yyyy}`,
    /// `/validity/{name}`, `/column/{id}`, `/site/{id}`.
    pub facets: Field,
    /// 发布日期 as days since 1970 (order by date, year ranges).
    pub day: Field,
    /// The columns the facet counts are read from (see `facets.rs`): agency, 主题分类,
    /// 第二十条 item, 文种, year, 效力状态, columns.
    pub counted: [Field; 7],
}

const WORDS: &str = "zh";
const BIGRAMS: &str = "bigram";
const TITLE_BODY: &str = "title_body";

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Bigrams keep positions (a query of three or more characters is a phrase of them); words
    // are only ever looked up one by one, so their frequencies suffice. Only what a hit shows is
    // stored: the index stays small against the text.
    let text = |tokenizer: &str, record: IndexRecordOption, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        );
        if stored { o.set_stored() } else { o }
    };
    let (words, grams) = (
        IndexRecordOption::WithFreqs,
        IndexRecordOption::WithFreqsAndPositions,
    );
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        title: b.add_text_field("title", text(WORDS, words, true)),
        title_bigrams: b.add_text_field("title_bigrams", text(BIGRAMS, grams, false)),
        // The body is found by its bigrams (any string of it) and kept for snippets; its words
        // would double the postings for a small gain in ranking.
        body: b.add_text_field("body", TextOptions::default().set_stored()),
        text_bigrams: b.add_text_field("text_bigrams", text(TITLE_BODY, grams, false)),
        doc_number: b.add_text_field("doc_number", STRING | STORED),
        index_number: b.add_text_field("index_number", STRING),
        keywords: b.add_text_field("keywords", TextOptions::default().set_stored()),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        day: b.add_i64_field("day", INDEXED | FAST),
        counted: facets::COUNTED.map(|(_, name, kind)| match kind {
            facets::Kind::Number => b.add_u64_field(name, FAST),
            facets::Kind::Text => b.add_text_field(name, TextOptions::default().set_fast("raw")),
        }),
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
    /// 主题词.
    pub keywords: String,
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
    /// The facet counts of each segment's documents (see `facets.rs`).
    facet_totals: std::sync::Arc<facets::Totals>,
    /// The synonyms applied to queries.
    synonyms: synonyms::Synonyms,
    /// Its fields.
    pub fields: Fields,
}

impl SearchIndex {
    fn with(mut index: Index, fields: Fields) -> tantivy::Result<SearchIndex> {
        // Segments are searched in parallel, one thread a core.
        index.set_default_multithread_executor()?;
        index
            .tokenizers()
            .register(WORDS, TextAnalyzer::from(tokenize::WordTokenizer));
        index
            .tokenizers()
            .register(BIGRAMS, TextAnalyzer::from(tokenize::BigramTokenizer));
        index
            .tokenizers()
            .register(TITLE_BODY, TextAnalyzer::from(tokenize::TitleBodyTokenizer));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        tokenize::warm_up();
        Ok(SearchIndex {
            index,
            reader,
            facet_totals: Default::default(),
            synonyms: synonyms::Synonyms::builtin(),
            fields,
        })
    }

    /// Replaces the synonyms applied to queries (the operator's list).
    pub fn set_synonyms(&mut self, list: synonyms::Synonyms) {
        self.synonyms = list;
    }

    /// Opens the index in `dir`, creating it (and the folder) if there is none. An index made
    /// by an earlier version with other fields is emptied and made anew: it then records no
    /// outbox entry, so the writer task fills it again from the start of the outbox.
    pub fn open(dir: &Path) -> tantivy::Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let settings = IndexSettings {
            // Chinese text: zstd stores it in about half the space lz4 takes.
            docstore_compression: tantivy::store::Compressor::Zstd(
                tantivy::store::ZstdCompressor::default(),
            ),
            docstore_blocksize: 64 * 1024,
            ..IndexSettings::default()
        };
        match Index::builder()
            .schema(schema.clone())
            .settings(settings.clone())
            .open_or_create(directory.clone())
        {
            Ok(index) => Self::with(index, fields),
            Err(tantivy::TantivyError::SchemaError(e)) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index of another version: rebuilding it");
                // Only the index's own files: the folder may hold others.
                const OWN: [&str; 8] = [
                    "idx",
                    "pos",
                    "term",
                    "store",
                    "fieldnorm",
                    "fast",
                    "del",
                    "json",
                ];
                for entry in std::fs::read_dir(dir)?.flatten() {
                    let path = entry.path();
                    let own = path
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| OWN.contains(&e));
                    if path.is_file() && own {
                        std::fs::remove_file(path)?;
                    }
                }
                Self::with(Index::create(directory, schema, settings)?, fields)
            }
            Err(e) => Err(e),
        }
    }

    /// An index in memory (tests).
    pub fn in_memory() -> tantivy::Result<SearchIndex> {
        let (schema, fields) = schema();
        Self::with(Index::create_in_ram(schema), fields)
    }

    /// The writer: one per index, kept by the one writer task. Its merges leave alone the
    /// large segments a rebuild made, one a core ([`SearchIndex::finish_bulk`]): merged back
    /// into one, a search would use a single core.
    pub fn writer(&self) -> tantivy::Result<IndexWriter> {
        let writer = self.index.writer(64 * 1024 * 1024)?;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let mut policy = tantivy::indexer::LogMergePolicy::default();
        let per_core = usize::try_from(self.len()).unwrap_or(usize::MAX) / (2 * cores);
        policy.set_max_docs_before_merge(per_core.max(100_000));
        writer.set_merge_policy(Box::new(policy));
        Ok(writer)
    }

    /// The writer of a rebuild: a larger buffer, so that a million documents make few segments,
    /// and no merges until [`SearchIndex::finish_bulk`].
    pub fn bulk_writer(&self) -> tantivy::Result<IndexWriter> {
        let writer = self.index.writer(512 * 1024 * 1024)?;
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(writer)
    }

    /// Commits a rebuild (recording `last_applied`), then merges its segments into as many
    /// segments of about equal size as the machine has cores: a search runs over the segments
    /// in parallel, one thread a core, so one large segment would leave the other cores idle.
    pub fn finish_bulk(&self, mut writer: IndexWriter, last_applied: i64) -> tantivy::Result<()> {
        self.commit(&mut writer, last_applied)?;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let mut segments: Vec<(u32, tantivy::index::SegmentId)> = self
            .index
            .searchable_segment_metas()?
            .iter()
            .map(|m| (m.num_docs(), m.id()))
            .collect();
        segments.sort_by_key(|s| std::cmp::Reverse(s.0));
        // The largest first, each into the group holding fewest documents so far.
        let mut groups: Vec<(u64, Vec<tantivy::index::SegmentId>)> =
            vec![(0, Vec::new()); cores.min(segments.len())];
        for (docs, id) in segments {
            if let Some(g) = groups.iter_mut().min_by_key(|g| g.0) {
                g.0 += u64::from(docs);
                g.1.push(id);
            }
        }
        let merges: Vec<_> = groups
            .into_iter()
            .filter(|g| g.1.len() > 1)
            .map(|g| writer.merge(&g.1))
            .collect();
        for merge in merges {
            merge.wait()?;
        }
        writer.wait_merging_threads()?;
        self.reload()
    }

    /// Adds `d`, replacing the document of the same id.
    pub fn put(&self, writer: &IndexWriter, d: &IndexedDocument) -> tantivy::Result<()> {
        writer.delete_term(Term::from_field_u64(self.fields.id, d.id));
        self.add_new(writer, d)
    }

    /// Adds `d` to an index known not to hold it (a rebuild after
    /// `delete_all_documents`): no delete to apply at the commit.
    pub fn add_new(&self, writer: &IndexWriter, d: &IndexedDocument) -> tantivy::Result<()> {
        let f = &self.fields;
        let day = day_number(&d.published_on);
        // The title's zone of the title-and-body field: the title, then the 主题词 (a bigram
        // never spans the space). The title's own fields (suggestions) keep the title alone.
        let keywords = d.keywords.trim();
        let zone = if keywords.is_empty() {
            d.title.clone()
        } else {
            format!("{} {keywords}", d.title)
        };
        let mut document: TantivyDocument = doc!(
            f.id => d.id,
            f.title => d.title.as_str(),
            f.title_bigrams => d.title.as_str(),
            f.body => d.body.as_str(),
            f.day => day,
        );
        let zone = zone.replace(tokenize::TITLE_END, "");
        let text = format!("{zone}{}{}", tokenize::TITLE_END, d.body);
        document.add_text(f.text_bigrams, &text);
        if let Some(n) = d.doc_number.as_deref().and_then(doc_number_term) {
            document.add_text(f.doc_number, &n);
        }
        if let Some(n) = d.index_number.as_deref().filter(|n| !n.is_empty()) {
            document.add_text(f.index_number, n);
        }
        if !keywords.is_empty() {
            document.add_text(f.keywords, keywords);
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
        // The same values again as columns, for the counts (in the order of `COUNTED`).
        let [agency, subject, item, genre, year, validity, column] = f.counted;
        document.add_u64(agency, d.agency_id.max(0) as u64);
        document.add_text(subject, &d.subject);
        if let Some(i) = d.item20 {
            document.add_u64(item, i.max(0) as u64);
        }
        document.add_text(genre, &d.genre);
        let y = d
            .published_on
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(0u64);
        document.add_u64(year, y);
        document.add_text(validity, &d.validity);
        for c in &d.columns {
            document.add_u64(column, (*c).max(0) as u64);
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
        self.commit_waiting(writer, last_applied, None)
    }

    /// [`SearchIndex::commit`], also recording the oldest outbox entry below `last_applied` not
    /// seen yet (a transaction still open holds it): a restart asks for it again.
    pub fn commit_waiting(
        &self,
        writer: &mut IndexWriter,
        last_applied: i64,
        oldest_waited: Option<i64>,
    ) -> tantivy::Result<()> {
        let mut prepared = writer.prepare_commit()?;
        let payload = match oldest_waited {
            Some(oldest) => format!("{last_applied} {oldest}"),
            None => last_applied.to_string(),
        };
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reload()
    }

    /// The numbers of the last commit's payload: the last entry applied, then the oldest waited
    /// for, if any.
    fn payload(&self) -> tantivy::Result<Vec<i64>> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .map(|p| {
                p.split_whitespace()
                    .filter_map(|n| n.parse().ok())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The outbox entry applied last, as committed; `None` for a new index.
    pub fn last_applied(&self) -> tantivy::Result<Option<i64>> {
        Ok(self.payload()?.first().copied())
    }

    /// The oldest outbox entry waited for at the last commit, if any.
    pub fn oldest_waited(&self) -> tantivy::Result<Option<i64>> {
        Ok(self.payload()?.get(1).copied())
    }

    /// The bytes of the index's files (its folder; 0 in memory).
    pub fn size_on_disk(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.metadata().ok())
                    .filter(std::fs::Metadata::is_file)
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    /// Makes the last commit visible to searches, and forgets the facet totals of segments it
    /// no longer has.
    fn reload(&self) -> tantivy::Result<()> {
        self.reader.reload()?;
        let live: Vec<_> = self
            .reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|r| (r.segment_id(), r.num_deleted_docs()))
            .collect();
        self.facet_totals.retain(&live);
        Ok(())
    }

    /// A searcher of the last commit (benchmarks and diagnostics).
    #[doc(hidden)]
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
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
