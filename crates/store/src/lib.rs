//! Gongkai's storage: SQL on SQLite (embedded, the default) or PostgreSQL through one code
//! path — sqlx's `Any` driver with portable SQL and `$1` placeholders.
//!
//! - [`Store`]: connecting, migrating (`migrations/sqlite`, `migrations/postgres`, kept in
//!   step), checking the schema version, and opening write transactions.
//! - One module per aggregate: [`agencies`], [`sites`], [`columns`], [`subjects`], [`users`],
//!   [`sessions`], [`documents`], [`attachments`], [`pii_findings`], [`index_counters`],
//!   [`applications`] (with their events and appeals), [`calendar`] (administrators' days).
//! - [`audit`] and [`outbox`]: written in the same transaction as the change they record.
//!
//! Functions take a `&mut Conn` so that they run alike on a pooled connection or inside a
//! transaction; "not found" is `Ok(None)`. Instants are unix milliseconds (UTC), business dates
//! `YYYY-MM-DD` text.

pub mod agencies;
pub mod application_counts;
pub mod applications;
pub mod attachments;
pub mod audit;
pub mod calendar;
pub mod catalogue;
pub mod columns;
mod db;
pub mod document_imports;
pub mod documents;
pub mod import_batches;
pub mod index_counters;
pub mod login_failures;
pub mod outbox;
pub mod pager;
pub mod pii_findings;
pub mod reminders;
pub mod report_figures;
pub mod reports;
pub mod sessions;
pub mod sites;
pub mod subjects;
pub mod testing;
pub mod users;

pub use db::{Backend, SchemaStatus, Store, StoreError};

/// A database connection of either backend (pooled, or the connection of a transaction).
pub type Conn = sqlx::AnyConnection;
/// A transaction of either backend.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;
