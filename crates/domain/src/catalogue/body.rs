//! Rules on the body HTML of a document. Bodies are sanitised to an allow-list when stored;
//! active content is refused outright so that the editor learns it will not be published.

/// The first kind of active content found in `html` (script, event handler, `javascript:`
/// URL, embedded frame or object), named in Chinese, or `None`.
pub fn find_active_content(html: &str) -> Option<&'static str> {
    let lower = html.to_lowercase();
    let tag_patterns: [(&str, &'static str); 7] = [
        ("<script", "脚本"),
        ("<iframe", "内嵌框架"),
        ("<frame", "内嵌框架"),
        ("<object", "嵌入对象"),
        ("<embed", "嵌入对象"),
        ("<applet", "嵌入对象"),
        ("<form", "表单"),
    ];
    for (pattern, name) in tag_patterns {
        if lower.contains(pattern) {
            return Some(name);
        }
    }
    // Script URLs are looked for inside tags only: a text that mentions the word
    // "javascript:" is not a script (issue 15). Entities and white space inside the tag are
    // undone first, as a browser would read the attribute (`java&#115;cript:`, `java script:`).
    for tag in tags(&lower) {
        let compact: String = html_to_text(&decode_numeric_entities(tag))
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        if compact.contains("javascript:") || compact.contains("vbscript:") {
            return Some("脚本链接");
        }
    }
    if has_event_handler(&lower) {
        return Some("事件脚本");
    }
    None
}

/// The text of an HTML body, for the personal-data scan and search: tags dropped, block ends
/// turned into line breaks, the common entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let raw = &rest[start + 1..start + end];
        let closing = raw.starts_with('/');
        let tag = raw.trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let block = matches!(
            name.as_str(),
            "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table"
        );
        if name == "br" || (block && closing) {
            out.push('\n');
        } else if !closing && matches!(name.as_str(), "td" | "th") {
            out.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Escapes text for HTML, in text and in quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The inside of every tag of `html` (between `<` and `>`).
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split_once('>').map_or(rest, |(tag, _)| tag))
}

/// `&#115;` and `&#x73;` turned into their characters (inside tags, where browsers decode them
/// in attribute values).
fn decode_numeric_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("&#") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let (digits, radix) = match after.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (after, 10),
        };
        let len = digits
            .chars()
            .take_while(|c| c.is_digit(radix))
            .map(char::len_utf8)
            .sum::<usize>();
        let decoded = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32);
        match decoded {
            Some(c) if len > 0 => {
                out.push(c);
                let consumed = after.len() - digits.len() + len;
                rest = after[consumed..]
                    .strip_prefix(';')
                    .unwrap_or(&after[consumed..]);
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a tag carries an `on…=` attribute.
fn has_event_handler(lower: &str) -> bool {
    let mut in_tag = false;
    let bytes = lower.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag
                && i > 0
                && (bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'/') =>
            {
                let rest = &bytes[i..];
                if rest.len() > 3 && rest[1] == b'n' && rest[2].is_ascii_alphabetic() {
                    let name_end = rest
                        .iter()
                        .position(|c| !c.is_ascii_alphabetic())
                        .unwrap_or(rest.len());
                    let after = rest[name_end..].iter().find(|c| !c.is_ascii_whitespace());
                    if after == Some(&b'=') {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_active_content() {
        for (html, what) in [
            ("<p>a</p><SCRIPT>alert(1)</SCRIPT>", "脚本"),
            ("<img src=x onerror=alert(1)>", "事件脚本"),
            ("<p ONCLICK = \"x()\">", "事件脚本"),
            ("<a href=\"java script:x\">", "脚本链接"),
            ("<a href=\"JavaScript:alert(1)\">", "脚本链接"),
            ("<iframe src=//evil>", "内嵌框架"),
            ("<a href=\"java&#115;cript:alert(1)\">x</a>", "脚本链接"),
            ("<a href=\"&#x6A;avascript:alert(1)\">x</a>", "脚本链接"),
            ("<a href=\"java\tscript:x\">", "脚本链接"),
        ] {
            assert_eq!(find_active_content(html), Some(what), "{html}");
        }
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>联系电话：<b>13800138000</b></p><p>a&amp;b&nbsp;c</p>"),
            "联系电话：13800138000\na&b c\n"
        );
        assert_eq!(
            html_to_text("<table><tr><td>1</td><td>2</td></tr></table>"),
            " 1 2\n\n"
        );
    }

    #[test]
    fn ordinary_bodies_pass() {
        for html in [
            "<p>各区县民政局：</p><table><tr><td>online 申请</td></tr></table>",
            "<p>联系人 one=1</p>",
            "<a href=\"https://www.gov.cn/\">中国政府网</a>",
            // Issue 15: a text may mention the word; only a link can run it.
            "<p>javascript: alert(1)</p>",
            "<p>请勿点击以 javascript: 开头的链接</p><p>&#38;#106;</p>",
        ] {
            assert_eq!(find_active_content(html), None, "{html}");
        }
    }
}
