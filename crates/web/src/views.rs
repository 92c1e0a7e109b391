//! The template environment: minijinja with autoescaping, the built-in default theme compiled
//! into the binary, and the filters templates use to show stored values in Chinese.

use gongkai_domain::auth::Role;
use gongkai_domain::catalogue::classification::{DisclosureMode, Genre, LegalKind};
use gongkai_domain::catalogue::item20::Item20;
use gongkai_domain::catalogue::pii::PiiKind;
use gongkai_domain::catalogue::validity::Validity;
use gongkai_domain::catalogue::workflow::{PublicationState, WorkflowAction};
use gongkai_domain::site::ColumnKind;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use minijinja::{Environment, Value};
use serde::Serialize;

macro_rules! builtin_templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// The templates of the built-in theme: (name, source).
const TEMPLATES: &[(&str, &str)] = builtin_templates!(
    "error.html",
    "letter.html",
    "report_print.html",
    "console/layout.html",
    "console/login.html",
    "console/documents.html",
    "console/document.html",
    "console/document_form.html",
    "console/agencies.html",
    "console/agency_form.html",
    "console/sites.html",
    "console/site_form.html",
    "console/columns.html",
    "console/column_form.html",
    "console/subjects.html",
    "console/users.html",
    "console/user_form.html",
    "console/user_edit.html",
    "console/password.html",
    "console/applications.html",
    "console/application.html",
    "console/application_new.html",
    "console/application_year.html",
    "console/report.html",
    "console/letters.html",
    "console/reminders.html",
    "console/imports.html",
    "console/import.html",
    "console/calendar.html",
    "console/calendar_year.html",
    "portal/layout.html",
    "portal/macros.html",
    "portal/home.html",
    "portal/column.html",
    "portal/document.html",
    "portal/not_found.html",
    "portal/error.html",
    "portal/site_map.html",
    "portal/disclosure.html",
    "portal/guide.html",
    "portal/catalogue.html",
    "portal/reports.html",
    "portal/search.html",
    "portal/deadline.html",
    "portal/apply_agencies.html",
    "portal/apply.html",
    "portal/apply_receipt.html",
    "portal/apply_lookup.html",
    "portal/apply_status.html",
);

/// The compiled templates: the built-in default theme, and per-site themes loaded from
/// `<themes dir>/<theme>/templates/` with every template they do not override taken from the
/// default.
pub struct Views {
    env: Environment<'static>,
    themes_dir: Option<PathBuf>,
    themed: Mutex<HashMap<String, Arc<Environment<'static>>>>,
}

impl std::fmt::Debug for Views {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Views")
    }
}

fn label_of(kind: &str, value: &str) -> String {
    let found = match kind {
        "role" => Role::parse(value).map(Role::label),
        "state" => PublicationState::parse(value).map(PublicationState::label),
        "action" => WorkflowAction::parse(value).map(WorkflowAction::label),
        "genre" => Genre::parse(value).map(Genre::label),
        "legal_kind" => LegalKind::parse(value).map(LegalKind::label),
        "disclosure" => DisclosureMode::parse(value).map(DisclosureMode::label),
        "validity" => Validity::parse(value).map(Validity::label),
        "pii" => PiiKind::parse(value).map(PiiKind::label),
        "column_kind" => ColumnKind::parse(value).map(ColumnKind::label),
        "item20" => value
            .parse::<u8>()
            .ok()
            .and_then(Item20::new)
            .map(Item20::label),
        "audit" => audit_label(value),
        "id_type" => {
            gongkai_domain::application::applicant::IdType::parse(value).map(|v| v.label())
        }
        "info_form" => {
            gongkai_domain::application::applicant::InfoForm::parse(value).map(|v| v.label())
        }
        "delivery" => {
            gongkai_domain::application::applicant::DeliveryWanted::parse(value).map(|v| v.label())
        }
        "appeal_kind" => {
            gongkai_services::applications::AppealKind::parse(value).map(|v| v.label())
        }
        "appeal_result" => {
            gongkai_services::applications::AppealResult::parse(value).map(|v| v.label())
        }
        "media" => gongkai_services::files::label_of(value),
        _ => None,
    };
    found.unwrap_or(value).to_owned()
}

/// What an audit-log action is called in the console.
fn audit_label(action: &str) -> Option<&'static str> {
    Some(match action {
        "document.create" => "新建草稿",
        "document.update" => "修改草稿",
        "document.submit" => "提交审核",
        "document.approve" => "审核通过并发布",
        "document.return" => "退回",
        "document.withdraw" => "撤回",
        "document.redraft" => "重新编辑",
        "document.acknowledge_finding" => "确认个人信息提示",
        "document.validity" => "变更效力状态",
        "document.attach" => "上传附件",
        "document.detach" => "删除附件",
        "document.import" => "导入",
        "agency.create" => "新建机关",
        "agency.update" => "修改机关设置",
        "site.create" => "新建网站",
        "site.update" => "修改网站设置",
        "column.create" => "新建栏目",
        "column.update" => "修改栏目",
        "subject.rename" => "修改主题分类",
        "application.submit" => "网上提交申请",
        "application.register" => "登记申请",
        "application.view" => "查看申请（含申请人个人信息）",
        "application.assign" => "指定承办人",
        "application.accept" => "确认受理",
        "application.transfer" => "转送其他机关",
        "application.request_correction" => "发出补正告知",
        "application.receive_correction" => "登记收到补正",
        "application.send_consultation" => "征求第三方意见",
        "application.receive_consultation" => "登记收到意见",
        "application.extend" => "延期答复",
        "application.serve_fee_notice" => "发出收费通知",
        "application.record_payment" => "登记缴费",
        "application.waive_fee" => "减免费用",
        "application.close" => "答复办结",
        "application.withdraw" => "登记撤回申请",
        "application.record_delivery" => "登记送达",
        "application.archive" => "归档",
        "application.record_appeal" => "登记复议诉讼",
        "user.create" => "新建账号",
        "user.login" => "登录",
        "user.login_failed" => "登录失败",
        "user.update" => "修改账号",
        "user.reset_password" => "重置密码",
        "user.change_password" => "修改密码",
        _ => return None,
    })
}

/// Whether a name may address a file of a theme (no way out of its folder).
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != ".."
                && part != "."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
}

/// The built-in source of a template.
fn builtin(name: &str) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, src)| *src)
}

fn build_env(theme_dir: Option<PathBuf>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    // Whether the theme brings a stylesheet of its own, linked after the default one.
    let theme_css = theme_dir
        .as_ref()
        .is_some_and(|d| d.join("static").join("theme.css").is_file());
    env.add_global("theme_css", theme_css);
    env.set_loader(move |name| {
        if let Some(dir) = &theme_dir
            && safe_name(name)
        {
            let path = dir.join("templates").join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("{}: {e}", path.display()),
                    )
                });
            }
        }
        Ok(builtin(name).map(str::to_owned))
    });
    env.add_filter("label", |value: Value, kind: String| -> String {
        label_of(&kind, &value.to_string())
    });
    env.add_filter("instant", |ms: i64| {
        gongkai_services::time::format_instant(ms)
    });
    env.add_filter("filesize", |bytes: i64| -> String {
        if bytes >= 1024 * 1024 {
            format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
        } else {
            format!("{:.0} KB", (bytes as f64 / 1024.0).max(1.0))
        }
    });
    // A query string equal to `current` but with `key` set to `value` (removed when empty),
    // for links that change one filter of the catalogue.
    env.add_function(
        "qs",
        |current: minijinja::value::Serde<std::collections::BTreeMap<String, String>>,
         key: String,
         value: Value|
         -> String {
            let mut map = current.0.clone();
            let value = if value.is_none() || value.is_undefined() {
                String::new()
            } else {
                value.to_string()
            };
            if value.is_empty() {
                map.remove(&key);
            } else {
                map.insert(key, value);
            }
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(map.iter())
                .finish()
        },
    );
    env.add_global(
        "roles",
        Value::from(minijinja::value::Serde(
            Role::ALL
                .iter()
                .map(|r| (r.as_str(), r.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "genres",
        Value::from(minijinja::value::Serde(
            Genre::ALL
                .iter()
                .map(|g| (g.as_str(), g.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "legal_kinds",
        Value::from(minijinja::value::Serde(
            LegalKind::ALL
                .iter()
                .map(|g| (g.as_str(), g.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "disclosures",
        Value::from(minijinja::value::Serde(
            DisclosureMode::ALL
                .iter()
                .map(|g| (g.as_str(), g.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "validities",
        Value::from(minijinja::value::Serde(
            Validity::ALL
                .iter()
                .map(|g| (g.as_str(), g.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "states",
        Value::from(minijinja::value::Serde(
            PublicationState::ALL
                .iter()
                .map(|g| (g.as_str(), g.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "column_kinds",
        Value::from(minijinja::value::Serde(
            ColumnKind::ALL
                .iter()
                .map(|g| (g.as_str(), g.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env.add_global(
        "items20",
        Value::from(minijinja::value::Serde(
            Item20::all()
                .map(|i| (i.number(), i.label()))
                .collect::<Vec<_>>(),
        )),
    );
    env
}

impl Views {
    /// The built-in templates only.
    pub fn new() -> Self {
        Self::with_themes(None)
    }

    /// The built-in templates, and site themes under `themes_dir`.
    pub fn with_themes(themes_dir: Option<PathBuf>) -> Self {
        Views {
            env: build_env(None),
            themes_dir,
            themed: Mutex::new(HashMap::new()),
        }
    }

    /// Renders a template with a context.
    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> Result<String, minijinja::Error> {
        self.env
            .get_template(name)?
            .render(Value::from(minijinja::value::Serde(ctx)))
    }

    /// The folder of a site theme, when it exists.
    pub fn theme_dir(&self, theme: &str) -> Option<PathBuf> {
        if theme == "default" || !safe_name(theme) || theme.contains('/') {
            return None;
        }
        let dir = self.themes_dir.as_ref()?.join(theme);
        dir.is_dir().then_some(dir)
    }

    /// Renders a template in a site's theme (falling back to the default theme's templates).
    pub fn render_themed<S: Serialize>(
        &self,
        theme: &str,
        name: &str,
        ctx: S,
    ) -> Result<String, minijinja::Error> {
        let Some(dir) = self.theme_dir(theme) else {
            return self.render(name, ctx);
        };
        let env = {
            let mut themed = self.themed.lock().map_err(|_| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    "theme cache poisoned",
                )
            })?;
            themed
                .entry(theme.to_owned())
                .or_insert_with(|| Arc::new(build_env(Some(dir))))
                .clone()
        };
        env.get_template(name)?
            .render(Value::from(minijinja::value::Serde(ctx)))
    }

    /// Forgets the compiled site themes (after a theme's files changed).
    pub fn reload_themes(&self) {
        if let Ok(mut themed) = self.themed.lock() {
            themed.clear();
        }
    }

    /// Whether a site theme has this static file (e.g. `theme.css`).
    pub fn theme_file(&self, theme: &str, file: &str) -> Option<PathBuf> {
        if !safe_name(file) || file.contains('/') {
            return None;
        }
        let path = self.theme_dir(theme)?.join("static").join(file);
        path.is_file().then_some(path)
    }

    /// The names of the built-in templates.
    pub fn names() -> impl Iterator<Item = &'static str> {
        TEMPLATES.iter().map(|(n, _)| *n)
    }
}

impl Default for Views {
    fn default() -> Self {
        Self::new()
    }
}

/// The error page, rendered without the state (it must work when everything else fails).
pub fn error_page(status: u16, message: &str) -> String {
    static VIEWS: std::sync::OnceLock<Views> = std::sync::OnceLock::new();
    VIEWS
        .get_or_init(Views::new)
        .render(
            "error.html",
            minijinja::context! { status => status, message => message },
        )
        .unwrap_or_else(|_| format!("<!doctype html><title>{status}</title><p>{status}</p>"))
}

/// Builds a template context from serialisable values: `ctx! { staff, documents => list }`.
#[macro_export]
macro_rules! ctx {
    ($($key:ident $(=> $value:expr)?),* $(,)?) => {
        minijinja::context! {
            $($key => minijinja::Value::from(minijinja::value::Serde(&$crate::ctx!(@value $key $(=> $value)?)))),*
        }
    };
    (@value $key:ident) => { $key };
    (@value $key:ident => $value:expr) => { $value };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_compiles() {
        let views = Views::new();
        for name in Views::names() {
            assert!(
                views.env.get_template(name).is_ok(),
                "{name} does not compile"
            );
        }
    }

    #[test]
    fn theme_names_cannot_leave_their_folder() {
        for bad in ["..", "../x", "a/../../b", "", "a//b", "/etc/passwd"] {
            assert!(!safe_name(bad), "{bad}");
        }
        assert!(safe_name("portal/layout.html"));
        let views = Views::with_themes(Some(std::env::temp_dir()));
        assert!(views.theme_dir("..").is_none());
        assert!(views.theme_file("default", "../x.css").is_none());
    }
}
