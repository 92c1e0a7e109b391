//! The 政府信息公开专栏 of a site's agency: the 指南 generated from the agency's settings
//! (条例第十二条), and the catalogue of 法定主动公开内容 browsable by 主题分类, 第二十条 item, 文种,
//! year and validity, with counts. On the government portal it spans the government and every
//! agency below it.

use std::collections::BTreeMap;

use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::catalogue::classification::Genre;
use gongkai_domain::catalogue::item20::Item20;
use gongkai_domain::catalogue::validity::Validity;
use gongkai_services::public::catalogue::{self, CatalogueFilter};
use gongkai_services::public::{Agency, site};
use gongkai_store::Conn;
use serde::Deserialize;

use super::SiteContext;
use super::pager::{PAGE_SIZE, pager, parse_cursor};
use crate::AppState;
use crate::error::AppError;

/// Query of the catalogue page.
#[derive(Debug, Default, Deserialize)]
pub struct CatalogueQuery {
    agency: Option<String>,
    subject: Option<String>,
    item: Option<String>,
    genre: Option<String>,
    year: Option<String>,
    validity: Option<String>,
    after: Option<String>,
}

/// The agency of the site and, on the portal, every agency below it.
async fn scope(conn: &mut Conn, s: &SiteContext) -> Result<Vec<Agency>, AppError> {
    Ok(site::scope(conn, &s.site).await?)
}

fn bad(what: &str) -> AppError {
    AppError::BadRequest(format!("筛选条件“{what}”无效"))
}

/// Serves `gk/…` of a site.
pub async fn dispatch(
    state: &AppState,
    conn: &mut Conn,
    s: SiteContext,
    rest: &str,
    query: &str,
) -> Result<Response, AppError> {
    match rest.trim_matches('/') {
        "" => overview(state, conn, s).await,
        "zhinan" => guide(state, conn, s).await,
        // 制度: the rules of disclosure work, filed under 综合政务\政务公开.
        "zhidu" => Ok(
            axum::response::Redirect::to(&format!("{}gk/mulu/?subject=0201", s.base))
                .into_response(),
        ),
        "nianbao" => reports(state, conn, s).await,
        "mulu/feed.xml" => catalogue_feed(conn, s).await,
        "mulu" => {
            let q: CatalogueQuery = serde_urlencoded_parse(query)?;
            catalogue_page(state, conn, s, &q).await
        }
        _ => s.not_found(state, "页面"),
    }
}

fn serde_urlencoded_parse(query: &str) -> Result<CatalogueQuery, AppError> {
    axum::extract::Query::<CatalogueQuery>::try_from_uri(
        &format!("/?{query}")
            .parse()
            .map_err(|_| AppError::BadRequest("查询参数无效".into()))?,
    )
    .map(|q| q.0)
    .map_err(|_| AppError::BadRequest("查询参数无效".into()))
}

async fn overview(state: &AppState, conn: &mut Conn, s: SiteContext) -> Result<Response, AppError> {
    let agencies = scope(conn, &s).await?;
    let filter = CatalogueFilter {
        agency_ids: agencies.iter().map(|a| a.id).collect(),
        ..Default::default()
    };
    let facets = catalogue::facets(conn, &filter).await?;
    let owner = site::owner(conn, &s.site).await?;
    let html = s.render(
        state,
        "portal/disclosure.html",
        crate::ctx! { s, facets, owner, multi_agency => agencies.len() > 1 },
    )?;
    Ok(Html(html).into_response())
}

async fn guide(state: &AppState, conn: &mut Conn, s: SiteContext) -> Result<Response, AppError> {
    let agency = site::owner(conn, &s.site)
        .await?
        .ok_or(AppError::NotFound)?;
    let taxonomy = catalogue::taxonomy(conn).await?;
    let first_level: Vec<String> = taxonomy
        .subjects()
        .iter()
        .filter(|x| x.code.len() == 2)
        .map(|x| x.name.clone())
        .collect();
    let items: Vec<&str> = Item20::all().map(Item20::label).collect();
    let html = s.render(
        state,
        "portal/guide.html",
        crate::ctx! { s, agency, first_level, items },
    )?;
    Ok(Html(html).into_response())
}

async fn catalogue_page(
    state: &AppState,
    conn: &mut Conn,
    s: SiteContext,
    q: &CatalogueQuery,
) -> Result<Response, AppError> {
    let agencies = scope(conn, &s).await?;
    let taxonomy = catalogue::taxonomy(conn).await?;
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
    };
    let mut filter = CatalogueFilter {
        agency_ids: agencies.iter().map(|a| a.id).collect(),
        ..Default::default()
    };
    if let Some(a) = nonempty(&q.agency) {
        let id: i64 = a.parse().map_err(|_| bad("机关"))?;
        if !filter.agency_ids.contains(&id) {
            return Err(bad("机关"));
        }
        filter.agency_id = Some(id);
    }
    if let Some(code) = nonempty(&q.subject) {
        if taxonomy.get(&code).is_none() {
            return Err(bad("主题分类"));
        }
        filter.subject = Some(code);
    }
    if let Some(i) = nonempty(&q.item) {
        let n = i
            .parse::<u8>()
            .ok()
            .and_then(Item20::new)
            .ok_or_else(|| bad("第二十条事项"))?;
        filter.item20 = Some(i64::from(n.number()));
    }
    if let Some(g) = nonempty(&q.genre) {
        filter.genre = Some(
            Genre::parse(&g)
                .ok_or_else(|| bad("文种"))?
                .as_str()
                .to_owned(),
        );
    }
    if let Some(y) = nonempty(&q.year) {
        let n: i32 = y
            .parse()
            .ok()
            .filter(|n| (1949..=2100).contains(n))
            .ok_or_else(|| bad("年份"))?;
        filter.year = Some(n);
    }
    if let Some(v) = nonempty(&q.validity) {
        filter.validity = Some(
            Validity::parse(&v)
                .ok_or_else(|| bad("效力状态"))?
                .as_str()
                .to_owned(),
        );
    }
    let after = match nonempty(&q.after) {
        None => None,
        Some(a) => Some(
            parse_cursor(&a)
                .ok_or_else(|| AppError::BadRequest("翻页参数无效，请从目录首页重新浏览".into()))?,
        ),
    };
    let facets = catalogue::facets(conn, &filter).await?;
    let docs = catalogue::list(conn, &filter, after.as_ref(), PAGE_SIZE).await?;
    let map = catalogue::page_map(conn, &filter, facets.total, after.as_ref(), PAGE_SIZE).await?;
    let subject_names: BTreeMap<String, String> = taxonomy
        .subjects()
        .iter()
        .map(|x| (x.code.clone(), x.name.clone()))
        .collect();
    let agency_names: BTreeMap<String, String> = agencies
        .iter()
        .map(|a| (a.id.to_string(), a.name.clone()))
        .collect();
    // The current filter, to keep in links that change one dimension.
    let current: BTreeMap<&str, String> = [
        ("agency", nonempty(&q.agency)),
        ("subject", nonempty(&q.subject)),
        ("item", nonempty(&q.item)),
        ("genre", nonempty(&q.genre)),
        ("year", nonempty(&q.year)),
        ("validity", nonempty(&q.validity)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let pager = pager(&map, |cursor| {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(current.iter())
            .extend_pairs(cursor.map(|c| ("after", c)))
            .finish();
        let base = format!("{}gk/mulu/", s.base);
        if query.is_empty() {
            base
        } else {
            format!("{base}?{query}")
        }
    });
    let filtered = current.len();
    let html = s.render(state, "portal/catalogue.html",
        crate::ctx! { s, facets, docs, pager, filtered, subject_names, agency_names, current, multi_agency => agencies.len() > 1 },
    )?;
    Ok(Html(html).into_response())
}

/// The title every annual report carries (spec/annual-report.md:
/// `{机关名称}{年份}年政府信息公开工作年度报告`).
pub const REPORT_TITLE_SUFFIX: &str = "年政府信息公开工作年度报告";

/// One report in the portal's list.
#[derive(Debug, serde::Serialize)]
struct ReportLink {
    agency: String,
    order: usize,
    id: i64,
    title: String,
    published_on: Option<String>,
}

/// The year of a report's title (`…2025年政府信息公开工作年度报告`).
fn report_year(title: &str) -> Option<i32> {
    let head = title.strip_suffix(REPORT_TITLE_SUFFIX)?;
    let digits: String = head
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok().filter(|y| (1990..=2100).contains(y))
}

async fn reports(state: &AppState, conn: &mut Conn, s: SiteContext) -> Result<Response, AppError> {
    let agencies = scope(conn, &s).await?;
    let filter = CatalogueFilter {
        agency_ids: agencies.iter().map(|a| a.id).collect(),
        title_suffix: Some(REPORT_TITLE_SUFFIX.to_owned()),
        ..Default::default()
    };
    let docs = catalogue::list(conn, &filter, None, 2000).await?;
    let names: std::collections::HashMap<i64, &str> =
        agencies.iter().map(|a| (a.id, a.name.as_str())).collect();
    // By year (newest first), then agency in the site group's order.
    let order = |id: i64| {
        agencies
            .iter()
            .position(|a| a.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut years: std::collections::BTreeMap<std::cmp::Reverse<i32>, Vec<ReportLink>> =
        Default::default();
    for d in docs {
        let year = report_year(&d.title).unwrap_or(0);
        years
            .entry(std::cmp::Reverse(year))
            .or_default()
            .push(ReportLink {
                agency: names.get(&d.agency_id).copied().unwrap_or("").to_owned(),
                order: order(d.agency_id),
                id: d.id,
                title: d.title,
                published_on: d.published_on,
            });
    }
    let years: Vec<(i32, Vec<ReportLink>)> = years
        .into_iter()
        .map(|(y, mut list)| {
            list.sort_by_key(|l| (l.order, l.id));
            (y.0, list)
        })
        .collect();
    let html = s.render(state, "portal/reports.html", crate::ctx! { s, years })?;
    Ok(Html(html).into_response())
}

async fn catalogue_feed(conn: &mut Conn, s: SiteContext) -> Result<Response, AppError> {
    let agencies = scope(conn, &s).await?;
    let filter = CatalogueFilter {
        agency_ids: agencies.iter().map(|a| a.id).collect(),
        ..Default::default()
    };
    let docs = catalogue::list(conn, &filter, None, 20).await?;
    let origin = s.v.origin.clone();
    let title = format!("{} 法定主动公开内容", s.site.name);
    let self_url = format!("{origin}{}gk/mulu/", s.base);
    Ok(super::machine::atom(&origin, &s, &title, &self_url, &docs))
}
