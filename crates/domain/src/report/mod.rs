//! The statutory annual report (年度报告, 国办公开办函〔2021〕30号; spec/annual-report.md): section
//! 二's blocks ([`catalogue`]), section 四 — 行政复议 and 行政诉讼 about the agency's replies
//! ([`review`]). Section 三 is counted by [`crate::application::year`]; [`applications`] checks a
//! section 三 that did not come from the platform's cases (R1–R3). [`tables`] holds the three
//! tables as one value whatever their source, with R1–R4 and the cross-year warnings;
//! [`narrative`] drafts the sections staff write.

pub mod applications;
pub mod catalogue;
pub mod deadline;
pub mod format;
pub mod import;
pub mod locate;
pub mod narrative;
pub mod review;
pub mod tables;
