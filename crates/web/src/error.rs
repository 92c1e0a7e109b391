//! The one error type of the web layer. Browsers get a Chinese page, `/api` clients JSON;
//! internal errors are logged once, here, and never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_domain::form::FieldErrors;
use gongkai_services::ServiceError;

/// What went wrong, by HTTP status.
#[derive(Debug)]
pub enum AppError {
    /// 401 — not logged in. The console sends the browser to the login page.
    Unauthenticated,
    /// 403 — logged in, but not allowed.
    Forbidden,
    /// 404 — nothing here.
    NotFound,
    /// 404 — no API operation at this path.
    NoSuchEndpoint,
    /// A method the address does not take (the API's 405).
    MethodNotAllowed,
    /// 422 — fields are invalid.
    Invalid(FieldErrors),
    /// 409 — the action is refused in the current state; the message says why.
    Refused(String),
    /// 400 — the request is malformed.
    BadRequest(String),
    /// 413 — the body is larger than this route takes; the message says how large it may be.
    TooLarge(String),
    /// 429 — too many attempts.
    TooMany(String),
    /// 503 — a service this node does not offer now (no search index); the message says so.
    Unavailable(String),
    /// 500 — logged, never shown.
    Internal(String),
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Invalid(f) => AppError::Invalid(f),
            // A missing role is a permission failure; every other refusal explains the state.
            ServiceError::Workflow(
                gongkai_domain::catalogue::workflow::WorkflowError::NotPermitted { .. },
            ) => AppError::Forbidden,
            ServiceError::Workflow(w) => AppError::Refused(w.to_string()),
            ServiceError::Refused(m) => AppError::Refused(m),
            ServiceError::File(f) => {
                let mut e = FieldErrors::new();
                e.add("file", f.to_string());
                AppError::Invalid(e)
            }
            ServiceError::Db(e) => AppError::Internal(e.to_string()),
            ServiceError::Internal(m) => AppError::Internal(m),
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {e:#}"))
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl AppError {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound | AppError::NoSuchEndpoint => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Refused(_) => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::NoSuchEndpoint => "no_such_endpoint",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Invalid(_) => "invalid",
            AppError::Refused(_) => "refused",
            AppError::BadRequest(_) => "bad_request",
            AppError::TooLarge(_) => "too_large",
            AppError::TooMany(_) => "too_many_requests",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message shown to people.
    pub fn message(&self) -> String {
        match self {
            AppError::Unauthenticated => "请先登录".into(),
            AppError::Forbidden => "您没有权限进行此操作".into(),
            AppError::NotFound => "您访问的页面不存在".into(),
            AppError::NoSuchEndpoint => "没有这个接口，请查看 /api/v1/openapi.json".into(),
            AppError::MethodNotAllowed => {
                "这个接口不支持此请求方法，请查看 /api/v1/openapi.json".into()
            }
            AppError::Invalid(f) => format!("填写的内容有误：{f}"),
            AppError::Refused(m)
            | AppError::BadRequest(m)
            | AppError::TooLarge(m)
            | AppError::TooMany(m)
            | AppError::Unavailable(m) => m.clone(),
            AppError::Internal(_) => {
                "服务器内部错误，请稍后再试；如果问题持续，请联系系统管理员".into()
            }
        }
    }

    fn log(&self) {
        if let AppError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        if matches!(self, AppError::Unauthenticated) {
            return Redirect::to("/console/login").into_response();
        }
        let status = self.status();
        let message = self.message();
        let page = crate::views::error_page(status.as_u16(), &message);
        let mut response = (status, Html(page)).into_response();
        // Kept so that a public page's error is drawn again in its site's look.
        response.extensions_mut().insert(ErrorDetail { message });
        response
    }
}

/// The message of an error page, on its response: the portal draws public errors again in the
/// site's own theme ([`crate::portal::themed_errors`]).
#[derive(Debug, Clone)]
pub struct ErrorDetail {
    /// The message shown to the reader.
    pub message: String,
}

/// An [`AppError`] answered as JSON: `{"error": code, "message": …, "fields": [...]}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let fields = match &self.0 {
            AppError::Invalid(f) => serde_json::to_value(f).unwrap_or_default(),
            _ => serde_json::Value::Array(Vec::new()),
        };
        let body = serde_json::json!({
            "error": self.0.code(),
            "message": self.0.message(),
            "fields": fields,
        });
        (self.0.status(), Json(body)).into_response()
    }
}
