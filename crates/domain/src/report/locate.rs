//! Finding the report's tables in a spreadsheet made elsewhere (spec/annual-report.md, import):
//! our own XLSX export, or another system's workbook with the tables on one sheet or several.
//! Cells are found by their labels, not by position: section 三 by its column headers (自然人 …
//! 总计) and row labels, section 四 by its three 结果维持 headers, section 二 by each 信息内容 row
//! under the nearest 信息内容 header. Labels are compared without spaces, line breaks and
//! quotation marks, with ASCII brackets and punctuation read as Chinese ones (a wrapped or
//! retyped header is still the same header), and a note in brackets after a label is allowed;
//! otherwise they must be the report's.

use std::collections::HashSet;

use super::format::{Format, Kind};
use super::review::{GROUPS, RESULTS};
use super::tables::{CellKey, LabelledCell};
use crate::application::year::{COLUMNS, column_label};

/// One sheet as text: rows of cells, `""` for an empty one, numbers as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The rows.
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    fn at(&self, r: usize, c: usize) -> &str {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .map_or("", String::as_str)
    }

    /// Every non-empty cell as (row, column, normalised text).
    fn cells(&self) -> impl Iterator<Item = (usize, usize, String)> + '_ {
        self.rows.iter().enumerate().flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, t)| !t.trim().is_empty())
                .map(move |(c, t)| (r, c, normalise(t)))
        })
    }

    fn place(&self, r: usize, c: usize) -> String {
        place(&self.name, r, c)
    }
}

/// A cell's place for messages, as a spreadsheet names it: `工作表“表3”C7` (row and column from
/// 0).
pub fn place(sheet: &str, row: usize, column: usize) -> String {
    let mut letters = String::new();
    let mut n = column + 1;
    while n > 0 {
        let d = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.insert(0, char::from(b'A' + d));
        n = (n - 1) / 26;
    }
    format!("工作表“{sheet}”{letters}{}", row + 1)
}

/// A label as compared: no whitespace or quotation marks, Chinese brackets and punctuation
/// (`(区分处理的,只计这一情形,…)` as typed on an English keyboard), `1、`/`1．` as `1.`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_whitespace() => {}
            '(' => out.push('（'),
            ')' => out.push('）'),
            ',' => out.push('，'),
            ':' => out.push('：'),
            ';' => out.push('；'),
            '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' => {}
            c => out.push(c),
        }
    }
    let mut chars = out.chars();
    if let (Some(d), Some('、' | '．')) = (chars.next(), chars.next())
        && d.is_ascii_digit()
    {
        return format!("{d}.{}", chars.as_str());
    }
    out
}

/// Whether a cell's normalised text is `label` (normalised), alone or followed by a bracketed
/// note, as agencies' templates annotate headers: `规章（设区的市、自治州人民政府应提供相关数据）`,
/// `本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）`.
fn is(text: &str, label: &str) -> bool {
    text.strip_prefix(label)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('（'))
}

/// A figure as written in a cell: empty, `/`, `—`, `-` and `无` are blank; thousands separators
/// are dropped; anything else must be a number.
fn figure(text: &str) -> Result<Option<f64>, ()> {
    let t = text.trim();
    if matches!(t, "" | "/" | "／" | "—" | "-" | "－" | "无") {
        return Ok(None);
    }
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '，'))
        .map(|c| if matches!(c, '−' | '－') { '-' } else { c })
        .collect();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(()),
    }
}

/// What was found: cells by label, and what could not be read.
#[derive(Default)]
struct Found {
    cells: Vec<LabelledCell>,
    problems: Vec<String>,
}

impl Found {
    fn read(&mut self, sheet: &Sheet, r: usize, c: usize, labels: (&str, &str, &str)) {
        self.read_scaled(sheet, r, c, labels, 1.0);
    }

    /// Reads a figure multiplied by `scale` (an amount given in 元 where the report wants 万元).
    fn read_scaled(
        &mut self,
        sheet: &Sheet,
        r: usize,
        c: usize,
        labels: (&str, &str, &str),
        scale: f64,
    ) {
        let (section, row, column) = labels;
        match figure(sheet.at(r, c)) {
            Ok(value) => self.cells.push(LabelledCell {
                section: section.to_owned(),
                row: row.to_owned(),
                column: column.to_owned(),
                value: value.map(|v| v * scale),
            }),
            Err(()) => self.problems.push(format!(
                "“{row} × {column}”：“{}”不是数字（{}）",
                sheet.at(r, c).trim(),
                sheet.place(r, c)
            )),
        }
    }
}

/// The format of the tables in `sheets`, told by the labels only one of the two formats has.
fn format_of(sheets: &[Sheet]) -> Result<Format, String> {
    let texts: HashSet<String> = sheets
        .iter()
        .flat_map(|s| s.cells().map(|(_, _, t)| t))
        .collect();
    let has = |labels: &[&str]| {
        labels
            .iter()
            .any(|l| texts.iter().any(|t| is(t, &normalise(l))))
    };
    let f2021 = has(&[
        "本年制发件数",
        "行政规范性文件",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]);
    let f2019 = has(&["本年新制作数量", "其他对外管理服务事项", "政府集中采购"]);
    match (f2021, f2019) {
        (true, false) => Ok(Format::F2021),
        (false, true) => Ok(Format::F2019),
        (false, false) if has(&["（六）其他处理"]) => Ok(Format::F2019),
        (true, true) => Err(
            "文件中既有2021年格式的表格，又有2019—2020年格式的表格，无法判断按哪种格式导入".into(),
        ),
        (false, false) => Err(
            "文件中找不到年度报告的表格（第三部分应有“自然人”等列和“一、本年新收政府信息公开申请数量”等行）"
                .into(),
        ),
    }
}

/// Section 二: each 信息内容 row under the nearest 信息内容 header above it.
fn section2(sheets: &[Sheet], format: Format, found: &mut Found) {
    let spec = format.section2();
    let mut missing = Vec::new();
    let mut rows_found = 0;
    let mut done: HashSet<(&str, &str)> = HashSet::new();
    for &(block, row, _) in spec {
        if !done.insert((block, row)) {
            continue;
        }
        let located = sheets.iter().find_map(|s| {
            let header_rows: Vec<usize> = s
                .cells()
                .filter(|(_, _, t)| t == "信息内容")
                .map(|(r, _, _)| r)
                .collect();
            s.cells()
                .filter(|(_, _, t)| is(t, &normalise(row)))
                .find_map(|(r, _, _)| {
                    let header = header_rows.iter().copied().filter(|h| *h < r).max()?;
                    Some((s, r, header))
                })
        });
        let Some((sheet, r, header)) = located else {
            missing.push(format!("{block} · {row}"));
            continue;
        };
        rows_found += 1;
        for (i, &(_, _, column)) in spec
            .iter()
            .enumerate()
            .filter(|(_, (b, n, _))| (*b, *n) == (block, row))
        {
            let col = sheet
                .cells()
                .find(|(hr, _, t)| *hr == header && is(t, &normalise(column)));
            match col {
                Some((_, c, t)) => {
                    // An amount whose header notes 元 (not 万元) is converted to 万元.
                    let note = &t[normalise(column).len()..];
                    let in_yuan = format.kind(CellKey::Two(i)) == Kind::Amount
                        && note.contains('元')
                        && !note.contains("万元");
                    let scale = if in_yuan { 0.0001 } else { 1.0 };
                    let name = format!("{block} · {row}");
                    found.read_scaled(sheet, r, c, ("二", &name, column), scale);
                }
                None => found.problems.push(format!(
                    "第二部分：“{row}”所在表格找不到“{column}”列（{}）",
                    sheet.place(header, 0)
                )),
            }
        }
    }
    if rows_found == 0 {
        found
            .problems
            .push("找不到第二部分（主动公开政府信息情况）的表格".into());
    } else {
        for m in missing {
            found.problems.push(format!("第二部分缺少“{m}”行"));
        }
    }
}

/// Section 三: the applicant columns under 自然人's header rows, the rows by their labels.
fn section3(sheets: &[Sheet], format: Format, found: &mut Found) {
    let Some((sheet, hr, hc)) = sheets.iter().find_map(|s| {
        s.cells()
            .find(|(_, _, t)| t == "自然人")
            .map(|(r, c, _)| (s, r, c))
    }) else {
        found
            .problems
            .push("找不到第三部分（收到和处理政府信息公开申请情况）的表格：没有“自然人”列".into());
        return;
    };
    let mut columns = vec![hc];
    for c in 1..COLUMNS {
        let label = column_label(c);
        let col = sheet
            .cells()
            .filter(|(r, col, t)| (hr..=hr + 2).contains(r) && *col > hc && t == label)
            .map(|(_, col, _)| col)
            .min();
        match col {
            Some(col) => columns.push(col),
            None => {
                found.problems.push(format!(
                    "第三部分找不到“{label}”列（应在{}附近）",
                    sheet.place(hr, hc)
                ));
                return;
            }
        }
    }
    let labels = format.row_labels();
    let wanted: Vec<String> = labels.iter().map(|l| normalise(l)).collect();
    let mut rows: Vec<Option<usize>> = vec![None; labels.len()];
    for (r, c, t) in sheet.cells() {
        if r <= hr || c >= hc {
            continue;
        }
        // The label itself, else the label with a note.
        let i = wanted
            .iter()
            .position(|l| *l == t)
            .or_else(|| wanted.iter().position(|l| is(&t, l)));
        if let Some(i) = i
            && rows[i].is_none()
        {
            rows[i] = Some(r);
        }
    }
    for (label, r) in labels.iter().zip(rows) {
        let Some(r) = r else {
            found.problems.push(format!("第三部分缺少“{label}”行"));
            continue;
        };
        for (c, col) in columns.iter().enumerate() {
            found.read(sheet, r, *col, ("三", label, column_label(c)));
        }
    }
}

/// Section 四: three groups, each 结果维持 … 总计 along one header row, figures on the row below
/// the lowest header.
fn section4(sheets: &[Sheet], found: &mut Found) {
    let located = sheets.iter().find_map(|s| {
        let mut starts: Vec<(usize, usize)> = s
            .cells()
            .filter(|(_, _, t)| t == RESULTS[0])
            .map(|(r, c, _)| (r, c))
            .collect();
        (starts.len() >= GROUPS.len()).then(|| {
            starts.truncate(GROUPS.len());
            starts.sort_by_key(|(_, c)| *c);
            (s, starts)
        })
    });
    let Some((sheet, starts)) = located else {
        found.problems.push(
            "找不到第四部分（政府信息公开行政复议、行政诉讼情况）的表格：应有三处“结果维持”".into(),
        );
        return;
    };
    let mut columns = Vec::new();
    for (g, (r, c0)) in starts.iter().enumerate() {
        let mut next = *c0;
        for result in RESULTS {
            let col = sheet
                .cells()
                .filter(|(hr, c, t)| hr == r && *c >= next && t == result)
                .map(|(_, c, _)| c)
                .min();
            let Some(col) = col else {
                found.problems.push(format!(
                    "第四部分“{}”找不到“{result}”列（{}）",
                    GROUPS[g],
                    sheet.place(*r, *c0)
                ));
                return;
            };
            columns.push((g, result, col));
            next = col + 1;
        }
    }
    // The official layout: 行政复议's results one row above 行政诉讼's; figures below both.
    let top = starts.iter().map(|(r, _)| *r).min().unwrap_or(0);
    let bottom = starts.iter().map(|(r, _)| *r).max().unwrap_or(0);
    if bottom - top > 1 {
        found.problems.push(format!(
            "第四部分的三组“结果维持”等表头不在相邻的两行（{}），无法确定各组的数字所在行；请按年度报告格式排列",
            sheet.place(bottom, starts[0].1)
        ));
        return;
    }
    let figures = bottom + 1;
    for (g, result, col) in columns {
        found.read(sheet, figures, col, ("四", GROUPS[g], result));
    }
}

/// The format and the labelled cells of the tables in `sheets`, or every problem found.
pub fn locate(sheets: &[Sheet]) -> Result<(Format, Vec<LabelledCell>), Vec<String>> {
    let format = format_of(sheets).map_err(|m| vec![m])?;
    let mut found = Found::default();
    section2(sheets, format, &mut found);
    section3(sheets, format, &mut found);
    section4(sheets, &mut found);
    if found.problems.is_empty() {
        Ok((format, found.cells))
    } else {
        Err(found.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::import::tables_of;
    use crate::report::tables::{CellKey, check};

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    /// Section 三's two header rows below the top-left note, labels from column D.
    fn applicant_header() -> [Vec<String>; 2] {
        let mut first = row(&["", "", "", "自然人", "法人或其他组织"]);
        first.extend(row(&["", "", "", "", "总计"]));
        let mut second = row(&["", "", "", ""]);
        second.extend((1..COLUMNS - 1).map(|c| column_label(c).to_owned()));
        [first, second]
    }

    /// A 2019–2020 report as another system might lay it out: all three tables on one sheet,
    /// headers retyped with ASCII brackets and line breaks, one blank 总计.
    fn one_sheet_2019() -> Sheet {
        let mut rows = vec![
            row(&["二、主动公开政府信息情况"]),
            row(&["第二十条第(一)项"]),
            row(&[
                "信息内容",
                "本年新\n制作数量",
                "本年新\n公开数量",
                "对外公开总数量",
            ]),
            row(&[
                "规章(设区的市、自治州人民政府应提供相关数据)",
                "0",
                "0",
                "3",
            ]),
            row(&["规范性文件", "2", "2", "41"]),
            row(&["其他主动公开文件", "186", "86", "255"]),
            row(&["第二十条第(五)项"]),
            row(&[
                "信息内容",
                "上一年项目数量(指2019年事项数)",
                "本年增/\n减",
                "处理决定数量",
            ]),
            row(&["行政许可", "12", "-2", "1,045"]),
            row(&["其他对外管理服务事项", "3", "0", "/"]),
            row(&["第二十条第(六)项"]),
            row(&["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
            row(&["行政处罚", "20", "+1", "37"]),
            row(&["行政强制", "2", "0", "0"]),
            row(&["第二十条第(八)项"]),
            row(&["信息内容", "上一年项目数量", "本年增/减"]),
            row(&["行政事业性收费", "1", "0"]),
            row(&["第二十条第(九)项"]),
            row(&["信息内容", "采购项目数量", "采购总金额"]),
            row(&["政府集中采购", "4", "356.8"]),
            row(&[]),
            row(&[
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "",
                "",
                "申请人情况",
            ]),
        ];
        rows.extend(applicant_header());
        for (i, label) in Format::F2019.row_labels().iter().enumerate() {
            let mut r = vec![String::new(), String::new(), label.clone()];
            let n = match i {
                0 | 2 | 21 => "2",
                _ => "",
            };
            r.extend([n, "", "", "", "", "", n].map(str::to_owned));
            rows.push(r);
        }
        // 1、 and full-width brackets retyped in a sub-row label.
        let r = 24 + 4;
        rows[r][2] = "1、属于国家秘密".into();
        rows.push(vec![]);
        rows.push(row(&["行政复议", "", "", "", "", "行政诉讼"]));
        let mut second: Vec<String> = RESULTS.iter().map(|s| (*s).to_owned()).collect();
        second.extend([
            "未经复议直接起诉".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "复议后起诉".into(),
        ]);
        rows.push(second);
        let mut third = vec![String::new(); 5];
        third.extend(
            RESULTS
                .iter()
                .chain(RESULTS.iter())
                .map(|s| (*s).to_owned()),
        );
        rows.push(third);
        rows.push(row(&[
            "1", "0", "0", "0", "1", "0", "0", "0", "1", "1", "", "", "", "", "",
        ]));
        Sheet {
            name: "年报".into(),
            rows,
        }
    }

    #[test]
    fn a_2019_report_on_one_sheet_is_found_by_its_labels() {
        // spec/annual-report.md, The 2019–2020 format: its own section 二, （六）其他处理 one row.
        let (format, cells) = locate(&[one_sheet_2019()]).expect("located");
        assert_eq!(format, Format::F2019);
        assert_eq!(cells.len(), 22 + 23 * 7 + 15);
        let t = tables_of(format, &cells).expect("read");
        assert_eq!(t.get(CellKey::Two(7)), Some(-2), "本年增/减 of 行政许可");
        assert_eq!(t.get(CellKey::Two(8)), Some(1045));
        assert_eq!(t.get(CellKey::Two(11)), None, "/ is blank");
        assert_eq!(t.get(CellKey::Two(13)), Some(1));
        assert_eq!(t.get(CellKey::Two(21)), Some(3_568_000));
        assert_eq!(t.get(CellKey::Three(21, 6)), Some(2));
        assert_eq!(t.get(CellKey::Four(0, 0)), Some(1));
        assert_eq!(t.get(CellKey::Four(1, 4)), Some(1));
        assert_eq!(t.get(CellKey::Four(2, 4)), None);
        // R1–R4 hold, blanks read as 0.
        let found = check(&t);
        assert_eq!(found.len(), 0, "{found:?}");
    }

    #[test]
    fn what_cannot_be_read_is_named_with_its_place() {
        let mut sheet = one_sheet_2019();
        sheet.rows[8][3] = "一千".into();
        let r = sheet
            .rows
            .iter()
            .position(|r| r.get(2).is_some_and(|t| t == "2.重复申请"))
            .expect("row");
        sheet.rows[r][2] = "2.重复提出申请".into();
        let problems = locate(&[sheet]).expect_err("refused");
        assert_eq!(
            problems,
            [
                "“第二十条第（五）项 · 行政许可 × 处理决定数量”：“一千”不是数字（工作表“年报”D9）",
                "第三部分缺少“2.重复申请”行"
            ]
        );
        assert_eq!(
            locate(&[Sheet::default()]).expect_err("empty")[0],
            "文件中找不到年度报告的表格（第三部分应有“自然人”等列和“一、本年新收政府信息公开申请数量”等行）"
        );
    }

    #[test]
    fn amounts_in_yuan_are_converted_and_error_values_named() {
        let mut sheet = one_sheet_2019();
        let header = sheet
            .rows
            .iter()
            .position(|r| r.iter().any(|c| c == "采购总金额"))
            .expect("header");
        sheet.rows[header][2] = "采购总金额(元)".into();
        sheet.rows[header + 1][2] = "3568000".into();
        let (format, cells) = locate(&[sheet.clone()]).expect("located");
        let t = tables_of(format, &cells).expect("read");
        assert_eq!(t.get(CellKey::Two(21)), Some(3_568_000), "356.8 万元");
        sheet.rows[header + 1][2] = "#REF!".into();
        assert_eq!(
            locate(&[sheet]).expect_err("error value"),
            [format!(
                "“第二十条第（九）项 · 政府集中采购 × 采购总金额”：“#REF!”不是数字（工作表“年报”C{}）",
                header + 2
            )]
        );
    }

    #[test]
    fn section_four_stacked_otherwise_is_refused_not_misread() {
        let mut sheet = one_sheet_2019();
        // 复议后起诉's header moved three rows down: its figures would be another group's.
        let n = sheet.rows.len();
        let moved: Vec<String> = sheet.rows[n - 2].clone();
        sheet.rows[n - 2] = (0..15)
            .map(|i| {
                if i < 10 {
                    moved[i].clone()
                } else {
                    String::new()
                }
            })
            .collect();
        sheet.rows.push(vec![]);
        sheet.rows.push(vec![]);
        sheet.rows.push(
            (0..15)
                .map(|i| {
                    if i < 10 {
                        String::new()
                    } else {
                        moved[i].clone()
                    }
                })
                .collect(),
        );
        let problems = locate(&[sheet]).expect_err("refused");
        assert!(
            problems[0].starts_with("第四部分的三组“结果维持”等表头不在相邻的两行"),
            "{problems:?}"
        );
    }

    /// A 2021 report laid out by another system: group labels in their own columns, section 四's
    /// fifteen results on one header row.
    fn one_sheet_2021() -> Sheet {
        let mut rows = vec![
            row(&["第二十条第（一）项"]),
            row(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
            row(&["规章", "0", "0", "0"]),
            row(&["行政规范性文件", "5", "1", "25"]),
            row(&["第二十条第（五）项"]),
            row(&["信息内容", "本年处理决定数量"]),
            row(&["行政许可", "12"]),
            row(&["第二十条第（六）项"]),
            row(&["信息内容", "本年处理决定数量"]),
            row(&["行政处罚", "3"]),
            row(&["行政强制", "0"]),
            row(&["第二十条第（八）项"]),
            row(&["信息内容", "本年收费金额（单位：万元）"]),
            row(&["行政事业性收费", "0.35"]),
            row(&["", "", "", "申请人情况"]),
        ];
        rows.extend(applicant_header());
        let mut groups: Vec<(String, usize)> = Vec::new();
        for r in Format::F2021.section3() {
            if !r.figures {
                groups.push((r.label, usize::from(r.level)));
                continue;
            }
            let mut cells = vec![String::new(); 3];
            for (label, level) in groups.drain(..) {
                cells[level] = label;
            }
            cells[2] = r.label.clone();
            let n = if r.label.starts_with("一、")
                || r.label.starts_with("（一）")
                || r.label == "（七）总计"
            {
                "1"
            } else {
                "0"
            };
            cells.extend([n, "0", "0", "0", "0", "0", n].map(str::to_owned));
            rows.push(cells);
        }
        rows.push(row(&["行政复议", "", "", "", "", "行政诉讼"]));
        let mut groups = vec![String::new(); 5];
        groups.extend(["未经复议直接起诉", "", "", "", "", "复议后起诉"].map(str::to_owned));
        rows.push(groups);
        rows.push(
            RESULTS
                .iter()
                .chain(&RESULTS)
                .chain(&RESULTS)
                .map(|s| (*s).to_owned())
                .collect(),
        );
        rows.push(row(&[
            "0", "0", "0", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
        ]));
        Sheet {
            name: "Sheet1".into(),
            rows,
        }
    }

    #[test]
    fn a_2021_report_from_another_system_is_found_by_its_labels() {
        let (format, cells) = locate(&[one_sheet_2021()]).expect("located");
        assert_eq!(format, Format::F2021);
        let t = tables_of(format, &cells).expect("read");
        assert_eq!(t.get(CellKey::Two(5)), Some(25));
        assert_eq!(t.get(CellKey::Two(9)), Some(3_500), "0.35 万元");
        assert_eq!(t.get(CellKey::Three(0, 6)), Some(1));
        assert_eq!(t.get(CellKey::Three(22, 6)), Some(0), "3.其他 of （六）");
        assert_eq!(t.get(CellKey::Three(23, 6)), Some(1));
        assert_eq!(t.get(CellKey::Four(0, 3)), Some(1));
        assert!(check(&t).is_empty(), "{:?}", check(&t));
    }

    #[test]
    fn labels_compare_without_spaces_quotes_and_bracket_styles() {
        assert_eq!(
            normalise(" 3.危及\"三安全一稳定\" "),
            normalise("3.危及“三安全一稳定”")
        );
        assert_eq!(normalise("（七）总计"), normalise("(七) 总计"));
        assert_eq!(
            normalise("(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        );
        assert_eq!(normalise("1、属于国家秘密"), "1.属于国家秘密");
        assert!(is(
            &normalise("规章(设区的市、自治州人民政府应提供相关数据)"),
            "规章"
        ));
        assert!(!is("规章制度", "规章"));
        assert_eq!(figure("1,045"), Ok(Some(1045.0)));
        assert_eq!(figure("－2"), Ok(Some(-2.0)));
        assert_eq!(figure("—"), Ok(None));
        assert_eq!(figure("十"), Err(()));
    }
}
