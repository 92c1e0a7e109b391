//! 信息处理费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号, charged since 2021-01-01):
//! the two marginal scales, 按件计收 and 按量计收. An application uses one method, never both.
//! Amounts are whole 元.

use serde::{Deserialize, Serialize};

crate::labelled_enum! {
    /// The fee method chosen for an application.
    pub enum FeeMethod {
        /// 按件计收: by the applicant's applications in one calendar month.
        PerApplication = ("per_application", "按件计收"),
        /// 按量计收: by the pages of one application.
        PerPage = ("per_page", "按量计收"),
    }
}

/// One band of a scale as applied: how many units fell in it and at what rate.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    /// First unit of the band (1-based).
    pub from: u32,
    /// Last unit of the band that was reached.
    pub to: u32,
    /// Rate per unit, 元.
    pub rate: u32,
    /// Units in the band.
    pub units: u32,
    /// units × rate.
    pub amount: u64,
}

/// A computed fee with its bands.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// The method.
    pub method: FeeMethod,
    /// Total, 元.
    pub total: u64,
    /// The bands that applied (rate 0 bands included).
    pub bands: Vec<Band>,
}

/// The rate of the `n`-th application of an applicant in a calendar month (1-based): 1–10 free,
/// 11–30 100元, 31–40 200元, 41–50 300元, and 100元 more for every further block of 10.
pub fn per_application_rate(n: u32) -> u32 {
    match n {
        0..=10 => 0,
        11..=30 => 100,
        _ => 200 + 100 * ((n - 31) / 10),
    }
}

/// The rate of the `n`-th page of an application (1-based): 1–30 free, 31–100 10元, 101–200
/// 20元, 201 and more 40元.
pub fn per_page_rate(n: u32) -> u32 {
    match n {
        0..=30 => 0,
        31..=100 => 10,
        101..=200 => 20,
        _ => 40,
    }
}

fn banded(method: FeeMethod, from: u32, to: u32, rate: fn(u32) -> u32) -> Fee {
    let mut bands: Vec<Band> = Vec::new();
    for n in from..=to {
        let r = rate(n);
        match bands.last_mut() {
            Some(b) if b.rate == r => {
                b.to = n;
                b.units += 1;
                b.amount += u64::from(r);
            }
            _ => bands.push(Band {
                from: n,
                to: n,
                rate: r,
                units: 1,
                amount: u64::from(r),
            }),
        }
    }
    Fee {
        method,
        total: bands.iter().map(|b| b.amount).sum(),
        bands,
    }
}

/// 按件计收 for the applications numbered `first..=last` of one applicant in one calendar month
/// (e.g. the 35 applications of a month: `1..=35`; only the 12th: `12..=12`).
pub fn per_application(first: u32, last: u32) -> Fee {
    banded(
        FeeMethod::PerApplication,
        first.max(1),
        last,
        per_application_rate,
    )
}

/// 按量计收 for one application of `pages` pages.
pub fn per_page(pages: u32) -> Fee {
    banded(FeeMethod::PerPage, 1, pages, per_page_rate)
}

/// The explanation of a fee, line by line in Chinese.
pub fn explain(fee: &Fee) -> Vec<String> {
    let unit = match fee.method {
        FeeMethod::PerApplication => "件",
        FeeMethod::PerPage => "页",
    };
    let mut lines: Vec<String> = fee
        .bands
        .iter()
        .map(|b| {
            format!(
                "第 {}–{} {unit}：{} {unit} × {} 元 = {} 元",
                b.from, b.to, b.units, b.rate, b.amount
            )
        })
        .collect();
    lines.push(format!(
        "{}合计 {} 元（国办函〔2020〕109号，超额累进）",
        fee.method.label(),
        fee.total
    ));
    lines
}

/// The most units the calculator takes (pages, or positions in a month).
pub const MAX_UNITS: u32 = 1_000_000;

/// A question to the 信息处理费 calculator (API body, command-line flags).
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FeeQuestion {
    /// `per_application` or `per_page` (or their labels).
    pub method: String,
    /// 按量: pages of the application.
    pub pages: Option<u32>,
    /// 按件: the first position of the applications in the calendar month (1-based, default 1).
    pub first: Option<u32>,
    /// 按件: the last position.
    pub last: Option<u32>,
}

/// Answers a question, or names the field that is wrong with a Chinese message.
pub fn answer(q: &FeeQuestion) -> Result<Fee, (&'static str, &'static str)> {
    match FeeMethod::parse(&q.method) {
        Some(FeeMethod::PerPage) => match q.pages {
            Some(p) if p <= MAX_UNITS => Ok(per_page(p)),
            _ => Err(("pages", "请填写页数（0 至 1000000 的整数）")),
        },
        Some(FeeMethod::PerApplication) => {
            let first = q.first.unwrap_or(1).max(1);
            match q.last {
                Some(last) if last >= first && last <= MAX_UNITS => {
                    Ok(per_application(first, last))
                }
                _ => Err((
                    "last",
                    "请填写本月第几件申请（last ≥ first，且不超过 1000000）",
                )),
            }
        }
        None => Err((
            "method",
            "计收方式应为 per_application（按件）或 per_page（按量）",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_application_is_marginal_per_calendar_month() {
        // 国办函〔2020〕109号 第六条第一项: the example of 35 applications in one month.
        assert_eq!(per_application(1, 35).total, 20 * 100 + 5 * 200);
        assert_eq!(per_application(1, 10).total, 0);
        assert_eq!(per_application(11, 11).total, 100);
        assert_eq!(per_application_rate(40), 200);
        assert_eq!(per_application_rate(41), 300);
        assert_eq!(per_application_rate(50), 300);
        // Every further block of 10 adds 100元.
        assert_eq!(per_application_rate(51), 400);
        assert_eq!(per_application_rate(61), 500);
    }

    #[test]
    fn per_page_is_marginal_per_application() {
        // 国办函〔2020〕109号 第六条第二项: the example of 250 pages.
        let fee = per_page(250);
        assert_eq!(fee.total, 70 * 10 + 100 * 20 + 50 * 40);
        assert_eq!(fee.bands.len(), 4);
        assert_eq!(per_page(30).total, 0);
        assert_eq!(per_page(31).total, 10);
        assert_eq!(per_page(0).total, 0);
        assert!(explain(&fee).last().expect("total").contains("4700 元"));
    }

    #[test]
    fn the_calculator_names_the_wrong_field() {
        // 国办函〔2020〕109号: one method per application, never both.
        let q = |method: &str, pages, last| FeeQuestion {
            method: method.into(),
            pages,
            first: None,
            last,
        };
        assert_eq!(
            answer(&q("per_page", Some(250), None)).map(|f| f.total),
            Ok(4700)
        );
        assert_eq!(
            answer(&q("按件计收", None, Some(35))).map(|f| f.total),
            Ok(3000)
        );
        assert_eq!(
            answer(&q("per_page", None, None)).map_err(|e| e.0),
            Err("pages")
        );
        assert_eq!(
            answer(&q("per_application", None, None)).map_err(|e| e.0),
            Err("last")
        );
        assert_eq!(
            answer(&q("both", Some(1), Some(1))).map_err(|e| e.0),
            Err("method")
        );
        assert!(answer(&q("per_page", Some(MAX_UNITS + 1), None)).is_err());
    }

    proptest::proptest! {
        #[test]
        fn fees_never_fall_as_volume_grows(n in 0u32..2000) {
            proptest::prop_assert!(per_page(n + 1).total >= per_page(n).total);
            proptest::prop_assert!(per_application(1, n + 1).total >= per_application(1, n).total);
            // Splitting a month into two ranges sums to the whole.
            let half = n / 2;
            proptest::prop_assert_eq!(
                per_application(1, half).total + per_application(half + 1, n).total,
                per_application(1, n).total
            );
        }
    }
}
