//! The public catalogue (法定主动公开内容) of one or more agencies: filtered lists by keyset and
//! the counts shown beside each filter.

use crate::Conn;
use crate::documents::Summary;

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

/// The WHERE clause of a filter and the values to bind, in order.
fn where_clause(f: &CatalogueFilter) -> (String, Vec<Bound>) {
    let mut sql = String::from(crate::documents::PUBLIC);
    let mut binds = Vec::new();
    let mut p = 0;
    let mut push = |sql: &mut String, clause: &str, value: Bound, binds: &mut Vec<Bound>| {
        p += 1;
        sql.push_str(&clause.replace('?', &format!("${p}")));
        binds.push(value);
    };
    if f.agency_ids.is_empty() {
        sql.push_str(" AND 1 = 0");
    } else {
        sql.push_str(" AND agency_id IN (");
        for (i, id) in f.agency_ids.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            push(&mut sql, "?", Bound::Int(*id), &mut binds);
        }
        sql.push(')');
    }
    if let Some(a) = f.agency_id {
        push(&mut sql, " AND agency_id = ?", Bound::Int(a), &mut binds);
    }
    if let Some(s) = &f.subject {
        push(
            &mut sql,
            " AND subject_code LIKE ?",
            Bound::Text(format!("{s}%")),
            &mut binds,
        );
    }
    if let Some(i) = f.item20 {
        push(&mut sql, " AND item20 = ?", Bound::Int(i), &mut binds);
    }
    if let Some(g) = &f.genre {
        push(
            &mut sql,
            " AND genre = ?",
            Bound::Text(g.clone()),
            &mut binds,
        );
    }
    if let Some(y) = f.year {
        push(
            &mut sql,
            " AND published_on >= ?",
            Bound::Text(format!("{y:04}-01-01")),
            &mut binds,
        );
        push(
            &mut sql,
            " AND published_on <= ?",
            Bound::Text(format!("{y:04}-12-31")),
            &mut binds,
        );
    }
    if let Some(v) = &f.validity {
        push(
            &mut sql,
            " AND validity = ?",
            Bound::Text(v.clone()),
            &mut binds,
        );
    }
    if let Some(t) = &f.title_suffix {
        push(
            &mut sql,
            " AND title LIKE ?",
            Bound::Text(format!("%{t}")),
            &mut binds,
        );
    }
    (sql, binds)
}

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
enum Bound {
    Int(i64),
    Text(String),
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bound::Int(i) => q.bind(*i),
                Bound::Text(t) => q.bind(t.clone()),
            };
        }
        q
    }};
}

/// A page of the filtered catalogue, newest first, after the keyset cursor (发布日期, id).
pub async fn list(
    conn: &mut Conn,
    f: &CatalogueFilter,
    after: Option<&(String, i64)>,
    limit: i64,
) -> Result<Vec<Summary>, sqlx::Error> {
    let (mut clause, mut binds) = where_clause(f);
    let mut p = binds.len();
    if let Some((on, id)) = after {
        clause.push_str(&format!(
            " AND (published_on < ${a} OR (published_on = ${a} AND id < ${b}))",
            a = p + 1,
            b = p + 2
        ));
        binds.push(Bound::Text(on.clone()));
        binds.push(Bound::Int(*id));
        p += 2;
    }
    let sql = format!(
        "SELECT id, agency_id, state, index_number, title, doc_number, written_on, published_on, \
         validity, updated_at FROM documents WHERE {clause} ORDER BY published_on DESC, id DESC LIMIT ${}",
        p + 1
    );
    let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds);
    q.bind(limit).fetch_all(conn).await
}

async fn group_text(
    conn: &mut Conn,
    f: &CatalogueFilter,
    expr: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let (clause, binds) = where_clause(f);
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
    let (clause, binds) = where_clause(f);
    let sql = format!(
        "SELECT {column} AS k, COUNT(*) AS n FROM documents WHERE {clause} AND {column} IS NOT NULL \
         GROUP BY {column} ORDER BY k"
    );
    let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds);
    q.fetch_all(conn).await
}

/// The counts of the filtered catalogue by every dimension.
pub async fn facets(conn: &mut Conn, f: &CatalogueFilter) -> Result<Facets, sqlx::Error> {
    let (clause, binds) = where_clause(f);
    let q = bind_all!(
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM documents WHERE {clause}"
        ))),
        &binds
    );
    let total: i64 = q.fetch_one(&mut *conn).await?;
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
