//! The annual report's tables computed from the platform's data (spec/annual-report.md): section
//! 二's catalogue block, section 三 from the applications and section 四 from their reviews and
//! lawsuits, with every cell keyed by its labels (the report's JSON export). The report editor,
//! publishing and the other exports build on this.

use gongkai_domain::auth::Permission;
use gongkai_domain::form::FieldErrors;
use gongkai_domain::report::catalogue::{self, CatalogueBlock, Cell, EnteredFigures};
use gongkai_store::{Store, application_counts as counts, report_figures};
use serde::Serialize;

use crate::accounts::{Staff, require};
use crate::applications::{ApplicationYear, year_counts};
use crate::error::{ServiceError, ServiceResult};

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
    let entered = entered_of(
        &report_figures::find(&mut conn, agency_id, year)
            .await?
            .unwrap_or_default(),
    );
    let section2 = catalogue::cells(&block, &entered);
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

fn entered_of(f: &report_figures::Figures) -> EnteredFigures {
    let count = |v: Option<i64>| v.and_then(|n| u64::try_from(n).ok());
    EnteredFigures {
        licensing: count(f.licensing),
        penalties: count(f.penalties),
        enforcement: count(f.enforcement),
        fees_wan_yuan: f.fees_wan_yuan.as_deref().and_then(|t| t.parse().ok()),
    }
}

/// Section 二's figures from other systems as typed (empty: not entered).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct FiguresForm {
    /// 行政许可 · 本年处理决定数量.
    pub licensing: String,
    /// 行政处罚 · 本年处理决定数量.
    pub penalties: String,
    /// 行政强制 · 本年处理决定数量.
    pub enforcement: String,
    /// 行政事业性收费 · 本年收费金额（万元）.
    pub fees_wan_yuan: String,
}

impl FiguresForm {
    /// The form filled with stored figures.
    pub fn of(f: &report_figures::Figures) -> FiguresForm {
        let text = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        FiguresForm {
            licensing: text(f.licensing),
            penalties: text(f.penalties),
            enforcement: text(f.enforcement),
            fees_wan_yuan: f.fees_wan_yuan.clone().unwrap_or_default(),
        }
    }
}

/// The stored figures of `agency_id` for `year` as a form (staff who may view its applications).
pub async fn figures(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
) -> ServiceResult<FiguresForm> {
    let mut conn = store.conn().await?;
    require(&mut conn, staff, Permission::ViewApplications, agency_id).await?;
    Ok(FiguresForm::of(
        &report_figures::find(&mut conn, agency_id, year)
            .await?
            .unwrap_or_default(),
    ))
}

/// Saves section 二's figures from other systems (机关管理员); every field checked, all or none.
pub async fn save_figures(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    form: &FiguresForm,
    now: i64,
) -> ServiceResult<()> {
    if !(2000..=2100).contains(&year) {
        return Err(ServiceError::NotFound);
    }
    let mut tx = store.begin_write().await?;
    require(&mut tx, staff, Permission::ManageAgency, agency_id).await?;
    let mut e = FieldErrors::new();
    let mut count = |field: &'static str, input: &str| match catalogue::parse_count(input) {
        Ok(v) => v.and_then(|n| i64::try_from(n).ok()),
        Err(m) => {
            e.add(field, m);
            None
        }
    };
    let licensing = count("licensing", &form.licensing);
    let penalties = count("penalties", &form.penalties);
    let enforcement = count("enforcement", &form.enforcement);
    let fees = match catalogue::parse_wan_yuan(&form.fees_wan_yuan) {
        Ok(v) => v.map(|(text, _)| text),
        Err(m) => {
            e.add("fees_wan_yuan", m);
            None
        }
    };
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let figures = report_figures::Figures {
        licensing,
        penalties,
        enforcement,
        fees_wan_yuan: fees,
    };
    report_figures::save(&mut tx, agency_id, year, &figures, staff.id, now).await?;
    let detail = format!("{year} 年年度报告第二部分数据");
    gongkai_store::audit::record(
        &mut tx,
        &gongkai_store::audit::NewEntry {
            at: now,
            user_id: Some(staff.id),
            agency_id: Some(agency_id),
            action: "report.figures",
            entity: "agency",
            entity_id: Some(agency_id),
            detail: &detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
