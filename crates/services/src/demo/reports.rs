//! The longer generated documents and pages: 部门预算 and 决算, the budget report, the
//! statistical bulletins, the 政府信息公开工作年度报告 (条例第五十条) with counts taken from
//! the plan itself, and the 政府信息公开指南 and 机构职能 page columns.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::catalogue::classification::LegalKind;

use super::plan::{Planned, Shape};
use super::rng::Rng;
use super::text::{Vocab, numeral, p};
use super::topics::GOV;
use super::{AGENCIES, AgencySpec, OFFICE_HOURS, phone};

pub(super) fn fiscal_report(d: &Planned, rng: &mut Rng) -> String {
    let y = d.published_on.year();
    let mut out = p(&format!("一、{}年预算执行情况", y - 1));
    out.push_str(&p(&format!(
        "全市一般公共预算收入{}亿元，为预算的{}%，增长{}%；一般公共预算支出{}亿元，增长{}%。市级一般公共预算收入{}亿元，支出{}亿元，收支平衡。",
        rng.amount(150, 260), rng.range(100, 103), rng.percent(2, 7), rng.amount(280, 420), rng.percent(1, 6), rng.amount(60, 110), rng.amount(90, 160)
    )));
    out.push_str(&p("民生支出占一般公共预算支出的比重保持在七成以上，教育、社会保障和就业、卫生健康等重点支出得到有效保障。"));
    out.push_str(&p(&format!("二、{y}年预算草案")));
    out.push_str(&p(&format!(
        "全市一般公共预算收入预计增长{}%，一般公共预算支出安排{}亿元。政府性基金预算、国有资本经营预算和社会保险基金预算按照收支平衡的原则编制。",
        rng.percent(3, 6), rng.amount(290, 430)
    )));
    out.push_str(&p("三、完成全年预算任务的主要措施"));
    out.push_str(&p("坚持过紧日子，从严控制一般性支出；深化预算绩效管理，强化绩效评价结果应用；加强财会监督，严肃财经纪律；防范化解政府债务风险，兜牢基层“三保”底线。"));
    out
}

pub(super) fn budget(d: &Planned, final_accounts: bool, rng: &mut Rng) -> String {
    let spec = &AGENCIES[d.agency];
    let (word, year) = if final_accounts {
        ("决算", d.published_on.year() - 1)
    } else {
        ("预算", d.published_on.year())
    };
    // Amounts in hundredths of 万元, so that the parts add up to the totals they are part of.
    let yuan = |cents: u64| format!("{}.{:02}", cents / 100, cents % 100);
    let total = rng.range(200_000, 3_000_000);
    let grant = total * rng.range(70, 95) / 100;
    let basic = total * rng.range(35, 60) / 100;
    let three = rng.range(1_000, 4_000);
    let cars = three * rng.range(55, 85) / 100;
    let buying = rng.range(10_000, 90_000);
    let goods = buying * rng.range(20, 60) / 100;
    let mut out = p("第一部分　部门概况");
    out.push_str(&p(&format!("一、主要职能。{}。", spec.duties.join("；"))));
    out.push_str(&p(&format!("二、部门{word}单位构成。纳入本部门{year}年部门{word}编制范围的单位共{}个，包括本级机关和所属事业单位。", rng.range(2, 9))));
    out.push_str(&p(&format!("第二部分　{year}年部门{word}情况说明")));
    out.push_str(&p(&format!(
        "一、收支总体情况。{year}年收入{word}{}万元，其中一般公共预算拨款收入{}万元，其他收入{}万元；支出{word}{}万元，其中基本支出{}万元，项目支出{}万元。",
        yuan(total), yuan(grant), yuan(total - grant), yuan(total), yuan(basic), yuan(total - basic)
    )));
    out.push_str(&p(&format!(
        "二、“三公”经费情况。“三公”经费{word}{}万元，其中因公出国（境）费0万元，公务用车购置及运行维护费{}万元，公务接待费{}万元，较上年有所下降。",
        yuan(three), yuan(cars), yuan(three - cars)
    )));
    out.push_str(&p(&format!(
        "三、政府采购情况。政府采购{word}{}万元，其中货物类{}万元，服务类{}万元。",
        yuan(buying),
        yuan(goods),
        yuan(buying - goods)
    )));
    out.push_str(&p(&format!("四、国有资产占用情况。截至{}年底，本部门共有车辆{}辆，单位价值50万元以上通用设备{}台（套）。", year - 1, rng.range(1, 9), rng.range(0, 4))));
    out.push_str(&p("第三部分　名词解释"));
    out.push_str(&p(
        "“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
    ));
    out
}

pub(super) fn statistics(d: &Planned, v: &Vocab<'_>, rng: &mut Rng) -> String {
    let y = d.published_on.year() - 1;
    if d.agency == GOV {
        let mut out = p(&format!(
            "一、综合。初步核算，{y}年全市地区生产总值{}亿元，按不变价格计算，比上年增长{}%。其中，第一产业增加值{}亿元，第二产业增加值{}亿元，第三产业增加值{}亿元。",
            rng.amount(2400, 3200),
            rng.percent(3, 6),
            rng.amount(150, 260),
            rng.amount(900, 1200),
            rng.amount(1300, 1700)
        ));
        out.push_str(&p(&format!("二、固定资产投资。全年固定资产投资比上年增长{}%，其中基础设施投资增长{}%，民间投资增长{}%。", rng.percent(2, 8), rng.percent(3, 10), rng.percent(1, 6))));
        out.push_str(&p(&format!("三、人民生活。全年全市居民人均可支配收入{}元，比上年增长{}%。年末城镇登记失业率控制在{}%以内。", rng.range(32_000, 48_000), rng.percent(4, 6), rng.range(3, 4))));
        out.push_str(&p("注：本公报中数据均为初步统计数。地区生产总值和各产业增加值绝对数按现价计算，增长速度按不变价格计算。"));
        return out;
    }
    let mut out = p(&format!(
        "一、总体情况。{y}年，全市{}工作坚持稳中求进，各项事业保持平稳健康发展，主要指标完成年度目标。",
        v.field
    ));
    out.push_str(&p(&format!(
        "二、主要指标。年末全市共有相关服务机构{}个，比上年增长{}%；从业人员{}人，增长{}%；全年服务对象{}万人次。",
        rng.range(120, 900), rng.percent(1, 8), rng.range(1500, 9000), rng.percent(1, 6), rng.amount(10, 90)
    )));
    out.push_str(&p(&format!(
        "三、资金投入。全年{}领域财政投入{}亿元，增长{}%，重点保障民生项目和基层服务能力建设。",
        v.field,
        rng.amount(2, 30),
        rng.percent(1, 9)
    )));
    out.push_str(&p(
        "注：本公报部分数据为初步统计数，个别数据因四舍五入的原因，存在总计与分项合计不等的情况。",
    ));
    out
}

/// Counts for the annual report: (made this year, ended this year, in force at year end).
fn legal_counts(
    docs: &[Planned],
    agency: usize,
    kind: LegalKind,
    year: i32,
) -> (usize, usize, usize) {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let mine = docs
        .iter()
        .filter(|d| d.agency == agency && d.kind == kind && d.shape == Shape::Topic);
    let made = mine
        .clone()
        .filter(|d| d.published_on.year() == year)
        .count();
    let ended = mine
        .clone()
        .filter(|d| d.ended_on.is_some_and(|e| e.year() == year))
        .count();
    let live = mine
        .filter(|d| d.published_on <= end && d.ended_on.is_none_or(|e| e > end))
        .count();
    (made, ended, live)
}

/// 五、存在的主要问题及改进情况 of the demo's annual reports.
pub(super) const REPORT_PROBLEMS: &str = "一是政策解读的形式还不够丰富，二是部分栏目更新频率有待提高。下一步，将进一步规范公开流程，加强业务培训，提升政府信息公开工作的质量和实效。";

pub(super) fn annual_report(docs: &[Planned], d: &Planned, year: i32, rng: &mut Rng) -> String {
    let spec = &AGENCIES[d.agency];
    let mut published = docs
        .iter()
        .filter(|x| x.agency == d.agency && x.published_on.year() == year)
        .count();
    if published == 0 {
        // The year before the demo begins: nothing of it is in the catalogue.
        published = rng.range(20, 60) as usize;
    }
    let mut out = p(&format!(
        "本报告根据《中华人民共和国政府信息公开条例》第五十条的规定编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    ));
    out.push_str(&p("一、总体情况"));
    out.push_str(&p(&format!(
        "{year}年，{}认真贯彻落实政府信息公开条例，围绕中心工作，深化决策、执行、管理、服务、结果公开，全年通过政府网站主动公开政府信息{published}条，政府信息公开专栏各栏目及时更新。",
        spec.name
    )));
    out.push_str(&p("二、主动公开政府信息情况"));
    let mut table = String::from(
        "<table><tbody><tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>",
    );
    for (label, kind) in [
        ("规章", LegalKind::Rule),
        ("行政规范性文件", LegalKind::Normative),
    ] {
        let (made, ended, live) = legal_counts(docs, d.agency, kind, year);
        table.push_str(&format!(
            "<tr><td>{label}</td><td>{made}</td><td>{ended}</td><td>{live}</td></tr>"
        ));
    }
    table.push_str("</tbody></table>");
    out.push_str(&table);
    let new = rng.range(5, 60);
    let (open, part, none, unable) = (new * 5 / 10, new / 10, new / 20, new / 5);
    out.push_str(&p("三、收到和处理政府信息公开申请情况"));
    out.push_str(&p(&format!(
        "本年新收政府信息公开申请{new}件，上年结转{}件。其中予以公开{open}件，部分公开{part}件，不予公开{none}件，本机关不掌握相关政府信息等无法提供{unable}件，其余申请已按规定作出不予处理或其他处理。",
        rng.range(0, 3)
    )));
    out.push_str(&p("四、政府信息公开行政复议、行政诉讼情况"));
    out.push_str(&p(&format!(
        "本年因政府信息公开被申请行政复议{}件，被提起行政诉讼{}件，均已依法办结。",
        rng.range(0, 2),
        rng.range(0, 1)
    )));
    out.push_str(&p("五、存在的主要问题及改进情况"));
    out.push_str(&p(REPORT_PROBLEMS));
    out.push_str(&p("六、其他需要报告的事项"));
    out.push_str(&p("本年度未收取信息处理费。"));
    out
}

/// The 机构职能 page of an agency.
pub(super) fn functions_page(spec: &AgencySpec) -> String {
    let mut out = p("一、主要职能");
    for (i, duty) in spec.duties.iter().enumerate() {
        out.push_str(&p(&format!("（{}）{duty}。", numeral(i + 1))));
    }
    out.push_str(&p("二、办公地址和联系方式"));
    out.push_str(&p(&format!("办公地址：{}", spec.address)));
    out.push_str(&p(&format!("办公时间：{}", OFFICE_HOURS)));
    out.push_str(&p(&format!("联系电话：{}", phone(spec.phone))));
    out
}
