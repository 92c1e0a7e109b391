//! Section 二 of the annual report (主动公开政府信息情况): four blocks, ten numbers
//! (spec/annual-report.md). The 第二十条第（一）项 block — 规章 and 行政规范性文件 issued, repealed and
//! in force at the year's end — comes from the catalogue; the other six numbers come from other
//! systems and are entered by staff (until they are, they read as not filled in).

use serde::Serialize;

use super::format::SECTION2;

/// The block captions, in the report's order.
pub const BLOCKS: [&str; 4] = [
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
];

/// The columns of the first block (after 信息内容).
pub const CATALOGUE_COLUMNS: [&str; 3] = ["本年制发件数", "本年废止件数", "现行有效件数"];

/// The counts of the catalogue block: by row (规章, 行政规范性文件), then column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CatalogueBlock {
    /// 规章: issued, repealed, in force.
    pub rules: [u64; 3],
    /// 行政规范性文件: issued, repealed, in force.
    pub normative: [u64; 3],
}

/// One cell of section 二, keyed by its block, row and column labels.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Block caption.
    pub block: &'static str,
    /// Row label (信息内容).
    pub row: &'static str,
    /// Column label.
    pub column: &'static str,
    /// The figure; `None` until staff enter it.
    #[serde(serialize_with = "super::tables::whole_or_decimal")]
    pub value: Option<f64>,
}

/// The figures staff enter (whole numbers, 收费 in 万元).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct EnteredFigures {
    /// 行政许可 · 本年处理决定数量.
    pub licensing: Option<u64>,
    /// 行政处罚 · 本年处理决定数量.
    pub penalties: Option<u64>,
    /// 行政强制 · 本年处理决定数量.
    pub enforcement: Option<u64>,
    /// 行政事业性收费 · 本年收费金额（单位：万元）, kept in 元 (exact).
    pub fees_yuan: Option<u64>,
}

/// Section 二 as ten labelled cells, in the report's order (labels from
/// [`super::format::SECTION2`]).
pub fn cells(c: &CatalogueBlock, entered: &EnteredFigures) -> Vec<Cell> {
    #[allow(clippy::cast_precision_loss)]
    let n = |v: u64| v as f64;
    let values = c
        .rules
        .iter()
        .chain(&c.normative)
        .map(|v| Some(n(*v)))
        .chain([entered.licensing, entered.penalties, entered.enforcement].map(|v| v.map(n)))
        .chain([entered.fees_yuan.map(|y| n(y) / 10_000.0)]);
    SECTION2
        .iter()
        .zip(values)
        .map(|((block, row, column), value)| Cell {
            block,
            row,
            column,
            value,
        })
        .collect()
}

/// The largest count accepted for a block of decisions.
pub const MAX_DECISIONS: u64 = 1_000_000_000;

/// Reads a count of decisions as typed: empty is “not entered”; otherwise a whole number.
pub fn parse_count(input: &str) -> Result<Option<u64>, &'static str> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u64>() {
        Ok(n) if n <= MAX_DECISIONS => Ok(Some(n)),
        _ => Err("请填写不小于 0 的整数（件）"),
    }
}

/// Reads 收费金额 in 万元 as typed: empty is “not entered”; otherwise a decimal ≥ 0 with at
/// most four decimals (1 元 = 0.0001 万元). Returns the normalised text and its value.
pub fn parse_wan_yuan(input: &str) -> Result<Option<(String, f64)>, &'static str> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    const MESSAGE: &str = "收费金额以万元为单位，填写不小于 0 的数，最多四位小数（如 12.35）";
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 9
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > 4
    {
        return Err(MESSAGE);
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    let text = if fraction.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{fraction}")
    };
    text.parse::<f64>()
        .map(|v| Some((text.clone(), v)))
        .map_err(|_| MESSAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entered_figures_are_whole_counts_and_wan_yuan() {
        // spec/annual-report.md: 收费金额 is a decimal in 万元; the rest are whole numbers.
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count(" 12 "), Ok(Some(12)));
        assert!(parse_count("-1").is_err() && parse_count("1.5").is_err());
        assert_eq!(parse_wan_yuan(""), Ok(None));
        assert_eq!(
            parse_wan_yuan("012.3500"),
            Ok(Some(("12.35".to_owned(), 12.35)))
        );
        assert_eq!(parse_wan_yuan("0"), Ok(Some(("0".to_owned(), 0.0))));
        for bad in ["1.23456", "-3", "1e3", "1,000", ".5", "十二"] {
            assert!(parse_wan_yuan(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ten_numbers_in_four_blocks() {
        // 国办公开办函〔2021〕30号, section 二.
        let c = CatalogueBlock {
            rules: [1, 0, 5],
            normative: [3, 1, 12],
        };
        let cells = cells(&c, &EnteredFigures::default());
        assert_eq!(cells.len(), 10);
        assert_eq!(
            (
                cells[5].block,
                cells[5].row,
                cells[5].column,
                cells[5].value
            ),
            (
                "第二十条第（一）项",
                "行政规范性文件",
                "现行有效件数",
                Some(12.0)
            )
        );
        assert_eq!(cells[6].row, "行政许可");
        assert_eq!(cells[6].value, None);
        assert_eq!(cells[9].column, "本年收费金额（单位：万元）");
    }
}
