//! The application clock against a second, deliberately simple reading of
//! ../shared/spec/applications.md (issue 15): for any interleaving of 补正, a consultation
//! (answered in time, late or never), an extension and a fee notice (paid, waived, paid too late
//! or never), both give the same status, due date and working days used — or both refuse the
//! events.
//!
//! The oracle below is written from the spec's sentences, not from the clock's code: it reads the
//! events into facts, turns every pause into the set of calendar days it covers, and counts
//! working days one by one. It uses the calendar only to ask whether a day is a working day.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Days, NaiveDate};
use gongkai_domain::application::clock::{ClockEvent, ClockRules, ClockStatus, compute};
use gongkai_domain::calendar::WorkCalendar;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// 第三十三条: 20 working days to reply; one extension of at most 20.
const REPLY_DAYS: u32 = 20;
const MAX_EXTENSION: u32 = 20;
/// 第三十二条: a consulted party has 15 working days.
const CONSULTATION_DAYS: u32 = 15;
/// 国办函〔2020〕109号: the fee is paid within 20 working days from the day after the notice.
const FEE_DAYS: u32 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    status: ClockStatus,
    due_on: Option<NaiveDate>,
    days_used: u32,
}

fn next(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).expect("date")
}

/// The `n`-th working day after `day` ("counting starts on the next working day").
fn nth_working_day_after(cal: &WorkCalendar, day: NaiveDate, n: u32) -> NaiveDate {
    let mut d = day;
    let mut seen = 0;
    while seen < n {
        d = next(d);
        if cal.is_working_day(d).value {
            seen += 1;
        }
    }
    d
}

/// Every day after `letter` up to and including `last` (a pause starts the day after the
/// letter and ends on the day of the answer, the payment or the expiry).
fn days_after_until(letter: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = next(letter);
    while d <= last {
        out.push(d);
        d = next(d);
    }
    out
}

/// The oracle. `Err(())` when the events cannot be recorded as they are.
fn oracle(
    cal: &WorkCalendar,
    received: NaiveDate,
    events: &[(NaiveDate, ClockEvent)],
    today: NaiveDate,
) -> Result<Answer, ()> {
    let mut start = received;
    let mut reply_days = REPLY_DAYS;
    let mut extension_used = false;
    let mut correction_deadline: Option<NaiveDate> = None;
    // (sent, 15th working day after, answered on)
    let mut consultations: Vec<(NaiveDate, NaiveDate, Option<NaiveDate>)> = Vec::new();
    // (served, pay by, paid or waived on)
    let mut fees: Vec<(NaiveDate, NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut finished: Option<(NaiveDate, ClockStatus)> = None;
    let mut previous = received;
    for &(day, event) in events {
        // Events are recorded in date order, and nothing follows the end of the case.
        if day < previous || finished.is_some() {
            return Err(());
        }
        previous = day;
        // Not paid in time: the application is treated as withdrawn; it can only be closed.
        let lapsed = fees.iter().any(|&(_, by, paid)| paid.is_none() && day > by);
        if lapsed && !matches!(event, ClockEvent::Replied | ClockEvent::Withdrawn) {
            return Err(());
        }
        match event {
            ClockEvent::CorrectionRequested { period_days } => {
                correction_deadline = Some(nth_working_day_after(cal, day, period_days));
            }
            ClockEvent::CorrectionReceived => {
                // "The 20-day clock restarts from the day the corrected application is
                // received."
                if correction_deadline.take().is_none() {
                    return Err(());
                }
                start = day;
                reply_days = REPLY_DAYS;
                extension_used = false;
            }
            ClockEvent::ConsultationSent => {
                let still_waiting = consultations
                    .iter()
                    .any(|&(_, expiry, answer)| answer.is_none() && day <= expiry);
                if still_waiting {
                    return Err(());
                }
                let expiry = nth_working_day_after(cal, day, CONSULTATION_DAYS);
                consultations.push((day, expiry, None));
            }
            ClockEvent::ConsultationAnswered => match consultations.last_mut() {
                Some(c) if c.2.is_none() => c.2 = Some(day),
                _ => return Err(()),
            },
            ClockEvent::ExtensionGranted { days } => {
                if extension_used || days == 0 || days > MAX_EXTENSION {
                    return Err(());
                }
                extension_used = true;
                reply_days += days;
            }
            ClockEvent::FeeNoticeServed => {
                if fees.iter().any(|f| f.2.is_none()) {
                    return Err(());
                }
                fees.push((day, nth_working_day_after(cal, day, FEE_DAYS), None));
            }
            ClockEvent::FeePaid | ClockEvent::FeeWaived => {
                match fees.iter_mut().find(|f| f.2.is_none()) {
                    Some(f) => f.2 = Some(day),
                    None => return Err(()),
                }
            }
            ClockEvent::Replied => finished = Some((day, ClockStatus::Replied)),
            ClockEvent::Withdrawn => finished = Some((day, ClockStatus::Withdrawn)),
        }
    }
    let last_day = finished.map_or(today, |(d, _)| d);
    // A pause still open runs past anything we count.
    let open_end = finished.map_or(next(last_day), |(d, _)| d);
    let mut not_counted: BTreeSet<NaiveDate> = BTreeSet::new();
    for &(sent, expiry, answer) in &consultations {
        let stop = match answer {
            Some(a) => a.min(expiry),
            None if last_day > expiry => expiry,
            None => open_end,
        };
        not_counted.extend(days_after_until(sent, stop));
    }
    for &(served, by, paid) in &fees {
        let stop = match paid {
            Some(p) => p,
            None if last_day > by => by,
            None => open_end,
        };
        not_counted.extend(days_after_until(served, stop));
    }
    let unpaid = fees.iter().find(|f| f.2.is_none());
    let status = match finished {
        Some((_, s)) => s,
        None => match (correction_deadline, unpaid) {
            (Some(dl), _) if today > dl => ClockStatus::CorrectionLapsed,
            (Some(_), _) => ClockStatus::AwaitingCorrection,
            (None, Some(&(_, by, _))) if today > by => ClockStatus::PaymentLapsed,
            (None, Some(_)) => ClockStatus::AwaitingPayment,
            (None, None)
                if consultations
                    .iter()
                    .any(|&(_, expiry, answer)| answer.is_none() && today <= expiry) =>
            {
                ClockStatus::InConsultation
            }
            (None, None) => ClockStatus::Running,
        },
    };
    let counts = |d: NaiveDate| cal.is_working_day(d).value && !not_counted.contains(&d);
    let mut used = 0;
    let mut d = start;
    while d < last_day {
        d = next(d);
        if counts(d) {
            used += 1;
        }
    }
    if correction_deadline.is_some() && finished.is_none() {
        used = 0;
    }
    let stopped = !matches!(
        status,
        ClockStatus::Running | ClockStatus::Replied | ClockStatus::Withdrawn
    );
    let due_on = if stopped {
        None
    } else {
        let mut d = start;
        let mut seen = 0;
        while seen < reply_days {
            d = next(d);
            if counts(d) {
                seen += 1;
            }
        }
        Some(d)
    };
    Ok(Answer {
        status,
        due_on,
        days_used: used.min(reply_days),
    })
}

/// One application's story: when each thing happened, in days after receipt.
#[derive(Debug, Clone)]
struct Story {
    received: NaiveDate,
    /// (requested after, period, received after the request)
    correction: Option<(u64, u32, Option<u64>)>,
    /// (sent after, answered after the sending: None for silence)
    consultation: Option<(u64, Option<u64>)>,
    /// (granted after, days)
    extension: Option<(u64, u32)>,
    /// (served after, paid or waived after the notice: None for never, waived?)
    fee: Option<(u64, Option<u64>, bool)>,
    /// replied after
    reply: Option<u64>,
    /// today, after the last event
    today_after: u64,
}

fn story() -> impl Strategy<Value = Story> {
    (
        0u64..2000,
        prop::option::of((0u64..12, 5u32..=20, prop::option::of(0u64..35))),
        prop::option::of((0u64..30, prop::option::of(0u64..40))),
        prop::option::of((0u64..45, 1u32..=20)),
        prop::option::of((0u64..30, prop::option::of(0u64..45), any::<bool>())),
        prop::option::of(0u64..90),
        0u64..120,
    )
        .prop_map(
            |(offset, correction, consultation, extension, fee, reply, today_after)| Story {
                received: NaiveDate::from_ymd_opt(2020, 1, 1).expect("date") + Days::new(offset),
                correction,
                consultation,
                extension,
                fee,
                reply,
                today_after,
            },
        )
}

impl Story {
    /// The events in date order (on the same day, in the order the story tells them).
    fn events(&self) -> (Vec<(NaiveDate, ClockEvent)>, NaiveDate) {
        let at = |days: u64| self.received + Days::new(days);
        let mut out: Vec<(NaiveDate, u8, ClockEvent)> = Vec::new();
        if let Some((ask, period, answer)) = self.correction {
            out.push((
                at(ask),
                0,
                ClockEvent::CorrectionRequested {
                    period_days: period,
                },
            ));
            if let Some(after) = answer {
                out.push((at(ask + after), 1, ClockEvent::CorrectionReceived));
            }
        }
        if let Some((sent, answer)) = self.consultation {
            out.push((at(sent), 2, ClockEvent::ConsultationSent));
            if let Some(after) = answer {
                out.push((at(sent + after), 3, ClockEvent::ConsultationAnswered));
            }
        }
        if let Some((granted, days)) = self.extension {
            out.push((at(granted), 4, ClockEvent::ExtensionGranted { days }));
        }
        if let Some((served, settled, waived)) = self.fee {
            out.push((at(served), 5, ClockEvent::FeeNoticeServed));
            if let Some(after) = settled {
                let e = if waived {
                    ClockEvent::FeeWaived
                } else {
                    ClockEvent::FeePaid
                };
                out.push((at(served + after), 6, e));
            }
        }
        if let Some(r) = self.reply {
            out.push((at(r), 9, ClockEvent::Replied));
        }
        out.sort_by_key(|(d, order, _)| (*d, *order));
        let last = out.last().map_or(self.received, |e| e.0);
        let today = last + Days::new(self.today_after);
        (out.into_iter().map(|(d, _, e)| (d, e)).collect(), today)
    }
}

#[test]
fn the_clock_agrees_with_a_simple_reading_of_the_spec() {
    let cal = WorkCalendar::shipped();
    let cases = 6_000;
    let computed = AtomicUsize::new(0);
    let refused = AtomicUsize::new(0);
    let overlapping = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&story(), |s| {
            let (events, today) = s.events();
            let expected = oracle(&cal, s.received, &events, today);
            let got = compute(&cal, ClockRules::default(), s.received, &events, today)
                .map(|c| Answer {
                    status: c.status,
                    due_on: c.due_on,
                    days_used: c.days_used,
                })
                .map_err(|_| ());
            prop_assert_eq!(&got, &expected, "events {:?}, today {}", events, today);
            match got {
                Ok(_) => computed.fetch_add(1, Ordering::Relaxed),
                Err(()) => refused.fetch_add(1, Ordering::Relaxed),
            };
            if s.consultation.is_some() && s.fee.is_some() {
                overlapping.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let (computed, refused) = (computed.into_inner(), refused.into_inner());
    println!(
        "clock oracle: {cases} cases, {computed} computed, {refused} refused, {} with a consultation and a fee",
        overlapping.into_inner()
    );
    // Most stories are recordable; the refusals are real ones (a payment after the lapse).
    assert!(computed * 3 > cases as usize * 2, "{computed} of {cases}");
}

/// 国办函〔2020〕109号 and 第三十二条, the cases the old clock got wrong, by hand.
#[test]
fn overlapping_pauses_end_each_by_their_own_event() {
    let cal = WorkCalendar::shipped();
    let d = |s: &str| gongkai_domain::date::parse_date(s).expect("date");
    let received = d("2025-03-03");
    let run = |events: &[(&str, ClockEvent)], today: &str| {
        let events: Vec<_> = events.iter().map(|(s, e)| (d(s), *e)).collect();
        compute(&cal, ClockRules::default(), received, &events, d(today))
    };
    // A fee notice while a consultation runs; the answer comes; the fee is never paid: the
    // application lapses (the answer does not end the fee's pause).
    let c = run(
        &[
            ("2025-03-05", ClockEvent::ConsultationSent),
            ("2025-03-07", ClockEvent::FeeNoticeServed),
            ("2025-03-12", ClockEvent::ConsultationAnswered),
        ],
        "2025-04-30",
    )
    .expect("computes");
    assert_eq!(c.status, ClockStatus::PaymentLapsed);
    assert_eq!(c.due_on, None);
    // An unanswered consultation ends at its 15th working day even while a fee runs.
    let c = run(
        &[
            ("2025-03-05", ClockEvent::ConsultationSent),
            ("2025-03-07", ClockEvent::FeeNoticeServed),
        ],
        "2025-03-27",
    )
    .expect("computes");
    assert_eq!(c.status, ClockStatus::AwaitingPayment);
    assert!(c.fee_pending);
    // A payment after the 20 working days is refused: the application has lapsed.
    let late = run(
        &[
            ("2025-03-05", ClockEvent::FeeNoticeServed),
            ("2025-04-10", ClockEvent::FeePaid),
        ],
        "2025-04-10",
    );
    assert!(late.is_err(), "{late:?}");
    // Paid in time while the consultation runs, then answered late: each pause ends on its own.
    // Consultation sent 03-05, expiry 03-26 (15 working days); fee 03-07 to 03-10.
    let c = run(
        &[
            ("2025-03-05", ClockEvent::ConsultationSent),
            ("2025-03-07", ClockEvent::FeeNoticeServed),
            ("2025-03-10", ClockEvent::FeePaid),
            ("2025-04-02", ClockEvent::ConsultationAnswered),
        ],
        "2025-04-03",
    )
    .expect("computes");
    assert_eq!(c.status, ClockStatus::Running);
    // Counted: 03-04, 03-05 (2 days), then from 03-27 on: 18 more working days → 04-21 … with
    // 清明 (04-04) off: 03-27 … 04-22.
    assert_eq!(c.due_on, Some(d("2025-04-22")));
}

#[test]
fn a_late_correction_notice_is_flagged() {
    // 第三十条: 收到申请之日起7个工作日内一次性告知.
    let cal = WorkCalendar::shipped();
    let d = |s: &str| gongkai_domain::date::parse_date(s).expect("date");
    let received = d("2025-03-03");
    let on_time = compute(
        &cal,
        ClockRules::default(),
        received,
        &[(
            d("2025-03-12"),
            ClockEvent::CorrectionRequested { period_days: 15 },
        )],
        d("2025-03-13"),
    )
    .expect("computes");
    assert!(
        !on_time.late_correction_notice,
        "03-12 is the 7th working day"
    );
    let late = compute(
        &cal,
        ClockRules::default(),
        received,
        &[(
            d("2025-03-13"),
            ClockEvent::CorrectionRequested { period_days: 15 },
        )],
        d("2025-03-14"),
    )
    .expect("computes");
    assert!(late.late_correction_notice);
    assert!(late.explanation.iter().any(|l| l.contains("7 个工作日")));
}
