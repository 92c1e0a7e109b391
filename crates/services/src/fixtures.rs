//! Builders of a small organisation for tests of this and the web crate: agencies with a site,
//! a list column and one account per role. Not used by the product itself.

use gongkai_domain::agency::code::credit_code_check_char;
use gongkai_domain::auth::{Grant, Role};
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_domain::ids::AgencyId;
use gongkai_store::Store;

use crate::accounts::{self, NewUser, Staff};
use crate::organisation::{self, AgencyForm, ColumnForm, SiteForm};

/// The password of fixture accounts.
pub const PASSWORD: &str = "Fixture2026pw";

/// One agency with its site, column and staff.
#[derive(Debug, Clone)]
pub struct AgencyFixture {
    /// Agency id.
    pub agency_id: i64,
    /// Its 18-character code.
    pub code: String,
    /// Its site.
    pub site_id: i64,
    /// A list column of the site.
    pub column_id: i64,
    /// 机关管理员.
    pub admin: Staff,
    /// 信息员.
    pub editor: Staff,
    /// 审核人.
    pub reviewer: Staff,
    /// A second 审核人.
    pub reviewer2: Staff,
    /// 承办人.
    pub handler: Staff,
}

/// A valid 统一社会信用代码 for a fixture agency numbered `n`.
pub fn credit_code(n: u32) -> String {
    let first17 = format!("11999900{:08}{}", n, n % 10);
    let first17: String = first17.chars().take(17).collect();
    let check = credit_code_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

async fn staff(store: &Store, username: &str, role: Role, agency: Option<i64>, now: i64) -> Staff {
    let id = accounts::create_user(
        store,
        None,
        &NewUser {
            username: username.into(),
            display_name: username.into(),
            password: PASSWORD.into(),
            grants: vec![Grant {
                role,
                agency: agency.map(AgencyId),
            }],
        },
        now,
    )
    .await
    .expect("fixture account");
    accounts::load_staff(&mut store.conn().await.expect("conn"), id)
        .await
        .expect("load")
        .expect("exists")
}

/// Creates agency number `n` (named `测试机关n`), under `parent`, with its site, a list column
/// and an account for each agency role (`a{n}-editor`, `a{n}-reviewer`, …).
pub async fn agency(store: &Store, n: u32, parent: Option<i64>, now: i64) -> AgencyFixture {
    let code = credit_code(n);
    let agency_id = organisation::create_agency(
        store,
        None,
        &AgencyForm {
            name: format!("测试机关{n}"),
            code: code.clone(),
            parent_id: parent,
            office_name: format!("测试机关{n}办公室"),
            ..Default::default()
        },
        now,
    )
    .await
    .expect("fixture agency");
    let site_id = organisation::create_site(
        store,
        None,
        &SiteForm {
            agency_id,
            name: format!("测试机关{n}网站"),
            slug: format!("a{n}"),
            is_portal: parent.is_none(),
            hosts: format!("a{n}.test.gov.cn"),
            ..Default::default()
        },
        now,
    )
    .await
    .expect("fixture site");
    let column_id = organisation::create_column(
        store,
        None,
        site_id,
        &ColumnForm {
            slug: "tzgg".into(),
            name: "通知公告".into(),
            kind: "list".into(),
            ..Default::default()
        },
        now,
    )
    .await
    .expect("fixture column");
    let a = Some(agency_id);
    AgencyFixture {
        agency_id,
        code,
        site_id,
        column_id,
        admin: staff(store, &format!("a{n}-admin"), Role::AgencyAdmin, a, now).await,
        editor: staff(store, &format!("a{n}-editor"), Role::Editor, a, now).await,
        reviewer: staff(store, &format!("a{n}-reviewer"), Role::Reviewer, a, now).await,
        reviewer2: staff(store, &format!("a{n}-reviewer2"), Role::Reviewer, a, now).await,
        handler: staff(store, &format!("a{n}-handler"), Role::CaseHandler, a, now).await,
    }
}

/// Adds the 政府信息公开年报 column (path `ndbg`) to a site: where annual reports are filed.
pub async fn report_column(store: &Store, site_id: i64, now: i64) -> i64 {
    organisation::create_column(
        store,
        None,
        site_id,
        &ColumnForm {
            slug: "ndbg".into(),
            name: "政府信息公开年报".into(),
            kind: "list".into(),
            ..Default::default()
        },
        now,
    )
    .await
    .expect("年报 column")
}

/// A 系统管理员.
pub async fn system_admin(store: &Store, now: i64) -> Staff {
    staff(store, "root-admin", Role::SystemAdmin, None, now).await
}

/// A 公开办 of `agency`.
pub async fn disclosure_office(store: &Store, agency: i64, now: i64) -> Staff {
    staff(
        store,
        &format!("gkb-{agency}"),
        Role::DisclosureOffice,
        Some(agency),
        now,
    )
    .await
}

/// A complete, valid document form placed in `column_id`.
pub fn document_form(column_id: i64, title: &str) -> DocumentForm {
    DocumentForm {
        title: title.into(),
        subject: "0201".into(),
        genre: "notice".into(),
        legal_kind: "normative".into(),
        doc_number: "测试发〔2024〕1号".into(),
        written_on: "2024-03-01".into(),
        effective_on: "2024-04-01".into(),
        keywords: "政务公开 测试".into(),
        summary: "测试文件的内容概述。".into(),
        disclosure: "proactive".into(),
        validity: "valid".into(),
        item20: "1".into(),
        columns: vec![column_id],
        body_html: "<p>各有关单位：</p><p>现将有关事项通知如下。</p>".into(),
        ..Default::default()
    }
}

/// A valid application form of a natural person (GB 11643's example ID number).
pub fn application_form(
    description: &str,
) -> gongkai_domain::application::applicant::ApplicationForm {
    gongkai_domain::application::applicant::ApplicationForm {
        kind: "natural_person".into(),
        name: "张三".into(),
        id_type: "resident_id".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
        email: "zhangsan@example.cn".into(),
        description: description.into(),
        info_form: "electronic".into(),
        delivery: "email".into(),
        ..Default::default()
    }
}

/// Unix ms of 10:00 China Standard Time on `date` (`YYYY-MM-DD`).
pub fn at(date: &str) -> i64 {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("fixture date");
    d.and_hms_opt(2, 0, 0)
        .expect("time")
        .and_utc()
        .timestamp_millis()
}

/// A small deterministic generator for benchmarks and generated test data: the same numbers on
/// every run and backend.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number below `below`.
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}
