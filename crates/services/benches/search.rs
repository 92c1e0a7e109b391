//! Benchmark (not a test) of full-text search at scale, against SQLite FTS5 with the trigram
//! tokenizer over the same documents.
//!
//! A generator builds N documents (default 1,000,000) from the real titles and sentences of
//! `../shared/corpora`: each takes a real title and 3–12 real sentences of the laws' text,
//! with a random agency, subject, 文种, date and column, the same on every run. They are indexed
//! as `gongkai reindex` indexes what it has read from the database (the bulk writer, one commit,
//! one segment a core); the reading itself is not measured. Then a fixed mix of 2-, 3- and 4-character queries (strings cut
//! from the generated titles by a seeded generator) is run as the search page runs them: the
//! first 20 by relevance with highlighted titles and snippets, the exact total and the facet
//! counts. The same queries then run on FTS5 (`tokenize='trigram'`): a phrase `MATCH` with
//! `highlight()` and `snippet()` and a `count(*)` for 3 and 4 characters, and `LIKE '%…%'` for
//! 2 characters, which the trigram index cannot answer.
//!
//! Printed: indexing docs/s, index size against the UTF-8 text, and p50/p99 latency of each
//! engine by query length, with the ratio.
//!
//! ```sh
//! cargo bench -p gongkai-services --bench search                       # 1,000,000 documents
//! GONGKAI_BENCH_DOCS=100000 cargo bench -p gongkai-services --bench search
//! ```
//! `GONGKAI_BENCH_DIR` keeps the indexes there (default: a temporary folder, removed after);
//! `GONGKAI_BENCH_SKIP_FTS5=1` runs only this engine; with `GONGKAI_BENCH_REUSE=1` an index of
//! N documents already in `GONGKAI_BENCH_DIR` is searched again instead of rebuilt.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gongkai_search::{IndexedDocument, SearchIndex, SearchRequest};
use gongkai_services::fixtures::Lcg;
use sqlx::{Connection, Row};

/// The generator's next number below `below`, as an index.
fn pick(r: &mut Lcg, below: usize) -> usize {
    r.next(below as u64) as usize
}

/// The real titles and sentences the documents are made of.
struct Material {
    titles: Vec<String>,
    sentences: Vec<String>,
}

fn corpora_dir() -> PathBuf {
    std::env::var_os("GONGKAI_CORPORA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora")
        })
}

fn material(dir: &Path) -> Material {
    let mut titles = Vec::new();
    let mut sentences = Vec::new();
    let laws = std::fs::read_to_string(dir.join("laws.jsonl"))
        .unwrap_or_else(|e| panic!("{}: {e} (set GONGKAI_CORPORA_DIR)", dir.display()));
    for line in laws.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let Some(t) = v["title"].as_str() {
            titles.push(t.to_owned());
        }
        let body = v["body_markdown"].as_str().unwrap_or("");
        for s in body.split(['。', '；', '\n']) {
            let s = s.trim().trim_start_matches('#').trim();
            let n = s.chars().count();
            if (8..=160).contains(&n) {
                sentences.push(format!("{s}。"));
            }
        }
    }
    let mut csv = csv::Reader::from_path(dir.join("policy_documents_metadata.csv")).expect("csv");
    for record in csv.records().flatten() {
        if let Some(t) = record.get(2).filter(|t| !t.trim().is_empty()) {
            titles.push(t.trim().to_owned());
        }
    }
    Material { titles, sentences }
}

const GENRES: &[&str] = &[
    "notice",
    "opinion",
    "measures",
    "provisions",
    "reply",
    "other",
];
const SUBJECTS: &[&str] = &[
    "0201", "0209", "0301", "0405", "0602", "0903", "1203", "1907",
];

/// Document `i` of the generated catalogue.
fn document(m: &Material, i: usize) -> IndexedDocument {
    let mut r = Lcg(i as u64 ^ 0x9e37_79b9_7f4a_7c15);
    pick(&mut r, 2);
    let title = m.titles[pick(&mut r, m.titles.len())].clone();
    let sentences = 3 + pick(&mut r, 10);
    let mut body = String::new();
    for _ in 0..sentences {
        body.push_str(&m.sentences[pick(&mut r, m.sentences.len())]);
    }
    let agency = 1 + pick(&mut r, 200) as i64;
    let year = 2000 + pick(&mut r, 26);
    // 主题词 as agencies write them: a few words of the title's subject.
    let keywords: String = {
        let chars: Vec<char> = title.chars().collect();
        chars
            .chunks(2)
            .take(3)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    };
    IndexedDocument {
        id: i as u64 + 1,
        keywords,
        title,
        body,
        doc_number: None,
        index_number: Some(format!("{agency:011}/{year}-{i:06}")),
        agency_id: agency,
        subject: SUBJECTS[pick(&mut r, SUBJECTS.len())].to_owned(),
        item20: None,
        genre: GENRES[pick(&mut r, GENRES.len())].to_owned(),
        validity: "valid".into(),
        columns: vec![agency * 10 + pick(&mut r, 5) as i64],
        sites: vec![agency],
        published_on: format!(
            "{year}-{:02}-{:02}",
            1 + pick(&mut r, 12),
            1 + pick(&mut r, 28)
        ),
    }
}

/// The fixed mix: `per_length` strings of 2, 3 and 4 Chinese characters cut from titles.
fn queries(m: &Material, per_length: usize) -> Vec<String> {
    let mut r = Lcg(20_261_124);
    let mut out = Vec::new();
    for len in [2usize, 3, 4] {
        let mut made = 0;
        while made < per_length {
            let chars: Vec<char> = m.titles[pick(&mut r, m.titles.len())].chars().collect();
            if chars.len() < len {
                continue;
            }
            let at = pick(&mut r, chars.len() - len + 1);
            let q: String = chars[at..at + len].iter().collect();
            let cjk = q.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if cjk && !out.contains(&q) {
                out.push(q);
                made += 1;
            }
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Latencies by query length (2, 3, 4) and in all.
#[derive(Default)]
struct Latencies(Vec<(usize, Duration)>);

impl Latencies {
    fn sorted(&self, len: Option<usize>) -> Vec<Duration> {
        let mut v: Vec<Duration> = self
            .0
            .iter()
            .filter(|(l, _)| len.is_none_or(|n| n == *l))
            .map(|(_, d)| *d)
            .collect();
        v.sort();
        v
    }
}

fn main() {
    let n: usize = std::env::var("GONGKAI_BENCH_DOCS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let skip_fts5 = std::env::var("GONGKAI_BENCH_SKIP_FTS5").as_deref() == Ok("1");
    let (dir, keep) = match std::env::var_os("GONGKAI_BENCH_DIR") {
        Some(d) => (PathBuf::from(d), true),
        None => (
            std::env::temp_dir().join(format!("gongkai-bench-search-{}", std::process::id())),
            false,
        ),
    };
    std::fs::create_dir_all(&dir).expect("bench dir");
    let started = Instant::now();
    let m = material(&corpora_dir());
    println!(
        "material: {} titles, {} sentences ({:.1} s)",
        m.titles.len(),
        m.sentences.len(),
        started.elapsed().as_secs_f64()
    );

    // Indexing, as `gongkai reindex` does: the bulk writer, one commit.
    let index_dir = dir.join("tantivy");
    let reuse = std::env::var("GONGKAI_BENCH_REUSE").as_deref() == Ok("1")
        && SearchIndex::open(&index_dir).is_ok_and(|i| i.len() == n as u64);
    let mut text_bytes = 0u64;
    if reuse {
        for i in 0..n {
            let d = document(&m, i);
            text_bytes += (d.title.len() + d.body.len()) as u64;
        }
        println!(
            "tantivy: the index of {n} documents in {} is reused",
            index_dir.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&index_dir);
        let index = SearchIndex::open(&index_dir).expect("index");
        let writer = index.bulk_writer().expect("writer");
        let started = Instant::now();
        for i in 0..n {
            let d = document(&m, i);
            text_bytes += (d.title.len() + d.body.len()) as u64;
            index.add_new(&writer, &d).expect("add");
            if (i + 1) % 100_000 == 0 {
                eprintln!(
                    "  indexed {} ({:.0} docs/s)",
                    i + 1,
                    (i + 1) as f64 / started.elapsed().as_secs_f64()
                );
            }
        }
        let indexing = started.elapsed();
        index.finish_bulk(writer, 0).expect("commit and merges");
        let merged = started.elapsed();
        let index_bytes = SearchIndex::size_on_disk(&index_dir);
        println!(
            "tantivy: {n} documents, {:.1} MB of UTF-8 text (title + body), indexed, committed \
             and merged in {:.1} s = {:.0} docs/s (adding them took {:.1} s); index {:.1} MB = \
             {:.2}× the text",
            text_bytes as f64 / 1e6,
            merged.as_secs_f64(),
            n as f64 / merged.as_secs_f64(),
            indexing.as_secs_f64(),
            index_bytes as f64 / 1e6,
            index_bytes as f64 / text_bytes as f64
        );
    }
    let index = SearchIndex::open(&index_dir).expect("reopen");
    assert_eq!(index.len(), n as u64, "every document indexed");
    let segments: Vec<u32> = index
        .searcher()
        .segment_readers()
        .iter()
        .map(|s| s.num_docs())
        .collect();
    println!("segments: {segments:?}");

    let qs = queries(&m, 40);
    let run = |q: &str| {
        index
            .search(&SearchRequest {
                query: q.to_owned(),
                limit: 20,
                ..SearchRequest::default()
            })
            .expect("search")
    };
    for q in &qs {
        run(q); // warm the page cache and the dictionaries
    }
    let mut ours = Latencies::default();
    let mut totals = Vec::new();
    let mut slowest: Vec<(Duration, &str)> = Vec::new();
    for round in 0..5 {
        for q in &qs {
            let t = Instant::now();
            let r = run(q);
            let took = t.elapsed();
            ours.0.push((q.chars().count(), took));
            if round == 0 {
                totals.push(r.total);
                slowest.push((took, q));
            }
        }
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (took, q) in slowest.iter().take(5) {
        let total = totals[qs.iter().position(|x| x == q).unwrap_or(0)];
        eprintln!("  slow: “{q}” {:.1} ms, {total} matches", ms(*took));
    }

    let fts = if skip_fts5 {
        None
    } else {
        Some(fts5(&m, n, &dir, &qs, text_bytes))
    };

    println!();
    println!(
        "queries: {} (40 each of 2, 3 and 4 characters), top 20 with highlight and exact count",
        qs.len()
    );
    let mut sorted_totals = totals.clone();
    sorted_totals.sort_unstable();
    println!(
        "  matches per query: median {}, max {}",
        sorted_totals[sorted_totals.len() / 2],
        sorted_totals.last().copied().unwrap_or(0)
    );
    println!("| query length | tantivy p50 | tantivy p99 | FTS5 p50 | FTS5 p99 | p99 ratio |");
    println!("|---|---|---|---|---|---|");
    for len in [Some(2), Some(3), Some(4), None] {
        let a = ours.sorted(len);
        let (a50, a99) = (percentile(&a, 0.5), percentile(&a, 0.99));
        let label = len.map_or("all".to_owned(), |l| format!("{l} characters"));
        match &fts {
            Some(f) => {
                let b = f.sorted(len);
                let (b50, b99) = (percentile(&b, 0.5), percentile(&b, 0.99));
                println!(
                    "| {label} | {:.2} ms | {:.2} ms | {:.1} ms | {:.1} ms | {:.0}× |",
                    ms(a50),
                    ms(a99),
                    ms(b50),
                    ms(b99),
                    b99.as_secs_f64() / a99.as_secs_f64().max(1e-9)
                );
            }
            None => println!(
                "| {label} | {:.2} ms | {:.2} ms | – | – | – |",
                ms(a50),
                ms(a99)
            ),
        }
    }
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Builds the FTS5 trigram table over the same documents and runs the same queries once each.
fn fts5(m: &Material, n: usize, dir: &Path, qs: &[String], text_bytes: u64) -> Latencies {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let path = dir.join("fts5.db");
        let _ = std::fs::remove_file(&path);
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Off)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Off);
        let mut db = sqlx::SqliteConnection::connect_with(&options)
            .await
            .expect("sqlite");
        sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'trigram')")
            .execute(&mut db)
            .await
            .expect("FTS5 with the trigram tokenizer (SQLite ≥ 3.34)");
        let started = Instant::now();
        for chunk in (0..n).collect::<Vec<_>>().chunks(10_000) {
            let mut tx = db.begin().await.expect("begin");
            for &i in chunk {
                let d = document(m, i);
                sqlx::query("INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)")
                    .bind(d.id as i64)
                    .bind(&d.title)
                    .bind(&d.body)
                    .execute(&mut *tx)
                    .await
                    .expect("insert");
            }
            tx.commit().await.expect("commit");
        }
        sqlx::query("INSERT INTO docs (docs) VALUES ('optimize')")
            .execute(&mut db)
            .await
            .expect("optimize");
        let built = started.elapsed();
        let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
        println!(
            "FTS5 trigram: built in {:.1} s = {:.0} docs/s; database {:.1} MB = {:.2}× the text \
             (the text is stored in it too)",
            built.as_secs_f64(),
            n as f64 / built.as_secs_f64(),
            bytes as f64 / 1e6,
            bytes as f64 / text_bytes as f64
        );
        let mut out = Latencies::default();
        for q in qs {
            let len = q.chars().count();
            let t = Instant::now();
            if len >= 3 {
                let phrase = format!("\"{q}\"");
                let count: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM docs WHERE docs MATCH $1")
                        .bind(&phrase)
                        .fetch_one(&mut db)
                        .await
                        .expect("count");
                let rows = sqlx::query(
                    "SELECT rowid, highlight(docs, 0, '<mark>', '</mark>'), \
                     snippet(docs, 1, '<mark>', '</mark>', '…', 24) FROM docs \
                     WHERE docs MATCH $1 ORDER BY rank LIMIT 20",
                )
                .bind(&phrase)
                .fetch_all(&mut db)
                .await
                .expect("top 20");
                assert!(rows.len() as i64 <= count);
            } else {
                // The trigram index cannot answer fewer than three characters: a scan.
                let like = format!("%{q}%");
                let count: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM docs WHERE title LIKE $1 OR body LIKE $1",
                )
                .bind(&like)
                .fetch_one(&mut db)
                .await
                .expect("count");
                let rows = sqlx::query(
                    "SELECT rowid, title, substr(body, 1, 100) FROM docs \
                     WHERE title LIKE $1 OR body LIKE $1 LIMIT 20",
                )
                .bind(&like)
                .fetch_all(&mut db)
                .await
                .expect("top 20");
                assert!(rows.len() as i64 <= count);
                let _ = rows.first().map(|r| r.get::<i64, _>(0));
            }
            out.0.push((len, t.elapsed()));
        }
        out
    })
}
