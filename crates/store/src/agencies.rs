//! Agencies (行政机关) with their disclosure office's contacts.

use crate::Conn;

/// A stored agency.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Agency {
    /// Id.
    pub id: i64,
    /// Full name, e.g. 示例市民政局.
    pub name: String,
    /// Short name, e.g. 市民政局.
    pub short_name: String,
    /// 统一社会信用代码 or 组织机构代码, normalised.
    pub code: String,
    /// The agency above (a department's government).
    pub parent_id: Option<i64>,
    /// 索引号 pattern.
    pub index_pattern: String,
    /// 政府信息公开工作机构 名称.
    pub office_name: String,
    /// 办公地址.
    pub office_address: String,
    /// 办公时间.
    pub office_hours: String,
    /// 联系电话.
    pub office_phone: String,
    /// 传真.
    pub office_fax: String,
    /// 互联网联系方式.
    pub office_web: String,
    /// Display order among siblings.
    pub sort_order: i64,
}

/// The fields staff edit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyFields {
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Normalised code.
    pub code: String,
    /// Parent.
    pub parent_id: Option<i64>,
    /// 索引号 pattern.
    pub index_pattern: String,
    /// Office name.
    pub office_name: String,
    /// Office address.
    pub office_address: String,
    /// Office hours.
    pub office_hours: String,
    /// Phone.
    pub office_phone: String,
    /// Fax.
    pub office_fax: String,
    /// Web contact.
    pub office_web: String,
    /// Order.
    pub sort_order: i64,
}

const COLUMNS: &str = "id, name, short_name, code, parent_id, index_pattern, office_name, \
    office_address, office_hours, office_phone, office_fax, office_web, sort_order";

/// Creates an agency and returns its id.
pub async fn insert(conn: &mut Conn, f: &AgencyFields, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO agencies (name, short_name, code, parent_id, index_pattern, office_name, \
         office_address, office_hours, office_phone, office_fax, office_web, sort_order, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(&f.name)
    .bind(&f.short_name)
    .bind(&f.code)
    .bind(f.parent_id)
    .bind(&f.index_pattern)
    .bind(&f.office_name)
    .bind(&f.office_address)
    .bind(&f.office_hours)
    .bind(&f.office_phone)
    .bind(&f.office_fax)
    .bind(&f.office_web)
    .bind(f.sort_order)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Updates an agency; false when it does not exist.
pub async fn update(
    conn: &mut Conn,
    id: i64,
    f: &AgencyFields,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE agencies SET name = $1, short_name = $2, code = $3, parent_id = $4, \
         index_pattern = $5, office_name = $6, office_address = $7, office_hours = $8, \
         office_phone = $9, office_fax = $10, office_web = $11, sort_order = $12, \
         updated_at = $13 WHERE id = $14",
    )
    .bind(&f.name)
    .bind(&f.short_name)
    .bind(&f.code)
    .bind(f.parent_id)
    .bind(&f.index_pattern)
    .bind(&f.office_name)
    .bind(&f.office_address)
    .bind(&f.office_hours)
    .bind(&f.office_phone)
    .bind(&f.office_fax)
    .bind(&f.office_web)
    .bind(f.sort_order)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The agency with this id.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Agency>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM agencies WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Every agency, parents before children in display order.
pub async fn list(conn: &mut Conn) -> Result<Vec<Agency>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM agencies ORDER BY COALESCE(parent_id, 0), sort_order, id"
    )))
    .fetch_all(conn)
    .await
}

/// The ids of the agencies above `id`, nearest first. Bounded, so a corrupt cycle cannot loop.
pub async fn ancestors(conn: &mut Conn, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = Vec::new();
    let mut current = id;
    for _ in 0..32 {
        let parent: Option<Option<i64>> =
            sqlx::query_scalar("SELECT parent_id FROM agencies WHERE id = $1")
                .bind(current)
                .fetch_optional(&mut *conn)
                .await?;
        match parent.flatten() {
            Some(p) if !out.contains(&p) && p != id => {
                out.push(p);
                current = p;
            }
            _ => break,
        }
    }
    Ok(out)
}

/// Whether any agency exists (an empty database gets the demo).
pub async fn count(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM agencies")
        .fetch_one(conn)
        .await
}
