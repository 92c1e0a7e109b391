//! `GET /api/v1/search`: public, published documents only, highlighted hits, exact totals,
//! facets, 文号 in any bracket style; bad parameters are a 400 with the reason in Chinese; a node
//! without an index says so.

use axum::http::StatusCode;
use gongkai_store::{Store, both_backends};

use crate::support::{NOW, TestApp};

both_backends!(
    the_search_api_finds_published_documents_only,
    |store: Store| async move {
        let app = TestApp::with_search(store).await;
        let mut form = gongkai_services::fixtures::document_form(
            app.a.column_id,
            "关于城乡低保资金发放的通知",
        );
        form.doc_number = "鄂民办发〔2024〕3号".into();
        let id = app.publish_a(&form).await;
        // A draft says 低保 too, but is not public.
        let draft = gongkai_services::fixtures::document_form(app.a.column_id, "低保工作草稿");
        gongkai_services::publishing::create_draft(
            &app.store,
            &app.a.editor,
            app.a.agency_id,
            &draft,
            NOW,
        )
        .await
        .expect("draft");
        app.reindex().await;
        let r = app.get("/api/v1/search?q=%E4%BD%8E%E4%BF%9D", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert_eq!(v["total"], 1);
        assert_eq!(v["hits"][0]["id"], id);
        assert_eq!(v["hits"][0]["url"], format!("/documents/{id}"));
        assert!(
            v["hits"][0]["title_html"]
                .as_str()
                .expect("title")
                .contains("<mark>低保</mark>")
        );
        assert!(
            v["facets"]
                .as_array()
                .expect("facets")
                .iter()
                .any(|f| f["dimension"] == "agency" && f["count"] == 1)
        );
        // 文号 with square brackets.
        let r = app
            .get(
                "/api/v1/search?q=%E9%84%82%E6%B0%91%E5%8A%9E%E5%8F%91%5B2024%5D3%E5%8F%B7",
                None,
            )
            .await;
        assert_eq!(r.json()["hits"][0]["id"], id);
        // Bad parameters: 400 with the reason.
        for (query, message) in [
            ("q=x&order=newest", "排序“newest”无效"),
            ("q=x&size=1000", "每页条数应为 1 至 100"),
            ("q=x&from=2025&to=2020", "起始年份不能晚于结束年份"),
            ("q=x&from=10000", "年份“10000”无效"),
            ("q=x&page=abc", "检索参数有误"),
        ] {
            let r = app.get(&format!("/api/v1/search?{query}"), None).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
            assert!(r.body.contains(message), "{query}: {}", r.body);
        }
    }
);

both_backends!(a_node_without_an_index_says_so, |store: Store| async move {
    let app = TestApp::new(store).await;
    let r = app.get("/api/v1/search?q=x", None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.body.contains("本节点未启用检索服务"));
    let r = app.get("/sites/a2/search?q=x", None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.body.contains("本网站暂未启用检索"));
});

both_backends!(
    past_the_time_bound_results_are_shown_as_partial,
    |store: Store| async move {
        let config = gongkai_web::WebConfig {
            search_time_limit: std::time::Duration::ZERO,
            ..gongkai_web::WebConfig::default()
        };
        let app = TestApp::with_search_config(store, config).await;
        let form = gongkai_services::fixtures::document_form(
            app.a.column_id,
            "关于城乡低保资金发放的通知",
        );
        app.publish_a(&form).await;
        app.reindex().await;
        let r = app.get("/api/v1/search?q=%E4%BD%8E%E4%BF%9D", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert_eq!(v["partial"], true);
        assert!(v["notice"].as_str().expect("notice").contains("部分结果"));
        let r = app.get("/sites/a2/search?q=%E4%BD%8E%E4%BF%9D", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("以下仅为部分结果"), "{}", r.body);
        assert!(r.body.contains("共找到至少"), "{}", r.body);
    }
);

both_backends!(
    the_search_page_of_a_site_lists_hits_and_helps_when_nothing_is_found,
    |store: Store| async move {
        let app = TestApp::with_search(store).await;
        let form = gongkai_services::fixtures::document_form(
            app.a.column_id,
            "关于城乡低保资金发放的通知",
        );
        let id = app.publish_a(&form).await;
        app.reindex().await;
        let r = app.get("/sites/a2/search?q=%E4%BD%8E%E4%BF%9D", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(
            r.body
                .contains("本站共找到 <strong>1</strong> 条与“低保”相关的信息"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains(&format!("href=\"&#x2f;sites&#x2f;a2&#x2f;documents/{id}\"")),
            "{}",
            r.body
        );
        assert!(r.body.contains("<mark>低保</mark>"));
        assert!(r.body.contains("按机关"));
        // Each hit's line: date, agency, 文号 and 效力状态, read through the public rule.
        assert!(
            r.body
                .contains("<time datetime=\"2024-06-03\">2024-06-03</time>"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("测试发〔2024〕1号 · 效力状态：有效"),
            "{}",
            r.body
        );
        // Another site of the group: not on this site, found in the whole group.
        let r = app.get("/sites/a3/search?q=%E4%BD%8E%E4%BF%9D", None).await;
        assert!(r.body.contains("没有找到与“低保”相关的信息"), "{}", r.body);
        assert!(r.body.contains("在全部网站中检索"));
        let r = app
            .get("/sites/a3/search?q=%E4%BD%8E%E4%BF%9D&scope=all", None)
            .await;
        assert!(r.body.contains("全部网站共找到 <strong>1</strong> 条"));
        // The portal searches the whole group unless asked for itself.
        let r = app.get("/sites/a1/search?q=%E4%BD%8E%E4%BF%9D", None).await;
        assert!(
            r.body.contains("全部网站共找到 <strong>1</strong> 条"),
            "{}",
            r.body
        );
        let r = app
            .get("/sites/a1/search?q=%E4%BD%8E%E4%BF%9D&scope=site", None)
            .await;
        assert!(r.body.contains("本站共找到 <strong>0</strong> 条") || r.body.contains("没有找到"));
        // Something typed that holds no word finds nothing, not the whole catalogue.
        let r = app.get("/sites/a1/search?q=*", None).await;
        assert!(r.body.contains("没有找到"), "{}", r.body);
        // Markup in the query is text; a bad order is explained.
        let r = app.get("/sites/a2/search?q=%3Cscript%3E", None).await;
        assert!(!r.body.contains("<script>"));
        let r = app.get("/sites/a2/search?q=x&page=abc", None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("检索参数有误"), "{}", r.body);
        let r = app.get("/sites/a2/search?q=x&order=newest", None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("排序“newest”无效"));
        // Every page has the search box.
        let r = app.get("/sites/a2/", None).await;
        assert!(
            r.body
                .contains("action=\"&#x2f;sites&#x2f;a2&#x2f;search\"")
        );
    }
);

both_backends!(
    the_search_box_suggests_titles_of_published_documents,
    |store: Store| async move {
        let app = TestApp::with_search(store).await;
        let form = gongkai_services::fixtures::document_form(
            app.a.column_id,
            "关于城乡低保资金发放的通知",
        );
        let id = app.publish_a(&form).await;
        app.reindex().await;
        let r = app
            .get("/api/v1/search/suggest?q=%E4%BD%8E%E4%BF%9D", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            r.headers["cache-control"], "public, max-age=60",
            "suggestions are public"
        );
        let v = r.json();
        assert_eq!(v["suggestions"][0]["title"], "关于城乡低保资金发放的通知");
        assert_eq!(v["suggestions"][0]["url"], format!("/documents/{id}"));
        // In Traditional script when the page is.
        let r = app
            .get("/api/v1/search/suggest?q=%E4%BD%8E%E4%BF%9D&trad=1", None)
            .await;
        let title = r.json()["suggestions"][0]["title"].clone();
        assert!(
            title.as_str().expect("title").starts_with("關於城鄉低保"),
            "{title}"
        );
        // One character gives nothing; a bad site number is a 400.
        let r = app.get("/api/v1/search/suggest?q=%E4%BD%8E", None).await;
        assert_eq!(r.json()["suggestions"].as_array().map(Vec::len), Some(0));
        let r = app.get("/api/v1/search/suggest?q=x&site=abc", None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        // Every page's search box asks for them, and the script is served.
        let r = app.get("/sites/a2/", None).await;
        assert!(
            r.body.contains("list=\"site-search-suggestions\""),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("<script src=\"/static/suggest.js\" defer></script>")
        );
        let r = app.get("/static/suggest.js", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.headers["content-type"]
                .to_str()
                .expect("type")
                .starts_with("text/javascript")
        );
    }
);
