//! Reports made elsewhere on both backends (spec/annual-report.md, import): a 2020 report's
//! tables in the 2019–2020 format read from a workbook, checked, corrected and published in
//! their own layout; a report before 2019 filed as a document; files that cannot be read leave
//! nothing behind.

use gongkai_domain::report::format::Format;
use gongkai_domain::report::tables::{CellKey, Tables};
use gongkai_services::ServiceError;
use gongkai_services::fixtures::{self, at};
use gongkai_services::reports::editor::{self, OverrideForm, Stage, TextForm};
use gongkai_services::reports::import;
use gongkai_store::{Store, both_backends, documents};

/// A consistent 2020 report: 3 applications from 自然人, 2 disclosed and 1 （六）其他处理; one
/// 行政复议 upheld; section 二 with a decrease and a purchase total.
fn report_2020() -> Tables {
    let mut t = Tables::blank(Format::F2019);
    for c in [0, 6] {
        t.set(CellKey::Three(0, c), Some(3)); // 一、本年新收
        t.set(CellKey::Three(2, c), Some(2)); // （一）予以公开
        t.set(CellKey::Three(20, c), Some(1)); // （六）其他处理
        t.set(CellKey::Three(21, c), Some(3)); // （七）总计
    }
    t.set(CellKey::Two(3), Some(4)); // 规范性文件 · 本年新制作数量
    t.set(CellKey::Two(7), Some(-2)); // 行政许可 · 本年增/减
    t.set(CellKey::Two(21), Some(3_568_000)); // 采购总金额 356.8
    t.section4[0] = [Some(1), Some(0), Some(0), Some(0), Some(1)];
    t
}

fn xlsx(t: &Tables) -> Vec<u8> {
    gongkai_render::xlsx::workbook("某机关2020年政府信息公开工作年度报告", t).expect("xlsx")
}

both_backends!(
    a_2020_report_made_elsewhere_is_imported_corrected_and_published,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2020-01-02")).await;
        let now = at("2021-01-20");
        fixtures::report_column(&store, a.site_id, now).await;
        let file = xlsx(&report_2020());

        // 机关管理员 only.
        assert!(matches!(
            import::import_tables(&store, &a.handler, a.agency_id, 2020, &file, now).await,
            Err(ServiceError::Forbidden)
        ));
        // The format must be the year's.
        let problems = import::import_tables(&store, &a.admin, a.agency_id, 2021, &file, now)
            .await
            .expect("ran")
            .expect_err("wrong format");
        assert_eq!(
            problems,
            [
                "2021年度报告应使用2021年格式（国办公开办函〔2021〕30号），文件中的表格是2019—2020年格式（国办公开办函〔2019〕60号）"
            ]
        );
        // Without an import, a 2020 report computed by the platform is in the wrong format.
        let v = editor::view(&store, &a.admin, a.agency_id, 2020)
            .await
            .expect("view");
        assert!(
            v.findings.iter().any(|f| f.rule == "格式"),
            "{:?}",
            v.findings
        );

        let findings = import::import_tables(&store, &a.admin, a.agency_id, 2020, &file, now)
            .await
            .expect("ran")
            .expect("read");
        assert!(findings.is_empty(), "{findings:?}");
        let v = editor::view(&store, &a.admin, a.agency_id, 2020)
            .await
            .expect("view");
        assert!(v.imported);
        assert_eq!(v.tables, report_2020());
        // Nothing written yet: 一 drafted from the imported figures, in the format's words.
        assert!(v.drafted);
        assert!(
            v.overview.contains("新制作规章0件、规范性文件4件"),
            "{}",
            v.overview
        );
        assert_eq!(
            v.format_label,
            "2019—2020年格式（国办公开办函〔2019〕60号）"
        );
        assert!(v.body_html.contains("第二十条第（九）项"));
        assert!(v.body_html.contains("rowspan=\"20\""));
        assert_eq!(v.cells.len(), 22 + 23 * 7 + 15);

        // A cell of the imported tables corrected with a reason; the import listed as its base.
        let o = OverrideForm {
            cell: "2.7".into(),
            value: "-3".into(),
            reason: "行政许可事项清单调整漏计一项".into(),
        };
        editor::set_override(&store, &a.admin, a.agency_id, 2020, &o, now)
            .await
            .expect("overridden");
        let v = editor::view(&store, &a.admin, a.agency_id, 2020)
            .await
            .expect("view");
        assert_eq!(
            (
                v.overrides[0].name.as_str(),
                v.overrides[0].computed.as_str(),
                v.overrides[0].value.as_str()
            ),
            ("第二十条第（五）项 · 行政许可 × 本年增/减", "-2", "-3")
        );

        // Files that cannot be taken change nothing: the override and the tables stay — one with
        // a cell that is not a number, and a readable one in the other format.
        let before = v.tables.clone();
        let json = serde_json::json!({"format": "2019", "cells": [
            {"section": "三", "row": "（六）其他处理", "column": "自然人", "value": "一"}
        ]});
        let problems = import::import_tables(
            &store,
            &a.admin,
            a.agency_id,
            2020,
            json.to_string().as_bytes(),
            now,
        )
        .await
        .expect("ran")
        .expect_err("refused");
        assert!(problems[0].starts_with("第 1 个单元格应为"), "{problems:?}");
        let mut other = Tables::default();
        other.set(CellKey::Three(0, 6), Some(9));
        import::import_tables(&store, &a.admin, a.agency_id, 2020, &xlsx(&other), now)
            .await
            .expect("ran")
            .expect_err("2021 format for 2020");
        let v = editor::view(&store, &a.admin, a.agency_id, 2020)
            .await
            .expect("view");
        assert_eq!(v.overrides.len(), 1);
        assert_eq!(v.tables, before);

        // Importing again replaces the tables and clears the corrections made on the old ones;
        // R1–R4 findings come back at once and block publication.
        let mut broken = report_2020();
        broken.set(CellKey::Three(5, 0), Some(1));
        let findings =
            import::import_tables(&store, &a.admin, a.agency_id, 2020, &xlsx(&broken), now)
                .await
                .expect("ran")
                .expect("read");
        let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["R2", "R3"], "{findings:?}");
        let v = editor::view(&store, &a.admin, a.agency_id, 2020)
            .await
            .expect("view");
        assert!(v.overrides.is_empty());
        import::import_tables(&store, &a.admin, a.agency_id, 2020, &file, now)
            .await
            .expect("ran")
            .expect("read");

        // Written, submitted and filed in the 年报 column in the 2019–2020 layout.
        let text = TextForm {
            overview: "2020年，本机关依法做好政府信息公开工作。".into(),
            problems: "无".into(),
            other: "本年度本机关未收取信息处理费。".into(),
        };
        editor::save_text(&store, &a.admin, a.agency_id, 2020, &text, now)
            .await
            .expect("saved");
        let id = editor::submit(&store, &a.admin, a.agency_id, 2020, now)
            .await
            .expect("submitted");
        let mut conn = store.conn().await.expect("conn");
        let doc = documents::find(&mut conn, id)
            .await
            .expect("db")
            .expect("doc");
        assert_eq!(doc.title, "测试机关12020年政府信息公开工作年度报告");
        assert!(doc.body_html.contains("采购总金额"));
        assert!(doc.body_html.contains("<td>356.8</td>"));
        drop(conn);
        // Under review: neither a new import nor its removal.
        assert!(matches!(
            import::remove_import(&store, &a.admin, a.agency_id, 2020, now).await,
            Err(ServiceError::Refused(_))
        ));
        let v = editor::view(&store, &a.admin, a.agency_id, 2020)
            .await
            .expect("view");
        assert_eq!(v.stage, Stage::UnderReview);
    }
);

both_backends!(
    json_brings_its_texts_and_an_import_can_be_undone,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2024-01-02")).await;
        let now = at("2025-01-20");
        let mut t = Tables::default();
        for c in [0, 6] {
            t.set(CellKey::Three(0, c), Some(1));
            t.set(CellKey::Three(2, c), Some(1));
            t.set(CellKey::Three(23, c), Some(1));
        }
        let json = serde_json::json!({
            "format": "2021", "year": 2024,
            "overview": "2024年总体情况。", "problems": "问题与改进。",
            "other": "本年度本机关未收取信息处理费。",
            "cells": t.labelled(),
        })
        .to_string();
        let problems =
            import::import_tables(&store, &a.admin, a.agency_id, 2023, json.as_bytes(), now)
                .await
                .expect("ran")
                .expect_err("another year");
        assert_eq!(problems, ["文件是2024年度的报告，不是2023年度的"]);
        import::import_tables(&store, &a.admin, a.agency_id, 2024, json.as_bytes(), now)
            .await
            .expect("ran")
            .expect("read");
        let v = editor::view(&store, &a.admin, a.agency_id, 2024)
            .await
            .expect("view");
        assert!(v.imported && v.tables == t);
        assert_eq!(v.overview, "2024年总体情况。");
        assert!(v.findings.is_empty(), "{:?}", v.findings);
        // A file with only some texts replaces those and keeps the others.
        let only =
            serde_json::json!({"overview": "改过的总体情况。", "cells": t.labelled()}).to_string();
        import::import_tables(&store, &a.admin, a.agency_id, 2024, only.as_bytes(), now)
            .await
            .expect("ran")
            .expect("read");
        let v = editor::view(&store, &a.admin, a.agency_id, 2024)
            .await
            .expect("view");
        assert_eq!(
            (v.overview.as_str(), v.problems.as_str()),
            ("改过的总体情况。", "问题与改进。")
        );
        // Without a stated format, cells both formats have are read in the year's.
        let four = serde_json::json!([
            {"section": "四", "row": "行政复议", "column": "结果维持", "value": 1},
            {"section": "四", "row": "行政复议", "column": "总计", "value": 1}
        ])
        .to_string();
        let findings =
            import::import_tables(&store, &a.admin, a.agency_id, 2020, four.as_bytes(), now)
                .await
                .expect("ran")
                .expect("read as 2019–2020");
        assert!(findings.is_empty(), "{findings:?}");
        import::remove_import(&store, &a.admin, a.agency_id, 2024, now)
            .await
            .expect("undone");
        let v = editor::view(&store, &a.admin, a.agency_id, 2024)
            .await
            .expect("view");
        assert!(!v.imported);
        assert_eq!(
            v.tables.get(CellKey::Three(0, 6)),
            Some(0),
            "the platform's count"
        );
        assert_eq!(v.overview, "改过的总体情况。", "the texts stay");
        assert!(matches!(
            import::remove_import(&store, &a.admin, a.agency_id, 2024, now).await,
            Err(ServiceError::NotFound)
        ));
    }
);

both_backends!(
    a_report_before_2019_is_imported_as_a_document,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2016-01-02")).await;
        let now = at("2026-03-02");
        fixtures::report_column(&store, a.site_id, now).await;
        let m = match import::import_tables(&store, &a.admin, a.agency_id, 2016, b"{}", now).await {
            Err(ServiceError::Refused(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(m.contains("作为文件导入"), "{m}");
        assert!(matches!(
            import::import_document(&store, &a.admin, a.agency_id, 2016, "  ", now).await,
            Err(ServiceError::Invalid(_))
        ));
        assert!(matches!(
            import::import_document(&store, &a.handler, a.agency_id, 2016, "一、概述", now).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            import::import_document(&store, &a.admin, a.agency_id, 2020, "一、概述", now).await,
            Err(ServiceError::Refused(_))
        ));
        let text = "一、概述\n2016年，本机关认真贯彻《条例》。\n二、主动公开政府信息情况\n全年主动公开政府信息120条。\n三、收费及减免情况\n未收取费用。";
        let id = import::import_document(&store, &a.admin, a.agency_id, 2016, text, now)
            .await
            .expect("imported");
        let mut conn = store.conn().await.expect("conn");
        let doc = documents::find(&mut conn, id)
            .await
            .expect("db")
            .expect("doc");
        assert_eq!(doc.title, "测试机关12016年政府信息公开工作年度报告");
        assert_eq!(doc.state, "pending_review");
        assert!(doc.body_html.contains("<h2>二、主动公开政府信息情况</h2>"));
        assert!(doc.body_html.contains("<p>全年主动公开政府信息120条。</p>"));
        drop(conn);
        let v = editor::view(&store, &a.admin, a.agency_id, 2016)
            .await
            .expect("view");
        assert_eq!((v.stage, v.document_id), (Stage::UnderReview, Some(id)));
        assert_eq!(v.year_format_label, "");
        // Published, it is never replaced by a second import (one report per agency and year):
        // it is corrected by editing its document.
        gongkai_services::publishing::act(
            &store,
            &a.reviewer,
            id,
            gongkai_domain::catalogue::workflow::WorkflowAction::Approve,
            "",
            now,
        )
        .await
        .expect("published");
        let again = import::import_document(&store, &a.admin, a.agency_id, 2016, text, now).await;
        assert!(
            matches!(&again, Err(ServiceError::Refused(m)) if m.contains("已经发布过") && m.contains("文件管理")),
            "{again:?}"
        );
    }
);

both_backends!(
    a_department_report_in_the_other_format_is_not_summed_and_says_why,
    |store: Store| async move {
        // spec/annual-report.md, Aggregation: tables are cell-wise sums — only of tables of one
        // layout; a department's 2020 report imported in the 2019–2020 format does not add into
        // a government's tables the platform computes in the 2021 format.
        let start = at("2020-01-02");
        let gov = fixtures::agency(&store, 1, None, start).await;
        let dept = fixtures::agency(&store, 2, Some(gov.agency_id), start).await;
        let now = at("2021-01-20");
        fixtures::report_column(&store, dept.site_id, now).await;
        import::import_tables(
            &store,
            &dept.admin,
            dept.agency_id,
            2020,
            &xlsx(&report_2020()),
            now,
        )
        .await
        .expect("ran")
        .expect("read");
        let text = TextForm {
            overview: "2020年总体情况。".into(),
            problems: "无。".into(),
            other: "本年度本机关未收取信息处理费。".into(),
        };
        editor::save_text(&store, &dept.admin, dept.agency_id, 2020, &text, now)
            .await
            .expect("text");
        let id = editor::submit(&store, &dept.admin, dept.agency_id, 2020, now)
            .await
            .expect("submitted");
        gongkai_services::publishing::act(
            &store,
            &dept.reviewer,
            id,
            gongkai_domain::catalogue::workflow::WorkflowAction::Approve,
            "",
            now,
        )
        .await
        .expect("published");
        let v = editor::view(&store, &gov.admin, gov.agency_id, 2020)
            .await
            .expect("view");
        assert!(!v.members[0].included);
        assert_eq!(v.tables.get(CellKey::Three(0, 6)), Some(0));
        assert!(
            v.warnings.iter().any(|w| w.message
                == "“测试机关2”已发布的2020年度报告为2019—2020年格式（国办公开办函〔2019〕60号），与本报告的表格格式不同，未计入汇总"),
            "{:?}",
            v.warnings
        );
    }
);
