//! A search: the query as typed, turned into index terms by the tokenizers' own rules (never a
//! query language: quotes, `AND`, `+`, `*` are just characters), the filters, the order, one
//! page of hits with snippets from the original text, the exact total and facet counts.

use std::ops::Bound;
use std::time::{Duration, Instant};

use gongkai_domain::catalogue::body::escape_html as escape;

use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{DocAddress, Order as TantivyOrder, Searcher, TantivyDocument, Term};

use crate::deadline::Deadline;
use crate::facets::{COUNTED, Counts, FacetCounter};
use crate::phrase::BigramPhraseQuery;
use crate::tokenize::{bigrams, fold, parts, segments, to_simplified, words};
use crate::{SearchIndex, day_number, doc_number_term};

/// The longest query read, in characters; the rest is dropped (and said).
pub const MAX_QUERY_CHARS: usize = 200;

/// How long a search may take by default; past it, the results found so far are returned and
/// marked partial.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(1);

/// The most words of one part of a query that may stand anywhere in a document; a longer part
/// must match as written or with all its words in the title.
pub const MAX_SPREAD_WORDS: usize = 3;

/// A word is common when more than 1/`COMMON_SHARE` of the documents hold it…
const COMMON_SHARE: u64 = 20;

/// …and more than this many (in a small catalogue no word is common).
const COMMON_DOCS: u64 = 20_000;

/// The most hits a page holds.
pub const MAX_PAGE_SIZE: usize = 100;

/// The order of the hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Best match first: title and whole-word matches before body and bigram matches.
    #[default]
    Relevance,
    /// Newest 发布日期 first.
    Date,
}

/// What to search.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query as typed (empty: every document, newest first).
    pub query: String,
    /// Only these agencies (empty: all).
    pub agencies: Vec<i64>,
    /// 主题分类 code.
    pub subject: Option<String>,
    /// 第二十条 item.
    pub item20: Option<i64>,
    /// 文种.
    pub genre: Option<String>,
    /// 效力状态.
    pub validity: Option<String>,
    /// A column.
    pub column: Option<i64>,
    /// Only documents listed on this site (empty: the whole site group).
    pub site: Option<i64>,
    /// Published from this year…
    pub year_from: Option<i32>,
    /// …to this year, inclusive.
    pub year_to: Option<i32>,
    /// The order.
    pub order: Order,
    /// Hits skipped (pagination).
    pub offset: usize,
    /// Hits wanted (at most [`MAX_PAGE_SIZE`]).
    pub limit: usize,
    /// The bound on the search's time (default [`DEFAULT_TIME_LIMIT`]).
    pub time_limit: Option<Duration>,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The document's id.
    pub id: u64,
    /// Its title.
    pub title: String,
    /// The title as HTML with the matches in `<mark>`.
    pub title_html: String,
    /// A passage of the body around the first match, as HTML with the matches in `<mark>`.
    pub snippet_html: String,
    /// 文号, normalised.
    pub doc_number: Option<String>,
    /// The score (0 when ordered by date).
    pub score: f32,
}

/// A page of results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Every document that matches (exact).
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts by facet, `("agency", "12", 40)`, most first within each dimension.
    pub facets: Vec<(String, String, u64)>,
    /// The query was longer than [`MAX_QUERY_CHARS`] and was cut.
    pub truncated: bool,
    /// The time bound was reached: the hits, total and counts are those found until then.
    pub partial: bool,
}

/// Why a search failed (the index; never the query).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index could not be read.
    #[error("检索索引读取失败：{0}")]
    Index(#[from] tantivy::TantivyError),
}

impl SearchIndex {
    /// One part of the query (a run of word characters), as written or with a synonym in place
    /// of one of its words (低保标准, 最低生活保障标准).
    fn part_query(&self, part: &str) -> Box<dyn Query> {
        let mut any: Vec<(Occur, Box<dyn Query>)> = self
            .synonyms
            .variants(part)
            .iter()
            .map(|v| (Occur::Should, self.words_query(v)))
            .collect();
        match any.len() {
            1 => any.remove(0).1,
            _ => Box::new(BooleanQuery::new(any)),
        }
    }

    /// A part as a citizen means it: each of its words anywhere (养老补贴 finds 养老服务补贴), the
    /// documents holding the whole part as written scoring first. Chinese is typed without
    /// spaces, so the words are found by the dictionary, not by the spaces. A part whose words
    /// are each very common is searched as written. A part of more than
    /// [`MAX_SPREAD_WORDS`] words is a title or a sentence copied: it matches as written, or
    /// with every word in the title (its words scattered over a long body are no answer).
    fn words_query(&self, part: &str) -> Box<dyn Query> {
        let words = segments(part);
        // Words that are each very common (部门关于, 关于成立) are meant together: apart, they
        // would match much of the catalogue and say nothing.
        if words.len() <= 1 || words.iter().all(|w| self.is_common(w)) {
            return self.word_query(part);
        }
        let phrase = Box::new(BoostQuery::new(self.phrase_query(part), 2.0));
        if words.len() > MAX_SPREAD_WORDS {
            let in_title: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| (Occur::Must, self.title_word_query(w)))
                .collect();
            return Box::new(BooleanQuery::new(vec![
                (Occur::Should, phrase),
                (Occur::Should, Box::new(BooleanQuery::new(in_title))),
            ]));
        }
        let all: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| (Occur::Must, self.word_query(w)))
            .collect();
        // The phrase only adds to the score of the documents that have every word (it is
        // advanced to them, not searched on its own).
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(BooleanQuery::new(all))),
            (Occur::Should, phrase),
        ]))
    }

    /// A word in the title.
    fn title_word_query(&self, word: &str) -> Box<dyn Query> {
        let f = &self.fields;
        let grams = bigrams(word);
        if grams.is_empty() {
            return Box::new(TermQuery::new(
                Term::from_field_text(f.title, &fold(word)),
                IndexRecordOption::WithFreqs,
            ));
        }
        Box::new(BigramPhraseQuery::new(cover(&grams, f.title_bigrams)))
    }

    /// A word in the title (the 主题词 included) or the body.
    fn word_query(&self, word: &str) -> Box<dyn Query> {
        self.phrase_query(word)
    }

    /// Whether a word is in so many documents (each of its bigrams in more than
    /// 1/[`COMMON_SHARE`] of them, and more than [`COMMON_DOCS`]) that it says little on its own:
    /// 关于, 部门.
    fn is_common(&self, word: &str) -> bool {
        let searcher = self.reader.searcher();
        let floor = (searcher.num_docs() / COMMON_SHARE).max(COMMON_DOCS);
        let grams = bigrams(word);
        grams.is_empty()
            || grams.iter().all(|g| {
                searcher
                    .doc_freq(&Term::from_field_text(self.fields.text_bigrams, &g.text))
                    .is_ok_and(|n| n > floor)
            })
    }

    /// A string's bigrams as a phrase anywhere in the title or the body (a match in the title
    /// scoring four times one in the body), whole words in the title adding to the score.
    fn phrase_query(&self, part: &str) -> Box<dyn Query> {
        let f = &self.fields;
        let grams = bigrams(part);
        if grams.is_empty() {
            // One character: as a word of the title, or inside any bigram (税 in 税务, 个税).
            // A part holds word characters only, so the pattern has nothing to escape.
            let c = fold(part);
            let title_word = TermQuery::new(
                Term::from_field_text(f.title, &c),
                IndexRecordOption::WithFreqs,
            );
            let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(title_word), 3.0)),
            )];
            for (bigram_field, boost) in [(f.title_bigrams, 3.0), (f.text_bigrams, 1.0)] {
                if c.chars().all(char::is_alphanumeric)
                    && let Ok(inside) =
                        RegexQuery::from_pattern(&format!("{c}.|.{c}"), bigram_field)
                {
                    any.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(inside), boost)),
                    ));
                }
            }
            return Box::new(BooleanQuery::new(any));
        }
        // A bigram's position tells the title from the body.
        let mut phrase =
            BigramPhraseQuery::new(cover(&grams, f.text_bigrams)).with_title(f.title_bigrams, 4.0);
        // The part's whole words as words of the title: a match there adds to the score only.
        for w in whole_words(part) {
            phrase = phrase.with_bonus(Term::from_field_text(f.title, &w), 2.0);
        }
        Box::new(phrase)
    }

    /// The text part of a query: every part of the query must occur, or the whole query is a
    /// 文号 or 索引号 the index has.
    fn text_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let query_parts = parts(text);
        if query_parts.is_empty() {
            return None;
        }
        let all: Vec<(Occur, Box<dyn Query>)> = query_parts
            .iter()
            .map(|p| (Occur::Must, self.part_query(p)))
            .collect();
        let mut either: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Should, Box::new(BooleanQuery::new(all)))];
        if let Some(n) = doc_number_term(text) {
            let exact = TermQuery::new(
                Term::from_field_text(f.doc_number, &n),
                IndexRecordOption::Basic,
            );
            either.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(exact), 20.0)),
            ));
        }
        let index_number = TermQuery::new(
            Term::from_field_text(f.index_number, text.trim()),
            IndexRecordOption::Basic,
        );
        either.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(index_number), 20.0)),
        ));
        Some(Box::new(BooleanQuery::new(either)))
    }

    /// The query of a request: the text as typed or in Simplified script (either may match),
    /// then the filters.
    fn query(&self, r: &SearchRequest, variants: &[String]) -> Box<dyn Query> {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let texts: Vec<(Occur, Box<dyn Query>)> = variants
            .iter()
            .filter_map(|t| self.text_query(t))
            .map(|q| (Occur::Should, q))
            .collect();
        if !texts.is_empty() {
            must.push((Occur::Must, Box::new(BooleanQuery::new(texts))));
        } else if !r.query.trim().is_empty() {
            // Something was typed but none of it is a word (`*`, a lone quote): nothing matches,
            // rather than the whole catalogue.
            return Box::new(EmptyQuery);
        }
        let facet = |path: String| -> Option<Box<dyn Query>> {
            let facet = Facet::from_text(&path).ok()?;
            Some(Box::new(TermQuery::new(
                Term::from_facet(f.facets, &facet),
                IndexRecordOption::Basic,
            )))
        };
        if !r.agencies.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = r
                .agencies
                .iter()
                .filter_map(|a| facet(format!("/agency/{a}")))
                .map(|q| (Occur::Should, q))
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let filters = [
            r.subject.as_ref().map(|s| format!("/subject/{s}")),
            r.item20.map(|i| format!("/item/{i}")),
            r.genre.as_ref().map(|g| format!("/genre/{g}")),
            r.validity.as_ref().map(|v| format!("/validity/{v}")),
            r.column.map(|c| format!("/column/{c}")),
            r.site.map(|s| format!("/site/{s}")),
        ];
        for path in filters.into_iter().flatten() {
            if let Some(q) = facet(path) {
                must.push((Occur::Must, q));
            }
        }
        if r.year_from.is_some() || r.year_to.is_some() {
            let from = r.year_from.map_or(Bound::Unbounded, |y| {
                Bound::Included(Term::from_field_i64(
                    f.day,
                    day_number(&format!("{y:04}-01-01")),
                ))
            });
            let to = r.year_to.map_or(Bound::Unbounded, |y| {
                Bound::Included(Term::from_field_i64(
                    f.day,
                    day_number(&format!("{y:04}-12-31")),
                ))
            });
            must.push((Occur::Must, Box::new(RangeQuery::new(from, to))));
        }
        if must.is_empty() {
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(must))
    }

    /// Runs a search.
    pub fn search(&self, r: &SearchRequest) -> Result<SearchResults, SearchError> {
        let truncated = r.query.chars().count() > MAX_QUERY_CHARS;
        let text: String = r
            .query
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY_CHARS)
            .collect();
        // A query in Traditional script finds Simplified documents (and the other way round
        // for documents written in Traditional).
        let simplified = to_simplified(&text);
        let variants: Vec<String> = if simplified == text {
            vec![text.clone()]
        } else {
            vec![text.clone(), simplified]
        };
        let query = self.query(r, &variants);
        let searcher = self.reader.searcher();
        let limit = r.limit.clamp(1, MAX_PAGE_SIZE);
        let facets = FacetCounter::new(self.facet_totals.clone());
        let by_date = r.order == Order::Date || parts(&text).is_empty();
        let until = Instant::now() + r.time_limit.unwrap_or(DEFAULT_TIME_LIMIT);
        let top = TopDocs::with_limit(limit).and_offset(r.offset);
        let (page, total, counts, partial) = if by_date {
            let newest = top.order_by_fast_field::<i64>("day", TantivyOrder::Desc);
            let (docs, total, counts, partial) = collect(&searcher, &query, newest, facets, until)?;
            let docs = docs.into_iter().map(|(_, a)| (0.0, a)).collect();
            (docs, total, counts, partial)
        } else {
            collect(&searcher, &query, top.order_by_score(), facets, until)?
        };
        let f = &self.fields;
        // Each distinct part once, the first ten: marking costs text length × needles.
        let mut needles: Vec<String> = Vec::new();
        // The parts as typed, their variants by synonym, then their words (a document found by
        // the words shows each of them marked).
        let typed: Vec<String> = variants.iter().flat_map(|v| parts(v)).collect();
        let with_synonyms: Vec<String> = typed
            .iter()
            .flat_map(|p| self.synonyms.variants(p))
            .collect();
        let words_of: Vec<String> = with_synonyms.iter().flat_map(|p| segments(p)).collect();
        for p in with_synonyms.into_iter().chain(words_of) {
            if !needles.contains(&p) && needles.len() < 10 {
                needles.push(p);
            }
        }
        let mut hits = Vec::with_capacity(page.len());
        for (score, address) in page {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text_of = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned()
            };
            let title = text_of(f.title);
            let body = text_of(f.body);
            hits.push(Hit {
                id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0),
                title_html: highlight(&title, &needles),
                snippet_html: snippet(&body, &needles, 120),
                doc_number: Some(text_of(f.doc_number)).filter(|n| !n.is_empty()),
                title,
                score,
            });
        }
        let mut facet_counts: Vec<(usize, String, u64)> = counts
            .into_iter()
            .map(|((dim, value), n)| (dim, value, n))
            .collect();
        // By dimension, most first within each, then by value.
        facet_counts.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| b.2.cmp(&a.2))
                .then_with(|| a.1.cmp(&b.1))
        });
        let facet_counts = facet_counts
            .into_iter()
            .map(|(dim, value, n)| (COUNTED[dim].0.to_owned(), value, n))
            .collect();
        Ok(SearchResults {
            total,
            hits,
            facets: facet_counts,
            truncated,
            partial,
        })
    }
}

/// The bigrams that cover a string without overlap (every other one, and the last), as terms
/// of `field` at their positions: 营商环境 is 营商 at p and 环境 at p + 2. Fewer terms to
/// intersect; two characters are one bigram.
fn cover(grams: &[tantivy::tokenizer::Token], field: tantivy::schema::Field) -> Vec<(usize, Term)> {
    (0..grams.len())
        .filter(|i| i % 2 == 0 || *i == grams.len() - 1)
        .map(|i| (i, Term::from_field_text(field, &grams[i].text)))
        .collect()
}

/// One pass over the matches of `query`: the page `top` keeps, the exact count and the facet
/// counts, and whether `until` cut it short.
type Collected<T> = (Vec<(T, DocAddress)>, usize, Counts, bool);

fn collect<T, C>(
    searcher: &Searcher,
    query: &dyn Query,
    top: C,
    facets: FacetCounter,
    until: Instant,
) -> Result<Collected<T>, SearchError>
where
    C: Collector<Fruit = Vec<(T, DocAddress)>>,
{
    let collector = Deadline::new((top, Count, facets), until);
    let (docs, total, counts) = searcher.search(query, &collector)?;
    Ok((docs, total, counts, collector.expired()))
}

/// The dictionary words of a part of a query that no longer word of it holds (人民政府, not 人民
/// and 政府 as well).
fn whole_words(part: &str) -> Vec<String> {
    let all: Vec<String> = words(part).into_iter().map(|w| w.text).collect();
    let mut whole: Vec<String> = Vec::new();
    for w in &all {
        let inside = all.iter().any(|o| o.len() > w.len() && o.contains(&w[..]));
        if !inside && !whole.contains(w) {
            whole.push(w.clone());
        }
    }
    whole
}

/// Where the needles occur in `text` (matched on the folded text, character for character), as
/// character ranges, merged.
fn matches(text: &str, needles: &[String]) -> Vec<(usize, usize)> {
    let folded: Vec<char> = fold(text).chars().collect();
    // Folding keeps one character for one (width and case only), so positions carry over.
    if folded.len() != text.chars().count() {
        return Vec::new();
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for n in needles {
        let n: Vec<char> = n.chars().collect();
        if n.is_empty() || n.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - n.len() {
            if folded[start..start + n.len()] == n[..] {
                ranges.push((start, start + n.len()));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// `text` as HTML with the needles in `<mark>`.
pub fn highlight(text: &str, needles: &[String]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for (a, b) in matches(text, needles) {
        out.push_str(&escape(&chars[at..a].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&escape(&chars[a..b].iter().collect::<String>()));
        out.push_str("</mark>");
        at = b;
    }
    out.push_str(&escape(&chars[at..].iter().collect::<String>()));
    out
}

/// How far into a body a snippet looks for the first match, in characters.
const SNIPPET_SCAN_CHARS: usize = 20_000;

/// About `width` characters of `body` around its first match (within its first
/// [`SNIPPET_SCAN_CHARS`]), as HTML with the matches in `<mark>`; the opening when nothing
/// matches there.
pub fn snippet(body: &str, needles: &[String], width: usize) -> String {
    let chars: Vec<char> = body.chars().take(SNIPPET_SCAN_CHARS).collect();
    let body: String = chars.iter().collect();
    let body = body.as_str();
    let first = matches(body, needles).first().map_or(0, |m| m.0);
    let start = first.saturating_sub(width / 4);
    let end = (start + width).min(chars.len());
    let passage: String = chars[start..end].iter().collect();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&highlight(&passage, needles));
    if end < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IndexedDocument;
    use tantivy::collector::{Count, TopDocs};

    /// The pages of a search by relevance follow one another: together they are the best
    /// documents by the query's score over every segment, with the exact total each time.
    #[test]
    fn the_best_documents_are_those_of_a_full_scoring() {
        let index = SearchIndex::in_memory().expect("index");
        let mut w = index.writer().expect("writer");
        let pieces = ["人民政府", "关于", "通知", "市人民", "政府办公厅", "环境"];
        let mut seed = 11u64;
        let mut next = |below: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % below
        };
        for i in 0..3_000u64 {
            let mut title = String::new();
            for _ in 0..1 + next(3) {
                title.push_str(pieces[next(6) as usize]);
            }
            let mut body = String::new();
            for _ in 0..next(30) {
                body.push_str(pieces[next(6) as usize]);
                body.push('。');
            }
            let d = IndexedDocument {
                id: i + 1,
                title,
                body,
                agency_id: 1,
                published_on: "2020-01-01".into(),
                ..IndexedDocument::default()
            };
            index.put(&w, &d).expect("put");
            if i % 1_000 == 999 {
                index.commit(&mut w, 1).expect("commit");
            }
        }
        let searcher = index.reader.searcher();
        for q in ["人民政府", "民政府", "政府", "关于通知", "市人民政府办公厅"]
        {
            let request = SearchRequest {
                query: q.into(),
                limit: 20,
                ..SearchRequest::default()
            };
            let query = index.query(&request, &[q.to_owned()]);
            let (top, count) = searcher
                .search(&query, &(TopDocs::with_limit(60).order_by_score(), Count))
                .expect("search");
            assert!(count > 60, "{q}: {count}");
            let id = |a: DocAddress| {
                let doc: TantivyDocument = searcher.doc(a).expect("doc");
                doc.get_first(index.fields.id)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0)
            };
            let expected: Vec<(u64, f32)> = top.iter().map(|(s, a)| (id(*a), *s)).collect();
            let mut got = Vec::new();
            for page in 0..3 {
                let r = index
                    .search(&SearchRequest {
                        offset: page * 20,
                        ..request.clone()
                    })
                    .expect("search");
                assert_eq!(r.total, count, "{q}");
                got.extend(r.hits.iter().map(|h| (h.id, h.score)));
            }
            assert_eq!(got.len(), expected.len(), "{q}");
            for (g, e) in got.iter().zip(&expected) {
                assert!((g.1 - e.1).abs() < 1e-4, "{q}: {got:?}\n{expected:?}");
            }
            // Equal scores may come in either segment's order; the sets agree.
            let (mut a, mut b): (Vec<u64>, Vec<u64>) = (
                got.iter().map(|g| g.0).collect(),
                expected.iter().map(|e| e.0).collect(),
            );
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "{q}");
        }
    }
}
