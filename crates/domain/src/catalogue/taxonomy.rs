//! 主题分类: the two-level subject taxonomy (gov.cn's 22 first-level subjects). Shipped as
//! editable data (`data/subjects.tsv`); the database holds the copy administrators edit.

use serde::{Deserialize, Serialize};

/// The default taxonomy as shipped.
pub const DEFAULT_SUBJECTS_TSV: &str = include_str!("../../data/subjects.tsv");

/// One subject of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// `01`..`22` at the first level, `0101`.. at the second.
    pub code: String,
    /// The name as shown, e.g. `政务公开`.
    pub name: String,
}

impl Subject {
    /// The code of the first-level subject this one belongs to (itself at the first level).
    pub fn parent_code(&self) -> Option<&str> {
        (self.code.len() == 4).then(|| &self.code[..2])
    }
}

/// The subject taxonomy: subjects in display order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Taxonomy {
    subjects: Vec<Subject>,
}

impl Taxonomy {
    /// Builds a taxonomy from subjects in display order.
    pub fn new(subjects: Vec<Subject>) -> Self {
        Taxonomy { subjects }
    }

    /// Parses the TSV format of `data/subjects.tsv` (`#` comments, `code<TAB>name`).
    /// Returns the line number (1-based) of the first malformed line on error.
    pub fn parse_tsv(text: &str) -> Result<Taxonomy, usize> {
        let mut subjects = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (code, name) = line.split_once('\t').ok_or(n + 1)?;
            let valid_code =
                matches!(code.len(), 2 | 4) && code.bytes().all(|b| b.is_ascii_digit());
            if !valid_code || name.trim().is_empty() {
                return Err(n + 1);
            }
            if code.len() == 4 && !subjects.iter().any(|s: &Subject| s.code == code[..2]) {
                return Err(n + 1);
            }
            subjects.push(Subject {
                code: code.to_owned(),
                name: name.trim().to_owned(),
            });
        }
        Ok(Taxonomy { subjects })
    }

    /// The taxonomy shipped with Gongkai.
    pub fn shipped() -> Taxonomy {
        // The shipped file is checked by a test, so it always parses.
        Taxonomy::parse_tsv(DEFAULT_SUBJECTS_TSV).unwrap_or_default()
    }

    /// Every subject, in display order.
    pub fn subjects(&self) -> &[Subject] {
        &self.subjects
    }

    /// The subject with this code.
    pub fn get(&self, code: &str) -> Option<&Subject> {
        self.subjects.iter().find(|s| s.code == code)
    }

    /// The path shown in the catalogue, `第一级\第二级` (gov.cn's notation).
    pub fn path(&self, code: &str) -> Option<String> {
        let subject = self.get(code)?;
        match subject.parent_code() {
            Some(parent) => Some(format!("{}\\{}", self.get(parent)?.name, subject.name)),
            None => Some(subject.name.clone()),
        }
    }

    /// Finds a subject by code, by name path (`综合政务\政务公开`, also with `/`) or by a
    /// first-level name.
    pub fn resolve(&self, input: &str) -> Option<&Subject> {
        let input = input.trim();
        if let Some(s) = self.get(input) {
            return Some(s);
        }
        let normalised = input.replace(['/', '／', '＼'], "\\");
        self.subjects
            .iter()
            .find(|s| self.path(&s.code).as_deref() == Some(normalised.as_str()))
    }

    /// The second-level subjects under a first-level code.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Subject> + 'a {
        self.subjects
            .iter()
            .filter(move |s| s.parent_code() == Some(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_taxonomy_has_the_22_subjects_of_the_spec() {
        let t = Taxonomy::parse_tsv(DEFAULT_SUBJECTS_TSV).expect("shipped file parses");
        let first: Vec<_> = t.subjects().iter().filter(|s| s.code.len() == 2).collect();
        assert_eq!(first.len(), 22);
        assert_eq!(first[1].name, "综合政务");
        assert_eq!(first[21].name, "其他");
        assert_eq!(t.path("0201").as_deref(), Some("综合政务\\政务公开"));
        assert_eq!(t.children("18").count(), 2);
        assert_eq!(
            t.get("0404").map(|s| s.name.as_str()),
            Some("货币（含外汇）")
        );
    }

    #[test]
    fn resolves_codes_and_paths() {
        let t = Taxonomy::shipped();
        assert_eq!(
            t.resolve("综合政务\\政务公开").map(|s| s.code.as_str()),
            Some("0201")
        );
        assert_eq!(
            t.resolve("综合政务/政务公开").map(|s| s.code.as_str()),
            Some("0201")
        );
        assert_eq!(t.resolve("1703").map(|s| s.name.as_str()), Some("社会福利"));
        assert_eq!(t.resolve("其他"), t.get("22"));
        assert!(t.resolve("不存在的分类").is_none());
    }

    #[test]
    fn rejects_malformed_lines() {
        assert_eq!(Taxonomy::parse_tsv("01\t甲\n0101 乙\n"), Err(2));
        assert_eq!(Taxonomy::parse_tsv("0101\t乙\n"), Err(1));
        assert_eq!(Taxonomy::parse_tsv("1\t甲\n"), Err(1));
    }
}
