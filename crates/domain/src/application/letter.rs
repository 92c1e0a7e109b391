//! Notices and the reply letter (spec/applications.md, “The reply (答复书) and delivery”): their
//! kinds, the placeholders an agency's template may use, the shipped default texts, the decision
//! paragraph of each ground and the remedies sentence. Templates are plain text with `{名称}`
//! placeholders, one paragraph a line, so that staff can edit them without learning a language.

use std::collections::BTreeMap;

use super::outcome::Ground;

crate::labelled_enum! {
    /// The documents a case produces, each from the event that needs it.
    pub enum LetterKind {
        /// 答复书: every closed application (条例第三十六条).
        Reply = ("reply", "答复书"),
        /// 补正告知书 (条例第三十条).
        Correction = ("correction", "补正告知书"),
        /// 延期答复告知书 (条例第三十三条第二款).
        Extension = ("extension", "延期答复告知书"),
        /// 征求第三方意见函 (条例第三十二条、第三十四条).
        Consultation = ("consultation", "征求第三方意见函"),
        /// 收费通知书 (条例第四十二条; 国办函〔2020〕109号).
        Fee = ("fee", "收费通知书"),
    }
}

/// The remedies sentence every reply states (条例第五十一条; 行政复议法第二十条: 60 days;
/// 行政诉讼法第四十六条: 6 months), naming the 行政复议机关 and the court the agency set (in
/// general terms while it has not).
pub fn remedies(review_body: &str, court: &str) -> String {
    let review = match review_body.trim() {
        "" => "依法申请行政复议".to_owned(),
        body => format!("向{body}申请行政复议"),
    };
    let sue = match court.trim() {
        "" => "依法向人民法院提起行政诉讼".to_owned(),
        court => format!("向{court}提起行政诉讼"),
    };
    format!(
        "如对本答复不服，可以自收到本答复书之日起六十日内{review}，或者自收到本答复书之日起六个月内{sue}。"
    )
}

/// How a letter addresses the applicant: 你 for a natural person, 你单位 for a legal person or
/// other organisation (公文 usage; never the form-like {你}).
pub fn addressee(kind: super::applicant::ApplicantKind) -> &'static str {
    if kind == super::applicant::ApplicantKind::NaturalPerson {
        "你"
    } else {
        "你单位"
    }
}

/// One placeholder: its name in templates and what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    /// The name written between braces.
    pub name: &'static str,
    /// What staff see next to it in the editor.
    pub hint: &'static str,
}

const fn p(name: &'static str, hint: &'static str) -> Placeholder {
    Placeholder { name, hint }
}

const COMMON: &[Placeholder] = &[
    p("机关名称", "本机关全称"),
    p("收到日期", "收到申请之日（条例第三十一条）"),
    p("申请内容", "申请人所需政府信息的描述"),
    p("受理编号", "本机关的受理编号"),
    p("文号", "本文书的文号"),
    p("日期", "本文书的日期"),
    p("联系部门", "政府信息公开工作机构"),
    p("联系电话", "政府信息公开工作机构的电话"),
    p("联系地址", "政府信息公开工作机构的地址"),
];

const TO_APPLICANT: &[Placeholder] = &[
    p("申请人", "申请人姓名或名称"),
    p(
        "你",
        "对申请人的称呼：自然人为“你”，法人或其他组织为“你单位”",
    ),
];

const REPLY: &[Placeholder] = &[
    p("办理结果", "办理结果及理由，如：不予公开·属于国家秘密"),
    p("决定", "按办理结果生成的答复正文，已含法律依据"),
    p("法律依据", "办理结果的法律依据"),
    p(
        "说明",
        "办理时记录的说明（已主动公开的位置、不予公开的部分及理由等）",
    ),
    p("救济途径", "行政复议60日、行政诉讼6个月的告知（必须保留）"),
];

const CORRECTION: &[Placeholder] = &[
    p("补正事项", "需要补正的事项（一次性告知）"),
    p("补正期限", "补正期限（工作日数）"),
    p("补正截止日期", "补正期限的最后一日"),
];

const EXTENSION: &[Placeholder] = &[
    p("延期理由", "延期的理由"),
    p("延期天数", "延长的工作日数"),
    p("原答复期限", "延期前的答复期限"),
    p("延长后答复期限", "延期后的答复期限"),
];

const CONSULTATION: &[Placeholder] = &[
    p("第三方", "被征求意见的第三方或机关"),
    p("征求事项", "征求意见的事项"),
    p("答复截止日期", "第三方提出意见的最后一日（15个工作日）"),
];

const FEE: &[Placeholder] = &[
    p("计收方式", "按件计收或按量计收"),
    p("收费标准", "所选计收方式的标准"),
    p("收费金额", "金额（元）"),
    p("缴费期限", "缴费期限的最后一日（通知送达次日起20个工作日）"),
    p("缴费方式", "本机关设置的缴费方式"),
];

impl LetterKind {
    /// The full title printed on the document.
    pub fn title(self) -> &'static str {
        match self {
            LetterKind::Reply => "政府信息公开申请答复书",
            LetterKind::Correction => "政府信息公开申请补正告知书",
            LetterKind::Extension => "政府信息公开申请延期答复告知书",
            LetterKind::Consultation => "政府信息公开征求第三方意见函",
            LetterKind::Fee => "政府信息公开信息处理费收费通知书",
        }
    }

    /// The kind of event that calls for this document (the reply: any closing event).
    pub fn for_event(kind: &str) -> Option<LetterKind> {
        match kind {
            "replied" | "withdrawn" => Some(LetterKind::Reply),
            "correction_requested" => Some(LetterKind::Correction),
            "extension_granted" => Some(LetterKind::Extension),
            "consultation_sent" => Some(LetterKind::Consultation),
            "fee_notice_served" => Some(LetterKind::Fee),
            _ => None,
        }
    }

    /// Every placeholder a template of this kind may use. The consultation letter goes to a third
    /// party and never names the applicant.
    pub fn placeholders(self) -> Vec<Placeholder> {
        let own: &[Placeholder] = match self {
            LetterKind::Reply => REPLY,
            LetterKind::Correction => CORRECTION,
            LetterKind::Extension => EXTENSION,
            LetterKind::Consultation => CONSULTATION,
            LetterKind::Fee => FEE,
        };
        let mut all = Vec::new();
        if self != LetterKind::Consultation {
            all.extend_from_slice(TO_APPLICANT);
        }
        all.extend_from_slice(COMMON);
        all.extend_from_slice(own);
        all
    }

    /// The placeholders a template must keep: what the law requires the document to say.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            // 条例第三十六条: the decision with its basis; the remedies.
            LetterKind::Reply => &["决定", "救济途径"],
            // 条例第三十条: once and completely, with a reasonable period.
            LetterKind::Correction => &["补正事项", "补正截止日期"],
            // 条例第三十三条第二款: the applicant is told, with the new due date.
            LetterKind::Extension => &["延长后答复期限"],
            // 条例第三十二条: 15 working days to answer.
            LetterKind::Consultation => &["征求事项", "答复截止日期"],
            // 国办函〔2020〕109号: basis, standard, amount, how and by when to pay.
            LetterKind::Fee => &["收费标准", "收费金额", "缴费期限"],
        }
    }

    /// The shipped text, used until the agency saves its own.
    pub fn default_body(self) -> &'static str {
        match self {
            LetterKind::Reply => DEFAULT_REPLY,
            LetterKind::Correction => DEFAULT_CORRECTION,
            LetterKind::Extension => DEFAULT_EXTENSION,
            LetterKind::Consultation => DEFAULT_CONSULTATION,
            LetterKind::Fee => DEFAULT_FEE,
        }
    }
}

const DEFAULT_REPLY: &str = "{申请人}：
本机关于{收到日期}收到{你}提出的政府信息公开申请（受理编号：{受理编号}），申请获取：“{申请内容}”。
{决定}
{救济途径}
联系部门：{联系部门}；联系电话：{联系电话}；地址：{联系地址}。";

const DEFAULT_CORRECTION: &str = "{申请人}：
本机关于{收到日期}收到{你}提出的政府信息公开申请（受理编号：{受理编号}）。经审查，{你}的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请{你}对以下事项作出补正：
{补正事项}
请于{补正截止日期}前（{补正期限}个工作日内）向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。
联系部门：{联系部门}；联系电话：{联系电话}；地址：{联系地址}。";

const DEFAULT_EXTENSION: &str = "{申请人}：
本机关于{收到日期}收到{你}提出的政府信息公开申请（受理编号：{受理编号}），申请获取：“{申请内容}”。因{延期理由}，本机关不能在{原答复期限}前作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{延期天数}个工作日，本机关将于{延长后答复期限}前作出答复。
联系部门：{联系部门}；联系电话：{联系电话}；地址：{联系地址}。";

const DEFAULT_CONSULTATION: &str = "{第三方}：
本机关于{收到日期}收到一件政府信息公开申请，申请获取：“{申请内容}”。该政府信息的公开可能损害你方合法权益或者涉及你方，根据《中华人民共和国政府信息公开条例》第三十二条、第三十四条的规定，现书面征求你方意见：
{征求事项}
请于{答复截止日期}前（自收到本函之日起15个工作日内）提出书面意见。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。你方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知你方。
联系部门：{联系部门}；联系电话：{联系电话}；地址：{联系地址}。";

const DEFAULT_FEE: &str = "{申请人}：
本机关于{收到日期}收到{你}提出的政府信息公开申请（受理编号：{受理编号}）。根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，{你}的申请需缴纳信息处理费，现通知如下：
计收方式：{计收方式}。
收费标准：{收费标准}
收费金额：{收费金额}元。
请于{缴费期限}前（自收到本通知次日起20个工作日内）缴纳。{缴费方式}
自本通知送达至缴费之日的期间，不计算在答复期限内。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。
联系部门：{联系部门}；联系电话：{联系电话}；地址：{联系地址}。";

/// A template that cannot be used, with the message staff see.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// `{` without its `}`.
    #[error("第{line}行的“{{”没有对应的“}}”")]
    Unclosed {
        /// 1-based line.
        line: usize,
    },
    /// A name this kind of document does not know.
    #[error("第{line}行的占位符“{{{name}}}”不存在，可用的占位符见模板下方的列表")]
    Unknown {
        /// 1-based line.
        line: usize,
        /// The name written.
        name: String,
    },
    /// A placeholder the law requires was removed.
    #[error("模板必须保留占位符“{{{0}}}”：法律要求文书载明该内容")]
    Missing(&'static str),
    /// Nothing to print.
    #[error("模板不能为空")]
    Empty,
    /// Too long to be a letter.
    #[error("模板过长（不超过 {0} 个字）")]
    TooLong(usize),
}

/// The longest template accepted, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 5000;

/// Checks a template of `kind`: balanced braces, known names, the required ones present.
pub fn check_template(kind: LetterKind, body: &str) -> Result<(), TemplateError> {
    if body.trim().is_empty() {
        return Err(TemplateError::Empty);
    }
    if body.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(TemplateError::TooLong(MAX_TEMPLATE_CHARS));
    }
    let known = kind.placeholders();
    let names = scan(body)?;
    if let Some((line, name)) = names
        .iter()
        .find(|(_, n)| !known.iter().any(|p| p.name == n))
    {
        return Err(TemplateError::Unknown {
            line: *line,
            name: name.clone(),
        });
    }
    for required in kind.required() {
        if !names.iter().any(|(_, n)| n == required) {
            return Err(TemplateError::Missing(required));
        }
    }
    Ok(())
}

/// The placeholders of `body` with their lines.
fn scan(body: &str) -> Result<Vec<(usize, String)>, TemplateError> {
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            let end = after
                .find('}')
                .ok_or(TemplateError::Unclosed { line: i + 1 })?;
            out.push((i + 1, after[..end].trim().to_owned()));
            rest = &after[end + 1..];
        }
    }
    Ok(out)
}

/// Fills a checked template: one paragraph per non-blank line, placeholders replaced by their
/// values (a value may hold several lines: each becomes a paragraph). Unknown names stay as
/// written, so an unchecked template still prints.
pub fn fill(body: &str, values: &BTreeMap<&str, String>) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for line in body.lines() {
        let mut text = String::new();
        let mut rest = line;
        while let Some(start) = rest.find('{') {
            text.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            match after.find('}') {
                Some(end) => {
                    let name = after[..end].trim();
                    match values.get(name) {
                        Some(v) => text.push_str(v),
                        None => text.push_str(&rest[start..start + end + 2]),
                    }
                    rest = &after[end + 1..];
                }
                None => {
                    text.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        text.push_str(rest);
        paragraphs.extend(
            text.split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        );
    }
    paragraphs
}

/// Trims what would double the template's own punctuation (`因{延期理由}，`).
pub fn clause(text: &str) -> String {
    text.trim()
        .trim_end_matches(['。', '；', ';', '.', '，', ','])
        .to_owned()
}

/// What the reply's decision paragraph needs besides the ground.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionFacts {
    /// How the applicant is addressed ([`addressee`]).
    pub you: &'static str,
    /// The detail recorded with the outcome.
    pub detail: String,
    /// The day the correction was requested (逾期不补正, 补正后仍不明确).
    pub correction_requested_on: Option<String>,
    /// The day the fee notice was served (逾期未缴费).
    pub fee_notice_on: Option<String>,
    /// The day of withdrawal, when the applicant withdrew.
    pub withdrawn_on: Option<String>,
    /// How the information is provided (纸质 / 电子 …, and the delivery).
    pub provision: String,
}

/// The decision paragraph of the reply for `ground`, stating its legal basis (条例第三十六条),
/// addressing the applicant as [`addressee`] says.
pub fn decision(ground: Ground, facts: &DecisionFacts) -> String {
    address(facts.you, decision_text(ground, facts))
}

fn decision_text(ground: Ground, facts: &DecisionFacts) -> String {
    use Ground::*;
    let basis = ground.basis();
    let detail = clause(&facts.detail);
    let with_detail = |lead: &str| {
        if detail.is_empty() {
            String::new()
        } else {
            format!("{lead}{detail}。")
        }
    };
    let day = |d: &Option<String>| d.clone().unwrap_or_else(|| "此前".to_owned());
    match ground {
        AlreadyPublic => format!(
            "经审查，你（单位）申请获取的政府信息已经主动公开。根据{basis}的规定，现告知获取的方式和途径：{detail}。"
        ),
        Provided => format!(
            "经审查，你（单位）申请获取的政府信息属于公开范围。根据{basis}的规定，本机关向你（单位）提供该政府信息{}。{}",
            if facts.provision.is_empty() {
                String::new()
            } else {
                format!("（{}）", facts.provision)
            },
            with_detail("")
        ),
        Partial => format!(
            "经审查，你（单位）申请获取的政府信息中含有不应当公开的内容：{detail}。根据{basis}的规定，本机关作区分处理，向你（单位）提供可以公开的部分{}。",
            if facts.provision.is_empty() {
                String::new()
            } else {
                format!("（{}）", facts.provision)
            }
        ),
        StateSecret => withheld("属于国家秘密", basis, &with_detail("理由：")),
        LawProhibits => withheld(
            "属于法律、行政法规禁止公开的政府信息",
            basis,
            &with_detail("理由："),
        ),
        ThreeSecurities => withheld(
            "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
            basis,
            &with_detail("理由："),
        ),
        ThirdParty => withheld(
            "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
            basis,
            &with_detail("第三方意见及理由："),
        ),
        InternalAffairs => withheld(
            "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
            basis,
            &with_detail("理由："),
        ),
        ProcessInformation => withheld(
            "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
            basis,
            &with_detail("理由："),
        ),
        EnforcementFiles => withheld("属于行政执法案卷信息", basis, &with_detail("理由：")),
        QueryMatter => format!(
            "经审查，你（单位）申请获取的信息属于行政查询事项，有关法律、行政法规对信息的获取有特别规定。根据{basis}的规定，请你（单位）依照有关法律、行政法规的规定办理。{}",
            with_detail("办理途径：")
        ),
        NotHeld => format!(
            "经检索，本机关没有你（单位）申请获取的政府信息，该政府信息不存在。根据{basis}的规定，现予告知。{}",
            with_detail("检索情况：")
        ),
        NeedsCreating => format!(
            "经查，你（单位）申请获取的政府信息本机关没有现成信息，需要另行制作。根据{basis}的规定，本机关不予提供。{}",
            with_detail("")
        ),
        StillUnclear => format!(
            "本机关已于{}告知你（单位）补正申请，补正后申请内容仍不明确，本机关无法确定你（单位）所需的政府信息。根据{basis}的规定，本机关无法提供。",
            day(&facts.correction_requested_on)
        ),
        Petition => format!(
            "经审查，你（单位）以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{basis}的规定，本机关不作为政府信息公开申请处理，你（单位）可以通过相应渠道提出。"
        ),
        Repeated => format!(
            "经审查，你（单位）的申请与此前已经答复的申请内容重复。根据{basis}的规定，本机关不予重复处理。{}",
            with_detail("")
        ),
        Publication => format!(
            "经审查，你（单位）要求提供的是公开出版物。根据{basis}的规定，本机关可以告知获取的途径。{}",
            with_detail("获取途径：")
        ),
        MassRepeated => format!(
            "经审查，你（单位）申请公开政府信息的数量、频次明显超过合理范围，且未能说明理由或者理由不合理。根据{basis}的规定，本机关不予处理。"
        ),
        Confirmation => format!(
            "经审查，你（单位）要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请。根据{basis}的规定，本机关不作为政府信息公开申请处理。"
        ),
        CorrectionLapsed => format!(
            "本机关已于{}告知你（单位）补正申请，你（单位）无正当理由逾期未补正。根据{basis}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
            day(&facts.correction_requested_on)
        ),
        FeeLapsed => format!(
            "本机关已于{}向你（单位）送达收费通知书，你（单位）逾期未缴纳信息处理费。根据{basis}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
            day(&facts.fee_notice_on)
        ),
        OtherHandling => match &facts.withdrawn_on {
            Some(on) => format!(
                "你（单位）于{on}撤回该政府信息公开申请，本机关终止办理。{}",
                with_detail("")
            ),
            None if detail.is_empty() => {
                "经审查，本机关对该政府信息公开申请作其他处理。".to_owned()
            }
            None => format!("经审查，{detail}。"),
        },
    }
}

/// The decision of a reply under 条例第三十六条第七项: the information is in a register whose
/// access the law rules; the reply says where and how to obtain it.
/// `you` addresses the applicant as [`addressee`] says.
pub fn special_register_decision(you: &str, detail: &str) -> String {
    let detail = clause(detail);
    address(
        you,
        format!(
            "经审查，你（单位）申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。根据{}的规定，请你（单位）依照有关法律、行政法规的规定办理：{detail}。",
            super::outcome::SPECIAL_REGISTER_BASIS
        ),
    )
}

/// The decision of a reply under 条例第三十六条第五项: the information is not this agency's to
/// disclose; the reply says why (`reason`, optional) and names the responsible agency with its
/// contact, as the article requires.
pub fn held_elsewhere_decision(you: &str, holder: &super::outcome::Holder, reason: &str) -> String {
    let reason = clause(reason);
    let why = if reason.is_empty() {
        String::new()
    } else {
        format!("理由：{reason}。")
    };
    address(
        you,
        format!(
            "经审查，你（单位）申请获取的政府信息不属于本机关负责公开。{why}根据{}的规定，现告知你（单位）：负责公开该政府信息的行政机关为{}，联系方式：{}。",
            super::outcome::HELD_ELSEWHERE_BASIS,
            clause(&holder.name),
            clause(&holder.contact)
        ),
    )
}

fn address(you: &str, text: String) -> String {
    match you {
        "" => text,
        you => text.replace("你（单位）", you),
    }
}

fn withheld(what: &str, basis: &str, detail: &str) -> String {
    format!(
        "经审查，你（单位）申请获取的政府信息{what}。根据{basis}的规定，本机关不予公开。{detail}"
    )
}

/// A document ready to print: the layout is the renderer's, the words are these.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Letter {
    /// The kind.
    pub kind: LetterKind,
    /// The issuing agency (printed above the title and as the signature).
    pub agency: String,
    /// The document's title.
    pub title: String,
    /// Its number (文号).
    pub number: String,
    /// The paragraphs; the first, ending in “：”, is the addressee.
    pub paragraphs: Vec<String>,
    /// The date, as Chinese documents write it.
    pub date: String,
    /// What staff must check before sending (never printed), e.g. a date computed over a year
    /// without holiday data (该年度节假日数据缺失).
    pub warnings: Vec<String>,
}

impl Letter {
    /// The file name for downloads, e.g. `市民政局公开〔2026〕3号-答复书`.
    pub fn file_stem(&self) -> String {
        let safe: String = self
            .number
            .chars()
            .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
            .collect();
        format!("{safe}-{}", self.kind.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(kind: LetterKind) -> BTreeMap<&'static str, String> {
        kind.placeholders()
            .into_iter()
            .map(|p| (p.name, format!("〈{}〉", p.name)))
            .collect()
    }

    #[test]
    fn every_default_template_passes_its_own_check() {
        for kind in LetterKind::ALL {
            check_template(*kind, kind.default_body()).unwrap_or_else(|e| panic!("{kind}: {e}"));
            let text = fill(kind.default_body(), &values(*kind)).join("\n");
            assert!(!text.contains('{'), "{kind}: {text}");
        }
    }

    #[test]
    fn the_reply_must_keep_the_decision_and_the_remedies() {
        // 条例第三十六条: the reply states the decision and its basis; the remedies are
        // 行政复议 within 60 days and 行政诉讼 within 6 months.
        let without = DEFAULT_REPLY.replace("{救济途径}", "");
        assert_eq!(
            check_template(LetterKind::Reply, &without),
            Err(TemplateError::Missing("救济途径"))
        );
        let general = remedies("", "");
        assert!(general.contains("六十日内") && general.contains("六个月内"));
        assert!(general.contains("行政复议") && general.contains("行政诉讼"));
        // Issue 15: a reply names the 复议机关 and the court, as the agency set them.
        assert_eq!(
            remedies("示例市人民政府", "示例市示范区人民法院"),
            "如对本答复不服，可以自收到本答复书之日起六十日内向示例市人民政府申请行政复议，\
             或者自收到本答复书之日起六个月内向示例市示范区人民法院提起行政诉讼。"
        );
    }

    #[test]
    fn the_applicant_is_addressed_as_a_person_or_as_an_organisation() {
        use super::super::applicant::ApplicantKind;
        // 公文 usage (issue 15): 你 for a 自然人, 你单位 for an organisation, never 你（单位）.
        assert_eq!(addressee(ApplicantKind::NaturalPerson), "你");
        assert_eq!(addressee(ApplicantKind::Commercial), "你单位");
        for g in Ground::ALL {
            for you in ["你", "你单位"] {
                let text = decision(
                    *g,
                    &DecisionFacts {
                        you,
                        detail: "见附件".into(),
                        ..DecisionFacts::default()
                    },
                );
                assert!(!text.contains("你（单位）"), "{g:?}: {text}");
            }
        }
        for kind in LetterKind::ALL {
            assert!(!kind.default_body().contains("你（单位）"), "{kind}");
        }
        // 条例第三十六条第二项: a reply that provides the information says what the handler
        // explained.
        let provided = decision(
            Ground::Provided,
            &DecisionFacts {
                you: "你",
                detail: "所需信息见附件一、附件二".into(),
                ..DecisionFacts::default()
            },
        );
        assert!(provided.contains("所需信息见附件一、附件二"), "{provided}");
        assert!(provided.contains("本机关向你提供该政府信息"), "{provided}");
    }

    #[test]
    fn each_notice_keeps_what_its_article_requires() {
        // 条例第三十条: what to correct and by when.
        let c = DEFAULT_CORRECTION.replace("{补正截止日期}", "某日");
        assert_eq!(
            check_template(LetterKind::Correction, &c),
            Err(TemplateError::Missing("补正截止日期"))
        );
        // 条例第三十三条第二款: the new due date.
        let x = DEFAULT_EXTENSION.replace("{延长后答复期限}", "");
        assert_eq!(
            check_template(LetterKind::Extension, &x),
            Err(TemplateError::Missing("延长后答复期限"))
        );
        // 条例第三十二条: the third party has 15 working days.
        assert!(DEFAULT_CONSULTATION.contains("15个工作日"));
        // 条例第四十二条 and 国办函〔2020〕109号: the basis, and 20 working days from the day
        // after the notice.
        assert!(DEFAULT_FEE.contains("第四十二条") && DEFAULT_FEE.contains("国办函〔2020〕109号"));
        assert!(DEFAULT_FEE.contains("次日起20个工作日"));
    }

    #[test]
    fn the_consultation_letter_never_names_the_applicant() {
        // The third party learns what is asked, not who asks.
        let with_name = format!("{{申请人}}{DEFAULT_CONSULTATION}");
        assert!(matches!(
            check_template(LetterKind::Consultation, &with_name),
            Err(TemplateError::Unknown { name, .. }) if name == "申请人"
        ));
    }

    #[test]
    fn bad_templates_get_a_message_with_the_line() {
        let e = check_template(LetterKind::Reply, "{决定}\n{救济途径}\n{申请人");
        assert_eq!(e, Err(TemplateError::Unclosed { line: 3 }));
        assert_eq!(e.unwrap_err().to_string(), "第3行的“{”没有对应的“}”");
        let e = check_template(LetterKind::Reply, "{决定}{救济途径}{申请人姓名}");
        assert!(e.unwrap_err().to_string().contains("“{申请人姓名}”不存在"));
        assert_eq!(
            check_template(LetterKind::Fee, "  \n"),
            Err(TemplateError::Empty)
        );
    }

    #[test]
    fn fill_makes_one_paragraph_per_line_and_per_line_of_a_value() {
        let mut v = BTreeMap::new();
        v.insert("申请人", "张三".to_owned());
        v.insert("补正事项", "1. 写明文号\n2. 写明年份".to_owned());
        let out = fill("{申请人}：\n\n请补正：\n{补正事项}\n{未知}", &v);
        assert_eq!(
            out,
            ["张三：", "请补正：", "1. 写明文号", "2. 写明年份", "{未知}"]
        );
    }

    #[test]
    fn every_decision_states_its_basis() {
        // 条例第三十六条: each kind of reply with its article.
        let facts = DecisionFacts {
            detail: "见本机关门户网站政府信息公开专栏。".into(),
            correction_requested_on: Some("2026年3月2日".into()),
            fee_notice_on: Some("2026年3月3日".into()),
            ..DecisionFacts::default()
        };
        for g in Ground::ALL {
            let text = decision(*g, &facts);
            if *g != Ground::OtherHandling {
                assert!(text.contains(g.basis()), "{g}: {text}");
            }
            assert!(!text.contains("。。"), "{g}: {text}");
        }
        assert!(decision(Ground::AlreadyPublic, &facts).contains("专栏。"));
        assert!(decision(Ground::CorrectionLapsed, &facts).contains("2026年3月2日"));
        assert!(decision(Ground::FeeLapsed, &facts).contains("2026年3月3日"));
        assert!(decision(Ground::Partial, &facts).contains("第三十七条"));
        let withdrawn = DecisionFacts {
            withdrawn_on: Some("2026年3月4日".into()),
            ..DecisionFacts::default()
        };
        assert!(decision(Ground::OtherHandling, &withdrawn).contains("撤回"));
    }

    #[test]
    fn a_special_register_reply_points_to_the_procedure() {
        // 条例第三十六条第七项.
        let text = special_register_decision("你", "请到示例市不动产登记中心窗口查询。");
        assert!(text.contains("第三十六条第七项") && text.contains("不动产登记中心窗口查询。"));
        assert!(!text.contains("。。") && !text.contains("你（单位）"));
    }

    #[test]
    fn does_not_exist_and_another_agency_are_different_replies() {
        // 条例第三十六条第四项: 告知申请人该政府信息不存在.
        let facts = DecisionFacts {
            you: "你",
            ..DecisionFacts::default()
        };
        let none = decision(Ground::NotHeld, &facts);
        assert!(
            none.contains("不存在") && none.contains("第三十六条第四项"),
            "{none}"
        );
        assert!(!none.contains("第五项"));
        // 第五项: 告知申请人并说明理由；…告知申请人该行政机关的名称、联系方式.
        let holder = crate::application::outcome::Holder {
            name: "示例市自然资源局".into(),
            contact: "0000-12345678".into(),
        };
        let elsewhere =
            held_elsewhere_decision("你单位", &holder, "该信息由自然资源部门制作并保存。");
        assert!(elsewhere.contains("第三十六条第五项"), "{elsewhere}");
        assert!(elsewhere.contains("示例市自然资源局") && elsewhere.contains("0000-12345678"));
        assert!(elsewhere.contains("理由：该信息由自然资源部门制作并保存。"));
        assert!(!elsewhere.contains("你（单位）") && !elsewhere.contains("第四项"));
        assert!(!elsewhere.contains("。。"));
    }

    #[test]
    fn file_names_drop_what_file_systems_refuse() {
        let l = Letter {
            kind: LetterKind::Reply,
            agency: "示例市民政局".into(),
            title: LetterKind::Reply.title().into(),
            number: "民/公开〔2026〕3号".into(),
            paragraphs: vec![],
            date: "2026年3月5日".into(),
            warnings: vec![],
        };
        assert_eq!(l.file_stem(), "民公开〔2026〕3号-答复书");
    }
}
