//! Home, column and document pages.

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_services::public::{self, Column, Summary, pages};
use gongkai_services::publishing;
use gongkai_store::Conn;
use serde::{Deserialize, Serialize};

use super::Presentation;
use super::pager::{Cursor, PAGE_SIZE, pager, parse_cursor};
use super::{SiteContext, site_for_host, site_for_slug};
use crate::AppState;
use crate::error::AppError;

/// A link in the breadcrumb trail.
#[derive(Debug, Serialize)]
struct Crumb {
    name: String,
    href: String,
}

/// The trail from the home page down through `columns`.
fn crumbs(s: &SiteContext, columns: &[Column]) -> Vec<Crumb> {
    let mut out = vec![Crumb {
        name: "首页".into(),
        href: s.base.clone(),
    }];
    out.extend(columns.iter().map(|c| Crumb {
        name: c.name.clone(),
        href: format!("{}{}/", s.base, c.path),
    }));
    out
}

async fn render_home(
    state: &AppState,
    conn: &mut Conn,
    s: SiteContext,
) -> Result<Response, AppError> {
    let pages::HomePage { latest, sections } = pages::home(conn, s.site.id).await?;
    let all_sites = public::site::all(conn).await?;
    let html = s.render(
        state,
        "portal/home.html",
        crate::ctx! { s, latest, sections, sites => all_sites },
    )?;
    Ok(Html(html).into_response())
}

/// GET / — the home page of the Host's site.
pub async fn home(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    render_home(&state, &mut conn, s).await
}

/// GET /sites/{slug}/
pub async fn site_home(
    State(state): State<AppState>,
    v: Presentation,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_slug(&mut conn, &slug, &v).await?;
    render_home(&state, &mut conn, s).await
}

/// Query of a column page: `year=2024`, `after=2024-03-05.123` (keyset cursor).
#[derive(Debug, Default, Deserialize)]
pub struct ColumnQuery {
    year: Option<String>,
    after: Option<String>,
}

/// Reads the query, refusing malformed values with a message (400) before any query runs.
fn parse_column_query(q: &ColumnQuery) -> Result<(Option<i32>, Option<Cursor>), AppError> {
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => match y.parse::<i32>() {
            Ok(n) if (1949..=2100).contains(&n) && y.len() == 4 => Some(n),
            _ => {
                return Err(AppError::BadRequest(format!(
                    "年份“{y}”无效，应为四位数字，如 2024"
                )));
            }
        },
    };
    let after = match q.after.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => Some(
            parse_cursor(a)
                .ok_or_else(|| AppError::BadRequest("翻页参数无效，请从栏目首页重新浏览".into()))?,
        ),
    };
    Ok((year, after))
}

async fn render_column(
    state: &AppState,
    conn: &mut Conn,
    s: SiteContext,
    path: &str,
    q: &ColumnQuery,
) -> Result<Response, AppError> {
    let path = path.trim_matches('/');
    if path.len() > 300
        || path
            .split('/')
            .any(|p| !gongkai_domain::site::is_valid_slug(p))
    {
        return s.not_found(state, "栏目");
    }
    let Some(column) = pages::column(conn, s.site.id, path).await? else {
        return s.not_found(state, "栏目");
    };
    if column.kind == "link" {
        // `./…` is within the site, wherever it is served (its host, or `/sites/{slug}/`).
        let to = match column.link_url.strip_prefix("./") {
            Some(within) => format!("{}{within}", s.base),
            None => column.link_url.clone(),
        };
        return Ok(Redirect::to(&to).into_response());
    }
    let (year, after) = parse_column_query(q)?;
    let pages::ColumnView {
        children,
        trail,
        docs,
        years,
        map,
    } = pages::column_page(conn, &column, year, after, PAGE_SIZE).await?;
    let crumbs = crumbs(&s, &trail);
    let docs: Vec<Summary> = docs.into_iter().take(PAGE_SIZE as usize).collect();
    let base = format!("{}{}/", s.base, column.path);
    let pager = map.map(|m| {
        pager(&m, |cursor| {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(year.map(|y| ("year", y.to_string())))
                .extend_pairs(cursor.map(|c| ("after", c.to_owned())))
                .finish();
            if query.is_empty() {
                base.clone()
            } else {
                format!("{base}?{query}")
            }
        })
    });
    let html = s.render(
        state,
        "portal/column.html",
        crate::ctx! { s, column, children, crumbs, docs, years, pager, year },
    )?;
    Ok(Html(html).into_response())
}

/// The 专栏 (`gk/…`) comes before columns: `gk` is reserved as a top-level column slug.
fn disclosure_path(path: &str) -> Option<&str> {
    if path == "gk" || path == "gk/" {
        Some("")
    } else {
        path.strip_prefix("gk/")
    }
}

/// GET /{*path} — a column of the Host's site (the router's fallback).
pub async fn column(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    Path(path): Path<String>,
    Query(q): Query<ColumnQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    if let Some(rest) = disclosure_path(&path) {
        let raw = raw.unwrap_or_default();
        return super::disclosure::dispatch(&state, &mut conn, s, rest, &raw).await;
    }
    if path.trim_end_matches('/') == "wzdt" {
        return site_map(&state, &mut conn, s).await;
    }
    if let Some(rest) = path.strip_suffix("/feed.xml") {
        return super::machine::render_feed(&state, &mut conn, s, rest).await;
    }
    render_column(&state, &mut conn, s, &path, &q).await
}

/// A branch of the 网站地图: a column and the columns under it.
#[derive(Debug, Serialize)]
struct MapNode {
    column: Column,
    children: Vec<MapNode>,
}

fn map_nodes(all: &[Column], parent: Option<i64>) -> Vec<MapNode> {
    let mut here: Vec<&Column> = all.iter().filter(|c| c.parent_id == parent).collect();
    here.sort_by_key(|c| (c.sort_order, c.id));
    here.into_iter()
        .map(|c| MapNode {
            column: c.clone(),
            children: map_nodes(all, Some(c.id)),
        })
        .collect()
}

/// `{base}wzdt/` — the 网站地图 for people: every column of the site as a tree, the 专栏's pages
/// and the services.
async fn site_map(state: &AppState, conn: &mut Conn, s: SiteContext) -> Result<Response, AppError> {
    let all = pages::columns(conn, s.site.id).await?;
    let tree = map_nodes(&all, None);
    let owner = public::site::owner(conn, &s.site).await?;
    let crumbs = vec![
        Crumb {
            name: "首页".into(),
            href: s.base.clone(),
        },
        Crumb {
            name: "网站地图".into(),
            href: format!("{}wzdt/", s.base),
        },
    ];
    let html = s.render(
        state,
        "portal/site_map.html",
        crate::ctx! { s, tree, owner, crumbs },
    )?;
    Ok(Html(html).into_response())
}

/// GET /sites/{slug}/{*path}
pub async fn site_column(
    State(state): State<AppState>,
    v: Presentation,
    Path((slug, path)): Path<(String, String)>,
    Query(q): Query<ColumnQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_slug(&mut conn, &slug, &v).await?;
    if let Some(rest) = disclosure_path(&path) {
        let raw = raw.unwrap_or_default();
        return super::disclosure::dispatch(&state, &mut conn, s, rest, &raw).await;
    }
    if let Some(file) = path.strip_prefix("sitemaps/") {
        return super::machine::sitemap_file(&state, &s, &mut conn, file).await;
    }
    if path.trim_end_matches('/') == "wzdt" {
        return site_map(&state, &mut conn, s).await;
    }
    if let Some(rest) = path.strip_suffix("/feed.xml") {
        return super::machine::render_feed(&state, &mut conn, s, rest).await;
    }
    render_column(&state, &mut conn, s, &path, &q).await
}

async fn render_document(
    state: &AppState,
    conn: &mut Conn,
    s: SiteContext,
    id: i64,
) -> Result<Response, AppError> {
    let Some(page) = pages::document_page(conn, &s.site, id).await? else {
        return s.not_found(state, "文件");
    };
    let mut crumbs = match page.placement {
        pages::Placement::Column(trail) => crumbs(&s, &trail),
        pages::Placement::Portal => crumbs(&s, &[]),
        // Not placed in this site: other sites send the reader to the site where it is placed.
        pages::Placement::Elsewhere(slug) => {
            return Ok(
                Redirect::permanent(&format!("/sites/{slug}/documents/{id}")).into_response(),
            );
        }
        pages::Placement::Nowhere => return s.not_found(state, "文件"),
    };
    crumbs.push(Crumb {
        name: "正文".into(),
        href: String::new(),
    });
    let d = page.document;
    let ended = matches!(d.validity.as_str(), "repealed" | "expired");
    let html = s.render(
        state,
        "portal/document.html",
        crate::ctx! {
            s, ended, crumbs,
            newer => page.newer,
            older => page.older,
            subject_path => page.subject_path,
            replaced_by => page.replaced_by,
            interprets => page.interprets,
            issuers => page.issuers.join("、"),
            attachments => page.attachments,
            interpretations => page.interpretations,
            replaced => page.replaced,
            notices => page.notices,
            d,
        },
    )?;
    Ok(Html(html).into_response())
}

/// GET /documents/{id}
pub async fn document(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    match id.parse::<i64>() {
        Ok(id) => render_document(&state, &mut conn, s, id).await,
        Err(_) => s.not_found(&state, "文件"),
    }
}

/// GET /sites/{slug}/documents/{id}
pub async fn site_document(
    State(state): State<AppState>,
    v: Presentation,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_slug(&mut conn, &slug, &v).await?;
    match id.parse::<i64>() {
        Ok(id) => render_document(&state, &mut conn, s, id).await,
        Err(_) => s.not_found(&state, "文件"),
    }
}

/// GET /attachments/{id} — attachments of public documents.
pub async fn attachment(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let a = publishing::attachment(&state.store, None, id).await?;
    crate::console::documents::send_attachment(&state, &a).await
}
