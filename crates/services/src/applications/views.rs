//! What staff and applicants see: the case page (audited), the work list by due date, and the
//! applicant's lookup by query code and secret.

use chrono::NaiveDate;
use gongkai_domain::application::applicant::ApplicantKind;
use gongkai_domain::application::case::{self, CaseAction, Lifecycle};
use gongkai_domain::application::channel::Channel;
use gongkai_domain::application::clock::{Clock, ClockStatus};
use gongkai_domain::application::fee::{self};
use gongkai_domain::application::outcome::{Ground, Outcome};
use gongkai_domain::auth::Permission;
use gongkai_store::applications::{self as apps, Application, Event};
use gongkai_store::{Conn, Store, agencies, users};
use serde::{Deserialize, Serialize};

use crate::accounts::{Staff, may};
use crate::error::{ServiceError, ServiceResult};
use crate::time::{format_instant, today_cst};

use super::intake::sha256_hex;
use super::*;

/// The clock as shown.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockView {
    /// Status, stored form.
    pub status: String,
    /// Status label.
    pub status_label: &'static str,
    /// 答复期限.
    pub due_on: Option<NaiveDate>,
    /// Working days used.
    pub days_used: u32,
    /// Working days left (negative: overdue).
    pub days_left: Option<i64>,
    /// Years without holiday data (show 该年度节假日数据缺失).
    pub missing_years: Vec<i32>,
    /// How the due date was computed.
    pub explanation: Vec<String>,
    /// The 补正 notice went out later than 7 working days after receipt (第三十条).
    pub late_correction_notice: bool,
}

impl ClockView {
    fn of(c: &Clock) -> Self {
        ClockView {
            status: format!("{:?}", c.status).to_lowercase(),
            status_label: c.status.label(),
            due_on: c.due_on,
            days_used: c.days_used,
            days_left: c.days_left,
            missing_years: c.missing_years.iter().copied().collect(),
            explanation: c.explanation.clone(),
            late_correction_notice: c.late_correction_notice,
        }
    }
}

/// One line of a timeline.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// Stored kind.
    pub kind: String,
    /// Label.
    pub label: &'static str,
    /// Business date.
    pub on_date: String,
    /// Days (correction period, extension).
    pub days: Option<i64>,
    /// Amount, 元.
    pub amount: Option<i64>,
    /// Note.
    pub note: String,
    /// Who (staff name; empty for the applicant or on public pages).
    pub by: String,
    /// When recorded, CST.
    pub at: String,
}

/// A fee suggestion for the case page (国办函〔2020〕109号).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeSuggestion {
    /// This application's position among the applicant's applications to this agency received
    /// in the same calendar month.
    pub position_in_month: i64,
    /// The 按件 fee of this application.
    pub per_application: u64,
    /// Explanation.
    pub explanation: Vec<String>,
}

/// Everything the case page shows.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct CaseView {
    /// The application.
    pub app: Application,
    /// Applicant kind label.
    pub kind_label: String,
    /// Agency name.
    pub agency_name: String,
    /// 承办人 name.
    pub handler_name: String,
    /// Lifecycle label.
    pub lifecycle_label: &'static str,
    /// Channel label.
    pub channel_label: &'static str,
    /// The clock (None before receipt).
    pub clock: Option<ClockView>,
    /// Timeline.
    pub timeline: Vec<TimelineEntry>,
    /// Allowed actions (stored names).
    pub allowed: Vec<&'static str>,
    /// Outcome label.
    pub outcome_label: Option<&'static str>,
    /// Ground label and report row.
    pub ground_label: Option<String>,
    /// Legal basis of the ground.
    pub ground_basis: Option<&'static str>,
    /// Reviews and lawsuits.
    pub appeals: Vec<apps::Appeal>,
    /// The fee suggestion.
    pub fee: Option<FeeSuggestion>,
    /// The agency's handlers and administrators (for assignment): (id, name).
    pub handlers: Vec<(i64, String)>,
    /// The notices and the reply this case produced.
    pub letters: Vec<super::letters::LetterRef>,
    /// Identity proofs the applicant attached.
    pub files: Vec<apps::File>,
    /// Whether the viewer may act.
    pub can_handle: bool,
    /// Whether the viewer may approve extensions.
    pub can_extend: bool,
}

async fn timeline(
    conn: &mut Conn,
    events: &[Event],
    with_staff: bool,
) -> ServiceResult<Vec<TimelineEntry>> {
    let mut names: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let by = match (with_staff, e.user_id) {
            (true, Some(u)) => {
                if let Some(n) = names.get(&u) {
                    n.clone()
                } else {
                    let n = users::find(conn, u)
                        .await?
                        .map(|u| u.display_name)
                        .unwrap_or_default();
                    names.insert(u, n.clone());
                    n
                }
            }
            _ => String::new(),
        };
        out.push(TimelineEntry {
            kind: e.kind.clone(),
            label: event_label(&e.kind),
            on_date: e.on_date.clone(),
            days: e.days,
            amount: e.amount,
            note: if with_staff {
                e.note.clone()
            } else {
                String::new()
            },
            by,
            at: format_instant(e.at),
        });
    }
    Ok(out)
}

/// The case page of application `id`. Every view of the applicant's personal data is written to
/// the audit log.
pub async fn view(store: &Store, staff: &Staff, id: i64, now: i64) -> ServiceResult<CaseView> {
    let mut tx = store.begin_write().await?;
    let Case {
        app,
        events,
        cal: _,
        clock,
        facts,
        may_handle: handle,
        may_extend: approve,
    } = load_case(&mut tx, staff, id, today_cst(now)).await?;
    audit_entry(
        &mut tx,
        Some(staff),
        app.agency_id,
        "application.view",
        id,
        &app.number,
        now,
    )
    .await?;
    let agency = agencies::find(&mut tx, app.agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let handler_name = match app.handler_id {
        Some(h) => users::find(&mut tx, h)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let fee = if app.received_on.is_some() {
        let position = apps::position_in_month(&mut tx, &app).await?;
        let n = u32::try_from(position).unwrap_or(0);
        let f = fee::per_application(n, n);
        Some(FeeSuggestion {
            position_in_month: position,
            per_application: f.total,
            explanation: vec![format!(
                "该申请人本自然月向本机关提出的第 {position} 件申请，按件计收标准为 {} 元（国办函〔2020〕109号）",
                f.total
            )],
        })
    } else {
        None
    };
    let handlers = handlers_of(&mut tx, &[app.agency_id]).await?;
    let timeline = timeline(&mut tx, &events, true).await?;
    let letters = super::letters::letters_in(&events, false);
    // A reply under 条例第三十六条第七项 is counted in another row: say so.
    // So is one under 第三十六条第五项, counted with 第四项.
    let reply_fields = events
        .iter()
        .rev()
        .find(|e| e.kind == "replied")
        .map(super::letters::LetterFields::of)
        .unwrap_or_default();
    let special = reply_fields.special;
    let holder = reply_fields.holder;
    let files = apps::files_of(&mut tx, id).await?;
    let appeals = apps::appeals_of(&mut tx, id).await?;
    tx.commit().await?;
    let ground = app.ground.as_deref().and_then(Ground::parse);
    Ok(CaseView {
        kind_label: ApplicantKind::parse(&app.kind)
            .map(|k| k.full_label())
            .unwrap_or_default(),
        agency_name: agency.name,
        handler_name,
        lifecycle_label: Lifecycle::parse(&app.lifecycle).map_or("", |l| l.label()),
        channel_label: Channel::parse(&app.channel).map_or("", |c| c.label()),
        clock: clock.as_ref().map(ClockView::of),
        timeline,
        allowed: if handle {
            case::allowed(&facts)
                .into_iter()
                .filter(|a| *a != CaseAction::Extend || approve)
                .map(|a| a.as_str())
                .collect()
        } else {
            Vec::new()
        },
        outcome_label: app
            .outcome
            .as_deref()
            .and_then(Outcome::parse)
            .map(|o| o.label()),
        ground_label: ground.map(|g| {
            let row = format!("{} {}", g.report_row(), g.label());
            if special {
                format!("第三十六条第七项（依照有关法律、行政法规办理），计入 {row}")
            } else if let Some(h) = &holder {
                format!(
                    "第三十六条第五项（不属于本机关负责公开；负责公开的机关：{}，联系方式：{}），计入 {row}",
                    h.name, h.contact
                )
            } else {
                row
            }
        }),
        ground_basis: if special {
            Some(gongkai_domain::application::outcome::SPECIAL_REGISTER_BASIS)
        } else if holder.is_some() {
            Some(gongkai_domain::application::outcome::HELD_ELSEWHERE_BASIS)
        } else {
            ground.map(|g| g.basis())
        },
        appeals,
        fee,
        handlers,
        letters,
        files,
        can_handle: handle,
        can_extend: approve,
        app,
    })
}

/// What the work list is narrowed to.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct WorkFilter {
    /// `soon` (due within 3 working days), `overdue`, `submitted` (waiting for acceptance),
    /// `open`, `closed`, or empty (every open or submitted case).
    pub show: String,
    /// Only this handler's (`me` for the viewer).
    pub handler: String,
    /// Only this agency's.
    pub agency: String,
    /// Received in this year.
    pub year: String,
}

/// One line of the work list.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct WorkItem {
    /// Id.
    pub id: i64,
    /// 受理编号.
    pub number: String,
    /// Agency.
    pub agency_id: i64,
    /// Applicant name.
    pub name: String,
    /// Kind label.
    pub kind_label: String,
    /// Channel label.
    pub channel_label: &'static str,
    /// Lifecycle label.
    pub lifecycle_label: &'static str,
    /// Status label (clock).
    pub status_label: &'static str,
    /// First words of the description.
    pub description: String,
    /// 收到申请之日.
    pub received_on: Option<String>,
    /// 答复期限.
    pub due_on: Option<NaiveDate>,
    /// Working days left.
    pub days_left: Option<i64>,
    /// Years without holiday data.
    pub missing_years: Vec<i32>,
    /// 承办人.
    pub handler_id: Option<i64>,
}

/// Working days ahead within which a case counts as due soon.
pub const DUE_SOON_DAYS: i64 = 3;

/// The work list: the viewer's agencies' applications ordered by due date (no due date last).
/// It shows applicants' names, so each view is in the audit log (what was listed, not who).
pub async fn work_list(
    store: &Store,
    staff: &Staff,
    filter: &WorkFilter,
    now: i64,
) -> ServiceResult<Vec<WorkItem>> {
    let items = work_items(store, staff, filter, now).await?;
    if !items.is_empty() {
        let mut tx = store.begin_write().await?;
        let detail = format!(
            "列出 {} 件申请（范围：{}）",
            items.len(),
            if filter.show.is_empty() {
                "待办"
            } else {
                filter.show.as_str()
            }
        );
        gongkai_store::audit::record(
            &mut tx,
            &gongkai_store::audit::NewEntry {
                at: now,
                user_id: Some(staff.id),
                agency_id: None,
                action: "application.list",
                entity: "application",
                entity_id: None,
                detail: &detail,
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(items)
}

/// The work list's items, unaudited (for reminders, which show no applicant's data).
pub(crate) async fn work_items(
    store: &Store,
    staff: &Staff,
    filter: &WorkFilter,
    now: i64,
) -> ServiceResult<Vec<WorkItem>> {
    let mut conn = store.conn().await?;
    let agency_ids: Option<Vec<i64>> = if staff.is_system_admin() {
        None
    } else {
        let mut ids = Vec::new();
        for a in staff.agency_ids() {
            if may(&mut conn, staff, Permission::ViewApplications, a).await? {
                ids.push(a);
            }
        }
        Some(ids)
    };
    let agency_ids = match filter.agency.trim().parse::<i64>() {
        Ok(a) => match agency_ids {
            Some(ids) if !ids.contains(&a) => return Err(ServiceError::Forbidden),
            _ => Some(vec![a]),
        },
        Err(_) => agency_ids,
    };
    let lifecycles = match filter.show.as_str() {
        "submitted" => vec!["submitted".to_owned()],
        "closed" => vec!["closed".to_owned()],
        "open" | "soon" | "overdue" => vec!["open".to_owned()],
        _ => vec!["submitted".to_owned(), "open".to_owned()],
    };
    let handler_id = match filter.handler.trim() {
        "me" => Some(staff.id),
        h => h.parse().ok(),
    };
    let list = apps::list(
        &mut conn,
        &apps::ListFilter {
            agency_ids,
            lifecycles,
            handler_id,
            year: filter.year.trim().parse().ok(),
        },
        2000,
    )
    .await?;
    let ids: Vec<i64> = list.iter().map(|a| a.id).collect();
    let mut by_application: std::collections::HashMap<i64, Vec<Event>> =
        std::collections::HashMap::new();
    for e in apps::events_of_many(&mut conn, &ids).await? {
        by_application.entry(e.application_id).or_default().push(e);
    }
    let cal = calendar(&mut conn).await?;
    let today = today_cst(now);
    let mut items = Vec::with_capacity(list.len());
    for app in list {
        let events = by_application.remove(&app.id).unwrap_or_default();
        let clock = clock_of(&cal, &app, &events, today);
        let running = clock
            .as_ref()
            .is_some_and(|c| c.status == ClockStatus::Running);
        let left = clock.as_ref().and_then(|c| c.days_left);
        let keep = match filter.show.as_str() {
            "soon" => running && left.is_some_and(|l| (0..=DUE_SOON_DAYS).contains(&l)),
            "overdue" => running && left.is_some_and(|l| l < 0),
            _ => true,
        };
        if !keep {
            continue;
        }
        items.push(WorkItem {
            id: app.id,
            number: app.number.clone(),
            agency_id: app.agency_id,
            name: app.name.clone(),
            kind_label: ApplicantKind::parse(&app.kind)
                .map(|k| k.full_label())
                .unwrap_or_default(),
            channel_label: Channel::parse(&app.channel).map_or("", |c| c.label()),
            lifecycle_label: Lifecycle::parse(&app.lifecycle).map_or("", |l| l.label()),
            status_label: match (&clock, app.lifecycle.as_str()) {
                (_, "submitted") => "待受理",
                (_, "closed") => "已办结",
                (Some(c), _) => c.status.label(),
                (None, _) => "",
            },
            description: app.description.chars().take(40).collect(),
            received_on: app.received_on.clone(),
            due_on: clock.as_ref().and_then(|c| c.due_on),
            days_left: if app.lifecycle == "open" { left } else { None },
            missing_years: clock
                .as_ref()
                .map(|c| c.missing_years.iter().copied().collect())
                .unwrap_or_default(),
            handler_id: app.handler_id,
        });
    }
    items.sort_by_key(|i| (i.due_on.is_none(), i.due_on, i.id));
    Ok(items)
}

/// What the applicant sees with their query code and secret: no staff names, no notes, and no
/// identity number.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct PublicStatus {
    /// 受理编号.
    pub number: String,
    /// Query code.
    pub query_code: String,
    /// Agency.
    pub agency_name: String,
    /// Applicant name, masked after the first character.
    pub name_masked: String,
    /// The description as submitted.
    pub description: String,
    /// Submitted at, CST.
    pub submitted_at: String,
    /// 收到申请之日.
    pub received_on: Option<String>,
    /// Lifecycle label.
    pub lifecycle_label: &'static str,
    /// Clock.
    pub clock: Option<ClockView>,
    /// Timeline (dates and labels).
    pub timeline: Vec<TimelineEntry>,
    /// Outcome label.
    pub outcome_label: Option<&'static str>,
    /// Ground label.
    pub ground_label: Option<&'static str>,
    /// 答复书文号.
    pub reply_number: Option<String>,
    /// Closed on.
    pub closed_on: Option<String>,
    /// The notices and the reply addressed to the applicant.
    pub letters: Vec<super::letters::LetterRef>,
    /// Application id (for the reply download, behind the same secret).
    #[serde(skip)]
    pub id: i64,
}

fn mask(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest.min(8)))
        }
        None => String::new(),
    }
}

/// The application of the holder of `query_code` and `secret` (NotFound for any mismatch, so
/// nothing tells a wrong secret from a wrong code; the secret is compared in constant time).
pub(super) async fn find_for_applicant(
    conn: &mut Conn,
    query_code: &str,
    secret: &str,
) -> ServiceResult<Application> {
    let code = normalise_query_code(query_code);
    let secret = normalise_query_code(secret);
    if code.is_empty() || secret.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let Some(app) = apps::find_by_query_code(conn, &code).await? else {
        return Err(ServiceError::NotFound);
    };
    let expected = app.secret_hash.as_bytes();
    let given = sha256_hex(&secret);
    // Constant-time comparison of the two hex digests.
    let same = expected.len() == given.len()
        && expected
            .iter()
            .zip(given.as_bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !same {
        return Err(ServiceError::NotFound);
    }
    Ok(app)
}

/// Finds an application by its query code and secret. A wrong code and a wrong secret give the
/// same answer (NotFound), so codes cannot be probed.
pub async fn lookup(
    store: &Store,
    query_code: &str,
    secret: &str,
    now: i64,
) -> ServiceResult<PublicStatus> {
    let mut conn = store.conn().await?;
    let app = find_for_applicant(&mut conn, query_code, secret).await?;
    let events = apps::events_of(&mut conn, app.id).await?;
    let cal = calendar(&mut conn).await?;
    let clock = clock_of(&cal, &app, &events, today_cst(now));
    let agency = agencies::find(&mut conn, app.agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let shown: Vec<Event> = events
        .into_iter()
        .filter(|e| e.kind != "handler_assigned")
        .collect();
    let timeline = timeline(&mut conn, &shown, false).await?;
    let letters = super::letters::letters_in(&shown, true);
    let ground = app.ground.as_deref().and_then(Ground::parse);
    Ok(PublicStatus {
        number: app.number.clone(),
        query_code: app.query_code.clone(),
        agency_name: agency.name,
        name_masked: mask(&app.name),
        description: app.description.clone(),
        submitted_at: format_instant(app.submitted_at),
        received_on: app.received_on.clone(),
        lifecycle_label: Lifecycle::parse(&app.lifecycle).map_or("", |l| l.label()),
        clock: clock.as_ref().map(ClockView::of),
        timeline,
        outcome_label: ground.map(|g| g.outcome().label()),
        ground_label: ground.map(|g| g.label()),
        reply_number: app.reply_number.clone(),
        closed_on: app.closed_on.clone(),
        letters,
        id: app.id,
    })
}

/// An identity proof of application `id`, for staff who may see the case (audited).
pub async fn staff_file(
    store: &Store,
    staff: &Staff,
    id: i64,
    file_id: i64,
    now: i64,
) -> ServiceResult<apps::File> {
    let mut tx = store.begin_write().await?;
    let case = load_case(&mut tx, staff, id, today_cst(now)).await?;
    let file = apps::files_of(&mut tx, id)
        .await?
        .into_iter()
        .find(|f| f.id == file_id)
        .ok_or(ServiceError::NotFound)?;
    audit_entry(
        &mut tx,
        Some(staff),
        case.app.agency_id,
        "application.file",
        id,
        &file.file_name,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(file)
}

/// The active 承办人 and 机关管理员 of `agency_ids` — who may be assigned a case: (id, name).
pub async fn handlers_of(conn: &mut Conn, agency_ids: &[i64]) -> ServiceResult<Vec<(i64, String)>> {
    Ok(users::holding(conn, agency_ids, &["case_handler", "agency_admin"]).await?)
}
