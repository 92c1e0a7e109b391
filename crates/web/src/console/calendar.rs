//! The working-day calendar in the console (系统管理员): every year's source and counts, a year's
//! listed days, the import of a new year's file (the State Council's notice, holiday-cn format)
//! and the setting of single days.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_services::ServiceError;
use gongkai_services::accounts::Staff;
use gongkai_services::calendar::{self, DayForm};

use super::error_map;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

async fn overview_page(
    state: &AppState,
    staff: Staff,
    status: StatusCode,
    errors: std::collections::BTreeMap<String, String>,
    form: DayForm,
    imported: Option<calendar::YearStatus>,
) -> Result<Response, AppError> {
    let years = calendar::overview(&state.store, &staff, state.now()).await?;
    let html = state.views.render(
        "console/calendar.html",
        crate::ctx! { staff, years, errors, form, imported },
    )?;
    Ok((status, Html(html)).into_response())
}

fn blank_day() -> DayForm {
    DayForm {
        status: "off".into(),
        ..DayForm::default()
    }
}

/// The overview again with the errors of a refused change (422).
async fn refused(
    state: &AppState,
    staff: Staff,
    e: &gongkai_domain::form::FieldErrors,
    form: DayForm,
) -> Result<Response, AppError> {
    overview_page(
        state,
        staff,
        StatusCode::UNPROCESSABLE_ENTITY,
        error_map(e),
        form,
        None,
    )
    .await
}

/// GET /console/calendar
pub async fn overview(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let form = blank_day();
    overview_page(
        &state,
        staff,
        StatusCode::OK,
        Default::default(),
        form,
        None,
    )
    .await
}

/// GET /console/calendar/{year}
pub async fn year(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(year): Path<i32>,
) -> Result<Response, AppError> {
    let v = calendar::year_view(&state.store, &staff, year).await?;
    let html = state
        .views
        .render("console/calendar_year.html", crate::ctx! { staff, v })?;
    Ok(Html(html).into_response())
}

/// POST /console/calendar/import — a year's file (multipart, field `file`).
pub async fn import(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    multipart: Multipart,
) -> Result<Response, AppError> {
    if !staff.is_system_admin() {
        return Err(AppError::Forbidden);
    }
    let (_, bytes) = super::documents::read_upload(multipart).await?;
    let text = String::from_utf8(bytes).unwrap_or_default();
    match calendar::import_year(&state.store, &staff, &text, state.now()).await {
        Ok(done) => {
            let form = blank_day();
            overview_page(
                &state,
                staff,
                StatusCode::OK,
                Default::default(),
                form,
                Some(done),
            )
            .await
        }
        Err(ServiceError::Invalid(e)) => refused(&state, staff, &e, blank_day()).await,
        Err(e) => Err(e.into()),
    }
}

/// POST /console/calendar/days — sets one day, or restores it.
pub async fn set_day(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    let form = DayForm {
        date: data.get("date"),
        status: data.get("status"),
        name: data.get("name"),
    };
    match calendar::set_day(&state.store, &staff, &form, state.now()).await {
        Ok(()) => {
            let year = form.date.get(..4).unwrap_or("");
            Ok(Redirect::to(&format!("/console/calendar/{year}")).into_response())
        }
        Err(ServiceError::Invalid(e)) => refused(&state, staff, &e, form).await,
        Err(e) => Err(e.into()),
    }
}
