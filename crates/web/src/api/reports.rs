//! The annual report over the API: the report with its checks, the narrative, overrides,
//! submission, the import of reports made elsewhere and the JSON export — the same service calls and permission checks as the console.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gongkai_services::reports::editor::{self, OverrideForm, ReportView, TextForm};
use gongkai_services::reports::exports::{self, ReportExport};
use gongkai_services::reports::import;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiStaff;
use crate::extract::{ApiJson, ApiPath};

/// GET /api/v1/agencies/{id}/reports/{year} — the report: stage, texts, tables in effect,
/// overrides, findings (R1–R4, texts) and cross-year warnings.
pub async fn get(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
) -> Result<Json<ReportView>, ApiError> {
    Ok(Json(editor::view(&state.store, &staff, id, year).await?))
}

/// GET /api/v1/agencies/{id}/reports/{year}/export — the report as JSON, every cell keyed by
/// its section, row and column labels.
pub async fn export(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
) -> Result<Json<ReportExport>, ApiError> {
    Ok(Json(exports::export(&state.store, &staff, id, year).await?))
}

/// PUT /api/v1/agencies/{id}/reports/{year}/text — saves 一、五、六 (机关管理员).
pub async fn save_text(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(form): ApiJson<TextForm>,
) -> Result<StatusCode, ApiError> {
    editor::save_text(&state.store, &staff, id, year, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// PUT /api/v1/agencies/{id}/reports/{year}/overrides — overrides a cell with a reason.
pub async fn set_override(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(form): ApiJson<OverrideForm>,
) -> Result<StatusCode, ApiError> {
    editor::set_override(&state.store, &staff, id, year, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// DELETE /api/v1/agencies/{id}/reports/{year}/overrides/{cell} — the computed figure again.
pub async fn remove_override(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year, cell)): ApiPath<(i64, i32, String)>,
) -> Result<StatusCode, ApiError> {
    editor::remove_override(&state.store, &staff, id, year, &cell, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The catalogue document a submission made.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct Submitted {
    pub document_id: i64,
}

/// Body of a submission: the reason of a 更正, when the report was published before.
#[derive(utoipa::ToSchema, Debug, Default, Deserialize)]
#[serde(default)]
#[schema(as = ReportSubmission)]
pub struct Submission {
    correction_reason: String,
}

/// POST /api/v1/agencies/{id}/reports/{year}/submit — files the report for publication (a 更正
/// of the same document, with its reason, when it was published before).
pub async fn submit(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    body: Option<ApiJson<Option<Submission>>>,
) -> Result<Json<Submitted>, ApiError> {
    let reason = body
        .and_then(|ApiJson(b)| b)
        .map(|b| b.correction_reason)
        .unwrap_or_default();
    let document_id =
        editor::submit_with(&state.store, &staff, id, year, &reason, state.now()).await?;
    Ok(Json(Submitted { document_id }))
}

/// POST /api/v1/agencies/{id}/reports/{year}/correct — starts a 更正 of the published report
/// (body `{"correction_reason"}`): it can be edited again and the next submission corrects the
/// same document.
pub async fn correct(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(body): ApiJson<Submission>,
) -> Result<StatusCode, ApiError> {
    editor::start_correction(
        &state.store,
        &staff,
        id,
        year,
        &body.correction_reason,
        state.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an import did: R1–R4's findings on the imported tables, or why the file could not be
/// read (then nothing was stored).
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct Imported {
    findings: Vec<gongkai_domain::report::applications::Finding>,
    problems: Vec<String>,
}

/// POST /api/v1/agencies/{id}/reports/{year}/import — the tables of a report made elsewhere;
/// the body is the file (JSON or XLSX). 200 with the findings, or 422 with the
/// problems of a file that could not be read.
pub async fn import(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<Imported>), ApiError> {
    let body = body.map_err(|e| crate::extract::body_error(&e))?;
    let done = import::import_tables(&state.store, &staff, id, year, &body, state.now()).await?;
    Ok(match done {
        Ok(findings) => (
            StatusCode::OK,
            Json(Imported {
                findings,
                problems: Vec::new(),
            }),
        ),
        Err(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(Imported {
                findings: Vec::new(),
                problems,
            }),
        ),
    })
}

/// DELETE /api/v1/agencies/{id}/reports/{year}/import — the platform's own figures again.
pub async fn remove_import(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
) -> Result<StatusCode, ApiError> {
    import::remove_import(&state.store, &staff, id, year, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The text of a report before 2019.
#[derive(utoipa::ToSchema, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DocumentText {
    text: String,
}

/// POST /api/v1/agencies/{id}/reports/{year}/document — a report before 2019: its whole text
/// filed as a document and submitted for review.
pub async fn import_document(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(form): ApiJson<DocumentText>,
) -> Result<Json<Submitted>, ApiError> {
    let document_id =
        import::import_document(&state.store, &staff, id, year, &form.text, state.now()).await?;
    Ok(Json(Submitted { document_id }))
}
