//! Workbooks read back for the import of reports made elsewhere (spec/annual-report.md): XLSX
//! (our own export, Excel, WPS), the older XLS and ODS, each sheet as rows of text that
//! [`gongkai_domain::report::locate`] searches by label.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use gongkai_domain::report::locate::Sheet;

/// The largest sheet read, in cells (a report's tables have a few hundred).
pub const MAX_CELLS: usize = 200_000;

/// Every sheet of the workbook in `bytes`, cells at their positions (row 1, column A = `[0][0]`),
/// numbers written as numbers (`12`, `356.8`), merged cells' text in their first cell only.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("无法作为 Excel 工作簿读取：{e}"))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("无法读取工作表“{name}”：{e}"))?;
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > MAX_CELLS {
            return Err(format!(
                "工作表“{name}”过大（{height} 行 × {width} 列），不像年度报告的表格"
            ));
        }
        let (top, left) = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut rows = vec![Vec::new(); top];
        for row in range.rows() {
            let mut cells = vec![String::new(); left];
            cells.extend(row.iter().map(|d| match d {
                Data::Empty | Data::Error(_) => String::new(),
                other => other.to_string(),
            }));
            rows.push(cells);
        }
        out.push(Sheet { name, rows });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx;
    use gongkai_domain::report::format::Format;
    use gongkai_domain::report::import::tables_of;
    use gongkai_domain::report::locate::locate;
    use gongkai_domain::report::tables::{CellKey, Tables};

    fn figures(format: Format) -> Tables {
        let mut t = Tables::blank(format);
        for (n, key) in format.keys().into_iter().enumerate() {
            // Every cell a different figure; some blank.
            let v = i64::try_from(n % 97).expect("small");
            if n % 11 != 5 {
                t.set(key, Some(v));
            }
        }
        t
    }

    #[test]
    fn our_own_xlsx_reads_back_cell_for_cell_in_both_formats() {
        // spec/annual-report.md, import: XLSX of the tables in the 2021 format and in the
        // 2019–2020 format.
        for format in Format::ALL {
            let mut t = figures(format);
            if format == Format::F2019 {
                t.set(CellKey::Two(10), Some(-3));
                t.set(CellKey::Two(21), Some(3_568_000));
            } else {
                t.set(CellKey::Two(9), Some(123_456));
            }
            let bytes = xlsx::workbook("某机关2020年政府信息公开工作年度报告", &t).expect("xlsx");
            let sheets = read(&bytes).expect("read");
            assert_eq!(sheets.len(), 3);
            let (found, cells) = locate(&sheets).expect("located");
            assert_eq!(found, format);
            assert_eq!(tables_of(found, &cells).expect("tables"), t, "{format:?}");
        }
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_with_a_message() {
        let e = read(b"PK\x03\x04 not really a zip").expect_err("refused");
        assert!(e.starts_with("无法作为 Excel 工作簿读取"), "{e}");
        assert!(read(b"{\"cells\": []}").is_err());
    }
}
