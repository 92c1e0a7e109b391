//! Facet counts of a search, read from one column (fast field) a dimension. The matches of a
//! segment are taken in blocks and each column is read for the whole block at once; counts are
//! kept by column value (or, for text, by the segment's ordinal of the value) in a plain array,
//! and turned into names only for the values counted, at the end of the segment. When a search
//! matches more than half of a segment, the documents it does not match are counted instead and
//! taken from the segment's totals (counted once a segment and kept while it lives): 人民政府,
//! in three documents of four, counts one document in four.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnIndex, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// What a dimension's column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A number, counted by its value (agency id, year…).
    Number,
    /// A text, counted by the segment's ordinal of it.
    Text,
}

/// The dimensions counted: name (as [`crate::SearchResults::facets`] gives it), column, kind. Every
/// document has one value of each, but 第二十条 item (none or one) and column (any number).
pub(crate) const COUNTED: [(&str, &str, Kind); 7] = [
    ("agency", "n_agency", Kind::Number),
    ("subject", "n_subject", Kind::Text),
    ("item", "n_item", Kind::Number),
    ("genre", "n_genre", Kind::Text),
    ("year", "n_year", Kind::Number),
    ("validity", "n_validity", Kind::Text),
    ("column", "n_column", Kind::Number),
];

/// Counts by dimension (its index in [`COUNTED`]) and value.
pub type Counts = HashMap<(usize, String), u64>;

/// Each segment's counts over all its documents, by segment and number of deleted documents
/// (a segment only ever gains deletions, so the pair names one set of documents).
#[derive(Default)]
pub struct Totals(Mutex<HashMap<SegmentKey, Arc<Vec<Tally>>>>);

/// A segment and its number of deleted documents.
type SegmentKey = (SegmentId, u32);

impl Totals {
    /// Forgets the segments not in `live`.
    pub fn retain(&self, live: &[SegmentKey]) {
        if let Ok(mut map) = self.0.lock() {
            map.retain(|key, _| live.contains(key));
        }
    }

    fn get(&self, key: &SegmentKey) -> Option<Arc<Vec<Tally>>> {
        self.0.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: SegmentKey, tallies: Arc<Vec<Tally>>) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(key, tallies);
        }
    }
}

/// The collector of the counts.
pub struct FacetCounter {
    totals: Arc<Totals>,
}

impl FacetCounter {
    /// A counter keeping the segments' totals in `totals`.
    pub fn new(totals: Arc<Totals>) -> FacetCounter {
        FacetCounter { totals }
    }
}

/// Matches taken together before the columns are read.
const BLOCK: usize = 512;

/// The widest range of numbers counted in an array (beyond it, in a map).
const DENSE_RANGE: u64 = 1 << 16;

#[derive(Clone)]
pub(crate) enum Tally {
    /// Counts of `min + i` (numbers) or of ordinal `i` (texts).
    Dense {
        min: u64,
        counts: Vec<u64>,
    },
    Sparse(HashMap<u64, u64>),
}

impl Tally {
    fn for_range(min: u64, max: u64) -> Tally {
        if max >= min && max - min < DENSE_RANGE {
            Tally::Dense {
                min,
                counts: vec![0; (max - min + 1) as usize],
            }
        } else {
            Tally::Sparse(HashMap::new())
        }
    }

    #[inline]
    fn add(&mut self, value: u64) {
        match self {
            Tally::Dense { min, counts } => {
                if let Some(c) = value
                    .checked_sub(*min)
                    .and_then(|i| counts.get_mut(i as usize))
                {
                    *c += 1;
                }
            }
            Tally::Sparse(map) => *map.entry(value).or_default() += 1,
        }
    }

    /// Takes `other`'s counts (of the same column) from these.
    fn subtract(&mut self, other: &Tally) {
        match (self, other) {
            (Tally::Dense { counts, .. }, Tally::Dense { counts: less, .. }) => {
                for (c, l) in counts.iter_mut().zip(less) {
                    *c = c.saturating_sub(*l);
                }
            }
            (Tally::Sparse(map), Tally::Sparse(less)) => {
                for (v, l) in less {
                    if let Some(c) = map.get_mut(v) {
                        *c = c.saturating_sub(*l);
                    }
                }
            }
            _ => {}
        }
    }

    fn counted(&self) -> Vec<(u64, u64)> {
        match self {
            Tally::Dense { min, counts } => counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| (min + i as u64, *n))
                .collect(),
            Tally::Sparse(map) => map
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(v, n)| (*v, *n))
                .collect(),
        }
    }
}

/// One dimension in one segment.
struct Dimension {
    column: Column<u64>,
    /// The values of the texts' ordinals (texts only).
    texts: Option<StrColumn>,
    tally: Tally,
}

/// The counter of one segment.
pub struct SegmentFacetCounter {
    dims: Vec<(usize, Dimension)>,
    /// The matches, one bit a document.
    matched: Vec<u64>,
    matches: u32,
    reader: SegmentReader,
    totals: Arc<Totals>,
    docs: Vec<DocId>,
    firsts: Vec<Option<u64>>,
    rows: Vec<u32>,
    row_docs: Vec<DocId>,
    values: Vec<u64>,
}

impl Collector for FacetCounter {
    type Fruit = Counts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let fast = reader.fast_fields();
        let mut dims = Vec::with_capacity(COUNTED.len());
        for (i, (_, field, kind)) in COUNTED.iter().enumerate() {
            let dim = match kind {
                Kind::Number => fast.column_opt::<u64>(field)?.map(|column| Dimension {
                    tally: Tally::for_range(column.min_value(), column.max_value()),
                    column,
                    texts: None,
                }),
                Kind::Text => fast.str(field)?.map(|texts| Dimension {
                    tally: Tally::for_range(0, texts.num_terms().saturating_sub(1) as u64),
                    column: texts.ords().clone(),
                    texts: Some(texts),
                }),
            };
            // A segment whose documents all lack the dimension has no column for it.
            if let Some(dim) = dim.filter(|d| d.texts.as_ref().is_none_or(|t| t.num_terms() > 0)) {
                dims.push((i, dim));
            }
        }
        Ok(SegmentFacetCounter {
            dims,
            matched: vec![0; (reader.max_doc() as usize).div_ceil(64)],
            matches: 0,
            reader: reader.clone(),
            totals: self.totals.clone(),
            docs: Vec::with_capacity(BLOCK),
            firsts: vec![None; BLOCK],
            rows: Vec::new(),
            row_docs: Vec::new(),
            values: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::new();
        for fruit in fruits {
            for (key, n) in fruit {
                *all.entry(key).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentFacetCounter {
    /// Counts the block of matches held.
    fn flush(&mut self) {
        if self.docs.is_empty() {
            return;
        }
        let docs = &self.docs[..];
        for (_, dim) in &mut self.dims {
            if let ColumnIndex::Multivalued(_) = dim.column.index {
                self.row_docs.clear();
                self.rows.clear();
                dim.column
                    .row_ids_for_docs(docs, &mut self.row_docs, &mut self.rows);
                self.values.resize(self.rows.len(), 0);
                dim.column.values.get_vals(&self.rows, &mut self.values);
                for v in &self.values {
                    dim.tally.add(*v);
                }
            } else {
                let firsts = &mut self.firsts[..docs.len()];
                firsts.fill(None);
                dim.column.first_vals(docs, firsts);
                for v in firsts.iter().flatten() {
                    dim.tally.add(*v);
                }
            }
        }
        self.docs.clear();
    }
}

impl SegmentFacetCounter {
    /// Counts the documents of the set bits of `words` (or of the clear bits, `invert`) that
    /// are alive.
    fn count_bits(&mut self, words: &[u64], invert: bool) {
        let max_doc = self.reader.max_doc();
        let alive = self.reader.alive_bitset().cloned();
        for (i, word) in words.iter().enumerate() {
            let mut bits = if invert { !word } else { *word };
            while bits != 0 {
                let doc = (i as u32) * 64 + bits.trailing_zeros();
                bits &= bits - 1;
                if doc >= max_doc {
                    break;
                }
                if alive.as_ref().is_none_or(|a| a.is_alive(doc)) {
                    self.docs.push(doc);
                    if self.docs.len() == BLOCK {
                        self.flush();
                    }
                }
            }
        }
        self.flush();
    }

    /// The counts of every document of the segment, counted now if not yet.
    fn totals(&mut self) -> Arc<Vec<Tally>> {
        let key = (self.reader.segment_id(), self.reader.num_deleted_docs());
        if let Some(t) = self.totals.get(&key) {
            return t;
        }
        let empty: Vec<Tally> = self.dims.iter().map(|(_, d)| d.tally.clone()).collect();
        let all = vec![0u64; (self.reader.max_doc() as usize).div_ceil(64)];
        self.count_bits(&all, true);
        let mut counted = Vec::with_capacity(self.dims.len());
        for ((_, dim), empty) in self.dims.iter_mut().zip(empty) {
            counted.push(std::mem::replace(&mut dim.tally, empty));
        }
        let counted = Arc::new(counted);
        self.totals.put(key, counted.clone());
        counted
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Counts;

    #[inline]
    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(word) = self.matched.get_mut((doc / 64) as usize) {
            *word |= 1 << (doc % 64);
            self.matches += 1;
        }
    }

    fn harvest(mut self) -> Counts {
        let matched = std::mem::take(&mut self.matched);
        if u64::from(self.matches) * 2 > u64::from(self.reader.num_docs()) {
            // Most documents match: count those that do not, and take them from the totals.
            let totals = self.totals();
            self.count_bits(&matched, true);
            for ((_, dim), total) in self.dims.iter_mut().zip(totals.iter()) {
                let mut all = total.clone();
                all.subtract(&dim.tally);
                dim.tally = all;
            }
        } else {
            self.count_bits(&matched, false);
        }
        let mut out = Counts::new();
        let mut text = String::new();
        for (i, dim) in &self.dims {
            for (value, n) in dim.tally.counted() {
                let name = match &dim.texts {
                    Some(texts) => {
                        text.clear();
                        if !texts.ord_to_str(value, &mut text).unwrap_or(false) {
                            continue;
                        }
                        text.clone()
                    }
                    // Years as written (0000 for a document without a date).
                    None if COUNTED[*i].0 == "year" => format!("{value:04}"),
                    None => value.to_string(),
                };
                *out.entry((*i, name)).or_default() += n;
            }
        }
        out
    }
}
