//! The report editor on both backends (spec/annual-report.md): the drafted narrative, overrides
//! with reasons, R1–R4 and the texts blocking publication, submission into the agency's 年报
//! column through the review of 条例第十七条, tables frozen as submitted, cross-year warnings.

use gongkai_domain::application::case::CaseAction;
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_services::ServiceError;
use gongkai_services::applications::{self as apps, ActionForm, RegistrationForm};
use gongkai_services::fixtures::{self, at};
use gongkai_services::publishing;
use gongkai_services::reports::editor::{self, OverrideForm, Stage, TextForm};
use gongkai_store::{Store, both_backends, documents, reports};

async fn register(store: &Store, a: &fixtures::AgencyFixture, day: &str, now: &str) -> i64 {
    let r = RegistrationForm {
        application: fixtures::application_form(&format!("{day} 所需信息")),
        channel: "in_person".into(),
        channel_on: day.into(),
        handler_id: Some(a.handler.id),
    };
    apps::register(store, &a.handler, a.agency_id, &r, at(now))
        .await
        .expect("registered")
        .id
}

/// Section 二's figures from other systems, typed as 0 (a blank blocks publication).
async fn zero_figures(store: &Store, a: &fixtures::AgencyFixture, year: i32, now: i64) {
    let zero = gongkai_services::reports::FiguresForm {
        licensing: "0".into(),
        penalties: "0".into(),
        enforcement: "0".into(),
        fees_wan_yuan: "0".into(),
    };
    gongkai_services::reports::save_figures(store, &a.admin, a.agency_id, year, &zero, now)
        .await
        .expect("figures");
}

fn refused(r: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match r {
        Err(ServiceError::Refused(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

both_backends!(
    a_report_is_written_checked_and_published,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2025-01-02")).await;
        let now = at("2026-01-12");
        let first = register(&store, &a, "2025-03-03", "2025-03-03").await;
        register(&store, &a, "2025-12-29", "2025-12-29").await;
        let form = ActionForm {
            date: "2025-03-10".into(),
            ground: "provided".into(),
            ..ActionForm::default()
        };
        apps::act(
            &store,
            &a.handler,
            first,
            CaseAction::Close,
            &form,
            at("2025-03-10"),
        )
        .await
        .expect("closed");

        // Nothing saved yet: 一 is drafted from the figures, 六 states that no fee was collected.
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(v.title, "测试机关12025年政府信息公开工作年度报告");
        assert!(v.drafted && v.may_edit && v.stage == Stage::Editing);
        assert!(
            v.overview
                .contains("本年新收政府信息公开申请2件，上年结转0件；本年办结1件，其中予以公开1件"),
            "{}",
            v.overview
        );
        assert_eq!(v.other, "本年度本机关未收取信息处理费。");
        // Section 二's figures from other systems are not entered and 五 is empty: each blocks
        // publication, named (a blank is not a 0).
        let rules: Vec<&str> = v.findings.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            ["空白", "空白", "空白", "空白", "正文"],
            "{:?}",
            v.findings
        );
        assert!(
            v.findings[0].message.contains("行政许可")
                && v.findings[0].message.contains("没有的请填 0")
        );
        assert!(
            v.findings[4]
                .message
                .contains("五、存在的主要问题及改进情况")
        );
        zero_figures(&store, &a, 2025, now).await;
        assert!(v.body_html.contains("<h2>六、其他需要报告的事项</h2>"));
        let m = refused(editor::submit(&store, &a.admin, a.agency_id, 2025, now).await);
        assert!(m.contains("请先保存"), "{m}");

        // Handlers see the report but may not change it.
        assert!(
            editor::view(&store, &a.handler, a.agency_id, 2025)
                .await
                .is_ok()
        );
        let text = TextForm {
            overview: String::new(),
            problems: "无".into(),
            other: "无其他事项。".into(),
        };
        assert!(matches!(
            editor::save_text(&store, &a.handler, a.agency_id, 2025, &text, now).await,
            Err(ServiceError::Forbidden)
        ));
        editor::save_text(&store, &a.admin, a.agency_id, 2025, &text, now)
            .await
            .expect("saved");
        // spec/annual-report.md: 六 must state the 信息处理费 collected; 一 is required.
        let m = refused(editor::submit(&store, &a.admin, a.agency_id, 2025, now).await);
        assert!(
            m.contains("“一、总体情况”未填写") && m.contains("信息处理费"),
            "{m}"
        );

        // An override needs a reason and a figure unlike the computed one; it is recorded.
        let mut o = OverrideForm {
            cell: "3.0.0".into(),
            value: "3".into(),
            reason: String::new(),
        };
        let Err(ServiceError::Invalid(e)) =
            editor::set_override(&store, &a.admin, a.agency_id, 2025, &o, now).await
        else {
            panic!("a reason is required")
        };
        assert_eq!(e.iter().next().map(|f| f.field.as_ref()), Some("reason"));
        o.reason = "窗口登记的纸质申请一件漏录".into();
        o.value = "2".into();
        assert!(
            editor::set_override(&store, &a.admin, a.agency_id, 2025, &o, now)
                .await
                .is_err()
        );
        o.value = "3".into();
        editor::set_override(&store, &a.admin, a.agency_id, 2025, &o, now)
            .await
            .expect("overridden");
        let text = TextForm {
            overview: "本年度依法做好政府信息公开工作。".into(),
            problems: "无".into(),
            other: "本年度本机关未收取信息处理费。".into(),
        };
        editor::save_text(&store, &a.admin, a.agency_id, 2025, &text, now)
            .await
            .expect("saved");
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(v.overrides.len(), 1);
        assert_eq!(
            (
                v.overrides[0].name.as_str(),
                v.overrides[0].computed.as_str(),
                v.overrides[0].value.as_str()
            ),
            ("一、本年新收政府信息公开申请数量 × 自然人", "2", "3")
        );
        // R1 (一 + 二 = （七）总计 + 四) and R3 (总计 = the six columns) now fail, by cell.
        let rules: Vec<&str> = v.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["R1", "R3"], "{:?}", v.findings);
        let m = refused(editor::submit(&store, &a.admin, a.agency_id, 2025, now).await);
        assert!(m.contains("“自然人”列"), "{m}");
        editor::remove_override(&store, &a.admin, a.agency_id, 2025, "3.0.0", now)
            .await
            .expect("removed");

        // The agency has no 年报 column yet.
        let m = refused(editor::submit(&store, &a.admin, a.agency_id, 2025, now).await);
        assert!(m.contains("政府信息公开年报"), "{m}");
        fixtures::report_column(&store, a.site_id, now).await;
        let id = editor::submit(&store, &a.admin, a.agency_id, 2025, now)
            .await
            .expect("submitted");
        let mut conn = store.conn().await.expect("conn");
        let doc = documents::find(&mut conn, id)
            .await
            .expect("db")
            .expect("doc");
        assert_eq!(doc.state, "pending_review");
        assert_eq!(doc.title, "测试机关12025年政府信息公开工作年度报告");
        assert!(
            doc.body_html.contains("rowspan=\"22\""),
            "sanitised body keeps spans"
        );
        assert!(doc.body_html.contains("scope=\"rowgroup\""));
        drop(conn);
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(v.stage, Stage::UnderReview);
        let m = refused(editor::save_text(&store, &a.admin, a.agency_id, 2025, &text, now).await);
        assert!(m.contains("已提交审核"), "{m}");

        // Reviewed and published like any document, in the 年报 column.
        publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", now)
            .await
            .expect("published");
        let mut conn = store.conn().await.expect("conn");
        let listed = reports::published(&mut conn, None).await.expect("list");
        assert_eq!(
            (listed.len(), listed[0].year, listed[0].document_id),
            (1, 2025, id)
        );
        let placed = documents::find(&mut conn, id)
            .await
            .expect("db")
            .expect("doc");
        assert_eq!(placed.state, "published");
        drop(conn);

        // A late registration of a 2025 application changes the counts but not the report.
        register(&store, &a, "2025-12-30", "2026-01-12").await;
        let counted = apps::year_counts(&store, &a.handler, a.agency_id, 2025)
            .await
            .expect("year");
        assert_eq!(counted.rows[0].figures.map(|f| f[6]), Some(3));
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(v.stage, Stage::Published);
        assert_eq!(v.tables.section3.cells[0][6], Some(2));
        // …so 2026's 上年结转 (2 open on 31 December) differs from the published 结转下年度 (1).
        let v2026 = editor::view(&store, &a.admin, a.agency_id, 2026)
            .await
            .expect("2026");
        assert_eq!(v2026.warnings.len(), 2, "{:?}", v2026.warnings);
        assert!(
            v2026.warnings[0]
                .message
                .contains("与上一年度报告的“四、结转下年度继续办理 × 自然人”（1）不一致")
        );
    }
);

both_backends!(
    staff_of_another_agency_never_see_the_report,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2025-01-02")).await;
        let b = fixtures::agency(&store, 2, None, at("2025-01-02")).await;
        let now = at("2026-01-12");
        for staff in [&b.admin, &b.handler, &a.editor] {
            assert!(matches!(
                editor::view(&store, staff, a.agency_id, 2025).await,
                Err(ServiceError::Forbidden)
            ));
        }
        let o = OverrideForm {
            cell: "2.0".into(),
            value: "1".into(),
            reason: "补录".into(),
        };
        for staff in [&b.admin, &a.handler, &a.reviewer] {
            assert!(matches!(
                editor::set_override(&store, staff, a.agency_id, 2025, &o, now).await,
                Err(ServiceError::Forbidden)
            ));
            assert!(matches!(
                editor::submit(&store, staff, a.agency_id, 2025, now).await,
                Err(ServiceError::Forbidden)
            ));
        }
        assert!(matches!(
            editor::view(&store, &a.admin, a.agency_id, 1999).await,
            Err(ServiceError::NotFound)
        ));
    }
);

both_backends!(
    a_governments_report_sums_its_departments_published_reports,
    |store: Store| async move {
        // spec/annual-report.md, Aggregation: cell-wise sums of the members' tables for the
        // same year; members with no report are listed.
        let start = at("2025-01-02");
        let gov = fixtures::agency(&store, 1, None, start).await;
        let a = fixtures::agency(&store, 2, Some(gov.agency_id), start).await;
        let b = fixtures::agency(&store, 3, Some(gov.agency_id), start).await;
        let now = at("2026-01-12");
        register(&store, &gov, "2025-05-06", "2025-05-06").await;
        register(&store, &a, "2025-05-06", "2025-05-06").await;
        register(&store, &a, "2025-06-02", "2025-06-02").await;
        register(&store, &b, "2025-06-02", "2025-06-02").await;
        let v = editor::view(&store, &gov.admin, gov.agency_id, 2025)
            .await
            .expect("view");
        // No department has published: the government's own figure only, both listed.
        assert_eq!(v.tables.section3.cells[0][6], Some(1));
        assert_eq!(v.members.iter().filter(|m| !m.included).count(), 2);
        // Department A publishes its report.
        fixtures::report_column(&store, a.site_id, now).await;
        zero_figures(&store, &a, 2025, now).await;
        zero_figures(&store, &gov, 2025, now).await;
        let text = TextForm {
            overview: "本年度依法做好政府信息公开工作。".into(),
            problems: "无。".into(),
            other: "本年度本机关未收取信息处理费。".into(),
        };
        editor::save_text(&store, &a.admin, a.agency_id, 2025, &text, now)
            .await
            .expect("text");
        let id = editor::submit(&store, &a.admin, a.agency_id, 2025, now)
            .await
            .expect("submit");
        // Submitted is not yet published: not summed.
        let v = editor::view(&store, &gov.admin, gov.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(v.tables.section3.cells[0][6], Some(1));
        publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", now)
            .await
            .expect("published");
        let v = editor::view(&store, &gov.admin, gov.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(
            v.tables.section3.cells[0][6],
            Some(3),
            "1 own + 2 of department A"
        );
        assert_eq!(
            v.tables.section3.cells[24][6],
            Some(3),
            "all still open at the year's end"
        );
        // Sums keep R1–R4 (五, not yet written, is the only finding).
        let rules: Vec<&str> = v.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["正文"], "{:?}", v.findings);
        let missing: Vec<&str> = v
            .warnings
            .iter()
            .filter(|w| w.rule == "汇总")
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(missing, ["“测试机关3”尚无已发布的2025年度报告，未计入汇总"]);
        assert!(
            v.members
                .iter()
                .any(|m| m.name == "测试机关2" && m.included)
        );
        // A department's own report sums nothing else.
        let va = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("a");
        assert!(va.members.is_empty());
        assert_eq!(va.tables.section3.cells[0][6], Some(2));
    }
);

both_backends!(
    one_report_per_year_a_resubmission_corrects_the_same_document,
    |store: Store| async move {
        // One report per agency and year: submitted again after publication, the report is a
        // 更正 of the same catalogue document, with its reason and changes at its head; a
        // document of the same title filed earlier by hand is taken over, not duplicated.
        let a = fixtures::agency(&store, 1, None, at("2025-01-02")).await;
        let now = at("2026-01-12");
        let column = fixtures::report_column(&store, a.site_id, now).await;
        // Someone filed last year's report as an ordinary document before.
        let title = "测试机关12025年政府信息公开工作年度报告";
        let mut form = fixtures::document_form(column, title);
        form.legal_kind = "other".into();
        let (by_hand, _) = publishing::import_published(
            &store,
            a.agency_id,
            &form,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            now,
        )
        .await
        .expect("filed by hand");
        zero_figures(&store, &a, 2025, now).await;
        let text = TextForm {
            overview: "本年度依法做好政府信息公开工作。".into(),
            problems: "无。".into(),
            other: "本年度本机关未收取信息处理费。".into(),
        };
        editor::save_text(&store, &a.admin, a.agency_id, 2025, &text, now)
            .await
            .expect("text");
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(v.existing_document.map(|d| d.0), Some(by_hand));
        assert!(v.submit_corrects);
        // It was published: submitting again is a correction, which needs its reason.
        let Err(ServiceError::Invalid(e)) =
            editor::submit(&store, &a.admin, a.agency_id, 2025, now).await
        else {
            panic!("a reason is required")
        };
        assert!(e.get("correction_reason").is_some());
        let id = editor::submit_with(
            &store,
            &a.admin,
            a.agency_id,
            2025,
            "以按统一格式编制的年度报告替换",
            now,
        )
        .await
        .expect("submitted");
        assert_eq!(id, by_hand, "the same document");
        publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", now)
            .await
            .expect("published");

        // Published: editing is refused until a correction is started, with its reason.
        let m = refused(editor::save_text(&store, &a.admin, a.agency_id, 2025, &text, now).await);
        assert!(m.contains("更正报告"), "{m}");
        let later = at("2026-03-02");
        assert!(matches!(
            editor::start_correction(&store, &a.admin, a.agency_id, 2025, " ", later).await,
            Err(ServiceError::Invalid(e)) if e.get("correction_reason").is_some()
        ));
        assert!(matches!(
            editor::start_correction(&store, &a.handler, a.agency_id, 2025, "漏报", later).await,
            Err(ServiceError::Forbidden)
        ));
        editor::start_correction(
            &store,
            &a.admin,
            a.agency_id,
            2025,
            "行政许可处理决定数量统计有误",
            later,
        )
        .await
        .expect("correcting");
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!(v.stage, Stage::Correcting);
        // The published version is still public while the correction is prepared.
        let mut conn = store.conn().await.expect("conn");
        assert_eq!(
            documents::find(&mut conn, id)
                .await
                .expect("db")
                .expect("doc")
                .state,
            "published"
        );
        drop(conn);
        // Nothing changed yet: there is nothing to correct.
        let r = editor::submit(&store, &a.admin, a.agency_id, 2025, later).await;
        let Err(ServiceError::Invalid(e)) = r else {
            let v = editor::view(&store, &a.admin, a.agency_id, 2025)
                .await
                .expect("view");
            panic!("nothing changed: {r:?} {:?}", v.corrections)
        };
        assert!(e.get("correction_reason").is_some());
        let o = OverrideForm {
            cell: "2.6".into(),
            value: "12".into(),
            reason: "行政许可系统补录".into(),
        };
        editor::set_override(&store, &a.admin, a.agency_id, 2025, &o, later)
            .await
            .expect("override");
        let again = editor::submit(&store, &a.admin, a.agency_id, 2025, later)
            .await
            .expect("corrected");
        assert_eq!(again, id, "still the same document");
        // The reviewer returns the correction; the next submission replaces it (one pending
        // correction, compared with the version approved, not with the one returned).
        publishing::act(
            &store,
            &a.reviewer,
            id,
            WorkflowAction::Return,
            "请核对数字",
            later,
        )
        .await
        .expect("returned");
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert!(v.submit_corrects && v.stage == Stage::Editing);
        let o = OverrideForm {
            cell: "2.6".into(),
            value: "13".into(),
            reason: "行政许可系统复核".into(),
        };
        editor::set_override(&store, &a.admin, a.agency_id, 2025, &o, later)
            .await
            .expect("override");
        let again = editor::submit(&store, &a.admin, a.agency_id, 2025, later)
            .await
            .expect("corrected again");
        assert_eq!(again, id);
        publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", later)
            .await
            .expect("republished");
        let mut conn = store.conn().await.expect("conn");
        let doc = documents::find(&mut conn, id)
            .await
            .expect("db")
            .expect("doc");
        assert_eq!(doc.state, "published");
        assert_eq!(
            doc.published_on.as_deref(),
            Some("2026-01-05"),
            "first published"
        );
        assert!(doc.body_html.contains("更正说明"), "{}", doc.body_html);
        assert!(
            doc.body_html
                .contains("2026年3月2日更正：行政许可处理决定数量统计有误")
        );
        assert!(doc.body_html.contains("由0更正为13"), "{}", doc.body_html);
        assert!(
            !doc.body_html.contains("由0更正为12"),
            "the returned correction is gone"
        );
        assert!(doc.body_html.contains("以按统一格式编制的年度报告替换"));
        let (same_title,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM documents WHERE title = '{title}'"
        )))
        .fetch_one(&mut *conn)
        .await
        .expect("count");
        assert_eq!(same_title, 1, "one report per agency and year");
        let listed = reports::published(&mut conn, None).await.expect("list");
        assert_eq!(listed.len(), 1);
        drop(conn);
        let v = editor::view(&store, &a.admin, a.agency_id, 2025)
            .await
            .expect("view");
        assert_eq!((v.stage, v.corrections.len()), (Stage::Published, 2));
        assert!(v.corrections.iter().all(|c| c.approved_at.is_some()));
        assert_eq!(v.tables.section2[6], Some(13));
    }
);
