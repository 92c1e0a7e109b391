//! Reading tables made elsewhere (spec/annual-report.md, import): every cell given by its
//! section, row and column labels — the shape of the JSON export, or what [`super::locate`]
//! finds in a spreadsheet — into [`Tables`] of either format. Labels must
//! be the report's, character for character; a cell not given stays blank (read as 0 by the
//! rules), and a 总计 column left blank is reported by the checks as 总计列未填写.

use super::format::{Format, Kind};
use super::tables::{CellKey, LabelledCell, Tables};

/// The tables of `cells` in `format`, or every problem found, each naming its cell.
pub fn tables_of(format: Format, cells: &[LabelledCell]) -> Result<Tables, Vec<String>> {
    let keys: Vec<(CellKey, (&'static str, String, String))> = format
        .keys()
        .into_iter()
        .map(|k| (k, format.labels(k)))
        .collect();
    let mut t = Tables::blank(format);
    let mut seen: Vec<CellKey> = Vec::new();
    let mut problems = Vec::new();
    for c in cells {
        let found = keys.iter().find(|(_, (section, row, column))| {
            *section == c.section.trim() && *row == c.row.trim() && *column == c.column.trim()
        });
        let Some((key, _)) = found else {
            problems.push(format!(
                "第{}部分没有“{} × {}”这一单元格（行、列名称须与年度报告格式完全一致）",
                c.section, c.row, c.column
            ));
            continue;
        };
        if seen.contains(key) {
            problems.push(format!("“{}”重复出现", format.name(*key)));
            continue;
        }
        seen.push(*key);
        let Some(v) = c.value else { continue };
        let text = if format.kind(*key) == Kind::Amount {
            // 万元 with at most four decimals: format, then read exactly.
            let s = format!("{v:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        };
        match format.parse_value(*key, &text) {
            Ok(value) => t.set(*key, value),
            Err(m) => problems.push(format!("“{}”：{m}", format.name(*key))),
        }
    }
    if problems.is_empty() {
        Ok(t)
    } else {
        Err(problems)
    }
}

/// The tables of `cells` in whichever format knows every label, `preferred` tried first (the
/// format of the report's year, when known). When neither does, the problems of the format
/// closer to the file.
pub fn tables_in_any_format(
    preferred: Option<Format>,
    cells: &[LabelledCell],
) -> Result<Tables, Vec<String>> {
    let mut order: Vec<Format> = preferred.into_iter().collect();
    order.extend(Format::ALL.into_iter().filter(|f| Some(*f) != preferred));
    let mut fewest: Option<Vec<String>> = None;
    for format in order {
        match tables_of(format, cells) {
            Ok(t) => return Ok(t),
            Err(p) if fewest.as_ref().is_none_or(|f| p.len() < f.len()) => fewest = Some(p),
            Err(_) => {}
        }
    }
    Err(fewest.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::check;

    #[test]
    fn the_export_reads_back_and_blank_cells_stay_blank() {
        let mut t = Tables::default();
        t.set(CellKey::Three(0, 0), Some(3));
        t.set(CellKey::Three(0, 6), Some(3));
        t.set(CellKey::Three(24, 0), Some(3));
        t.set(CellKey::Three(24, 6), Some(3));
        t.set(CellKey::Two(9), Some(123_456));
        let cells = t.labelled();
        assert_eq!(tables_of(Format::F2021, &cells), Ok(t.clone()));
        // Only some cells given: the rest are blank, and a blank 总计 column is one finding.
        let partial: Vec<LabelledCell> = cells
            .into_iter()
            .filter(|c| c.value.is_some() && c.column != "总计")
            .collect();
        let read = tables_in_any_format(None, &partial).expect("read");
        assert_eq!(read.format, Format::F2021);
        // Cells every format has (section 四 only) are read in the preferred one.
        let four: Vec<LabelledCell> = partial
            .iter()
            .filter(|c| c.section == "四")
            .cloned()
            .collect();
        assert_eq!(
            tables_in_any_format(Some(Format::F2019), &four)
                .expect("read")
                .format,
            Format::F2019
        );
        let found = check(&read);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "总计列未填写");
    }

    #[test]
    fn unknown_labels_and_bad_figures_are_named() {
        let cell = |section: &str, row: &str, column: &str, value: f64| LabelledCell {
            section: section.into(),
            row: row.into(),
            column: column.into(),
            value: Some(value),
        };
        let problems = tables_of(
            Format::F2021,
            &[
                cell("三", "一、本年新收政府信息公开申请数量", "法人", 1.0),
                cell("三", "（七）总计", "自然人", 1.5),
                cell(
                    "二",
                    "第二十条第（八）项 · 行政事业性收费",
                    "本年收费金额（单位：万元）",
                    -1.0,
                ),
                cell("四", "行政复议", "总计", 2.0),
                cell("四", "行政复议", "总计", 2.0),
            ],
        )
        .expect_err("refused");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("没有“一、本年新收政府信息公开申请数量 × 法人”"));
        assert!(problems[1].starts_with("“（七）总计 × 自然人”：请填写不小于 0 的整数"));
        assert!(problems[2].contains("行政事业性收费 × 本年收费金额（单位：万元）"));
        assert_eq!(problems[3], "“行政复议 × 总计”重复出现");
    }
}
