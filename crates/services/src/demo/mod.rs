//! The demo site group: a fictional 示例市人民政府 portal with six department sub-sites, their
//! 政府信息公开 column trees, five years of generated catalogue documents and one account for
//! every role. Loaded on first start into an empty database so that a new installation shows
//! what the platform does.
//!
//! Everything is invented: the codes are generated with valid check characters under a
//! non-existent division code, the telephone numbers use the unassigned area code 0999, and
//! the text comes from phrase tables combined by a fixed-seed PRNG, so the demo is the same on
//! every machine for a given business date and passes its own personal-data scan.
//!
//! - `topics`: what each agency writes about; `plan`: when, with which numbers and links;
//!   `text` and `reports`: the body and summary of each document, and the page columns.

mod cases;
mod plan;
mod reports;
mod rng;
#[cfg(test)]
mod tests;
mod text;
mod topics;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use gongkai_domain::agency::code::{credit_code_check_char, org_code_check_char};
use gongkai_domain::auth::{Grant, Role};
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_domain::ids::AgencyId;
use gongkai_domain::report::format::Format;
use gongkai_domain::site::ColumnKind;
use gongkai_store::{Store, agencies};

use crate::accounts::{NewUser, create_user};
use crate::error::{ServiceError, ServiceResult};
use crate::organisation::{
    AgencyForm, ColumnForm, SiteForm, create_agency, create_column, create_site,
};
use crate::publishing::{import_published, link_replacement};
use crate::time::today_cst;

/// The password of every demo account (letters and digits, as `accounts::check_password` asks).
pub const DEMO_PASSWORD: &str = "Demo2026gk";

/// One demo account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAccount {
    /// Login name.
    pub username: &'static str,
    /// Password in clear: it is printed at start and listed in the README.
    pub password: &'static str,
    /// Name shown in the console.
    pub display_name: &'static str,
    /// The one role the account holds.
    pub role: Role,
    /// Name of the agency the role is held for; empty for 系统管理员.
    pub agency: &'static str,
}

const fn account(
    username: &'static str,
    display_name: &'static str,
    role: Role,
    agency: &'static str,
) -> DemoAccount {
    DemoAccount {
        username,
        password: DEMO_PASSWORD,
        display_name,
        role,
        agency,
    }
}

/// The demo accounts: one for every role, and two in 教育局 to show that agencies do not see
/// each other's drafts.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    account("admin", "系统管理员", Role::SystemAdmin, ""),
    account(
        "gkb",
        "市政府公开办",
        Role::DisclosureOffice,
        "示例市人民政府",
    ),
    account(
        "mzj-admin",
        "民政局机关管理员",
        Role::AgencyAdmin,
        "示例市民政局",
    ),
    account("mzj-editor", "民政局信息员", Role::Editor, "示例市民政局"),
    account(
        "mzj-reviewer",
        "民政局审核人",
        Role::Reviewer,
        "示例市民政局",
    ),
    account(
        "mzj-handler",
        "民政局承办人",
        Role::CaseHandler,
        "示例市民政局",
    ),
    account("jyj-editor", "教育局信息员", Role::Editor, "示例市教育局"),
    account(
        "jyj-reviewer",
        "教育局审核人",
        Role::Reviewer,
        "示例市教育局",
    ),
];

/// What the demo loader created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    /// Agencies.
    pub agencies: usize,
    /// Sites (the portal and the department sub-sites).
    pub sites: usize,
    /// Columns of all sites.
    pub columns: usize,
    /// Published documents.
    pub documents: usize,
    /// Staff accounts.
    pub accounts: usize,
}

/// A demo agency with its site.
pub(super) struct AgencySpec {
    /// 机关名称, also the site's name.
    pub name: &'static str,
    /// How the agency names itself in running text.
    pub short: &'static str,
    /// Site slug and host label.
    pub slug: &'static str,
    /// 机关代字 of its 发文字号 (`示民` → `示民发〔2024〕3号`).
    pub abbr: &'static str,
    /// Its field of work, as in “全市{field}工作”.
    pub field: &'static str,
    /// Its usual 主题分类.
    pub subject: &'static str,
    /// The eight body characters of its 组织机构代码.
    pub org_body: &'static str,
    /// 索引号 pattern; empty for the default.
    pub index_pattern: &'static str,
    /// Office address.
    pub address: &'static str,
    /// Local part of the office telephone number (fax is the next number).
    pub phone: u32,
    /// The functions shown on the 机构职能 page.
    pub duties: &'static [&'static str],
}

/// A fictional division code: no province has the code 99.
const DIVISION: &str = "999900";
/// A fictional telephone area code.
const AREA_CODE: &str = "0999";
/// The registered domain of the site group.
const DOMAIN: &str = "shili.gov.cn";
/// Office hours of every disclosure office.
const OFFICE_HOURS: &str = "工作日 上午9:00—12:00，下午1:30—5:30";

pub(super) const AGENCIES: &[AgencySpec] = &[
    AgencySpec {
        name: "示例市人民政府",
        short: "市政府",
        slug: "www",
        abbr: "示政",
        field: "政务",
        subject: "0209",
        org_body: "99990001",
        index_pattern: "",
        address: "示例市示范区政务大道1号市民中心A座",
        phone: 86010000,
        duties: &[
            "执行市人民代表大会及其常务委员会的决议和上级国家行政机关的决定和命令，规定行政措施，发布决定和命令",
            "领导所属各工作部门和下级人民政府的工作",
            "编制和执行国民经济和社会发展计划、预算，管理本行政区域内的经济、教育、科学、文化、卫生、体育、城乡建设等事业和财政、民政、公安、司法行政等行政工作",
            "办理上级国家行政机关交办的其他事项",
        ],
    },
    AgencySpec {
        name: "示例市民政局",
        short: "市民政局",
        slug: "mzj",
        abbr: "示民",
        field: "民政",
        subject: "1707",
        org_body: "99990002",
        index_pattern: "",
        address: "示例市示范区政务大道1号市民中心B座5楼",
        phone: 86020000,
        duties: &[
            "拟订全市民政事业发展规划和政策措施并组织实施",
            "负责社会组织登记管理和执法监督工作",
            "统筹推进、督促指导、监督管理养老服务工作",
            "负责最低生活保障、特困人员救助供养、临时救助等社会救助工作",
            "负责行政区划、地名管理和婚姻登记管理工作",
        ],
    },
    AgencySpec {
        name: "示例市教育局",
        short: "市教育局",
        slug: "jyj",
        abbr: "示教",
        field: "教育",
        subject: "1102",
        org_body: "99990003",
        index_pattern: "",
        address: "示例市示范区文教路18号",
        phone: 86030000,
        duties: &[
            "贯彻执行国家和省教育工作方针政策，拟订全市教育事业发展规划并组织实施",
            "统筹管理全市基础教育、职业教育和继续教育工作",
            "负责全市学生资助和教育经费的统筹管理",
            "负责中小学校安全和校外培训机构的监督管理",
            "组织全市教育督导评估工作",
        ],
    },
    AgencySpec {
        name: "示例市财政局",
        short: "市财政局",
        slug: "czj",
        abbr: "示财",
        field: "财政",
        subject: "0401",
        org_body: "99990004",
        index_pattern: "",
        address: "示例市示范区政务大道1号市民中心C座3楼",
        phone: 86040000,
        duties: &[
            "拟订全市财政发展规划和政策措施并组织实施",
            "负责编制年度市级预决算草案并组织执行",
            "负责管理市级各项财政收入和政府非税收入",
            "负责政府采购的监督管理工作",
            "负责全市会计管理和财会监督工作",
        ],
    },
    AgencySpec {
        name: "示例市生态环境局",
        short: "市生态环境局",
        slug: "sthjj",
        abbr: "示环",
        field: "生态环境",
        subject: "1003",
        org_body: "99990005",
        index_pattern: "{code}/{year}{month}-{seq:04}",
        address: "示例市示范区绿洲路66号",
        phone: 86050000,
        duties: &[
            "负责建立健全全市生态环境基本制度",
            "负责重大生态环境问题的统筹协调和监督管理",
            "负责环境污染防治的监督管理和排污许可管理",
            "负责生态环境监测和生态环境执法工作",
            "组织开展生态环境保护宣传教育",
        ],
    },
    AgencySpec {
        name: "示例市市场监督管理局",
        short: "市市场监管局",
        slug: "scjgj",
        abbr: "示市监",
        field: "市场监管",
        subject: "0906",
        org_body: "99990006",
        index_pattern: "",
        address: "示例市示范区商贸大街200号",
        phone: 86060000,
        duties: &[
            "负责全市市场综合监督管理和市场主体统一登记注册",
            "负责食品安全监督管理综合协调和监督抽检",
            "负责产品质量安全和特种设备安全监督管理",
            "负责计量、标准化和认证认可工作",
            "负责市场监管领域综合行政执法",
        ],
    },
    AgencySpec {
        name: "示例市人力资源和社会保障局",
        short: "市人力资源社会保障局",
        slug: "rsj",
        abbr: "示人社",
        field: "人力资源和社会保障",
        subject: "1501",
        org_body: "99990007",
        index_pattern: "",
        address: "示例市示范区民生路9号",
        phone: 86070000,
        duties: &[
            "拟订全市人力资源和社会保障事业发展规划和政策并组织实施",
            "负责促进就业工作，统筹城乡就业创业",
            "统筹建立覆盖城乡的社会保障体系，负责社会保险基金监督",
            "负责劳动关系协调和劳动保障监察工作",
            "会同有关部门做好公务员考试录用工作",
        ],
    },
];

/// The agency's 统一社会信用代码: `11` (机关), the division, its 组织机构代码 with check
/// character, and the credit code's own check character.
pub(super) fn credit_code(spec: &AgencySpec) -> ServiceResult<String> {
    let org_check = org_code_check_char(spec.org_body)
        .ok_or_else(|| ServiceError::Internal(format!("组织机构代码 {} 无效", spec.org_body)))?;
    let body = format!("11{DIVISION}{}{org_check}", spec.org_body);
    let check = credit_code_check_char(&body)
        .ok_or_else(|| ServiceError::Internal(format!("统一社会信用代码 {body} 无效")))?;
    Ok(format!("{body}{check}"))
}

pub(super) fn phone(local: u32) -> String {
    format!("{AREA_CODE}-{local}")
}

pub(super) fn office_name(spec: &AgencySpec) -> String {
    if spec.slug == "www" {
        format!("{}办公室政务公开科", spec.name)
    } else {
        format!("{}政务公开办公室", spec.name)
    }
}

pub(super) fn site_url(spec: &AgencySpec) -> String {
    format!("https://{}.{DOMAIN}/", spec.slug)
}

/// Where a document may be placed; the loader maps each to the column of the agency's site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Col {
    Zd,
    Fdzdgknr,
    Jgxx,
    Zcwj,
    Zfgz,
    Gfxwj,
    Qtwj,
    Ghtj,
    Xzzf,
    Czzj,
    Msbz,
    Yjjg,
    Rszk,
    Qtxx,
    Ndbg,
    Xwdt,
    Gzdt,
    Tzgg,
    Zcjd,
}

/// Generated page text of a page column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    None,
    Functions,
}

struct Node {
    parent: Option<usize>,
    slug: &'static str,
    name: &'static str,
    kind: ColumnKind,
    page: Page,
    key: Option<Col>,
    portal_only: bool,
}

const fn node(
    parent: Option<usize>,
    slug: &'static str,
    name: &'static str,
    key: Option<Col>,
) -> Node {
    Node {
        parent,
        slug,
        name,
        kind: ColumnKind::List,
        page: Page::None,
        key,
        portal_only: false,
    }
}

const fn page(parent: usize, slug: &'static str, name: &'static str, page: Page) -> Node {
    Node {
        parent: Some(parent),
        slug,
        name,
        kind: ColumnKind::Page,
        page,
        key: None,
        portal_only: false,
    }
}

/// The column tree of every site, parents before children (`parent` indexes this table). The
/// portal's 政府规章 column is the only one departments lack: 规章 are made by the government.
const TREE: &[Node] = &[
    node(None, "zwgk", "政府信息公开", None),
    // One 指南 per agency: the column links to the one generated from the agency's settings.
    Node {
        kind: ColumnKind::Link,
        ..node(Some(0), "zn", "政府信息公开指南", None)
    },
    node(Some(0), "zd", "政府信息公开制度", Some(Col::Zd)),
    node(Some(0), "fdzdgknr", "法定主动公开内容", Some(Col::Fdzdgknr)),
    page(3, "jgzn", "机构职能", Page::Functions),
    node(Some(3), "jgxx", "机构信息", Some(Col::Jgxx)),
    node(Some(3), "zcwj", "政策文件", Some(Col::Zcwj)),
    Node {
        portal_only: true,
        ..node(Some(6), "zfgz", "政府规章", Some(Col::Zfgz))
    },
    node(Some(6), "gfxwj", "行政规范性文件", Some(Col::Gfxwj)),
    node(Some(6), "qtwj", "其他文件", Some(Col::Qtwj)),
    node(Some(3), "ghtj", "规划计划和统计信息", Some(Col::Ghtj)),
    node(Some(3), "xzzf", "行政许可和行政执法", Some(Col::Xzzf)),
    node(Some(3), "czzj", "财政资金和重大项目", Some(Col::Czzj)),
    node(Some(3), "msbz", "民生保障", Some(Col::Msbz)),
    node(Some(3), "yjjg", "应急管理和监督检查", Some(Col::Yjjg)),
    node(Some(3), "rszk", "公务员招考", Some(Col::Rszk)),
    node(Some(3), "qtxx", "其他主动公开信息", Some(Col::Qtxx)),
    node(Some(0), "ndbg", "政府信息公开年报", Some(Col::Ndbg)),
    Node {
        kind: ColumnKind::Link,
        ..node(Some(0), "ysqgk", "依申请公开", None)
    },
    node(None, "xwdt", "新闻动态", Some(Col::Xwdt)),
    node(Some(19), "gzdt", "工作动态", Some(Col::Gzdt)),
    node(Some(19), "tzgg", "通知公告", Some(Col::Tzgg)),
    node(None, "zcjd", "政策解读", Some(Col::Zcjd)),
];

/// Loads the demo into an empty database: agencies, sites, columns, documents and accounts.
/// Refused when any agency exists. `today` is the business date the five years of documents
/// end at (no later than the date of `now`, which is the instant recorded on every row).
///
/// Everything goes through the same service functions as staff actions (validation, audit
/// entries, outbox events), each in its own transaction: the load is not atomic, and a failure
/// part-way leaves a partial demo that a new load refuses — start again from an empty database.
pub async fn load(store: &Store, today: NaiveDate, now: i64) -> ServiceResult<DemoSummary> {
    if agencies::count(&mut *store.conn().await?).await? > 0 {
        return Err(ServiceError::Refused(
            "数据库不是空的：已有机关，演示数据只能载入空数据库".into(),
        ));
    }
    // Documents cannot be made after the date of `now` (DocumentForm::validate).
    let today = today.min(today_cst(now));
    let mut agency_ids: Vec<i64> = Vec::with_capacity(AGENCIES.len());
    for (i, spec) in AGENCIES.iter().enumerate() {
        let form = AgencyForm {
            name: spec.name.into(),
            short_name: spec.short.into(),
            code: credit_code(spec)?,
            parent_id: agency_ids.first().copied(),
            index_pattern: spec.index_pattern.into(),
            office_name: office_name(spec),
            office_address: spec.address.into(),
            office_hours: OFFICE_HOURS.into(),
            office_phone: phone(spec.phone),
            office_fax: phone(spec.phone + 1),
            office_web: site_url(spec),
            sort_order: i64::try_from(i).unwrap_or_default(),
        };
        agency_ids.push(create_agency(store, None, &form, now).await?);
    }

    // Where an applicant seeks a remedy against each agency's reply: the government above it
    // (行政复议法 2023: the government at its level for a department) and a court.
    for (i, &id) in agency_ids.iter().enumerate() {
        let mut conn = store.conn().await?;
        let mut settings = gongkai_store::applications::agency_settings(&mut conn, id)
            .await?
            .unwrap_or_default();
        let government = i == topics::GOV;
        settings.review_body = if government {
            "示例省人民政府"
        } else {
            "示例市人民政府"
        }
        .into();
        settings.court = if government {
            "示例市中级人民法院"
        } else {
            "示例市城区人民法院"
        }
        .into();
        gongkai_store::applications::set_agency_settings(&mut conn, id, &settings).await?;
    }

    let mut columns: HashMap<(usize, Col), i64> = HashMap::new();
    let mut column_count = 0;
    for (i, spec) in AGENCIES.iter().enumerate() {
        let portal = i == topics::GOV;
        let mut hosts = format!("{}.{DOMAIN}", spec.slug);
        if portal {
            // 127.0.0.1 stays unmapped on purpose: unknown hosts fall back to the portal.
            hosts.push_str(" localhost");
        }
        let n = i + 1;
        let site = SiteForm {
            agency_id: agency_ids[i],
            name: spec.name.into(),
            slug: spec.slug.into(),
            is_portal: portal,
            hosts,
            site_code: format!("99990000{n:02}"),
            icp_record: "示ICP备00000001号".into(),
            police_record: format!("示公网安备 9999000200{n:04}号"),
            theme: String::new(),
            sort_order: i64::try_from(i).unwrap_or_default(),
        };
        let site_id = create_site(store, None, &site, now).await?;
        let mut ids: Vec<Option<i64>> = vec![None; TREE.len()];
        for (k, node) in TREE.iter().enumerate() {
            if node.portal_only && !portal {
                continue;
            }
            let page_html = match node.page {
                Page::None => String::new(),
                Page::Functions => reports::functions_page(spec),
            };
            let form = ColumnForm {
                parent_id: node.parent.and_then(|p| ids[p]),
                slug: node.slug.into(),
                name: node.name.into(),
                kind: node.kind.as_str().into(),
                // 依申请公开 leads to the agency's own form (the portal's to the list of every
                // agency's), the 指南 to the one generated for the site's agency.
                link_url: match (node.kind, node.slug) {
                    (ColumnKind::Link, "zn") => "./gk/zhinan/".to_owned(),
                    (ColumnKind::Link, _) if portal => "/ysqgk/".to_owned(),
                    (ColumnKind::Link, _) => format!("/ysqgk/{}", agency_ids[i]),
                    _ => String::new(),
                },
                page_html,
                sort_order: i64::try_from(k).unwrap_or_default(),
            };
            let id = create_column(store, None, site_id, &form, now).await?;
            ids[k] = Some(id);
            column_count += 1;
            if let Some(key) = node.key {
                columns.insert((i, key), id);
            }
        }
    }

    let plan = plan::build(today);
    let mut account_ids: HashMap<&str, i64> = HashMap::new();
    for a in DEMO_ACCOUNTS {
        let agency = match AGENCIES.iter().position(|s| s.name == a.agency) {
            Some(k) => Some(AgencyId(agency_ids[k])),
            None if a.role.is_global() => None,
            None => {
                return Err(ServiceError::Internal(format!(
                    "演示账号 {} 的机关不存在",
                    a.username
                )));
            }
        };
        let user = NewUser {
            username: a.username.into(),
            display_name: a.display_name.into(),
            password: a.password.into(),
            grants: vec![Grant {
                role: a.role,
                agency,
            }],
        };
        account_ids.insert(a.username, create_user(store, None, &user, now).await?);
    }

    // The 民政局's applications, past and in progress, handled by its 承办人.
    let mzj = AGENCIES
        .iter()
        .position(|s| s.name == "示例市民政局")
        .ok_or_else(|| ServiceError::Internal("演示机关示例市民政局不存在".into()))?;
    let staff_of = |name: &str| account_ids.get(name).copied();
    let (Some(handler_id), Some(admin_id)) = (staff_of("mzj-handler"), staff_of("admin")) else {
        return Err(ServiceError::Internal("演示账号不完整".into()));
    };
    let handler = crate::accounts::load_staff(&mut *store.conn().await?, handler_id)
        .await?
        .ok_or_else(|| ServiceError::Internal("演示承办人不存在".into()))?;
    let first_year = plan
        .docs
        .iter()
        .map(|d| d.published_on.year())
        .min()
        .unwrap_or(today.year());
    cases::load(store, &handler, agency_ids[mzj], first_year, today, now).await?;

    let mut doc_ids = vec![0_i64; plan.docs.len()];
    let mut rng = rng::Rng::new(0x6E64_6267);
    for &i in &plan.order {
        let doc = &plan.docs[i];
        // The annual reports in the 2021 format are real reports, computed from the catalogue
        // and the applications, with the figures of section 二 that come from other systems;
        // each department's is published before its government's, which sums them.
        if let plan::Shape::AnnualReport(year) = doc.shape
            && Format::of_year(year) == Some(Format::F2021)
        {
            let agency_id = agency_ids[doc.agency];
            let figures = gongkai_store::report_figures::Figures {
                licensing: Some(rng.range(40, 400) as i64),
                penalties: Some(rng.range(0, 60) as i64),
                enforcement: Some(rng.range(0, 8) as i64),
                fees_wan_yuan: Some("0".into()),
            };
            let mut conn = store.conn().await?;
            gongkai_store::report_figures::save(
                &mut conn, agency_id, year, &figures, admin_id, now,
            )
            .await?;
            drop(conn);
            doc_ids[i] = crate::reports::editor::publish_demo_report(
                store,
                agency_id,
                year,
                reports::REPORT_PROBLEMS,
                doc.published_on,
                now,
            )
            .await?;
            continue;
        }
        let date = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let mut column_ids = Vec::with_capacity(doc.columns.len());
        for col in &doc.columns {
            let id = columns
                .get(&(doc.agency, *col))
                .ok_or_else(|| ServiceError::Internal(format!("演示栏目 {col:?} 不存在")))?;
            column_ids.push(*id);
        }
        let form = DocumentForm {
            title: doc.title.clone(),
            subject: doc.subject.into(),
            genre: doc.genre.as_str().into(),
            legal_kind: doc.kind.as_str().into(),
            doc_number: doc.doc_number.clone().unwrap_or_default(),
            co_issuers: doc.co.iter().map(|&a| agency_ids[a]).collect(),
            written_on: date(Some(doc.written_on)),
            effective_on: date(doc.effective_on),
            keywords: doc.keywords.clone(),
            summary: doc.summary.clone(),
            disclosure: "proactive".into(),
            validity: doc.validity.as_str().into(),
            ended_on: date(doc.ended_on),
            item20: doc.item20.map(|n| n.to_string()).unwrap_or_default(),
            columns: column_ids,
            body_html: doc.body_html.clone(),
            interprets: doc.interprets.map(|k| doc_ids[k]),
        };
        let (id, _) =
            import_published(store, agency_ids[doc.agency], &form, doc.published_on, now).await?;
        doc_ids[i] = id;
    }
    for (i, doc) in plan.docs.iter().enumerate() {
        if let Some(by) = doc.replaced_by {
            link_replacement(store, doc_ids[i], doc_ids[by], now).await?;
        }
    }

    // A batch of older documents brought in from the 民政局's former system, waiting for its
    // 审核人 (导入审核): one row still shows a resident's mobile number.
    if let Some(&column) = columns.get(&(mzj, Col::Qtwj)) {
        import_demo_batch(store, agency_ids[mzj], column, today, now).await?;
    }

    Ok(DemoSummary {
        agencies: AGENCIES.len(),
        sites: AGENCIES.len(),
        columns: column_count,
        documents: plan.docs.len(),
        accounts: DEMO_ACCOUNTS.len(),
    })
}

/// The demo's import batch: three older documents of the 民政局, one of them with a mobile
/// number left in its text, waiting for review.
async fn import_demo_batch(
    store: &Store,
    agency_id: i64,
    column_id: i64,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<()> {
    let year = today.year() - 6;
    let text = format!(
        "标题,文号,发布日期,正文\n\
         关于做好{year}年度城乡低保提标工作的通知,示民发〔{year}〕12号,{year}-03-16,各区县民政局：现将城乡低保标准调整有关事项通知如下。\n\
         示例市民政局关于{year}年第一季度社会救助资金发放情况的公示,,{year}-04-08,第一季度共发放社会救助资金如下表。\n\
         关于表彰{year}年度优秀社会工作者的决定,示民发〔{year}〕30号,{year}-06-20,获表彰人员联系人：王芳，联系电话 13912345678。\n"
    );
    let source = crate::catalogue_import::read("旧系统目录.csv", text.as_bytes())
        .map_err(ServiceError::Internal)?;
    let mapping = gongkai_domain::catalogue::import::Mapping::new(&source.columns, &[])
        .map_err(ServiceError::Internal)?;
    let defaults = gongkai_domain::catalogue::import::Defaults {
        subject: "0209".into(),
        columns: vec![column_id],
    };
    let target = crate::catalogue_import::Target {
        source_name: "旧系统目录.csv",
        agency_id,
        mapping: &mapping,
        defaults: &defaults,
        dry_run: false,
    };
    let outcome = crate::catalogue_import::import(store, &source, &target, now, |_, _| {}).await?;
    if !outcome.rejected.is_empty() {
        return Err(ServiceError::Internal(format!(
            "演示导入批次有未导入的行：{:?}",
            outcome.rejected
        )));
    }
    Ok(())
}
