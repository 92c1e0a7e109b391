//! The public pages' content: a site's home page, a column page, a document page with the
//! documents it links to, a column's feed and a site's sitemap — each made only of public
//! documents.

use gongkai_store::pager::{self, PageMap};
use gongkai_store::{Conn, attachments, columns, documents, sites, subjects};

use super::{Attachment, Column, Document, Site, Summary};
use crate::error::ServiceResult;

/// Columns shown on a home page.
const HOME_SECTIONS: usize = 8;

/// A column on the home page with its newest documents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HomeSection {
    /// The column.
    pub column: Column,
    /// Its newest public documents.
    pub docs: Vec<Summary>,
}

/// A site's home page.
#[derive(Debug, Clone)]
pub struct HomePage {
    /// The site's ten newest public documents.
    pub latest: Vec<Summary>,
    /// The newest of each list column near the top of the tree (通知公告, 工作动态, 政策文件 …).
    pub sections: Vec<HomeSection>,
}

/// The home page of `site_id`.
pub async fn home(conn: &mut Conn, site_id: i64) -> ServiceResult<HomePage> {
    let latest = documents::list_public_for_site(conn, site_id, 10).await?;
    let mut sections = Vec::new();
    for column in columns::list_for_site(conn, site_id).await? {
        if column.kind != "list"
            || column.path.matches('/').count() > 1
            || sections.len() >= HOME_SECTIONS
        {
            continue;
        }
        let page = documents::ColumnPage {
            site_id,
            path: &column.path,
            year: None,
            after: None,
            limit: 5,
        };
        let docs = documents::list_public_in_column(conn, &page).await?;
        if !docs.is_empty() {
            sections.push(HomeSection { column, docs });
        }
    }
    Ok(HomePage { latest, sections })
}

/// The column at `path` of a site.
pub async fn column(conn: &mut Conn, site_id: i64, path: &str) -> ServiceResult<Option<Column>> {
    Ok(columns::find_by_path(conn, site_id, path).await?)
}

/// The columns from the top of the tree down to `column` (for breadcrumbs).
pub async fn trail(conn: &mut Conn, column: &Column) -> ServiceResult<Vec<Column>> {
    let mut out = Vec::new();
    let mut prefix = String::new();
    for slug in column.path.split('/') {
        prefix = if prefix.is_empty() {
            slug.to_owned()
        } else {
            format!("{prefix}/{slug}")
        };
        if let Some(c) = columns::find_by_path(conn, column.site_id, &prefix).await? {
            out.push(c);
        }
    }
    Ok(out)
}

/// A page of a column.
#[derive(Debug, Clone)]
pub struct ColumnView {
    /// Its sub-columns.
    pub children: Vec<Column>,
    /// The columns above it, and itself.
    pub trail: Vec<Column>,
    /// The page of public documents of the column and its sub-columns (list columns only).
    pub docs: Vec<Summary>,
    /// Where the page stands among them (共 N 条, page numbers), list columns only.
    pub map: Option<PageMap>,
    /// The years in which it has public documents, newest first.
    pub years: Vec<String>,
}

/// A page of `column`: `size` documents of `year` after the keyset cursor `after`, and one more
/// when there is a next page.
pub async fn column_page(
    conn: &mut Conn,
    column: &Column,
    year: Option<i32>,
    after: Option<(String, i64)>,
    size: i64,
) -> ServiceResult<ColumnView> {
    let children = columns::list_for_site(conn, column.site_id)
        .await?
        .into_iter()
        .filter(|c| c.parent_id == Some(column.id))
        .collect();
    let trail = trail(conn, column).await?;
    let (docs, years, map) = if column.kind == "list" {
        let set = documents::column_set(column.site_id, &column.path, year);
        let total = pager::count(conn, &set).await?;
        let map = pager::page_map(conn, &set, total, after.as_ref(), size, 2).await?;
        (
            pager::list(conn, &set, after.as_ref(), size + 1).await?,
            documents::public_years_in_column(conn, column.site_id, &column.path).await?,
            Some(map),
        )
    } else {
        (Vec::new(), Vec::new(), None)
    };
    Ok(ColumnView {
        children,
        trail,
        docs,
        years,
        map,
    })
}

/// Where a document page stands in the site it is asked of.
#[derive(Debug, Clone)]
pub enum Placement {
    /// In a column of the site: the columns from the top down to it.
    Column(Vec<Column>),
    /// Not placed in the site, which is the portal: the portal shows every agency's documents.
    Portal,
    /// Placed only in other sites: the slug of the first.
    Elsewhere(String),
    /// Placed in no site.
    Nowhere,
}

/// A public document's page.
#[derive(Debug, Clone)]
pub struct DocumentPage {
    /// The document.
    pub document: Document,
    /// 发布机关: the lead agency, then the joint issuers.
    pub issuers: Vec<String>,
    /// 主题分类 as its path (`综合政务/政务公开`).
    pub subject_path: String,
    /// The public document that replaced this one.
    pub replaced_by: Option<Document>,
    /// The public document this one interprets.
    pub interprets: Option<Document>,
    /// Its public interpretations.
    pub interpretations: Vec<Summary>,
    /// The public documents it replaced.
    pub replaced: Vec<Summary>,
    /// Its attachments.
    pub attachments: Vec<Attachment>,
    /// Where it stands in the site.
    pub placement: Placement,
    /// 上一篇: the public document just newer in its column.
    pub newer: Option<Summary>,
    /// 下一篇: the public document just older in its column.
    pub older: Option<Summary>,
    /// Notices above the document: an annual report published after its deadline says so
    /// (条例第四十九条、第五十条).
    pub notices: Vec<String>,
}

/// The page of document `id` on `site`; `None` unless the public may see it.
pub async fn document_page(
    conn: &mut Conn,
    site: &Site,
    id: i64,
) -> ServiceResult<Option<DocumentPage>> {
    let Some(d) = super::document(conn, id).await? else {
        return Ok(None);
    };
    let mut neighbours = (None, None);
    let placement = match documents::first_column_in_site(conn, id, site.id).await? {
        Some(c) => match columns::find(conn, c).await? {
            Some(column) => {
                let on = d.published_on.clone().unwrap_or_default();
                neighbours =
                    documents::neighbours_in_column(conn, site.id, &column.path, &on, id).await?;
                Placement::Column(trail(conn, &column).await?)
            }
            None => Placement::Nowhere,
        },
        None if site.is_portal == 1 => Placement::Portal,
        None => match documents::site_ids(conn, id).await?.first() {
            Some(&site_id) => match sites::find(conn, site_id).await? {
                Some(home) => Placement::Elsewhere(home.slug),
                None => Placement::Nowhere,
            },
            None => Placement::Nowhere,
        },
    };
    let lead = super::site::agency(conn, d.agency_id)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let mut issuers = vec![lead];
    issuers.extend(
        documents::co_issuers(conn, id)
            .await?
            .into_iter()
            .map(|(_, n)| n),
    );
    let subject_path = subjects::load(conn)
        .await?
        .path(&d.subject_code)
        .unwrap_or_default();
    let replaced_by = match d.replaced_by_id {
        Some(r) => super::document(conn, r).await?,
        None => None,
    };
    let interprets = match d.interprets_id {
        Some(r) => super::document(conn, r).await?,
        None => None,
    };
    let notices = report_notices(conn, &d).await?;
    Ok(Some(DocumentPage {
        notices,
        issuers,
        subject_path,
        replaced_by,
        interprets,
        interpretations: documents::public_interpretations(conn, id).await?,
        replaced: documents::public_replaced(conn, id).await?,
        attachments: attachments::list_for_document(conn, id).await?,
        placement,
        newer: neighbours.0,
        older: neighbours.1,
        document: d,
    }))
}

/// The notices of an annual report's page: late when published after 31 January (a department,
/// 条例第四十九条) or 31 March (a government with departments under it, 第五十条).
async fn report_notices(conn: &mut Conn, d: &Document) -> ServiceResult<Vec<String>> {
    let Some((agency_id, year)) = gongkai_store::reports::of_document(conn, d.id).await? else {
        return Ok(Vec::new());
    };
    let Some(on) = d
        .published_on
        .as_deref()
        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    else {
        return Ok(Vec::new());
    };
    let year = i32::try_from(year).unwrap_or_default();
    let government = crate::reports::editor::is_government(conn, agency_id, year).await?;
    Ok(
        gongkai_domain::report::deadline::late_notice(year, government, on)
            .into_iter()
            .collect(),
    )
}

/// The 20 newest public documents of a list column's subtree, for its feed; `None` when there
/// is no list column at `path`.
pub async fn feed(
    conn: &mut Conn,
    site_id: i64,
    path: &str,
) -> ServiceResult<Option<(Column, Vec<Summary>)>> {
    let Some(column) = columns::find_by_path(conn, site_id, path)
        .await?
        .filter(|c| c.kind == "list")
    else {
        return Ok(None);
    };
    let page = documents::ColumnPage {
        site_id,
        path,
        year: None,
        after: None,
        limit: 20,
    };
    let docs = documents::list_public_in_column(conn, &page).await?;
    Ok(Some((column, docs)))
}

/// Every column of a site, parents before children in their order (the human 网站地图).
pub async fn columns(conn: &mut Conn, site_id: i64) -> ServiceResult<Vec<Column>> {
    Ok(columns::list_for_site(conn, site_id).await?)
}

/// What a site's sitemap lists: its columns (links included, for the caller to leave out) and
/// (id, 发布日期) of every public document placed in it.
pub async fn sitemap(
    conn: &mut Conn,
    site_id: i64,
) -> ServiceResult<(Vec<Column>, Vec<(i64, String)>)> {
    Ok((
        columns::list_for_site(conn, site_id).await?,
        documents::public_entries_for_site(conn, site_id).await?,
    ))
}
