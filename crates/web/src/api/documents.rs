//! Documents through the API.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_domain::catalogue::workflow::{PublicationState, WorkflowAction};
use gongkai_services::publishing::{self, DocumentView, Moved, ValidityChange};
use gongkai_store::documents::Summary;
use serde::Deserialize;

use crate::AppState;
use crate::error::{ApiError, AppError};
use crate::extract::ApiStaff;
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Query of the list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 草稿 draft, 待审核 pending_review, 已发布 published, 已撤回 withdrawn.
    state: Option<String>,
    /// Keyset cursor: only documents with a smaller id.
    before: Option<i64>,
    /// At most this many (1–200, default 50).
    limit: Option<i64>,
}

/// GET /api/v1/documents
pub async fn list_documents(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<Summary>>, ApiError> {
    let filter = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            PublicationState::parse(s)
                .ok_or_else(|| AppError::BadRequest("状态参数无效".into()))?,
        ),
        None => None,
    };
    Ok(Json(
        publishing::list(
            &state.store,
            &staff,
            filter,
            q.before,
            q.limit.unwrap_or(50),
        )
        .await?,
    ))
}

/// Body of a new document: the form plus its agency.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct NewDocument {
    agency_id: i64,
    #[serde(flatten)]
    form: DocumentForm,
}

/// POST /api/v1/documents
pub async fn create_document(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiJson(body): ApiJson<NewDocument>,
) -> Result<(StatusCode, Json<super::Created>), ApiError> {
    let id = publishing::create_draft(
        &state.store,
        &staff,
        body.agency_id,
        &body.form,
        state.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(super::Created { id })))
}

/// GET /api/v1/documents/{id}
pub async fn get_document(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<DocumentView>, ApiError> {
    Ok(Json(publishing::view(&state.store, &staff, id).await?))
}

/// PUT /api/v1/documents/{id}
pub async fn update_document(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<DocumentForm>,
) -> Result<StatusCode, ApiError> {
    publishing::update_draft(&state.store, &staff, id, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of a workflow action.
#[derive(utoipa::ToSchema, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionBody {
    reason: String,
}

/// POST /api/v1/documents/{id}/actions/{action}
pub async fn act_on_document(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    body: Option<ApiJson<ActionBody>>,
) -> Result<Json<Moved>, ApiError> {
    let action = WorkflowAction::parse(&action).ok_or(AppError::NotFound)?;
    let reason = body.map(|b| b.0.reason).unwrap_or_default();
    Ok(Json(
        publishing::act(&state.store, &staff, id, action, &reason, state.now()).await?,
    ))
}

/// POST /api/v1/documents/{id}/findings/{finding}/ack
pub async fn acknowledge_finding(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, finding)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    publishing::acknowledge_finding(&state.store, &staff, id, finding, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// POST /api/v1/documents/{id}/validity
pub async fn change_validity(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<ValidityChange>,
) -> Result<StatusCode, ApiError> {
    publishing::change_validity(&state.store, &staff, id, &change, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// POST /api/v1/documents/{id}/attachments (multipart, field `file`)
pub async fn upload_attachment(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<super::Created>), ApiError> {
    let multipart = multipart.map_err(|_| {
        AppError::BadRequest("请以 multipart/form-data 上传文件（字段 file）".into())
    })?;
    let (name, bytes) = crate::console::documents::read_upload(multipart).await?;
    let attachment = publishing::add_attachment(
        &state.store,
        &state.files,
        &staff,
        id,
        &name,
        bytes,
        state.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(super::Created { id: attachment })))
}

/// DELETE /api/v1/documents/{id}/attachments/{attachment}
pub async fn delete_attachment(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, attachment)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    publishing::remove_attachment(&state.store, &staff, id, attachment, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// GET /api/v1/imports — the import batches of the agencies whose documents the caller sees.
pub async fn list_imports(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> Result<Json<Vec<publishing::batches::Batch>>, ApiError> {
    Ok(Json(publishing::batches::list(&state.store, &staff).await?))
}

/// Query of a batch: the findings' keyset cursor.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `document.finding` of the last finding seen.
    after: Option<String>,
}

/// GET /api/v1/imports/{id} — a batch's counts and a page of its open findings.
pub async fn get_import(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ImportQuery>,
) -> Result<Json<publishing::batches::BatchView>, ApiError> {
    let after = match q.after.as_deref().filter(|a| !a.is_empty()) {
        None => (0, 0),
        Some(a) => a
            .split_once('.')
            .and_then(|(d, f)| Some((d.parse().ok()?, f.parse().ok()?)))
            .ok_or_else(|| AppError::BadRequest("after 应为“文件编号.提示编号”".into()))?,
    };
    Ok(Json(
        publishing::batches::view(&state.store, &staff, id, after).await?,
    ))
}

/// POST /api/v1/imports/{id}/approve — approve a batch but for the excluded documents.
pub async fn approve_import(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(decision): ApiJson<publishing::batches::BatchDecision>,
) -> Result<Json<publishing::batches::BatchApproved>, ApiError> {
    Ok(Json(
        publishing::batches::approve(&state.store, &staff, id, &decision, state.now()).await?,
    ))
}
