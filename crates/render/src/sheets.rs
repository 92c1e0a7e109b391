//! Workbooks read back for the import of reports made elsewhere (spec/annual-report.md): XLSX
//! (our own export, Excel, WPS, LibreOffice), each sheet as rows of text that
//! [`gongkai_domain::report::locate`] searches by label. The file is untrusted: it is unpacked
//! only up to [`MAX_UNPACKED_BYTES`] and read cell by cell (never as a dense sheet sized by the
//! file's own claims), up to [`MAX_ROWS`] × [`MAX_COLUMNS`] and [`MAX_CELLS`] cells. XLS and ODS
//! are refused with what to do: their readers build every sheet whole, as large as the file
//! says.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use gongkai_domain::report::locate::{Sheet, place};

/// The most a workbook may unpack to: a report's is a few hundred kilobytes.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// The rows and columns read (a report's tables fit in 100 × 20).
pub const MAX_ROWS: u32 = 5_000;

/// See [`MAX_ROWS`].
pub const MAX_COLUMNS: u32 = 200;

/// The most non-empty cells read in the whole workbook.
pub const MAX_CELLS: usize = 100_000;

/// Unpacks every part (to nowhere) to measure the workbook's real size: the sizes a zip declares
/// may lie. Tells an ODS by its mimetype.
fn check_unpacked(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件已损坏，或不是 XLSX 工作簿".to_owned())?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|_| "文件已损坏，或不是 XLSX 工作簿".to_owned())?;
        if part.name().is_ok_and(|n| n == "mimetype") {
            let mut kind = String::new();
            let _ = part.by_ref().take(100).read_to_string(&mut kind);
            if kind.contains("opendocument") {
                return Err(
                    "ODS 文件不能直接导入，请在 WPS、Excel 或 LibreOffice 中另存为 XLSX 后导入"
                        .into(),
                );
            }
            continue;
        }
        let left = MAX_UNPACKED_BYTES - total;
        let n = std::io::copy(&mut part.by_ref().take(left + 1), &mut std::io::sink())
            .map_err(|_| "文件已损坏，或不是 XLSX 工作簿".to_owned())?;
        total += n;
        if total > MAX_UNPACKED_BYTES {
            return Err(format!(
                "工作簿解压后超过 {} MB，不像年度报告的表格，未读取",
                MAX_UNPACKED_BYTES / 1024 / 1024
            ));
        }
    }
    Ok(())
}

/// Every sheet of the XLSX workbook in `bytes`, cells at their positions (row 1, column A =
/// `[0][0]`), numbers written as numbers (`12`, `356.8`), error values as Excel shows them
/// (`#REF!`), merged cells' text in their first cell only.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(
            "XLS（Excel 97–2003）文件不能直接导入，请在 Excel 或 WPS 中另存为 XLSX 后导入".into(),
        );
    }
    check_unpacked(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|_| {
        "无法作为 XLSX 工作簿读取（文件可能已损坏，或不是 Excel 工作簿）".to_owned()
    })?;
    let mut out = Vec::new();
    let mut cells = 0;
    for name in book.sheet_names() {
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|_| format!("无法读取工作表“{name}”"))?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        while let Some(cell) = reader
            .next_cell()
            .map_err(|_| format!("无法读取工作表“{name}”"))?
        {
            let (r, c) = cell.get_position();
            let text = match Data::from(cell.get_value().clone()) {
                Data::Empty => continue,
                other => other.to_string(),
            };
            if r >= MAX_ROWS || c >= MAX_COLUMNS {
                return Err(format!(
                    "{}有内容，超出了年度报告表格的范围（前 {MAX_ROWS} 行、{MAX_COLUMNS} 列）；请删除表格以外的内容后导入",
                    place(&name, r as usize, c as usize)
                ));
            }
            cells += 1;
            if cells > MAX_CELLS {
                return Err(format!(
                    "工作簿中有内容的单元格超过 {MAX_CELLS} 个，不像年度报告的表格，未读取"
                ));
            }
            let (r, c) = (r as usize, c as usize);
            if rows.len() <= r {
                rows.resize(r + 1, Vec::new());
            }
            if rows[r].len() <= c {
                rows[r].resize(c + 1, String::new());
            }
            rows[r][c] = text;
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
    fn a_cell_far_away_is_refused_not_allocated() {
        // Two cells, A1 and XFD1048576: a dense sheet would be 17 × 10⁹ cells.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "自然人").expect("a1");
        sheet.write_number(1_048_575, 16_383, 1.0).expect("far");
        let bytes = book.save_to_buffer().expect("xlsx");
        let e = read(&bytes).expect_err("refused");
        assert_eq!(
            e,
            "工作表“Sheet1”XFD1048576有内容，超出了年度报告表格的范围（前 5000 行、200 列）；请删除表格以外的内容后导入"
        );
    }

    #[test]
    fn error_values_are_kept_to_be_named() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet
            .write_formula(
                2,
                3,
                rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
            )
            .expect("formula");
        let bytes = book.save_to_buffer().expect("xlsx");
        let sheets = read(&bytes).expect("read");
        assert_eq!(sheets[0].rows[2][3], "#DIV/0!");
    }

    #[test]
    fn a_workbook_unpacking_to_too_much_is_refused_unread() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file::<_, ()>(
            "xl/worksheets/sheet1.xml",
            zip::write::FileOptions::default(),
        )
        .expect("file");
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..65 {
            zip.write_all(&chunk).expect("written");
        }
        let bytes = zip.finish().expect("zip").into_inner();
        assert!(bytes.len() < 1024 * 1024, "compressed: {}", bytes.len());
        let e = read(&bytes).expect_err("refused");
        assert!(e.starts_with("工作簿解压后超过 64 MB"), "{e}");
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_with_a_message() {
        let e = read(b"PK\x03\x04 not really a zip").expect_err("refused");
        assert_eq!(e, "文件已损坏，或不是 XLSX 工作簿");
        assert!(read(b"{\"cells\": []}").is_err());
        let e = read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").expect_err("xls");
        assert!(e.contains("另存为 XLSX"), "{e}");
    }
}
