//! `gongkai import catalogue`, on both backends: rows become published documents with their
//! 文号 normalised and a 索引号; rows that cannot be imported are reported with every reason and
//! leave nothing behind; importing again leaves unchanged rows alone, updates changed ones and
//! never duplicates; a dry run stores nothing.

use gongkai_domain::catalogue::import::{Defaults, Mapping};
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_search::{SearchIndex, SearchRequest};
use gongkai_services::catalogue_import::{self, Outcome, Target};
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
        assert_eq!(published_count(&store).await, 2);

        // A corrected row updates its document in place, keeping the 索引号.
        let corrected = FILE.replace("关于做好示例工作的通知", "关于做好示例工作的补充通知");
        let third = run(&store, &corrected, a.column_id, a.agency_id, false).await;
        assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 1));
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
            agency_id: a.agency_id,
            mapping: &mapping,
            defaults: &defaults,
            dry_run: false,
        };
        let outcome = catalogue_import::import(&store, &source, &target, NOW, |_, _| {})
            .await
            .expect("import");
        assert_eq!(outcome.created, 1, "{:?}", outcome.rejected);
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
