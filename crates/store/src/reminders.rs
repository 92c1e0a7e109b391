//! Staff members' reminder settings and the claims of daily reminder e-mails.

use crate::Conn;

/// A staff member's reminder setting.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Setting {
    /// The staff member.
    pub user_id: i64,
    /// Where reminders go.
    pub email: String,
    /// 1 to send.
    pub enabled: i64,
}

/// The setting of one staff member.
pub async fn setting(conn: &mut Conn, user_id: i64) -> Result<Option<Setting>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, email, enabled FROM reminder_settings WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Saves a setting.
pub async fn save(conn: &mut Conn, s: &Setting, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reminder_settings (user_id, email, enabled, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, enabled = excluded.enabled, \
         updated_at = excluded.updated_at",
    )
    .bind(s.user_id)
    .bind(&s.email)
    .bind(s.enabled)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every enabled setting of an active account.
pub async fn enabled(conn: &mut Conn) -> Result<Vec<Setting>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.user_id, r.email, r.enabled FROM reminder_settings r \
         JOIN users u ON u.id = r.user_id WHERE r.enabled = 1 AND u.is_active = 1 \
         ORDER BY r.user_id",
    )
    .fetch_all(conn)
    .await
}

/// Claims the reminder of `user_id` for `day`: true for the one caller that gets it.
pub async fn claim(
    conn: &mut Conn,
    user_id: i64,
    day: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO reminder_sends (user_id, day, sent_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, day) DO NOTHING",
    )
    .bind(user_id)
    .bind(day)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a claim back (the e-mail could not be sent: another try later).
pub async fn release(conn: &mut Conn, user_id: i64, day: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM reminder_sends WHERE user_id = $1 AND day = $2")
        .bind(user_id)
        .bind(day)
        .execute(conn)
        .await?;
    Ok(())
}
