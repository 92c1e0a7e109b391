//! Findings of the personal-data scan (保密审查), acknowledged one by one by the reviewer.

use crate::Conn;

/// A stored finding.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
#[schema(as = PiiFinding)]
pub struct Finding {
    /// Id.
    pub id: i64,
    /// The document.
    pub document_id: i64,
    /// `resident_id`, `mobile`, `bank_card` or `email`.
    pub kind: String,
    /// `标题`, `正文` or an attachment's file name.
    pub source: String,
    /// The matched text.
    pub matched: String,
    /// The text around it.
    pub context: String,
    /// Who acknowledged it.
    pub acknowledged_by: Option<i64>,
    /// When, unix ms.
    pub acknowledged_at: Option<i64>,
}

/// A finding to store.
#[derive(Debug, Clone)]
pub struct NewFinding {
    /// Kind, as stored.
    pub kind: &'static str,
    /// Where.
    pub source: String,
    /// What.
    pub matched: String,
    /// Around it.
    pub context: String,
}

/// Replaces the findings of a document with a new scan's.
pub async fn replace(
    conn: &mut Conn,
    document_id: i64,
    findings: &[NewFinding],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pii_findings WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    for f in findings {
        sqlx::query(
            "INSERT INTO pii_findings (document_id, kind, source, matched, context, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(document_id)
        .bind(f.kind)
        .bind(&f.source)
        .bind(&f.matched)
        .bind(&f.context)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The findings of a document, in scan order.
pub async fn list_for_document(
    conn: &mut Conn,
    document_id: i64,
) -> Result<Vec<Finding>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, document_id, kind, source, matched, context, acknowledged_by, acknowledged_at \
         FROM pii_findings WHERE document_id = $1 ORDER BY id",
    )
    .bind(document_id)
    .fetch_all(conn)
    .await
}

/// Marks a finding of `document_id` acknowledged. Returns false when there is no such open
/// finding.
pub async fn acknowledge(
    conn: &mut Conn,
    document_id: i64,
    finding_id: i64,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE pii_findings SET acknowledged_by = $1, acknowledged_at = $2 \
         WHERE id = $3 AND document_id = $4 AND acknowledged_by IS NULL",
    )
    .bind(user_id)
    .bind(now)
    .bind(finding_id)
    .bind(document_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many findings of the document are still open.
pub async fn count_open(conn: &mut Conn, document_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM pii_findings WHERE document_id = $1 AND acknowledged_by IS NULL",
    )
    .bind(document_id)
    .fetch_one(conn)
    .await
}
