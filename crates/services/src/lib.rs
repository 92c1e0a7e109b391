//! Gongkai's services: the operations of the platform, each a function over the store that
//! checks permissions, validates with the domain, writes in one transaction (with its audit
//! entry and outbox event) and knows nothing of HTTP.
//!
//! - [`accounts`]: passwords (argon2id), login with lockout, sessions, staff and their grants.
//! - [`public`]: what the public sees — the read model behind every public page, list and link.
//! - [`publishing`]: the document workflow — drafts, review with the personal-data scan,
//!   publication with its 索引号, withdrawal, validity changes, attachments.
//! - [`organisation`]: agencies, sites and columns.
//! - [`applications`]: 依申请公开 — submission, registration, the case actions, the work list,
//!   the applicant's lookup, notices and reply letters.
//! - [`calendar`]: the working-day calendar in force and its administration.
//! - [`reminders`]: reminders of applications due soon or overdue (console, and e-mail over
//!   SMTP by [`mail`]).
//! - [`reports`]: the annual report's tables computed from the platform's data.
//! - [`files`]: the content-addressed file store, type sniffing and text extraction.
//! - [`demo`]: the fictional 示例市 site group loaded into an empty database.

pub mod accounts;
pub mod applications;
pub mod calendar;
pub mod catalogue_import;
pub mod deadline;
pub mod demo;
pub mod error;
pub mod files;
pub mod fixtures;
pub mod mail;
pub mod organisation;
pub mod public;
pub mod publishing;
pub mod reminders;
pub mod reports;
pub mod search;
pub mod time;

pub use error::{ServiceError, ServiceResult};
