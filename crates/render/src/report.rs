//! The annual report in the official layout (国办公开办函〔2021〕30号): the three tables with their
//! merged header cells, row groups and the top-left note, laid out once ([`Layout`]) and written
//! as HTML (the catalogue page, the print view, the console) and as Word tables (DOCX).

use gongkai_domain::application::year::{COLUMNS, TOP_LEFT, YearCounts, column_label};
use gongkai_domain::report::narrative::paragraphs;
use gongkai_domain::report::review::{GROUPS, RESULTS};
use gongkai_domain::report::tables::{CellKey, SECTION2, SECTIONS, Tables};

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
    /// The rows.
    pub rows: Vec<Vec<LaidCell>>,
}

fn figure(t: &Tables, key: CellKey) -> LaidCell {
    LaidCell::figure(key.text(t.get(key)))
}

/// Section 二: four blocks, each a caption row across the table, a header row and its rows.
pub fn section2(t: &Tables) -> Layout {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < SECTION2.len() {
        let block = SECTION2[i].0;
        rows.push(vec![LaidCell::head(block, "colgroup").span(4, 1)]);
        let in_block: Vec<usize> = (i..SECTION2.len())
            .take_while(|j| SECTION2[*j].0 == block)
            .collect();
        let mut columns: Vec<&str> = Vec::new();
        for j in &in_block {
            if !columns.contains(&SECTION2[*j].2) {
                columns.push(SECTION2[*j].2);
            }
        }
        let wide = 3 - columns.len();
        let mut header = vec![LaidCell::head("信息内容", "col")];
        for (n, c) in columns.iter().enumerate() {
            let span = if n == 0 { 1 + wide } else { 1 };
            header.push(LaidCell::head(*c, "col").span(span, 1));
        }
        rows.push(header);
        let mut j = i;
        while j < i + in_block.len() {
            let name = SECTION2[j].1;
            let mut row = vec![LaidCell::head(name, "row")];
            let mut n = 0;
            while j < SECTION2.len() && SECTION2[j].1 == name && SECTION2[j].0 == block {
                let span = if n == 0 { 1 + wide } else { 1 };
                row.push(figure(t, CellKey::Two(j)).span(span, 1));
                n += 1;
                j += 1;
            }
            rows.push(row);
        }
        i += in_block.len();
    }
    Layout {
        caption: "主动公开政府信息情况",
        columns: 4,
        head_rows: 0,
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
    let structure = YearCounts::default().rows();
    let mut pending: Vec<LaidCell> = Vec::new();
    let mut figure_row = 0;
    for (i, r) in structure.iter().enumerate() {
        let level = usize::from(r.level);
        if r.figures.is_none() {
            // A group label: spans the figure rows below it, up to the next row of its level.
            let span = structure[i + 1..]
                .iter()
                .take_while(|x| usize::from(x.level) > level)
                .filter(|x| x.figures.is_some())
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
        rows,
    }
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
        for p in paragraphs(text) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row of a layout fills exactly the table's width, counting cells spanned from rows
    /// above — what a browser and a word processor both require.
    fn fills_the_grid(layout: &Layout) {
        let mut carried = vec![0usize; layout.columns];
        for (i, row) in layout.rows.iter().enumerate() {
            let mut col = 0;
            for cell in row {
                while col < layout.columns && carried[col] > 0 {
                    carried[col] -= 1;
                    col += 1;
                }
                assert!(
                    col + cell.colspan <= layout.columns,
                    "row {i} too wide: {row:?}"
                );
                for c in &mut carried[col..col + cell.colspan] {
                    *c = cell.rowspan - 1;
                }
                col += cell.colspan;
            }
            while col < layout.columns && carried[col] > 0 {
                carried[col] -= 1;
                col += 1;
            }
            assert_eq!(col, layout.columns, "row {i} is {col} wide: {row:?}");
        }
        assert!(carried.iter().all(|c| *c == 0), "spans past the end");
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
