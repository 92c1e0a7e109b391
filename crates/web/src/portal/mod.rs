//! Public pages: for now each site's home (latest documents, the site group) and the document
//! page with its catalogue metadata. Sites are found by Host header or under /sites/{slug}/;
//! an unknown host gets the portal. Only published, proactively disclosed documents are shown.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{Html, IntoResponse, Response};
use gongkai_services::publishing;
use gongkai_store::{Conn, agencies, documents, sites, subjects};

use crate::AppState;
use crate::error::AppError;

async fn site_for_host(conn: &mut Conn, headers: &HeaderMap) -> Result<sites::Site, AppError> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bare = host.split(':').next().unwrap_or_default().to_owned();
    for candidate in [host.as_str(), bare.as_str()] {
        if let Some(site) = sites::find_by_host(conn, candidate).await? {
            return Ok(site);
        }
    }
    sites::find_portal(conn).await?.ok_or(AppError::NotFound)
}

async fn render_home(
    state: &AppState,
    conn: &mut Conn,
    site: sites::Site,
    base: String,
) -> Result<Response, AppError> {
    let owner_name = agencies::find(conn, site.agency_id)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let latest = documents::list_public_for_site(conn, site.id, 20).await?;
    let all_sites = sites::list(conn).await?;
    let html = state.views.render(
        "portal/home.html",
        crate::ctx! { site, base, owner_name, latest, sites => all_sites },
    )?;
    Ok(Html(html).into_response())
}

/// GET / — the home page of the site of the Host header.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let site = site_for_host(&mut conn, &headers).await?;
    render_home(&state, &mut conn, site, "/".into()).await
}

/// GET /sites/{slug}/
pub async fn site_home(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let site = sites::find_by_slug(&mut conn, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = format!("/sites/{}/", site.slug);
    render_home(&state, &mut conn, site, base).await
}

async fn render_document(
    state: &AppState,
    conn: &mut Conn,
    site: sites::Site,
    base: String,
    id: i64,
) -> Result<Response, AppError> {
    let d = documents::find(conn, id).await?.ok_or(AppError::NotFound)?;
    if d.state != "published" || d.disclosure != "proactive" {
        return Err(AppError::NotFound);
    }
    let owner_name = agencies::find(conn, site.agency_id)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let lead = agencies::find(conn, d.agency_id)
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
        Some(r) => documents::find(conn, r)
            .await?
            .filter(|x| x.state == "published"),
        None => None,
    };
    let interprets = match d.interprets_id {
        Some(r) => documents::find(conn, r)
            .await?
            .filter(|x| x.state == "published"),
        None => None,
    };
    let ended = matches!(d.validity.as_str(), "repealed" | "expired");
    let html = state.views.render(
        "portal/document.html",
        crate::ctx! {
            site, base, owner_name, subject_path, replaced_by, interprets, ended,
            issuers => issuers.join("、"),
            attachments => gongkai_store::attachments::list_for_document(conn, id).await?,
            interpretations => documents::interpretations(conn, id).await?,
            d,
        },
    )?;
    Ok(Html(html).into_response())
}

/// GET /documents/{id}
pub async fn document(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let site = site_for_host(&mut conn, &headers).await?;
    render_document(&state, &mut conn, site, "/".into(), id).await
}

/// GET /sites/{slug}/documents/{id}
pub async fn site_document(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let site = sites::find_by_slug(&mut conn, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = format!("/sites/{}/", site.slug);
    render_document(&state, &mut conn, site, base, id).await
}

/// GET /attachments/{id} — attachments of public documents.
pub async fn attachment(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let a = publishing::attachment(&state.store, None, id).await?;
    crate::console::documents::send_attachment(&state, &a).await
}
