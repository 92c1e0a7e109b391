//! Section 三 of the annual report as a grid of 25 rows (23 in the 2019 format) × 7 columns, for figures that do not come
//! from the platform's own cases (imported reports, overridden cells, aggregated reports), with
//! the arithmetic rules R1–R3 (spec/annual-report.md). A blank cell reads as 0; a blank 总计
//! column is one finding, 总计列未填写, not 25 arithmetic errors.

use serde::{Deserialize, Serialize};

use super::format::Format;
use crate::application::year::{COLUMNS, YearCounts, column_label};

const NEW: usize = 0;
const CARRIED_OVER: usize = 1;
const DISCLOSED: usize = 2;
const TOTAL_COLUMN: usize = COLUMNS - 1;

/// The grid: `None` is a blank cell.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    /// Rows in the report's order, then the seven columns.
    pub cells: Vec<[Option<u64>; COLUMNS]>,
}

impl Grid {
    /// The grid of counted figures (every cell filled).
    pub fn of(counts: &YearCounts) -> Grid {
        Grid {
            cells: counts
                .rows()
                .into_iter()
                .filter_map(|r| r.figures)
                .map(|f| f.map(Some))
                .collect(),
        }
    }

    fn at(&self, row: usize, column: usize) -> u64 {
        self.cells.get(row).and_then(|r| r[column]).unwrap_or(0)
    }
}

/// A failed rule, with the message naming its cells (row label × column label).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
#[schema(as = ReportFinding)]
pub struct Finding {
    /// R1, R2, R3, or 总计列未填写.
    pub rule: &'static str,
    /// The message.
    pub message: String,
}

/// Checks R1 (per column: 一 + 二 = （七）总计 + 四), R2 (per column: （七）总计 = （一）+（二）+ the
/// 19 sub-rows — 17 sub-rows and （六） in the 2019 format) and R3 (per row: 总计 = the six
/// applicant columns).
pub fn check(grid: &Grid, format: Format) -> Vec<Finding> {
    let labels = format.row_labels();
    let rows = labels.len();
    let (total, carried_forward) = (rows - 2, rows - 1);
    let mut out = Vec::new();
    if grid.cells.len() != rows {
        out.push(Finding {
            rule: "格式",
            message: format!("第三部分应有 {rows} 行数据，实际为 {} 行", grid.cells.len()),
        });
        return out;
    }
    let total_blank = grid.cells.iter().all(|r| r[TOTAL_COLUMN].is_none());
    let any_filled = grid
        .cells
        .iter()
        .any(|r| r[..TOTAL_COLUMN].iter().any(Option::is_some));
    if total_blank && any_filled {
        out.push(Finding {
            rule: "总计列未填写",
            message: "第三部分的“总计”列未填写".to_owned(),
        });
    }
    let columns = if total_blank { TOTAL_COLUMN } else { COLUMNS };
    for c in 0..columns {
        let left = grid.at(NEW, c) + grid.at(CARRIED_OVER, c);
        let right = grid.at(total, c) + grid.at(carried_forward, c);
        if left != right {
            out.push(Finding {
                rule: "R1",
                message: format!(
                    "“{}”列：第一项加第二项之和（{left}）不等于第三项加第四项之和（{right}）",
                    column_label(c)
                ),
            });
        }
        let parts: u64 = (DISCLOSED..total).map(|r| grid.at(r, c)).sum();
        if parts != grid.at(total, c) {
            out.push(Finding {
                rule: "R2",
                message: format!(
                    "“{} × {}”（{}）不等于各项办理结果之和（{parts}）",
                    labels[total],
                    column_label(c),
                    grid.at(total, c)
                ),
            });
        }
    }
    if !total_blank {
        for (r, label) in labels.iter().enumerate() {
            let parts: u64 = (0..TOTAL_COLUMN).map(|c| grid.at(r, c)).sum();
            if parts != grid.at(r, TOTAL_COLUMN) {
                out.push(Finding {
                    rule: "R3",
                    message: format!(
                        "“{label} × 总计”（{}）不等于自然人与法人或其他组织各列之和（{parts}）",
                        grid.at(r, TOTAL_COLUMN)
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::applicant::ApplicantKind;
    use crate::application::outcome::Ground;

    fn counted() -> Grid {
        let mut y = YearCounts::default();
        YearCounts::add(&mut y.new, ApplicantKind::NaturalPerson, 5);
        YearCounts::add(&mut y.new, ApplicantKind::Commercial, 2);
        YearCounts::add(&mut y.carried_over, ApplicantKind::NaturalPerson, 1);
        y.add_closed(Ground::Provided, ApplicantKind::NaturalPerson, 3);
        y.add_closed(Ground::NotHeld, ApplicantKind::Commercial, 2);
        YearCounts::add(&mut y.carried_forward, ApplicantKind::NaturalPerson, 3);
        Grid::of(&y)
    }

    #[test]
    fn counted_figures_satisfy_every_rule() {
        // spec/annual-report.md: figures computed from case data satisfy R1–R4 by construction.
        let g = counted();
        assert_eq!(g.cells.len(), Format::F2021.rows());
        assert!(
            check(&g, Format::F2021).is_empty(),
            "{:?}",
            check(&g, Format::F2021)
        );
    }

    #[test]
    fn each_rule_names_its_cell() {
        // R1 fails in 自然人 and 总计 when 一 is wrong.
        let mut g = counted();
        g.cells[0][0] = Some(6);
        g.cells[0][6] = Some(8);
        let rules: Vec<&str> = check(&g, Format::F2021).iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["R1", "R1"]);
        assert!(
            check(&g, Format::F2021)[0]
                .message
                .starts_with("“自然人”列")
        );
        // R2: a sub-row changed without the total.
        let mut g = counted();
        g.cells[4][1] = Some(1);
        g.cells[4][6] = Some(1);
        let found = check(&g, Format::F2021);
        assert!(
            found
                .iter()
                .any(|f| f.rule == "R2" && f.message.contains("（七）总计 × 商业企业"))
        );
        // R3: a total that is not the sum of its row.
        let mut g = counted();
        g.cells[24][6] = Some(9);
        let found = check(&g, Format::F2021);
        assert!(
            found
                .iter()
                .any(|f| f.rule == "R3" && f.message.contains("四、结转下年度继续办理 × 总计"))
        );
    }

    #[test]
    fn a_blank_total_column_is_one_finding_and_blank_cells_read_as_zero() {
        // spec/annual-report.md: a blank 总计 column is reported as 总计列未填写.
        let mut g = counted();
        for row in &mut g.cells {
            row[6] = None;
        }
        let found = check(&g, Format::F2021);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "第三部分的“总计”列未填写");
        // Blank cells of an otherwise consistent grid are zeros.
        let mut g = counted();
        for row in &mut g.cells {
            for cell in row.iter_mut() {
                if *cell == Some(0) {
                    *cell = None;
                }
            }
        }
        assert!(check(&g, Format::F2021).is_empty());
    }
}
