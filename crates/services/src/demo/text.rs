//! The generated text of the demo: the bodies of 公文, summaries and news (reports and pages
//! are in `reports`).
//! Sentences come from phrase tables with `{m}` (the matter), `{s}` (the agency as it names
//! itself), `{f}` (its field) and `{kw}` (本办法, 本规定 …) filled in, chosen by a tiny
//! xorshift PRNG so that the demo is reproducible. Nothing here is copied from real documents,
//! and nothing looks like personal data: telephone numbers are landlines of area code 0999,
//! amounts and counts are short.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::catalogue::body::escape_html as escape;
use gongkai_domain::catalogue::classification::{Genre, LegalKind};

use super::plan::{Planned, Shape};
use super::rng::Rng;
use super::topics::GOV;
use super::{AGENCIES, office_name, phone, reports, site_url};

#[rustfmt::skip]
const NUMERALS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];

pub(super) fn numeral(n: usize) -> &'static str {
    NUMERALS.get(n.saturating_sub(1)).copied().unwrap_or("若干")
}

/// `2024年3月5日`.
pub(super) fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

pub(super) fn p(s: &str) -> String {
    format!("<p>{}</p>", escape(s))
}

/// Fills the placeholders of a phrase.
fn fill(template: &str, d: &Vocab<'_>) -> String {
    template
        .replace("{m}", d.matter)
        .replace("{s}", d.short)
        .replace("{f}", d.field)
        .replace("{kw}", d.kw)
}

/// The words a document's phrases are filled with.
pub(super) struct Vocab<'a> {
    pub matter: &'a str,
    pub short: &'a str,
    pub field: &'a str,
    pub kw: &'a str,
}

/// Headings and texts of numbered provisions in notices and opinions.
#[rustfmt::skip]
const PROVISIONS: &[(&str, &str)] = &[
    ("提高思想认识", "{m}工作事关人民群众切身利益，是{f}领域的一项基础性工作。各单位要充分认识做好这项工作的重要意义，把{m}摆上重要议事日程，切实抓实抓细。"),
    ("明确工作目标", "到年底，全市{m}工作制度更加健全，工作机制更加顺畅，服务质量和群众满意度明显提升，形成一批可复制可推广的经验做法。"),
    ("压实工作责任", "各区县要落实属地责任，主要负责同志亲自部署、亲自协调；{s}会同有关部门加强业务指导和督促检查，形成上下联动、齐抓共管的工作格局。"),
    ("规范办理流程", "各单位要严格执行{m}相关规定，明确受理、审核、公示、办结等环节的办理时限和工作要求，做到程序规范、标准统一、结果公开。"),
    ("强化监督检查", "{s}将采取“双随机、一公开”、专项督查等方式，对各地{m}工作开展情况进行检查，对发现的问题督促限期整改，对工作不力的予以通报。"),
    ("加强信息化支撑", "依托全市一体化政务服务平台，推动{m}相关数据共享和业务协同，逐步实现网上办、掌上办、就近办，让数据多跑路、群众少跑腿。"),
    ("做好宣传引导", "各单位要通过政府网站、政务新媒体、服务窗口等渠道，及时准确发布{m}相关政策，主动回应社会关切，营造良好舆论氛围。"),
    ("强化资金保障", "各级财政部门要将{m}所需经费纳入年度预算，加强资金使用监管，确保专款专用，提高资金使用效益。"),
    ("加强队伍建设", "各单位要配齐配强{m}工作力量，定期组织业务培训，提高工作人员依法履职和服务群众的能力。"),
    ("健全长效机制", "各单位要认真总结{m}工作中的好经验好做法，及时将行之有效的措施上升为制度规范，推动工作常态化、规范化开展。"),
    ("防范化解风险", "各单位要坚持底线思维，全面排查{m}领域的风险隐患，建立问题清单和整改台账，做到早发现、早报告、早处置。"),
    ("及时报送情况", "各区县要明确一名联络员，于每季度结束后10个工作日内将{m}工作进展情况报送{s}，重大情况随时报告。"),
    ("坚持公开透明", "除依法不予公开的情形外，{m}的政策依据、办理程序和办理结果应当通过政府网站等渠道主动公开，接受社会监督。"),
    ("优化服务方式", "推行一次告知、容缺受理等便民措施，对行动不便的群众提供上门服务，不断提升{m}服务的便利度。"),
    ("严肃工作纪律", "工作人员在{m}工作中应当廉洁自律、依法履职，对滥用职权、玩忽职守、徇私舞弊的，依法依规追究责任。"),
    ("加强统筹协调", "{s}会同有关部门建立{m}工作协调机制，定期研究解决工作中的重大问题，推动各项任务落地见效。"),
];

/// Middle articles of 办法, 规定 and the like (第四条 onwards).
#[rustfmt::skip]
const ARTICLES: &[&str] = &[
    "发展改革、财政、审计等部门按照各自职责，做好{m}的相关工作。",
    "{m}应当遵循依法依规、公开公正、便民高效的原则。",
    "申请人应当如实提供相关材料，并对材料的真实性负责。受理机关应当一次性告知需要补正的全部内容。",
    "受理机关应当自受理之日起20个工作日内作出决定；情况复杂的，经本机关负责人批准，可以延长10个工作日，并告知申请人延长的理由。",
    "办理结果应当在受理机关的政府网站公示，公示期为7日。公示期间有异议的，受理机关应当进行核实。",
    "{s}应当建立{m}工作档案，做到一事一档、资料完整、管理规范。",
    "{s}应当会同有关部门对{m}情况开展定期检查和不定期抽查，检查结果向社会公开。",
    "相关资金应当专款专用，任何单位和个人不得截留、挤占、挪用。",
    "违反{kw}的，由有关部门依照有关法律、法规的规定处理；构成犯罪的，依法追究刑事责任。",
    "工作人员在{m}工作中滥用职权、玩忽职守、徇私舞弊的，依法给予处分。",
    "公民、法人或者其他组织对{m}工作中作出的行政行为不服的，可以依法申请行政复议或者提起行政诉讼。",
    "各区县可以结合本地实际，制定{m}的具体实施细则，并报{s}备案。",
    "鼓励社会力量通过捐赠、志愿服务等方式参与{m}相关工作。",
    "{s}应当每年对{m}工作情况进行评估，评估结果作为改进工作的依据。",
];

/// Articles of an agency's own 政府信息公开 rules (条例第十七条、第二十六条、第三十三条、第五十条).
#[rustfmt::skip]
const DISCLOSURE_ARTICLES: &[&str] = &[
    "为了规范本机关政府信息公开工作，根据《中华人民共和国政府信息公开条例》，结合工作实际，制定{kw}。",
    "本机关政府信息公开工作由政务公开办公室统筹协调，各处室、各直属单位负责职责范围内的政府信息公开工作。",
    "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内予以公开。",
    "政府信息公开前，承办处室应当依照保密法律法规和国家有关规定进行审查，经审核人审核同意后方可公开。",
    "拟公开的政府信息涉及个人隐私、商业秘密的，应当删除相关内容或者作去标识化处理；确需公开的，应当征求第三方意见。",
    "收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，应当自收到申请之日起20个工作日内予以答复。",
    "本机关于每年1月31日前向社会公布上一年度政府信息公开工作年度报告。",
    "对不依法履行政府信息公开义务的，依照有关规定追究责任。",
];

/// Sections of 应急预案.
#[rustfmt::skip]
const PLAN_SECTIONS: &[(&str, &str)] = &[
    ("总则", "为建立健全{m}工作机制，科学、有序、高效应对相关突发事件，最大程度减少损失，依据有关法律法规和上级应急预案，制定本预案。本预案适用于本市行政区域内{m}相关突发事件的应对工作。"),
    ("组织指挥体系", "在市人民政府统一领导下，设立{m}应急指挥部，指挥部办公室设在{s}，负责日常工作。各成员单位按照职责分工做好相关工作。"),
    ("监测预警", "各有关部门应当加强日常监测，对可能发生的突发事件及时进行分析研判。预警级别由低到高分为蓝色、黄色、橙色和红色四个等级。"),
    ("应急响应", "突发事件发生后，事发地区县人民政府和有关部门应当立即采取措施控制事态发展，并按规定及时报告。根据事件的严重程度，应急响应由低到高分为四级。"),
    ("后期处置", "应急处置工作结束后，有关部门应当及时做好善后处置、调查评估和恢复重建工作，总结经验教训，完善防范措施。"),
    ("保障措施", "各级人民政府应当加强应急队伍、物资、资金和通信保障，定期组织培训和演练，提高应急处置能力。"),
    ("附则", "本预案由{s}负责解释，并根据实际情况适时修订。本预案自印发之日起实施。"),
];

#[rustfmt::skip]
const OPENINGS: &[&str] = &[
    "为进一步做好{m}工作，根据国家和省有关规定，结合我市实际，现就有关事项通知如下：",
    "为切实加强{m}工作，提升工作质量和服务水平，经研究，现就有关事项通知如下：",
    "根据上级部门工作部署，为扎实推进{m}工作，现将有关事项通知如下：",
    "{m}工作开展以来，各地认真落实各项部署，取得了积极成效。为巩固工作成果、解决存在的问题，现就有关事项通知如下：",
];

#[rustfmt::skip]
const CLOSINGS: &[&str] = &[
    "各单位在执行中遇到的问题，请及时向{s}反映。",
    "请各单位认真贯彻落实，确保各项工作按时保质完成。",
    "各区县工作开展情况请于年底前书面报送{s}。",
    "请各单位结合实际抓好落实，工作中的重要情况及时报告。",
];

fn addressees(d: &Planned) -> String {
    match (d.agency, d.co.is_empty()) {
        (GOV, _) => "各区县人民政府，市政府各部门，各有关单位：".into(),
        (_, true) => format!("各区县{}主管部门，各有关单位：", AGENCIES[d.agency].field),
        (_, false) => "各区县有关部门，各有关单位：".into(),
    }
}

/// The joint issuers as named in running text (`市民政局、市财政局`).
fn shorts(d: &Planned) -> String {
    std::iter::once(d.agency)
        .chain(d.co.iter().copied())
        .map(|a| AGENCIES[a].short)
        .collect::<Vec<_>>()
        .join("、")
}

/// The signature: every issuer, then the 成文日期.
fn signature(d: &Planned) -> String {
    let mut out: String = std::iter::once(d.agency)
        .chain(d.co.iter().copied())
        .map(|a| p(AGENCIES[a].name))
        .collect();
    out.push_str(&p(&cn_date(d.written_on)));
    out
}

/// “本办法” for an instrument whose name ends in 办法, and so on; None for plans and lists.
fn self_word(name: &str) -> Option<&'static str> {
    let base = name.split('（').next().unwrap_or(name);
    ["办法", "规定", "细则", "规程", "基准", "制度", "措施"]
        .into_iter()
        .find(|s| base.ends_with(s))
        .map(|s| match s {
            "办法" => "本办法",
            "规定" => "本规定",
            "细则" => "本细则",
            "规程" => "本规程",
            "基准" => "本基准",
            "制度" => "本制度",
            _ => "本措施",
        })
}

/// `，有效期5年` or nothing.
fn term_clause(d: &Planned) -> String {
    if d.term > 0 {
        format!("，有效期{}年", d.term)
    } else {
        String::new()
    }
}

/// `原《…》（示民规〔2022〕2号）同时废止。` when the document repeals an earlier one.
fn repeal_clause(docs: &[Planned], d: &Planned) -> String {
    let Some(old) = d.replaces.map(|i| &docs[i]) else {
        return String::new();
    };
    let name = old.instrument.clone().unwrap_or_else(|| old.title.clone());
    match &old.doc_number {
        Some(n) => format!("原《{name}》（{n}）同时废止。"),
        None => format!("原《{name}》同时废止。"),
    }
}

fn start_clause(docs: &[Planned], d: &Planned, kw: &str) -> String {
    let start = d
        .effective_on
        .map(cn_date)
        .unwrap_or_else(|| "印发之日".into());
    format!(
        "{kw}自{start}起施行{}。{}",
        term_clause(d),
        repeal_clause(docs, d)
    )
}

fn numbered(items: &[(String, String)]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(i, (head, text))| p(&format!("{}、{head}。{text}", numeral(i + 1))))
        .collect()
}

fn provisions(v: &Vocab<'_>, rng: &mut Rng, k: usize) -> Vec<(String, String)> {
    rng.sample(PROVISIONS.len(), k)
        .into_iter()
        .map(|i| (PROVISIONS[i].0.to_owned(), fill(PROVISIONS[i].1, v)))
        .collect()
}

/// The text of an instrument: articles for 办法 and 规定, sections for plans and programmes.
fn instrument_text(docs: &[Planned], d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let name = d.instrument.clone().unwrap_or_else(|| d.title.clone());
    let mut out = p(&name);
    if let (Some(kw), Shape::Rules) = (self_word(&name), d.shape) {
        let mut articles: Vec<String> = DISCLOSURE_ARTICLES
            .iter()
            .map(|a| a.replace("{kw}", kw))
            .collect();
        articles.push(format!(
            "{kw}由{}负责解释。",
            office_name(&AGENCIES[d.agency])
        ));
        articles.push(start_clause(docs, d, kw));
        for (i, a) in articles.iter().enumerate() {
            out.push_str(&p(&format!("第{}条　{a}", numeral(i + 1))));
        }
    } else if let Some(kw) = self_word(&name) {
        let v = Vocab { kw, ..*v };
        let duty = if d.kind == LegalKind::Rule {
            format!(
                "市人民政府有关部门按照各自职责，负责本市{}的监督管理工作。区县人民政府负责本行政区域内的相关工作。",
                v.matter
            )
        } else {
            format!(
                "{}负责本市{}的统筹协调、业务指导和监督管理工作。各区县有关部门负责本行政区域内的相关工作。",
                v.short, v.matter
            )
        };
        let mut articles = vec![
            format!(
                "为了规范{}工作，保障公民、法人和其他组织的合法权益，根据有关法律、法规和国家、省有关规定，结合本市实际，制定{kw}。",
                v.matter
            ),
            format!("本市行政区域内的{}及其监督管理活动，适用{kw}。", v.matter),
            duty,
        ];
        let k = 4 + rng.below(4);
        let mut middle = rng.sample(ARTICLES.len(), k);
        middle.sort_unstable();
        articles.extend(middle.into_iter().map(|i| fill(ARTICLES[i], &v)));
        if d.kind != LegalKind::Rule {
            articles.push(format!("{kw}由{}负责解释。", AGENCIES[d.agency].short));
        }
        articles.push(start_clause(docs, d, kw));
        for (i, a) in articles.iter().enumerate() {
            out.push_str(&p(&format!("第{}条　{a}", numeral(i + 1))));
        }
    } else if name.contains("预案") {
        let items: Vec<(String, String)> = PLAN_SECTIONS
            .iter()
            .map(|(h, t)| ((*h).to_owned(), fill(t, v)))
            .collect();
        out.push_str(&numbered(&items));
    } else {
        let year = d.published_on.year();
        let mut items = vec![(
            "总体要求".to_owned(),
            format!(
                "坚持以人民为中心的发展思想，围绕全市中心工作，以{}为重点，统筹推进各项任务。到{}年，{}工作体系更加完善，服务能力明显提升。",
                v.matter,
                year + 2,
                v.matter
            ),
        )];
        items.extend(provisions(v, rng, 3));
        out.push_str(&numbered(&items));
    }
    out
}

fn notice(docs: &[Planned], d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let mut out = p(&addressees(d));
    if let Some(name) = &d.instrument {
        out.push_str(&p(&format!(
            "现将《{name}》印发给你们，请结合实际，认真贯彻执行。{}",
            repeal_clause(docs, d)
        )));
        out.push_str(&signature(d));
        out.push_str(&instrument_text(docs, d, v, rng));
        return out;
    }
    let opening = *rng.pick(OPENINGS);
    out.push_str(&p(&fill(opening, v)));
    let k = 3 + rng.below(3);
    out.push_str(&numbered(&provisions(v, rng, k)));
    if d.kind == LegalKind::Normative {
        out.push_str(&p(&start_clause(docs, d, "本通知")));
    }
    let closing = *rng.pick(CLOSINGS);
    out.push_str(&p(&fill(closing, v)));
    out.push_str(&signature(d));
    out
}

fn opinion(docs: &[Planned], d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let mut out = p(&addressees(d));
    out.push_str(&p(&format!(
        "为深入推进{}工作，更好服务经济社会发展和人民群众，结合本市实际，现提出如下意见。",
        v.matter
    )));
    out.push_str(&p(&format!("一、总体要求。坚持问题导向和目标导向，到{}年，{}的制度体系基本健全，工作机制运行顺畅，群众获得感明显增强。", d.published_on.year() + 3, v.matter)));
    out.push_str(&p("二、主要任务"));
    for (i, (head, text)) in provisions(v, rng, 4).into_iter().enumerate() {
        out.push_str(&p(&format!("（{}）{head}。{text}", numeral(i + 1))));
    }
    let (head, text) = provisions(v, rng, 1).into_iter().next().unwrap_or_default();
    out.push_str(&p(&format!("三、保障措施。{head}：{text}")));
    out.push_str(&p(&start_clause(docs, d, "本意见")));
    out.push_str(&signature(d));
    out
}

fn rule(docs: &[Planned], d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let name = d.instrument.clone().unwrap_or_else(|| d.title.clone());
    let mut out = p(d.doc_number.as_deref().unwrap_or_default());
    let start = d
        .effective_on
        .map(cn_date)
        .unwrap_or_else(|| "公布之日".into());
    out.push_str(&p(&format!(
        "《{name}》已经{}市人民政府第{}次常务会议审议通过，现予公布，自{start}起施行。",
        cn_date(d.written_on),
        rng.range(10, 60)
    )));
    out.push_str(&signature(d));
    out.push_str(&instrument_text(docs, d, v, rng));
    out
}

fn announcement(d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let word = if d.genre == Genre::Circular {
        "通告"
    } else {
        "公告"
    };
    let spec = &AGENCIES[d.agency];
    let tel = phone(spec.phone);
    let items: Vec<String> = if d.item20 == Some(14) {
        vec![
            format!("招录计划。本次计划招录{}名，具体职位、人数和资格条件详见职位表。", rng.range(2, 12)),
            "报考条件。具有中华人民共和国国籍，遵守宪法和法律，具有良好的政治素质和道德品行，具有正常履行职责的身体和心理素质，具备职位要求的学历、专业和工作能力。".into(),
            format!("报名方式。报名采取网上报名方式，报考人员可登录{}网站（{}）查看报名入口和相关说明。", spec.name, site_url(spec)),
            format!("咨询方式。报考政策咨询电话：{tel}（工作日）。"),
        ]
    } else if d.genre == Genre::Circular && !d.title.contains("情况") && !d.title.contains("结果")
    {
        vec![
            format!(
                "{}工作在本市行政区域内实施，有关单位和个人应当遵守国家和省有关规定，自觉维护公共安全和公共秩序。",
                v.matter
            ),
            format!(
                "{}会同有关部门加强监督检查，对违反规定的行为依法予以处理。",
                spec.short
            ),
            format!(
                "任何单位和个人发现违反本{word}规定的行为，可以通过{tel}向{}反映。",
                spec.short
            ),
            format!("本{word}自发布之日起施行。"),
        ]
    } else {
        let total = rng.range(40, 300);
        let passed = total - rng.range(0, total / 10);
        let mut all = vec![
            format!(
                "本次{}工作已按规定程序完成，共涉及{total}个（批次），其中符合要求的{passed}个（批次）。",
                v.matter
            ),
            format!(
                "具体名单和相关材料可在{}网站（{}）“政府信息公开”栏目查阅。",
                spec.name,
                site_url(spec)
            ),
            format!(
                "对{}结果有异议的，可自本{word}发布之日起7个工作日内，以书面形式向{}提出，逾期不予受理。",
                v.matter, spec.short
            ),
            format!(
                "有关单位应当按照要求及时整改，整改情况报{}备案；逾期未整改的，依法依规处理。",
                spec.short
            ),
            format!(
                "社会公众可通过{tel}反映有关情况，{}将依法及时处理。",
                spec.short
            ),
        ];
        let mut chosen = rng.sample(all.len() - 1, 2);
        chosen.sort_unstable();
        let first = all.remove(0);
        std::iter::once(first)
            .chain(chosen.into_iter().map(|i| all[i].clone()))
            .collect()
    };
    let mut out = p(&format!(
        "根据国家和省有关规定，现将{}有关事项{word}如下：",
        v.matter
    ));
    for (n, item) in items.iter().enumerate() {
        out.push_str(&p(&format!("{}、{item}", numeral(n + 1))));
    }
    out.push_str(&p(&format!("特此{word}。")));
    out.push_str(&signature(d));
    out
}

fn reply(d: &Planned, v: &Vocab<'_>) -> String {
    let to = if d.agency == GOV {
        "示范区人民政府：".to_owned()
    } else {
        format!(
            "示范区{}：",
            AGENCIES[d.agency].short.trim_start_matches('市')
        )
    };
    let mut out = p(&to);
    out.push_str(&p(&format!(
        "你单位《关于{}有关事项的请示》收悉。经研究，现批复如下：",
        v.matter
    )));
    out.push_str(&p(&format!("一、原则同意你单位关于{}的意见。", v.matter)));
    out.push_str(&p("二、请你单位严格按照有关规定组织实施，细化工作方案，明确责任分工，确保各项工作依法有序推进。"));
    out.push_str(&p(&format!(
        "三、实施过程中要做好政策解释和信息公开工作，重大事项及时报告{}。",
        v.short
    )));
    out.push_str(&p("此复。"));
    out.push_str(&signature(d));
    out
}

fn letter(d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let others: Vec<usize> = (0..AGENCIES.len()).filter(|&a| a != d.agency).collect();
    let spec = &AGENCIES[d.agency];
    let mut out = p(&format!("{}：", AGENCIES[*rng.pick(&others)].name));
    out.push_str(&p(&format!(
        "为做好{}相关工作，根据工作安排，现就有关事项函商如下：",
        v.matter
    )));
    out.push_str(&p(&format!(
        "一、请贵单位结合职责，协助提供{}所需的相关资料，并指定一名联络员负责日常对接。",
        v.matter
    )));
    out.push_str(&p("二、相关资料请于收函后15个工作日内以书面形式反馈。资料仅用于本项工作，我们将严格做好保密管理。"));
    out.push_str(&p(&format!(
        "联系单位：{}；联系电话：{}。",
        office_name(spec),
        phone(spec.phone)
    )));
    out.push_str(&p("特此函商，盼予支持。"));
    out.push_str(&signature(d));
    out
}

fn award(d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let (a, b, c) = (rng.range(2, 6), rng.range(8, 20), rng.range(20, 40));
    let mut out = p(&addressees(d));
    out.push_str(&p(&format!(
        "近年来，全市广大科技工作者围绕经济社会发展需要，攻坚克难，取得了一批创新成果。为表彰先进，根据有关规定，经评审委员会评审、社会公示，{}决定，授予{}项成果{}年度示例市{}，其中一等奖{a}项、二等奖{b}项、三等奖{c}项。",
        d.title.split("关于").next().unwrap_or_default(),
        a + b + c,
        d.published_on.year(),
        v.matter.trim_end_matches("奖励").to_owned() + "奖"
    )));
    out.push_str(&p("希望受表彰的单位和个人珍惜荣誉，再接再厉，取得新的更大成绩。全市广大科技工作者要以受表彰者为榜样，勇于创新，为建设创新型城市作出新的贡献。"));
    out.push_str(&signature(d));
    out
}

#[rustfmt::skip]
const NEWS: &[(&str, &str)] = &[
    ("{org}召开{year}年全市{f}工作会议", "会议总结了上一年度全市{f}工作，分析了当前面临的形势，部署了{year}年重点任务。"),
    ("{org}举办{year}年政务公开业务培训班", "培训围绕政府信息公开条例、主动公开目录编制、依申请公开办理和保密审查等内容进行了专题讲解。"),
    ("{org}开展{year}年“{f}服务进基层”活动", "活动期间，工作人员深入社区和村，面对面宣讲政策、解答咨询、收集意见建议。"),
    ("{org}召开{year}年上半年工作推进会", "会议听取了各处室、各直属单位上半年工作情况汇报，逐项梳理重点任务进展，研究解决存在的问题。"),
    ("{org}部署{year}年度安全生产和防汛工作", "会议要求，各单位要压实安全生产责任，全面排查风险隐患，做好汛期值班值守和应急准备。"),
];

/// The title of an agency's news item of `year` (`idx` years after the first year).
pub(super) fn news_title(agency: usize, year: i32, idx: usize) -> String {
    let (title, _) = NEWS[(idx + agency) % NEWS.len()];
    let spec = &AGENCIES[agency];
    title
        .replace("{org}", spec.name)
        .replace("{year}", &year.to_string())
        .replace("{f}", spec.field)
}

fn news(d: &Planned, v: &Vocab<'_>) -> String {
    let spec = &AGENCIES[d.agency];
    let year = d.published_on.year().to_string();
    let render = |t: &str| {
        t.replace("{org}", spec.name)
            .replace("{year}", &year)
            .replace("{f}", spec.field)
    };
    let lead = NEWS
        .iter()
        .find(|(t, _)| render(t) == d.title)
        .map_or(NEWS[0].1, |(_, l)| *l);
    let mut out = p(&format!(
        "{}月{}日，{}。{}",
        d.written_on.month(),
        d.written_on.day(),
        d.title,
        render(lead)
    ));
    out.push_str(&p(&format!("{}有关负责同志表示，做好{}工作事关群众切身利益，要坚持以人民为中心，把各项惠民政策落实落细。", spec.short, v.field)));
    out.push_str(&p(&format!(
        "下一步，{}将进一步增强责任意识，细化工作措施，加强协调配合，确保全年各项任务按期完成。",
        spec.short
    )));
    out
}

fn interpretation(docs: &[Planned], d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let Some(orig) = d.interprets.map(|i| &docs[i]) else {
        return String::new();
    };
    let spec = &AGENCIES[orig.agency];
    let name = d.instrument.clone().unwrap_or_default();
    let start = orig.effective_on.unwrap_or(orig.published_on);
    let mut out = p("一、起草背景");
    out.push_str(&p(&format!("为进一步做好{}工作，回应群众关切，{}根据国家和省有关部署，在深入调研、广泛征求意见的基础上，制定了《{name}》。", v.matter, shorts(orig))));
    out.push_str(&p("二、主要依据"));
    out.push_str(&p("主要依据国家和省有关法律、法规、规章以及相关政策文件。起草过程中进行了合法性审核和公平竞争审查，并经集体审议通过。"));
    out.push_str(&p("三、主要内容"));
    let articles = orig.body_html.matches("条　").count();
    if articles > 0 {
        out.push_str(&p(&format!(
            "《{name}》共{}条，主要包括以下内容：",
            numeral(articles)
        )));
        out.push_str(&p(&format!(
            "（一）明确适用范围。本市行政区域内的{}及其监督管理活动，适用《{name}》。",
            v.matter
        )));
        out.push_str(&p("（二）明确职责分工。明确了牵头部门的统筹协调和监督管理职责，以及区县和有关部门的职责。"));
        out.push_str(&p(
            "（三）规范工作程序。对申请材料、办理时限、结果公示等作出规定，方便群众办事。",
        ));
        out.push_str(&p(
            "（四）强化监督管理。规定了监督检查和评估制度，以及违反规定应当承担的法律责任。",
        ));
    } else {
        for (i, (head, text)) in provisions(v, rng, 3).into_iter().enumerate() {
            out.push_str(&p(&format!("（{}）关于{head}。{text}", numeral(i + 1))));
        }
    }
    out.push_str(&p("四、施行时间"));
    out.push_str(&p(&format!(
        "《{name}》自{}起施行{}。",
        cn_date(start),
        term_clause(orig)
    )));
    out.push_str(&p("五、解读机关及咨询方式"));
    out.push_str(&p(&format!(
        "解读机关：{}；咨询电话：{}（工作日）。",
        spec.name,
        phone(spec.phone)
    )));
    out
}

fn amendment(docs: &[Planned], d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let Some(orig) = d.amends.map(|i| &docs[i]) else {
        return String::new();
    };
    let name = d.instrument.clone().unwrap_or_default();
    let number = orig.doc_number.clone().unwrap_or_default();
    // Articles 4 to n − 2 of the original: the ones the generator filled from the table.
    let articles = orig.body_html.matches("条　").count().max(6);
    let templates = [
        format!(
            "将第{{n}}条修改为：“{}应当依托政务服务平台推行{}全程网上办理，提高办理效率。”",
            v.short, v.matter
        ),
        "在第{n}条中增加一款，作为第二款：“受理机关不得要求申请人提供法律、法规规定以外的材料。”"
            .to_owned(),
        "删去第{n}条。".to_owned(),
        "将第{n}条中的“有关部门”修改为“市有关部门”。".to_owned(),
    ];
    let k = 2 + rng.below(2);
    let mut at = rng.sample(articles - 5, k);
    at.sort_unstable();
    let changes: Vec<String> = at
        .iter()
        .zip(rng.sample(templates.len(), k))
        .map(|(&a, t)| templates[t].replace("{n}", numeral(a + 4)))
        .collect();
    let mut out = String::new();
    if d.kind == LegalKind::Rule {
        out.push_str(&p(d.doc_number.as_deref().unwrap_or_default()));
        out.push_str(&p(&format!(
            "《示例市人民政府关于修改〈{name}〉的决定》已经{}市人民政府第{}次常务会议审议通过，现予公布，自公布之日起施行。",
            cn_date(d.written_on),
            rng.range(10, 60)
        )));
    }
    out.push_str(&p(&format!(
        "{}决定对《{name}》（{number}）作如下修改：",
        shorts(d)
    )));
    for (n, change) in changes.iter().enumerate() {
        out.push_str(&p(&format!("{}、{change}", numeral(n + 1))));
    }
    out.push_str(&p(&format!(
        "本决定自公布之日起施行。《{name}》根据本决定作相应修改，条文顺序作相应调整，重新公布。"
    )));
    out.push_str(&signature(d));
    out
}

/// The body of document `i` of the plan.
pub(super) fn body(docs: &[Planned], i: usize, rng: &mut Rng) -> String {
    let d = &docs[i];
    let spec = &AGENCIES[d.agency];
    let short = shorts(d);
    let v = Vocab {
        matter: &d.matter,
        short: &short,
        field: spec.field,
        kw: "本办法",
    };
    match d.shape {
        Shape::Budget(final_accounts) => reports::budget(d, final_accounts, rng),
        Shape::AnnualReport(year) => reports::annual_report(docs, d, year, rng),
        Shape::News => news(d, &v),
        Shape::Interpretation => interpretation(docs, d, &v, rng),
        Shape::Amendment => amendment(docs, d, &v, rng),
        Shape::Rules => {
            let mut out = instrument_text(docs, d, &v, rng);
            out.push_str(&signature(d));
            out
        }
        Shape::Topic => match d.genre {
            Genre::Notice => notice(docs, d, &v, rng),
            Genre::Opinion => opinion(docs, d, &v, rng),
            Genre::Decision => award(d, &v, rng),
            Genre::Measures | Genre::Provisions if d.kind == LegalKind::Rule => {
                rule(docs, d, &v, rng)
            }
            Genre::Measures | Genre::Provisions => {
                let mut out = instrument_text(docs, d, &v, rng);
                out.push_str(&signature(d));
                out
            }
            Genre::Announcement | Genre::Circular => announcement(d, &v, rng),
            Genre::Report => reports::fiscal_report(d, rng),
            Genre::Reply => reply(d, &v),
            Genre::Letter => letter(d, &v, rng),
            Genre::Other => reports::statistics(d, &v, rng),
        },
    }
}

/// 内容概述: one sentence, at most 100 characters.
pub(super) fn summary(d: &Planned, rng: &mut Rng) -> String {
    let who = shorts(d);
    let name = d.instrument.clone().unwrap_or_else(|| d.title.clone());
    let m = &d.matter;
    let s = match d.shape {
        Shape::Budget(true) => {
            "公开部门决算收支总体情况、“三公”经费、政府采购和国有资产占用等信息。".to_owned()
        }
        Shape::Budget(false) => {
            "公开部门预算收支总体情况、“三公”经费、政府采购和国有资产占用等信息。".to_owned()
        }
        Shape::AnnualReport(y) => format!(
            "{who}{y}年政府信息公开工作情况，包括主动公开、依申请公开、行政复议和诉讼以及存在的问题和改进措施。"
        ),
        Shape::News => format!("{who}开展{m}相关工作的情况。"),
        Shape::Interpretation => {
            format!("对《{name}》的起草背景、主要依据、主要内容和施行时间进行解读。")
        }
        Shape::Amendment => format!("{who}决定对《{name}》的部分条款作出修改。"),
        Shape::Rules => {
            "规定政府信息公开工作的职责分工、办理程序、保密审查和监督保障等内容。".to_owned()
        }
        Shape::Topic => match d.genre {
            Genre::Notice if d.instrument.as_deref().is_some_and(|n| n.contains("预案")) => {
                format!(
                    "{who}印发《{name}》，明确{m}的组织指挥体系、监测预警、应急响应和保障措施。"
                )
            }
            Genre::Notice if d.instrument.as_deref().and_then(self_word).is_some() => {
                format!(
                    "{who}印发《{name}》，对{m}的适用范围、职责分工、工作程序和监督管理等作出规定。"
                )
            }
            Genre::Notice if d.instrument.is_some() => {
                format!("{who}印发《{name}》，明确{m}的总体要求、重点任务和保障措施。")
            }
            Genre::Notice => (*rng.pick(&[
                "{who}就{m}有关工作作出部署，明确了工作目标、主要任务和工作要求。",
                "{who}对做好{m}工作提出要求，明确责任分工和完成时限。",
            ]))
            .replace("{who}", &who)
            .replace("{m}", m),
            Genre::Opinion => format!("{who}就推进{m}提出意见，明确总体要求、主要任务和保障措施。"),
            Genre::Decision => format!("{who}作出{m}的决定。"),
            Genre::Measures | Genre::Provisions => {
                format!("对本市{m}作出规定，明确管理职责、工作程序和法律责任。")
            }
            Genre::Announcement if d.item20 == Some(14) => {
                format!("{who}发布{m}公告，明确招录计划、报考条件和报名方式。")
            }
            Genre::Announcement | Genre::Circular => {
                format!("{who}公布{m}有关情况，接受社会监督。")
            }
            Genre::Report => format!("报告{m}有关情况。"),
            Genre::Reply => format!("{who}对{m}有关请示作出批复。"),
            Genre::Letter => format!("{who}就{m}有关事项致函有关单位，商请予以支持配合。"),
            Genre::Other => format!("发布{m}主要数据。"),
        },
    };
    if s.chars().count() > 100 {
        s.chars().take(99).chain(['…']).collect()
    } else {
        s
    }
}
