//! Sites of the site group (站群) and their column trees (spec/websites.md).

crate::labelled_enum! {
    /// What a column holds.
    pub enum ColumnKind {
        /// A list of documents.
        List = ("list", "列表栏目"),
        /// A single page of text.
        Page = ("page", "单页栏目"),
        /// A link elsewhere.
        Link = ("link", "链接栏目"),
    }
}

/// Whether `slug` can name a site or column in a path: lowercase ASCII letters, digits and
/// hyphens, 1–40 characters, not starting or ending with a hyphen.
pub fn is_valid_slug(slug: &str) -> bool {
    (1..=40).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Whether `host` is a plausible DNS host name (`www.example.gov.cn`, `localhost`, with an
/// optional port).
pub fn is_valid_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (host, None),
    };
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Whether `code` is a 网站标识码: 10 characters, digits and uppercase letters (国办发〔2017〕47号
/// gives every government website one, shown in the footer).
pub fn is_valid_site_code(code: &str) -> bool {
    code.len() == 10
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Whether `text` is an address a public page may link to: an `http://` or `https://` URL of a
/// host name, with nothing a browser would run or misread (issue 15: a `javascript:` address
/// entered as 互联网联系方式 would run on a click).
pub fn is_web_address(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    is_valid_host(&host.to_ascii_lowercase())
        && tail
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

/// Whether `text` is a plain e-mail address (`gkb@example.gov.cn`).
pub fn is_email_address(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
                && domain.contains('.')
                && is_valid_host(&domain.to_ascii_lowercase())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_http_urls_only() {
        for ok in [
            "https://www.example.gov.cn/",
            "http://example.gov.cn",
            "https://EXAMPLE.gov.cn:8443/gk/index.html?a=1#x",
        ] {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " https://x.cn",
            "https://",
            "https://x.cn/\"><script>",
            "data:text/html,x",
            "//evil.example",
            "www.example.gov.cn",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
        assert!(is_email_address("gkb@example.gov.cn"));
        assert!(!is_email_address("javascript:x@y.cn"));
        assert!(!is_email_address("a@localhost"));
    }

    #[test]
    fn slugs() {
        for ok in ["mzj", "zwgk", "2024-notice", "a"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "Mzj", "民政", "a b", "a/b"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn hosts() {
        for ok in [
            "www.shili.gov.cn",
            "mzj.shili.gov.cn",
            "localhost",
            "127.0.0.1:8080",
        ] {
            assert!(is_valid_host(ok), "{ok}");
        }
        for bad in [
            "",
            "WWW.X.CN",
            "a..b",
            "-a.cn",
            "a.cn:",
            "a.cn:123456",
            "http://a.cn",
        ] {
            assert!(!is_valid_host(bad), "{bad}");
        }
    }

    #[test]
    fn site_codes() {
        // 国办发〔2017〕47号: the 网站标识码 has ten characters.
        assert!(is_valid_site_code("5101000001"));
        assert!(is_valid_site_code("BM14000001"));
        assert!(!is_valid_site_code("510100000"));
        assert!(!is_valid_site_code("51010000a1"));
    }
}
