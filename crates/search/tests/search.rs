//! The search engine on a small catalogue: what a citizen types finds what the documents say
//! (two-character words no dictionary has, 文号 in any bracket style, 索引号), titles and whole
//! words first, filters, date order, exact totals, facets, snippets, bad input, and the commit
//! that records the last outbox entry applied.

use gongkai_search::{IndexedDocument, Order, SearchIndex, SearchRequest};

fn catalogue() -> Vec<IndexedDocument> {
    vec![
        IndexedDocument {
            id: 1,
            title: "关于做好城乡低保工作的通知".into(),
            body: "为进一步规范城乡最低生活保障管理，现就做好低保对象认定工作通知如下。".into(),
            doc_number: Some("鄂民办发〔2017〕8号".into()),
            agency_id: 1,
            subject: "1403".into(),
            item20: Some(1),
            genre: "通知".into(),
            validity: "valid".into(),
            columns: vec![5],
            sites: vec![9],
            published_on: "2017-03-01".into(),
            ..IndexedDocument::default()
        },
        IndexedDocument {
            id: 2,
            title: "优化营商环境实施方案".into(),
            body: "持续优化营商环境，提升政务服务水平。本方案与低保无关。".into(),
            agency_id: 2,
            subject: "0501".into(),
            genre: "方案".into(),
            validity: "valid".into(),
            published_on: "2023-05-01".into(),
            ..IndexedDocument::default()
        },
        IndexedDocument {
            id: 3,
            title: "2024年政府信息公开工作年度报告".into(),
            body: "本年度依法公开政府信息，其中涉及营商的信息若干。".into(),
            index_number: Some("11420000MB1234567X/2024-00001".into()),
            agency_id: 1,
            subject: "0201".into(),
            genre: "报告".into(),
            validity: "valid".into(),
            published_on: "2024-01-20".into(),
            ..IndexedDocument::default()
        },
    ]
}

fn index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let mut w = index.writer().expect("writer");
    for d in catalogue() {
        index.put(&w, &d).expect("put");
    }
    index.commit(&mut w, 3).expect("commit");
    index
}

fn ids(index: &SearchIndex, r: &SearchRequest) -> Vec<u64> {
    index
        .search(r)
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

fn query(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 10,
        ..SearchRequest::default()
    }
}

#[test]
fn two_characters_find_every_document_saying_them_title_first() {
    let index = index();
    assert_eq!(ids(&index, &query("低保")), [1, 2]);
    assert_eq!(ids(&index, &query("营商环境")), [2]);
    assert_eq!(ids(&index, &query("营商")), [2, 3]);
    assert_eq!(ids(&index, &query("生活保障")), [1]);
    // One character: inside words too (保 in 低保 and 保障), title first.
    assert_eq!(ids(&index, &query("保")), [1, 2]);
    assert_eq!(ids(&index, &query("商")), [2, 3]);
    // Every part must occur.
    assert_eq!(ids(&index, &query("低保 营商")), [2]);
    assert!(ids(&index, &query("养老保险")).is_empty());
    // Full-width and case fold.
    assert_eq!(ids(&index, &query("２０２４年")), [3]);
    // Traditional script finds the Simplified text, marked in the original.
    assert_eq!(ids(&index, &query("營商環境")), [2]);
    let hit = &index.search(&query("低保 營商")).expect("search").hits[0];
    assert!(
        hit.title_html.contains("<mark>营商</mark>"),
        "{}",
        hit.title_html
    );
}

#[test]
fn doc_numbers_match_whatever_the_brackets_and_index_numbers_exactly() {
    let index = index();
    for q in [
        "鄂民办发〔2017〕8号",
        "鄂民办发[2017]8号",
        "鄂民办发(2017)8号",
        "鄂民办发（2017）8号",
    ] {
        assert_eq!(ids(&index, &query(q)).first(), Some(&1), "{q}");
    }
    assert_eq!(ids(&index, &query("11420000MB1234567X/2024-00001")), [3]);
}

#[test]
fn filters_order_pages_totals_and_facets() {
    let index = index();
    let mut r = query("");
    let all = index.search(&r).expect("all");
    assert_eq!(all.total, 3);
    assert_eq!(
        all.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        [3, 2, 1],
        "no query: newest first"
    );
    assert!(
        all.facets.contains(&("agency".into(), "1".into(), 2)),
        "{:?}",
        all.facets
    );
    assert!(all.facets.contains(&("year".into(), "2017".into(), 1)));
    r.agencies = vec![1];
    assert_eq!(ids(&index, &r), [3, 1]);
    r.agencies.clear();
    r.year_from = Some(2023);
    r.year_to = Some(2024);
    assert_eq!(ids(&index, &r), [3, 2]);
    let r = SearchRequest {
        query: "营商".into(),
        order: Order::Date,
        offset: 1,
        limit: 1,
        ..SearchRequest::default()
    };
    let page = index.search(&r).expect("page");
    assert_eq!((page.total, page.hits.len(), page.hits[0].id), (2, 1, 2));
    let mut r = query("");
    r.item20 = Some(1);
    r.column = Some(5);
    assert_eq!(ids(&index, &r), [1]);
    let mut one_site = query("");
    one_site.site = Some(9);
    assert_eq!(ids(&index, &one_site), [1]);
    r.genre = Some("报告".into());
    assert!(ids(&index, &r).is_empty());
}

#[test]
fn snippets_come_from_the_original_text_with_the_matches_marked() {
    let index = index();
    let hit = &index.search(&query("低保")).expect("search").hits[0];
    assert_eq!(hit.title_html, "关于做好城乡<mark>低保</mark>工作的通知");
    assert!(
        hit.snippet_html.contains("做好<mark>低保</mark>对象"),
        "{}",
        hit.snippet_html
    );
    assert_eq!(hit.doc_number.as_deref(), Some("鄂民办发〔2017〕8号"));
}

#[test]
fn bad_input_gives_results_or_nothing_never_an_error() {
    let index = index();
    for q in [
        "\"低保",
        "低保 AND 营商 OR *",
        "+-:^~()[]{}",
        "低\u{0}保\u{7}",
        "<script>低保</script>",
        "　",
    ] {
        index.search(&query(q)).expect(q);
    }
    assert_eq!(ids(&index, &query("\"低保")), [1, 2]);
    // Something typed that holds no word finds nothing, not the whole catalogue.
    for q in ["*", "\"", "+-:^~()[]{}", "？？"] {
        assert_eq!(index.search(&query(q)).expect(q).total, 0, "{q}");
    }
    // A Latin word is searched like any other.
    assert!(index.search(&query("covid")).expect("latin").total == 0);
    let long = "低保".repeat(150);
    let r = index.search(&query(&long)).expect("long");
    assert!(r.truncated);
    let hit = &index.search(&query("<script>低保</script>")).expect("html");
    assert!(
        hit.hits
            .iter()
            .all(|h| !h.snippet_html.contains("<script>"))
    );
}

#[test]
fn the_commit_records_the_last_outbox_entry_and_survives_a_reopen() {
    let dir = std::env::temp_dir().join(format!("gongkai-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let index = SearchIndex::open(&dir).expect("open");
        assert_eq!(index.last_applied().expect("meta"), None);
        let mut w = index.writer().expect("writer");
        for d in catalogue() {
            index.put(&w, &d).expect("put");
        }
        // Putting a document again replaces it.
        index.put(&w, &catalogue()[0]).expect("again");
        index.commit(&mut w, 41).expect("commit");
        assert_eq!(index.len(), 3);
        index.remove(&w, 2);
        index.commit(&mut w, 42).expect("commit");
    }
    let index = SearchIndex::open(&dir).expect("reopen");
    assert_eq!(index.last_applied().expect("meta"), Some(42));
    assert_eq!(index.len(), 2);
    assert_eq!(ids(&index, &query("营商")), [3]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn past_the_time_bound_the_results_found_so_far_are_marked_partial() {
    let index = index();
    let full = index.search(&query("低保")).expect("search");
    assert!(!full.partial);
    assert!(full.total >= 2);
    // No time at all: nothing is visited, and the results say they are partial.
    let cut = index
        .search(&SearchRequest {
            time_limit: Some(std::time::Duration::ZERO),
            ..query("低保")
        })
        .expect("search");
    assert!(cut.partial);
    assert!(cut.total < full.total, "{} < {}", cut.total, full.total);
    // Date order is bounded the same way.
    let cut = index
        .search(&SearchRequest {
            time_limit: Some(std::time::Duration::ZERO),
            order: gongkai_search::Order::Date,
            ..query("低保")
        })
        .expect("search");
    assert!(cut.partial);
}

#[test]
fn suggestions_are_titles_containing_what_was_typed() {
    let index = index();
    let titles = |typed: &str| -> Vec<String> {
        index
            .suggest(typed, None, 8)
            .expect("suggest")
            .into_iter()
            .map(|s| s.title)
            .collect()
    };
    let found = titles("低保");
    assert!(!found.is_empty());
    assert!(found.iter().all(|t| t.contains("低保")), "{found:?}");
    // Traditional script, and a last character still being typed (低 of 低保).
    assert_eq!(
        titles("低"),
        Vec::<String>::new(),
        "one character is too little"
    );
    let typing = titles("城乡 低");
    assert_eq!(typing, ["关于做好城乡低保工作的通知"]);
    assert_eq!(titles("營商"), ["优化营商环境实施方案"]);
    // A title is given once, and nothing matches nonsense or markup.
    assert!(titles("没有这种标题").is_empty());
    assert!(titles("<script>\"'").is_empty());
    // Only the site's documents when a site is given.
    assert!(
        index
            .suggest("低保", Some(999), 8)
            .expect("suggest")
            .is_empty()
    );
}

#[test]
fn an_index_of_another_version_is_made_anew() {
    let dir = std::env::temp_dir().join(format!("gongkai-index-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    {
        let mut b = tantivy::schema::Schema::builder();
        let title = b.add_text_field("title", tantivy::schema::TEXT);
        let old = tantivy::Index::create_in_dir(&dir, b.build()).expect("old index");
        let mut w: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
        w.add_document(tantivy::doc!(title => "旧版本"))
            .expect("add");
        w.commit().expect("commit");
    }
    let index = SearchIndex::open(&dir).expect("opened anew");
    assert_eq!(index.len(), 0);
    assert_eq!(
        index.last_applied().expect("meta"),
        None,
        "fed again from the outbox"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Facet counts are those of the documents found, whether a search finds most of a segment
/// (counted as the segment's totals less the documents not found) or few, after deletions and
/// over several segments.
#[test]
fn facet_counts_are_exact_whatever_the_share_found() {
    let index = SearchIndex::in_memory().expect("index");
    let mut w = index.writer().expect("writer");
    let genres = ["通知", "意见", "办法"];
    let docs: Vec<IndexedDocument> = (1..=400u64)
        .map(|i| {
            let mut body = String::from("本文件");
            if i % 4 != 0 {
                body.push_str("优化营商环境");
            }
            if i % 3 == 0 {
                body.push_str("城乡低保");
            }
            IndexedDocument {
                id: i,
                title: format!("文件{i}"),
                body,
                // One agency far from the others: its counts are kept in a map, not an array.
                agency_id: if i == 400 { 70_000 } else { (i % 7) as i64 + 1 },
                subject: format!("0{}", 201 + i % 5),
                item20: (i % 2 == 0).then_some((i % 3) as i64 + 1),
                genre: genres[(i % 3) as usize].into(),
                validity: "valid".into(),
                columns: (0..i % 3).map(|c| c as i64 + 10).collect(),
                published_on: format!("{}-01-01", 2010 + i % 9),
                ..IndexedDocument::default()
            }
        })
        .collect();
    for (n, d) in docs.iter().enumerate() {
        index.put(&w, d).expect("put");
        if n == 199 {
            index.commit(&mut w, 1).expect("commit");
        }
    }
    for id in [4, 8, 9, 300] {
        index.remove(&w, id);
    }
    index.commit(&mut w, 2).expect("commit");
    let alive = |d: &&IndexedDocument| ![4, 8, 9, 300].contains(&d.id);
    for (q, found) in [
        (
            "营商环境",
            Box::new(|d: &IndexedDocument| d.body.contains("营商环境"))
                as Box<dyn Fn(&IndexedDocument) -> bool>,
        ),
        (
            "低保",
            Box::new(|d: &IndexedDocument| d.body.contains("低保")),
        ),
        ("本文件", Box::new(|_: &IndexedDocument| true)),
    ] {
        let mut expected: Vec<(String, String, u64)> = Vec::new();
        let mut add = |dim: &str, value: String| match expected
            .iter_mut()
            .find(|e| e.0 == dim && e.1 == value)
        {
            Some(e) => e.2 += 1,
            None => expected.push((dim.into(), value, 1)),
        };
        for d in docs.iter().filter(alive).filter(|d| found(d)) {
            add("agency", d.agency_id.to_string());
            add("subject", d.subject.clone());
            if let Some(i) = d.item20 {
                add("item", i.to_string());
            }
            add("genre", d.genre.clone());
            add("year", d.published_on[..4].to_owned());
            add("validity", d.validity.clone());
            for c in &d.columns {
                add("column", c.to_string());
            }
        }
        // Twice: the segments' totals are counted by the first search and kept.
        for _ in 0..2 {
            let mut got = index.search(&query(q)).expect("search").facets;
            got.sort();
            expected.sort();
            assert_eq!(got, expected, "{q}");
        }
    }
}

/// A small catalogue where citizens' words are spread out, abbreviated or only in the 主题词.
fn citizen_index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let mut w = index.writer().expect("writer");
    for (id, title, body, keywords) in [
        (
            1,
            "关于调整城乡居民养老服务补贴标准的通知",
            "为保障老年人生活，提高补贴标准。",
            "",
        ),
        (2, "养老补贴发放情况公示", "本月养老补贴按时发放。", ""),
        (
            3,
            "市民政局2024年部门预算",
            "民政局预算收支总表。",
            "民政 预算",
        ),
        (
            4,
            "关于提高最低生活保障标准的通知",
            "城乡最低生活保障标准提高。",
            "",
        ),
        (5, "公务员考试录用公告", "报考条件和程序。", "公务员 招考"),
        (6, "关于加强社区养老工作的意见", "补贴政策另行规定。", ""),
        (7, "COVID-19 防控指引", "covid testing and prevention。", ""),
    ] {
        let d = IndexedDocument {
            id,
            title: title.into(),
            body: body.into(),
            keywords: keywords.into(),
            agency_id: 1,
            published_on: "2024-01-01".into(),
            ..IndexedDocument::default()
        };
        index.put(&w, &d).expect("put");
    }
    index.commit(&mut w, 7).expect("commit");
    index
}

#[test]
fn unspaced_words_abbreviations_and_keywords_find_what_citizens_mean() {
    let index = citizen_index();
    // 养老补贴 typed as one string: the documents holding it come first, then those holding
    // both words apart; a document with only one of them is not found.
    let found = ids(&index, &query("养老补贴"));
    assert_eq!(found[0], 2, "{found:?}");
    assert!(found.contains(&1) && found.contains(&6), "{found:?}");
    assert_eq!(found.len(), 3, "{found:?}");
    // 民政局预算, 公务员招考: words apart in the title or only in the 主题词.
    assert_eq!(ids(&index, &query("民政局预算")), [3]);
    assert_eq!(ids(&index, &query("公务员招考")), [5]);
    // 低保 finds 最低生活保障 (the shipped synonyms), and 低保标准 the document with both.
    assert_eq!(ids(&index, &query("低保")), [4]);
    assert_eq!(ids(&index, &query("低保标准")), [4]);
    // Traditional script and unspaced at once.
    assert_eq!(ids(&index, &query("養老補貼"))[0], 2);
    // A Latin word.
    assert_eq!(ids(&index, &query("covid")), [7]);
    // The words found are marked, each where it stands.
    let hit = index.search(&query("养老补贴")).expect("search").hits;
    let spread = hit.iter().find(|h| h.id == 1).expect("1");
    assert!(
        spread.title_html.contains("<mark>养老</mark>"),
        "{}",
        spread.title_html
    );
    assert!(
        spread.title_html.contains("<mark>补贴</mark>"),
        "{}",
        spread.title_html
    );
}

#[test]
fn an_operators_synonyms_replace_the_shipped_ones() {
    let mut index = citizen_index();
    index.set_synonyms(gongkai_search::synonyms::Synonyms::parse("考录,录用").expect("list"));
    assert_eq!(ids(&index, &query("考录")), [5]);
    assert!(
        ids(&index, &query("低保")).is_empty(),
        "the shipped list is replaced"
    );
}
