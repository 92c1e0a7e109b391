//! The API's JSON bodies: read, checked for characters no field may hold, and turned into the
//! handler's type — every failure answered as the API's documented error
//! (`{"error","message","fields"}`), in Chinese, never axum's English text.

use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use gongkai_domain::form::FieldErrors;
use gongkai_domain::text::{forbidden_char, forbidden_char_message};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, AppError};

/// A JSON request body of type `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !json {
            return Err(ApiError(AppError::BadRequest(
                "请求体应为 JSON（Content-Type: application/json）".into(),
            )));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError(super::body_error(&e)))?;
        Ok(ApiJson(parse(&bytes).map_err(ApiError)?))
    }
}

/// An optional JSON body: none when the request carries no body and no JSON content type.
impl<T: DeserializeOwned, S: Send + Sync> axum::extract::OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if req.headers().get(CONTENT_TYPE).is_none() {
            // No content type: no body is no JSON; a body without a JSON type is refused.
            let bytes = axum::body::Bytes::from_request(req, state)
                .await
                .map_err(|e| ApiError(super::body_error(&e)))?;
            return if bytes.iter().all(u8::is_ascii_whitespace) {
                Ok(None)
            } else {
                Err(ApiError(AppError::BadRequest(
                    "请求体应为 JSON（Content-Type: application/json）".into(),
                )))
            };
        }
        <ApiJson<T> as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

/// Reads a body: valid JSON, no forbidden character in any string, and of the shape `T`.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::BadRequest(format!(
            "请求体不是有效的 JSON（第 {} 行第 {} 列）",
            e.line(),
            e.column()
        ))
    })?;
    let mut errors = FieldErrors::new();
    check_strings(&value, String::new(), &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    serde_json::from_value(value).map_err(|e| shape_error(&e))
}

/// Adds an error for every string (and key) under `value` holding a forbidden character, named
/// by its path (`applicant.name`, `hosts[0]`).
fn check_strings(value: &Value, path: String, errors: &mut FieldErrors) {
    match value {
        Value::String(s) => {
            if let Some(c) = forbidden_char(s) {
                let field = if path.is_empty() { "body".into() } else { path };
                errors.add(field, forbidden_char_message(c));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_strings(item, format!("{path}[{i}]"), errors);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let field = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if let Some(c) = forbidden_char(key) {
                    errors.add(field.clone(), forbidden_char_message(c));
                }
                check_strings(item, field, errors);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A body of the wrong shape, said in Chinese with the field when serde names it.
fn shape_error(e: &serde_json::Error) -> AppError {
    let text = e.to_string();
    let quoted = text
        .split('`')
        .nth(1)
        .map(str::to_owned)
        .unwrap_or_default();
    let mut errors = FieldErrors::new();
    if text.starts_with("missing field") {
        errors.add(quoted, "缺少此字段");
    } else if text.starts_with("unknown field") {
        errors.add(quoted, "不认识此字段");
    } else if text.starts_with("invalid type") || text.starts_with("invalid value") {
        errors.add(
            "body",
            "字段的类型或取值不符合接口说明（见 /api/v1/openapi.json）",
        );
    } else if text.starts_with("unknown variant") {
        errors.add(quoted, "取值不在允许的范围内");
    } else {
        errors.add(
            "body",
            "请求体的结构不符合接口说明（见 /api/v1/openapi.json）",
        );
    }
    AppError::Invalid(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        hosts: Vec<String>,
    }

    #[test]
    fn bodies_are_refused_in_chinese_with_the_field() {
        let e = parse::<Body>(b"{\"name\": \"a\\u0000b\", \"hosts\": [\"x\", \"\\u202e\"]}")
            .expect_err("control characters");
        let AppError::Invalid(f) = e else {
            panic!("{e:?}")
        };
        assert!(f.get("name").is_some_and(|m| m.contains("U+0000")));
        assert!(f.get("hosts[1]").is_some_and(|m| m.contains("U+202E")));
        let e = parse::<Body>(b"{\"name\": ").expect_err("truncated");
        assert!(e.message().contains("不是有效的 JSON"), "{}", e.message());
        let AppError::Invalid(f) = parse::<Body>(b"{\"hosts\": []}").expect_err("missing") else {
            panic!()
        };
        assert_eq!(f.get("name"), Some("缺少此字段"));
        assert!(parse::<Body>(b"{\"name\": \"\xe5\x90\x8d\", \"hosts\": []}").is_ok());
    }
}
