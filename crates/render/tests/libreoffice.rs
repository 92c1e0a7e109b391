//! The report's DOCX and XLSX opened by LibreOffice, when `soffice` is installed (Debian's
//! libreoffice-writer-nogui, libreoffice-calc-nogui): converted headless to text, the tables'
//! labels and figures must be there; and the XLSX LibreOffice saves, as another system would
//! hand it over, read back by the import. Skipped, saying so, where LibreOffice
//! is absent (CI requires it).

use std::path::{Path, PathBuf};
use std::process::Command;

use gongkai_domain::report::tables::{CellKey, Tables};
use gongkai_render::docx::Fonts;
use gongkai_render::report::{ReportText, docx};
use gongkai_render::xlsx;

fn find_soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gongkai-lo-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Converts `file` with LibreOffice to `format` (a filter such as `txt:Text`), into `dir`.
fn convert(program: &str, dir: &Path, file: &Path, format: &str) {
    let out = Command::new(program)
        .env("HOME", dir)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(dir)
        .arg(file)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file of `dir` ending in `ext`, read and joined.
fn read_all(dir: &Path, ext: &str) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// LibreOffice, or `None` (skipped) where it is absent — unless CI requires it.
fn soffice() -> Option<&'static str> {
    let Some(program) = find_soffice() else {
        assert!(
            std::env::var_os("GONGKAI_REQUIRE_SOFFICE").is_none(),
            "GONGKAI_REQUIRE_SOFFICE is set but LibreOffice (soffice) is not installed"
        );
        eprintln!("LibreOffice (soffice) is not installed: the conversion check is skipped");
        return None;
    };
    Some(program)
}

fn sample() -> Tables {
    let mut t = Tables::default();
    t.set(CellKey::Three(0, 6), Some(4321));
    t.set(CellKey::Four(2, 3), Some(97));
    t.set(CellKey::Two(9), Some(123_500));
    t
}

#[test]
fn the_reports_docx_opens_in_libreoffice() {
    let Some(program) = soffice() else { return };
    let t = sample();
    let r = ReportText {
        overview: "本年度依法做好政府信息公开工作。",
        problems: "",
        other: "本年度本机关未收取信息处理费。",
        tables: &t,
    };
    let dir = scratch();
    let file = dir.join("report.docx");
    std::fs::write(
        &file,
        docx(
            "测试机关2025年政府信息公开工作年度报告",
            &r,
            &Fonts::default(),
        ),
    )
    .expect("written");
    convert(program, &dir, &file, "txt:Text");
    let text = read_all(&dir, "txt");
    for expected in [
        "测试机关2025年政府信息公开工作年度报告",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "一、本年新收政府信息公开申请数量",
        "3.危及“三安全一稳定”",
        "未经复议直接起诉",
        "本年收费金额（单位：万元）",
        "12.35",
        "4321",
        "97",
        "本年度本机关未收取信息处理费。",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_reports_xlsx_opens_in_libreoffice() {
    let Some(program) = soffice() else { return };
    let t = sample();
    let dir = scratch();
    let file = dir.join("tables.xlsx");
    std::fs::write(
        &file,
        xlsx::workbook("测试机关2025年政府信息公开工作年度报告", &t).expect("xlsx"),
    )
    .expect("written");
    // The CSV filter's last option (-1) writes every sheet, each to its own file.
    convert(
        program,
        &dir,
        &file,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
    );
    let text = read_all(&dir, "csv");
    let sheets = std::fs::read_dir(&dir)
        .expect("dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "csv"))
        })
        .count();
    assert_eq!(sheets, 3, "one CSV a sheet:\n{text}");
    for expected in [
        "二、主动公开政府信息情况",
        "本年收费金额（单位：万元）",
        "12.35",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "四、结转下年度继续办理",
        "4321",
        "复议后起诉",
        "97",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_2020_report_saved_by_libreoffice_is_read_back() {
    // spec/annual-report.md, import: tables of the 2019–2020 format in an XLSX written by
    // another program — LibreOffice re-saves ours; its XLS and ODS are refused with what to do.
    use gongkai_domain::report::format::Format;
    use gongkai_domain::report::import::tables_of;
    use gongkai_domain::report::locate::locate;
    let Some(program) = soffice() else { return };
    let mut t = Tables::blank(Format::F2019);
    t.set(CellKey::Three(20, 0), Some(7)); // （六）其他处理
    t.set(CellKey::Two(10), Some(-4)); // 其他对外管理服务事项 · 本年增/减
    t.set(CellKey::Two(21), Some(3_568_000)); // 采购总金额 356.8
    t.set(CellKey::Four(1, 4), Some(2));
    let dir = scratch();
    let file = dir.join("tables.xlsx");
    std::fs::write(
        &file,
        xlsx::workbook("测试机关2020年政府信息公开工作年度报告", &t).expect("xlsx"),
    )
    .expect("written");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("out");
    for (filter, ext) in [
        ("xlsx:Calc MS Excel 2007 XML", "xlsx"),
        ("xls:MS Excel 97", "xls"),
        ("ods", "ods"),
    ] {
        convert(program, &out, &file, filter);
        let bytes = std::fs::read(out.join(format!("tables.{ext}"))).expect("converted");
        match gongkai_render::sheets::read(&bytes) {
            Ok(sheets) => {
                assert_eq!(ext, "xlsx");
                let (format, cells) = locate(&sheets).expect("located");
                assert_eq!(format, Format::F2019);
                assert_eq!(tables_of(format, &cells).expect("tables"), t);
            }
            Err(e) => {
                assert_ne!(ext, "xlsx", "{e}");
                assert!(e.contains("另存为 XLSX"), "{ext}: {e}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
