//! Notices and reply letters in the console: the print view and the DOCX of each letter of a
//! case, and the agency administrator's page of letter settings and templates.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_domain::application::letter::Letter;
use gongkai_domain::auth::Permission;
use gongkai_services::ServiceError;
use gongkai_services::accounts::Staff;
use gongkai_services::applications::{self as apps, LetterSettingsView, SettingsForm};
use gongkai_store::agencies;

use super::error_map;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

/// Where the print view's links go.
#[derive(Debug, Default, Clone, Copy)]
pub struct Links<'a> {
    /// “返回”.
    pub back: Option<&'a str>,
    /// The DOCX download.
    pub docx: Option<&'a str>,
}

/// The letter as a print-ready HTML page or a DOCX download; never cached (personal data).
pub fn respond(
    state: &AppState,
    letter: &Letter,
    docx: bool,
    links: Links<'_>,
) -> Result<Response, AppError> {
    if docx {
        let bytes = gongkai_render::letter::docx(letter, &state.config.letter_fonts);
        let disposition =
            super::documents::attachment_disposition(&format!("{}.docx", letter.file_stem()));
        return Ok((
            [
                (CONTENT_TYPE, gongkai_render::docx::MIME.to_owned()),
                (CONTENT_DISPOSITION, disposition),
                (CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response());
    }
    let addressee = letter.paragraphs.first().is_some_and(|p| p.ends_with('：'));
    let html = state.views.render(
        "letter.html",
        crate::ctx! { letter, addressee, back => links.back, docx => links.docx },
    )?;
    Ok(([(CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

/// GET /console/applications/{id}/letters/{event} — the print view (audited).
pub async fn show(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((id, event)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let letter = apps::staff_letter(&state.store, &staff, id, event, state.now()).await?;
    let back = format!("/console/applications/{id}#letters-h");
    let docx = format!("/console/applications/{id}/letters/{event}/docx");
    respond(
        &state,
        &letter,
        false,
        Links {
            back: Some(&back),
            docx: Some(&docx),
        },
    )
}

/// GET /console/applications/{id}/letters/{event}/docx — the DOCX (audited).
pub async fn docx(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((id, event)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let letter = apps::staff_letter(&state.store, &staff, id, event, state.now()).await?;
    respond(&state, &letter, true, Links::default())
}

/// The agencies whose letters `staff` manages.
async fn managed(state: &AppState, staff: &Staff) -> Result<Vec<agencies::Agency>, AppError> {
    super::agencies_where(state, staff, Permission::ManageAgency).await
}

/// GET /console/letters — the settings of the (first) agency the administrator manages.
pub async fn index(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    match managed(&state, &staff).await?.first() {
        Some(a) => Ok(Redirect::to(&format!("/console/letters/{}", a.id)).into_response()),
        None => Err(AppError::Forbidden),
    }
}

/// What the settings page shows besides the view.
#[derive(Default)]
struct PageState {
    status: Option<StatusCode>,
    errors: std::collections::BTreeMap<String, String>,
    /// The kind whose template failed or is previewed, with the text typed.
    editing: Option<(String, String)>,
    preview: Option<Letter>,
    saved: Option<&'static str>,
    form: Option<SettingsForm>,
}

async fn settings_page(
    state: &AppState,
    staff: Staff,
    agency_id: i64,
    ps: PageState,
) -> Result<Response, AppError> {
    let mut v: LetterSettingsView =
        apps::letter_settings(&state.store, &staff, agency_id, state.now()).await?;
    if let Some((kind, body)) = &ps.editing
        && let Some(t) = v.templates.iter_mut().find(|t| t.kind == kind)
    {
        t.body = body.clone();
    }
    let form = ps.form.unwrap_or_else(|| SettingsForm {
        reply_pattern: v.settings.reply_pattern.clone(),
        correction_days: v.settings.correction_days.to_string(),
        fee_payment: v.settings.fee_payment.clone(),
        special_register_ground: v.settings.special_register_ground.clone(),
        review_body: Some(v.settings.review_body.clone()),
        court: Some(v.settings.court.clone()),
    });
    let agencies: Vec<(i64, String)> = managed(state, &staff)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let html = state.views.render(
        "console/letters.html",
        crate::ctx! {
            staff,
            v,
            form,
            agencies,
            errors => ps.errors,
            editing => ps.editing.map(|(k, _)| k),
            preview => ps.preview,
            saved => ps.saved,
        },
    )?;
    Ok((ps.status.unwrap_or(StatusCode::OK), Html(html)).into_response())
}

/// The query of the settings page after a save.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Saved {
    #[serde(default)]
    saved: String,
}

/// GET /console/letters/{agency}
pub async fn show_settings(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(agency): Path<i64>,
    Query(q): Query<Saved>,
) -> Result<Response, AppError> {
    let saved = match q.saved.as_str() {
        "settings" => Some("文号与期限设置已保存。"),
        "template" => Some("模板已保存，此后生成的文书使用新模板。"),
        "reset" => Some("已恢复系统默认模板。"),
        _ => None,
    };
    let ps = PageState {
        saved,
        ..PageState::default()
    };
    settings_page(&state, staff, agency, ps).await
}

/// POST /console/letters/{agency}/settings — 文号格式, 补正期限, 缴费方式.
pub async fn save_settings(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(agency): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = SettingsForm {
        reply_pattern: data.get("reply_pattern"),
        correction_days: data.get("correction_days"),
        fee_payment: data.get("fee_payment"),
        special_register_ground: data.get("special_register_ground"),
        review_body: Some(data.get("review_body")),
        court: Some(data.get("court")),
    };
    match apps::save_letter_settings(&state.store, &staff, agency, &form, state.now()).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/console/letters/{agency}?saved=settings")).into_response())
        }
        Err(ServiceError::Invalid(e)) => {
            let ps = PageState {
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                errors: error_map(&e),
                form: Some(form),
                ..PageState::default()
            };
            settings_page(&state, staff, agency, ps).await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /console/letters/{agency}/templates/{kind} — saves a template, or previews it when the
/// 预览 button was pressed.
pub async fn save_template(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, kind)): Path<(i64, String)>,
    data: FormData,
) -> Result<Response, AppError> {
    let body = data.get("body");
    let previewing = data.get("preview") == "1";
    let result = if previewing {
        // Only the agency's administrators may preview (the same check as saving).
        let view = apps::letter_settings(&state.store, &staff, agency, state.now()).await?;
        apps::preview(&kind, &body, &view.agency_name).map(Some)
    } else {
        apps::save_template(&state.store, &staff, agency, &kind, &body, state.now())
            .await
            .map(|()| None)
    };
    match result {
        Ok(None) => Ok(Redirect::to(&format!(
            "/console/letters/{agency}?saved=template#t-{kind}"
        ))
        .into_response()),
        Ok(Some(letter)) => {
            let ps = PageState {
                editing: Some((kind, body)),
                preview: Some(letter),
                ..PageState::default()
            };
            settings_page(&state, staff, agency, ps).await
        }
        Err(ServiceError::Invalid(e)) => {
            let ps = PageState {
                status: Some(StatusCode::UNPROCESSABLE_ENTITY),
                errors: error_map(&e),
                editing: Some((kind, body)),
                ..PageState::default()
            };
            settings_page(&state, staff, agency, ps).await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /console/letters/{agency}/templates/{kind}/reset — back to the shipped text.
pub async fn reset_template(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, kind)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    apps::reset_template(&state.store, &staff, agency, &kind, state.now()).await?;
    Ok(Redirect::to(&format!("/console/letters/{agency}?saved=reset#t-{kind}")).into_response())
}
