//! The report's files: DOCX (the whole report, tables as Word tables), XLSX (one sheet per
//! table), JSON (every cell keyed by its labels) and a standalone HTML print view — for the
//! console, the API and `gongkai report`.

use gongkai_domain::report::tables;
use gongkai_render::docx::Fonts;
use gongkai_render::report::{ReportText, docx, standalone_html};
use gongkai_render::xlsx;
use gongkai_store::Store;
use serde::{Deserialize, Serialize};

use super::editor::{ReportView, view};
use crate::accounts::Staff;
use crate::error::{ServiceError, ServiceResult};

/// The report as JSON: the texts and every cell keyed by its section, row and column labels
/// (收费金额 in 万元). The import reads the same shape.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, Deserialize)]
pub struct ReportExport {
    /// The title.
    pub title: String,
    /// The agency's name.
    pub agency: String,
    /// The year.
    pub year: i32,
    /// The layout of the tables: `2021` (国办公开办函〔2021〕30号) or `2019` (〔2019〕60号, the
    /// reports of 2019 and 2020).
    pub format: String,
    /// 一、总体情况.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other: String,
    /// Every cell.
    pub cells: Vec<tables::LabelledCell>,
}

impl ReportExport {
    /// The export of a report as the editor shows it.
    pub fn of(v: &ReportView) -> ReportExport {
        ReportExport {
            title: v.title.clone(),
            agency: v.agency_name.clone(),
            year: v.year,
            format: v.tables.format.as_str().into(),
            overview: v.overview.clone(),
            problems: v.problems.clone(),
            other: v.other.clone(),
            cells: v.tables.labelled(),
        }
    }
}

/// The report of `agency_id` for `year` as JSON (staff who may view its applications).
pub async fn export(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
) -> ServiceResult<ReportExport> {
    Ok(ReportExport::of(
        &view(store, staff, agency_id, year).await?,
    ))
}

/// A file format of the report.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Word.
    Docx,
    /// Excel.
    Xlsx,
    /// JSON.
    Json,
    /// A standalone HTML page for printing.
    Html,
}

impl Format {
    /// Reads `docx`, `xlsx`, `json` or `html`.
    pub fn parse(text: &str) -> Option<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::Html => "html",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Docx => gongkai_render::docx::MIME,
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Json => "application/json; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
        }
    }
}

/// A rendered file.
#[derive(Debug, Clone)]
pub struct ExportFile {
    /// `{title}.{ext}`.
    pub file_name: String,
    /// Its media type.
    pub media_type: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Renders a report in `format`.
pub fn render(v: &ReportView, format: Format, fonts: &Fonts) -> ServiceResult<ExportFile> {
    let text = ReportText {
        overview: &v.overview,
        problems: &v.problems,
        other: &v.other,
        tables: &v.tables,
    };
    let bytes = match format {
        Format::Docx => docx(&v.title, &text, fonts),
        Format::Xlsx => xlsx::workbook(&v.title, &v.tables)
            .map_err(|e| ServiceError::Internal(format!("xlsx: {e}")))?,
        Format::Json => serde_json::to_vec_pretty(&ReportExport::of(v))
            .map_err(|e| ServiceError::Internal(format!("json: {e}")))?,
        Format::Html => standalone_html(&v.title, &text).into_bytes(),
    };
    Ok(ExportFile {
        file_name: format!("{}.{}", v.title, format.extension()),
        media_type: format.media_type(),
        bytes,
    })
}
