//! Failed logins per account name and client address, and the locks they lead to.

use crate::Conn;

/// When the lock on (`username`, `client`) ends, if it is locked at `now`.
pub async fn locked_until(
    conn: &mut Conn,
    username: &str,
    client: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT locked_until_at FROM login_failures WHERE username = $1 AND client = $2 \
         AND locked_until_at > $3",
    )
    .bind(username)
    .bind(client)
    .bind(now)
    .fetch_optional(conn)
    .await
    .map(Option::flatten)
}

/// Counts a failure of (`username`, `client`) at `now`: failures older than `window_start`
/// are forgotten first; the `max_failures`-th in a row locks until `lock_until`. Returns the
/// lock's end when it is now locked. Rows left alone since `window_start` are deleted.
pub async fn record(
    conn: &mut Conn,
    username: &str,
    client: &str,
    (max_failures, lock_until): (i64, i64),
    window_start: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "DELETE FROM login_failures WHERE updated_at < $1 \
         AND (locked_until_at IS NULL OR locked_until_at < $2)",
    )
    .bind(window_start)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO login_failures (username, client, failures, locked_until_at, updated_at) \
         VALUES ($1, $2, 1, CASE WHEN $3 <= 1 THEN $4 END, $5) \
         ON CONFLICT (username, client) DO UPDATE SET \
         failures = login_failures.failures + 1, \
         locked_until_at = CASE WHEN login_failures.failures + 1 >= $3 THEN $4 \
         ELSE login_failures.locked_until_at END, \
         updated_at = $5",
    )
    .bind(username)
    .bind(client)
    .bind(max_failures)
    .bind(lock_until)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    locked_until(conn, username, client, now).await
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
