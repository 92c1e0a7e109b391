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
