//! Staff accounts in the console: list, create, edit (name, state, roles), password reset,
//! and one's own password.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::auth::{Grant, Permission, Role};
use gongkai_domain::form::FieldErrors;
use gongkai_domain::ids::AgencyId;
use gongkai_services::ServiceError;
use gongkai_services::accounts::{self, NewUser, Staff, UserChange};
use gongkai_store::agencies;

use super::{error_map, form_page, invalid, page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

async fn agency_names(state: &AppState) -> Result<BTreeMap<String, String>, AppError> {
    Ok(agencies::list(&mut *state.store.conn().await?)
        .await?
        .into_iter()
        .map(|a| (a.id.to_string(), a.name))
        .collect())
}

/// The agencies whose staff `staff` may grant roles for.
async fn grantable_agencies(
    state: &AppState,
    staff: &Staff,
) -> Result<Vec<agencies::Agency>, AppError> {
    super::agencies_where(state, staff, Permission::ManageAgency).await
}

/// GET /console/users
pub async fn list_users(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let users = accounts::list_users(&state.store, &staff, state.now()).await?;
    let names = agency_names(&state).await?;
    page(
        &state,
        "console/users.html",
        crate::ctx! { staff, users, names, may_create => true },
    )
}

async fn user_page(
    state: &AppState,
    staff: &Staff,
    form: &FormData,
    errors: Option<&FieldErrors>,
) -> Result<Response, AppError> {
    let visible = grantable_agencies(state, staff).await?;
    let form_map: BTreeMap<String, String> = form
        .0
        .iter()
        .filter(|(k, _)| k != "password")
        .cloned()
        .collect();
    let ctx = crate::ctx! { staff, agencies => visible, form => form_map, errors => errors.map(error_map).unwrap_or_default() };
    form_page(state, "console/user_form.html", ctx, errors.is_some())
}

/// GET /console/users/new
pub async fn new_user(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    if !staff.is_system_admin() && grantable_agencies(&state, &staff).await?.is_empty() {
        return Err(AppError::Forbidden);
    }
    user_page(&state, &staff, &FormData::default(), None).await
}

fn one_grant(data: &FormData, role_key: &str, agency_key: &str) -> Option<Grant> {
    let role = Role::parse(&data.get(role_key))?;
    Some(Grant {
        role,
        agency: data.id(agency_key).map(AgencyId),
    })
}

/// POST /console/users
pub async fn create_user(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    let Some(grant) = one_grant(&data, "role", "agency_id") else {
        let mut e = FieldErrors::new();
        e.add("roles", "请选择角色");
        return user_page(&state, &staff, &data, Some(&e)).await;
    };
    let new = NewUser {
        username: data.get("username"),
        display_name: data.get("display_name"),
        password: data.get("password"),
        grants: vec![grant],
    };
    match accounts::create_user(&state.store, Some(&staff), &new, state.now()).await {
        Ok(_) => Ok(Redirect::to("/console/users").into_response()),
        Err(ServiceError::Invalid(e)) => user_page(&state, &staff, &data, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    errors: Option<&FieldErrors>,
) -> Result<Response, AppError> {
    let user = accounts::find_user(&state.store, staff, id, state.now()).await?;
    let names = agency_names(state).await?;
    let agencies = grantable_agencies(state, staff).await?;
    let ctx = crate::ctx! { staff, user, names, agencies, errors => errors.map(error_map).unwrap_or_default() };
    form_page(state, "console/user_edit.html", ctx, errors.is_some())
}

/// GET /console/users/{id}
pub async fn edit_user(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    edit_page(&state, &staff, id, None).await
}

/// POST /console/users/{id}: name, state, the roles kept and one role added.
pub async fn update_user(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let mut grants: Vec<Grant> = data
        .all("keep")
        .iter()
        .filter_map(|k| {
            let (role, agency) = k.split_once('@').unwrap_or((k.as_str(), ""));
            Some(Grant {
                role: Role::parse(role)?,
                agency: agency.parse().ok().map(AgencyId),
            })
        })
        .collect();
    if let Some(g) = one_grant(&data, "add_role", "add_agency") {
        grants.push(g);
    }
    let change = UserChange {
        display_name: data.get("display_name"),
        active: data.checked("active"),
        grants,
    };
    match accounts::update_user(&state.store, &staff, id, &change, state.now()).await {
        Ok(()) => Ok(Redirect::to("/console/users").into_response()),
        Err(ServiceError::Invalid(e)) => edit_page(&state, &staff, id, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

/// POST /console/users/{id}/password
pub async fn reset_password(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    match accounts::reset_password(&state.store, &staff, id, &data.get("password"), state.now())
        .await
    {
        Ok(()) => Ok(Redirect::to("/console/users").into_response()),
        Err(ServiceError::Invalid(e)) => edit_page(&state, &staff, id, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

/// GET /console/password
pub async fn show_own_password(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    page(
        &state,
        "console/password.html",
        crate::ctx! { staff, errors => BTreeMap::<String, String>::new() },
    )
}

/// POST /console/password
pub async fn change_own_password(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    match accounts::change_own_password(
        &state.store,
        &staff,
        &data.get("current"),
        &data.get("password"),
        state.now(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/console/login").into_response()),
        Err(ServiceError::Invalid(e)) => invalid(
            &state,
            "console/password.html",
            crate::ctx! { staff, errors => error_map(&e) },
        ),
        Err(e) => Err(e.into()),
    }
}
