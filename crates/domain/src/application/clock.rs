//! The statutory clock of an application (条例第三十、三十二、三十三、三十四条; 国办函〔2020〕109号),
//! a pure function of the receipt date, the recorded events and the working-day calendar. The
//! due date is derived, never stored; every step of its computation is explained in Chinese.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};

use crate::calendar::WorkCalendar;
use crate::date::format_cn;

/// The periods of the Regulation, in working days. Defaults per spec/applications.md; the
/// correction period is the agency's choice (configurable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockRules {
    /// 第三十三条: reply within 20 working days of receipt.
    pub reply_days: u32,
    /// 第三十三条: one extension of at most 20 working days.
    pub max_extension_days: u32,
    /// 第三十二条、第三十四条: a consulted party has 15 working days to answer.
    pub consultation_days: u32,
    /// 国办函〔2020〕109号: a fee not paid within 20 working days → treated as withdrawn.
    pub fee_payment_days: u32,
}

impl Default for ClockRules {
    fn default() -> Self {
        ClockRules {
            reply_days: 20,
            max_extension_days: 20,
            consultation_days: 15,
            fee_payment_days: 20,
        }
    }
}

/// Something recorded on an application that moves its clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockEvent {
    /// 补正告知: the applicant is asked to correct, within `period_days` working days.
    CorrectionRequested {
        /// The period given to the applicant.
        period_days: u32,
    },
    /// The corrected application is received: the clock restarts (第三十条).
    CorrectionReceived,
    /// A third party or co-authoring agency is consulted in writing (第三十二条、第三十四条).
    ConsultationSent,
    /// The consulted party answered.
    ConsultationAnswered,
    /// An extension is granted (第三十三条第二款).
    ExtensionGranted {
        /// Working days added.
        days: u32,
    },
    /// A fee notice is served (国办函〔2020〕109号).
    FeeNoticeServed,
    /// The fee is paid.
    FeePaid,
    /// The fee is waived.
    FeeWaived,
    /// The reply is given.
    Replied,
    /// The applicant withdrew.
    Withdrawn,
}

impl ClockEvent {
    /// Reads an event from its stored name (`consultation_sent` …); `days` is the period of a
    /// correction request (default 15) or the length of an extension.
    pub fn parse(kind: &str, days: Option<u32>) -> Option<ClockEvent> {
        Some(match kind.trim() {
            "correction_requested" => ClockEvent::CorrectionRequested {
                period_days: days.unwrap_or(15),
            },
            "correction_received" => ClockEvent::CorrectionReceived,
            "consultation_sent" => ClockEvent::ConsultationSent,
            "consultation_answered" => ClockEvent::ConsultationAnswered,
            "extension_granted" => ClockEvent::ExtensionGranted { days: days? },
            "fee_notice_served" => ClockEvent::FeeNoticeServed,
            "fee_paid" => ClockEvent::FeePaid,
            "fee_waived" => ClockEvent::FeeWaived,
            "replied" => ClockEvent::Replied,
            "withdrawn" => ClockEvent::Withdrawn,
            _ => return None,
        })
    }

    /// Every stored name, for messages and documentation.
    pub const NAMES: &'static [&'static str] = &[
        "correction_requested",
        "correction_received",
        "consultation_sent",
        "consultation_answered",
        "extension_granted",
        "fee_notice_served",
        "fee_paid",
        "fee_waived",
        "replied",
        "withdrawn",
    ];
}

/// Where the clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStatus {
    /// Running towards the due date.
    Running,
    /// Waiting for the applicant's correction; not counted.
    AwaitingCorrection,
    /// Waiting for a consulted party; not counted.
    InConsultation,
    /// Waiting for payment; not counted.
    AwaitingPayment,
    /// Replied.
    Replied,
    /// Withdrawn by the applicant.
    Withdrawn,
    /// Correction not received in time: treated as withdrawn (第三十条).
    CorrectionLapsed,
    /// Fee not paid in time: treated as withdrawn (国办函〔2020〕109号).
    PaymentLapsed,
}

impl ClockStatus {
    /// The label shown to staff and applicants.
    pub fn label(self) -> &'static str {
        match self {
            ClockStatus::Running => "办理中",
            ClockStatus::AwaitingCorrection => "等待补正",
            ClockStatus::InConsultation => "征求意见中",
            ClockStatus::AwaitingPayment => "等待缴费",
            ClockStatus::Replied => "已答复",
            ClockStatus::Withdrawn => "已撤回",
            ClockStatus::CorrectionLapsed => "逾期未补正，视为放弃申请",
            ClockStatus::PaymentLapsed => "逾期未缴费，视为放弃申请",
        }
    }
}

/// Why events cannot be taken as recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// Events out of date order.
    #[error("事件日期顺序有误：{0}早于前一事件")]
    OutOfOrder(String),
    /// An event the state does not allow.
    #[error("{0}")]
    NotAllowed(&'static str),
}

/// The clock of an application on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    /// Where it stands.
    pub status: ClockStatus,
    /// The reply is due on this day (None while the clock is stopped with no end in sight).
    pub due_on: Option<NaiveDate>,
    /// Working days counted so far, up to `today`.
    pub days_used: u32,
    /// Working days left until the due date (negative when overdue); None when stopped.
    pub days_left: Option<i64>,
    /// A consultation was sent and its answer is not recorded yet (an answer may still be
    /// recorded after the 15 working days: the pause then ends at their expiry).
    pub consultation_pending: bool,
    /// A consultation is open now (sent, unanswered, within its 15 working days): no other may
    /// be sent.
    pub consultation_open: bool,
    /// A fee notice was served and is neither paid nor waived nor lapsed.
    pub fee_pending: bool,
    /// The 补正 notice went out later than 7 working days after receipt (第三十条).
    pub late_correction_notice: bool,
    /// Years crossed without holiday data (show 该年度节假日数据缺失).
    pub missing_years: BTreeSet<i32>,
    /// How the due date was computed, step by step, in Chinese.
    pub explanation: Vec<String>,
}

/// 第三十条: a 补正 notice is sent within 7 working days of receipt.
pub const CORRECTION_NOTICE_DAYS: u32 = 7;

/// A written consultation (第三十二条、第三十四条): a pause of its own, from the day after it
/// was sent to the day the answer came, or the 15th working day when none came in time.
#[derive(Debug, Clone, Copy)]
struct Consultation {
    sent: NaiveDate,
    expiry: NaiveDate,
    answered: Option<NaiveDate>,
}

impl Consultation {
    /// The last day of the pause, as known on `day` (None: still open).
    fn end(&self, day: NaiveDate) -> Option<NaiveDate> {
        match self.answered {
            Some(a) => Some(a.min(self.expiry)),
            None if day > self.expiry => Some(self.expiry),
            None => None,
        }
    }
}

/// A fee notice (国办函〔2020〕109号): a pause of its own, from the day after it was served to
/// the day of payment or waiver; unpaid after `pay_by`, the application has lapsed.
#[derive(Debug, Clone, Copy)]
struct FeeNotice {
    served: NaiveDate,
    pay_by: NaiveDate,
    settled: Option<NaiveDate>,
}

impl FeeNotice {
    /// Unpaid past its period on `day`: the application is treated as withdrawn.
    fn lapsed_on(&self, day: NaiveDate) -> bool {
        self.settled.is_none() && day > self.pay_by
    }
}

/// Computes the clock of an application received on `received_on` (the statutory receipt
/// date, 第三十一条), with its `events` in date order, as it stands on `today`.
///
/// Each pause is its own interval (spec/applications.md): a consultation and a fee notice may
/// be open at once, each ends by its own event or expiry, and a working day inside either is
/// not counted. A pause starts the working day after its letter and ends on the day of the
/// answer, the payment or the expiry.
pub fn compute(
    calendar: &WorkCalendar,
    rules: ClockRules,
    received_on: NaiveDate,
    events: &[(NaiveDate, ClockEvent)],
    today: NaiveDate,
) -> Result<Clock, ClockError> {
    let mut explanation = vec![format!(
        "{} 收到申请（条例第三十一条），自次日起计算答复期限。",
        format_cn(received_on)
    )];
    let mut missing = BTreeSet::new();
    let mut add = |from: NaiveDate, n: u32| {
        let due = calendar.add_working_days(from, n);
        missing.extend(due.missing_years.iter().copied());
        due.value
    };
    let mut start = received_on;
    let mut total = rules.reply_days;
    let mut consultations: Vec<Consultation> = Vec::new();
    let mut fees: Vec<FeeNotice> = Vec::new();
    let mut correction_due: Option<NaiveDate> = None;
    let mut late_correction_notice = false;
    let mut extended = false;
    let mut last = received_on;
    let mut ended: Option<(NaiveDate, ClockStatus)> = None;
    for &(on, event) in events {
        if on < last {
            return Err(ClockError::OutOfOrder(format_cn(on)));
        }
        last = on;
        if ended.is_some() {
            return Err(ClockError::NotAllowed(
                "申请已办结，不能再记录影响期限的事件",
            ));
        }
        if fees.iter().any(|f| f.lapsed_on(on))
            && !matches!(event, ClockEvent::Replied | ClockEvent::Withdrawn)
        {
            return Err(ClockError::NotAllowed(
                "申请人逾期未缴费，申请视为放弃（国办函〔2020〕109号），只能以“逾期未缴费”办结",
            ));
        }
        match event {
            ClockEvent::CorrectionRequested { period_days } => {
                let due = add(on, period_days);
                correction_due = Some(due);
                let limit = add(received_on, CORRECTION_NOTICE_DAYS);
                if on > limit {
                    late_correction_notice = true;
                }
                explanation.push(format!(
                    "{} 发出补正告知书，补正期限 {} 个工作日（至 {}），期间不计算答复期限（条例第三十条）。",
                    format_cn(on),
                    period_days,
                    format_cn(due)
                ));
                if late_correction_notice {
                    explanation.push(format!(
                        "注意：补正告知应在收到申请之日起 {} 个工作日内（{} 前）一次性发出（条例第三十条），本件告知晚于该期限。",
                        CORRECTION_NOTICE_DAYS,
                        format_cn(limit)
                    ));
                }
            }
            ClockEvent::CorrectionReceived => {
                if correction_due.is_none() {
                    return Err(ClockError::NotAllowed("没有待补正的告知，不能记录收到补正"));
                }
                start = on;
                extended = false;
                total = rules.reply_days;
                correction_due = None;
                explanation.push(format!(
                    "{} 收到补正后的申请，答复期限自次日起重新计算（条例第三十条）。",
                    format_cn(on)
                ));
            }
            ClockEvent::ConsultationSent => {
                if consultations.iter().any(|c| c.end(on).is_none()) {
                    return Err(ClockError::NotAllowed(
                        "已有进行中的征求意见，请先登记收到的意见",
                    ));
                }
                let expiry = add(on, rules.consultation_days);
                consultations.push(Consultation {
                    sent: on,
                    expiry,
                    answered: None,
                });
                explanation.push(format!(
                    "{} 书面征求意见，答复期限暂停；第三方 {} 个工作日内（至 {}）未答复的视为无意见或由本机关决定（条例第三十二条、第三十四条）。",
                    format_cn(on),
                    rules.consultation_days,
                    format_cn(expiry)
                ));
            }
            ClockEvent::ConsultationAnswered => {
                // The answer is to the latest consultation (an earlier one left unanswered
                // ended at its expiry).
                let Some(c) = consultations.last_mut().filter(|c| c.answered.is_none()) else {
                    return Err(ClockError::NotAllowed("没有进行中的征求意见"));
                };
                c.answered = Some(on);
                let end = on.min(c.expiry);
                explanation.push(if on > c.expiry {
                    format!(
                        "{} 收到意见；征求意见已于 {} 期满，不计算的期间至期满之日止。",
                        format_cn(on),
                        format_cn(c.expiry)
                    )
                } else {
                    format!("{} 收到意见，征求意见期间结束。", format_cn(end))
                });
            }
            ClockEvent::ExtensionGranted { days } => {
                if extended {
                    return Err(ClockError::NotAllowed(
                        "答复期限只能延长一次（条例第三十三条）",
                    ));
                }
                if days == 0 || days > rules.max_extension_days {
                    return Err(ClockError::NotAllowed(
                        "延长期限最长不超过 20 个工作日（条例第三十三条）",
                    ));
                }
                extended = true;
                total += days;
                explanation.push(format!(
                    "{} 经政府信息公开工作机构负责人同意延长答复期限 {} 个工作日（条例第三十三条第二款）。",
                    format_cn(on),
                    days
                ));
            }
            ClockEvent::FeeNoticeServed => {
                if fees.iter().any(|f| f.settled.is_none()) {
                    return Err(ClockError::NotAllowed("已有待缴的费用"));
                }
                let pay_by = add(on, rules.fee_payment_days);
                fees.push(FeeNotice {
                    served: on,
                    pay_by,
                    settled: None,
                });
                explanation.push(format!(
                    "{} 送达收费通知，缴费期间不计算答复期限；应于 {} 前缴费（国办函〔2020〕109号）。",
                    format_cn(on),
                    format_cn(pay_by)
                ));
            }
            ClockEvent::FeePaid | ClockEvent::FeeWaived => {
                let Some(f) = fees.iter_mut().find(|f| f.settled.is_none()) else {
                    return Err(ClockError::NotAllowed("没有待缴的费用"));
                };
                f.settled = Some(on);
                let what = if event == ClockEvent::FeePaid {
                    "缴费"
                } else {
                    "减免费用"
                };
                explanation.push(format!("{} {}，缴费期间结束。", format_cn(on), what));
            }
            ClockEvent::Replied => {
                ended = Some((on, ClockStatus::Replied));
                explanation.push(format!("{} 作出答复。", format_cn(on)));
            }
            ClockEvent::Withdrawn => {
                ended = Some((on, ClockStatus::Withdrawn));
                explanation.push(format!("{} 申请人撤回申请。", format_cn(on)));
            }
        }
    }
    // Where the clock stands on `today` (or when the case ended): lapses are decided by the
    // date, not by an event; a pause still open when the case ended ends with it.
    let until = ended.map_or(today, |(on, _)| on);
    let fee_lapsed = fees.iter().any(|f| f.lapsed_on(until));
    let consultation_open = consultations.iter().any(|c| c.end(until).is_none());
    for c in consultations
        .iter()
        .filter(|c| c.answered.is_none() && until > c.expiry)
    {
        explanation.push(format!(
            "{} 征求意见期满未收到答复，征求意见期间结束。",
            format_cn(c.expiry)
        ));
    }
    let fee_open = fees.iter().any(|f| f.settled.is_none()) && !fee_lapsed;
    let status = match ended {
        Some((_, status)) => status,
        None if correction_due.is_some_and(|d| today > d) => ClockStatus::CorrectionLapsed,
        None if correction_due.is_some() => ClockStatus::AwaitingCorrection,
        None if fee_lapsed => ClockStatus::PaymentLapsed,
        None if fee_open => ClockStatus::AwaitingPayment,
        None if consultation_open => ClockStatus::InConsultation,
        None => ClockStatus::Running,
    };
    let stopped = !matches!(
        status,
        ClockStatus::Running | ClockStatus::Replied | ClockStatus::Withdrawn
    );
    // The days not counted: inside a consultation or a fee notice, from the day after its
    // letter to the day it ended (an open one has not ended; the case's end ends it).
    let pauses: Vec<(NaiveDate, Option<NaiveDate>)> = consultations
        .iter()
        .map(|c| (c.sent, c.end(until)))
        .chain(fees.iter().map(|f| {
            let end = f.settled.or(f.lapsed_on(until).then_some(f.pay_by));
            (f.served, end)
        }))
        .map(|(from, end)| (from, end.or(ended.map(|(on, _)| on))))
        .collect();
    let paused = |day: NaiveDate| {
        pauses
            .iter()
            .any(|&(from, to)| day > from && to.is_none_or(|to| day <= to))
    };
    let mut counts = |day: NaiveDate| {
        let w = calendar.is_working_day(day);
        missing.extend(w.missing_years);
        w.value && !paused(day)
    };
    // Working days counted so far: after `start`, up to today or the end of the case.
    let mut used = 0u32;
    let mut day = start;
    while day < until {
        let Some(next) = day.checked_add_days(Days::new(1)) else {
            break;
        };
        day = next;
        if counts(day) {
            used += 1;
        }
    }
    if matches!(
        status,
        ClockStatus::AwaitingCorrection | ClockStatus::CorrectionLapsed
    ) {
        // The count starts again from the corrected application.
        used = 0;
    }
    // The due date: the `total`-th counted working day after `start`, once nothing is open.
    let due_on = if stopped {
        explanation.push("期限暂停中，恢复计算后重新确定答复期限。".to_owned());
        None
    } else {
        let mut counted = 0;
        let mut d = start;
        while counted < total {
            let Some(next) = d.checked_add_days(Days::new(1)) else {
                break;
            };
            d = next;
            if counts(d) {
                counted += 1;
            }
        }
        explanation.push(format!(
            "答复期限共 {} 个工作日，扣除不计算的期间，应于 {} 前答复。",
            total,
            format_cn(d)
        ));
        Some(d)
    };
    let days_left = match (due_on, status) {
        (Some(due), ClockStatus::Running) => {
            let ahead = calendar.working_days_between(today, due);
            missing.extend(ahead.missing_years.iter().copied());
            if today <= due {
                Some(i64::from(ahead.value))
            } else {
                Some(-i64::from(calendar.working_days_between(due, today).value))
            }
        }
        _ => None,
    };
    if !missing.is_empty() {
        let years: Vec<String> = missing.iter().map(|y| y.to_string()).collect();
        explanation.push(format!(
            "注意：{} 年{}，以上日期按周一至周五为工作日推算，待数据补充后自动更正。",
            years.join("、"),
            crate::calendar::MISSING_DATA
        ));
    }
    Ok(Clock {
        status,
        due_on,
        days_used: used.min(total),
        days_left,
        consultation_pending: ended.is_none()
            && !fee_lapsed
            && consultations.last().is_some_and(|c| c.answered.is_none()),
        consultation_open: ended.is_none() && consultation_open,
        fee_pending: ended.is_none() && fee_open,
        late_correction_notice,
        missing_years: missing,
        explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClockEvent as E;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_date(s).expect("test date")
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::shipped()
    }

    fn run(events: &[(&str, ClockEvent)], today: &str) -> Clock {
        let events: Vec<(NaiveDate, ClockEvent)> = events.iter().map(|(s, e)| (d(s), *e)).collect();
        compute(
            &cal(),
            ClockRules::default(),
            d("2026-09-28"),
            &events,
            d(today),
        )
        .expect("valid events")
    }

    #[test]
    fn twenty_working_days_from_receipt() {
        // 第三十三条：自收到申请之日起20个工作日内予以答复。
        let c = run(&[], "2026-10-09");
        assert_eq!(c.status, ClockStatus::Running);
        assert_eq!(c.due_on, Some(d("2026-10-30")));
        assert_eq!(c.days_used, 4, "09-29, 09-30, 10-08, 10-09");
        assert_eq!(c.days_left, Some(16));
        assert!(c.explanation[0].contains("2026年9月28日 收到申请"));
        assert!(
            c.explanation
                .last()
                .is_some_and(|l| l.contains("应于 2026年10月30日 前答复"))
        );
    }

    #[test]
    fn an_extension_adds_exactly_its_working_days_once() {
        // 第三十三条第二款：延长的期限最长不得超过20个工作日。
        let c = run(
            &[("2026-10-20", E::ExtensionGranted { days: 20 })],
            "2026-10-21",
        );
        assert_eq!(
            c.due_on,
            Some(cal().add_working_days(d("2026-10-30"), 20).value)
        );
        let twice = [
            ("2026-10-20", E::ExtensionGranted { days: 10 }),
            ("2026-10-21", E::ExtensionGranted { days: 10 }),
        ];
        let events: Vec<_> = twice.iter().map(|(s, e)| (d(s), *e)).collect();
        assert!(
            compute(
                &cal(),
                ClockRules::default(),
                d("2026-09-28"),
                &events,
                d("2026-10-22")
            )
            .is_err()
        );
        let too_long = [(d("2026-10-20"), E::ExtensionGranted { days: 21 })];
        assert!(
            compute(
                &cal(),
                ClockRules::default(),
                d("2026-09-28"),
                &too_long,
                d("2026-10-22")
            )
            .is_err()
        );
    }

    #[test]
    fn correction_restarts_the_count_from_the_corrected_application() {
        // 第三十条：答复期限自行政机关收到补正的申请之日起计算。
        let waiting = run(
            &[("2026-09-30", E::CorrectionRequested { period_days: 15 })],
            "2026-10-12",
        );
        assert_eq!(waiting.status, ClockStatus::AwaitingCorrection);
        assert_eq!(waiting.due_on, None);
        assert_eq!(waiting.days_used, 0);
        let restarted = run(
            &[
                ("2026-09-30", E::CorrectionRequested { period_days: 15 }),
                ("2026-10-12", E::CorrectionReceived),
            ],
            "2026-10-13",
        );
        assert_eq!(
            restarted.due_on,
            Some(cal().add_working_days(d("2026-10-12"), 20).value)
        );
        assert_eq!(restarted.days_used, 1);
        // No correction within the period: treated as withdrawn.
        let lapsed = run(
            &[("2026-09-30", E::CorrectionRequested { period_days: 15 })],
            "2026-11-30",
        );
        assert_eq!(lapsed.status, ClockStatus::CorrectionLapsed);
    }

    #[test]
    fn consultation_is_not_counted() {
        // 第三十二条：征求第三方意见所需时间不计算在答复期限内。
        let c = run(
            &[
                ("2026-10-09", E::ConsultationSent),
                ("2026-10-16", E::ConsultationAnswered),
            ],
            "2026-10-19",
        );
        // 10-10 (worked Saturday) and 10-12..10-16 are not counted: six working days.
        assert_eq!(
            c.due_on,
            Some(cal().add_working_days(d("2026-10-30"), 6).value)
        );
        let waiting = run(&[("2026-10-09", E::ConsultationSent)], "2026-10-15");
        assert_eq!(waiting.status, ClockStatus::InConsultation);
        assert_eq!(waiting.due_on, None);
        // Unanswered: the pause ends when the 15 working days run out.
        let expired = run(&[("2026-10-09", E::ConsultationSent)], "2026-11-20");
        assert_eq!(expired.status, ClockStatus::Running);
        assert_eq!(
            expired.due_on,
            Some(cal().add_working_days(d("2026-10-30"), 15).value)
        );
    }

    #[test]
    fn fees_pause_the_clock_and_lapse() {
        // 国办函〔2020〕109号：收费通知送达至缴费期间不计算；20个工作日内未缴费视为放弃申请。
        let paid = run(
            &[
                ("2026-10-09", E::FeeNoticeServed),
                ("2026-10-13", E::FeePaid),
            ],
            "2026-10-14",
        );
        assert_eq!(
            paid.due_on,
            Some(cal().add_working_days(d("2026-10-30"), 3).value),
            "10-10, 10-12, 10-13"
        );
        let lapsed = run(&[("2026-10-09", E::FeeNoticeServed)], "2026-12-01");
        assert_eq!(lapsed.status, ClockStatus::PaymentLapsed);
        let waived = run(
            &[
                ("2026-10-09", E::FeeNoticeServed),
                ("2026-10-09", E::FeeWaived),
            ],
            "2026-10-14",
        );
        assert_eq!(waived.due_on, Some(d("2026-10-30")));
    }

    #[test]
    fn events_must_be_in_order_and_end_with_the_case() {
        let bad = [
            (d("2026-10-09"), E::Replied),
            (d("2026-10-08"), E::ConsultationSent),
        ];
        assert!(matches!(
            compute(
                &cal(),
                ClockRules::default(),
                d("2026-09-28"),
                &bad,
                d("2026-10-10")
            ),
            Err(ClockError::OutOfOrder(_))
        ));
        let after_reply = [
            (d("2026-10-09"), E::Replied),
            (d("2026-10-10"), E::ExtensionGranted { days: 5 }),
        ];
        assert!(
            compute(
                &cal(),
                ClockRules::default(),
                d("2026-09-28"),
                &after_reply,
                d("2026-10-10")
            )
            .is_err()
        );
        let replied = run(&[("2026-10-09", E::Replied)], "2026-11-30");
        assert_eq!(replied.status, ClockStatus::Replied);
        assert_eq!(
            replied.days_used, 4,
            "counted up to the reply, not to today"
        );
    }

    #[test]
    fn overdue_cases_count_negative_days() {
        let c = run(&[], "2026-11-03");
        assert_eq!(
            c.days_left,
            Some(-2),
            "10-31 and 11-01 are a weekend: 11-02 and 11-03 are late"
        );
    }

    #[test]
    fn a_due_date_in_a_year_without_data_is_flagged() {
        // spec/calendar.md: not silently weekends only — flagged.
        let c = compute(
            &cal(),
            ClockRules::default(),
            d("2026-12-21"),
            &[],
            d("2026-12-22"),
        )
        .expect("valid");
        assert!(c.missing_years.contains(&2027));
        assert!(
            c.explanation
                .last()
                .is_some_and(|l| l.contains("该年度节假日数据缺失"))
        );
    }

    #[test]
    fn event_names_parse() {
        for name in ClockEvent::NAMES {
            assert!(ClockEvent::parse(name, Some(5)).is_some(), "{name}");
        }
        assert_eq!(
            ClockEvent::parse("extension_granted", None),
            None,
            "an extension needs its days"
        );
        assert_eq!(
            ClockEvent::parse("correction_requested", None),
            Some(E::CorrectionRequested { period_days: 15 })
        );
        assert_eq!(ClockEvent::parse("nonsense", None), None);
    }

    proptest! {
        #[test]
        fn a_pause_never_makes_the_due_date_earlier(offset in 0u64..20, len in 0u64..30) {
            let c = cal();
            let received = d("2025-03-03");
            let base = compute(&c, ClockRules::default(), received, &[], d("2025-12-31")).expect("valid");
            let sent = received + chrono::Days::new(offset);
            let answered = sent + chrono::Days::new(len);
            let events = [(sent, E::ConsultationSent), (answered, E::ConsultationAnswered)];
            let paused = compute(&c, ClockRules::default(), received, &events, d("2025-12-31")).expect("valid");
            prop_assert!(paused.due_on >= base.due_on);
        }

        #[test]
        fn an_extension_adds_its_days(days in 1u32..=20, offset in 0u64..10) {
            let c = cal();
            let received = d("2024-05-06");
            let base = compute(&c, ClockRules::default(), received, &[], d("2024-12-31")).expect("valid");
            let events = [(received + chrono::Days::new(offset), E::ExtensionGranted { days })];
            let ext = compute(&c, ClockRules::default(), received, &events, d("2024-12-31")).expect("valid");
            let expected = c.add_working_days(base.due_on.expect("due"), days).value;
            prop_assert_eq!(ext.due_on, Some(expected));
        }
    }
}
