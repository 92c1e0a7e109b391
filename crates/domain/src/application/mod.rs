//! 依申请公开: applications for disclosure (spec/applications.md) — for now the statutory clock.

pub mod clock;
