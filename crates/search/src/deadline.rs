//! A bound on a search's time. The matching documents are visited segment by segment; past the
//! deadline the visit stops, and what was collected so far is returned as partial results
//! (the count then says "at least").

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{Scorer, Weight};
use tantivy::{DocSet, SegmentOrdinal, SegmentReader, TERMINATED};

/// Documents visited between two looks at the clock.
const CHECK_EVERY: u32 = 2048;

/// Wraps a collector so that it stops collecting at `until`.
pub struct Deadline<C> {
    inner: C,
    until: Instant,
    expired: Arc<AtomicBool>,
}

impl<C> Deadline<C> {
    /// `inner`, stopping at `until`, also within a segment.
    pub fn new(inner: C, until: Instant) -> Self {
        Deadline {
            inner,
            until,
            expired: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether the deadline cut the collection short (read it after the search).
    pub fn expired(&self) -> bool {
        self.expired.load(Ordering::Relaxed)
    }

    fn past(&self) -> bool {
        if Instant::now() >= self.until {
            self.expired.store(true, Ordering::Relaxed);
            true
        } else {
            false
        }
    }
}

impl<C: Collector> Collector for Deadline<C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<C::Child> {
        self.inner.for_segment(segment_local_id, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<<C::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(segment_fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
        let mut child = self.inner.for_segment(segment_ord, reader)?;
        if self.past() {
            return Ok(child.harvest());
        }
        let scoring = self.inner.requires_scoring();
        let alive = reader.alive_bitset();
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        let mut visited = 0u32;
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let score = if scoring { scorer.score() } else { 0.0 };
                child.collect(doc, score);
            }
            visited += 1;
            if visited.is_multiple_of(CHECK_EVERY) && self.past() {
                break;
            }
            doc = scorer.advance();
        }
        Ok(child.harvest())
    }
}
