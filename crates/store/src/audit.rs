//! The audit log: who did what, when. Written in the transaction of the change it records.

use crate::Conn;

/// One entry to write.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    /// When, unix ms.
    pub at: i64,
    /// Who (None for the system itself, e.g. the demo loader).
    pub user_id: Option<i64>,
    /// The agency whose data was touched.
    pub agency_id: Option<i64>,
    /// What was done, e.g. `document.approve`.
    pub action: &'a str,
    /// The kind of thing, e.g. `document`.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: Option<i64>,
    /// Details (a reason, changed fields) as text.
    pub detail: &'a str,
}

/// One stored entry.
#[derive(utoipa::ToSchema, Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Entry {
    /// Id.
    pub id: i64,
    /// When, unix ms.
    pub at: i64,
    /// Who.
    pub user_id: Option<i64>,
    /// The user's display name at read time.
    pub user_name: Option<String>,
    /// The agency.
    pub agency_id: Option<i64>,
    /// What was done.
    pub action: String,
    /// The kind of thing.
    pub entity: String,
    /// Its id.
    pub entity_id: Option<i64>,
    /// Details.
    pub detail: String,
}

/// Appends an entry.
pub async fn record(conn: &mut Conn, e: &NewEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, agency_id, action, entity, entity_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.at)
    .bind(e.user_id)
    .bind(e.agency_id)
    .bind(e.action)
    .bind(e.entity)
    .bind(e.entity_id)
    .bind(e.detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// The entries about one thing, oldest first.
pub async fn list_for_entity(
    conn: &mut Conn,
    entity: &str,
    entity_id: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.at, a.user_id, u.display_name AS user_name, a.agency_id, a.action, \
                a.entity, a.entity_id, a.detail \
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
         WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id",
    )
    .bind(entity)
    .bind(entity_id)
    .fetch_all(conn)
    .await
}
