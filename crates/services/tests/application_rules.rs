//! 依申请公开 rules through the services, on both backends: every outcome closes with exactly its
//! ground, receipt dates follow the channel (条例第三十一条), the work list orders by due date and
//! filters, and the public form's limits and validation leave nothing written.

mod common;

use common::{d, noted, on, registered};
use gongkai_domain::application::case::CaseAction;
use gongkai_domain::application::outcome::Ground;
use gongkai_services::ServiceError;
use gongkai_services::applications::{self as apps, RegistrationForm, SubmitLimits, WorkFilter};
use gongkai_services::fixtures::{self, at};
use gongkai_store::{Store, both_backends};

both_backends!(
    every_outcome_closes_with_exactly_its_ground,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-01-05")).await;
        // Each ground that needs no earlier event closes a fresh registered application.
        for ground in gongkai_domain::application::outcome::Ground::ALL {
            if matches!(
                ground,
                Ground::CorrectionLapsed | Ground::FeeLapsed | Ground::StillUnclear
            ) {
                continue;
            }
            let id = registered(&store, &a, "in_person", "2026-03-02", ground.label()).await;
            let mut close = on("2026-03-10");
            close.ground = ground.as_str().into();
            if ground.detail_required() {
                // 部分公开 must record what was withheld and why (条例第三十七条).
                let missing = apps::act(
                    &store,
                    &a.handler,
                    id,
                    CaseAction::Close,
                    &close,
                    at("2026-03-10"),
                )
                .await;
                assert!(
                    matches!(missing, Err(ServiceError::Invalid(e)) if e.get("detail").is_some()),
                    "{ground}"
                );
                close.detail = "第3页涉及个人隐私部分不予公开（条例第十五条）".into();
            }
            apps::act(
                &store,
                &a.handler,
                id,
                CaseAction::Close,
                &close,
                at("2026-03-10"),
            )
            .await
            .unwrap_or_else(|e| panic!("{ground}: {e}"));
            let v = apps::view(&store, &a.handler, id, at("2026-03-10"))
                .await
                .expect("view");
            assert_eq!(v.outcome_label, Some(ground.outcome().label()));
        }
        // 补正后申请内容仍不明确 only after a correction (条例第三十条).
        let id = registered(&store, &a, "registered_mail", "2026-03-02", "不明确的申请").await;
        let mut unclear = on("2026-03-03");
        unclear.ground = "still_unclear".into();
        let refused = apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::Close,
            &unclear,
            at("2026-03-03"),
        )
        .await;
        assert!(matches!(refused, Err(ServiceError::Invalid(e)) if e.get("ground").is_some()));
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::RequestCorrection,
            &noted("2026-03-03", "请说明所需信息的年份"),
            at("2026-03-03"),
        )
        .await
        .expect("correction");
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::ReceiveCorrection,
            &on("2026-03-09"),
            at("2026-03-09"),
        )
        .await
        .expect("received");
        unclear.date = "2026-03-10".into();
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::Close,
            &unclear,
            at("2026-03-10"),
        )
        .await
        .expect("still unclear");
        // 逾期不补正 (条例第三十条): only once the period has passed.
        let id = registered(&store, &a, "fax", "2026-03-02", "逾期不补正").await;
        let mut correction = noted("2026-03-03", "请补充身份证明");
        correction.days = "15".into();
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::RequestCorrection,
            &correction,
            at("2026-03-03"),
        )
        .await
        .expect("correction");
        let mut lapsed = on("2026-03-20");
        lapsed.ground = "correction_lapsed".into();
        let early = apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::Close,
            &lapsed,
            at("2026-03-20"),
        )
        .await;
        assert!(matches!(early, Err(ServiceError::Refused(_))), "{early:?}");
        // 15 working days after 03-03 is 03-24; on 03-25 it has lapsed.
        lapsed.date = "2026-03-25".into();
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::Close,
            &lapsed,
            at("2026-03-25"),
        )
        .await
        .expect("correction lapsed");
        // 逾期未缴费 (国办函〔2020〕109号): 20 working days from the day after the notice.
        let id = registered(&store, &a, "email", "2026-03-02", "逾期未缴费").await;
        let mut fee = on("2026-03-03");
        fee.fee_method = "per_application".into();
        fee.amount = "100".into();
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::ServeFeeNotice,
            &fee,
            at("2026-03-03"),
        )
        .await
        .expect("fee");
        let mut unpaid = on("2026-04-01");
        unpaid.ground = "fee_lapsed".into();
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::Close,
            &unpaid,
            at("2026-04-01"),
        )
        .await
        .expect("fee lapsed");
        // Withdrawal closes as 其他处理·其他.
        let id = registered(&store, &a, "oral", "2026-03-02", "撤回").await;
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::Withdraw,
            &noted("2026-03-04", "申请人书面撤回"),
            at("2026-03-04"),
        )
        .await
        .expect("withdrawn");
        let v = apps::view(&store, &a.handler, id, at("2026-03-04"))
            .await
            .expect("view");
        assert_eq!(v.outcome_label, Some("其他处理"));
        // Reply numbers run on per agency and year, one per closing.
        let mut conn = store.conn().await.expect("conn");
        let numbers: Vec<String> = sqlx::query_scalar(
        "SELECT reply_number FROM applications WHERE agency_id = $1 AND reply_number IS NOT NULL ORDER BY id",
    )
    .bind(a.agency_id)
    .fetch_all(&mut *conn)
    .await
    .expect("numbers");
        assert_eq!(numbers.len(), Ground::ALL.len() + 1);
        let distinct: std::collections::BTreeSet<&String> = numbers.iter().collect();
        assert_eq!(distinct.len(), numbers.len());
    }
);

both_backends!(
    receipt_dates_follow_the_channel,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-01-05")).await;
        // 条例第三十一条: a letter signed for on Saturday 2026-10-03 is received that day; an
        // e-mail confirmed that day counts from the next working day (10-08).
        let mail = registered(&store, &a, "registered_mail", "2026-10-03", "邮寄").await;
        let email = registered(&store, &a, "email", "2026-10-03", "电子邮件").await;
        let v = apps::view(&store, &a.handler, mail, at("2026-10-09"))
            .await
            .expect("view");
        assert_eq!(v.app.received_on.as_deref(), Some("2026-10-03"));
        let v = apps::view(&store, &a.handler, email, at("2026-10-09"))
            .await
            .expect("view");
        assert_eq!(v.app.received_on.as_deref(), Some("2026-10-08"));
        // Bad input: the channel, a future day, the applicant's fields, each with its message.
        let bad = RegistrationForm {
            application: Default::default(),
            channel: "online".into(),
            channel_on: "2027-01-01".into(),
            handler_id: None,
        };
        let e = apps::register(&store, &a.handler, a.agency_id, &bad, at("2026-10-09")).await;
        let Err(ServiceError::Invalid(e)) = e else {
            panic!("{e:?}")
        };
        for field in ["channel", "channel_on", "name", "description"] {
            assert!(e.get(field).is_some(), "{field}");
        }
        // An editor cannot register applications.
        let form = RegistrationForm {
            application: fixtures::application_form("x 信息"),
            channel: "in_person".into(),
            ..Default::default()
        };
        assert!(matches!(
            apps::register(&store, &a.editor, a.agency_id, &form, at("2026-10-09")).await,
            Err(ServiceError::Forbidden)
        ));
    }
);

both_backends!(
    work_list_orders_by_due_date_and_filters,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-01-05")).await;
        let b = fixtures::agency(&store, 2, None, at("2026-01-05")).await;
        let old = registered(&store, &a, "in_person", "2026-10-12", "较早的申请").await;
        let new = registered(&store, &a, "in_person", "2026-11-02", "较新的申请").await;
        let _other = registered(&store, &b, "in_person", "2026-10-12", "另一机关的申请").await;
        // On 2026-11-06: the first is due 11-09 (20 working days after 10-12), 1 day left.
        let list = apps::work_list(&store, &a.handler, &WorkFilter::default(), at("2026-11-06"))
            .await
            .expect("list");
        assert_eq!(
            list.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![old, new]
        );
        assert_eq!(list[0].due_on, Some(d("2026-11-09")));
        // The list shows applicants' names: the view is in the audit log.
        let mut conn = store.conn().await.expect("conn");
        let listed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'application.list' AND user_id = $1",
        )
        .bind(a.handler.id)
        .fetch_one(&mut *conn)
        .await
        .expect("count");
        drop(conn);
        assert_eq!(listed, 1);
        let soon = WorkFilter {
            show: "soon".into(),
            ..Default::default()
        };
        let due = apps::work_list(&store, &a.handler, &soon, at("2026-11-06"))
            .await
            .expect("soon");
        assert_eq!(due.iter().map(|i| i.id).collect::<Vec<_>>(), vec![old]);
        let overdue = WorkFilter {
            show: "overdue".into(),
            ..Default::default()
        };
        let late = apps::work_list(&store, &a.handler, &overdue, at("2026-11-11"))
            .await
            .expect("overdue");
        assert_eq!(late.iter().map(|i| i.id).collect::<Vec<_>>(), vec![old]);
        assert_eq!(late[0].days_left, Some(-2));
        // Staff never see another agency's cases, even by asking for its id.
        let other = WorkFilter {
            agency: b.agency_id.to_string(),
            ..Default::default()
        };
        assert!(matches!(
            apps::work_list(&store, &a.handler, &other, at("2026-11-06")).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(
            apps::work_list(&store, &a.editor, &WorkFilter::default(), at("2026-11-06"))
                .await
                .expect("empty")
                .is_empty()
        );
    }
);

both_backends!(
    public_form_limits_and_validation,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-01-05")).await;
        let limits = SubmitLimits {
            per_identity_per_day: 2,
        };
        let form = fixtures::application_form("限额测试");
        for i in 0..2 {
            apps::submit_online(
                &store,
                a.agency_id,
                &form,
                &format!("LIMITKEY00000000000000000{i}"),
                true,
                limits,
                at("2026-11-02"),
            )
            .await
            .expect("within the limit");
        }
        let third = apps::submit_online(
            &store,
            a.agency_id,
            &form,
            "LIMITKEY000000000000000009",
            true,
            limits,
            at("2026-11-02"),
        )
        .await;
        assert!(matches!(third, Err(ServiceError::Refused(m)) if m.contains("24 小时")));
        // Without consent, and with bad fields: every message at once, nothing written.
        let mut bad = form.clone();
        bad.id_number = "110105194912310021".into();
        let e = apps::submit_online(
            &store,
            a.agency_id,
            &bad,
            "BADKEY00000000000000000001",
            false,
            limits,
            at("2026-11-03"),
        )
        .await;
        let Err(ServiceError::Invalid(e)) = e else {
            panic!("{e:?}")
        };
        assert!(e.get("consent").is_some() && e.get("id_number").is_some());
        let stale = apps::submit_online(
            &store,
            a.agency_id,
            &form,
            "short",
            true,
            limits,
            at("2026-11-03"),
        )
        .await;
        assert!(matches!(stale, Err(ServiceError::Refused(_))));
        let mut conn = store.conn().await.expect("conn");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications")
            .fetch_one(&mut *conn)
            .await
            .expect("count");
        assert_eq!(n, 2);
    }
);
