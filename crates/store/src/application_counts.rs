//! Counts of an agency's applications for a year (the annual report's section 三), grouped in
//! SQL so that a year of many applications is counted without loading them. Dates are ISO text,
//! compared as text on both backends.

use crate::Conn;

/// Applications of each applicant kind matching a condition.
async fn by_kind(
    conn: &mut Conn,
    agency_id: i64,
    condition: &str,
    a: &str,
    b: Option<&str>,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT kind, COUNT(*) FROM applications WHERE agency_id = $1 AND received_on IS NOT NULL \
         AND {condition} GROUP BY kind"
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(agency_id)
        .bind(a);
    match b {
        Some(b) => q.bind(b).fetch_all(conn).await,
        None => q.fetch_all(conn).await,
    }
}

/// Received between `from` and `to` (inclusive): 本年新收.
pub async fn received_between(
    conn: &mut Conn,
    agency_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    by_kind(
        conn,
        agency_id,
        "received_on >= $2 AND received_on <= $3",
        from,
        Some(to),
    )
    .await
}

/// Open at the end of `day` (received by then, not closed by then): 结转. Read from the index by
/// closing date: the still-open ones (`closed_on` NULL) and those closed after `day` — a short
/// range for recent years, where testing every application received by `day` would visit all of
/// them. The receipt date is tested inside `COALESCE` so that no planner picks the receipt index.
pub async fn open_at(
    conn: &mut Conn,
    agency_id: i64,
    day: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut out: Vec<(String, i64)> = Vec::new();
    for closing in ["closed_on IS NULL", "closed_on > $2"] {
        let sql = format!(
            "SELECT kind, COUNT(*) FROM applications WHERE agency_id = $1 AND {closing} \
             AND COALESCE(received_on, '9999') <= $2 GROUP BY kind"
        );
        let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(agency_id)
            .bind(day)
            .fetch_all(&mut *conn)
            .await?;
        for (kind, n) in rows {
            match out.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, total)) => *total += n,
                None => out.push((kind, n)),
            }
        }
    }
    Ok(out)
}

/// Closed between `from` and `to` (inclusive), by kind and ground: 办理结果.
pub async fn closed_between(
    conn: &mut Conn,
    agency_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, ground, COUNT(*) FROM applications WHERE agency_id = $1 \
         AND received_on IS NOT NULL AND ground IS NOT NULL AND closed_on >= $2 \
         AND closed_on <= $3 GROUP BY kind, ground",
    )
    .bind(agency_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// Reviews and lawsuits of the agency's applications decided between `from` and `to`, by kind
/// and result.
pub async fn appeals_decided(
    conn: &mut Conn,
    agency_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.kind, p.result, COUNT(*) FROM application_appeals p \
         JOIN applications a ON a.id = p.application_id WHERE a.agency_id = $1 \
         AND p.result <> 'pending' AND p.result_on >= $2 AND p.result_on <= $3 \
         GROUP BY p.kind, p.result",
    )
    .bind(agency_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// Reviews and lawsuits of the agency's applications filed by `day` and not decided by then
/// (尚未审结 at the year's end), by kind.
pub async fn appeals_pending_at(
    conn: &mut Conn,
    agency_id: i64,
    day: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.kind, COUNT(*) FROM application_appeals p \
         JOIN applications a ON a.id = p.application_id WHERE a.agency_id = $1 \
         AND p.filed_on <= $2 AND (p.result_on IS NULL OR p.result_on > $2) GROUP BY p.kind",
    )
    .bind(agency_id)
    .bind(day)
    .fetch_all(conn)
    .await
}

/// The agency's published 规章 (`rule`) or 行政规范性文件 (`normative`) for the report's section
/// 二: written in the year, ceased (废止 or 失效) in the year, and in force at its end.
pub async fn catalogue_block(
    conn: &mut Conn,
    agency_id: i64,
    legal_kind: &str,
    year: i32,
) -> Result<(i64, i64, i64), sqlx::Error> {
    let (first, last) = (format!("{year}-01-01"), format!("{year}-12-31"));
    sqlx::query_as(
        "SELECT \
         COALESCE(SUM(CASE WHEN written_on >= $3 AND written_on <= $4 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN validity IN ('repealed', 'expired') AND ended_on >= $3 \
           AND ended_on <= $4 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN written_on <= $4 AND (validity IN ('valid', 'amended') \
           OR ended_on > $4) THEN 1 ELSE 0 END), 0) \
         FROM documents WHERE agency_id = $1 AND legal_kind = $2 AND state = 'published'",
    )
    .bind(agency_id)
    .bind(legal_kind)
    .bind(first)
    .bind(last)
    .fetch_one(conn)
    .await
}

/// The 信息处理费 paid in a year: the total of the fee notices of applications whose fee was
/// paid between `from` and `to` (元), and how many applications paid.
pub async fn fees_paid_between(
    conn: &mut Conn,
    agency_id: i64,
    from: &str,
    to: &str,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(n.amount), 0) AS BIGINT), COUNT(DISTINCT p.application_id) \
         FROM application_events p \
         JOIN applications a ON a.id = p.application_id \
         JOIN application_events n ON n.application_id = p.application_id \
           AND n.kind = 'fee_notice_served' \
         WHERE a.agency_id = $1 AND p.kind = 'fee_paid' AND p.on_date >= $2 AND p.on_date <= $3",
    )
    .bind(agency_id)
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await
}
