//! Batches of imported catalogue rows, reviewed as one list (`import_batches`).

use crate::Conn;

/// A batch with its counts.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Batch {
    /// Id.
    pub id: i64,
    /// The agency whose documents the rows became.
    pub agency_id: i64,
    /// The file's name.
    pub source_name: String,
    /// When it was imported, unix ms.
    pub created_at: i64,
    /// Rows it brought.
    pub rows: i64,
    /// Of them, waiting for review.
    pub pending: i64,
    /// Of them, published.
    pub published: i64,
    /// Of them, returned to the editors (excluded from the batch's approval).
    pub returned: i64,
    /// Waiting documents with personal-data findings not yet looked at.
    pub with_open_findings: i64,
}

const COUNTS: &str = "SELECT b.id, b.agency_id, b.source_name, b.created_at, \
    (SELECT COUNT(*) FROM document_imports di WHERE di.batch_id = b.id) AS rows, \
    (SELECT COUNT(*) FROM document_imports di JOIN documents d ON d.id = di.document_id \
     WHERE di.batch_id = b.id AND d.state = 'pending_review') AS pending, \
    (SELECT COUNT(*) FROM document_imports di JOIN documents d ON d.id = di.document_id \
     WHERE di.batch_id = b.id AND d.state = 'published') AS published, \
    (SELECT COUNT(*) FROM document_imports di JOIN documents d ON d.id = di.document_id \
     WHERE di.batch_id = b.id AND d.state = 'draft') AS returned, \
    (SELECT COUNT(DISTINCT d.id) FROM document_imports di JOIN documents d ON d.id = di.document_id \
     JOIN pii_findings f ON f.document_id = d.id \
     WHERE di.batch_id = b.id AND d.state = 'pending_review' AND f.acknowledged_by IS NULL) \
     AS with_open_findings \
    FROM import_batches b";

/// Starts a batch.
pub async fn insert(
    conn: &mut Conn,
    agency_id: i64,
    source_name: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO import_batches (agency_id, source_name, created_at) VALUES ($1, $2, $3) \
         RETURNING id",
    )
    .bind(agency_id)
    .bind(source_name)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// A batch with its counts.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Batch>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{COUNTS} WHERE b.id = $1")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The batches of `agency_ids`, newest first.
pub async fn list(conn: &mut Conn, agency_ids: &[i64]) -> Result<Vec<Batch>, sqlx::Error> {
    if agency_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=agency_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "{COUNTS} WHERE b.agency_id IN ({}) ORDER BY b.id DESC LIMIT 200",
        placeholders.join(", ")
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in agency_ids {
        q = q.bind(*id);
    }
    q.fetch_all(conn).await
}

/// The documents of a batch waiting for review, by id.
pub async fn pending_ids(conn: &mut Conn, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT d.id FROM document_imports di JOIN documents d ON d.id = di.document_id \
         WHERE di.batch_id = $1 AND d.state = 'pending_review' ORDER BY d.id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// A personal-data finding not yet looked at, with its document.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct OpenFinding {
    /// The finding.
    pub finding_id: i64,
    /// The document.
    pub document_id: i64,
    /// Its title.
    pub title: String,
    /// The source key of the row (its place in the file).
    pub source_key: String,
    /// `resident_id`, `mobile`, `bank_card` or `email`.
    pub kind: String,
    /// Where: 标题, 正文 or an attachment.
    pub source: String,
    /// The text found.
    pub matched: String,
    /// The text around it.
    pub context: String,
}

/// The open findings of a batch's waiting documents, by document, after the keyset
/// `after` (document id, finding id).
pub async fn open_findings(
    conn: &mut Conn,
    id: i64,
    after: (i64, i64),
    limit: i64,
) -> Result<Vec<OpenFinding>, sqlx::Error> {
    sqlx::query_as(
        "SELECT f.id AS finding_id, d.id AS document_id, d.title, di.source_key, f.kind, \
         f.source, f.matched, f.context FROM document_imports di \
         JOIN documents d ON d.id = di.document_id JOIN pii_findings f ON f.document_id = d.id \
         WHERE di.batch_id = $1 AND d.state = 'pending_review' AND f.acknowledged_by IS NULL \
         AND (d.id > $2 OR (d.id = $2 AND f.id > $3)) ORDER BY d.id, f.id LIMIT $4",
    )
    .bind(id)
    .bind(after.0)
    .bind(after.1)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The waiting documents of a batch that have open findings.
pub async fn ids_with_open_findings(conn: &mut Conn, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT d.id FROM document_imports di JOIN documents d ON d.id = di.document_id \
         JOIN pii_findings f ON f.document_id = d.id WHERE di.batch_id = $1 \
         AND d.state = 'pending_review' AND f.acknowledged_by IS NULL ORDER BY d.id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// Deletes batch `id` if no row belongs to it (every row of the run was unchanged or
/// rejected).
pub async fn delete_if_empty(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM import_batches WHERE id = $1 \
         AND NOT EXISTS (SELECT 1 FROM document_imports WHERE batch_id = $1)",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}
