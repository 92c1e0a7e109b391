//! A catalogue document's metadata (spec/catalogue.md, 条例第十二条) as entered by staff, and
//! its validation. The same form backs the console editor, the JSON API and the importers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::body::find_active_content;
use super::classification::{DisclosureMode, Genre, LegalKind};
use super::doc_number::normalise_doc_number;
use super::item20::Item20;
use super::taxonomy::Taxonomy;
use super::validity::{Validity, check_validity};
use crate::date::parse_date;
use crate::form::FieldErrors;
use crate::ids::{AgencyId, ColumnId, DocumentId};

/// Longest title accepted.
pub const MAX_TITLE_CHARS: usize = 200;
/// 内容概述 is at most 100 characters (spec/catalogue.md).
pub const MAX_SUMMARY_CHARS: usize = 100;

/// The metadata as typed into the editor: every field a string, as forms send them.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentForm {
    /// 标题.
    pub title: String,
    /// 主题分类: a subject code (`0201`) or path (`综合政务\政务公开`).
    pub subject: String,
    /// 文种: stored name or label.
    pub genre: String,
    /// 规章 / 行政规范性文件 / 其他文件.
    pub legal_kind: String,
    /// 发文字号, any bracket style.
    pub doc_number: String,
    /// Joint issuers besides the document's own agency (the lead), by id.
    pub co_issuers: Vec<i64>,
    /// 成文日期.
    pub written_on: String,
    /// 施行日期.
    pub effective_on: String,
    /// 主题词, separated by spaces, 、, ， or ；.
    pub keywords: String,
    /// 内容概述.
    pub summary: String,
    /// 公开方式.
    pub disclosure: String,
    /// 效力状态.
    pub validity: String,
    /// 废止（失效）日期.
    pub ended_on: String,
    /// 第二十条 item number, empty for none.
    pub item20: String,
    /// The columns the document appears in.
    pub columns: Vec<i64>,
    /// The body as HTML.
    pub body_html: String,
    /// The document this one interprets (政策解读), if it is an interpretation.
    pub interprets: Option<i64>,
}

/// Validated metadata, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentMeta {
    /// 标题.
    pub title: String,
    /// 主题分类 code.
    pub subject_code: String,
    /// 文种.
    pub genre: Genre,
    /// 规章 / 行政规范性文件 / 其他文件.
    pub legal_kind: LegalKind,
    /// 发文字号, normalised to 〔〕.
    pub doc_number: Option<String>,
    /// Joint issuers besides the lead agency, in order.
    pub co_issuers: Vec<AgencyId>,
    /// 成文日期.
    pub written_on: NaiveDate,
    /// 施行日期.
    pub effective_on: Option<NaiveDate>,
    /// 主题词.
    pub keywords: Vec<String>,
    /// 内容概述.
    pub summary: String,
    /// 公开方式.
    pub disclosure: DisclosureMode,
    /// 效力状态.
    pub validity: Validity,
    /// 废止（失效）日期.
    pub ended_on: Option<NaiveDate>,
    /// 第二十条 item.
    pub item20: Option<Item20>,
    /// Columns, at least one.
    pub columns: Vec<ColumnId>,
    /// The body HTML as entered (the service sanitises it to the allow-list).
    pub body_html: String,
    /// The interpreted document.
    pub interprets: Option<DocumentId>,
}

fn optional_date(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        return None;
    }
    let parsed = parse_date(value);
    if parsed.is_none() {
        errors.add(field, "日期无效，请按“2024-03-05”的格式填写真实存在的日期");
    }
    parsed
}

/// Splits 主题词 on the separators people use.
pub fn split_keywords(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in input.split([' ', '\u{3000}', '、', ',', '，', ';', '；']) {
        let k = k.trim();
        if !k.is_empty() && !out.iter().any(|o| o == k) {
            out.push(k.to_owned());
        }
    }
    out
}

impl DocumentForm {
    /// Checks every field; on failure every bad field carries a Chinese message. `today` is
    /// the date in China Standard Time (a document cannot be made in the future).
    pub fn validate(
        &self,
        taxonomy: &Taxonomy,
        today: NaiveDate,
    ) -> Result<DocumentMeta, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            e.add("title", "请填写标题");
        } else if title.chars().count() > MAX_TITLE_CHARS {
            e.add("title", format!("标题不能超过 {MAX_TITLE_CHARS} 个字"));
        }
        let subject_code = match taxonomy.resolve(&self.subject) {
            Some(s) => s.code.clone(),
            None if self.subject.trim().is_empty() => {
                e.add("subject", "请选择主题分类");
                String::new()
            }
            None => {
                e.add(
                    "subject",
                    format!("主题分类“{}”不存在", self.subject.trim()),
                );
                String::new()
            }
        };
        let genre = Genre::parse(&self.genre).unwrap_or_else(|| {
            e.add("genre", "请选择文种");
            Genre::Other
        });
        let legal_kind = if self.legal_kind.trim().is_empty() {
            LegalKind::Other
        } else {
            LegalKind::parse(&self.legal_kind).unwrap_or_else(|| {
                e.add("legal_kind", "文件类别无效");
                LegalKind::Other
            })
        };
        let doc_number = if self.doc_number.trim().is_empty() {
            None
        } else {
            match normalise_doc_number(&self.doc_number) {
                Ok(n) => Some(n),
                Err(err) => {
                    e.add("doc_number", err.to_string());
                    None
                }
            }
        };
        let written_on = if self.written_on.trim().is_empty() {
            e.add("written_on", "请填写成文日期");
            None
        } else {
            optional_date(&mut e, "written_on", &self.written_on)
        };
        if written_on.is_some_and(|d| d > today) {
            e.add("written_on", "成文日期不能晚于今天");
        }
        let effective_on = optional_date(&mut e, "effective_on", &self.effective_on);
        let ended_on = optional_date(&mut e, "ended_on", &self.ended_on);
        let summary = self.summary.trim().to_owned();
        if summary.chars().count() > MAX_SUMMARY_CHARS {
            e.add(
                "summary",
                format!("内容概述不能超过 {MAX_SUMMARY_CHARS} 个字"),
            );
        }
        let disclosure = if self.disclosure.trim().is_empty() {
            DisclosureMode::Proactive
        } else {
            DisclosureMode::parse(&self.disclosure).unwrap_or_else(|| {
                e.add("disclosure", "公开方式无效");
                DisclosureMode::Proactive
            })
        };
        let validity = if self.validity.trim().is_empty() {
            Validity::Valid
        } else {
            Validity::parse(&self.validity).unwrap_or_else(|| {
                e.add("validity", "效力状态无效");
                Validity::Valid
            })
        };
        if let Some(w) = written_on
            && let Err(err) = check_validity(validity, w, effective_on, ended_on)
        {
            e.add("ended_on", err.to_string());
        }
        let item20 = match self.item20.trim() {
            "" => None,
            s => match s.parse::<u8>().ok().and_then(Item20::new) {
                Some(i) => Some(i),
                None => {
                    e.add("item20", "第二十条事项应为（一）至（十五）之一");
                    None
                }
            },
        };
        if self.columns.is_empty() {
            e.add("columns", "请至少选择一个栏目");
        }
        if let Some(what) = find_active_content(&self.body_html) {
            e.add(
                "body_html",
                format!("正文含有不允许的内容（{what}），请删除后再保存"),
            );
        }
        let mut co_issuers: Vec<AgencyId> = Vec::new();
        for &id in &self.co_issuers {
            if !co_issuers.contains(&AgencyId(id)) {
                co_issuers.push(AgencyId(id));
            }
        }
        let Some(written_on) = written_on else {
            return Err(e);
        };
        e.into_result(DocumentMeta {
            title,
            subject_code,
            genre,
            legal_kind,
            doc_number,
            co_issuers,
            written_on,
            effective_on,
            keywords: split_keywords(&self.keywords),
            summary,
            disclosure,
            validity,
            ended_on,
            item20,
            columns: self.columns.iter().map(|&c| ColumnId(c)).collect(),
            body_html: self.body_html.clone(),
            interprets: self.interprets.map(DocumentId),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 1).expect("valid")
    }

    fn good() -> DocumentForm {
        DocumentForm {
            title: "示例市民政局关于做好2024年最低生活保障工作的通知".into(),
            subject: "1703".into(),
            genre: "通知".into(),
            doc_number: "示民发[2024]3号".into(),
            written_on: "2024-03-05".into(),
            keywords: "低保、社会救助 民政".into(),
            summary: "部署2024年最低生活保障工作。".into(),
            item20: "11".into(),
            columns: vec![7],
            body_html: "<p>各区县民政局：</p>".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_validates_and_normalises() {
        let meta = good()
            .validate(&Taxonomy::shipped(), today())
            .expect("valid");
        assert_eq!(meta.doc_number.as_deref(), Some("示民发〔2024〕3号"));
        assert_eq!(meta.keywords, ["低保", "社会救助", "民政"]);
        assert_eq!(meta.genre, Genre::Notice);
        assert_eq!(meta.validity, Validity::Valid);
        assert_eq!(meta.disclosure, DisclosureMode::Proactive);
        assert_eq!(meta.item20.map(Item20::number), Some(11));
    }

    #[test]
    fn bad_fields_are_each_marked() {
        let form = DocumentForm {
            title: " ".into(),
            subject: "不存在".into(),
            genre: "诏书".into(),
            doc_number: "示民发3号".into(),
            written_on: "2024-02-30".into(),
            summary: "长".repeat(101),
            item20: "16".into(),
            columns: vec![],
            body_html: "<p onclick=\"x()\">正文</p>".into(),
            ..Default::default()
        };
        let errors = form
            .validate(&Taxonomy::shipped(), today())
            .expect_err("invalid");
        for field in [
            "title",
            "subject",
            "genre",
            "doc_number",
            "written_on",
            "summary",
            "item20",
            "columns",
            "body_html",
        ] {
            assert!(
                errors.get(field).is_some(),
                "{field} should be marked: {errors}"
            );
        }
        assert!(
            errors
                .get("written_on")
                .is_some_and(|m| m.contains("日期无效"))
        );
    }

    #[test]
    fn future_written_date_and_incoherent_validity_are_refused() {
        let mut form = good();
        form.written_on = "2024-06-02".into();
        let errors = form
            .validate(&Taxonomy::shipped(), today())
            .expect_err("invalid");
        assert_eq!(errors.get("written_on"), Some("成文日期不能晚于今天"));
        let mut form = good();
        form.validity = "废止".into();
        let errors = form
            .validate(&Taxonomy::shipped(), today())
            .expect_err("invalid");
        assert!(errors.get("ended_on").is_some());
    }
}
