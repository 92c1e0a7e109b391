//! Reminders of applications (条例第三十三条: the reply period): the ones awaiting acceptance,
//! due within [`DUE_SOON_DAYS`] working days and overdue, for the staff member who handles them —
//! always on the console, and once a working day by e-mail to the address they chose when the
//! platform has an SMTP server.

use std::future::Future;

use gongkai_domain::application::case::Lifecycle;
use gongkai_domain::application::clock::ClockStatus;
use gongkai_domain::auth::Permission;
use gongkai_domain::form::FieldErrors;
use gongkai_store::{Store, reminders as store};
use serde::Serialize;

use crate::accounts::{Staff, load_staff, may};
use crate::applications::{DUE_SOON_DAYS, WorkFilter, WorkItem, work_items};
use crate::error::{ServiceError, ServiceResult};
use crate::time::today_cst;

/// One application to be reminded of: its number, state and dates — never the applicant.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct Reminder {
    /// Id.
    pub id: i64,
    /// 受理编号.
    pub number: String,
    /// Clock status label.
    pub status_label: &'static str,
    /// The information asked for (abridged).
    pub description: String,
    /// 答复期限.
    pub due_on: Option<chrono::NaiveDate>,
    /// Working days left (negative when overdue).
    pub days_left: Option<i64>,
    /// Years without holiday data crossed by the due date.
    pub missing_years: Vec<i32>,
}

impl From<WorkItem> for Reminder {
    fn from(i: WorkItem) -> Self {
        Reminder {
            id: i.id,
            number: i.number,
            status_label: i.status_label,
            description: i.description,
            due_on: i.due_on,
            days_left: i.days_left,
            missing_years: i.missing_years,
        }
    }
}

/// What a staff member is reminded of.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Serialize)]
pub struct Reminders {
    /// Past the due date.
    pub overdue: Vec<Reminder>,
    /// Due within three working days.
    pub due_soon: Vec<Reminder>,
    /// Submitted online, not yet accepted (the receipt day is the day of acceptance).
    pub awaiting: Vec<Reminder>,
    /// The correction or payment period has passed: to be closed as withdrawn (条例第三十条;
    /// 国办函〔2020〕109号).
    pub lapsed: Vec<Reminder>,
}

impl Reminders {
    /// Whether there is anything to say.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.due_soon.is_empty()
            && self.awaiting.is_empty()
            && self.lapsed.is_empty()
    }
}

/// The reminders of `staff`: the applications they handle, and the unassigned ones of the
/// agencies where they may handle applications.
pub async fn of_staff(store: &Store, staff: &Staff, now: i64) -> ServiceResult<Reminders> {
    let items = work_items(store, staff, &WorkFilter::default(), now).await?;
    of_items(store, staff, items).await
}

/// The reminders among `items`, the work list with the default filter (the work list page
/// passes its own rather than have it computed twice).
pub async fn of_items(
    store: &Store,
    staff: &Staff,
    items: Vec<WorkItem>,
) -> ServiceResult<Reminders> {
    let mut handling = Vec::new();
    {
        let mut conn = store.conn().await?;
        for a in staff.agency_ids() {
            if may(&mut conn, staff, Permission::HandleApplications, a).await? {
                handling.push(a);
            }
        }
    }
    let mut r = Reminders::default();
    for i in items {
        let mine = i.handler_id == Some(staff.id)
            || (i.handler_id.is_none() && handling.contains(&i.agency_id));
        if !mine {
            continue;
        }
        if i.lifecycle_label == Lifecycle::Submitted.label() {
            r.awaiting.push(i.into());
        } else if [ClockStatus::CorrectionLapsed, ClockStatus::PaymentLapsed]
            .iter()
            .any(|s| s.label() == i.status_label)
        {
            r.lapsed.push(i.into());
        } else if i.days_left.is_some_and(|d| d < 0) {
            r.overdue.push(i.into());
        } else if i
            .days_left
            .is_some_and(|d| (0..=DUE_SOON_DAYS).contains(&d))
        {
            r.due_soon.push(i.into());
        }
    }
    Ok(r)
}

/// The e-mail of a day's reminders: subject and plain text.
pub fn digest(name: &str, r: &Reminders, console_url: &str) -> (String, String) {
    let subject = format!(
        "依申请公开办理提醒：已逾期 {} 件，3 个工作日内到期 {} 件，待受理 {} 件",
        r.overdue.len(),
        r.due_soon.len(),
        r.awaiting.len()
    );
    let mut body = format!("{name}：\n\n");
    let mut section = |title: &str, items: &[Reminder]| {
        if items.is_empty() {
            return;
        }
        body.push_str(&format!("{title}（{} 件）\n", items.len()));
        for i in items {
            let due = i.due_on.map(|d| d.to_string()).unwrap_or_default();
            let left = match i.days_left {
                Some(d) if d < 0 => format!("已逾期 {} 个工作日", -d),
                Some(d) => format!("剩余 {d} 个工作日"),
                None => String::new(),
            };
            let flag = if i.missing_years.is_empty() {
                ""
            } else {
                "（该年度节假日数据缺失）"
            };
            body.push_str(&format!(
                "- {} {} 答复期限 {due}{flag} {left}\n  {console_url}/console/applications/{}\n",
                i.number, i.status_label, i.id
            ));
        }
        body.push('\n');
    };
    section("已逾期", &r.overdue);
    section("3 个工作日内到期", &r.due_soon);
    section("待受理（确认受理之日为收到申请之日）", &r.awaiting);
    section("补正或缴费期限已过，可办结", &r.lapsed);
    body.push_str("本邮件由政府信息公开平台每个工作日发送一次，不含申请人的个人信息。可在工作台“提醒设置”中修改邮箱或停止发送。\n");
    (subject, body)
}

/// A staff member's reminder setting as the console shows it.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Serialize)]
pub struct SettingView {
    /// The address.
    pub email: String,
    /// Whether e-mails are sent.
    pub enabled: bool,
}

/// The setting of `staff`.
pub async fn setting(store: &Store, staff: &Staff) -> ServiceResult<SettingView> {
    let mut conn = store.conn().await?;
    Ok(store::setting(&mut conn, staff.id)
        .await?
        .map(|s| SettingView {
            email: s.email,
            enabled: s.enabled == 1,
        })
        .unwrap_or_default())
}

/// Saves the setting of `staff` (their own only).
pub async fn save_setting(
    store: &Store,
    staff: &Staff,
    email: &str,
    enabled: bool,
    now: i64,
) -> ServiceResult<()> {
    let email = email.trim();
    if enabled && !gongkai_domain::application::applicant::is_valid_email(email) {
        let mut e = FieldErrors::new();
        e.add("email", "请填写有效的电子邮箱，如 zhangsan@example.gov.cn");
        return Err(ServiceError::Invalid(e));
    }
    let mut tx = store.begin_write().await?;
    store::save(
        &mut tx,
        &store::Setting {
            user_id: staff.id,
            email: email.to_owned(),
            enabled: i64::from(enabled && !email.is_empty()),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends e-mail. Implemented over SMTP by [`crate::mail::SmtpMailer`]; tests record.
pub trait Mailer: Send + Sync {
    /// Sends one plain-text message.
    fn send(
        &self,
        to: &str,
        subject: &str,
        body: &str,
    ) -> impl Future<Output = Result<(), String>> + Send;
}

/// Sends today's reminders to everyone who has some and asked for e-mail, once a working day
/// whatever the number of nodes: returns how many were sent. Rest days send nothing.
pub async fn send_daily<M: Mailer>(
    store: &Store,
    mailer: &M,
    console_url: &str,
    now: i64,
) -> ServiceResult<usize> {
    let today = today_cst(now);
    let settings = {
        let mut conn = store.conn().await?;
        let cal = crate::calendar::in_force(&mut conn).await?;
        if !cal.is_working_day(today).value {
            return Ok(0);
        }
        store::enabled(&mut conn).await?
    };
    let day = today.to_string();
    let mut sent = 0;
    for s in settings {
        let staff = {
            let mut conn = store.conn().await?;
            load_staff(&mut conn, s.user_id).await?
        };
        let Some(staff) = staff else { continue };
        let reminders = of_staff(store, &staff, now).await?;
        if reminders.is_empty() {
            continue;
        }
        let claimed = {
            let mut conn = store.conn().await?;
            store::claim(&mut conn, s.user_id, &day, now).await?
        };
        if !claimed {
            continue;
        }
        let (subject, body) = digest(&staff.display_name, &reminders, console_url);
        match mailer.send(&s.email, &subject, &body).await {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!(user = s.user_id, error = %e, "reminder e-mail not sent; will retry");
                let mut conn = store.conn().await?;
                store::release(&mut conn, s.user_id, &day).await?;
            }
        }
    }
    Ok(sent)
}
