//! Characters no field may hold (issue 15): a NUL made PostgreSQL answer 500 to anonymous
//! requests; bidirectional overrides let a name or title read differently from what it is.
//! Every form and API body of the route table is sent them, on both backends: each answers a
//! field error (422) naming the field, and nothing is written.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};
use serde_json::{Value, json};

use crate::support::TestApp;

/// Every (methods, path) of the route table that takes a body: the `.route(...)` calls of
/// `routes.rs` with `post(` or `put(`, read from the source so that a new route is not missed,
/// and the API's operations that take one.
fn body_routes() -> Vec<(&'static str, String)> {
    let source = include_str!("../../src/routes.rs");
    let mut out = Vec::new();
    for call in source.split(".route(").skip(1) {
        // The call's own text: up to the parenthesis that closes it.
        let mut depth = 1;
        let end = call
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(call.len(), |(i, _)| i);
        let call = &call[..end];
        let Some(path) = call.split('"').nth(1) else {
            continue;
        };
        for (needle, method) in [("post(", "POST"), ("put(", "PUT")] {
            if call.contains(needle) {
                out.push((method, path.to_owned()));
            }
        }
    }
    // The API's operations are routed from their one list.
    for o in gongkai_web::api::openapi::operations() {
        match o.method {
            "post" => out.push(("POST", o.path.to_owned())),
            "put" => out.push(("PUT", o.path.to_owned())),
            _ => {}
        }
    }
    out
}

/// A concrete address for a route pattern.
fn concrete(pattern: &str, app: &TestApp) -> String {
    pattern
        .split('/')
        .map(|part| match part {
            "{agency}" | "{id}" => app.a.agency_id.to_string(),
            "{slug}" => "a2".into(),
            "{year}" => "2024".into(),
            "{code}" => "0201".into(),
            "{action}" => "submit".into(),
            p if p.starts_with('{') => "1".into(),
            p => p.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
        + if pattern == "/console/documents" {
            "?agency=2"
        } else {
            ""
        }
}

/// Routes whose bodies are files (multipart or a file's JSON), or that read no body at all.
const NO_TEXT: [&str; 14] = [
    "/console/logout",
    "/console/documents/{id}/attachments",
    "/api/v1/documents/{id}/attachments",
    "/console/calendar/import",
    "/api/v1/calendar/{year}",
    "/console/reports/{agency}/{year}/import",
    "/api/v1/agencies/{id}/reports/{year}/import",
    "/console/reports/{agency}/{year}/import/remove",
    "/console/reports/{agency}/{year}/submit",
    "/api/v1/agencies/{id}/reports/{year}/submit",
    "/console/documents/{id}/findings/{finding}/ack",
    "/api/v1/documents/{id}/findings/{finding}/ack",
    "/console/documents/{id}/attachments/{attachment}/delete",
    "/console/letters/{agency}/templates/{kind}/reset",
];

/// The text fields a body carries: every common name, each with a NUL.
fn poisoned(c: char) -> Vec<(&'static str, String)> {
    [
        "title",
        "name",
        "username",
        "password",
        "reason",
        "note",
        "code",
        "slug",
        "hosts",
        "description",
        "body_html",
        "text",
        "applicant_name",
        "query_code",
        "secret",
    ]
    .into_iter()
    .map(|k| (k, format!("甲{c}乙")))
    .collect()
}

both_backends!(
    every_form_and_api_body_refuses_control_characters,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let root = app.login("root-admin").await;
        let routes = body_routes();
        assert!(routes.len() > 60, "{} routes read", routes.len());
        let before = app.count("SELECT COUNT(*) FROM audit_log").await;
        let mut checked = 0;
        let mut failed = Vec::new();
        for c in ['\0', '\u{202E}'] {
            let fields = poisoned(c);
            for (method, pattern) in &routes {
                if NO_TEXT.contains(&pattern.as_str()) {
                    continue;
                }
                let path = concrete(pattern, &app);
                let r = if path.starts_with("/api/") {
                    let body: Value = fields
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), json!(v)))
                        .collect::<serde_json::Map<_, _>>()
                        .into();
                    app.json(method, &path, Some(&root), &body).await
                } else {
                    let pairs: Vec<(&str, &str)> =
                        fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    app.post_form(&path, Some(&root), &pairs).await
                };
                if r.status != StatusCode::UNPROCESSABLE_ENTITY
                    || !r.body.contains(&format!("U+{:04X}", u32::from(c)))
                {
                    failed.push(format!("{method} {pattern} {}", r.status));
                }
                checked += 1;
            }
        }
        assert!(failed.is_empty(), "not refused:\n{}", failed.join("\n"));
        // Anonymous, the forms of the public and the logins.
        let agency = app.a.agency_id;
        for path in [
            "/console/login".to_owned(),
            format!("/ysqgk/{agency}"),
            "/ysqgk/chaxun".into(),
        ] {
            let r = app
                .post_form(&path, None, &[("name", "张\0三"), ("username", "a\0")])
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path}: {}",
                r.body
            );
        }
        for path in [
            "/api/v1/session",
            "/api/v1/applications/submit",
            "/api/v1/applications/lookup",
        ] {
            let r = app
                .json(
                    "POST",
                    path,
                    None,
                    &json!({ "username": "a\u{0}", "name": "张\u{0}三" }),
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path}: {}",
                r.body
            );
            let v = r.json();
            assert_eq!(v["error"], "invalid");
            assert!(
                v["fields"]
                    .as_array()
                    .expect("fields")
                    .iter()
                    .any(|f| f["message"].as_str().is_some_and(|m| m.contains("U+0000"))),
                "{v}"
            );
        }
        // Nothing was written but the one login.
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, before);
        println!("control characters: {checked} route checks");
    }
);

both_backends!(
    addresses_with_control_characters_are_refused_before_any_query,
    |store: Store| async move {
        // A NUL in a slug, a column path or a filter reached PostgreSQL (500): refused at the
        // door, as a page or as the API's JSON.
        let app = TestApp::new(store).await;
        for path in [
            "/sites/%00/",
            "/sites/a2/x%00/feed.xml",
            "/x%00y/feed.xml",
            "/gk/mulu/?subject=%00",
            "/search?q=%E2%80%AE",
        ] {
            let r = app.get(path, None).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
            assert!(r.body.contains("控制字符"), "{path}: {}", r.body);
        }
        let r = app.get("/api/v1/search?q=a%00b", None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.json()["error"], "bad_request");
    }
);

both_backends!(
    malformed_json_is_the_apis_error_in_chinese,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let r = app
            .send(
                "POST",
                "/api/v1/session",
                None,
                Some("application/json"),
                b"{\"username\": ".to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.json()["error"], "bad_request");
        assert!(
            r.json()["message"]
                .as_str()
                .expect("message")
                .contains("不是有效的 JSON")
        );
        let r = app
            .json("POST", "/api/v1/session", None, &json!({ "username": "x" }))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["fields"][0]["field"], "password");
        let r = app
            .send(
                "POST",
                "/api/v1/session",
                None,
                Some("text/plain"),
                b"{}".to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(
            r.json()["message"]
                .as_str()
                .expect("message")
                .contains("JSON")
        );
    }
);
