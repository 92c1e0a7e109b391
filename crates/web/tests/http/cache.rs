//! The public page cache: precompressed, with ETags, emptied when the outbox says anything
//! public changed.

use std::collections::BTreeSet;

use axum::http::{StatusCode, header};
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_services::{fixtures, publishing};
use gongkai_store::{Store, both_backends};

use crate::support::{NOW, TestApp};

both_backends!(
    pages_come_from_the_cache_until_the_outbox_says_otherwise,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let mut seen = BTreeSet::new();
        gongkai_web::cache::follow_once(&app.store, &app.cache, &mut seen)
            .await
            .expect("follow");
        let first = app.get("/sites/a2/tzgg/", None).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains("本栏目暂无信息"));
        assert_eq!(app.cache.len(), 1);
        let etag = first
            .headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .expect("etag")
            .to_owned();
        assert!(
            first.headers.get("content-security-policy").is_some(),
            "security headers on cached pages too"
        );

        // Conditional and compressed answers from the cache.
        let r = app
            .get_with("/sites/a2/tzgg/", &[("if-none-match", &etag)])
            .await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        let r = app
            .get_with(
                "/sites/a2/tzgg/",
                &[("accept-encoding", "gzip, deflate, br")],
            )
            .await;
        assert_eq!(
            r.headers
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok()),
            Some("br")
        );
        let r = app
            .get_with("/sites/a2/tzgg/", &[("accept-encoding", "gzip")])
            .await;
        assert_eq!(
            r.headers
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok()),
            Some("gzip")
        );
        // Each presentation is its own entry.
        app.get_with("/sites/a2/tzgg/", &[("cookie", "gk_trad=1")])
            .await;
        assert_eq!(app.cache.len(), 2);

        // A publication writes the outbox; the follower empties the cache; the page shows it.
        let a = &app.a;
        let id = publishing::create_draft(
            &app.store,
            &a.editor,
            a.agency_id,
            &fixtures::document_form(a.column_id, "缓存测试文件"),
            NOW,
        )
        .await
        .expect("draft");
        publishing::act(&app.store, &a.editor, id, WorkflowAction::Submit, "", NOW)
            .await
            .expect("submit");
        assert!(
            app.get("/sites/a2/tzgg/", None)
                .await
                .body
                .contains("本栏目暂无信息"),
            "drafts change nothing public"
        );
        publishing::act(
            &app.store,
            &a.reviewer,
            id,
            WorkflowAction::Approve,
            "",
            NOW,
        )
        .await
        .expect("approve");
        gongkai_web::cache::follow_once(&app.store, &app.cache, &mut seen)
            .await
            .expect("follow");
        assert_eq!(app.cache.len(), 0);
        let after = app.get("/sites/a2/tzgg/", None).await;
        assert!(after.body.contains("缓存测试文件"));
        assert_ne!(
            after
                .headers
                .get(header::ETAG)
                .and_then(|v| v.to_str().ok()),
            Some(etag.as_str())
        );
        // Nothing new: the cache stays.
        gongkai_web::cache::follow_once(&app.store, &app.cache, &mut seen)
            .await
            .expect("follow");
        assert_eq!(app.cache.len(), 1);
        // Console pages and the API are never cached.
        let token = app.login("a2-editor").await;
        app.get("/console/documents", Some(&token)).await;
        app.get("/api/v1/subjects", None).await;
        assert_eq!(app.cache.len(), 1);
    }
);
