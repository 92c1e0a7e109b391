//! Section 四 of the annual report: 行政复议 and 行政诉讼 about the agency's replies — 1 row × 15
//! columns (spec/annual-report.md). A case counts in the year its result is reported: decided in
//! the year by its result, or still open at the year's end as 尚未审结. Rule R4: each 总计 is the
//! sum of its four results.

use serde::Serialize;

/// The three groups of columns, in the report's order.
pub const GROUPS: [&str; 3] = [
    "行政复议",
    "行政诉讼·未经复议直接起诉",
    "行政诉讼·复议后起诉",
];

/// The five columns of each group, in the report's order.
pub const RESULTS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The group of a stored appeal kind.
pub fn group(kind: &str) -> Option<usize> {
    match kind {
        "review" => Some(0),
        "litigation_direct" => Some(1),
        "litigation_after_review" => Some(2),
        _ => None,
    }
}

/// The result column of a stored result.
pub fn result(stored: &str) -> Option<usize> {
    match stored {
        "maintained" => Some(0),
        "corrected" => Some(1),
        "other" => Some(2),
        "pending" => Some(3),
        _ => None,
    }
}

/// The fifteen figures: three groups of five.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReviewTable {
    /// By group, then column (the 总计 column included).
    pub cells: [[u64; 5]; 3],
}

impl ReviewTable {
    /// Counts one case of `kind` with `result` (stored names); unknown names are ignored.
    pub fn add(&mut self, kind: &str, result_name: &str, n: u64) {
        if let (Some(g), Some(r)) = (group(kind), result(result_name)) {
            self.cells[g][r] += n;
            self.cells[g][4] += n;
        }
    }

    /// R4: the cells whose 总计 is not the sum of its four results, named `group × 总计`.
    pub fn r4_failures(&self) -> Vec<String> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, g)| g[..4].iter().sum::<u64>() != g[4])
            .map(|(i, _)| format!("{} × 总计", GROUPS[i]))
            .collect()
    }

    /// Every cell keyed by its labels (`行政复议 / 结果维持` …), in the report's order.
    pub fn labelled(&self) -> Vec<(String, u64)> {
        let mut out = Vec::with_capacity(15);
        for (g, group) in GROUPS.iter().enumerate() {
            for (r, column) in RESULTS.iter().enumerate() {
                out.push((format!("{group} / {column}"), self.cells[g][r]));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifteen_columns_in_the_reports_order() {
        // 国办公开办函〔2021〕30号, section 四: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉),
        // each 结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计.
        let t = ReviewTable::default();
        let labels: Vec<String> = t.labelled().into_iter().map(|(l, _)| l).collect();
        assert_eq!(labels.len(), 15);
        assert_eq!(labels[0], "行政复议 / 结果维持");
        assert_eq!(labels[9], "行政诉讼·未经复议直接起诉 / 总计");
        assert_eq!(labels[13], "行政诉讼·复议后起诉 / 尚未审结");
    }

    #[test]
    fn r4_holds_when_counted_and_names_the_cell_when_not() {
        let mut t = ReviewTable::default();
        t.add("review", "maintained", 2);
        t.add("review", "pending", 1);
        t.add("litigation_after_review", "corrected", 1);
        t.add("unknown", "maintained", 5);
        assert_eq!(t.cells[0], [2, 0, 0, 1, 3]);
        assert_eq!(t.cells[2], [0, 1, 0, 0, 1]);
        assert!(t.r4_failures().is_empty());
        // A typed-in figure that does not add up (imported or overridden reports).
        t.cells[1][4] = 4;
        assert_eq!(t.r4_failures(), ["行政诉讼·未经复议直接起诉 × 总计"]);
    }
}
