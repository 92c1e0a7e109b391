//! 提醒: the staff member's applications awaiting acceptance, due soon and overdue, and where
//! their daily reminder e-mail goes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_services::ServiceError;
use gongkai_services::accounts::Staff;
use gongkai_services::reminders::{self, SettingView};

use super::error_map;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

async fn render(
    state: &AppState,
    staff: Staff,
    status: StatusCode,
    setting: SettingView,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<Response, AppError> {
    let r = reminders::of_staff(&state.store, &staff, state.now()).await?;
    let html = state.views.render(
        "console/reminders.html",
        crate::ctx! {
            staff,
            r,
            setting,
            errors,
            smtp => state.config.smtp_configured,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// GET /console/reminders
pub async fn show(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let setting = reminders::setting(&state.store, &staff).await?;
    render(&state, staff, StatusCode::OK, setting, Default::default()).await
}

/// POST /console/reminders — the staff member's own e-mail setting.
pub async fn save(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    let email = data.get("email");
    let enabled = data.checked("enabled");
    match reminders::save_setting(&state.store, &staff, &email, enabled, state.now()).await {
        Ok(()) => Ok(Redirect::to("/console/reminders").into_response()),
        Err(ServiceError::Invalid(e)) => {
            let setting = SettingView { email, enabled };
            render(
                &state,
                staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                setting,
                error_map(&e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
