//! The one route table, and the layers every request passes through.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;

use crate::api::openapi::Group;
use crate::error::{ApiError, AppError};
use crate::extract::ClientIp;
use crate::{AppState, api, console, portal};

/// Strict CSP: no inline script or style, nothing from elsewhere, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

async fn static_file(path: &str) -> Response {
    let (body, mime) = match path {
        "console.css" => (
            include_str!("../static/console.css"),
            "text/css; charset=utf-8",
        ),
        "portal.css" => (
            include_str!("../static/portal.css"),
            "text/css; charset=utf-8",
        ),
        "letter.css" => (
            include_str!("../static/letter.css"),
            "text/css; charset=utf-8",
        ),
        "suggest.js" => (
            include_str!("../static/suggest.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return AppError::NotFound.into_response(),
    };
    (
        [
            (CONTENT_TYPE, mime),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// GET /themes/{theme}/{file} — a site theme's static file (stylesheets, images, fonts).
async fn theme_file(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path((theme, file)): axum::extract::Path<(String, String)>,
) -> Response {
    let mime = match file.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("svg") => "image/svg+xml",
        Some("woff2") => "font/woff2",
        _ => return AppError::NotFound.into_response(),
    };
    let Some(path) = state.views.theme_file(&theme, &file) else {
        return AppError::NotFound.into_response();
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [
                (CONTENT_TYPE, mime),
                (CACHE_CONTROL, "public, max-age=3600"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => AppError::NotFound.into_response(),
    }
}

async fn api_not_found() -> ApiError {
    ApiError(AppError::NoSuchEndpoint)
}

async fn page_not_found() -> AppError {
    AppError::NotFound
}

fn console_routes() -> Router<AppState> {
    use console::{auth, documents as d, organisation as o, users as u};
    Router::new()
        .route("/console", get(console::home))
        .route("/console/login", get(auth::show_login))
        .route(
            "/console/applications",
            get(console::applications::list).post(console::applications::register),
        )
        .route("/console/applications/new", get(console::applications::new))
        .route(
            "/console/reports/{agency}/{year}/figures",
            post(console::applications::save_figures),
        )
        .route("/console/reports", get(console::reports::show))
        .route(
            "/console/reports/{agency}/{year}/text",
            post(console::reports::save_text),
        )
        .route(
            "/console/reports/{agency}/{year}/overrides",
            post(console::reports::set_override),
        )
        .route(
            "/console/reports/{agency}/{year}/overrides/remove",
            post(console::reports::remove_override),
        )
        .route(
            "/console/reports/{agency}/{year}/submit",
            post(console::reports::submit),
        )
        .route(
            "/console/reports/{agency}/{year}/correct",
            post(console::reports::correct),
        )
        .route(
            "/console/reports/{agency}/{year}/import",
            post(console::reports::import),
        )
        .route(
            "/console/reports/{agency}/{year}/import/remove",
            post(console::reports::remove_import),
        )
        .route(
            "/console/reports/{agency}/{year}/document",
            post(console::reports::import_document),
        )
        .route(
            "/console/reports/{agency}/{year}/print",
            get(console::reports::print),
        )
        .route(
            "/console/reports/{agency}/{year}/{file}",
            get(console::reports::export),
        )
        .route(
            "/console/applications/{id}/proactive",
            get(console::applications::proactive),
        )
        .route(
            "/console/applications/{id}/files/{file}",
            get(console::applications::file),
        )
        .route(
            "/console/applications/year",
            get(console::applications::year),
        )
        .route(
            "/console/applications/{id}/letters/{event}",
            get(console::letters::show),
        )
        .route(
            "/console/applications/{id}/letters/{event}/docx",
            get(console::letters::docx),
        )
        .route("/console/imports", get(console::imports::list))
        .route("/console/imports/{id}", get(console::imports::show))
        .route(
            "/console/imports/{id}/approve",
            post(console::imports::approve),
        )
        .route("/console/letters", get(console::letters::index))
        .route(
            "/console/reminders",
            get(console::reminders::show).post(console::reminders::save),
        )
        .route("/console/calendar", get(console::calendar::overview))
        .route("/console/calendar/import", post(console::calendar::import))
        .route("/console/calendar/days", post(console::calendar::set_day))
        .route("/console/calendar/{year}", get(console::calendar::year))
        .route(
            "/console/letters/{agency}",
            get(console::letters::show_settings),
        )
        .route(
            "/console/letters/{agency}/settings",
            post(console::letters::save_settings),
        )
        .route(
            "/console/letters/{agency}/templates/{kind}",
            post(console::letters::save_template),
        )
        .route(
            "/console/letters/{agency}/templates/{kind}/reset",
            post(console::letters::reset_template),
        )
        .route(
            "/console/applications/{id}",
            get(console::applications::show),
        )
        .route(
            "/console/applications/{id}/actions/{action}",
            post(console::applications::act),
        )
        .route(
            "/console/applications/{id}/handler",
            post(console::applications::assign),
        )
        .route("/console/logout", post(auth::logout))
        .route(
            "/console/documents",
            get(d::list_documents).post(d::create_document),
        )
        .route("/console/documents/new", get(d::new_document))
        .route(
            "/console/documents/{id}",
            get(d::show_document).post(d::update_document),
        )
        .route("/console/documents/{id}/edit", get(d::edit_document))
        .route(
            "/console/documents/{id}/actions/{action}",
            post(d::act_on_document),
        )
        .route(
            "/console/documents/{id}/findings/{finding}/ack",
            post(d::acknowledge_finding),
        )
        .route("/console/documents/{id}/validity", post(d::change_validity))
        .route(
            "/console/documents/{id}/attachments",
            post(d::upload_attachment),
        )
        .route(
            "/console/documents/{id}/attachments/{attachment}/delete",
            post(d::delete_attachment),
        )
        .route("/console/attachments/{id}", get(d::download_attachment))
        .route(
            "/console/agencies",
            get(o::list_agencies).post(o::create_agency),
        )
        .route("/console/agencies/new", get(o::new_agency))
        .route(
            "/console/agencies/{id}",
            get(o::edit_agency).post(o::update_agency),
        )
        .route("/console/sites", get(o::list_sites).post(o::create_site))
        .route("/console/sites/new", get(o::new_site))
        .route(
            "/console/sites/{id}",
            get(o::edit_site).post(o::update_site),
        )
        .route(
            "/console/sites/{id}/columns",
            get(o::list_columns).post(o::create_column),
        )
        .route(
            "/console/columns/{id}",
            get(o::edit_column).post(o::update_column),
        )
        .route("/console/subjects", get(o::list_subjects))
        .route("/console/subjects/{code}", post(o::rename_subject))
        .route("/console/users", get(u::list_users).post(u::create_user))
        .route("/console/users/new", get(u::new_user))
        .route(
            "/console/users/{id}",
            get(u::edit_user).post(u::update_user),
        )
        .route("/console/users/{id}/password", post(u::reset_password))
        .route(
            "/console/password",
            get(u::show_own_password).post(u::change_own_password),
        )
}

/// The API's staff operations (and its public reads without a limit of their own), from the one
/// list that also makes the OpenAPI document; anything else under `/api` is a JSON 404.
fn api_routes() -> Router<AppState> {
    api::openapi::router(Group::Staff).route("/api/{*rest}", axum::routing::any(api_not_found))
}

fn portal_routes() -> Router<AppState> {
    use portal::{machine as m, pages as p};
    Router::new()
        .route("/", get(p::home))
        .route("/documents/{id}", get(p::document))
        .route("/sites/{slug}/", get(p::site_home))
        .route("/sites/{slug}/documents/{id}", get(p::site_document))
        .route("/sites/{slug}/sitemap.xml", get(m::site_sitemap))
        .route("/sites/{slug}/{*path}", get(p::site_column))
        .route("/attachments/{id}", get(p::attachment))
        .route("/sitemap.xml", get(m::sitemap))
        .route("/sitemaps/{file}", get(m::sitemap_part))
        .route("/robots.txt", get(m::robots))
        .route("/prefs", get(portal::presentation::set_prefs))
        .route("/tools/deadline", get(portal::tools::deadline_page))
        .route("/ysqgk/", get(portal::apply::agencies_page))
        .route("/ysqgk", get(|| async { Redirect::permanent("/ysqgk/") }))
        .route("/ysqgk/chaxun", get(portal::apply::lookup_page))
        .route("/ysqgk/{agency}", get(portal::apply::form_page))
        .route("/themes/{theme}/{file}", get(theme_file))
        .route(
            "/static/{file}",
            get(
                |axum::extract::Path(f): axum::extract::Path<String>| async move {
                    static_file(&f).await
                },
            ),
        )
        .route("/healthz", get(|| async { "ok" }))
        .route("/{*path}", get(p::column))
}

/// A per-IP budget: `burst` requests at once, one more every `refill_secs`; past it, 429 with
/// `message` and `Retry-After`.
struct Budget {
    burst: u32,
    refill_secs: u64,
    message: &'static str,
}

/// 429 with the seconds to wait in `Retry-After`: the API's JSON on `/api`, a page elsewhere.
fn too_many(e: &tower_governor::GovernorError, message: &str, api: bool) -> Response {
    let wait = match e {
        tower_governor::GovernorError::TooManyRequests { wait_time, .. } => (*wait_time).max(1),
        _ => 1,
    };
    let error = AppError::TooMany(message.into());
    let mut r = if api {
        ApiError(error).into_response()
    } else {
        error.into_response()
    };
    r.headers_mut()
        .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(wait));
    r
}

/// `pages` and `api` behind one per-IP budget (shared: the same limiter counts both).
fn rate_limited(
    pages: Router<AppState>,
    api: Router<AppState>,
    config: &crate::WebConfig,
    budget: &Budget,
) -> Router<AppState> {
    let limits = GovernorConfigBuilder::default()
        .per_second(budget.refill_secs.max(1))
        .burst_size(budget.burst.max(1))
        .key_extractor(ClientIp {
            trust_proxy: config.trust_proxy,
        })
        .finish()
        .map(std::sync::Arc::new);
    let Some(limits) = limits else {
        return pages.merge(api);
    };
    let message = budget.message;
    pages
        .layer(
            GovernorLayer::new(limits.clone()).error_handler(move |e| too_many(&e, message, false)),
        )
        .merge(
            api.layer(
                GovernorLayer::new(limits).error_handler(move |e| too_many(&e, message, true)),
            ),
        )
}

/// The largest body of a login or a lookup: a few short fields.
const SMALL_FORM_BYTES: usize = 64 * 1024;

/// The largest application submission: its text and at most [`MAX_PROOFS`] identity proofs of
/// [`MAX_PROOF_BYTES`] (base64 in JSON adds a third), with room for the form.
///
/// [`MAX_PROOFS`]: gongkai_services::applications::MAX_PROOFS
/// [`MAX_PROOF_BYTES`]: gongkai_services::applications::MAX_PROOF_BYTES
const SUBMISSION_BYTES: usize = gongkai_services::applications::MAX_PROOFS
    * gongkai_services::applications::MAX_PROOF_BYTES as usize
    / 3
    * 4
    + 256 * 1024;

/// The login forms, behind a per-IP rate limit (failures also lock an address out of a name).
fn login_routes(config: &crate::WebConfig) -> Router<AppState> {
    rate_limited(
        Router::new().route("/console/login", post(console::auth::login)),
        api::openapi::router(Group::Login),
        config,
        &Budget {
            burst: config.login_burst,
            refill_secs: config.login_refill_secs,
            message: "登录尝试过于频繁，请稍后再试",
        },
    )
    .layer(DefaultBodyLimit::max(SMALL_FORM_BYTES))
}

/// The public forms, behind per-IP rate limits: submissions of applications (the service also
/// limits submissions per applicant identity) and status lookups each have their own budget,
/// so that following one's applications never uses up the right to apply, nor the reverse.
fn public_form_routes(config: &crate::WebConfig) -> Router<AppState> {
    use portal::apply as a;
    let submissions = rate_limited(
        Router::new().route("/ysqgk/{agency}", post(a::submit)),
        api::openapi::router(Group::Submission),
        config,
        &Budget {
            burst: config.public_form_burst,
            refill_secs: config.public_form_refill_secs,
            message: "提交过于频繁，请稍后再试",
        },
    )
    .layer(DefaultBodyLimit::max(SUBMISSION_BYTES));
    let lookups = rate_limited(
        Router::new()
            .route("/ysqgk/chaxun", post(a::lookup))
            .route("/ysqgk/chaxun/wenshu", post(a::letter)),
        api::openapi::router(Group::Lookup),
        config,
        &Budget {
            burst: config.lookup_burst,
            refill_secs: config.lookup_refill_secs,
            message: "查询过于频繁，请稍后再试",
        },
    )
    .layer(DefaultBodyLimit::max(SMALL_FORM_BYTES));
    submissions.merge(lookups)
}

/// Search (the API and every site's page): public and never cached, so behind a per-IP rate
/// limit (`GONGKAI_SEARCH_BURST`, `GONGKAI_SEARCH_REFILL_SECS`).
fn search_routes(config: &crate::WebConfig) -> Router<AppState> {
    rate_limited(
        Router::new()
            .route("/search", get(portal::search::page))
            .route("/sites/{slug}/search", get(portal::search::site_page)),
        api::openapi::router(Group::Search),
        config,
        &Budget {
            burst: config.search_burst,
            refill_secs: config.search_refill_secs,
            message: "检索过于频繁，请稍后再试",
        },
    )
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.max_upload_bytes + 64 * 1024;
    let app = Router::new()
        .merge(login_routes(&state.config))
        .merge(public_form_routes(&state.config))
        .merge(search_routes(&state.config))
        .merge(console_routes())
        .merge(api_routes())
        .merge(portal_routes())
        .fallback(page_not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            portal::themed_errors,
        ))
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(CsrfLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(axum::middleware::from_fn(
            crate::extract::refuse_control_characters,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::new());
    // Behind TLS (GONGKAI_SECURE_COOKIES), browsers are told to come back over HTTPS only.
    let app = if state.config.secure_cookies {
        app.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        app
    };
    // Outermost: a cached page is answered before any other layer runs (its headers,
    // security headers included, were kept with it).
    app.layer(axum::middleware::from_fn_with_state(
        state,
        crate::cache::serve_cached,
    ))
}
