//! The API's path and query parameters: a value that cannot be read (an id too large for its
//! type, a year that is not a number, an unknown query value) answers the API's JSON error in
//! Chinese, not axum's English text.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};

/// Path parameters of type `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(_) => Err(ApiError(AppError::BadRequest(
                "地址中的参数无效：编号和年度应为范围内的整数，日期应为 YYYY-MM-DD".into(),
            ))),
        }
    }
}

/// Query parameters of type `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(_) => Err(ApiError(AppError::BadRequest(
                "查询参数无效，请检查参数的名称和取值（见 /api/v1/openapi.json）".into(),
            ))),
        }
    }
}
