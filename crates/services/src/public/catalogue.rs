//! The catalogue of 法定主动公开内容 of a site's agencies: filtered pages by keyset and the counts
//! beside each filter, public documents only (the store's filter starts from the one rule).

use gongkai_domain::catalogue::taxonomy::Taxonomy;
use gongkai_store::{Conn, catalogue, subjects};

pub use gongkai_store::catalogue::{CatalogueFilter, Facets};
pub use gongkai_store::pager::PageMap;

use super::Summary;
use crate::error::ServiceResult;

/// A page of the filtered catalogue, newest first, after the keyset cursor (发布日期, id).
pub async fn list(
    conn: &mut Conn,
    filter: &CatalogueFilter,
    after: Option<&(String, i64)>,
    limit: i64,
) -> ServiceResult<Vec<Summary>> {
    Ok(catalogue::list(conn, filter, after, limit).await?)
}

/// Where the page after `after` stands among the `total` documents of the filter: its number,
/// the number of pages, and the cursors of the pages to link to.
pub async fn page_map(
    conn: &mut Conn,
    filter: &CatalogueFilter,
    total: i64,
    after: Option<&(String, i64)>,
    size: i64,
) -> ServiceResult<PageMap> {
    Ok(catalogue::page_map(conn, filter, total, after, size).await?)
}

/// The counts of the filtered catalogue by every dimension.
pub async fn facets(conn: &mut Conn, filter: &CatalogueFilter) -> ServiceResult<Facets> {
    Ok(catalogue::facets(conn, filter).await?)
}

/// The 主题分类 in force.
pub async fn taxonomy(conn: &mut Conn) -> ServiceResult<Taxonomy> {
    Ok(subjects::load(conn).await?)
}
