//! The working-day calendar in force — the shipped holiday data with the administrators' imports
//! and corrections — and its administration by the 系统管理员 (spec/calendar.md). Due dates are
//! never stored, so a change here moves every derived date at once.

use chrono::{Datelike, NaiveDate, Weekday};
use gongkai_domain::calendar::{self as cal, HolidayDay, WorkCalendar};
use gongkai_domain::date::parse_date;
use gongkai_domain::form::FieldErrors;
use gongkai_store::{Conn, Store, audit, calendar as store};
use serde::{Deserialize, Serialize};

use crate::accounts::Staff;
use crate::error::{ServiceError, ServiceResult};
use crate::time::today_cst;

/// The calendar in force: the shipped data, then the imported years and the days set by
/// administrators over it.
pub async fn in_force(conn: &mut Conn) -> ServiceResult<WorkCalendar> {
    let mut c = crate::deadline::calendar().clone();
    for year in store::years(conn).await? {
        if let Ok(year) = i32::try_from(year) {
            c.mark_year(year);
        }
    }
    for d in store::days(conn).await? {
        if let Some(day) = parse_date(&d.day) {
            c.set_day(day, d.is_off_day == 1);
        }
    }
    Ok(c)
}

/// The year whose holiday data the 系统管理员 must import now (from 1 November), for the
/// console's warning; `None` for other staff.
pub async fn import_due(store: &Store, staff: &Staff, now: i64) -> ServiceResult<Option<i32>> {
    if !staff.is_system_admin() {
        return Ok(None);
    }
    let calendar = in_force(&mut *store.conn().await?).await?;
    Ok(cal::next_year_due(&calendar, today_cst(now)))
}

fn require_admin(staff: &Staff) -> ServiceResult<()> {
    if staff.is_system_admin() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Where a year's data comes from.
fn source(shipped: bool, imported: bool) -> &'static str {
    match (shipped, imported) {
        (_, true) => "管理员导入",
        (true, false) => "随程序发布",
        (false, false) => cal::MISSING_DATA,
    }
}

/// One year in the overview.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearStatus {
    /// The year.
    pub year: i32,
    /// Whether due dates over it are certain.
    pub has_data: bool,
    /// 随程序发布, 管理员导入 or 该年度节假日数据缺失.
    pub source: &'static str,
    /// Days off on weekdays and make-up working days listed in the year.
    pub off_days: usize,
    /// Make-up working days (调休上班).
    pub work_days: usize,
    /// Days an administrator set one by one.
    pub corrections: usize,
}

/// One listed day of a year.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayRow {
    /// The date.
    pub date: NaiveDate,
    /// 星期一 …
    pub weekday: &'static str,
    /// 放假 or 调休上班.
    pub status: &'static str,
    /// Off (true) or working (false).
    pub is_off_day: bool,
    /// The holiday.
    pub name: String,
    /// 随程序发布 or 管理员设置.
    pub source: &'static str,
}

/// A year with its listed days.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearView {
    /// The year's status.
    pub status: YearStatus,
    /// The listed days in date order.
    pub days: Vec<DayRow>,
}

fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// The listed days of `year`: the shipped ones with the administrators' rows over them (a row
/// that restores a day's ordinary status hides it).
fn days_of(year: i32, admin: &[store::Day]) -> Vec<DayRow> {
    let mut by_date: std::collections::BTreeMap<NaiveDate, DayRow> = cal::shipped_days(year)
        .into_iter()
        .map(|d: HolidayDay| {
            (
                d.date,
                DayRow {
                    date: d.date,
                    weekday: weekday(d.date),
                    status: if d.is_off_day {
                        "放假"
                    } else {
                        "调休上班"
                    },
                    is_off_day: d.is_off_day,
                    name: d.name,
                    source: "随程序发布",
                },
            )
        })
        .collect();
    for d in admin {
        let Some(date) = parse_date(&d.day).filter(|x| x.year() == year) else {
            continue;
        };
        let off = d.is_off_day == 1;
        let ordinary = off == matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if ordinary {
            by_date.remove(&date);
            continue;
        }
        by_date.insert(
            date,
            DayRow {
                date,
                weekday: weekday(date),
                status: if off { "放假" } else { "调休上班" },
                is_off_day: off,
                name: d.name.clone(),
                source: "管理员设置",
            },
        );
    }
    by_date.into_values().collect()
}

fn status_of(year: i32, imported: &[i64], admin: &[store::Day]) -> YearStatus {
    let shipped = cal::shipped_has_year(year);
    let is_imported = imported.contains(&i64::from(year));
    let days = days_of(year, admin);
    YearStatus {
        year,
        has_data: shipped || is_imported,
        source: source(shipped, is_imported),
        off_days: days.iter().filter(|d| d.is_off_day).count(),
        work_days: days.iter().filter(|d| !d.is_off_day).count(),
        corrections: admin
            .iter()
            .filter(|d| d.day.starts_with(&format!("{year}-")))
            .count(),
    }
}

/// Every year from the first shipped one to next year (the one whose notice comes each
/// November), newest first.
pub async fn overview(store: &Store, staff: &Staff, now: i64) -> ServiceResult<Vec<YearStatus>> {
    require_admin(staff)?;
    let mut conn = store.conn().await?;
    let imported = store::years(&mut conn).await?;
    let admin = store::days(&mut conn).await?;
    let first = cal::SHIPPED_YEARS.first().map_or(2007, |(y, _)| *y);
    let next = today_cst(now).year() + 1;
    let last = imported
        .iter()
        .filter_map(|y| i32::try_from(*y).ok())
        .max()
        .map_or(next, |m| m.max(next));
    Ok((first..=last)
        .rev()
        .map(|y| status_of(y, &imported, &admin))
        .collect())
}

/// One year with its listed days.
pub async fn year_view(store: &Store, staff: &Staff, year: i32) -> ServiceResult<YearView> {
    require_admin(staff)?;
    if !(1949..=2100).contains(&year) {
        return Err(ServiceError::NotFound);
    }
    let mut conn = store.conn().await?;
    let imported = store::years(&mut conn).await?;
    let admin = store::days(&mut conn).await?;
    Ok(YearView {
        status: status_of(year, &imported, &admin),
        days: days_of(year, &admin),
    })
}

async fn audit_calendar(
    conn: &mut Conn,
    staff: &Staff,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit::record(
        conn,
        &audit::NewEntry {
            at: now,
            user_id: Some(staff.id),
            agency_id: None,
            action: "calendar.change",
            entity: "calendar",
            entity_id: None,
            detail,
        },
    )
    .await
}

/// Imports a year's file of the holiday-cn format (the State Council's notice): its days
/// replace whatever was listed for them, the shipped days of that year it does not list go back
/// to their ordinary status, and the year counts as complete. All or nothing.
pub async fn import_year(
    store: &Store,
    staff: &Staff,
    json: &str,
    now: i64,
) -> ServiceResult<YearStatus> {
    require_admin(staff)?;
    let file = cal::parse_import(json).map_err(|e| {
        let mut errors = FieldErrors::new();
        errors.add("file", e.to_string());
        ServiceError::Invalid(errors)
    })?;
    let mut tx = store.begin_write().await?;
    let listed: std::collections::BTreeSet<NaiveDate> = file.days.iter().map(|d| d.date).collect();
    for old in store::days(&mut tx).await? {
        if parse_date(&old.day).is_some_and(|d| d.year() == file.year && !listed.contains(&d)) {
            store::clear_day(&mut tx, &old.day).await?;
        }
    }
    for d in cal::shipped_days(file.year) {
        if !listed.contains(&d.date) {
            let weekend = matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun);
            let row = store::Day {
                day: d.date.to_string(),
                is_off_day: i64::from(weekend),
                name: String::new(),
            };
            store::set_day(&mut tx, &row, Some(staff.id), now).await?;
        }
    }
    for d in &file.days {
        let row = store::Day {
            day: d.date.to_string(),
            is_off_day: i64::from(d.is_off_day),
            name: d.name.clone(),
        };
        store::set_day(&mut tx, &row, Some(staff.id), now).await?;
    }
    store::add_year(&mut tx, i64::from(file.year), Some(staff.id), now).await?;
    let detail = format!("导入 {} 年放假安排（{} 天）", file.year, file.days.len());
    audit_calendar(&mut tx, staff, &detail, now).await?;
    let imported = store::years(&mut tx).await?;
    let admin = store::days(&mut tx).await?;
    tx.commit().await?;
    Ok(status_of(file.year, &imported, &admin))
}

/// A day as an administrator sets it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DayForm {
    /// The date.
    pub date: String,
    /// `off` (放假), `work` (调休上班) or `default` (back to the shipped data).
    pub status: String,
    /// The holiday's name.
    pub name: String,
}

/// Sets one day (a late change of the arrangement), or removes the administrator's setting.
pub async fn set_day(store: &Store, staff: &Staff, form: &DayForm, now: i64) -> ServiceResult<()> {
    require_admin(staff)?;
    let mut e = FieldErrors::new();
    let date = parse_date(&form.date).filter(|d| (1949..=2100).contains(&d.year()));
    if date.is_none() {
        e.add("date", "请填写有效的日期，如 2027-10-08");
    }
    let name = form.name.trim();
    if name.chars().count() > cal::MAX_NAME_CHARS {
        e.add(
            "name",
            format!("节日名称不超过 {} 个字", cal::MAX_NAME_CHARS),
        );
    }
    let off = match form.status.as_str() {
        "off" => Some(true),
        "work" => Some(false),
        "default" => None,
        _ => {
            e.add("status", "请选择放假、调休上班或恢复默认");
            None
        }
    };
    let Some(date) = date else {
        return Err(ServiceError::Invalid(e));
    };
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let mut tx = store.begin_write().await?;
    if off.is_none()
        && store::years(&mut tx)
            .await?
            .contains(&i64::from(date.year()))
    {
        let mut e = FieldErrors::new();
        e.add(
            "status",
            format!(
                "{} 年的放假安排由管理员导入，没有可恢复的随程序发布数据：请设为放假或调休上班，或重新导入该年度文件",
                date.year()
            ),
        );
        return Err(ServiceError::Invalid(e));
    }
    let detail = match off {
        Some(off) => {
            let row = store::Day {
                day: date.to_string(),
                is_off_day: i64::from(off),
                name: name.to_owned(),
            };
            store::set_day(&mut tx, &row, Some(staff.id), now).await?;
            format!("{date} 设为{}{name}", if off { "放假" } else { "调休上班" })
        }
        None => {
            store::clear_day(&mut tx, &date.to_string()).await?;
            format!("{date} 恢复默认")
        }
    };
    audit_calendar(&mut tx, staff, &detail, now).await?;
    tx.commit().await?;
    Ok(())
}
