//! The test application: the real router over a fresh database, driven with `oneshot`.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gongkai_services::files::FileStore;
use gongkai_services::fixtures::{self, AgencyFixture};
use gongkai_store::Store;
use gongkai_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// 2024-06-03 10:00 Beijing time: the fake clock of every test.
pub const NOW: i64 = 1_717_380_000_000;

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// The application with two sibling agencies under a government.
pub struct TestApp {
    pub store: Store,
    pub app: axum::Router,
    pub gov: AgencyFixture,
    pub a: AgencyFixture,
    pub b: AgencyFixture,
    pub admin: gongkai_services::accounts::Staff,
    pub cache: Arc<gongkai_web::cache::PageCache>,
    /// The search index, when the app has one.
    pub search: Option<Arc<gongkai_search::SearchIndex>>,
}

impl TestApp {
    pub async fn new(store: Store) -> TestApp {
        Self::with_config(store, WebConfig::default()).await
    }

    /// The application with a search index in memory (fill it with [`TestApp::reindex`]).
    pub async fn with_search(store: Store) -> TestApp {
        Self::with_search_config(store, WebConfig::default()).await
    }

    /// [`TestApp::with_search`] with these settings.
    pub async fn with_search_config(store: Store, config: WebConfig) -> TestApp {
        let index = Arc::new(gongkai_search::SearchIndex::in_memory().expect("index"));
        Self::build(store, config, Some(index)).await
    }

    /// Rebuilds the search index from the database.
    pub async fn reindex(&self) {
        let index = self.search.as_ref().expect("an app with search");
        gongkai_services::search::reindex(&self.store, index, |_, _| {})
            .await
            .expect("reindexed");
    }

    /// The application with its settings.
    pub async fn with_config(store: Store, config: WebConfig) -> TestApp {
        Self::build(store, config, None).await
    }

    async fn build(
        store: Store,
        config: WebConfig,
        search: Option<Arc<gongkai_search::SearchIndex>>,
    ) -> TestApp {
        let gov = fixtures::agency(&store, 1, None, NOW).await;
        let a = fixtures::agency(&store, 2, Some(gov.agency_id), NOW).await;
        let b = fixtures::agency(&store, 3, Some(gov.agency_id), NOW).await;
        let admin = fixtures::system_admin(&store, NOW).await;
        let files_dir =
            std::env::temp_dir().join(format!("gongkai-files-{}", uuid::Uuid::now_v7().simple()));
        let mut state = AppState::new(
            store.clone(),
            FileStore::new(files_dir, 1024 * 1024),
            config,
        );
        state.clock = Arc::new(|| NOW);
        if let Some(index) = &search {
            state = state.with_search(index.clone());
        }
        let cache = state.cache.clone();
        let app = gongkai_web::router(state);
        TestApp {
            store,
            app,
            gov,
            a,
            b,
            admin,
            cache,
            search,
        }
    }

    /// Sends a request; `token` is sent as the session cookie.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "localhost");
        if let Some(t) = token {
            req = req.header(header::COOKIE, format!("gongkai_session={t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let res = self
            .app
            .clone()
            .oneshot(req.body(Body::from(body)).expect("request"))
            .await
            .expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A GET with extra headers (Host is `localhost` unless given).
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder().uri(path);
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req = req.header(header::HOST, "localhost");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self
            .app
            .clone()
            .oneshot(req.body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Drafts, submits and approves a document of agency A; returns its id.
    pub async fn publish_a(&self, form: &gongkai_domain::catalogue::document::DocumentForm) -> i64 {
        use gongkai_domain::catalogue::workflow::WorkflowAction;
        use gongkai_services::publishing;
        let a = &self.a;
        let id = publishing::create_draft(&self.store, &a.editor, a.agency_id, form, NOW)
            .await
            .expect("draft");
        publishing::act(&self.store, &a.editor, id, WorkflowAction::Submit, "", NOW)
            .await
            .expect("submit");
        publishing::act(
            &self.store,
            &a.reviewer,
            id,
            WorkflowAction::Approve,
            "",
            NOW,
        )
        .await
        .expect("approve");
        id
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send("GET", path, token, None, Vec::new()).await
    }

    /// Posts a urlencoded form.
    pub async fn post_form(
        &self,
        path: &str,
        token: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> Reply {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.send(
            "POST",
            path,
            token,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
        .await
    }

    /// Sends JSON.
    pub async fn json(&self, method: &str, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send(
            method,
            path,
            token,
            Some("application/json"),
            body.to_string().into_bytes(),
        )
        .await
    }

    /// Posts a multipart upload with one file.
    pub async fn upload(
        &self,
        path: &str,
        token: Option<&str>,
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let boundary = "gongkaitestboundary";
        let mut body = Vec::new();
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            "POST",
            path,
            token,
            Some(&format!("multipart/form-data; boundary={boundary}")),
            body,
        )
        .await
    }

    /// Logs in through the console form and returns the session token from the cookie.
    pub async fn login(&self, username: &str) -> String {
        let r = self
            .post_form(
                "/console/login",
                None,
                &[("username", username), ("password", fixtures::PASSWORD)],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login of {username}: {}",
            r.body
        );
        let cookie = r
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .expect("cookie")
            .to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        cookie
            .trim_start_matches("gongkai_session=")
            .split(';')
            .next()
            .expect("token")
            .to_owned()
    }

    /// The editor form of a complete document for agency `a`'s column.
    pub fn document_pairs(column_id: i64, title: &str) -> Vec<(String, String)> {
        let f = fixtures::document_form(column_id, title);
        vec![
            ("title".into(), f.title),
            ("subject".into(), f.subject),
            ("genre".into(), f.genre),
            ("legal_kind".into(), f.legal_kind),
            ("doc_number".into(), "测试发[2024]7号".into()),
            ("written_on".into(), f.written_on),
            ("effective_on".into(), f.effective_on),
            ("keywords".into(), f.keywords),
            ("summary".into(), f.summary),
            ("disclosure".into(), f.disclosure),
            ("validity".into(), f.validity),
            ("item20".into(), f.item20),
            ("columns".into(), column_id.to_string()),
            (
                "body_html".into(),
                "<p>联系人身份证号 11010519491231002X，手机 13912345678。</p>".into(),
            ),
        ]
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(self.store.pool())
            .await
            .expect("count")
    }
}

/// Turns owned pairs into borrowed ones.
pub fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}
