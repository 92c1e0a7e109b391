//! The personal-data scan of 保密审查: before a document or a reply is disclosed, its text is
//! searched for identity-card numbers, mobile numbers, bank cards and e-mail addresses, because
//! 条例第十五条 forbids disclosing personal privacy and 第十七条 requires a review first. The scan
//! only points the reviewer at candidates; the reviewer decides.
//!
//! Written by hand over chars (no regex dependency) in one left-to-right pass, so a 1 MB text is
//! scanned in linear time. A candidate number must stand on its own: a digit run touching other
//! ASCII letters, digits or `_`, or forming part of a decimal, is not personal data but a code,
//! an amount or a longer number.

use serde::{Deserialize, Serialize};

/// How many characters of surrounding text a finding shows on each side.
const CONTEXT_CHARS: usize = 20;

/// At most this many separated digit groups form one number (`+86 138 0013 8000` is 4; a
/// 19-digit card in groups of four is 5); longer chains of groups are tables of figures.
const MAX_GROUPS: usize = 6;

/// GB 11643-1999 §8.2: weights of the 17 body digits of a 居民身份证号码.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11643-1999 §8.2: the check character for each value of the weighted sum mod 11.
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A kind of personal data the scan recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    /// 居民身份证号码 (GB 11643-1999, 18 characters).
    ResidentId,
    /// 手机号码 (11 digits starting 13–19, optionally with +86).
    Mobile,
    /// 银行卡号 (16–19 digits passing the Luhn check).
    BankCard,
    /// 电子邮箱.
    Email,
}

impl PiiKind {
    /// Every kind, in the order the review screen lists them.
    pub const ALL: [Self; 4] = [Self::ResidentId, Self::Mobile, Self::BankCard, Self::Email];

    /// The Chinese label shown to reviewers.
    pub fn label(self) -> &'static str {
        match self {
            Self::ResidentId => "居民身份证号码",
            Self::Mobile => "手机号码",
            Self::BankCard => "银行卡号",
            Self::Email => "电子邮箱",
        }
    }

    /// The stable key stored in the database and used in the API (matches the serde form).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResidentId => "resident_id",
            Self::Mobile => "mobile",
            Self::BankCard => "bank_card",
            Self::Email => "email",
        }
    }

    /// The kind whose [`as_str`](Self::as_str) key is `key`.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == key)
    }
}

/// One candidate piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PiiFinding {
    /// What the match looks like.
    pub kind: PiiKind,
    /// The matched text exactly as written (`138 0013 8000` keeps its spaces).
    pub matched: String,
    /// Offset of the match in chars (not bytes), so the editor can highlight it.
    pub start: usize,
    /// The match with up to 20 chars either side, newlines replaced by spaces, for the review
    /// list.
    pub context: String,
}

/// Scans `text` for personal data. Findings are in order of position and never overlap; an
/// e-mail address wins over a number inside it.
pub fn scan(text: &str) -> Vec<PiiFinding> {
    let chars: Vec<char> = text.chars().collect();
    let emails = find_emails(&chars);
    let mut spans: Vec<(PiiKind, usize, usize)> = Vec::new();
    let mut next_email = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some(&(start, end)) = emails.get(next_email)
            && i >= start
        {
            spans.push((PiiKind::Email, start, end));
            next_email += 1;
            i = end;
            continue;
        }
        if is_number_start(&chars, i)
            && let Some((kind, end)) = match_number(&chars, i)
            && emails
                .get(next_email)
                .is_none_or(|&(start, _)| end <= start)
        {
            spans.push((kind, i, end));
            i = end;
            continue;
        }
        i += 1;
    }
    spans
        .into_iter()
        .map(|(kind, start, end)| PiiFinding {
            kind,
            matched: chars[start..end].iter().collect(),
            start,
            context: context(&chars, start, end),
        })
        .collect()
}

fn context(chars: &[char], start: usize, end: usize) -> String {
    let from = start.saturating_sub(CONTEXT_CHARS);
    let to = (end + CONTEXT_CHARS).min(chars.len());
    chars[from..to]
        .iter()
        .map(|&c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

/// Letters, digits and `_` glue a digit run into a longer token (a code, a file name).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_sep(c: char) -> bool {
    c == ' ' || c == '-'
}

fn digit_at(chars: &[char], i: usize) -> bool {
    chars.get(i).is_some_and(char::is_ascii_digit)
}

/// Whether a number may begin at `i`: a digit (or the `+` of `+86`) not glued to a preceding
/// word character and not the fractional part of a decimal.
fn is_number_start(chars: &[char], i: usize) -> bool {
    let starts = match chars[i] {
        '+' => chars.get(i + 1) == Some(&'8') && chars.get(i + 2) == Some(&'6'),
        c => c.is_ascii_digit(),
    };
    if !starts || i == 0 {
        return starts;
    }
    let prev = chars[i - 1];
    let fraction = prev == '.' && i >= 2 && chars[i - 2].is_ascii_digit();
    !(is_word(prev) || fraction)
}

/// Whether a number may end before `end`: not glued to a following word character and not the
/// integer part of a decimal.
fn ends_cleanly(chars: &[char], end: usize) -> bool {
    match chars.get(end) {
        None => true,
        Some(&c) => !(is_word(c) || c == '.' && digit_at(chars, end + 1)),
    }
}

/// Reads digit groups from `start` joined by single separators, all the same one; at most
/// `MAX_GROUPS + 1` groups, so the caller can tell a too-long chain.
fn read_groups(chars: &[char], start: usize) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut sep = None;
    let mut i = start;
    loop {
        let from = i;
        while digit_at(chars, i) {
            i += 1;
        }
        groups.push((from, i));
        if groups.len() > MAX_GROUPS {
            return groups;
        }
        match chars.get(i) {
            Some(&c) if is_sep(c) && sep.is_none_or(|s| s == c) && digit_at(chars, i + 1) => {
                sep = Some(c);
                i += 1;
            }
            _ => return groups,
        }
    }
}

fn digits(chars: &[char], groups: &[(usize, usize)]) -> Vec<u32> {
    groups
        .iter()
        .flat_map(|&(from, to)| chars[from..to].iter().filter_map(|c| c.to_digit(10)))
        .collect()
}

/// The personal-data number starting at `i`, with its end, if any.
fn match_number(chars: &[char], i: usize) -> Option<(PiiKind, usize)> {
    if chars[i] == '+' {
        let mut national = i + 3;
        if chars.get(national).copied().is_some_and(is_sep) {
            national += 1;
        }
        return match_national_mobile(chars, national).map(|end| (PiiKind::Mobile, end));
    }
    let groups = read_groups(chars, i);
    let (first_from, first_to) = groups[0];
    if let Some(found) = match_single_run(chars, first_from, first_to) {
        return Some(found);
    }
    // `86 138 0013 8000`: the country code as its own group.
    if chars[first_from..first_to] == ['8', '6']
        && groups.len() > 1
        && let Some(end) = match_national_mobile(chars, first_to + 1)
    {
        return Some((PiiKind::Mobile, end));
    }
    // A grouped form must be the whole chain of groups: `1234 5678 9012 3456 7890` is 20
    // digits, and its last 16 are not a card. Likewise a chain continuing from the left.
    let continues_left = i >= 2 && is_sep(chars[i - 1]) && chars[i - 2].is_ascii_digit();
    let (_, last_to) = *groups.last()?;
    if groups.len() < 2 || groups.len() > MAX_GROUPS || continues_left {
        return None;
    }
    if !ends_cleanly(chars, last_to) {
        return None;
    }
    let lens: Vec<usize> = groups.iter().map(|&(from, to)| to - from).collect();
    let number = digits(chars, &groups);
    if lens == [3, 4, 4] && is_mobile(&number) {
        return Some((PiiKind::Mobile, last_to));
    }
    let (last_len, body) = lens.split_last()?;
    if body.len() >= 3
        && body.iter().all(|&len| len == 4)
        && (1..=4).contains(last_len)
        && (16..=19).contains(&number.len())
        && luhn_ok(&number)
    {
        return Some((PiiKind::BankCard, last_to));
    }
    None
}

/// An unseparated digit run `from..to` (plus a trailing `X` for an ID): it delimits itself, so
/// whatever follows a separator after it does not matter.
fn match_single_run(chars: &[char], from: usize, to: usize) -> Option<(PiiKind, usize)> {
    let number = digits(chars, &[(from, to)]);
    if !ends_cleanly(chars, to) {
        // GB 11643-1999: the check character 10 is written X (often typed x).
        let x = matches!(chars.get(to), Some('X' | 'x'));
        if number.len() == 17 && x && ends_cleanly(chars, to + 1) && is_resident_id(&number, 10) {
            return Some((PiiKind::ResidentId, to + 1));
        }
        return None;
    }
    let kind = match number.len() {
        18 if is_resident_id(&number[..17], number[17]) => PiiKind::ResidentId,
        11 if is_mobile(&number) => PiiKind::Mobile,
        13 if number[..2] == [8, 6] && is_mobile(&number[2..]) => PiiKind::Mobile,
        16..=19 if luhn_ok(&number) => PiiKind::BankCard,
        _ => return None,
    };
    Some((kind, to))
}

/// A mobile number after its country code: 11 digits in one run or written 3-4-4.
fn match_national_mobile(chars: &[char], start: usize) -> Option<usize> {
    if !digit_at(chars, start) {
        return None;
    }
    let groups = read_groups(chars, start);
    let (from, to) = groups[0];
    if to - from == 11 {
        let ok = ends_cleanly(chars, to) && is_mobile(&digits(chars, &groups[..1]));
        return ok.then_some(to);
    }
    let lens: Vec<usize> = groups.iter().map(|&(from, to)| to - from).collect();
    let (_, end) = *groups.last()?;
    let ok = lens == [3, 4, 4] && ends_cleanly(chars, end) && is_mobile(&digits(chars, &groups));
    ok.then_some(end)
}

/// Mainland mobile numbers: 11 digits, 1 then 3–9 (the 13x–19x number blocks).
fn is_mobile(number: &[u32]) -> bool {
    number.len() == 11 && number[0] == 1 && (3..=9).contains(&number[1])
}

/// GB 11643-1999 §8.2 check character (`check` is 10 for X) and a plausible 出生日期码 (§6.2).
fn is_resident_id(body: &[u32], check: u32) -> bool {
    if body.len() != 17 {
        return false;
    }
    let sum: u32 = body.iter().zip(ID_WEIGHTS).map(|(d, w)| d * w).sum();
    let expected = ID_CHECK[(sum % 11) as usize];
    let found = if check == 10 {
        Some('X')
    } else {
        char::from_digit(check, 10)
    };
    if found != Some(expected) {
        return false;
    }
    let value = |range: std::ops::Range<usize>| body[range].iter().fold(0, |acc, d| acc * 10 + d);
    let (year, month, day) = (value(6..10), value(10..12), value(12..14));
    (1900..=2100).contains(&year)
        && i32::try_from(year)
            .ok()
            .and_then(|year| chrono::NaiveDate::from_ymd_opt(year, month, day))
            .is_some()
}

/// Whether `input` is a valid 18-character resident ID number (GB 11643-1999: check character
/// and a real 出生日期码). Letters may be lower-case `x`.
pub fn is_valid_resident_id(input: &str) -> bool {
    let chars: Vec<char> = input.trim().chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let Some(body) = chars[..17]
        .iter()
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<u32>>>()
    else {
        return false;
    };
    let check = match chars[17] {
        'X' | 'x' => 10,
        c => match c.to_digit(10) {
            Some(d) => d,
            None => return false,
        },
    };
    is_resident_id(&body, check)
}

/// The Luhn (ISO/IEC 7812-1) check used by bank card numbers.
fn luhn_ok(number: &[u32]) -> bool {
    let sum: u32 = number
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2, d * 2) {
            (0, _) => d,
            (_, doubled) if doubled > 9 => doubled - 9,
            (_, doubled) => doubled,
        })
        .sum();
    sum.is_multiple_of(10)
}

fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// E-mail addresses as `(start, end)` char spans, in order and not overlapping. Each `@`
/// expands left and right only over address characters, which stop at the next `@`, so every
/// char is visited at most twice.
fn find_emails(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for at in (0..chars.len()).filter(|&i| chars[i] == '@') {
        let floor = found.last().map_or(0, |&(_, end)| end);
        let mut start = at;
        while start > floor && is_local(chars[start - 1]) {
            start -= 1;
        }
        // A dot before the address is punctuation of the surrounding text.
        while start < at && chars[start] == '.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < chars.len() && is_domain(chars[end]) {
            end += 1;
        }
        // A sentence may end right after the address: `write to a@b.com.`
        while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
            end -= 1;
        }
        if start < at && is_email_domain(&chars[at + 1..end]) {
            found.push((start, end));
        }
    }
    found
}

fn is_email_domain(domain: &[char]) -> bool {
    let labels: Vec<&[char]> = domain.split(|&c| c == '.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.first() != Some(&'-') && label.last() != Some(&'-')
        })
        && tld.len() >= 2
        && tld.iter().all(char::is_ascii_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PiiKind::*;

    fn found(text: &str) -> Vec<(PiiKind, String, usize)> {
        scan(text)
            .into_iter()
            .map(|f| (f.kind, f.matched, f.start))
            .collect()
    }

    #[test]
    fn finds_each_kind_in_chinese_text() {
        // 条例第十五条: personal privacy must not be disclosed, so each of these is flagged.
        // (kind, text before, the match, text after); the offset is the chars before it.
        let cases = [
            // GB 11643-1999 §8.2: check character X; written lower case too.
            (ResidentId, "申请人身份证号", "11010519491231002X", "，"),
            (ResidentId, "身份证：", "34052419800101001x", ""),
            (ResidentId, "公民身份号码", "440301198506152716", "。"),
            // Passes Luhn too, but a valid ID number is an ID number.
            (ResidentId, "证号", "110105199001011056", ""),
            (Mobile, "联系电话：", "13800138000", "。"),
            (Mobile, "电话", "138 0013 8000", "联系"),
            (Mobile, "电话", "138-0013-8000", ""),
            (Mobile, "手机", "+8613912345678", ""),
            (Mobile, "手机 ", "+86 139 1234 5678", ""),
            (Mobile, "手机 ", "+86-13912345678", ""),
            (Mobile, "手机", "8613912345678", ""),
            (Mobile, "手机", "86 139-1234-5678", ""),
            (Mobile, "2017 ", "13800138000", " 2018"),
            (BankCard, "卡号", "6222021234567890128", ""),
            (BankCard, "卡号：", "6228 4800 1234 5671", "，"),
            (BankCard, "卡号", "6222-0212-3456-7890-128", ""),
            (BankCard, "卡号", "621226123456789016", ""),
            // Valid ID check character but 1993-02-29 does not exist; the Luhn check passes.
            (BankCard, "号码", "320106199302290007", ""),
            (Email, "联系邮箱：", "zhangsan@example.com", "。"),
            (Email, "发送至", "li.si+gk_2024@mail.gov.cn", "."),
        ];
        for (kind, before, matched, after) in cases {
            let text = format!("{before}{matched}{after}");
            let expected = vec![(kind, matched.to_owned(), before.chars().count())];
            assert_eq!(found(&text), expected, "{text}");
        }
    }

    #[test]
    fn ignores_look_alikes() {
        let cases = [
            // GB 11643-1999 §8.2: wrong check character (and not a Luhn number either).
            "身份证号110105199001011234",
            "身份证号11010519491231002Y",
            // Luhn fails.
            "卡号6222021234567890127",
            "卡号6228 4800 1234 5672",
            // 10 and 12 digits, and a second digit that no mobile block uses.
            "电话1380013800",
            "电话138001380001",
            "电话12800138000",
            // Landlines, dates, 文号 and 索引号.
            "电话010-12345678",
            "国发〔2017〕8号，2017年8号",
            "2017-08-01 12:00",
            "000014349/2017-00110",
            "11441700007280420Y/2021-00050",
            // Embedded in longer runs or glued to letters and decimals.
            "编号20110105194912310021",
            "AB13800138000",
            "13800138000CD",
            "file_13800138000",
            "金额13800138000.50元",
            "1234 5678 9012 3456 7890",
            "6228 4800 1234 5671 2",
            "138 0013 8000 1",
            // Not e-mail addresses.
            "见附件@通知",
            "user@localhost",
            "user@example.c",
            "user@example.c0m",
            "@example.com",
        ];
        for text in cases {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn reports_several_findings_in_order_with_char_offsets() {
        let text = "张三，身份证11010519491231002X，电话13800138000 13912345678；\n\
                    邮箱zhangsan@example.com，卡号6222021234567890128。";
        let expected = vec![
            (ResidentId, "11010519491231002X".to_owned(), 6),
            (Mobile, "13800138000".to_owned(), 27),
            (Mobile, "13912345678".to_owned(), 39),
            (Email, "zhangsan@example.com".to_owned(), 54),
            (BankCard, "6222021234567890128".to_owned(), 77),
        ];
        // Offsets count chars, not bytes: the first ID starts after 6 Chinese chars (18 bytes).
        assert_eq!(found(text), expected);
    }

    #[test]
    fn an_address_wins_over_the_number_inside_it() {
        let expected = vec![(Email, "13800138000@qq.com".to_owned(), 4)];
        assert_eq!(found("QQ邮箱13800138000@qq.com"), expected);
    }

    #[test]
    fn context_shows_twenty_chars_each_side_without_newlines() {
        let text = "第一行文字第一行文字第一行文字第一行文字第一行\n电话13800138000\r\n第二行文字第二行文字第二行文字第二行文字";
        let findings = scan(text);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].context,
            // 17 + newline + 电话 = 20 before; CR LF + 18 = 20 after.
            "一行文字第一行文字第一行文字第一行 电话13800138000  第二行文字第二行文字第二行文字第二行"
        );
        assert_eq!(scan("tel 13800138000")[0].context, "tel 13800138000");
    }

    #[test]
    fn kind_keys_and_labels() {
        use serde::de::IntoDeserializer;
        for kind in PiiKind::ALL {
            assert_eq!(PiiKind::parse(kind.as_str()), Some(kind));
            // The serde form is the same key, so the API and the database agree.
            let key: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                kind.as_str().into_deserializer();
            assert_eq!(PiiKind::deserialize(key), Ok(kind));
        }
        assert_eq!(PiiKind::parse("phone"), None);
        assert_eq!(ResidentId.label(), "居民身份证号码");
        assert_eq!(BankCard.label(), "银行卡号");
    }

    #[test]
    fn scans_a_megabyte_in_linear_time() {
        // Adversarial shapes for a backtracking scanner: long digit chains, separators and `@`s.
        let mut text = String::new();
        let mut repeats = 0;
        while text.len() < 1_000_000 {
            repeats += 1;
            text.push_str("政府信息公开 1 2 3 4 5 6 7 8 9 0 1234-5678-9012-");
            text.push_str("a@b@c@d.e.f 99999999999999999999999 13800138000 ");
        }
        let started = std::time::Instant::now();
        let findings = scan(&text);
        assert!(
            findings
                .iter()
                .all(|f| f.kind == Mobile && f.matched == "13800138000")
        );
        assert_eq!(findings.len(), repeats);
        // Generous even for an unoptimised build; a quadratic scan takes minutes.
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }
}
