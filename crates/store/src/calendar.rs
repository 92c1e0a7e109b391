//! Administrators' additions and corrections to the shipped holiday data.

use crate::Conn;

/// A day set by an administrator.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// 1: statutory holiday (放假); 0: working day (调休上班).
    pub is_off_day: i64,
    /// The holiday's name.
    pub name: String,
}

/// Every day set, in date order.
pub async fn days(conn: &mut Conn) -> Result<Vec<Day>, sqlx::Error> {
    sqlx::query_as("SELECT day, is_off_day, name FROM calendar_days ORDER BY day")
        .fetch_all(conn)
        .await
}

/// Years declared complete by an import.
pub async fn years(conn: &mut Conn) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT year FROM calendar_years ORDER BY year")
        .fetch_all(conn)
        .await
}

/// Sets a day.
pub async fn set_day(
    conn: &mut Conn,
    day: &Day,
    user_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_days (day, is_off_day, name, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day) DO UPDATE SET is_off_day = $2, \
         name = $3, updated_by = $4, updated_at = $5",
    )
    .bind(&day.day)
    .bind(day.is_off_day)
    .bind(&day.name)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes an administrator's setting of a day (the shipped data applies again).
pub async fn clear_day(conn: &mut Conn, day: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM calendar_days WHERE day = $1")
        .bind(day)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Declares a year's data complete.
pub async fn add_year(
    conn: &mut Conn,
    year: i64,
    user_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_years (year, updated_by, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (year) DO UPDATE SET updated_by = $2, updated_at = $3",
    )
    .bind(year)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
