//! 导入审核 through the console and the API: an import batch is reviewed as one list; its
//! personal-data findings are shown in context and block approval until excluded or looked at;
//! only a 审核人 of the agency approves; other agencies' staff get 403.

use axum::http::StatusCode;
use gongkai_domain::catalogue::import::{Defaults, Mapping};
use gongkai_services::catalogue_import::{self, Target};
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::{NOW, TestApp};

async fn import_batch(app: &TestApp) -> i64 {
    let text = "标题,发布日期,正文\n\
                关于表彰先进个人的决定,2021-03-01,获奖人张三（身份证号 11010519491231002X）\n\
                示例市道路维修计划,2021-03-03,年内完成维修\n";
    let source = catalogue_import::read("历史目录.csv", text.as_bytes()).expect("read");
    let mapping = Mapping::new(&source.columns, &[]).expect("mapping");
    let defaults = Defaults {
        subject: "0209".into(),
        columns: vec![app.a.column_id],
    };
    let target = Target {
        source_name: "历史目录.csv",
        agency_id: app.a.agency_id,
        mapping: &mapping,
        defaults: &defaults,
        dry_run: false,
    };
    catalogue_import::import(&app.store, &source, &target, NOW, |_, _| {})
        .await
        .expect("import")
        .batch_id
        .expect("batch")
}

both_backends!(
    an_import_batch_is_reviewed_in_the_console_and_the_api,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let batch = import_batch(&app).await;
        let reviewer = app.login("a2-reviewer").await;
        // The list and the batch, with the finding in context.
        let r = app.get("/console/imports", Some(&reviewer)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("历史目录.csv"), "{}", r.body);
        let r = app
            .get(&format!("/console/imports/{batch}"), Some(&reviewer))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("获奖人张三") && r.body.contains("居民身份证"),
            "{}",
            r.body
        );
        // Not before the finding is dealt with: 409, nothing published.
        let r = app
            .post_form(
                &format!("/console/imports/{batch}/approve"),
                Some(&reviewer),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(
            r.body.contains("1 份文件有未确认的个人信息提示"),
            "{}",
            r.body
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM documents WHERE state = 'published'")
                .await,
            0
        );
        // Other agencies' staff, and an editor, may not.
        for user in ["a3-reviewer", "a3-admin"] {
            let token = app.login(user).await;
            let r = app
                .get(&format!("/console/imports/{batch}"), Some(&token))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            let r = app
                .get(&format!("/api/v1/imports/{batch}"), Some(&token))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            let r = app
                .json(
                    "POST",
                    &format!("/api/v1/imports/{batch}/approve"),
                    Some(&token),
                    &json!({}),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        }
        let editor = app.login("a2-editor").await;
        let r = app
            .post_form(
                &format!("/console/imports/{batch}/approve"),
                Some(&editor),
                &[("exclude_with_findings", "on")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app.get("/api/v1/imports", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // The API shows the same; the reviewer approves the rest with the finding's row left out.
        let v = app
            .get(&format!("/api/v1/imports/{batch}"), Some(&reviewer))
            .await
            .json();
        assert_eq!(v["batch"]["with_open_findings"], 1);
        assert_eq!(v["findings"][0]["kind"], "resident_id");
        let r = app
            .post_form(
                &format!("/console/imports/{batch}/approve"),
                Some(&reviewer),
                &[
                    ("exclude_with_findings", "on"),
                    ("reason", "请删去身份证号"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get(&r.location(), Some(&reviewer)).await;
        assert!(r.body.contains("已审核：1 份发布，1 份退回"), "{}", r.body);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM documents WHERE state = 'published'")
                .await,
            1
        );
        let r = app
            .json(
                "POST",
                &format!("/api/v1/imports/{batch}/approve"),
                Some(&reviewer),
                &json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "nothing left: {}", r.body);
    }
);
