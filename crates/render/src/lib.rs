//! Documents the platform prints. DOCX is written directly ([`docx`]); HTML print views are the
//! web layer's templates, fed the same [`gongkai_domain::application::letter::Letter`].

pub mod docx;
pub mod letter;
pub mod report;
pub mod xlsx;
