//! The outbox: one row for every change the public can see, written in the same transaction
//! as the change. Page caches and the search indexer of every node follow it by `seq`.
//!
//! A transaction holding a lower `seq` may commit after one holding a higher `seq`, so a
//! follower must not simply ask for `seq > last`: [`list_after`] is meant to be called with a
//! trailing window and the events applied idempotently.

use crate::Conn;

/// Kinds of event.
pub mod kind {
    /// A document became public.
    pub const DOCUMENT_PUBLISHED: &str = "document.published";
    /// A public document changed (metadata, validity, links).
    pub const DOCUMENT_CHANGED: &str = "document.changed";
    /// A document was withdrawn from public view.
    pub const DOCUMENT_WITHDRAWN: &str = "document.withdrawn";
    /// A column was created, changed or moved.
    pub const COLUMN_CHANGED: &str = "column.changed";
    /// A site's settings changed.
    pub const SITE_CHANGED: &str = "site.changed";
    /// An agency's public settings (指南 contacts, names) changed.
    pub const AGENCY_CHANGED: &str = "agency.changed";
    /// A subject of the taxonomy was renamed (entity_id 0: the whole taxonomy).
    pub const SUBJECTS_CHANGED: &str = "subjects.changed";
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Event {
    /// Increasing, never reused.
    pub seq: i64,
    /// One of [`kind`].
    pub kind: String,
    /// The id of the changed thing.
    pub entity_id: i64,
    /// The site concerned, when there is one.
    pub site_id: Option<i64>,
    /// When, unix ms.
    pub created_at: i64,
}

/// Appends an event; call it inside the transaction of the change.
pub async fn append(
    conn: &mut Conn,
    kind: &str,
    entity_id: i64,
    site_id: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (kind, entity_id, site_id, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING seq",
    )
    .bind(kind)
    .bind(entity_id)
    .bind(site_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Events with `seq > after`, oldest first, at most `limit`.
pub async fn list_after(
    conn: &mut Conn,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, kind, entity_id, site_id, created_at FROM outbox WHERE seq > $1 \
         ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The events among `seqs` that exist (were committed) by now, oldest first: a follower asks
/// for the numbers it skipped, which a transaction still open held.
pub async fn list_seqs(conn: &mut Conn, seqs: &[i64]) -> Result<Vec<Event>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in seqs.chunks(500) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT seq, kind, entity_id, site_id, created_at FROM outbox WHERE seq IN ({}) \
             ORDER BY seq",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for seq in chunk {
            query = query.bind(*seq);
        }
        out.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// The highest seq written so far (0 when empty).
pub async fn last_seq(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM outbox")
        .fetch_one(conn)
        .await?;
    Ok(seq.unwrap_or(0))
}
