//! The annual report (spec/annual-report.md). This module computes the tables from the platform's
//! data — section 二's catalogue block and the figures staff enter from other systems, section 三
//! from the applications and section 四 from their reviews and lawsuits — with every cell keyed by
//! its labels (the JSON export). [`editor`] holds the report itself: narrative, overrides, checks
//! and publication.

use gongkai_domain::auth::Permission;
use gongkai_domain::form::FieldErrors;
use gongkai_domain::report::catalogue::{self, CatalogueBlock, Cell, EnteredFigures};
pub use gongkai_domain::report::tables::LabelledCell;
use gongkai_domain::report::tables::{CellKey, FEE_CELL, Tables, yuan_of_wan_yuan};
use gongkai_store::{Conn, Store, application_counts as counts, report_figures};
use serde::Serialize;

use crate::accounts::{Staff, require};
use crate::applications::{ApplicationYear, counted, year_counts};
use crate::error::{ServiceError, ServiceResult};

pub mod editor;
pub mod exports;
pub mod import;
mod publication;

/// The report's tables for an agency and year.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
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

/// The report's title (spec/annual-report.md: `{机关名称}{年份}年政府信息公开工作年度报告`).
pub fn title(agency_name: &str, year: i32) -> String {
    format!("{agency_name}{year}年政府信息公开工作年度报告")
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
    let (block, entered) = section2_sources(&mut conn, agency_id, year).await?;
    let t = assemble(&block, &entered, &applications);
    Ok(ReportTables {
        title: title(&applications.agency_name, year),
        section2: catalogue::cells(&block, &entered),
        cells: t.labelled(),
        applications,
    })
}

/// The tables as the platform computes them (no permission check: they hold only counts), with
/// the agency's name.
pub(crate) async fn computed(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> ServiceResult<(Tables, String)> {
    let applications = counted(conn, agency_id, year).await?;
    let (block, entered) = section2_sources(conn, agency_id, year).await?;
    Ok((
        assemble(&block, &entered, &applications),
        applications.agency_name,
    ))
}

async fn section2_sources(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> ServiceResult<(CatalogueBlock, EnteredFigures)> {
    let mut block = CatalogueBlock::default();
    for (kind, row) in [
        ("rule", &mut block.rules),
        ("normative", &mut block.normative),
    ] {
        let (issued, ended, in_force) =
            counts::catalogue_block(conn, agency_id, kind, year).await?;
        *row = [issued, ended, in_force].map(|n| u64::try_from(n).unwrap_or(0));
    }
    let entered = entered_of(
        &report_figures::find(conn, agency_id, year)
            .await?
            .unwrap_or_default(),
    );
    Ok((block, entered))
}

fn assemble(block: &CatalogueBlock, entered: &EnteredFigures, a: &ApplicationYear) -> Tables {
    let mut t = Tables::default();
    let signed = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    for (i, v) in block.rules.iter().chain(&block.normative).enumerate() {
        t.set(CellKey::Two(i), Some(signed(*v)));
    }
    t.set(CellKey::Two(6), entered.licensing.map(signed));
    t.set(CellKey::Two(7), entered.penalties.map(signed));
    t.set(CellKey::Two(8), entered.enforcement.map(signed));
    t.set(CellKey::Two(FEE_CELL), entered.fees_yuan.map(signed));
    t.section3.cells = a
        .rows
        .iter()
        .filter_map(|r| r.figures)
        .map(|f| f.map(Some))
        .collect();
    t.section4 = a.review.cells.map(|g| g.map(Some));
    t
}

fn entered_of(f: &report_figures::Figures) -> EnteredFigures {
    let count = |v: Option<i64>| v.and_then(|n| u64::try_from(n).ok());
    EnteredFigures {
        licensing: count(f.licensing),
        penalties: count(f.penalties),
        enforcement: count(f.enforcement),
        fees_yuan: f.fees_wan_yuan.as_deref().map(yuan_of_wan_yuan),
    }
}

/// Section 二's figures from other systems as typed (empty: not entered).
#[derive(utoipa::ToSchema, Debug, Clone, Default, serde::Deserialize, Serialize)]
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
