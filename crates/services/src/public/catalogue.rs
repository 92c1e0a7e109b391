//! The catalogue of 法定主动公开内容 of a site's agencies: filtered pages by keyset and the counts
//! beside each filter, public documents only (the store's filter starts from the one rule).

use gongkai_domain::catalogue::taxonomy::Taxonomy;
use gongkai_store::{Conn, catalogue, subjects};

pub use gongkai_store::catalogue::{CatalogueFilter, Facets};

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

/// The counts of the filtered catalogue by every dimension.
pub async fn facets(conn: &mut Conn, filter: &CatalogueFilter) -> ServiceResult<Facets> {
    Ok(catalogue::facets(conn, filter).await?)
}

/// The 主题分类 in force.
pub async fn taxonomy(conn: &mut Conn) -> ServiceResult<Taxonomy> {
    Ok(subjects::load(conn).await?)
}
