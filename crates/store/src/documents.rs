//! Catalogue documents: metadata, joint issuers, column placement, state and links.

use gongkai_domain::catalogue::document::DocumentMeta;

use crate::Conn;
use crate::pager::{Bound, DocumentSet};

/// A stored document, every field as stored.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Document {
    /// Id.
    pub id: i64,
    /// The lead agency.
    pub agency_id: i64,
    /// `draft`, `pending_review`, `published` or `withdrawn`.
    pub state: String,
    /// 索引号, from first publication on.
    pub index_number: Option<String>,
    /// 标题.
    pub title: String,
    /// 主题分类 code.
    pub subject_code: String,
    /// 文种, stored name.
    pub genre: String,
    /// 规章 / 行政规范性文件 / 其他, stored name.
    pub legal_kind: String,
    /// 发文字号.
    pub doc_number: Option<String>,
    /// 成文日期.
    pub written_on: String,
    /// 施行日期.
    pub effective_on: Option<String>,
    /// 发布日期.
    pub published_on: Option<String>,
    /// 主题词, separated by single spaces.
    pub keywords: String,
    /// 内容概述.
    pub summary: String,
    /// 公开方式, stored name.
    pub disclosure: String,
    /// 效力状态, stored name.
    pub validity: String,
    /// 废止（失效）日期.
    pub ended_on: Option<String>,
    /// 第二十条 item.
    pub item20: Option<i64>,
    /// Sanitised body.
    pub body_html: String,
    /// The document this one interprets.
    pub interprets_id: Option<i64>,
    /// The document that replaced this one.
    pub replaced_by_id: Option<i64>,
    /// Who drafted (last submitted) it.
    pub author_id: Option<i64>,
    /// Who approved it.
    pub reviewer_id: Option<i64>,
    /// Reason of the last 退回 or 撤回.
    pub state_reason: String,
    /// Created, unix ms.
    pub created_at: i64,
    /// Updated, unix ms.
    pub updated_at: i64,
}

/// A line of a document list.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Summary {
    /// Id.
    pub id: i64,
    /// The lead agency.
    pub agency_id: i64,
    /// State.
    pub state: String,
    /// 索引号.
    pub index_number: Option<String>,
    /// 标题.
    pub title: String,
    /// 发文字号.
    pub doc_number: Option<String>,
    /// 成文日期.
    pub written_on: String,
    /// 发布日期.
    pub published_on: Option<String>,
    /// 效力状态.
    pub validity: String,
    /// Updated, unix ms.
    pub updated_at: i64,
}

/// The one SQL condition for what the public may see: the domain's
/// [`gongkai_domain::catalogue::visibility::is_public`], over a table named `documents` (queries
/// that use it do not alias the table). A store test holds the two to the same answer for every
/// state and 公开方式.
pub const PUBLIC: &str = "documents.state = 'published' AND documents.disclosure = 'proactive'";

impl Document {
    /// Whether the public may see this document (the domain's rule).
    pub fn is_public(&self) -> bool {
        gongkai_domain::catalogue::visibility::is_public_stored(&self.state, &self.disclosure)
    }
}

const COLUMNS: &str = "id, agency_id, state, index_number, title, subject_code, genre, legal_kind, \
    doc_number, written_on, effective_on, published_on, keywords, summary, disclosure, validity, \
    ended_on, item20, body_html, interprets_id, replaced_by_id, author_id, reviewer_id, \
    state_reason, created_at, updated_at";
pub(crate) const SUMMARY_COLUMNS: &str = "id, agency_id, state, index_number, title, doc_number, written_on, \
    published_on, validity, updated_at";

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Creates a draft of `agency_id` from validated metadata (whose body is already sanitised).
pub async fn insert(
    conn: &mut Conn,
    agency_id: i64,
    meta: &DocumentMeta,
    author_id: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO documents (agency_id, state, title, subject_code, genre, legal_kind, \
         doc_number, written_on, effective_on, keywords, summary, disclosure, validity, ended_on, \
         item20, body_html, interprets_id, author_id, created_at, updated_at) \
         VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
         $17, $18, $18) RETURNING id",
    )
    .bind(agency_id)
    .bind(&meta.title)
    .bind(&meta.subject_code)
    .bind(meta.genre.as_str())
    .bind(meta.legal_kind.as_str())
    .bind(&meta.doc_number)
    .bind(meta.written_on.format("%Y-%m-%d").to_string())
    .bind(date(meta.effective_on))
    .bind(meta.keywords.join(" "))
    .bind(&meta.summary)
    .bind(meta.disclosure.as_str())
    .bind(meta.validity.as_str())
    .bind(date(meta.ended_on))
    .bind(meta.item20.map(|i| i64::from(i.number())))
    .bind(&meta.body_html)
    .bind(meta.interprets.map(|d| d.0))
    .bind(author_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    set_links(conn, id, meta).await?;
    Ok(id)
}

/// Replaces a document's metadata, issuers and columns.
pub async fn update(
    conn: &mut Conn,
    id: i64,
    meta: &DocumentMeta,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE documents SET title = $1, subject_code = $2, genre = $3, legal_kind = $4, \
         doc_number = $5, written_on = $6, effective_on = $7, keywords = $8, summary = $9, \
         disclosure = $10, validity = $11, ended_on = $12, item20 = $13, body_html = $14, \
         interprets_id = $15, updated_at = $16 WHERE id = $17",
    )
    .bind(&meta.title)
    .bind(&meta.subject_code)
    .bind(meta.genre.as_str())
    .bind(meta.legal_kind.as_str())
    .bind(&meta.doc_number)
    .bind(meta.written_on.format("%Y-%m-%d").to_string())
    .bind(date(meta.effective_on))
    .bind(meta.keywords.join(" "))
    .bind(&meta.summary)
    .bind(meta.disclosure.as_str())
    .bind(meta.validity.as_str())
    .bind(date(meta.ended_on))
    .bind(meta.item20.map(|i| i64::from(i.number())))
    .bind(&meta.body_html)
    .bind(meta.interprets.map(|d| d.0))
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    set_links(conn, id, meta).await?;
    Ok(true)
}

async fn set_links(conn: &mut Conn, id: i64, meta: &DocumentMeta) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM document_issuers WHERE document_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (i, agency) in meta.co_issuers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO document_issuers (document_id, agency_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(agency.0)
        .bind(i as i64)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM document_columns WHERE document_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for column in &meta.columns {
        sqlx::query("INSERT INTO document_columns (document_id, column_id) VALUES ($1, $2)")
            .bind(id)
            .bind(column.0)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The document with this id.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Document>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM documents WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The joint issuers besides the lead agency, in order: (agency id, name).
pub async fn co_issuers(conn: &mut Conn, id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.name FROM document_issuers i JOIN agencies a ON a.id = i.agency_id \
         WHERE i.document_id = $1 ORDER BY i.position",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// The ids of every public document, oldest first (the search index is rebuilt from them).
pub async fn public_ids(conn: &mut Conn) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM documents WHERE {PUBLIC} ORDER BY id"
    )))
    .fetch_all(conn)
    .await
}

/// The document `id` if the public may see it ([`PUBLIC`]).
pub async fn find_public(conn: &mut Conn, id: i64) -> Result<Option<Document>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM documents WHERE id = $1 AND {PUBLIC}"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Of `ids`, those the public may see, as list lines in the order of `ids` (the targets of a
/// public document's links).
pub async fn public_summaries(conn: &mut Conn, ids: &[i64]) -> Result<Vec<Summary>, sqlx::Error> {
    let mut out = Vec::new();
    for id in ids {
        let line: Option<Summary> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents WHERE id = $1 AND {PUBLIC}"
        )))
        .bind(*id)
        .fetch_optional(&mut *conn)
        .await?;
        out.extend(line);
    }
    Ok(out)
}

/// The columns the document is placed in.
pub async fn column_ids(conn: &mut Conn, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT column_id FROM document_columns WHERE document_id = $1 ORDER BY column_id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// The sites whose columns hold the document (for cache invalidation).
pub async fn site_ids(conn: &mut Conn, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT c.site_id FROM document_columns dc JOIN columns c ON c.id = dc.column_id \
         WHERE dc.document_id = $1 ORDER BY c.site_id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// Moves a document to `state`, recording the reason (empty to clear) and the author when it
/// is submitted.
pub async fn set_state(
    conn: &mut Conn,
    id: i64,
    state: &str,
    reason: &str,
    author_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE documents SET state = $1, state_reason = $2, \
         author_id = COALESCE($3, author_id), updated_at = $4 WHERE id = $5",
    )
    .bind(state)
    .bind(reason)
    .bind(author_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Publishes: state 'published', the 索引号 (kept if it already has one), the 发布日期 and
/// the reviewer.
pub async fn publish(
    conn: &mut Conn,
    id: i64,
    index_number: &str,
    published_on: &str,
    reviewer_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE documents SET state = 'published', index_number = COALESCE(index_number, $1), \
         published_on = COALESCE(published_on, $2), reviewer_id = $3, state_reason = '', \
         updated_at = $4 WHERE id = $5",
    )
    .bind(index_number)
    .bind(published_on)
    .bind(reviewer_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the 发布日期 of a document (a re-imported row that gives another date).
pub async fn set_published_on(conn: &mut Conn, id: i64, date: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE documents SET published_on = $1 WHERE id = $2")
        .bind(date)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Changes 效力状态 with its end date and the replacing document.
pub async fn set_validity(
    conn: &mut Conn,
    id: i64,
    validity: &str,
    ended_on: Option<&str>,
    replaced_by_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE documents SET validity = $1, ended_on = $2, replaced_by_id = $3, updated_at = $4 \
         WHERE id = $5",
    )
    .bind(validity)
    .bind(ended_on)
    .bind(replaced_by_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Filters of the console's document list. The agency scope is part of the query: rows the
/// staff member may not see are never loaded.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// The agencies whose documents may be listed; `None` means all (系统管理员).
    pub agency_ids: Option<Vec<i64>>,
    /// Only this state.
    pub state: Option<String>,
    /// Keyset cursor: only documents with id below this.
    pub before_id: Option<i64>,
    /// Page size.
    pub limit: i64,
}

/// A page of documents, newest first.
pub async fn list(conn: &mut Conn, f: &ListFilter) -> Result<Vec<Summary>, sqlx::Error> {
    let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM documents WHERE id < $1");
    let mut n = 1;
    if let Some(ids) = &f.agency_ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are integers from our own tables, but they are still bound, never spliced.
        let placeholders: Vec<String> = ids
            .iter()
            .map(|_| {
                n += 1;
                format!("${n}")
            })
            .collect();
        sql.push_str(&format!(" AND agency_id IN ({})", placeholders.join(", ")));
    }
    if f.state.is_some() {
        n += 1;
        sql.push_str(&format!(" AND state = ${n}"));
    }
    n += 1;
    sql.push_str(&format!(" ORDER BY id DESC LIMIT ${n}"));
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(f.before_id.unwrap_or(i64::MAX));
    if let Some(ids) = &f.agency_ids {
        for id in ids {
            q = q.bind(*id);
        }
    }
    if let Some(state) = &f.state {
        q = q.bind(state.clone());
    }
    q.bind(f.limit).fetch_all(conn).await
}

/// The newest published, proactively disclosed documents placed in any column of a site.
pub async fn list_public_for_site(
    conn: &mut Conn,
    site_id: i64,
    limit: i64,
) -> Result<Vec<Summary>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents WHERE {PUBLIC} \
         AND id IN (SELECT dc.document_id FROM document_columns dc \
         JOIN columns c ON c.id = dc.column_id WHERE c.site_id = $1) \
         ORDER BY published_on DESC, id DESC LIMIT $2"
    )))
    .bind(site_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The published interpretations (政策解读) of a document.
pub async fn interpretations(conn: &mut Conn, id: i64) -> Result<Vec<Summary>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents WHERE interprets_id = $1 AND state = 'published' \
         ORDER BY id"
    )))
    .bind(id)
    .fetch_all(conn)
    .await
}

/// The public interpretations (政策解读) of a document.
pub async fn public_interpretations(conn: &mut Conn, id: i64) -> Result<Vec<Summary>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents WHERE interprets_id = $1 AND {PUBLIC} ORDER BY id"
    )))
    .bind(id)
    .fetch_all(conn)
    .await
}

/// The public documents this one replaced (their replaced_by points here).
pub async fn public_replaced(conn: &mut Conn, id: i64) -> Result<Vec<Summary>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents WHERE replaced_by_id = $1 AND {PUBLIC} ORDER BY id"
    )))
    .bind(id)
    .fetch_all(conn)
    .await
}

/// The documents this one replaced (their replaced_by points here).
pub async fn replaced(conn: &mut Conn, id: i64) -> Result<Vec<Summary>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents WHERE replaced_by_id = $1 ORDER BY id"
    )))
    .bind(id)
    .fetch_all(conn)
    .await
}

/// A page of the public documents of a column and its sub-columns.
#[derive(Debug, Clone, Default)]
pub struct ColumnPage<'a> {
    /// The site.
    pub site_id: i64,
    /// The column's path; documents of sub-columns are included.
    pub path: &'a str,
    /// Only documents published in this year.
    pub year: Option<i32>,
    /// Keyset cursor: only documents after (older than) this (published_on, id).
    pub after: Option<(String, i64)>,
    /// Page size.
    pub limit: i64,
}

/// The public (published, proactive) documents of a column subtree, of one year or all.
pub fn column_set(site_id: i64, path: &str, year: Option<i32>) -> DocumentSet {
    let mut set = DocumentSet::public();
    set.and(
        " AND id IN (SELECT dc.document_id FROM document_columns dc JOIN columns c ON c.id = dc.column_id \
         WHERE c.site_id = ?",
        Bound::Int(site_id),
    );
    set.and(" AND (c.path = ?", Bound::Text(path.to_owned()));
    set.and(" OR c.path LIKE ?))", Bound::Text(format!("{path}/%")));
    if let Some(y) = year {
        set.in_year(y);
    }
    set
}

/// Public documents of a column subtree, newest first, by keyset: the cost does not grow with the
/// page number.
pub async fn list_public_in_column(
    conn: &mut Conn,
    q: &ColumnPage<'_>,
) -> Result<Vec<Summary>, sqlx::Error> {
    let set = column_set(q.site_id, q.path, q.year);
    crate::pager::list(conn, &set, q.after.as_ref(), q.limit).await
}

/// The years (newest first) in which a column subtree has public documents.
pub async fn public_years_in_column(
    conn: &mut Conn,
    site_id: i64,
    path: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT SUBSTR(published_on, 1, 4) AS y FROM documents WHERE {PUBLIC} \
         AND id IN (SELECT dc.document_id FROM document_columns dc \
         JOIN columns c ON c.id = dc.column_id WHERE c.site_id = $1 AND (c.path = $2 OR c.path LIKE $3)) \
         ORDER BY y DESC"
    )))
    .bind(site_id)
    .bind(path)
    .bind(format!("{path}/%"))
    .fetch_all(conn)
    .await
}

/// (id, published_on) of every public document placed in a site, for its sitemap.
pub async fn public_entries_for_site(
    conn: &mut Conn,
    site_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, published_on FROM documents WHERE {PUBLIC} \
         AND id IN (SELECT dc.document_id FROM document_columns dc JOIN columns c ON c.id = dc.column_id \
         WHERE c.site_id = $1) ORDER BY id"
    )))
    .bind(site_id)
    .fetch_all(conn)
    .await
}

/// The first column of `site_id` in which the document is placed (for breadcrumbs).
pub async fn first_column_in_site(
    conn: &mut Conn,
    id: i64,
    site_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(c.id) FROM document_columns dc JOIN columns c ON c.id = dc.column_id \
         WHERE dc.document_id = $1 AND c.site_id = $2",
    )
    .bind(id)
    .bind(site_id)
    .fetch_one(conn)
    .await
}

/// The public documents just newer and just older than `id` in a column subtree (for the
/// document page's 上一篇 / 下一篇), by (发布日期, id).
pub async fn neighbours_in_column(
    conn: &mut Conn,
    site_id: i64,
    path: &str,
    published_on: &str,
    id: i64,
) -> Result<(Option<Summary>, Option<Summary>), sqlx::Error> {
    let scope = format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents WHERE {PUBLIC} \
         AND id IN (SELECT dc.document_id FROM document_columns dc JOIN columns c ON c.id = dc.column_id \
         WHERE c.site_id = $1 AND (c.path = $2 OR c.path LIKE $3))"
    );
    let newer = format!(
        "{scope} AND (published_on > $4 OR (published_on = $4 AND id > $5)) ORDER BY published_on, id LIMIT 1"
    );
    let older = format!(
        "{scope} AND (published_on < $4 OR (published_on = $4 AND id < $5)) ORDER BY published_on DESC, id DESC LIMIT 1"
    );
    let mut out = Vec::new();
    for sql in [newer, older] {
        out.push(
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(site_id)
                .bind(path.to_owned())
                .bind(format!("{path}/%"))
                .bind(published_on.to_owned())
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?,
        );
    }
    let older = out.pop().flatten();
    let newer = out.pop().flatten();
    Ok((newer, older))
}
