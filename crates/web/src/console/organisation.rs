//! Agencies, sites and columns in the console.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::auth::Permission;
use gongkai_domain::form::FieldErrors;
use gongkai_services::ServiceError;
use gongkai_services::accounts;
use gongkai_services::organisation::{self, AgencyForm, ColumnForm, SiteForm};
use gongkai_store::{agencies, columns, sites};

use serde::Serialize;

use super::{error_map, form_page, page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

/// GET /console/agencies
pub async fn list_agencies(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let all = agencies::list(&mut conn).await?;
    let names: BTreeMap<String, String> = all
        .iter()
        .map(|a| (a.id.to_string(), a.name.clone()))
        .collect();
    page(
        &state,
        "console/agencies.html",
        crate::ctx! { staff_is_admin => staff.is_system_admin(), staff, agencies => all, names },
    )
}

fn agency_form(d: &FormData) -> AgencyForm {
    AgencyForm {
        name: d.get("name"),
        short_name: d.get("short_name"),
        code: d.get("code"),
        parent_id: d.id("parent_id"),
        index_pattern: d.get("index_pattern"),
        office_name: d.get("office_name"),
        office_address: d.get("office_address"),
        office_hours: d.get("office_hours"),
        office_phone: d.get("office_phone"),
        office_fax: d.get("office_fax"),
        office_web: d.get("office_web"),
        sort_order: d.get("sort_order").parse().unwrap_or(0),
    }
}

async fn agency_page(
    state: &AppState,
    staff: &accounts::Staff,
    id: Option<i64>,
    form: &AgencyForm,
    errors: Option<&FieldErrors>,
) -> Result<Response, AppError> {
    let all = agencies::list(&mut *state.store.conn().await?).await?;
    let ctx = crate::ctx! { staff, id, form, agencies => all, errors => errors.map(error_map).unwrap_or_default() };
    form_page(state, "console/agency_form.html", ctx, errors.is_some())
}

/// GET /console/agencies/new
pub async fn new_agency(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    if !staff.is_system_admin() {
        return Err(AppError::Forbidden);
    }
    agency_page(&state, &staff, None, &AgencyForm::default(), None).await
}

/// POST /console/agencies
pub async fn create_agency(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    let form = agency_form(&data);
    match organisation::create_agency(&state.store, Some(&staff), &form, state.now()).await {
        Ok(id) => Ok(Redirect::to(&format!("/console/agencies/{id}")).into_response()),
        Err(ServiceError::Invalid(e)) => agency_page(&state, &staff, None, &form, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

/// GET /console/agencies/{id}
pub async fn edit_agency(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let a = agencies::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !accounts::may(&mut conn, &staff, Permission::ManageAgency, id).await? {
        return Err(AppError::Forbidden);
    }
    drop(conn);
    let form = AgencyForm {
        name: a.name,
        short_name: a.short_name,
        code: a.code,
        parent_id: a.parent_id,
        index_pattern: a.index_pattern,
        office_name: a.office_name,
        office_address: a.office_address,
        office_hours: a.office_hours,
        office_phone: a.office_phone,
        office_fax: a.office_fax,
        office_web: a.office_web,
        sort_order: a.sort_order,
    };
    agency_page(&state, &staff, Some(id), &form, None).await
}

/// POST /console/agencies/{id}
pub async fn update_agency(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = agency_form(&data);
    match organisation::update_agency(&state.store, &staff, id, &form, state.now()).await {
        Ok(()) => Ok(Redirect::to("/console/agencies").into_response()),
        Err(ServiceError::Invalid(e)) => {
            agency_page(&state, &staff, Some(id), &form, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct SiteRow {
    site: sites::Site,
    hosts: Vec<String>,
}

/// GET /console/sites
pub async fn list_sites(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let mut rows = Vec::new();
    for site in sites::list(&mut conn).await? {
        let hosts = sites::hosts(&mut conn, site.id).await?;
        rows.push(SiteRow { site, hosts });
    }
    page(
        &state,
        "console/sites.html",
        crate::ctx! { staff_is_admin => staff.is_system_admin(), staff, sites => rows },
    )
}

fn site_form(d: &FormData) -> SiteForm {
    SiteForm {
        agency_id: d.id("agency_id").unwrap_or(0),
        name: d.get("name"),
        slug: d.get("slug"),
        is_portal: d.checked("is_portal"),
        hosts: d.get("hosts"),
        site_code: d.get("site_code"),
        icp_record: d.get("icp_record"),
        police_record: d.get("police_record"),
        theme: d.get("theme"),
        sort_order: d.get("sort_order").parse().unwrap_or(0),
    }
}

async fn site_page(
    state: &AppState,
    staff: &accounts::Staff,
    id: Option<i64>,
    form: &SiteForm,
    errors: Option<&FieldErrors>,
) -> Result<Response, AppError> {
    let all = agencies::list(&mut *state.store.conn().await?).await?;
    let ctx = crate::ctx! { staff, id, form, agencies => all, errors => errors.map(error_map).unwrap_or_default() };
    form_page(state, "console/site_form.html", ctx, errors.is_some())
}

/// GET /console/sites/new
pub async fn new_site(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    if !staff.is_system_admin() {
        return Err(AppError::Forbidden);
    }
    site_page(&state, &staff, None, &SiteForm::default(), None).await
}

/// POST /console/sites
pub async fn create_site(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    let form = site_form(&data);
    match organisation::create_site(&state.store, Some(&staff), &form, state.now()).await {
        Ok(_) => Ok(Redirect::to("/console/sites").into_response()),
        Err(ServiceError::Invalid(e)) => site_page(&state, &staff, None, &form, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

/// GET /console/sites/{id}
pub async fn edit_site(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = sites::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !accounts::may(&mut conn, &staff, Permission::ManageAgency, s.agency_id).await? {
        return Err(AppError::Forbidden);
    }
    let hosts = sites::hosts(&mut conn, id).await?.join(" ");
    drop(conn);
    let form = SiteForm {
        agency_id: s.agency_id,
        name: s.name,
        slug: s.slug,
        is_portal: s.is_portal == 1,
        hosts,
        site_code: s.site_code,
        icp_record: s.icp_record,
        police_record: s.police_record,
        theme: s.theme,
        sort_order: s.sort_order,
    };
    site_page(&state, &staff, Some(id), &form, None).await
}

/// POST /console/sites/{id}
pub async fn update_site(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = site_form(&data);
    match organisation::update_site(&state.store, &staff, id, &form, state.now()).await {
        Ok(()) => Ok(Redirect::to("/console/sites").into_response()),
        Err(ServiceError::Invalid(e)) => site_page(&state, &staff, Some(id), &form, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct ColumnRow {
    column: columns::Column,
    depth: usize,
}

async fn columns_page(
    state: &AppState,
    staff: &accounts::Staff,
    site_id: i64,
    form: &ColumnForm,
    errors: Option<&FieldErrors>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let site = sites::find(&mut conn, site_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let may_manage =
        accounts::may(&mut conn, staff, Permission::ManageAgency, site.agency_id).await?;
    let rows: Vec<ColumnRow> = columns::list_for_site(&mut conn, site_id)
        .await?
        .into_iter()
        .map(|c| ColumnRow {
            depth: c.path.matches('/').count(),
            column: c,
        })
        .collect();
    let ctx = crate::ctx! { staff, site, columns => rows, may_manage, form, errors => errors.map(error_map).unwrap_or_default() };
    form_page(state, "console/columns.html", ctx, errors.is_some())
}

/// GET /console/sites/{id}/columns
pub async fn list_columns(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let form = ColumnForm {
        kind: "list".into(),
        ..Default::default()
    };
    columns_page(&state, &staff, id, &form, None).await
}

fn column_form(d: &FormData) -> ColumnForm {
    ColumnForm {
        parent_id: d.id("parent_id"),
        slug: d.get("slug"),
        name: d.get("name"),
        kind: d.get("kind"),
        link_url: d.get("link_url"),
        page_html: d.get("page_html"),
        sort_order: d.get("sort_order").parse().unwrap_or(0),
    }
}

/// POST /console/sites/{id}/columns
pub async fn create_column(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = column_form(&data);
    match organisation::create_column(&state.store, Some(&staff), id, &form, state.now()).await {
        Ok(_) => Ok(Redirect::to(&format!("/console/sites/{id}/columns")).into_response()),
        Err(ServiceError::Invalid(e)) => columns_page(&state, &staff, id, &form, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

async fn column_page(
    state: &AppState,
    staff: &accounts::Staff,
    id: i64,
    form: &ColumnForm,
    errors: Option<&FieldErrors>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let column = columns::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let site = sites::find(&mut conn, column.site_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !accounts::may(&mut conn, staff, Permission::ManageAgency, site.agency_id).await? {
        return Err(AppError::Forbidden);
    }
    let ctx = crate::ctx! { staff, site, column, form, errors => errors.map(error_map).unwrap_or_default() };
    form_page(state, "console/column_form.html", ctx, errors.is_some())
}

/// GET /console/columns/{id}
pub async fn edit_column(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let c = columns::find(&mut *state.store.conn().await?, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = ColumnForm {
        parent_id: c.parent_id,
        slug: c.slug,
        name: c.name,
        kind: c.kind,
        link_url: c.link_url,
        page_html: c.page_html,
        sort_order: c.sort_order,
    };
    column_page(&state, &staff, id, &form, None).await
}

/// POST /console/columns/{id}
pub async fn update_column(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = column_form(&data);
    match organisation::update_column(&state.store, &staff, id, &form, state.now()).await {
        Ok(()) => {
            let site_id = columns::find(&mut *state.store.conn().await?, id)
                .await?
                .map(|c| c.site_id)
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/console/sites/{site_id}/columns")).into_response())
        }
        Err(ServiceError::Invalid(e)) => column_page(&state, &staff, id, &form, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

/// GET /console/subjects
pub async fn list_subjects(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let taxonomy = gongkai_store::subjects::load(&mut *state.store.conn().await?).await?;
    page(
        &state,
        "console/subjects.html",
        crate::ctx! { staff_is_admin => staff.is_system_admin(), staff, subjects => taxonomy.subjects().to_vec() },
    )
}

/// POST /console/subjects/{code}
pub async fn rename_subject(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(code): Path<String>,
    data: FormData,
) -> Result<Response, AppError> {
    organisation::rename_subject(&state.store, &staff, &code, &data.get("name"), state.now())
        .await?;
    Ok(Redirect::to(&format!("/console/subjects#s-{code}")).into_response())
}
