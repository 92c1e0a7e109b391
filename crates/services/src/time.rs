//! Instants and business dates. Services receive `now` (unix ms, UTC) from their caller; the
//! business date is the calendar date in China Standard Time.

#[cfg(test)]
use chrono::TimeZone;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// China Standard Time, UTC+8 (no daylight saving since 1991).
pub fn cst() -> FixedOffset {
    #[allow(clippy::expect_used)]
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The date in China at instant `now_ms`.
pub fn today_cst(now_ms: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .with_timezone(&cst())
        .date_naive()
}

/// The current instant in unix ms: the only place the services layer's callers read the clock.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// Formats an instant for people, in China Standard Time: `2024-03-05 14:30`.
pub fn format_instant(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&cst())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_date_is_chinese() {
        // 2024-03-05 17:00 UTC is already 03-06 01:00 in Beijing.
        let ms = Utc
            .with_ymd_and_hms(2024, 3, 5, 17, 0, 0)
            .unwrap()
            .timestamp_millis();
        assert_eq!(today_cst(ms), NaiveDate::from_ymd_opt(2024, 3, 6).unwrap());
        assert_eq!(format_instant(ms), "2024-03-06 01:00");
    }
}
