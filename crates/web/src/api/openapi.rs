//! The API's one list of operations: each with its route (the handler), its group (the layers it
//! runs behind: rate limits and body limits), its parameters, request body and responses. The
//! router ([`router`]) and the OpenAPI document ([`document`]) are both built from
//! [`operations`], as utoipa-axum does, so that nothing is routed undocumented or documented
//! unrouted. Schemas come from `utoipa::ToSchema` derived on the types the handlers use.

use std::sync::OnceLock;

use axum::Json;
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, delete, get, post, put};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem, PathsBuilder,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApiBuilder, Ref, RefOr, Required,
    ResponseBuilder,
};
use utoipa::{IntoParams, ToSchema};

use crate::{AppState, api};

/// The schemas an operation's types refer to, collected into the document's components.
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// The layers an operation runs behind (routes.rs applies them per group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Staff with a session (and the public reads that need no limit of their own).
    Staff,
    /// Logging in: the login rate limit, small bodies.
    Login,
    /// Submitting an application: its rate limit, bodies up to the proofs' size.
    Submission,
    /// The applicant's lookups: their rate limit, small bodies.
    Lookup,
    /// Search: its rate limit.
    Search,
}

/// A request or response body.
#[derive(Clone, Copy)]
pub enum Body {
    /// None.
    None,
    /// JSON of a type.
    Json(fn(&mut Schemas) -> RefOr<Schema>),
    /// JSON of a type, or no body at all.
    OptionalJson(fn(&mut Schemas) -> RefOr<Schema>),
    /// Any JSON (a file in its own format, such as the holiday calendar, or this document).
    AnyJson,
    /// `multipart/form-data` with the file in field `file`.
    Multipart,
    /// A report's tables as a file: JSON or XLSX.
    ReportFile,
    /// A letter: JSON ([`gongkai_domain::application::letter::Letter`]), HTML or DOCX by `format`.
    Letter,
}

/// One operation.
#[derive(Clone)]
pub struct Operation {
    /// HTTP method.
    pub method: &'static str,
    /// Path with `{param}`s.
    pub path: &'static str,
    /// Group of the documentation.
    pub tag: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Whether a session is required.
    pub auth: bool,
    /// The layers it runs behind.
    pub group: Group,
    /// Its handler.
    pub route: Option<MethodRouter<AppState>>,
    /// Its query parameters.
    pub query: Option<fn() -> Vec<Parameter>>,
    /// Its request body.
    pub body: Body,
    /// Its success status and body.
    pub ok: (u16, Body),
    /// Another success status it may answer, with its body.
    pub also: Option<(u16, Body)>,
}

fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    auth: bool,
) -> Operation {
    Operation {
        method,
        path,
        tag,
        summary,
        auth,
        group: Group::Staff,
        route: None,
        query: None,
        body: Body::None,
        ok: (200, Body::None),
        also: None,
    }
}

impl Operation {
    fn group(mut self, group: Group) -> Operation {
        self.group = group;
        self
    }

    fn route(mut self, route: MethodRouter<AppState>) -> Operation {
        self.route = Some(route);
        self
    }

    fn query(mut self, params: fn() -> Vec<Parameter>) -> Operation {
        self.query = Some(params);
        self
    }

    fn body(mut self, body: Body) -> Operation {
        self.body = body;
        self
    }

    fn ok(mut self, status: u16, body: Body) -> Operation {
        self.ok = (status, body);
        self
    }

    fn also(mut self, status: u16, body: Body) -> Operation {
        self.also = Some((status, body));
        self
    }
}

/// A named schema: `T` and everything it refers to go to the components; the operation refers
/// to it.
fn named<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    T::schemas(schemas);
    schemas.push((T::name().into_owned(), T::schema()));
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

/// An array of a named schema.
fn array<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    ArrayBuilder::new().items(named::<T>(schemas)).into()
}

fn json<T: ToSchema>() -> Body {
    Body::Json(named::<T>)
}

fn optional_json<T: ToSchema>() -> Body {
    Body::OptionalJson(named::<T>)
}

fn list<T: ToSchema>() -> Body {
    Body::Json(array::<T>)
}

fn params<T: IntoParams>() -> Vec<Parameter> {
    T::into_params(|| Some(ParameterIn::Query))
}

/// Every operation of the API.
pub fn operations() -> Vec<Operation> {
    vec![
        op("post", "/api/v1/session", "会话", "登录，返回令牌", false)
            .group(Group::Login)
            .route(post(api::create_session))
            .body(json::<api::LoginBody>())
            .ok(201, json::<api::Session>()),
        op("delete", "/api/v1/session", "会话", "退出登录", false)
            .group(Group::Staff)
            .route(delete(api::delete_session))
            .ok(204, Body::None),
        op("get", "/api/v1/me", "会话", "当前用户及其角色", true)
            .group(Group::Staff)
            .route(get(api::me))
            .ok(200, json::<gongkai_services::accounts::Staff>()),
        op("get", "/api/v1/me/reminders", "会话", "本人的办理提醒（逾期、3 个工作日内到期、待受理）和提醒邮箱", true)
            .group(Group::Staff)
            .route(get(api::my_reminders))
            .ok(200, json::<api::MyReminders>()),
        op("put", "/api/v1/me/reminders", "会话", "设置本人的提醒邮箱", true)
            .group(Group::Staff)
            .route(put(api::save_my_reminders))
            .body(json::<api::ReminderBody>())
            .ok(204, Body::None),
        op("post", "/api/v1/me/password", "会话", "修改本人密码", true)
            .group(Group::Staff)
            .route(post(api::organisation::change_own_password))
            .body(json::<api::organisation::PasswordBody>())
            .ok(204, Body::None),
        op("get", "/api/v1/documents", "文件", "可见文件列表（按状态筛选，键集分页）", true)
            .group(Group::Staff)
            .route(get(api::documents::list_documents))
            .query(params::<api::documents::ListQuery>)
            .ok(200, list::<gongkai_store::documents::Summary>()),
        op("post", "/api/v1/documents", "文件", "新建草稿", true)
            .group(Group::Staff)
            .route(post(api::documents::create_document))
            .body(json::<api::documents::NewDocument>())
            .ok(201, json::<api::Created>()),
        op("get", "/api/v1/documents/{id}", "文件", "文件详情、个人信息提示、可执行操作与操作记录", true)
            .group(Group::Staff)
            .route(get(api::documents::get_document))
            .ok(200, json::<gongkai_services::publishing::DocumentView>()),
        op("put", "/api/v1/documents/{id}", "文件", "修改草稿", true)
            .group(Group::Staff)
            .route(put(api::documents::update_document))
            .body(json::<gongkai_domain::catalogue::document::DocumentForm>())
            .ok(204, Body::None),
        op("post", "/api/v1/documents/{id}/actions/{action}", "文件", "流程操作：submit、approve、return、withdraw、redraft", true)
            .group(Group::Staff)
            .route(post(api::documents::act_on_document))
            .body(optional_json::<api::documents::ActionBody>())
            .ok(200, json::<gongkai_services::publishing::Moved>()),
        op("post", "/api/v1/documents/{id}/findings/{finding}/ack", "文件", "确认一处个人信息提示", true)
            .group(Group::Staff)
            .route(post(api::documents::acknowledge_finding))
            .ok(204, Body::None),
        op("post", "/api/v1/documents/{id}/validity", "文件", "变更效力状态", true)
            .group(Group::Staff)
            .route(post(api::documents::change_validity))
            .body(json::<gongkai_services::publishing::ValidityChange>())
            .ok(204, Body::None),
        op("post", "/api/v1/documents/{id}/attachments", "文件", "上传附件（multipart，字段 file）", true)
            .group(Group::Staff)
            .route(post(api::documents::upload_attachment))
            .body(Body::Multipart)
            .ok(201, json::<api::Created>()),
        op("delete", "/api/v1/documents/{id}/attachments/{attachment}", "文件", "删除草稿的附件", true)
            .group(Group::Staff)
            .route(delete(api::documents::delete_attachment))
            .ok(204, Body::None),
        op("get", "/api/v1/imports", "导入审核", "导入批次及其计数", true)
            .group(Group::Staff)
            .route(get(api::documents::list_imports))
            .ok(200, list::<gongkai_store::import_batches::Batch>()),
        op("get", "/api/v1/imports/{id}", "导入审核", "一批导入的计数和未确认的个人信息提示（after 翻页）", true)
            .group(Group::Staff)
            .route(get(api::documents::get_import))
            .query(params::<api::documents::ImportQuery>)
            .ok(200, json::<gongkai_services::publishing::batches::BatchView>()),
        op("post", "/api/v1/imports/{id}/approve", "导入审核", "审核通过一批导入（exclude 排除的文件退回修改；有未确认提示时拒绝）", true)
            .group(Group::Staff)
            .route(post(api::documents::approve_import))
            .body(json::<gongkai_services::publishing::batches::BatchDecision>())
            .ok(200, json::<gongkai_services::publishing::batches::BatchApproved>()),
        op("get", "/api/v1/agencies", "机关与网站", "机关列表", true)
            .group(Group::Staff)
            .route(get(api::organisation::list_agencies))
            .ok(200, list::<gongkai_store::agencies::Agency>()),
        op("post", "/api/v1/agencies", "机关与网站", "新建机关（系统管理员）", true)
            .group(Group::Staff)
            .route(post(api::organisation::create_agency))
            .body(json::<gongkai_services::organisation::AgencyForm>())
            .ok(201, json::<api::Created>()),
        op("put", "/api/v1/agencies/{id}", "机关与网站", "修改机关设置", true)
            .group(Group::Staff)
            .route(put(api::organisation::update_agency))
            .body(json::<gongkai_services::organisation::AgencyForm>())
            .ok(204, Body::None),
        op("get", "/api/v1/sites", "机关与网站", "网站列表", true)
            .group(Group::Staff)
            .route(get(api::organisation::list_sites))
            .ok(200, list::<gongkai_store::sites::Site>()),
        op("post", "/api/v1/sites", "机关与网站", "新建网站（系统管理员）", true)
            .group(Group::Staff)
            .route(post(api::organisation::create_site))
            .body(json::<gongkai_services::organisation::SiteForm>())
            .ok(201, json::<api::Created>()),
        op("put", "/api/v1/sites/{id}", "机关与网站", "修改网站设置", true)
            .group(Group::Staff)
            .route(put(api::organisation::update_site))
            .body(json::<gongkai_services::organisation::SiteForm>())
            .ok(204, Body::None),
        op("get", "/api/v1/sites/{id}/columns", "机关与网站", "网站的栏目", true)
            .group(Group::Staff)
            .route(get(api::organisation::list_columns))
            .ok(200, list::<gongkai_store::columns::Column>()),
        op("post", "/api/v1/sites/{id}/columns", "机关与网站", "新建栏目", true)
            .group(Group::Staff)
            .route(post(api::organisation::create_column))
            .body(json::<gongkai_services::organisation::ColumnForm>())
            .ok(201, json::<api::Created>()),
        op("put", "/api/v1/columns/{id}", "机关与网站", "修改栏目", true)
            .group(Group::Staff)
            .route(put(api::organisation::update_column))
            .body(json::<gongkai_services::organisation::ColumnForm>())
            .ok(204, Body::None),
        op("get", "/api/v1/users", "账号", "本人可管理的账号", true)
            .group(Group::Staff)
            .route(get(api::organisation::list_users))
            .ok(200, list::<gongkai_services::accounts::UserSummary>()),
        op("post", "/api/v1/users", "账号", "新建账号", true)
            .group(Group::Staff)
            .route(post(api::organisation::create_user))
            .body(json::<api::organisation::NewUserBody>())
            .ok(201, json::<api::Created>()),
        op("put", "/api/v1/users/{id}", "账号", "修改账号：姓名、启用状态、角色", true)
            .group(Group::Staff)
            .route(put(api::organisation::update_user))
            .body(json::<api::organisation::UserChangeBody>())
            .ok(204, Body::None),
        op("post", "/api/v1/users/{id}/password", "账号", "重置密码（该账号的会话失效）", true)
            .group(Group::Staff)
            .route(post(api::organisation::reset_password))
            .body(json::<api::organisation::PasswordBody>())
            .ok(204, Body::None),
        op("get", "/api/v1/subjects", "主题分类", "主题分类表", false)
            .group(Group::Staff)
            .route(get(api::organisation::list_subjects))
            .ok(200, list::<api::organisation::SubjectOut>()),
        op("put", "/api/v1/subjects/{code}", "主题分类", "修改分类名称（系统管理员）", true)
            .group(Group::Staff)
            .route(put(api::organisation::rename_subject))
            .body(json::<api::organisation::SubjectBody>())
            .ok(204, Body::None),
        op("post", "/api/v1/deadline", "依申请公开", "期限计算器：由收到申请日期和事件计算答复期限并逐步说明", false)
            .group(Group::Staff)
            .route(post(api::deadline))
            .body(json::<gongkai_services::deadline::DeadlineRequest>())
            .ok(200, json::<gongkai_services::deadline::DeadlineAnswer>()),
        op("post", "/api/v1/fee", "依申请公开", "信息处理费计算器（按件、按量）", false)
            .group(Group::Staff)
            .route(post(api::applications::fee_calculator))
            .body(json::<gongkai_domain::application::fee::FeeQuestion>())
            .ok(200, json::<api::applications::FeeAnswer>()),
        op("get", "/api/v1/calendar", "工作日历", "各年度节假日数据的来源和天数（系统管理员）", true)
            .group(Group::Staff)
            .route(get(api::calendar_overview))
            .ok(200, list::<gongkai_services::calendar::YearStatus>()),
        op("get", "/api/v1/calendar/{year}", "工作日历", "某年的放假和调休日期（系统管理员）", true)
            .group(Group::Staff)
            .route(get(api::calendar_year))
            .ok(200, json::<gongkai_services::calendar::YearView>()),
        op("put", "/api/v1/calendar/{year}", "工作日历", "导入某年的放假安排（holiday-cn 格式的 JSON，系统管理员）", true)
            .group(Group::Staff)
            .route(put(api::calendar_import))
            .body(Body::AnyJson)
            .ok(200, json::<gongkai_services::calendar::YearStatus>()),
        op("put", "/api/v1/calendar/days/{date}", "工作日历", "设置单日：放假、调休上班或恢复默认（系统管理员）", true)
            .group(Group::Staff)
            .route(put(api::calendar_set_day))
            .body(json::<api::DayBody>())
            .ok(204, Body::None),
        op("get", "/api/v1/agencies/{id}/reports/{year}", "年度报告", "年度报告：状态、正文、表格、更正记录、R1–R4 检查结果和跨年度核对提示", true)
            .group(Group::Staff)
            .route(get(api::reports::get))
            .ok(200, json::<gongkai_services::reports::editor::ReportView>()),
        op("get", "/api/v1/agencies/{id}/reports/{year}/export", "年度报告", "年度报告 JSON：正文和每个单元格（带部分、行、列名称）", true)
            .group(Group::Staff)
            .route(get(api::reports::export))
            .ok(200, json::<gongkai_services::reports::exports::ReportExport>()),
        op("put", "/api/v1/agencies/{id}/reports/{year}/text", "年度报告", "保存正文（一、五、六；机关管理员）", true)
            .group(Group::Staff)
            .route(put(api::reports::save_text))
            .body(json::<gongkai_services::reports::editor::TextForm>())
            .ok(204, Body::None),
        op("put", "/api/v1/agencies/{id}/reports/{year}/overrides", "年度报告", "更正一个单元格（须填写理由；机关管理员）", true)
            .group(Group::Staff)
            .route(put(api::reports::set_override))
            .body(json::<gongkai_services::reports::editor::OverrideForm>())
            .ok(204, Body::None),
        op("delete", "/api/v1/agencies/{id}/reports/{year}/overrides/{cell}", "年度报告", "撤销更正，恢复系统计算结果（机关管理员）", true)
            .group(Group::Staff)
            .route(delete(api::reports::remove_override))
            .ok(204, Body::None),
        op("post", "/api/v1/agencies/{id}/reports/{year}/submit", "年度报告", "提交发布：检查通过后作为目录文件进入“政府信息公开年报”栏目，经审核发布；已发布过的，再次提交即为对同一文件的更正，须写明更正原因（机关管理员）", true)
            .group(Group::Staff)
            .route(post(api::reports::submit))
            .body(optional_json::<api::reports::Submission>())
            .ok(200, json::<api::reports::Submitted>()),
        op("post", "/api/v1/agencies/{id}/reports/{year}/correct", "年度报告", "更正已发布的年度报告：写明原因后可再次编辑，提交后更正同一文件（机关管理员）", true)
            .group(Group::Staff)
            .route(post(api::reports::correct))
            .body(json::<api::reports::Submission>())
            .ok(204, Body::None),
        op("post", "/api/v1/agencies/{id}/reports/{year}/import", "年度报告", "导入其他系统制作的报告表格（请求体为文件：JSON 或 XLSX；2019、2020 年度为 2019—2020 年格式，2021 年度起为 2021 年格式）；无法读取时返回 422 及各处问题（机关管理员）", true)
            .group(Group::Staff)
            .route(post(api::reports::import))
            .body(Body::ReportFile)
            .ok(200, json::<api::reports::Imported>()),
        op("delete", "/api/v1/agencies/{id}/reports/{year}/import", "年度报告", "撤销导入的表格，恢复为系统计算的结果（机关管理员）", true)
            .group(Group::Staff)
            .route(delete(api::reports::remove_import))
            .ok(204, Body::None),
        op("post", "/api/v1/agencies/{id}/reports/{year}/document", "年度报告", "导入 2019 年以前的年度报告全文（{\"text\": …}），作为文件提交审核（机关管理员）", true)
            .group(Group::Staff)
            .route(post(api::reports::import_document))
            .body(json::<api::reports::DocumentText>())
            .ok(200, json::<api::reports::Submitted>()),
        op("get", "/api/v1/agencies/{id}/reports/{year}/figures", "年度报告", "第二部分中来自其他系统的数据（行政许可、行政处罚、行政强制、行政事业性收费）", true)
            .group(Group::Staff)
            .route(get(api::applications::report_figures))
            .ok(200, json::<gongkai_services::reports::FiguresForm>()),
        op("put", "/api/v1/agencies/{id}/reports/{year}/figures", "年度报告", "填写第二部分中来自其他系统的数据（机关管理员）", true)
            .group(Group::Staff)
            .route(put(api::applications::save_report_figures))
            .body(json::<gongkai_services::reports::FiguresForm>())
            .ok(204, Body::None),
        op("get", "/api/v1/agencies/{id}/reports/{year}/tables", "年度报告", "年度报告的三张表（由平台数据计算），每个单元格带行、列名称", true)
            .group(Group::Staff)
            .route(get(api::applications::report_tables))
            .ok(200, json::<gongkai_services::reports::ReportTables>()),
        op("get", "/api/v1/agencies/{id}/applications/{year}", "依申请公开", "年度统计：本年新收、上年结转、办理结果、结转下年度（按申请人类型，年度报告口径）", true)
            .group(Group::Staff)
            .route(get(api::applications::year))
            .ok(200, json::<gongkai_services::applications::ApplicationYear>()),
        op("get", "/api/v1/agencies/{id}/letters", "依申请公开", "文书设置：文号格式、补正期限、缴费方式和五类文书模板", true)
            .group(Group::Staff)
            .route(get(api::applications::letter_settings))
            .ok(200, json::<gongkai_services::applications::LetterSettingsView>()),
        op("put", "/api/v1/agencies/{id}/letters", "依申请公开", "保存文号格式、补正期限和缴费方式（机关管理员）", true)
            .group(Group::Staff)
            .route(put(api::applications::save_letter_settings))
            .body(json::<gongkai_services::applications::SettingsForm>())
            .ok(204, Body::None),
        op("put", "/api/v1/agencies/{id}/letters/templates/{kind}", "依申请公开", "保存本机关的文书模板（机关管理员，检查占位符）", true)
            .group(Group::Staff)
            .route(put(api::applications::save_template))
            .body(json::<api::applications::TemplateBody>())
            .ok(204, Body::None),
        op("delete", "/api/v1/agencies/{id}/letters/templates/{kind}", "依申请公开", "恢复系统默认文书模板（机关管理员）", true)
            .group(Group::Staff)
            .route(delete(api::applications::reset_template))
            .ok(204, Body::None),
        op("get", "/api/v1/applications", "依申请公开", "待办列表（按答复期限排序，可筛选）", true)
            .group(Group::Staff)
            .route(get(api::applications::list))
            .query(params::<gongkai_services::applications::WorkFilter>)
            .ok(200, list::<gongkai_services::applications::WorkItem>()),
        op("post", "/api/v1/applications", "依申请公开", "登记当面、邮寄、传真、电子邮件等渠道的申请", true)
            .group(Group::Staff)
            .route(post(api::applications::register))
            .body(json::<api::applications::Registration>())
            .ok(201, json::<gongkai_services::applications::Receipt>()),
        op("get", "/api/v1/applications/{id}", "依申请公开", "申请详情、期限和办理记录（记入审计日志）", true)
            .group(Group::Staff)
            .route(get(api::applications::get))
            .ok(200, json::<gongkai_services::applications::CaseView>()),
        op("post", "/api/v1/applications/{id}/actions/{action}", "依申请公开", "办理操作：受理、转送、补正、征求意见、延期、收费、答复、撤回、送达、归档、复议诉讼", true)
            .group(Group::Staff)
            .route(post(api::applications::act))
            .body(json::<gongkai_services::applications::ActionForm>())
            .ok(200, json::<gongkai_services::applications::Acted>()),
        op("get", "/api/v1/applications/{id}/letters/{event}", "依申请公开", "告知书或答复书（format=json|html|docx，记入审计日志）", true)
            .group(Group::Staff)
            .route(get(api::applications::staff_letter))
            .query(params::<api::applications::LetterQuery>)
            .ok(200, Body::Letter),
        op("get", "/api/v1/applications/{id}/proactive", "依申请公开", "由予以公开或部分公开的答复生成主动公开文件的字段（条例第四十四条）", true)
            .group(Group::Staff)
            .route(get(api::applications::proactive_draft))
            .ok(200, json::<gongkai_services::applications::ProactiveDraft>()),
        op("post", "/api/v1/applications/{id}/proactive", "依申请公开", "创建主动公开文件草稿并记入申请（条例第四十四条）", true)
            .group(Group::Staff)
            .route(post(api::applications::make_proactive))
            .body(json::<gongkai_domain::catalogue::document::DocumentForm>())
            .ok(201, json::<api::reports::Submitted>()),
        op("post", "/api/v1/applications/submit", "依申请公开", "网上提交政府信息公开申请（公开，限频）", false)
            .group(Group::Submission)
            .route(post(api::applications::submit))
            .body(json::<api::applications::Submission>())
            .ok(201, json::<gongkai_services::applications::Receipt>())
            // The same submission key again: the first receipt.
            .also(200, json::<gongkai_services::applications::Receipt>()),
        op("post", "/api/v1/applications/lookup", "依申请公开", "凭查询码和查询密码查询办理进度（公开，限频）", false)
            .group(Group::Lookup)
            .route(post(api::applications::lookup))
            .body(json::<api::applications::LookupBody>())
            .ok(200, json::<gongkai_services::applications::PublicStatus>()),
        op("post", "/api/v1/applications/letter", "依申请公开", "申请人凭查询码和查询密码获取告知书、答复书（公开，限频）", false)
            .group(Group::Lookup)
            .route(post(api::applications::applicant_letter))
            .body(json::<api::applications::ApplicantLetterBody>())
            .ok(200, Body::Letter),
        op("get", "/api/v1/search", "检索", "全文检索已发布的政府信息（公开）：q 检索词；agency、site、subject、item、genre、validity、column、from、to 过滤；order=relevance|date；page、size（1–100）。返回准确总数、命中（标题与摘要中检索词以 <mark> 标出）和分面统计；检索超过时限时 partial 为 true，结果为已找到的部分。本节点未启用检索时返回 503", false)
            .group(Group::Search)
            .route(get(api::search::search))
            .query(params::<api::search::SearchParams>)
            .ok(200, json::<api::search::SearchOut>()),
        op("get", "/api/v1/search/suggest", "检索", "检索框的输入提示（公开）：q 已输入的文字（至少两个字），site 网站（缺省为全部网站），trad=1 返回繁体。返回至多 8 个含有这些文字的已发布文件标题及地址", false)
            .group(Group::Search)
            .route(get(api::search::suggest))
            .query(params::<api::search::SuggestParams>)
            .ok(200, json::<api::search::SuggestOut>()),
        op("get", "/api/v1/openapi.json", "文档", "本 OpenAPI 文档", false)
            .group(Group::Staff)
            .route(get(openapi_json))
            .ok(200, Body::AnyJson),
    ]
}

/// The router of one group's operations. On the staff group's paths (every path has an
/// operation there but `/api/v1/applications/…` of the public forms, whose routers sit behind
/// their own layers), a method the path does not take answers the API's JSON error (405).
pub fn router(group: Group) -> Router<AppState> {
    let router =
        operations()
            .into_iter()
            .filter(|o| o.group == group)
            .fold(Router::new(), |r, o| match o.route {
                Some(route) => r.route(o.path, route),
                None => r,
            });
    if group == Group::Staff {
        router.method_not_allowed_fallback(method_not_allowed)
    } else {
        router
    }
}

async fn method_not_allowed() -> crate::error::ApiError {
    crate::error::ApiError(crate::error::AppError::MethodNotAllowed)
}

fn method(m: &str) -> HttpMethod {
    match m {
        "post" => HttpMethod::Post,
        "put" => HttpMethod::Put,
        "delete" => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// A path parameter: its type and meaning, by name (and, for an action, by the path).
fn path_parameter(path: &str, name: &str) -> Parameter {
    let integer = |format, description: &str| {
        (
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(format)))
                .build(),
            description.to_owned(),
        )
    };
    let text = |description: &str| {
        (
            ObjectBuilder::new().schema_type(Type::String).build(),
            description.to_owned(),
        )
    };
    let one_of = |values: Vec<&'static str>, description: &str| {
        (
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(values))
                .build(),
            description.to_owned(),
        )
    };
    use gongkai_domain::application::case::CaseAction;
    use gongkai_domain::application::letter::LetterKind;
    use gongkai_domain::catalogue::workflow::WorkflowAction;
    use utoipa::openapi::KnownFormat::{Int32, Int64};
    let (schema, description) = match name {
        "id" => integer(Int64, "编号"),
        "year" => integer(Int32, "年度"),
        "event" => integer(Int64, "办理记录（文书）编号"),
        "finding" => integer(Int64, "个人信息提示编号"),
        "attachment" => integer(Int64, "附件编号"),
        "action" if path.starts_with("/api/v1/applications") => one_of(
            CaseAction::ALL.iter().map(|a| a.as_str()).collect(),
            "办理操作（与工作台地址中的相同）",
        ),
        "action" => one_of(
            WorkflowAction::ALL.iter().map(|a| a.as_str()).collect(),
            "发布流程的操作",
        ),
        "kind" => one_of(
            LetterKind::ALL.iter().map(|k| k.as_str()).collect(),
            "文书种类",
        ),
        "cell" => text("单元格（如 2.6、3.24.6、4.0.4）"),
        "code" => text("主题分类代码"),
        "date" => (
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Date,
                )))
                .build(),
            "日期（YYYY-MM-DD）".to_owned(),
        ),
        other => text(other),
    };
    // Examples that exist in the demo (the 民政局, its cases and documents; last year), so that
    // a client — and the fuzzer's example phase — reaches real objects.
    let example = match name {
        "id" | "event" | "finding" | "attachment" => Some(serde_json::json!(2)),
        "year" => Some(serde_json::json!(2025)),
        "cell" => Some(serde_json::json!("2.6")),
        "code" => Some(serde_json::json!("0201")),
        "date" => Some(serde_json::json!("2026-10-01")),
        _ => None,
    };
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(schema))
        .example(example)
        .build()
}

fn path_parameters(path: &str) -> Vec<Parameter> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| path_parameter(path, name))
        .collect()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn binary() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type("application/octet-stream")
        .build()
        .into()
}

fn any_json() -> RefOr<Schema> {
    ObjectBuilder::new().build().into()
}

/// The media types and schemas of a body.
fn contents(body: Body, schemas: &mut Schemas) -> Vec<(&'static str, RefOr<Schema>)> {
    match body {
        Body::None => Vec::new(),
        Body::Json(f) | Body::OptionalJson(f) => vec![("application/json", f(schemas))],
        Body::AnyJson => vec![("application/json", any_json())],
        Body::Multipart => vec![(
            "multipart/form-data",
            ObjectBuilder::new()
                .property("file", binary())
                .required("file")
                .into(),
        )],
        Body::ReportFile => vec![("application/json", any_json()), (XLSX, binary())],
        Body::Letter => vec![
            (
                "application/json",
                named::<gongkai_domain::application::letter::Letter>(schemas),
            ),
            ("text/html", binary()),
            (DOCX, binary()),
        ],
    }
}

/// The error every failure answers: `{"error", "message", "fields"}` (fields: the form's errors
/// on 422).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ErrorBody {
    /// A stable code: `invalid`, `forbidden`, `not_found` …
    error: String,
    /// What went wrong, in Chinese, for people.
    message: String,
    /// The fields that are wrong (422).
    fields: Vec<FieldErrorBody>,
}

/// One field's error.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct FieldErrorBody {
    /// The field (a JSON body's field may be a path: `applicant.name`).
    field: String,
    /// Its message.
    message: String,
}

fn response(
    description: &str,
    content: Vec<(&'static str, RefOr<Schema>)>,
) -> utoipa::openapi::Response {
    content
        .into_iter()
        .fold(
            ResponseBuilder::new().description(description),
            |b, (media, schema)| {
                b.content(media, ContentBuilder::new().schema(Some(schema)).build())
            },
        )
        .build()
}

fn build() -> utoipa::openapi::OpenApi {
    let mut schemas: Schemas = Vec::new();
    let error = named::<ErrorBody>(&mut schemas);
    let mut paths = PathsBuilder::new();
    for o in operations() {
        let mut b = OperationBuilder::new()
            .summary(Some(o.summary))
            .tag(o.tag)
            .operation_id(Some(format!("{} {}", o.method, o.path)));
        let mut parameters = path_parameters(o.path);
        if let Some(query) = o.query {
            parameters.extend(query());
        }
        if !parameters.is_empty() {
            b = b.parameters(Some(parameters));
        }
        let body = contents(o.body, &mut schemas);
        if !body.is_empty() {
            let required = if matches!(o.body, Body::OptionalJson(_)) {
                Required::False
            } else {
                Required::True
            };
            b = b.request_body(Some(
                body.into_iter()
                    .fold(
                        RequestBodyBuilder::new().required(Some(required)),
                        |r, (media, schema)| {
                            r.content(media, ContentBuilder::new().schema(Some(schema)).build())
                        },
                    )
                    .build(),
            ));
        }
        let (status, ok) = o.ok;
        let description = match status {
            201 => "已创建",
            204 => "成功，无内容",
            _ => "成功",
        };
        b = b.response(
            status.to_string(),
            response(description, contents(ok, &mut schemas)),
        );
        if let Some((status, body)) = o.also {
            b = b.response(
                status.to_string(),
                response("成功", contents(body, &mut schemas)),
            );
        }
        if matches!(o.body, Body::ReportFile) {
            // A file that could not be read: 422 with its problems, nothing stored (or the
            // error of a refused request).
            let unreadable = contents(ok, &mut schemas)
                .into_iter()
                .map(|(media, schema)| {
                    let either: RefOr<Schema> =
                        OneOfBuilder::new().item(schema).item(error.clone()).into();
                    (media, either)
                })
                .collect();
            b = b.response("422", response("文件无法读取，或请求有误", unreadable));
        }
        b = b.response(
            "4XX",
            response(
                "错误：{\"error\", \"message\", \"fields\"}（消息为中文）",
                vec![("application/json", error.clone())],
            ),
        );
        if o.path == "/api/v1/search" || o.path == "/api/v1/search/suggest" {
            b = b.response(
                "503",
                response(
                    "本节点未启用检索",
                    vec![("application/json", error.clone())],
                ),
            );
        }
        if o.auth {
            b = b.security(SecurityRequirement::new::<_, _, &str>("bearer", []));
        }
        paths = paths.path(o.path, PathItem::new(method(o.method), b.build()));
    }
    let mut components = ComponentsBuilder::new().security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    for (name, schema) in distinct(schemas).0 {
        components = components.schema(name, schema);
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Gongkai 公开 — 政府信息公开平台 API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some("与工作台相同的操作与权限检查。先 POST /api/v1/session 取得令牌，再以 Authorization: Bearer 令牌 调用。错误一律为 JSON：{\"error\", \"message\", \"fields\"}，消息为中文。"))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components.build()))
        .build()
}

/// The schemas by name, once each, and the names given to two different schemas (two types of
/// the same name: one would silently replace the other in the document).
fn distinct(schemas: Schemas) -> (Vec<(String, RefOr<Schema>)>, Vec<String>) {
    let mut seen: std::collections::BTreeMap<String, RefOr<Schema>> =
        std::collections::BTreeMap::new();
    let mut conflicts = Vec::new();
    for (name, schema) in schemas {
        match seen.get(&name) {
            Some(known) if *known != schema => conflicts.push(name),
            Some(_) => {}
            None => {
                seen.insert(name, schema);
            }
        }
    }
    conflicts.sort();
    conflicts.dedup();
    (seen.into_iter().collect(), conflicts)
}

/// Names given to two different schemas among the operations' types (must be none: rename one
/// with `#[schema(as = …)]`).
pub fn schema_conflicts() -> Vec<String> {
    let mut schemas: Schemas = Vec::new();
    for o in operations() {
        contents(o.body, &mut schemas);
        contents(o.ok.1, &mut schemas);
    }
    distinct(schemas).1
}

/// The document (built once).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(build)
}

/// GET /api/v1/openapi.json
pub async fn openapi_json() -> impl IntoResponse {
    Json(document())
}
