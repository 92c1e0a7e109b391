//! 主题分类 as stored and edited by administrators.

use gongkai_domain::catalogue::taxonomy::{Subject, Taxonomy};

use crate::Conn;

/// Loads the taxonomy in display order.
pub async fn load(conn: &mut Conn) -> Result<Taxonomy, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM subjects ORDER BY sort_order, code")
            .fetch_all(conn)
            .await?;
    Ok(Taxonomy::new(
        rows.into_iter()
            .map(|(code, name)| Subject { code, name })
            .collect(),
    ))
}

/// Seeds the shipped taxonomy when the table is empty (first migration).
pub async fn seed_if_empty(conn: &mut Conn) -> Result<(), sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subjects")
        .fetch_one(&mut *conn)
        .await?;
    if count > 0 {
        return Ok(());
    }
    for (i, s) in Taxonomy::shipped().subjects().iter().enumerate() {
        sqlx::query("INSERT INTO subjects (code, name, sort_order) VALUES ($1, $2, $3)")
            .bind(&s.code)
            .bind(&s.name)
            .bind(i as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Renames a subject.
pub async fn rename(conn: &mut Conn, code: &str, name: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE subjects SET name = $1 WHERE code = $2")
        .bind(name)
        .bind(code)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
