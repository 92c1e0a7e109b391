//! The errors of services. Messages are Chinese: they reach staff as they are.

use gongkai_domain::catalogue::workflow::WorkflowError;
use gongkai_domain::form::FieldErrors;

use crate::files::FileError;

/// Why a service refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The staff member lacks the permission (or the thing is another agency's).
    #[error("您没有权限进行此操作")]
    Forbidden,
    /// The thing does not exist.
    #[error("要找的内容不存在")]
    NotFound,
    /// Fields are invalid; each carries its message.
    #[error("{0}")]
    Invalid(FieldErrors),
    /// The workflow refuses the move.
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    /// A refusal explained to the user.
    #[error("{0}")]
    Refused(String),
    /// An attachment was refused.
    #[error(transparent)]
    File(#[from] FileError),
    /// A database failure (logged, never shown).
    #[error("数据库错误：{0}")]
    Db(#[from] sqlx::Error),
    /// Another internal failure (logged, never shown).
    #[error("内部错误：{0}")]
    Internal(String),
}

impl ServiceError {
    /// A single-field error.
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        let mut e = FieldErrors::new();
        e.add(field, message);
        ServiceError::Invalid(e)
    }
}

/// Whether a database error is a unique-constraint violation (turned into a field error).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db.message().contains("UNIQUE constraint failed")
                || db.code().as_deref() == Some("23505")
        }
        _ => false,
    }
}

/// The result of services.
pub type ServiceResult<T> = Result<T, ServiceError>;
