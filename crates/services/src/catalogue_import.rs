//! Bulk import of a catalogue kept elsewhere (`gongkai import catalogue`): reading CSV and JSON
//! lines files into rows, and storing each row as a document of one agency 待审核, with its
//! personal-data findings, in one batch that a 审核人 reviews as a list
//! ([`crate::publishing::batches`]).
//!
//! Rows are committed in batches. A row that cannot be imported is reported with its line and
//! every reason, and nothing of it is stored. Each imported row is remembered by its key
//! ([`gongkai_domain::catalogue::import::prepare`]) with a digest of what was imported, so that
//! importing the same file again leaves unchanged rows alone, updates changed ones, and never
//! adds a copy.

use std::collections::HashMap;

use gongkai_domain::catalogue::import::{Defaults, Mapping, Row, prepare};
use gongkai_store::{Store, document_imports, import_batches};
use sha2::{Digest, Sha256};

use crate::error::{ServiceError, ServiceResult};
use crate::publishing::{FormContext, import_for_review_in, reimport_for_review_in};

/// Rows committed per transaction.
const BATCH: usize = 500;

/// A file read into rows.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Column names, in the order first seen.
    pub columns: Vec<String>,
    /// The readable rows.
    pub rows: Vec<Row>,
    /// Rows that could not be read at all.
    pub unreadable: Vec<Rejected>,
    /// `UTF-8` or `GB18030` (spreadsheets saved on Chinese Windows).
    pub encoding: &'static str,
}

/// A row left out, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Line in the file.
    pub line: usize,
    /// The row's key or title, when it has one.
    pub key: String,
    /// Every reason, in Chinese.
    pub reasons: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// New documents.
    pub created: usize,
    /// Documents imported before whose row changed.
    pub updated: usize,
    /// Rows imported before and unchanged.
    pub unchanged: usize,
    /// Rows left out, the unreadable ones included.
    pub rejected: Vec<Rejected>,
    /// The batch the new and changed rows wait in for review (none in a dry run, or when
    /// nothing was new or changed).
    pub batch_id: Option<i64>,
    /// Of the rows waiting, those with personal-data findings.
    pub with_findings: usize,
}

/// Reads a file by its name's extension: `.csv`, `.jsonl` / `.ndjson` (one JSON object a line),
/// or `.json` (an array of objects).
pub fn read(name: &str, bytes: &[u8]) -> Result<Source, String> {
    let lower = name.to_ascii_lowercase();
    let (text, encoding) = decode(bytes)?;
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        read_csv(&text, encoding)
    } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        Ok(read_json_lines(&text, encoding))
    } else if lower.ends_with(".json") {
        read_json_array(&text, encoding)
    } else {
        Err("只能导入 CSV（.csv）或 JSON（.jsonl、.json）文件；Excel 表格请先另存为 CSV".into())
    }
}

fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err("文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取".into());
    }
    Ok((text.into_owned(), "GB18030"))
}

fn read_csv(text: &str, encoding: &'static str) -> Result<Source, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| format!("无法读取表头：{e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if columns.iter().all(String::is_empty) {
        return Err("文件是空的，或第一行不是表头".into());
    }
    let mut source = Source {
        columns,
        encoding,
        ..Source::default()
    };
    // Lines are counted here: the reader's own count does not follow CRLF files.
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
                if record.iter().all(|v| v.trim().is_empty()) {
                    continue;
                }
                if record.len() != source.columns.len() {
                    source.unreadable.push(Rejected {
                        line,
                        key: String::new(),
                        reasons: vec![format!(
                            "有 {} 列，表头有 {} 列（可能是单元格中的英文逗号或引号未加引号）",
                            record.len(),
                            source.columns.len()
                        )],
                    });
                    continue;
                }
                let values = source
                    .columns
                    .iter()
                    .zip(record.iter())
                    .map(|(c, v)| (c.clone(), v.to_owned()))
                    .collect();
                source.rows.push(Row { line, values });
            }
            Err(e) => {
                let line = lines.line_at(e.position().map_or(0, |p| p.byte() as usize));
                source.unreadable.push(Rejected {
                    line,
                    key: String::new(),
                    reasons: vec![format!("无法读取：{e}")],
                });
            }
        }
    }
    Ok(source)
}

/// The line of a byte offset, for offsets that only grow.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line where the record at `byte` starts (the reader may point at the line break
    /// that ends the record before).
    fn line_at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while matches!(self.text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte > self.offset {
            self.line += self.text[self.offset..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.offset = byte;
        }
        self.line
    }
}

fn read_json_lines(text: &str, encoding: &'static str) -> Source {
    let mut source = Source {
        encoding,
        ..Source::default()
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(object)) => {
                source.push_object(i + 1, &object);
            }
            Ok(_) => source.unreadable.push(Rejected {
                line: i + 1,
                key: String::new(),
                reasons: vec!["这一行不是 JSON 对象（应为 {\"title\": …} 的形式）".into()],
            }),
            Err(e) => source.unreadable.push(Rejected {
                line: i + 1,
                key: String::new(),
                reasons: vec![format!("这一行不是有效的 JSON：{e}")],
            }),
        }
    }
    source
}

fn read_json_array(text: &str, encoding: &'static str) -> Result<Source, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("文件不是有效的 JSON：{e}"))?;
    let serde_json::Value::Array(items) = value else {
        return Err("JSON 文件应为对象的数组（[{…}, {…}]），或每行一个对象的 .jsonl 文件".into());
    };
    let mut source = Source {
        encoding,
        ..Source::default()
    };
    for (i, item) in items.iter().enumerate() {
        match item {
            serde_json::Value::Object(object) => source.push_object(i + 1, object),
            _ => source.unreadable.push(Rejected {
                line: i + 1,
                key: String::new(),
                reasons: vec![format!("第 {} 项不是 JSON 对象", i + 1)],
            }),
        }
    }
    Ok(source)
}

impl Source {
    fn push_object(&mut self, line: usize, object: &serde_json::Map<String, serde_json::Value>) {
        let mut row = Row {
            line,
            ..Row::default()
        };
        flatten("", object, &mut row);
        for name in row.values.keys() {
            if !self.columns.contains(name) {
                self.columns.push(name.clone());
            }
        }
        self.rows.push(row);
    }
}

/// Nested objects give dotted names (`db.publish`); arrays of values are joined by line breaks.
fn flatten(prefix: &str, object: &serde_json::Map<String, serde_json::Value>, row: &mut Row) {
    for (k, v) in object {
        let name = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            serde_json::Value::Object(inner) => flatten(&name, inner, row),
            other => {
                row.values.insert(name, scalar_text(other));
            }
        }
    }
}

fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(scalar_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// Where and how rows are imported.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The file's name, for the batch.
    pub source_name: &'a str,
    /// The agency whose documents the rows become.
    pub agency_id: i64,
    /// Which column holds which field.
    pub mapping: &'a Mapping,
    /// Subject and columns for what the file does not say.
    pub defaults: &'a Defaults,
    /// Check every row, keep nothing.
    pub dry_run: bool,
}

/// Imports every readable row of `source`. `progress` is called with rows done and the total
/// after each batch.
pub async fn import(
    store: &Store,
    source: &Source,
    target: &Target<'_>,
    now: i64,
    mut progress: impl FnMut(usize, usize),
) -> ServiceResult<Outcome> {
    let mut outcome = Outcome {
        rejected: source.unreadable.clone(),
        ..Outcome::default()
    };
    let total = source.rows.len();
    let mut keys: HashMap<String, usize> = HashMap::new();
    // The batch the rows wait in (a dry run makes one in each transaction it rolls back).
    let mut batch_id = None;
    for (n, batch) in source.rows.chunks(BATCH).enumerate() {
        let mut tx = store.begin_write().await?;
        // A dry run's batch vanishes with each transaction it rolls back.
        if target.dry_run {
            batch_id = None;
        }
        let context = FormContext::load(&mut tx, target.agency_id).await?;
        for row in batch {
            import_row(
                &mut tx,
                &context,
                (target, &mut batch_id),
                row,
                now,
                &mut outcome,
                &mut keys,
            )
            .await?;
        }
        if target.dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        progress((n * BATCH + batch.len()).min(total), total);
    }
    outcome.rejected.sort_by_key(|r| r.line);
    if !target.dry_run {
        match batch_id {
            Some(id) if outcome.created + outcome.updated > 0 => outcome.batch_id = Some(id),
            // Made for a row that was then rejected: no empty batch is left to review.
            Some(id) => {
                let mut tx = store.begin_write().await?;
                import_batches::delete_if_empty(&mut tx, id).await?;
                tx.commit().await?;
            }
            None => {}
        }
    }
    Ok(outcome)
}

async fn import_row(
    tx: &mut gongkai_store::Conn,
    context: &FormContext,
    (target, batch): (&Target<'_>, &mut Option<i64>),
    row: &Row,
    now: i64,
    outcome: &mut Outcome,
    keys: &mut HashMap<String, usize>,
) -> ServiceResult<()> {
    let Target {
        agency_id,
        mapping,
        defaults,
        ..
    } = *target;
    let prepared = match prepare(row, mapping, defaults) {
        Ok(p) => p,
        Err(reasons) => {
            let key = mapping
                .value(row, gongkai_domain::catalogue::import::Field::Title)
                .to_owned();
            outcome.rejected.push(Rejected {
                line: row.line,
                key,
                reasons,
            });
            return Ok(());
        }
    };
    // Two rows of one file with the same key would overwrite each other on every import.
    if let Some(first) = keys.get(&prepared.key) {
        outcome.rejected.push(Rejected {
            line: row.line,
            key: prepared.key.clone(),
            reasons: vec![format!(
                "与第 {first} 行的标识相同（{}），未导入；请给两行不同的来源标识",
                prepared.key
            )],
        });
        return Ok(());
    }
    keys.insert(prepared.key.clone(), row.line);
    let digest = {
        let form = serde_json::to_string(&prepared.form).unwrap_or_default();
        hex::encode(Sha256::digest(format!("{form}|{}", prepared.published_on)))
    };
    let earlier = document_imports::find(tx, agency_id, &prepared.key).await?;
    if earlier.as_ref().is_some_and(|e| e.digest == digest) {
        outcome.unchanged += 1;
        return Ok(());
    }
    // The batch is made with the first new or changed row: a run that changes nothing leaves
    // no empty batch to review.
    let batch_id = match *batch {
        Some(id) => id,
        None => {
            let id = import_batches::insert(tx, agency_id, target.source_name, now).await?;
            *batch = Some(id);
            id
        }
    };
    let result = match &earlier {
        Some(e) => reimport_for_review_in(
            tx,
            context,
            e.document_id,
            &prepared.form,
            prepared.published_on,
            now,
        )
        .await
        .map(|findings| (e.document_id, findings)),
        None => import_for_review_in(tx, context, &prepared.form, prepared.published_on, now).await,
    };
    match result {
        Ok((id, findings)) => {
            if findings > 0 {
                outcome.with_findings += 1;
            }
            document_imports::put(
                tx,
                agency_id,
                &prepared.key,
                (id, Some(batch_id)),
                &digest,
                now,
            )
            .await?;
            if earlier.is_some() {
                outcome.updated += 1;
            } else {
                outcome.created += 1;
            }
        }
        Err(ServiceError::Invalid(errors)) => outcome.rejected.push(Rejected {
            line: row.line,
            key: prepared.key,
            reasons: errors.iter().map(|e| e.message.clone()).collect(),
        }),
        Err(ServiceError::Refused(reason)) => outcome.rejected.push(Rejected {
            line: row.line,
            key: prepared.key,
            reasons: vec![reason],
        }),
        Err(other) => return Err(other),
    }
    Ok(())
}

/// The rejected rows as a CSV report (UTF-8 with BOM, so that Excel opens it): 行号, 标识, 原因.
pub fn rejected_report(rejected: &[Rejected]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["行号", "标识", "原因"]);
    for r in rejected {
        let _ = w.write_record([r.line.to_string(), r.key.clone(), r.reasons.join("；")]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gbk_with_quotes_and_a_short_row() {
        let text =
            "标题,文号,发布日期\r\n\"关于A,\r\nB的通知\",某发〔2020〕1号,2020-01-02\r\n短行,x\r\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let s = read("目录.CSV", &gbk).unwrap();
        assert_eq!(s.encoding, "GB18030");
        assert_eq!(s.columns, ["标题", "文号", "发布日期"]);
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].line, 2);
        assert_eq!(s.rows[0].values["标题"], "关于A,\r\nB的通知");
        assert_eq!(s.unreadable.len(), 1);
        assert_eq!(s.unreadable[0].line, 4, "the quoted line break counts");
        assert!(s.unreadable[0].reasons[0].contains("有 2 列，表头有 3 列"));
    }

    #[test]
    fn json_lines_are_flattened_and_bad_lines_named() {
        let text = "{\"id\": 1, \"title\": \"甲\", \"db\": {\"publish\": \"2020-05-14\", \
                    \"expired\": false}, \"nums\": [\"a\", \"b\"]}\n\nnot json\n[1]\n";
        let s = read("laws.jsonl", text.as_bytes()).unwrap();
        assert_eq!(s.rows.len(), 1);
        let v = &s.rows[0].values;
        assert_eq!(v["id"], "1");
        assert_eq!(v["db.publish"], "2020-05-14");
        assert_eq!(v["db.expired"], "false");
        assert_eq!(v["nums"], "a\nb");
        let lines: Vec<usize> = s.unreadable.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(read("a.xlsx", b"PK").unwrap_err().contains("另存为 CSV"));
        assert!(read("a.csv", &[0xff, 0xfe, 0x00, 0xd8]).is_err());
    }

    #[test]
    fn the_report_opens_in_excel() {
        let r = rejected_report(&[Rejected {
            line: 3,
            key: "a,b".into(),
            reasons: vec!["缺少标题".into(), "发布日期“x”无法识别".into()],
        }]);
        assert!(r.starts_with('\u{feff}'));
        assert!(r.contains("3,\"a,b\",缺少标题；发布日期“x”无法识别"), "{r}");
    }
}
