//! The annual report over the API: the report with its checks, the narrative, overrides,
//! submission and the JSON export — the same service calls and permission checks as the console.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use gongkai_services::reports::editor::{self, OverrideForm, ReportView, TextForm};
use gongkai_services::reports::exports::{self, ReportExport};
use serde::Serialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiStaff;

/// GET /api/v1/agencies/{id}/reports/{year} — the report: stage, texts, tables in effect,
/// overrides, findings (R1–R4, texts) and cross-year warnings.
pub async fn get(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, year)): Path<(i64, i32)>,
) -> Result<Json<ReportView>, ApiError> {
    Ok(Json(editor::view(&state.store, &staff, id, year).await?))
}

/// GET /api/v1/agencies/{id}/reports/{year}/export — the report as JSON, every cell keyed by
/// its section, row and column labels.
pub async fn export(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, year)): Path<(i64, i32)>,
) -> Result<Json<ReportExport>, ApiError> {
    Ok(Json(exports::export(&state.store, &staff, id, year).await?))
}

/// PUT /api/v1/agencies/{id}/reports/{year}/text — saves 一、五、六 (机关管理员).
pub async fn save_text(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, year)): Path<(i64, i32)>,
    Json(form): Json<TextForm>,
) -> Result<StatusCode, ApiError> {
    editor::save_text(&state.store, &staff, id, year, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// PUT /api/v1/agencies/{id}/reports/{year}/overrides — overrides a cell with a reason.
pub async fn set_override(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, year)): Path<(i64, i32)>,
    Json(form): Json<OverrideForm>,
) -> Result<StatusCode, ApiError> {
    editor::set_override(&state.store, &staff, id, year, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// DELETE /api/v1/agencies/{id}/reports/{year}/overrides/{cell} — the computed figure again.
pub async fn remove_override(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, year, cell)): Path<(i64, i32, String)>,
) -> Result<StatusCode, ApiError> {
    editor::remove_override(&state.store, &staff, id, year, &cell, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The catalogue document a submission made.
#[derive(Debug, Serialize)]
pub struct Submitted {
    document_id: i64,
}

/// POST /api/v1/agencies/{id}/reports/{year}/submit — files the report for publication.
pub async fn submit(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    Path((id, year)): Path<(i64, i32)>,
) -> Result<Json<Submitted>, ApiError> {
    let document_id = editor::submit(&state.store, &staff, id, year, state.now()).await?;
    Ok(Json(Submitted { document_id }))
}
