//! The publishing workflow driven through the console, as staff would click it.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};

use crate::support::{TestApp, pairs};

both_backends!(
    editor_drafts_reviewer_acknowledges_and_publishes,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let editor = app.login("a2-editor").await;
        let reviewer = app.login("a2-reviewer").await;

        let form = TestApp::document_pairs(app.a.column_id, "关于做好2024年政务公开工作的通知");
        let r = app
            .post_form(
                &format!("/console/documents?agency={}", app.a.agency_id),
                Some(&editor),
                &pairs(&form),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let doc = r.location();
        let id: i64 = doc
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("document id");

        let page = app.get(&doc, Some(&editor)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("测试发〔2024〕7号"),
            "文号 normalised to 〔〕"
        );
        assert!(page.body.contains("提交审核"));

        let r = app
            .post_form(&format!("{doc}/actions/submit"), Some(&editor), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

        // The reviewer sees both findings in context and cannot approve before acknowledging them.
        let page = app.get(&doc, Some(&reviewer)).await;
        assert!(page.body.contains("11010519491231002X") && page.body.contains("13912345678"));
        assert!(page.body.contains("居民身份证号码") && page.body.contains("手机号码"));
        let r = app
            .post_form(&format!("{doc}/actions/approve"), Some(&reviewer), &[])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("2 处个人信息提示未确认"), "{}", r.body);

        let findings: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM pii_findings WHERE document_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(app.store.pool())
                .await
                .expect("findings");
        assert_eq!(findings.len(), 2);
        // The editor may not acknowledge: that is the reviewer's job.
        let r = app
            .post_form(
                &format!("{doc}/findings/{}/ack", findings[0]),
                Some(&editor),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        for f in &findings {
            let r = app
                .post_form(&format!("{doc}/findings/{f}/ack"), Some(&reviewer), &[])
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
        }
        let r = app
            .post_form(&format!("{doc}/actions/approve"), Some(&reviewer), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

        let number: String = sqlx::query_scalar("SELECT index_number FROM documents WHERE id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .expect("number");
        assert_eq!(
            number,
            format!("{}/2024-00001", app.a.code),
            "索引号 in the agency's default pattern"
        );

        // Public page with the catalogue labels, and the audit trail.
        let public = app.get(&format!("/sites/a2/documents/{id}"), None).await;
        assert_eq!(public.status, StatusCode::OK);
        for label in [
            "索引号",
            "主题分类",
            "发文机关",
            "成文日期",
            "标题",
            "发文字号",
            "发布日期",
            "主题词",
            "效力状态",
        ] {
            assert!(
                public
                    .body
                    .contains(&format!("<th scope=\"row\">{label}</th>")),
                "label {label}"
            );
        }
        assert!(
            public.body.contains(&number.replace('/', "&#x2f;")),
            "the 索引号 is shown (HTML-escaped)"
        );
        let audit = app
            .count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'document' AND entity_id = {id}"
            ))
            .await;
        assert_eq!(audit, 5, "create, submit, two acknowledgements, approve");
    }
);

both_backends!(
    an_author_who_is_also_reviewer_cannot_approve_own_document,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        // Give the editor a reviewer role too.
        gongkai_store::users::add_role(
            &mut app.store.conn().await.expect("conn"),
            app.a.editor.id,
            "reviewer",
            Some(app.a.agency_id),
        )
        .await
        .expect("role");
        let editor = app.login("a2-editor").await;
        let form = TestApp::document_pairs(app.a.column_id, "自审测试");
        let mut form = form;
        form.retain(|(k, _)| k != "body_html");
        let r = app
            .post_form(
                &format!("/console/documents?agency={}", app.a.agency_id),
                Some(&editor),
                &pairs(&form),
            )
            .await;
        let doc = r.location();
        app.post_form(&format!("{doc}/actions/submit"), Some(&editor), &[])
            .await;
        let r = app
            .post_form(&format!("{doc}/actions/approve"), Some(&editor), &[])
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(
            r.body.contains("审核人不能审核自己起草的文件"),
            "{}",
            r.body
        );
        let reviewer = app.login("a2-reviewer").await;
        let r = app
            .post_form(&format!("{doc}/actions/approve"), Some(&reviewer), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
);

both_backends!(
    invalid_metadata_comes_back_marked_and_nothing_is_saved,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let editor = app.login("a2-editor").await;
        let mut form = TestApp::document_pairs(app.a.column_id, "错误示例");
        for (k, v) in form.iter_mut() {
            match k.as_str() {
                "written_on" => *v = "2024-02-30".into(),
                "doc_number" => *v = "测试发7号".into(),
                "subject" => *v = "不存在的分类".into(),
                "body_html" => *v = "<p>正文</p><script>alert(1)</script>".into(),
                _ => {}
            }
        }
        let r = app
            .post_form(
                &format!("/console/documents?agency={}", app.a.agency_id),
                Some(&editor),
                &pairs(&form),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in [
            "日期无效",
            "发文字号缺少年份",
            "主题分类“不存在的分类”不存在",
            "正文含有不允许的内容（脚本）",
        ] {
            assert!(r.body.contains(message), "missing message {message}");
        }
        assert!(r.body.contains("aria-invalid=\"true\""));
        assert!(
            r.body.contains("value=\"错误示例\""),
            "the form keeps what was typed"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM documents").await,
            0,
            "nothing saved"
        );
    }
);

both_backends!(
    attachments_are_checked_by_content,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let editor = app.login("a2-editor").await;
        let mut form = TestApp::document_pairs(app.a.column_id, "附件测试");
        form.retain(|(k, _)| k != "body_html");
        let doc = app
            .post_form(
                &format!("/console/documents?agency={}", app.a.agency_id),
                Some(&editor),
                &pairs(&form),
            )
            .await
            .location();
        // An ELF executable named .pdf is refused with a Chinese message.
        let r = app
            .upload(
                &format!("{doc}/attachments"),
                Some(&editor),
                "通知.pdf",
                b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        let r = app
            .upload(
                &format!("{doc}/attachments"),
                Some(&editor),
                "附件1.pdf",
                pdf,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = app.get(&doc, Some(&editor)).await;
        assert!(
            page.body.contains("附件1.pdf") && page.body.contains("application&#x2f;pdf"),
            "{}",
            page.body
        );
    }
);
