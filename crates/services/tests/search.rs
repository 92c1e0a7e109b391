//! The search index kept in step with the catalogue, on both backends: a publication is
//! searchable after the writer's next round, a withdrawal takes it out, the commit records the
//! last outbox entry so a restart applies nothing again, and `reindex` rebuilds from the
//! database.

use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_search::{SearchIndex, SearchRequest};
use gongkai_services::fixtures;
use gongkai_services::publishing;
use gongkai_services::search::{Follower, reindex};
use gongkai_store::{Store, both_backends};

/// 2024-06-03 10:00 Beijing time.
const NOW: i64 = 1_717_380_000_000;

fn found(index: &SearchIndex, q: &str) -> Vec<u64> {
    index
        .search(&SearchRequest {
            query: q.into(),
            limit: 10,
            ..SearchRequest::default()
        })
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

/// Publishes a document titled `title` (drafted, submitted, approved); its id.
async fn publish(store: &Store, a: &fixtures::AgencyFixture, title: &str) -> i64 {
    publish_form(store, a, &fixtures::document_form(a.column_id, title)).await
}

/// Publishes a document of `form`; its id.
async fn publish_form(
    store: &Store,
    a: &fixtures::AgencyFixture,
    form: &gongkai_domain::catalogue::document::DocumentForm,
) -> i64 {
    let id = publishing::create_draft(store, &a.editor, a.agency_id, form, NOW)
        .await
        .expect("draft");
    publishing::act(store, &a.editor, id, WorkflowAction::Submit, "", NOW)
        .await
        .expect("submit");
    publishing::act(store, &a.reviewer, id, WorkflowAction::Approve, "", NOW)
        .await
        .expect("published");
    id
}

/// Takes the publication of document `id` out of the outbox, as if its transaction had not
/// committed yet; its number and time.
async fn hold_back(conn: &mut gongkai_store::Conn, id: i64) -> (i64, i64) {
    let (seq, created_at): (i64, i64) = sqlx::query_as(
        "SELECT seq, created_at FROM outbox WHERE entity_id = $1 AND kind = 'document.published'",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await
    .expect("entry");
    sqlx::query("DELETE FROM outbox WHERE seq = $1")
        .bind(seq)
        .execute(&mut *conn)
        .await
        .expect("delete");
    (seq, created_at)
}

/// Writes an outbox entry of the given number (a transaction committing late).
async fn commit_entry(
    store: &Store,
    conn: &mut gongkai_store::Conn,
    (seq, kind, entity_id, created_at): (i64, &str, i64, i64),
) {
    let overriding = match store.backend() {
        gongkai_store::Backend::Postgres => "OVERRIDING SYSTEM VALUE",
        gongkai_store::Backend::Sqlite => "",
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO outbox (seq, kind, entity_id, site_id, created_at) {overriding} \
         VALUES ($1, $2, $3, NULL, $4)"
    )))
    .bind(seq)
    .bind(kind)
    .bind(entity_id)
    .bind(created_at)
    .execute(&mut *conn)
    .await
    .expect("entry");
}

both_backends!(
    the_index_follows_publication_and_withdrawal,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let index = SearchIndex::in_memory().expect("index");
        let mut writer = index.writer().expect("writer");
        let mut follower = Follower::resuming(&index).expect("follower");
        let mut form = fixtures::document_form(a.column_id, "关于城乡低保资金发放的通知");
        form.doc_number = "鄂民办发[2024]3号".into();
        let id = publishing::create_draft(&store, &a.editor, a.agency_id, &form, NOW)
            .await
            .expect("draft");
        publishing::act(&store, &a.editor, id, WorkflowAction::Submit, "", NOW)
            .await
            .expect("submit");
        // A draft under review is not public: nothing to find.
        follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert!(found(&index, "低保").is_empty());
        publishing::act(&store, &a.reviewer, id, WorkflowAction::Approve, "", NOW)
            .await
            .expect("published");
        let applied = follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert_eq!(applied, 1);
        let id = u64::try_from(id).expect("id");
        assert_eq!(found(&index, "低保"), [id]);
        assert_eq!(found(&index, "鄂民办发〔2024〕3号"), [id]);
        let last = index.last_applied().expect("meta").expect("recorded");
        // A restart resumes after the commit: nothing applied again.
        let mut again = Follower::resuming(&index).expect("follower");
        assert_eq!(
            again
                .round(&store, &index, &mut writer)
                .await
                .expect("round"),
            0
        );
        assert_eq!(index.last_applied().expect("meta"), Some(last));
        // Withdrawn: out of the index.
        publishing::act(
            &store,
            &a.reviewer,
            i64::try_from(id).expect("id"),
            WorkflowAction::Withdraw,
            "内容有误",
            NOW,
        )
        .await
        .expect("withdrawn");
        follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert!(found(&index, "低保").is_empty());
        // Rebuilt from the database: still out; published again after a rebuild, back in.
        drop(writer);
        let mut shown = Vec::new();
        let n = reindex(&store, &index, |done, total| shown.push((done, total)))
            .await
            .expect("reindex");
        assert_eq!(n, 0);
        assert!(found(&index, "低保").is_empty());
    }
);

both_backends!(
    an_outbox_entry_committed_late_is_still_applied,
    |store: Store| async move {
        // On PostgreSQL a transaction may hold a lower outbox number than one committed before
        // it (an import's batch): the follower passes over the number and asks for it again.
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let index = SearchIndex::in_memory().expect("index");
        let mut writer = index.writer().expect("writer");
        let mut follower = Follower::resuming(&index).expect("follower");
        let late = publish(&store, &a, "关于低保资金的通知").await;
        let early = publish(&store, &a, "关于营商环境的通知").await;
        // The first publication's entry is not committed yet: take it out of the outbox.
        let mut conn = store.conn().await.expect("conn");
        let (seq, created_at) = hold_back(&mut conn, late).await;
        follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert_eq!(
            found(&index, "营商环境"),
            [u64::try_from(early).expect("id")]
        );
        assert!(found(&index, "低保").is_empty());
        // Now it commits, with its number below the last applied.
        commit_entry(
            &store,
            &mut conn,
            (seq, "document.published", late, created_at),
        )
        .await;
        drop(conn);
        let applied = follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert_eq!(applied, 1);
        assert_eq!(found(&index, "低保"), [u64::try_from(late).expect("id")]);
        // Applied once: the next round has nothing to do.
        assert_eq!(
            follower
                .round(&store, &index, &mut writer)
                .await
                .expect("round"),
            0
        );
    }
);

both_backends!(
    a_restart_asks_again_for_an_entry_waited_for_long,
    |store: Store| async move {
        // A transaction holds an outbox number while more than the trailing window of entries
        // commits after it, then the node restarts: the index's commit recorded the oldest
        // number waited for, so the restarted follower still applies it when it comes.
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let dir =
            std::env::temp_dir().join(format!("gongkai-index-{}", uuid::Uuid::now_v7().simple()));
        let index = SearchIndex::open(&dir).expect("index");
        let mut writer = index.writer().expect("writer");
        let mut follower = Follower::resuming(&index).expect("follower");
        let late = publish(&store, &a, "关于低保资金的通知").await;
        let mut conn = store.conn().await.expect("conn");
        let (seq, created_at) = hold_back(&mut conn, late).await;
        // More than the trailing window commits after it.
        let after = seq + 1 + gongkai_services::search::TRAILING_WINDOW + 10;
        for s in (seq + 1)..=after {
            commit_entry(
                &store,
                &mut conn,
                (s, "site.changed", a.agency_id, created_at),
            )
            .await;
        }
        follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert!(found(&index, "低保").is_empty());
        assert_eq!(index.oldest_waited().expect("meta"), Some(seq));
        // The node restarts.
        drop(writer);
        drop(follower);
        let index = SearchIndex::open(&dir).expect("reopen");
        let mut writer = index.writer().expect("writer");
        let mut follower = Follower::resuming(&index).expect("follower");
        // Now the transaction commits.
        commit_entry(
            &store,
            &mut conn,
            (seq, "document.published", late, created_at),
        )
        .await;
        drop(conn);
        follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert_eq!(found(&index, "低保"), [u64::try_from(late).expect("id")]);
        assert_eq!(index.oldest_waited().expect("meta"), None);
        drop(writer);
        drop(index);
        let _ = std::fs::remove_dir_all(&dir);
    }
);

/// A document that cannot be read fails its round again and again; after
/// [`gongkai_services::search::MAX_FAILURES`] rounds the others are indexed without it. (The
/// unreadable row is made with SQLite's loose typing: a body stored as bytes.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_failing_every_time_no_longer_holds_the_others_back() {
    let store = gongkai_store::testing::fresh_store(gongkai_store::Backend::Sqlite)
        .await
        .expect("SQLite");
    let a = fixtures::agency(&store, 1, None, NOW).await;
    let index = SearchIndex::in_memory().expect("index");
    let mut writer = index.writer().expect("writer");
    let mut follower = Follower::resuming(&index).expect("follower");
    let broken = publish(&store, &a, "关于低保资金的通知").await;
    let fine = publish(&store, &a, "关于营商环境的通知").await;
    let mut conn = store.conn().await.expect("conn");
    sqlx::query("UPDATE documents SET body_html = X'FF00' WHERE id = $1")
        .bind(broken)
        .execute(&mut *conn)
        .await
        .expect("break the row");
    drop(conn);
    for _ in 0..gongkai_services::search::MAX_FAILURES {
        assert!(follower.round(&store, &index, &mut writer).await.is_err());
        assert!(found(&index, "营商环境").is_empty());
    }
    let applied = follower
        .round(&store, &index, &mut writer)
        .await
        .expect("round without it");
    assert_eq!(applied, 1);
    assert_eq!(
        found(&index, "营商环境"),
        [u64::try_from(fine).expect("id")]
    );
    assert!(found(&index, "低保").is_empty());
}

both_backends!(
    an_index_built_before_the_rule_is_corrected_by_the_upgrade,
    |store: Store| async move {
        // Issue 15: the indexer used to take in every published document. A document 依申请公开
        // is published, and an index built by that version holds it.
        let a = fixtures::agency(&store, 1, None, NOW).await;
        let mut form = fixtures::document_form(a.column_id, "依申请公开的内部统计口径说明");
        form.disclosure = "on_request".into();
        let id = publish_form(&store, &a, &form).await;
        // The indexer of today leaves it out.
        let mut conn = store.conn().await.expect("conn");
        assert!(
            gongkai_services::search::indexed_document(&mut conn, id)
                .await
                .expect("read")
                .is_none()
        );
        let index = SearchIndex::in_memory().expect("index");
        let mut writer = index.writer().expect("writer");
        let old = gongkai_search::IndexedDocument {
            keywords: String::new(),
            id: u64::try_from(id).expect("id"),
            title: form.title.clone(),
            body: "各有关单位".into(),
            doc_number: Some(form.doc_number.clone()),
            index_number: None,
            agency_id: a.agency_id,
            subject: form.subject.clone(),
            item20: Some(1),
            genre: form.genre.clone(),
            validity: form.validity.clone(),
            columns: vec![a.column_id],
            sites: vec![],
            published_on: "2024-06-03".into(),
        };
        index.put(&writer, &old).expect("put");
        let last = gongkai_store::outbox::last_seq(&mut conn)
            .await
            .expect("last");
        index.commit(&mut writer, last).expect("commit");
        assert_eq!(found(&index, "统计口径"), [old.id]);
        // The upgrade's migration, as `migrate` runs it on the existing database.
        let migration = match store.backend() {
            gongkai_store::Backend::Sqlite => {
                include_str!("../../store/migrations/sqlite/0012_withheld_out_of_the_index.sql")
            }
            gongkai_store::Backend::Postgres => {
                include_str!("../../store/migrations/postgres/0012_withheld_out_of_the_index.sql")
            }
        };
        sqlx::raw_sql(sqlx::AssertSqlSafe(migration))
            .execute(&mut *conn)
            .await
            .expect("migration");
        drop(conn);
        // The node restarts on the upgraded binary: its follower's next round takes it out.
        let mut follower = Follower::resuming(&index).expect("follower");
        follower
            .round(&store, &index, &mut writer)
            .await
            .expect("round");
        assert!(found(&index, "统计口径").is_empty());
    }
);
