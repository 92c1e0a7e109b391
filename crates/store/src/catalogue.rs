//! The public catalogue (法定主动公开内容) of one or more agencies: filtered lists by keyset and
//! the counts shown beside each filter.

use crate::Conn;
use crate::documents::Summary;
use crate::pager::{self, Bound, Cursor, DocumentSet, bind_all};

/// What the reader narrowed the catalogue to.
#[derive(Debug, Clone, Default)]
pub struct CatalogueFilter {
    /// The agencies whose documents are listed (an agency, or a government and its departments).
    pub agency_ids: Vec<i64>,
    /// Only this agency among them.
    pub agency_id: Option<i64>,
    /// 主题分类 code: two digits for a first-level subject (with its children), four for one.
    pub subject: Option<String>,
    /// 第二十条 item.
    pub item20: Option<i64>,
    /// 文种, stored name.
    pub genre: Option<String>,
    /// Year of 发布日期.
    pub year: Option<i32>,
    /// 效力状态, stored name.
    pub validity: Option<String>,
    /// Titles ending so (the annual reports: `…年政府信息公开工作年度报告`).
    pub title_suffix: Option<String>,
}

/// Counts of the filtered catalogue by each dimension.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facets {
    /// Total.
    pub total: i64,
    /// By first-level 主题分类 code.
    pub subjects: Vec<(String, i64)>,
    /// By 第二十条 item.
    pub items: Vec<(i64, i64)>,
    /// By 文种.
    pub genres: Vec<(String, i64)>,
    /// By year of 发布日期, newest first.
    pub years: Vec<(String, i64)>,
    /// By 效力状态.
    pub validities: Vec<(String, i64)>,
    /// By agency.
    pub agencies: Vec<(i64, i64)>,
}

/// The documents a filter selects.
pub fn set(f: &CatalogueFilter) -> DocumentSet {
    let mut set = DocumentSet::public();
    if f.agency_ids.is_empty() {
        set.clause.push_str(" AND 1 = 0");
    } else {
        for (i, id) in f.agency_ids.iter().enumerate() {
            let clause = if i == 0 {
                " AND agency_id IN (?"
            } else {
                ", ?"
            };
            set.and(clause, Bound::Int(*id));
        }
        set.clause.push(')');
    }
    if let Some(a) = f.agency_id {
        set.and(" AND agency_id = ?", Bound::Int(a));
    }
    if let Some(s) = &f.subject {
        set.and(" AND subject_code LIKE ?", Bound::Text(format!("{s}%")));
    }
    if let Some(i) = f.item20 {
        set.and(" AND item20 = ?", Bound::Int(i));
    }
    if let Some(g) = &f.genre {
        set.and(" AND genre = ?", Bound::Text(g.clone()));
    }
    if let Some(y) = f.year {
        set.in_year(y);
    }
    if let Some(v) = &f.validity {
        set.and(" AND validity = ?", Bound::Text(v.clone()));
    }
    if let Some(t) = &f.title_suffix {
        set.and(" AND title LIKE ?", Bound::Text(format!("%{t}")));
    }
    set
}

/// A page of the filtered catalogue, newest first, after the keyset cursor (发布日期, id).
pub async fn list(
    conn: &mut Conn,
    f: &CatalogueFilter,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<Summary>, sqlx::Error> {
    pager::list(conn, &set(f), after, limit).await
}

/// Where the page after `after` stands among the `total` documents of the filter.
pub async fn page_map(
    conn: &mut Conn,
    f: &CatalogueFilter,
    total: i64,
    after: Option<&Cursor>,
    size: i64,
) -> Result<pager::PageMap, sqlx::Error> {
    pager::page_map(conn, &set(f), total, after, size, 2).await
}

async fn group_text(
    conn: &mut Conn,
    f: &CatalogueFilter,
    expr: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let DocumentSet { clause, binds } = set(f);
    let sql = format!(
        "SELECT {expr} AS k, COUNT(*) AS n FROM documents WHERE {clause} AND {expr} IS NOT NULL \
         GROUP BY {expr} ORDER BY k"
    );
    let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds);
    q.fetch_all(conn).await
}

async fn group_int(
    conn: &mut Conn,
    f: &CatalogueFilter,
    column: &str,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let DocumentSet { clause, binds } = set(f);
    let sql = format!(
        "SELECT {column} AS k, COUNT(*) AS n FROM documents WHERE {clause} AND {column} IS NOT NULL \
         GROUP BY {column} ORDER BY k"
    );
    let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds);
    q.fetch_all(conn).await
}

/// The counts of the filtered catalogue by every dimension.
pub async fn facets(conn: &mut Conn, f: &CatalogueFilter) -> Result<Facets, sqlx::Error> {
    let total = pager::count(conn, &set(f)).await?;
    let mut years = group_text(conn, f, "SUBSTR(published_on, 1, 4)").await?;
    years.reverse();
    Ok(Facets {
        total,
        subjects: group_text(conn, f, "SUBSTR(subject_code, 1, 2)").await?,
        items: group_int(conn, f, "item20").await?,
        genres: group_text(conn, f, "genre").await?,
        years,
        validities: group_text(conn, f, "validity").await?,
        agencies: group_int(conn, f, "agency_id").await?,
    })
}
