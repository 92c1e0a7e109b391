//! The report editor (spec/annual-report.md): the narrative sections 一、五、六 (一 and the fee
//! sentence of 六 drafted from the year's data), cells overridden with a recorded reason, the
//! checks R1–R4 that block publication and the cross-year warnings that do not, and submission:
//! the report becomes a catalogue document in the agency's 政府信息公开年报 column, published after
//! the review of 条例第十七条 like any document, with its tables frozen as submitted.

use chrono::Datelike;
use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::body::escape_html;
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_domain::catalogue::workflow::{PublicationState, WorkflowAction};
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
use gongkai_store::{
    Conn, Store, agencies, application_counts, audit, columns, documents, reports,
};
use serde::{Deserialize, Serialize};

use super::{computed, title};
use crate::accounts::{Staff, may, require};
use crate::error::{ServiceError, ServiceResult};
use crate::publishing::{act_in, create_draft_in, update_draft_in};
use crate::time::today_cst;

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

fn check_year(year: i32) -> ServiceResult<()> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}

async fn stage_of(
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
struct Live {
    /// With the overrides.
    tables: Tables,
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

fn parse_tables(json: &str, what: &str) -> ServiceResult<Tables> {
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
async fn live_tables(
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

async fn fees_sentence(conn: &mut Conn, agency_id: i64, year: i32) -> ServiceResult<String> {
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
fn blocking(
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

/// Whether `agency_id` is a people's government for the report's deadline (条例第五十条): an
/// agency with departments under it. The report page and the editor both ask this.
pub async fn is_government(conn: &mut Conn, agency_id: i64, year: i32) -> ServiceResult<bool> {
    Ok(!reports::members_published(conn, agency_id, year)
        .await?
        .is_empty())
}

/// The 更正说明 at the head of a corrected report: each correction's date, reason and changes.
pub fn corrections_html(corrections: &[reports::Correction]) -> String {
    if corrections.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("<div class=\"report-corrections\"><p><strong>更正说明</strong></p>");
    for c in corrections {
        let day = chrono::NaiveDate::parse_from_str(&c.on_date, "%Y-%m-%d")
            .map(format_cn)
            .unwrap_or_else(|_| c.on_date.clone());
        out.push_str(&format!("<p>{day}更正：{}</p>", escape_html(&c.reason)));
        let lines: Vec<&str> = c.changes.lines().filter(|l| !l.trim().is_empty()).collect();
        if !lines.is_empty() {
            out.push_str("<ul>");
            for l in lines {
                out.push_str(&format!("<li>{}</li>", escape_html(l)));
            }
            out.push_str("</ul>");
        }
    }
    out.push_str("</div>");
    out
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

/// The agency's 政府信息公开年报 columns (slug `ndbg`, or a list column named for 年报).
async fn report_columns(conn: &mut Conn, agency_id: i64) -> ServiceResult<Vec<i64>> {
    Ok(columns::list_for_agency(conn, agency_id)
        .await?
        .into_iter()
        .filter(|c| {
            c.kind == "list"
                && (c.slug == "ndbg" || c.name.contains("年报") || c.name.contains("年度报告"))
        })
        .map(|c| c.id)
        .collect())
}

/// Files a report's text as a catalogue document (category 年报, 0201) in the agency's
/// 政府信息公开年报 column and submits it for review. One report, one document: the prior
/// document (the report's own, or one of the same title already in the catalogue) is updated —
/// a draft a reviewer returned as it is, a withdrawn one redrafted, a published one withdrawn for
/// its 更正 (`correction`) and redrafted — keeping its 索引号. Returns the document's id and title.
#[allow(clippy::too_many_arguments)]
pub(super) async fn file_in_catalogue(
    tx: &mut Conn,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    prior: Option<&documents::Document>,
    correction: &str,
    body_html: String,
    now: i64,
) -> ServiceResult<(i64, String)> {
    let columns = report_columns(tx, agency_id).await?;
    if columns.is_empty() {
        return Err(ServiceError::Refused(
            "本机关网站没有“政府信息公开年报”栏目（路径 ndbg），请先在栏目管理中添加".into(),
        ));
    }
    let agency = agencies::find(tx, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let title = title(&agency.name, year);
    // A correction keeps the 成文日期 of the report it corrects (the page says when it was
    // corrected).
    let written_on = prior
        .filter(|d| ever_published(&d.state))
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d.written_on, "%Y-%m-%d").ok())
        .unwrap_or_else(|| today_cst(now));
    let form = report_form(&agency.name, year, columns, body_html, written_on);
    use PublicationState as S;
    let id = match prior.map(|d| (d.id, PublicationState::parse(&d.state))) {
        Some((id, Some(S::Draft))) => {
            update_draft_in(tx, staff, id, &form, now).await?;
            id
        }
        Some((id, Some(S::Published))) => {
            let reason = format!("更正：{correction}");
            act_in(tx, staff, id, WorkflowAction::Withdraw, &reason, now).await?;
            act_in(tx, staff, id, WorkflowAction::Redraft, "", now).await?;
            update_draft_in(tx, staff, id, &form, now).await?;
            id
        }
        Some((id, Some(S::Withdrawn))) => {
            act_in(tx, staff, id, WorkflowAction::Redraft, "", now).await?;
            update_draft_in(tx, staff, id, &form, now).await?;
            id
        }
        Some((id, Some(S::PendingReview))) => {
            return Err(ServiceError::Refused(format!(
                "目录中同名的年度报告（文件 {id}）正在审核，请先审核通过或退回后再提交"
            )));
        }
        _ => create_draft_in(tx, staff, agency_id, &form, now).await?,
    };
    act_in(tx, staff, id, WorkflowAction::Submit, "", now).await?;
    Ok((id, title))
}

/// The catalogue form of the report of `year`: category 年报 (0201), in `columns`.
fn report_form(
    agency_name: &str,
    year: i32,
    columns: Vec<i64>,
    body_html: String,
    written_on: chrono::NaiveDate,
) -> DocumentForm {
    DocumentForm {
        title: title(agency_name, year),
        subject: "0201".into(),
        genre: "report".into(),
        legal_kind: "other".into(),
        written_on: written_on.format("%Y-%m-%d").to_string(),
        keywords: "政府信息公开 年度报告".into(),
        summary: format!("{agency_name}{year}年政府信息公开工作情况")
            .chars()
            .take(100)
            .collect(),
        disclosure: "proactive".into(),
        validity: "valid".into(),
        columns,
        body_html,
        ..DocumentForm::default()
    }
}

/// The demo's report of `agency_id` for `year`, made as a real report — tables computed from the
/// demo's catalogue and applications (a government's summing its departments' published reports),
/// 一 drafted from them, 六 stating the fees — and published on `published_on` like every demo
/// document (loaded by the operator, without the review a member of staff's submission goes
/// through). The report page and the published document therefore agree.
pub(crate) async fn publish_demo_report(
    store: &Store,
    agency_id: i64,
    year: i32,
    problems: &str,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<i64> {
    let mut tx = store.begin_write().await?;
    let agency = agencies::find(&mut tx, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let t = live_tables(&mut tx, agency_id, year, None).await?.tables;
    let r = reports::Report {
        agency_id,
        year: i64::from(year),
        overview: draft_overview(&agency.name, year, &t),
        problems: problems.to_owned(),
        other: fees_sentence(&mut tx, agency_id, year).await?,
        ..Default::default()
    };
    let findings = blocking(year, &t, false, (&r.overview, &r.problems, &r.other));
    if let Some(f) = findings.first() {
        return Err(ServiceError::Internal(format!(
            "演示年度报告（{} {year}）未通过检查：{}",
            agency.name, f.message
        )));
    }
    reports::save_text(&mut tx, &r, None, now).await?;
    let body = body_html(&ReportText {
        overview: &r.overview,
        problems: &r.problems,
        other: &r.other,
        tables: &t,
    });
    let columns = report_columns(&mut tx, agency_id).await?;
    let form = report_form(&agency.name, year, columns, body, published_on);
    let context = crate::publishing::FormContext::load(&mut tx, agency_id).await?;
    let (id, _) =
        crate::publishing::import_published_in(&mut tx, &context, &form, published_on, now).await?;
    freeze(&mut tx, &r, &t, id, now).await?;
    reports::approved(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Records the report as submitted: its tables and narrative frozen, its document.
async fn freeze(
    conn: &mut Conn,
    r: &reports::Report,
    t: &Tables,
    document_id: i64,
    now: i64,
) -> ServiceResult<()> {
    let json =
        serde_json::to_string(t).map_err(|e| ServiceError::Internal(format!("tables: {e}")))?;
    let texts = serde_json::to_string(&[&r.overview, &r.problems, &r.other])
        .map_err(|e| ServiceError::Internal(format!("texts: {e}")))?;
    reports::set_published(conn, r.agency_id, r.year, (&json, &texts), document_id, now).await?;
    Ok(())
}

fn ever_published(state: &str) -> bool {
    matches!(
        PublicationState::parse(state),
        Some(PublicationState::Published | PublicationState::Withdrawn)
    )
}

/// Starts a 更正 of the published report: the 机关管理员 says why; the report can be edited again
/// while the published version stays public, and the next submission corrects the same document.
pub async fn start_correction(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    reason: &str,
    now: i64,
) -> ServiceResult<()> {
    check_year(year)?;
    let mut tx = store.begin_write().await?;
    if agencies::find(&mut tx, agency_id).await?.is_none() {
        return Err(ServiceError::NotFound);
    }
    require(&mut tx, staff, Permission::ManageAgency, agency_id).await?;
    let report = reports::find(&mut tx, agency_id, year).await?;
    if stage_of(&mut tx, report.as_ref()).await?.0 != Stage::Published {
        return Err(ServiceError::Refused(
            "只有已发布的年度报告才需要更正".into(),
        ));
    }
    if Format::of_year(year).is_none() {
        return Err(ServiceError::Refused(published_message(year).into()));
    }
    let reason = check_correction_reason(reason)?;
    reports::set_correction_reason(&mut tx, agency_id, year, reason, now).await?;
    record(
        &mut tx,
        staff,
        agency_id,
        "report.correct",
        &format!("{year} 年年度报告开始更正：{reason}"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Why a published report cannot be changed as it is, and how to correct it: through 更正报告,
/// or — a report before 2019, imported as text — by editing its document.
fn published_message(year: i32) -> &'static str {
    if Format::of_year(year).is_some() {
        "年度报告已发布；如需更正，请点击“更正报告”并写明更正的原因"
    } else {
        "年度报告已经发布过；2019年以前的报告如需更正，请在文件管理中撤回该文件，修改后重新提交审核"
    }
}

fn check_correction_reason(reason: &str) -> ServiceResult<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::field(
            "correction_reason",
            "请写明更正的原因（将在报告中公布）",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(ServiceError::field(
            "correction_reason",
            format!("更正原因不能超过 {MAX_REASON_CHARS} 字"),
        ));
    }
    Ok(reason)
}

/// What a correction changed against the version published: the cells, then the sections whose
/// text changed.
fn correction_changes(report: &reports::Report, t: &Tables) -> ServiceResult<Vec<String>> {
    let mut lines = Vec::new();
    // Compared with the last approved version (a returned correction was never public).
    let tables_before = report
        .approved_tables
        .as_deref()
        .or(report.published_tables.as_deref());
    let texts_before = report
        .approved_texts
        .as_deref()
        .or(report.published_texts.as_deref());
    match tables_before {
        Some(json) => match tables::changes(&parse_tables(json, "published")?, t) {
            Some(cells) => lines.extend(cells),
            None => lines.push(format!("表格改按{}填写", t.format.label())),
        },
        None => lines.push("以本平台编制的年度报告替换此前发布的文件".to_owned()),
    }
    match texts_before.and_then(|j| serde_json::from_str::<[String; 3]>(j).ok()) {
        Some(before) => {
            let now = [&report.overview, &report.problems, &report.other];
            for (i, section) in [0, 4, 5].into_iter().enumerate() {
                if before[i] != *now[i] {
                    lines.push(format!("“{}”的文字有修改", tables::SECTIONS[section]));
                }
            }
        }
        // Published before the platform kept the narrative: it cannot say which changed.
        None => lines.push("正文以更正后的版本为准".to_owned()),
    }
    Ok(lines)
}

/// Submits the report for publication: refused while R1–R4 fail, a cell is blank or a text is
/// missing; files it as a catalogue document (category 年报) in the agency's 政府信息公开年报
/// column and submits the document for review, freezing the tables. Returns the document's id.
pub async fn submit(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    now: i64,
) -> ServiceResult<i64> {
    submit_with(store, staff, agency_id, year, "", now).await
}

/// [`submit`], saying why when the report was published before: one report per agency and year,
/// so a submission after publication is a 更正 of the same document — the reason (or the one given
/// when the correction started) and what changed are recorded and shown at the head of the report.
pub async fn submit_with(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    correction_reason: &str,
    now: i64,
) -> ServiceResult<i64> {
    let (mut tx, report) = editable(store, staff, agency_id, year).await?;
    let Some(report) = report else {
        return Err(ServiceError::Refused(
            "请先保存年度报告的正文（一、五、六），再提交发布".into(),
        ));
    };
    let t = live_tables(&mut tx, agency_id, year, Some(&report))
        .await?
        .tables;
    let findings = blocking(
        year,
        &t,
        report.imported_tables.is_some(),
        (&report.overview, &report.problems, &report.other),
    );
    if !findings.is_empty() {
        const SHOWN: usize = 8;
        let mut list: Vec<String> = findings
            .iter()
            .take(SHOWN)
            .map(|f| f.message.clone())
            .collect();
        if findings.len() > SHOWN {
            list.push(format!("等共 {} 处", findings.len()));
        }
        return Err(ServiceError::Refused(format!(
            "年度报告未通过检查，不能发布：{}",
            list.join("；")
        )));
    }
    let agency = agencies::find(&mut tx, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let prior_id = match report.document_id {
        Some(id) => Some(id),
        None => reports::unowned_document(&mut tx, agency_id, &title(&agency.name, year))
            .await?
            .map(|(id, _)| id),
    };
    let prior = match prior_id {
        Some(id) => documents::find(&mut tx, id).await?,
        None => None,
    };
    let mut reason = String::new();
    // Approved before (even if a correction was since returned), or a document of the year that
    // was published: this submission is a 更正.
    let corrects = prior
        .as_ref()
        .filter(|d| report.approved_tables.is_some() || ever_published(&d.state));
    if let Some(d) = corrects {
        let given = if correction_reason.trim().is_empty() {
            report.correction_reason.as_str()
        } else {
            correction_reason
        };
        reason = check_correction_reason(given)
            .map_err(|_| {
                ServiceError::field(
                    "correction_reason",
                    format!(
                        "本年度报告已经发布过（文件 {}），再次提交即为更正：请写明更正的原因（将在报告中公布）",
                        d.id
                    ),
                )
            })?
            .to_owned();
        let changes = correction_changes(&report, &t)?;
        if changes.is_empty() {
            return Err(ServiceError::field(
                "correction_reason",
                "报告与已发布的版本相同，没有需要更正的内容",
            ));
        }
        let today = today_cst(now).format("%Y-%m-%d").to_string();
        // A correction the reviewer returned is replaced by this one.
        reports::drop_pending_corrections(&mut tx, agency_id, year).await?;
        reports::add_correction(
            &mut tx,
            agency_id,
            year,
            (&today, &reason, &changes.join("\n")),
            staff.id,
            now,
        )
        .await?;
    }
    let corrections = reports::corrections(&mut tx, agency_id, year).await?;
    let mut body = corrections_html(&corrections);
    body.push_str(&body_html(&ReportText {
        overview: &report.overview,
        problems: &report.problems,
        other: &report.other,
        tables: &t,
    }));
    let (id, title) = file_in_catalogue(
        &mut tx,
        staff,
        agency_id,
        year,
        prior.as_ref(),
        &reason,
        body,
        now,
    )
    .await?;
    freeze(&mut tx, &report, &t, id, now).await?;
    let detail = if reason.is_empty() {
        format!("{title}（文件 {id}）")
    } else {
        format!("{title}（文件 {id}）更正：{reason}")
    };
    record(&mut tx, staff, agency_id, "report.submit", &detail, now).await?;
    tx.commit().await?;
    Ok(id)
}
