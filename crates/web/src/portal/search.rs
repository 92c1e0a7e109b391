//! The search page of every site (`/search`, `/sites/{slug}/search`): this site or the whole
//! site group, relevance or date order, the exact total, hits with the query marked in the
//! title and a passage of the text, counts by agency and year to narrow down, pages, and help
//! when nothing is found. Not cached: every query is its own page.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::{Presentation, SiteContext, site_for_host, site_for_slug};
use crate::AppState;
use crate::api::search::{BAD_PARAMETERS, SearchParams, request};
use crate::error::AppError;

/// The scope of the page's query string: `site` or `all` (default: `all` on the portal, `site`
/// elsewhere).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Scope {
    scope: String,
}

/// The page's query: the API's, plus the scope.
#[derive(Debug, Default)]
pub struct PageQuery {
    scope: String,
    params: SearchParams,
}

/// One count to narrow the search by.
#[derive(Debug, Serialize)]
struct Narrow {
    label: String,
    href: String,
    count: u64,
}

/// GET /search
pub async fn page(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    params: Result<Query<SearchParams>, QueryRejection>,
    Query(Scope { scope }): Query<Scope>,
) -> Result<Response, AppError> {
    let Query(params) = params.map_err(|_| AppError::BadRequest(BAD_PARAMETERS.into()))?;
    let s = site_for_host(&mut *state.store.conn().await?, &headers, &v).await?;
    render(&state, s, PageQuery { scope, params }).await
}

/// GET /sites/{slug}/search
pub async fn site_page(
    State(state): State<AppState>,
    v: Presentation,
    Path(slug): Path<String>,
    params: Result<Query<SearchParams>, QueryRejection>,
    Query(Scope { scope }): Query<Scope>,
) -> Result<Response, AppError> {
    let Query(params) = params.map_err(|_| AppError::BadRequest(BAD_PARAMETERS.into()))?;
    let s = site_for_slug(&mut *state.store.conn().await?, &slug, &v).await?;
    render(&state, s, PageQuery { scope, params }).await
}

/// The link of this search with some parameters changed.
fn link(s: &SiteContext, q: &PageQuery, changes: &[(&str, String)]) -> String {
    let p = &q.params;
    let mut pairs: Vec<(&str, String)> = vec![
        ("q", p.q.clone()),
        ("scope", q.scope.clone()),
        ("order", p.order.clone().unwrap_or_default()),
        (
            "agency",
            p.agency.map(|a| a.to_string()).unwrap_or_default(),
        ),
        ("from", p.from.map(|y| y.to_string()).unwrap_or_default()),
        ("to", p.to.map(|y| y.to_string()).unwrap_or_default()),
    ];
    for (k, v) in changes {
        if let Some(pair) = pairs.iter_mut().find(|(key, _)| key == k) {
            pair.1.clone_from(v);
        } else {
            pairs.push((k, v.clone()));
        }
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(k, v);
    }
    format!("{}search?{}", s.base, query.finish())
}

async fn render(state: &AppState, s: SiteContext, mut q: PageQuery) -> Result<Response, AppError> {
    // The portal searches the whole group unless asked for itself; a department's site searches
    // itself, with one click to all.
    let all_sites = match q.scope.as_str() {
        "all" => true,
        "site" => false,
        _ => s.site.is_portal != 0,
    };
    q.params.site = (!all_sites).then_some(s.site.id);
    let asked = !q.params.q.trim().is_empty();
    let (error, results, page, size) = match (&state.search, request(&q.params)) {
        (None, _) => (Some("本网站暂未启用检索。".to_owned()), None, 1, 20),
        (_, Err(m)) => (Some(m), None, 1, 20),
        (Some(index), Ok((mut r, page, size))) if asked => {
            r.time_limit = Some(state.config.search_time_limit);
            let index = index.clone();
            let found = tokio::task::spawn_blocking(move || index.search(&r))
                .await
                .map_err(|e| AppError::Internal(format!("search: {e}")))?
                .map_err(|e| AppError::Internal(format!("search: {e}")))?;
            (None, Some(found), page, size)
        }
        (Some(_), Ok((_, page, size))) => (None, None, page, size),
    };
    let mut by_agency = Vec::new();
    let mut by_year = Vec::new();
    let mut names: Vec<(i64, String)> = Vec::new();
    let mut lines: Vec<gongkai_services::public::Summary> = Vec::new();
    if let Some(found) = &results {
        let mut conn = state.store.conn().await?;
        names = gongkai_services::public::site::agencies(&mut conn)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        // Each hit's line (date, agency, 文号, 效力状态) from the database, through the one rule:
        // a hit the public may no longer see is left out.
        let ids: Vec<i64> = found
            .hits
            .iter()
            .filter_map(|h| i64::try_from(h.id).ok())
            .collect();
        lines = gongkai_services::public::summaries(&mut conn, &ids).await?;
        for (dimension, value, count) in &found.facets {
            match dimension.as_str() {
                "agency" => {
                    let Some((id, name)) = names.iter().find(|(id, _)| id.to_string() == *value)
                    else {
                        continue;
                    };
                    by_agency.push(Narrow {
                        label: name.clone(),
                        href: link(
                            &s,
                            &q,
                            &[("agency", id.to_string()), ("page", String::new())],
                        ),
                        count: *count,
                    });
                }
                "year" => by_year.push(Narrow {
                    label: format!("{value}年"),
                    href: link(
                        &s,
                        &q,
                        &[
                            ("from", value.clone()),
                            ("to", value.clone()),
                            ("page", String::new()),
                        ],
                    ),
                    count: *count,
                }),
                _ => {}
            }
        }
        by_year.sort_by(|a, b| b.label.cmp(&a.label));
    }
    let total = results.as_ref().map_or(0, |r| r.total);
    let pager = super::pager::numbered(page as i64, total as i64, size as i64, 500, |n| {
        link(
            &s,
            &q,
            &[("page", if n > 1 { n.to_string() } else { String::new() })],
        )
    });
    let narrowed = q.params.agency.is_some() || q.params.from.is_some() || q.params.to.is_some();
    let everything = link(
        &s,
        &q,
        &[
            ("agency", String::new()),
            ("from", String::new()),
            ("to", String::new()),
        ],
    );
    let all_link = link(&s, &q, &[("scope", "all".into()), ("page", String::new())]);
    let hits = results.as_ref().map(|r| r.hits.clone()).unwrap_or_default();
    let hits: Vec<serde_json::Value> = hits
        .into_iter()
        .filter_map(|h| {
            let line = lines
                .iter()
                .find(|l| u64::try_from(l.id).ok() == Some(h.id))?;
            let validity = gongkai_domain::catalogue::validity::Validity::parse(&line.validity);
            Some(serde_json::json!({
                "id": h.id, "title_html": h.title_html, "snippet_html": h.snippet_html,
                "doc_number": line.doc_number, "published_on": line.published_on,
                "agency": names.iter().find(|(id, _)| *id == line.agency_id).map(|(_, n)| n),
                "validity": validity.map(|v| v.label()),
                "ended": validity.is_some_and(|v| v.is_ended()),
            }))
        })
        .collect();
    let truncated = results.as_ref().is_some_and(|r| r.truncated);
    // The same notice as the API's.
    let partial = results
        .as_ref()
        .is_some_and(|r| r.partial)
        .then_some(crate::api::search::PARTIAL);
    let query = q.params.q.clone();
    let order_date = q.params.order.as_deref() == Some("date");
    let status = if state.search.is_none() {
        StatusCode::SERVICE_UNAVAILABLE
    } else if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let html = s.render(
        state,
        "portal/search.html",
        crate::ctx! {
            s, query, all_sites, asked, error, total, hits, pager, by_agency,
            by_year, narrowed, everything, all_link, truncated, partial, order_date
        },
    )?;
    Ok((status, Html(html)).into_response())
}
