//! Security basics: CSRF, headers, login lockout, cookies.

use axum::http::{StatusCode, header};
use gongkai_store::{Store, both_backends};

use crate::support::TestApp;

both_backends!(cross_site_posts_are_refused, |store: Store| async move {
    let app = TestApp::new(store).await;
    let token = app.login("a2-editor").await;
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/console/logout")
        .header(header::HOST, "localhost")
        .header("sec-fetch-site", "cross-site")
        .header(header::COOKIE, format!("gongkai_session={token}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let res = tower::ServiceExt::oneshot(app.app.clone(), req)
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The session survived: the forged logout did nothing.
    assert_eq!(
        app.get("/console/documents", Some(&token)).await.status,
        StatusCode::OK
    );
});

both_backends!(
    pages_carry_a_strict_content_security_policy,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        for path in [
            "/",
            "/console/login",
            "/api/v1/openapi.json",
            "/no/such/page",
        ] {
            let r = app.get(path, None).await;
            let csp = r
                .headers
                .get("content-security-policy")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            assert!(
                csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
                "{path}: {csp}"
            );
            assert_eq!(
                r.headers
                    .get("x-content-type-options")
                    .and_then(|v| v.to_str().ok()),
                Some("nosniff")
            );
        }
        let r = app.get("/no/such/page", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.body.contains("页面不存在"));
    }
);

both_backends!(
    repeated_failures_lock_the_account,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        for i in 0..5 {
            let r = app
                .post_form(
                    "/console/login",
                    None,
                    &[("username", "a2-editor"), ("password", "wrong-password-1")],
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
            if i < 4 {
                assert!(r.body.contains("用户名或密码错误"));
            } else {
                assert!(r.body.contains("账号已锁定"), "{}", r.body);
            }
        }
        let r = app
            .post_form(
                "/console/login",
                None,
                &[
                    ("username", "a2-editor"),
                    ("password", gongkai_services::fixtures::PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "the right password does not lift the lock"
        );
        assert!(r.body.contains("账号已锁定"));
        // An unknown name gets the same answer as a wrong password.
        let r = app
            .post_form(
                "/console/login",
                None,
                &[("username", "nobody"), ("password", "x")],
            )
            .await;
        assert!(r.body.contains("用户名或密码错误"));
    }
);

both_backends!(logout_ends_the_session, |store: Store| async move {
    let app = TestApp::new(store).await;
    let token = app.login("a2-editor").await;
    let r = app.post_form("/console/logout", Some(&token), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/console/documents", Some(&token)).await.status,
        StatusCode::SEE_OTHER
    );
});

both_backends!(
    logins_are_rate_limited_per_client,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let mut statuses = Vec::new();
        for _ in 0..12 {
            let r = app
                .post_form(
                    "/console/login",
                    None,
                    &[("username", "nobody"), ("password", "x")],
                )
                .await;
            statuses.push(r.status);
        }
        assert!(
            statuses[..10]
                .iter()
                .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
            "{statuses:?}"
        );
        assert_eq!(statuses[11], StatusCode::TOO_MANY_REQUESTS);
        let r = app
            .post_form(
                "/console/login",
                None,
                &[("username", "a2-editor"), ("password", "x")],
            )
            .await;
        assert!(r.body.contains("登录尝试过于频繁"), "{}", r.body);
    }
);
