//! Business dates as people write them. Dates are calendar dates in China Standard Time.

use chrono::NaiveDate;

/// Parses a date written `2024-03-05`, `2024/3/5`, `2024.03.05`, `20240305` or
/// `2024年3月5日`. Returns `None` for anything else, including impossible dates (`2024-02-30`).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !all_digits(y) || !all_digits(m) || !all_digits(d) {
        return None;
    }
    if m.len() > 2 || d.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Formats a date the way Chinese documents do: `2024年3月5日`.
pub fn format_cn(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_forms() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5);
        for s in [
            "2024-03-05",
            "2024-3-5",
            "2024/03/05",
            "2024.3.5",
            "20240305",
            "2024年3月5日",
            " 2024年03月05日 ",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
    }

    #[test]
    fn refuses_impossible_dates() {
        for s in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "24-03-05",
            "2024-03",
            "",
            "二〇二四年三月五日",
            "2024-003-05",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert!(parse_date("2024-02-29").is_some());
    }

    #[test]
    fn formats_in_chinese() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).expect("valid");
        assert_eq!(format_cn(d), "2024年3月5日");
    }
}
