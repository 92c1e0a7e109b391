//! The annual report in the console: the editor (narrative, overrides with reasons, checks,
//! submission for publication), the import of reports made elsewhere, the print view and the
//! exports.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_domain::auth::Permission;
use gongkai_services::ServiceError;
use gongkai_services::accounts::Staff;
use gongkai_services::reports::editor::{self, OverrideForm, TextForm};
use gongkai_services::reports::{exports, import};

use super::error_map;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData, FormWithFiles};

/// The query of the editor.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    agency: Option<i64>,
    year: Option<i32>,
}

/// What a failed action shows again.
#[derive(Debug, Default)]
struct Typed {
    status: Option<StatusCode>,
    message: Option<String>,
    errors: std::collections::BTreeMap<String, String>,
    text: Option<TextForm>,
    override_form: Option<OverrideForm>,
    /// Why an imported file could not be read.
    import_problems: Vec<String>,
    /// The text of an old report, as pasted.
    document_text: Option<String>,
}

/// GET /console/reports — the report of an agency and year (by default the year before: reports
/// are published early in the next year).
pub async fn show(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let agencies = viewable(&state, &staff).await?;
    let agency = q
        .agency
        .or_else(|| agencies.first().map(|a| a.0))
        .ok_or(AppError::Forbidden)?;
    let year = q.year.unwrap_or_else(|| {
        use chrono::Datelike;
        gongkai_services::time::today_cst(state.now()).year() - 1
    });
    render(&state, staff, agency, year, Typed::default()).await
}

async fn viewable(state: &AppState, staff: &Staff) -> Result<Vec<(i64, String)>, AppError> {
    Ok(
        super::agencies_where(state, staff, Permission::ViewApplications)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect(),
    )
}

async fn render(
    state: &AppState,
    staff: Staff,
    agency: i64,
    year: i32,
    typed: Typed,
) -> Result<Response, AppError> {
    let v = editor::view(&state.store, &staff, agency, year).await?;
    let agencies = viewable(state, &staff).await?;
    let text = typed.text.unwrap_or_else(|| TextForm {
        overview: v.overview.clone(),
        problems: v.problems.clone(),
        other: v.other.clone(),
    });
    let typed_override = typed.override_form.unwrap_or_default();
    let (message, errors) = (typed.message, typed.errors);
    let (import_problems, document_text) = (typed.import_problems, typed.document_text);
    let overdue = v.overdue_on(gongkai_services::time::today_cst(state.now()));
    let html = state.views.render(
        "console/report.html",
        crate::ctx! {
            staff, v, agencies, text, typed => typed_override, message, errors, import_problems,
            document_text, overdue
        },
    )?;
    Ok((typed.status.unwrap_or(StatusCode::OK), Html(html)).into_response())
}

fn back(agency: i64, year: i32, anchor: &str) -> Response {
    Redirect::to(&format!(
        "/console/reports?agency={agency}&year={year}#{anchor}"
    ))
    .into_response()
}

/// Shows the editor again after a refused or invalid action; other errors go up.
async fn failed(
    state: &AppState,
    staff: Staff,
    agency: i64,
    year: i32,
    e: ServiceError,
    mut typed: Typed,
) -> Result<Response, AppError> {
    match e {
        ServiceError::Invalid(e) => {
            typed.status = Some(StatusCode::UNPROCESSABLE_ENTITY);
            typed.errors = error_map(&e);
        }
        ServiceError::Refused(m) => {
            typed.status = Some(StatusCode::CONFLICT);
            typed.message = Some(m);
        }
        e => return Err(e.into()),
    }
    render(state, staff, agency, year, typed).await
}

/// POST /console/reports/{agency}/{year}/text — saves 一、五、六.
pub async fn save_text(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = TextForm {
        overview: data.get("overview"),
        problems: data.get("problems"),
        other: data.get("other"),
    };
    match editor::save_text(&state.store, &staff, agency, year, &form, state.now()).await {
        Ok(()) => Ok(back(agency, year, "text-h")),
        Err(e) => {
            let typed = Typed {
                text: Some(form),
                ..Typed::default()
            };
            failed(&state, staff, agency, year, e, typed).await
        }
    }
}

/// POST /console/reports/{agency}/{year}/overrides — overrides one cell, with the reason.
pub async fn set_override(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = OverrideForm {
        cell: data.get("cell"),
        value: data.get("value"),
        reason: data.get("reason"),
    };
    match editor::set_override(&state.store, &staff, agency, year, &form, state.now()).await {
        Ok(()) => Ok(back(agency, year, "overrides-h")),
        Err(e) => {
            let typed = Typed {
                override_form: Some(form),
                ..Typed::default()
            };
            failed(&state, staff, agency, year, e, typed).await
        }
    }
}

/// POST /console/reports/{agency}/{year}/overrides/remove — the computed figure again.
pub async fn remove_override(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    data: FormData,
) -> Result<Response, AppError> {
    let cell = data.get("cell");
    match editor::remove_override(&state.store, &staff, agency, year, &cell, state.now()).await {
        Ok(()) => Ok(back(agency, year, "overrides-h")),
        Err(e) => failed(&state, staff, agency, year, e, Typed::default()).await,
    }
}

/// POST /console/reports/{agency}/{year}/correct — starts a 更正 of the published report.
pub async fn correct(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    data: FormData,
) -> Result<Response, AppError> {
    let reason = data.get("correction_reason");
    match editor::start_correction(&state.store, &staff, agency, year, &reason, state.now()).await {
        Ok(()) => Ok(back(agency, year, "text-h")),
        Err(e) => failed(&state, staff, agency, year, e, Typed::default()).await,
    }
}

/// POST /console/reports/{agency}/{year}/submit — files the report for publication (a 更正 with
/// its reason when it was published before).
pub async fn submit(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    data: FormData,
) -> Result<Response, AppError> {
    let reason = data.get("correction_reason");
    match editor::submit_with(&state.store, &staff, agency, year, &reason, state.now()).await {
        Ok(_) => Ok(back(agency, year, "checks-h")),
        Err(e) => failed(&state, staff, agency, year, e, Typed::default()).await,
    }
}

/// POST /console/reports/{agency}/{year}/import — the tables of a report made elsewhere
/// (multipart, field `file`: JSON or XLSX).
pub async fn import(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    form: FormWithFiles,
) -> Result<Response, AppError> {
    let bytes = form
        .files
        .into_iter()
        .find(|f| f.field == "file")
        .map(|f| f.bytes)
        .unwrap_or_default();
    let done = import::import_tables(&state.store, &staff, agency, year, &bytes, state.now()).await;
    match done {
        Ok(Ok(_)) => Ok(back(agency, year, "checks-h")),
        Ok(Err(problems)) => {
            let typed = Typed {
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                import_problems: problems,
                ..Typed::default()
            };
            render(&state, staff, agency, year, typed).await
        }
        Err(e) => failed(&state, staff, agency, year, e, Typed::default()).await,
    }
}

/// POST /console/reports/{agency}/{year}/import/remove — the platform's own figures again.
pub async fn remove_import(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
) -> Result<Response, AppError> {
    match import::remove_import(&state.store, &staff, agency, year, state.now()).await {
        Ok(()) => Ok(back(agency, year, "import-h")),
        Err(e) => failed(&state, staff, agency, year, e, Typed::default()).await,
    }
}

/// POST /console/reports/{agency}/{year}/document — a report before 2019, its whole text filed
/// as a document and submitted for review.
pub async fn import_document(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    data: FormData,
) -> Result<Response, AppError> {
    let text = data.get("text");
    match import::import_document(&state.store, &staff, agency, year, &text, state.now()).await {
        Ok(_) => Ok(back(agency, year, "import-h")),
        Err(e) => {
            let typed = Typed {
                document_text: Some(text),
                ..Typed::default()
            };
            failed(&state, staff, agency, year, e, typed).await
        }
    }
}

/// GET /console/reports/{agency}/{year}/print — the print view (A4, official layout).
pub async fn print(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
) -> Result<Response, AppError> {
    let v = editor::view(&state.store, &staff, agency, year).await?;
    let html = state.views.render("report_print.html", crate::ctx! { v })?;
    Ok(Html(html).into_response())
}

/// GET /console/reports/{agency}/{year}/export.{format} — the report as DOCX, XLSX, JSON or a
/// standalone HTML file.
pub async fn export(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year, file)): Path<(i64, i32, String)>,
) -> Result<Response, AppError> {
    let format = file
        .strip_prefix("export.")
        .and_then(exports::Format::parse)
        .ok_or(AppError::NotFound)?;
    let v = editor::view(&state.store, &staff, agency, year).await?;
    let f = exports::render(&v, format, &state.config.letter_fonts)?;
    Ok((
        [
            (header::CONTENT_TYPE, f.media_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                super::documents::attachment_disposition(&f.file_name),
            ),
        ],
        f.bytes,
    )
        .into_response())
}
