//! Fresh databases for tests of this and the other crates: a SQLite file in a new temporary
//! folder, or a new PostgreSQL schema in the database of `GONGKAI_TEST_DATABASE_URL`.

use crate::{Backend, Store};

/// The environment variable naming the PostgreSQL test database.
pub const PG_ENV: &str = "GONGKAI_TEST_DATABASE_URL";

/// A migrated store for one test, on `backend`. Returns `None` for PostgreSQL when
/// `GONGKAI_TEST_DATABASE_URL` is not set (a developer without PostgreSQL still gets a green
/// `cargo test`; CI sets it, so there the PostgreSQL tests run).
pub async fn fresh_store(backend: Backend) -> Option<Store> {
    let unique = uuid::Uuid::now_v7().simple().to_string();
    let store = match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("gongkai-test-{unique}"));
            let url = format!("sqlite://{}", dir.join("test.db").display());
            Store::connect(&url)
                .await
                .expect("open SQLite test database")
        }
        Backend::Postgres => {
            let base = std::env::var(PG_ENV).ok().filter(|u| !u.is_empty())?;
            let schema = format!("gk_test_{unique}");
            let admin = Store::connect(&base)
                .await
                .expect("connect to PostgreSQL test database");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(admin.pool())
                .await
                .expect("create test schema");
            admin.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
            Store::connect(&url).await.expect("connect to test schema")
        }
    };
    store.migrate().await.expect("migrate test database");
    Some(store)
}

/// Declares one async test per backend: `both_backends!(name, |store| async move { … })`
/// expands to `name_sqlite` and `name_postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let store = $crate::testing::fresh_store($crate::Backend::Sqlite)
                    .await
                    .expect("SQLite is always available");
                ($body)(store).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(store) = $crate::testing::fresh_store($crate::Backend::Postgres).await
                else {
                    eprintln!("GONGKAI_TEST_DATABASE_URL not set: PostgreSQL test skipped");
                    return;
                };
                ($body)(store).await;
            }
        }
    };
}
