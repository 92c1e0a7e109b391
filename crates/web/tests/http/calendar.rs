//! The working-day calendar over HTTP: only the 系统管理员 sees and changes it (console and API);
//! an imported year changes the public calculator's answer at once.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::TestApp;

/// Test data only: an arrangement for 2027 with 元旦 on Friday 01-01.
const FILE_2027: &str = r#"{"year": 2027, "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;

both_backends!(
    only_the_system_administrator_changes_the_calendar,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        // TestApp's today is 2024-06-03: the overview runs to next year, 2025, shipped.
        let calculator = "/tools/deadline?received_on=2026-12-10&today=2026-12-10";
        let r = app.get(calculator, None).await;
        assert!(r.body.contains("2027-01-07"), "{}", r.body);
        assert!(r.body.contains("该年度节假日数据缺失"));
        for user in ["a2-admin", "a2-handler"] {
            let token = app.login(user).await;
            assert_eq!(
                app.get("/console/calendar", Some(&token)).await.status,
                StatusCode::FORBIDDEN,
                "{user}"
            );
            let r = app
                .upload(
                    "/console/calendar/import",
                    Some(&token),
                    "2027.json",
                    FILE_2027.as_bytes(),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            let r = app
                .post_form(
                    "/console/calendar/days",
                    Some(&token),
                    &[("date", "2027-01-04"), ("status", "off")],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            for (method, path, body) in [
                ("GET", "/api/v1/calendar", json!(null)),
                (
                    "PUT",
                    "/api/v1/calendar/days/2027-01-04",
                    json!({"status": "off"}),
                ),
            ] {
                let r = app.json(method, path, Some(&token), &body).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} {path}");
            }
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM calendar_days").await, 0);
        let root = app.login("root-admin").await;
        let r = app.get("/console/calendar", Some(&root)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("随程序发布") && r.body.contains("导入一年的放假安排"));
        // A file that is not the format is refused with the reason.
        let r = app
            .upload(
                "/console/calendar/import",
                Some(&root),
                "x.json",
                b"not json",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("节假日文件格式不正确"));
        let r = app
            .upload(
                "/console/calendar/import",
                Some(&root),
                "2027.json",
                FILE_2027.as_bytes(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("已导入 2027 年放假安排"));
        // The public calculator now counts 元旦 2027: due 2027-01-08, with no flag.
        let r = app.get(calculator, None).await;
        assert!(r.body.contains("2027-01-08"), "{}", r.body);
        assert!(!r.body.contains("该年度节假日数据缺失"));
        // One day set in the console, shown in the year's page.
        let r = app
            .post_form(
                "/console/calendar/days",
                Some(&root),
                &[("date", "2027-01-04"), ("status", "off"), ("name", "元旦")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.get("/console/calendar/2027", Some(&root)).await;
        assert!(r.body.contains("2027-01-04") && r.body.contains("管理员设置"));
        // And through the API: the year's file must name the year of the path.
        let r = app
            .send(
                "PUT",
                "/api/v1/calendar/2028",
                Some(&root),
                Some("application/json"),
                FILE_2027.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .json(
                "PUT",
                "/api/v1/calendar/days/2027-01-04",
                Some(&root),
                &json!({"status": "default"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .json(
                "PUT",
                "/api/v1/calendar/days/2027-01-04",
                Some(&root),
                &json!({"status": "work"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        // 01-04 set back to a working Monday: only 元旦 is listed.
        let r = app.get("/api/v1/calendar/2027", Some(&root)).await;
        assert_eq!(r.json()["days"].as_array().map(Vec::len), Some(1));
        let r = app
            .json(
                "POST",
                "/api/v1/deadline",
                None,
                &json!({"received_on": "2026-12-10", "today": "2026-12-10"}),
            )
            .await;
        assert_eq!(r.json()["due_on"], "2027-01-08");
    }
);
