//! Gongkai's web layer (axum): the public portal, the staff console and the JSON API.
//!
//! - [`routes`]: the one route table, with the security layers (CSRF by Fetch Metadata and
//!   Origin, strict CSP and other headers, body limits, timeouts).
//! - [`console`]: server-rendered staff pages; [`api`]: `/api/v1` with its OpenAPI document;
//!   [`portal`]: public pages.
//! - [`extract`]: request extractors (the logged-in staff member, form data);
//!   [`error`]: the one `AppError`, rendered as a Chinese page or as JSON.
//! - [`views`]: the template environment (minijinja, templates built into the binary).
//!
//! Handlers are thin: extract → one service call → render or redirect. Permission checks live
//! in the services, so the console and the API cannot drift apart.

pub mod api;
pub mod cache;
pub mod console;
pub mod error;
pub mod extract;
pub mod portal;
pub mod routes;
pub mod views;

/// Font names of generated DOCX letters.
pub use gongkai_render::docx::Fonts as LetterFonts;

use std::sync::Arc;

use gongkai_services::files::FileStore;
use gongkai_store::Store;

pub use routes::router;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (behind TLS). `GONGKAI_SECURE_COOKIES`, default false.
    pub secure_cookies: bool,
    /// Largest request body (attachments), in bytes. From `GONGKAI_MAX_UPLOAD_MB`.
    pub max_upload_bytes: usize,
    /// Login attempts allowed per client IP in a burst; one more every
    /// [`WebConfig::login_refill_secs`]. `GONGKAI_LOGIN_BURST`, default 10.
    pub login_burst: u32,
    /// Seconds until one more login attempt is allowed. Default 6 (10 a minute).
    pub login_refill_secs: u64,
    /// Trust the last `X-Forwarded-For` hop as the client address (behind our own reverse
    /// proxy). `GONGKAI_TRUST_PROXY`, default false.
    pub trust_proxy: bool,
    /// Public form posts (applications, lookups) allowed per client IP in a burst; one more
    /// every [`WebConfig::public_form_refill_secs`]. `GONGKAI_PUBLIC_FORM_BURST`, default 20.
    pub public_form_burst: u32,
    /// Seconds until one more public form post is allowed. Default 30.
    pub public_form_refill_secs: u64,
    /// Status lookups of applications (and their letters) allowed per client IP in a burst, a
    /// budget apart from submissions; one more every [`WebConfig::lookup_refill_secs`].
    /// `GONGKAI_LOOKUP_BURST`, default 30.
    pub lookup_burst: u32,
    /// Seconds until one more lookup is allowed. `GONGKAI_LOOKUP_REFILL_SECS`, default 10.
    pub lookup_refill_secs: u64,
    /// Searches (pages, API, suggestions) allowed per client IP in a burst; one more every
    /// [`WebConfig::search_refill_secs`]. `GONGKAI_SEARCH_BURST`, default 60.
    pub search_burst: u32,
    /// Seconds until one more search is allowed. `GONGKAI_SEARCH_REFILL_SECS`, default 1.
    pub search_refill_secs: u64,
    /// Online applications one applicant (ID number / credit code) may submit in 24 hours.
    /// `GONGKAI_APPLY_PER_IDENTITY_DAILY`, default 30.
    pub apply_per_identity_per_day: i64,
    /// Folder of site themes (`<theme>/templates/…`, `<theme>/static/theme.css`).
    /// `GONGKAI_THEMES_DIR`, default `<data dir>/themes`.
    pub themes_dir: Option<std::path::PathBuf>,
    /// Font names written into generated DOCX letters (the reader's machine supplies the faces).
    /// `GONGKAI_LETTER_FONT_BODY` (default 仿宋) and `GONGKAI_LETTER_FONT_TITLE` (default 宋体).
    pub letter_fonts: gongkai_render::docx::Fonts,
    /// Whether reminder e-mails go out (`GONGKAI_SMTP_URL` is set); the console says so.
    pub smtp_configured: bool,
    /// The platform's public address (`https://www.example.gov.cn`): the origin of feeds,
    /// sitemaps and canonical links when a request's Host is not a host name of the group.
    /// `GONGKAI_PUBLIC_URL`, default `http://<bind>`.
    pub public_url: Option<String>,
    /// How long a search may take; past it, the results found so far are shown as partial.
    /// `GONGKAI_SEARCH_TIME_LIMIT_MS`, default 1000.
    pub search_time_limit: std::time::Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            max_upload_bytes: 50 * 1024 * 1024,
            login_burst: 10,
            login_refill_secs: 6,
            trust_proxy: false,
            public_form_burst: 20,
            public_form_refill_secs: 30,
            lookup_burst: 30,
            lookup_refill_secs: 10,
            search_burst: 60,
            search_refill_secs: 1,
            apply_per_identity_per_day: 30,
            themes_dir: None,
            letter_fonts: gongkai_render::docx::Fonts::default(),
            smtp_configured: false,
            public_url: None,
            search_time_limit: gongkai_search::DEFAULT_TIME_LIMIT,
        }
    }
}

/// A source of the current instant (unix ms), replaceable in tests.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The attachment store.
    pub files: FileStore,
    /// Settings.
    pub config: Arc<WebConfig>,
    /// Templates.
    pub views: Arc<views::Views>,
    /// The clock.
    pub clock: Clock,
    /// Rendered public pages.
    pub cache: Arc<cache::PageCache>,
    /// This node's search index (`None`: search is unavailable and says so).
    pub search: Option<Arc<gongkai_search::SearchIndex>>,
}

impl AppState {
    /// Builds the state with the real clock.
    pub fn new(store: Store, files: FileStore, config: WebConfig) -> Self {
        let views = Arc::new(views::Views::with_themes(config.themes_dir.clone()));
        AppState {
            store,
            files,
            config: Arc::new(config),
            views,
            clock: Arc::new(gongkai_services::time::now_ms),
            cache: Arc::new(cache::PageCache::new()),
            search: None,
        }
    }

    /// With a search index.
    pub fn with_search(mut self, index: Arc<gongkai_search::SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// The current instant, unix ms.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}
