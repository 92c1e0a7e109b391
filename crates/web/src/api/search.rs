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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
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
#[derive(Debug, Serialize)]
pub struct HitOut {
    id: u64,
    title: String,
    title_html: String,
    snippet_html: String,
    doc_number: Option<String>,
    url: String,
}

/// One facet value and its count.
#[derive(Debug, Serialize)]
pub struct FacetOut {
    dimension: String,
    value: String,
    count: u64,
}

/// A page of results.
#[derive(Debug, Serialize)]
pub struct SearchOut {
    query: String,
    total: usize,
    page: usize,
    size: usize,
    hits: Vec<HitOut>,
    facets: Vec<FacetOut>,
    /// A notice about the query (cut to 200 characters), or empty.
    notice: String,
}

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
        .ok_or_else(|| AppError::Refused("本节点未启用检索服务".into()))?;
    let (r, page, size) = request(&p).map_err(AppError::BadRequest)?;
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
        notice: if results.truncated {
            "检索词过长，只按前 200 个字检索".into()
        } else {
            String::new()
        },
    }))
}
