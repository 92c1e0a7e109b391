//! The JSON API under `/api/v1`: every console operation, with the same service calls and so
//! the same permission checks. Clients log in with `POST /api/v1/session` and send the token
//! as `Authorization: Bearer …` (or the session cookie). Errors are
//! `{"error": code, "message": 中文, "fields": [{"field", "message"}]}`.

pub mod applications;
pub mod documents;
pub mod openapi;
pub mod organisation;
pub mod reports;
pub mod search;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use gongkai_services::accounts::{self, LoginOutcome};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::{ApiError, AppError};
use crate::extract::{ApiJson, ApiPath};
use crate::extract::{ApiStaff, session_token};

/// Login body.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct LoginBody {
    username: String,
    password: String,
}

/// A session: the bearer token and how long it lasts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Session {
    /// The bearer token (`Authorization: Bearer …`).
    token: String,
    /// The account.
    user_id: i64,
    /// Seconds until it expires.
    expires_in: i64,
}

/// What a creation answers: the new object's id.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    /// Its id.
    pub id: i64,
}

/// One's reminders and e-mail setting.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyReminders {
    /// What is waiting.
    reminders: gongkai_services::reminders::Reminders,
    /// The daily e-mail.
    setting: gongkai_services::reminders::SettingView,
}

/// POST /api/v1/session
pub async fn create_session(
    State(state): State<AppState>,
    crate::extract::ClientAddr(client): crate::extract::ClientAddr,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, ApiError> {
    let client = client.to_string();
    match accounts::login(
        &state.store,
        &body.username,
        &body.password,
        &client,
        state.now(),
    )
    .await?
    {
        LoginOutcome::Success { token, user_id } => Ok((
            StatusCode::CREATED,
            Json(Session {
                token,
                user_id,
                expires_in: accounts::SESSION_MS / 1000,
            }),
        )
            .into_response()),
        LoginOutcome::Invalid => Err(ApiError(AppError::Refused("用户名或密码错误".into()))),
        LoginOutcome::Locked { until } => Err(ApiError(AppError::TooMany(
            crate::console::auth::locked_message(until),
        ))),
    }
}

/// DELETE /api/v1/session
pub async fn delete_session(
    State(state): State<AppState>,
    parts: Parts,
) -> Result<StatusCode, ApiError> {
    if let Some(token) = session_token(&parts) {
        accounts::logout(&state.store, &token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// GET /api/v1/me
pub async fn me(ApiStaff(staff): ApiStaff) -> Json<accounts::Staff> {
    Json(staff)
}

/// POST /api/v1/deadline — the 期限计算器 (public): the due date of an application from its
/// receipt date and events, explained step by step.
pub async fn deadline(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<gongkai_services::deadline::DeadlineRequest>,
) -> Result<Json<gongkai_services::deadline::DeadlineAnswer>, ApiError> {
    let today = gongkai_services::time::today_cst(state.now());
    gongkai_services::deadline::calculate_in_force(&state.store, &req, today)
        .await?
        .map(Json)
        .map_err(|e| ApiError(AppError::Invalid(e)))
}

/// GET /api/v1/calendar — every year's holiday data: source and counts (系统管理员).
pub async fn calendar_overview(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> Result<Json<Vec<gongkai_services::calendar::YearStatus>>, ApiError> {
    Ok(Json(
        gongkai_services::calendar::overview(&state.store, &staff, state.now()).await?,
    ))
}

/// GET /api/v1/calendar/{year} — a year's listed days (系统管理员).
pub async fn calendar_year(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(year): ApiPath<i32>,
) -> Result<Json<gongkai_services::calendar::YearView>, ApiError> {
    Ok(Json(
        gongkai_services::calendar::year_view(&state.store, &staff, year).await?,
    ))
}

/// PUT /api/v1/calendar/{year} — imports the year's file (holiday-cn JSON as the body; its year
/// must be the path's).
pub async fn calendar_import(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(year): ApiPath<i32>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<gongkai_services::calendar::YearStatus>, ApiError> {
    let body = body.map_err(|e| crate::extract::body_error(&e))?;
    let body = String::from_utf8(body.to_vec())
        .map_err(|_| AppError::BadRequest("节假日文件应为 UTF-8 编码的 JSON".into()))?;
    if !staff.is_system_admin() {
        return Err(ApiError(AppError::Forbidden));
    }
    let named = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("year").and_then(serde_json::Value::as_i64));
    if named != Some(i64::from(year)) {
        let mut e = gongkai_domain::form::FieldErrors::new();
        e.add("year", format!("文件中的 year 应为 {year}"));
        return Err(ApiError(AppError::Invalid(e)));
    }
    Ok(Json(
        gongkai_services::calendar::import_year(&state.store, &staff, &body, state.now()).await?,
    ))
}

/// Body of a day setting.
#[derive(utoipa::ToSchema, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DayBody {
    status: String,
    name: String,
}

/// PUT /api/v1/calendar/days/{date} — `{"status": "off"|"work"|"default", "name": …}`.
pub async fn calendar_set_day(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(date): ApiPath<String>,
    ApiJson(body): ApiJson<DayBody>,
) -> Result<StatusCode, ApiError> {
    let form = gongkai_services::calendar::DayForm {
        date,
        status: body.status,
        name: body.name,
    };
    gongkai_services::calendar::set_day(&state.store, &staff, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of the reminder setting.
#[derive(utoipa::ToSchema, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ReminderBody {
    email: String,
    enabled: bool,
}

/// GET /api/v1/me/reminders — one's reminders and e-mail setting.
pub async fn my_reminders(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
) -> Result<Json<MyReminders>, ApiError> {
    let r = gongkai_services::reminders::of_staff(&state.store, &staff, state.now()).await?;
    let setting = gongkai_services::reminders::setting(&state.store, &staff).await?;
    Ok(Json(MyReminders {
        reminders: r,
        setting,
    }))
}

/// PUT /api/v1/me/reminders — one's own e-mail setting.
pub async fn save_my_reminders(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiJson(body): ApiJson<ReminderBody>,
) -> Result<StatusCode, ApiError> {
    gongkai_services::reminders::save_setting(
        &state.store,
        &staff,
        &body.email,
        body.enabled,
        state.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
