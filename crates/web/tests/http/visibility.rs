//! The leak matrix (issue 15): for every state in which a document is not public — 草稿, 待审核,
//! 已撤回, and published 依申请公开 or 不予公开 — and every public surface (pages, lists, the
//! catalogue and its counts, feeds, sitemaps, search pages, the search API and its suggestions,
//! attachments, and the links of public documents to it: interpretations, 废止 banners, the
//! replaced list), the document's title, body words and attachment text appear nowhere. A public
//! control document carrying the same search words is found on each surface, so that no check is
//! vacuous. The index is kept by the follower, round by round, as `serve` keeps it.

use axum::http::StatusCode;
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_services::{fixtures, publishing};
use gongkai_store::{Store, both_backends};

use crate::support::{NOW, TestApp};

/// The states of a document the public may not see, and the word its texts carry.
const HIDDEN: [(&str, &str); 5] = [
    ("draft", "草稿"),
    ("pending_review", "待审"),
    ("withdrawn", "撤回"),
    ("on_request", "依申请"),
    ("withheld", "不予"),
];

/// Words every document carries, in its title, body and attachment: searching them finds the
/// public control and nothing else.
const TITLE_WORD: &str = "琥珀";
const BODY_WORD: &str = "珊瑚";
const ATTACHMENT_WORD: &str = "玛瑙";

async fn attach(store: &Store, id: i64, text: &str) -> i64 {
    let mut conn = store.conn().await.expect("conn");
    gongkai_store::attachments::insert(
        &mut conn,
        id,
        &gongkai_store::attachments::NewAttachment {
            sha256: &format!("{id:064}"),
            file_name: "附件1.pdf",
            media_type: "application/pdf",
            size_bytes: 100,
            extracted_text: Some(text),
        },
        NOW,
    )
    .await
    .expect("attachment")
}

async fn sql(store: &Store, statement: &str, a: i64, b: i64) {
    let mut conn = store.conn().await.expect("conn");
    sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
        .bind(a)
        .bind(b)
        .execute(&mut *conn)
        .await
        .expect(statement);
}

/// Places document `id` in the portal's column too, so that the portal's pages, sitemap and
/// search list it when it is public.
async fn place_on_portal(app: &TestApp, id: i64) {
    sql(
        &app.store,
        "INSERT INTO document_columns (document_id, column_id) VALUES ($1, $2)",
        id,
        app.gov.column_id,
    )
    .await;
}

both_backends!(
    nothing_of_a_document_the_public_may_not_see_appears_anywhere,
    |store: Store| async move {
        let app = TestApp::with_search(store).await;
        let index = app.search.clone().expect("index");
        let mut writer = index.writer().expect("writer");
        let mut follower = gongkai_services::search::Follower::resuming(&index).expect("follower");
        let a = &app.a;
        let act = |id: i64, action: WorkflowAction, who: &gongkai_services::accounts::Staff| {
            let store = app.store.clone();
            let who = who.clone();
            async move {
                publishing::act(&store, &who, id, action, "内容有误", NOW)
                    .await
                    .unwrap_or_else(|e| panic!("{action:?}: {e}"));
            }
        };
        // The public control: found by every search word.
        let mut form = fixtures::document_form(a.column_id, &format!("公开对照标题{TITLE_WORD}"));
        form.body_html = format!("<p>公开对照正文{BODY_WORD}。</p>");
        let control = app.publish_a(&form).await;
        place_on_portal(&app, control).await;
        attach(
            &app.store,
            control,
            &format!("公开对照附件{ATTACHMENT_WORD}"),
        )
        .await;
        // Each hidden document, and a public document pointing at it.
        let mut hidden = Vec::new();
        for (state, word) in HIDDEN {
            let mut form =
                fixtures::document_form(a.column_id, &format!("{word}机密标题{TITLE_WORD}"));
            form.body_html = format!("<p>{word}机密正文{BODY_WORD}。</p>");
            if matches!(state, "on_request" | "withheld") {
                form.disclosure = state.into();
            }
            let id = publishing::create_draft(&app.store, &a.editor, a.agency_id, &form, NOW)
                .await
                .expect("draft");
            let attachment =
                attach(&app.store, id, &format!("{word}机密附件{ATTACHMENT_WORD}")).await;
            if state != "draft" {
                act(id, WorkflowAction::Submit, &a.editor).await;
            }
            if matches!(state, "withdrawn" | "on_request" | "withheld") {
                act(id, WorkflowAction::Approve, &a.reviewer).await;
            }
            // A public document that interprets it and was replaced by it (废止), and it in
            // turn interprets the control and replaced it (as data may say, whatever the
            // order of events).
            let pointing = app
                .publish_a(&fixtures::document_form(
                    a.column_id,
                    &format!("指向{word}的公开文件"),
                ))
                .await;
            sql(
                &app.store,
                "UPDATE documents SET interprets_id = $1, replaced_by_id = $1, \
                 validity = 'repealed', ended_on = '2024-05-01' WHERE id = $2",
                id,
                pointing,
            )
            .await;
            sql(
                &app.store,
                "UPDATE documents SET interprets_id = $1, replaced_by_id = $1 WHERE id = $2",
                control,
                id,
            )
            .await;
            place_on_portal(&app, id).await;
            hidden.push((state, word, id, attachment, pointing));
        }
        // The index follows: the withdrawn document was public until now.
        follower
            .round(&app.store, &index, &mut writer)
            .await
            .expect("round");
        let withdrawn = hidden[2].2;
        assert_eq!(
            index
                .search(&gongkai_search::SearchRequest {
                    query: "撤回机密标题".into(),
                    limit: 10,
                    ..Default::default()
                })
                .expect("search")
                .total,
            1,
            "the control of the control: a public document is indexed"
        );
        act(withdrawn, WorkflowAction::Withdraw, &a.reviewer).await;
        follower
            .round(&app.store, &index, &mut writer)
            .await
            .expect("round");

        let mut surfaces: Vec<String> = [
            "/",
            "/sites/a1/",
            "/sites/a2/",
            "/sites/a2/tzgg/",
            "/sites/a2/tzgg/?year=2024",
            "/sites/a2/tzgg/feed.xml",
            "/gk/",
            "/gk/mulu/",
            "/gk/mulu/?year=2024",
            "/gk/mulu/feed.xml",
            "/gk/nianbao",
            "/sites/a2/gk/",
            "/sites/a2/gk/mulu/",
            "/sites/a2/gk/mulu/feed.xml",
            "/sitemap.xml",
            "/sites/a2/sitemap.xml",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for word in [TITLE_WORD, BODY_WORD, ATTACHMENT_WORD] {
            let q = form_urlencoded::byte_serialize(word.as_bytes()).collect::<String>();
            surfaces.push(format!("/search?q={q}"));
            surfaces.push(format!("/sites/a2/search?q={q}"));
            surfaces.push(format!("/sites/a2/search?q={q}&scope=all"));
            surfaces.push(format!("/api/v1/search?q={q}"));
            surfaces.push(format!("/api/v1/search/suggest?q={q}"));
        }
        surfaces.push(format!("/documents/{control}"));
        surfaces.push(format!("/sites/a2/documents/{control}"));
        for (_, _, _, _, pointing) in &hidden {
            surfaces.push(format!("/documents/{pointing}"));
            surfaces.push(format!("/sites/a2/documents/{pointing}"));
        }
        let mut cases = 0;
        let mut shown_control = 0;
        let mut no_control = Vec::new();
        for path in &surfaces {
            let r = app.get(path, None).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
            if r.body.contains("公开对照") || r.body.contains(&format!("documents/{control}")) {
                shown_control += 1;
            } else {
                no_control.push(path.clone());
            }
            for (state, word, id, _, _) in &hidden {
                for text in [
                    format!("{word}机密标题"),
                    format!("{word}机密正文"),
                    format!("{word}机密附件"),
                    format!("documents/{id}\""),
                    format!("documents/{id}<"),
                ] {
                    cases += 1;
                    assert!(
                        !r.body.contains(&text),
                        "{state}: “{text}” appears on {path}:\n{}",
                        r.body
                    );
                }
            }
        }
        // Every list, feed, sitemap and search shows the public control, so that each check
        // above could fail; the surfaces without it are the 专栏's overview and the annual
        // reports (counts and reports only), suggestions for words that are not in titles, and
        // the pages of the documents pointing at hidden ones.
        let pointing_pages: Vec<String> = hidden
            .iter()
            .flat_map(|(_, _, _, _, p)| {
                [
                    format!("/documents/{p}"),
                    format!("/sites/a2/documents/{p}"),
                ]
            })
            .collect();
        for path in &no_control {
            let expected = matches!(path.as_str(), "/gk/" | "/sites/a2/gk/" | "/gk/nianbao")
                || path.starts_with("/api/v1/search/suggest?q=%E7%8F%8A")
                || path.starts_with("/api/v1/search/suggest?q=%E7%8E%9B")
                || pointing_pages.contains(path);
            assert!(expected, "the public control does not show on {path}");
        }
        assert!(shown_control >= 25, "{shown_control}");
        // The catalogue's counts: agency A's public documents are the control and the five
        // pointing at hidden ones.
        let r = app.get("/sites/a2/gk/", None).await;
        assert!(
            r.body.contains("法定主动公开内容</a>（6 条）"),
            "{}",
            r.body
        );
        let r = app.get("/sites/a2/gk/mulu/", None).await;
        assert!(r.body.contains("共 6 条"), "{}", r.body);
        // Exact totals count the control only.
        for word in [TITLE_WORD, BODY_WORD, ATTACHMENT_WORD] {
            let q = form_urlencoded::byte_serialize(word.as_bytes()).collect::<String>();
            let v = app.get(&format!("/api/v1/search?q={q}"), None).await.json();
            assert_eq!(v["total"], 1, "{word}: {v}");
            assert_eq!(v["hits"][0]["id"], control, "{word}");
        }
        // The hidden documents' own pages and attachments are not found.
        for (state, _, id, attachment, _) in &hidden {
            for path in [
                format!("/documents/{id}"),
                format!("/sites/a2/documents/{id}"),
                format!("/sites/a1/documents/{id}"),
                format!("/attachments/{attachment}"),
            ] {
                cases += 1;
                let r = app.get(&path, None).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{state}: {path}");
                assert!(!r.body.contains("机密"), "{state}: {path}");
            }
        }
        println!(
            "leak matrix: {} hidden states × {} surfaces, {cases} checks",
            hidden.len(),
            surfaces.len() + 4
        );
    }
);
