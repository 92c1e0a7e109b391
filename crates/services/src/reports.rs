//! The annual report's tables computed from the platform's data (spec/annual-report.md): section
//! 二's catalogue block, section 三 from the applications and section 四 from their reviews and
//! lawsuits, with every cell keyed by its labels (the report's JSON export). The report editor,
//! publishing and the other exports build on this.

use gongkai_domain::report::catalogue::{self, CatalogueBlock, Cell, EnteredFigures};
use gongkai_store::{Store, application_counts as counts};
use serde::Serialize;

use crate::accounts::Staff;
use crate::applications::{ApplicationYear, year_counts};
use crate::error::ServiceResult;

/// One cell of any table, keyed by section, row and column labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelledCell {
    /// 二、三 or 四.
    pub section: &'static str,
    /// Row label (for section 二: block caption · 信息内容).
    pub row: String,
    /// Column label.
    pub column: String,
    /// The figure; `None` for one staff have not entered yet.
    pub value: Option<f64>,
}

/// The report's tables for an agency and year.
#[derive(Debug, Clone, Serialize)]
pub struct ReportTables {
    /// The report's title (`{机关名称}{年份}年政府信息公开工作年度报告`).
    pub title: String,
    /// Section 二's ten cells.
    pub section2: Vec<Cell>,
    /// Sections 三 and 四 (with R1 and R4).
    pub applications: ApplicationYear,
    /// Every cell of the three tables, keyed by its labels.
    pub cells: Vec<LabelledCell>,
}

/// The tables of `agency_id` for `year`, for staff who may view the agency's applications.
pub async fn tables(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
) -> ServiceResult<ReportTables> {
    let applications = year_counts(store, staff, agency_id, year).await?;
    let mut conn = store.conn().await?;
    let mut block = CatalogueBlock::default();
    for (kind, row) in [
        ("rule", &mut block.rules),
        ("normative", &mut block.normative),
    ] {
        let (issued, ended, in_force) =
            counts::catalogue_block(&mut conn, agency_id, kind, year).await?;
        *row = [issued, ended, in_force].map(|n| u64::try_from(n).unwrap_or(0));
    }
    let section2 = catalogue::cells(&block, &EnteredFigures::default());
    let mut cells: Vec<LabelledCell> = section2
        .iter()
        .map(|c| LabelledCell {
            section: "二",
            row: format!("{} · {}", c.block, c.row),
            column: c.column.to_owned(),
            value: c.value,
        })
        .collect();
    for row in &applications.rows {
        let Some(figures) = row.figures else { continue };
        for (column, v) in applications.columns.iter().zip(figures) {
            #[allow(clippy::cast_precision_loss)]
            cells.push(LabelledCell {
                section: "三",
                row: row.label.clone(),
                column: (*column).to_owned(),
                value: Some(v as f64),
            });
        }
    }
    for (label, v) in applications.review.labelled() {
        let (group, column) = label.split_once(" / ").unwrap_or((label.as_str(), ""));
        #[allow(clippy::cast_precision_loss)]
        cells.push(LabelledCell {
            section: "四",
            row: group.to_owned(),
            column: column.to_owned(),
            value: Some(v as f64),
        });
    }
    Ok(ReportTables {
        title: format!(
            "{}{year}年政府信息公开工作年度报告",
            applications.agency_name
        ),
        section2,
        applications,
        cells,
    })
}
