//! Agencies, sites and columns: validated, audited, and announced in the outbox so that the
//! public pages change with them.

use gongkai_domain::agency::code::parse_agency_code;
use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::index_number::{DEFAULT_INDEX_PATTERN, IndexPattern};
use gongkai_domain::form::FieldErrors;
use gongkai_domain::site::{ColumnKind, is_valid_host, is_valid_site_code, is_valid_slug};
use gongkai_store::{Conn, Store, agencies, audit, columns, outbox, sites};

use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult, is_unique_violation};
use crate::publishing::sanitise_body;

/// The agency form, every field a string.
#[derive(utoipa::ToSchema, Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct AgencyForm {
    /// 机关名称.
    pub name: String,
    /// 简称.
    pub short_name: String,
    /// 统一社会信用代码 or 组织机构代码.
    pub code: String,
    /// Parent agency id.
    pub parent_id: Option<i64>,
    /// 索引号 pattern; empty for the default.
    pub index_pattern: String,
    /// 政府信息公开工作机构名称.
    pub office_name: String,
    /// 办公地址.
    pub office_address: String,
    /// 办公时间.
    pub office_hours: String,
    /// 联系电话.
    pub office_phone: String,
    /// 传真.
    pub office_fax: String,
    /// 互联网联系方式.
    pub office_web: String,
    /// Order.
    pub sort_order: i64,
}

fn audit_entry<'a>(
    staff: Option<&Staff>,
    agency_id: Option<i64>,
    action: &'a str,
    entity: &'a str,
    id: i64,
    detail: &'a str,
    now: i64,
) -> audit::NewEntry<'a> {
    audit::NewEntry {
        at: now,
        user_id: staff.map(|s| s.id),
        agency_id,
        action,
        entity,
        entity_id: Some(id),
        detail,
    }
}

/// Checks an agency form.
pub fn check_agency(form: &AgencyForm) -> Result<agencies::AgencyFields, FieldErrors> {
    let mut e = FieldErrors::new();
    if form.name.trim().is_empty() {
        e.add("name", "请填写机关名称");
    }
    let code = match parse_agency_code(&form.code) {
        Ok(c) => c.as_str().to_owned(),
        Err(err) => {
            e.add("code", err.to_string());
            String::new()
        }
    };
    let pattern = if form.index_pattern.trim().is_empty() {
        DEFAULT_INDEX_PATTERN.to_owned()
    } else {
        match IndexPattern::parse(form.index_pattern.trim()) {
            Ok(p) => p.as_str().to_owned(),
            Err(err) => {
                e.add("index_pattern", err.to_string());
                String::new()
            }
        }
    };
    let web = form.office_web.trim();
    if !web.is_empty()
        && !gongkai_domain::site::is_web_address(web)
        && !gongkai_domain::site::is_email_address(web)
    {
        e.add(
            "office_web",
            "互联网联系方式应为以 https:// 或 http:// 开头的网址，或电子邮箱地址",
        );
    }
    let short = if form.short_name.trim().is_empty() {
        form.name.trim()
    } else {
        form.short_name.trim()
    };
    e.into_result(agencies::AgencyFields {
        name: form.name.trim().to_owned(),
        short_name: short.to_owned(),
        code,
        parent_id: form.parent_id,
        index_pattern: pattern,
        office_name: form.office_name.trim().to_owned(),
        office_address: form.office_address.trim().to_owned(),
        office_hours: form.office_hours.trim().to_owned(),
        office_phone: form.office_phone.trim().to_owned(),
        office_fax: form.office_fax.trim().to_owned(),
        office_web: form.office_web.trim().to_owned(),
        sort_order: form.sort_order,
    })
}

fn unique_to_field(e: sqlx::Error, field: &'static str, message: &str) -> ServiceError {
    if is_unique_violation(&e) {
        ServiceError::field(field, message)
    } else {
        e.into()
    }
}

/// Creates an agency (系统管理员; `staff` None from the command line and the demo loader).
pub async fn create_agency(
    store: &Store,
    staff: Option<&Staff>,
    form: &AgencyForm,
    now: i64,
) -> ServiceResult<i64> {
    if staff.is_some_and(|s| !s.is_system_admin()) {
        return Err(ServiceError::Forbidden);
    }
    let fields = check_agency(form).map_err(ServiceError::Invalid)?;
    let mut tx = store.begin_write().await?;
    if let Some(p) = fields.parent_id
        && agencies::find(&mut tx, p).await?.is_none()
    {
        return Err(ServiceError::field("parent_id", "上级机关不存在"));
    }
    let id = agencies::insert(&mut tx, &fields, now)
        .await
        .map_err(|e| unique_to_field(e, "code", "机关名称或代码已被其他机关使用"))?;
    audit::record(
        &mut tx,
        &audit_entry(
            staff,
            Some(id),
            "agency.create",
            "agency",
            id,
            &fields.name,
            now,
        ),
    )
    .await?;
    outbox::append(&mut tx, outbox::kind::AGENCY_CHANGED, id, None, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Updates an agency (系统管理员, or its 机关管理员; the parent changes only by 系统管理员).
pub async fn update_agency(
    store: &Store,
    staff: &Staff,
    id: i64,
    form: &AgencyForm,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let current = agencies::find(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require(&mut tx, staff, Permission::ManageAgency, id).await?;
    let mut fields = check_agency(form).map_err(ServiceError::Invalid)?;
    if !staff.is_system_admin() {
        fields.parent_id = current.parent_id;
    }
    if let Some(p) = fields.parent_id {
        let mut above = agencies::ancestors(&mut tx, p).await?;
        above.push(p);
        if above.contains(&id) {
            return Err(ServiceError::field(
                "parent_id",
                "上级机关不能是本机关或其下级机关",
            ));
        }
    }
    agencies::update(&mut tx, id, &fields, now)
        .await
        .map_err(|e| unique_to_field(e, "code", "机关名称或代码已被其他机关使用"))?;
    audit::record(
        &mut tx,
        &audit_entry(
            Some(staff),
            Some(id),
            "agency.update",
            "agency",
            id,
            &fields.name,
            now,
        ),
    )
    .await?;
    outbox::append(&mut tx, outbox::kind::AGENCY_CHANGED, id, None, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The site form.
#[derive(utoipa::ToSchema, Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SiteForm {
    /// Owner agency.
    pub agency_id: i64,
    /// 网站名称.
    pub name: String,
    /// Path prefix.
    pub slug: String,
    /// Whether it is the government portal.
    pub is_portal: bool,
    /// Host names, one per line or separated by spaces or commas.
    pub hosts: String,
    /// 网站标识码.
    pub site_code: String,
    /// ICP 备案号.
    pub icp_record: String,
    /// 公安机关备案号.
    pub police_record: String,
    /// Theme folder.
    pub theme: String,
    /// Order.
    pub sort_order: i64,
}

/// Checks a site form.
pub fn check_site(form: &SiteForm) -> Result<sites::SiteFields, FieldErrors> {
    let mut e = FieldErrors::new();
    if form.name.trim().is_empty() {
        e.add("name", "请填写网站名称");
    }
    let slug = form.slug.trim().to_owned();
    if !is_valid_slug(&slug) {
        e.add("slug", "路径名为 1–40 位小写字母、数字或连字符");
    }
    let hosts: Vec<String> = form
        .hosts
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .filter(|h| !h.is_empty())
        .map(|h| h.to_ascii_lowercase())
        .collect();
    if let Some(bad) = hosts.iter().find(|h| !is_valid_host(h)) {
        e.add("hosts", format!("域名“{bad}”无效"));
    }
    let code = form.site_code.trim().to_owned();
    if !code.is_empty() && !is_valid_site_code(&code) {
        e.add("site_code", "网站标识码为 10 位数字或大写字母");
    }
    let theme = if form.theme.trim().is_empty() {
        "default".to_owned()
    } else {
        form.theme.trim().to_owned()
    };
    if !is_valid_slug(&theme) {
        e.add("theme", "主题名为小写字母、数字或连字符");
    }
    e.into_result(sites::SiteFields {
        agency_id: form.agency_id,
        name: form.name.trim().to_owned(),
        slug,
        is_portal: form.is_portal,
        site_code: code,
        icp_record: form.icp_record.trim().to_owned(),
        police_record: form.police_record.trim().to_owned(),
        theme,
        sort_order: form.sort_order,
        hosts,
    })
}

/// Creates a site (系统管理员).
pub async fn create_site(
    store: &Store,
    staff: Option<&Staff>,
    form: &SiteForm,
    now: i64,
) -> ServiceResult<i64> {
    if staff.is_some_and(|s| !s.is_system_admin()) {
        return Err(ServiceError::Forbidden);
    }
    let fields = check_site(form).map_err(ServiceError::Invalid)?;
    let mut tx = store.begin_write().await?;
    if agencies::find(&mut tx, fields.agency_id).await?.is_none() {
        return Err(ServiceError::field("agency_id", "主办机关不存在"));
    }
    let id = sites::insert(&mut tx, &fields, now)
        .await
        .map_err(|e| unique_to_field(e, "slug", "路径名或域名已被其他网站使用"))?;
    audit::record(
        &mut tx,
        &audit_entry(
            staff,
            Some(fields.agency_id),
            "site.create",
            "site",
            id,
            &fields.name,
            now,
        ),
    )
    .await?;
    outbox::append(&mut tx, outbox::kind::SITE_CHANGED, id, Some(id), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Updates a site (系统管理员, or the owner agency's 机关管理员, who cannot hand it to another agency).
pub async fn update_site(
    store: &Store,
    staff: &Staff,
    id: i64,
    form: &SiteForm,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let current = sites::find(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require(&mut tx, staff, Permission::ManageAgency, current.agency_id).await?;
    let mut fields = check_site(form).map_err(ServiceError::Invalid)?;
    if !staff.is_system_admin() {
        fields.agency_id = current.agency_id;
        fields.is_portal = current.is_portal == 1;
    }
    sites::update(&mut tx, id, &fields, now)
        .await
        .map_err(|e| unique_to_field(e, "slug", "路径名或域名已被其他网站使用"))?;
    audit::record(
        &mut tx,
        &audit_entry(
            Some(staff),
            Some(current.agency_id),
            "site.update",
            "site",
            id,
            &fields.name,
            now,
        ),
    )
    .await?;
    outbox::append(&mut tx, outbox::kind::SITE_CHANGED, id, Some(id), now).await?;
    tx.commit().await?;
    Ok(())
}

/// The column form.
#[derive(utoipa::ToSchema, Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ColumnForm {
    /// Parent column id.
    pub parent_id: Option<i64>,
    /// Path name.
    pub slug: String,
    /// 栏目名称.
    pub name: String,
    /// list / page / link.
    pub kind: String,
    /// Link target.
    pub link_url: String,
    /// Page text.
    pub page_html: String,
    /// Order.
    pub sort_order: i64,
}

/// Top-level path names the portal itself uses (the 专栏, documents, machine files).
const RESERVED_TOP_SLUGS: &[&str] = &[
    "gk",
    "wzdt",
    "ysqgk",
    "documents",
    "sitemaps",
    "attachments",
    "static",
    "console",
    "api",
    "sites",
    "healthz",
    "tools",
    "prefs",
    "themes",
];

fn check_column(site_id: i64, form: &ColumnForm) -> Result<columns::ColumnFields, FieldErrors> {
    let mut e = FieldErrors::new();
    if form.name.trim().is_empty() {
        e.add("name", "请填写栏目名称");
    }
    if !is_valid_slug(form.slug.trim()) {
        e.add("slug", "路径名为 1–40 位小写字母、数字或连字符");
    } else if form.parent_id.is_none() && RESERVED_TOP_SLUGS.contains(&form.slug.trim()) {
        e.add(
            "slug",
            format!("“{}”是系统保留的路径名，请换一个", form.slug.trim()),
        );
    }
    let kind = ColumnKind::parse(&form.kind).unwrap_or_else(|| {
        e.add("kind", "请选择栏目类型");
        ColumnKind::List
    });
    let link = form.link_url.trim();
    if kind == ColumnKind::Link
        && !(link.starts_with("https://")
            || link.starts_with("http://")
            || link.starts_with('/')
            || link.starts_with("./"))
    {
        e.add(
            "link_url",
            "链接地址应以 https://、http://、/（本平台）或 ./（本站内，如 ./gk/zhinan/）开头",
        );
    }
    if let Some(what) = gongkai_domain::catalogue::body::find_active_content(&form.page_html) {
        e.add("page_html", format!("页面内容含有不允许的内容（{what}）"));
    }
    e.into_result(columns::ColumnFields {
        site_id,
        parent_id: form.parent_id,
        slug: form.slug.trim().to_owned(),
        name: form.name.trim().to_owned(),
        kind: kind.as_str().to_owned(),
        link_url: link.to_owned(),
        page_html: sanitise_body(&form.page_html),
        sort_order: form.sort_order,
    })
}

async fn site_for_columns(
    conn: &mut Conn,
    staff: Option<&Staff>,
    site_id: i64,
) -> ServiceResult<sites::Site> {
    let site = sites::find(conn, site_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let Some(staff) = staff {
        require(conn, staff, Permission::ManageAgency, site.agency_id).await?;
    }
    Ok(site)
}

/// Creates a column of a site (its agency's 机关管理员 or 系统管理员).
pub async fn create_column(
    store: &Store,
    staff: Option<&Staff>,
    site_id: i64,
    form: &ColumnForm,
    now: i64,
) -> ServiceResult<i64> {
    let mut tx = store.begin_write().await?;
    let site = site_for_columns(&mut tx, staff, site_id).await?;
    let fields = check_column(site_id, form).map_err(ServiceError::Invalid)?;
    if let Some(p) = fields.parent_id
        && columns::find(&mut tx, p)
            .await?
            .is_none_or(|c| c.site_id != site_id)
    {
        return Err(ServiceError::field("parent_id", "上级栏目不属于本网站"));
    }
    let id = columns::insert(&mut tx, &fields, now)
        .await
        .map_err(|e| unique_to_field(e, "slug", "同级栏目中已有此路径名"))?;
    audit::record(
        &mut tx,
        &audit_entry(
            staff,
            Some(site.agency_id),
            "column.create",
            "column",
            id,
            &fields.name,
            now,
        ),
    )
    .await?;
    outbox::append(
        &mut tx,
        outbox::kind::COLUMN_CHANGED,
        id,
        Some(site_id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Updates a column's name, kind, link, page text and order.
pub async fn update_column(
    store: &Store,
    staff: &Staff,
    column_id: i64,
    form: &ColumnForm,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let column = columns::find(&mut tx, column_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let site = site_for_columns(&mut tx, Some(staff), column.site_id).await?;
    let mut form = form.clone();
    form.slug = column.slug.clone();
    form.parent_id = column.parent_id;
    let fields = check_column(column.site_id, &form).map_err(ServiceError::Invalid)?;
    columns::update(&mut tx, column_id, &fields, now).await?;
    audit::record(
        &mut tx,
        &audit_entry(
            Some(staff),
            Some(site.agency_id),
            "column.update",
            "column",
            column_id,
            &fields.name,
            now,
        ),
    )
    .await?;
    outbox::append(
        &mut tx,
        outbox::kind::COLUMN_CHANGED,
        column_id,
        Some(column.site_id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Renames a subject of the 主题分类 taxonomy (系统管理员; some provinces rename 17 to
/// 民政、乡村振兴、救灾).
pub async fn rename_subject(
    store: &Store,
    staff: &Staff,
    code: &str,
    name: &str,
    now: i64,
) -> ServiceResult<()> {
    if !staff.is_system_admin() {
        return Err(ServiceError::Forbidden);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 30 {
        return Err(ServiceError::field("name", "分类名称为 1–30 个字"));
    }
    let mut tx = store.begin_write().await?;
    if !gongkai_store::subjects::rename(&mut tx, code, name).await? {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        &mut tx,
        &audit::NewEntry {
            at: now,
            user_id: Some(staff.id),
            agency_id: None,
            action: "subject.rename",
            entity: "subject",
            entity_id: code.parse().ok(),
            detail: &format!("{code} {name}"),
        },
    )
    .await?;
    outbox::append(&mut tx, outbox::kind::SUBJECTS_CHANGED, 0, None, now).await?;
    tx.commit().await?;
    Ok(())
}
