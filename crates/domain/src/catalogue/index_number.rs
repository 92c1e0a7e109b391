//! 索引号 patterns. There is no national format: the common one is `{机构代码}/{年份}-{流水号}`
//! (`000014349/2017-00110`), and agencies use variants, so each agency configures a pattern
//! (spec/catalogue.md, 索引号). The store allocates the serial atomically per [`IndexPattern::scope`]
//! and never hands a number out twice, even when a document is withdrawn.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The pattern used when an agency has not configured one: code, year and a 5-digit serial
/// restarting every year, as on most provincial portals.
pub const DEFAULT_INDEX_PATTERN: &str = "{code}/{year}-{seq:05}";

/// Why an 索引号 pattern was rejected; the Display text is shown to administrators as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// No `{seq}`: numbers would repeat.
    #[error("索引号规则必须包含一个流水号占位符 {{seq}}")]
    MissingSequence,
    /// More than one `{seq}`.
    #[error("索引号规则只能包含一个流水号占位符 {{seq}}")]
    DuplicateSequence,
    /// A placeholder name other than code, year, month, category and seq.
    #[error(
        "索引号规则含有未知的占位符“{{{0}}}”，可用的有 {{code}} {{year}} {{month}} {{category}} {{seq}}"
    )]
    UnknownPlaceholder(String),
    /// `{seq:…}` with a width that is not `0` followed by 1 to 10.
    #[error("流水号宽度“{0}”无效，应写作 {{seq:05}} 这样的形式，宽度为 1 至 10 位")]
    InvalidWidth(String),
    /// A `{` without `}` or a `}` without `{`.
    #[error("索引号规则中的花括号不成对")]
    UnbalancedBrace,
    /// A literal character outside `A-Z a-z 0-9 / _ . -`, which would not survive URLs and files.
    #[error("索引号规则含有不允许的字符“{0}”，只能使用字母、数字和 / _ . -")]
    InvalidLiteral(char),
}

/// What a pattern needs to render an 索引号 besides the serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexContext<'a> {
    /// The agency's normalised code (`AgencyCode::as_str`).
    pub code: &'a str,
    /// The date the number is assigned (publication), which gives `{year}` and `{month}`.
    pub date: NaiveDate,
    /// The code of the document's 主题分类, for `{category}`.
    pub category: &'a str,
}

/// A validated 索引号 pattern, e.g. [`DEFAULT_INDEX_PATTERN`]. Deserialising validates too, so a
/// stored pattern can never render garbage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndexPattern(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'p> {
    Literal(&'p str),
    Code,
    Year,
    Month,
    Category,
    /// The serial, zero-padded to this width (0: unpadded).
    Seq(usize),
}

impl IndexPattern {
    /// Validates a pattern: placeholders `{code}`, `{year}`, `{month}`, `{category}` and exactly
    /// one `{seq}` or `{seq:0N}` (N from 1 to 10); literal text only from `A-Za-z0-9/_.-`.
    pub fn parse(pattern: &str) -> Result<Self, PatternError> {
        pieces(pattern)?;
        Ok(Self(pattern.to_owned()))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key of the serial counter: the pattern rendered without the serial
    /// (`000014349/2017-`). The serial therefore restarts each year when the pattern has
    /// `{year}`, each month with `{month}`, and never otherwise. Changing only the width keeps
    /// the key, so the count goes on; the store's unique index on 索引号 still guards against
    /// collisions when an agency changes its pattern in other ways.
    pub fn scope(&self, ctx: &IndexContext<'_>) -> String {
        self.write(ctx, None)
    }

    /// The 索引号 for serial `seq`, e.g. `000014349/2017-00110`. A serial wider than its width
    /// is written in full (`{seq:02}` with 123 gives `123`), never truncated into a duplicate.
    pub fn render(&self, ctx: &IndexContext<'_>, seq: u64) -> String {
        self.write(ctx, Some(seq))
    }

    fn write(&self, ctx: &IndexContext<'_>, seq: Option<u64>) -> String {
        // Every constructor validated the pattern, so this fallback is unreachable; rendering
        // the raw text is better than panicking in a publication.
        let pieces = pieces(&self.0).unwrap_or_else(|_| vec![Piece::Literal(&self.0)]);
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Code => out.push_str(ctx.code),
                Piece::Year => out.push_str(&format!("{:04}", ctx.date.year())),
                Piece::Month => out.push_str(&format!("{:02}", ctx.date.month())),
                Piece::Category => out.push_str(ctx.category),
                Piece::Seq(width) => {
                    if let Some(seq) = seq {
                        out.push_str(&format!("{seq:0width$}"));
                    }
                }
            }
        }
        out
    }
}

impl Default for IndexPattern {
    fn default() -> Self {
        Self(DEFAULT_INDEX_PATTERN.to_owned())
    }
}

impl std::fmt::Display for IndexPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for IndexPattern {
    type Error = PatternError;

    fn try_from(pattern: String) -> Result<Self, PatternError> {
        pieces(&pattern)?;
        Ok(Self(pattern))
    }
}

impl From<IndexPattern> for String {
    fn from(pattern: IndexPattern) -> Self {
        pattern.0
    }
}

fn pieces(pattern: &str) -> Result<Vec<Piece<'_>>, PatternError> {
    let mut pieces = Vec::new();
    let mut rest = pattern;
    let mut seqs = 0;
    while !rest.is_empty() {
        let literal_len = rest.find(['{', '}']).unwrap_or(rest.len());
        let (literal, tail) = rest.split_at(literal_len);
        if let Some(bad) = literal
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '.' | '-')))
        {
            return Err(PatternError::InvalidLiteral(bad));
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        if tail.is_empty() {
            break;
        }
        let inner = tail
            .strip_prefix('{')
            .ok_or(PatternError::UnbalancedBrace)?;
        let close = inner.find('}').ok_or(PatternError::UnbalancedBrace)?;
        let name = &inner[..close];
        if name.contains('{') {
            return Err(PatternError::UnbalancedBrace);
        }
        pieces.push(placeholder(name)?);
        if matches!(pieces.last(), Some(Piece::Seq(_))) {
            seqs += 1;
        }
        rest = &inner[close + 1..];
    }
    match seqs {
        0 => Err(PatternError::MissingSequence),
        1 => Ok(pieces),
        _ => Err(PatternError::DuplicateSequence),
    }
}

fn placeholder(name: &str) -> Result<Piece<'static>, PatternError> {
    match name {
        "code" => Ok(Piece::Code),
        "year" => Ok(Piece::Year),
        "month" => Ok(Piece::Month),
        "category" => Ok(Piece::Category),
        "seq" => Ok(Piece::Seq(0)),
        _ => {
            let Some(width) = name.strip_prefix("seq:") else {
                return Err(PatternError::UnknownPlaceholder(name.to_owned()));
            };
            // `0N` as in Rust's and C's format strings, so `{seq:05}` reads as it renders.
            let n = width
                .strip_prefix('0')
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| (1..=10).contains(n))
                .ok_or_else(|| PatternError::InvalidWidth(width.to_owned()))?;
            Ok(Piece::Seq(n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(code: &'a str, y: i32, m: u32, d: u32) -> IndexContext<'a> {
        let date = NaiveDate::from_ymd_opt(y, m, d).expect("test dates are valid");
        IndexContext {
            code,
            date,
            category: "02",
        }
    }

    #[test]
    fn renders_the_spec_examples() {
        // spec/catalogue.md, 索引号: 9-character org code and 18-character credit code.
        let pattern = IndexPattern::parse(DEFAULT_INDEX_PATTERN).expect("valid pattern");
        assert_eq!(pattern, IndexPattern::default());
        assert_eq!(
            pattern.render(&ctx("000014349", 2017, 6, 1), 110),
            "000014349/2017-00110"
        );
        assert_eq!(
            pattern.render(&ctx("11441700007280420Y", 2021, 12, 31), 50),
            "11441700007280420Y/2021-00050"
        );
        assert_eq!(
            pattern.scope(&ctx("000014349", 2017, 6, 1)),
            "000014349/2017-"
        );
    }

    #[test]
    fn renders_other_placeholders_and_widths() {
        let at = ctx("000014349", 2024, 3, 9);
        let cases = [
            ("{code}/{year}{month}-{seq:04}", 7, "000014349/202403-0007"),
            ("{code}-{category}-{year}-{seq}", 7, "000014349-02-2024-7"),
            ("GK.{year}_{seq:010}", 42, "GK.2024_0000000042"),
            ("{seq:01}", 0, "0"),
            // Wider than its width: written in full.
            ("{code}/{year}-{seq:02}", 12345, "000014349/2024-12345"),
        ];
        for (pattern, seq, expected) in cases {
            let pattern = IndexPattern::parse(pattern).expect("valid pattern");
            assert_eq!(pattern.render(&at, seq), expected, "{pattern}");
            assert_eq!(pattern.as_str(), pattern.to_string());
        }
    }

    #[test]
    fn the_serial_restarts_only_with_the_period_in_the_pattern() {
        let yearly = IndexPattern::default();
        let monthly = IndexPattern::parse("{code}/{year}{month}-{seq:04}").expect("valid pattern");
        let never = IndexPattern::parse("{code}-{seq:06}").expect("valid pattern");
        let jan = ctx("000014349", 2017, 1, 5);
        let dec = ctx("000014349", 2017, 12, 5);
        let next_year = ctx("000014349", 2018, 1, 5);
        assert_eq!(yearly.scope(&jan), yearly.scope(&dec));
        assert_ne!(yearly.scope(&dec), yearly.scope(&next_year));
        assert_ne!(monthly.scope(&jan), monthly.scope(&dec));
        assert_eq!(monthly.scope(&dec), "000014349/201712-");
        assert_eq!(never.scope(&jan), never.scope(&next_year));
        // Per agency: another code, another counter.
        assert_ne!(
            yearly.scope(&jan),
            yearly.scope(&ctx("11441700007280420Y", 2017, 1, 5))
        );
        // A new width continues the same count, so no number is reused.
        let wider = IndexPattern::parse("{code}/{year}-{seq:06}").expect("valid pattern");
        assert_eq!(wider.scope(&jan), yearly.scope(&jan));
    }

    #[test]
    fn rejects_bad_patterns() {
        let cases = [
            ("", PatternError::MissingSequence),
            ("{code}/{year}", PatternError::MissingSequence),
            ("{seq}-{seq:03}", PatternError::DuplicateSequence),
            (
                "{code}/{yyyy}-{seq}",
                PatternError::UnknownPlaceholder("yyyy".to_owned()),
            ),
            ("{}{seq}", PatternError::UnknownPlaceholder(String::new())),
            ("{seq:5}", PatternError::InvalidWidth("5".to_owned())),
            ("{seq:00}", PatternError::InvalidWidth("00".to_owned())),
            ("{seq:011}", PatternError::InvalidWidth("011".to_owned())),
            ("{seq:0x}", PatternError::InvalidWidth("0x".to_owned())),
            ("{seq:}", PatternError::InvalidWidth(String::new())),
            ("{code/{seq}", PatternError::UnbalancedBrace),
            ("{code}/{seq", PatternError::UnbalancedBrace),
            ("code}/{seq}", PatternError::UnbalancedBrace),
            ("{code} {seq}", PatternError::InvalidLiteral(' ')),
            ("{code}年{seq}", PatternError::InvalidLiteral('年')),
        ];
        for (pattern, error) in cases {
            assert_eq!(IndexPattern::parse(pattern), Err(error), "{pattern:?}");
        }
    }

    #[test]
    fn messages_are_in_chinese() {
        assert_eq!(
            PatternError::MissingSequence.to_string(),
            "索引号规则必须包含一个流水号占位符 {seq}"
        );
        assert_eq!(
            PatternError::UnknownPlaceholder("yyyy".to_owned()).to_string(),
            "索引号规则含有未知的占位符“{yyyy}”，可用的有 {code} {year} {month} {category} {seq}"
        );
    }

    #[test]
    fn deserialising_validates() {
        use serde::de::IntoDeserializer;
        type Error = serde::de::value::Error;
        let good: serde::de::value::StringDeserializer<Error> =
            DEFAULT_INDEX_PATTERN.to_owned().into_deserializer();
        assert_eq!(IndexPattern::deserialize(good), Ok(IndexPattern::default()));
        let bad: serde::de::value::StringDeserializer<Error> =
            "{code}".to_owned().into_deserializer();
        assert!(IndexPattern::deserialize(bad).is_err());
    }
}
