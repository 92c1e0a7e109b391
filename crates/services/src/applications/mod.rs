//! 依申请公开: online submission and staff registration ([`intake`]), the case actions of the state
//! machine ([`handling`]), and the case page, work list and applicant's lookup with their derived
//! clock ([`views`]); notices and reply letters with the agency's templates ([`letters`]). Every
//! action is one transaction: permission check → state check → events and audit entry.

mod handling;
mod intake;
mod letters;
mod proactive;
mod views;
mod year;

pub use handling::*;
pub use intake::*;
pub use letters::*;
pub use proactive::*;
pub use views::*;
pub use year::*;

use chrono::NaiveDate;
use gongkai_domain::application::case::{CaseFacts, Lifecycle};
use gongkai_domain::application::clock::{self, Clock, ClockEvent, ClockRules};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::date::parse_date;
use gongkai_store::applications::{Application, Event};
use gongkai_store::{Conn, audit};

use gongkai_domain::auth::Permission;

use crate::accounts::{Staff, may_each};
use crate::error::{ServiceError, ServiceResult};

/// The working-day calendar in force (see [`crate::calendar::in_force`]).
pub async fn calendar(conn: &mut Conn) -> ServiceResult<WorkCalendar> {
    crate::calendar::in_force(conn).await
}

async fn audit_entry(
    conn: &mut Conn,
    staff: Option<&Staff>,
    agency_id: i64,
    action: &str,
    id: i64,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit::record(
        conn,
        &audit::NewEntry {
            at: now,
            user_id: staff.map(|s| s.id),
            agency_id: Some(agency_id),
            action,
            entity: "application",
            entity_id: Some(id),
            detail,
        },
    )
    .await
}

/// Records a staff member's event that does not touch the clock (handler assigned, made
/// proactive …) with its audit entry.
async fn staff_event(
    conn: &mut Conn,
    staff: &Staff,
    app: &Application,
    kind: &str,
    audit_action: &str,
    note: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    gongkai_store::applications::append_event(
        conn,
        app.id,
        &gongkai_store::applications::NewEvent {
            kind,
            on_date: crate::time::today_cst(now).to_string(),
            note,
            user_id: Some(staff.id),
            ..gongkai_store::applications::NewEvent::default()
        },
        now,
    )
    .await?;
    audit_entry(
        conn,
        Some(staff),
        app.agency_id,
        audit_action,
        app.id,
        note,
        now,
    )
    .await
}

/// The label of a stored event kind, for timelines.
pub fn event_label(kind: &str) -> &'static str {
    match kind {
        "submitted" => "网上提交申请",
        "accepted" => "确认受理",
        "registered" => "登记申请",
        "transferred" => "转送其他机关",
        "correction_requested" => "发出补正告知",
        "correction_received" => "收到补正",
        "consultation_sent" => "征求第三方意见",
        "consultation_answered" => "收到意见",
        "extension_granted" => "延期答复",
        "fee_notice_served" => "发出收费通知",
        "fee_paid" => "缴纳费用",
        "fee_waived" => "减免费用",
        "replied" => "作出答复",
        "withdrawn" => "申请人撤回申请",
        "delivered" => "答复送达",
        "archived" => "归档",
        "appeal" => "行政复议 / 行政诉讼",
        "handler_assigned" => "指定承办人",
        "made_proactive" => "纳入主动公开（条例第四十四条）",
        _ => "其他",
    }
}

/// The clock events among an application's events.
fn clock_events(events: &[Event]) -> Vec<(NaiveDate, ClockEvent)> {
    events
        .iter()
        .filter_map(|e| {
            let on = parse_date(&e.on_date)?;
            let days = e.days.and_then(|d| u32::try_from(d).ok());
            ClockEvent::parse(&e.kind, days).map(|c| (on, c))
        })
        .collect()
}

/// The clock of an application today (None before receipt or when the events do not compute).
fn clock_of(
    cal: &WorkCalendar,
    app: &Application,
    events: &[Event],
    today: NaiveDate,
) -> Option<Clock> {
    let received = app.received_on.as_deref().and_then(parse_date)?;
    clock::compute(
        cal,
        ClockRules::default(),
        received,
        &clock_events(events),
        today,
    )
    .ok()
}

fn facts_of(app: &Application, events: &[Event], clock: Option<&Clock>) -> CaseFacts {
    let has = |k: &str| events.iter().any(|e| e.kind == k);
    CaseFacts {
        lifecycle: Lifecycle::parse(&app.lifecycle).unwrap_or(Lifecycle::Closed),
        status: clock.map(|c| c.status),
        extended: has("extension_granted"),
        correction_requested: has("correction_requested"),
        correction_received: has("correction_received"),
        fee_served: has("fee_notice_served"),
        consultation_pending: clock.is_some_and(|c| c.consultation_pending),
        consultation_open: clock.is_some_and(|c| c.consultation_open),
        fee_pending: clock.is_some_and(|c| c.fee_pending),
        delivered: has("delivered"),
        archived: app.archived == 1,
    }
}

/// An application loaded for a staff member who may see it, with what its events derive.
struct Case {
    app: Application,
    events: Vec<Event>,
    cal: WorkCalendar,
    clock: Option<Clock>,
    facts: CaseFacts,
    /// The viewer may handle it (承办人, 机关管理员 of its agency).
    may_handle: bool,
    /// The viewer may approve extensions (条例第三十三条第二款).
    may_extend: bool,
}

/// Loads application `id` for `staff`: Forbidden unless they may view the agency's applications
/// (checked before anything of it is read beyond its agency).
async fn load_case(
    conn: &mut Conn,
    staff: &Staff,
    id: i64,
    today: NaiveDate,
) -> ServiceResult<Case> {
    let app = gongkai_store::applications::find(conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let [view, handle, approve] = may_each(
        conn,
        staff,
        [
            Permission::ViewApplications,
            Permission::HandleApplications,
            Permission::ApproveExtensions,
        ],
        app.agency_id,
    )
    .await?;
    if !view {
        return Err(ServiceError::Forbidden);
    }
    let events = gongkai_store::applications::events_of(conn, id).await?;
    let cal = calendar(conn).await?;
    let clock = clock_of(&cal, &app, &events, today);
    let facts = facts_of(&app, &events, clock.as_ref());
    Ok(Case {
        app,
        events,
        cal,
        clock,
        facts,
        may_handle: handle,
        may_extend: approve,
    })
}
