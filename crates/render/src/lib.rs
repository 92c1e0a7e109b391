//! Documents the platform prints. DOCX is written directly ([`docx`]); HTML print views are the
//! web layer's templates, fed the same [`gongkai_domain::application::letter::Letter`]; XLSX is
//! written by rust_xlsxwriter ([`xlsx`]); workbooks made elsewhere are read back by calamine
//! ([`sheets`]).

pub mod docx;
pub mod letter;
pub mod report;
pub mod sheets;
pub mod xlsx;
