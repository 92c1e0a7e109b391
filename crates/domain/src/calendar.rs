//! Working days (工作日) with 调休, over the State Council's holiday arrangements
//! (spec/calendar.md). A day is a working day when the holiday data says so (`isOffDay: false`
//! marks a make-up working day, `true` a holiday); otherwise Monday to Friday are working days.
//! A computation that needs a day of a year without data does not silently assume weekends
//! only: its result carries the years whose data is missing (该年度节假日数据缺失).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

/// The longest holiday name accepted (the longest so far: 抗日战争暨世界反法西斯战争胜利70周年纪念日).
pub const MAX_NAME_CHARS: usize = 40;

/// The message shown next to a date computed over a year without holiday data.
pub const MISSING_DATA: &str = "该年度节假日数据缺失";

/// The holiday files shipped with Gongkai: (year, JSON).
pub const SHIPPED_YEARS: &[(i32, &str)] = &[
    (2007, include_str!("../data/holidays-cn/2007.json")),
    (2008, include_str!("../data/holidays-cn/2008.json")),
    (2009, include_str!("../data/holidays-cn/2009.json")),
    (2010, include_str!("../data/holidays-cn/2010.json")),
    (2011, include_str!("../data/holidays-cn/2011.json")),
    (2012, include_str!("../data/holidays-cn/2012.json")),
    (2013, include_str!("../data/holidays-cn/2013.json")),
    (2014, include_str!("../data/holidays-cn/2014.json")),
    (2015, include_str!("../data/holidays-cn/2015.json")),
    (2016, include_str!("../data/holidays-cn/2016.json")),
    (2017, include_str!("../data/holidays-cn/2017.json")),
    (2018, include_str!("../data/holidays-cn/2018.json")),
    (2019, include_str!("../data/holidays-cn/2019.json")),
    (2020, include_str!("../data/holidays-cn/2020.json")),
    (2021, include_str!("../data/holidays-cn/2021.json")),
    (2022, include_str!("../data/holidays-cn/2022.json")),
    (2023, include_str!("../data/holidays-cn/2023.json")),
    (2024, include_str!("../data/holidays-cn/2024.json")),
    (2025, include_str!("../data/holidays-cn/2025.json")),
    (2026, include_str!("../data/holidays-cn/2026.json")),
    (2027, include_str!("../data/holidays-cn/2027.json")),
];

/// One day of a holiday file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct HolidayDay {
    /// The holiday's name, e.g. 国庆节.
    pub name: String,
    /// The date.
    pub date: NaiveDate,
    /// `true` for a day off, `false` for a make-up working day (调休上班).
    #[serde(rename = "isOffDay")]
    pub is_off_day: bool,
}

/// One year's file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HolidayYear {
    /// The year of the notice.
    pub year: i32,
    /// The days it lists (may include days of the neighbouring years).
    pub days: Vec<HolidayDay>,
}

/// Why a holiday file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// Not JSON of the holiday-cn format.
    #[error("节假日文件格式不正确：{0}")]
    Format(String),
    /// A year outside the range the platform handles.
    #[error("节假日文件的年份 {0} 不在 1949—2100 之间")]
    Year(i32),
    /// No day listed: not the year's arrangement yet.
    #[error("{0} 年的节假日文件没有列出任何日期（国务院办公厅的放假安排通知发布后再导入）")]
    Empty(i32),
    /// The same date twice.
    #[error("日期 {0} 在文件中出现了两次")]
    Duplicate(NaiveDate),
    /// A date far from the file's year.
    #[error("日期 {0} 不属于 {1} 年的放假安排")]
    OutOfYear(NaiveDate, i32),
}

/// Parses a file of the holiday-cn format (the shipped files, unchecked beyond the format).
pub fn parse_year(json: &str) -> Result<HolidayYear, CalendarError> {
    let year: HolidayYear =
        serde_json::from_str(json).map_err(|e| CalendarError::Format(e.to_string()))?;
    if !(1949..=2100).contains(&year.year) {
        return Err(CalendarError::Year(year.year));
    }
    Ok(year)
}

/// Parses a file an administrator imports: the format, and days that make sense for the year —
/// listed at all, each once, within the year or the days next to it (a notice may move the
/// last days of December before its year), and a day off never on a date listed twice.
pub fn parse_import(json: &str) -> Result<HolidayYear, CalendarError> {
    let year = parse_year(json)?;
    if year.days.is_empty() {
        return Err(CalendarError::Empty(year.year));
    }
    let mut seen = BTreeSet::new();
    for d in &year.days {
        if !seen.insert(d.date) {
            return Err(CalendarError::Duplicate(d.date));
        }
        if !(year.year - 1..=year.year + 1).contains(&d.date.year()) {
            return Err(CalendarError::OutOfYear(d.date, year.year));
        }
        if d.name.chars().count() > MAX_NAME_CHARS {
            return Err(CalendarError::Format(format!("节日名称“{}”过长", d.name)));
        }
    }
    Ok(year)
}

/// The days a shipped file lists for `year` (with names), for the administrators' year view.
pub fn shipped_days(year: i32) -> Vec<HolidayDay> {
    SHIPPED_YEARS
        .iter()
        .filter_map(|(_, json)| parse_year(json).ok())
        .flat_map(|y| y.days)
        .filter(|d| d.date.year() == year)
        .collect()
}

/// Whether a shipped file has data for `year`.
pub fn shipped_has_year(year: i32) -> bool {
    SHIPPED_YEARS
        .iter()
        .any(|(y, json)| *y == year && parse_year(json).is_ok_and(|f| !f.days.is_empty()))
}

/// A date computed over the calendar, with the years whose holiday data was missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed<T> {
    /// The result.
    pub value: T,
    /// Years the computation crossed without holiday data: the result assumed Monday–Friday
    /// for them and must be shown with [`MISSING_DATA`].
    pub missing_years: BTreeSet<i32>,
}

impl<T> Computed<T> {
    /// Whether the result is certain.
    pub fn is_certain(&self) -> bool {
        self.missing_years.is_empty()
    }
}

/// The working-day calendar: the listed days, and which years have data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    listed: BTreeMap<NaiveDate, bool>,
    years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// An empty calendar (every year missing).
    pub fn new() -> Self {
        Self::default()
    }

    /// The calendar of the shipped files.
    pub fn shipped() -> Self {
        let mut c = WorkCalendar::new();
        for (_, json) in SHIPPED_YEARS {
            if let Ok(year) = parse_year(json) {
                c.add_year(&year);
            }
        }
        c
    }

    /// Adds a year's arrangement; days already listed are overwritten (a day to drop is
    /// corrected with [`WorkCalendar::set_day`]). A file with no days does not count as data:
    /// the State Council publishes each year's in November, and until then it is missing.
    pub fn add_year(&mut self, year: &HolidayYear) {
        if year.days.is_empty() {
            return;
        }
        for day in &year.days {
            self.listed.insert(day.date, day.is_off_day);
        }
        self.years.insert(year.year);
    }

    /// Declares a year's data complete without listing days (an administrator's import whose
    /// days are stored one by one).
    pub fn mark_year(&mut self, year: i32) {
        self.years.insert(year);
    }

    /// Marks one day as off (`true`) or working (`false`), as an administrator's correction.
    pub fn set_day(&mut self, date: NaiveDate, is_off_day: bool) {
        self.listed.insert(date, is_off_day);
    }

    /// Whether holiday data exists for a year.
    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years with data.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Whether `date` is a working day; `None` inside when its year has no data (then
    /// Monday–Friday is assumed by the counting functions, and flagged).
    pub fn is_working_day(&self, date: NaiveDate) -> Computed<bool> {
        let mut missing = BTreeSet::new();
        let working = match self.listed.get(&date) {
            Some(&off) => !off,
            None => {
                if !self.has_year(date.year()) {
                    missing.insert(date.year());
                }
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            }
        };
        Computed {
            value: working,
            missing_years: missing,
        }
    }

    /// The `n`-th working day after `start` (the start day itself is not counted): the due date
    /// of a period of `n` working days beginning the day after `start`. `n = 0` gives `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Computed<NaiveDate> {
        let mut missing = BTreeSet::new();
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            let Some((next, working)) = self.next_day(day, &mut missing) else {
                break;
            };
            day = next;
            counted += u32::from(working);
        }
        Computed {
            value: day,
            missing_years: missing,
        }
    }

    /// The day after `day` and whether it is a working day, noting a year without data.
    fn next_day(&self, day: NaiveDate, missing: &mut BTreeSet<i32>) -> Option<(NaiveDate, bool)> {
        let next = day.checked_add_days(Days::new(1))?;
        let w = self.is_working_day(next);
        missing.extend(w.missing_years);
        Some((next, w.value))
    }

    /// How many working days lie after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Computed<u32> {
        let mut missing = BTreeSet::new();
        let mut count = 0;
        let mut day = from;
        while day < to {
            let Some((next, working)) = self.next_day(day, &mut missing) else {
                break;
            };
            day = next;
            count += u32::from(working);
        }
        Computed {
            value: count,
            missing_years: missing,
        }
    }

    /// The first working day on or after `date` (an application sent online on a rest day
    /// counts as received on the next working day, spec/applications.md, configurable).
    pub fn next_working_day_from(&self, date: NaiveDate) -> Computed<NaiveDate> {
        let mut missing = BTreeSet::new();
        let mut day = date;
        for _ in 0..60 {
            let w = self.is_working_day(day);
            missing.extend(w.missing_years);
            if w.value {
                break;
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        Computed {
            value: day,
            missing_years: missing,
        }
    }
}

/// The year whose holiday data administrators must import now, if any: from 1 November (the
/// State Council publishes the next year's arrangement each autumn) while next year is missing.
/// Until it is imported, due dates crossing into it count Monday to Friday and are flagged.
pub fn next_year_due(calendar: &WorkCalendar, today: NaiveDate) -> Option<i32> {
    let next = today.year() + 1;
    (today.month() >= 11 && !calendar.has_year(next)).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_must_list_the_years_days_once() {
        // spec/calendar.md: an administrator imports a new year's file in the same format.
        let ok = r#"{"year": 2027, "days": [
            {"name": "元旦", "date": "2026-12-31", "isOffDay": true},
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
        assert_eq!(parse_import(ok).map(|y| y.days.len()), Ok(2));
        let empty = r#"{"year": 2027, "papers": [], "days": []}"#;
        assert_eq!(parse_import(empty), Err(CalendarError::Empty(2027)));
        let twice = r#"{"year": 2027, "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2027-01-01", "isOffDay": false}]}"#;
        assert!(matches!(
            parse_import(twice),
            Err(CalendarError::Duplicate(_))
        ));
        let far =
            r#"{"year": 2027, "days": [{"name": "x", "date": "2029-01-01", "isOffDay": true}]}"#;
        assert!(
            parse_import(far)
                .unwrap_err()
                .to_string()
                .contains("不属于 2027 年")
        );
        assert!(
            parse_import("{")
                .unwrap_err()
                .to_string()
                .starts_with("节假日文件格式不正确")
        );
        // Every shipped file with data passes the import check too.
        for (y, json) in SHIPPED_YEARS {
            if shipped_has_year(*y) {
                parse_import(json).unwrap_or_else(|e| panic!("{y}: {e}"));
            }
        }
    }

    #[test]
    fn a_marked_year_is_no_longer_missing() {
        let mut c = WorkCalendar::new();
        let d = NaiveDate::from_ymd_opt(2030, 1, 2).expect("date");
        assert!(!c.is_working_day(d).is_certain());
        c.mark_year(2030);
        assert!(c.is_working_day(d).is_certain());
        assert_eq!(
            shipped_days(2026)
                .iter()
                .filter(|d| d.name == "国庆节")
                .count(),
            9
        );
    }
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_date(s).expect("test date")
    }

    #[test]
    fn every_shipped_file_parses_and_2027_is_still_empty() {
        for (year, json) in SHIPPED_YEARS {
            let parsed = parse_year(json).expect("shipped file");
            assert_eq!(parsed.year, *year);
        }
        let c = WorkCalendar::shipped();
        assert!((2007..=2026).all(|y| c.has_year(y)));
        assert!(!c.has_year(2027), "2027's arrangement is not published yet");
    }

    #[test]
    fn national_day_2026_and_its_make_up_days() {
        // spec/calendar.md: the holiday data decides first (调休), then Monday–Friday.
        let c = WorkCalendar::shipped();
        assert!(!c.is_working_day(d("2026-10-01")).value);
        assert!(!c.is_working_day(d("2026-10-07")).value, "a Wednesday off");
        assert!(c.is_working_day(d("2026-10-10")).value, "a Saturday worked");
        assert!(c.is_working_day(d("2026-09-20")).value, "a Sunday worked");
        assert!(!c.is_working_day(d("2026-10-11")).value);
        assert!(c.is_working_day(d("2026-10-12")).value);
    }

    #[test]
    fn twenty_working_days_from_the_spec_example() {
        // 条例第三十三条: reply within 20 working days of receipt; the receipt day is not
        // counted. Received Monday 2026-09-28 → day 1 is 09-29, the National Day holiday is
        // skipped, Saturday 10-10 is worked: day 20 is Friday 2026-10-30.
        let c = WorkCalendar::shipped();
        assert_eq!(
            c.add_working_days(d("2026-09-28"), 1).value,
            d("2026-09-29")
        );
        let due = c.add_working_days(d("2026-09-28"), 20);
        assert_eq!(due.value, d("2026-10-30"));
        assert!(due.is_certain());
        assert_eq!(
            c.working_days_between(d("2026-09-28"), d("2026-10-30"))
                .value,
            20
        );
    }

    #[test]
    fn a_year_without_data_is_flagged_not_assumed() {
        // spec/calendar.md: a computation over a year without data returns its result flagged.
        let c = WorkCalendar::shipped();
        let due = c.add_working_days(d("2026-12-20"), 20);
        assert_eq!(
            due.missing_years.iter().copied().collect::<Vec<_>>(),
            [2027]
        );
        let inside = c.add_working_days(d("2026-11-02"), 5);
        assert!(inside.is_certain());
    }

    #[test]
    fn administrators_add_years_and_correct_days() {
        let mut c = WorkCalendar::shipped();
        let json = r#"{"year": 2027, "papers": [], "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
        c.add_year(&parse_year(json).expect("valid"));
        assert!(c.has_year(2027));
        assert!(!c.is_working_day(d("2027-01-01")).value);
        c.set_day(d("2027-01-04"), true);
        assert!(!c.is_working_day(d("2027-01-04")).value);
        assert!(matches!(parse_year("{}"), Err(CalendarError::Format(_))));
        assert_eq!(
            parse_year(r#"{"year": 1800, "days": []}"#),
            Err(CalendarError::Year(1800))
        );
    }

    #[test]
    fn rest_day_receipts_move_to_the_next_working_day() {
        let c = WorkCalendar::shipped();
        assert_eq!(
            c.next_working_day_from(d("2026-10-03")).value,
            d("2026-10-08")
        );
        assert_eq!(
            c.next_working_day_from(d("2026-10-09")).value,
            d("2026-10-09")
        );
    }

    proptest! {
        #[test]
        fn adding_working_days_is_monotonic_and_counts_back(day in 0i64..7000, n in 0u32..60, extra in 0u32..30) {
            let c = WorkCalendar::shipped();
            let start = d("2007-01-01") + chrono::Duration::days(day);
            let a = c.add_working_days(start, n).value;
            let b = c.add_working_days(start, n + extra).value;
            prop_assert!(b >= a, "more working days never end earlier");
            prop_assert_eq!(c.working_days_between(start, a).value, n);
            if n > 0 {
                prop_assert!(c.is_working_day(a).value, "a period ends on a working day");
            }
        }
    }

    #[test]
    fn administrators_are_told_from_november_when_next_year_is_missing() {
        // spec/calendar.md: next year's arrangement is imported each November.
        let c = WorkCalendar::shipped();
        let last = (2000..2100)
            .filter(|y| c.has_year(*y))
            .max()
            .expect("shipped years");
        let day = |m, d| NaiveDate::from_ymd_opt(last, m, d).expect("date");
        assert_eq!(next_year_due(&c, day(10, 31)), None);
        assert_eq!(next_year_due(&c, day(11, 1)), Some(last + 1));
        assert_eq!(next_year_due(&c, day(12, 31)), Some(last + 1));
        let mut imported = c.clone();
        imported.mark_year(last + 1);
        assert_eq!(next_year_due(&imported, day(11, 1)), None);
    }
}
