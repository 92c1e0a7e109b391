//! Search quality over real government documents: the 3,475 laws and regulations (with full
//! text) and the 43,439 policy documents' metadata of `../shared/corpora`, imported by the
//! catalogue importer as an operator would (`gongkai import catalogue`), indexed, and searched
//! with the queries of `search_quality.tsv`.
//!
//! Each line of the file is `kind, query, expected keys`: every expected document must be in the
//! first ten results by relevance. The lines were chosen by a script over the corpora: for text
//! queries the expected documents are all the documents whose title contains the query, and few
//! documents contain it anywhere; for 文号 queries, the documents carrying that number. The kinds
//! cover 2-, 3- and 4-character queries, longer phrases, two-part queries, 文号 as written and
//! with mistyped brackets, Traditional script and full-width characters. At least 95 % must pass.
//!
//! The corpora are test data, not part of the repository: they are read from
//! `GONGKAI_CORPORA_DIR`, else `../shared/corpora` beside the checkout. Without them the test
//! says so and passes, unless `GONGKAI_REQUIRE_CORPORA=1` (set by `.ci/run` when the corpora
//! are there).

use std::collections::HashMap;
use std::path::PathBuf;

use gongkai_domain::catalogue::import::{Defaults, Mapping};
use gongkai_search::{SearchIndex, SearchRequest};
use gongkai_services::catalogue_import::{self, Target};
use gongkai_services::fixtures;
use gongkai_services::search::reindex;
use gongkai_store::{Backend, document_imports, testing::fresh_store};

/// 2025-06-01 Beijing time: after every document of the corpora.
const NOW: i64 = 1_748_736_000_000;

fn corpora_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GONGKAI_CORPORA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora")
        });
    dir.join("laws.jsonl").is_file().then_some(dir)
}

#[tokio::test]
async fn queries_find_the_documents_they_name() {
    let Some(dir) = corpora_dir() else {
        assert!(
            std::env::var("GONGKAI_REQUIRE_CORPORA").as_deref() != Ok("1"),
            "GONGKAI_REQUIRE_CORPORA=1 but the corpora are not found (set GONGKAI_CORPORA_DIR)"
        );
        eprintln!(
            "search quality test skipped: ../shared/corpora not found (set GONGKAI_CORPORA_DIR)"
        );
        return;
    };
    let store = fresh_store(Backend::Sqlite).await.expect("sqlite");
    let a = fixtures::agency(&store, 1, None, NOW).await;
    let defaults = Defaults {
        subject: "0209".into(),
        columns: vec![a.column_id],
    };
    // Laws without a publication date in the metadata fall back to the date they were passed,
    // the first line of their 公布信息, as an operator would map it.
    let law_dates = vec!["发布日期=db.publish|date_in_filename|promulgation_info".to_owned()];
    for (file, prefix, map) in [
        ("laws.jsonl", "law:", law_dates),
        ("policy_documents_metadata.csv", "policy:", Vec::new()),
    ] {
        let bytes = std::fs::read(dir.join(file)).expect("read corpus");
        let source = catalogue_import::read(file, &bytes).expect("readable");
        let mapping = Mapping::new(&source.columns, &map).expect("mapping");
        let target = Target {
            source_name: file,
            agency_id: a.agency_id,
            mapping: &mapping,
            defaults: &defaults,
            dry_run: false,
        };
        let started = std::time::Instant::now();
        let outcome = catalogue_import::import(&store, &source, &target, NOW, |_, _| {})
            .await
            .expect("import");
        eprintln!(
            "{file} ({prefix}): {} imported, {} left out, {:.1} s",
            outcome.created,
            outcome.rejected.len(),
            started.elapsed().as_secs_f64()
        );
        assert!(outcome.created > 3000, "most rows import");
        // The rows wait for review. This test is about search: the reviewer clears every
        // personal-data finding of these public texts (contact numbers of offices) and
        // approves the batch.
        sqlx::query("UPDATE pii_findings SET acknowledged_by = $1, acknowledged_at = $2")
            .bind(a.reviewer.id)
            .bind(NOW)
            .execute(&mut *store.conn().await.expect("conn"))
            .await
            .expect("acknowledged");
        gongkai_services::publishing::batches::approve(
            &store,
            &a.reviewer,
            outcome.batch_id.expect("batch"),
            &gongkai_services::publishing::batches::BatchDecision::default(),
            NOW,
        )
        .await
        .expect("approved");
    }
    let mut conn = store.conn().await.expect("conn");
    let keys: HashMap<String, i64> = document_imports::list(&mut conn, a.agency_id)
        .await
        .expect("keys")
        .into_iter()
        .collect();
    drop(conn);
    let started = std::time::Instant::now();
    let index = SearchIndex::in_memory().expect("index");
    let n = reindex(&store, &index, |_, _| {}).await.expect("reindex");
    eprintln!(
        "indexed {n} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let lines = include_str!("search_quality.tsv");
    let (mut passed, mut failed) = (0usize, Vec::new());
    let mut by_kind: HashMap<&str, (usize, usize)> = HashMap::new();
    // Recall: the share of expected documents in the top ten. Precision: the share of the top
    // ten's hits that are relevant — their title holds every word of the query (or a synonym's
    // words), or they are expected. Summed by kind.
    let mut measured: HashMap<&str, [usize; 4]> = HashMap::new();
    let synonyms = gongkai_search::synonyms::Synonyms::builtin();
    for line in lines
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut parts = line.split('\t');
        let (Some(kind), Some(query), Some(expected)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("bad line in search_quality.tsv: {line}");
        };
        let wanted: Vec<u64> = expected
            .split(' ')
            .map(|k| {
                // law:<id> is the laws file's id; policy:<url> the metadata's url.
                let key = k
                    .strip_prefix("law:")
                    .or_else(|| k.strip_prefix("policy:"))
                    .unwrap_or(k);
                let id = keys
                    .get(key)
                    .unwrap_or_else(|| panic!("{k} (of “{query}”) was not imported"));
                u64::try_from(*id).expect("id")
            })
            .collect();
        let results = index
            .search(&SearchRequest {
                query: query.into(),
                limit: 10,
                ..SearchRequest::default()
            })
            .expect("search");
        let found: Vec<u64> = results.hits.iter().map(|h| h.id).collect();
        let m = measured.entry(kind).or_default();
        m[0] += wanted.iter().filter(|w| found.contains(w)).count();
        m[1] += wanted.len();
        m[2] += results
            .hits
            .iter()
            .filter(|h| wanted.contains(&h.id) || relevant(&synonyms, query, &h.title))
            .count();
        m[3] += results.hits.len();
        let entry = by_kind.entry(kind).or_default();
        entry.0 += 1;
        if wanted.iter().all(|w| found.contains(w)) {
            passed += 1;
            entry.1 += 1;
        } else {
            failed.push(format!(
                "{kind} “{query}”: {} results, wanted {wanted:?} in the top 10 {found:?}",
                results.total
            ));
        }
    }
    let total = passed + failed.len();
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort();
    let percent = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    let mut all = [0usize; 4];
    for (kind, (n, ok)) in kinds {
        let m = measured[kind];
        for (t, v) in all.iter_mut().zip(m) {
            *t += v;
        }
        eprintln!(
            "{kind:14} {ok}/{n}  recall {:.1} %  precision {:.1} % ({} hits)",
            percent(m[0], m[1]),
            percent(m[2], m[3]),
            m[3]
        );
    }
    eprintln!(
        "all            recall {:.1} %  precision {:.1} % ({} hits)",
        percent(all[0], all[1]),
        percent(all[2], all[3]),
        all[3]
    );
    for f in &failed {
        eprintln!("FAILED {f}");
    }
    eprintln!("{passed}/{total} queries passed");
    assert!(total >= 60, "at least 60 queries");
    assert!(
        passed * 100 >= total * 95,
        "{passed}/{total} passed, fewer than 95 %"
    );
}

/// Whether a hit's title answers a query by its words: for each part of the query (in
/// Simplified script), the title holds every word of the part or of one of its synonym variants.
fn relevant(synonyms: &gongkai_search::synonyms::Synonyms, query: &str, title: &str) -> bool {
    use gongkai_search::tokenize::{fold, parts, segments, to_simplified};
    let title = fold(title);
    parts(&to_simplified(query)).iter().all(|part| {
        synonyms
            .variants(part)
            .iter()
            .any(|v| segments(v).iter().all(|w| title.contains(w.as_str())))
    })
}
