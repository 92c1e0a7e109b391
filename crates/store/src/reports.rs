//! Annual reports (the narrative, the source of the tables, the published snapshot) and the
//! cells staff overrode, with their reasons.

use crate::Conn;

/// A stored report.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Report {
    /// The agency.
    pub agency_id: i64,
    /// The year.
    pub year: i64,
    /// 一、总体情况.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other: String,
    /// `platform` or `imported`.
    pub source: String,
    /// `2021` or `2019`.
    pub format: String,
    /// The imported tables (JSON).
    pub imported_tables: Option<String>,
    /// The tables as submitted for publication (JSON).
    pub published_tables: Option<String>,
    /// The catalogue document.
    pub document_id: Option<i64>,
    /// Last change.
    pub updated_at: i64,
    /// Why the published report is being corrected (empty: it is not).
    pub correction_reason: String,
    /// The narrative as submitted (JSON `[一, 五, 六]`).
    pub published_texts: Option<String>,
    /// The tables of the last approved version (JSON).
    pub approved_tables: Option<String>,
    /// The narrative of the last approved version.
    pub approved_texts: Option<String>,
}

const COLUMNS: &str = "agency_id, year, overview, problems, other, source, format, \
    imported_tables, published_tables, document_id, updated_at, correction_reason, \
    published_texts, approved_tables, approved_texts";

/// The report of `agency_id` for `year`.
pub async fn find(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> Result<Option<Report>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM reports WHERE agency_id = $1 AND year = $2"
    )))
    .bind(agency_id)
    .bind(i64::from(year))
    .fetch_optional(conn)
    .await
}

/// Saves the narrative sections (creating the report if needed).
pub async fn save_text(
    conn: &mut Conn,
    r: &Report,
    user_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reports (agency_id, year, overview, problems, other, updated_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (agency_id, year) DO UPDATE SET overview = excluded.overview, \
         problems = excluded.problems, other = excluded.other, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(r.agency_id)
    .bind(r.year)
    .bind(&r.overview)
    .bind(&r.problems)
    .bind(&r.other)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the submission for publication: the frozen tables and narrative and the catalogue
/// document.
pub async fn set_published(
    conn: &mut Conn,
    agency_id: i64,
    year: i64,
    (tables_json, texts_json): (&str, &str),
    document_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reports SET published_tables = $3, published_texts = $4, document_id = $5, \
         updated_at = $6 WHERE agency_id = $1 AND year = $2",
    )
    .bind(agency_id)
    .bind(year)
    .bind(tables_json)
    .bind(texts_json)
    .bind(document_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Starts (a non-empty `reason`) a correction of the published report.
pub async fn set_correction_reason(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reports SET correction_reason = $3, updated_at = $4 \
         WHERE agency_id = $1 AND year = $2",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .bind(reason)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A correction of a published report.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Correction {
    /// 1, 2, … in the report's order.
    pub seq: i64,
    /// The day it was submitted.
    pub on_date: String,
    /// Why.
    pub reason: String,
    /// What changed, one line each.
    pub changes: String,
    /// When its document was approved; empty while it awaits review.
    pub approved_at: Option<i64>,
}

/// Records a correction; returns its number.
pub async fn add_correction(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    (on_date, reason, changes): (&str, &str, &str),
    user_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (seq,): (i64,) = sqlx::query_as(
        "INSERT INTO report_corrections (agency_id, year, seq, on_date, reason, changes, \
         user_id, at) SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4, $5, $6, $7 \
         FROM report_corrections WHERE agency_id = $1 AND year = $2 RETURNING seq",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .bind(on_date)
    .bind(reason)
    .bind(changes)
    .bind(user_id)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(seq)
}

/// The corrections of a report, oldest first.
pub async fn corrections(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> Result<Vec<Correction>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, on_date, reason, changes, approved_at FROM report_corrections \
         WHERE agency_id = $1 AND year = $2 ORDER BY seq",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await
}

/// The corrections not yet approved are dropped (a returned one is replaced by the next).
pub async fn drop_pending_corrections(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM report_corrections WHERE agency_id = $1 AND year = $2 \
         AND approved_at IS NULL",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .execute(conn)
    .await?;
    Ok(())
}

/// The document `document_id` was approved: if it is a report's, the version submitted becomes
/// the approved one, its pending corrections are approved, and a correction in progress ends.
pub async fn approved(conn: &mut Conn, document_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE report_corrections SET approved_at = $2 WHERE approved_at IS NULL \
         AND EXISTS (SELECT 1 FROM reports r WHERE r.document_id = $1 \
         AND r.agency_id = report_corrections.agency_id AND r.year = report_corrections.year)",
    )
    .bind(document_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE reports SET approved_tables = published_tables, \
         approved_texts = published_texts, correction_reason = '' WHERE document_id = $1",
    )
    .bind(document_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The report whose catalogue document is `document_id`: (agency, year).
pub async fn of_document(
    conn: &mut Conn,
    document_id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT agency_id, year FROM reports WHERE document_id = $1")
        .bind(document_id)
        .fetch_optional(conn)
        .await
}

/// A catalogue document of `agency_id` titled `title` that no report owns (a report filed in the
/// catalogue by hand or by an earlier import): its id and state, newest first.
pub async fn unowned_document(
    conn: &mut Conn,
    agency_id: i64,
    title: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.state FROM documents d WHERE d.agency_id = $1 AND d.title = $2 \
         AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.document_id = d.id) \
         ORDER BY (d.state = 'published') DESC, d.id DESC LIMIT 1",
    )
    .bind(agency_id)
    .bind(title)
    .fetch_optional(conn)
    .await
}

/// Sets the tables imported from a report made elsewhere (`None`: back to the platform's own),
/// with their format, creating the report if needed.
pub async fn set_imported(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    tables_json: Option<&str>,
    format: &str,
    user_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let source = if tables_json.is_some() {
        "imported"
    } else {
        "platform"
    };
    sqlx::query(
        "INSERT INTO reports (agency_id, year, source, format, imported_tables, updated_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (agency_id, year) DO UPDATE SET source = excluded.source, \
         format = excluded.format, imported_tables = excluded.imported_tables, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .bind(source)
    .bind(format)
    .bind(tables_json)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the catalogue document of a report imported as a whole document (before 2019: no
/// tables), creating the report if needed.
pub async fn set_document(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    document_id: i64,
    user_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reports (agency_id, year, source, document_id, updated_by, created_at, \
         updated_at) VALUES ($1, $2, 'imported', $3, $4, $5, $5) \
         ON CONFLICT (agency_id, year) DO UPDATE SET source = excluded.source, \
         document_id = excluded.document_id, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .bind(document_id)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes every override of a report; how many there were.
pub async fn clear_overrides(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM report_overrides WHERE agency_id = $1 AND year = $2")
            .bind(agency_id)
            .bind(i64::from(year))
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// A cell staff changed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Override {
    /// The cell's key (`3.24.6`).
    pub cell: String,
    /// The figure as typed ('' for blank).
    pub value: String,
    /// Why.
    pub reason: String,
    /// Who (display name).
    pub user_name: Option<String>,
    /// When.
    pub at: i64,
}

/// The overrides of a report.
pub async fn overrides(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> Result<Vec<Override>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.cell, o.value, o.reason, u.display_name AS user_name, o.at \
         FROM report_overrides o LEFT JOIN users u ON u.id = o.user_id \
         WHERE o.agency_id = $1 AND o.year = $2 ORDER BY o.at, o.cell",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await
}

/// An override to record.
#[derive(Debug, Clone, Copy)]
pub struct NewOverride<'a> {
    /// The agency.
    pub agency_id: i64,
    /// The year.
    pub year: i32,
    /// The cell's key.
    pub cell: &'a str,
    /// The figure as typed.
    pub value: &'a str,
    /// Why.
    pub reason: &'a str,
    /// Who.
    pub user_id: i64,
    /// When.
    pub at: i64,
}

/// Sets (or replaces) an override.
pub async fn set_override(conn: &mut Conn, o: &NewOverride<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_overrides (agency_id, year, cell, value, reason, user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (agency_id, year, cell) DO UPDATE SET \
         value = excluded.value, reason = excluded.reason, user_id = excluded.user_id, \
         at = excluded.at",
    )
    .bind(o.agency_id)
    .bind(i64::from(o.year))
    .bind(o.cell)
    .bind(o.value)
    .bind(o.reason)
    .bind(o.user_id)
    .bind(o.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes an override; whether there was one.
pub async fn remove_override(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    cell: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM report_overrides WHERE agency_id = $1 AND year = $2 AND cell = $3",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .bind(cell)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A published report, for the portal's list by year.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Published {
    /// The year.
    pub year: i64,
    /// The agency.
    pub agency_id: i64,
    /// Its name.
    pub agency_name: String,
    /// The catalogue document.
    pub document_id: i64,
    /// Its title.
    pub title: String,
    /// Its publication date.
    pub published_on: Option<String>,
}

/// Published reports of `agency_ids` (all agencies when `None`), newest year first, agencies in
/// their order.
pub async fn published(
    conn: &mut Conn,
    agency_ids: Option<&[i64]>,
) -> Result<Vec<Published>, sqlx::Error> {
    let rows: Vec<Published> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.year, r.agency_id, a.name AS agency_name, documents.id AS document_id, \
         documents.title, documents.published_on FROM reports r \
         JOIN documents ON documents.id = r.document_id \
         JOIN agencies a ON a.id = r.agency_id WHERE {} \
         ORDER BY r.year DESC, a.sort_order, a.id",
        crate::documents::PUBLIC
    )))
    .fetch_all(conn)
    .await?;
    Ok(match agency_ids {
        Some(ids) => rows
            .into_iter()
            .filter(|r| ids.contains(&r.agency_id))
            .collect(),
        None => rows,
    })
}

/// The agencies directly under `parent_id`, in their order, each with the frozen tables (JSON)
/// of its report of `year` when that report's document is published — one query for a
/// government's whole list of departments.
pub async fn members_published(
    conn: &mut Conn,
    parent_id: i64,
    year: i32,
) -> Result<Vec<(i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT a.id, a.name, CASE WHEN {} THEN r.published_tables END \
         FROM agencies a LEFT JOIN reports r ON r.agency_id = a.id AND r.year = $2 \
         LEFT JOIN documents ON documents.id = r.document_id \
         WHERE a.parent_id = $1 ORDER BY a.sort_order, a.id",
        crate::documents::PUBLIC
    )))
    .bind(parent_id)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await
}
