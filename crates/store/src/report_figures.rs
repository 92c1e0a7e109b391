//! The annual report's figures entered by the agency (section 二's blocks from other systems).

use crate::Conn;

/// An agency's entered figures for a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Figures {
    /// 行政许可 · 本年处理决定数量.
    pub licensing: Option<i64>,
    /// 行政处罚 · 本年处理决定数量.
    pub penalties: Option<i64>,
    /// 行政强制 · 本年处理决定数量.
    pub enforcement: Option<i64>,
    /// 行政事业性收费 · 本年收费金额（万元）, as typed.
    pub fees_wan_yuan: Option<String>,
}

/// The figures of `agency_id` for `year`, if entered.
pub async fn find(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> Result<Option<Figures>, sqlx::Error> {
    sqlx::query_as(
        "SELECT licensing, penalties, enforcement, fees_wan_yuan FROM report_figures \
         WHERE agency_id = $1 AND year = $2",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .fetch_optional(conn)
    .await
}

/// Saves the figures of `agency_id` for `year`.
pub async fn save(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    f: &Figures,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_figures (agency_id, year, licensing, penalties, enforcement, \
         fees_wan_yuan, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (agency_id, year) DO UPDATE SET licensing = excluded.licensing, \
         penalties = excluded.penalties, enforcement = excluded.enforcement, \
         fees_wan_yuan = excluded.fees_wan_yuan, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .bind(f.licensing)
    .bind(f.penalties)
    .bind(f.enforcement)
    .bind(&f.fees_wan_yuan)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
