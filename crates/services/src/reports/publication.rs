//! Publication of the annual report (spec/annual-report.md): submission files the report as a
//! catalogue document in the agency's 政府信息公开年报 column and sends it to review (条例第十七条).
//! One report per agency and year: a submission after publication is a 更正 of the same document,
//! with its reason and what changed against the last approved version at its head. The deadline
//! of 条例第四十九条、第五十条 and the demo's reports are here too.

use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::body::escape_html;
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_domain::catalogue::workflow::{PublicationState, WorkflowAction};
use gongkai_domain::date::format_cn;
use gongkai_domain::report::format::Format;
use gongkai_domain::report::narrative::draft_overview;
use gongkai_domain::report::tables::{self, Tables};
use gongkai_render::report::{ReportText, body_html};
use gongkai_store::{Conn, Store, agencies, columns, documents, reports};

use super::editor::{
    MAX_REASON_CHARS, Stage, blocking, check_year, editable, fees_sentence, live_tables,
    parse_tables, record, stage_of,
};
use super::title;
use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult};
use crate::publishing::{act_in, create_draft_in, update_draft_in};
use crate::time::today_cst;

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
pub(super) fn published_message(year: i32) -> &'static str {
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
