//! The site a public request is for, and the agencies whose documents it lists.

use gongkai_store::{Conn, agencies, columns, sites};

use super::{Agency, Column, Site};
use crate::error::ServiceResult;

/// A site as every one of its pages shows it.
#[derive(Debug, Clone)]
pub struct PublicSite {
    /// The site.
    pub site: Site,
    /// The owner agency's name (footer: 主办).
    pub owner_name: String,
    /// Top-level columns, for the navigation bar.
    pub nav: Vec<Column>,
}

async fn load(conn: &mut Conn, site: Site) -> ServiceResult<PublicSite> {
    let owner_name = agencies::find(conn, site.agency_id)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let nav = columns::list_for_site(conn, site.id)
        .await?
        .into_iter()
        .filter(|c| c.parent_id.is_none())
        .collect();
    Ok(PublicSite {
        site,
        owner_name,
        nav,
    })
}

/// The site of a host name (`host` or `host:port`, any case); the portal for unknown hosts.
/// `None` only when there is no portal.
pub async fn by_host(conn: &mut Conn, host: &str) -> ServiceResult<Option<PublicSite>> {
    let host = host.to_ascii_lowercase();
    let bare = host.split(':').next().unwrap_or_default().to_owned();
    for candidate in [host.as_str(), bare.as_str()] {
        if let Some(site) = sites::find_by_host(conn, candidate).await? {
            return Ok(Some(load(conn, site).await?));
        }
    }
    match sites::find_portal(conn).await? {
        Some(portal) => Ok(Some(load(conn, portal).await?)),
        None => Ok(None),
    }
}

/// The host to name in public addresses for a request to `host` (`host` or `host:port`, lower
/// case), when it is a host name of a site of the group: as registered. A port the site's host
/// name was not registered with is dropped — a client may send any port — except on a loopback
/// name (`localhost`, `127.0.0.1`), where a development server runs on its own port.
pub async fn canonical_host(conn: &mut Conn, host: &str) -> ServiceResult<Option<String>> {
    if sites::find_by_host(conn, host).await?.is_some() {
        return Ok(Some(host.to_owned()));
    }
    let bare = host.split(':').next().unwrap_or_default();
    if bare != host && sites::find_by_host(conn, bare).await?.is_some() {
        let loopback = matches!(bare, "localhost" | "127.0.0.1");
        return Ok(Some(if loopback { host } else { bare }.to_owned()));
    }
    Ok(None)
}

/// The site with this slug.
pub async fn by_slug(conn: &mut Conn, slug: &str) -> ServiceResult<Option<PublicSite>> {
    match sites::find_by_slug(conn, slug).await? {
        Some(site) => Ok(Some(load(conn, site).await?)),
        None => Ok(None),
    }
}

/// Every site of the group (the home page's list of sites).
pub async fn all(conn: &mut Conn) -> ServiceResult<Vec<Site>> {
    Ok(sites::list(conn).await?)
}

/// The site owner's agency.
pub async fn owner(conn: &mut Conn, site: &Site) -> ServiceResult<Option<Agency>> {
    Ok(agencies::find(conn, site.agency_id).await?)
}

/// Every agency, in the group's order (the application form's choice of agency, names of
/// search facets).
pub async fn agencies(conn: &mut Conn) -> ServiceResult<Vec<Agency>> {
    Ok(agencies::list(conn).await?)
}

/// An agency by id.
pub async fn agency(conn: &mut Conn, id: i64) -> ServiceResult<Option<Agency>> {
    Ok(agencies::find(conn, id).await?)
}

/// The agency of the site and, on the portal, every agency below it, in the group's order.
pub async fn scope(conn: &mut Conn, site: &Site) -> ServiceResult<Vec<Agency>> {
    let all = agencies::list(conn).await?;
    let root = site.agency_id;
    if site.is_portal != 1 {
        return Ok(all.into_iter().filter(|a| a.id == root).collect());
    }
    let mut ids = vec![root];
    // Parents come before children in the list order only by chance: iterate to a fixpoint.
    loop {
        let before = ids.len();
        for a in &all {
            if a.parent_id.is_some_and(|p| ids.contains(&p)) && !ids.contains(&a.id) {
                ids.push(a.id);
            }
        }
        if ids.len() == before {
            break;
        }
    }
    Ok(all.into_iter().filter(|a| ids.contains(&a.id)).collect())
}
