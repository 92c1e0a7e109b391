//! The annual report in the official layout (国办公开办函〔2021〕30号): the three tables with their
//! merged header cells, row groups and the top-left note, laid out once ([`Layout`]) and written
//! as HTML (the catalogue page, the print view, the console) and as Word tables (DOCX).

use gongkai_domain::application::year::{COLUMNS, TOP_LEFT, column_label};
/// Escapes text for HTML (kept here for the callers of this crate).
pub use gongkai_domain::catalogue::body::escape_html;
use gongkai_domain::report::narrative::paragraphs as paragraphs_of;

use crate::docx::{Align, Document, Fonts, Para};
use gongkai_domain::report::review::{GROUPS, RESULTS};
use gongkai_domain::report::tables::{CellKey, SECTIONS, Tables};

/// One cell of a laid-out table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaidCell {
    /// The text.
    pub text: String,
    /// Columns spanned (≥ 1).
    pub colspan: usize,
    /// Rows spanned (≥ 1).
    pub rowspan: usize,
    /// A header cell, with its HTML scope (`col`, `colgroup`, `row`, `rowgroup`).
    pub header: Option<&'static str>,
}

impl LaidCell {
    fn head(text: impl Into<String>, scope: &'static str) -> LaidCell {
        LaidCell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            header: Some(scope),
        }
    }

    fn figure(text: String) -> LaidCell {
        LaidCell {
            text,
            colspan: 1,
            rowspan: 1,
            header: None,
        }
    }

    fn span(mut self, colspan: usize, rowspan: usize) -> LaidCell {
        self.colspan = colspan;
        self.rowspan = rowspan;
        self
    }
}

/// A table: its caption, width in grid columns, and rows of cells (spanned positions omitted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// What the table shows (the section's heading without its number).
    pub caption: &'static str,
    /// Grid columns.
    pub columns: usize,
    /// Header rows (repeated on each printed page), then body rows.
    pub head_rows: usize,
    /// Relative widths of the grid columns (for Word).
    pub widths: Vec<u32>,
    /// The rows.
    pub rows: Vec<Vec<LaidCell>>,
}

/// A cell at its grid position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed<'a> {
    /// Row of the layout.
    pub row: usize,
    /// First grid column.
    pub col: usize,
    /// The cell.
    pub cell: &'a LaidCell,
}

impl Layout {
    /// Every cell at its grid position: each row's cells fill, left to right, the columns not
    /// covered by a cell spanning down from a row above. The HTML writer needs no positions;
    /// Word (continuation cells of vertical merges) and XLSX (merged ranges) do.
    pub fn placed(&self) -> Vec<Placed<'_>> {
        let mut covered = vec![0usize; self.columns];
        let mut out = Vec::new();
        for (row, cells) in self.rows.iter().enumerate() {
            let mut col = 0;
            for cell in cells {
                while col < self.columns && covered[col] > 0 {
                    col += 1;
                }
                out.push(Placed { row, col, cell });
                for c in covered.iter_mut().skip(col).take(cell.colspan) {
                    *c = cell.rowspan;
                }
                col += cell.colspan;
            }
            for c in &mut covered {
                *c = c.saturating_sub(1);
            }
        }
        out
    }
}

fn figure(t: &Tables, key: CellKey) -> LaidCell {
    LaidCell::figure(t.format.text(key, t.get(key)))
}

/// Section 二: four blocks (five in the 2019 format), each a caption row across the table, a
/// header row and its rows. A block with fewer figure columns widens its first over the rest.
pub fn section2(t: &Tables) -> Layout {
    let spec = t.format.section2();
    let mut rows = Vec::new();
    for block in t.format.blocks() {
        let cells: Vec<usize> = (0..spec.len()).filter(|i| spec[*i].0 == *block).collect();
        let mut columns: Vec<&str> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for i in &cells {
            let (_, name, column) = spec[*i];
            if !columns.contains(&column) {
                columns.push(column);
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
        // 信息内容 and the figure columns fill four grid columns.
        let span = |n: usize| if n == 0 { 4 - columns.len() } else { 1 };
        rows.push(vec![LaidCell::head(*block, "colgroup").span(4, 1)]);
        let mut header = vec![LaidCell::head("信息内容", "col")];
        header.extend(
            columns
                .iter()
                .enumerate()
                .map(|(n, c)| LaidCell::head(*c, "col").span(span(n), 1)),
        );
        rows.push(header);
        for name in names {
            let mut row = vec![LaidCell::head(name, "row")];
            row.extend(
                cells
                    .iter()
                    .filter(|i| spec[**i].1 == name)
                    .enumerate()
                    .map(|(n, i)| figure(t, CellKey::Two(*i)).span(span(n), 1)),
            );
            rows.push(row);
        }
    }
    Layout {
        caption: "主动公开政府信息情况",
        columns: 4,
        head_rows: 0,
        widths: vec![4, 3, 3, 3],
        rows,
    }
}

/// Section 三: the top-left note over three label columns, 申请人情况 over the seven figure
/// columns, and the rows with their group labels spanning the rows of their members.
pub fn section3(t: &Tables) -> Layout {
    let mut rows = vec![
        vec![
            LaidCell::head(TOP_LEFT, "col").span(3, 3),
            LaidCell::head("申请人情况", "colgroup").span(COLUMNS, 1),
        ],
        vec![
            LaidCell::head(column_label(0), "col").span(1, 2),
            LaidCell::head("法人或其他组织", "colgroup").span(5, 1),
            LaidCell::head(column_label(COLUMNS - 1), "col").span(1, 2),
        ],
        (1..COLUMNS - 1)
            .map(|c| LaidCell::head(column_label(c), "col"))
            .collect(),
    ];
    let structure = t.format.section3();
    let mut pending: Vec<LaidCell> = Vec::new();
    let mut figure_row = 0;
    for (i, r) in structure.iter().enumerate() {
        let level = usize::from(r.level);
        if !r.figures {
            // A group label: spans the figure rows below it, up to the next row of its level.
            let span = structure[i + 1..]
                .iter()
                .take_while(|x| usize::from(x.level) > level)
                .filter(|x| x.figures)
                .count();
            pending.push(LaidCell::head(r.label.clone(), "rowgroup").span(1, span));
            continue;
        }
        let mut row = std::mem::take(&mut pending);
        row.push(LaidCell::head(r.label.clone(), "row").span(3 - level, 1));
        row.extend((0..COLUMNS).map(|c| figure(t, CellKey::Three(figure_row, c))));
        rows.push(row);
        figure_row += 1;
    }
    Layout {
        caption: "收到和处理政府信息公开申请情况",
        columns: 3 + COLUMNS,
        head_rows: 3,
        widths: [10, 10, 36].into_iter().chain([9; COLUMNS]).collect(),
        rows,
    }
}

/// Section 四: 行政复议 (five columns) and 行政诉讼 split into 未经复议直接起诉 and 复议后起诉.
pub fn section4(t: &Tables) -> Layout {
    let subgroup = |g: usize| GROUPS[g].split('·').nth(1).unwrap_or(GROUPS[g]);
    let mut second: Vec<LaidCell> = RESULTS
        .iter()
        .map(|r| LaidCell::head(*r, "col").span(1, 2))
        .collect();
    second.push(LaidCell::head(subgroup(1), "colgroup").span(5, 1));
    second.push(LaidCell::head(subgroup(2), "colgroup").span(5, 1));
    let rows = vec![
        vec![
            LaidCell::head(GROUPS[0], "colgroup").span(5, 1),
            LaidCell::head("行政诉讼", "colgroup").span(10, 1),
        ],
        second,
        (0..10)
            .map(|i| LaidCell::head(RESULTS[i % 5], "col"))
            .collect(),
        (0..15)
            .map(|i| figure(t, CellKey::Four(i / 5, i % 5)))
            .collect(),
    ];
    Layout {
        caption: "政府信息公开行政复议、行政诉讼情况",
        columns: 15,
        head_rows: 3,
        widths: vec![1; 15],
        rows,
    }
}

/// A laid-out table as HTML (only tags and attributes a sanitised document body keeps).
pub fn table_html(layout: &Layout) -> String {
    let mut out = format!("<table><caption>{}</caption>", escape_html(layout.caption));
    if layout.head_rows > 0 {
        out.push_str("<thead>");
    } else {
        out.push_str("<tbody>");
    }
    for (i, row) in layout.rows.iter().enumerate() {
        if layout.head_rows > 0 && i == layout.head_rows {
            out.push_str("</thead><tbody>");
        }
        out.push_str("<tr>");
        for cell in row {
            let tag = if cell.header.is_some() { "th" } else { "td" };
            out.push('<');
            out.push_str(tag);
            if let Some(scope) = cell.header {
                out.push_str(&format!(" scope=\"{scope}\""));
            }
            if cell.colspan > 1 {
                out.push_str(&format!(" colspan=\"{}\"", cell.colspan));
            }
            if cell.rowspan > 1 {
                out.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
            }
            out.push('>');
            out.push_str(&escape_html(&cell.text));
            out.push_str(&format!("</{tag}>"));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The report's text: the narrative sections and the tables.
#[derive(Debug, Clone, Copy)]
pub struct ReportText<'a> {
    /// 一、总体情况.
    pub overview: &'a str,
    /// 五、存在的主要问题及改进情况.
    pub problems: &'a str,
    /// 六、其他需要报告的事项.
    pub other: &'a str,
    /// The three tables.
    pub tables: &'a Tables,
}

/// The report's six sections as HTML: headings, paragraphs and the three tables in the official
/// layout — the body of the catalogue document and of the print view.
pub fn body_html(r: &ReportText<'_>) -> String {
    let mut out = String::new();
    let para = |out: &mut String, text: &str| {
        for p in paragraphs_of(text) {
            out.push_str(&format!("<p>{}</p>", escape_html(p)));
        }
    };
    for (i, heading) in SECTIONS.iter().enumerate() {
        out.push_str(&format!("<h2>{heading}</h2>"));
        match i {
            0 => para(&mut out, r.overview),
            1 => out.push_str(&table_html(&section2(r.tables))),
            2 => out.push_str(&table_html(&section3(r.tables))),
            3 => out.push_str(&table_html(&section4(r.tables))),
            4 => para(&mut out, r.problems),
            _ => para(&mut out, r.other),
        }
    }
    out
}

/// The print view's style, for a file that stands alone (no stylesheet to fetch).
const PRINT_CSS: &str = "@page{size:A4;margin:37mm 26mm 35mm 28mm}\
body{max-width:170mm;margin:2rem auto;font:16pt/1.8 \"FangSong\",\"仿宋\",\"Noto Serif CJK SC\",serif;color:#000}\
h1{text-align:center;font:bold 22pt/1.6 \"SimSun\",\"宋体\",serif}\
h2{font:16pt/1.8 \"SimHei\",\"黑体\",sans-serif;margin:0}p{text-indent:2em;margin:0;text-align:justify}\
table{border-collapse:collapse;width:100%;margin:6pt 0 12pt;font-size:10.5pt;line-height:1.4}\
caption{font-size:12pt;padding-bottom:4pt}th,td{border:1px solid #000;padding:2pt 3pt;font-weight:normal}\
th[scope=row],th[scope=rowgroup]{text-align:left}td{text-align:center}thead{display:table-header-group}";

/// The report as one HTML file that stands alone (`gongkai report --format html`).
pub fn standalone_html(title: &str, r: &ReportText<'_>) -> String {
    let title = escape_html(title);
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{}\n</body>\n</html>\n",
        body_html(r)
    )
}

/// The whole report as a Word document: the title, the six sections, the tables as Word tables
/// with their merged cells (for stamping and filing).
pub fn document(title: &str, r: &ReportText<'_>, fonts: &Fonts) -> Document {
    let mut paragraphs = vec![Para {
        space_after_pt: 16,
        ..Para::title(title)
    }];
    let mut tables = Vec::new();
    for (i, heading) in SECTIONS.iter().enumerate() {
        paragraphs.push(Para {
            keep_next: true,
            bold: true,
            indent_chars: 2,
            ..Para::aligned(*heading, Align::Left)
        });
        let text = match i {
            0 => r.overview,
            4 => r.problems,
            5 => r.other,
            _ => {
                let layout = match i {
                    1 => section2(r.tables),
                    2 => section3(r.tables),
                    _ => section4(r.tables),
                };
                tables.push((paragraphs.len() - 1, layout));
                continue;
            }
        };
        paragraphs.extend(paragraphs_of(text).into_iter().map(Para::body));
    }
    Document {
        title: title.to_owned(),
        paragraphs,
        fonts: fonts.clone(),
        tables,
    }
}

/// The DOCX file of [`document`].
pub fn docx(title: &str, r: &ReportText<'_>, fonts: &Fonts) -> Vec<u8> {
    document(title, r, fonts).to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::report::format::Format;

    /// Each grid position is covered by exactly one cell — what a browser and a word processor
    /// both require.
    fn fills_the_grid(layout: &Layout) {
        let mut grid = vec![vec![0u8; layout.columns]; layout.rows.len()];
        for p in layout.placed() {
            for row in &mut grid[p.row..p.row + p.cell.rowspan] {
                assert!(
                    p.col + p.cell.colspan <= layout.columns,
                    "{p:?} past the table's width"
                );
                for n in &mut row[p.col..p.col + p.cell.colspan] {
                    *n += 1;
                }
            }
        }
        for (r, row) in grid.iter().enumerate() {
            assert!(row.iter().all(|n| *n == 1), "row {r} covered {row:?}");
        }
    }

    #[test]
    fn the_three_tables_fill_their_grids() {
        let t = Tables::default();
        for layout in [section2(&t), section3(&t), section4(&t)] {
            fills_the_grid(&layout);
        }
        assert_eq!(section3(&t).rows.len(), 3 + 25);
        assert_eq!(section2(&t).rows.len(), 4 + 4 + 6);
    }

    #[test]
    fn section_three_has_the_official_merged_cells() {
        // 国办公开办函〔2021〕30号: the top-left note over the label columns; 三、本年度办理结果
        // spans the 22 result rows, （三）不予公开 its eight sub-rows.
        let mut t = Tables::default();
        t.set(CellKey::Three(6, 2), Some(4));
        let html = table_html(&section3(&t));
        assert!(html.contains(&format!(
            "<th scope=\"col\" colspan=\"3\" rowspan=\"3\">{TOP_LEFT}</th>"
        )));
        assert!(html.contains("<th scope=\"rowgroup\" rowspan=\"22\">三、本年度办理结果</th>"));
        assert!(html.contains("<th scope=\"rowgroup\" rowspan=\"8\">（三）不予公开</th>"));
        assert!(html.contains("<th scope=\"rowgroup\" rowspan=\"3\">（六）其他处理</th>"));
        assert!(
            html.contains("<th scope=\"row\" colspan=\"3\">一、本年新收政府信息公开申请数量</th>")
        );
        assert!(
            html.contains(
                "<th scope=\"row\">3.危及“三安全一稳定”</th><td></td><td></td><td>4</td>"
            )
        );
        let four = table_html(&section4(&t));
        assert!(four.contains("<th scope=\"colgroup\" colspan=\"5\">未经复议直接起诉</th>"));
    }

    #[test]
    fn a_2019_format_report_has_its_own_layout() {
        // spec/annual-report.md, The 2019–2020 format (国办公开办函〔2019〕60号): five blocks in
        // section 二; （六）其他处理 one row, so 三、本年度办理结果 spans 20 rows.
        let mut t = Tables::blank(Format::F2019);
        t.set(CellKey::Two(7), Some(-2));
        t.set(CellKey::Two(21), Some(3_568_000));
        t.set(CellKey::Three(20, 6), Some(1));
        for layout in [section2(&t), section3(&t), section4(&t)] {
            fills_the_grid(&layout);
        }
        assert_eq!(section3(&t).rows.len(), 3 + 23);
        assert_eq!(section2(&t).rows.len(), 5 * 2 + 8);
        let three = table_html(&section3(&t));
        assert!(three.contains("<th scope=\"rowgroup\" rowspan=\"20\">三、本年度办理结果</th>"));
        assert!(three.contains(
            "<th scope=\"row\" colspan=\"2\">（六）其他处理</th><td></td><td></td><td></td><td></td><td></td><td></td><td>1</td>"
        ));
        let two = table_html(&section2(&t));
        assert!(two.contains("<th scope=\"col\">本年增/减</th>"));
        assert!(two.contains("<th scope=\"row\">行政许可</th><td></td><td>-2</td><td></td>"));
        assert!(
            two.contains(
                "<th scope=\"row\">政府集中采购</th><td colspan=\"2\"></td><td>356.8</td>"
            )
        );
    }

    #[test]
    fn the_docx_has_word_tables_whose_rows_fill_the_grid() {
        use std::io::Read;
        let mut t = Tables::default();
        t.set(CellKey::Three(23, 6), Some(7));
        let r = ReportText {
            overview: "总体情况第一段\n第二段",
            problems: "",
            other: "本年度本机关未收取信息处理费。",
            tables: &t,
        };
        let bytes = docx(
            "某机关2025年政府信息公开工作年度报告",
            &r,
            &Fonts::default(),
        );
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .expect("document")
            .read_to_string(&mut xml)
            .expect("utf-8");
        assert_eq!(xml.matches("<w:tbl>").count(), 3);
        assert!(
            xml.contains("<w:gridSpan w:val=\"7\"/>"),
            "申请人情况 over seven columns"
        );
        // Merged down: the top-left note, 三、本年度办理结果, （三）–（六）, 自然人, 总计; section 四's
        // five result labels.
        assert_eq!(xml.matches("<w:vMerge w:val=\"restart\"/>").count(), 13);
        assert!(xml.contains("<w:tblHeader/>"));
        // Every row of every table covers its grid exactly.
        for table in xml.split("<w:tbl>").skip(1) {
            let table = &table[..table.find("</w:tbl>").expect("end")];
            let grid = table.matches("<w:gridCol ").count();
            for row in table.split("<w:tr>").skip(1) {
                let cells = row.matches("<w:tc>").count();
                let extra: usize = row
                    .split("<w:gridSpan w:val=\"")
                    .skip(1)
                    .map(|s| {
                        s[..s.find('"').expect("quote")]
                            .parse::<usize>()
                            .expect("n")
                            - 1
                    })
                    .sum();
                assert_eq!(cells + extra, grid, "{row}");
            }
        }
        assert!(xml.contains("第二段"));
        assert!(xml.contains(TOP_LEFT));
    }

    #[test]
    fn the_body_has_the_six_sections_and_escapes_staff_text() {
        let t = Tables::default();
        let html = body_html(&ReportText {
            overview: "第一段\n\n<b>第二段</b>",
            problems: "",
            other: "本年度本机关未收取信息处理费。",
            tables: &t,
        });
        for s in SECTIONS {
            assert!(html.contains(&format!("<h2>{s}</h2>")), "{s}");
        }
        assert!(html.contains("<p>第一段</p><p>&lt;b&gt;第二段&lt;/b&gt;</p>"));
        assert_eq!(html.matches("<table>").count(), 3);
    }
}
