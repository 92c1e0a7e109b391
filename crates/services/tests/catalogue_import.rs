//! `gongkai import catalogue`, on both backends: rows become documents 待审核 with their 文号
//! normalised and their personal-data findings, in one batch a 审核人 approves as a list (a
//! 索引号 of the source's 发布日期 on approval); rows that cannot be imported are reported with
//! every reason and leave nothing behind; importing again leaves unchanged rows alone, puts
//! changed ones up for review again and never duplicates; a dry run stores nothing.

use gongkai_domain::catalogue::import::{Defaults, Mapping};
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_search::{SearchIndex, SearchRequest};
use gongkai_services::catalogue_import::{self, Outcome, Target};
use gongkai_services::publishing::batches;
use gongkai_services::search::reindex;
use gongkai_services::{fixtures, publishing};
use gongkai_store::{Store, both_backends, document_imports, documents};

/// 2024-06-03 10:00 Beijing time.
const NOW: i64 = 1_717_380_000_000;

const FILE: &str = "\u{feff}链接,标题,文号,成文日期,发布日期,来源\r\n\
    https://example.gov.cn/1.html,关于做好示例工作的通知,示府发 [2017] 第08号,2017年3月1日,2017-03-05,甲\r\n\
    https://example.gov.cn/2.html,示例市城乡低保资金管理办法（试行）,,,2019/12/30,甲\r\n\
    https://example.gov.cn/3.html,,示府发〔2018〕1号,2018-01-01,2018-01-02,乙\r\n\
    https://example.gov.cn/4.html,发布早于成文的文件,,2020-05-02,2020-05-01,乙\r\n\
    https://example.gov.cn/5.html,文号写错的文件,示府发2018年1号,2018-01-01,2018-01-02,乙\r\n\
    https://example.gov.cn/6.html,未来的文件,,2999-01-01,,乙\r\n";

async fn run(store: &Store, text: &str, column_id: i64, agency_id: i64, dry_run: bool) -> Outcome {
    let source = catalogue_import::read("目录.csv", text.as_bytes()).expect("read");
    let mapping = Mapping::new(&source.columns, &[]).expect("mapping");
    let defaults = Defaults {
        subject: "0209".into(),
        columns: vec![column_id],
    };
    let target = Target {
        source_name: "目录.csv",
        agency_id,
        mapping: &mapping,
        defaults: &defaults,
        dry_run,
    };
    let mut seen = Vec::new();
    let outcome = catalogue_import::import(store, &source, &target, NOW, |done, total| {
        seen.push((done, total));
    })
    .await
    .expect("import");
    assert_eq!(seen.last(), Some(&(6, 6)), "progress reaches the total");
    outcome
}

/// The reviewer of agency `a` approves batch `id` whole.
async fn approve(store: &Store, a: &fixtures::AgencyFixture, id: Option<i64>) -> usize {
    batches::approve(
        store,
        &a.reviewer,
        id.expect("a batch"),
        &batches::BatchDecision::default(),
        NOW,
    )
    .await
    .expect("approved")
    .published
}

async fn published_count(store: &Store) -> usize {
    let mut conn = store.conn().await.expect("conn");
    documents::public_ids(&mut conn).await.expect("ids").len()
}

both_backends!(
    a_catalogue_is_imported_once_and_updated_in_place,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        // A dry run checks every row and keeps nothing.
        let dry = run(&store, FILE, a.column_id, a.agency_id, true).await;
        assert_eq!((dry.created, dry.rejected.len()), (2, 4));
        assert_eq!(published_count(&store).await, 0);

        let first = run(&store, FILE, a.column_id, a.agency_id, false).await;
        assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));
        let reasons: Vec<(usize, String)> = first
            .rejected
            .iter()
            .map(|r| (r.line, r.reasons.join("；")))
            .collect();
        assert_eq!(reasons[0], (4, "缺少标题".to_owned()));
        assert_eq!(reasons[1], (5, "发布日期不能早于成文日期".to_owned()));
        assert!(
            reasons[2].1.starts_with("发文字号“示府发2018年1号”无效"),
            "{reasons:?}"
        );
        assert_eq!(reasons[3], (7, "成文日期不能晚于今天".to_owned()));
        // Nothing is public before review (issue 15): the batch waits for a 审核人.
        assert_eq!(published_count(&store).await, 0);
        assert_eq!(approve(&store, &a, first.batch_id).await, 2);
        assert_eq!(published_count(&store).await, 2);

        let mut conn = store.conn().await.expect("conn");
        let keys = document_imports::list(&mut conn, a.agency_id)
            .await
            .expect("keys");
        assert_eq!(keys.len(), 2);
        let (_, notice_id) = keys[0].clone();
        let notice = documents::find(&mut conn, notice_id)
            .await
            .expect("find")
            .expect("document");
        assert_eq!(notice.state, "published");
        // GB/T 9704-2012 §7.2.4: 〔〕, no 第, no leading zero.
        assert_eq!(notice.doc_number.as_deref(), Some("示府发〔2017〕8号"));
        assert_eq!(notice.written_on, "2017-03-01");
        assert_eq!(notice.published_on.as_deref(), Some("2017-03-05"));
        assert_eq!(notice.genre, "notice");
        assert!(notice.index_number.is_some());
        let (_, measures_id) = keys[1].clone();
        let measures = documents::find(&mut conn, measures_id)
            .await
            .expect("find")
            .expect("document");
        // Only a 发布日期: it is also the 成文日期.
        assert_eq!(measures.written_on, "2019-12-30");
        assert_eq!(measures.genre, "measures");
        drop(conn);

        // The same file again: nothing added, nothing changed.
        let again = run(&store, FILE, a.column_id, a.agency_id, false).await;
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
        // Nothing new or changed: no empty batch for the reviewer.
        assert_eq!(again.batch_id, None);
        let batches: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_batches")
            .fetch_one(&mut *store.conn().await.expect("conn"))
            .await
            .expect("count");
        assert_eq!(batches, 1);
        assert_eq!(published_count(&store).await, 2);

        // A corrected row updates its document in place, keeping the 索引号; the change is
        // reviewed before the public sees it again.
        let corrected = FILE.replace("关于做好示例工作的通知", "关于做好示例工作的补充通知");
        let third = run(&store, &corrected, a.column_id, a.agency_id, false).await;
        assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 1));
        assert_eq!(published_count(&store).await, 1);
        assert_eq!(approve(&store, &a, third.batch_id).await, 1);
        assert_eq!(published_count(&store).await, 2);
        let mut conn = store.conn().await.expect("conn");
        let updated = documents::find(&mut conn, notice_id)
            .await
            .expect("find")
            .expect("document");
        assert_eq!(updated.title, "关于做好示例工作的补充通知");
        assert_eq!(updated.index_number, notice.index_number);
        drop(conn);

        // A document withdrawn by its agency is not brought back by a re-import.
        publishing::act(
            &store,
            &a.reviewer,
            notice_id,
            WorkflowAction::Withdraw,
            "已废止",
            NOW,
        )
        .await
        .expect("withdraw");
        let fourth = run(&store, FILE, a.column_id, a.agency_id, false).await;
        assert_eq!((fourth.created, fourth.updated), (0, 0));
        assert!(
            fourth
                .rejected
                .iter()
                .any(|r| r.line == 2 && r.reasons[0].contains("已撤回")),
            "{:?}",
            fourth.rejected
        );

        // What was imported is found by the search index, by 文号 in any brackets.
        let index = SearchIndex::in_memory().expect("index");
        reindex(&store, &index, |_, _| {}).await.expect("reindex");
        let hits = index
            .search(&SearchRequest {
                query: "低保".into(),
                limit: 10,
                ..SearchRequest::default()
            })
            .expect("search")
            .hits;
        assert_eq!(
            hits.iter().map(|h| h.id).collect::<Vec<u64>>(),
            [u64::try_from(measures_id).expect("id")]
        );
    }
);

both_backends!(
    json_lines_with_nested_fields_are_imported,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let text = "{\"id\": 7, \"title\": \"示例市河道管理条例\", \"db\": {\"publish\": \
                    \"2020-05-14\"}, \"doc_numbers_found\": [\"示府令第3号\", \"x\"], \
                    \"body_markdown\": \"## 第一章 总则\\n\\n第一条 为了管理河道。\"}\n";
        let source = catalogue_import::read("laws.jsonl", text.as_bytes()).expect("read");
        let mapping = Mapping::new(&source.columns, &[]).expect("mapping");
        let defaults = Defaults {
            subject: "0209".into(),
            columns: vec![a.column_id],
        };
        let target = Target {
            source_name: "laws.jsonl",
            agency_id: a.agency_id,
            mapping: &mapping,
            defaults: &defaults,
            dry_run: false,
        };
        let outcome = catalogue_import::import(&store, &source, &target, NOW, |_, _| {})
            .await
            .expect("import");
        assert_eq!(outcome.created, 1, "{:?}", outcome.rejected);
        approve(&store, &a, outcome.batch_id).await;
        let mut conn = store.conn().await.expect("conn");
        let keys = document_imports::list(&mut conn, a.agency_id)
            .await
            .expect("keys");
        assert_eq!(keys[0].0, "7");
        let doc = documents::find(&mut conn, keys[0].1)
            .await
            .expect("find")
            .expect("document");
        assert_eq!(doc.doc_number.as_deref(), Some("示府令第3号"));
        assert_eq!(doc.published_on.as_deref(), Some("2020-05-14"));
        assert_eq!(
            doc.body_html,
            "<h2>第一章 总则</h2><p>第一条 为了管理河道。</p>"
        );
    }
);

both_backends!(
    two_rows_with_the_same_key_are_not_both_imported,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        // No key column: the 文号 identifies a row, and two rows share one.
        let text = "标题,文号,发布日期\n甲,示府发〔2020〕1号,2020-01-02\n乙,示府发[2020]1号,2020-01-03\n\
                    丙,,2020-01-04\n丁,,2020-01-05\n戊,,2020-01-06\n己,,2020-01-07\n";
        let outcome = run(&store, text, a.column_id, a.agency_id, false).await;
        assert_eq!(outcome.created, 5);
        assert_eq!(outcome.rejected.len(), 1);
        assert_eq!(outcome.rejected[0].line, 3);
        assert!(
            outcome.rejected[0].reasons[0].contains("与第 2 行的标识相同"),
            "{:?}",
            outcome.rejected
        );
        // Importing again changes nothing: the first row keeps its document.
        let again = run(&store, text, a.column_id, a.agency_id, false).await;
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 5));
    }
);

both_backends!(
    an_import_batch_is_reviewed_as_one_list_and_personal_data_blocks_it,
    |store: Store| async move {
        // Issue 15: a row holding a resident ID number went live at once. Now it waits, with
        // its finding shown in context, and the batch cannot be approved past it.
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let b = fixtures::agency(&store, 2, None, NOW).await;
        let text = "标题,发布日期,正文\n\
                    关于表彰先进个人的决定,2021-03-01,获奖人张三（身份证号 11010519491231002X）\n\
                    示例市公共服务事项清单,2021-03-02,清单见附件\n\
                    示例市道路维修计划,2021-03-03,年内完成维修\n";
        let outcome = run_text(&store, text, &a).await;
        assert_eq!(outcome.created, 3, "{:?}", outcome.rejected);
        assert_eq!(outcome.with_findings, 1);
        let batch = outcome.batch_id.expect("batch");
        // Nothing is public, nothing searchable.
        assert_eq!(published_count(&store).await, 0);
        let v = batches::view(&store, &a.reviewer, batch, (0, 0))
            .await
            .expect("view");
        assert_eq!(
            (v.batch.rows, v.batch.pending, v.batch.with_open_findings),
            (3, 3, 1)
        );
        assert_eq!(v.findings.len(), 1);
        assert_eq!(v.findings[0].kind, "resident_id");
        assert!(
            v.findings[0].context.contains("张三"),
            "{:?}",
            v.findings[0]
        );
        assert!(v.may_review);
        // Approval with an open finding is refused, and nothing is published.
        let refused = batches::approve(
            &store,
            &a.reviewer,
            batch,
            &batches::BatchDecision::default(),
            NOW,
        )
        .await;
        assert!(
            matches!(&refused, Err(gongkai_services::ServiceError::Refused(m)) if m.contains("1 份文件")),
            "{refused:?}"
        );
        assert_eq!(published_count(&store).await, 0);
        // Another agency's staff neither see nor approve it; an editor does not approve.
        assert!(matches!(
            batches::view(&store, &b.reviewer, batch, (0, 0)).await,
            Err(gongkai_services::ServiceError::Forbidden)
        ));
        assert!(matches!(
            batches::approve(
                &store,
                &a.editor,
                batch,
                &batches::BatchDecision::default(),
                NOW
            )
            .await,
            Err(gongkai_services::ServiceError::Forbidden)
        ));
        // The rows with findings left out: the rest is published on its source's dates, the
        // left-out one returned to the editors.
        let done = batches::approve(
            &store,
            &a.reviewer,
            batch,
            &batches::BatchDecision {
                exclude_with_findings: true,
                ..batches::BatchDecision::default()
            },
            NOW,
        )
        .await
        .expect("approved");
        assert_eq!((done.published, done.returned), (2, 1));
        assert_eq!(published_count(&store).await, 2);
        let mut conn = store.conn().await.expect("conn");
        let dates: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT published_on FROM documents WHERE state = 'published' ORDER BY id",
        )
        .fetch_all(&mut *conn)
        .await
        .expect("dates");
        assert_eq!(
            dates,
            [Some("2021-03-02".to_owned()), Some("2021-03-03".to_owned())]
        );
        let returned: String = sqlx::query_scalar(
            "SELECT state FROM documents WHERE title = '关于表彰先进个人的决定'",
        )
        .fetch_one(&mut *conn)
        .await
        .expect("state");
        assert_eq!(returned, "draft");
        drop(conn);
        // The returned document is the editors' now: a re-import does not overwrite it.
        let changed = text.replace("获奖人张三", "获奖人张三等");
        let again = run_text(&store, &changed, &a).await;
        assert!(
            again
                .rejected
                .iter()
                .any(|r| r.reasons[0].contains("已退回信息员修改")),
            "{:?}",
            again.rejected
        );
    }
);

async fn run_text(store: &Store, text: &str, a: &fixtures::AgencyFixture) -> Outcome {
    let source = catalogue_import::read("批次.csv", text.as_bytes()).expect("read");
    let mapping = Mapping::new(&source.columns, &[]).expect("mapping");
    let defaults = Defaults {
        subject: "0209".into(),
        columns: vec![a.column_id],
    };
    let target = Target {
        source_name: "批次.csv",
        agency_id: a.agency_id,
        mapping: &mapping,
        defaults: &defaults,
        dry_run: false,
    };
    catalogue_import::import(store, &source, &target, NOW, |_, _| {})
        .await
        .expect("import")
}
