//! The closed lists of the catalogue: 文种, 公开方式 and the document's legal kind.

crate::labelled_enum! {
    /// 体裁 / 文种: the genre of an official document (spec/catalogue.md).
    pub enum Genre {
        Notice = ("notice", "通知"),
        Opinion = ("opinion", "意见"),
        Decision = ("decision", "决定"),
        Measures = ("measures", "办法"),
        Provisions = ("provisions", "规定"),
        Announcement = ("announcement", "公告"),
        Circular = ("circular", "通告"),
        Report = ("report", "报告"),
        Reply = ("reply", "批复"),
        Letter = ("letter", "函"),
        Other = ("other", "其他"),
    }
}

crate::labelled_enum! {
    /// 公开方式: how the information is disclosed (条例第十九条、第二十七条).
    pub enum DisclosureMode {
        /// Published by the agency on its own initiative.
        Proactive = ("proactive", "主动公开"),
        /// Given only to applicants; nothing of it appears on a public page.
        OnRequest = ("on_request", "依申请公开"),
        /// Not disclosed (条例第十四、十五、十六条).
        Withheld = ("withheld", "不予公开"),
    }
}

crate::labelled_enum! {
    /// Whether a document is a 规章, a 行政规范性文件 or neither: the annual report (section 二)
    /// counts the first two.
    pub enum LegalKind {
        Rule = ("rule", "规章"),
        Normative = ("normative", "行政规范性文件"),
        Other = ("other", "其他文件"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genres_are_the_eleven_of_the_catalogue() {
        let labels: Vec<_> = Genre::ALL.iter().map(|g| g.label()).collect();
        assert_eq!(
            labels,
            [
                "通知", "意见", "决定", "办法", "规定", "公告", "通告", "报告", "批复", "函",
                "其他"
            ]
        );
        assert_eq!(Genre::parse("批复"), Some(Genre::Reply));
        assert_eq!(
            DisclosureMode::parse("依申请公开"),
            Some(DisclosureMode::OnRequest)
        );
        assert_eq!(LegalKind::parse("normative"), Some(LegalKind::Normative));
    }
}
