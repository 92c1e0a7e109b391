//! 发文字号 (文号): the number an agency gives its document, e.g. `鄂民办发〔2017〕8号`.
//!
//! GB/T 9704-2012《党政机关公文格式》§7.2.4: 发文字号由发文机关代字、年份、发文顺序号组成；年份、发文
//! 顺序号用阿拉伯数字标注；年份应标全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位。
//! Staff paste numbers typed with whatever brackets their keyboard had, so they are normalised
//! to that form before being stored and searched. 规章 are numbered by 政府令 instead
//! (`粤府令第123号`, 《规章制定程序条例》第三十一条), which has no year and keeps its 第.

/// Why a 发文字号 was rejected; the Display text is shown to staff as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocNumberError {
    /// Nothing was entered.
    #[error("发文字号不能为空")]
    Empty,
    /// No bracketed year, and not a 政府令 number either.
    #[error("发文字号缺少年份，应写作“某某发〔2024〕1号”")]
    MissingYear,
    /// The bracketed year is not between 1949 and 2100.
    #[error("发文字号的年份 {0} 不合理，应在 1949 年至 2100 年之间")]
    ImpossibleYear(u32),
    /// Nothing before the year: the issuing agency's 代字 is missing.
    #[error("发文字号缺少机关代字，应写作“某某发〔2024〕1号”")]
    MissingPrefix,
    /// No 发文顺序号 (or only zeros) before 号.
    #[error("发文字号缺少发文顺序号，应写作“某某发〔2024〕1号”")]
    MissingNumber,
    /// The 顺序号 is not directly followed by 号 at the end.
    #[error("发文字号应以“顺序号＋号”结尾，应写作“某某发〔2024〕1号”")]
    MissingSuffix,
    /// Something follows 号 (`8号文`).
    #[error("发文字号“号”字之后不应再有文字：{0}")]
    TrailingText(String),
}

const OPENING: &[char] = &['〔', '[', '［', '(', '（', '【', '﹝', '〖', '﹙'];
const CLOSING: &[char] = &['〕', ']', '］', ')', '）', '】', '﹞', '〗', '﹚'];

/// Normalises a 发文字号 to the GB/T 9704-2012 form: whitespace removed, full-width digits made
/// ASCII, the year in 〔〕, no 第 and no leading zeros in the 顺序号 (`鄂民办发[2017]第08号` →
/// `鄂民办发〔2017〕8号`). A 政府令 number without year is kept as `某某令第N号`.
///
/// Any of the brackets people type for 〔〕 is accepted on either side; a missing 号 is an
/// error rather than being added, since it usually means the number was cut off.
pub fn normalise_doc_number(input: &str) -> Result<String, DocNumberError> {
    let chars: Vec<char> = input
        .chars()
        // Zero-width characters come with text copied from web pages.
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
        })
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    if chars.is_empty() {
        return Err(DocNumberError::Empty);
    }
    let Some(open) = chars.iter().position(|c| OPENING.contains(c)) else {
        return normalise_decree_number(&chars);
    };
    let prefix: String = chars[..open].iter().collect();
    if prefix.is_empty() {
        return Err(DocNumberError::MissingPrefix);
    }
    let close = chars[open..]
        .iter()
        .position(|c| CLOSING.contains(c))
        .map(|offset| open + offset)
        .ok_or(DocNumberError::MissingYear)?;
    let year = &chars[open + 1..close];
    if year.is_empty() || !year.iter().all(char::is_ascii_digit) {
        return Err(DocNumberError::MissingYear);
    }
    // Saturating, so that a run of digits typed by mistake is reported, not overflowed.
    let value = year
        .iter()
        .filter_map(|c| c.to_digit(10))
        .fold(0u32, |acc, d| acc.saturating_mul(10).saturating_add(d));
    // 1949: no document of the People's Republic is older; a two-digit year (〔17〕) is refused
    // too, since GB/T 9704-2012 asks for the full year.
    if year.len() != 4 || !(1949..=2100).contains(&value) {
        return Err(DocNumberError::ImpossibleYear(value));
    }
    let rest = &chars[close + 1..];
    let rest = rest.strip_prefix(&['第']).unwrap_or(rest);
    let number = serial_number(rest)?;
    Ok(format!("{prefix}〔{value}〕{number}号"))
}

/// The year of a 发文字号, or `None` if it is invalid or has no year (a 政府令 number).
/// Accepts raw input as well as normalised numbers.
pub fn doc_number_year(normalised: &str) -> Option<i32> {
    let normalised = normalise_doc_number(normalised).ok()?;
    let year = match normalised.split_once('〔') {
        Some((_, after_open)) => after_open.split_once('〕')?.0,
        None => {
            let (before, _) = normalised.rsplit_once("年第")?;
            before.get(before.len().checked_sub(4)?..)?
        }
    };
    year.parse().ok()
}

/// `某某令第N号` (or `某某令N号`), the numbering of 规章, which carries no year; or
/// `某某公告2015年第41号`, the yearly numbering of 公告 that ministries use (the year is not
/// bracketed there, and the 第 is part of it).
fn normalise_decree_number(chars: &[char]) -> Result<String, DocNumberError> {
    if let Some(n) = yearly_announcement_number(chars) {
        return n;
    }
    let body = chars.strip_suffix(&['号']).unwrap_or(chars);
    let digits_from = body.len() - body.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let head = &body[..digits_from];
    let head = head.strip_suffix(&['第']).unwrap_or(head);
    let Some(issuer) = head.strip_suffix(&['令']) else {
        return Err(DocNumberError::MissingYear);
    };
    if issuer.is_empty() {
        return Err(DocNumberError::MissingPrefix);
    }
    let number = serial_number(&chars[digits_from..])?;
    let issuer: String = issuer.iter().collect();
    Ok(format!("{issuer}令第{number}号"))
}

/// `…YYYY年第N号`: `None` when the input is not of that form.
fn yearly_announcement_number(chars: &[char]) -> Option<Result<String, DocNumberError>> {
    let nian = chars.iter().position(|&c| c == '年')?;
    let year = chars.get(nian.checked_sub(4)?..nian)?;
    let prefix = &chars[..nian - 4];
    if !year.iter().all(char::is_ascii_digit) || prefix.last().is_some_and(char::is_ascii_digit) {
        return None;
    }
    let rest = chars[nian + 1..].strip_prefix(&['第'])?;
    if prefix.is_empty() {
        return Some(Err(DocNumberError::MissingPrefix));
    }
    let value: u32 = year.iter().collect::<String>().parse().ok()?;
    if !(1949..=2100).contains(&value) {
        return Some(Err(DocNumberError::ImpossibleYear(value)));
    }
    let prefix: String = prefix.iter().collect();
    Some(serial_number(rest).map(|n| format!("{prefix}{value}年第{n}号")))
}

/// Reads `digits` + `号` to the end and returns the digits without leading zeros (不编虚位).
fn serial_number(rest: &[char]) -> Result<String, DocNumberError> {
    let len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    let digits: String = rest[..len].iter().skip_while(|&&c| c == '0').collect();
    if digits.is_empty() {
        return Err(DocNumberError::MissingNumber);
    }
    match &rest[len..] {
        ['号'] => Ok(digits),
        ['号', trailing @ ..] => Err(DocNumberError::TrailingText(trailing.iter().collect())),
        _ => Err(DocNumberError::MissingSuffix),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_brackets_to_hexagonal_ones() {
        // GB/T 9704-2012 §7.2.4: 年份用六角括号“〔〕”括入.
        let cases = [
            ("鄂民办发〔2017〕8号", "鄂民办发〔2017〕8号"),
            ("鄂民办发[2017]8号", "鄂民办发〔2017〕8号"),
            ("鄂民办发(2017)8号", "鄂民办发〔2017〕8号"),
            ("鄂民办发（2017）8号", "鄂民办发〔2017〕8号"),
            ("鄂民办发［2017］8号", "鄂民办发〔2017〕8号"),
            ("鄂民办发【2017】8号", "鄂民办发〔2017〕8号"),
            ("鄂民办发﹝2017﹞8号", "鄂民办发〔2017〕8号"),
            ("鄂民办发 [ 2017 ] 8 号", "鄂民办发〔2017〕8号"),
            ("  鄂民办发〔 2017 〕8号\n", "鄂民办发〔2017〕8号"),
            ("鄂民办发\u{3000}〔2017〕8号", "鄂民办发〔2017〕8号"),
            ("渝府令〔1998〕26号", "渝府令〔1998〕26号"),
            ("国办发明电〔2020〕1号", "国办发明电〔2020〕1号"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                normalise_doc_number(input).as_deref(),
                Ok(expected),
                "{input}"
            );
        }
    }

    #[test]
    fn keeps_the_yearly_numbering_of_announcements() {
        // 公告 of ministries are numbered by year without brackets: 国家税务总局公告2015年第41号.
        assert_eq!(
            normalise_doc_number("国家税务总局公告 2015年第041号").as_deref(),
            Ok("国家税务总局公告2015年第41号")
        );
        assert_eq!(doc_number_year("财政部公告2015年第3号"), Some(2015));
        assert_eq!(
            normalise_doc_number("2015年第3号"),
            Err(DocNumberError::MissingPrefix)
        );
        assert_eq!(
            normalise_doc_number("某部公告1900年第3号"),
            Err(DocNumberError::ImpossibleYear(1900))
        );
        // Without 第 it is not that form, and it has no bracketed year.
        assert_eq!(
            normalise_doc_number("某部公告2015年3号"),
            Err(DocNumberError::MissingYear)
        );
    }

    #[test]
    fn drops_zero_width_characters_copied_from_web_pages() {
        assert_eq!(
            normalise_doc_number("渝府〔2023〕8号\u{200b}").as_deref(),
            Ok("渝府〔2023〕8号")
        );
    }

    #[test]
    fn normalises_digits_and_the_serial_number() {
        assert_eq!(
            normalise_doc_number("鄂民办发〔２０１７〕８号").as_deref(),
            Ok("鄂民办发〔2017〕8号")
        );
        // GB/T 9704-2012 §7.2.4: 发文顺序号不加“第”字，不编虚位.
        assert_eq!(
            normalise_doc_number("国发[2017]第008号").as_deref(),
            Ok("国发〔2017〕8号")
        );
        assert_eq!(
            normalise_doc_number("国发〔2017〕120号").as_deref(),
            Ok("国发〔2017〕120号")
        );
    }

    #[test]
    fn accepts_decree_numbers_without_year() {
        // 规章 are published by 政府令 numbered 第N号 (《规章制定程序条例》第三十一条).
        let cases = [
            ("粤府令第123号", "粤府令第123号"),
            ("粤府令 第 123 号", "粤府令第123号"),
            (
                "中华人民共和国国务院令第７３５号",
                "中华人民共和国国务院令第735号",
            ),
            ("粤府令123号", "粤府令第123号"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                normalise_doc_number(input).as_deref(),
                Ok(expected),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_malformed_numbers() {
        let cases = [
            ("", DocNumberError::Empty),
            (" \u{3000} ", DocNumberError::Empty),
            ("鄂民办发〔2017〕8", DocNumberError::MissingSuffix),
            ("鄂民办发〔2017〕8-1号", DocNumberError::MissingSuffix),
            (
                "鄂民办发〔2017〕8号文",
                DocNumberError::TrailingText("文".to_owned()),
            ),
            ("国发2017年8号", DocNumberError::MissingYear),
            ("鄂民办发8号", DocNumberError::MissingYear),
            ("鄂民办发〔〕8号", DocNumberError::MissingYear),
            ("鄂民办发〔二〇一七〕8号", DocNumberError::MissingYear),
            ("鄂民办发〔2017 8号", DocNumberError::MissingYear),
            ("鄂民办发〔3017〕8号", DocNumberError::ImpossibleYear(3017)),
            ("鄂民办发〔1948〕8号", DocNumberError::ImpossibleYear(1948)),
            ("鄂民办发〔17〕8号", DocNumberError::ImpossibleYear(17)),
            (
                "鄂民办发〔99999999999〕8号",
                DocNumberError::ImpossibleYear(u32::MAX),
            ),
            ("〔2017〕8号", DocNumberError::MissingPrefix),
            ("鄂民办发〔2017〕号", DocNumberError::MissingNumber),
            ("鄂民办发〔2017〕第号", DocNumberError::MissingNumber),
            ("鄂民办发〔2017〕0号", DocNumberError::MissingNumber),
            ("令第1号", DocNumberError::MissingPrefix),
            ("粤府令第号", DocNumberError::MissingNumber),
            ("粤府令第123", DocNumberError::MissingSuffix),
        ];
        for (input, error) in cases {
            assert_eq!(normalise_doc_number(input), Err(error), "{input}");
        }
    }

    #[test]
    fn messages_are_in_chinese() {
        assert_eq!(
            DocNumberError::MissingYear.to_string(),
            "发文字号缺少年份，应写作“某某发〔2024〕1号”"
        );
        assert_eq!(
            DocNumberError::ImpossibleYear(3017).to_string(),
            "发文字号的年份 3017 不合理，应在 1949 年至 2100 年之间"
        );
    }

    #[test]
    fn reads_the_year() {
        assert_eq!(doc_number_year("鄂民办发〔2017〕8号"), Some(2017));
        assert_eq!(doc_number_year("鄂民办发(2017)8号"), Some(2017));
        assert_eq!(doc_number_year("渝府令〔1998〕26号"), Some(1998));
        assert_eq!(doc_number_year("粤府令第123号"), None);
        assert_eq!(doc_number_year("鄂民办发〔3017〕8号"), None);
    }
}
