//! 索引号 serials. The counter row of (agency, scope) is incremented inside the publishing
//! transaction: the row lock makes concurrent publications queue, and a rollback returns the
//! number, so numbers are distinct and gap-free and a failed publication consumes none.

use crate::Conn;

/// Takes the next serial of `scope` for `agency_id` (1 for a new scope).
pub async fn next_seq(conn: &mut Conn, agency_id: i64, scope: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO index_counters (agency_id, scope, last_seq) VALUES ($1, $2, 1) \
         ON CONFLICT (agency_id, scope) DO UPDATE SET last_seq = index_counters.last_seq + 1 \
         RETURNING last_seq",
    )
    .bind(agency_id)
    .bind(scope)
    .fetch_one(conn)
    .await
}
