//! Failed logins per account name and client address, and the locks they lead to.

use crate::Conn;

/// Counts an attempt of (`username`, `client`) at `now` before its password is checked, in one
/// statement, so that parallel attempts each get their own number: failures older than
/// `window_start` are forgotten first (rows left alone since then are deleted). Returns the
/// attempt's number in the run of failures and the lock's end if it is locked at `now`. Attempts
/// while locked are not counted (the lock ends when it says); after a lock the count starts again.
pub async fn reserve(
    conn: &mut Conn,
    username: &str,
    client: &str,
    window_start: i64,
    now: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query(
        "DELETE FROM login_failures WHERE updated_at < $1 \
         AND (locked_until_at IS NULL OR locked_until_at < $2)",
    )
    .bind(window_start)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let (failures, locked): (i64, Option<i64>) = sqlx::query_as(
        "INSERT INTO login_failures (username, client, failures, locked_until_at, updated_at) \
         VALUES ($1, $2, 1, NULL, $3) \
         ON CONFLICT (username, client) DO UPDATE SET \
         failures = CASE WHEN login_failures.locked_until_at > $3 THEN login_failures.failures \
         WHEN login_failures.locked_until_at IS NOT NULL THEN 1 \
         ELSE login_failures.failures + 1 END, \
         locked_until_at = CASE WHEN login_failures.locked_until_at > $3 \
         THEN login_failures.locked_until_at END, \
         updated_at = CASE WHEN login_failures.locked_until_at > $3 \
         THEN login_failures.updated_at ELSE $3 END \
         RETURNING failures, locked_until_at",
    )
    .bind(username)
    .bind(client)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok((failures, locked.filter(|until| *until > now)))
}

/// Locks (`username`, `client`) until `until`.
pub async fn lock(
    conn: &mut Conn,
    username: &str,
    client: &str,
    until: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_failures SET locked_until_at = $3 WHERE username = $1 AND client = $2",
    )
    .bind(username)
    .bind(client)
    .bind(until)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the failures of (`username`, `client`) after a successful login.
pub async fn clear(conn: &mut Conn, username: &str, client: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1 AND client = $2")
        .bind(username)
        .bind(client)
        .execute(conn)
        .await?;
    Ok(())
}

/// Lifts every lock on `username` (a new password set by an administrator).
pub async fn clear_name(conn: &mut Conn, username: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1")
        .bind(username)
        .execute(conn)
        .await?;
    Ok(())
}

/// The names locked at `now` from some address.
pub async fn locked_names(conn: &mut Conn, now: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT username FROM login_failures WHERE locked_until_at > $1 ORDER BY username",
    )
    .bind(now)
    .fetch_all(conn)
    .await
}
