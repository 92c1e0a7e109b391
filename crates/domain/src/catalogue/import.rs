//! Bulk import of a catalogue kept elsewhere (a spreadsheet, another system's export): which
//! column means which field, and how one row becomes a document form.
//!
//! The readers (CSV, JSON lines) give each row as named values; a [`Mapping`] says which name
//! holds which field. Without a mapping, the usual headers are recognised, in Chinese and in
//! English ([`Field::aliases`]). A row becomes a [`DocumentForm`] with its 发布日期 and a
//! stable key, so that importing the same file again updates documents instead of adding
//! copies.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::body::escape_html;
use super::classification::Genre;
use super::doc_number::normalise_doc_number;
use super::document::DocumentForm;
use crate::date::parse_date;

/// The fields a catalogue file can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// A stable identifier of the row in the source system (an id, the page's address).
    Key,
    /// 标题.
    Title,
    /// 发文字号.
    DocNumber,
    /// 成文日期.
    WrittenOn,
    /// 发布日期.
    PublishedOn,
    /// 施行日期.
    EffectiveOn,
    /// 正文 (HTML, Markdown or plain text).
    Body,
    /// 主题分类.
    Subject,
    /// 文种.
    Genre,
    /// 文件类别.
    LegalKind,
    /// 效力状态.
    Validity,
    /// 废止（失效）日期.
    EndedOn,
    /// 主题词.
    Keywords,
    /// 内容概述.
    Summary,
}

impl Field {
    /// Every field, in the order of the report.
    pub const ALL: &'static [Field] = &[
        Field::Key,
        Field::Title,
        Field::DocNumber,
        Field::WrittenOn,
        Field::PublishedOn,
        Field::EffectiveOn,
        Field::Body,
        Field::Subject,
        Field::Genre,
        Field::LegalKind,
        Field::Validity,
        Field::EndedOn,
        Field::Keywords,
        Field::Summary,
    ];

    /// The field's name as people write it (and as `--map` takes it).
    pub fn label(self) -> &'static str {
        match self {
            Field::Key => "来源标识",
            Field::Title => "标题",
            Field::DocNumber => "发文字号",
            Field::WrittenOn => "成文日期",
            Field::PublishedOn => "发布日期",
            Field::EffectiveOn => "施行日期",
            Field::Body => "正文",
            Field::Subject => "主题分类",
            Field::Genre => "文种",
            Field::LegalKind => "文件类别",
            Field::Validity => "效力状态",
            Field::EndedOn => "废止日期",
            Field::Keywords => "主题词",
            Field::Summary => "内容概述",
        }
    }

    /// Column names recognised for the field without a mapping, most specific first; compared
    /// ignoring case and surrounding spaces. Nested JSON values are named with dots
    /// (`db.publish`).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Key => &["来源标识", "标识", "链接", "网址", "url", "key", "id"],
            Field::Title => &["标题", "文件名称", "名称", "title", "name"],
            Field::DocNumber => &[
                "发文字号",
                "文号",
                "doc_number",
                "document_number",
                "doc_numbers_found",
            ],
            Field::WrittenOn => &["成文日期", "written_on", "issued"],
            Field::PublishedOn => &[
                "发布日期",
                "公开日期",
                "published_on",
                "published",
                "db.publish",
                "publish",
                "date_in_filename",
            ],
            Field::EffectiveOn => &["施行日期", "生效日期", "effective_on", "db.valid_from"],
            Field::Body => &[
                "正文",
                "内容",
                "body_html",
                "body_markdown",
                "body",
                "content",
                "text",
            ],
            Field::Subject => &["主题分类", "subject"],
            Field::Genre => &["文种", "genre"],
            Field::LegalKind => &["文件类别", "legal_kind"],
            Field::Validity => &["效力状态", "validity"],
            Field::EndedOn => &["废止日期", "失效日期", "ended_on"],
            Field::Keywords => &["主题词", "关键词", "keywords"],
            Field::Summary => &["内容概述", "摘要", "summary"],
        }
    }

    /// The field named `name`: its label, `文号`, or its English name as in the API.
    pub fn parse(name: &str) -> Option<Field> {
        let name = name.trim();
        Field::ALL.iter().copied().find(|f| {
            f.label() == name
                || f.aliases().first() == Some(&name)
                || f.english() == name.to_ascii_lowercase()
                || (*f == Field::DocNumber && name == "文号")
        })
    }

    fn english(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Title => "title",
            Field::DocNumber => "doc_number",
            Field::WrittenOn => "written_on",
            Field::PublishedOn => "published_on",
            Field::EffectiveOn => "effective_on",
            Field::Body => "body",
            Field::Subject => "subject",
            Field::Genre => "genre",
            Field::LegalKind => "legal_kind",
            Field::Validity => "validity",
            Field::EndedOn => "ended_on",
            Field::Keywords => "keywords",
            Field::Summary => "summary",
        }
    }
}

/// Which source columns hold which field: the first non-empty value of a row's columns is
/// taken (a file with both `db.publish` and `date_in_filename` falls back to the second).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping(BTreeMap<Field, Vec<String>>);

impl Mapping {
    /// Builds the mapping for a file with these column names: each `字段=列` of `explicit`
    /// first (`字段=列1|列2` for several, the first non-empty wins), then the recognised aliases
    /// for the fields left. Errors name the bad entry.
    pub fn new(columns: &[String], explicit: &[String]) -> Result<Mapping, String> {
        let mut map: BTreeMap<Field, Vec<String>> = BTreeMap::new();
        for entry in explicit {
            let Some((field, column)) = entry.split_once('=') else {
                return Err(format!(
                    "对应关系“{entry}”应写作“字段=列名”，如“标题=title”"
                ));
            };
            let Some(f) = Field::parse(field) else {
                let known: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
                return Err(format!(
                    "没有名为“{}”的字段，可用的字段：{}",
                    field.trim(),
                    known.join("、")
                ));
            };
            let mut chosen = Vec::new();
            for column in column.split('|').map(str::trim) {
                if !columns.iter().any(|c| c == column) {
                    return Err(format!(
                        "文件中没有名为“{column}”的列，文件的列：{}",
                        columns.join("、")
                    ));
                }
                chosen.push(column.to_owned());
            }
            map.insert(f, chosen);
        }
        for &f in Field::ALL {
            if map.contains_key(&f) {
                continue;
            }
            let found: Vec<String> = f
                .aliases()
                .iter()
                .filter_map(|alias| {
                    columns
                        .iter()
                        .find(|c| c.trim().eq_ignore_ascii_case(alias))
                        .filter(|c| !map.values().flatten().any(|used| used == *c))
                })
                .cloned()
                .collect();
            if !found.is_empty() {
                map.insert(f, found);
            }
        }
        if !map.contains_key(&Field::Title) {
            return Err(format!(
                "找不到标题列，请用 --map 标题=列名 指定；文件的列：{}",
                columns.join("、")
            ));
        }
        if !map.contains_key(&Field::WrittenOn) && !map.contains_key(&Field::PublishedOn) {
            return Err(format!(
                "找不到成文日期或发布日期列，请用 --map 发布日期=列名 指定；文件的列：{}",
                columns.join("、")
            ));
        }
        Ok(Mapping(map))
    }

    /// The (first) column of `field`, if mapped.
    pub fn column(&self, field: Field) -> Option<&str> {
        self.0
            .get(&field)
            .and_then(|c| c.first())
            .map(String::as_str)
    }

    /// The columns of `field`, in the order they are tried.
    pub fn columns(&self, field: Field) -> &[String] {
        self.0.get(&field).map_or(&[], Vec::as_slice)
    }

    /// The first non-empty value of `field` in `row`, trimmed (`""` if none).
    pub fn value<'r>(&self, row: &'r Row, field: Field) -> &'r str {
        self.columns(field)
            .iter()
            .filter_map(|c| row.values.get(c))
            .map(|v| v.trim())
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }

    /// The mapped fields and their columns (`列1|列2`), in report order.
    pub fn entries(&self) -> impl Iterator<Item = (Field, String)> + '_ {
        self.0.iter().map(|(f, c)| (*f, c.join("|")))
    }

    /// Columns of the file that no field uses.
    pub fn unused<'a>(&self, columns: &'a [String]) -> Vec<&'a str> {
        columns
            .iter()
            .filter(|c| !self.0.values().flatten().any(|used| used == *c))
            .map(String::as_str)
            .collect()
    }
}

/// One row of a source file: its line number (1-based, as an editor shows it) and its values
/// by column name.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Where the row starts in the file.
    pub line: usize,
    /// Values by column name; multi-valued JSON entries are joined with line breaks.
    pub values: BTreeMap<String, String>,
}

/// A row made ready to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// What identifies the document across imports.
    pub key: String,
    /// The document's form (columns and subject filled in by the caller's defaults).
    pub form: DocumentForm,
    /// 发布日期.
    pub published_on: NaiveDate,
}

/// Defaults for what the file does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defaults {
    /// 主题分类 of rows without one.
    pub subject: String,
    /// The columns every imported document is placed in.
    pub columns: Vec<i64>,
}

/// Turns a row into a form, or says why it cannot be imported (every reason, in Chinese).
pub fn prepare(row: &Row, mapping: &Mapping, defaults: &Defaults) -> Result<Prepared, Vec<String>> {
    let get = |f: Field| -> &str { mapping.value(row, f) };
    let mut problems = Vec::new();
    let title = collapse_spaces(get(Field::Title));
    if title.is_empty() {
        problems.push("缺少标题".to_owned());
    }
    // A list of numbers (JSON arrays) gives the document's own number first.
    let raw_number = get(Field::DocNumber).lines().next().unwrap_or("").trim();
    let doc_number = if raw_number.is_empty() {
        String::new()
    } else {
        match normalise_doc_number(raw_number) {
            Ok(n) => n,
            Err(e) => {
                problems.push(format!("发文字号“{raw_number}”无效：{e}"));
                String::new()
            }
        }
    };
    let mut date_of = |f: Field| -> Option<NaiveDate> {
        let raw = get(f);
        if raw.is_empty() {
            return None;
        }
        let d = import_date(raw);
        if d.is_none() {
            problems.push(format!("{}“{raw}”无法识别", f.label()));
        }
        d
    };
    let written = date_of(Field::WrittenOn);
    let published = date_of(Field::PublishedOn);
    let effective = date_of(Field::EffectiveOn);
    let ended = date_of(Field::EndedOn);
    let (written, published) = match (written, published) {
        (Some(w), Some(p)) => (Some(w), Some(p)),
        (Some(w), None) => (Some(w), Some(w)),
        (None, Some(p)) => (Some(p), Some(p)),
        (None, None) => {
            if get(Field::WrittenOn).is_empty() && get(Field::PublishedOn).is_empty() {
                problems.push("缺少成文日期和发布日期".to_owned());
            }
            (None, None)
        }
    };
    let genre = match get(Field::Genre) {
        "" => genre_of_title(&title),
        g => match Genre::parse(g) {
            Some(g) => g,
            None => {
                problems.push(format!("文种“{g}”无效"));
                Genre::Other
            }
        },
    };
    let key = match get(Field::Key) {
        "" if !doc_number.is_empty() => format!("文号:{doc_number}"),
        "" => format!(
            "标题:{title}|{}",
            published.map(|d| d.to_string()).unwrap_or_default()
        ),
        k => k.to_owned(),
    };
    let (Some(written), Some(published)) = (written, published) else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let subject = match get(Field::Subject) {
        "" => defaults.subject.clone(),
        s => s.to_owned(),
    };
    let form = DocumentForm {
        title,
        subject,
        genre: genre.as_str().to_owned(),
        legal_kind: get(Field::LegalKind).to_owned(),
        doc_number,
        written_on: written.to_string(),
        effective_on: effective.map(|d| d.to_string()).unwrap_or_default(),
        keywords: get(Field::Keywords).to_owned(),
        summary: get(Field::Summary).to_owned(),
        validity: get(Field::Validity).to_owned(),
        ended_on: ended.map(|d| d.to_string()).unwrap_or_default(),
        columns: defaults.columns.clone(),
        body_html: body_html(get(Field::Body)),
        ..DocumentForm::default()
    };
    Ok(Prepared {
        key,
        form,
        published_on: published,
    })
}

/// A date as the corpora and spreadsheets write it: the forms of [`parse_date`], also with a
/// time after it (`2020-05-14 00:00:00`, `2020-05-14T08:00:00+08:00`).
pub fn import_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    parse_date(raw).or_else(|| {
        let date = raw.split([' ', 'T']).next()?;
        parse_date(date)
    })
}

/// The 文种 a title ends with (`…的通知` → 通知), or 其他.
pub fn genre_of_title(title: &str) -> Genre {
    let t = title.trim_end_matches(['）', ')', '》', '”', '"']);
    // A title ending in a bracketed note (`…办法（试行）`) is judged by what precedes it.
    let t = match t.rfind(['（', '(']) {
        Some(i) if t.len() - i <= 24 && title.ends_with(['）', ')']) => &t[..i],
        _ => t,
    };
    Genre::ALL
        .iter()
        .copied()
        .filter(|g| *g != Genre::Other)
        .find(|g| t.ends_with(g.label()))
        .unwrap_or(Genre::Other)
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The body as HTML: HTML is kept (the service sanitises it); Markdown headings become
/// headings and every other non-empty line a paragraph, escaped.
pub fn body_html(raw: &str) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        return String::new();
    }
    let looks_like_html = raw.starts_with('<') && (raw.contains("</") || raw.contains("/>"));
    if looks_like_html {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len() + raw.len() / 8);
    for line in raw.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let (tag, text) = if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            (if hashes <= 2 { "h2" } else { "h3" }, line[hashes..].trim())
        } else {
            ("p", line)
        };
        out.push_str(&format!("<{tag}>{}</{tag}>", escape_html(text)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn row(pairs: &[(&str, &str)]) -> Row {
        Row {
            line: 2,
            values: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    fn defaults() -> Defaults {
        Defaults {
            subject: "0209".into(),
            columns: vec![7],
        }
    }

    #[test]
    fn recognises_the_corpora_headers_without_a_mapping() {
        let csv = columns(&[
            "source",
            "url",
            "title",
            "doc_number",
            "issued",
            "published",
        ]);
        let m = Mapping::new(&csv, &[]).unwrap();
        assert_eq!(m.column(Field::Key), Some("url"));
        assert_eq!(m.column(Field::Title), Some("title"));
        assert_eq!(m.column(Field::DocNumber), Some("doc_number"));
        assert_eq!(m.column(Field::WrittenOn), Some("issued"));
        assert_eq!(m.column(Field::PublishedOn), Some("published"));
        assert_eq!(m.unused(&csv), ["source"]);
        let jsonl = columns(&[
            "id",
            "title",
            "db.publish",
            "date_in_filename",
            "body_markdown",
        ]);
        let m = Mapping::new(&jsonl, &[]).unwrap();
        assert_eq!(
            m.columns(Field::PublishedOn),
            ["db.publish", "date_in_filename"]
        );
        // The first non-empty value wins.
        let r = row(&[
            ("title", "甲"),
            ("db.publish", ""),
            ("date_in_filename", "2020-05-14"),
        ]);
        assert_eq!(m.value(&r, Field::PublishedOn), "2020-05-14");
        assert_eq!(m.column(Field::Body), Some("body_markdown"));
        assert_eq!(m.column(Field::Key), Some("id"));
        let chinese = columns(&["标题", "文号", "发布日期"]);
        let m = Mapping::new(&chinese, &[]).unwrap();
        assert_eq!(m.column(Field::DocNumber), Some("文号"));
    }

    #[test]
    fn an_explicit_mapping_wins_and_bad_entries_are_named() {
        let cols = columns(&["名称", "日期", "name"]);
        let m = Mapping::new(&cols, &["标题=名称|name".into(), "发布日期=日期".into()]).unwrap();
        assert_eq!(m.columns(Field::Title), ["名称", "name"]);
        assert!(m.unused(&cols).is_empty());
        let err = Mapping::new(&cols, &["标题=标题列".into()]).unwrap_err();
        assert!(err.contains("没有名为“标题列”的列"), "{err}");
        let err = Mapping::new(&cols, &["题目=名称".into()]).unwrap_err();
        assert!(err.contains("没有名为“题目”的字段"), "{err}");
        let err = Mapping::new(&cols, &["标题".into()]).unwrap_err();
        assert!(err.contains("字段=列名"), "{err}");
        let err = Mapping::new(&columns(&["a", "b"]), &[]).unwrap_err();
        assert!(err.contains("找不到标题列"), "{err}");
    }

    #[test]
    fn a_row_becomes_a_form_with_its_doc_number_normalised() {
        let cols = columns(&["url", "title", "doc_number", "issued", "published"]);
        let m = Mapping::new(&cols, &[]).unwrap();
        let r = row(&[
            ("url", "http://example.gov.cn/a.html"),
            ("title", " 关于印发某某办法（试行）的通知 "),
            ("doc_number", "渝府发 [1998] 第014号"),
            ("issued", ""),
            ("published", "1998-03-03"),
        ]);
        let p = prepare(&r, &m, &defaults()).unwrap();
        assert_eq!(p.key, "http://example.gov.cn/a.html");
        assert_eq!(p.form.title, "关于印发某某办法（试行）的通知");
        // GB/T 9704-2012 §7.2.4: the year in 〔〕, no 第, no leading zeros.
        assert_eq!(p.form.doc_number, "渝府发〔1998〕14号");
        assert_eq!(p.form.genre, "notice");
        assert_eq!(p.form.written_on, "1998-03-03");
        assert_eq!(p.published_on.to_string(), "1998-03-03");
        assert_eq!(p.form.columns, [7]);
        assert_eq!(p.form.subject, "0209");
    }

    #[test]
    fn without_a_key_column_the_doc_number_or_title_and_date_identify_a_row() {
        let m = Mapping::new(&columns(&["标题", "文号", "发布日期"]), &[]).unwrap();
        let a = row(&[
            ("标题", "甲"),
            ("文号", "某发(2020)1号"),
            ("发布日期", "2020/1/2"),
        ]);
        assert_eq!(
            prepare(&a, &m, &defaults()).unwrap().key,
            "文号:某发〔2020〕1号"
        );
        let b = row(&[("标题", "乙"), ("文号", ""), ("发布日期", "2020年1月2日")]);
        assert_eq!(
            prepare(&b, &m, &defaults()).unwrap().key,
            "标题:乙|2020-01-02"
        );
    }

    #[test]
    fn every_problem_of_a_row_is_given() {
        let m = Mapping::new(&columns(&["title", "doc_number", "published"]), &[]).unwrap();
        let r = row(&[
            ("title", ""),
            ("doc_number", "某发2020年1号"),
            ("published", "2020-02-30"),
        ]);
        let problems = prepare(&r, &m, &defaults()).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0], "缺少标题");
        assert!(problems[1].starts_with("发文字号“某发2020年1号”无效"));
        assert_eq!(problems[2], "发布日期“2020-02-30”无法识别");
        let r = row(&[("title", "甲"), ("doc_number", ""), ("published", "")]);
        assert_eq!(
            prepare(&r, &m, &defaults()).unwrap_err(),
            ["缺少成文日期和发布日期"]
        );
    }

    #[test]
    fn dates_are_read_in_the_forms_of_the_corpora() {
        let d = NaiveDate::from_ymd_opt(2020, 5, 14);
        for s in [
            "2020-05-14",
            "2020-05-14 00:00:00",
            "2020-05-14T08:00:00+08:00",
            "2020年5月14日",
            "2020/5/14",
            "20200514",
        ] {
            assert_eq!(import_date(s), d, "{s}");
        }
        assert_eq!(import_date("None"), None);
        assert_eq!(import_date("2020-05"), None);
    }

    #[test]
    fn the_genre_is_read_from_the_end_of_the_title() {
        assert_eq!(genre_of_title("关于做好某项工作的通知"), Genre::Notice);
        assert_eq!(genre_of_title("某某管理办法（试行）"), Genre::Measures);
        assert_eq!(genre_of_title("关于某事的批复"), Genre::Reply);
        assert_eq!(genre_of_title("某某条例"), Genre::Other);
        assert_eq!(genre_of_title("《某某规定》"), Genre::Provisions);
    }

    #[test]
    fn markdown_and_text_bodies_become_escaped_paragraphs() {
        assert_eq!(
            body_html("## 第一章  总则\n\n第一条 a<b & c\n"),
            "<h2>第一章  总则</h2><p>第一条 a&lt;b &amp; c</p>"
        );
        assert_eq!(body_html("<p>已是 HTML</p>"), "<p>已是 HTML</p>");
        assert_eq!(body_html("   "), "");
    }
}
