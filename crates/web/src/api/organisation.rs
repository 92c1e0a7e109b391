//! Agencies, sites, columns, accounts and the subject taxonomy through the API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gongkai_domain::auth::Grant;
use gongkai_services::accounts::{self, NewUser, UserChange, UserSummary};
use gongkai_services::organisation::{self, AgencyForm, ColumnForm, SiteForm};
use gongkai_store::{agencies, columns, sites, subjects};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiStaff;
use crate::extract::{ApiJson, ApiPath};

/// GET /api/v1/agencies (any staff member: names and public contacts only)
pub async fn list_agencies(
    State(state): State<AppState>,
    ApiStaff(_): ApiStaff,
) -> Result<Json<Vec<agencies::Agency>>, ApiError> {
    Ok(Json(agencies::list(&mut *state.store.conn().await?).await?))
}

/// POST /api/v1/agencies
pub async fn create_agency(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiJson(form): ApiJson<AgencyForm>,
) -> Result<(StatusCode, Json<super::Created>), ApiError> {
    let id = organisation::create_agency(&state.store, Some(&staff), &form, state.now()).await?;
    Ok((StatusCode::CREATED, Json(super::Created { id })))
}

/// PUT /api/v1/agencies/{id}
pub async fn update_agency(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<AgencyForm>,
) -> Result<StatusCode, ApiError> {
    organisation::update_agency(&state.store, &staff, id, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// GET /api/v1/sites
pub async fn list_sites(
    State(state): State<AppState>,
    ApiStaff(_): ApiStaff,
) -> Result<Json<Vec<sites::Site>>, ApiError> {
    Ok(Json(sites::list(&mut *state.store.conn().await?).await?))
}

/// POST /api/v1/sites
pub async fn create_site(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiJson(form): ApiJson<SiteForm>,
) -> Result<(StatusCode, Json<super::Created>), ApiError> {
    let id = organisation::create_site(&state.store, Some(&staff), &form, state.now()).await?;
    Ok((StatusCode::CREATED, Json(super::Created { id })))
}

/// PUT /api/v1/sites/{id}
pub async fn update_site(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<SiteForm>,
) -> Result<StatusCode, ApiError> {
    organisation::update_site(&state.store, &staff, id, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// GET /api/v1/sites/{id}/columns
pub async fn list_columns(
    State(state): State<AppState>,
    ApiStaff(_): ApiStaff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<columns::Column>>, ApiError> {
    Ok(Json(
        columns::list_for_site(&mut *state.store.conn().await?, id).await?,
    ))
}

/// POST /api/v1/sites/{id}/columns
pub async fn create_column(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<ColumnForm>,
) -> Result<(StatusCode, Json<super::Created>), ApiError> {
    let id =
        organisation::create_column(&state.store, Some(&staff), id, &form, state.now()).await?;
    Ok((StatusCode::CREATED, Json(super::Created { id })))
}

/// PUT /api/v1/columns/{id}
pub async fn update_column(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<ColumnForm>,
) -> Result<StatusCode, ApiError> {
    organisation::update_column(&state.store, &staff, id, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of a new account.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct NewUserBody {
    username: String,
    display_name: String,
    password: String,
    roles: Vec<Grant>,
}

/// POST /api/v1/users
pub async fn create_user(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<super::Created>), ApiError> {
    let new = NewUser {
        username: body.username,
        display_name: body.display_name,
        password: body.password,
        grants: body.roles,
    };
    let id = accounts::create_user(&state.store, Some(&staff), &new, state.now()).await?;
    Ok((StatusCode::CREATED, Json(super::Created { id })))
}

/// GET /api/v1/subjects (public: the taxonomy is public information)
/// One 主题分类 with its path.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubjectOut {
    /// Its code.
    code: String,
    /// Its name.
    name: String,
    /// `综合政务/政务公开`.
    path: Option<String>,
}

/// GET /api/v1/subjects — the 主题分类 table.
pub async fn list_subjects(
    State(state): State<AppState>,
) -> Result<Json<Vec<SubjectOut>>, ApiError> {
    let taxonomy = subjects::load(&mut *state.store.conn().await?).await?;
    let rows = taxonomy
        .subjects()
        .iter()
        .map(|s| SubjectOut {
            code: s.code.clone(),
            name: s.name.clone(),
            path: taxonomy.path(&s.code),
        })
        .collect();
    Ok(Json(rows))
}

/// GET /api/v1/users — the accounts the caller manages.
pub async fn list_users(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    Ok(Json(
        accounts::list_users(&state.store, &staff, state.now()).await?,
    ))
}

/// Body of an account change.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct UserChangeBody {
    display_name: String,
    active: bool,
    roles: Vec<Grant>,
}

/// PUT /api/v1/users/{id}
pub async fn update_user(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<UserChangeBody>,
) -> Result<StatusCode, ApiError> {
    let change = UserChange {
        display_name: body.display_name,
        active: body.active,
        grants: body.roles,
    };
    accounts::update_user(&state.store, &staff, id, &change, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body with a password.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct PasswordBody {
    #[serde(default)]
    current: String,
    password: String,
}

/// POST /api/v1/users/{id}/password
pub async fn reset_password(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PasswordBody>,
) -> Result<StatusCode, ApiError> {
    accounts::reset_password(&state.store, &staff, id, &body.password, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// POST /api/v1/me/password
pub async fn change_own_password(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiJson(body): ApiJson<PasswordBody>,
) -> Result<StatusCode, ApiError> {
    accounts::change_own_password(
        &state.store,
        &staff,
        &body.current,
        &body.password,
        state.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of a subject rename.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct SubjectBody {
    name: String,
}

/// PUT /api/v1/subjects/{code} (系统管理员)
pub async fn rename_subject(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<SubjectBody>,
) -> Result<StatusCode, ApiError> {
    organisation::rename_subject(&state.store, &staff, &code, &body.name, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
