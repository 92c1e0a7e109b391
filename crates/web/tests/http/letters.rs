//! Notices and reply letters over HTTP: the print view and DOCX of each letter for the agency's
//! staff only, the applicant's download by query code and secret (never the letter to the third
//! party), the administrator's templates and settings, and the API with the same checks.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::TestApp;

const ID_NUMBER: &str = "11010519491231002X";

/// Submits online, accepts, consults a third party and closes with 部分公开; returns the case,
/// the applicant's code and secret, and the staff's letters (consultation, reply).
async fn closed_case(app: &TestApp, handler: &str) -> (i64, String, String, i64, i64) {
    let r = app
        .json(
            "POST",
            "/api/v1/applications/submit",
            None,
            &json!({
                "agency_id": app.a.agency_id, "consent": true, "kind": "natural_person",
                "name": "王小明", "id_type": "resident_id", "id_number": ID_NUMBER,
                "phone": "13800138000", "description": "2024年本机关行政许可决定清单",
                "info_form": "electronic", "delivery": "online"
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let receipt = r.json();
    let id = receipt["id"].as_i64().expect("id");
    let act = |action: &'static str, body: serde_json::Value| async move {
        let r = app
            .json(
                "POST",
                &format!("/api/v1/applications/{id}/actions/{action}"),
                Some(handler),
                &body,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
    };
    act("accept", json!({})).await;
    act(
        "send_consultation",
        json!({"party": "示例科技有限公司", "note": "清单中涉及贵公司的许可事项"}),
    )
    .await;
    act("receive_consultation", json!({"note": "同意公开"})).await;
    act(
        "close",
        json!({"ground": "partial", "detail": "清单中的个人身份证号码属于个人隐私，已删除"}),
    )
    .await;
    let v = app
        .get(&format!("/api/v1/applications/{id}"), Some(handler))
        .await
        .json();
    let letters = v["letters"].as_array().expect("letters").clone();
    let event = |kind: &str| {
        letters
            .iter()
            .find(|l| l["kind"] == kind)
            .and_then(|l| l["event_id"].as_i64())
            .expect(kind)
    };
    (
        id,
        receipt["query_code"].as_str().expect("code").to_owned(),
        receipt["secret"].as_str().expect("secret").to_owned(),
        event("consultation"),
        event("reply"),
    )
}

/// The applicant's download from the lookup page.
async fn download(
    app: &TestApp,
    code: &str,
    event: i64,
    secret: &str,
    format: &str,
) -> crate::support::Reply {
    let event = event.to_string();
    app.post_form(
        "/ysqgk/chaxun/wenshu",
        None,
        &[
            ("code", code),
            ("secret", secret),
            ("event", event.as_str()),
            ("format", format),
        ],
    )
    .await
}

both_backends!(
    letters_belong_to_the_agency_and_the_applicant,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let handler = app.login("a2-handler").await;
        let (id, code, secret, consultation, reply) = closed_case(&app, &handler).await;
        let page = format!("/console/applications/{id}/letters/{reply}");
        // The handler prints the reply (条例第三十六条: decision, basis, remedies) and downloads
        // its DOCX; neither is cached.
        let r = app.get(&page, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("政府信息公开申请答复书"));
        assert!(r.body.contains("第三十七条") && r.body.contains("六十日内"));
        assert!(r.body.contains("公开〔2024〕2号"), "{}", r.body);
        assert_eq!(
            r.headers.get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        let r = app.get(&format!("{page}/docx"), Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.starts_with("PK"));
        assert_eq!(
            r.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some(gongkai_render::docx::MIME)
        );
        let disposition = r
            .headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(disposition.starts_with("attachment;") && disposition.contains(".docx"));
        // The case page links every letter.
        let r = app
            .get(&format!("/console/applications/{id}"), Some(&handler))
            .await;
        assert!(r.body.contains(&page) && r.body.contains("征求第三方意见函"));
        // Other agencies' staff and the agency's editor get nothing; visitors are sent to login.
        for user in ["a3-handler", "a3-admin", "a2-editor"] {
            let token = app.login(user).await;
            for path in [page.clone(), format!("{page}/docx")] {
                let r = app.get(&path, Some(&token)).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} {path}");
                assert!(!r.body.contains("王小明"), "{user}");
            }
            let r = app
                .get(
                    &format!("/api/v1/applications/{id}/letters/{reply}"),
                    Some(&token),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        }
        assert!(app.get(&page, None).await.status.is_redirection());
        // A letter of another case, or an event without a letter, is not found.
        let r = app
            .get(
                &format!("/console/applications/{id}/letters/{}", reply + 1000),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // The API gives the letter as JSON, HTML or DOCX.
        let r = app
            .get(
                &format!("/api/v1/applications/{id}/letters/{reply}"),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["title"], "政府信息公开申请答复书");
        let r = app
            .get(
                &format!("/api/v1/applications/{id}/letters/{reply}?format=pdf"),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The applicant: the lookup lists their letters; they download the reply, never the
        // letter to the third party, and only with the right secret.
        let r = app
            .post_form(
                "/ysqgk/chaxun",
                None,
                &[("code", code.as_str()), ("secret", secret.as_str())],
            )
            .await;
        assert!(r.body.contains("答复书") && !r.body.contains("征求第三方意见函"));
        let r = download(&app, &code, reply, &secret, "html").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("王小明：") && r.body.contains("第三十七条"));
        assert!(!r.body.contains(ID_NUMBER) && !r.body.contains("13800138000"));
        assert!(
            download(&app, &code, reply, &secret, "docx")
                .await
                .body
                .starts_with("PK")
        );
        assert_eq!(
            download(&app, &code, reply, "WRONGSECRET", "html")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            download(&app, &code, consultation, &secret, "html")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let r = app
            .json(
                "POST",
                "/api/v1/applications/letter",
                None,
                &json!({"query_code": code, "secret": secret, "event_id": reply}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.json()["number"]
                .as_str()
                .unwrap_or("")
                .contains("公开〔2024〕")
        );
        // Every staff view of a letter is in the audit log.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.letter'")
                .await,
            4
        );
    }
);

both_backends!(
    templates_and_settings_are_the_agency_administrators,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let agency = app.a.agency_id;
        let settings = format!("/console/letters/{agency}");
        let admin = app.login("a2-admin").await;
        let r = app.get(&settings, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("政府信息公开申请答复书") && r.body.contains("{救济途径}"));
        // Handlers, editors and other agencies' administrators may not change them.
        for user in ["a2-handler", "a2-editor", "a3-admin"] {
            let token = app.login(user).await;
            assert_eq!(
                app.get(&settings, Some(&token)).await.status,
                StatusCode::FORBIDDEN,
                "{user}"
            );
            let r = app
                .post_form(
                    &format!("{settings}/templates/reply"),
                    Some(&token),
                    &[("body", "{决定}{救济途径}")],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            let r = app
                .json(
                    "PUT",
                    &format!("/api/v1/agencies/{agency}/letters"),
                    Some(&token),
                    &json!({"reply_pattern": "{year}{seq}", "correction_days": "15"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        }
        // A reply without the remedies is refused with the reason (条例第三十六条), and nothing
        // is saved.
        let r = app
            .post_form(
                &format!("{settings}/templates/reply"),
                Some(&admin),
                &[("body", "{申请人}：\n{决定}")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("必须保留占位符“{救济途径}”"), "{}", r.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM letter_templates").await, 0);
        // A preview fills the placeholders with examples and saves nothing.
        let own = "{申请人}：\n经研究，现答复如下：\n{决定}\n{救济途径}";
        let r = app
            .post_form(
                &format!("{settings}/templates/reply"),
                Some(&admin),
                &[("body", own), ("preview", "1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("经研究，现答复如下：") && r.body.contains("六个月内"));
        assert_eq!(app.count("SELECT COUNT(*) FROM letter_templates").await, 0);
        // Saved, it is used for the next reply.
        let r = app
            .post_form(
                &format!("{settings}/templates/reply"),
                Some(&admin),
                &[("body", own)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // The number pattern: refused without {seq}, saved with it.
        let r = app
            .post_form(
                &format!("{settings}/settings"),
                Some(&admin),
                &[
                    ("reply_pattern", "民政信息公开第号"),
                    ("correction_days", "15"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("{seq}"));
        let r = app
            .post_form(
                &format!("{settings}/settings"),
                Some(&admin),
                &[
                    ("reply_pattern", "民依复〔{year}〕{seq}号"),
                    ("correction_days", "10"),
                    ("fee_payment", "请通过非税收入缴款系统缴纳"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let handler = app.login("a2-handler").await;
        let (id, _, _, _, reply) = closed_case(&app, &handler).await;
        let r = app
            .get(
                &format!("/console/applications/{id}/letters/{reply}"),
                Some(&handler),
            )
            .await;
        assert!(r.body.contains("经研究，现答复如下："), "{}", r.body);
        assert!(r.body.contains("民依复〔2024〕2号"), "{}", r.body);
        // Back to the shipped text through the API.
        let r = app
            .json(
                "DELETE",
                &format!("/api/v1/agencies/{agency}/letters/templates/reply"),
                Some(&admin),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        // A letter already issued stays as it was served.
        let r = app
            .get(
                &format!("/console/applications/{id}/letters/{reply}"),
                Some(&handler),
            )
            .await;
        assert!(r.body.contains("经研究，现答复如下："), "{}", r.body);
        let r = app
            .get(&format!("/api/v1/agencies/{agency}/letters"), Some(&admin))
            .await;
        let v = r.json();
        assert_eq!(v["settings"]["correction_days"], 10);
        assert_eq!(v["templates"][0]["custom"], false);
        let r = app
            .json(
                "PUT",
                &format!("/api/v1/agencies/{agency}/letters/templates/fee"),
                Some(&admin),
                &json!({"body": "{申请人}：{未知}"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
);
