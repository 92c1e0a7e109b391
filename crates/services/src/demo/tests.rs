use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use gongkai_domain::agency::code::parse_agency_code;
use gongkai_domain::auth::Role;
use gongkai_domain::catalogue::body::html_to_text;
use gongkai_domain::catalogue::classification::{Genre, LegalKind};
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_domain::catalogue::index_number::{IndexContext, IndexPattern};
use gongkai_domain::catalogue::pii;
use gongkai_domain::catalogue::taxonomy::Taxonomy;
use gongkai_domain::catalogue::validity::Validity;
use gongkai_store::Store;

use super::plan::{self, Shape};
use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 10:00 in Beijing on `today`.
fn morning(today: NaiveDate) -> i64 {
    Utc.with_ymd_and_hms(today.year(), today.month(), today.day(), 2, 0, 0)
        .unwrap()
        .timestamp_millis()
}

#[test]
fn agency_codes_carry_valid_check_characters() {
    for spec in AGENCIES {
        let code = credit_code(spec).unwrap();
        assert!(parse_agency_code(&code).is_ok(), "{code}");
        // GB 11714-1997: the 组织机构代码 inside the credit code checks on its own too.
        assert!(parse_agency_code(&code[8..17]).is_ok(), "{code}");
        assert!(
            code.starts_with("11"),
            "government organs are 机关 (11): {code}"
        );
    }
}

#[test]
fn plans_are_coherent_whatever_the_date() {
    let taxonomy = Taxonomy::shipped();
    for today in [
        date(2026, 11, 23),
        date(2025, 1, 1),
        date(2024, 1, 20),
        date(2027, 12, 31),
        date(2028, 2, 29),
    ] {
        let plan = plan::build(today);
        let docs = &plan.docs;
        assert!(docs.len() >= 300, "{today}: {} documents", docs.len());
        let mut titles = HashSet::new();
        for (i, d) in docs.iter().enumerate() {
            assert!(
                titles.insert(d.title.as_str()),
                "{today}: title twice: {}",
                d.title
            );
            assert!(
                d.published_on <= today,
                "{today}: {} published {}",
                d.title,
                d.published_on
            );
            let gap = (d.published_on - d.written_on).num_days();
            assert!(
                (1..=15).contains(&gap),
                "{today}: {} written {gap} days before",
                d.title
            );
            assert!(!d.columns.is_empty(), "{}", d.title);
            assert!(
                d.agency == topics::GOV || !d.columns.contains(&Col::Zfgz),
                "{}",
                d.title
            );
            let end = |x: Option<NaiveDate>| x.map(|x| x.to_string()).unwrap_or_default();
            let form = DocumentForm {
                title: d.title.clone(),
                subject: d.subject.into(),
                genre: d.genre.as_str().into(),
                legal_kind: d.kind.as_str().into(),
                doc_number: d.doc_number.clone().unwrap_or_default(),
                written_on: d.written_on.to_string(),
                effective_on: end(d.effective_on),
                summary: d.summary.clone(),
                validity: d.validity.as_str().into(),
                ended_on: end(d.ended_on),
                item20: d.item20.map(|n| n.to_string()).unwrap_or_default(),
                columns: vec![1],
                body_html: d.body_html.clone(),
                ..Default::default()
            };
            let meta = form
                .validate(&taxonomy, today)
                .unwrap_or_else(|e| panic!("{today}: {}: {e}", d.title));
            // A normalised 文号 is stored as generated.
            assert_eq!(meta.doc_number, d.doc_number, "{}", d.title);
            if let Some(j) = d.interprets {
                assert!(docs[j].published_on < d.published_on, "{}", d.title);
                assert!(docs[j].kind != LegalKind::Other);
            }
            if let Some(j) = d.replaced_by {
                assert_eq!(docs[j].agency, d.agency);
                assert!(docs[j].published_on > d.published_on, "{}", d.title);
                assert_eq!(d.validity, Validity::Repealed);
                assert_eq!(docs[j].replaces, Some(i));
            }
            if d.validity == Validity::Repealed {
                assert!(d.replaced_by.is_some(), "{}", d.title);
            }
        }
        let mut numbers = HashSet::new();
        for d in docs.iter().filter_map(|d| d.doc_number.as_deref()) {
            assert!(numbers.insert(d), "{today}: 文号 twice: {d}");
        }
        let mut last = None;
        for &i in &plan.order {
            assert!(last.is_none_or(|l| l <= docs[i].published_on));
            last = Some(docs[i].published_on);
        }
    }
}

#[test]
fn the_plan_covers_the_catalogue() {
    let today = date(2026, 11, 23);
    let plan = plan::build(today);
    let docs = &plan.docs;
    let count = |f: &dyn Fn(&plan::Planned) -> bool| docs.iter().filter(|d| f(d)).count();
    // 条例第二十条: every item is used several times.
    for item in 1..=15 {
        let n = count(&|d| d.item20 == Some(item));
        assert!(n >= 3, "item {item}: {n}");
    }
    for genre in Genre::ALL {
        assert!(count(&|d| d.genre == *genre) >= 2, "{genre:?}");
    }
    let years: HashSet<i32> = docs.iter().map(|d| d.published_on.year()).collect();
    assert_eq!(years, (2022..=2026).collect::<HashSet<i32>>());
    assert!(count(&|d| d.kind == LegalKind::Rule) >= 4);
    assert!(count(&|d| d.kind == LegalKind::Normative) >= 30);
    assert!(count(&|d| !d.co.is_empty()) >= 5);
    assert!(count(&|d| d.validity == Validity::Repealed) >= 12);
    assert!(count(&|d| d.validity == Validity::Expired) >= 2);
    assert!(count(&|d| d.validity == Validity::Amended) >= 2);
    assert!(count(&|d| d.shape == Shape::Interpretation) >= 15);
    for (a, _) in AGENCIES.iter().enumerate() {
        for year in 2022..=2026 {
            assert!(
                count(&|d| d.agency == a && d.published_on.year() == year) >= 5,
                "{a} {year}"
            );
        }
    }
}

#[test]
fn generated_text_has_no_personal_data() {
    let plan = plan::build(date(2026, 11, 23));
    for d in &plan.docs {
        for text in [
            html_to_text(&d.body_html),
            d.title.clone(),
            d.summary.clone(),
        ] {
            assert!(
                pii::scan(&text).is_empty(),
                "{}: {:?}",
                d.title,
                pii::scan(&text)
            );
        }
        assert!(d.body_html.matches("<p>").count() >= 3, "{}", d.title);
        assert!(d.summary.chars().count() <= 100);
    }
    for spec in AGENCIES {
        assert!(pii::scan(&html_to_text(&reports::functions_page(spec))).is_empty());
    }
}

#[test]
fn demo_accounts_are_valid() {
    let roles: HashSet<Role> = DEMO_ACCOUNTS.iter().map(|a| a.role).collect();
    assert_eq!(roles.len(), Role::ALL.len());
    for a in DEMO_ACCOUNTS {
        assert!(crate::accounts::check_password(a.password).is_ok());
        assert_eq!(a.agency.is_empty(), a.role.is_global(), "{}", a.username);
        assert!(a.agency.is_empty() || AGENCIES.iter().any(|s| s.name == a.agency));
    }
}

async fn fresh_store() -> (Store, std::path::PathBuf) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("gongkai-demo-{}-{nanos}", std::process::id()));
    let store = Store::connect(&format!("sqlite://{}/demo.db", dir.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

async fn scalar(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn loads_the_demo_into_an_empty_database() {
    let (store, dir) = fresh_store().await;
    let today = date(2026, 11, 23);
    let started = std::time::Instant::now();
    let summary = load(&store, today, morning(today)).await.unwrap();
    eprintln!("demo loaded in {:?}: {summary:?}", started.elapsed());

    assert_eq!(
        scalar(&store, "SELECT COUNT(*) FROM sites WHERE is_portal = 1").await,
        1
    );
    assert!(scalar(&store, "SELECT COUNT(*) FROM sites WHERE is_portal = 0").await >= 5);
    let paths: Vec<String> = sqlx::query_scalar("SELECT path FROM columns")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(paths.iter().map(|p| p.split('/').count()).max(), Some(4));
    assert_eq!(paths.len(), summary.columns);

    let published = scalar(
        &store,
        "SELECT COUNT(*) FROM documents WHERE state = 'published'",
    )
    .await;
    assert!(published >= 300, "{published}");
    // An import batch waits for the 民政局's 审核人, one of its rows with a mobile number.
    let batch: (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN d.state = 'pending_review' THEN 1 ELSE 0 END), \
         (SELECT COUNT(*) FROM pii_findings f JOIN document_imports i ON i.document_id = \
         f.document_id) FROM document_imports di JOIN documents d ON d.id = di.document_id",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(batch, (3, 3, 1));
    assert_eq!(usize::try_from(published).unwrap(), summary.documents);
    let years: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT substr(published_on, 1, 4) FROM documents WHERE state = 'published' \
             ORDER BY 1",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(years, ["2022", "2023", "2024", "2025", "2026"]);
    let items: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT item20 FROM documents WHERE item20 IS NOT NULL ORDER BY 1",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(items, (1..=15).collect::<Vec<i64>>());
    let genres: HashSet<String> = sqlx::query_scalar("SELECT DISTINCT genre FROM documents")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(
        genres,
        Genre::ALL
            .iter()
            .map(|g| g.as_str().to_owned())
            .collect::<HashSet<String>>()
    );
    assert!(scalar(&store, "SELECT COUNT(*) FROM documents WHERE validity = 'repealed' AND replaced_by_id IS NOT NULL").await >= 10);
    assert!(
        scalar(
            &store,
            "SELECT COUNT(*) FROM documents WHERE interprets_id IS NOT NULL"
        )
        .await
            >= 10
    );
    assert!(scalar(&store, "SELECT COUNT(*) FROM document_issuers").await >= 5);

    let roles: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.username, r.role FROM users u JOIN user_roles r ON r.user_id = u.id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(roles.len(), DEMO_ACCOUNTS.len());
    for a in DEMO_ACCOUNTS {
        assert!(
            roles.contains(&(a.username.to_owned(), a.role.as_str().to_owned())),
            "{}",
            a.username
        );
    }
    for role in Role::ALL {
        assert!(roles.iter().any(|(_, r)| r == role.as_str()), "{role:?}");
    }

    let bodies: Vec<(String, String)> =
        sqlx::query_as("SELECT title, body_html FROM documents WHERE state = 'published'")
            .fetch_all(store.pool())
            .await
            .unwrap();
    for (title, body) in &bodies {
        assert!(pii::scan(&html_to_text(body)).is_empty(), "{title}");
    }

    // 索引号: unique, in the agency's pattern, rising with the date within a scope.
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT d.id, d.index_number, d.published_on, d.subject_code, a.code, a.index_pattern \
         FROM documents d JOIN agencies a ON a.id = d.agency_id WHERE d.state = 'published' \
         ORDER BY d.id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let mut seen = HashSet::new();
    let mut last: HashMap<String, (String, u64)> = HashMap::new();
    for (id, number, published, subject, code, pattern) in &rows {
        assert!(seen.insert(number.clone()), "{number} twice");
        let pattern = IndexPattern::parse(pattern).unwrap();
        let ctx = IndexContext {
            code,
            date: gongkai_domain::date::parse_date(published).unwrap(),
            category: subject,
        };
        let scope = pattern.scope(&ctx);
        let seq: u64 = number
            .strip_prefix(&scope)
            .unwrap_or_else(|| panic!("{id}: {number} not in {scope}"))
            .parse()
            .unwrap();
        assert_eq!(&pattern.render(&ctx, seq), number);
        if let Some((date, prev)) = last.get(&scope) {
            assert!(
                date <= published && *prev < seq,
                "{number} after {scope}{prev}"
            );
        }
        last.insert(scope, (published.clone(), seq));
    }
    assert!(
        rows.iter().any(|r| r.5.contains("{month}")),
        "one agency uses a monthly pattern"
    );

    // 国办秘函〔2019〕19号: five empty columns fail a site; only the 政府信息公开 landing
    // column, whose content is its sub-columns, holds no documents of its own.
    let empty: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.slug, c.path FROM columns c JOIN sites s ON s.id = c.site_id WHERE c.kind = 'list' \
         AND NOT EXISTS (SELECT 1 FROM document_columns dc WHERE dc.column_id = c.id) ORDER BY 1, 2",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(empty.iter().all(|(_, path)| path == "zwgk"), "{empty:?}");

    let again = load(&store, today, morning(today)).await;
    assert!(
        matches!(again, Err(ServiceError::Refused(ref m)) if m.starts_with("数据库不是空的")),
        "{again:?}"
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
