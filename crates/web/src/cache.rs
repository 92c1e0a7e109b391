//! The public page cache: rendered pages kept in memory per node, keyed by host, path and
//! presentation (simplified / traditional, elder, size), stored precompressed (gzip and
//! brotli) with an ETag, answered with 304 when the browser already has them. Every node
//! follows the outbox and empties its cache when anything public changes, so a publication is
//! visible within a second on every node.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, HOST, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gongkai_store::{Store, outbox};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};

use crate::AppState;

/// Pages kept before the cache starts over (a bound on memory, not an eviction policy:
/// public changes empty it far more often).
const MAX_ENTRIES: usize = 20_000;
/// Largest page kept.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// One cached page.
#[derive(Debug)]
pub struct CachedPage {
    /// The headers the application gave the page (security headers among them), replayed on
    /// every hit: the cache sits outside every other layer, so a hit costs a lookup.
    headers: axum::http::HeaderMap,
    content_type: HeaderValue,
    etag: HeaderValue,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

/// The cache of one node.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<CachedPage>>>,
}

impl PageCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        self.pages.read().ok()?.get(key).cloned()
    }

    fn put(&self, key: String, page: Arc<CachedPage>) {
        if let Ok(mut pages) = self.pages.write() {
            if pages.len() >= MAX_ENTRIES {
                pages.clear();
            }
            pages.insert(key, page);
        }
    }

    /// Forgets every page.
    pub fn clear(&self) {
        if let Ok(mut pages) = self.pages.write() {
            pages.clear();
        }
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.pages.read().map(|p| p.len()).unwrap_or(0)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether a request may be answered from the cache: GETs of public pages, not the console,
/// the API, files or the switches.
fn cacheable(req: &Request) -> bool {
    let path = req.uri().path();
    // Every query is its own search page: not kept.
    let search = path == "/search" || (path.starts_with("/sites/") && path.ends_with("/search"));
    req.method() == Method::GET
        && !search
        && ![
            "/console",
            "/api",
            "/attachments",
            "/prefs",
            "/healthz",
            "/static",
            // The calculator's answer depends on today's date.
            "/tools",
            // Application forms carry a one-time key; receipts and lookups are personal.
            "/ysqgk",
        ]
        .iter()
        .any(|p| path.starts_with(p))
}

/// The cache key: host, path and query, and the presentation cookies.
fn key_of(req: &Request) -> String {
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let mut prefs: Vec<String> = crate::extract::cookies(req.headers())
        .filter(|(name, _)| name.starts_with("gk_"))
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    prefs.sort_unstable();
    format!("{host}\u{1}{}\u{1}{}", req.uri(), prefs.join(";"))
}

fn compress(body: &[u8]) -> (Bytes, Bytes) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let gzip = gz
        .write_all(body)
        .and_then(|()| gz.finish())
        .unwrap_or_default();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 9, 22);
        let _ = w.write_all(body);
    }
    (Bytes::from(gzip), Bytes::from(br))
}

fn respond(page: &CachedPage, req_headers: &axum::http::HeaderMap) -> Response {
    let not_modified = req_headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == page.etag.to_str().unwrap_or_default())
        });
    let accept = req_headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let accepts = |enc: &str| {
        accept
            .split(',')
            .any(|a| a.trim().split(';').next() == Some(enc))
    };
    let mut res = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else if accepts("br") {
        let mut r = Body::from(page.brotli.clone()).into_response();
        r.headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
        r
    } else if accepts("gzip") {
        let mut r = Body::from(page.gzip.clone()).into_response();
        r.headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        Body::from(page.identity.clone()).into_response()
    };
    let h = res.headers_mut();
    for (name, value) in page.headers.iter() {
        h.insert(name.clone(), value.clone());
    }
    h.insert(CONTENT_TYPE, page.content_type.clone());
    h.insert(ETAG, page.etag.clone());
    h.insert(VARY, HeaderValue::from_static("Accept-Encoding, Cookie"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The middleware: answers from the cache, or renders, keeps and answers.
pub async fn serve_cached(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !cacheable(&req) {
        return next.run(req).await;
    }
    let key = key_of(&req);
    let headers = req.headers().clone();
    if let Some(page) = state.cache.get(&key) {
        return respond(&page, &headers);
    }
    let res = next.run(req).await;
    let content_type = res.headers().get(CONTENT_TYPE).cloned();
    let keep = res.status() == StatusCode::OK
        && !res.headers().contains_key(axum::http::header::SET_COOKIE)
        && content_type
            .as_ref()
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| {
                c.starts_with("text/html") || c.contains("xml") || c.starts_with("text/plain")
            });
    let Some(content_type) = content_type.filter(|_| keep) else {
        return res;
    };
    let (parts, body) = res.into_parts();
    let Ok(collected) = body.collect().await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let bytes = collected.to_bytes();
    if bytes.len() > MAX_BODY {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&bytes))[..32]);
    let (gzip, brotli) = tokio::task::spawn_blocking({
        let bytes = bytes.clone();
        move || compress(&bytes)
    })
    .await
    .unwrap_or_default();
    let mut kept = parts.headers.clone();
    for name in [
        CONTENT_TYPE,
        axum::http::header::CONTENT_LENGTH,
        CONTENT_ENCODING,
        ETAG,
        VARY,
        CACHE_CONTROL,
    ] {
        kept.remove(name);
    }
    let page = Arc::new(CachedPage {
        headers: kept,
        content_type,
        etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
        identity: bytes,
        gzip,
        brotli,
    });
    state.cache.put(key, page.clone());
    respond(&page, &headers)
}

/// How far back the follower re-reads the outbox: a transaction holding a lower seq may
/// commit after one holding a higher seq, so events are re-checked over a trailing window.
const TRAILING_WINDOW: i64 = 100;

/// Checks the outbox once; empties the cache when there is anything new. Returns the seqs
/// seen so far (pass them back next time).
pub async fn follow_once(
    store: &Store,
    cache: &PageCache,
    seen: &mut std::collections::BTreeSet<i64>,
) -> Result<(), sqlx::Error> {
    let mut conn = store.conn().await?;
    let last = seen.last().copied().unwrap_or(0);
    let events = outbox::list_after(&mut conn, (last - TRAILING_WINDOW).max(0), 10_000).await?;
    let mut changed = false;
    for e in events {
        changed |= seen.insert(e.seq);
    }
    // Forget what lies far behind the window.
    while seen.len() > 2 * TRAILING_WINDOW as usize {
        seen.pop_first();
    }
    if changed {
        cache.clear();
    }
    Ok(())
}

/// Follows the outbox forever (one task per node), every `every`.
pub async fn follow_outbox(store: Store, cache: Arc<PageCache>, every: Duration) {
    let mut seen = std::collections::BTreeSet::new();
    // Start from the present: what is already in the outbox is already in the database.
    if let Ok(mut conn) = store.conn().await
        && let Ok(last) = outbox::last_seq(&mut conn).await
    {
        let start = (last - TRAILING_WINDOW).max(0);
        if let Ok(events) = outbox::list_after(&mut conn, start, 10_000).await {
            seen.extend(events.into_iter().map(|e| e.seq));
        }
    }
    loop {
        if let Err(e) = follow_once(&store, &cache, &mut seen).await {
            tracing::warn!(error = %e, "outbox follower: read failed, retrying");
        }
        tokio::time::sleep(every).await;
    }
}
