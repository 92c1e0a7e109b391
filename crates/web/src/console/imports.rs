//! 导入审核: the batches of imported catalogue rows, each reviewed as one list — counts, every
//! personal-data finding in context, rows to exclude, approval of the rest.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_services::ServiceError;
use gongkai_services::accounts::Staff;
use gongkai_services::publishing::batches::{self, BatchDecision};
use serde::Deserialize;

use super::page;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

/// GET /console/imports
pub async fn list(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let batches = batches::list(&state.store, &staff).await?;
    page(
        &state,
        "console/imports.html",
        crate::ctx! { staff, batches },
    )
}

/// The page's query: the findings' keyset cursor `document.finding`.
#[derive(Debug, Default, Deserialize)]
pub struct BatchQuery {
    after: Option<String>,
    done: Option<String>,
}

fn cursor(after: Option<&str>) -> Result<(i64, i64), AppError> {
    match after.filter(|a| !a.is_empty()) {
        None => Ok((0, 0)),
        Some(a) => a
            .split_once('.')
            .and_then(|(d, f)| Some((d.parse().ok()?, f.parse().ok()?)))
            .ok_or_else(|| AppError::BadRequest("翻页参数无效，请从第一页重新查看".into())),
    }
}

async fn render(
    state: &AppState,
    staff: Staff,
    id: i64,
    after: (i64, i64),
    (status, error, done): (StatusCode, Option<String>, Option<String>),
) -> Result<Response, AppError> {
    let v = batches::view(&state.store, &staff, id, after).await?;
    let html = state.views.render(
        "console/import.html",
        crate::ctx! { staff, v, error, done, first_page => after == (0, 0) },
    )?;
    Ok((status, Html(html)).into_response())
}

/// GET /console/imports/{id}
pub async fn show(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    Query(q): Query<BatchQuery>,
) -> Result<Response, AppError> {
    let after = cursor(q.after.as_deref())?;
    render(&state, staff, id, after, (StatusCode::OK, None, q.done)).await
}

/// POST /console/imports/{id}/approve — approve the batch but for the excluded documents.
pub async fn approve(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let decision = BatchDecision {
        exclude: data.ids("exclude"),
        exclude_with_findings: data.checked("exclude_with_findings"),
        reason: data.get("reason"),
    };
    match batches::approve(&state.store, &staff, id, &decision, state.now()).await {
        Ok(done) => Ok(Redirect::to(&format!(
            "/console/imports/{id}?done={}.{}",
            done.published, done.returned
        ))
        .into_response()),
        Err(ServiceError::Refused(message)) => {
            render(
                &state,
                staff,
                id,
                (0, 0),
                (StatusCode::CONFLICT, Some(message), None),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
