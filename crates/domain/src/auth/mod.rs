//! Staff roles, each held for one agency (or, for 系统管理员, for the whole platform), and the
//! permission check every console page and API route goes through.

mod permission;
mod role;

pub use permission::{Grant, Permission, allows};
pub use role::Role;
