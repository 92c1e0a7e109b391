//! The two layouts of the report's tables (spec/annual-report.md): the 2021 format
//! (国办公开办函〔2021〕30号), in which the platform computes every report, and the 2019–2020
//! format (国办公开办函〔2019〕60号), which reports of 2019 and 2020 made elsewhere were written in
//! and are imported and shown in. They differ in section 二 (another table of 22 figures) and in
//! section 三 (（六）其他处理 is one row without sub-rows); section 四 is the same. The spec says
//! “22 rows instead of 25”, but its own description — 25 rows less （六）'s three sub-rows plus
//! （六） itself — gives 23, and so do the 2019 and 2020 reports agencies published: 23 rows.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::catalogue::{self, BLOCKS, CATALOGUE_COLUMNS};
use super::review::{GROUPS, RESULTS};
use super::tables::{CellKey, wan_yuan_text, yuan_of_wan_yuan};
use crate::application::year::{COLUMNS, YearCounts, column_label};

/// A layout of the tables.
#[derive(
    utoipa::ToSchema, Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
pub enum Format {
    /// 国办公开办函〔2021〕30号: reports from 2021 on.
    #[default]
    #[serde(rename = "2021")]
    F2021,
    /// 国办公开办函〔2019〕60号: reports of 2019 and 2020.
    #[serde(rename = "2019")]
    F2019,
}

const DECISIONS: &str = "本年处理决定数量";
const FEES: &str = "本年收费金额（单位：万元）";

/// Section 二 of the 2021 format as (block caption, 信息内容, column), in the report's order.
pub const SECTION2: [(&str, &str, &str); 10] = [
    (BLOCKS[0], "规章", CATALOGUE_COLUMNS[0]),
    (BLOCKS[0], "规章", CATALOGUE_COLUMNS[1]),
    (BLOCKS[0], "规章", CATALOGUE_COLUMNS[2]),
    (BLOCKS[0], "行政规范性文件", CATALOGUE_COLUMNS[0]),
    (BLOCKS[0], "行政规范性文件", CATALOGUE_COLUMNS[1]),
    (BLOCKS[0], "行政规范性文件", CATALOGUE_COLUMNS[2]),
    (BLOCKS[1], "行政许可", DECISIONS),
    (BLOCKS[2], "行政处罚", DECISIONS),
    (BLOCKS[2], "行政强制", DECISIONS),
    (BLOCKS[3], "行政事业性收费", FEES),
];

/// The block captions of the 2019–2020 format.
pub const BLOCKS_2019: [&str; 5] = [
    BLOCKS[0],
    BLOCKS[1],
    BLOCKS[2],
    BLOCKS[3],
    "第二十条第（九）项",
];

const MADE: &str = "本年新制作数量";
const PUBLISHED: &str = "本年新公开数量";
const ALL_PUBLISHED: &str = "对外公开总数量";
const ITEMS: &str = "上一年项目数量";
const CHANGE: &str = "本年增/减";
const DECIDED: &str = "处理决定数量";
const PURCHASES: &str = "采购项目数量";
const PURCHASE_TOTAL: &str = "采购总金额";

/// Section 二 of the 2019–2020 format, as [`SECTION2`].
pub const SECTION2_2019: [(&str, &str, &str); 22] = [
    (BLOCKS[0], "规章", MADE),
    (BLOCKS[0], "规章", PUBLISHED),
    (BLOCKS[0], "规章", ALL_PUBLISHED),
    (BLOCKS[0], "规范性文件", MADE),
    (BLOCKS[0], "规范性文件", PUBLISHED),
    (BLOCKS[0], "规范性文件", ALL_PUBLISHED),
    (BLOCKS[1], "行政许可", ITEMS),
    (BLOCKS[1], "行政许可", CHANGE),
    (BLOCKS[1], "行政许可", DECIDED),
    (BLOCKS[1], "其他对外管理服务事项", ITEMS),
    (BLOCKS[1], "其他对外管理服务事项", CHANGE),
    (BLOCKS[1], "其他对外管理服务事项", DECIDED),
    (BLOCKS[2], "行政处罚", ITEMS),
    (BLOCKS[2], "行政处罚", CHANGE),
    (BLOCKS[2], "行政处罚", DECIDED),
    (BLOCKS[2], "行政强制", ITEMS),
    (BLOCKS[2], "行政强制", CHANGE),
    (BLOCKS[2], "行政强制", DECIDED),
    (BLOCKS[3], "行政事业性收费", ITEMS),
    (BLOCKS[3], "行政事业性收费", CHANGE),
    (BLOCKS_2019[4], "政府集中采购", PURCHASES),
    (BLOCKS_2019[4], "政府集中采购", PURCHASE_TOTAL),
];

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number ≥ 0.
    Count,
    /// A whole number that may be negative (本年增/减).
    Change,
    /// An amount in 万元 with up to four decimals, kept in 0.0001 万元 (元) so sums stay exact.
    Amount,
}

/// A row of section 三: its label, its level (0 for 一…四, 1 for （一）…（七）, 2 for numbered
/// sub-rows) and whether it has figures (group labels have none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSpec {
    /// The label, verbatim.
    pub label: String,
    /// The level.
    pub level: u8,
    /// Whether the row has figures.
    pub figures: bool,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 2] = [Format::F2021, Format::F2019];

    /// `2021` or `2019`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::F2021 => "2021",
            Format::F2019 => "2019",
        }
    }

    /// Reads [`Format::as_str`].
    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// The document that set the format, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::F2021 => "2021年格式（国办公开办函〔2021〕30号）",
            Format::F2019 => "2019—2020年格式（国办公开办函〔2019〕60号）",
        }
    }

    /// The format a report of `year` is written in; before 2019 there was none.
    pub fn of_year(year: i32) -> Option<Format> {
        match year {
            ..=2018 => None,
            2019 | 2020 => Some(Format::F2019),
            _ => Some(Format::F2021),
        }
    }

    /// Section 二's block captions.
    pub fn blocks(self) -> &'static [&'static str] {
        match self {
            Format::F2021 => &BLOCKS,
            Format::F2019 => &BLOCKS_2019,
        }
    }

    /// Section 二's cells as (block caption, 信息内容, column).
    pub fn section2(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            Format::F2021 => &SECTION2,
            Format::F2019 => &SECTION2_2019,
        }
    }

    /// Section 三's rows, group labels included.
    pub fn section3(self) -> Vec<RowSpec> {
        let rows = YearCounts::default().rows();
        let mut out = Vec::new();
        let mut skip_below = None;
        for r in rows {
            if skip_below.is_some_and(|level| r.level > level) {
                continue;
            }
            skip_below = None;
            // 2019–2020: （六）其他处理 is one row with figures of its own.
            let merged =
                self == Format::F2019 && r.figures.is_none() && r.label == "（六）其他处理";
            if merged {
                skip_below = Some(r.level);
            }
            out.push(RowSpec {
                label: r.label,
                level: r.level,
                figures: r.figures.is_some() || merged,
            });
        }
        out
    }

    /// The labels of section 三's rows with figures, in order (built once per format: every
    /// cell's name reads them).
    pub fn row_labels(self) -> &'static [String] {
        static LABELS: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
            Format::ALL.map(|f| {
                f.section3()
                    .into_iter()
                    .filter(|r| r.figures)
                    .map(|r| r.label)
                    .collect()
            })
        });
        &LABELS[self as usize]
    }

    /// The number of section 三's rows with figures (25, or 23 in the 2019 format).
    pub fn rows(self) -> usize {
        match self {
            Format::F2021 => 25,
            Format::F2019 => 23,
        }
    }

    /// Every cell, in the report's order.
    pub fn keys(self) -> Vec<CellKey> {
        let mut out: Vec<CellKey> = (0..self.section2().len()).map(CellKey::Two).collect();
        for r in 0..self.rows() {
            out.extend((0..COLUMNS).map(|c| CellKey::Three(r, c)));
        }
        for g in 0..GROUPS.len() {
            out.extend((0..RESULTS.len()).map(|c| CellKey::Four(g, c)));
        }
        out
    }

    /// Reads `2.9`, `3.24.6`, `4.2.4`; anything else (or out of range) is `None`.
    pub fn key(self, text: &str) -> Option<CellKey> {
        let parts: Vec<usize> = text
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        let key = match parts.as_slice() {
            [2, i] => CellKey::Two(*i),
            [3, r, c] => CellKey::Three(*r, *c),
            [4, g, c] => CellKey::Four(*g, *c),
            _ => return None,
        };
        let in_range = match key {
            CellKey::Two(i) => i < self.section2().len(),
            CellKey::Three(r, c) => r < self.rows() && c < COLUMNS,
            CellKey::Four(g, c) => g < GROUPS.len() && c < RESULTS.len(),
        };
        in_range.then_some(key)
    }

    /// Section (二、三 or 四), row label and column label. Section 二's row is
    /// `block caption · 信息内容`; section 四's row is its group.
    pub fn labels(self, key: CellKey) -> (&'static str, String, String) {
        match key {
            CellKey::Two(i) => {
                let (block, row, column) = self.section2()[i];
                ("二", format!("{block} · {row}"), column.to_owned())
            }
            CellKey::Three(r, c) => (
                "三",
                self.row_labels()[r].clone(),
                column_label(c).to_owned(),
            ),
            CellKey::Four(g, c) => ("四", GROUPS[g].to_owned(), RESULTS[c].to_owned()),
        }
    }

    /// `row label × column label`, as messages name a cell.
    pub fn name(self, key: CellKey) -> String {
        let (_, row, column) = self.labels(key);
        format!("{row} × {column}")
    }

    /// What the cell holds.
    pub fn kind(self, key: CellKey) -> Kind {
        match key {
            CellKey::Two(i) => match self.section2()[i].2 {
                FEES | PURCHASE_TOTAL => Kind::Amount,
                CHANGE => Kind::Change,
                _ => Kind::Count,
            },
            _ => Kind::Count,
        }
    }

    /// Reads a figure typed for a cell: empty is blank; an amount in 万元 (kept in 元), a 本年增/减
    /// signed, every other cell a whole number ≥ 0.
    pub fn parse_value(self, key: CellKey, input: &str) -> Result<Option<i64>, &'static str> {
        let signed = |v: u64| i64::try_from(v).map_err(|_| "数字过大");
        match self.kind(key) {
            Kind::Amount => catalogue::parse_wan_yuan(input)?
                .map(|(text, _)| signed(yuan_of_wan_yuan(&text)))
                .transpose(),
            Kind::Count => catalogue::parse_count(input)?.map(signed).transpose(),
            Kind::Change => parse_change(input),
        }
    }

    /// A figure as shown and typed: amounts in 万元, counts as they are, blank as "".
    pub fn text(self, key: CellKey, value: Option<i64>) -> String {
        match (value, self.kind(key)) {
            (None, _) => String::new(),
            (Some(v), Kind::Amount) => wan_yuan_text(v.unsigned_abs()),
            (Some(v), _) => v.to_string(),
        }
    }
}

/// Reads 本年增/减: a whole number, negative for a decrease (`-2`, `−2`, `－2`), `+3` or `3` for an
/// increase.
fn parse_change(input: &str) -> Result<Option<i64>, &'static str> {
    const MESSAGE: &str = "本年增/减请填写整数，减少填负数（如 -2）";
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (negative, digits) = match t.chars().next() {
        Some('-' | '−' | '－') => (true, &t[t.chars().next().map_or(0, char::len_utf8)..]),
        Some('+' | '＋') => (false, &t[t.chars().next().map_or(0, char::len_utf8)..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(MESSAGE);
    }
    match digits.parse::<i64>() {
        Ok(n) if n.unsigned_abs() <= catalogue::MAX_DECISIONS => {
            Ok(Some(if negative { -n } else { n }))
        }
        _ => Err(MESSAGE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2019_format_has_23_rows_and_its_own_section_two() {
        // spec/annual-report.md, The 2019–2020 format (国办公开办函〔2019〕60号): （六）其他处理 is
        // one row — 23 rows, not 25 (the spec's “22” miscounts); section 二 in five blocks.
        let rows = Format::F2019.row_labels();
        assert_eq!(rows.len(), Format::F2019.rows(), "{rows:?}");
        assert_eq!(rows.len(), 23);
        assert_eq!(rows[20], "（六）其他处理");
        assert_eq!(rows[21], "（七）总计");
        assert_eq!(rows[22], "四、结转下年度继续办理");
        assert_eq!(Format::F2021.row_labels().len(), 25);
        assert_eq!(Format::F2021.row_labels()[22], "3.其他");
        let groups: Vec<String> = Format::F2019
            .section3()
            .into_iter()
            .filter(|r| !r.figures)
            .map(|r| r.label)
            .collect();
        assert_eq!(
            groups,
            [
                "三、本年度办理结果",
                "（三）不予公开",
                "（四）无法提供",
                "（五）不予处理"
            ]
        );
        assert_eq!(Format::F2019.keys().len(), 22 + 23 * 7 + 15);
        assert_eq!(Format::F2021.keys().len(), 200);
        assert_eq!(
            Format::F2019.name(CellKey::Two(10)),
            "第二十条第（五）项 · 其他对外管理服务事项 × 本年增/减"
        );
        assert_eq!(
            Format::F2019.name(CellKey::Two(21)),
            "第二十条第（九）项 · 政府集中采购 × 采购总金额"
        );
        assert_eq!(Format::F2019.key("2.21"), Some(CellKey::Two(21)));
        assert_eq!(Format::F2021.key("2.21"), None);
        assert_eq!(Format::F2019.key("3.22.0"), Some(CellKey::Three(22, 0)));
        assert_eq!(Format::F2019.key("3.23.0"), None);
        assert_eq!(Format::of_year(2018), None);
        assert_eq!(Format::of_year(2020), Some(Format::F2019));
        assert_eq!(Format::of_year(2021), Some(Format::F2021));
    }

    #[test]
    fn changes_may_be_negative_and_amounts_are_exact() {
        let f = Format::F2019;
        let change = CellKey::Two(7);
        assert_eq!(f.kind(change), Kind::Change);
        assert_eq!(f.parse_value(change, "-2"), Ok(Some(-2)));
        assert_eq!(f.parse_value(change, "－2"), Ok(Some(-2)));
        assert_eq!(f.parse_value(change, "+3"), Ok(Some(3)));
        assert_eq!(f.parse_value(change, ""), Ok(None));
        assert!(f.parse_value(change, "1.5").is_err());
        assert!(f.parse_value(change, "-").is_err());
        assert!(f.parse_value(CellKey::Two(8), "-2").is_err());
        assert_eq!(
            f.parse_value(CellKey::Two(21), "356.8"),
            Ok(Some(3_568_000))
        );
        assert_eq!(f.text(CellKey::Two(21), Some(3_568_000)), "356.8");
        assert_eq!(f.text(change, Some(-2)), "-2");
    }
}
