//! `GET /api/v1/search` — full-text search of the published catalogue (public: only published
//! documents are in the index): the query as typed, filters, order, one page of hits with
//! highlighted title and snippet, the exact total and facet counts.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use gongkai_search::{Order, SearchRequest};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::{ApiError, AppError};

/// The query string.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query as typed.
    pub q: String,
    /// Agency id.
    pub agency: Option<i64>,
    /// Site id (search one site; default the whole group).
    pub site: Option<i64>,
    /// 主题分类 code.
    pub subject: Option<String>,
    /// 第二十条 item.
    pub item: Option<i64>,
    /// 文种.
    pub genre: Option<String>,
    /// 效力状态.
    pub validity: Option<String>,
    /// Column id.
    pub column: Option<i64>,
    /// From this year.
    pub from: Option<i32>,
    /// To this year.
    pub to: Option<i32>,
    /// `relevance` (default) or `date`.
    pub order: Option<String>,
    /// Page, from 1.
    pub page: Option<usize>,
    /// Hits a page (1–100, default 20).
    pub size: Option<usize>,
}

/// One hit.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct HitOut {
    id: u64,
    title: String,
    title_html: String,
    snippet_html: String,
    doc_number: Option<String>,
    url: String,
}

/// One facet value and its count.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct FacetOut {
    dimension: String,
    value: String,
    count: u64,
}

/// A page of results.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct SearchOut {
    query: String,
    total: usize,
    page: usize,
    size: usize,
    hits: Vec<HitOut>,
    facets: Vec<FacetOut>,
    /// The time bound was reached: hits, total and facets are those found until then (the
    /// total is then a lower bound).
    partial: bool,
    /// A notice about the query (cut to 200 characters, partial results), or empty.
    notice: String,
}

/// Titles a search box offers (the API's description says so too).
pub const SUGGESTIONS: usize = 8;

/// The notice of partial results (the API's `notice`, and the search page's).
pub const PARTIAL: &str =
    "检索用时超过限度，以下仅为部分结果，总数可能更多；请增加检索词或按机关、年份缩小范围";

/// What a query string that does not read says (a number where a word is, …).
pub const BAD_PARAMETERS: &str =
    "检索参数有误：agency、site、item、column、from、to、page、size 应为数字";

/// The request of a query string, or what is wrong with it.
pub fn request(p: &SearchParams) -> Result<(SearchRequest, usize, usize), String> {
    let order = match p.order.as_deref().unwrap_or("relevance") {
        "relevance" | "" => Order::Relevance,
        "date" => Order::Date,
        other => {
            return Err(format!(
                "排序“{other}”无效，可选 relevance（相关度）或 date（日期）"
            ));
        }
    };
    let size = p.size.unwrap_or(20);
    if !(1..=gongkai_search::search::MAX_PAGE_SIZE).contains(&size) {
        return Err("每页条数应为 1 至 100".into());
    }
    let page = p.page.unwrap_or(1).max(1);
    if page > 500 {
        return Err("页码过大，请缩小检索范围".into());
    }
    for year in [p.from, p.to].into_iter().flatten() {
        if !(1949..=2100).contains(&year) {
            return Err(format!("年份“{year}”无效"));
        }
    }
    if let (Some(a), Some(b)) = (p.from, p.to)
        && a > b
    {
        return Err("起始年份不能晚于结束年份".into());
    }
    Ok((
        SearchRequest {
            query: p.q.clone(),
            agencies: p.agency.into_iter().collect(),
            subject: p.subject.clone().filter(|s| !s.is_empty()),
            item20: p.item,
            genre: p.genre.clone().filter(|s| !s.is_empty()),
            validity: p.validity.clone().filter(|s| !s.is_empty()),
            column: p.column,
            site: p.site,
            year_from: p.from,
            year_to: p.to,
            order,
            offset: (page - 1) * size,
            limit: size,
            time_limit: None,
        },
        page,
        size,
    ))
}

/// GET /api/v1/search
pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchOut>, ApiError> {
    let Query(p) = params.map_err(|_| AppError::BadRequest(BAD_PARAMETERS.into()))?;
    let index = state
        .search
        .clone()
        .ok_or_else(|| AppError::Unavailable("本节点未启用检索服务".into()))?;
    let (mut r, page, size) = request(&p).map_err(AppError::BadRequest)?;
    r.time_limit = Some(state.config.search_time_limit);
    let results = tokio::task::spawn_blocking(move || index.search(&r))
        .await
        .map_err(|e| AppError::Internal(format!("search: {e}")))?
        .map_err(|e| AppError::Internal(format!("search: {e}")))?;
    Ok(Json(SearchOut {
        query: p.q,
        total: results.total,
        page,
        size,
        hits: results
            .hits
            .into_iter()
            .map(|h| HitOut {
                url: format!("/documents/{}", h.id),
                id: h.id,
                title: h.title,
                title_html: h.title_html,
                snippet_html: h.snippet_html,
                doc_number: h.doc_number,
            })
            .collect(),
        facets: results
            .facets
            .into_iter()
            .map(|(dimension, value, count)| FacetOut {
                dimension,
                value,
                count,
            })
            .collect(),
        partial: results.partial,
        notice: [
            (results.truncated, "检索词过长，只按前 200 个字检索"),
            (results.partial, PARTIAL),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("；"),
    }))
}

/// The query string of suggestions.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What has been typed so far.
    pub q: String,
    /// Site id (default the whole group).
    pub site: Option<i64>,
    /// `1`: titles in Traditional script (the page is shown in it).
    pub trad: Option<u8>,
}

/// One suggestion.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestionOut {
    title: String,
    url: String,
}

/// Suggestions for the search box.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestOut {
    suggestions: Vec<SuggestionOut>,
}

/// GET /api/v1/search/suggest — titles of published documents containing what was typed (at
/// least two characters), for the search boxes.
pub async fn suggest(
    State(state): State<AppState>,
    params: Result<Query<SuggestParams>, QueryRejection>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let Query(p) = params.map_err(|_| AppError::BadRequest(BAD_PARAMETERS.into()))?;
    let index = state
        .search
        .clone()
        .ok_or_else(|| AppError::Unavailable("本节点未启用检索服务".into()))?;
    let site = p.site;
    let typed = p.q;
    let found = tokio::task::spawn_blocking(move || index.suggest(&typed, site, SUGGESTIONS))
        .await
        .map_err(|e| AppError::Internal(format!("suggest: {e}")))?
        .map_err(|e| AppError::Internal(format!("suggest: {e}")))?;
    let trad = p.trad == Some(1);
    let out = SuggestOut {
        suggestions: found
            .into_iter()
            .map(|s| SuggestionOut {
                url: format!("/documents/{}", s.id),
                title: if trad {
                    crate::portal::presentation::to_traditional(&s.title)
                } else {
                    s.title
                },
            })
            .collect(),
    };
    Ok((
        [(axum::http::header::CACHE_CONTROL, "public, max-age=60")],
        Json(out),
    )
        .into_response())
}
