//! Staff accounts in the console.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::auth::{Grant, Permission, Role};
use gongkai_domain::ids::AgencyId;
use gongkai_services::ServiceError;
use gongkai_services::accounts::{self, NewUser};
use gongkai_store::{agencies, users};

use serde::Serialize;

use super::{error_map, invalid, page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

#[derive(Serialize)]
struct UserRow {
    username: String,
    display_name: String,
    roles: Vec<users::RoleRow>,
    active: bool,
    locked: bool,
}

/// The agencies whose staff `staff` manages; None for all.
async fn managed_agencies(
    state: &AppState,
    staff: &accounts::Staff,
) -> Result<Option<Vec<i64>>, AppError> {
    if staff.is_system_admin() {
        return Ok(None);
    }
    let mut conn = state.store.conn().await?;
    let mut ids = Vec::new();
    for id in staff.agency_ids() {
        if accounts::may(&mut conn, staff, Permission::ManageAgency, id).await? {
            ids.push(id);
        }
    }
    Ok(Some(ids))
}

/// GET /console/users
pub async fn list_users(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    let managed = managed_agencies(&state, &staff).await?;
    if managed.as_ref().is_some_and(|m| m.is_empty()) {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.store.conn().await?;
    let now = state.now();
    let mut rows = Vec::new();
    for u in users::list(&mut conn, managed.as_deref()).await? {
        rows.push(UserRow {
            roles: users::roles(&mut conn, u.id).await?,
            locked: u.locked_until_at.is_some_and(|t| t > now),
            active: u.is_active == 1,
            username: u.username,
            display_name: u.display_name,
        });
    }
    let names: BTreeMap<String, String> = agencies::list(&mut conn)
        .await?
        .into_iter()
        .map(|a| (a.id.to_string(), a.name))
        .collect();
    page(
        &state,
        "console/users.html",
        crate::ctx! { staff, users => rows, names, may_create => true },
    )
}

async fn user_page(
    state: &AppState,
    staff: &accounts::Staff,
    form: &FormData,
    errors: Option<&gongkai_domain::form::FieldErrors>,
) -> Result<Response, AppError> {
    let managed = managed_agencies(state, staff).await?;
    let all = agencies::list(&mut *state.store.conn().await?).await?;
    let visible: Vec<_> = all
        .into_iter()
        .filter(|a| managed.as_ref().is_none_or(|m| m.contains(&a.id)))
        .collect();
    let form_map: BTreeMap<String, String> = form
        .0
        .iter()
        .filter(|(k, _)| k != "password")
        .cloned()
        .collect();
    let ctx = crate::ctx! { staff, agencies => visible, form => form_map, errors => errors.map(error_map).unwrap_or_default() };
    match errors {
        Some(_) => invalid(state, "console/user_form.html", ctx),
        None => page(state, "console/user_form.html", ctx),
    }
}

/// GET /console/users/new
pub async fn new_user(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
) -> Result<Response, AppError> {
    if managed_agencies(&state, &staff)
        .await?
        .is_some_and(|m| m.is_empty())
    {
        return Err(AppError::Forbidden);
    }
    user_page(&state, &staff, &FormData::default(), None).await
}

/// POST /console/users
pub async fn create_user(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    data: FormData,
) -> Result<Response, AppError> {
    let Some(role) = Role::parse(&data.get("role")) else {
        let mut e = gongkai_domain::form::FieldErrors::new();
        e.add("roles", "请选择角色");
        return user_page(&state, &staff, &data, Some(&e)).await;
    };
    let new = NewUser {
        username: data.get("username"),
        display_name: data.get("display_name"),
        password: data.get("password"),
        grants: vec![Grant {
            role,
            agency: data.id("agency_id").map(AgencyId),
        }],
    };
    match accounts::create_user(&state.store, Some(&staff), &new, state.now()).await {
        Ok(_) => Ok(Redirect::to("/console/users").into_response()),
        Err(ServiceError::Invalid(e)) => user_page(&state, &staff, &data, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}
