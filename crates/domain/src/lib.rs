//! Gongkai's domain: the types and rules of government information disclosure, with no I/O,
//! no async and no clock (today's date is always passed in).
//!
//! - [`agency`]: agencies and their codes (统一社会信用代码, 组织机构代码) with check characters.
//! - [`site`]: sites of the site group and their column trees.
//! - [`catalogue`]: catalogue documents and their metadata — 索引号 patterns, 文号, 主题分类,
//!   第二十条 items, 效力状态, the publication workflow and the personal-data scan (保密审查).
//! - [`auth`]: staff roles scoped to agencies and what each may do.
//!
//! Every rule of the law is a function here with a test that cites its article.

pub mod agency;
pub mod application;
pub mod auth;
pub mod calendar;
pub mod catalogue;
pub mod date;
pub mod form;
pub mod ids;
mod labelled;
pub mod report;
pub mod site;
pub mod text;
