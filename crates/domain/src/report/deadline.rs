//! When the annual report is due (条例第四十九条、第五十条; spec/annual-report.md): a department
//! publishes its report of a year by 31 January of the next year, a people's government's (the
//! report its 政府信息公开工作主管部门 publishes, summing its departments) by 31 March. A report
//! published later is late, and its page says so.

use chrono::NaiveDate;

/// The last day the report of `year` may be published.
pub fn due(year: i32, government: bool) -> Option<NaiveDate> {
    if government {
        NaiveDate::from_ymd_opt(year + 1, 3, 31)
    } else {
        NaiveDate::from_ymd_opt(year + 1, 1, 31)
    }
}

/// The article that sets the deadline.
pub fn article(government: bool) -> &'static str {
    if government {
        "《中华人民共和国政府信息公开条例》第五十条"
    } else {
        "《中华人民共和国政府信息公开条例》第四十九条"
    }
}

/// How many days after its deadline the report of `year` is when published (or still
/// unpublished) on `on`; `None` when it is on time.
pub fn days_late(year: i32, government: bool, on: NaiveDate) -> Option<i64> {
    let due = due(year, government)?;
    let late = (on - due).num_days();
    (late > 0).then_some(late)
}

/// The notice a late report's page shows: when it was due, when it was published.
pub fn late_notice(year: i32, government: bool, published_on: NaiveDate) -> Option<String> {
    days_late(year, government, published_on)?;
    let due = due(year, government)?;
    Some(format!(
        "本报告于{}发布，晚于{}规定的公布时限（{}前）。",
        crate::date::format_cn(published_on),
        article(government),
        crate::date::format_cn(due)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn departments_by_31_january_governments_by_31_march() {
        // 条例第四十九条 (部门: 每年1月31日前), 第五十条 (本级政府: 每年3月31日前).
        assert_eq!(due(2025, false), Some(d("2026-01-31")));
        assert_eq!(due(2025, true), Some(d("2026-03-31")));
        assert_eq!(days_late(2025, false, d("2026-01-31")), None);
        assert_eq!(days_late(2025, false, d("2026-02-01")), Some(1));
        assert_eq!(days_late(2025, true, d("2026-02-15")), None);
        assert_eq!(days_late(2025, true, d("2026-04-02")), Some(2));
    }

    #[test]
    fn a_late_report_says_so_and_one_on_time_says_nothing() {
        assert_eq!(late_notice(2025, false, d("2026-01-20")), None);
        let n = late_notice(2025, false, d("2026-02-10")).unwrap();
        assert!(
            n.contains("2026年2月10日")
                && n.contains("第四十九条")
                && n.contains("2026年1月31日前"),
            "{n}"
        );
        assert!(
            late_notice(2025, true, d("2026-04-01"))
                .unwrap()
                .contains("第五十条")
        );
    }
}
