//! 主动公开: catalogue documents and the rules on their metadata (spec/catalogue.md).

pub mod body;
pub mod classification;
pub mod doc_number;
pub mod document;
pub mod import;
pub mod index_number;
pub mod item20;
pub mod pii;
pub mod taxonomy;
pub mod validity;
pub mod visibility;
pub mod workflow;
