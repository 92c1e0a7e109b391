//! Sites of the site group and their host names.

use crate::Conn;

/// A stored site.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Site {
    /// Id.
    pub id: i64,
    /// The owner agency.
    pub agency_id: i64,
    /// Name, e.g. 示例市民政局.
    pub name: String,
    /// Path prefix: the site is served under /sites/{slug}/.
    pub slug: String,
    /// 1 for the government portal, 0 for a department's sub-site.
    pub is_portal: i64,
    /// 网站标识码.
    pub site_code: String,
    /// ICP 备案号.
    pub icp_record: String,
    /// 公安机关备案号.
    pub police_record: String,
    /// Theme folder name.
    pub theme: String,
    /// Order in the site group.
    pub sort_order: i64,
}

/// The fields staff edit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteFields {
    /// Owner agency.
    pub agency_id: i64,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Portal flag.
    pub is_portal: bool,
    /// 网站标识码.
    pub site_code: String,
    /// ICP 备案号.
    pub icp_record: String,
    /// 公安备案号.
    pub police_record: String,
    /// Theme.
    pub theme: String,
    /// Order.
    pub sort_order: i64,
    /// Host names.
    pub hosts: Vec<String>,
}

const COLUMNS: &str =
    "id, agency_id, name, slug, is_portal, site_code, icp_record, police_record, theme, sort_order";

/// Creates a site with its host names.
pub async fn insert(conn: &mut Conn, f: &SiteFields, now: i64) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sites (agency_id, name, slug, is_portal, site_code, icp_record, \
         police_record, theme, sort_order, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(f.agency_id)
    .bind(&f.name)
    .bind(&f.slug)
    .bind(i64::from(f.is_portal))
    .bind(&f.site_code)
    .bind(&f.icp_record)
    .bind(&f.police_record)
    .bind(&f.theme)
    .bind(f.sort_order)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    set_hosts(conn, id, &f.hosts).await?;
    Ok(id)
}

/// Updates a site and replaces its host names.
pub async fn update(
    conn: &mut Conn,
    id: i64,
    f: &SiteFields,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE sites SET agency_id = $1, name = $2, slug = $3, is_portal = $4, site_code = $5, \
         icp_record = $6, police_record = $7, theme = $8, sort_order = $9, updated_at = $10 \
         WHERE id = $11",
    )
    .bind(f.agency_id)
    .bind(&f.name)
    .bind(&f.slug)
    .bind(i64::from(f.is_portal))
    .bind(&f.site_code)
    .bind(&f.icp_record)
    .bind(&f.police_record)
    .bind(&f.theme)
    .bind(f.sort_order)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    set_hosts(conn, id, &f.hosts).await?;
    Ok(true)
}

async fn set_hosts(conn: &mut Conn, site_id: i64, hosts: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM site_hosts WHERE site_id = $1")
        .bind(site_id)
        .execute(&mut *conn)
        .await?;
    for host in hosts {
        sqlx::query("INSERT INTO site_hosts (host, site_id) VALUES ($1, $2)")
            .bind(host)
            .bind(site_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The site with this id.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Site>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sites WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The site with this slug.
pub async fn find_by_slug(conn: &mut Conn, slug: &str) -> Result<Option<Site>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sites WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_optional(conn)
    .await
}

/// The site serving this host name.
pub async fn find_by_host(conn: &mut Conn, host: &str) -> Result<Option<Site>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sites WHERE id = (SELECT site_id FROM site_hosts WHERE host = $1)"
    )))
    .bind(host)
    .fetch_optional(conn)
    .await
}

/// The portal of the group (the first site flagged as portal).
pub async fn find_portal(conn: &mut Conn) -> Result<Option<Site>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sites WHERE is_portal = 1 ORDER BY sort_order, id LIMIT 1"
    )))
    .fetch_optional(conn)
    .await
}

/// Every site in display order.
pub async fn list(conn: &mut Conn) -> Result<Vec<Site>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sites ORDER BY is_portal DESC, sort_order, id"
    )))
    .fetch_all(conn)
    .await
}

/// The host names of a site.
pub async fn hosts(conn: &mut Conn, site_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT host FROM site_hosts WHERE site_id = $1 ORDER BY host")
        .bind(site_id)
        .fetch_all(conn)
        .await
}
