//! The application pages of the console: the work list, registration, the case page with the
//! clock, the timeline and exactly the actions the state machine allows.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_domain::application::case::CaseAction;
use gongkai_domain::application::channel::Channel;
use gongkai_domain::application::fee::FeeMethod;
use gongkai_domain::application::outcome::{Ground, HELD_ELSEWHERE, Outcome};
use gongkai_domain::auth::Permission;
use gongkai_services::ServiceError;
use gongkai_services::accounts::Staff;
use gongkai_services::applications::{
    self as apps, ActionForm, AppealKind, AppealResult, DeliveryMethod, RegistrationForm,
    WorkFilter,
};
use gongkai_store::agencies;

use super::{error_map, form_page, page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};
use crate::portal::apply::{application_form, form_choices};

/// An outcome's label with its grounds: (stored name, label, detail required).
type GroundGroup = (String, Vec<(&'static str, &'static str, bool)>);

async fn handling_agencies(
    state: &AppState,
    staff: &Staff,
) -> Result<Vec<agencies::Agency>, AppError> {
    super::agencies_where(state, staff, Permission::HandleApplications).await
}

/// GET /console/applications — the work list ordered by due date.
pub async fn list(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Query(filter): Query<WorkFilter>,
) -> Result<Response, AppError> {
    let items = apps::work_list(&state.store, &staff, &filter, state.now()).await?;
    // The default list holds every open case: its reminders need no second computation.
    let unfiltered = filter.show.is_empty()
        && filter.handler.is_empty()
        && filter.agency.is_empty()
        && filter.year.is_empty();
    let reminders = if unfiltered {
        gongkai_services::reminders::of_items(&state.store, &staff, items.clone()).await?
    } else {
        gongkai_services::reminders::of_staff(&state.store, &staff, state.now()).await?
    };
    let handlers = agency_handlers(&state, &staff).await?;
    page(
        &state,
        "console/applications.html",
        crate::ctx! {
            staff,
            items,
            filter,
            handlers,
            overdue => reminders.overdue.len(),
            due_soon => reminders.due_soon.len(),
            awaiting => reminders.awaiting.len(),
            agencies => handling_agencies(&state, &staff).await?,
        },
    )
}

/// The 承办人 and 机关管理员 of the agencies where `staff` handles applications, others than
/// `staff`: (id, name), for the work list's filter by handler.
async fn agency_handlers(state: &AppState, staff: &Staff) -> Result<Vec<(i64, String)>, AppError> {
    let agencies: Vec<i64> = handling_agencies(state, staff)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut conn = state.store.conn().await?;
    let mut handlers = apps::handlers_of(&mut conn, &agencies).await?;
    handlers.retain(|(id, _)| *id != staff.id);
    Ok(handlers)
}

fn channels() -> Vec<(&'static str, &'static str, &'static str)> {
    Channel::ALL
        .iter()
        .filter(|c| **c != Channel::Online)
        .map(|c| (c.as_str(), c.label(), c.date_label()))
        .collect()
}

async fn registration_page(
    state: &AppState,
    staff: Staff,
    form: RegistrationForm,
    errors: std::collections::BTreeMap<String, String>,
    agency_id: Option<i64>,
) -> Result<Response, AppError> {
    let has_errors = !errors.is_empty();
    form_page(
        state,
        "console/application_new.html",
        crate::ctx! {
            staff,
            form => form.application,
            channel => form.channel,
            channel_on => form.channel_on,
            agency_id,
            errors,
            choices => form_choices(),
            channels => channels(),
            agencies => handling_agencies(state, &staff).await?,
        },
        has_errors,
    )
}

/// GET /console/applications/new — registration of an application received by another channel.
pub async fn new(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let form = RegistrationForm {
        application: gongkai_domain::application::applicant::ApplicationForm {
            kind: "natural_person".into(),
            id_type: "resident_id".into(),
            info_form: "paper".into(),
            delivery: "mail".into(),
            ..Default::default()
        },
        channel: "in_person".into(),
        ..Default::default()
    };
    registration_page(&state, staff, form, Default::default(), None).await
}

/// POST /console/applications — registers it.
pub async fn register(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    let form = RegistrationForm {
        application: application_form(&data),
        channel: data.get("channel"),
        channel_on: data.get("channel_on"),
        handler_id: None,
    };
    let agency_id = data.id("agency_id");
    let Some(agency) = agency_id else {
        let mut e = gongkai_domain::form::FieldErrors::new();
        e.add("agency_id", "请选择受理机关");
        return registration_page(&state, staff, form, error_map(&e), None).await;
    };
    match apps::register(&state.store, &staff, agency, &form, state.now()).await {
        Ok(r) => Ok(Redirect::to(&format!("/console/applications/{}", r.id)).into_response()),
        Err(ServiceError::Invalid(e)) => {
            registration_page(&state, staff, form, error_map(&e), agency_id).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn case_page(
    state: &AppState,
    staff: Staff,
    id: i64,
    status: StatusCode,
    error: Option<String>,
    errors: std::collections::BTreeMap<String, String>,
    failed_action: Option<String>,
) -> Result<Response, AppError> {
    let v = apps::view(&state.store, &staff, id, state.now()).await?;
    let mut conn = state.store.conn().await?;
    let all_agencies: Vec<(i64, String)> = agencies::list(&mut conn)
        .await?
        .into_iter()
        .filter(|a| a.id != v.app.agency_id)
        .map(|a| (a.id, a.name))
        .collect();
    // 本机关不掌握 is two decisions (条例第三十六条第四项, 第五项) counted in one row.
    let grounds: Vec<GroundGroup> = Outcome::ALL
        .iter()
        .map(|o| {
            (
                o.label().to_owned(),
                Ground::of(*o)
                    .flat_map(|g| match g {
                        Ground::NotHeld => vec![
                            (
                                g.as_str(),
                                "本机关不掌握相关政府信息：该政府信息不存在（第三十六条第四项）",
                                false,
                            ),
                            (
                                HELD_ELSEWHERE,
                                "本机关不掌握相关政府信息：不属于本机关负责公开，告知负责公开的机关（第三十六条第五项）",
                                false,
                            ),
                        ],
                        g => vec![(g.as_str(), g.label(), g.detail_required())],
                    })
                    .collect(),
            )
        })
        .collect();
    // An "application" that is not one is closed unaccepted with these grounds only.
    let dismiss_grounds: Vec<GroundGroup> = grounds
        .iter()
        .map(|(label, list)| {
            (
                label.clone(),
                list.iter()
                    .copied()
                    .filter(|(g, _, _)| {
                        Ground::parse(g).is_some_and(|g| {
                            gongkai_domain::application::case::check_dismiss_ground(g).is_ok()
                        })
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, list)| !list.is_empty())
        .collect();
    let labels: Vec<(&str, &str)> = CaseAction::ALL
        .iter()
        .map(|a| (a.as_str(), a.label()))
        .collect();
    let special_register_label =
        gongkai_store::applications::agency_settings(&mut conn, v.app.agency_id)
            .await?
            .and_then(|s| Ground::parse(&s.special_register_ground))
            .map(|g| format!("{}·{}", g.outcome().label(), g.label()))
            .unwrap_or_default();
    let may_edit_documents = gongkai_services::accounts::may(
        &mut conn,
        &staff,
        Permission::EditDocuments,
        v.app.agency_id,
    )
    .await?;
    let html = state.views.render(
        "console/application.html",
        crate::ctx! {
            staff,
            v,
            error,
            errors,
            failed_action,
            agencies => all_agencies,
            grounds,
            dismiss_grounds,
            labels,
            fee_methods => FeeMethod::ALL.iter().map(|m| (m.as_str(), m.label())).collect::<Vec<_>>(),
            delivery_methods => DeliveryMethod::ALL.iter().map(|m| (m.as_str(), m.label())).collect::<Vec<_>>(),
            appeal_kinds => AppealKind::ALL.iter().map(|m| (m.as_str(), m.label())).collect::<Vec<_>>(),
            appeal_results => AppealResult::ALL.iter().map(|m| (m.as_str(), m.label())).collect::<Vec<_>>(),
            today => gongkai_services::time::today_cst(state.now()).to_string(),
            may_edit_documents,
            special_register_label,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// GET /console/applications/{id} — the case page (the view is audited).
pub async fn show(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    case_page(
        &state,
        staff,
        id,
        StatusCode::OK,
        None,
        Default::default(),
        None,
    )
    .await
}

/// POST /console/applications/{id}/actions/{action}
pub async fn act(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((id, action)): Path<(i64, String)>,
    data: FormData,
) -> Result<Response, AppError> {
    let action = CaseAction::parse(&action).ok_or(AppError::NotFound)?;
    let form = ActionForm {
        date: data.get("date"),
        days: data.get("days"),
        amount: data.get("amount"),
        fee_method: data.get("fee_method"),
        pages: data.get("pages"),
        note: data.get("note"),
        ground: data.get("ground"),
        detail: data.get("detail"),
        agency_id: data.get("agency_id"),
        method: data.get("method"),
        appeal_kind: data.get("appeal_kind"),
        appeal_result: data.get("appeal_result"),
        result_on: data.get("result_on"),
        appeal_id: data.get("appeal_id"),
        handler_id: data.get("handler_id"),
        party: data.get("party"),
        holder: data.get("holder"),
        holder_contact: data.get("holder_contact"),
    };
    let failed = Some(action.as_str().to_owned());
    match apps::act(&state.store, &staff, id, action, &form, state.now()).await {
        Ok(_) => Ok(Redirect::to(&format!("/console/applications/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            case_page(
                &state,
                staff,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                error_map(&e),
                failed,
            )
            .await
        }
        Err(ServiceError::Refused(m)) => {
            case_page(
                &state,
                staff,
                id,
                StatusCode::CONFLICT,
                Some(m),
                Default::default(),
                failed,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /console/applications/{id}/handler — assigns the 承办人.
pub async fn assign(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    match apps::assign(&state.store, &staff, id, data.id("handler_id"), state.now()).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/applications/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => {
            case_page(
                &state,
                staff,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                error_map(&e),
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The query of the year view.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct YearQuery {
    agency: Option<i64>,
    year: Option<i32>,
}

/// GET /console/applications/year — an agency's year as the annual report counts it.
pub async fn year(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let agencies: Vec<(i64, String)> =
        super::agencies_where(&state, &staff, Permission::ViewApplications)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
    let agency = q
        .agency
        .or_else(|| agencies.first().map(|a| a.0))
        .ok_or(AppError::Forbidden)?;
    let year = q.year.unwrap_or_else(|| {
        use chrono::Datelike;
        gongkai_services::time::today_cst(state.now()).year()
    });
    year_page(
        &state,
        staff,
        agency,
        year,
        agencies,
        None,
        Default::default(),
    )
    .await
}

async fn year_page(
    state: &AppState,
    staff: Staff,
    agency: i64,
    year: i32,
    agencies: Vec<(i64, String)>,
    typed: Option<gongkai_services::reports::FiguresForm>,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<Response, AppError> {
    let tables = gongkai_services::reports::tables(&state.store, &staff, agency, year).await?;
    let figures = match typed {
        Some(f) => f,
        None => gongkai_services::reports::figures(&state.store, &staff, agency, year).await?,
    };
    let mut conn = state.store.conn().await?;
    let may_manage =
        gongkai_services::accounts::may(&mut conn, &staff, Permission::ManageAgency, agency)
            .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let v = &tables.applications;
    let html = state.views.render(
        "console/application_year.html",
        crate::ctx! { staff, v, agencies, section2 => &tables.section2, figures, may_manage, errors },
    )?;
    Ok((status, Html(html)).into_response())
}

/// POST /console/reports/{agency}/{year}/figures — section 二's figures from other systems.
pub async fn save_figures(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((agency, year)): Path<(i64, i32)>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = gongkai_services::reports::FiguresForm {
        licensing: data.get("licensing"),
        penalties: data.get("penalties"),
        enforcement: data.get("enforcement"),
        fees_wan_yuan: data.get("fees_wan_yuan"),
    };
    match gongkai_services::reports::save_figures(
        &state.store,
        &staff,
        agency,
        year,
        &form,
        state.now(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/console/applications/year?agency={agency}&year={year}#figures-h"
        ))
        .into_response()),
        Err(ServiceError::Invalid(e)) => {
            let agencies: Vec<(i64, String)> =
                super::agencies_where(&state, &staff, Permission::ViewApplications)
                    .await?
                    .into_iter()
                    .map(|a| (a.id, a.name))
                    .collect();
            year_page(
                &state,
                staff,
                agency,
                year,
                agencies,
                Some(form),
                error_map(&e),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// GET /console/applications/{id}/files/{file} — an identity proof (audited; never cached).
pub async fn file(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let f = apps::staff_file(&state.store, &staff, id, file, state.now()).await?;
    super::documents::send_stored(&state, &f.sha256, &f.media_type, &f.file_name, true).await
}

/// GET /console/applications/{id}/proactive — the catalogue editor filled from the replied
/// application (条例第四十四条).
pub async fn proactive(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let d = apps::proactive_draft(&state.store, &staff, id, state.now()).await?;
    super::documents::render_editor_from(
        &state,
        &staff,
        d.agency_id,
        None,
        &d.form,
        None,
        Some((id, d.number, d.same_requests)),
    )
    .await
}
