//! Login and logout.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_services::accounts::{self, LoginOutcome};

use super::{invalid, page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, SESSION_COOKIE, session_token};

/// The Set-Cookie value of a session (HttpOnly, SameSite=Lax, Secure behind TLS).
pub fn session_cookie(state: &AppState, token: &str, max_age_s: i64) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{secure}")
}

/// GET /console/login
pub async fn show_login(State(state): State<AppState>) -> Result<Response, AppError> {
    page(&state, "console/login.html", crate::ctx! { username => "" })
}

/// POST /console/login
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let username = form.get("username");
    let password = form.get("password");
    let client = client.to_string();
    let outcome = accounts::login(&state.store, &username, &password, &client, state.now()).await?;
    match outcome {
        LoginOutcome::Success { token, .. } => {
            let cookie = session_cookie(&state, &token, accounts::SESSION_MS / 1000);
            Ok(([(SET_COOKIE, cookie)], Redirect::to("/console")).into_response())
        }
        LoginOutcome::Invalid => invalid(
            &state,
            "console/login.html",
            crate::ctx! { username, error => "用户名或密码错误" },
        ),
        LoginOutcome::Locked { until } => invalid(
            &state,
            "console/login.html",
            crate::ctx! {
                username,
                error => locked_message(until),
            },
        ),
    }
}

/// What a locked-out login is told: the same for names that exist and names that do not.
pub fn locked_message(until: i64) -> String {
    format!(
        "登录失败次数过多，请于 {} 后再试",
        gongkai_services::time::format_instant(until)
    )
}

/// POST /console/logout
pub async fn logout(State(state): State<AppState>, parts: Parts) -> Result<Response, AppError> {
    if let Some(token) = session_token(&parts) {
        accounts::logout(&state.store, &token).await?;
    }
    let cookie = session_cookie(&state, "", 0);
    Ok(([(SET_COOKIE, cookie)], Redirect::to("/console/login")).into_response())
}
