//! The public 期限计算器: the due date of an application from its receipt date and events,
//! with the explanation, for the API, the command line and (later) a public page.

use chrono::NaiveDate;
use gongkai_domain::application::clock::{ClockEvent, ClockRules, compute};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::date::parse_date;
use gongkai_domain::form::FieldErrors;
use serde::{Deserialize, Serialize};

/// The shipped holiday data (the calendar in force adds the administrators' imports and
/// corrections: [`crate::calendar::in_force`]).
pub fn calendar() -> &'static WorkCalendar {
    static CALENDAR: std::sync::OnceLock<WorkCalendar> = std::sync::OnceLock::new();
    CALENDAR.get_or_init(WorkCalendar::shipped)
}

/// One event as typed.
#[derive(serde::Serialize, utoipa::ToSchema, Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EventInput {
    /// Its date.
    pub date: String,
    /// Its stored name (`consultation_sent` …).
    pub kind: String,
    /// Days of a correction period or an extension.
    pub days: Option<u32>,
}

/// A question to the calculator.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeadlineRequest {
    /// 收到申请之日.
    pub received_on: String,
    /// Events in date order.
    pub events: Vec<EventInput>,
    /// The day to compute for (default: today in China).
    pub today: String,
}

/// The answer.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineAnswer {
    /// Status, stored form.
    pub status: String,
    /// Status label.
    pub status_label: &'static str,
    /// 答复期限.
    pub due_on: Option<NaiveDate>,
    /// Working days used.
    pub days_used: u32,
    /// Working days left (negative when overdue).
    pub days_left: Option<i64>,
    /// Years computed without holiday data.
    pub missing_years: Vec<i32>,
    /// The explanation, step by step.
    pub explanation: Vec<String>,
}

/// Computes the due date over the shipped calendar.
pub fn calculate(
    req: &DeadlineRequest,
    default_today: NaiveDate,
) -> Result<DeadlineAnswer, FieldErrors> {
    calculate_with(calendar(), req, default_today)
}

/// Computes the due date over the calendar in force (shipped data, imports and corrections).
pub async fn calculate_in_force(
    store: &gongkai_store::Store,
    req: &DeadlineRequest,
    default_today: NaiveDate,
) -> crate::error::ServiceResult<Result<DeadlineAnswer, FieldErrors>> {
    let mut conn = store.conn().await?;
    let cal = crate::calendar::in_force(&mut conn).await?;
    Ok(calculate_with(&cal, req, default_today))
}

/// Computes the due date over `cal`; bad input comes back per field with a Chinese message.
pub fn calculate_with(
    cal: &WorkCalendar,
    req: &DeadlineRequest,
    default_today: NaiveDate,
) -> Result<DeadlineAnswer, FieldErrors> {
    let mut e = FieldErrors::new();
    let received = parse_date(&req.received_on);
    if received.is_none() {
        e.add("received_on", "请填写有效的收到申请日期，如 2026-09-28");
    }
    let today = if req.today.trim().is_empty() {
        Some(default_today)
    } else {
        let t = parse_date(&req.today);
        if t.is_none() {
            e.add("today", "计算日期无效");
        }
        t
    };
    let mut events = Vec::new();
    for ev in &req.events {
        match (parse_date(&ev.date), ClockEvent::parse(&ev.kind, ev.days)) {
            (Some(date), Some(event)) => events.push((date, event)),
            (None, _) => e.add("events", format!("事件日期“{}”无效", ev.date)),
            (_, None) => e.add(
                "events",
                format!(
                    "事件“{}”无效，应为 {} 之一（延期须写明天数）",
                    ev.kind,
                    ClockEvent::NAMES.join("、")
                ),
            ),
        }
    }
    let (Some(received), Some(today)) = (received, today) else {
        return Err(e);
    };
    if !e.is_empty() {
        return Err(e);
    }
    let clock = compute(cal, ClockRules::default(), received, &events, today).map_err(|err| {
        let mut e = FieldErrors::new();
        e.add("events", err.to_string());
        e
    })?;
    Ok(DeadlineAnswer {
        status: format!("{:?}", clock.status).to_lowercase(),
        status_label: clock.status.label(),
        due_on: clock.due_on,
        days_used: clock.days_used,
        days_left: clock.days_left,
        missing_years: clock.missing_years.into_iter().collect(),
        explanation: clock.explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_the_spec_example_and_refuses_bad_input() {
        // 条例第三十三条 with the spec's example: received 2026-09-28 → due 2026-10-30.
        let req = DeadlineRequest {
            received_on: "2026-09-28".into(),
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 10, 9).expect("date");
        let a = calculate(&req, today).expect("valid");
        assert_eq!(a.due_on, NaiveDate::from_ymd_opt(2026, 10, 30));
        assert_eq!(a.days_left, Some(16));
        let bad = DeadlineRequest {
            received_on: "2026-02-30".into(),
            events: vec![EventInput {
                date: "2026-10-01".into(),
                kind: "party".into(),
                days: None,
            }],
            ..Default::default()
        };
        let errors = calculate(&bad, today).expect_err("invalid");
        assert!(errors.get("received_on").is_some() && errors.get("events").is_some());
    }
}
