//! The year view on both backends: new, carried over (open on 31 December), closed by outcome and
//! ground, carried forward, each in its applicant kind's column — the annual report's section 三
//! counting rules (spec/annual-report.md), checked against applications counted by hand.

use gongkai_domain::application::case::CaseAction;
use gongkai_services::ServiceError;
use gongkai_services::applications::{self as apps, ActionForm, RegistrationForm};
use gongkai_services::fixtures::{self, at};
use gongkai_store::{Store, both_backends};

async fn register(store: &Store, a: &fixtures::AgencyFixture, kind: &str, day: &str) -> i64 {
    let mut form = fixtures::application_form(&format!("{kind} {day} 所需信息"));
    if kind != "natural_person" {
        form.kind = kind.into();
        form.name = "示例组织".into();
        form.credit_code = fixtures::credit_code(7);
        form.contact_name = "李四".into();
        form.id_type = String::new();
        form.id_number = String::new();
    }
    let r = RegistrationForm {
        application: form,
        channel: "in_person".into(),
        channel_on: day.into(),
        handler_id: Some(a.handler.id),
    };
    apps::register(store, &a.handler, a.agency_id, &r, at(day))
        .await
        .expect("registered")
        .id
}

async fn close(store: &Store, a: &fixtures::AgencyFixture, id: i64, ground: &str, day: &str) {
    let form = ActionForm {
        date: day.into(),
        ground: ground.into(),
        detail: "见说明".into(),
        ..ActionForm::default()
    };
    apps::act(store, &a.handler, id, CaseAction::Close, &form, at(day))
        .await
        .expect("closed");
}

/// The figures of the row labelled `label`.
fn row(v: &apps::ApplicationYear, label: &str) -> [u64; 7] {
    v.rows
        .iter()
        .find(|r| r.label == label)
        .and_then(|r| r.figures)
        .unwrap_or_else(|| panic!("row {label}"))
}

both_backends!(
    a_year_counts_like_the_annual_report,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2025-01-02")).await;
        let b = fixtures::agency(&store, 2, None, at("2025-01-02")).await;
        // December 2025: a person and a company; the company's is answered before the year ends.
        let p1 = register(&store, &a, "natural_person", "2025-12-15").await;
        let c1 = register(&store, &a, "commercial", "2025-12-15").await;
        close(&store, &a, c1, "provided", "2025-12-22").await;
        // January 2026: a research institute and another person; the institute's is partly
        // disclosed, the first person's answered as not held; the second person's stays open.
        let r1 = register(&store, &a, "research", "2026-01-05").await;
        let _p2 = register(&store, &a, "natural_person", "2026-01-05").await;
        close(&store, &a, p1, "not_held", "2026-01-09").await;
        close(&store, &a, r1, "partial", "2026-01-09").await;
        // Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
        let y2025 = apps::year_counts(&store, &a.handler, a.agency_id, 2025)
            .await
            .expect("2025");
        assert_eq!(
            row(&y2025, "一、本年新收政府信息公开申请数量"),
            [1, 1, 0, 0, 0, 0, 2]
        );
        assert_eq!(row(&y2025, "二、上年结转政府信息公开申请数量"), [0; 7]);
        assert_eq!(row(&y2025, "（一）予以公开"), [0, 1, 0, 0, 0, 0, 1]);
        assert_eq!(row(&y2025, "（七）总计"), [0, 1, 0, 0, 0, 0, 1]);
        // Open on 2025-12-31: carried over to 2026.
        assert_eq!(row(&y2025, "四、结转下年度继续办理"), [1, 0, 0, 0, 0, 0, 1]);
        let y2026 = apps::year_counts(&store, &a.admin, a.agency_id, 2026)
            .await
            .expect("2026");
        assert_eq!(
            row(&y2026, "一、本年新收政府信息公开申请数量"),
            [1, 0, 1, 0, 0, 0, 2]
        );
        // 上年结转(2026) = 结转下年度(2025) (the cross-year check of the report).
        assert_eq!(
            row(&y2026, "二、上年结转政府信息公开申请数量"),
            row(&y2025, "四、结转下年度继续办理")
        );
        assert_eq!(
            row(
                &y2026,
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
            ),
            [0, 0, 1, 0, 0, 0, 1]
        );
        assert_eq!(
            row(&y2026, "1.本机关不掌握相关政府信息"),
            [1, 0, 0, 0, 0, 0, 1]
        );
        assert_eq!(row(&y2026, "（七）总计"), [1, 0, 1, 0, 0, 0, 2]);
        assert_eq!(row(&y2026, "四、结转下年度继续办理"), [1, 0, 0, 0, 0, 0, 1]);
        // Section 四: a review of the company's reply filed 2025-12-28 is 尚未审结 at the end of
        // 2025 and, decided 2026-02-10 (结果维持), counts in 2026; a lawsuit filed directly in 2026
        // and still open counts as 尚未审结 in 2026.
        let appeal = |kind: &str, day: &str, result: &str, result_on: &str, id: &str| ActionForm {
            date: day.into(),
            appeal_kind: kind.into(),
            appeal_result: result.into(),
            result_on: result_on.into(),
            appeal_id: id.into(),
            ..ActionForm::default()
        };
        apps::act(
            &store,
            &a.handler,
            c1,
            CaseAction::RecordAppeal,
            &appeal("review", "2025-12-28", "pending", "", ""),
            at("2025-12-28"),
        )
        .await
        .expect("review");
        apps::act(
            &store,
            &a.handler,
            p1,
            CaseAction::RecordAppeal,
            &appeal("litigation_direct", "2026-01-20", "pending", "", ""),
            at("2026-01-20"),
        )
        .await
        .expect("lawsuit");
        let y2025 = apps::year_counts(&store, &a.handler, a.agency_id, 2025)
            .await
            .expect("2025");
        assert_eq!(y2025.review.cells[0], [0, 0, 0, 1, 1]);
        let review_id = {
            let v = apps::view(&store, &a.handler, c1, at("2026-02-10"))
                .await
                .expect("view");
            v.appeals[0].id.to_string()
        };
        apps::act(
            &store,
            &a.handler,
            c1,
            CaseAction::RecordAppeal,
            &appeal("", "2026-02-10", "maintained", "2026-02-10", &review_id),
            at("2026-02-10"),
        )
        .await
        .expect("decided");
        let y2025 = apps::year_counts(&store, &a.handler, a.agency_id, 2025)
            .await
            .expect("2025");
        let y2026 = apps::year_counts(&store, &a.handler, a.agency_id, 2026)
            .await
            .expect("2026");
        // Decided in 2026: at the end of 2025 it was still open.
        assert_eq!(y2025.review.cells[0], [0, 0, 0, 1, 1]);
        assert_eq!(y2026.review.cells[0], [1, 0, 0, 0, 1]);
        assert_eq!(y2026.review.cells[1], [0, 0, 0, 1, 1]);
        assert_eq!(y2026.review.cells[2], [0; 5]);
        assert!(y2026.r4_failures.is_empty());
        // R1 holds by construction: 一 + 二 = （七）总计 + 四 in every column.
        assert!(y2025.r1_failures.is_empty() && y2026.r1_failures.is_empty());
        assert_eq!(
            y2026.rows.iter().filter(|r| r.figures.is_some()).count(),
            25
        );
        // Another agency's staff see nothing of it; an absurd year is not found.
        assert!(matches!(
            apps::year_counts(&store, &b.handler, a.agency_id, 2026).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            apps::year_counts(&store, &a.handler, a.agency_id, 1800).await,
            Err(ServiceError::NotFound)
        ));
    }
);

both_backends!(
    does_not_exist_and_another_agency_are_two_replies_in_one_row,
    |store: Store| async move {
        // 条例第三十六条第四项 (不存在) and 第五项 (不属于本机关负责公开: the responsible agency
        // and its contact are named) are different decisions; both count in （四）1.
        let a = fixtures::agency(&store, 1, None, at("2026-01-02")).await;
        let none = register(&store, &a, "natural_person", "2026-03-02").await;
        let elsewhere = register(&store, &a, "commercial", "2026-03-02").await;
        close(&store, &a, none, "not_held", "2026-03-04").await;
        let mut form = ActionForm {
            date: "2026-03-04".into(),
            ground: "held_elsewhere".into(),
            detail: "该信息由自然资源部门制作并保存".into(),
            holder: "示例市自然资源局".into(),
            ..ActionForm::default()
        };
        let refused = apps::act(
            &store,
            &a.handler,
            elsewhere,
            CaseAction::Close,
            &form,
            at("2026-03-04"),
        )
        .await;
        assert!(
            matches!(&refused, Err(ServiceError::Invalid(e)) if e.get("holder_contact").is_some() && e.get("holder").is_none()),
            "{refused:?}"
        );
        form.holder_contact = "0000-12345678".into();
        apps::act(
            &store,
            &a.handler,
            elsewhere,
            CaseAction::Close,
            &form,
            at("2026-03-04"),
        )
        .await
        .expect("closed");
        let text = |id: i64| {
            let store = store.clone();
            let handler = a.handler.clone();
            async move {
                let v = apps::view(&store, &handler, id, at("2026-03-04"))
                    .await
                    .expect("view");
                let reply = v.letters.last().expect("reply").event_id;
                let letter = apps::staff_letter(&store, &handler, id, reply, at("2026-03-04"))
                    .await
                    .expect("letter");
                (v, letter.paragraphs.join("\n"))
            }
        };
        let (v4, l4) = text(none).await;
        assert!(
            l4.contains("不存在") && l4.contains("第三十六条第四项"),
            "{l4}"
        );
        assert!(!l4.contains("第五项"), "{l4}");
        assert!(
            v4.ground_basis
                .is_some_and(|b| b.ends_with("第三十六条第四项"))
        );
        let (v5, l5) = text(elsewhere).await;
        assert!(
            l5.contains("第三十六条第五项")
                && l5.contains("示例市自然资源局")
                && l5.contains("0000-12345678")
                && l5.contains("你单位"),
            "{l5}"
        );
        assert!(!l5.contains("第四项") && !l5.contains("不存在"), "{l5}");
        assert!(
            v5.ground_basis
                .is_some_and(|b| b.ends_with("第三十六条第五项"))
        );
        assert!(
            v5.ground_label
                .as_deref()
                .is_some_and(|l| l.contains("示例市自然资源局")
                    && l.ends_with("（四）1 本机关不掌握相关政府信息"))
        );
        let y = apps::year_counts(&store, &a.handler, a.agency_id, 2026)
            .await
            .expect("year");
        assert_eq!(row(&y, "1.本机关不掌握相关政府信息"), [1, 1, 0, 0, 0, 0, 2]);
    }
);

both_backends!(
    a_special_register_reply_counts_where_the_agency_decided,
    |store: Store| async move {
        // 条例第三十六条第七项: the reply points to the register's own procedure; the agency
        // decides whether it counts under 不予处理 or 其他处理 3 (spec/applications.md).
        let a = fixtures::agency(&store, 1, None, at("2026-01-02")).await;
        let first = register(&store, &a, "natural_person", "2026-03-02").await;
        let mut form = ActionForm {
            date: "2026-03-04".into(),
            ground: "special_register".into(),
            ..ActionForm::default()
        };
        let refused = apps::act(
            &store,
            &a.handler,
            first,
            CaseAction::Close,
            &form,
            at("2026-03-04"),
        )
        .await;
        assert!(matches!(refused, Err(ServiceError::Invalid(e)) if e.get("detail").is_some()));
        form.detail = "请到示例市不动产登记中心窗口查询".into();
        apps::act(
            &store,
            &a.handler,
            first,
            CaseAction::Close,
            &form,
            at("2026-03-04"),
        )
        .await
        .expect("closed");
        // The reply states the procedure and the article.
        let v = apps::view(&store, &a.handler, first, at("2026-03-04"))
            .await
            .expect("view");
        let reply = v.letters.last().expect("reply").event_id;
        let letter = apps::staff_letter(&store, &a.handler, first, reply, at("2026-03-04"))
            .await
            .expect("letter");
        assert!(
            v.ground_label
                .as_deref()
                .is_some_and(|l| l.starts_with("第三十六条第七项") && l.ends_with("（六）3 其他"))
        );
        assert!(
            v.ground_basis
                .is_some_and(|b| b.contains("第三十六条第七项"))
        );
        let text = letter.paragraphs.join("\n");
        assert!(
            text.contains("第三十六条第七项") && text.contains("不动产登记中心"),
            "{text}"
        );
        // The 机关管理员 (only) moves it to a row of 不予处理; later replies count there.
        let settings = apps::SettingsForm {
            reply_pattern: "{short}公开〔{year}〕{seq}号".into(),
            correction_days: "15".into(),
            fee_payment: String::new(),
            special_register_ground: "petition".into(),
            ..apps::SettingsForm::default()
        };
        assert!(matches!(
            apps::save_letter_settings(
                &store,
                &a.handler,
                a.agency_id,
                &settings,
                at("2026-03-05")
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
        let wrong = apps::SettingsForm {
            special_register_ground: "state_secret".into(),
            ..settings.clone()
        };
        assert!(matches!(
            apps::save_letter_settings(&store, &a.admin, a.agency_id, &wrong, at("2026-03-05"))
                .await,
            Err(ServiceError::Invalid(e)) if e.get("special_register_ground").is_some()
        ));
        apps::save_letter_settings(&store, &a.admin, a.agency_id, &settings, at("2026-03-05"))
            .await
            .expect("saved");
        let second = register(&store, &a, "natural_person", "2026-03-05").await;
        form.date = "2026-03-06".into();
        apps::act(
            &store,
            &a.handler,
            second,
            CaseAction::Close,
            &form,
            at("2026-03-06"),
        )
        .await
        .expect("closed");
        let y = apps::year_counts(&store, &a.handler, a.agency_id, 2026)
            .await
            .expect("year");
        assert_eq!(row(&y, "3.其他"), [1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(row(&y, "1.信访举报投诉类申请"), [1, 0, 0, 0, 0, 0, 1]);
    }
);

/// Inserts an application row as the case procedure leaves it (the counting reads only the
/// agency, the applicant kind, the dates and the ground).
async fn insert(
    conn: &mut gongkai_store::Conn,
    agency: i64,
    seq: usize,
    kind: &str,
    received: &str,
    closed: Option<(&str, &str)>,
) {
    sqlx::query(
        "INSERT INTO applications (agency_id, number, query_code, secret_hash, lifecycle, channel, \
         channel_on, received_on, kind, name, id_number, identity_key, phone, description, \
         info_form, delivery, outcome, ground, closed_on, submitted_at, created_at, updated_at) \
         VALUES ($1, $2, $3, 'x', $4, 'online', $5, $5, $6, '申请人', 'x', $7, '13800000000', \
         '所需信息', 'paper', 'post', $8, $9, $10, 0, 0, 0)",
    )
    .bind(agency)
    .bind(format!("N-{seq}"))
    .bind(format!("Q{seq:08}"))
    .bind(if closed.is_some() { "closed" } else { "open" })
    .bind(received)
    .bind(kind)
    .bind(format!("id-{seq}"))
    .bind(closed.map(|_| "closed"))
    .bind(closed.map(|c| c.1))
    .bind(closed.map(|c| c.0))
    .execute(conn)
    .await
    .expect("inserted");
}

both_backends!(
    every_outcome_row_and_every_applicant_column_is_counted,
    |store: Store| async move {
        // 国办公开办函〔2021〕30号, section 三: each ground in its row, each applicant in the
        // column of its kind; a different number of applications in every cell.
        let a = fixtures::agency(&store, 1, None, at("2024-01-02")).await;
        let kinds = [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_service",
            "other_organisation",
        ];
        // The report's row of each ground (rows counted from 一 = 0), written out by hand.
        let grounds: [(&str, usize); 22] = [
            ("already_public", 2),
            ("provided", 2),
            ("partial", 3),
            ("state_secret", 4),
            ("law_prohibits", 5),
            ("three_securities", 6),
            ("third_party", 7),
            ("internal_affairs", 8),
            ("process_information", 9),
            ("enforcement_files", 10),
            ("query_matter", 11),
            ("not_held", 12),
            ("needs_creating", 13),
            ("still_unclear", 14),
            ("petition", 15),
            ("repeated", 16),
            ("publication", 17),
            ("mass_repeated", 18),
            ("confirmation", 19),
            ("correction_lapsed", 20),
            ("fee_lapsed", 21),
            ("other_handling", 22),
        ];
        let mut expected = [[0u64; 7]; 25];
        let mut seq = 0;
        let mut conn = store.conn().await.expect("conn");
        for (k, kind) in kinds.iter().enumerate() {
            for (g, (ground, row)) in grounds.iter().enumerate() {
                let n = 1 + (g + 2 * k) % 4;
                for i in 0..n {
                    seq += 1;
                    // Half received the year before (carried over), half in 2025.
                    let received = if i % 2 == 0 {
                        "2025-03-02"
                    } else {
                        "2024-12-20"
                    };
                    insert(
                        &mut conn,
                        a.agency_id,
                        seq,
                        kind,
                        received,
                        Some(("2025-06-30", ground)),
                    )
                    .await;
                    expected[*row][k] += 1;
                    expected[if i % 2 == 0 { 0 } else { 1 }][k] += 1;
                    expected[23][k] += 1;
                }
            }
            // Open at the end of 2025: k + 1 of them; one more closed in 2026 (still carried
            // forward); and ones outside the year that must not count.
            for _ in 0..=k {
                seq += 1;
                insert(&mut conn, a.agency_id, seq, kind, "2025-12-31", None).await;
                expected[0][k] += 1;
                expected[24][k] += 1;
            }
            seq += 1;
            insert(
                &mut conn,
                a.agency_id,
                seq,
                kind,
                "2025-11-03",
                Some(("2026-01-05", "provided")),
            )
            .await;
            expected[0][k] += 1;
            expected[24][k] += 1;
            seq += 1;
            insert(
                &mut conn,
                a.agency_id,
                seq,
                kind,
                "2024-05-05",
                Some(("2024-06-01", "provided")),
            )
            .await;
            seq += 1;
            insert(&mut conn, a.agency_id, seq, kind, "2026-01-04", None).await;
        }
        drop(conn);
        for row in &mut expected {
            row[6] = row[..6].iter().sum();
        }
        let y = apps::year_counts(&store, &a.handler, a.agency_id, 2025)
            .await
            .expect("2025");
        let got: Vec<[u64; 7]> = y.rows.iter().filter_map(|r| r.figures).collect();
        assert_eq!(got.len(), 25);
        for (r, (g, e)) in got.iter().zip(expected.iter()).enumerate() {
            assert_eq!(
                g,
                e,
                "row {r} {}",
                gongkai_domain::report::format::Format::F2021.row_labels()[r]
            );
        }
        assert!(y.r1_failures.is_empty(), "{:?}", y.r1_failures);
        // Every result cell holds at least one application: every row and column was exercised.
        assert!(got[2..23].iter().all(|r| r[..6].iter().all(|v| *v > 0)));
    }
);

both_backends!(
    an_application_that_is_not_one_is_closed_unaccepted_and_counted,
    |store: Store| async move {
        // Issue 15: spam, a repeat or a complaint sent through the online form is closed from
        // 待受理 with the outcome the report counts, received on the day it is handled, with
        // its letter.
        let a = fixtures::agency(&store, 1, None, at("2025-01-02")).await;
        let mut form = fixtures::application_form("请查处我小区物业公司乱收费问题");
        form.name = "王五".into();
        let r = apps::submit_online(
            &store,
            a.agency_id,
            &form,
            "DISMISSKEY000000000000001",
            true,
            apps::SubmitLimits::default(),
            at("2025-03-07"),
        )
        .await
        .expect("submitted");
        let dismiss = |ground: &str| ActionForm {
            // Saturday: received, and answered, on the next working day.
            date: "2025-03-08".into(),
            ground: ground.into(),
            detail: "您反映的物业收费问题属于投诉举报事项，请向住房和城乡建设部门反映。".into(),
            ..ActionForm::default()
        };
        // The 复议机关 and the court, as the 机关管理员 set them, named in every reply.
        let settings = apps::SettingsForm {
            reply_pattern: "{short}公开〔{year}〕{seq}号".into(),
            correction_days: "15".into(),
            review_body: Some("示例市人民政府".into()),
            court: Some("示例市城区人民法院".into()),
            ..apps::SettingsForm::default()
        };
        apps::save_letter_settings(&store, &a.admin, a.agency_id, &settings, at("2025-03-07"))
            .await
            .expect("settings");
        // Only 不予处理 and 其他处理 close an application not accepted.
        let refused = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Dismiss,
            &dismiss("provided"),
            at("2025-03-08"),
        )
        .await;
        assert!(matches!(refused, Err(ServiceError::Invalid(e)) if e.get("ground").is_some()));
        let done = apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Dismiss,
            &dismiss("petition"),
            at("2025-03-08"),
        )
        .await
        .expect("dismissed");
        assert_eq!(done.lifecycle, "closed");
        assert!(done.reply_number.is_some());
        let v = apps::view(&store, &a.handler, r.id, at("2025-03-10"))
            .await
            .expect("view");
        assert_eq!(v.app.received_on.as_deref(), Some("2025-03-10"));
        assert_eq!(v.outcome_label, Some("不予处理"));
        assert!(!v.letters.is_empty(), "the reply letter");
        let reply = apps::staff_letter(
            &store,
            &a.handler,
            r.id,
            v.letters[0].event_id,
            at("2025-03-10"),
        )
        .await
        .expect("letter");
        let text = reply.paragraphs.join("\n");
        assert!(text.contains("第三十九条第一款"), "{text}");
        assert!(text.contains("你以政府信息公开申请的形式"), "{text}");
        assert!(
            text.contains("六十日内向示例市人民政府申请行政复议")
                && text.contains("六个月内向示例市城区人民法院提起行政诉讼"),
            "{text}"
        );
        assert!(reply.warnings.is_empty(), "{:?}", reply.warnings);
        let y = apps::year_counts(&store, &a.handler, a.agency_id, 2025)
            .await
            .expect("year");
        assert_eq!(
            row(&y, "一、本年新收政府信息公开申请数量"),
            [1, 0, 0, 0, 0, 0, 1]
        );
        assert_eq!(row(&y, "1.信访举报投诉类申请"), [1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(row(&y, "（七）总计"), [1, 0, 0, 0, 0, 0, 1]);
        // Once closed, nothing more.
        assert!(
            apps::act(
                &store,
                &a.handler,
                r.id,
                CaseAction::Dismiss,
                &dismiss("petition"),
                at("2025-03-10")
            )
            .await
            .is_err()
        );
    }
);
