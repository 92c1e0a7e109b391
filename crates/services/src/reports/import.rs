//! Reports made elsewhere (spec/annual-report.md, import): the tables of a JSON or a workbook
//! (XLSX; XLS and ODS are refused with what to do) in the 2021 format or the 2019–2020 one, read by their labels, held as the
//! report's tables (the editor then shows, checks, corrects and publishes them like the
//! platform's own); and reports before 2019, free text without tables, filed as documents.

use gongkai_domain::auth::Permission;
use gongkai_domain::report::applications::Finding;
use gongkai_domain::report::format::Format;
use gongkai_domain::report::import::{tables_in_any_format, tables_of};
use gongkai_domain::report::locate::locate;
use gongkai_domain::report::narrative::{MAX_SECTION_CHARS, paragraphs};
use gongkai_domain::report::tables::{self, LabelledCell, Tables};
use gongkai_render::report::escape_html;
use gongkai_render::sheets;
use gongkai_store::{Store, agencies, documents, reports};

use super::editor::{editable, file_in_catalogue, record};
use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult};

/// The largest file accepted.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// The longest text of a report imported as a document, in characters.
pub const MAX_DOCUMENT_CHARS: usize = 200_000;

/// What a file held.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReport {
    /// The tables, in the file's format.
    pub tables: Tables,
    /// The year the file states (JSON only).
    pub year: Option<i32>,
    /// 一、五、六 when the file has them (JSON only): non-empty texts.
    pub texts: Option<(String, String, String)>,
}

/// Reads a report's tables from a file: JSON (the shape `--format json` writes, or a bare list
/// of cells), or an XLSX workbook whose tables are found by their labels. A JSON that does not
/// state its format is read in `preferred` first (the year's), then in the other. Every problem
/// is returned, each naming its cell or place; nothing is guessed.
pub fn read(bytes: &[u8], preferred: Option<Format>) -> Result<ReadReport, Vec<String>> {
    if bytes.is_empty() {
        return Err(vec!["没有收到文件内容：请选择要导入的文件".into()]);
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(vec![format!(
            "文件过大（{} 字节），年度报告的表格文件不超过 {} MB",
            bytes.len(),
            MAX_IMPORT_BYTES / 1024 / 1024
        )]);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) {
        return read_json(text, preferred);
    }
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0");
    if !workbook {
        return Err(vec![
            "只能导入 JSON 或 XLSX（Excel、WPS 工作簿）文件中的年度报告表格".into(),
        ]);
    }
    let book = sheets::read(bytes).map_err(|m| vec![m])?;
    let (format, cells) = locate(&book)?;
    Ok(ReadReport {
        tables: tables_of(format, &cells)?,
        year: None,
        texts: None,
    })
}

/// The cells of a JSON file, each read on its own so that a bad one is named by its place.
fn json_cells(cells: &serde_json::Value) -> Result<Vec<LabelledCell>, Vec<String>> {
    let Some(list) = cells.as_array() else {
        return Err(vec!["JSON 中的 cells 应为单元格的数组".into()]);
    };
    let mut out = Vec::with_capacity(list.len());
    let mut problems = Vec::new();
    for (i, c) in list.iter().enumerate() {
        match serde_json::from_value::<LabelledCell>(c.clone()) {
            Ok(cell) => out.push(cell),
            Err(_) => problems.push(format!(
                "第 {} 个单元格应为 {{\"section\": \"三\", \"row\": 行名称, \"column\": 列名称, \"value\": 数字或 null}}，实为 {}",
                i + 1,
                c.to_string().chars().take(80).collect::<String>()
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn read_json(text: &[u8], preferred: Option<Format>) -> Result<ReadReport, Vec<String>> {
    let value: serde_json::Value = serde_json::from_slice(text).map_err(|e| {
        vec![format!(
            "不是有效的 JSON（第 {} 行第 {} 列有误）",
            e.line(),
            e.column()
        )]
    })?;
    let text_of = |key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let (stated, year, texts, cells) = if value.is_array() {
        (None, None, None, json_cells(&value)?)
    } else if let Some(cells) = value.get("cells") {
        let stated = match value.get("format").and_then(serde_json::Value::as_str).map(str::trim) {
            None | Some("") => None,
            Some("2020") => Some(Format::F2019),
            Some(f) => Some(Format::parse(f).ok_or_else(|| {
                vec![format!(
                    "format“{f}”无效：应为 2021（国办公开办函〔2021〕30号）或 2019（国办公开办函〔2019〕60号）"
                )]
            })?),
        };
        let year = value
            .get("year")
            .and_then(serde_json::Value::as_i64)
            .and_then(|y| i32::try_from(y).ok());
        let texts = (text_of("overview"), text_of("problems"), text_of("other"));
        (stated, year, Some(texts), json_cells(cells)?)
    } else {
        return Err(vec![
            "不是年度报告的 JSON：需要 cells（每格含 section、row、column、value），或单元格的数组"
                .into(),
        ]);
    };
    let texts = texts.filter(|(a, b, c)| [a, b, c].iter().any(|t| !t.trim().is_empty()));
    if let Some((a, b, c)) = &texts
        && [a, b, c]
            .iter()
            .any(|t| t.chars().count() > MAX_SECTION_CHARS)
    {
        return Err(vec![format!("正文每部分不能超过 {MAX_SECTION_CHARS} 字")]);
    }
    Ok(ReadReport {
        tables: match stated {
            Some(format) => tables_of(format, &cells)?,
            None => tables_in_any_format(preferred, &cells)?,
        },
        year,
        texts,
    })
}

/// Imports the tables of a report made elsewhere as the report's tables for `year` (机关管理员,
/// report still editable). The file's format must be the year's (2019–2020 or 2021 on); cells
/// overridden before are cleared (they corrected other figures). Returns the file's problems
/// when it cannot be read (nothing is stored), else R1–R4's findings on the imported tables.
pub async fn import_tables(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    bytes: &[u8],
    now: i64,
) -> ServiceResult<Result<Vec<Finding>, Vec<String>>> {
    // Who may, first; then the file is read off the async workers and outside the write
    // transaction (parsing an untrusted workbook holds no lock); then the transaction checks
    // again and stores.
    {
        let mut conn = store.conn().await?;
        if agencies::find(&mut conn, agency_id).await?.is_none() {
            return Err(ServiceError::NotFound);
        }
        require(&mut conn, staff, Permission::ManageAgency, agency_id).await?;
    }
    let Some(expected) = Format::of_year(year) else {
        return Err(ServiceError::Refused(
            "2019年以前的年度报告没有统一的表格，请将报告全文作为文件导入".into(),
        ));
    };
    let owned = bytes.to_vec();
    let parsed = tokio::task::spawn_blocking(move || read(&owned, Some(expected)))
        .await
        .map_err(|e| ServiceError::Internal(format!("import: {e}")))?;
    let read = match parsed {
        Ok(r) => r,
        Err(problems) => return Ok(Err(problems)),
    };
    let (mut tx, report) = editable(store, staff, agency_id, year).await?;
    if read.tables.format != expected {
        return Ok(Err(vec![format!(
            "{year}年度报告应使用{}，文件中的表格是{}",
            expected.label(),
            read.tables.format.label()
        )]));
    }
    if let Some(y) = read.year.filter(|y| *y != year) {
        return Ok(Err(vec![format!("文件是{y}年度的报告，不是{year}年度的")]));
    }
    let json = serde_json::to_string(&read.tables)
        .map_err(|e| ServiceError::Internal(format!("tables: {e}")))?;
    reports::set_imported(
        &mut tx,
        agency_id,
        year,
        Some(&json),
        expected.as_str(),
        Some(staff.id),
        now,
    )
    .await?;
    if let Some((overview, problems, other)) = read.texts {
        // The file's texts replace those it has; the others stay as written.
        let kept = report.unwrap_or_default();
        let or_kept = |new: String, old: String| if new.trim().is_empty() { old } else { new };
        let r = reports::Report {
            agency_id,
            year: i64::from(year),
            overview: or_kept(overview, kept.overview),
            problems: or_kept(problems, kept.problems),
            other: or_kept(other, kept.other),
            ..reports::Report::default()
        };
        reports::save_text(&mut tx, &r, Some(staff.id), now).await?;
    }
    let cleared = reports::clear_overrides(&mut tx, agency_id, year).await?;
    let mut detail = format!("{year} 年年度报告导入了表格（{}）", expected.label());
    if cleared > 0 {
        detail.push_str(&format!("，原有 {cleared} 处更正已清除"));
    }
    record(&mut tx, staff, agency_id, "report.import", &detail, now).await?;
    tx.commit().await?;
    Ok(Ok(tables::check(&read.tables)))
}

/// Drops the imported tables: the report shows the platform's own figures again (its
/// overrides, made on the imported ones, are cleared).
pub async fn remove_import(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    now: i64,
) -> ServiceResult<()> {
    let (mut tx, report) = editable(store, staff, agency_id, year).await?;
    if report.and_then(|r| r.imported_tables).is_none() {
        return Err(ServiceError::NotFound);
    }
    reports::set_imported(
        &mut tx,
        agency_id,
        year,
        None,
        Format::F2021.as_str(),
        Some(staff.id),
        now,
    )
    .await?;
    reports::clear_overrides(&mut tx, agency_id, year).await?;
    let detail = format!("{year} 年年度报告撤销导入的表格，恢复为系统计算的结果");
    record(&mut tx, staff, agency_id, "report.import", &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a line of an old report is a section heading: `一、概述`, `二、主动公开政府信息情况` —
/// a Chinese numeral and 、 opening a short line.
fn is_heading(line: &str) -> bool {
    let mut chars = line.chars();
    let numeral = chars
        .by_ref()
        .take_while(|c| *c != '、')
        .all(|c| "一二三四五六七八九十".contains(c));
    numeral
        && line.contains('、')
        && !line.starts_with('、')
        && line.chars().count() <= 30
        && !line.ends_with('。')
}

/// The body of a report imported as a document: its section headings as headings, every other
/// line a paragraph.
pub fn document_body(text: &str) -> String {
    paragraphs(text)
        .into_iter()
        .map(|line| {
            let tag = if is_heading(line) { "h2" } else { "p" };
            format!("<{tag}>{}</{tag}>", escape_html(line))
        })
        .collect()
}

/// Imports a report before 2019 — free text with its own sections (概述, 主动公开, 依申请公开,
/// 收费及减免, 行政复议和行政诉讼, 存在问题和改进措施, 其他) — as a catalogue document in the
/// 政府信息公开年报 column, submitted for review like the platform's reports. Returns the
/// document's id.
pub async fn import_document(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
    text: &str,
    now: i64,
) -> ServiceResult<i64> {
    let (mut tx, report) = editable(store, staff, agency_id, year).await?;
    if let Some(f) = Format::of_year(year) {
        return Err(ServiceError::Refused(format!(
            "{year}年度报告有统一的表格（{}），请导入表格（JSON 或 XLSX）后在此编辑发布",
            f.label()
        )));
    }
    let text = text.trim();
    if paragraphs(text).is_empty() {
        return Err(ServiceError::field("text", "请粘贴年度报告的全文"));
    }
    if text.chars().count() > MAX_DOCUMENT_CHARS {
        return Err(ServiceError::field(
            "text",
            format!("全文不能超过 {MAX_DOCUMENT_CHARS} 字"),
        ));
    }
    // One report per agency and year: the document already filed (or one of the same title)
    // is replaced, not duplicated.
    let prior_id = match report.and_then(|r| r.document_id) {
        Some(id) => Some(id),
        None => {
            let name = agencies::find(&mut tx, agency_id)
                .await?
                .ok_or(ServiceError::NotFound)?
                .name;
            reports::unowned_document(&mut tx, agency_id, &super::title(&name, year))
                .await?
                .map(|(id, _)| id)
        }
    };
    let prior = match prior_id {
        Some(id) => documents::find(&mut tx, id).await?,
        None => None,
    };
    // A report already published is corrected, not replaced by another import.
    if prior
        .as_ref()
        .is_some_and(|d| matches!(d.state.as_str(), "published" | "withdrawn"))
    {
        return Err(ServiceError::Refused(format!(
            "{year}年度报告已经发布过（文件 {}），不能重新导入全文；如需更正，请在文件管理中编辑该文件并提交审核",
            prior.as_ref().map_or(0, |d| d.id)
        )));
    }
    let (id, title) = file_in_catalogue(
        &mut tx,
        staff,
        agency_id,
        year,
        prior.as_ref(),
        "重新导入年度报告全文",
        document_body(text),
        now,
    )
    .await?;
    reports::set_document(&mut tx, agency_id, year, id, Some(staff.id), now).await?;
    let detail = format!("{title}（文件 {id}）作为文件导入并提交审核");
    record(&mut tx, staff, agency_id, "report.import", &detail, now).await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::report::tables::CellKey;

    #[test]
    fn json_in_either_format_is_read_and_bad_files_are_named() {
        // spec/annual-report.md, import: JSON of the tables in the 2021 format and in the
        // 2019–2020 format; a blank 总计 column is 总计列未填写, not an arithmetic error.
        let mut t = Tables::blank(Format::F2019);
        t.set(CellKey::Three(0, 0), Some(2));
        t.set(CellKey::Three(20, 0), Some(2)); // （六）其他处理
        t.set(CellKey::Three(21, 0), Some(2)); // （七）总计
        let cells = serde_json::to_string(&t.labelled()).expect("json");
        let read = read(cells.as_bytes(), None).expect("read");
        assert_eq!(read.tables, t);
        assert_eq!(
            tables::check(&read.tables)
                .iter()
                .map(|f| f.rule)
                .collect::<Vec<_>>(),
            ["总计列未填写"]
        );
        let object = format!(
            "\u{feff}{{\"format\": \"2020\", \"year\": 2020, \"overview\": \"概况\", \"cells\": {cells}}}"
        );
        let read = super::read(object.as_bytes(), None).expect("read");
        assert_eq!(read.year, Some(2020));
        assert_eq!(read.texts.map(|t| t.0), Some("概况".to_owned()));
        assert_eq!(
            super::read(b"{\"format\": \"2018\", \"cells\": []}", None).expect_err("format"),
            [
                "format“2018”无效：应为 2021（国办公开办函〔2021〕30号）或 2019（国办公开办函〔2019〕60号）"
            ]
        );
        assert_eq!(
            super::read(b"", None).expect_err("empty"),
            ["没有收到文件内容：请选择要导入的文件"]
        );
        assert_eq!(
            super::read("{\"cells\": [{\"section\": \"三\"}]}".as_bytes(), None).expect_err("cell"),
            [
                "第 1 个单元格应为 {\"section\": \"三\", \"row\": 行名称, \"column\": 列名称, \"value\": 数字或 null}，实为 {\"section\":\"三\"}"
            ]
        );
        assert_eq!(
            super::read(b"{\"cells\": ", None).expect_err("broken"),
            ["不是有效的 JSON（第 1 行第 10 列有误）"]
        );
        assert!(super::read(b"%PDF-1.7", None).expect_err("pdf")[0].starts_with("只能导入 JSON"));
    }

    #[test]
    fn an_old_report_keeps_its_sections_as_headings() {
        let body = document_body(
            "一、概述\n2015年，本局……。\n\n二、主动公开政府信息情况\n三、<收费>及减免情况说明如下。",
        );
        assert_eq!(
            body,
            "<h2>一、概述</h2><p>2015年，本局……。</p><h2>二、主动公开政府信息情况</h2><p>三、&lt;收费&gt;及减免情况说明如下。</p>"
        );
    }
}
