//! HTTP tests of the whole router, each on SQLite and (with GONGKAI_TEST_DATABASE_URL)
//! PostgreSQL. Files mirror the route groups.

mod api;
mod applications;
mod cache;
mod calendar;
mod console_documents;
mod control_chars;
mod imports;
mod letters;
mod permissions;
mod portal;
mod proofs;
mod reports;
mod search;
mod security;
mod support;
mod users;
mod visibility;
