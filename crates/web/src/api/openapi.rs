//! The OpenAPI document of `/api/v1`, built with utoipa's builders from [`OPERATIONS`] — the
//! same table a test walks to check that every listed operation is routed.

use axum::Json;
use axum::response::IntoResponse;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem, PathsBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApiBuilder, ResponseBuilder};

/// One operation: method, path, tag, summary, whether it needs a session.
pub struct Operation {
    /// HTTP method.
    pub method: &'static str,
    /// Path with `{param}`s.
    pub path: &'static str,
    /// Group.
    pub tag: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Whether a session is required.
    pub auth: bool,
}

const fn op(
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
    }
}

/// Every operation of the API.
pub const OPERATIONS: &[Operation] = &[
    op(
        "post",
        "/api/v1/applications/submit",
        "依申请公开",
        "网上提交政府信息公开申请（公开，限频）",
        false,
    ),
    op(
        "post",
        "/api/v1/applications/lookup",
        "依申请公开",
        "凭查询码和查询密码查询办理进度（公开，限频）",
        false,
    ),
    op(
        "get",
        "/api/v1/applications",
        "依申请公开",
        "待办列表（按答复期限排序，可筛选）",
        true,
    ),
    op(
        "post",
        "/api/v1/applications",
        "依申请公开",
        "登记当面、邮寄、传真、电子邮件等渠道的申请",
        true,
    ),
    op(
        "get",
        "/api/v1/applications/{id}",
        "依申请公开",
        "申请详情、期限和办理记录（记入审计日志）",
        true,
    ),
    op(
        "post",
        "/api/v1/applications/{id}/actions/{action}",
        "依申请公开",
        "办理操作：受理、转送、补正、征求意见、延期、收费、答复、撤回、送达、归档、复议诉讼",
        true,
    ),
    op(
        "get",
        "/api/v1/applications/{id}/letters/{event}",
        "依申请公开",
        "告知书或答复书（format=json|html|docx，记入审计日志）",
        true,
    ),
    op(
        "get",
        "/api/v1/applications/{id}/proactive",
        "依申请公开",
        "由予以公开或部分公开的答复生成主动公开文件的字段（条例第四十四条）",
        true,
    ),
    op(
        "post",
        "/api/v1/applications/{id}/proactive",
        "依申请公开",
        "创建主动公开文件草稿并记入申请（条例第四十四条）",
        true,
    ),
    op(
        "post",
        "/api/v1/applications/letter",
        "依申请公开",
        "申请人凭查询码和查询密码获取告知书、答复书（公开，限频）",
        false,
    ),
    op(
        "get",
        "/api/v1/agencies/{id}/reports/{year}/figures",
        "年度报告",
        "第二部分中来自其他系统的数据（行政许可、行政处罚、行政强制、行政事业性收费）",
        true,
    ),
    op(
        "put",
        "/api/v1/agencies/{id}/reports/{year}/figures",
        "年度报告",
        "填写第二部分中来自其他系统的数据（机关管理员）",
        true,
    ),
    op(
        "get",
        "/api/v1/agencies/{id}/reports/{year}",
        "年度报告",
        "年度报告：状态、正文、表格、更正记录、R1–R4 检查结果和跨年度核对提示",
        true,
    ),
    op(
        "get",
        "/api/v1/agencies/{id}/reports/{year}/export",
        "年度报告",
        "年度报告 JSON：正文和每个单元格（带部分、行、列名称）",
        true,
    ),
    op(
        "put",
        "/api/v1/agencies/{id}/reports/{year}/text",
        "年度报告",
        "保存正文（一、五、六；机关管理员）",
        true,
    ),
    op(
        "put",
        "/api/v1/agencies/{id}/reports/{year}/overrides",
        "年度报告",
        "更正一个单元格（须填写理由；机关管理员）",
        true,
    ),
    op(
        "delete",
        "/api/v1/agencies/{id}/reports/{year}/overrides/{cell}",
        "年度报告",
        "撤销更正，恢复系统计算结果（机关管理员）",
        true,
    ),
    op(
        "post",
        "/api/v1/agencies/{id}/reports/{year}/submit",
        "年度报告",
        "提交发布：检查通过后作为目录文件进入“政府信息公开年报”栏目，经审核发布；已发布过的，再次提交即为对同一文件的更正，须写明更正原因（机关管理员）",
        true,
    ),
    op(
        "post",
        "/api/v1/agencies/{id}/reports/{year}/correct",
        "年度报告",
        "更正已发布的年度报告：写明原因后可再次编辑，提交后更正同一文件（机关管理员）",
        true,
    ),
    op(
        "get",
        "/api/v1/search",
        "检索",
        "全文检索已发布的政府信息（公开）：q 检索词；agency、site、subject、item、genre、validity、column、from、to 过滤；order=relevance|date；page、size（1–100）。返回准确总数、命中（标题与摘要中检索词以 <mark> 标出）和分面统计；检索超过时限时 partial 为 true，结果为已找到的部分。本节点未启用检索时返回 503",
        false,
    ),
    op(
        "get",
        "/api/v1/search/suggest",
        "检索",
        "检索框的输入提示（公开）：q 已输入的文字（至少两个字），site 网站（缺省为全部网站），trad=1 返回繁体。返回至多 8 个含有这些文字的已发布文件标题及地址",
        false,
    ),
    op(
        "post",
        "/api/v1/agencies/{id}/reports/{year}/import",
        "年度报告",
        "导入其他系统制作的报告表格（请求体为文件：JSON 或 XLSX；2019、2020 年度为 2019—2020 年格式，2021 年度起为 2021 年格式）；无法读取时返回 422 及各处问题（机关管理员）",
        true,
    ),
    op(
        "delete",
        "/api/v1/agencies/{id}/reports/{year}/import",
        "年度报告",
        "撤销导入的表格，恢复为系统计算的结果（机关管理员）",
        true,
    ),
    op(
        "post",
        "/api/v1/agencies/{id}/reports/{year}/document",
        "年度报告",
        "导入 2019 年以前的年度报告全文（{\"text\": …}），作为文件提交审核（机关管理员）",
        true,
    ),
    op(
        "get",
        "/api/v1/agencies/{id}/reports/{year}/tables",
        "年度报告",
        "年度报告的三张表（由平台数据计算），每个单元格带行、列名称",
        true,
    ),
    op(
        "get",
        "/api/v1/agencies/{id}/applications/{year}",
        "依申请公开",
        "年度统计：本年新收、上年结转、办理结果、结转下年度（按申请人类型，年度报告口径）",
        true,
    ),
    op(
        "get",
        "/api/v1/agencies/{id}/letters",
        "依申请公开",
        "文书设置：文号格式、补正期限、缴费方式和五类文书模板",
        true,
    ),
    op(
        "put",
        "/api/v1/agencies/{id}/letters",
        "依申请公开",
        "保存文号格式、补正期限和缴费方式（机关管理员）",
        true,
    ),
    op(
        "put",
        "/api/v1/agencies/{id}/letters/templates/{kind}",
        "依申请公开",
        "保存本机关的文书模板（机关管理员，检查占位符）",
        true,
    ),
    op(
        "delete",
        "/api/v1/agencies/{id}/letters/templates/{kind}",
        "依申请公开",
        "恢复系统默认文书模板（机关管理员）",
        true,
    ),
    op(
        "get",
        "/api/v1/calendar",
        "工作日历",
        "各年度节假日数据的来源和天数（系统管理员）",
        true,
    ),
    op(
        "get",
        "/api/v1/calendar/{year}",
        "工作日历",
        "某年的放假和调休日期（系统管理员）",
        true,
    ),
    op(
        "put",
        "/api/v1/calendar/{year}",
        "工作日历",
        "导入某年的放假安排（holiday-cn 格式的 JSON，系统管理员）",
        true,
    ),
    op(
        "put",
        "/api/v1/calendar/days/{date}",
        "工作日历",
        "设置单日：放假、调休上班或恢复默认（系统管理员）",
        true,
    ),
    op(
        "post",
        "/api/v1/fee",
        "依申请公开",
        "信息处理费计算器（按件、按量）",
        false,
    ),
    op("post", "/api/v1/session", "会话", "登录，返回令牌", false),
    op("delete", "/api/v1/session", "会话", "退出登录", false),
    op("get", "/api/v1/me", "会话", "当前用户及其角色", true),
    op(
        "get",
        "/api/v1/me/reminders",
        "会话",
        "本人的办理提醒（逾期、3 个工作日内到期、待受理）和提醒邮箱",
        true,
    ),
    op(
        "put",
        "/api/v1/me/reminders",
        "会话",
        "设置本人的提醒邮箱",
        true,
    ),
    op(
        "get",
        "/api/v1/documents",
        "文件",
        "可见文件列表（按状态筛选，键集分页）",
        true,
    ),
    op("post", "/api/v1/documents", "文件", "新建草稿", true),
    op(
        "get",
        "/api/v1/documents/{id}",
        "文件",
        "文件详情、个人信息提示、可执行操作与操作记录",
        true,
    ),
    op("put", "/api/v1/documents/{id}", "文件", "修改草稿", true),
    op(
        "post",
        "/api/v1/documents/{id}/actions/{action}",
        "文件",
        "流程操作：submit、approve、return、withdraw、redraft",
        true,
    ),
    op(
        "post",
        "/api/v1/documents/{id}/findings/{finding}/ack",
        "文件",
        "确认一处个人信息提示",
        true,
    ),
    op(
        "post",
        "/api/v1/documents/{id}/validity",
        "文件",
        "变更效力状态",
        true,
    ),
    op(
        "post",
        "/api/v1/documents/{id}/attachments",
        "文件",
        "上传附件（multipart，字段 file）",
        true,
    ),
    op(
        "get",
        "/api/v1/imports",
        "导入审核",
        "导入批次及其计数",
        true,
    ),
    op(
        "get",
        "/api/v1/imports/{id}",
        "导入审核",
        "一批导入的计数和未确认的个人信息提示（after 翻页）",
        true,
    ),
    op(
        "post",
        "/api/v1/imports/{id}/approve",
        "导入审核",
        "审核通过一批导入（exclude 排除的文件退回修改；有未确认提示时拒绝）",
        true,
    ),
    op(
        "delete",
        "/api/v1/documents/{id}/attachments/{attachment}",
        "文件",
        "删除草稿的附件",
        true,
    ),
    op("get", "/api/v1/agencies", "机关与网站", "机关列表", true),
    op(
        "post",
        "/api/v1/agencies",
        "机关与网站",
        "新建机关（系统管理员）",
        true,
    ),
    op(
        "put",
        "/api/v1/agencies/{id}",
        "机关与网站",
        "修改机关设置",
        true,
    ),
    op("get", "/api/v1/sites", "机关与网站", "网站列表", true),
    op(
        "post",
        "/api/v1/sites",
        "机关与网站",
        "新建网站（系统管理员）",
        true,
    ),
    op(
        "put",
        "/api/v1/sites/{id}",
        "机关与网站",
        "修改网站设置",
        true,
    ),
    op(
        "get",
        "/api/v1/sites/{id}/columns",
        "机关与网站",
        "网站的栏目",
        true,
    ),
    op(
        "post",
        "/api/v1/sites/{id}/columns",
        "机关与网站",
        "新建栏目",
        true,
    ),
    op(
        "put",
        "/api/v1/columns/{id}",
        "机关与网站",
        "修改栏目",
        true,
    ),
    op("get", "/api/v1/users", "账号", "本人可管理的账号", true),
    op("post", "/api/v1/users", "账号", "新建账号", true),
    op(
        "put",
        "/api/v1/users/{id}",
        "账号",
        "修改账号：姓名、启用状态、角色",
        true,
    ),
    op(
        "post",
        "/api/v1/users/{id}/password",
        "账号",
        "重置密码（该账号的会话失效）",
        true,
    ),
    op("post", "/api/v1/me/password", "会话", "修改本人密码", true),
    op(
        "post",
        "/api/v1/deadline",
        "依申请公开",
        "期限计算器：由收到申请日期和事件计算答复期限并逐步说明",
        false,
    ),
    op("get", "/api/v1/subjects", "主题分类", "主题分类表", false),
    op(
        "put",
        "/api/v1/subjects/{code}",
        "主题分类",
        "修改分类名称（系统管理员）",
        true,
    ),
    op(
        "get",
        "/api/v1/openapi.json",
        "文档",
        "本 OpenAPI 文档",
        false,
    ),
];

fn method(m: &str) -> HttpMethod {
    match m {
        "post" => HttpMethod::Post,
        "put" => HttpMethod::Put,
        "delete" => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// Builds the document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut paths = PathsBuilder::new();
    for o in OPERATIONS {
        let mut b = OperationBuilder::new()
            .summary(Some(o.summary))
            .tag(o.tag)
            .response("200", ResponseBuilder::new().description("成功").build())
            .response(
                "4XX",
                ResponseBuilder::new()
                    .description("错误：{\"error\", \"message\", \"fields\"}")
                    .build(),
            );
        if o.auth {
            b = b.security(SecurityRequirement::new::<_, _, &str>("bearer", []));
        }
        paths = paths.path(o.path, PathItem::new(method(o.method), b.build()));
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Gongkai 公开 — 政府信息公开平台 API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some("与工作台相同的操作与权限检查。先 POST /api/v1/session 取得令牌，再以 Authorization: Bearer 令牌 调用。"))
                .build(),
        )
        .paths(paths.build())
        .components(Some(
            ComponentsBuilder::new()
                .security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()))
                .build(),
        ))
        .build()
}

/// GET /api/v1/openapi.json
pub async fn openapi_json() -> impl IntoResponse {
    Json(document())
}
