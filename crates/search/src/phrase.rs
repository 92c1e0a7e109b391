//! A phrase of bigrams at fixed offsets, matched in one forward pass over the terms' postings
//! and positions, scored as a title match or a body match by where it stands.
//!
//! The title and the body are indexed as one field of bigrams, the title's from position 0 and
//! the body's from [`BODY_START`]: a query is checked once per document, not once in the title
//! and again in the body, and a match starting before `BODY_START` is in the title.
//!
//! Tantivy's `PhraseQuery` finds a document's positions by summing, for every candidate, the
//! term frequencies of the documents before it in the block: for a phrase of frequent bigrams
//! (人民政府 is in three documents of four) that costs more than everything else in the search.
//! Here a term about as frequent as the rarest is read block by block in order, keeping the
//! running sum, so a candidate's positions are found at once; a term much more frequent than
//! the rarest is read through tantivy's postings, which skip the blocks between candidates.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::positions::PositionReader;
use tantivy::postings::{BlockSegmentPostings, Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

pub use crate::tokenize::BODY_START;

/// A term with more documents than this many times the rarest term's is read with skips.
const MAX_FREQUENCY_RATIO: u32 = 16;

/// The terms of a phrase, each with its offset (one or more, of one field with positions); with
/// a title field, matches before [`BODY_START`] score as the title's.
#[derive(Debug, Clone)]
pub struct BigramPhraseQuery {
    terms: Vec<(usize, Term)>,
    title: Option<(Field, Score)>,
    bonus: Vec<(Term, Score)>,
}

impl BigramPhraseQuery {
    /// The phrase of `terms` (offset, term).
    pub fn new(terms: Vec<(usize, Term)>) -> BigramPhraseQuery {
        BigramPhraseQuery {
            terms,
            title: None,
            bonus: Vec::new(),
        }
    }

    /// A document matching in the title that also has `term` (of a field with frequencies)
    /// scores more: as a match of the term, `boost` times. It matches the same without.
    pub fn with_bonus(mut self, term: Term, boost: Score) -> BigramPhraseQuery {
        self.bonus.push((term, boost));
        self
    }

    /// Matches before [`BODY_START`] are scored as a match of the same terms in `field` (with
    /// its statistics and lengths), `boost` times; the others as a match of the phrase's field.
    pub fn with_title(mut self, field: Field, boost: Score) -> BigramPhraseQuery {
        self.title = Some((field, boost));
        self
    }
}

impl Query for BigramPhraseQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let terms: Vec<Term> = self.terms.iter().map(|(_, t)| t.clone()).collect();
        let mut bonus = Vec::new();
        let (bm25, title) = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let title = match self.title {
                    Some((field, boost)) => {
                        let in_title: Vec<Term> = terms
                            .iter()
                            .map(|t| Term::from_field_text(field, t.value().as_str().unwrap_or("")))
                            .collect();
                        Some((
                            field,
                            Arc::new(Table::of(
                                &Bm25Weight::for_terms(statistics_provider, &in_title)?
                                    .boost_by(boost),
                            )),
                        ))
                    }
                    None => None,
                };
                for (term, boost) in &self.bonus {
                    let w = Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))?;
                    bonus.push((term.clone(), Arc::new(Table::of(&w.boost_by(*boost)))));
                }
                (
                    Some(Arc::new(Table::of(&Bm25Weight::for_terms(
                        statistics_provider,
                        &terms,
                    )?))),
                    title,
                )
            }
            EnableScoring::Disabled { .. } => (None, None),
        };
        Ok(Box::new(BigramPhraseWeight {
            terms: self.terms.clone(),
            bm25,
            title,
            bonus,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, t) in &self.terms {
            visitor(t, true);
        }
        for (t, _) in &self.bonus {
            visitor(t, false);
        }
    }
}

struct BigramPhraseWeight {
    terms: Vec<(usize, Term)>,
    bm25: Option<Arc<Table>>,
    title: Option<(Field, Arc<Table>)>,
    bonus: Vec<(Term, Arc<Table>)>,
}

impl BigramPhraseWeight {
    fn phrase_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<BigramPhraseScorer>> {
        let Some(field) = self.terms.first().map(|(_, t)| t.field()) else {
            return Ok(None);
        };
        let inverted = reader.inverted_index(field)?;
        let mut infos = Vec::with_capacity(self.terms.len());
        for (offset, term) in &self.terms {
            match inverted.get_term_info(term)? {
                Some(info) => infos.push((*offset as u32, info)),
                None => return Ok(None),
            }
        }
        // The rarest first: it leads the intersection.
        infos.sort_by_key(|(_, i)| i.doc_freq);
        let least = infos.first().map_or(0, |(_, i)| i.doc_freq);
        // The positions of the terms' documents, in the field's part of the positions file.
        let positions = reader
            .open_read(tantivy::index::SegmentComponent::Positions)
            .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
        let positions = tantivy::directory::CompositeFile::open(&positions)?;
        let Some(positions) = positions.open_read(field) else {
            return Ok(None);
        };
        let mut cursors = Vec::with_capacity(infos.len());
        for (offset, info) in infos {
            let cursor = if info.doc_freq > least.saturating_mul(MAX_FREQUENCY_RATIO) {
                Cursor::Skipping {
                    postings: inverted.read_postings_from_terminfo(
                        &info,
                        IndexRecordOption::WithFreqsAndPositions,
                    )?,
                    offset,
                }
            } else {
                let postings = inverted
                    .read_block_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
                let bytes = positions.read_bytes_slice(info.positions_range.clone())?;
                Cursor::Forward(Forward::new(
                    postings,
                    info.doc_freq,
                    PositionReader::open(bytes)?,
                    offset,
                ))
            };
            cursors.push(cursor);
        }
        let fieldnorms = |field: Field, scoring: bool| -> tantivy::Result<FieldNormReader> {
            Ok(match scoring {
                true => reader.get_fieldnorms_reader(field)?,
                false => FieldNormReader::constant(reader.max_doc(), 1),
            })
        };
        let title = match &self.title {
            Some((field, table)) => Some((fieldnorms(*field, true)?, table.clone())),
            None => None,
        };
        let mut bonus = Vec::with_capacity(self.bonus.len());
        for (term, table) in &self.bonus {
            let postings = reader
                .inverted_index(term.field())?
                .read_postings(term, IndexRecordOption::WithFreqs)?;
            if let Some(postings) = postings {
                bonus.push(Bonus {
                    postings,
                    fieldnorms: fieldnorms(term.field(), true)?,
                    table: table.clone(),
                });
            }
        }
        let mut scorer = BigramPhraseScorer {
            bonus,
            cursors,
            fieldnorms: fieldnorms(field, self.bm25.is_some())?,
            bm25: self.bm25.clone(),
            boost,
            title,
            doc: 0,
            starts: Vec::new(),
            matched: (0, 0),
            positions: Vec::new(),
        };
        scorer.find(0);
        Ok(Some(scorer))
    }
}

impl Weight for BigramPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.phrase_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(tantivy::query::EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let Some(mut scorer) = self.phrase_scorer(reader, 1.0)? else {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        };
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("phrase of bigrams", scorer.score()))
    }
}

/// One term's postings, with the positions of the current document.
enum Cursor {
    /// Read block by block.
    Forward(Forward),
    /// Read through tantivy's postings (with skips).
    Skipping {
        postings: SegmentPostings,
        offset: u32,
    },
}

impl Cursor {
    /// Moves to the first document at or after `target`.
    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        match self {
            Cursor::Forward(f) => f.seek(target),
            Cursor::Skipping { postings, .. } => {
                if postings.doc() >= target {
                    postings.doc()
                } else {
                    postings.seek(target)
                }
            }
        }
    }

    /// Documents left (an upper bound).
    fn remaining(&self) -> u32 {
        match self {
            Cursor::Forward(f) => f.remaining + (f.len - f.at.min(f.len)) as u32,
            Cursor::Skipping { postings, .. } => postings.size_hint(),
        }
    }

    /// Where the phrase would start by the current document's positions of the term (its
    /// positions less its offset), into `out`, sorted.
    fn phrase_starts(&mut self, out: &mut Vec<u32>) {
        match self {
            Cursor::Forward(f) => f.phrase_starts(out),
            Cursor::Skipping { postings, offset } => {
                out.clear();
                postings.positions(out);
                out.retain(|p| *p >= *offset);
                for p in out.iter_mut() {
                    *p -= *offset;
                }
            }
        }
    }
}

/// A term's postings read forward block by block, with the positions of the block's documents
/// read at once when the block holds a candidate.
struct Forward {
    postings: BlockSegmentPostings,
    /// Documents in the blocks not yet loaded.
    remaining: u32,
    /// The loaded block's length and the index of the current document in it.
    len: usize,
    at: usize,
    /// Positions of the documents before the loaded block.
    block_base: u64,
    /// Positions of the block's documents before the current one.
    within: usize,
    positions: PositionReader,
    /// The positions of the loaded block's documents (differences, as stored), once read.
    block_positions: Vec<u32>,
    block_positions_read: bool,
    /// The term's offset in the phrase.
    offset: u32,
}

impl Forward {
    fn new(
        postings: BlockSegmentPostings,
        doc_freq: u32,
        positions: PositionReader,
        offset: u32,
    ) -> Forward {
        let len = if doc_freq == 0 {
            0
        } else {
            postings.block_len().min(doc_freq as usize)
        };
        Forward {
            postings,
            remaining: doc_freq - len as u32,
            len,
            at: 0,
            block_base: 0,
            within: 0,
            positions,
            block_positions: Vec::new(),
            block_positions_read: false,
            offset,
        }
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        loop {
            if self.at >= self.len {
                return TERMINATED;
            }
            if self.postings.doc(self.len - 1) < target {
                // The whole rest of the block is before `target`.
                self.next_block();
                continue;
            }
            while self.postings.doc(self.at) < target {
                self.within += self.postings.freq(self.at) as usize;
                self.at += 1;
            }
            return self.postings.doc(self.at);
        }
    }

    fn next_block(&mut self) {
        let freqs = &self.postings.freqs()[..self.len];
        self.block_base += freqs.iter().map(|f| u64::from(*f)).sum::<u64>();
        self.at = 0;
        self.within = 0;
        self.block_positions_read = false;
        if self.remaining == 0 {
            self.len = 0;
            return;
        }
        self.postings.advance();
        self.len = self.postings.block_len().min(self.remaining as usize);
        self.remaining -= self.len as u32;
    }

    /// The current document's positions as stored: each the difference to the one before.
    #[inline]
    fn deltas(&mut self) -> &[u32] {
        if !self.block_positions_read {
            let freqs = &self.postings.freqs()[..self.len];
            let total: usize = freqs.iter().map(|f| *f as usize).sum();
            self.block_positions.resize(total, 0);
            self.positions
                .read(self.block_base, &mut self.block_positions[..total]);
            self.block_positions_read = true;
        }
        let tf = self.postings.freq(self.at) as usize;
        &self.block_positions[self.within..self.within + tf]
    }

    fn phrase_starts(&mut self, out: &mut Vec<u32>) {
        let offset = self.offset;
        out.clear();
        // Positions before the offset cannot start the phrase.
        let mut position = 0u32;
        for delta in self.deltas() {
            position += delta;
            if position >= offset {
                out.push(position - offset);
            }
        }
    }
}

/// Frequencies up to this are scored from a table (a division less a document).
const TABLE_FREQS: usize = 8;

/// A BM25 weight's scores by field length and frequency (up to [`TABLE_FREQS`]).
struct Table {
    weight: Bm25Weight,
    scores: Vec<Score>,
}

impl Table {
    fn of(weight: &Bm25Weight) -> Table {
        let mut scores = Vec::with_capacity(256 * TABLE_FREQS);
        for fieldnorm_id in 0..=255u8 {
            for tf in 1..=TABLE_FREQS as u32 {
                scores.push(weight.score(fieldnorm_id, tf));
            }
        }
        Table {
            weight: weight.clone(),
            scores,
        }
    }

    #[inline]
    fn score(&self, fieldnorm_id: u8, tf: u32) -> Score {
        match tf as usize {
            1..=TABLE_FREQS => self.scores[fieldnorm_id as usize * TABLE_FREQS + tf as usize - 1],
            _ => self.weight.score(fieldnorm_id, tf),
        }
    }
}

/// A term that adds to the score of the documents having it.
struct Bonus {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    table: Arc<Table>,
}

/// The matches of a phrase of two terms in their current document, and how many are in the
/// title: one merge of their positions.
#[inline]
fn pair_matches(a: &mut Forward, b: &mut Forward) -> (u32, u32) {
    let (offset_a, offset_b) = (i64::from(a.offset), i64::from(b.offset));
    let (a, b) = (a.deltas(), b.deltas());
    let (mut i, mut j) = (0, 0);
    let (mut x, mut y) = (0i64, 0i64);
    let (mut all, mut in_title) = (0u32, 0u32);
    if let (Some(first_a), Some(first_b)) = (a.first(), b.first()) {
        x = i64::from(*first_a) - offset_a;
        y = i64::from(*first_b) - offset_b;
    }
    while i < a.len() && j < b.len() {
        if x == y {
            all += 1;
            in_title += u32::from(x < BODY_START as i64);
        }
        // Move the one behind (both when equal).
        let (step_a, step_b) = (x <= y, y <= x);
        if step_a {
            i += 1;
            x += i64::from(a.get(i).copied().unwrap_or(0));
        }
        if step_b {
            j += 1;
            y += i64::from(b.get(j).copied().unwrap_or(0));
        }
    }
    (all, in_title)
}

struct BigramPhraseScorer {
    cursors: Vec<Cursor>,
    bonus: Vec<Bonus>,
    bm25: Option<Arc<Table>>,
    /// The query's boost (the tables are of boost 1).
    boost: Score,
    fieldnorms: FieldNormReader,
    /// The title's weight and lengths, when matches before `BODY_START` score as the title's.
    title: Option<(FieldNormReader, Arc<Table>)>,
    doc: DocId,
    /// Where the phrase starts in the current document (when more than two terms).
    starts: Vec<u32>,
    /// Matches in the current document, and how many of them are in the title.
    matched: (u32, u32),
    positions: Vec<u32>,
}

impl BigramPhraseScorer {
    /// Moves to the first document at or after `target` holding the phrase.
    fn find(&mut self, mut target: DocId) -> DocId {
        let n = self.cursors.len();
        loop {
            // Every term in the same document.
            let mut candidate = target;
            let mut i = 0;
            let mut agreed = 0;
            while agreed < n {
                let doc = self.cursors[i].seek(candidate);
                if doc == TERMINATED {
                    self.doc = TERMINATED;
                    return TERMINATED;
                }
                if doc == candidate {
                    agreed += 1;
                } else {
                    candidate = doc;
                    agreed = 1;
                }
                i += 1;
                if i == n {
                    i = 0;
                }
            }
            if self.phrase_matches() {
                self.doc = candidate;
                return candidate;
            }
            target = candidate + 1;
        }
    }

    /// Whether the terms of the current document stand at their offsets (counting the matches,
    /// and those in the title).
    fn phrase_matches(&mut self) -> bool {
        if self.cursors.len() == 1 && self.bm25.is_none() {
            // One term, not scored: its documents are the matches.
            return true;
        }
        if let [Cursor::Forward(a), Cursor::Forward(b)] = &mut self.cursors[..] {
            self.matched = pair_matches(a, b);
            return self.matched.0 > 0;
        }
        let found = self.phrase_starts_all();
        let in_title = self
            .starts
            .iter()
            .take_while(|s| (**s as usize) < BODY_START)
            .count() as u32;
        self.matched = (self.starts.len() as u32, in_title);
        found
    }

    /// The general case: the starts of the phrase in the current document, into `starts`.
    fn phrase_starts_all(&mut self) -> bool {
        let (first, rest) = self.cursors.split_first_mut().expect("two terms or more");
        first.phrase_starts(&mut self.starts);
        for cursor in rest {
            if self.starts.is_empty() {
                break;
            }
            cursor.phrase_starts(&mut self.positions);
            // Both sorted: keep the starts the term also has.
            let (mut a, mut b, mut kept) = (0, 0, 0);
            while a < self.starts.len() && b < self.positions.len() {
                let (x, y) = (self.starts[a], self.positions[b]);
                if x == y {
                    self.starts[kept] = x;
                    kept += 1;
                    a += 1;
                    b += 1;
                } else if x < y {
                    a += 1;
                } else {
                    b += 1;
                }
            }
            self.starts.truncate(kept);
        }
        !self.starts.is_empty()
    }
}

impl DocSet for BigramPhraseScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.find(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc == TERMINATED || target <= self.doc {
            return self.doc;
        }
        self.find(target)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.cursors
            .iter()
            .map(Cursor::remaining)
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for BigramPhraseScorer {
    fn score(&mut self) -> Score {
        let Some(bm25) = &self.bm25 else {
            return 1.0;
        };
        let (all, in_title) = self.matched;
        let Some((title_norms, title)) = &self.title else {
            return self.boost * bm25.score(self.fieldnorms.fieldnorm_id(self.doc), all);
        };
        let mut score = 0.0;
        // The bonus words are words of the title: only a title holding the phrase counts them.
        for b in self.bonus.iter_mut().filter(|_| in_title > 0) {
            if b.postings.doc() < self.doc {
                b.postings.seek(self.doc);
            }
            if b.postings.doc() == self.doc {
                score += b
                    .table
                    .score(b.fieldnorms.fieldnorm_id(self.doc), b.postings.term_freq());
            }
        }
        if in_title > 0 {
            score += title.score(title_norms.fieldnorm_id(self.doc), in_title);
        }
        if all > in_title {
            score += bm25.score(self.fieldnorms.fieldnorm_id(self.doc), all - in_title);
        }
        self.boost * score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{STRING, Schema, TEXT};
    use tantivy::{Index, doc};

    /// Documents of the words a–d (and a rare e), many positions each, over several blocks.
    fn index() -> (Index, Field, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let even = schema.add_text_field("even", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let mut seed = 7u64;
        let mut next = |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % below
        };
        for i in 0..3_000 {
            let mut text = String::new();
            for _ in 0..1 + next(16) {
                let w = if next(200) == 0 {
                    "e"
                } else {
                    ["a", "b", "c", "d"][next(4) as usize]
                };
                text.push_str(w);
                text.push(' ');
            }
            let parity = if i % 2 == 0 { "yes" } else { "no" };
            writer
                .add_document(doc!(body => text, even => parity))
                .unwrap();
        }
        writer.commit().unwrap();
        (index, body, even)
    }

    /// The same documents, counts and scores as tantivy's own phrase query, whether the terms
    /// are read forward or with skips, alone or within an intersection (which seeks).
    #[test]
    fn agrees_with_tantivys_phrase_query() {
        let (index, body, even) = index();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| Term::from_field_text(body, w);
        let doc_freq = |w: &str| searcher.doc_freq(&term(w)).unwrap();
        assert!(
            doc_freq("a") > MAX_FREQUENCY_RATIO as u64 * doc_freq("e"),
            "e is rare"
        );
        for phrase in [
            vec![(0, term("a")), (1, term("b"))],
            vec![(0, term("a")), (2, term("c"))],
            vec![(0, term("d")), (1, term("d")), (2, term("a"))],
            vec![(0, term("b")), (1, term("b"))],
            vec![(0, term("e")), (1, term("a"))],
            vec![(0, term("c")), (1, term("e")), (3, term("b"))],
        ] {
            let ours = BigramPhraseQuery::new(phrase.clone());
            let theirs = PhraseQuery::new_with_offset(phrase);
            let count = searcher.search(&ours, &Count).unwrap();
            assert!(count > 0);
            assert_eq!(count, searcher.search(&theirs, &Count).unwrap());
            let top = TopDocs::with_limit(3_000).order_by_score();
            let a = searcher.search(&ours, &top).unwrap();
            let b = searcher.search(&theirs, &top).unwrap();
            assert_eq!(a.len(), b.len());
            for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                assert!((sa - sb).abs() < 1e-4, "{sa} {sb}");
                assert_eq!(da, db);
            }
            let filtered = |q: Box<dyn Query>| {
                let q = BooleanQuery::new(vec![
                    (Occur::Must, q),
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(
                            Term::from_field_text(even, "yes"),
                            IndexRecordOption::Basic,
                        )),
                    ),
                ]);
                searcher.search(&q, &Count).unwrap()
            };
            let half = filtered(Box::new(ours.clone()));
            assert!(half < count);
            assert_eq!(half, filtered(Box::new(theirs)));
        }
    }

    /// Matches before `BODY_START` score as the title's.
    #[test]
    fn matches_in_the_title_score_as_the_titles() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let title = schema.add_text_field("title", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let tokens = |title: &str, body: &str| {
            let mut tokens = Vec::new();
            for (at, part) in [(0, title), (BODY_START, body)] {
                for (i, w) in part.split(' ').enumerate() {
                    tokens.push(tantivy::tokenizer::Token {
                        offset_from: 0,
                        offset_to: 0,
                        position: at + i,
                        text: w.to_owned(),
                        position_length: 1,
                    });
                }
            }
            tantivy::tokenizer::PreTokenizedString {
                text: String::new(),
                tokens,
            }
        };
        for (t, b) in [
            ("a b", "c d c d"),
            ("c d", "a b c"),
            ("x y", "a b a b a b"),
            ("a b q r s t", "q"),
        ] {
            let mut d = doc!(title => t);
            d.add_pre_tokenized_text(text, tokens(t, b));
            writer.add_document(d).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let phrase = BigramPhraseQuery::new(vec![
            (0, Term::from_field_text(text, "a")),
            (1, Term::from_field_text(text, "b")),
        ])
        .with_title(title, 4.0);
        let order = |q: &BigramPhraseQuery| -> Vec<u32> {
            let top = searcher
                .search(q, &TopDocs::with_limit(5).order_by_score())
                .unwrap();
            top.iter().map(|(_, a)| a.doc_id).collect()
        };
        // In the title first (the shorter title before the longer); then the body that has it
        // three times; then once.
        assert_eq!(order(&phrase), [0, 3, 2, 1]);
        // A bonus word of the title lifts a document matching in the title that has it, not
        // one matching in the body only; it matches no more documents.
        let lifted = phrase
            .clone()
            .with_bonus(Term::from_field_text(title, "q"), 100.0)
            .with_bonus(Term::from_field_text(title, "c"), 100.0);
        assert_eq!(order(&lifted), [3, 0, 2, 1]);
    }
}
