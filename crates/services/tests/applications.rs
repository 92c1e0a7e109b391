//! 依申请公开 end to end through the services, on both backends: one online application through
//! acceptance, 补正, consultation, extension, fee, reply with every notice, delivery, archiving and
//! 行政复议; the applicant's lookup and letters; the refusals of the state machine and of other
//! agencies' staff. Outcomes, channels, the work list and the form's limits: `application_rules`.

mod common;

use common::{d, noted, on};
use gongkai_domain::application::case::CaseAction;
use gongkai_services::applications::{self as apps, SubmitLimits};
use gongkai_services::fixtures::{self, at};
use gongkai_services::{ServiceError, deadline};
use gongkai_store::{Store, both_backends};

const KEY: &str = "TESTKEY0000000000000000001";

both_backends!(
    online_application_through_correction_consultation_extension_and_fee_to_reply,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-01-05")).await;
        let b = fixtures::agency(&store, 2, None, at("2026-01-05")).await;
        let form = fixtures::application_form("2026年示例市老旧小区改造项目清单及资金安排");
        let limits = SubmitLimits::default();
        // Submitted online on Friday 2026-09-25.
        let r = apps::submit_online(
            &store,
            a.agency_id,
            &form,
            KEY,
            true,
            limits,
            at("2026-09-25"),
        )
        .await
        .expect("submitted");
        assert!(!r.repeated);
        assert_eq!(r.number, "2026-0001");
        // A double submission of the same form creates nothing and shows the same receipt.
        let again = apps::submit_online(
            &store,
            a.agency_id,
            &form,
            KEY,
            true,
            limits,
            at("2026-09-25"),
        )
        .await
        .expect("repeated");
        assert!(again.repeated);
        assert_eq!((again.id, &again.secret), (r.id, &r.secret));
        // The applicant finds it by query code and secret; a wrong secret finds nothing.
        let status = apps::lookup(
            &store,
            &r.query_code.to_lowercase(),
            &r.secret,
            at("2026-09-25"),
        )
        .await
        .expect("found");
        assert_eq!(status.lifecycle_label, "待受理");
        assert_eq!(status.name_masked, "张*");
        assert!(matches!(
            apps::lookup(&store, &r.query_code, "WRONGSECRET", at("2026-09-25")).await,
            Err(ServiceError::NotFound)
        ));
        // Staff of another agency can neither see nor act on it.
        assert!(matches!(
            apps::view(&store, &b.handler, r.id, at("2026-09-28")).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            apps::act(
                &store,
                &b.handler,
                r.id,
                CaseAction::Accept,
                &on("2026-09-28"),
                at("2026-09-28")
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
        // Nothing can happen before acceptance (条例第三十一条第三项: received when confirmed).
        let refused = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Close,
            &on("2026-09-28"),
            at("2026-09-28"),
        )
        .await;
        assert!(matches!(refused, Err(ServiceError::Refused(m)) if m.contains("尚未受理")));
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Accept,
            &on("2026-09-28"),
            at("2026-09-28"),
        )
        .await
        .expect("accepted");
        let v = apps::view(&store, &a.handler, r.id, at("2026-09-28"))
            .await
            .expect("view");
        assert_eq!(v.app.received_on.as_deref(), Some("2026-09-28"));
        // The spec's example: received 2026-09-28 → due 2026-10-30 (条例第三十三条).
        assert_eq!(
            v.clock.as_ref().and_then(|c| c.due_on),
            Some(d("2026-10-30"))
        );
        assert_eq!(v.app.handler_id, Some(a.handler.id));

        // 补正 (条例第三十条): once, with what to correct.
        let mut correction = noted("2026-09-29", "请写明所需信息对应的街道名称");
        correction.days = "15".into();
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::RequestCorrection,
            &correction,
            at("2026-09-29"),
        )
        .await
        .expect("correction requested");
        let twice = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::RequestCorrection,
            &correction,
            at("2026-09-30"),
        )
        .await;
        assert!(matches!(twice, Err(ServiceError::Refused(m)) if m.contains("一次性")));
        let v = apps::view(&store, &a.handler, r.id, at("2026-09-30"))
            .await
            .expect("view");
        assert_eq!(v.clock.as_ref().map(|c| c.status_label), Some("等待补正"));
        assert_eq!(v.clock.as_ref().and_then(|c| c.due_on), None);
        // The corrected application arrives on Friday 10-09: the count restarts (条例第三十条).
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::ReceiveCorrection,
            &on("2026-10-09"),
            at("2026-10-09"),
        )
        .await
        .expect("corrected");
        // Third-party consultation 10-12 → answered 10-16: not counted (条例第三十二条).
        let mut consult = noted("2026-10-12", "是否同意公开贵公司承建项目的资金安排");
        let no_party = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::SendConsultation,
            &consult,
            at("2026-10-12"),
        )
        .await;
        assert!(matches!(no_party, Err(ServiceError::Invalid(e)) if e.get("party").is_some()));
        consult.party = "示例建设有限公司".into();
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::SendConsultation,
            &consult,
            at("2026-10-12"),
        )
        .await
        .expect("consulted");
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::ReceiveConsultation,
            &noted("2026-10-16", "同意公开"),
            at("2026-10-16"),
        )
        .await
        .expect("answered");
        // An extension needs the head of the office (条例第三十三条第二款): not the handler.
        let mut ext = noted("2026-10-16", "涉及多个街道，需汇总核实");
        ext.days = "10".into();
        let by_handler = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Extend,
            &ext,
            at("2026-10-16"),
        )
        .await;
        assert!(matches!(by_handler, Err(ServiceError::Refused(m)) if m.contains("第三十三条")));
        apps::act(
            &store,
            &a.admin,
            r.id,
            CaseAction::Extend,
            &ext,
            at("2026-10-16"),
        )
        .await
        .expect("extended");
        let mut ext2 = ext.clone();
        ext2.date = "2026-10-19".into();
        let again = apps::act(
            &store,
            &a.admin,
            r.id,
            CaseAction::Extend,
            &ext2,
            at("2026-10-19"),
        )
        .await;
        assert!(matches!(again, Err(ServiceError::Refused(m)) if m.contains("一次")));
        // A fee notice (国办函〔2020〕109号) pauses the clock until payment; no reply meanwhile.
        let mut fee = on("2026-10-19");
        fee.fee_method = "per_page".into();
        fee.amount = "100".into();
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::ServeFeeNotice,
            &fee,
            at("2026-10-19"),
        )
        .await
        .expect("fee notice");
        let mut close = on("2026-10-20");
        close.ground = "provided".into();
        let early = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Close,
            &close,
            at("2026-10-20"),
        )
        .await;
        assert!(matches!(early, Err(ServiceError::Refused(m)) if m.contains("缴费")));
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::RecordPayment,
            &on("2026-10-21"),
            at("2026-10-21"),
        )
        .await
        .expect("paid");
        // Counting after 10-09: 10-10 (make-up Saturday) 1, 10-12 2, 10-13..16 paused,
        // 10-19 3, 10-20..21 paused, 10-22 4 … 11-27 30 = 20 + 10 days of extension.
        let v = apps::view(&store, &a.handler, r.id, at("2026-11-20"))
            .await
            .expect("view");
        let clock = v.clock.clone().expect("clock");
        assert_eq!(clock.due_on, Some(d("2026-11-27")));
        assert_eq!(clock.days_left, Some(5));
        // The calculator agrees with the case page for the same events.
        let calc = deadline::calculate(
            &deadline::DeadlineRequest {
                received_on: "2026-09-28".into(),
                events: [
                    ("2026-09-29", "correction_requested", Some(15)),
                    ("2026-10-09", "correction_received", None),
                    ("2026-10-12", "consultation_sent", None),
                    ("2026-10-16", "consultation_answered", None),
                    ("2026-10-16", "extension_granted", Some(10)),
                    ("2026-10-19", "fee_notice_served", None),
                    ("2026-10-21", "fee_paid", None),
                ]
                .iter()
                .map(|(date, kind, days)| deadline::EventInput {
                    date: (*date).into(),
                    kind: (*kind).into(),
                    days: *days,
                })
                .collect(),
                today: "2026-11-20".into(),
            },
            d("2026-11-20"),
        )
        .expect("calculated");
        assert_eq!(calc.due_on, clock.due_on);
        // The applicant's fee suggestion counts per calendar month (国办函〔2020〕109号).
        assert_eq!(v.fee.as_ref().map(|f| f.per_application), Some(0));
        // The reply closes it with one outcome and a numbered reply (答复书).
        close.date = "2026-11-20".into();
        let closed = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Close,
            &close,
            at("2026-11-20"),
        )
        .await
        .expect("closed");
        assert_eq!(closed.lifecycle, "closed");
        let number = closed.reply_number.expect("reply number");
        // Four notices took 1–4 of the agency's letter sequence; the reply is the fifth.
        assert!(number.ends_with("公开〔2026〕5号"), "{number}");
        let consultation = check_letters(&store, &a, r.id, &number).await;
        // 第四十五条: delivered, then archived.
        let archive_early = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Archive,
            &on("2026-11-20"),
            at("2026-11-20"),
        )
        .await;
        assert!(matches!(archive_early, Err(ServiceError::Refused(m)) if m.contains("送达")));
        let mut delivered = on("2026-11-20");
        delivered.method = "email".into();
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::RecordDelivery,
            &delivered,
            at("2026-11-20"),
        )
        .await
        .expect("delivered");
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Archive,
            &on("2026-11-23"),
            at("2026-11-23"),
        )
        .await
        .expect("archived");
        // Nothing more can change its clock.
        let late = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::SendConsultation,
            &noted("2026-11-23", "x"),
            at("2026-11-23"),
        )
        .await;
        assert!(matches!(late, Err(ServiceError::Refused(_))));
        // 行政复议 recorded against it, later decided (section 四 of the annual report).
        let mut appeal = noted("2026-11-23", "申请人申请行政复议");
        appeal.appeal_kind = "review".into();
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::RecordAppeal,
            &appeal,
            at("2026-11-23"),
        )
        .await
        .expect("appeal");
        // The applicant sees the outcome and the timeline, without staff names or notes.
        let status = apps::lookup(&store, &r.query_code, &r.secret, at("2026-11-23"))
            .await
            .expect("found");
        assert_eq!(status.outcome_label, Some("予以公开"));
        assert_eq!(status.reply_number.as_deref(), Some(number.as_str()));
        assert!(
            status
                .timeline
                .iter()
                .all(|t| t.by.is_empty() && t.note.is_empty())
        );
        assert!(status.timeline.iter().any(|t| t.label == "发出补正告知"));
        // The applicant downloads the reply and the notices addressed to them, never the letter
        // to the third party.
        let theirs: Vec<&str> = status.letters.iter().map(|l| l.kind).collect();
        assert_eq!(theirs, ["correction", "extension", "fee", "reply"]);
        let reply_event = status.letters[3].event_id;
        let reply = apps::applicant_letter(&store, &r.query_code, &r.secret, reply_event)
            .await
            .expect("reply for the applicant");
        assert_eq!(reply.number, number);
        assert!(matches!(
            apps::applicant_letter(&store, &r.query_code, "WRONGSECRET", reply_event).await,
            Err(ServiceError::NotFound)
        ));
        assert!(
            apps::applicant_letter(&store, &r.query_code, &r.secret, consultation)
                .await
                .is_err()
        );
        // Every staff view of the applicant's data is in the audit log.
        let mut conn = store.conn().await.expect("conn");
        let views: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'application.view' AND entity_id = $1",
        )
        .bind(r.id)
        .fetch_one(&mut *conn)
        .await
        .expect("count");
        // Four views by the handler; the other agency's refused attempt showed nothing.
        assert_eq!(views, 4);
        let letters: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'application.letter' AND entity_id = $1",
        )
        .bind(r.id)
        .fetch_one(&mut *conn)
        .await
        .expect("count");
        // Each letter viewed is audited: the five, the reply again, and once more after
        // the settings changed.
        assert_eq!(letters, 7);
    }
);

/// Every notice and the reply of the end-to-end case, with the dates counted by hand over the
/// 2026 calendar (国庆节 10-01…10-07 off, Saturday 10-10 worked).
/// Returns the event of the consultation letter.
async fn check_letters(
    store: &Store,
    a: &fixtures::AgencyFixture,
    id: i64,
    reply_number: &str,
) -> i64 {
    let v = apps::view(store, &a.handler, id, at("2026-11-20"))
        .await
        .expect("view");
    let kinds: Vec<&str> = v.letters.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        ["correction", "consultation", "extension", "fee", "reply"]
    );
    let letter = |i: usize| {
        let event = v.letters[i].event_id;
        async move {
            apps::staff_letter(store, &a.handler, id, event, at("2026-11-20"))
                .await
                .expect("letter")
        }
    };
    // 补正告知书 (条例第三十条): what to correct, 15 working days from 09-29 → 10-26.
    let c = letter(0).await;
    assert_eq!(c.title, "政府信息公开申请补正告知书");
    assert!(c.number.ends_with("公开〔2026〕1号"), "{}", c.number);
    let text = c.paragraphs.join("\n");
    assert!(text.contains("请写明所需信息对应的街道名称"), "{text}");
    assert!(text.contains("2026年10月26日前（15个工作日内）"), "{text}");
    assert!(text.contains("第三十条"));
    assert_eq!(c.date, "2026年9月29日");
    assert!(c.warnings.is_empty());
    // 征求第三方意见函 (条例第三十二条): to the company, 15 working days from 10-12 → 11-02,
    // without the applicant's name.
    let t = letter(1).await;
    let text = t.paragraphs.join("\n");
    assert_eq!(t.paragraphs[0], "示例建设有限公司：");
    assert!(text.contains("2026年11月2日前"), "{text}");
    assert!(text.contains("是否同意公开贵公司承建项目的资金安排"));
    assert!(!text.contains(&v.app.name), "{text}");
    // 延期答复告知书 (条例第三十三条第二款): due 11-11 before, 11-25 with 10 more working days.
    let x = letter(2).await;
    let text = x.paragraphs.join("\n");
    assert!(
        text.contains("因涉及多个街道，需汇总核实，本机关不能在2026年11月11日前"),
        "{text}"
    );
    assert!(
        text.contains("延长10个工作日，本机关将于2026年11月25日前作出答复"),
        "{text}"
    );
    // 收费通知书 (国办函〔2020〕109号): 100元 by pages, 20 working days from 10-19 → 11-16.
    let f = letter(3).await;
    let text = f.paragraphs.join("\n");
    assert!(text.contains("计收方式：按量计收"), "{text}");
    assert!(text.contains("收费金额：100元"), "{text}");
    assert!(text.contains("请于2026年11月16日前"), "{text}");
    // 答复书 (条例第三十六条): the decision with its article, and the remedies.
    let reply = letter(4).await;
    assert_eq!(reply.number, reply_number);
    let text = reply.paragraphs.join("\n");
    assert!(text.contains("本机关于2026年9月28日收到"), "{text}");
    assert!(text.contains("第三十六条第二项"), "{text}");
    assert!(
        text.contains("六十日内") && text.contains("六个月内"),
        "{text}"
    );
    assert_eq!(reply.date, "2026年11月20日");
    // Issue 15: a natural person is addressed as 你 (an organisation as 你单位).
    assert!(text.contains("本机关向你提供该政府信息"), "{text}");
    assert!(!text.contains("你（单位）"), "{text}");
    // The 复议机关 and the court are not set yet: said in general terms, and staff are told.
    assert!(text.contains("依法申请行政复议"), "{text}");
    assert!(
        reply
            .warnings
            .iter()
            .any(|w| w.contains("行政复议机关和管辖法院")),
        "{:?}",
        reply.warnings
    );
    // The same letter is produced again identically.
    assert_eq!(letter(4).await, reply);
    // Set by the 机关管理员.
    let settings = apps::SettingsForm {
        reply_pattern: "{short}公开〔{year}〕{seq}号".into(),
        correction_days: "15".into(),
        review_body: Some("示例市人民政府".into()),
        court: Some("示例市城区人民法院".into()),
        ..apps::SettingsForm::default()
    };
    apps::save_letter_settings(store, &a.admin, a.agency_id, &settings, at("2026-11-20"))
        .await
        .expect("settings");
    // A letter once issued does not change with the settings (later replies name them: see
    // the dismissal test in year.rs).
    assert_eq!(letter(4).await, reply);
    // Another agency's staff get nothing.
    let other = fixtures::agency(store, 3, None, at("2026-01-05")).await;
    assert!(matches!(
        apps::staff_letter(
            store,
            &other.handler,
            id,
            v.letters[4].event_id,
            at("2026-11-20")
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
    v.letters[1].event_id
}

both_backends!(
    a_fee_notice_during_a_consultation_lapses_on_its_own,
    |store: Store| async move {
        // Issue 15, spec/applications.md: the consultation and the fee are independent pauses.
        let a = fixtures::agency(&store, 1, None, at("2026-01-05")).await;
        let form = fixtures::application_form("示例市2025年度城市更新项目资金拨付明细");
        let r = apps::submit_online(
            &store,
            a.agency_id,
            &form,
            KEY,
            true,
            SubmitLimits::default(),
            at("2026-03-02"),
        )
        .await
        .expect("submitted");
        let act = |action: CaseAction, form: apps::ActionForm, day: &'static str| {
            let store = store.clone();
            let handler = a.handler.clone();
            async move { apps::act(&store, &handler, r.id, action, &form, at(day)).await }
        };
        act(CaseAction::Accept, on("2026-03-02"), "2026-03-02")
            .await
            .expect("accepted");
        let mut consult = noted("2026-03-04", "是否同意公开贵公司承建项目的拨付明细");
        consult.party = "示例建设有限公司".into();
        act(CaseAction::SendConsultation, consult, "2026-03-04")
            .await
            .expect("consulted");
        let mut fee = on("2026-03-05");
        fee.fee_method = "per_page".into();
        fee.amount = "100".into();
        act(CaseAction::ServeFeeNotice, fee, "2026-03-05")
            .await
            .expect("a fee notice while the consultation runs");
        // The answer ends the consultation, not the fee's pause.
        act(
            CaseAction::ReceiveConsultation,
            noted("2026-03-09", "同意公开"),
            "2026-03-09",
        )
        .await
        .expect("answered");
        let v = apps::view(&store, &a.handler, r.id, at("2026-03-10"))
            .await
            .expect("view");
        let clock = v.clock.expect("clock");
        assert_eq!(clock.status, "awaitingpayment", "{clock:?}");
        assert_eq!(clock.due_on, None);
        // 20 working days from 03-06: 04-02; on 04-03 the application has lapsed, and a payment
        // is refused.
        let paid = act(CaseAction::RecordPayment, on("2026-04-07"), "2026-04-07").await;
        assert!(matches!(paid, Err(ServiceError::Refused(_))), "{paid:?}");
        let v = apps::view(&store, &a.handler, r.id, at("2026-04-07"))
            .await
            .expect("view");
        assert_eq!(v.clock.expect("clock").status, "paymentlapsed");
        let mut close = on("2026-04-07");
        close.ground = "fee_lapsed".into();
        act(CaseAction::Close, close, "2026-04-07")
            .await
            .expect("closed as 逾期未缴费");
    }
);
