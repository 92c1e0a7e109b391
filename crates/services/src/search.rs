//! The search index kept in step with the catalogue (DESIGN.md, search): one writer per node
//! follows the outbox, re-reads each document an event names and puts it in the index (or takes
//! it out when it is no longer public), and commits with the last outbox entry applied, so that
//! a restart resumes there; [`reindex`] rebuilds the whole index from the database.
//!
//! A transaction holding a lower outbox `seq` may commit after one holding a higher `seq` (on
//! PostgreSQL, an import's batch holds hundreds of numbers while other publications commit):
//! each round reads the entries after the last one applied, remembers the numbers it passed
//! over, and asks for those again until they appear (or for [`LATE_COMMIT_WAIT`], after which
//! they were rolled back). Applying an event is idempotent (the document is read as it is now):
//! a restart re-applies a trailing window behind its last commit and changes nothing twice.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use gongkai_domain::catalogue::body::html_to_text;
use gongkai_search::{IndexWriter, IndexedDocument, SearchIndex};
use gongkai_store::outbox::{self, kind};
use gongkai_store::{Conn, Store, attachments, documents};

use crate::error::{ServiceError, ServiceResult};

/// How far back each round re-reads the outbox.
pub const TRAILING_WINDOW: i64 = 1_000;

/// A public document as the index holds it: title, 文号, 索引号, the body's text and the text
/// of its readable attachments, metadata. `None` when the public may not see it (the one rule,
/// [`crate::public`]): the index then drops it.
pub async fn indexed_document(conn: &mut Conn, id: i64) -> ServiceResult<Option<IndexedDocument>> {
    let Some(d) = crate::public::document(conn, id).await? else {
        return Ok(None);
    };
    let mut body = html_to_text(&d.body_html);
    for (name, text) in attachments::texts_for_document(conn, id).await? {
        body.push_str(&format!("\n\n{name}\n{text}"));
    }
    Ok(Some(IndexedDocument {
        id: u64::try_from(d.id).unwrap_or(0),
        title: d.title,
        body,
        doc_number: d.doc_number,
        index_number: d.index_number,
        keywords: d.keywords,
        agency_id: d.agency_id,
        subject: d.subject_code,
        item20: d.item20,
        genre: d.genre,
        validity: d.validity,
        columns: documents::column_ids(conn, id).await?,
        sites: documents::site_ids(conn, id).await?,
        published_on: d.published_on.unwrap_or_default(),
    }))
}

fn index_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("search index: {e}"))
}

/// Applies the documents `ids` and commits with `newest` (and the oldest entry still waited
/// for); on failure rolls the writer back and says which document failed, if one did.
async fn apply_and_commit(
    conn: &mut Conn,
    index: &SearchIndex,
    writer: &mut IndexWriter,
    ids: &[i64],
    (newest, oldest_waited): (i64, Option<i64>),
) -> Result<(), (Option<i64>, ServiceError)> {
    let mut done = Ok(());
    for id in ids {
        if let Err(e) = apply(conn, index, writer, *id).await {
            done = Err((Some(*id), e));
            break;
        }
    }
    if let Err(e) = done.and_then(|()| {
        blocking(|| index.commit_waiting(writer, newest, oldest_waited))
            .map_err(|e| (None, index_error(e)))
    }) {
        if let Err(r) = writer.rollback() {
            tracing::error!(error = %r, "search index: rollback failed");
        }
        return Err(e);
    }
    Ok(())
}

/// Runs CPU-bound index work (segmentation, a commit's fsync) off the async workers of a
/// multi-threaded runtime; inline on a single-threaded one (tests, commands).
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// Puts the document `id` in the index as it is now, or takes it out.
async fn apply(
    conn: &mut Conn,
    index: &SearchIndex,
    writer: &IndexWriter,
    id: i64,
) -> ServiceResult<()> {
    match indexed_document(conn, id).await? {
        Some(d) => blocking(|| index.put(writer, &d)).map_err(index_error),
        None => {
            index.remove(writer, u64::try_from(id).unwrap_or(0));
            Ok(())
        }
    }
}

/// The follower's memory: the last outbox entry applied, and the numbers below it it has not
/// seen yet.
#[derive(Debug, Default)]
pub struct Follower {
    /// The highest entry applied (0 before the first).
    last: i64,
    /// Numbers skipped over, and when: a transaction still open holds them (its entries appear
    /// when it commits) or rolled back (they never will; forgotten after [`LATE_COMMIT_WAIT`]).
    missing: BTreeMap<i64, Instant>,
    /// Documents whose indexing failed, with the rounds it failed in a row: after
    /// [`MAX_FAILURES`] the round goes on without them.
    failures: BTreeMap<i64, u32>,
}

/// Rounds in a row a document may fail before the others are indexed without it (it is indexed
/// again when it next changes, or by `gongkai reindex`).
pub const MAX_FAILURES: u32 = 3;

/// How long a skipped outbox number is waited for.
pub const LATE_COMMIT_WAIT: Duration = Duration::from_secs(600);

/// The most skipped numbers remembered (a jump larger than this, such as a restored backup,
/// is not waited for number by number).
const MAX_MISSING: i64 = 100_000;

impl Follower {
    /// Starts after what the index's last commit recorded. A restart forgets which numbers were
    /// skipped, so every number from the oldest then waited for (at least the
    /// [`TRAILING_WINDOW`] behind the last) is asked for again.
    pub fn resuming(index: &SearchIndex) -> ServiceResult<Follower> {
        let last = index.last_applied().map_err(index_error)?.unwrap_or(0);
        let oldest = index.oldest_waited().map_err(index_error)?.unwrap_or(last);
        let from = oldest
            .min(last - TRAILING_WINDOW)
            .max(last - MAX_MISSING)
            .max(1);
        let now = Instant::now();
        Ok(Follower {
            last,
            missing: (from..last).map(|seq| (seq, now)).collect(),
            failures: BTreeMap::new(),
        })
    }

    /// One round: applies the document events not yet applied — new ones, and skipped numbers
    /// that have been committed since — and commits. Returns how many documents it applied.
    /// Nothing counts as applied until the commit: on any failure the writer's changes are
    /// rolled back and the next round tries the same events again.
    pub async fn round(
        &mut self,
        store: &Store,
        index: &SearchIndex,
        writer: &mut IndexWriter,
    ) -> ServiceResult<usize> {
        let mut conn = store.conn().await?;
        let now = Instant::now();
        let new = outbox::list_after(&mut conn, self.last, 10_000).await?;
        let waited: Vec<i64> = self.missing.keys().copied().collect();
        let late = outbox::list_seqs(&mut conn, &waited).await?;
        if new.is_empty() && late.is_empty() {
            return Ok(0);
        }
        // Each document once, as it is now.
        let mut ids: Vec<i64> = new
            .iter()
            .chain(&late)
            .filter(|e| {
                matches!(
                    e.kind.as_str(),
                    kind::DOCUMENT_PUBLISHED | kind::DOCUMENT_CHANGED | kind::DOCUMENT_WITHDRAWN
                )
            })
            .map(|e| e.entity_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        // A document that failed round after round no longer holds the others back.
        ids.retain(|id| self.failures.get(id).is_none_or(|n| *n < MAX_FAILURES));
        let newest = new.last().map_or(self.last, |e| e.seq).max(self.last);
        // Numbers passed over are waited for; those that came are done; those waited for too
        // long are forgotten. The oldest still waited for is committed with the index.
        let mut missing = self.missing.clone();
        let read: BTreeSet<i64> = new.iter().map(|e| e.seq).collect();
        if newest - self.last <= MAX_MISSING {
            for seq in (self.last + 1)..newest {
                if !read.contains(&seq) {
                    missing.insert(seq, now);
                }
            }
        }
        for e in &late {
            missing.remove(&e.seq);
        }
        missing.retain(|_, noticed| now.duration_since(*noticed) < LATE_COMMIT_WAIT);
        while missing.len() > usize::try_from(MAX_MISSING).unwrap_or(usize::MAX) {
            missing.pop_first();
        }
        let oldest = missing.keys().next().copied();
        if let Err((failed, e)) =
            apply_and_commit(&mut conn, index, writer, &ids, (newest, oldest)).await
        {
            if let Some(id) = failed {
                let n = self.failures.entry(id).or_default();
                *n += 1;
                if *n >= MAX_FAILURES {
                    tracing::error!(
                        document = id, error = %e,
                        "search index: document left out after {MAX_FAILURES} failures; it is \
                         indexed again when it next changes, or by `gongkai reindex`"
                    );
                }
            }
            return Err(e);
        }
        // Events applied: a document left out gets new chances with its next event.
        self.failures.clear();
        // Kept only after a successful round: a failed one retries the same numbers.
        self.missing = missing;
        self.last = newest;
        Ok(ids.len())
    }
}

/// Follows the outbox forever, every `every` (one task per node, the index's only writer).
/// While another process holds the index's writer lock (a `reindex`), it waits and tries again.
pub async fn follow_outbox(store: Store, index: std::sync::Arc<SearchIndex>, every: Duration) {
    let mut writer = loop {
        match index.writer() {
            Ok(w) => break w,
            Err(e) => {
                tracing::warn!(error = %e, "search index: writer busy or unavailable, retrying in 30 s");
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
        }
    };
    let mut follower = match Follower::resuming(&index) {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "search index: unreadable, run `gongkai reindex`");
            return;
        }
    };
    loop {
        if let Err(e) = follower.round(&store, &index, &mut writer).await {
            tracing::warn!(error = %e, "search index: round failed, retrying");
        }
        tokio::time::sleep(every).await;
    }
}

/// Rebuilds the index from the database: every public document, then one commit recording
/// the outbox's last entry. `progress(done, total)` is called as it goes.
pub async fn reindex(
    store: &Store,
    index: &SearchIndex,
    mut progress: impl FnMut(usize, usize),
) -> ServiceResult<usize> {
    let mut conn = store.conn().await?;
    // The outbox's position first: what changes while rebuilding is applied again after.
    let last = outbox::last_seq(&mut conn).await?;
    let ids = documents::public_ids(&mut conn).await?;
    let writer = index.bulk_writer().map_err(|e| match e {
        // Another process holds the index's writer: a running `serve` (its follower task).
        gongkai_search::TantivyError::LockFailure(..) => ServiceError::Refused(
            "检索索引正被正在运行的 gongkai serve 占用：请先停止 serve，再运行 gongkai reindex（serve 启动后会自动跟上此后的变化）".into(),
        ),
        e => index_error(e),
    })?;
    writer.delete_all_documents().map_err(index_error)?;
    let started = Instant::now();
    let mut shown = Instant::now();
    for (n, id) in ids.iter().enumerate() {
        // The index was emptied: each document is added, with no delete to apply.
        if let Some(d) = indexed_document(&mut conn, *id).await? {
            blocking(|| index.add_new(&writer, &d)).map_err(index_error)?;
        }
        if shown.elapsed() > Duration::from_millis(200) || n + 1 == ids.len() {
            progress(n + 1, ids.len());
            shown = Instant::now();
        }
    }
    blocking(|| index.finish_bulk(writer, last)).map_err(index_error)?;
    tracing::info!(
        documents = ids.len(),
        seconds = started.elapsed().as_secs_f64(),
        "reindexed"
    );
    Ok(ids.len())
}
