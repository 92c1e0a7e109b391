//! Store tests, each on SQLite and (when GONGKAI_TEST_DATABASE_URL is set) PostgreSQL.

use gongkai_store::{Store, both_backends, index_counters, outbox};

#[test]
fn migration_trees_are_in_step() {
    let (sqlite, postgres) = Store::migration_versions();
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres must have the same versions"
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
    let names = |sub: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(format!("{dir}/{sub}"))
            .expect("migration folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names("sqlite"),
        names("postgres"),
        "the two trees must have files of the same names"
    );
}

async fn table_names(store: &Store) -> Vec<String> {
    let sql = match store.backend() {
        gongkai_store::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name"
        }
        gongkai_store::Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_name <> '_sqlx_migrations' ORDER BY table_name"
        }
    };
    sqlx::query_scalar(sql)
        .fetch_all(store.pool())
        .await
        .expect("tables")
}

both_backends!(schema_has_every_table, |store: Store| async move {
    let tables = table_names(&store).await;
    for t in [
        "agencies",
        "attachments",
        "audit_log",
        "columns",
        "document_columns",
        "document_issuers",
        "documents",
        "index_counters",
        "outbox",
        "pii_findings",
        "sessions",
        "site_hosts",
        "sites",
        "subjects",
        "user_roles",
        "users",
    ] {
        assert!(
            tables.iter().any(|x| x == t),
            "missing table {t}: {tables:?}"
        );
    }
    assert_eq!(
        store.schema_status().await.expect("status"),
        gongkai_store::SchemaStatus::Current
    );
    let subjects: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subjects")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(
        subjects, 143,
        "the shipped taxonomy (22 subjects and 121 second-level ones) is seeded"
    );
});

both_backends!(
    a_rolled_back_serial_is_not_consumed,
    |store: Store| async move {
        let mut tx = store.begin_write().await.expect("tx");
        let agency: i64 = sqlx::query_scalar(
            "INSERT INTO agencies (name, short_name, code, index_pattern, created_at, updated_at) \
         VALUES ('甲', '甲', '000014349', '{code}/{year}-{seq:05}', 0, 0) RETURNING id",
        )
        .fetch_one(&mut *tx)
        .await
        .expect("agency");
        tx.commit().await.expect("commit");

        let mut tx = store.begin_write().await.expect("tx");
        assert_eq!(
            index_counters::next_seq(&mut tx, agency, "000014349/2024-")
                .await
                .expect("seq"),
            1
        );
        assert_eq!(
            index_counters::next_seq(&mut tx, agency, "000014349/2024-")
                .await
                .expect("seq"),
            2
        );
        tx.rollback().await.expect("rollback");

        // An error in the middle of a publication rolls back: the numbers come again.
        let mut tx = store.begin_write().await.expect("tx");
        assert_eq!(
            index_counters::next_seq(&mut tx, agency, "000014349/2024-")
                .await
                .expect("seq"),
            1
        );
        assert_eq!(
            index_counters::next_seq(&mut tx, agency, "000014349/2025-")
                .await
                .expect("seq"),
            1
        );
        tx.commit().await.expect("commit");
    }
);

both_backends!(
    outbox_is_ordered_and_transactional,
    |store: Store| async move {
        let mut tx = store.begin_write().await.expect("tx");
        let a = outbox::append(&mut tx, outbox::kind::DOCUMENT_PUBLISHED, 1, None, 10)
            .await
            .expect("append");
        tx.rollback().await.expect("rollback");
        let mut tx = store.begin_write().await.expect("tx");
        let b = outbox::append(&mut tx, outbox::kind::DOCUMENT_PUBLISHED, 2, Some(3), 11)
            .await
            .expect("append");
        let c = outbox::append(&mut tx, outbox::kind::DOCUMENT_WITHDRAWN, 2, None, 12)
            .await
            .expect("append");
        tx.commit().await.expect("commit");
        // SQLite may hand a rolled-back (never visible) seq out again; PostgreSQL does not.
        assert!(b >= a && c > b, "seq increases");
        let mut conn = store.conn().await.expect("conn");
        let events = outbox::list_after(&mut conn, 0, 10).await.expect("list");
        assert_eq!(
            events.iter().map(|e| e.entity_id).collect::<Vec<_>>(),
            [2, 2],
            "the rolled-back event is gone"
        );
        assert_eq!(events[0].site_id, Some(3));
        assert_eq!(outbox::last_seq(&mut conn).await.expect("last"), c);
        assert_eq!(
            outbox::list_after(&mut conn, b, 10)
                .await
                .expect("list")
                .len(),
            1
        );
    }
);

/// Table → sorted column names, as the backend reports them.
async fn columns_by_table(store: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out = std::collections::BTreeMap::new();
    for table in table_names(store).await {
        let sql = match store.backend() {
            gongkai_store::Backend::Sqlite => {
                format!("SELECT name FROM pragma_table_info('{table}')")
            }
            gongkai_store::Backend::Postgres => format!(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}'"
            ),
        };
        let mut cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_all(store.pool())
            .await
            .expect("columns");
        cols.sort();
        out.insert(table, cols);
    }
    out
}

#[tokio::test]
async fn both_trees_build_the_same_tables_and_columns() {
    let Some(pg) = gongkai_store::testing::fresh_store(gongkai_store::Backend::Postgres).await
    else {
        eprintln!("GONGKAI_TEST_DATABASE_URL not set: PostgreSQL test skipped");
        return;
    };
    let sqlite = gongkai_store::testing::fresh_store(gongkai_store::Backend::Sqlite)
        .await
        .expect("sqlite");
    assert_eq!(columns_by_table(&sqlite).await, columns_by_table(&pg).await);
}

both_backends!(
    the_public_fragment_agrees_with_the_domain_rule,
    |store: Store| async move {
        use gongkai_domain::catalogue::classification::DisclosureMode;
        use gongkai_domain::catalogue::visibility::is_public;
        use gongkai_domain::catalogue::workflow::PublicationState;
        let pool = store.pool();
        let agency: i64 = sqlx::query_scalar(
            "INSERT INTO agencies (name, short_name, code, index_pattern, created_at, updated_at) \
             VALUES ('甲', '甲', '000000000', '{code}', 0, 0) RETURNING id",
        )
        .fetch_one(pool)
        .await
        .expect("agency");
        let mut expected = Vec::new();
        let mut all = Vec::new();
        for state in PublicationState::ALL {
            for disclosure in DisclosureMode::ALL {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO documents (agency_id, state, title, subject_code, genre, \
                     legal_kind, written_on, published_on, disclosure, validity, created_at, \
                     updated_at) VALUES ($1, $2, 'x', '0201', 'notice', 'other', '2024-01-01', \
                     '2024-01-02', $3, 'valid', 0, 0) RETURNING id",
                )
                .bind(agency)
                .bind(state.as_str())
                .bind(disclosure.as_str())
                .fetch_one(pool)
                .await
                .expect("document");
                all.push(id);
                if is_public(*state, *disclosure) {
                    expected.push(id);
                }
            }
        }
        let found: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM documents WHERE {} ORDER BY id",
            gongkai_store::documents::PUBLIC
        )))
        .fetch_all(pool)
        .await
        .expect("public");
        assert_eq!(found, expected);
        assert_eq!(found.len(), 1, "published and proactive only");
        let mut conn = store.conn().await.expect("conn");
        for id in all {
            let by_sql = gongkai_store::documents::find_public(&mut conn, id)
                .await
                .expect("find")
                .is_some();
            let by_rule = gongkai_store::documents::find(&mut conn, id)
                .await
                .expect("find")
                .is_some_and(|d| d.is_public());
            assert_eq!(by_sql, by_rule, "document {id}");
        }
    }
);
