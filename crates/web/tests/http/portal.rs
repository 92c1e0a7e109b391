//! Public pages: virtual hosting, column pages with keyset pagination, the document page,
//! feeds, sitemaps and helpful 404s.

use axum::http::{StatusCode, header};
use gongkai_services::{fixtures, publishing};
use gongkai_store::{Store, both_backends};

use crate::support::{NOW, TestApp};

/// Publishes `n` documents in agency A's column; returns their ids, oldest first.
async fn publish(app: &TestApp, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let form = fixtures::document_form(app.a.column_id, &format!("公开测试文件第{i}号"));
        ids.push(app.publish_a(&form).await);
    }
    ids
}

both_backends!(column_pages_paginate_by_keyset, |store: Store| async move {
    let app = TestApp::new(store).await;
    let ids = publish(&app, 25).await;
    let first = app.get("/sites/a2/tzgg/", None).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.body.contains("公开测试文件第24号") && !first.body.contains("公开测试文件第4号"));
    assert_eq!(first.body.matches("class=\"doc-list\"").count(), 1);
    let next = first
        .body
        .split("after=")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a next link");
    assert_eq!(next, format!("2024-06-03.{}", ids[5]));
    let second = app
        .get(&format!("/sites/a2/tzgg/?after={next}"), None)
        .await;
    assert_eq!(second.status, StatusCode::OK);
    for i in 0..5 {
        assert!(
            second.body.contains(&format!("公开测试文件第{i}号")),
            "{i} on page 2"
        );
    }
    assert!(
        !second.body.contains("rel=\"next\""),
        "no page after the last"
    );
    // The year filter, and malformed parameters answered with a message, not a scan.
    assert!(
        app.get("/sites/a2/tzgg/?year=2024", None)
            .await
            .body
            .contains("公开测试文件第24号")
    );
    assert!(
        app.get("/sites/a2/tzgg/?year=2023", None)
            .await
            .body
            .contains("本栏目暂无信息")
    );
    for bad in [
        "?year=24",
        "?year=abcd",
        "?after=xyz",
        "?after=2024-02-30.5",
        "?after=2024-06-03.-1",
    ] {
        let r = app.get(&format!("/sites/a2/tzgg/{bad}"), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // An absurd cursor is simply an empty page.
    let r = app.get("/sites/a2/tzgg/?after=1949-01-01.1", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("本栏目暂无信息"));
});

both_backends!(
    sites_are_served_by_host_and_by_path,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let ids = publish(&app, 1).await;
        let by_host = app
            .get_with(
                &format!("/documents/{}", ids[0]),
                &[("host", "a2.test.gov.cn")],
            )
            .await;
        assert_eq!(by_host.status, StatusCode::OK);
        assert!(by_host.body.contains("测试机关2网站"));
        let by_path = app
            .get(&format!("/sites/a2/documents/{}", ids[0]), None)
            .await;
        assert_eq!(by_path.status, StatusCode::OK);
        assert!(
            by_path
                .body
                .contains("href=\"&#x2f;sites&#x2f;a2&#x2f;tzgg&#x2f;\""),
            "breadcrumb to the column"
        );
        // An unknown host gets the portal (agency 1's site is the portal of the fixtures).
        let unknown = app.get_with("/", &[("host", "nowhere.example")]).await;
        assert!(unknown.body.contains("测试机关1网站"));
        let column = app.get_with("/tzgg/", &[("host", "a2.test.gov.cn")]).await;
        assert_eq!(column.status, StatusCode::OK);
        assert!(column.body.contains("公开测试文件第0号"));
    }
);

both_backends!(
    unknown_or_unpublished_things_get_a_themed_404,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let draft = publishing::create_draft(
            &app.store,
            &app.a.editor,
            app.a.agency_id,
            &fixtures::document_form(app.a.column_id, "草稿不公开"),
            NOW,
        )
        .await
        .expect("draft");
        for path in [
            format!("/sites/a2/documents/{draft}"),
            "/sites/a2/documents/999999".into(),
            "/sites/a2/documents/abc".into(),
            "/sites/a2/no-such-column/".into(),
            "/sites/a2/BAD%20PATH/".into(),
        ] {
            let r = app.get(&path, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert!(
                r.body.contains("测试机关2网站") && r.body.contains("返回测试机关2网站首页"),
                "{path}"
            );
        }
        assert_eq!(
            app.get("/sites/nosuchsite/", None).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both_backends!(feeds_sitemaps_and_robots, |store: Store| async move {
    let app = TestApp::new(store).await;
    let ids = publish(&app, 2).await;
    let feed = app.get("/sites/a2/tzgg/feed.xml", None).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/atom+xml"))
    );
    assert!(
        feed.body
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    assert_eq!(feed.body.matches("<entry>").count(), 2);
    assert!(
        feed.body
            .contains(&format!("http://localhost/sites/a2/documents/{}", ids[1]))
    );
    let column = app.get("/sites/a2/tzgg/", None).await;
    assert!(
        column
            .body
            .contains("rel=\"alternate\" type=\"application/atom+xml\"")
    );
    let sitemap = app.get("/sites/a2/sitemap.xml", None).await;
    assert!(sitemap.body.contains("<urlset"));
    assert!(sitemap.body.contains(&format!(
        "<loc>http://localhost/sites/a2/documents/{}</loc><lastmod>2024-06-03</lastmod>",
        ids[0]
    )));
    let robots = app.get("/robots.txt", None).await;
    assert!(
        robots.body.contains("Disallow: /console/")
            && robots
                .body
                .contains("Sitemap: http://localhost/sitemap.xml")
    );
});

both_backends!(
    the_disclosure_column_has_a_guide_and_a_faceted_catalogue,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        publish(&app, 3).await;
        // One more, of another genre and item, to see the facets split.
        let mut form = fixtures::document_form(app.a.column_id, "关于统计信息的公告");
        form.genre = "announcement".into();
        form.item20 = "4".into();
        app.publish_a(&form).await;

        // 条例第十二条: the 指南 gives the disclosure office's 名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式.
        let guide = app.get("/sites/a2/gk/zhinan/", None).await;
        assert_eq!(guide.status, StatusCode::OK);
        for label in [
            "名称",
            "办公地址",
            "办公时间",
            "联系电话",
            "传真号码",
            "互联网联系方式",
        ] {
            assert!(
                guide
                    .body
                    .contains(&format!("<th scope=\"row\">{label}</th>")),
                "{label}"
            );
        }
        assert!(
            guide.body.contains("测试机关2办公室"),
            "the office comes from the agency's settings"
        );

        let all = app.get("/sites/a2/gk/mulu/", None).await;
        assert_eq!(all.status, StatusCode::OK);
        assert!(all.body.contains("共 4 条"));
        assert!(
            all.body
                .contains("（一）行政法规、规章和规范性文件</a> <span class=\"count\">（3）"),
            "item counts"
        );
        assert!(
            all.body.contains("公告</a> <span class=\"count\">（1）"),
            "genre counts"
        );
        let item4 = app.get("/sites/a2/gk/mulu/?item=4", None).await;
        assert!(item4.body.contains("共 1 条") && item4.body.contains("关于统计信息的公告"));
        let genre = app
            .get(
                "/sites/a2/gk/mulu/?genre=%E9%80%9A%E7%9F%A5&year=2024",
                None,
            )
            .await;
        assert!(genre.body.contains("共 3 条"), "文种 by label, and year");
        for bad in [
            "?item=16",
            "?genre=诏书",
            "?year=1800",
            "?subject=99",
            "?agency=abc",
            "?after=x",
        ] {
            let r = app.get(&format!("/sites/a2/gk/mulu/{bad}"), None).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        }
        // The portal's catalogue spans the government and the agencies below it.
        let portal = app.get("/sites/a1/gk/mulu/", None).await;
        assert!(portal.body.contains("共 4 条") && portal.body.contains("发布机构"));
        let b_only = app
            .get(
                &format!("/sites/a1/gk/mulu/?agency={}", app.b.agency_id),
                None,
            )
            .await;
        assert!(b_only.body.contains("共 0 条"));
        // A department's own catalogue shows only its own documents.
        assert!(
            app.get("/sites/a3/gk/mulu/", None)
                .await
                .body
                .contains("共 0 条")
        );
    }
);

both_backends!(
    top_level_column_names_the_portal_uses_are_reserved,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let admin = app.login("a2-admin").await;
        let path = format!("/console/sites/{}/columns", app.a.site_id);
        let r = app
            .post_form(
                &path,
                Some(&admin),
                &[("name", "公开"), ("slug", "gk"), ("kind", "list")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("系统保留的路径名"));
        let parent = app.a.column_id.to_string();
        let r = app
            .post_form(
                &path,
                Some(&admin),
                &[
                    ("name", "公开"),
                    ("slug", "gk"),
                    ("kind", "list"),
                    ("parent_id", &parent),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "below the top level the name is free"
        );
    }
);

both_backends!(
    elder_mode_traditional_script_and_sizes_by_url_and_cookie,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        publish(&app, 1).await;
        let plain = app.get("/sites/a2/tzgg/", None).await;
        assert!(
            plain
                .body
                .contains("<html lang=\"zh-CN\" class=\"size-1\">")
        );
        assert!(
            plain
                .body
                .contains("<svg role=\"img\" aria-label=\"当前页面的二维码\""),
            "QR code of the page"
        );
        // Addressable by URL: Traditional script converted on the server, phrase by phrase.
        let trad = app.get("/sites/a2/tzgg/?trad=1", None).await;
        assert!(trad.body.contains("lang=\"zh-Hant\""));
        assert!(
            trad.body.contains("測試機關2網站") && trad.body.contains("公開測試文件"),
            "{}",
            &trad.body[..600]
        );
        assert!(!trad.body.contains("测试机关2网站"));
        let elder = app.get("/sites/a2/tzgg/?elder=1&size=3", None).await;
        assert!(elder.body.contains("class=\"size-3 elder\""));
        // Remembered by cookie, set by the switches; only local paths are followed back.
        let r = app
            .get("/prefs?trad=1&back=%2Fsites%2Fa2%2Ftzgg%2F", None)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/sites/a2/tzgg/");
        let cookie = r
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            cookie.starts_with("gk_trad=1;") && cookie.contains("Max-Age=31536000"),
            "{cookie}"
        );
        for evil in [
            "https%3A%2F%2Fevil.example%2F",
            "%2F%2Fevil.example",
            "%2F%5Cevil.example",
        ] {
            let r = app.get(&format!("/prefs?elder=1&back={evil}"), None).await;
            assert_eq!(r.location(), "/", "{evil}");
        }
        let req = axum::http::Request::builder()
            .uri("/sites/a2/tzgg/")
            .header(header::HOST, "localhost")
            .header(header::COOKIE, "gk_trad=1; gk_elder=1")
            .body(axum::body::Body::empty())
            .expect("request");
        let res = tower::ServiceExt::oneshot(app.app.clone(), req)
            .await
            .expect("response");
        let body = http_body_util::BodyExt::collect(res.into_body())
            .await
            .expect("body")
            .to_bytes();
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("lang=\"zh-Hant\" class=\"size-1 elder\""));
    }
);

both_backends!(
    a_document_opened_on_another_site_is_sent_where_it_belongs,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let ids = publish(&app, 1).await;
        let r = app
            .get(&format!("/sites/a3/documents/{}", ids[0]), None)
            .await;
        assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(r.location(), format!("/sites/a2/documents/{}", ids[0]));
        // The government portal shows it in place.
        assert_eq!(
            app.get(&format!("/sites/a1/documents/{}", ids[0]), None)
                .await
                .status,
            StatusCode::OK
        );
    }
);

both_backends!(
    document_pages_link_the_previous_and_next_of_their_column,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let ids = publish(&app, 3).await;
        let middle = app
            .get(&format!("/sites/a2/documents/{}", ids[1]), None)
            .await;
        assert!(middle.body.contains(&format!("上一篇：<a href=\"&#x2f;sites&#x2f;a2&#x2f;documents/{}\" rel=\"prev\">公开测试文件第2号", ids[2])));
        assert!(middle.body.contains(&format!("下一篇：<a href=\"&#x2f;sites&#x2f;a2&#x2f;documents/{}\" rel=\"next\">公开测试文件第0号", ids[0])));
        let newest = app
            .get(&format!("/sites/a2/documents/{}", ids[2]), None)
            .await;
        assert!(!newest.body.contains("上一篇：") && newest.body.contains("下一篇："));
    }
);

both_backends!(
    a_site_theme_overrides_templates_and_adds_its_stylesheet,
    |store: Store| async move {
        let themes =
            std::env::temp_dir().join(format!("gongkai-themes-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(themes.join("red/templates/portal")).expect("dir");
        std::fs::create_dir_all(themes.join("red/static")).expect("dir");
        std::fs::write(
            themes.join("red/templates/portal/home.html"),
            "{% extends \"portal/layout.html\" %}{% block main %}<p>红色主题首页</p>{% endblock %}",
        )
        .expect("template");
        std::fs::write(
            themes.join("red/static/theme.css"),
            ".site-header{background:#c00}",
        )
        .expect("css");
        let config = gongkai_web::WebConfig {
            themes_dir: Some(themes.clone()),
            ..Default::default()
        };
        let app = TestApp::with_config(store, config).await;
        sqlx::query("UPDATE sites SET theme = 'red' WHERE slug = 'a2'")
            .execute(app.store.pool())
            .await
            .expect("theme");
        let home = app.get("/sites/a2/", None).await;
        assert!(home.body.contains("红色主题首页"), "the theme's template");
        assert!(
            home.body.contains("href=\"/themes/red/theme.css\""),
            "its stylesheet"
        );
        assert!(
            home.body.contains("主办："),
            "the rest comes from the default theme"
        );
        let column = app.get("/sites/a2/tzgg/", None).await;
        assert!(column.body.contains("theme.css") && column.body.contains("通知公告"));
        let other = app.get("/sites/a3/", None).await;
        assert!(!other.body.contains("红色主题首页") && !other.body.contains("theme.css"));
        let css = app.get("/themes/red/theme.css", None).await;
        assert_eq!(css.status, StatusCode::OK);
        assert_eq!(
            css.headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("text/css; charset=utf-8")
        );
        for bad in [
            "/themes/red/..%2Fstatic%2Ftheme.css",
            "/themes/..%2Fred/theme.css",
            "/themes/red/theme.exe",
            "/themes/blue/theme.css",
        ] {
            assert_eq!(
                app.get(bad, None).await.status,
                StatusCode::NOT_FOUND,
                "{bad}"
            );
        }
    }
);

both_backends!(
    the_disclosure_column_lists_rules_reports_and_has_a_feed,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        publish(&app, 2).await;
        let mut form =
            fixtures::document_form(app.a.column_id, "测试机关22023年政府信息公开工作年度报告");
        form.genre = "report".into();
        app.publish_a(&form).await;
        let reports = app.get("/sites/a2/gk/nianbao/", None).await;
        assert_eq!(reports.status, StatusCode::OK);
        assert!(
            reports
                .body
                .contains("测试机关22023年政府信息公开工作年度报告")
        );
        assert!(
            !reports.body.contains("公开测试文件第0号"),
            "only annual reports"
        );
        assert!(
            app.get("/sites/a3/gk/nianbao/", None)
                .await
                .body
                .contains("暂无年度报告")
        );
        let rules = app.get("/sites/a2/gk/zhidu/", None).await;
        assert_eq!(rules.status, StatusCode::SEE_OTHER);
        assert_eq!(rules.location(), "/sites/a2/gk/mulu/?subject=0201");
        let feed = app.get("/sites/a2/gk/mulu/feed.xml", None).await;
        assert!(
            feed.body.contains("<feed") && feed.body.matches("<entry>").count() == 3,
            "{}",
            feed.body
        );
        let overview = app.get("/sites/a2/gk/", None).await;
        for link in ["gk/zhinan/", "gk/mulu/", "gk/zhidu/", "gk/nianbao/"] {
            assert!(overview.body.contains(link), "{link}");
        }
        // The home page shows each list column with its newest documents.
        let home = app.get("/sites/a2/", None).await;
        assert!(home.body.contains("更多通知公告") && home.body.contains("公开测试文件第1号"));
    }
);

both_backends!(
    the_deadline_calculator_page_answers_and_explains,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let empty = app.get("/tools/deadline", None).await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(empty.body.contains("答复期限计算器") && !empty.body.contains("计算结果"));
        // 第三十三条 with an extension of 20 working days.
        let r = app
        .get("/tools/deadline?received_on=2026-09-28&extension_granted=2026-10-20&extension_days=20&today=2026-10-21", None)
        .await;
        assert!(
            r.body.contains("计算结果") && r.body.contains("条例第三十三条第二款"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("<strong>2026-11-27</strong>"),
            "10-30 plus 20 working days"
        );
        let bad = app
            .get("/tools/deadline?received_on=2026-02-30", None)
            .await;
        assert!(bad.body.contains("请填写有效的收到申请日期"));
        assert_eq!(
            app.cache.len(),
            0,
            "answers depend on today's date: never cached"
        );
    }
);

/// The address of the pager's link to page `n` on a page (issue 16: page numbers).
fn page_link(body: &str, n: u32) -> Option<String> {
    let label = format!("aria-label=\"第 {n} 页");
    let at = body.find(&label)?;
    let before = &body[..at];
    let start = before.rfind("href=\"")? + 6;
    let href = &before[start..];
    Some(unescape(&href[..href.find('"')?]))
}

/// An attribute's value as the browser reads it (the templates escape `&` and `/`).
fn unescape(value: &str) -> String {
    value.replace("&#x2f;", "/").replace("&amp;", "&")
}

both_backends!(
    lists_have_page_numbers_and_the_total_by_keyset,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        // 65 documents: pages of 20, 20, 20 and 5, newest (highest id) first.
        let ids = publish(&app, 65).await;
        let title = |i: usize| format!("公开测试文件第{i}号<");
        let first = app.get("/sites/a2/tzgg/", None).await;
        assert!(first.body.contains("共 65 条，第 1/4 页"), "{}", first.body);
        assert!(!first.body.contains("rel=\"prev\""));
        // Page 1 links to its neighbours and to the last page, never to a page that is not there.
        assert!(page_link(&first.body, 2).is_some() && page_link(&first.body, 3).is_some());
        assert!(page_link(&first.body, 5).is_none());
        let last = page_link(&first.body, 4).expect("a link to the last page");
        assert_eq!(last, format!("/sites/a2/tzgg/?after=2024-06-03.{}", ids[5]));
        let fourth = app.get(&last, None).await;
        assert!(
            fourth.body.contains("共 65 条，第 4/4 页"),
            "{}",
            fourth.body
        );
        assert!((0..5).all(|i| fourth.body.contains(&title(i))));
        assert!(!fourth.body.contains(&title(5)) && !fourth.body.contains("rel=\"next\""));
        // From the last page back: 上一页 is page 3, and page 3's link to page 2 opens it.
        let prev = fourth
            .body
            .split("rel=\"prev\"")
            .next()
            .and_then(|b| b.rsplit("href=\"").next())
            .and_then(|h| h.split('"').next())
            .map(unescape)
            .expect("上一页");
        let third = app.get(&prev, None).await;
        assert!(third.body.contains("第 3/4 页"), "{prev}");
        assert!((5..25).all(|i| third.body.contains(&title(i))));
        let second = app
            .get(&page_link(&third.body, 2).expect("page 2"), None)
            .await;
        assert!(second.body.contains("第 2/4 页"));
        assert!((25..45).all(|i| second.body.contains(&title(i))));
        assert!(!second.body.contains(&title(45)) && !second.body.contains(&title(24)));
        assert_eq!(
            page_link(&second.body, 1).as_deref(),
            Some("/sites/a2/tzgg/")
        );
        // The catalogue pages the same way, keeping its filters in every link.
        let mulu = app
            .get("/sites/a2/gk/mulu/?genre=%E9%80%9A%E7%9F%A5", None)
            .await;
        assert!(mulu.body.contains("共 65 条，第 1/4 页"), "{}", mulu.body);
        let mulu_last = page_link(&mulu.body, 4).expect("the catalogue's last page");
        assert!(
            mulu_last.starts_with("/sites/a2/gk/mulu/?genre="),
            "{mulu_last}"
        );
        let page = app.get(&mulu_last, None).await;
        assert!(page.body.contains("第 4/4 页") && (0..5).all(|i| page.body.contains(&title(i))));
    }
);

both_backends!(
    public_errors_come_in_the_sites_look_and_staff_errors_in_the_consoles,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        // A malformed parameter on a public page: the site's page, with its name and navigation.
        let bad = app.get("/sites/a2/tzgg/?after=xyz", None).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("/static/portal.css") && !bad.body.contains("console.css"));
        assert!(bad.body.contains("请求有误") && bad.body.contains("翻页参数无效"));
        assert!(bad.body.contains("跳到主要内容"), "the portal's layout");
        // An address nothing answers: the portal's 404, in the visitor's presentation.
        let missing = app.get("/no/such/page/at/all?elder=1", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("/static/portal.css") && missing.body.contains("elder"));
        // Staff and API errors keep their own answers.
        let staff = app.get("/console/documents/999999", None).await;
        assert!(!staff.body.contains("/static/portal.css"), "{}", staff.body);
        let api = app.get("/api/v1/no-such-thing", None).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
        assert!(api.body.starts_with('{'), "{}", api.body);
    }
);

both_backends!(
    the_way_to_apply_and_the_site_map_lead_to_the_agencys_own_pages,
    |store: Store| async move {
        let app = TestApp::new(store).await;
        let agency = app.a.agency_id;
        // /gk/ and the 指南 lead to the agency's own form and to the lookup.
        let gk = app.get("/sites/a2/gk/", None).await;
        assert!(
            gk.body.contains(&format!("href=\"/ysqgk/{agency}\"")),
            "{}",
            gk.body
        );
        assert!(gk.body.contains("查询办理进度"));
        let guide = app.get("/sites/a2/gk/zhinan/", None).await;
        assert!(guide.body.contains(&format!("href=\"/ysqgk/{agency}\"")));
        assert!(
            guide.body.contains("id=\"lianxi\""),
            "联系我们 lands on the contact section"
        );
        // The form stands under the agency's own site even when asked of the portal's host.
        let form = app.get(&format!("/ysqgk/{agency}"), None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(
            form.body.contains("&#x2f;sites&#x2f;a2&#x2f;"),
            "{}",
            form.body
        );
        // A link column within the site (`./…`) opens the site's own page wherever it is served.
        let admin = app.login("a2-admin").await;
        let path = format!("/console/sites/{}/columns", app.a.site_id);
        let made = app
            .post_form(
                &path,
                Some(&admin),
                &[
                    ("name", "政府信息公开指南"),
                    ("slug", "zn"),
                    ("kind", "link"),
                    ("link_url", "./gk/zhinan/"),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let r = app.get("/sites/a2/zn/", None).await;
        assert_eq!(
            r.headers
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok()),
            Some("/sites/a2/gk/zhinan/")
        );
        let bad = app
            .post_form(
                &path,
                Some(&admin),
                &[
                    ("name", "外链"),
                    ("slug", "wl"),
                    ("kind", "link"),
                    ("link_url", "gk/zhinan/"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("（本站内，如"), "{}", bad.body);
        // The 网站地图 for people: every column as a tree, the 专栏 and the services; the footer
        // of every page links to it.
        let map = app.get("/sites/a2/wzdt/", None).await;
        assert_eq!(map.status, StatusCode::OK);
        assert!(map.body.contains("<h1>网站地图</h1>") && map.body.contains("政府信息公开指南"));
        assert!(map.body.contains("&#x2f;sites&#x2f;a2&#x2f;zn/"));
        assert!(gk.body.contains("&#x2f;sites&#x2f;a2&#x2f;wzdt/"));
        let r = app
            .post_form(
                &path,
                Some(&admin),
                &[("name", "地图"), ("slug", "wzdt"), ("kind", "list")],
            )
            .await;
        assert!(r.body.contains("系统保留的路径名"), "wzdt is reserved");
    }
);
