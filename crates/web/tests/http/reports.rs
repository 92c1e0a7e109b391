//! The annual report over HTTP: every route's permission check (console and API), the editor's
//! forms, submission into the 年报 column, review, and the portal's list by year.

use axum::http::StatusCode;
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_services::publishing;
use gongkai_store::{Store, both_backends};
use serde_json::json;

use crate::support::{NOW, TestApp};

both_backends!(
    only_the_agencys_staff_see_its_report_and_only_its_admin_changes_it,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let a = app.a.agency_id;
        let base = format!("/console/reports/{a}/2023");
        let api = format!("/api/v1/agencies/{a}/reports/2023");
        let reads = [
            format!("/console/reports?agency={a}&year=2023"),
            format!("{base}/print"),
            format!("{base}/export.json"),
            format!("{base}/export.docx"),
            format!("{base}/export.xlsx"),
            format!("{base}/export.html"),
        ];
        let posts = [
            (
                format!("{base}/text"),
                vec![("overview", "x"), ("other", "信息处理费")],
            ),
            (
                format!("{base}/overrides"),
                vec![("cell", "2.6"), ("value", "1"), ("reason", "补录")],
            ),
            (format!("{base}/overrides/remove"), vec![("cell", "2.6")]),
            (format!("{base}/submit"), vec![]),
            (
                format!("{base}/correct"),
                vec![("correction_reason", "漏报")],
            ),
        ];
        let api_writes = [
            ("PUT", format!("{api}/text"), json!({"overview": "x"})),
            (
                "PUT",
                format!("{api}/overrides"),
                json!({"cell": "2.6", "value": "1", "reason": "补录"}),
            ),
            ("DELETE", format!("{api}/overrides/2.6"), json!(null)),
            ("POST", format!("{api}/submit"), json!(null)),
            (
                "POST",
                format!("{api}/correct"),
                json!({"correction_reason": "漏报"}),
            ),
        ];
        // Anonymous: the console sends to the login page, the API answers 401.
        for path in &reads {
            let r = app.get(path, None).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        }
        assert_eq!(app.get(&api, None).await.status, StatusCode::UNAUTHORIZED);
        // Staff of another agency, and an editor of this one, see nothing.
        for user in ["a3-admin", "a3-handler", "a2-editor"] {
            let token = app.login(user).await;
            for path in &reads {
                assert_eq!(
                    app.get(path, Some(&token)).await.status,
                    StatusCode::FORBIDDEN,
                    "{user} {path}"
                );
            }
            for path in [api.clone(), format!("{api}/export")] {
                assert_eq!(
                    app.get(&path, Some(&token)).await.status,
                    StatusCode::FORBIDDEN,
                    "{user} {path}"
                );
            }
        }
        // A handler reads the report but changes nothing; so does 公开办 of another agency.
        for user in ["a3-admin", "a2-handler", "a2-editor", "a2-reviewer"] {
            let token = app.login(user).await;
            for (path, pairs) in &posts {
                let r = app.post_form(path, Some(&token), pairs).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} {path}");
            }
            for (method, path, body) in &api_writes {
                let r = app.json(method, path, Some(&token), body).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} {method} {path}");
            }
        }
        let handler = app.login("a2-handler").await;
        let r = app.get(&reads[0], Some(&handler)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("测试机关22023年政府信息公开工作年度报告"));
        assert!(!r.body.contains("保存正文"), "no forms for a handler");
        assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM report_overrides").await, 0);
    }
);

both_backends!(
    the_admin_writes_checks_and_submits_the_report,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let a = app.a.agency_id;
        let base = format!("/console/reports/{a}/2023");
        let editor = format!("/console/reports?agency={a}&year=2023");
        let admin = app.login("a2-admin").await;
        let r = app.get(&editor, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK);
        for label in [
            "一、总体情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "本年度本机关未收取信息处理费。",
        ] {
            assert!(r.body.contains(label), "{label}");
        }
        // The texts, then an override without a reason (refused, nothing stored).
        let r = app
            .post_form(
                &format!("{base}/text"),
                Some(&admin),
                &[
                    ("overview", "2023年依法做好政府信息公开工作。"),
                    ("problems", "无"),
                    ("other", "本年度本机关未收取信息处理费。"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .post_form(
                &format!("{base}/overrides"),
                Some(&admin),
                &[("cell", "4.0.4"), ("value", "1"), ("reason", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写更正的理由"));
        assert_eq!(app.count("SELECT COUNT(*) FROM report_overrides").await, 0);
        // With a reason, R4 fails and blocks submission, naming the cell.
        let r = app
            .json(
                "PUT",
                &format!("/api/v1/agencies/{a}/reports/2023/overrides"),
                Some(&admin),
                &json!({"cell": "4.0.4", "value": "1", "reason": "复议机关通报一件"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let r = app
            .post_form(&format!("{base}/submit"), Some(&admin), &[])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(
            r.body.contains(
                "“行政复议 × 总计”（1）不等于结果维持、结果纠正、其他结果、尚未审结之和（0）"
            ),
            "{}",
            r.body
        );
        let r = app
            .post_form(
                &format!("{base}/overrides/remove"),
                Some(&admin),
                &[("cell", "4.0.4")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Section 二's figures from other systems are blank: each blocks submission, named (a 0
        // must be typed).
        let r = app
            .post_form(&format!("{base}/submit"), Some(&admin), &[])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(
            r.body.contains(
                "第二部分的“第二十条第（五）项 · 行政许可 × 本年处理决定数量”未填写（没有的请填 0）"
            ),
            "{}",
            r.body
        );
        let r = app
            .json(
                "PUT",
                &format!("/api/v1/agencies/{a}/reports/2023/figures"),
                Some(&admin),
                &json!({"licensing": "0", "penalties": "0", "enforcement": "0", "fees_wan_yuan": "0"}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
        // No 年报 column yet: refused with what to do.
        let r = app
            .post_form(&format!("{base}/submit"), Some(&admin), &[])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("请先在栏目管理中添加"));
        gongkai_services::fixtures::report_column(&app.store, app.a.site_id, NOW).await;
        let r = app
            .json(
                "POST",
                &format!("/api/v1/agencies/{a}/reports/2023/submit"),
                Some(&admin),
                &json!(null),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id = r.json()["document_id"].as_i64().expect("id");
        let r = app.get(&editor, Some(&admin)).await;
        assert!(r.body.contains("已提交，待审核发布"));
        // Published after review; the portal lists it under its year.
        publishing::act(
            &app.store,
            &app.a.reviewer,
            id,
            WorkflowAction::Approve,
            "",
            NOW,
        )
        .await
        .expect("approved");
        let r = app.get("/sites/a1/gk/nianbao", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("2023 年度"), "{}", r.body);
        assert!(r.body.contains("测试机关22023年政府信息公开工作年度报告"));
        let r = app.get(&format!("/sites/a2/documents/{id}"), None).await;
        assert_eq!(r.status, StatusCode::OK);
        // Published on 3 June: later than 31 January (条例第四十九条), and the page says so.
        assert!(
            r.body.contains("本报告于2024年6月3日发布，晚于《中华人民共和国政府信息公开条例》第四十九条规定的公布时限（2024年1月31日前）。"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("<th scope=\"rowgroup\" rowspan=\"22\">三、本年度办理结果</th>")
        );
        // The JSON export: every cell keyed by its labels.
        let r = app
            .get(
                &format!("/api/v1/agencies/{a}/reports/2023/export"),
                Some(&admin),
            )
            .await;
        let cells = r.json()["cells"].as_array().expect("cells").len();
        assert_eq!(cells, 200);
        for (file, media) in [
            (
                "export.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                "export.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        ] {
            let r = app.get(&format!("{base}/{file}"), Some(&admin)).await;
            assert_eq!(r.status, StatusCode::OK, "{file}");
            assert_eq!(r.headers["content-type"], media);
            assert!(
                r.headers["content-disposition"]
                    .to_str()
                    .expect("ascii")
                    .starts_with("attachment;")
            );
        }
        assert_eq!(
            app.get(&format!("{base}/export.pdf"), Some(&admin))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let r = app.get(&format!("{base}/print"), Some(&admin)).await;
        assert!(
            r.body
                .contains("<h1>测试机关22023年政府信息公开工作年度报告</h1>")
        );
    }
);

fn report_2020_xlsx() -> Vec<u8> {
    use gongkai_domain::report::format::Format;
    use gongkai_domain::report::tables::{CellKey, Tables};
    let mut t = Tables::blank(Format::F2019);
    for c in [0, 6] {
        t.set(CellKey::Three(0, c), Some(2));
        t.set(CellKey::Three(20, c), Some(2)); // （六）其他处理
        t.set(CellKey::Three(21, c), Some(2)); // （七）总计
    }
    t.set(CellKey::Two(7), Some(-1));
    gongkai_render::xlsx::workbook("2020年度报告", &t).expect("xlsx")
}

both_backends!(
    reports_made_elsewhere_are_imported_by_the_admin_only,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let a = app.a.agency_id;
        let base = format!("/console/reports/{a}/2020");
        let api = format!("/api/v1/agencies/{a}/reports/2020");
        let file = report_2020_xlsx();
        // Anonymous: to the login page, or 401.
        let r = app
            .upload(&format!("{base}/import"), None, "r.xlsx", &file)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .send("POST", &format!("{api}/import"), None, None, file.clone())
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // Another agency's admin, this agency's handler, editor and reviewer: 403, nothing kept.
        for user in ["a3-admin", "a2-handler", "a2-editor", "a2-reviewer"] {
            let token = app.login(user).await;
            let r = app
                .upload(&format!("{base}/import"), Some(&token), "r.xlsx", &file)
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            for path in [
                format!("{base}/import/remove"),
                format!("/console/reports/{a}/2016/document"),
            ] {
                let r = app
                    .post_form(&path, Some(&token), &[("text", "一、概述")])
                    .await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} {path}");
            }
            let r = app
                .send(
                    "POST",
                    &format!("{api}/import"),
                    Some(&token),
                    None,
                    file.clone(),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            let r = app
                .json(
                    "DELETE",
                    &format!("{api}/import"),
                    Some(&token),
                    &json!(null),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
            let r = app
                .json(
                    "POST",
                    &format!("/api/v1/agencies/{a}/reports/2016/document"),
                    Some(&token),
                    &json!({"text": "一、概述"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);

        // The admin: a file that cannot be read is listed and nothing is stored.
        let admin = app.login("a2-admin").await;
        let r = app
            .upload(
                &format!("{base}/import"),
                Some(&admin),
                "r.pdf",
                b"%PDF-1.7",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("文件未能导入"), "{}", r.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);
        let r = app
            .upload(&format!("{base}/import"), Some(&admin), "r.xlsx", &file)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .get(
                &format!("/console/reports?agency={a}&year=2020"),
                Some(&admin),
            )
            .await;
        assert!(
            r.body.contains(
                "表格格式：2019—2020年格式（国办公开办函〔2019〕60号）（导入的报告表格）"
            )
        );
        assert!(r.body.contains("撤销导入"));
        assert!(r.body.contains("第二十条第（九）项"));
        // Over the API: the findings, or the problems with 422; then undone.
        let r = app
            .send(
                "POST",
                &format!("{api}/import"),
                Some(&admin),
                None,
                file.clone(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["findings"], json!([]));
        let r = app
            .send(
                "POST",
                &format!("{api}/import"),
                Some(&admin),
                None,
                b"[1]".to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.json()["problems"][0]
                .as_str()
                .expect("problem")
                .contains("第 1 个单元格应为")
        );
        let r = app
            .json(
                "DELETE",
                &format!("{api}/import"),
                Some(&admin),
                &json!(null),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);

        // Before 2019: the whole text, filed as a document for review.
        let old = format!("/console/reports?agency={a}&year=2016");
        let r = app.get(&old, Some(&admin)).await;
        assert!(r.body.contains("导入年度报告全文"));
        assert!(!r.body.contains("保存正文"));
        let r = app
            .post_form(
                &format!("/console/reports/{a}/2016/document"),
                Some(&admin),
                &[("text", "  ")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        gongkai_services::fixtures::report_column(&app.store, app.a.site_id, NOW).await;
        let r = app
            .post_form(
                &format!("/console/reports/{a}/2016/document"),
                Some(&admin),
                &[("text", "一、概述\n2016年工作情况。")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get(&old, Some(&admin)).await;
        assert!(r.body.contains("已提交，待审核发布"));
    }
);
