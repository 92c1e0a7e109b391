//! Request extractors: the logged-in staff member (by session cookie, or by bearer token for
//! API clients) and form data with repeated keys.

use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE};
use axum::http::request::Parts;
use gongkai_services::accounts::{self, Staff};

use crate::AppState;
mod client_ip;
mod json;
mod params;

pub use client_ip::{ClientAddr, ClientIp};
pub use json::ApiJson;
pub use params::{ApiPath, ApiQuery};

use crate::error::{ApiError, AppError};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "gongkai_session";

/// The cookies of a request, as (name, value) pairs.
pub fn cookies(headers: &axum::http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
}

/// The session token of the request: the cookie, or `Authorization: Bearer …`.
pub fn session_token(parts: &Parts) -> Option<String> {
    if let Some(auth) = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(token) = auth.strip_prefix("Bearer ")
    {
        return Some(token.trim().to_owned());
    }
    cookies(&parts.headers)
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The logged-in staff member of a console page; without a session the browser is sent to
/// the login page.
#[derive(Debug, Clone)]
pub struct CurrentStaff(pub Staff);

impl<S> FromRequestParts<S> for CurrentStaff
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let token = session_token(parts).ok_or(AppError::Unauthenticated)?;
        accounts::staff_for_token(&state.store, &token, state.now())
            .await?
            .map(CurrentStaff)
            .ok_or(AppError::Unauthenticated)
    }
}

/// The logged-in staff member of an API call; 401 JSON without a session.
#[derive(Debug, Clone)]
pub struct ApiStaff(pub Staff);

impl<S> FromRequestParts<S> for ApiStaff
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let token = session_token(parts).ok_or(ApiError(AppError::Unauthenticated))?;
        accounts::staff_for_token(&state.store, &token, state.now())
            .await
            .map_err(ApiError::from)?
            .map(ApiStaff)
            .ok_or(ApiError(AppError::Unauthenticated))
    }
}

/// An `application/x-www-form-urlencoded` body as pairs, keeping repeated keys (multi-selects).
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// Parses a urlencoded body.
    pub fn parse(body: &[u8]) -> Self {
        FormData(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `key`, or "".
    pub fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every non-empty value of `key`.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Every value of `key` that is an integer (others are ignored: they can only come from a
    /// tampered form, and the service rejects unknown ids anyway).
    pub fn ids(&self, key: &str) -> Vec<i64> {
        self.all(key)
            .iter()
            .filter_map(|v| v.trim().parse().ok())
            .collect()
    }

    /// An optional integer.
    pub fn id(&self, key: &str) -> Option<i64> {
        self.get(key).trim().parse().ok()
    }

    /// Whether a checkbox is ticked.
    pub fn checked(&self, key: &str) -> bool {
        matches!(self.get(key).as_str(), "on" | "true" | "1")
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest("请求格式不正确：应为表单提交".into()));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| body_error(&e))?;
        let data = FormData::parse(&bytes);
        data.check_text()?;
        Ok(data)
    }
}

/// Percent-decodes `text` (`+` stays as it is: only control characters are looked for).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(0));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Refuses a request whose address (path or query) holds a character no input may hold
/// ([`gongkai_domain::text::forbidden_char`]): a NUL in a slug or a filter made PostgreSQL
/// answer 500 (issue 15). The one place for every route's path and query parameters.
pub async fn refuse_control_characters(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let uri = req.uri();
    let address = format!("{}?{}", uri.path(), uri.query().unwrap_or_default());
    if let Some(c) = gongkai_domain::text::forbidden_char(&percent_decoded(&address)) {
        let error = AppError::BadRequest(format!(
            "地址中含有不可见的控制字符（U+{:04X}），请检查链接",
            u32::from(c)
        ));
        return if uri.path().starts_with("/api/") {
            ApiError(error).into_response()
        } else {
            error.into_response()
        };
    }
    next.run(req).await
}

/// A multipart form that could not be read: too large for the route (413), or broken (400).
pub fn multipart_error(e: &axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge("上传的文件超过了此处允许的大小".into())
    } else {
        AppError::BadRequest("无法读取上传的表单，请重新提交".into())
    }
}

/// A body that could not be read: too large for the route (413), or broken off (400).
pub fn body_error(e: &axum::extract::rejection::BytesRejection) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge("提交的内容超过了此处允许的大小".into())
    } else {
        AppError::BadRequest("无法读取提交的内容，请重新提交".into())
    }
}

impl FormData {
    /// Refuses the form when a field holds a character no field may hold (control characters,
    /// bidirectional overrides: [`gongkai_domain::text::forbidden_char`]), naming each field.
    pub fn check_text(&self) -> Result<(), AppError> {
        let mut errors = gongkai_domain::form::FieldErrors::new();
        for (key, value) in &self.0 {
            if let Some(c) = gongkai_domain::text::forbidden_char(value)
                .or_else(|| gongkai_domain::text::forbidden_char(key))
            {
                errors.add(key.clone(), gongkai_domain::text::forbidden_char_message(c));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

/// A file of a multipart form.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The form field.
    pub field: String,
    /// The name it was uploaded with.
    pub file_name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A form that may carry files: urlencoded, or multipart with text fields and files (empty file
/// inputs, which browsers send with no name and no bytes, are dropped).
#[derive(Debug, Clone)]
pub struct FormWithFiles {
    /// The text fields.
    pub data: FormData,
    /// The files.
    pub files: Vec<UploadedFile>,
}

impl<S: Send + Sync> FromRequest<S> for FormWithFiles {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let data = FormData::from_request(req, state).await?;
            return Ok(FormWithFiles {
                data,
                files: Vec::new(),
            });
        }
        let mut m = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest("无法读取上传的表单，请重新提交".into()))?;
        let mut pairs = Vec::new();
        let mut files = Vec::new();
        while let Some(field) = m.next_field().await.map_err(|e| multipart_error(&e))? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|e| multipart_error(&e))?;
            match file_name {
                Some(f) if !f.is_empty() || !bytes.is_empty() => files.push(UploadedFile {
                    field: name,
                    file_name: f,
                    bytes: bytes.to_vec(),
                }),
                Some(_) => {}
                None => pairs.push((name, String::from_utf8_lossy(&bytes).into_owned())),
            }
        }
        let data = FormData(pairs);
        data.check_text()?;
        Ok(FormWithFiles { data, files })
    }
}
