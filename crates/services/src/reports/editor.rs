//! The report editor (spec/annual-report.md): the narrative sections 一、五、六 (一 and the fee
//! sentence of 六 drafted from the year's data), cells overridden with a recorded reason, the
//! checks R1–R4 that block publication and the cross-year warnings that do not, and submission:
//! the report becomes a catalogue document in the agency's 政府信息公开年报 column, published after
//! the review of 条例第十七条 like any document, with its tables frozen as submitted
//! ([`super::publication`], re-exported here).

use chrono::Datelike;
use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::workflow::PublicationState;
use gongkai_domain::date::format_cn;
use gongkai_domain::form::FieldErrors;
use gongkai_domain::report::applications::Finding;
use gongkai_domain::report::deadline;
use gongkai_domain::report::format::Format;
use gongkai_domain::report::narrative::{
    self, MAX_SECTION_CHARS, draft_overview, fees_statement, states_fees,
};
use gongkai_domain::report::tables::{self, Tables};
use gongkai_render::report::{ReportText, body_html};
use gongkai_store::{Conn, Store, agencies, application_counts, audit, documents, reports};
use serde::{Deserialize, Serialize};

use super::{computed, title};
use crate::accounts::{Staff, may, require};
use crate::error::{ServiceError, ServiceResult};

pub(crate) use super::publication::publish_demo_report;
pub use super::publication::{
    corrections_html, is_government, start_correction, submit, submit_with,
};
pub(super) use super::publication::{file_in_catalogue, published_message};

/// Where the report stands.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Being written (also after its document was returned or withdrawn).
    Editing,
    /// Submitted: its document awaits review.
    UnderReview,
    /// Its document is published.
    Published,
    /// Published, and being corrected (更正): the published version stays public while the
    /// correction is prepared; once submitted, the document goes to review and is published
    /// again when approved.
    Correcting,
}

impl Stage {
    /// The label shown to staff.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Editing => "编辑中",
            Stage::UnderReview => "已提交，待审核发布",
            Stage::Published => "已发布",
            Stage::Correcting => "更正中（提交前已发布的版本仍然公开；提交后经审核重新发布）",
        }
    }
}

/// An overridden cell as the editor lists it.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct OverrideView {
    /// The cell's key.
    pub cell: String,
    /// `row × column`.
    pub name: String,
    /// 二、三 or 四.
    pub section: &'static str,
    /// The computed figure as text.
    pub computed: String,
    /// The figure staff set, as text ('' blank).
    pub value: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub user_name: Option<String>,
    /// When (unix ms).
    pub at: i64,
}

/// A cell that may be overridden, for the editor's list.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct CellChoice {
    /// The key.
    pub key: String,
    /// 二、三 or 四.
    pub section: &'static str,
    /// `row × column`.
    pub name: String,
    /// The figure in effect, as text.
    pub value: String,
}

/// What the editor shows.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct ReportView {
    /// The agency.
    pub agency_id: i64,
    /// Its name.
    pub agency_name: String,
    /// The year.
    pub year: i32,
    /// The title.
    pub title: String,
    /// Where the report stands.
    pub stage: Stage,
    /// Its label.
    pub stage_label: &'static str,
    /// The catalogue document, once submitted.
    pub document_id: Option<i64>,
    /// Why the document was returned or withdrawn, if it was.
    pub document_reason: String,
    /// 一 (stored, or the draft when nothing is stored).
    pub overview: String,
    /// 五.
    pub problems: String,
    /// 六 (stored, or the fee sentence when nothing is stored).
    pub other: String,
    /// Whether nothing is stored yet (the texts shown are drafts).
    pub drafted: bool,
    /// The drafted 一, offered again after edits.
    pub overview_draft: String,
    /// The sentence of 六 on the 信息处理费 collected.
    pub fees_statement: String,
    /// The tables in effect.
    pub tables: Tables,
    /// Their layout, for people: 2021年格式（国办公开办函〔2021〕30号）….
    pub format_label: &'static str,
    /// Whether the tables were imported from a report made elsewhere.
    pub imported: bool,
    /// The layout a report of the year is written in; empty before 2019 (no tables: such a
    /// report is imported as a document).
    pub year_format_label: &'static str,
    /// Overridden cells.
    pub overrides: Vec<OverrideView>,
    /// Every cell, for the override form.
    pub cells: Vec<CellChoice>,
    /// R1–R4 and the texts: each blocks publication.
    pub findings: Vec<Finding>,
    /// Cross-year warnings, and the members whose reports are missing from the sum.
    pub warnings: Vec<Finding>,
    /// For a government: the agencies under it whose published reports its tables sum.
    pub members: Vec<Member>,
    /// The report as it will be published (HTML, official layout).
    pub body_html: String,
    /// Whether this member of staff may edit and submit it.
    pub may_edit: bool,
    /// The last day it may be published (条例第四十九条: departments by 31 January; 第五十条:
    /// governments by 31 March), as Chinese dates write it.
    pub due_on: String,
    /// The article that sets it.
    pub due_article: &'static str,
    /// Whether it is (or was published) late, and by how much, for staff.
    pub late: Option<String>,
    /// Why it is being corrected (Stage::Correcting).
    pub correction_reason: String,
    /// Its corrections so far.
    pub corrections: Vec<reports::Correction>,
    /// A document of the same title already in the catalogue that this report's submission will
    /// replace (a 更正 of it when it was published): id and state label.
    pub existing_document: Option<(i64, &'static str)>,
    /// Whether submitting is a correction of a report already published (a reason is required).
    pub submit_corrects: bool,
}

/// The narrative as typed.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TextForm {
    /// 一、总体情况.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other: String,
}

/// An override as typed.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OverrideForm {
    /// The cell's key (`3.24.6`).
    pub cell: String,
    /// The figure (empty: blank).
    pub value: String,
    /// Why (required).
    pub reason: String,
}

/// The longest reason accepted.
pub const MAX_REASON_CHARS: usize = 500;

pub(super) fn check_year(year: i32) -> ServiceResult<()> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}

pub(super) async fn stage_of(
    conn: &mut Conn,
    report: Option<&reports::Report>,
) -> ServiceResult<(Stage, String)> {
    let Some(id) = report.and_then(|r| r.document_id) else {
        return Ok((Stage::Editing, String::new()));
    };
    let Some(doc) = documents::find(conn, id).await? else {
        return Ok((Stage::Editing, String::new()));
    };
    let correcting = report.is_some_and(|r| !r.correction_reason.is_empty());
    Ok(match PublicationState::parse(&doc.state) {
        Some(PublicationState::PendingReview) => (Stage::UnderReview, String::new()),
        Some(PublicationState::Published) if correcting => (Stage::Correcting, String::new()),
        Some(PublicationState::Published) => (Stage::Published, String::new()),
        _ => (Stage::Editing, doc.state_reason),
    })
}

/// A department whose report a government's report sums (spec/annual-report.md, Aggregation).
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct Member {
    /// The agency.
    pub agency_id: i64,
    /// Its name.
    pub name: String,
    /// Whether its published report of the year is in the sum.
    pub included: bool,
    /// Why not: no published report, or one in the other format.
    pub not_included: String,
}

/// The tables in effect while the report is edited.
pub(super) struct Live {
    /// With the overrides.
    pub(super) tables: Tables,
    /// Before them: imported, or computed plus the members' published reports.
    base: Tables,
    overrides: Vec<reports::Override>,
    members: Vec<Member>,
}

/// The format of a report's tables: an imported report's, otherwise the platform's (2021).
pub(super) fn format_of(report: Option<&reports::Report>) -> Format {
    report
        .filter(|r| r.imported_tables.is_some())
        .and_then(|r| Format::parse(&r.format))
        .unwrap_or_default()
}

pub(super) fn parse_tables(json: &str, what: &str) -> ServiceResult<Tables> {
    serde_json::from_str(json).map_err(|e| ServiceError::Internal(format!("{what} tables: {e}")))
}

/// The tables a submitted report froze, while it is under review or published.
fn frozen(report: Option<&reports::Report>, stage: Stage) -> ServiceResult<Option<Tables>> {
    match (stage, report.and_then(|r| r.published_tables.as_deref())) {
        (Stage::Editing | Stage::Correcting, _) | (_, None) => Ok(None),
        (_, Some(json)) => parse_tables(json, "published").map(Some),
    }
}

/// The agencies directly under `agency_id`, and the sum of their published tables of `year`.
async fn members(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> ServiceResult<(Tables, Vec<Member>)> {
    let mut sum = Tables::default();
    let mut out = Vec::new();
    for (id, name, published) in reports::members_published(conn, agency_id, year).await? {
        let not_included = match &published {
            None => format!("尚无已发布的{year}年度报告"),
            Some(json) => {
                let t = parse_tables(json, "published")?;
                if sum.add(&t) {
                    String::new()
                } else {
                    format!(
                        "已发布的{year}年度报告为{}，与本报告的表格格式不同",
                        t.format.label()
                    )
                }
            }
        };
        out.push(Member {
            agency_id: id,
            name,
            included: not_included.is_empty(),
            not_included,
        });
    }
    Ok((sum, out))
}

/// Imported tables, or the computed ones plus — for a government — its departments' published
/// reports, cell by cell; then the overrides.
pub(super) async fn live_tables(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    report: Option<&reports::Report>,
) -> ServiceResult<Live> {
    let (base, members) = match report.and_then(|r| r.imported_tables.as_deref()) {
        Some(json) => (parse_tables(json, "imported")?, Vec::new()),
        None => {
            let mut own = computed(conn, agency_id, year).await?.0;
            let (sum, members) = members(conn, agency_id, year).await?;
            own.add(&sum);
            (own, members)
        }
    };
    let overrides = reports::overrides(conn, agency_id, year).await?;
    let mut tables = base.clone();
    let format = base.format;
    for o in &overrides {
        if let Some(key) = format.key(&o.cell) {
            tables.set(key, format.parse_value(key, &o.value).ok().flatten());
        }
    }
    Ok(Live {
        tables,
        base,
        overrides,
        members,
    })
}

/// The tables of a year as they stand: frozen when submitted, otherwise live.
pub(crate) async fn tables_in_effect(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> ServiceResult<Tables> {
    let report = reports::find(conn, agency_id, year).await?;
    let (stage, _) = stage_of(conn, report.as_ref()).await?;
    if let Some(t) = frozen(report.as_ref(), stage)? {
        return Ok(t);
    }
    // While a correction is prepared, the published tables are the ones in effect.
    if let (Stage::Correcting, Some(json)) = (
        stage,
        report.as_ref().and_then(|r| r.published_tables.as_deref()),
    ) {
        return parse_tables(json, "published");
    }
    Ok(live_tables(conn, agency_id, year, report.as_ref())
        .await?
        .tables)
}

pub(super) async fn fees_sentence(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
) -> ServiceResult<String> {
    let (yuan, n) = application_counts::fees_paid_between(
        conn,
        agency_id,
        &format!("{year}-01-01"),
        &format!("{year}-12-31"),
    )
    .await?;
    Ok(fees_statement(
        u64::try_from(yuan).unwrap_or(0),
        u64::try_from(n).unwrap_or(0),
    ))
}

/// The findings that block publication: the format of the year, R1–R4, blank cells, then the
/// texts.
///
/// A blank cell blocks a report whose tables the platform computed (a figure not entered must
/// be typed, 0 included); imported tables read blanks as 0, as the import says.
pub(super) fn blocking(
    year: i32,
    t: &Tables,
    imported: bool,
    (overview, problems, other): (&str, &str, &str),
) -> Vec<Finding> {
    let mut out = Vec::new();
    match Format::of_year(year) {
        None => out.push(Finding {
            rule: "格式",
            message: "2019年以前的年度报告没有统一的表格，请将报告全文作为文件导入".into(),
        }),
        Some(f) if f != t.format => out.push(Finding {
            rule: "格式",
            message: format!(
                "{year}年度报告应使用{}，请导入按该格式填写的表格",
                f.label()
            ),
        }),
        Some(_) => {}
    }
    out.extend(tables::check(t));
    if !imported {
        out.extend(tables::blanks(t));
    }
    if narrative::paragraphs(overview).is_empty() {
        out.push(Finding {
            rule: "正文",
            message: "“一、总体情况”未填写".into(),
        });
    }
    if narrative::paragraphs(problems).is_empty() {
        out.push(Finding {
            rule: "正文",
            message: "“五、存在的主要问题及改进情况”未填写".into(),
        });
    }
    if !states_fees(other) {
        out.push(Finding {
            rule: "正文",
            message:
                "“六、其他需要报告的事项”须说明本年度信息处理费的收取情况（收取金额，或未收取）"
                    .into(),
        });
    }
    out
}

/// The report of `agency_id` for `year` (staff who may view the agency's applications).
pub async fn view(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
) -> ServiceResult<ReportView> {
    check_year(year)?;
    let mut conn = store.conn().await?;
    require(&mut conn, staff, Permission::ViewApplications, agency_id).await?;
    let may_edit = may(&mut conn, staff, Permission::ManageAgency, agency_id).await?;
    load(&mut conn, agency_id, year, may_edit).await
}

/// The report as the operator sees it (the command line: no member of staff, no edits).
pub async fn view_as_operator(
    store: &Store,
    agency_id: i64,
    year: i32,
) -> ServiceResult<ReportView> {
    check_year(year)?;
    load(&mut *store.conn().await?, agency_id, year, false).await
}

async fn load(
    conn: &mut Conn,
    agency_id: i64,
    year: i32,
    may_edit: bool,
) -> ServiceResult<ReportView> {
    let agency = agencies::find(conn, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let report = reports::find(conn, agency_id, year).await?;
    let (stage, document_reason) = stage_of(conn, report.as_ref()).await?;
    let Live {
        tables: live,
        base,
        overrides: stored_overrides,
        members,
    } = live_tables(conn, agency_id, year, report.as_ref()).await?;
    let tables = frozen(report.as_ref(), stage)?.unwrap_or(live);
    // Before 2019 there were no tables to compare with.
    let previous = match Format::of_year(year - 1) {
        Some(_) => Some(tables_in_effect(conn, agency_id, year - 1).await?),
        None => None,
    };
    let fees = fees_sentence(conn, agency_id, year).await?;
    let overview_draft = draft_overview(&agency.name, year, &tables);
    // Nothing written yet (no report, or one an import created without texts): the drafts.
    let written = report.as_ref().filter(|r| {
        [&r.overview, &r.problems, &r.other]
            .iter()
            .any(|t| !t.is_empty())
    });
    let (overview, problems, other, drafted) = match written {
        Some(r) => (
            r.overview.clone(),
            r.problems.clone(),
            r.other.clone(),
            false,
        ),
        None => (overview_draft.clone(), String::new(), fees.clone(), true),
    };
    let format = tables.format;
    let overrides = stored_overrides
        .into_iter()
        .filter_map(|o| {
            let key = format.key(&o.cell)?;
            Some(OverrideView {
                name: format.name(key),
                section: format.labels(key).0,
                computed: format.text(key, base.get(key)),
                cell: o.cell,
                value: o.value,
                reason: o.reason,
                user_name: o.user_name,
                at: o.at,
            })
        })
        .collect();
    let cells = format
        .keys()
        .into_iter()
        .map(|key| CellChoice {
            key: key.as_text(),
            section: format.labels(key).0,
            name: format.name(key),
            value: format.text(key, tables.get(key)),
        })
        .collect();
    let corrections = reports::corrections(conn, agency_id, year).await?;
    let mut body_html = body_html(&ReportText {
        overview: &overview,
        problems: &problems,
        other: &other,
        tables: &tables,
    });
    body_html.insert_str(0, &corrections_html(&corrections));
    // 条例第四十九条、第五十条: a government (an agency with departments under it) by 31 March,
    // a department by 31 January.
    let government = is_government(conn, agency_id, year).await?;
    let due = deadline::due(year, government);
    let document = match report.as_ref().and_then(|r| r.document_id) {
        Some(id) => documents::find(conn, id).await?,
        None => None,
    };
    let published_on = document
        .as_ref()
        .and_then(|d| d.published_on.as_deref())
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let late = published_on
        .and_then(|on| deadline::days_late(year, government, on))
        .map(|days| {
            format!(
                "已于{}发布，晚于公布时限 {days} 天",
                published_on.map(format_cn).unwrap_or_default()
            )
        });
    let existing_document = match report.as_ref().and_then(|r| r.document_id) {
        Some(_) => None,
        None => reports::unowned_document(conn, agency_id, &title(&agency.name, year))
            .await?
            .map(|(id, state)| {
                (
                    id,
                    PublicationState::parse(&state).map_or("", |s| s.label()),
                )
            }),
    };
    let ever_published = |state: &str| {
        matches!(
            PublicationState::parse(state),
            Some(PublicationState::Published | PublicationState::Withdrawn)
        )
    };
    let submit_corrects = report.as_ref().is_some_and(|r| r.approved_tables.is_some())
        || document.as_ref().is_some_and(|d| ever_published(&d.state))
        || existing_document.is_some_and(|(_, label)| {
            label == PublicationState::Published.label()
                || label == PublicationState::Withdrawn.label()
        });
    Ok(ReportView {
        due_on: due.map(format_cn).unwrap_or_default(),
        due_article: deadline::article(government),
        late,
        correction_reason: report
            .as_ref()
            .map(|r| r.correction_reason.clone())
            .unwrap_or_default(),
        corrections,
        existing_document,
        submit_corrects,
        findings: blocking(
            year,
            &tables,
            report.as_ref().is_some_and(|r| r.imported_tables.is_some()),
            (&overview, &problems, &other),
        ),
        warnings: previous
            .map(|p| tables::cross_year(&p, &tables))
            .unwrap_or_default()
            .into_iter()
            .chain(members.iter().filter(|m| !m.included).map(|m| Finding {
                rule: "汇总",
                message: format!("“{}”{}，未计入汇总", m.name, m.not_included),
            }))
            .collect(),
        members,
        title: title(&agency.name, year),
        agency_id,
        agency_name: agency.name,
        year,
        stage,
        stage_label: stage.label(),
        document_id: report.as_ref().and_then(|r| r.document_id),
        document_reason,
        overview,
        problems,
        other,
        drafted,
        overview_draft,
        fees_statement: fees,
        format_label: tables.format.label(),
        imported: report.as_ref().is_some_and(|r| r.imported_tables.is_some()),
        year_format_label: Format::of_year(year).map_or("", Format::label),
        tables,
        overrides,
        cells,
        body_html,
        may_edit,
    })
}

impl ReportView {
    /// How late the report is on `today` while it is not yet published (条例第四十九条、第五十条),
    /// for staff; `None` when it is published or not yet due.
    pub fn overdue_on(&self, today: chrono::NaiveDate) -> Option<String> {
        // Not for the reports of years long past (imported or filed late: the page says so).
        if matches!(self.stage, Stage::Published | Stage::Correcting)
            || today.year() - self.year > 2
        {
            return None;
        }
        let government = self.due_article.contains("第五十条");
        deadline::days_late(self.year, government, today)
            .map(|days| format!("已超过公布时限 {days} 天，请尽快提交发布"))
    }
}

/// Opens a write transaction for a change to the report: 机关管理员 only, report still editable.
pub(super) async fn editable(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
) -> ServiceResult<(gongkai_store::Tx, Option<reports::Report>)> {
    check_year(year)?;
    let mut tx = store.begin_write().await?;
    if agencies::find(&mut tx, agency_id).await?.is_none() {
        return Err(ServiceError::NotFound);
    }
    require(&mut tx, staff, Permission::ManageAgency, agency_id).await?;
    let report = reports::find(&mut tx, agency_id, year).await?;
    match stage_of(&mut tx, report.as_ref()).await?.0 {
        Stage::Editing | Stage::Correcting => Ok((tx, report)),
        Stage::UnderReview => Err(ServiceError::Refused(
            "年度报告已提交审核，审核退回后才能修改".into(),
        )),
        Stage::Published => Err(ServiceError::Refused(published_message(year).into())),
    }
}

pub(super) async fn record(
    conn: &mut Conn,
    staff: &Staff,
    agency_id: i64,
    action: &str,
    detail: &str,
    now: i64,
) -> ServiceResult<()> {
    audit::record(
        conn,
        &audit::NewEntry {
            at: now,
            user_id: Some(staff.id),
            agency_id: Some(agency_id),
            action,
            entity: "agency",
            entity_id: Some(agency_id),
            detail,
        },
    )
    .await?;
    Ok(())
}

/// Saves the narrative sections.
pub async fn save_text(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    form: &TextForm,
    now: i64,
) -> ServiceResult<()> {
    let (mut tx, _) = editable(store, staff, agency_id, year).await?;
    let mut e = FieldErrors::new();
    for (field, text) in [
        ("overview", &form.overview),
        ("problems", &form.problems),
        ("other", &form.other),
    ] {
        if text.chars().count() > MAX_SECTION_CHARS {
            e.add(field, format!("每部分不能超过 {MAX_SECTION_CHARS} 字"));
        }
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let clean = |t: &str| t.replace("\r\n", "\n").trim().to_owned();
    let r = reports::Report {
        agency_id,
        year: i64::from(year),
        overview: clean(&form.overview),
        problems: clean(&form.problems),
        other: clean(&form.other),
        ..Default::default()
    };
    reports::save_text(&mut tx, &r, Some(staff.id), now).await?;
    record(
        &mut tx,
        staff,
        agency_id,
        "report.text",
        &format!("{year} 年年度报告正文"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Overrides one cell of the tables, with the reason.
pub async fn set_override(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    form: &OverrideForm,
    now: i64,
) -> ServiceResult<()> {
    let (mut tx, report) = editable(store, staff, agency_id, year).await?;
    let base = live_tables(&mut tx, agency_id, year, report.as_ref())
        .await?
        .base;
    let format = base.format;
    let mut e = FieldErrors::new();
    let key = format.key(form.cell.trim());
    if key.is_none() {
        e.add("cell", "请选择要更正的单元格");
    }
    let value = key.map(|k| format.parse_value(k, &form.value));
    if let Some(Err(m)) = value {
        e.add("value", m);
    }
    let reason = form.reason.trim();
    if reason.is_empty() {
        e.add("reason", "请填写更正的理由");
    } else if reason.chars().count() > MAX_REASON_CHARS {
        e.add("reason", format!("理由不能超过 {MAX_REASON_CHARS} 字"));
    }
    let (Some(key), Some(Ok(value)), true) = (key, value, e.is_empty()) else {
        return Err(ServiceError::Invalid(e));
    };
    if base.get(key) == value {
        let source = if report.as_ref().is_some_and(|r| r.imported_tables.is_some()) {
            "导入的数据"
        } else {
            "系统计算的结果"
        };
        return Err(ServiceError::field(
            "value",
            format!("填写的数字与{source}相同，无需更正"),
        ));
    }
    let text = format.text(key, value);
    reports::set_override(
        &mut tx,
        &reports::NewOverride {
            agency_id,
            year,
            cell: &key.as_text(),
            value: &text,
            reason,
            user_id: staff.id,
            at: now,
        },
    )
    .await?;
    let shown = if text.is_empty() { "空白" } else { &text };
    let detail = format!(
        "{year} 年年度报告“{}”由 {} 更正为 {shown}：{reason}",
        format.name(key),
        format.text(key, base.get(key))
    );
    record(&mut tx, staff, agency_id, "report.override", &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes an override: the cell shows the computed figure again.
pub async fn remove_override(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    cell: &str,
    now: i64,
) -> ServiceResult<()> {
    let (mut tx, report) = editable(store, staff, agency_id, year).await?;
    let format = format_of(report.as_ref());
    let key = format.key(cell).ok_or(ServiceError::NotFound)?;
    if !reports::remove_override(&mut tx, agency_id, year, &key.as_text()).await? {
        return Err(ServiceError::NotFound);
    }
    let detail = format!(
        "{year} 年年度报告“{}”恢复为系统计算（或导入）的结果",
        format.name(key)
    );
    record(&mut tx, staff, agency_id, "report.override", &detail, now).await?;
    tx.commit().await?;
    Ok(())
}
