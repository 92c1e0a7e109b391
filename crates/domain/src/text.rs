//! Rules on any text a person types into the platform.

/// The first character of `text` that no form field may hold, if any: control characters
/// (C0 other than tab and line breaks, DEL, C1) — PostgreSQL refuses a NUL in text, and none of
/// them is ever typed on purpose — and the bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), with which a name or title can be made to read differently from what it is
/// ("Trojan Source"). Issue 15.
pub fn forbidden_char(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// The message for a field holding `c`.
pub fn forbidden_char_message(c: char) -> String {
    format!(
        "含有不可见的控制字符（U+{:04X}），请删除后重新填写",
        u32::from(c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_refused() {
        for bad in [
            "a\0b",
            "标题\u{1b}[31m",
            "\u{7f}",
            "\u{85}",
            "abc\u{202E}fdp.exe",
            "\u{2066}名称",
        ] {
            assert!(forbidden_char(bad).is_some(), "{bad:?}");
        }
        for ok in [
            "多行\n文本\r\n\t缩进",
            "关于印发《办法》的通知",
            "ناھىيە",
            "",
        ] {
            assert_eq!(forbidden_char(ok), None, "{ok:?}");
        }
        assert_eq!(
            forbidden_char_message('\0'),
            "含有不可见的控制字符（U+0000），请删除后重新填写"
        );
    }
}
