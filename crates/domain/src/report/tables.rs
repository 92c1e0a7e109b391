//! The report's three tables as one value (国办公开办函〔2021〕30号; spec/annual-report.md), whatever
//! they came from — the platform's data, a cell a member of staff overrode, an imported file or
//! the sum of a government's members — with the cells addressed by key and by label, the rules
//! R1–R4, the cross-year warnings and the cell-wise sum of aggregation.

use serde::{Deserialize, Serialize};

use super::applications::{self, Finding, Grid};
use super::format::{Format, Kind};
use crate::application::year::COLUMNS;

/// The six sections, exactly as the report heads them.
pub const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The cell of section 二 holding 收费金额 in the 2021 format, kept in 元 (0.0001 万元) so that
/// sums stay exact.
pub const FEE_CELL: usize = 9;

/// The three tables. A `None` is a blank cell (not entered, or blank in an imported file).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tables {
    /// The layout (snapshots stored before there were two read as 2021).
    #[serde(default)]
    pub format: Format,
    /// Section 二 in the order of [`Format::section2`]; amounts in 元.
    pub section2: Vec<Option<i64>>,
    /// Section 三: 25 rows (23 in the 2019 format) × 7 columns.
    pub section3: Grid,
    /// Section 四: the three groups of [`super::review::GROUPS`], each with the five
    /// [`super::review::RESULTS`].
    pub section4: [[Option<u64>; 5]; 3],
}

impl Default for Tables {
    fn default() -> Tables {
        Tables::blank(Format::F2021)
    }
}

/// A cell's address: `2.{i}` (section 二), `3.{row}.{column}` or `4.{group}.{column}` (0–2,
/// 0–4); what the numbers may be depends on the [`Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CellKey {
    /// Section 二.
    Two(usize),
    /// Section 三: row, column.
    Three(usize, usize),
    /// Section 四: group, column.
    Four(usize, usize),
}

impl CellKey {
    /// The key as text (what [`Format::key`] reads).
    pub fn as_text(self) -> String {
        match self {
            CellKey::Two(i) => format!("2.{i}"),
            CellKey::Three(r, c) => format!("3.{r}.{c}"),
            CellKey::Four(g, c) => format!("4.{g}.{c}"),
        }
    }
}

/// 元 from a normalised 万元 text of at most four decimals (`12.35` → 123 500).
pub fn yuan_of_wan_yuan(text: &str) -> u64 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let fraction = format!("{fraction:0<4}");
    whole.parse::<u64>().unwrap_or(0) * 10_000 + fraction[..4].parse::<u64>().unwrap_or(0)
}

/// 万元 of an amount in 元, with no trailing zeros (123 500 → `12.35`, 10 000 → `1`).
pub fn wan_yuan_text(yuan: u64) -> String {
    let whole = yuan / 10_000;
    let fraction = yuan % 10_000;
    if fraction == 0 {
        return whole.to_string();
    }
    let f = format!("{fraction:04}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}

/// One cell keyed by its labels (the JSON export).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledCell {
    /// 二、三 or 四.
    pub section: String,
    /// Row label.
    pub row: String,
    /// Column label.
    pub column: String,
    /// The figure (收费金额 in 万元); `null` for a blank cell. Whole figures are written as
    /// integers.
    #[serde(serialize_with = "whole_or_decimal")]
    pub value: Option<f64>,
}

/// Serialises a figure: whole numbers as integers, others as decimals.
#[allow(clippy::ref_option)]
pub(crate) fn whole_or_decimal<S: serde::Serializer>(
    v: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        #[allow(clippy::cast_possible_truncation)]
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}

impl Tables {
    /// Blank tables of a format.
    pub fn blank(format: Format) -> Tables {
        Tables {
            format,
            section2: vec![None; format.section2().len()],
            section3: Grid {
                cells: vec![[None; COLUMNS]; format.rows()],
            },
            section4: [[None; 5]; 3],
        }
    }

    /// The figure of a cell.
    pub fn get(&self, key: CellKey) -> Option<i64> {
        let signed = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        match key {
            CellKey::Two(i) => self.section2.get(i).copied().flatten(),
            CellKey::Three(r, c) => self
                .section3
                .cells
                .get(r)
                .and_then(|row| row[c])
                .map(signed),
            CellKey::Four(g, c) => self.section4[g][c].map(signed),
        }
    }

    /// Sets the figure of a cell (sections 三 and 四 hold counts: a negative reads as 0).
    pub fn set(&mut self, key: CellKey, value: Option<i64>) {
        let count = |v: i64| u64::try_from(v).unwrap_or(0);
        match key {
            CellKey::Two(i) => {
                if self.section2.len() <= i {
                    self.section2.resize(i + 1, None);
                }
                self.section2[i] = value;
            }
            CellKey::Three(r, c) => {
                if self.section3.cells.len() <= r {
                    self.section3.cells.resize(r + 1, [None; COLUMNS]);
                }
                self.section3.cells[r][c] = value.map(count);
            }
            CellKey::Four(g, c) => self.section4[g][c] = value.map(count),
        }
    }

    /// `row label × column label` of a cell in these tables' format.
    pub fn name(&self, key: CellKey) -> String {
        self.format.name(key)
    }

    /// Every cell keyed by its labels, in the report's order.
    pub fn labelled(&self) -> Vec<LabelledCell> {
        self.format
            .keys()
            .into_iter()
            .map(|key| {
                let (section, row, column) = self.format.labels(key);
                #[allow(clippy::cast_precision_loss)]
                let value = self.get(key).map(|v| {
                    if self.format.kind(key) == Kind::Amount {
                        v as f64 / 10_000.0
                    } else {
                        v as f64
                    }
                });
                LabelledCell {
                    section: section.to_owned(),
                    row,
                    column,
                    value,
                }
            })
            .collect()
    }

    /// Adds `other` cell by cell (aggregation): blank + blank stays blank, otherwise blanks
    /// read as 0. Tables of another format are not added: returns whether they were.
    pub fn add(&mut self, other: &Tables) -> bool {
        if other.format != self.format {
            return false;
        }
        for key in self.format.keys() {
            let sum = match (self.get(key), other.get(key)) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
            };
            self.set(key, sum);
        }
        true
    }
}

/// R1–R3 on section 三 and R4 on section 四 (spec/annual-report.md). Any finding blocks
/// publication. Blank cells read as 0; a blank 总计 is reported as 总计列未填写.
pub fn check(t: &Tables) -> Vec<Finding> {
    let mut out = applications::check(&t.section3, t.format);
    for (g, cells) in t.section4.iter().enumerate() {
        let parts: u64 = cells[..4].iter().map(|c| c.unwrap_or(0)).sum();
        let cell = t.name(CellKey::Four(g, 4));
        match cells[4] {
            None if parts > 0 => out.push(Finding {
                rule: "总计列未填写",
                message: format!("第四部分的“{cell}”未填写"),
            }),
            Some(total) if total != parts => out.push(Finding {
                rule: "R4",
                message: format!(
                    "“{cell}”（{total}）不等于结果维持、结果纠正、其他结果、尚未审结之和（{parts}）"
                ),
            }),
            _ => {}
        }
    }
    out
}

/// The blank cells: each blocks publication, named, because a blank is not a 0 — a figure the
/// agency does not have must be typed as 0 (issue: "正文齐全" passed with section 二 blank).
pub fn blanks(t: &Tables) -> Vec<Finding> {
    t.format
        .keys()
        .into_iter()
        .filter(|k| t.get(*k).is_none())
        .map(|k| Finding {
            rule: "空白",
            message: format!(
                "第{}部分的“{}”未填写（没有的请填 0）",
                t.format.labels(k).0,
                t.name(k)
            ),
        })
        .collect()
}

/// The cells whose figure differs between two versions of the same report (a 更正), as
/// `row × column：old → new` (blank shown as 空白), in the report's order; `None` when the two are
/// in different formats.
pub fn changes(before: &Tables, after: &Tables) -> Option<Vec<String>> {
    if before.format != after.format {
        return None;
    }
    let f = after.format;
    let shown = |k: CellKey, v: Option<i64>| match f.text(k, v) {
        t if t.is_empty() => "空白".to_owned(),
        t => t,
    };
    Some(
        f.keys()
            .into_iter()
            .filter(|k| before.get(*k) != after.get(*k))
            .map(|k| {
                format!(
                    "“{}”由{}更正为{}",
                    after.name(k),
                    shown(k, before.get(k)),
                    shown(k, after.get(k))
                )
            })
            .collect(),
    )
}

/// The cross-year warnings between the previous year's tables and this year's (they do not
/// block publication): 上年结转(t) = 结转下年度(t−1) per column, and 现行有效件数(t) =
/// 现行有效件数(t−1) + 本年制发件数(t) − 本年废止件数(t) for 规章 and 行政规范性文件.
pub fn cross_year(previous: &Tables, current: &Tables) -> Vec<Finding> {
    let mut out = Vec::new();
    let last = previous.format.rows() - 1;
    for c in 0..COLUMNS {
        let now = current.get(CellKey::Three(1, c)).unwrap_or(0);
        let before = previous.get(CellKey::Three(last, c)).unwrap_or(0);
        if now != before {
            out.push(Finding {
                rule: "跨年度",
                message: format!(
                    "“{}”（{now}）与上一年度报告的“{}”（{before}）不一致",
                    current.name(CellKey::Three(1, c)),
                    previous.name(CellKey::Three(last, c)),
                ),
            });
        }
    }
    // 现行有效件数 exists in the 2021 format only.
    if (previous.format, current.format) != (Format::F2021, Format::F2021) {
        return out;
    }
    for first in [0, 3] {
        let v = |t: &Tables, i: usize| t.get(CellKey::Two(i)).unwrap_or(0);
        let expected = v(previous, first + 2) + v(current, first) - v(current, first + 1);
        let actual = v(current, first + 2);
        if actual != expected {
            out.push(Finding {
                rule: "跨年度",
                message: format!(
                    "“{}”（{actual}）不等于上一年度的现行有效件数（{}）加本年制发件数（{}）减本年废止件数（{}），即 {expected}",
                    current.name(CellKey::Two(first + 2)),
                    v(previous, first + 2),
                    v(current, first),
                    v(current, first + 1),
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blank_cell_is_named_and_a_typed_zero_is_not() {
        // A blank is not a 0: every blank cell blocks publication, named by its labels.
        let mut t = Tables::default();
        for k in t.format.keys() {
            t.set(k, Some(0));
        }
        assert!(blanks(&t).is_empty());
        t.set(CellKey::Two(6), None);
        let b = blanks(&t);
        assert_eq!(b.len(), 1);
        assert!(
            b[0].message.starts_with("第二部分的“第二十条第（五）项"),
            "{}",
            b[0].message
        );
        assert!(b[0].message.contains("没有的请填 0"));
        assert_eq!(blanks(&Tables::default()).len(), Format::F2021.keys().len());
    }

    #[test]
    fn a_correction_lists_the_cells_it_changed() {
        let mut before = Tables::default();
        for k in before.format.keys() {
            before.set(k, Some(0));
        }
        let mut after = before.clone();
        after.set(CellKey::Two(6), Some(12));
        after.set(CellKey::Three(0, 0), None);
        let c = changes(&before, &after).unwrap();
        assert_eq!(c.len(), 2);
        assert!(c[0].ends_with("由0更正为12"), "{c:?}");
        assert!(c[1].ends_with("由0更正为空白"), "{c:?}");
        assert_eq!(changes(&before, &before), Some(vec![]));
        assert_eq!(changes(&Tables::blank(Format::F2019), &after), None);
    }

    use super::*;

    fn balanced() -> Tables {
        let mut t = Tables::default();
        for c in [0, 6] {
            t.set(CellKey::Three(0, c), Some(4)); // 一、本年新收
            t.set(CellKey::Three(1, c), Some(1)); // 二、上年结转
            t.set(CellKey::Three(2, c), Some(3)); // （一）予以公开
            t.set(CellKey::Three(23, c), Some(3)); // （七）总计
            t.set(CellKey::Three(24, c), Some(2)); // 四、结转下年度
        }
        t.section4[0] = [Some(1), Some(0), Some(0), Some(1), Some(2)];
        t
    }

    #[test]
    fn keys_round_trip_and_name_their_cells_by_label() {
        let f = Format::F2021;
        assert_eq!(f.keys().len(), 200);
        for key in f.keys() {
            assert_eq!(f.key(&key.as_text()), Some(key));
        }
        for bad in [
            "", "2", "2.10", "3.25.0", "3.0.7", "4.3.0", "5.0", "3.a.1", "2.-1",
        ] {
            assert_eq!(f.key(bad), None, "{bad}");
        }
        assert_eq!(
            f.name(CellKey::Three(6, 2)),
            "3.危及“三安全一稳定” × 科研机构"
        );
        assert_eq!(
            f.labels(CellKey::Two(9)),
            (
                "二",
                "第二十条第（八）项 · 行政事业性收费".to_owned(),
                "本年收费金额（单位：万元）".to_owned()
            )
        );
        assert_eq!(
            f.name(CellKey::Four(1, 3)),
            "行政诉讼·未经复议直接起诉 × 尚未审结"
        );
    }

    #[test]
    fn fees_are_exact_in_wan_yuan() {
        // spec/annual-report.md: 收费金额 is a decimal in 万元.
        let f = Format::F2021;
        let fee = CellKey::Two(FEE_CELL);
        assert_eq!(f.parse_value(fee, "12.35"), Ok(Some(123_500)));
        assert_eq!(f.parse_value(fee, "0.0001"), Ok(Some(1)));
        assert_eq!(f.text(fee, Some(123_500)), "12.35");
        assert_eq!(f.text(fee, Some(10_000)), "1");
        assert_eq!(f.text(fee, Some(7)), "0.0007");
        assert!(f.parse_value(fee, "1.23456").is_err());
        assert!(f.parse_value(CellKey::Two(0), "1.5").is_err());
        // Three agencies' 0.1 万元 sum to exactly 0.3.
        let mut sum = Tables::default();
        let mut one = Tables::default();
        one.set(fee, f.parse_value(fee, "0.1").unwrap());
        for _ in 0..3 {
            assert!(sum.add(&one));
        }
        assert_eq!(f.text(fee, sum.get(fee)), "0.3");
        let cells = sum.labelled();
        assert_eq!(cells[FEE_CELL].value, Some(0.3));
        assert_eq!(cells[0].value, None);
        // Tables of another format are not summed.
        assert!(!sum.add(&Tables::blank(Format::F2019)));
    }

    #[test]
    fn r4_fails_when_a_total_is_not_its_four_results() {
        // 国办公开办函〔2021〕30号, section 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
        let mut t = balanced();
        assert!(check(&t).is_empty(), "{:?}", check(&t));
        t.section4[2] = [Some(1), None, Some(1), None, Some(3)];
        let found = check(&t);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "R4");
        assert_eq!(
            found[0].message,
            "“行政诉讼·复议后起诉 × 总计”（3）不等于结果维持、结果纠正、其他结果、尚未审结之和（2）"
        );
        t.section4[2][4] = None;
        assert_eq!(check(&t)[0].rule, "总计列未填写");
        // R1 on the same tables: a 新收 changed alone.
        let mut t = balanced();
        t.set(CellKey::Three(0, 0), Some(5));
        let rules: Vec<&str> = check(&t).iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["R1", "R3"]);
    }

    #[test]
    fn cross_year_warnings_name_both_years_cells() {
        // spec/annual-report.md, cross-year (warn): 上年结转(t) = 结转下年度(t−1); 现行有效件数(t) =
        // 现行有效件数(t−1) + 本年制发件数(t) − 本年废止件数(t).
        let mut previous = balanced();
        let mut current = balanced();
        // 上年结转 (1) must equal last year's 结转下年度 (2).
        let found = cross_year(&previous, &current);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0].message,
            "“二、上年结转政府信息公开申请数量 × 自然人”（1）与上一年度报告的“四、结转下年度继续办理 × 自然人”（2）不一致"
        );
        for c in [0, 6] {
            previous.set(CellKey::Three(24, c), Some(1));
        }
        assert!(cross_year(&previous, &current).is_empty());
        // 规章 in force: 5 last year + 2 issued − 1 repealed = 6.
        previous.set(CellKey::Two(2), Some(5));
        current.set(CellKey::Two(0), Some(2));
        current.set(CellKey::Two(1), Some(1));
        current.set(CellKey::Two(2), Some(7));
        let found = cross_year(&previous, &current);
        assert_eq!(
            found[0].message,
            "“第二十条第（一）项 · 规章 × 现行有效件数”（7）不等于上一年度的现行有效件数（5）加本年制发件数（2）减本年废止件数（1），即 6"
        );
        current.set(CellKey::Two(2), Some(6));
        assert!(cross_year(&previous, &current).is_empty());
        // From a 2020 report (2019 format, 23 rows) to 2021: 结转下年度 is its last row, and
        // 现行有效件数 has no counterpart.
        let mut before = Tables::blank(Format::F2019);
        before.set(CellKey::Three(22, 0), Some(1));
        before.set(CellKey::Three(22, 6), Some(1));
        current.set(CellKey::Two(2), Some(9));
        assert!(cross_year(&before, &current).is_empty());
        before.set(CellKey::Three(22, 6), Some(2));
        assert_eq!(
            cross_year(&before, &current)[0].message,
            "“二、上年结转政府信息公开申请数量 × 总计”（1）与上一年度报告的“四、结转下年度继续办理 × 总计”（2）不一致"
        );
    }

    #[test]
    fn aggregation_sums_cell_by_cell() {
        // spec/annual-report.md, Aggregation: cell-wise sums of the members' tables.
        let mut sum = Tables::default();
        assert!(sum.add(&balanced()));
        assert!(sum.add(&balanced()));
        assert_eq!(sum.get(CellKey::Three(0, 6)), Some(8));
        assert_eq!(sum.get(CellKey::Three(0, 1)), None);
        assert_eq!(sum.get(CellKey::Four(0, 4)), Some(4));
        assert!(check(&sum).is_empty());
    }
}
