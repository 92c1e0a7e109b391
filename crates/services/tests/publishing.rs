//! The publishing workflow through the services, on both backends.

use std::collections::BTreeSet;

use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_services::ServiceError;
use gongkai_services::fixtures;
use gongkai_services::publishing;
use gongkai_store::{Store, both_backends};

/// 2024-06-03 10:00 Beijing time.
const NOW: i64 = 1_717_380_000_000;

both_backends!(
    two_hundred_parallel_publications_get_distinct_gap_free_numbers,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let mut ids = Vec::new();
        for i in 0..200 {
            let form = fixtures::document_form(a.column_id, &format!("并发发布测试文件{i}"));
            let id = publishing::create_draft(&store, &a.editor, a.agency_id, &form, NOW)
                .await
                .expect("draft");
            publishing::act(&store, &a.editor, id, WorkflowAction::Submit, "", NOW)
                .await
                .expect("submit");
            ids.push(id);
        }
        let mut tasks = Vec::new();
        for id in ids {
            let store = store.clone();
            let reviewer = a.reviewer.clone();
            tasks.push(tokio::spawn(async move {
                publishing::act(&store, &reviewer, id, WorkflowAction::Approve, "", NOW)
                    .await
                    .expect("approve")
                    .index_number
                    .expect("number")
            }));
        }
        let mut numbers = BTreeSet::new();
        for t in tasks {
            numbers.insert(t.await.expect("task"));
        }
        assert_eq!(numbers.len(), 200, "200 distinct numbers");
        let expected: BTreeSet<String> = (1..=200)
            .map(|n| format!("{}/2024-{n:05}", a.code))
            .collect();
        assert_eq!(
            numbers, expected,
            "gap-free, in the agency's default pattern"
        );
    }
);

both_backends!(
    numbers_are_kept_through_withdrawal_and_never_reused,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let publish = |title: &'static str| {
            let store = store.clone();
            let a = a.clone();
            async move {
                let id = publishing::create_draft(
                    &store,
                    &a.editor,
                    a.agency_id,
                    &fixtures::document_form(a.column_id, title),
                    NOW,
                )
                .await
                .expect("draft");
                publishing::act(&store, &a.editor, id, WorkflowAction::Submit, "", NOW)
                    .await
                    .expect("submit");
                let moved =
                    publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", NOW)
                        .await
                        .expect("approve");
                (id, moved.index_number.expect("number"))
            }
        };
        let (first, n1) = publish("第一份").await;
        publishing::act(
            &store,
            &a.reviewer,
            first,
            WorkflowAction::Withdraw,
            "内容需更正",
            NOW,
        )
        .await
        .expect("withdraw");
        publishing::act(&store, &a.editor, first, WorkflowAction::Redraft, "", NOW)
            .await
            .expect("redraft");
        publishing::act(&store, &a.editor, first, WorkflowAction::Submit, "", NOW)
            .await
            .expect("submit");
        let again = publishing::act(&store, &a.reviewer, first, WorkflowAction::Approve, "", NOW)
            .await
            .expect("approve");
        assert_eq!(
            again.index_number.as_deref(),
            Some(n1.as_str()),
            "a republished document keeps its number"
        );
        let (_, n2) = publish("第二份").await;
        assert_eq!(
            n2,
            format!("{}/2024-00002", a.code),
            "the withdrawn document's number is not reused"
        );
    }
);

both_backends!(
    a_failed_publication_consumes_no_number,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let id = publishing::create_draft(
            &store,
            &a.editor,
            a.agency_id,
            &fixtures::document_form(a.column_id, "甲"),
            NOW,
        )
        .await
        .expect("draft");
        publishing::act(&store, &a.editor, id, WorkflowAction::Submit, "", NOW)
            .await
            .expect("submit");
        // Break the agency's pattern behind the service's back: approval must fail whole.
        sqlx::query("UPDATE agencies SET index_pattern = '{nonsense}' WHERE id = $1")
            .bind(a.agency_id)
            .execute(store.pool())
            .await
            .expect("break pattern");
        let err = publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", NOW)
            .await
            .expect_err("refused");
        assert!(matches!(err, ServiceError::Refused(_)), "{err:?}");
        let outbox: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'document.published'")
                .fetch_one(store.pool())
                .await
                .expect("count");
        assert_eq!(outbox, 0, "no outbox event without its publication");
        let state: String = sqlx::query_scalar("SELECT state FROM documents WHERE id = $1")
            .bind(id)
            .fetch_one(store.pool())
            .await
            .expect("state");
        assert_eq!(state, "pending_review");
        sqlx::query("UPDATE agencies SET index_pattern = '{code}/{year}-{seq:05}' WHERE id = $1")
            .bind(a.agency_id)
            .execute(store.pool())
            .await
            .expect("fix pattern");
        let moved = publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", NOW)
            .await
            .expect("approve");
        assert_eq!(moved.index_number, Some(format!("{}/2024-00001", a.code)));
    }
);

both_backends!(
    personal_data_must_be_acknowledged_before_approval,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let mut form = fixtures::document_form(a.column_id, "含个人信息的文件");
        // A made-up ID number with a valid GB 11643 check digit, and a mobile number.
        form.body_html = "<p>申请人身份证号 11010519491231002X，联系电话 13912345678。</p>".into();
        let id = publishing::create_draft(&store, &a.editor, a.agency_id, &form, NOW)
            .await
            .expect("draft");
        let moved = publishing::act(&store, &a.editor, id, WorkflowAction::Submit, "", NOW)
            .await
            .expect("submit");
        assert_eq!(moved.findings, 2);
        let err = publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", NOW)
            .await
            .expect_err("open findings");
        assert!(err.to_string().contains("2 处个人信息提示未确认"), "{err}");
        let view = publishing::view(&store, &a.reviewer, id)
            .await
            .expect("view");
        for f in &view.findings {
            assert!(f.context.contains(&f.matched));
            publishing::acknowledge_finding(&store, &a.reviewer, id, f.id, NOW)
                .await
                .expect("ack");
        }
        publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", NOW)
            .await
            .expect("approve after acknowledging");
    }
);
