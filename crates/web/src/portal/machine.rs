//! For machines: Atom feeds per column, `sitemap.xml` per site (an index past 50,000 URLs)
//! and `robots.txt`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use gongkai_services::public::{Summary, pages};
use gongkai_store::Conn;

use super::Presentation;
use super::{SiteContext, site_for_host, site_for_slug};
use crate::AppState;
use crate::error::AppError;

/// The sitemap protocol's limit of URLs per file.
pub const SITEMAP_LIMIT: usize = 50_000;

/// Escapes text for XML.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The Atom feed of a column subtree: its 20 newest public documents.
pub async fn render_feed(
    state: &AppState,
    conn: &mut Conn,
    s: SiteContext,
    path: &str,
) -> Result<Response, AppError> {
    let path = path.trim_matches('/');
    let Some((column, docs)) = pages::feed(conn, s.site.id, path).await? else {
        return s.not_found(state, "栏目");
    };
    let origin = s.v.origin.clone();
    let column_url = format!("{origin}{}{}/", s.base, column.path);
    let title = format!("{} — {}", column.name, s.site.name);
    Ok(atom(&origin, &s, &title, &column_url, &docs))
}

/// An Atom feed of documents (newest first), for a page at `page_url`.
pub fn atom(
    origin: &str,
    s: &SiteContext,
    title: &str,
    page_url: &str,
    docs: &[Summary],
) -> Response {
    let updated = docs
        .first()
        .and_then(|d| d.published_on.clone())
        .unwrap_or_else(|| "2000-01-01".into());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    out.push_str(&format!(
        "<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}feed.xml\"/>\n<updated>{}T00:00:00+08:00</updated>\n<author><name>{}</name></author>\n",
        xml(title),
        xml(page_url),
        xml(page_url),
        xml(page_url),
        xml(&updated),
        xml(&s.owner_name)
    ));
    for d in docs {
        let url = format!("{origin}{}documents/{}", s.base, d.id);
        let on = d.published_on.clone().unwrap_or_default();
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00+08:00</updated>\n{}</entry>\n",
            xml(&d.title),
            xml(&url),
            xml(&url),
            xml(&on),
            d.doc_number.as_deref().map(|n| format!("<summary>{}</summary>\n", xml(n))).unwrap_or_default()
        ));
    }
    out.push_str("</feed>\n");
    ([(CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response()
}

async fn sitemap_for(
    state: &AppState,
    s: &SiteContext,
    conn: &mut Conn,
    part: Option<usize>,
) -> Result<Response, AppError> {
    let origin = s.v.origin.clone();
    let (cols, entries) = pages::sitemap(conn, s.site.id).await?;
    let mut urls: Vec<(String, Option<String>)> = vec![(format!("{origin}{}", s.base), None)];
    urls.extend(
        cols.iter()
            .filter(|c| c.kind != "link")
            .map(|c| (format!("{origin}{}{}/", s.base, c.path), None)),
    );
    urls.extend(
        entries
            .into_iter()
            .map(|(id, on)| (format!("{origin}{}documents/{id}", s.base), Some(on))),
    );
    let parts = urls.len().div_ceil(SITEMAP_LIMIT);
    let body = match part {
        None if parts > 1 => {
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for n in 1..=parts {
                out.push_str(&format!(
                    "<sitemap><loc>{}</loc></sitemap>\n",
                    xml(&format!("{origin}{}sitemaps/{n}.xml", s.base))
                ));
            }
            out.push_str("</sitemapindex>\n");
            out
        }
        _ => {
            let n = part.unwrap_or(1);
            if n == 0 || n > parts.max(1) {
                return s.not_found(state, "站点地图");
            }
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for (loc, lastmod) in urls
                .iter()
                .skip((n - 1) * SITEMAP_LIMIT)
                .take(SITEMAP_LIMIT)
            {
                out.push_str(&format!("<url><loc>{}</loc>", xml(loc)));
                if let Some(m) = lastmod {
                    out.push_str(&format!("<lastmod>{}</lastmod>", xml(m)));
                }
                out.push_str("</url>\n");
            }
            out.push_str("</urlset>\n");
            out
        }
    };
    Ok(([(CONTENT_TYPE, "application/xml; charset=utf-8")], body).into_response())
}

/// GET /sitemap.xml — the Host's site.
pub async fn sitemap(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    sitemap_for(&state, &s, &mut conn, None).await
}

/// One part of a split sitemap, `sitemaps/{n}.xml`.
pub async fn sitemap_file(
    state: &AppState,
    s: &SiteContext,
    conn: &mut Conn,
    file: &str,
) -> Result<Response, AppError> {
    match file
        .strip_suffix(".xml")
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(n) => sitemap_for(state, s, conn, Some(n)).await,
        None => s.not_found(state, "站点地图"),
    }
}

/// GET /sitemaps/{file} — one part of the Host's site's split sitemap.
pub async fn sitemap_part(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    sitemap_file(&state, &s, &mut conn, &file).await
}

/// GET /sites/{slug}/sitemap.xml
pub async fn site_sitemap(
    State(state): State<AppState>,
    v: Presentation,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_slug(&mut conn, &slug, &v).await?;
    sitemap_for(&state, &s, &mut conn, None).await
}

/// GET /robots.txt — everything public may be crawled; the console and API may not.
pub async fn robots(v: Presentation) -> Response {
    let origin = v.origin;
    let body = format!(
        "User-agent: *\nDisallow: /console/\nDisallow: /api/\nAllow: /\nSitemap: {origin}/sitemap.xml\n"
    );
    ([(CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
