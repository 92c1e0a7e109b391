//! Permission checks of every route that touches an agency's documents or settings: staff of
//! another agency get 403 on each, through the console and through the API.

use axum::http::StatusCode;
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_services::{fixtures, publishing};
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::{NOW, TestApp};

/// A draft with an attachment and a pending finding, and a published document, of agency A.
async fn documents_of_a(app: &TestApp) -> (i64, i64, i64, i64) {
    let a = &app.a;
    let mut form = fixtures::document_form(a.column_id, "甲机关草稿");
    form.body_html = "<p>联系电话 13912345678</p>".into();
    let draft = publishing::create_draft(&app.store, &a.editor, a.agency_id, &form, NOW)
        .await
        .expect("draft");
    let files = gongkai_services::files::FileStore::new(
        std::env::temp_dir().join("gongkai-perm-files"),
        1 << 20,
    );
    let attachment = publishing::add_attachment(
        &app.store,
        &files,
        &a.editor,
        draft,
        "a.pdf",
        b"%PDF-1.4\n%%EOF\n".to_vec(),
        NOW,
    )
    .await
    .expect("attachment");
    let pending = publishing::create_draft(&app.store, &a.editor, a.agency_id, &form, NOW)
        .await
        .expect("draft");
    publishing::act(
        &app.store,
        &a.editor,
        pending,
        WorkflowAction::Submit,
        "",
        NOW,
    )
    .await
    .expect("submit");
    let finding: i64 = sqlx::query_scalar("SELECT id FROM pii_findings WHERE document_id = $1")
        .bind(pending)
        .fetch_one(app.store.pool())
        .await
        .expect("finding");
    let published = publishing::create_draft(
        &app.store,
        &a.editor,
        a.agency_id,
        &fixtures::document_form(a.column_id, "甲机关已发布"),
        NOW,
    )
    .await
    .expect("draft");
    publishing::act(
        &app.store,
        &a.editor,
        published,
        WorkflowAction::Submit,
        "",
        NOW,
    )
    .await
    .expect("submit");
    publishing::act(
        &app.store,
        &a.reviewer,
        published,
        WorkflowAction::Approve,
        "",
        NOW,
    )
    .await
    .expect("approve");
    let _ = finding;
    (draft, attachment, pending, published)
}

/// Every console and API request that touches agency A's documents and settings.
fn requests(
    app: &TestApp,
    draft: i64,
    attachment: i64,
    pending: i64,
    finding: i64,
    published: i64,
) -> Vec<(&'static str, String, Option<serde_json::Value>)> {
    let a = app.a.agency_id;
    let site = app.a.site_id;
    vec![
        ("GET", format!("/console/documents/new?agency={a}"), None),
        ("POST", format!("/console/documents?agency={a}"), None),
        ("GET", format!("/console/documents/{draft}"), None),
        ("GET", format!("/console/documents/{draft}/edit"), None),
        ("POST", format!("/console/documents/{draft}"), None),
        (
            "POST",
            format!("/console/documents/{draft}/actions/submit"),
            None,
        ),
        (
            "POST",
            format!("/console/documents/{pending}/actions/approve"),
            None,
        ),
        (
            "POST",
            format!("/console/documents/{pending}/actions/return"),
            None,
        ),
        (
            "POST",
            format!("/console/documents/{published}/actions/withdraw"),
            None,
        ),
        (
            "POST",
            format!("/console/documents/{pending}/findings/{finding}/ack"),
            None,
        ),
        (
            "POST",
            format!("/console/documents/{published}/validity"),
            None,
        ),
        (
            "UPLOAD",
            format!("/console/documents/{draft}/attachments"),
            None,
        ),
        (
            "POST",
            format!("/console/documents/{draft}/attachments/{attachment}/delete"),
            None,
        ),
        ("GET", format!("/console/attachments/{attachment}"), None),
        ("GET", format!("/console/agencies/{a}"), None),
        ("POST", format!("/console/agencies/{a}"), None),
        ("GET", format!("/console/sites/{site}"), None),
        ("POST", format!("/console/sites/{site}"), None),
        ("POST", format!("/console/sites/{site}/columns"), None),
        (
            "JSON-POST",
            "/api/v1/documents".into(),
            Some(json!({ "agency_id": a, "title": "x" })),
        ),
        ("GET", format!("/api/v1/documents/{draft}"), None),
        (
            "JSON-PUT",
            format!("/api/v1/documents/{draft}"),
            Some(json!({ "title": "x" })),
        ),
        (
            "JSON-POST",
            format!("/api/v1/documents/{draft}/actions/submit"),
            Some(json!({})),
        ),
        (
            "JSON-POST",
            format!("/api/v1/documents/{pending}/actions/approve"),
            Some(json!({})),
        ),
        (
            "JSON-POST",
            format!("/api/v1/documents/{published}/actions/withdraw"),
            Some(json!({ "reason": "x" })),
        ),
        (
            "JSON-POST",
            format!("/api/v1/documents/{pending}/findings/{finding}/ack"),
            Some(json!({})),
        ),
        (
            "JSON-POST",
            format!("/api/v1/documents/{published}/validity"),
            Some(json!({ "validity": "repealed", "ended_on": "2024-05-01" })),
        ),
        (
            "API-UPLOAD",
            format!("/api/v1/documents/{draft}/attachments"),
            None,
        ),
        (
            "DELETE",
            format!("/api/v1/documents/{draft}/attachments/{attachment}"),
            None,
        ),
        (
            "JSON-PUT",
            format!("/api/v1/agencies/{a}"),
            Some(json!({ "name": "x", "code": app.a.code })),
        ),
        (
            "JSON-PUT",
            format!("/api/v1/sites/{site}"),
            Some(json!({ "agency_id": a, "name": "x", "slug": "a2" })),
        ),
        (
            "JSON-POST",
            format!("/api/v1/sites/{site}/columns"),
            Some(json!({ "name": "x", "slug": "x", "kind": "list" })),
        ),
    ]
}

async fn send(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: &Option<serde_json::Value>,
) -> crate::support::Reply {
    match method {
        "GET" => app.get(path, Some(token)).await,
        "POST" => {
            app.post_form(
                path,
                Some(token),
                &[
                    ("reason", "测试"),
                    ("title", "x"),
                    ("name", "x"),
                    ("code", "x"),
                    ("slug", "x"),
                    ("kind", "list"),
                    ("agency_id", "0"),
                ],
            )
            .await
        }
        "UPLOAD" | "API-UPLOAD" => {
            app.upload(path, Some(token), "b.pdf", b"%PDF-1.4\n%%EOF\n")
                .await
        }
        "DELETE" => {
            app.send("DELETE", path, Some(token), None, Vec::new())
                .await
        }
        "JSON-POST" => {
            app.json("POST", path, Some(token), body.as_ref().expect("body"))
                .await
        }
        "JSON-PUT" => {
            app.json("PUT", path, Some(token), body.as_ref().expect("body"))
                .await
        }
        other => panic!("method {other}"),
    }
}

async fn finding_of(app: &TestApp, pending: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM pii_findings WHERE document_id = $1")
        .bind(pending)
        .fetch_one(app.store.pool())
        .await
        .expect("finding")
}

both_backends!(
    a_system_admin_approves_nothing_and_clears_no_finding,
    |store: Store| async move {
        // Issue 15: only a 审核人 of the agency who is not the author approves (条例第十七条).
        let app = TestApp::new(store).await;
        let (_, _, pending, _) = documents_of_a(&app).await;
        let finding = finding_of(&app, pending).await;
        let root = app.login("root-admin").await;
        for (method, path, body) in [
            (
                "POST",
                format!("/console/documents/{pending}/actions/approve"),
                None,
            ),
            (
                "POST",
                format!("/console/documents/{pending}/findings/{finding}/ack"),
                None,
            ),
            (
                "JSON-POST",
                format!("/api/v1/documents/{pending}/actions/approve"),
                Some(json!({})),
            ),
            (
                "JSON-POST",
                format!("/api/v1/documents/{pending}/findings/{finding}/ack"),
                Some(json!({})),
            ),
        ] {
            let r = send(&app, &root, method, &path, &body).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{method} {path}: {}",
                r.body
            );
        }
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM documents WHERE id = {pending} AND state = 'pending_review'"
            ))
            .await,
            1
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM pii_findings WHERE id = {finding} AND acknowledged_by IS NULL"
            ))
            .await,
            1
        );
    }
);

both_backends!(
    staff_of_another_agency_get_403_everywhere,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let (draft, attachment, pending, published) = documents_of_a(&app).await;
        let finding = finding_of(&app, pending).await;
        let before_docs = app.count("SELECT COUNT(*) FROM documents").await;
        let before_audit = app.count("SELECT COUNT(*) FROM audit_log").await;
        for user in ["a3-editor", "a3-reviewer", "a3-admin", "a3-handler"] {
            let token = app.login(user).await;
            for (method, path, body) in
                requests(&app, draft, attachment, pending, finding, published)
            {
                let r = send(&app, &token, method, &path, &body).await;
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{user} {method} {path}: {}",
                    r.body
                );
            }
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM documents").await,
            before_docs,
            "nothing created"
        );
        let logins = 4;
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log").await,
            before_audit + logins,
            "nothing changed but the logins"
        );
    }
);

both_backends!(
    the_disclosure_office_sees_but_does_not_act,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let (draft, _attachment, pending, _published) = documents_of_a(&app).await;
        let finding = finding_of(&app, pending).await;
        fixtures::disclosure_office(&app.store, app.gov.agency_id, NOW).await;
        let token = app.login(&format!("gkb-{}", app.gov.agency_id)).await;
        assert_eq!(
            app.get(&format!("/console/documents/{draft}"), Some(&token))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            app.get(&format!("/api/v1/documents/{draft}"), Some(&token))
                .await
                .status,
            StatusCode::OK
        );
        let r = app
            .post_form(
                &format!("/console/documents/{pending}/findings/{finding}/ack"),
                Some(&token),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post_form(
                &format!("/console/documents/{pending}/actions/approve"),
                Some(&token),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
);

both_backends!(
    lists_show_only_the_agencies_a_staff_member_may_see,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let (draft, ..) = documents_of_a(&app).await;
        let token_b = app.login("a3-editor").await;
        let list = app
            .json("GET", "/api/v1/documents", Some(&token_b), &json!({}))
            .await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(
            list.json().as_array().map(Vec::len),
            Some(0),
            "B sees none of A's documents"
        );
        let page = app.get("/console/documents", Some(&token_b)).await;
        assert!(!page.body.contains("甲机关草稿"));
        let token_a = app.login("a2-reviewer").await;
        let list = app
            .json("GET", "/api/v1/documents", Some(&token_a), &json!({}))
            .await;
        assert!(
            list.json()
                .as_array()
                .is_some_and(|l| l.iter().any(|d| d["id"] == draft))
        );
    }
);

both_backends!(
    without_a_session_the_console_redirects_and_the_api_says_401,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        for path in [
            "/console/documents",
            "/console/agencies",
            "/console/users",
            "/console/documents/1",
        ] {
            let r = app.get(path, None).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(r.location(), "/console/login");
        }
        for path in [
            "/api/v1/documents",
            "/api/v1/me",
            "/api/v1/agencies",
            "/api/v1/documents/1",
        ] {
            let r = app.get(path, None).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
            assert_eq!(r.json()["error"], "unauthenticated");
        }
    }
);

both_backends!(
    only_system_admins_create_agencies_and_sites,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let agency_admin = app.login("a2-admin").await;
        let form = [("name", "新机关"), ("code", "000014349")];
        assert_eq!(
            app.post_form("/console/agencies", Some(&agency_admin), &form)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/console/agencies/new", Some(&agency_admin))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/console/sites/new", Some(&agency_admin))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let _ = &app.admin;
        let root = app.login("root-admin").await;
        let r = app.post_form("/console/agencies", Some(&root), &form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // A credit code with a wrong check character is refused with the field marked.
        let bad = [("name", "另一机关"), ("code", "11441700007280420X")];
        let r = app.post_form("/console/agencies", Some(&root), &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("校验位错误"), "{}", r.body);
        // An agency admin manages the own agency's staff, not others'.
        let r = app
            .post_form(
                "/console/users",
                Some(&agency_admin),
                &[
                    ("username", "new-editor"),
                    ("display_name", "新信息员"),
                    ("password", "Abcdef123456"),
                    ("role", "editor"),
                    ("agency_id", &app.b.agency_id.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post_form(
                "/console/users",
                Some(&agency_admin),
                &[
                    ("username", "new-editor"),
                    ("display_name", "新信息员"),
                    ("password", "Abcdef123456"),
                    ("role", "editor"),
                    ("agency_id", &app.a.agency_id.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
);

both_backends!(
    only_system_admins_rename_subjects_and_the_owner_edits_columns,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let agency_admin = app.login("a2-admin").await;
        let r = app
            .post_form(
                "/console/subjects/1703",
                Some(&agency_admin),
                &[("name", "社会福利与慈善")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let root = app.login("root-admin").await;
        let r = app
            .post_form(
                "/console/subjects/1703",
                Some(&root),
                &[("name", "社会福利与慈善")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let subjects = app.get("/api/v1/subjects", None).await.json();
        let renamed = subjects
            .as_array()
            .expect("list")
            .iter()
            .find(|s| s["code"] == "1703")
            .expect("1703");
        assert_eq!(renamed["path"], "民政、扶贫、救灾\\社会福利与慈善");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'subjects.changed'")
                .await,
            1
        );
        // Columns: A's admin edits A's column, not B's.
        let own = format!("/console/columns/{}", app.a.column_id);
        let r = app
            .post_form(
                &own,
                Some(&agency_admin),
                &[("name", "通知公告（新）"), ("kind", "list")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let other = format!("/console/columns/{}", app.b.column_id);
        assert_eq!(
            app.get(&other, Some(&agency_admin)).await.status,
            StatusCode::FORBIDDEN
        );
        let r = app
            .post_form(
                &other,
                Some(&agency_admin),
                &[("name", "x"), ("kind", "list")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
);
