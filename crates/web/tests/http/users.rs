//! Account management: who may manage whom, deactivation, password resets.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::TestApp;

both_backends!(
    agency_admins_manage_only_their_own_staff,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let admin_a = app.login("a2-admin").await;
        let a = app.a.agency_id.to_string();
        let b = app.b.agency_id.to_string();
        let editor_a = format!("/console/users/{}", app.a.editor.id);
        // Add the reviewer role to A's editor.
        let keep = format!("editor@{a}");
        let r = app
            .post_form(
                &editor_a,
                Some(&admin_a),
                &[
                    ("display_name", "甲信息员"),
                    ("active", "on"),
                    ("keep", &keep),
                    ("add_role", "reviewer"),
                    ("add_agency", &a),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let roles = app
            .count(&format!(
                "SELECT COUNT(*) FROM user_roles WHERE user_id = {}",
                app.a.editor.id
            ))
            .await;
        assert_eq!(roles, 2);
        // Not in another agency, not B's staff, not the system administrator.
        let r = app
            .post_form(
                &editor_a,
                Some(&admin_a),
                &[
                    ("display_name", "x"),
                    ("active", "on"),
                    ("keep", &keep),
                    ("add_role", "reviewer"),
                    ("add_agency", &b),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        for other in [app.b.editor.id, app.admin.id] {
            assert_eq!(
                app.get(&format!("/console/users/{other}"), Some(&admin_a))
                    .await
                    .status,
                StatusCode::FORBIDDEN
            );
            let r = app
                .post_form(
                    &format!("/console/users/{other}/password"),
                    Some(&admin_a),
                    &[("password", "Another2026pw")],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
        }
        // Editors manage nobody.
        let editor_b = app.login("a3-editor").await;
        assert_eq!(
            app.get("/console/users", Some(&editor_b)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.json("GET", "/api/v1/users", Some(&editor_b), &json!({}))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // The list shows A's staff only.
        let list = app
            .json("GET", "/api/v1/users", Some(&admin_a), &json!({}))
            .await
            .json();
        let names: Vec<&str> = list
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|u| u["username"].as_str())
            .collect();
        assert!(
            names.contains(&"a2-editor") && !names.contains(&"a3-editor"),
            "{names:?}"
        );
    }
);

both_backends!(
    deactivation_and_password_reset_end_sessions,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let root = app.login("root-admin").await;
        let editor = app.login("a2-editor").await;
        let path = format!("/console/users/{}", app.a.editor.id);
        let keep = format!("editor@{}", app.a.agency_id);
        let r = app
            .post_form(
                &path,
                Some(&root),
                &[("display_name", "甲信息员"), ("keep", &keep)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            app.get("/console/documents", Some(&editor)).await.status,
            StatusCode::SEE_OTHER,
            "session ended"
        );
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
            "a disabled account cannot log in"
        );
        // Re-enable, reset the password: the old one no longer works.
        app.post_form(
            &path,
            Some(&root),
            &[
                ("display_name", "甲信息员"),
                ("active", "on"),
                ("keep", &keep),
            ],
        )
        .await;
        let r = app
            .post_form(
                &format!("{path}/password"),
                Some(&root),
                &[("password", "short")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("密码至少 8 位"));
        let r = app
            .post_form(
                &format!("{path}/password"),
                Some(&root),
                &[("password", "Renewed2026pw")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .post_form(
                "/console/login",
                None,
                &[("username", "a2-editor"), ("password", "Renewed2026pw")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Nobody disables their own account.
        let root_path = format!("/console/users/{}", app.admin.id);
        let r = app
            .post_form(
                &root_path,
                Some(&root),
                &[("display_name", "root"), ("keep", "system_admin@")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("不能停用自己的账号"));
    }
);

both_backends!(staff_change_their_own_password, |store: Store| async move {
    let app = TestApp::new(store).await;
    let token = app.login("a2-reviewer").await;
    let r = app
        .post_form(
            "/console/password",
            Some(&token),
            &[("current", "wrong"), ("password", "Changed2026pw")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("当前密码不正确"));
    let r = app
        .post_form(
            "/console/password",
            Some(&token),
            &[
                ("current", gongkai_services::fixtures::PASSWORD),
                ("password", "Changed2026pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/console/documents", Some(&token)).await.status,
        StatusCode::SEE_OTHER,
        "log in again"
    );
    let r = app
        .post_form(
            "/console/login",
            None,
            &[("username", "a2-reviewer"), ("password", "Changed2026pw")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
});
