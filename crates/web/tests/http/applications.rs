//! 依申请公开 over HTTP: the public form, receipt and lookup; the console's case pages and their
//! permission checks; the API; rate limits. Personal data never reaches a public page.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};
use gongkai_web::WebConfig;
use serde_json::json;

use crate::support::TestApp;

const ID_NUMBER: &str = "11010519491231002X";

fn person(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("key", key.to_owned()),
        ("kind", "natural_person".into()),
        ("name", "王小明".into()),
        ("id_type", "resident_id".into()),
        ("id_number", ID_NUMBER.into()),
        ("phone", "13800138000".into()),
        ("description", "2024年本机关行政许可决定清单".into()),
        ("info_form", "electronic".into()),
        ("delivery", "online".into()),
        ("consent", "on".into()),
    ]
}

fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body
        .find(start)
        .map(|i| i + start.len())
        .expect("start marker");
    let rest = &body[from..];
    &rest[..rest.find(end).expect("end marker")]
}

async fn submit(app: &TestApp, key: &str) -> (String, String) {
    let agency = app.a.agency_id;
    let pairs = person(key);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(&format!("/ysqgk/{agency}"), None, &pairs)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let code = between(&r.body, "id=\"query-code\">", "<").to_owned();
    let secret = between(&r.body, "id=\"query-secret\">", "<").to_owned();
    (code, secret)
}

both_backends!(public_form_receipt_and_lookup, |store: Store| async move {
    let app = TestApp::new(store).await;
    let agency = app.a.agency_id;
    // The form: never cached (it carries a one-time key), with the consent statement.
    let r = app.get(&format!("/ysqgk/{agency}"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("政府信息公开申请表") && r.body.contains("name=\"key\""));
    assert!(r.body.contains("用途（选填）"));
    assert_eq!(
        app.get("/ysqgk/999999", None).await.status,
        StatusCode::NOT_FOUND
    );
    // Every invalid field at once, with its message (条例第二十九条).
    let r = app
        .post_form(
            &format!("/ysqgk/{agency}"),
            None,
            &[
                ("key", "FORMKEY0000000000000000001"),
                ("kind", "natural_person"),
                ("id_type", "resident_id"),
                ("id_number", "110105194912310021"),
                ("phone", "123"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "请填写申请人姓名",
        "校验位",
        "联系电话格式不正确",
        "请描述所需的政府信息",
        "请阅读并同意申请须知",
    ] {
        assert!(r.body.contains(message), "{message}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 0);
    // Submitted: a receipt with query code and secret; the same form twice is one application.
    let (code, secret) = submit(&app, "FORMKEY0000000000000000002").await;
    let (again, again_secret) = submit(&app, "FORMKEY0000000000000000002").await;
    assert_eq!((&code, &secret), (&again, &again_secret));
    assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
    // The lookup shows status and timeline, and nothing of the identity number.
    let r = app
        .post_form(
            "/ysqgk/chaxun",
            None,
            &[("code", code.as_str()), ("secret", secret.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("待受理") && r.body.contains("网上提交申请"));
    assert!(r.body.contains("王**") && !r.body.contains("王小明"));
    assert!(!r.body.contains(ID_NUMBER) && !r.body.contains("13800138000"));
    let r = app
        .post_form(
            "/ysqgk/chaxun",
            None,
            &[("code", code.as_str()), ("secret", "WRONG")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("查询码或查询密码不正确"));
    // No public page shows the applicant: the home page, the agency list, the catalogue.
    for path in ["/", "/ysqgk/", "/sitemap.xml"] {
        let r = app.get(path, None).await;
        assert!(
            !r.body.contains("王小明") && !r.body.contains(ID_NUMBER),
            "{path}"
        );
    }
});

both_backends!(
    case_pages_belong_to_their_agency,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        submit(&app, "FORMKEY0000000000000000003").await;
        let id = app.count("SELECT MAX(id) FROM applications").await;
        let case = format!("/console/applications/{id}");
        // Anonymous visitors are sent to the login page.
        let r = app.get(&case, None).await;
        assert!(r.status.is_redirection(), "{}", r.status);
        // The agency's handler sees the case and its actions; others get 403 and nothing of it.
        let handler = app.login("a2-handler").await;
        let r = app.get(&case, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(ID_NUMBER) && r.body.contains("确认受理"));
        for user in ["a3-handler", "a2-editor", "a3-admin"] {
            let token = app.login(user).await;
            let r = app.get(&case, Some(&token)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            assert!(!r.body.contains(ID_NUMBER), "{user}");
            let r = app
                .post_form(
                    &format!("{case}/actions/accept"),
                    Some(&token),
                    &[("date", "2024-06-03")],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            let list = app.get("/console/applications", Some(&token)).await;
            assert!(!list.body.contains("王小明"), "{user}");
        }
        // The handler accepts it; the work list shows it with its due date (条例第三十三条:
        // received Monday 2024-06-03 → 20 working days, 端午 06-10 off → 2024-07-02).
        let r = app
            .post_form(
                &format!("{case}/actions/accept"),
                Some(&handler),
                &[("date", "2024-06-03")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get(&case, Some(&handler)).await;
        assert!(r.body.contains("id=\"due-on\">2024-07-02<"), "{}", r.body);
        let list = app.get("/console/applications", Some(&handler)).await;
        assert!(list.body.contains("2024-07-02") && list.body.contains("王小明"));
        // An action the state does not allow is refused with the reason.
        let r = app
            .post_form(
                &format!("{case}/actions/record_payment"),
                Some(&handler),
                &[("date", "2024-06-03")],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("当前状态不允许此操作"));
        // Closing with a missing detail re-shows the page with the message (部分公开, 第三十七条).
        let r = app
            .post_form(
                &format!("{case}/actions/close"),
                Some(&handler),
                &[("date", "2024-06-03"), ("ground", "partial")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("不予公开的部分及其理由"));
        // Registration of a letter by staff.
        let r = app
            .post_form(
                "/console/applications",
                Some(&handler),
                &[
                    ("agency_id", &app.a.agency_id.to_string()),
                    ("channel", "registered_mail"),
                    ("channel_on", "2024-06-01"),
                    ("kind", "commercial"),
                    ("name", "示例科技有限公司"),
                    ("credit_code", "91350100M000100Y43"),
                    ("contact_name", "李四"),
                    ("phone", "010-12345678"),
                    ("address", "示例市示例路1号"),
                    ("description", "示例项目环境影响评价批复"),
                    ("info_form", "paper"),
                    ("delivery", "mail"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get(&r.location(), Some(&handler)).await;
        assert!(r.body.contains("2024-06-01") && r.body.contains("法人或其他组织·商业企业"));
        // Every view of the applicant's data is audited.
        assert!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.view'")
                .await
                >= 3
        );
    }
);

both_backends!(
    the_api_covers_applicant_and_staff_actions,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let body = json!({
            "agency_id": app.a.agency_id,
            "submission_key": "APIKEY00000000000000000001",
            "consent": true,
            "kind": "natural_person",
            "name": "赵六",
            "id_type": "passport",
            "id_number": "E12345678",
            "phone": "13912345678",
            "description": "本机关2023年政府信息公开工作年度报告的附表",
            "info_form": "electronic",
            "delivery": "online",
        });
        let r = app
            .json("POST", "/api/v1/applications/submit", None, &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let receipt = r.json();
        let id = receipt["id"].as_i64().expect("id");
        let r = app
            .json("POST", "/api/v1/applications/submit", None, &body)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["repeated"], json!(true));
        let r = app
            .json(
                "POST",
                "/api/v1/applications/lookup",
                None,
                &json!({"query_code": receipt["query_code"], "secret": receipt["secret"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.json().get("id_number").is_none());
        // Staff: the same checks as the console.
        let other = app.login("a3-handler").await;
        let handler = app.login("a2-handler").await;
        assert_eq!(
            app.get(&format!("/api/v1/applications/{id}"), Some(&other))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get(&format!("/api/v1/applications/{id}"), None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let r = app
            .json(
                "POST",
                &format!("/api/v1/applications/{id}/actions/accept"),
                Some(&other),
                &json!({"date": "2024-06-03"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .json(
                "POST",
                &format!("/api/v1/applications/{id}/actions/accept"),
                Some(&handler),
                &json!({"date": "2024-06-03"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .get(&format!("/api/v1/applications/{id}"), Some(&handler))
            .await;
        assert_eq!(r.json()["clock"]["due_on"], json!("2024-07-02"));
        let r = app
            .get("/api/v1/applications?show=open", Some(&handler))
            .await;
        assert_eq!(r.json().as_array().map(Vec::len), Some(1));
        assert_eq!(
            app.get("/api/v1/applications", Some(&other))
                .await
                .json()
                .as_array()
                .map(Vec::len),
            Some(0)
        );
        let r = app
        .json("POST", &format!("/api/v1/applications/{id}/actions/close"), Some(&handler), &json!({"date": "2024-06-03", "ground": "already_public", "detail": "见本机关门户网站政府信息公开年报栏目"}))
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(
            r.json()["reply_number"]
                .as_str()
                .is_some_and(|n| n.contains("〔2024〕1号"))
        );
        // The fee calculator (国办函〔2020〕109号).
        let r = app
            .json(
                "POST",
                "/api/v1/fee",
                None,
                &json!({"method": "per_page", "pages": 250}),
            )
            .await;
        assert_eq!(r.json()["total"], json!(4700));
        let r = app
            .json(
                "POST",
                "/api/v1/fee",
                None,
                &json!({"method": "per_application", "last": 35}),
            )
            .await;
        assert_eq!(r.json()["total"], json!(3000));
        let r = app
            .json("POST", "/api/v1/fee", None, &json!({"method": "both"}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
);

both_backends!(
    public_forms_are_rate_limited_per_ip,
    |store: Store| async move {
        let config = WebConfig {
            public_form_burst: 2,
            public_form_refill_secs: 3600,
            lookup_burst: 3,
            lookup_refill_secs: 3600,
            ..WebConfig::default()
        };
        let app = TestApp::with_config(store, config).await;
        // Lookups: the page and the API share one budget.
        for _ in 0..2 {
            let r = app
                .post_form("/ysqgk/chaxun", None, &[("code", "X"), ("secret", "Y")])
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
        }
        let lookup = json!({"query_code": "X", "secret": "Y"});
        let r = app
            .json("POST", "/api/v1/applications/lookup", None, &lookup)
            .await;
        assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        let r = app
            .post_form("/ysqgk/chaxun", None, &[("code", "X"), ("secret", "Y")])
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.body.contains("查询过于频繁"));
        assert!(r.headers.get("retry-after").is_some());
        // Issue 15: the API's refusal is the API's JSON, with Retry-After.
        let r = app
            .json("POST", "/api/v1/applications/lookup", None, &lookup)
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.json()["error"], "too_many_requests", "{}", r.body);
        assert!(
            r.json()["message"]
                .as_str()
                .expect("message")
                .contains("查询过于频繁")
        );
        let wait: u64 = r.headers["retry-after"]
            .to_str()
            .expect("text")
            .parse()
            .expect("seconds");
        assert!(wait >= 1);
        // Submissions have a budget of their own: lookups did not use it up.
        for _ in 0..2 {
            let r = app
                .json("POST", "/api/v1/applications/submit", None, &json!({}))
                .await;
            assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        }
        let r = app
            .json("POST", "/api/v1/applications/submit", None, &json!({}))
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            r.json()["message"]
                .as_str()
                .expect("message")
                .contains("提交过于频繁")
        );
    }
);

both_backends!(
    the_year_view_counts_like_the_report_for_the_agency_only,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        submit(&app, "FORMKEY0000000000000000009").await;
        let id = app.count("SELECT MAX(id) FROM applications").await;
        let handler = app.login("a2-handler").await;
        let r = app
            .post_form(
                &format!("/console/applications/{id}/actions/accept"),
                Some(&handler),
                &[("date", "2024-06-03")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let agency = app.a.agency_id;
        let page = format!("/console/applications/year?agency={agency}&year=2024");
        let r = app.get(&page, Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK);
        // The report's labels and the received application in the 自然人 and 总计 columns.
        assert!(
            r.body
                .contains("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
        );
        assert!(r.body.contains("5.要求行政机关确认或重新出具已获取信息"));
        let v = app
            .get(
                &format!("/api/v1/agencies/{agency}/applications/2024"),
                Some(&handler),
            )
            .await
            .json();
        assert_eq!(v["rows"][0]["figures"], json!([1, 0, 0, 0, 0, 0, 1]));
        assert_eq!(v["rows"][29]["label"], "四、结转下年度继续办理");
        assert_eq!(v["rows"][29]["figures"], json!([1, 0, 0, 0, 0, 0, 1]));
        // Other agencies' staff and the agency's editor may not see its figures.
        for user in ["a3-handler", "a3-admin", "a2-editor"] {
            let token = app.login(user).await;
            assert_eq!(
                app.get(&page, Some(&token)).await.status,
                StatusCode::FORBIDDEN,
                "{user}"
            );
            let r = app
                .get(
                    &format!("/api/v1/agencies/{agency}/applications/2024"),
                    Some(&token),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        }
    }
);

both_backends!(
    reminders_are_each_staff_members_own,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        submit(&app, "FORMKEY0000000000000000010").await;
        // A visitor is sent to the login page; a handler lands on the applications and is
        // reminded of the one awaiting acceptance.
        assert!(
            app.get("/console/reminders", None)
                .await
                .status
                .is_redirection()
        );
        let handler = app.login("a2-handler").await;
        let r = app.get("/console", Some(&handler)).await;
        assert_eq!(r.location(), "/console/applications");
        let r = app.get("/console/applications", Some(&handler)).await;
        assert!(r.body.contains("待受理 1 件"), "{}", r.body);
        let r = app.get("/console/reminders", Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("待受理（1 件）") && r.body.contains("尚未配置邮件服务器"));
        // Another agency's handler is reminded of nothing of it.
        let other = app.login("a3-handler").await;
        let r = app.get("/console/reminders", Some(&other)).await;
        assert!(r.body.contains("目前没有需要提醒的申请"), "{}", r.body);
        // The e-mail setting is one's own, checked.
        let r = app
            .post_form(
                "/console/reminders",
                Some(&handler),
                &[("email", "x"), ("enabled", "on")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .post_form(
                "/console/reminders",
                Some(&handler),
                &[("email", "handler@example.gov.cn"), ("enabled", "on")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.get("/console/reminders", Some(&other)).await;
        assert!(!r.body.contains("handler@example.gov.cn"));
        let editor = app.login("a2-editor").await;
        assert_eq!(
            app.get("/console", Some(&editor)).await.location(),
            "/console/documents"
        );
        // The same through the API: one's own only, a session required.
        let r = app.get("/api/v1/me/reminders", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let v = app.get("/api/v1/me/reminders", Some(&handler)).await.json();
        assert_eq!(v["reminders"]["awaiting"].as_array().map(Vec::len), Some(1));
        assert_eq!(v["setting"]["email"], "handler@example.gov.cn");
        let r = app
            .json(
                "PUT",
                "/api/v1/me/reminders",
                Some(&other),
                &json!({"email": "bad", "enabled": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
);

both_backends!(
    a_replied_application_becomes_a_catalogue_draft_in_one_step,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        submit(&app, "FORMKEY0000000000000000011").await;
        let id = app.count("SELECT MAX(id) FROM applications").await;
        let admin = app.login("a2-admin").await;
        for (action, pairs) in [
            ("accept", vec![("date", "2024-06-03")]),
            (
                "close",
                vec![("date", "2024-06-03"), ("ground", "provided")],
            ),
        ] {
            let r = app
                .post_form(
                    &format!("/console/applications/{id}/actions/{action}"),
                    Some(&admin),
                    &pairs,
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.body);
        }
        // 机关管理员 (who edits documents too): the case offers the step; the editor opens
        // filled from the application (条例第四十四条).
        let case = format!("/console/applications/{id}");
        assert!(
            app.get(&case, Some(&admin))
                .await
                .body
                .contains("/proactive")
        );
        let r = app.get(&format!("{case}/proactive"), Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(
            r.body.contains("条例第四十四条") && r.body.contains("2024年本机关行政许可决定清单")
        );
        assert!(r.body.contains("name=\"from_application\""));
        // The handler may not edit documents; another agency may not see the case.
        for user in ["a2-handler", "a3-admin"] {
            let token = app.login(user).await;
            let r = app.get(&format!("{case}/proactive"), Some(&token)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        }
        // An incomplete draft writes nothing, neither the document nor the case's record.
        let r = app
            .post_form(
                &format!("/console/documents?agency={}", app.a.agency_id),
                Some(&admin),
                &[("title", ""), ("from_application", &id.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM application_events WHERE kind = 'made_proactive'")
                .await,
            0
        );
        // Saved: a draft of the agency's catalogue, recorded on the application.
        let mut pairs = TestApp::document_pairs(app.a.column_id, "2024年本机关行政许可决定清单");
        pairs.push(("from_application".into(), id.to_string()));
        let r = app
            .post_form(
                &format!("/console/documents?agency={}", app.a.agency_id),
                Some(&admin),
                &crate::support::pairs(&pairs),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(r.location().starts_with("/console/documents/"));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM application_events WHERE kind = 'made_proactive'")
                .await,
            1
        );
        // Once only.
        let r = app
            .post_form(
                &format!("/console/documents?agency={}", app.a.agency_id),
                Some(&admin),
                &crate::support::pairs(&pairs),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        // A case answered otherwise cannot: the article covers disclosed information only.
        submit(&app, "FORMKEY0000000000000000012").await;
        let other = app.count("SELECT MAX(id) FROM applications").await;
        let token = app.login("a2-admin").await;
        let r = app
            .json(
                "POST",
                &format!("/api/v1/applications/{other}/actions/accept"),
                Some(&token),
                &json!({"date": "2024-06-03"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let r = app
            .json(
                "POST",
                &format!("/api/v1/applications/{other}/actions/close"),
                Some(&token),
                &json!({"date": "2024-06-03", "ground": "not_held"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .get(
                &format!("/api/v1/applications/{other}/proactive"),
                Some(&token),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("第四十四条"));
    }
);

both_backends!(
    the_report_tables_come_from_the_platforms_data,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        // One 行政规范性文件 written 2024-03-01 and published.
        let form =
            gongkai_services::fixtures::document_form(app.a.column_id, "关于规范某事项的通知");
        app.publish_a(&form).await;
        let handler = app.login("a2-handler").await;
        let agency = app.a.agency_id;
        let r = app
            .get(
                &format!("/api/v1/agencies/{agency}/reports/2024/tables"),
                Some(&handler),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert!(
            v["title"]
                .as_str()
                .unwrap_or("")
                .ends_with("2024年政府信息公开工作年度报告")
        );
        let cells = v["cells"].as_array().expect("cells");
        // 10 + 25 × 7 + 15 cells, each keyed by its labels.
        assert_eq!(cells.len(), 10 + 25 * 7 + 15);
        let cell = |section: &str, row: &str, column: &str| {
            cells
                .iter()
                .find(|c| c["section"] == section && c["row"] == row && c["column"] == column)
                .map(|c| c["value"].clone())
                .unwrap_or_else(|| panic!("{section} {row} {column}"))
        };
        assert_eq!(
            cell("二", "第二十条第（一）项 · 行政规范性文件", "本年制发件数"),
            json!(1)
        );
        assert_eq!(
            cell("二", "第二十条第（一）项 · 行政规范性文件", "现行有效件数"),
            json!(1)
        );
        assert_eq!(
            cell("二", "第二十条第（一）项 · 规章", "本年制发件数"),
            json!(0)
        );
        // Figures from other systems are not filled in yet.
        assert_eq!(
            cell("二", "第二十条第（五）项 · 行政许可", "本年处理决定数量"),
            json!(null)
        );
        assert_eq!(cell("三", "（七）总计", "总计"), json!(0));
        assert_eq!(cell("四", "行政复议", "总计"), json!(0));
        // The year before: nothing issued, nothing in force yet.
        let v = app
            .get(
                &format!("/api/v1/agencies/{agency}/reports/2023/tables"),
                Some(&handler),
            )
            .await
            .json();
        let in_force = v["section2"][5]["value"].clone();
        assert_eq!(in_force, json!(0));
        // Other agencies' staff may not read them.
        let other = app.login("a3-handler").await;
        let r = app
            .get(
                &format!("/api/v1/agencies/{agency}/reports/2024/tables"),
                Some(&other),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // The figures from other systems: the 机关管理员 enters them, checked (收费 in 万元).
        let figures = format!("/api/v1/agencies/{agency}/reports/2024/figures");
        let r = app
            .json("PUT", &figures, Some(&handler), &json!({"licensing": "3"}))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let admin = app.login("a2-admin").await;
        let r = app
            .json(
                "PUT",
                &figures,
                Some(&admin),
                &json!({"licensing": "3", "fees_wan_yuan": "1.23456"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("最多四位小数"), "{}", r.body);
        let r = app
            .post_form(
                &format!("/console/reports/{agency}/2024/figures"),
                Some(&admin),
                &[
                    ("licensing", "120"),
                    ("penalties", "7"),
                    ("enforcement", "0"),
                    ("fees_wan_yuan", "12.50"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let v = app
            .get(
                &format!("/api/v1/agencies/{agency}/reports/2024/tables"),
                Some(&handler),
            )
            .await
            .json();
        assert_eq!(v["section2"][6]["value"], json!(120));
        assert_eq!(v["section2"][9]["value"], json!(12.5));
        assert_eq!(
            app.get(&figures, Some(&handler)).await.json()["fees_wan_yuan"],
            "12.5"
        );
        let r = app
            .get(
                &format!("/console/applications/year?agency={agency}&year=2024"),
                Some(&handler),
            )
            .await;
        assert!(r.body.contains("主动公开政府信息情况") && r.body.contains("行政许可"));
        // Only the 机关管理员 edits them.
        assert!(!r.body.contains("name=\"licensing\""));
    }
);
