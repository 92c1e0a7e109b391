//! What each demo agency writes about: title templates with their catalogue metadata. The
//! planner rotates through an agency's list year by year; a template used again is a new
//! year's edition, or for a named instrument (`《…》`, 办法, 规定) a revision that repeals the
//! one before.
//!
//! Title placeholders: `{org}` the issuers' names (joint documents list every agency),
//! `{year}` the year of publication, `{prev}` the year before, `{next2}` two years after.

use gongkai_domain::catalogue::classification::{Genre as G, LegalKind as K};

/// Index of 示例市人民政府 in the agency table.
pub(super) const GOV: usize = 0;
/// 示例市民政局.
pub(super) const MZJ: usize = 1;
/// 示例市教育局.
pub(super) const JYJ: usize = 2;
/// 示例市财政局.
pub(super) const CZJ: usize = 3;
/// 示例市生态环境局.
pub(super) const STHJJ: usize = 4;
/// 示例市市场监督管理局.
pub(super) const SCJGJ: usize = 5;
/// 示例市人力资源和社会保障局.
pub(super) const RSJ: usize = 6;

/// One kind of document an agency issues.
#[derive(Debug, Clone, Copy)]
pub(super) struct Topic {
    /// Title template.
    pub title: &'static str,
    /// What the document is about, as it reads inside sentences (“做好{matter}工作”).
    pub matter: &'static str,
    /// 文种.
    pub genre: G,
    /// 规章 / 行政规范性文件 / 其他文件.
    pub kind: K,
    /// 主题分类 code of the shipped taxonomy.
    pub subject: &'static str,
    /// 第二十条 item.
    pub item: u8,
    /// 主题词.
    pub keywords: &'static str,
    /// Joint issuers besides the agency (indexes of the agency table).
    pub co: &'static [usize],
    /// 有效期 in years (0: none stated), for normative documents.
    pub term: u8,
    /// Issued once although its title names a year (a three-year plan).
    pub once: bool,
}

const fn t(
    title: &'static str,
    matter: &'static str,
    genre: G,
    kind: K,
    subject: &'static str,
    item: u8,
    keywords: &'static str,
) -> Topic {
    Topic {
        title,
        matter,
        genre,
        kind,
        subject,
        item,
        keywords,
        co: &[],
        term: 0,
        once: false,
    }
}

impl Topic {
    const fn co(self, co: &'static [usize]) -> Topic {
        Topic { co, ..self }
    }

    const fn term(self, term: u8) -> Topic {
        Topic { term, ..self }
    }

    const fn once(self) -> Topic {
        Topic { once: true, ..self }
    }

    /// Whether the title names a year: a new edition comes out every year or so.
    pub fn yearly(&self) -> bool {
        !self.once && (self.title.contains("{year}") || self.title.contains("{prev}"))
    }

    /// Whether the document is an instrument that stays in force until it is revised: a
    /// revision repeals it.
    pub fn revisable(&self) -> bool {
        !self.title.contains("{year}")
            && (self.title.contains('《') || matches!(self.genre, G::Measures | G::Provisions))
    }
}

#[rustfmt::skip]
const GOV_TOPICS: &[Topic] = &[
    t("示例市城市市容和环境卫生管理办法", "城市市容和环境卫生管理", G::Measures, K::Rule, "1002", 1, "市容 环境卫生 城市管理"),
    t("示例市养犬管理规定", "养犬管理", G::Provisions, K::Rule, "1601", 1, "养犬 城市管理 公共秩序"),
    t("{org}关于印发《示例市优化营商环境若干措施》的通知", "优化营商环境", G::Notice, K::Normative, "0302", 1, "营商环境 市场主体 政务服务").term(3),
    t("示例市节约用水管理办法", "节约用水管理", G::Measures, K::Rule, "0503", 1, "节约用水 水资源 用水定额"),
    t("{org}关于印发《示例市{year}年国民经济和社会发展计划》的通知", "国民经济和社会发展计划", G::Notice, K::Other, "0301", 3, "发展计划 经济社会发展"),
    t("示例市{prev}年国民经济和社会发展统计公报", "国民经济和社会发展统计", G::Other, K::Other, "0303", 4, "统计公报 国民经济 社会发展"),
    t("{org}关于下达{year}年市级重大建设项目计划的通知", "市级重大建设项目", G::Notice, K::Other, "0306", 10, "重大项目 项目建设 投资计划"),
    t("示例市公共数据管理办法", "公共数据管理", G::Measures, K::Rule, "0204", 1, "公共数据 数据共享 电子政务"),
    t("{org}关于印发《示例市突发事件总体应急预案》的通知", "突发事件应急处置", G::Notice, K::Other, "0203", 12, "应急预案 突发事件 应急管理"),
    t("{org}关于公布{year}年度市级行政事业性收费项目目录清单的公告", "行政事业性收费项目目录清单", G::Announcement, K::Other, "0304", 8, "收费目录 行政事业性收费"),
    t("{org}关于加快推进数字政府建设的实施意见", "数字政府建设", G::Opinion, K::Normative, "0204", 1, "数字政府 一网通办 电子政务"),
    t("{org}关于做好{year}年安全生产工作的通知", "安全生产", G::Notice, K::Other, "0905", 13, "安全生产 隐患排查 监督检查"),
    t("{org}关于调整{year}年度市政府领导同志工作分工的通知", "市政府领导同志工作分工", G::Notice, K::Other, "0209", 2, "工作分工 领导同志"),
    t("{org}关于示范区部分行政区划调整的批复", "部分行政区划调整", G::Reply, K::Other, "1704", 15, "行政区划 区划调整"),
    t("{org}关于公布{year}年市级政务服务事项目录的通知", "市级政务服务事项目录", G::Notice, K::Other, "0201", 5, "政务服务 事项目录 行政许可"),
    t("{org}关于{year}年度示例市科学技术奖励的决定", "科学技术奖励", G::Decision, K::Other, "1101", 15, "科学技术奖 科技创新 表彰"),
    t("{org}关于{year}年春节期间燃放烟花爆竹有关事项的通告", "春节期间燃放烟花爆竹管理", G::Circular, K::Other, "1601", 12, "烟花爆竹 公共安全 春节"),
    t("{org}关于商请支持示例市城市更新试点工作的函", "城市更新试点", G::Letter, K::Other, "1002", 15, "城市更新 试点 商请支持"),
    t("{org}关于印发《示例市城乡居民基本医疗保险实施办法》的通知", "城乡居民基本医疗保险", G::Notice, K::Normative, "1502", 11, "基本医疗保险 城乡居民 社会保障").term(5),
    t("{org}关于{year}年市级政府集中采购目录及限额标准的通知", "政府集中采购目录及限额标准", G::Notice, K::Normative, "0401", 9, "政府采购 集中采购目录 限额标准").term(1),
    t("{org}关于{year}年市直机关公开遴选公务员的公告", "市直机关公开遴选公务员", G::Announcement, K::Other, "1503", 14, "公务员 遴选 市直机关"),
];

#[rustfmt::skip]
const MZJ_TOPICS: &[Topic] = &[
    t("{org}关于印发《示例市最低生活保障审核确认办法》的通知", "最低生活保障审核确认", G::Notice, K::Normative, "1703", 1, "最低生活保障 审核确认 社会救助").term(5),
    t("示例市养老服务补贴管理办法", "养老服务补贴", G::Measures, K::Normative, "1703", 11, "养老服务 补贴 老年人").co(&[CZJ]).term(3),
    t("{org}关于印发《示例市社会组织登记管理工作规程》的通知", "社会组织登记管理", G::Notice, K::Normative, "1705", 5, "社会组织 登记管理 年度检查").term(5),
    t("{org}关于调整{year}年城乡最低生活保障标准的通知", "城乡最低生活保障标准调整", G::Notice, K::Normative, "1703", 11, "低保标准 城乡低保 社会救助").co(&[CZJ]),
    t("{org}关于做好{year}年冬春困难群众生活救助工作的通知", "冬春困难群众生活救助", G::Notice, K::Other, "1701", 11, "生活救助 困难群众 冬春救助"),
    t("{org}关于{year}年度社会组织年度检查结果的公告", "社会组织年度检查", G::Announcement, K::Other, "1705", 5, "社会组织 年度检查 检查结果"),
    t("{org}关于撤销{year}年度部分社会组织登记的公告", "未按规定参加年检社会组织的处理", G::Announcement, K::Other, "1705", 6, "撤销登记 社会组织 行政处罚"),
    t("{org}关于印发《示例市民政事业发展三年行动计划（{year}—{next2}年）》的通知", "民政事业发展", G::Notice, K::Other, "1707", 3, "民政事业 行动计划 发展规划").once(),
    t("示例市{prev}年民政事业发展统计公报", "民政事业发展统计", G::Other, K::Other, "1707", 4, "统计公报 民政事业"),
    t("{org}关于{year}年度示范区新建道路命名的批复", "新建道路命名", G::Reply, K::Other, "1704", 15, "地名 道路命名"),
    t("{org}关于印发《示例市自然灾害救助应急预案》的通知", "自然灾害救助", G::Notice, K::Other, "1701", 12, "自然灾害 救助 应急预案"),
    t("{org}关于商请提供{year}年度城乡低保对象核查数据的函", "低保对象信息核查", G::Letter, K::Other, "1703", 15, "低保核查 数据共享"),
    t("{org}关于做好{year}年养老机构安全管理工作的通知", "养老机构安全管理", G::Notice, K::Other, "1703", 13, "养老机构 安全管理 监督检查"),
];

#[rustfmt::skip]
const JYJ_TOPICS: &[Topic] = &[
    t("{org}关于印发《示例市义务教育学校招生入学工作实施办法》的通知", "义务教育学校招生入学", G::Notice, K::Normative, "1102", 1, "义务教育 招生入学 学区").term(3),
    t("示例市学生资助资金管理办法", "学生资助资金管理", G::Measures, K::Normative, "1102", 11, "学生资助 资助资金 家庭经济困难学生").co(&[CZJ]).term(5),
    t("{org}关于印发《示例市校外培训机构监督管理办法》的通知", "校外培训机构监督管理", G::Notice, K::Normative, "1102", 5, "校外培训 监督管理 培训机构").term(5),
    t("{org}关于做好{year}年义务教育招生入学工作的通知", "义务教育招生入学", G::Notice, K::Other, "1102", 11, "招生入学 义务教育"),
    t("{org}关于公布{year}年民办学校年度检查结果的公告", "民办学校年度检查", G::Announcement, K::Other, "1102", 5, "民办学校 年度检查"),
    t("{org}关于做好{year}年中小学校安全工作的通知", "中小学校安全", G::Notice, K::Other, "1102", 13, "校园安全 中小学 安全检查"),
    t("{org}关于印发《示例市教育事业发展三年行动计划（{year}—{next2}年）》的通知", "教育事业发展", G::Notice, K::Other, "1102", 3, "教育事业 行动计划").once(),
    t("示例市{prev}年教育事业统计公报", "教育事业统计", G::Other, K::Other, "1102", 4, "统计公报 教育事业"),
    t("{org}关于{year}年度部分学校更名事项的批复", "学校更名", G::Reply, K::Other, "1102", 15, "学校更名 批复"),
    t("{org}关于{year}年公开招聘中小学教师的公告", "中小学教师公开招聘", G::Announcement, K::Other, "1102", 14, "教师招聘 事业单位 公开招聘"),
    t("{org}关于印发《示例市学校突发公共卫生事件应急预案》的通知", "学校突发公共卫生事件应对", G::Notice, K::Other, "1102", 12, "应急预案 公共卫生 学校"),
    t("{org}关于征求{year}年度教育民生实事项目意见的函", "教育民生实事项目", G::Letter, K::Other, "1102", 15, "民生实事 征求意见"),
    t("{org}关于对违规办学行为实施行政处罚的通告", "违规办学行为查处", G::Circular, K::Other, "1102", 6, "违规办学 行政处罚"),
];

#[rustfmt::skip]
const CZJ_TOPICS: &[Topic] = &[
    t("{org}关于印发《示例市市级财政专项资金管理办法》的通知", "市级财政专项资金管理", G::Notice, K::Normative, "0401", 1, "专项资金 资金管理 绩效评价").term(5),
    t("示例市政府采购框架协议采购管理暂行办法", "政府采购框架协议采购", G::Measures, K::Normative, "0401", 9, "政府采购 框架协议").term(2),
    t("关于示例市{prev}年预算执行情况和{year}年预算草案的报告", "预算执行和预算草案", G::Report, K::Other, "0401", 7, "预算执行 预算草案 财政收支"),
    t("{org}关于公布{year}年度行政事业性收费项目目录的通知", "行政事业性收费项目目录", G::Notice, K::Other, "0304", 8, "收费目录 行政事业性收费"),
    t("{org}关于下达{year}年市级重大建设项目财政资金的通知", "市级重大建设项目资金", G::Notice, K::Other, "0306", 10, "重大项目 财政资金"),
    t("{org}关于印发《示例市政府性债务风险应急处置预案》的通知", "政府性债务风险应急处置", G::Notice, K::Other, "0401", 12, "债务风险 应急处置 预案"),
    t("{org}关于做好{year}年度会计监督检查工作的通知", "会计监督检查", G::Notice, K::Other, "0401", 13, "会计监督 财会监督 检查"),
    t("{org}关于示范区{year}年财政预算调整方案的批复", "财政预算调整方案", G::Reply, K::Other, "0401", 7, "预算调整 批复"),
    t("{org}关于商请提供{year}年度部门整体支出绩效自评报告的函", "部门整体支出绩效自评", G::Letter, K::Other, "0401", 15, "绩效自评 部门整体支出"),
    t("示例市{prev}年财政收支统计数据", "财政收支统计", G::Other, K::Other, "0401", 4, "财政收支 统计数据"),
    t("{org}关于{year}年度政府采购违法违规行为处理决定的公告", "政府采购违法违规行为处理", G::Announcement, K::Other, "0401", 6, "政府采购 行政处罚 处理决定"),
    t("{org}关于公布{year}年度财政行政审批事项清单的通知", "财政行政审批事项", G::Notice, K::Other, "0401", 5, "行政审批 事项清单"),
    t("{org}关于下达{year}年城乡困难群众救助补助资金的通知", "困难群众救助补助资金", G::Notice, K::Other, "0401", 11, "救助资金 困难群众 资金下达"),
];

#[rustfmt::skip]
const STHJJ_TOPICS: &[Topic] = &[
    t("{org}关于印发《示例市生态环境行政处罚自由裁量基准》的通知", "生态环境行政处罚自由裁量", G::Notice, K::Normative, "1003", 6, "行政处罚 自由裁量 生态环境").term(3),
    t("示例市排污许可证管理规定", "排污许可证管理", G::Provisions, K::Normative, "1003", 5, "排污许可 污染物排放").term(5),
    t("{org}关于{year}年度重点排污单位名录的公告", "重点排污单位名录", G::Announcement, K::Other, "1003", 13, "重点排污单位 名录 环境监管"),
    t("{org}关于印发《示例市突发环境事件应急预案》的通知", "突发环境事件应对", G::Notice, K::Other, "1003", 12, "突发环境事件 应急预案"),
    t("示例市{prev}年生态环境状况公报", "生态环境状况", G::Other, K::Other, "1003", 4, "生态环境状况 公报 环境质量"),
    t("{org}关于{year}年建设项目环境影响评价文件审批决定的公告", "建设项目环境影响评价审批", G::Announcement, K::Other, "1003", 5, "环境影响评价 审批"),
    t("{org}关于开展{year}年机动车排放检验机构联合检查的通知", "机动车排放检验机构检查", G::Notice, K::Other, "1003", 13, "机动车排放 检验机构 联合检查").co(&[SCJGJ]),
    t("{org}关于印发《示例市大气污染防治{year}年度实施方案》的通知", "大气污染防治", G::Notice, K::Other, "1003", 3, "大气污染防治 实施方案"),
    t("{org}关于{year}年度环境违法行为行政处罚情况的公告", "环境违法行为行政处罚", G::Announcement, K::Other, "1003", 6, "环境违法 行政处罚"),
    t("{org}关于商请协助开展{year}年度土壤污染状况调查的函", "土壤污染状况调查", G::Letter, K::Other, "1003", 15, "土壤污染 状况调查"),
    t("{org}关于进一步加强建设项目环境影响评价管理的意见", "建设项目环境影响评价管理", G::Opinion, K::Normative, "1003", 1, "环境影响评价 建设项目 事中事后监管"),
    t("{org}关于示范区{year}年度污水处理设施建设方案的批复", "污水处理设施建设", G::Reply, K::Other, "1004", 10, "污水处理 设施建设"),
    t("{org}关于做好{year}年生态环境领域稳岗就业工作的通知", "生态环境领域稳岗就业", G::Notice, K::Other, "1003", 11, "稳岗就业 生态环保产业"),
];

#[rustfmt::skip]
const SCJGJ_TOPICS: &[Topic] = &[
    t("{org}关于印发《示例市市场监督管理行政处罚裁量权适用规定》的通知", "市场监督管理行政处罚裁量权", G::Notice, K::Normative, "0906", 6, "行政处罚 裁量权 市场监管").term(5),
    t("示例市食品小作坊登记管理办法", "食品小作坊登记管理", G::Measures, K::Normative, "0904", 5, "食品小作坊 登记管理 食品安全").term(3),
    t("{org}关于{year}年食品安全监督抽检情况的通告", "食品安全监督抽检", G::Circular, K::Other, "0904", 13, "食品安全 监督抽检"),
    t("{org}关于{year}年度产品质量监督抽查结果的通告", "产品质量监督抽查", G::Circular, K::Other, "0902", 13, "产品质量 监督抽查"),
    t("{org}关于印发《示例市食品安全事故应急预案》的通知", "食品安全事故应对", G::Notice, K::Other, "0904", 12, "食品安全事故 应急预案"),
    t("{org}关于做好{year}年度市场主体年度报告公示工作的通知", "市场主体年度报告公示", G::Notice, K::Other, "0901", 5, "年度报告 市场主体 信用公示"),
    t("{org}关于下达{year}年度示例市地方标准制定计划的通知", "地方标准制定", G::Notice, K::Other, "0903", 3, "地方标准 标准化"),
    t("示例市{prev}年市场主体发展统计分析", "市场主体发展统计", G::Other, K::Other, "0901", 4, "市场主体 统计分析"),
    t("{org}关于{year}年度计量检定机构授权事项的批复", "计量检定机构授权", G::Reply, K::Other, "0902", 5, "计量检定 授权"),
    t("{org}关于商请协查{year}年度案件线索的函", "案件线索协查", G::Letter, K::Other, "0906", 15, "案件协查 线索"),
    t("{org}关于加强电梯安全监督管理工作的意见", "电梯安全监督管理", G::Opinion, K::Normative, "0902", 1, "电梯安全 特种设备"),
    t("{org}关于公布{year}年度行政收费项目和标准的公告", "行政收费项目和标准", G::Announcement, K::Other, "0906", 8, "收费项目 收费标准"),
    t("{org}关于做好{year}年个体工商户纾困帮扶工作的通知", "个体工商户纾困帮扶", G::Notice, K::Other, "0901", 11, "个体工商户 纾困帮扶 稳就业"),
];

#[rustfmt::skip]
const RSJ_TOPICS: &[Topic] = &[
    t("{org}关于印发《示例市就业补助资金管理办法》的通知", "就业补助资金管理", G::Notice, K::Normative, "1501", 11, "就业补助资金 资金管理 就业创业").co(&[CZJ]).term(5),
    t("示例市工伤保险实施办法", "工伤保险", G::Measures, K::Normative, "1502", 11, "工伤保险 社会保险 待遇").term(5),
    t("{org}关于调整{year}年全市最低工资标准的通知", "最低工资标准调整", G::Notice, K::Normative, "1501", 1, "最低工资 工资标准"),
    t("示例市{year}年度考试录用公务员公告", "公务员考试录用", G::Announcement, K::Other, "1503", 14, "公务员 考试录用 招考"),
    t("{org}关于公布{year}年度职业技能培训补贴目录的通知", "职业技能培训补贴", G::Notice, K::Other, "1501", 11, "职业技能培训 补贴目录"),
    t("{org}关于做好{year}年高校毕业生就业创业工作的通知", "高校毕业生就业创业", G::Notice, K::Other, "1501", 11, "高校毕业生 就业创业"),
    t("{org}关于{year}年度劳动保障监察执法情况的通告", "劳动保障监察执法", G::Circular, K::Other, "1501", 6, "劳动保障监察 行政处罚 欠薪"),
    t("{org}关于印发《示例市人力资源和社会保障事业发展三年行动计划（{year}—{next2}年）》的通知", "人力资源和社会保障事业发展", G::Notice, K::Other, "1507", 3, "人社事业 行动计划").once(),
    t("示例市{prev}年人力资源和社会保障事业发展统计公报", "人力资源和社会保障事业统计", G::Other, K::Other, "1507", 4, "统计公报 人社事业"),
    t("{org}关于{year}年度示例市技工学校招生计划的批复", "技工学校招生计划", G::Reply, K::Other, "1501", 15, "技工学校 招生计划"),
    t("{org}关于商请提供{year}年度社会保险参保数据的函", "社会保险参保数据共享", G::Letter, K::Other, "1502", 15, "社会保险 参保数据"),
    t("{org}关于做好{year}年度社会保险基金安全检查工作的通知", "社会保险基金安全检查", G::Notice, K::Other, "1502", 13, "社保基金 安全检查"),
];

/// The topics every department shares (their 部门预算 and 决算 are scheduled separately).
#[rustfmt::skip]
const DEPARTMENT_TOPICS: &[Topic] = &[
    t("{org}关于调整{year}年度领导班子成员工作分工的通知", "领导班子成员工作分工", G::Notice, K::Other, "", 2, "工作分工 领导班子 机构职能"),
    t("{org}{year}年公开遴选公务员公告", "公开遴选公务员", G::Announcement, K::Other, "1503", 14, "公务员 遴选 招考"),
    t("{org}关于印发《{year}年政务公开工作要点》的通知", "政务公开", G::Notice, K::Other, "0201", 15, "政务公开 工作要点"),
    t("{org}{year}年政府采购意向公开", "政府采购意向", G::Announcement, K::Other, "0401", 9, "政府采购 采购意向"),
];

/// The topics of agency `agency` (index of the agency table) in rotation order, with the
/// department-wide ones filled in with `main_subject` where they leave the subject open.
pub(super) fn topics_of(agency: usize, main_subject: &'static str) -> Vec<Topic> {
    let own = match agency {
        GOV => GOV_TOPICS,
        MZJ => MZJ_TOPICS,
        JYJ => JYJ_TOPICS,
        CZJ => CZJ_TOPICS,
        STHJJ => STHJJ_TOPICS,
        SCJGJ => SCJGJ_TOPICS,
        RSJ => RSJ_TOPICS,
        _ => &[],
    };
    let mut all = own.to_vec();
    if agency != GOV {
        all.extend(DEPARTMENT_TOPICS.iter().map(|topic| Topic {
            subject: if topic.subject.is_empty() {
                main_subject
            } else {
                topic.subject
            },
            ..*topic
        }));
    }
    all
}
