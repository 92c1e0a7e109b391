//! Staff accounts and their roles.

use crate::Conn;

/// A stored account (the password hash stays in the store layer's callers' hands only for
/// verification).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// 1 active, 0 disabled.
    pub is_active: i64,
    /// Consecutive failed logins.
    pub failed_logins: i64,
    /// Locked until this instant (unix ms).
    pub locked_until_at: Option<i64>,
}

/// A role row.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct RoleRow {
    /// The role's stored name.
    pub role: String,
    /// The agency, None for system_admin.
    pub agency_id: Option<i64>,
}

const COLUMNS: &str =
    "id, username, display_name, password_hash, is_active, failed_logins, locked_until_at";

/// Creates an account.
pub async fn insert(
    conn: &mut Conn,
    username: &str,
    display_name: &str,
    password_hash: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Adds a role (ignored when already held).
pub async fn add_role(
    conn: &mut Conn,
    user_id: i64,
    role: &str,
    agency_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let exists: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM user_roles WHERE user_id = $1 AND role = $2 \
         AND COALESCE(agency_id, 0) = COALESCE($3, 0)",
    )
    .bind(user_id)
    .bind(role)
    .bind(agency_id)
    .fetch_one(&mut *conn)
    .await?;
    if exists == 0 {
        sqlx::query("INSERT INTO user_roles (user_id, role, agency_id) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(role)
            .bind(agency_id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Removes every role of an account.
pub async fn clear_roles(conn: &mut Conn, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The roles of an account.
pub async fn roles(conn: &mut Conn, user_id: i64) -> Result<Vec<RoleRow>, sqlx::Error> {
    sqlx::query_as("SELECT role, agency_id FROM user_roles WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(conn)
        .await
}

/// The account with this login name.
pub async fn find_by_username(
    conn: &mut Conn,
    username: &str,
) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE username = $1"
    )))
    .bind(username)
    .fetch_optional(conn)
    .await
}

/// The account with this id.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Accounts visible to someone managing `agency_ids` (every account when `None`).
pub async fn list(conn: &mut Conn, agency_ids: Option<&[i64]>) -> Result<Vec<User>, sqlx::Error> {
    match agency_ids {
        None => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM users ORDER BY username"
            )))
            .fetch_all(conn)
            .await
        }
        Some(ids) => {
            let mut users: Vec<User> = Vec::new();
            for &agency_id in ids {
                let some: Vec<User> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM users WHERE id IN \
                     (SELECT user_id FROM user_roles WHERE agency_id = $1) ORDER BY username"
                )))
                .bind(agency_id)
                .fetch_all(&mut *conn)
                .await?;
                for u in some {
                    if !users.iter().any(|x| x.id == u.id) {
                        users.push(u);
                    }
                }
            }
            Ok(users)
        }
    }
}

/// Records a failed login; locks the account until `lock_until` once `max_failures` is reached.
pub async fn record_failed_login(
    conn: &mut Conn,
    id: i64,
    max_failures: i64,
    lock_until: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET failed_logins = failed_logins + 1, \
         locked_until_at = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until_at END \
         WHERE id = $3",
    )
    .bind(max_failures)
    .bind(lock_until)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Clears the failure count after a successful login.
pub async fn record_successful_login(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until_at = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a new password hash (and unlocks).
pub async fn set_password(
    conn: &mut Conn,
    id: i64,
    hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until_at = NULL, \
         updated_at = $2 WHERE id = $3",
    )
    .bind(hash)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the display name and whether the account may log in.
pub async fn update_profile(
    conn: &mut Conn,
    id: i64,
    display_name: &str,
    active: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET display_name = $1, is_active = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(display_name)
    .bind(i64::from(active))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The active accounts holding one of `roles` in one of `agency_ids`: (id, name), by id.
pub async fn holding(
    conn: &mut Conn,
    agency_ids: &[i64],
    roles: &[&str],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if agency_ids.is_empty() || roles.is_empty() {
        return Ok(Vec::new());
    }
    let agencies: Vec<String> = agency_ids.iter().map(i64::to_string).collect();
    let placeholders: Vec<String> = (1..=roles.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT DISTINCT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.is_active = 1 AND r.agency_id IN ({}) AND r.role IN ({}) ORDER BY u.id",
        agencies.join(", "),
        placeholders.join(", ")
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for r in roles {
        q = q.bind(*r);
    }
    q.fetch_all(conn).await
}
