//! Agency identifying codes: the 18-character 统一社会信用代码 (GB 32100-2015) and the older
//! 9-character 组织机构代码 (GB 11714-1997) that many agencies still print in their 索引号.
//!
//! Both carry a check character, so a mistyped code is caught when the agency is set up rather
//! than years later in every 索引号 it was used to build.

use serde::{Deserialize, Serialize};

/// Characters allowed in a 统一社会信用代码, in the order of their numeric value
/// (GB 32100-2015 表 1: the Latin letters I, O, Z, S and V are left out to avoid confusion
/// with digits).
const CREDIT_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of the eight body characters of a 组织机构代码 (GB 11714-1997 §5).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11714-1997 §5, C9 = 11 − (Σ mod 11) with 10 → `X` and 11 → `0`, tabulated by Σ mod 11.
const ORG_CHECK: [char; 11] = ['0', 'X', '9', '8', '7', '6', '5', '4', '3', '2', '1'];

/// A validated, normalised agency code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgencyCode {
    /// 统一社会信用代码: 18 characters, upper case.
    UnifiedCredit(String),
    /// 组织机构代码: 9 characters, upper case, without the hyphen before the check character.
    Organisation(String),
}

impl AgencyCode {
    /// The normalised code, as it is written inside a 索引号 (`000014349`, not `00001434-9`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::UnifiedCredit(code) | Self::Organisation(code) => code,
        }
    }
}

impl std::fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an agency code was rejected; the Display text is shown to staff as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Nothing was entered.
    #[error("机构代码不能为空")]
    Empty,
    /// The code has neither 18 nor 9 characters (the count excludes an org code's hyphen).
    #[error("机构代码长度为 {0} 位，应为 18 位统一社会信用代码或 9 位组织机构代码")]
    WrongLength(usize),
    /// A character that the code's standard does not allow at that place.
    #[error("机构代码含有不允许的字符“{0}”")]
    InvalidCharacter(char),
    /// The check character does not match the body: the code was mistyped.
    #[error("机构代码校验位错误：应为 {expected}，实为 {found}，请核对代码是否抄错")]
    WrongCheckCharacter {
        /// The check character computed from the body.
        expected: char,
        /// The check character that was entered.
        found: char,
    },
}

/// Parses and validates a 统一社会信用代码 or 组织机构代码.
///
/// Surrounding whitespace is ignored, letters are upper-cased and full-width characters (as
/// typed with a Chinese input method) are read as their ASCII forms. An org code may carry the
/// hyphen it is printed with (`00001434-9`); it is dropped.
///
/// The org code embedded at positions 9–17 of a credit code is deliberately not checked: the
/// credit code's own check character already covers every position, and refusing a code that
/// the registration authority issued would leave the agency unable to number its documents.
pub fn parse_agency_code(input: &str) -> Result<AgencyCode, CodeError> {
    let mut chars: Vec<char> = input.trim().chars().map(to_ascii_upper).collect();
    if chars.is_empty() {
        return Err(CodeError::Empty);
    }
    if chars.len() == 10 && chars[8] == '-' {
        chars.remove(8);
    }
    let credit = match chars.len() {
        18 => true,
        9 => false,
        n => return Err(CodeError::WrongLength(n)),
    };
    let (body, found) = chars.split_at(chars.len() - 1);
    let expected = if credit {
        credit_check(body)
    } else {
        org_check(body)
    }
    .map_err(CodeError::InvalidCharacter)?;
    let found = found[0];
    if found == expected {
        let code: String = chars.into_iter().collect();
        Ok(if credit {
            AgencyCode::UnifiedCredit(code)
        } else {
            AgencyCode::Organisation(code)
        })
    } else if found.is_ascii_digit() || found.is_ascii_uppercase() {
        Err(CodeError::WrongCheckCharacter { expected, found })
    } else {
        Err(CodeError::InvalidCharacter(found))
    }
}

/// The check character (position 18) of a 统一社会信用代码 whose first 17 characters are given,
/// or `None` if `first17` is not 17 characters of the code's character set.
///
/// GB 32100-2015 §4 and 附录 A: C18 = 31 − (Σ Ci·Wi mod 31), Wi = 3^(i−1) mod 31, and a result
/// of 31 is written as 0.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let body: Vec<char> = first17.chars().map(to_ascii_upper).collect();
    (body.len() == 17)
        .then(|| credit_check(&body).ok())
        .flatten()
}

/// The check character (position 9) of a 组织机构代码 whose first 8 characters are given, or
/// `None` if `first8` is not 8 characters of `0-9A-Z`.
///
/// GB 11714-1997 §5: C9 = 11 − (Σ Ci·Wi mod 11); 10 is written `X` and 11 is written `0`.
pub fn org_code_check_char(first8: &str) -> Option<char> {
    let body: Vec<char> = first8.chars().map(to_ascii_upper).collect();
    (body.len() == 8).then(|| org_check(&body).ok()).flatten()
}

/// The credit-code check character over a 17-character body, or the first character outside
/// the charset.
fn credit_check(body: &[char]) -> Result<char, char> {
    let mut sum = 0;
    let mut weight = 1;
    for &c in body {
        sum += credit_value(c).ok_or(c)? * weight;
        weight = weight * 3 % 31;
    }
    let check = (31 - sum % 31) % 31;
    Ok(char::from(CREDIT_CHARSET[check as usize]))
}

/// The org-code check character over an 8-character body, or the first character outside
/// `0-9A-Z`.
fn org_check(body: &[char]) -> Result<char, char> {
    let mut sum = 0;
    for (&c, weight) in body.iter().zip(ORG_WEIGHTS) {
        sum += org_value(c).ok_or(c)? * weight;
    }
    Ok(ORG_CHECK[(sum % 11) as usize])
}

/// The numeric value of a credit-code character (its index in [`CREDIT_CHARSET`]).
fn credit_value(c: char) -> Option<u32> {
    let byte = u8::try_from(c).ok()?;
    let index = CREDIT_CHARSET.iter().position(|&b| b == byte)?;
    u32::try_from(index).ok()
}

/// The numeric value of an org-code body character: digits 0–9, letters A=10 … Z=35.
fn org_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() || c.is_ascii_uppercase() {
        c.to_digit(36)
    } else {
        None
    }
}

/// Upper-cases ASCII letters and folds full-width forms (U+FF01–U+FF5E) to ASCII, because
/// codes copied from Chinese documents or typed with an IME often arrive as `９１３５…`.
fn to_ascii_upper(c: char) -> char {
    let c = match u32::from(c) {
        cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_unified_credit_codes() {
        // GB 32100-2015 §4: the 18th character is the check character over the first 17.
        // Both spec examples check, and so do their embedded org codes (GB 11714-1997 §5).
        // The last one is computed: its positions 9–17 (MA01C3P40) do not check as an org code
        // (that would need a 3) and it is accepted all the same.
        for code in [
            "91350100M000100Y43",
            "11441700007280420Y",
            "91110108MA01C3P406",
        ] {
            assert_eq!(
                parse_agency_code(code),
                Ok(AgencyCode::UnifiedCredit(code.to_owned())),
                "{code}"
            );
        }
        assert_eq!(org_code_check_char("M000100Y"), Some('4'));
        assert_eq!(org_code_check_char("00728042"), Some('0'));
        assert_eq!(org_code_check_char("MA01C3P4"), Some('3'));
    }

    #[test]
    fn computes_check_characters() {
        // GB 32100-2015 附录 A: 3^i mod 31 weights, check value mapped through the charset.
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(credit_code_check_char("11441700007280420"), Some('Y'));
        assert_eq!(credit_code_check_char("1144170000728042"), None);
        assert_eq!(credit_code_check_char("114417000072804200"), None);
        // I, O, S, V and Z are not in the credit-code character set.
        assert_eq!(credit_code_check_char("9135010OM000100Y4"), None);
        // GB 11714-1997 §5: weights 3,7,9,10,5,8,4,2; 10 → X, 11 → 0.
        assert_eq!(org_code_check_char("00001434"), Some('9'));
        assert_eq!(org_code_check_char("D2143569"), Some('X'));
        assert_eq!(org_code_check_char("00728042"), Some('0'));
        assert_eq!(org_code_check_char("0000143"), None);
        assert_eq!(org_code_check_char("0000143*"), None);
    }

    #[test]
    fn accepts_organisation_codes_with_or_without_hyphen() {
        // GB 11714-1997: the code is printed as 8 characters, a hyphen and the check character;
        // the spec's 索引号 example `000014349/2017-00110` writes it without the hyphen.
        let expected = Ok(AgencyCode::Organisation("000014349".to_owned()));
        assert_eq!(parse_agency_code("000014349"), expected);
        assert_eq!(parse_agency_code("00001434-9"), expected);
        assert_eq!(parse_agency_code("  00001434-9\n"), expected);
        assert_eq!(
            parse_agency_code("d2143569-x")
                .map(|c| c.to_string())
                .as_deref(),
            Ok("D2143569X")
        );
    }

    #[test]
    fn normalises_case_and_full_width_input() {
        let expected = Ok(AgencyCode::UnifiedCredit("91350100M000100Y43".to_owned()));
        assert_eq!(parse_agency_code("91350100m000100y43"), expected);
        assert_eq!(
            parse_agency_code(" ９１３５０１００Ｍ０００１００Ｙ４３ "),
            expected
        );
        assert_eq!(
            parse_agency_code("11441700007280420y")
                .as_ref()
                .map(AgencyCode::as_str),
            Ok("11441700007280420Y")
        );
    }

    #[test]
    fn rejects_bad_codes_with_a_reason() {
        let cases: &[(&str, CodeError)] = &[
            ("", CodeError::Empty),
            ("   ", CodeError::Empty),
            ("0000143", CodeError::WrongLength(7)),
            ("9135010M000100Y43", CodeError::WrongLength(17)),
            ("0000-14349", CodeError::WrongLength(10)),
            // GB 32100-2015 §4: a wrong check character.
            (
                "91350100M000100Y44",
                CodeError::WrongCheckCharacter {
                    expected: '3',
                    found: '4',
                },
            ),
            (
                "11441700007280420X",
                CodeError::WrongCheckCharacter {
                    expected: 'Y',
                    found: 'X',
                },
            ),
            // GB 11714-1997 §5: a wrong check character, with and without hyphen.
            (
                "000014348",
                CodeError::WrongCheckCharacter {
                    expected: '9',
                    found: '8',
                },
            ),
            (
                "00001434-X",
                CodeError::WrongCheckCharacter {
                    expected: '9',
                    found: 'X',
                },
            ),
            // GB 32100-2015 表 1 leaves out I, O, S, V, Z.
            ("91350100O000100Y43", CodeError::InvalidCharacter('O')),
            ("0000143*9", CodeError::InvalidCharacter('*')),
            ("00001434*", CodeError::InvalidCharacter('*')),
        ];
        for (input, error) in cases {
            assert_eq!(parse_agency_code(input).as_ref(), Err(error), "{input:?}");
        }
    }

    #[test]
    fn messages_are_in_chinese() {
        let error = CodeError::WrongCheckCharacter {
            expected: '3',
            found: '4',
        };
        assert_eq!(
            error.to_string(),
            "机构代码校验位错误：应为 3，实为 4，请核对代码是否抄错"
        );
        assert_eq!(
            CodeError::WrongLength(7).to_string(),
            "机构代码长度为 7 位，应为 18 位统一社会信用代码或 9 位组织机构代码"
        );
        assert_eq!(
            CodeError::InvalidCharacter('O').to_string(),
            "机构代码含有不允许的字符“O”"
        );
    }
}
