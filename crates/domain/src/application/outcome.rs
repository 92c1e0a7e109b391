//! How an application ends: exactly one outcome with its ground, and these are exactly the rows of
//! the annual report's section 三 (国办公开办函〔2021〕30号; spec/annual-report.md). Each ground
//! carries its legal basis for the reply letter.

crate::labelled_enum! {
    /// The six result groups of the annual report.
    pub enum Outcome {
        /// （一）予以公开 (条例第三十六条第一、二项).
        Disclosed = ("disclosed", "予以公开"),
        /// （二）部分公开 (条例第三十七条).
        PartlyDisclosed = ("partly_disclosed", "部分公开"),
        /// （三）不予公开.
        Withheld = ("withheld", "不予公开"),
        /// （四）无法提供.
        CannotProvide = ("cannot_provide", "无法提供"),
        /// （五）不予处理.
        NotProcessed = ("not_processed", "不予处理"),
        /// （六）其他处理.
        Other = ("other", "其他处理"),
    }
}

crate::labelled_enum! {
    /// The ground of an outcome. The labels of 不予公开 … 其他处理 are the report's sub-rows,
    /// verbatim; 予以公开 has two forms of reply (条例第三十六条第一、二项) that both count in
    /// row （一）, and 部分公开 one.
    pub enum Ground {
        /// 条例第三十六条第一项: already proactively disclosed — the reply says where.
        AlreadyPublic = ("already_public", "已经主动公开，告知获取的方式和途径"),
        /// 条例第三十六条第二项: provided.
        Provided = ("provided", "向申请人提供该政府信息"),
        /// 条例第三十七条: 区分处理.
        Partial = ("partial", "区分处理，提供可以公开的部分"),
        /// 条例第十四条.
        StateSecret = ("state_secret", "属于国家秘密"),
        /// 条例第十四条.
        LawProhibits = ("law_prohibits", "其他法律行政法规禁止公开"),
        /// 条例第十四条.
        ThreeSecurities = ("three_securities", "危及“三安全一稳定”"),
        /// 条例第十五条.
        ThirdParty = ("third_party", "保护第三方合法权益"),
        /// 条例第十六条第一款.
        InternalAffairs = ("internal_affairs", "属于三类内部事务信息"),
        /// 条例第十六条第二款.
        ProcessInformation = ("process_information", "属于四类过程性信息"),
        /// 条例第十六条第二款.
        EnforcementFiles = ("enforcement_files", "属于行政执法案卷"),
        /// 行政查询事项.
        QueryMatter = ("query_matter", "属于行政查询事项"),
        /// 条例第三十六条第四项 (the information does not exist); a reply under 第五项 (another
        /// agency is responsible, [`HELD_ELSEWHERE`]) counts here too.
        NotHeld = ("not_held", "本机关不掌握相关政府信息"),
        /// 条例第三十八条.
        NeedsCreating = ("needs_creating", "没有现成信息需要另行制作"),
        /// 条例第三十条.
        StillUnclear = ("still_unclear", "补正后申请内容仍不明确"),
        /// 条例第三十九条第一款.
        Petition = ("petition", "信访举报投诉类申请"),
        /// 条例第三十六条第六项.
        Repeated = ("repeated", "重复申请"),
        /// 条例第三十九条第二款.
        Publication = ("publication", "要求提供公开出版物"),
        /// 条例第三十五条.
        MassRepeated = ("mass_repeated", "无正当理由大量反复申请"),
        /// 要求确认或重新出具 (not a request for government information, 条例第二条).
        Confirmation = ("confirmation", "要求行政机关确认或重新出具已获取信息"),
        /// 条例第三十条: no correction in time.
        CorrectionLapsed = ("correction_lapsed", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        /// 国办函〔2020〕109号: fee not paid in time.
        FeeLapsed = ("fee_lapsed", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        /// Anything else, including withdrawal by the applicant.
        OtherHandling = ("other_handling", "其他"),
    }
}

impl Ground {
    /// The outcome this ground belongs to.
    pub fn outcome(self) -> Outcome {
        use Ground::*;
        match self {
            AlreadyPublic | Provided => Outcome::Disclosed,
            Partial => Outcome::PartlyDisclosed,
            StateSecret | LawProhibits | ThreeSecurities | ThirdParty | InternalAffairs
            | ProcessInformation | EnforcementFiles | QueryMatter => Outcome::Withheld,
            NotHeld | NeedsCreating | StillUnclear => Outcome::CannotProvide,
            Petition | Repeated | Publication | MassRepeated | Confirmation => {
                Outcome::NotProcessed
            }
            CorrectionLapsed | FeeLapsed | OtherHandling => Outcome::Other,
        }
    }

    /// The legal basis stated in the reply letter.
    pub fn basis(self) -> &'static str {
        use Ground::*;
        match self {
            AlreadyPublic => "《中华人民共和国政府信息公开条例》第三十六条第一项",
            Provided => "《中华人民共和国政府信息公开条例》第三十六条第二项",
            Partial => "《中华人民共和国政府信息公开条例》第三十七条",
            StateSecret | LawProhibits | ThreeSecurities => {
                "《中华人民共和国政府信息公开条例》第十四条、第三十六条第三项"
            }
            ThirdParty => "《中华人民共和国政府信息公开条例》第十五条、第三十六条第三项",
            InternalAffairs => "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第三项",
            ProcessInformation | EnforcementFiles => {
                "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第三项"
            }
            QueryMatter => "《中华人民共和国政府信息公开条例》第三十六条第七项",
            NotHeld => "《中华人民共和国政府信息公开条例》第三十六条第四项",
            NeedsCreating => "《中华人民共和国政府信息公开条例》第三十八条",
            StillUnclear | CorrectionLapsed => "《中华人民共和国政府信息公开条例》第三十条",
            Petition => "《中华人民共和国政府信息公开条例》第三十九条第一款",
            Repeated => "《中华人民共和国政府信息公开条例》第三十六条第六项",
            Publication => "《中华人民共和国政府信息公开条例》第三十九条第二款",
            MassRepeated => "《中华人民共和国政府信息公开条例》第三十五条",
            Confirmation => "《中华人民共和国政府信息公开条例》第二条",
            FeeLapsed => "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
            OtherHandling => "《中华人民共和国政府信息公开条例》",
        }
    }

    /// The number of the report row: （一）, （二）, or `（三）4` for a sub-row.
    pub fn report_row(self) -> String {
        let outcome = self.outcome();
        let group = match outcome {
            Outcome::Disclosed => return "（一）".to_owned(),
            Outcome::PartlyDisclosed => return "（二）".to_owned(),
            Outcome::Withheld => "（三）",
            Outcome::CannotProvide => "（四）",
            Outcome::NotProcessed => "（五）",
            Outcome::Other => "（六）",
        };
        let position = Ground::ALL
            .iter()
            .filter(|g| g.outcome() == outcome)
            .position(|g| *g == self)
            .unwrap_or(0);
        format!("{group}{}", position + 1)
    }

    /// The grounds of `outcome`, in the report's order.
    pub fn of(outcome: Outcome) -> impl Iterator<Item = Ground> {
        Ground::ALL
            .iter()
            .copied()
            .filter(move |g| g.outcome() == outcome)
    }

    /// What the closing record must also say (部分公开: what was withheld and why; 本机关不掌握:
    /// the agency that holds it, when known; 予以公开 already public: where), as a field hint.
    pub fn detail_prompt(self) -> Option<&'static str> {
        match self {
            Ground::AlreadyPublic => Some("已主动公开的位置（网址、栏目或文号）"),
            Ground::Partial => Some("不予公开的部分及其理由（条例第三十七条）"),
            Ground::NotHeld => Some("检索的范围和结果"),
            Ground::ThirdParty => Some("第三方不同意公开的理由"),
            _ => None,
        }
    }

    /// Whether the detail is required for this ground.
    pub fn detail_required(self) -> bool {
        matches!(self, Ground::AlreadyPublic | Ground::Partial)
    }
}

/// The form value of a reply under 条例第三十六条第五项: the information is not this agency's to
/// disclose, and the agency that is responsible is named with its contact. It is a reply of its own
/// (a different decision from 第四项, "does not exist") but counts in the report's row （四）1
/// 本机关不掌握相关政府信息 (国办公开办函〔2021〕30号), as [`Ground::NotHeld`].
pub const HELD_ELSEWHERE: &str = "held_elsewhere";

/// The legal basis of a reply under 条例第三十六条第五项.
pub const HELD_ELSEWHERE_BASIS: &str = "《中华人民共和国政府信息公开条例》第三十六条第五项";

/// The agency responsible for information this agency does not hold (条例第三十六条第五项).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Holder {
    /// Its name.
    pub name: String,
    /// How to reach it (phone, address or web address).
    pub contact: String,
}

impl Holder {
    /// The agency named by a 第五项 reply, or the fields that are missing: 第五项 requires the
    /// responsible agency's 名称 and 联系方式 (this platform replies under it only when the
    /// agency is known; otherwise the reply is 第四项).
    pub fn check(name: &str, contact: &str) -> Result<Holder, Vec<(&'static str, &'static str)>> {
        let mut missing = Vec::new();
        if name.trim().is_empty() {
            missing.push((
                "holder",
                "请填写负责公开该政府信息的行政机关名称（条例第三十六条第五项）",
            ));
        }
        if contact.trim().is_empty() {
            missing.push((
                "holder_contact",
                "请填写该行政机关的联系方式（条例第三十六条第五项）",
            ));
        }
        if missing.is_empty() {
            Ok(Holder {
                name: name.trim().to_owned(),
                contact: contact.trim().to_owned(),
            })
        } else {
            Err(missing)
        }
    }
}

/// The form value of a reply under 条例第三十六条第七项 (a register with its own access rules,
/// such as 工商 or 不动产登记资料): not a row of its own in the annual report; each agency maps it
/// to one of [`special_register_rows`].
pub const SPECIAL_REGISTER: &str = "special_register";

/// The legal basis of a reply under 条例第三十六条第七项.
pub const SPECIAL_REGISTER_BASIS: &str = "《中华人民共和国政府信息公开条例》第三十六条第七项";

/// The rows an agency may count a 第三十六条第七项 reply in: 不予处理 (one of its sub-rows) or
/// 其他处理·其他 (spec/applications.md, configurable).
pub fn special_register_rows() -> Vec<Ground> {
    Ground::of(Outcome::NotProcessed)
        .chain([Ground::OtherHandling])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grounds_are_exactly_the_annual_report_rows() {
        // 国办公开办函〔2021〕30号, section 三: 8 + 3 + 5 + 3 sub-rows under （三）…（六）.
        let count = |o| Ground::of(o).count();
        assert_eq!(count(Outcome::Withheld), 8);
        assert_eq!(count(Outcome::CannotProvide), 3);
        assert_eq!(count(Outcome::NotProcessed), 5);
        assert_eq!(count(Outcome::Other), 3);
        assert_eq!(Ground::ThreeSecurities.label(), "危及“三安全一稳定”");
        assert_eq!(Ground::ThreeSecurities.report_row(), "（三）3");
        assert_eq!(Ground::Confirmation.report_row(), "（五）5");
        assert_eq!(Ground::FeeLapsed.report_row(), "（六）2");
        assert_eq!(Ground::Provided.report_row(), "（一）");
        assert_eq!(Ground::Partial.report_row(), "（二）");
    }

    #[test]
    fn a_special_register_reply_counts_under_not_processed_or_other() {
        // spec/applications.md: 第三十六条第七项 counts under 不予处理 or 其他处理 3.
        let rows = special_register_rows();
        assert_eq!(rows.len(), 6);
        assert!(
            rows.iter()
                .all(|g| matches!(g.outcome(), Outcome::NotProcessed | Outcome::Other))
        );
        assert_eq!(
            rows.last().map(|g| g.report_row()),
            Some("（六）3".to_owned())
        );
    }

    #[test]
    fn not_existing_and_held_elsewhere_are_different_decisions_counted_in_one_row() {
        // 条例第三十六条第四项 (不存在) and 第五项 (不属于本机关负责公开) are separate decisions;
        // 国办公开办函〔2021〕30号 counts both in （四）1 本机关不掌握相关政府信息.
        assert!(Ground::NotHeld.basis().ends_with("第三十六条第四项"));
        assert!(!Ground::NotHeld.basis().contains("第五项"));
        assert!(HELD_ELSEWHERE_BASIS.ends_with("第三十六条第五项"));
        assert_eq!(Ground::NotHeld.report_row(), "（四）1");
        // 第五项 names the responsible agency and its contact.
        assert_eq!(
            Holder::check(" ", "")
                .unwrap_err()
                .iter()
                .map(|e| e.0)
                .collect::<Vec<_>>(),
            ["holder", "holder_contact"]
        );
        assert_eq!(
            Holder::check("示例市自然资源局", "").unwrap_err()[0].0,
            "holder_contact"
        );
        let h = Holder::check(" 示例市自然资源局 ", "0000-12345678").unwrap();
        assert_eq!(h.name, "示例市自然资源局");
    }

    #[test]
    fn every_ground_states_its_article() {
        // 条例第三十六条: the reply states the legal basis.
        for g in Ground::ALL {
            assert!(g.basis().contains('《'), "{g}");
        }
        assert!(Ground::Partial.basis().contains("第三十七条"));
        assert!(Ground::NeedsCreating.basis().contains("第三十八条"));
        assert!(Ground::Petition.basis().contains("第三十九条"));
        assert!(Ground::MassRepeated.basis().contains("第三十五条"));
        assert!(Ground::StillUnclear.basis().contains("第三十条"));
        assert!(Ground::Partial.detail_required());
    }
}
