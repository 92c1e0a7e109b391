//! The staff console: server-rendered pages. GET shows a page or form; POST validates through
//! a service and either re-renders the form with field errors (422) or redirects (303).

pub mod applications;
pub mod auth;
pub mod calendar;
pub mod documents;
pub mod imports;
pub mod letters;
pub mod organisation;
pub mod reminders;
pub mod reports;
pub mod users;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::form::FieldErrors;
use serde::Serialize;

use crate::AppState;
use crate::error::AppError;

/// Renders a console page.
pub fn page<S: Serialize>(state: &AppState, name: &str, ctx: S) -> Result<Response, AppError> {
    Ok(Html(state.views.render(name, ctx)?).into_response())
}

/// Renders a form again with its errors, status 422.
pub fn invalid<S: Serialize>(state: &AppState, name: &str, ctx: S) -> Result<Response, AppError> {
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        Html(state.views.render(name, ctx)?),
    )
        .into_response())
}

/// Renders a form: 200 when first shown, 422 when it comes back with field errors.
pub fn form_page<S: Serialize>(
    state: &AppState,
    name: &str,
    ctx: S,
    has_errors: bool,
) -> Result<Response, AppError> {
    if has_errors {
        invalid(state, name, ctx)
    } else {
        page(state, name, ctx)
    }
}

/// Field errors as a map for templates (`errors.title`).
pub fn error_map(e: &FieldErrors) -> std::collections::BTreeMap<String, String> {
    e.iter()
        .map(|f| (f.field.to_string(), f.message.clone()))
        .collect()
}

/// The agencies in which `staff` holds `permission` (for choosers and redirects).
pub async fn agencies_where(
    state: &AppState,
    staff: &gongkai_services::accounts::Staff,
    permission: gongkai_domain::auth::Permission,
) -> Result<Vec<gongkai_store::agencies::Agency>, AppError> {
    let mut conn = state.store.conn().await?;
    let mut out = Vec::new();
    for a in gongkai_store::agencies::list(&mut conn).await? {
        if gongkai_services::accounts::may(&mut conn, staff, permission, a.id).await? {
            out.push(a);
        }
    }
    Ok(out)
}

/// GET /console — a 承办人 starts at the applications, everyone else at the documents.
pub async fn home(
    crate::extract::CurrentStaff(staff): crate::extract::CurrentStaff,
) -> axum::response::Redirect {
    let handler = staff
        .grants
        .iter()
        .any(|g| g.role == gongkai_domain::auth::Role::CaseHandler);
    axum::response::Redirect::to(if handler {
        "/console/applications"
    } else {
        "/console/documents"
    })
}
