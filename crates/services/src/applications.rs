//! 依申请公开: online submission and staff registration, the case actions of the state machine,
//! the case view with its derived clock, the work list, the applicant's lookup and the year view.
//! Every action is one transaction: permission check → state check → events and audit entry.

use chrono::NaiveDate;
use gongkai_domain::application::applicant::{
    ApplicantKind, ApplicationForm, NewApplication, validate,
};
use gongkai_domain::application::case::{self, CaseAction, CaseFacts, Lifecycle};
use gongkai_domain::application::channel::{Channel, ReceiptRules, receipt_date};
use gongkai_domain::application::clock::{self, Clock, ClockEvent, ClockRules, ClockStatus};
use gongkai_domain::application::fee::{self, FeeMethod};
use gongkai_domain::application::outcome::{Ground, Outcome};
use gongkai_domain::auth::Permission;
use gongkai_domain::calendar::{HolidayYear, WorkCalendar};
use gongkai_domain::date::{format_cn, parse_date};
use gongkai_domain::form::FieldErrors;
use gongkai_store::applications::{self as apps, Application, Event, NewEvent, NewRow};
use gongkai_store::{Conn, Store, agencies, audit, calendar as cal_store, index_counters, users};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::accounts::{Staff, may, may_each, require};
use crate::error::{ServiceError, ServiceResult};
use crate::time::{format_instant, today_cst};

/// Limits on the public form (the per-IP limit is the web layer's).
#[derive(Debug, Clone, Copy)]
pub struct SubmitLimits {
    /// Online applications one applicant (by ID number / credit code) may submit in 24 hours.
    pub per_identity_per_day: i64,
}

impl Default for SubmitLimits {
    fn default() -> Self {
        SubmitLimits {
            per_identity_per_day: 30,
        }
    }
}

/// The working-day calendar in force: the shipped data with the administrators' additions.
pub async fn calendar(conn: &mut Conn) -> ServiceResult<WorkCalendar> {
    let mut c = crate::deadline::calendar().clone();
    for year in cal_store::years(conn).await? {
        if let Ok(year) = i32::try_from(year) {
            c.add_year(&HolidayYear {
                year,
                days: Vec::new(),
            });
        }
    }
    for d in cal_store::days(conn).await? {
        if let Some(day) = parse_date(&d.day) {
            c.set_day(day, d.is_off_day == 1);
        }
    }
    Ok(c)
}

const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

fn random_code(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect()
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The applicant's secret derived from the form's one-time key: a double submission shows the
/// same receipt, and the database holds only hashes of both.
fn secret_of(submission_key: &str) -> String {
    let digest = Sha256::digest(format!("gongkai-secret:{submission_key}").as_bytes());
    digest
        .iter()
        .take(8)
        .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
        .collect()
}

/// A fresh one-time key for an application form (rendered into the form).
pub fn new_submission_key() -> String {
    random_code(26)
}

/// Normalises a typed query code (case, spaces, the dash).
pub fn normalise_query_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The receipt of a submission, shown once to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// Application id.
    pub id: i64,
    /// 受理编号.
    pub number: String,
    /// 查询码.
    pub query_code: String,
    /// 查询密码 (shown on the receipt only; stored as a hash).
    pub secret: String,
    /// The agency applied to.
    pub agency_name: String,
    /// Submitted at, CST.
    pub submitted_at: String,
    /// 收到申请之日, when already received (registered by staff).
    pub received_on: Option<NaiveDate>,
    /// The same submission arrived before (double submission): no new application.
    pub repeated: bool,
}

async fn next_number(conn: &mut Conn, agency_id: i64, today: NaiveDate) -> ServiceResult<String> {
    let year = today.format("%Y").to_string();
    let seq = index_counters::next_seq(conn, agency_id, &format!("application:{year}")).await?;
    Ok(format!("{year}-{seq:04}"))
}

fn row_of(app: &NewApplication, agency_id: i64, number: String) -> NewRow {
    NewRow {
        agency_id,
        number,
        kind: app.kind.as_str().to_owned(),
        name: app.name.clone(),
        id_type: app.id_type.map(|t| t.as_str().to_owned()),
        id_number: app.id_number.clone(),
        identity_key: app.identity_key(),
        legal_rep: app.legal_rep.clone(),
        contact_name: app.contact_name.clone(),
        phone: app.phone.clone(),
        email: app.email.clone(),
        address: app.address.clone(),
        postcode: app.postcode.clone(),
        description: app.description.clone(),
        doc_title: app.doc_title.clone(),
        doc_number: app.doc_number.clone(),
        purpose: app.purpose.clone(),
        info_form: app.info_form.as_str().to_owned(),
        delivery: app.delivery.as_str().to_owned(),
        ..NewRow::default()
    }
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

/// Submits an application on the public form of `agency_id`. `submission_key` is the form's
/// one-time key: the same key twice returns the first receipt (a double submission creates one
/// application). `consent` is the applicant's agreement to the form's statement.
pub async fn submit_online(
    store: &Store,
    agency_id: i64,
    form: &ApplicationForm,
    submission_key: &str,
    consent: bool,
    limits: SubmitLimits,
    now: i64,
) -> ServiceResult<Receipt> {
    let key = submission_key.trim();
    if key.len() < 16 || key.len() > 64 || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ServiceError::Refused(
            "表单已失效，请刷新页面后重新填写提交".into(),
        ));
    }
    let key_hash = sha256_hex(key);
    let mut tx = store.begin_write().await?;
    let agency = agencies::find(&mut tx, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let Some(existing) = apps::find_by_submission_key(&mut tx, &key_hash).await? {
        if existing.agency_id != agency_id {
            return Err(ServiceError::Refused(
                "表单已失效，请刷新页面后重新填写提交".into(),
            ));
        }
        return Ok(Receipt {
            id: existing.id,
            number: existing.number,
            query_code: existing.query_code,
            secret: secret_of(key),
            agency_name: agency.name,
            submitted_at: format_instant(existing.submitted_at),
            received_on: existing.received_on.as_deref().and_then(parse_date),
            repeated: true,
        });
    }
    let mut app = validate(form);
    if !consent {
        let mut e = app.as_ref().err().cloned().unwrap_or_default();
        e.add("consent", "请阅读并同意申请须知后再提交");
        app = Err(e);
    }
    let app = app.map_err(ServiceError::Invalid)?;
    let identity = app.identity_key();
    let recent = apps::count_by_identity_since(&mut tx, &identity, now - 24 * 3600 * 1000).await?;
    if recent >= limits.per_identity_per_day {
        return Err(ServiceError::Refused(format!(
            "同一申请人 24 小时内在线提交的申请已达 {} 件，请稍后再提交，或到政府信息公开工作机构当面提交",
            limits.per_identity_per_day
        )));
    }
    let today = today_cst(now);
    let number = next_number(&mut tx, agency_id, today).await?;
    let secret = secret_of(key);
    let mut row = row_of(&app, agency_id, number.clone());
    row.query_code = random_code(10);
    row.secret_hash = sha256_hex(&secret);
    row.submission_key = Some(key_hash);
    row.lifecycle = Lifecycle::Submitted.as_str().to_owned();
    row.channel = Channel::Online.as_str().to_owned();
    let id = apps::insert(&mut tx, &row, now).await?;
    apps::append_event(
        &mut tx,
        id,
        &NewEvent {
            kind: "submitted",
            on_date: today.to_string(),
            ..NewEvent::default()
        },
        now,
    )
    .await?;
    audit_entry(
        &mut tx,
        None,
        agency_id,
        "application.submit",
        id,
        &number,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Receipt {
        id,
        number,
        query_code: row.query_code,
        secret,
        agency_name: agency.name,
        submitted_at: format_instant(now),
        received_on: None,
        repeated: false,
    })
}

/// A staff registration: the application's fields, the channel and its day.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegistrationForm {
    /// The application's fields.
    #[serde(flatten)]
    pub application: ApplicationForm,
    /// Channel, stored name.
    pub channel: String,
    /// The day the channel's rule names (handed in, signed for, confirmed).
    pub channel_on: String,
    /// 承办人 (default: the registering staff member).
    pub handler_id: Option<i64>,
}

fn check_day(
    e: &mut FieldErrors,
    field: &'static str,
    value: &str,
    not_before: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let day = if value.trim().is_empty() {
        Some(today)
    } else {
        parse_date(value)
    };
    match day {
        None => {
            e.add(field, "请填写有效日期，如 2026-09-28");
            None
        }
        Some(d) if d > today => {
            e.add(field, "日期不能晚于今天");
            None
        }
        Some(d) if not_before.is_some_and(|n| d < n) => {
            e.add(
                field,
                format!(
                    "日期不能早于上一事件（{}）",
                    format_cn(not_before.unwrap_or(d))
                ),
            );
            None
        }
        Some(d) => Some(d),
    }
}

async fn check_handler(
    conn: &mut Conn,
    agency_id: i64,
    handler_id: Option<i64>,
) -> ServiceResult<()> {
    let Some(h) = handler_id else { return Ok(()) };
    let roles = users::roles(conn, h).await?;
    let ok = roles.iter().any(|r| {
        r.agency_id == Some(agency_id) && matches!(r.role.as_str(), "case_handler" | "agency_admin")
    });
    if ok {
        Ok(())
    } else {
        Err(ServiceError::field(
            "handler_id",
            "承办人须为本机关的承办人或机关管理员",
        ))
    }
}

/// Registers an application that arrived on paper, orally, by mail, fax or e-mail (第三十一条
/// decides its receipt date from the channel and the day given).
pub async fn register(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    form: &RegistrationForm,
    now: i64,
) -> ServiceResult<Receipt> {
    let mut tx = store.begin_write().await?;
    let agency = agencies::find(&mut tx, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require(&mut tx, staff, Permission::HandleApplications, agency_id).await?;
    let today = today_cst(now);
    let mut e = match validate(&form.application) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    let channel = Channel::parse(&form.channel).filter(|c| *c != Channel::Online);
    if channel.is_none() {
        e.add(
            "channel",
            "请选择申请渠道：当面提交、口头申请、邮寄、平常信函、传真或电子邮件",
        );
    }
    let day = check_day(&mut e, "channel_on", &form.channel_on, None, today);
    let app = validate(&form.application);
    let (Ok(app), Some(channel), Some(day), true) = (app, channel, day, e.is_empty()) else {
        return Err(ServiceError::Invalid(e));
    };
    let handler = form.handler_id.or(Some(staff.id));
    check_handler(&mut tx, agency_id, handler).await?;
    let cal = calendar(&mut tx).await?;
    let receipt = receipt_date(&cal, ReceiptRules::default(), channel, day);
    let number = next_number(&mut tx, agency_id, today).await?;
    let secret = random_code(8);
    let mut row = row_of(&app, agency_id, number.clone());
    row.query_code = random_code(10);
    row.secret_hash = sha256_hex(&secret);
    row.lifecycle = Lifecycle::Open.as_str().to_owned();
    row.channel = channel.as_str().to_owned();
    row.channel_on = Some(day.to_string());
    row.received_on = Some(receipt.received_on.to_string());
    row.handler_id = handler;
    row.created_by = Some(staff.id);
    let id = apps::insert(&mut tx, &row, now).await?;
    apps::append_event(
        &mut tx,
        id,
        &NewEvent {
            kind: "registered",
            on_date: receipt.received_on.to_string(),
            note: &receipt.explanation.join(""),
            user_id: Some(staff.id),
            ..NewEvent::default()
        },
        now,
    )
    .await?;
    audit_entry(
        &mut tx,
        Some(staff),
        agency_id,
        "application.register",
        id,
        &number,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Receipt {
        id,
        number,
        query_code: row.query_code,
        secret,
        agency_name: agency.name,
        submitted_at: format_instant(now),
        received_on: Some(receipt.received_on),
        repeated: false,
    })
}

/// The fields an action may take (each action reads the ones it needs).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ActionForm {
    /// The day of the event (default today).
    pub date: String,
    /// Working days (correction period, extension).
    pub days: String,
    /// Amount, 元 (fee notice).
    pub amount: String,
    /// Fee method, stored name.
    pub fee_method: String,
    /// Pages (按量计收).
    pub pages: String,
    /// Note: what to correct, whom consulted, the reason of an extension or waiver …
    pub note: String,
    /// Ground of closing, stored name.
    pub ground: String,
    /// What the outcome also records.
    pub detail: String,
    /// Target agency of a transfer.
    pub agency_id: String,
    /// Delivery method (邮寄 …).
    pub method: String,
    /// Appeal kind.
    pub appeal_kind: String,
    /// Appeal result.
    pub appeal_result: String,
    /// Appeal decided on.
    pub result_on: String,
    /// The appeal being updated.
    pub appeal_id: String,
    /// 承办人 (when assigning).
    pub handler_id: String,
}

gongkai_domain::labelled_enum! {
    /// How a reply was delivered (spec/applications.md).
    pub enum DeliveryMethod {
        /// By the postal service.
        Mail = ("mail", "邮寄"),
        /// 电子邮件.
        Email = ("email", "电子邮件"),
        /// On the platform.
        Online = ("online", "在线"),
        /// Handed over, signed for.
        InPerson = ("in_person", "当面签收"),
    }
}

gongkai_domain::labelled_enum! {
    /// 行政复议 or 行政诉讼, as the annual report's section 四 splits them.
    pub enum AppealKind {
        /// 行政复议.
        Review = ("review", "行政复议"),
        /// 行政诉讼 — 未经复议直接起诉.
        LitigationDirect = ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
        /// 行政诉讼 — 复议后起诉.
        LitigationAfterReview = ("litigation_after_review", "行政诉讼（复议后起诉）"),
    }
}

gongkai_domain::labelled_enum! {
    /// The result of a review or lawsuit.
    pub enum AppealResult {
        /// 结果维持.
        Maintained = ("maintained", "结果维持"),
        /// 结果纠正.
        Corrected = ("corrected", "结果纠正"),
        /// 其他结果.
        Other = ("other", "其他结果"),
        /// 尚未审结.
        Pending = ("pending", "尚未审结"),
    }
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
        delivered: has("delivered"),
        archived: app.archived == 1,
    }
}

fn parse_days(e: &mut FieldErrors, value: &str, default: u32, max: u32) -> u32 {
    if value.trim().is_empty() {
        return default;
    }
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => n,
        _ => {
            e.add("days", format!("天数应为 1 至 {max} 之间的整数"));
            default
        }
    }
}

fn render_reply_number(pattern: &str, short: &str, year: i32, seq: i64) -> String {
    pattern
        .replace("{short}", short)
        .replace("{year}", &year.to_string())
        .replace("{seq}", &seq.to_string())
}

/// What an action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acted {
    /// The application.
    pub id: i64,
    /// Its lifecycle after the action.
    pub lifecycle: &'static str,
    /// The 答复书文号 when the action closed it.
    pub reply_number: Option<String>,
}

/// Carries out `action` on application `id` (the state machine decides whether it may).
pub async fn act(
    store: &Store,
    staff: &Staff,
    id: i64,
    action: CaseAction,
    form: &ActionForm,
    now: i64,
) -> ServiceResult<Acted> {
    let mut tx = store.begin_write().await?;
    let app = apps::find(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let [view, handle, approve] = may_each(
        &mut tx,
        staff,
        [
            Permission::ViewApplications,
            Permission::HandleApplications,
            Permission::ApproveExtensions,
        ],
        app.agency_id,
    )
    .await?;
    if !view || !handle {
        return Err(ServiceError::Forbidden);
    }
    if action == CaseAction::Extend && !approve {
        return Err(ServiceError::Refused(
            "延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款），请由本机关的机关管理员办理".into(),
        ));
    }
    let events = apps::events_of(&mut tx, id).await?;
    let cal = calendar(&mut tx).await?;
    let today = today_cst(now);
    let clock = clock_of(&cal, &app, &events, today);
    let facts = facts_of(&app, &events, clock.as_ref());
    case::check(&facts, action).map_err(|r| ServiceError::Refused(r.to_owned()))?;
    let last = events.iter().filter_map(|e| parse_date(&e.on_date)).max();
    let mut e = FieldErrors::new();
    let day = check_day(&mut e, "date", &form.date, last, today);
    let note = form.note.trim();
    let mut event = NewEvent {
        kind: "",
        on_date: day.unwrap_or(today).to_string(),
        note,
        user_id: Some(staff.id),
        ..NewEvent::default()
    };
    let mut lifecycle = app.lifecycle.clone();
    let mut reply_number = None;
    let mut detail = String::new();
    match action {
        CaseAction::Accept => {
            event.kind = "accepted";
            if let (Some(day), true) = (day, e.is_empty()) {
                let r = receipt_date(&cal, ReceiptRules::default(), Channel::Online, day);
                let handler = if staff.holds(gongkai_domain::auth::Role::CaseHandler, app.agency_id)
                {
                    Some(staff.id)
                } else {
                    None
                };
                apps::set_received(
                    &mut tx,
                    id,
                    &day.to_string(),
                    &r.received_on.to_string(),
                    handler,
                    now,
                )
                .await?;
                event.on_date = r.received_on.to_string();
                detail = r.explanation.join("");
                lifecycle = "open".into();
            }
        }
        CaseAction::Transfer => {
            event.kind = "transferred";
            let target = form.agency_id.trim().parse::<i64>().ok();
            let agency = match target {
                Some(t) if t != app.agency_id => agencies::find(&mut tx, t).await?,
                _ => None,
            };
            match agency {
                None => e.add("agency_id", "请选择转送的机关（不能是本机关）"),
                Some(a) if e.is_empty() => {
                    if note.is_empty() {
                        e.add("note", "请写明转送的理由");
                    } else {
                        let number = next_number(&mut tx, a.id, today).await?;
                        apps::transfer(&mut tx, id, a.id, &number, now).await?;
                        detail = format!("转送至{}（新受理编号 {number}）", a.name);
                    }
                }
                Some(_) => {}
            }
        }
        CaseAction::RequestCorrection => {
            event.kind = "correction_requested";
            let default = apps::agency_settings(&mut tx, app.agency_id)
                .await?
                .and_then(|(_, d)| u32::try_from(d).ok())
                .unwrap_or(15);
            event.days = Some(i64::from(parse_days(&mut e, &form.days, default, 60)));
            if note.is_empty() {
                e.add(
                    "note",
                    "请一次性写明需要补正的事项（条例第三十条），该内容将载入补正告知书",
                );
            }
            if let (Some(received), Some(day)) =
                (app.received_on.as_deref().and_then(parse_date), day)
            {
                let limit = cal.add_working_days(received, 7).value;
                if day > limit {
                    detail = format!(
                        "补正告知晚于收到申请之日起 7 个工作日（应于 {} 前发出，条例第三十条）",
                        format_cn(limit)
                    );
                }
            }
        }
        CaseAction::ReceiveCorrection => event.kind = "correction_received",
        CaseAction::SendConsultation => {
            event.kind = "consultation_sent";
            if note.is_empty() {
                e.add("note", "请写明征求意见的对象（第三方或其他机关）及事项");
            }
        }
        CaseAction::ReceiveConsultation => {
            event.kind = "consultation_answered";
            if note.is_empty() {
                e.add("note", "请记录第三方或其他机关的意见（同意、不同意及理由）");
            }
        }
        CaseAction::Extend => {
            event.kind = "extension_granted";
            event.days = Some(i64::from(parse_days(&mut e, &form.days, 20, 20)));
            if note.is_empty() {
                e.add("note", "请写明延期的理由，该内容将载入延期答复告知书");
            }
        }
        CaseAction::ServeFeeNotice => {
            event.kind = "fee_notice_served";
            let method = FeeMethod::parse(&form.fee_method);
            let amount = form.amount.trim().parse::<i64>().ok().filter(|a| *a > 0);
            if method.is_none() {
                e.add(
                    "fee_method",
                    "请选择计收方式：按件计收或按量计收（二者只能选其一）",
                );
            }
            match amount {
                None => e.add("amount", "请填写收费金额（元，正整数）"),
                Some(a) => event.amount = Some(a),
            }
            if let Some(m) = method {
                detail = m.label().to_owned();
            }
        }
        CaseAction::RecordPayment => event.kind = "fee_paid",
        CaseAction::WaiveFee => {
            event.kind = "fee_waived";
            if note.is_empty() {
                e.add("note", "请写明减免的理由");
            }
        }
        CaseAction::Close | CaseAction::Withdraw => {
            let ground = if action == CaseAction::Withdraw {
                event.kind = "withdrawn";
                Some(Ground::OtherHandling)
            } else {
                event.kind = "replied";
                Ground::parse(&form.ground)
            };
            match ground {
                None => e.add("ground", "请选择办理结果及其理由"),
                Some(g) => {
                    if let Err(reason) = case::check_ground(&facts, g)
                        && action == CaseAction::Close
                    {
                        e.add("ground", reason);
                    }
                    let text = form.detail.trim();
                    if g.detail_required() && text.is_empty() {
                        e.add(
                            "detail",
                            format!("请填写{}", g.detail_prompt().unwrap_or("说明")),
                        );
                    }
                    if e.is_empty() {
                        let (pattern, _) = apps::agency_settings(&mut tx, app.agency_id)
                            .await?
                            .unwrap_or_default();
                        let agency = agencies::find(&mut tx, app.agency_id)
                            .await?
                            .ok_or(ServiceError::NotFound)?;
                        let year = day.unwrap_or(today).format("%Y").to_string();
                        let seq = index_counters::next_seq(
                            &mut tx,
                            app.agency_id,
                            &format!("reply:{year}"),
                        )
                        .await?;
                        let number = render_reply_number(
                            &pattern,
                            &agency.short_name,
                            year.parse().unwrap_or(0),
                            seq,
                        );
                        let detail_text = if action == CaseAction::Withdraw {
                            note.to_owned()
                        } else {
                            text.to_owned()
                        };
                        apps::close(
                            &mut tx,
                            id,
                            &apps::Closing {
                                outcome: g.outcome().as_str(),
                                ground: g.as_str(),
                                detail: &detail_text,
                                closed_on: &event.on_date,
                                reply_number: &number,
                            },
                            now,
                        )
                        .await?;
                        detail = format!("{}·{}，{}", g.outcome().label(), g.label(), number);
                        reply_number = Some(number);
                        lifecycle = "closed".into();
                    }
                }
            }
        }
        CaseAction::RecordDelivery => {
            event.kind = "delivered";
            match DeliveryMethod::parse(&form.method) {
                None => e.add("method", "请选择送达方式：邮寄、电子邮件、在线或当面签收"),
                Some(m) => detail = m.label().to_owned(),
            }
        }
        CaseAction::Archive => {
            event.kind = "archived";
            if e.is_empty() {
                apps::archive(&mut tx, id, now).await?;
            }
        }
        CaseAction::RecordAppeal => {
            event.kind = "appeal";
            let kind = AppealKind::parse(&form.appeal_kind);
            let result = AppealResult::parse(&form.appeal_result).unwrap_or(AppealResult::Pending);
            let appeal_id = form.appeal_id.trim().parse::<i64>().unwrap_or(0);
            let result_on = if result == AppealResult::Pending {
                None
            } else {
                match parse_date(&form.result_on) {
                    Some(d) if d <= today => Some(d.to_string()),
                    _ => {
                        e.add("result_on", "请填写有效的审结日期（不晚于今天）");
                        None
                    }
                }
            };
            if kind.is_none() && appeal_id == 0 {
                e.add("appeal_kind", "请选择行政复议或行政诉讼（及其类型）");
            }
            if e.is_empty() {
                let existing = apps::appeals_of(&mut tx, id).await?;
                if appeal_id > 0 && !existing.iter().any(|a| a.id == appeal_id) {
                    return Err(ServiceError::NotFound);
                }
                let kind_str = kind.map(|k| k.as_str().to_owned()).unwrap_or_default();
                apps::save_appeal(
                    &mut tx,
                    id,
                    &apps::Appeal {
                        id: appeal_id,
                        application_id: id,
                        kind: kind_str,
                        filed_on: event.on_date.clone(),
                        result: result.as_str().to_owned(),
                        result_on,
                        note: note.to_owned(),
                    },
                    now,
                )
                .await?;
                detail = format!(
                    "{}：{}",
                    kind.map(|k| k.label()).unwrap_or("更新结果"),
                    result.label()
                );
            }
        }
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    // The clock must still compute with the new event (dates in order, allowed sequence).
    if let Some(received) = app.received_on.as_deref().and_then(parse_date)
        && lifecycle != "submitted"
        && ClockEvent::parse(event.kind, event.days.and_then(|d| u32::try_from(d).ok())).is_some()
    {
        let mut all = clock_events(&events);
        if let (Some(on), Some(c)) = (
            parse_date(&event.on_date),
            ClockEvent::parse(event.kind, event.days.and_then(|d| u32::try_from(d).ok())),
        ) {
            all.push((on, c));
        }
        clock::compute(&cal, ClockRules::default(), received, &all, today)
            .map_err(|err| ServiceError::Refused(err.to_string()))?;
    }
    let combined = match (note.is_empty(), detail.is_empty()) {
        (_, true) => note.to_owned(),
        (true, false) => detail.clone(),
        (false, false) => format!("{detail}；{note}"),
    };
    event.note = &combined;
    apps::append_event(&mut tx, id, &event, now).await?;
    let audit_action = format!("application.{}", action.as_str());
    audit_entry(
        &mut tx,
        Some(staff),
        app.agency_id,
        &audit_action,
        id,
        &combined,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Acted {
        id,
        lifecycle: match lifecycle.as_str() {
            "submitted" => "submitted",
            "open" => "open",
            _ => "closed",
        },
        reply_number,
    })
}

/// Assigns the 承办人 of an application (the agency's handlers and administrators).
pub async fn assign(
    store: &Store,
    staff: &Staff,
    id: i64,
    handler_id: Option<i64>,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let app = apps::find(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require(
        &mut tx,
        staff,
        Permission::HandleApplications,
        app.agency_id,
    )
    .await?;
    check_handler(&mut tx, app.agency_id, handler_id).await?;
    apps::set_handler(&mut tx, id, handler_id, now).await?;
    let name = match handler_id {
        Some(h) => users::find(&mut tx, h)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default(),
        None => "（未指定）".into(),
    };
    apps::append_event(
        &mut tx,
        id,
        &NewEvent {
            kind: "handler_assigned",
            on_date: today_cst(now).to_string(),
            note: &name,
            user_id: Some(staff.id),
            ..NewEvent::default()
        },
        now,
    )
    .await?;
    audit_entry(
        &mut tx,
        Some(staff),
        app.agency_id,
        "application.assign",
        id,
        &name,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The clock as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        }
    }
}

/// One line of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
    let app = apps::find(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let [view, handle, approve] = may_each(
        &mut tx,
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
    let events = apps::events_of(&mut tx, id).await?;
    let cal = calendar(&mut tx).await?;
    let today = today_cst(now);
    let clock = clock_of(&cal, &app, &events, today);
    let facts = facts_of(&app, &events, clock.as_ref());
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
    let mut handlers = Vec::new();
    for u in users::list(&mut tx, Some(&[app.agency_id])).await? {
        let roles = users::roles(&mut tx, u.id).await?;
        if u.is_active != 0
            && roles.iter().any(|r| {
                r.agency_id == Some(app.agency_id)
                    && matches!(r.role.as_str(), "case_handler" | "agency_admin")
            })
        {
            handlers.push((u.id, u.display_name.clone()));
        }
    }
    let timeline = timeline(&mut tx, &events, true).await?;
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
        ground_label: ground.map(|g| format!("{} {}", g.report_row(), g.label())),
        ground_basis: ground.map(|g| g.basis()),
        appeals,
        fee,
        handlers,
        can_handle: handle,
        can_extend: approve,
        app,
    })
}

/// What the work list is narrowed to.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
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
#[derive(Debug, Clone, Serialize)]
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
pub async fn work_list(
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
    let all_events = apps::events_of_many(&mut conn, &ids).await?;
    let cal = calendar(&mut conn).await?;
    let today = today_cst(now);
    let mut items = Vec::with_capacity(list.len());
    for app in list {
        let events: Vec<Event> = all_events
            .iter()
            .filter(|e| e.application_id == app.id)
            .cloned()
            .collect();
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
#[derive(Debug, Clone, Serialize)]
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

/// Finds an application by its query code and secret. A wrong code and a wrong secret give the
/// same answer (NotFound), so codes cannot be probed.
pub async fn lookup(
    store: &Store,
    query_code: &str,
    secret: &str,
    now: i64,
) -> ServiceResult<PublicStatus> {
    let code = normalise_query_code(query_code);
    let secret = normalise_query_code(secret);
    if code.is_empty() || secret.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let mut conn = store.conn().await?;
    let Some(app) = apps::find_by_query_code(&mut conn, &code).await? else {
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
        id: app.id,
    })
}
