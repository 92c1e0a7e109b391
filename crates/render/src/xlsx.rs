//! The report's three tables as an XLSX workbook for the supervising office: one sheet per table,
//! named and headed by its section, the cells merged as in the official layout, labels exact,
//! figures as numbers (收费金额 in 万元), blank cells blank.

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::report::{section2, section3, section4};
use gongkai_domain::report::tables::{SECTIONS, Tables};

/// The workbook.
pub fn workbook(title: &str, t: &Tables) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(title));
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_font_name("宋体")
        .set_font_size(10.5);
    let head = base.clone().set_align(FormatAlign::Center);
    let row_head = base.clone().set_align(FormatAlign::Left);
    let number = base.clone().set_align(FormatAlign::Center);
    let heading = Format::new()
        .set_bold()
        .set_font_name("宋体")
        .set_font_size(12);
    for (i, layout) in [section2(t), section3(t), section4(t)].iter().enumerate() {
        let sheet = book.add_worksheet();
        let section = SECTIONS[i + 1];
        // The sheet is named by the table's caption and headed by its numbered section.
        sheet.set_name(layout.caption)?;
        sheet.write_string_with_format(0, 0, section, &heading)?;
        // A4 (9), as wide as the page, section 四's fifteen columns across.
        sheet.set_paper_size(9).set_print_fit_to_pages(1, 0);
        if layout.columns > 10 {
            sheet.set_landscape();
        }
        let total: u32 = layout.widths.iter().sum::<u32>().max(1);
        let widths: Vec<f64> = layout
            .widths
            .iter()
            .map(|w| (f64::from(*w) * 90.0 / f64::from(total)).max(6.0))
            .collect();
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(col(c), *w)?;
        }
        // Rows as tall as their longest one-row label wraps to (a CJK character is two units
        // of column width; 14 points a line).
        let mut heights = vec![1.0_f64; layout.rows.len()];
        for p in layout.placed() {
            let (r, c, cell) = (p.row, p.col, p.cell);
            if cell.rowspan == 1 {
                let width: f64 = widths[c..c + cell.colspan].iter().sum();
                #[allow(clippy::cast_precision_loss)]
                let lines = (cell.text.chars().count() as f64 * 2.0 / width).ceil();
                heights[r] = heights[r].max(lines);
            }
        }
        for (r, lines) in heights.iter().enumerate() {
            if *lines > 1.0 {
                sheet.set_row_height(u32::try_from(r + 2).unwrap_or(u32::MAX), lines * 14.0)?;
            }
        }
        for p in layout.placed() {
            let (r, c, cell) = (p.row, p.col, p.cell);
            let (row, first) = (u32::try_from(r + 2).unwrap_or(u32::MAX), col(c));
            let format = match cell.header {
                Some("row" | "rowgroup") => &row_head,
                Some(_) => &head,
                None => &number,
            };
            let (last_row, last_col) = (
                row + u32::try_from(cell.rowspan - 1).unwrap_or(0),
                col(c + cell.colspan - 1),
            );
            let value: Option<f64> = match cell.header {
                None => cell.text.parse().ok(),
                Some(_) => None,
            };
            if last_row > row || last_col > first {
                sheet.merge_range(row, first, last_row, last_col, "", format)?;
            }
            match (value, cell.text.is_empty()) {
                (Some(v), _) => sheet.write_number_with_format(row, first, v, format)?,
                (None, true) => sheet.write_blank(row, first, format)?,
                (None, false) => sheet.write_string_with_format(row, first, &cell.text, format)?,
            };
        }
    }
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::report::tables::CellKey;

    #[test]
    fn cells_are_placed_past_the_merged_ones() {
        let layout = section3(&Tables::default());
        let at = |text: &str| {
            layout
                .placed()
                .into_iter()
                .find(|p| p.cell.text == text)
                .map(|p| (p.row, p.col))
        };
        assert_eq!(at("申请人情况"), Some((0, 3)));
        assert_eq!(at("法人或其他组织"), Some((1, 4)));
        assert_eq!(at("商业企业"), Some((2, 4)));
        assert_eq!(at("总计"), Some((1, 9)));
        assert_eq!(at("（一）予以公开"), Some((5, 1)));
        assert_eq!(at("1.属于国家秘密"), Some((7, 2)));
        assert_eq!(at("四、结转下年度继续办理"), Some((27, 0)));
    }

    #[test]
    fn writes_a_workbook_of_three_sheets() {
        let mut t = Tables::default();
        t.set(CellKey::Two(9), Some(123_500));
        let bytes = workbook("某机关2025年政府信息公开工作年度报告", &t).expect("xlsx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let names: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect();
        for n in 1..=3 {
            assert!(
                names.contains(&format!("xl/worksheets/sheet{n}.xml")),
                "{names:?}"
            );
        }
        let mut wb = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").expect("wb"), &mut wb)
            .expect("utf-8");
        assert!(
            wb.contains("name=\"收到和处理政府信息公开申请情况\""),
            "{wb}"
        );
    }
}
