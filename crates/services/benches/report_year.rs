//! Benchmark (not a test): one agency with N applications (default 1,000,000) received over five
//! years (2021–2025), most closed within weeks under every ground, some carried over; then the
//! annual report's section 三 (with section 四) of 2024 is computed several times, on SQLite and —
//! when `GONGKAI_TEST_DATABASE_URL` is set — on PostgreSQL. Prints the load time and each run.
//!
//! ```sh
//! GONGKAI_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!   cargo bench -p gongkai-services --bench report_year -- 1000000
//! ```

use std::time::Instant;

use gongkai_domain::application::applicant::ApplicantKind;
use gongkai_domain::application::outcome::Ground;
use gongkai_services::applications as apps;
use gongkai_services::fixtures::{self, Lcg, at};
use gongkai_store::testing::fresh_store;
use gongkai_store::{Backend, Store};

const ROWS_PER_INSERT: usize = 500;
const ROWS_PER_TRANSACTION: usize = 50_000;

async fn load(store: &Store, agency: i64, n: usize) {
    let first = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
    let days = 5 * 365;
    let grounds: Vec<Ground> = Ground::ALL.to_vec();
    let kinds = ApplicantKind::ALL;
    let mut rng = Lcg(2026);
    let mut done = 0;
    while done < n {
        let mut tx = store.begin_write().await.expect("tx");
        let end = (done + ROWS_PER_TRANSACTION).min(n);
        while done < end {
            let batch = (end - done).min(ROWS_PER_INSERT);
            let mut sql = String::from(
                "INSERT INTO applications (agency_id, number, query_code, secret_hash, lifecycle, \
                 channel, channel_on, received_on, kind, name, id_number, identity_key, phone, \
                 description, info_form, delivery, outcome, ground, closed_on, submitted_at, \
                 created_at, updated_at) VALUES ",
            );
            let mut rows = Vec::with_capacity(batch);
            for i in 0..batch {
                let p = i * 8;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "({agency}, ${}, ${}, 'x', ${}, 'online', ${}, ${}, ${}, '申请人', 'x', ${}, \
                     '13800000000', '所需信息', 'paper', 'post', NULL, ${}, ${}, 0, 0, 0)",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 8
                ));
                let seq = done + i;
                let received = first + chrono::Days::new(rng.next(days));
                // One in fifty is still open at the end of its year or later; the rest close
                // after 1–40 days.
                let closed =
                    (rng.next(50) != 0).then(|| received + chrono::Days::new(1 + rng.next(40)));
                let kind = kinds[if rng.next(4) == 0 {
                    1 + rng.next(5) as usize
                } else {
                    0
                }];
                let ground = grounds[rng.next(grounds.len() as u64) as usize];
                rows.push((seq, received, closed, kind, ground));
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (seq, received, closed, kind, ground) in rows {
                q = q
                    .bind(format!("B-{seq}"))
                    .bind(format!("QB{seq:09}"))
                    .bind(if closed.is_some() { "closed" } else { "open" })
                    .bind(received.format("%Y-%m-%d").to_string())
                    .bind(kind.as_str())
                    .bind(format!("id-{}", seq % 50_000))
                    .bind(closed.map(|_| ground.as_str()))
                    .bind(closed.map(|d| d.format("%Y-%m-%d").to_string()));
            }
            q.execute(&mut *tx).await.expect("insert");
            done += batch;
        }
        tx.commit().await.expect("commit");
    }
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async move {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            // SQLite in a folder of its own, removed at the end (the database is ~400 MB);
            // PostgreSQL in a new schema of the test database.
            let dir = std::env::temp_dir().join(format!("gongkai-bench-{}", std::process::id()));
            let store = match backend {
                Backend::Sqlite => {
                    let url = format!("sqlite://{}", dir.join("bench.db").display());
                    let store = Store::connect(&url).await.expect("SQLite");
                    store.migrate().await.expect("migrate");
                    store
                }
                Backend::Postgres => {
                    let Some(store) = fresh_store(backend).await else {
                        println!("{backend:?}: GONGKAI_TEST_DATABASE_URL not set, skipped");
                        continue;
                    };
                    store
                }
            };
            let a = fixtures::agency(&store, 1, None, at("2021-01-01")).await;
            let t = Instant::now();
            load(&store, a.agency_id, n).await;
            println!("{backend:?}: {n} applications loaded in {:.1} s", t.elapsed().as_secs_f64());
            // What autovacuum and the planner's statistics would have done by the time anyone
            // reads a report.
            let maintenance = match backend {
                Backend::Sqlite => "ANALYZE",
                Backend::Postgres => "VACUUM ANALYZE applications",
            };
            sqlx::query(maintenance).execute(store.pool()).await.expect("analyze");
            let mut runs = Vec::new();
            for _ in 0..5 {
                let t = Instant::now();
                let y = apps::year_counts(&store, &a.handler, a.agency_id, 2024)
                    .await
                    .expect("year");
                runs.push(t.elapsed().as_secs_f64() * 1000.0);
                assert!(y.r1_failures.is_empty());
            }
            let mut sorted = runs.clone();
            sorted.sort_by(f64::total_cmp);
            println!(
                "{backend:?}: section 三 (and 四) of 2024 over {n} applications: runs {} ms; median {:.0} ms",
                runs.iter().map(|r| format!("{r:.0}")).collect::<Vec<_>>().join(" / "),
                sorted[sorted.len() / 2]
            );
            store.close().await;
            let _ = std::fs::remove_dir_all(&dir);
        }
    });
}
