//! Pages of a set of public documents, newest first by the keyset (发布日期, id), with page
//! numbers: where the page stands (共 N 条, 第 P 页 of M), and the cursors of the first, last and
//! nearby pages. Every query is an index range bounded by a few pages, or a count of the set (the
//! catalogue counts it for its facets anyway), so a deep page costs what the first does.

use crate::Conn;
use crate::documents::{SUMMARY_COLUMNS, Summary};

/// A keyset cursor: the (发布日期, id) of the last document of the page before.
pub type Cursor = (String, i64);

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Bound {
    Int(i64),
    Text(String),
}

/// Binds every value of a list to a query, in order.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                $crate::pager::Bound::Int(i) => q.bind(*i),
                $crate::pager::Bound::Text(t) => q.bind(t.clone()),
            };
        }
        q
    }};
}
pub(crate) use bind_all;

/// A set of documents: a condition on the table `documents` (starting from the public rule) and
/// the values of its placeholders `$1 … $n`, in order.
#[derive(Debug, Clone)]
pub struct DocumentSet {
    pub(crate) clause: String,
    pub(crate) binds: Vec<Bound>,
}

impl DocumentSet {
    /// Every document the public may see (the one rule, [`crate::documents::PUBLIC`]).
    pub(crate) fn public() -> DocumentSet {
        DocumentSet {
            clause: String::from(crate::documents::PUBLIC),
            binds: Vec::new(),
        }
    }

    /// The set narrowed to the documents published in year `y`.
    pub(crate) fn in_year(&mut self, y: i32) {
        self.and(
            " AND published_on >= ?",
            Bound::Text(format!("{y:04}-01-01")),
        );
        self.and(
            " AND published_on <= ?",
            Bound::Text(format!("{y:04}-12-31")),
        );
    }

    /// The set with one more condition; `?` in `clause` stands for `value`.
    pub(crate) fn and(&mut self, clause: &str, value: Bound) {
        self.binds.push(value);
        let n = self.binds.len();
        self.clause.push_str(&clause.replace('?', &format!("${n}")));
    }

    /// The condition and values of the set narrowed to the documents after (older than, when
    /// `newer` is false) or at-and-before (newer than or the cursor itself) the cursor.
    fn beside(&self, cursor: &Cursor, newer: bool) -> (String, Vec<Bound>) {
        let mut binds = self.binds.clone();
        let (a, b) = (binds.len() + 1, binds.len() + 2);
        binds.push(Bound::Text(cursor.0.clone()));
        binds.push(Bound::Int(cursor.1));
        let clause = if newer {
            format!(
                "{} AND (published_on > ${a} OR (published_on = ${a} AND id >= ${b}))",
                self.clause
            )
        } else {
            format!(
                "{} AND (published_on < ${a} OR (published_on = ${a} AND id < ${b}))",
                self.clause
            )
        };
        (clause, binds)
    }
}

/// `limit` documents of the set after the cursor, newest first.
pub async fn list(
    conn: &mut Conn,
    set: &DocumentSet,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<Summary>, sqlx::Error> {
    let (clause, binds) = match after {
        Some(c) => set.beside(c, false),
        None => (set.clause.clone(), set.binds.clone()),
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM documents WHERE {clause} \
         ORDER BY published_on DESC, id DESC LIMIT ${}",
        binds.len() + 1
    );
    let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds);
    q.bind(limit).fetch_all(conn).await
}

/// The number of documents in the set.
pub async fn count(conn: &mut Conn, set: &DocumentSet) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM documents WHERE {}", set.clause);
    let q = bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)), &set.binds);
    q.fetch_one(conn).await
}

/// The keys of up to `limit` documents of the set after the cursor (newest first), or, with
/// `newer`, at and before it (oldest first), skipping `offset`.
async fn keys(
    conn: &mut Conn,
    set: &DocumentSet,
    from: Option<&Cursor>,
    newer: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<Cursor>, sqlx::Error> {
    let (clause, binds) = match from {
        Some(c) => set.beside(c, newer),
        None => (set.clause.clone(), set.binds.clone()),
    };
    let order = if newer { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT published_on, id FROM documents WHERE {clause} \
         ORDER BY published_on {order}, id {order} LIMIT ${} OFFSET ${}",
        binds.len() + 1,
        binds.len() + 2
    );
    let q = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &binds);
    let rows: Vec<(Option<String>, i64)> = q.bind(limit).bind(offset).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(on, id)| (on.unwrap_or_default(), id))
        .collect())
}

/// Where a page stands in its set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageMap {
    /// Documents in the set (共 N 条).
    pub total: i64,
    /// This page's number, from 1.
    pub page: i64,
    /// The number of pages (at least 1).
    pub pages: i64,
    /// The pages to link to, in order: the first, up to `around` on each side of this one, and the
    /// last, each with the cursor that opens it (none for the first page).
    pub links: Vec<(i64, Option<Cursor>)>,
}

/// Where the page after `after` stands in the set of `total` documents, pages of `size`, with
/// links to `around` pages on each side. A cursor of a page the pager did not make (a document
/// published since) still gives a page: the numbers count the documents before it.
pub async fn page_map(
    conn: &mut Conn,
    set: &DocumentSet,
    total: i64,
    after: Option<&Cursor>,
    size: i64,
    around: i64,
) -> Result<PageMap, sqlx::Error> {
    let size = size.max(1);
    let pages = ((total + size - 1) / size).max(1);
    // The documents on the pages before this one, and so its number.
    let before = match after {
        None => 0,
        Some(c) => {
            let (clause, binds) = set.beside(c, true);
            let sql = format!("SELECT COUNT(*) FROM documents WHERE {clause}");
            let q = bind_all!(
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)),
                &binds
            );
            q.fetch_one(&mut *conn).await?
        }
    };
    let page = (before / size + 1).min(pages);
    let mut links: Vec<(i64, Option<Cursor>)> = vec![(1, None)];
    // Earlier pages: the cursor of page `page - j` is the key `j * size` places before this
    // page's cursor (the cursor itself is the last document of page `page - 1`).
    if let Some(c) = after {
        let earlier = keys(conn, set, Some(c), true, around * size + 1, 0).await?;
        for j in (1..=around).rev() {
            let n = page - j;
            if n > 1
                && let Some(k) = earlier.get(usize::try_from(j * size).unwrap_or(usize::MAX))
            {
                links.push((n, Some(k.clone())));
            }
        }
        if page > 1 {
            links.push((page, Some(c.clone())));
        }
    }
    // Later pages: the cursor of page `page + k` is the last key of page `page + k - 1`.
    let later = keys(conn, set, after, false, around * size, 0).await?;
    for k in 1..=around {
        let n = page + k;
        if n <= pages
            && let Some(key) = later.get(usize::try_from(k * size - 1).unwrap_or(usize::MAX))
        {
            links.push((n, Some(key.clone())));
        }
    }
    // The last page opens after the document that is `total - (pages - 1) * size` places from
    // the oldest.
    if pages > 1 && links.last().map(|l| l.0) != Some(pages) {
        let on_last = total - (pages - 1) * size;
        // With no cursor and `newer`, `keys` lists the set oldest first.
        if let Some(k) = keys(conn, set, None, true, 1, on_last).await?.pop() {
            links.push((pages, Some(k)));
        }
    }
    links.dedup_by_key(|l| l.0);
    Ok(PageMap {
        total,
        page,
        pages,
        links,
    })
}
