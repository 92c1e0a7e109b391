//! The JSON API: the same workflow as the console, and the OpenAPI document.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::TestApp;

async fn api_token(app: &TestApp, username: &str) -> String {
    let r = app
        .json(
            "POST",
            "/api/v1/session",
            None,
            &json!({ "username": username, "password": gongkai_services::fixtures::PASSWORD }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["token"].as_str().expect("token").to_owned()
}

both_backends!(
    the_api_drives_the_whole_workflow,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let editor = api_token(&app, "a2-editor").await;
        let reviewer = api_token(&app, "a2-reviewer").await;
        let body = json!({
            "agency_id": app.a.agency_id,
            "title": "关于印发示例办法的通知",
            "subject": "综合政务\\政务公开",
            "genre": "通知",
            "doc_number": "测试发（2024）9号",
            "written_on": "2024-05-20",
            "columns": [app.a.column_id],
            "item20": "1",
            "body_html": "<p>请联系 zhangsan@example.com。</p>",
        });
        let r = app
            .json("POST", "/api/v1/documents", Some(&editor), &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.json()["id"].as_i64().expect("id");

        let r = app
            .json(
                "POST",
                &format!("/api/v1/documents/{id}/actions/submit"),
                Some(&editor),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["findings"], 1);
        let view = app
            .json(
                "GET",
                &format!("/api/v1/documents/{id}"),
                Some(&reviewer),
                &json!({}),
            )
            .await
            .json();
        assert_eq!(view["document"]["doc_number"], "测试发〔2024〕9号");
        assert_eq!(view["actions"], json!(["approve", "return"]));
        let finding = view["findings"][0]["id"].as_i64().expect("finding");
        assert_eq!(view["findings"][0]["kind"], "email");

        let r = app
            .json(
                "POST",
                &format!("/api/v1/documents/{id}/actions/approve"),
                Some(&reviewer),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(r.json()["error"], "refused");
        let r = app
            .json(
                "POST",
                &format!("/api/v1/documents/{id}/findings/{finding}/ack"),
                Some(&reviewer),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let r = app
            .json(
                "POST",
                &format!("/api/v1/documents/{id}/actions/approve"),
                Some(&reviewer),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            r.json()["index_number"],
            format!("{}/2024-00001", app.a.code)
        );

        // Withdrawal needs a reason.
        let r = app
            .json(
                "POST",
                &format!("/api/v1/documents/{id}/actions/withdraw"),
                Some(&reviewer),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(
            r.json()["message"]
                .as_str()
                .is_some_and(|m| m.contains("请填写撤回理由"))
        );
        // Validity: repealed needs its date; the replacing document must exist.
        let r = app
            .json(
                "POST",
                &format!("/api/v1/documents/{id}/validity"),
                Some(&reviewer),
                &json!({ "validity": "repealed" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["fields"][0]["field"], "ended_on");
        let r = app
            .json(
                "POST",
                &format!("/api/v1/documents/{id}/validity"),
                Some(&reviewer),
                &json!({ "validity": "repealed", "ended_on": "2024-06-01" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let events = app
            .count("SELECT COUNT(*) FROM outbox WHERE kind LIKE 'document.%'")
            .await;
        assert_eq!(events, 2, "published, then changed");
    }
);

both_backends!(
    invalid_json_fields_are_reported_per_field,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let editor = api_token(&app, "a2-editor").await;
        let r = app
            .json(
                "POST",
                "/api/v1/documents",
                Some(&editor),
                &json!({ "agency_id": app.a.agency_id, "written_on": "2024-13-01" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<String> = r.json()["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().unwrap_or_default().to_owned())
            .collect();
        for f in ["title", "subject", "genre", "written_on", "columns"] {
            assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
        }
    }
);

#[test]
fn no_two_types_share_a_schema_name() {
    // Two different types named alike would make one schema replace the other in the document.
    assert_eq!(
        gongkai_web::api::openapi::schema_conflicts(),
        Vec::<String>::new()
    );
}

both_backends!(
    every_documented_operation_is_routed,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let token = api_token(&app, "root-admin").await;
        let doc = app
            .json("GET", "/api/v1/openapi.json", None, &json!({}))
            .await;
        assert_eq!(doc.status, StatusCode::OK);
        let spec = doc.json();
        assert_eq!(
            spec["openapi"].as_str().map(|v| v.starts_with("3.")),
            Some(true)
        );
        let paths = spec["paths"].as_object().expect("paths");
        let operations = gongkai_web::api::openapi::operations();
        let distinct: std::collections::BTreeSet<&str> =
            operations.iter().map(|o| o.path).collect();
        assert_eq!(paths.len(), distinct.len(), "every path is documented");
        for op in &operations {
            assert!(
                paths[op.path][op.method].is_object(),
                "{} {} documented",
                op.method,
                op.path
            );
            let path = op
                .path
                .replace("{id}", "999999")
                .replace("{action}", "submit")
                .replace("{finding}", "1")
                .replace("{attachment}", "1");
            let r = app
                .send(
                    &op.method.to_uppercase(),
                    &path,
                    Some(&token),
                    Some("application/json"),
                    b"{}".to_vec(),
                )
                .await;
            assert_ne!(
                r.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{} {path}",
                op.method
            );
            if r.status == StatusCode::NOT_FOUND {
                assert_ne!(
                    r.json()["error"],
                    "no_such_endpoint",
                    "{} {path} is not routed",
                    op.method
                );
            }
        }
        let r = app.get("/api/v1/nothing-here", Some(&token)).await;
        assert_eq!(r.json()["error"], "no_such_endpoint");
    }
);

both_backends!(
    the_deadline_calculator_is_public_and_explains_itself,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let r = app
            .json(
                "POST",
                "/api/v1/deadline",
                None,
                &json!({
                    "received_on": "2026-09-28",
                    "events": [
                        { "date": "2026-10-09", "kind": "consultation_sent" },
                        { "date": "2026-10-16", "kind": "consultation_answered" }
                    ],
                    "today": "2026-10-19"
                }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let a = r.json();
        // 第三十三条 and 第三十二条: 20 working days, the consultation not counted.
        assert_eq!(a["due_on"], "2026-11-09");
        assert_eq!(a["days_used"], 5);
        assert!(a["explanation"].as_array().is_some_and(|l| {
            l.iter()
                .any(|x| x.as_str().is_some_and(|s| s.contains("条例第三十二条")))
        }));
        let bad = app.json("POST", "/api/v1/deadline", None, &json!({ "received_on": "someday", "events": [{ "date": "2026-10-01", "kind": "party" }] })).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.json()["fields"][0]["field"], "received_on");
    }
);

both_backends!(
    unreadable_path_and_query_parameters_answer_the_apis_error_in_chinese,
    |store: Store| async move {
        // Found by fuzzing the documented API: an id beyond i64, a year beyond i32 or a query
        // value of the wrong type answered axum's English plain text.
        let app = TestApp::new(store).await;
        let token = api_token(&app, "root-admin").await;
        for path in [
            "/api/v1/applications/9223372036854775808",
            "/api/v1/calendar/2147483648",
            "/api/v1/documents?limit=9223372036854775808",
            "/api/v1/documents?limit=abc",
            "/api/v1/agencies/x/reports/2024",
        ] {
            let r = app.get(path, Some(&token)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
            assert!(
                r.headers["content-type"]
                    .to_str()
                    .is_ok_and(|t| t.starts_with("application/json")),
                "{path}"
            );
            let body = r.json();
            assert_eq!(body["error"], "bad_request", "{path}");
            assert!(
                body["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("参数无效")),
                "{path}: {body}"
            );
        }
    }
);

both_backends!(
    writes_for_an_agency_that_does_not_exist_are_not_found,
    |store: Store| async move {
        // Found by fuzzing: the 系统管理员 passes every permission check, so a write for an
        // agency id that does not exist reached the database and failed its foreign key (500).
        let app = TestApp::new(store).await;
        let token = api_token(&app, "root-admin").await;
        for (method, path, body) in [
            (
                "PUT",
                "/api/v1/agencies/999999/letters/templates/reply",
                json!({"body": "x"}),
            ),
            (
                "PUT",
                "/api/v1/agencies/999999/reports/2025/figures",
                json!({"licensing": "", "penalties": "", "enforcement": "", "fees_wan_yuan": ""}),
            ),
            ("PUT", "/api/v1/agencies/999999/letters", json!({})),
        ] {
            let r = app.json(method, path, Some(&token), &body).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{method} {path}: {}",
                r.body
            );
        }
        // A calendar file that is not UTF-8 is the API's error, in Chinese.
        let r = app
            .send(
                "PUT",
                "/api/v1/calendar/2030",
                Some(&token),
                Some("application/json"),
                vec![0x04, 0xff, 0x45],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(
            r.json()["message"]
                .as_str()
                .is_some_and(|m| m.contains("UTF-8"))
        );
    }
);

both_backends!(
    a_method_a_path_does_not_take_is_the_apis_error,
    |store: Store| async move {
        // Found by fuzzing: axum's 405 had no body; the API answers its JSON error.
        let app = TestApp::new(store).await;
        let token = api_token(&app, "root-admin").await;
        let r = app
            .json("DELETE", "/api/v1/me", Some(&token), &json!(null))
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{}", r.body);
        assert_eq!(r.json()["error"], "method_not_allowed");
        assert!(
            r.json()["message"]
                .as_str()
                .is_some_and(|m| m.contains("不支持此请求方法"))
        );
    }
);
