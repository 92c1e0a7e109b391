//! The rows of imported catalogue files and the documents they became (`document_imports`).

use crate::Conn;

/// What an earlier import of a key made.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Imported {
    /// The document.
    pub document_id: i64,
    /// Digest of the row as imported last.
    pub digest: String,
}

/// The document imported under `key` for `agency_id`, if any.
pub async fn find(
    conn: &mut Conn,
    agency_id: i64,
    key: &str,
) -> Result<Option<Imported>, sqlx::Error> {
    sqlx::query_as(
        "SELECT document_id, digest FROM document_imports WHERE agency_id = $1 AND source_key = $2",
    )
    .bind(agency_id)
    .bind(key)
    .fetch_optional(conn)
    .await
}

/// Records (or updates) the document, digest and batch of `key`.
pub async fn put(
    conn: &mut Conn,
    agency_id: i64,
    key: &str,
    (document_id, batch_id): (i64, Option<i64>),
    digest: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO document_imports (agency_id, source_key, document_id, digest, imported_at, \
         batch_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (agency_id, source_key) DO UPDATE \
         SET document_id = excluded.document_id, digest = excluded.digest, \
         imported_at = excluded.imported_at, batch_id = excluded.batch_id",
    )
    .bind(agency_id)
    .bind(key)
    .bind(document_id)
    .bind(digest)
    .bind(now)
    .bind(batch_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The source keys of `agency_id` and their documents, for tests and reports.
pub async fn list(conn: &mut Conn, agency_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT source_key, document_id FROM document_imports WHERE agency_id = $1 \
         ORDER BY source_key",
    )
    .bind(agency_id)
    .fetch_all(conn)
    .await
}
