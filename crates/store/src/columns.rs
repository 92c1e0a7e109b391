//! Column trees (栏目) of any depth. A column's `path` is its slugs from the root joined by
//! `/`, unique within its site.

use crate::Conn;

/// A stored column.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Column {
    /// Id.
    pub id: i64,
    /// The site.
    pub site_id: i64,
    /// The parent column.
    pub parent_id: Option<i64>,
    /// Slug.
    pub slug: String,
    /// Path within the site.
    pub path: String,
    /// Name.
    pub name: String,
    /// `list`, `page` or `link`.
    pub kind: String,
    /// Target of a link column.
    pub link_url: String,
    /// Text of a page column.
    pub page_html: String,
    /// Order among siblings.
    pub sort_order: i64,
}

/// The fields staff edit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnFields {
    /// Site.
    pub site_id: i64,
    /// Parent.
    pub parent_id: Option<i64>,
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Link target.
    pub link_url: String,
    /// Page text (sanitised).
    pub page_html: String,
    /// Order.
    pub sort_order: i64,
}

const COLUMNS: &str =
    "id, site_id, parent_id, slug, path, name, kind, link_url, page_html, sort_order";

/// Creates a column; its path is the parent's path plus its slug.
pub async fn insert(conn: &mut Conn, f: &ColumnFields, now: i64) -> Result<i64, sqlx::Error> {
    let path = match f.parent_id {
        Some(p) => {
            let parent_path: Option<String> =
                sqlx::query_scalar("SELECT path FROM columns WHERE id = $1 AND site_id = $2")
                    .bind(p)
                    .bind(f.site_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let parent_path = parent_path.ok_or(sqlx::Error::RowNotFound)?;
            format!("{parent_path}/{}", f.slug)
        }
        None => f.slug.clone(),
    };
    sqlx::query_scalar(
        "INSERT INTO columns (site_id, parent_id, slug, path, name, kind, link_url, page_html, \
         sort_order, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(f.site_id)
    .bind(f.parent_id)
    .bind(&f.slug)
    .bind(&path)
    .bind(&f.name)
    .bind(&f.kind)
    .bind(&f.link_url)
    .bind(&f.page_html)
    .bind(f.sort_order)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Updates name, kind, link, page text and order (slug and place stay: addresses are stable).
pub async fn update(
    conn: &mut Conn,
    id: i64,
    f: &ColumnFields,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE columns SET name = $1, kind = $2, link_url = $3, page_html = $4, sort_order = $5, \
         updated_at = $6 WHERE id = $7",
    )
    .bind(&f.name)
    .bind(&f.kind)
    .bind(&f.link_url)
    .bind(&f.page_html)
    .bind(f.sort_order)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The column with this id.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Column>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM columns WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Every column of a site, ordered by path (parents before children).
pub async fn list_for_site(conn: &mut Conn, site_id: i64) -> Result<Vec<Column>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM columns WHERE site_id = $1 ORDER BY path"
    )))
    .bind(site_id)
    .fetch_all(conn)
    .await
}

/// Every column of the sites owned by an agency (where its documents may be placed).
pub async fn list_for_agency(conn: &mut Conn, agency_id: i64) -> Result<Vec<Column>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM columns WHERE site_id IN (SELECT id FROM sites WHERE agency_id = $1) \
         ORDER BY site_id, path"
    )))
    .bind(agency_id)
    .fetch_all(conn)
    .await
}

/// The column of a site at `path` (slugs joined by `/`).
pub async fn find_by_path(
    conn: &mut Conn,
    site_id: i64,
    path: &str,
) -> Result<Option<Column>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM columns WHERE site_id = $1 AND path = $2"
    )))
    .bind(site_id)
    .bind(path)
    .fetch_optional(conn)
    .await
}
