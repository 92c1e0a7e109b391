//! How a visitor wants pages shown: 长者模式 (elder mode), 繁体 (Traditional script) and text
//! size. Each is addressable by URL (`?elder=1`, `?trad=1`, `?size=2`) and remembered by a
//! cookie set from the switches at the top of every page (`/prefs`, no script needed).

use axum::extract::{FromRef, FromRequestParts, Query, State};
use axum::http::header::{HOST, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::AppError;

/// Cookie of elder mode.
const ELDER: &str = "gk_elder";
/// Cookie of Traditional script.
const TRAD: &str = "gk_trad";
/// Cookie of the text size (1 normal, 2 larger, 3 largest).
const SIZE: &str = "gk_size";

/// The presentation of one request.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Presentation {
    /// 长者模式: ≥ 1.5× text, high contrast, large targets.
    pub elder: bool,
    /// Traditional script, converted on the server (phrase-level, OpenCC's s2t).
    pub trad: bool,
    /// Text size, 1–3.
    pub size: u8,
    /// The path and query of this page, for the switches' way back.
    pub here: String,
    /// The absolute address of this page, for its QR code and canonical link.
    pub url: String,
    /// The absolute origin of the public pages (`https://www.example.gov.cn`), for feeds,
    /// sitemaps and robots.txt: see [`public_origin`].
    pub origin: String,
}

impl Presentation {
    /// The key of the page variant, for caches.
    pub fn variant_key(&self) -> String {
        format!(
            "{}{}{}",
            u8::from(self.elder),
            u8::from(self.trad),
            self.size
        )
    }
}

fn flag(value: Option<&str>) -> Option<bool> {
    match value? {
        "1" | "on" | "true" => Some(true),
        "0" | "off" | "false" => Some(false),
        _ => None,
    }
}

fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    crate::extract::cookies(&parts.headers)
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Query parameters that choose a presentation.
#[derive(Debug, Default, Deserialize)]
struct PresentationQuery {
    elder: Option<String>,
    trad: Option<String>,
    size: Option<String>,
}

impl<S> FromRequestParts<S> for Presentation
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let q: PresentationQuery = Query::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default();
        let elder = flag(q.elder.as_deref())
            .or_else(|| flag(cookie(parts, ELDER)))
            .unwrap_or(false);
        let trad = flag(q.trad.as_deref())
            .or_else(|| flag(cookie(parts, TRAD)))
            .unwrap_or(false);
        let size = q
            .size
            .as_deref()
            .or_else(|| cookie(parts, SIZE))
            .and_then(|s| s.parse::<u8>().ok())
            .filter(|s| (1..=3).contains(s))
            .unwrap_or(1);
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let origin = public_origin(&state, &parts.headers).await?;
        Ok(Presentation {
            elder,
            trad,
            size,
            url: format!("{origin}{here}"),
            origin,
            here,
        })
    }
}

/// The absolute origin of the public pages answering a request with these headers (issue 15).
///
/// - The scheme is `https` behind TLS (`GONGKAI_SECURE_COOKIES`), else `http`; behind our own
///   proxy (`GONGKAI_TRUST_PROXY`), the proxy's `X-Forwarded-Proto` says it. A client's
///   `X-Forwarded-Proto` is never read otherwise.
/// - The host is the request's `Host` only when it is a host name of a site of the group or of
///   the platform's address (`GONGKAI_PUBLIC_URL`); any other Host is never echoed into a
///   page, feed or sitemap: the platform's address is used instead.
pub async fn public_origin(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<String, AppError> {
    let fallback = state
        .config
        .public_url
        .as_deref()
        .unwrap_or("http://localhost")
        .trim_end_matches('/')
        .to_owned();
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let fallback_host = fallback.split_once("://").map_or("", |(_, h)| h);
    let known = if host.is_empty() || !gongkai_domain::site::is_valid_host(&host) {
        None
    } else if host == fallback_host {
        Some(host)
    } else {
        gongkai_services::public::site::canonical_host(&mut *state.store.conn().await?, &host)
            .await?
    };
    let Some(host) = known else {
        return Ok(fallback);
    };
    let forwarded = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| state.config.trust_proxy && matches!(v.as_str(), "http" | "https"));
    let scheme = forwarded.unwrap_or_else(|| {
        if state.config.secure_cookies {
            "https".into()
        } else {
            "http".into()
        }
    });
    Ok(format!("{scheme}://{host}"))
}

/// What a switch asks for.
#[derive(Debug, Default, Deserialize)]
pub struct PrefsQuery {
    elder: Option<String>,
    trad: Option<String>,
    size: Option<String>,
    back: Option<String>,
}

/// GET /prefs?elder=1&back=/path — remembers a choice for a year and goes back.
pub async fn set_prefs(State(state): State<AppState>, Query(q): Query<PrefsQuery>) -> Response {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let mut cookies = Vec::new();
    let mut remember = |name: &str, value: &str| {
        cookies.push(format!(
            "{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax{secure}"
        ));
    };
    if let Some(v) = flag(q.elder.as_deref()) {
        remember(ELDER, if v { "1" } else { "0" });
    }
    if let Some(v) = flag(q.trad.as_deref()) {
        remember(TRAD, if v { "1" } else { "0" });
    }
    if let Some(s) = q
        .size
        .as_deref()
        .and_then(|s| s.parse::<u8>().ok())
        .filter(|s| (1..=3).contains(s))
    {
        remember(SIZE, &s.to_string());
    }
    // Only a local path: never an open redirect.
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let mut res = Redirect::to(&back).into_response();
    for c in cookies {
        if let Ok(v) = c.parse() {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// Converts a rendered page to Traditional script. The OpenCC dictionaries load once.
pub fn to_traditional(html: &str) -> String {
    static CONVERTER: std::sync::OnceLock<Option<ferrous_opencc::OpenCC>> =
        std::sync::OnceLock::new();
    let converter = CONVERTER.get_or_init(|| {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2t)
            .map_err(|e| tracing::error!(error = %e, "OpenCC s2t did not load"))
            .ok()
    });
    match converter {
        Some(c) => c.convert(html),
        None => html.to_owned(),
    }
}

/// The SVG QR code of an address, for 扫一扫在手机上查看当前页面.
pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(120, 120)
                .quiet_zone(true)
                .build();
            // Drop the XML declaration and name the image for screen readers.
            let start = svg.find("<svg").unwrap_or(0);
            svg[start..].replacen(
                "<svg",
                "<svg role=\"img\" aria-label=\"当前页面的二维码\"",
                1,
            )
        }
        Err(_) => String::new(),
    }
}
