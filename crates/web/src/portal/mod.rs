//! Public pages of every site of the group. A site is found by its host name, or under
//! `/sites/{slug}/` for setups without DNS; an unknown host gets the portal. Only published,
//! proactively disclosed documents are shown, and nothing of applicants ever is.
//!
//! - [`pages`]: home, column pages (keyset pagination, year filter), the document page.
//! - [`machine`]: Atom feeds, `sitemap.xml`, `robots.txt`.
//! - [`apply`]: the 依申请公开 form, its receipt and the applicant's lookup (never cached).

pub mod apply;
pub mod disclosure;
pub mod machine;
pub mod pager;
pub mod pages;
pub mod presentation;
pub mod search;
pub mod tools;

pub use presentation::Presentation;

use axum::http::header::HOST;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use gongkai_services::public::{self, Column, Site, site::PublicSite};
use gongkai_store::Conn;
use serde::Serialize;

use crate::AppState;
use crate::error::AppError;

/// A site as the public sees it, with what every page of it shows.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    /// The site.
    pub site: Site,
    /// Where its pages start: `/` by host name, `/sites/{slug}/` by path.
    pub base: String,
    /// The owner agency's name (footer: 主办).
    pub owner_name: String,
    /// Top-level columns, for the navigation bar.
    pub nav: Vec<Column>,
    /// How the visitor wants the page shown.
    pub v: Presentation,
    /// The page's QR code (inline SVG).
    pub qr: String,
}

impl SiteContext {
    fn new(p: PublicSite, base: String, v: &Presentation) -> SiteContext {
        SiteContext {
            site: p.site,
            base,
            owner_name: p.owner_name,
            nav: p.nav,
            qr: presentation::qr_svg(&v.url),
            v: v.clone(),
        }
    }

    /// Renders a page of this site in the visitor's presentation (繁体 converted here, once
    /// for the whole page, so that every word — titles, labels, metadata — is converted).
    pub fn render<S: Serialize>(
        &self,
        state: &AppState,
        template: &str,
        ctx: S,
    ) -> Result<String, AppError> {
        let html = state.views.render_themed(&self.site.theme, template, ctx)?;
        Ok(if self.v.trad {
            presentation::to_traditional(&html)
        } else {
            html
        })
    }

    /// A 404 page in the site's own look, with a way back.
    pub fn not_found(&self, state: &AppState, what: &str) -> Result<Response, AppError> {
        let html = self.render(
            state,
            "portal/not_found.html",
            crate::ctx! { s => self, what },
        )?;
        Ok((StatusCode::NOT_FOUND, Html(html)).into_response())
    }
}

/// Draws the error pages of public addresses (404, 400, 413, 429, 500 …) in the site's own theme
/// and the visitor's presentation, instead of the console's plain page; the status and headers
/// (`Retry-After`) stay. Staff, API and file addresses keep their own answers, and so does any
/// error whose site cannot be drawn (the database is down): the plain page is the fallback.
pub async fn themed_errors(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    let public = ![
        "/console",
        "/api",
        "/static/",
        "/themes/",
        "/attachments/",
        "/healthz",
    ]
    .iter()
    .any(|p| path.starts_with(p));
    if !public {
        return next.run(req).await;
    }
    let slug = path
        .strip_prefix("/sites/")
        .and_then(|rest| rest.split('/').next())
        .filter(|s| gongkai_domain::site::is_valid_slug(s))
        .map(str::to_owned);
    // Only what reading the presentation needs is kept; it is read only if an error comes back.
    let (uri, headers) = (req.uri().clone(), req.headers().clone());
    let response = next.run(req).await;
    let Some(detail) = response
        .extensions()
        .get::<crate::error::ErrorDetail>()
        .cloned()
    else {
        return response;
    };
    let mut head = axum::http::Request::new(());
    *head.uri_mut() = uri;
    *head.headers_mut() = headers.clone();
    let (mut parts, ()) = head.into_parts();
    let Ok(v) = <Presentation as axum::extract::FromRequestParts<AppState>>::from_request_parts(
        &mut parts, &state,
    )
    .await
    else {
        return response;
    };
    let status = response.status();
    let heading = match status.as_u16() {
        404 => "页面不存在",
        403 => "没有权限",
        400 | 405 | 422 => "请求有误",
        413 => "提交的内容过大",
        429 => "访问过于频繁",
        503 => "服务暂不可用",
        _ => "出错了",
    };
    let drawn = async {
        let mut conn = state.store.conn().await.ok()?;
        let s = match &slug {
            Some(slug) => site_for_slug(&mut conn, slug, &v).await.ok()?,
            None => site_for_host(&mut conn, &headers, &v).await.ok()?,
        };
        s.render(
            &state,
            "portal/error.html",
            crate::ctx! { s => &s, status => status.as_u16(), heading, message => detail.message },
        )
        .ok()
    }
    .await;
    match drawn {
        Some(html) => {
            let (mut parts, _) = response.into_parts();
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, axum::body::Body::from(html))
        }
        None => response,
    }
}

/// The site answering for the request's Host header (the portal for unknown hosts).
pub async fn site_for_host(
    conn: &mut Conn,
    headers: &HeaderMap,
    v: &Presentation,
) -> Result<SiteContext, AppError> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let site = public::site::by_host(conn, host)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SiteContext::new(site, "/".into(), v))
}

/// The site with this slug, addressed under `/sites/{slug}/`.
pub async fn site_for_slug(
    conn: &mut Conn,
    slug: &str,
    v: &Presentation,
) -> Result<SiteContext, AppError> {
    let site = public::site::by_slug(conn, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = format!("/sites/{}/", site.site.slug);
    Ok(SiteContext::new(site, base, v))
}
