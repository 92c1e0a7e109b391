//! A year of applications as the annual report's section 三 counts them (国办公开办函〔2021〕30号;
//! spec/annual-report.md): new, carried over, closed by outcome and ground, carried forward, in the
//! columns of the applicant kinds. Applications open on 31 December are carried over to the next
//! year. The 25 rows and their labels are the report's, character for character.

use std::collections::BTreeMap;

use serde::Serialize;

use super::applicant::ApplicantKind;
use super::outcome::{Ground, Outcome};

/// The columns' note in the table's top-left cell.
pub const TOP_LEFT: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The seven columns: the six applicant kinds in the report's order, then 总计.
pub const COLUMNS: usize = 7;

/// The column of an applicant kind (0 = 自然人 … 5 = 其他).
pub fn column(kind: ApplicantKind) -> usize {
    ApplicantKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

/// One row of figures, by column (the 总计 column is computed).
pub type Figures = [u64; COLUMNS];

fn with_total(mut f: Figures) -> Figures {
    f[COLUMNS - 1] = f[..COLUMNS - 1].iter().sum();
    f
}

/// The counts of one agency and year, from the case data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearCounts {
    /// 一、本年新收: received in the year.
    pub new: Figures,
    /// 二、上年结转: open on 31 December of the year before.
    pub carried_over: Figures,
    /// 三、本年度办理结果: closed in the year, by ground.
    pub closed: BTreeMap<Ground, Figures>,
    /// 四、结转下年度继续办理: open on 31 December.
    pub carried_forward: Figures,
}

impl YearCounts {
    /// Adds one application of `kind` to a row.
    pub fn add(row: &mut Figures, kind: ApplicantKind, n: u64) {
        row[column(kind)] += n;
    }

    /// Adds one closed application.
    pub fn add_closed(&mut self, ground: Ground, kind: ApplicantKind, n: u64) {
        let row = self.closed.entry(ground).or_default();
        row[column(kind)] += n;
    }

    fn closed_where(&self, keep: impl Fn(Ground) -> bool) -> Figures {
        let mut f = [0; COLUMNS];
        for (g, row) in &self.closed {
            if keep(*g) {
                for (c, v) in row.iter().enumerate() {
                    f[c] += v;
                }
            }
        }
        with_total(f)
    }

    /// The table's rows: (label, level, figures) — level 0 for 一…四, 1 for （一）…（七）, 2 for
    /// the numbered sub-rows; group labels without figures have `None`.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = vec![
            Row::new(
                "一、本年新收政府信息公开申请数量",
                0,
                Some(with_total(self.new)),
            ),
            Row::new(
                "二、上年结转政府信息公开申请数量",
                0,
                Some(with_total(self.carried_over)),
            ),
            Row::new("三、本年度办理结果", 0, None),
            Row::new(
                "（一）予以公开",
                1,
                Some(self.closed_where(|g| g.outcome() == Outcome::Disclosed)),
            ),
            Row::new(
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                1,
                Some(self.closed_where(|g| g.outcome() == Outcome::PartlyDisclosed)),
            ),
        ];
        for (outcome, number) in [
            (Outcome::Withheld, "（三）"),
            (Outcome::CannotProvide, "（四）"),
            (Outcome::NotProcessed, "（五）"),
            (Outcome::Other, "（六）"),
        ] {
            rows.push(Row::new(&format!("{number}{}", outcome.label()), 1, None));
            for (i, g) in Ground::of(outcome).enumerate() {
                rows.push(Row::new(
                    &format!("{}.{}", i + 1, g.label()),
                    2,
                    Some(self.closed_where(|x| x == g)),
                ));
            }
        }
        rows.push(Row::new("（七）总计", 1, Some(self.closed_where(|_| true))));
        rows.push(Row::new(
            "四、结转下年度继续办理",
            0,
            Some(with_total(self.carried_forward)),
        ));
        rows
    }

    /// R1 per column: 一 + 二 = （七）总计 + 四. The columns that fail (by label).
    pub fn r1_failures(&self) -> Vec<&'static str> {
        let new = with_total(self.new);
        let over = with_total(self.carried_over);
        let closed = self.closed_where(|_| true);
        let forward = with_total(self.carried_forward);
        (0..COLUMNS)
            .filter(|c| new[*c] + over[*c] != closed[*c] + forward[*c])
            .map(column_label)
            .collect()
    }
}

/// The label of column `c`.
pub fn column_label(c: usize) -> &'static str {
    ApplicantKind::ALL.get(c).map_or("总计", |k| k.label())
}

/// One row of the table.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The label, as printed.
    pub label: String,
    /// 0, 1 or 2 (indentation).
    pub level: u8,
    /// The seven figures, or none for a group label.
    #[schema(value_type = Option<Vec<u64>>, min_items = 7, max_items = 7)]
    pub figures: Option<Figures>,
}

impl Row {
    fn new(label: &str, level: u8, figures: Option<Figures>) -> Row {
        Row {
            label: label.to_owned(),
            level,
            figures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_the_reports_twenty_five_rows() {
        // 国办公开办函〔2021〕30号, section 三: 25 rows with figures, labels verbatim.
        let rows = YearCounts::default().rows();
        let with: Vec<&str> = rows
            .iter()
            .filter(|r| r.figures.is_some())
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(with.len(), 25);
        assert_eq!(with[0], "一、本年新收政府信息公开申请数量");
        assert_eq!(
            with[3],
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        );
        assert_eq!(with[6], "3.危及“三安全一稳定”");
        assert_eq!(
            with[21],
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        );
        assert_eq!(with[22], "3.其他");
        assert_eq!(with[23], "（七）总计");
        assert_eq!(with[24], "四、结转下年度继续办理");
        let groups: Vec<&str> = rows
            .iter()
            .filter(|r| r.figures.is_none())
            .map(|r| r.label.as_str())
            .collect();
        assert_eq!(
            groups,
            [
                "三、本年度办理结果",
                "（三）不予公开",
                "（四）无法提供",
                "（五）不予处理",
                "（六）其他处理"
            ]
        );
        assert_eq!(
            (0..COLUMNS).map(column_label).collect::<Vec<_>>(),
            [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "总计"
            ]
        );
    }

    #[test]
    fn r1_names_the_columns_that_do_not_balance() {
        // 一 + 二 = （七）总计 + 四, per column (printed in the table's top-left cell).
        let mut y = YearCounts::default();
        YearCounts::add(&mut y.new, ApplicantKind::NaturalPerson, 3);
        YearCounts::add(&mut y.carried_over, ApplicantKind::NaturalPerson, 1);
        y.add_closed(Ground::Provided, ApplicantKind::NaturalPerson, 2);
        y.add_closed(Ground::Partial, ApplicantKind::NaturalPerson, 1);
        YearCounts::add(&mut y.carried_forward, ApplicantKind::NaturalPerson, 1);
        assert!(y.r1_failures().is_empty());
        let rows = y.rows();
        assert_eq!(rows[3].figures.map(|f| (f[0], f[6])), Some((2, 2)));
        YearCounts::add(&mut y.new, ApplicantKind::Research, 1);
        assert_eq!(y.r1_failures(), ["科研机构", "总计"]);
    }
}
