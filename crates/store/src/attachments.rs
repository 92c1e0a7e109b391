//! Attachment records. The bytes are in the file store, named by their SHA-256.

use crate::Conn;

/// A stored attachment.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Attachment {
    /// Id.
    pub id: i64,
    /// The document.
    pub document_id: i64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// The name it was uploaded with.
    pub file_name: String,
    /// The type found by looking at the content.
    pub media_type: String,
    /// Size.
    pub size_bytes: i64,
    /// Order.
    pub position: i64,
}

/// An attachment to record.
#[derive(Debug, Clone)]
pub struct NewAttachment<'a> {
    /// SHA-256.
    pub sha256: &'a str,
    /// File name.
    pub file_name: &'a str,
    /// Media type.
    pub media_type: &'a str,
    /// Size.
    pub size_bytes: i64,
    /// Extracted text, when readable.
    pub extracted_text: Option<&'a str>,
}

/// Records an attachment at the end of the document's list.
pub async fn insert(
    conn: &mut Conn,
    document_id: i64,
    a: &NewAttachment<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO attachments (document_id, sha256, file_name, media_type, size_bytes, \
         extracted_text, position, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM attachments WHERE document_id = $1), $7) \
         RETURNING id",
    )
    .bind(document_id)
    .bind(a.sha256)
    .bind(a.file_name)
    .bind(a.media_type)
    .bind(a.size_bytes)
    .bind(a.extracted_text)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The attachments of a document, in order.
pub async fn list_for_document(
    conn: &mut Conn,
    document_id: i64,
) -> Result<Vec<Attachment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, document_id, sha256, file_name, media_type, size_bytes, position \
         FROM attachments WHERE document_id = $1 ORDER BY position, id",
    )
    .bind(document_id)
    .fetch_all(conn)
    .await
}

/// The texts extracted from a document's attachments: (file name, text).
pub async fn texts_for_document(
    conn: &mut Conn,
    document_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file_name, extracted_text FROM attachments \
         WHERE document_id = $1 AND extracted_text IS NOT NULL ORDER BY position, id",
    )
    .bind(document_id)
    .fetch_all(conn)
    .await
}

/// One attachment.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Attachment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, document_id, sha256, file_name, media_type, size_bytes, position \
         FROM attachments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Removes an attachment of a document (the bytes stay: other documents may share them).
pub async fn delete(conn: &mut Conn, document_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM attachments WHERE id = $1 AND document_id = $2")
        .bind(id)
        .bind(document_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
