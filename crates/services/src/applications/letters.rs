//! Notices and reply letters: numbered and issued when their event is recorded, from the
//! agency's template (or the shipped one) and the case data, and kept as issued; the agency
//! administrator's templates and letter settings.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gongkai_domain::application::applicant::{ApplicantKind, DeliveryWanted, InfoForm};
use gongkai_domain::application::clock::{self, ClockRules};
use gongkai_domain::application::fee::FeeMethod;
use gongkai_domain::application::letter::{self, DecisionFacts, Letter, LetterKind, TemplateError};
use gongkai_domain::application::outcome::{
    Ground, HELD_ELSEWHERE_BASIS, Holder, SPECIAL_REGISTER_BASIS, special_register_rows,
};
use gongkai_domain::auth::Permission;
use gongkai_domain::calendar::{Computed, MISSING_DATA, WorkCalendar};
use gongkai_domain::date::{format_cn, parse_date};
use gongkai_domain::form::FieldErrors;
use gongkai_store::agencies::{self, Agency};
use gongkai_store::applications::{self as apps, AgencySettings, Application, Event};
use gongkai_store::{Conn, Store, index_counters};
use serde::{Deserialize, Serialize};

use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult};
use crate::time::{format_instant, today_cst};

use super::*;

/// The letter's own fields, recorded with its event (JSON in `application_events.letter`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterFields {
    /// 补正事项.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub items: String,
    /// 延期理由.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// 第三方 (or the other agency) consulted.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub party: String,
    /// 征求事项.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub matter: String,
    /// Fee method, stored name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub method: String,
    /// The reply is under 条例第三十六条第七项 (a register with its own access rules).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub special: bool,
    /// The reply is under 条例第三十六条第五项: the agency responsible, named with its contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Holder>,
    /// The letter as issued when its event was recorded: later changes of the template, the
    /// agency's details or the calendar never change a letter already served.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<Letter>,
}

impl LetterFields {
    pub(super) fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub(super) fn of(event: &Event) -> LetterFields {
        serde_json::from_str(&event.letter).unwrap_or_default()
    }
}

/// A letter of a case, as listed on the case page and the applicant's lookup.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterRef {
    /// The event that produced it (the letter's id in URLs).
    pub event_id: i64,
    /// Kind, stored name.
    pub kind: &'static str,
    /// Kind label (答复书 …).
    pub label: &'static str,
    /// Its 文号.
    pub number: String,
    /// Its date.
    pub on_date: String,
}

/// The letters among `events`; the applicant's own omit the consultation letter (it goes to the
/// third party).
pub fn letters_in(events: &[Event], for_applicant: bool) -> Vec<LetterRef> {
    events
        .iter()
        .filter_map(|e| {
            let kind = LetterKind::for_event(&e.kind)?;
            let number = e.letter_number.clone()?;
            if for_applicant && kind == LetterKind::Consultation {
                return None;
            }
            Some(LetterRef {
                event_id: e.id,
                kind: kind.as_str(),
                label: kind.label(),
                number,
                on_date: e.on_date.clone(),
            })
        })
        .collect()
}

/// The next 文号 of the agency's letters in the year of `day`, by its pattern (replies and notices
/// share one sequence, as agencies number their 公开 letters).
pub(super) async fn next_letter_number(
    conn: &mut Conn,
    agency_id: i64,
    day: NaiveDate,
) -> ServiceResult<String> {
    let settings = apps::agency_settings(conn, agency_id)
        .await?
        .unwrap_or_default();
    let agency = agencies::find(conn, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let year = day.format("%Y").to_string();
    let seq = index_counters::next_seq(conn, agency_id, &format!("reply:{year}")).await?;
    Ok(render_number(
        &settings.reply_pattern,
        &agency.short_name,
        &year,
        seq,
    ))
}

fn render_number(pattern: &str, short: &str, year: &str, seq: i64) -> String {
    pattern
        .replace("{short}", short)
        .replace("{year}", year)
        .replace("{seq}", &seq.to_string())
}

/// The standard of a fee method as the notice states it (国办函〔2020〕109号 第五条).
pub fn fee_standard(method: FeeMethod) -> &'static str {
    match method {
        FeeMethod::PerApplication => {
            "按件计收：同一申请人在一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，每件100元；31—40件（含40件）的部分，每件200元；41—50件（含50件）的部分，每件300元；超过50件的部分，每增加10件，每件收费标准提高100元。"
        }
        FeeMethod::PerPage => {
            "按量计收：同一申请人的同一件申请，30页以下（含30页）的，不收费；31—100页（含100页）的部分，每页10元；101—200页（含200页）的部分，每页20元；200页以上的部分，每页40元。"
        }
    }
}

/// A date the letter states, with the flag when a year without holiday data was crossed.
fn dated(value: &Computed<NaiveDate>, what: &str, warnings: &mut Vec<String>) -> String {
    if !value.is_certain() {
        let years: Vec<String> = value.missing_years.iter().map(i32::to_string).collect();
        warnings.push(format!(
            "{what}（{}）的计算跨越{}年：{MISSING_DATA}，已按周一至周五为工作日计算，请在发出前核实",
            format_cn(value.value),
            years.join("、")
        ));
    }
    format_cn(value.value)
}

fn cn(day: &str) -> String {
    parse_date(day)
        .map(format_cn)
        .unwrap_or_else(|| day.to_owned())
}

/// The due date of the clock with the events up to `upto` (exclusive or inclusive).
fn due_with(
    cal: &WorkCalendar,
    app: &Application,
    events: &[Event],
    upto: i64,
    inclusive: bool,
) -> Option<NaiveDate> {
    let received = app.received_on.as_deref().and_then(parse_date)?;
    let kept: Vec<Event> = events
        .iter()
        .filter(|e| e.id < upto || (inclusive && e.id == upto))
        .cloned()
        .collect();
    let on = kept.iter().filter_map(|e| parse_date(&e.on_date)).max()?;
    clock::compute(
        cal,
        ClockRules::default(),
        received,
        &clock_events(&kept),
        on,
    )
    .ok()?
    .due_on
}

/// Everything a letter is made of.
struct Sources<'a> {
    app: &'a Application,
    agency: &'a Agency,
    settings: &'a AgencySettings,
    events: &'a [Event],
    cal: &'a WorkCalendar,
    body: String,
}

fn build(s: &Sources<'_>, event: &Event) -> ServiceResult<Letter> {
    let kind = LetterKind::for_event(&event.kind).ok_or(ServiceError::NotFound)?;
    let number = event.letter_number.clone().ok_or(ServiceError::NotFound)?;
    let day = parse_date(&event.on_date).ok_or(ServiceError::NotFound)?;
    let fields = LetterFields::of(event);
    let app = s.app;
    let mut warnings = Vec::new();
    let mut v: BTreeMap<&str, String> = BTreeMap::new();
    v.insert("申请人", app.name.clone());
    let you = letter::addressee(
        ApplicantKind::parse(&app.kind).unwrap_or(ApplicantKind::OtherOrganisation),
    );
    v.insert("你", you.to_owned());
    v.insert("机关名称", s.agency.name.clone());
    v.insert(
        "收到日期",
        app.received_on
            .as_deref()
            .map(cn)
            .unwrap_or_else(|| "（尚未确认受理）".into()),
    );
    let mut asked = app.description.trim().to_owned();
    if !app.doc_title.is_empty() || !app.doc_number.is_empty() {
        let parts: Vec<&str> = [app.doc_title.as_str(), app.doc_number.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        asked.push_str(&format!("（{}）", parts.join("，")));
    }
    v.insert("申请内容", asked);
    v.insert("受理编号", app.number.clone());
    v.insert("文号", number.clone());
    v.insert("日期", format_cn(day));
    let office = if s.agency.office_name.is_empty() {
        s.agency.name.clone()
    } else {
        s.agency.office_name.clone()
    };
    v.insert("联系部门", office);
    v.insert("联系电话", or_dash(&s.agency.office_phone));
    v.insert("联系地址", or_dash(&s.agency.office_address));
    match kind {
        LetterKind::Reply => {
            let ground = app
                .ground
                .as_deref()
                .and_then(Ground::parse)
                .ok_or(ServiceError::NotFound)?;
            let first = |k: &str| {
                s.events
                    .iter()
                    .find(|e| e.kind == k)
                    .map(|e| cn(&e.on_date))
            };
            let provision = [
                InfoForm::parse(&app.info_form).map(|f| format!("{}形式", f.label())),
                DeliveryWanted::parse(&app.delivery).map(|d| format!("{}方式", d.label())),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("，以");
            let facts = DecisionFacts {
                you,
                detail: app.outcome_detail.clone(),
                correction_requested_on: first("correction_requested"),
                fee_notice_on: s
                    .events
                    .iter()
                    .rev()
                    .find(|e| e.kind == "fee_notice_served")
                    .map(|e| cn(&e.on_date)),
                withdrawn_on: first("withdrawn"),
                provision: if provision.is_empty() {
                    provision
                } else {
                    format!("以{provision}提供")
                },
            };
            v.insert(
                "办理结果",
                format!("{}·{}", ground.outcome().label(), ground.label()),
            );
            if fields.special {
                v.insert(
                    "决定",
                    letter::special_register_decision(you, &app.outcome_detail),
                );
                v.insert("法律依据", SPECIAL_REGISTER_BASIS.to_owned());
            } else if let Some(holder) = &fields.holder {
                v.insert(
                    "决定",
                    letter::held_elsewhere_decision(you, holder, &app.outcome_detail),
                );
                v.insert("法律依据", HELD_ELSEWHERE_BASIS.to_owned());
            } else {
                v.insert("决定", letter::decision(ground, &facts));
                v.insert("法律依据", ground.basis().to_owned());
            }
            v.insert("说明", app.outcome_detail.clone());
            v.insert(
                "救济途径",
                letter::remedies(&s.settings.review_body, &s.settings.court),
            );
            if s.settings.review_body.trim().is_empty() || s.settings.court.trim().is_empty() {
                warnings.push(
                    "本机关尚未在「文书设置」中填写行政复议机关和管辖法院，答复书只能概括告知救济途径"
                        .to_owned(),
                );
            }
        }
        LetterKind::Correction => {
            let days = event.days.and_then(|d| u32::try_from(d).ok()).unwrap_or(15);
            v.insert("补正事项", fields.items.trim().to_owned());
            v.insert("补正期限", days.to_string());
            let until = s.cal.add_working_days(day, days);
            v.insert("补正截止日期", dated(&until, "补正截止日期", &mut warnings));
        }
        LetterKind::Extension => {
            v.insert("延期理由", letter::clause(&fields.reason));
            v.insert("延期天数", event.days.unwrap_or(20).to_string());
            let before = due_with(s.cal, app, s.events, event.id, false);
            let after = due_with(s.cal, app, s.events, event.id, true);
            v.insert(
                "原答复期限",
                before.map(format_cn).unwrap_or_else(|| "法定期限".into()),
            );
            match after {
                Some(d) => {
                    v.insert("延长后答复期限", format_cn(d));
                }
                None => {
                    warnings.push("延长后的答复期限无法计算，请核对事件记录".into());
                    v.insert("延长后答复期限", "（无法计算）".into());
                }
            }
        }
        LetterKind::Consultation => {
            v.insert("第三方", fields.party.trim().to_owned());
            v.insert("征求事项", fields.matter.trim().to_owned());
            let until = s.cal.add_working_days(day, 15);
            v.insert("答复截止日期", dated(&until, "答复截止日期", &mut warnings));
        }
        LetterKind::Fee => {
            let method = FeeMethod::parse(&fields.method);
            v.insert(
                "计收方式",
                method.map(|m| m.label()).unwrap_or("").to_owned(),
            );
            v.insert(
                "收费标准",
                method.map(fee_standard).unwrap_or("").to_owned(),
            );
            v.insert("收费金额", event.amount.unwrap_or(0).to_string());
            let until = s.cal.add_working_days(day, 20);
            v.insert("缴费期限", dated(&until, "缴费期限", &mut warnings));
            let pay = s.settings.fee_payment.trim();
            v.insert(
                "缴费方式",
                if pay.is_empty() {
                    "缴费方式请与本机关联系。".to_owned()
                } else {
                    pay.to_owned()
                },
            );
        }
    }
    if let Err(e) = letter::check_template(kind, &s.body) {
        warnings.push(format!("本机关的模板有误，请修改：{e}"));
    }
    Ok(Letter {
        kind,
        agency: s.agency.name.clone(),
        title: kind.title().to_owned(),
        number,
        paragraphs: letter::fill(&s.body, &v),
        date: format_cn(day),
        warnings,
    })
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.trim().to_owned()
    }
}

async fn template_body(conn: &mut Conn, agency_id: i64, kind: LetterKind) -> ServiceResult<String> {
    Ok(apps::template(conn, agency_id, kind.as_str())
        .await?
        .unwrap_or_else(|| kind.default_body().to_owned()))
}

async fn letter_of(
    conn: &mut Conn,
    app: &Application,
    events: &[Event],
    cal: &WorkCalendar,
    event_id: i64,
) -> ServiceResult<Letter> {
    let event = events
        .iter()
        .find(|e| e.id == event_id)
        .ok_or(ServiceError::NotFound)?;
    let kind = LetterKind::for_event(&event.kind).ok_or(ServiceError::NotFound)?;
    if let Some(issued) = LetterFields::of(event).issued {
        return Ok(issued);
    }
    let agency = agencies::find(conn, app.agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let settings = apps::agency_settings(conn, app.agency_id)
        .await?
        .unwrap_or_default();
    let body = template_body(conn, app.agency_id, kind).await?;
    build(
        &Sources {
            app,
            agency: &agency,
            settings: &settings,
            events,
            cal,
            body,
        },
        event,
    )
}

/// A letter of application `id` for staff who may see the case (the view is audited: the letter
/// carries the applicant's personal data).
pub async fn staff_letter(
    store: &Store,
    staff: &Staff,
    id: i64,
    event_id: i64,
    now: i64,
) -> ServiceResult<Letter> {
    let mut tx = store.begin_write().await?;
    let case = load_case(&mut tx, staff, id, today_cst(now)).await?;
    let letter = letter_of(&mut tx, &case.app, &case.events, &case.cal, event_id).await?;
    let detail = format!("{} {}", letter.kind.label(), letter.number);
    audit_entry(
        &mut tx,
        Some(staff),
        case.app.agency_id,
        "application.letter",
        id,
        &detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(letter)
}

/// A letter addressed to the applicant, for the holder of the query code and secret (the
/// consultation letter, addressed to a third party, is not theirs).
pub async fn applicant_letter(
    store: &Store,
    query_code: &str,
    secret: &str,
    event_id: i64,
) -> ServiceResult<Letter> {
    let mut conn = store.conn().await?;
    let app = find_for_applicant(&mut conn, query_code, secret).await?;
    let events = apps::events_of(&mut conn, app.id).await?;
    if !letters_in(&events, true)
        .iter()
        .any(|l| l.event_id == event_id)
    {
        return Err(ServiceError::NotFound);
    }
    let cal = calendar(&mut conn).await?;
    let mut letter = letter_of(&mut conn, &app, &events, &cal, event_id).await?;
    // The warnings are for staff before sending, not for the applicant.
    letter.warnings.clear();
    Ok(letter)
}

/// One template as the editor shows it.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct TemplateView {
    /// Kind, stored name.
    pub kind: &'static str,
    /// Kind label.
    pub label: &'static str,
    /// Title printed.
    pub title: &'static str,
    /// The text in force.
    pub body: String,
    /// The agency saved its own.
    pub custom: bool,
    /// When it was saved, CST.
    pub updated_at: String,
    /// Placeholders: (name, hint).
    pub placeholders: Vec<(&'static str, &'static str)>,
    /// The placeholders it must keep.
    pub required: &'static [&'static str],
}

/// The letter settings page of an agency.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct LetterSettingsView {
    /// Agency.
    pub agency_id: i64,
    /// Agency name.
    pub agency_name: String,
    /// The settings.
    pub settings: AgencySettings,
    /// An example number by the pattern.
    pub example_number: String,
    /// The five templates.
    pub templates: Vec<TemplateView>,
    /// The rows a 第三十六条第七项 reply may count under: (stored name, report row and label).
    pub special_register_rows: Vec<(&'static str, String)>,
}

/// The letter settings and templates of `agency_id` (机关管理员 of the agency).
pub async fn letter_settings(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    now: i64,
) -> ServiceResult<LetterSettingsView> {
    let mut conn = store.conn().await?;
    require(&mut conn, staff, Permission::ManageAgency, agency_id).await?;
    let agency = agencies::find(&mut conn, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let settings = apps::agency_settings(&mut conn, agency_id)
        .await?
        .unwrap_or_default();
    let own = apps::templates(&mut conn, agency_id).await?;
    let templates = LetterKind::ALL
        .iter()
        .map(|k| {
            let saved = own.iter().find(|t| t.kind == k.as_str());
            TemplateView {
                kind: k.as_str(),
                label: k.label(),
                title: k.title(),
                body: saved.map_or_else(|| k.default_body().to_owned(), |t| t.body.clone()),
                custom: saved.is_some(),
                updated_at: saved
                    .map(|t| format_instant(t.updated_at))
                    .unwrap_or_default(),
                placeholders: k.placeholders().iter().map(|p| (p.name, p.hint)).collect(),
                required: k.required(),
            }
        })
        .collect();
    let year = today_cst(now).format("%Y").to_string();
    Ok(LetterSettingsView {
        agency_id,
        example_number: render_number(&settings.reply_pattern, &agency.short_name, &year, 12),
        agency_name: agency.name,
        settings,
        templates,
        special_register_rows: special_register_rows()
            .into_iter()
            .map(|g| {
                (
                    g.as_str(),
                    format!("{} {}·{}", g.report_row(), g.outcome().label(), g.label()),
                )
            })
            .collect(),
    })
}

/// The settings form.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SettingsForm {
    /// 文号 pattern.
    pub reply_pattern: String,
    /// Correction period, working days.
    pub correction_days: String,
    /// 缴费方式.
    pub fee_payment: String,
    /// The ground a 第三十六条第七项 reply counts under (stored name).
    pub special_register_ground: String,
    /// 行政复议机关 named in replies (left out by an older API client: unchanged).
    pub review_body: Option<String>,
    /// The court named in replies (left out: unchanged).
    pub court: Option<String>,
}

/// Checks a number pattern: it must number (`{seq}`) within a year (`{year}`), and know no other
/// placeholders than `{short}`.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    let p = pattern.trim();
    if p.is_empty() || p.chars().count() > 60 {
        return Err("文号格式不能为空，且不超过 60 个字".into());
    }
    if !p.contains("{seq}") || !p.contains("{year}") {
        return Err(
            "文号格式须包含 {year}（年份）和 {seq}（序号），例如 {short}公开〔{year}〕{seq}号"
                .into(),
        );
    }
    let rest = p
        .replace("{short}", "")
        .replace("{year}", "")
        .replace("{seq}", "");
    if rest.contains('{') || rest.contains('}') {
        return Err("文号格式只能使用 {short}、{year}、{seq} 三个占位符".into());
    }
    Ok(())
}

/// Saves the agency's letter settings (机关管理员).
pub async fn save_letter_settings(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    form: &SettingsForm,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    require(&mut tx, staff, Permission::ManageAgency, agency_id).await?;
    let mut e = FieldErrors::new();
    if let Err(m) = check_pattern(&form.reply_pattern) {
        e.add("reply_pattern", m);
    }
    let days = match form.correction_days.trim().parse::<i64>() {
        Ok(d) if (1..=60).contains(&d) => d,
        _ => {
            e.add("correction_days", "补正期限应为 1 至 60 之间的工作日数");
            15
        }
    };
    if form.fee_payment.chars().count() > 500 {
        e.add("fee_payment", "缴费方式不超过 500 个字");
    }
    let current = apps::agency_settings(&mut tx, agency_id)
        .await?
        .unwrap_or_default();
    // Left out (an older API client): the agency's choice stays.
    let chosen = if form.special_register_ground.trim().is_empty() {
        current.special_register_ground.as_str()
    } else {
        form.special_register_ground.trim()
    };
    let special = Ground::parse(chosen).filter(|g| special_register_rows().contains(g));
    if special.is_none() {
        e.add(
            "special_register_ground",
            "请选择第三十六条第七项答复计入的统计项：不予处理的一项，或其他处理·其他",
        );
    }
    let named =
        |given: &Option<String>, current: &str, field: &'static str, e: &mut FieldErrors| {
            let value = given.as_deref().unwrap_or(current).trim().to_owned();
            if value.chars().count() > 100 {
                e.add(field, "不超过 100 个字");
            }
            value
        };
    let review_body = named(
        &form.review_body,
        &current.review_body,
        "review_body",
        &mut e,
    );
    let court = named(&form.court, &current.court, "court", &mut e);
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let settings = AgencySettings {
        review_body,
        court,
        reply_pattern: form.reply_pattern.trim().to_owned(),
        correction_days: days,
        fee_payment: form.fee_payment.trim().to_owned(),
        special_register_ground: special.map_or("other_handling", |g| g.as_str()).to_owned(),
    };
    apps::set_agency_settings(&mut tx, agency_id, &settings).await?;
    let detail = format!(
        "文号格式 {}，补正期限 {} 个工作日",
        settings.reply_pattern, settings.correction_days
    );
    audit_settings(&mut tx, staff, agency_id, "letters.settings", &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn audit_settings(
    conn: &mut Conn,
    staff: &Staff,
    agency_id: i64,
    action: &str,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    gongkai_store::audit::record(
        conn,
        &gongkai_store::audit::NewEntry {
            at: now,
            user_id: Some(staff.id),
            agency_id: Some(agency_id),
            action,
            entity: "agency",
            entity_id: Some(agency_id),
            detail,
        },
    )
    .await
}

fn parse_kind(kind: &str) -> ServiceResult<LetterKind> {
    LetterKind::parse(kind).ok_or(ServiceError::NotFound)
}

fn template_invalid(e: &TemplateError) -> ServiceError {
    let mut errors = FieldErrors::new();
    errors.add("body", e.to_string());
    ServiceError::Invalid(errors)
}

/// Saves the agency's own template of `kind` after checking it (机关管理员).
pub async fn save_template(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    kind: &str,
    body: &str,
    now: i64,
) -> ServiceResult<()> {
    let kind = parse_kind(kind)?;
    let mut tx = store.begin_write().await?;
    require(&mut tx, staff, Permission::ManageAgency, agency_id).await?;
    let body = body.replace("\r\n", "\n");
    letter::check_template(kind, &body).map_err(|e| template_invalid(&e))?;
    apps::save_template(
        &mut tx,
        agency_id,
        kind.as_str(),
        body.trim(),
        staff.id,
        now,
    )
    .await?;
    audit_settings(
        &mut tx,
        staff,
        agency_id,
        "letters.template",
        kind.label(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Goes back to the shipped template of `kind` (机关管理员).
pub async fn reset_template(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    kind: &str,
    now: i64,
) -> ServiceResult<()> {
    let kind = parse_kind(kind)?;
    let mut tx = store.begin_write().await?;
    require(&mut tx, staff, Permission::ManageAgency, agency_id).await?;
    if apps::delete_template(&mut tx, agency_id, kind.as_str()).await? {
        let detail = format!("{}（恢复默认）", kind.label());
        audit_settings(&mut tx, staff, agency_id, "letters.template", &detail, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Fills a template with example values, for the editor's preview; the error names the line.
pub fn preview(kind: &str, body: &str, agency_name: &str) -> ServiceResult<Letter> {
    let kind = parse_kind(kind)?;
    let body = body.replace("\r\n", "\n");
    letter::check_template(kind, &body).map_err(|e| template_invalid(&e))?;
    let values: BTreeMap<&str, String> = kind
        .placeholders()
        .into_iter()
        .map(|p| {
            let example = match p.name {
                "救济途径" => letter::remedies("〔行政复议机关〕", "〔管辖法院〕"),
                "机关名称" => agency_name.to_owned(),
                _ => format!("〔{}〕", p.name),
            };
            (p.name, example)
        })
        .collect();
    Ok(Letter {
        kind,
        agency: agency_name.to_owned(),
        title: kind.title().to_owned(),
        number: "〔文号〕".into(),
        paragraphs: letter::fill(&body, &values),
        date: "〔日期〕".into(),
        warnings: Vec::new(),
    })
}

/// Issues the letter of event `event_id` just recorded: builds it from the template and the
/// case as they are now and keeps it with the event.
pub(super) async fn issue(
    conn: &mut Conn,
    application_id: i64,
    event_id: i64,
) -> ServiceResult<()> {
    let app = apps::find(conn, application_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let events = apps::events_of(conn, application_id).await?;
    let Some(event) = events.iter().find(|e| e.id == event_id) else {
        return Ok(());
    };
    if event.letter_number.is_none() || LetterKind::for_event(&event.kind).is_none() {
        return Ok(());
    }
    let mut fields = LetterFields::of(event);
    let cal = calendar(conn).await?;
    let letter = letter_of(conn, &app, &events, &cal, event_id).await?;
    fields.issued = Some(letter);
    apps::set_event_letter(conn, event_id, &fields.to_json()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_must_number_within_a_year() {
        assert!(check_pattern("{short}公开〔{year}〕{seq}号").is_ok());
        assert!(check_pattern("民公开〔{year}〕{seq}号").is_ok());
        assert!(check_pattern("{short}公开{seq}号").is_err());
        assert!(check_pattern("{short}公开〔{year}〕{n}号 {seq}").is_err());
        assert!(check_pattern("  ").is_err());
        assert_eq!(
            render_number("{short}公开〔{year}〕{seq}号", "市民政局", "2026", 7),
            "市民政局公开〔2026〕7号"
        );
    }

    #[test]
    fn fee_standards_are_the_measures_bands() {
        // 国办函〔2020〕109号: 1–10 free, 11–30 100元, 31–40 200元, 41–50 300元 (按件);
        // 1–30 pages free, 31–100 10元, 101–200 20元, over 200 40元 (按量).
        let a = fee_standard(FeeMethod::PerApplication);
        assert!(a.contains("10件以下") && a.contains("每件300元"));
        let p = fee_standard(FeeMethod::PerPage);
        assert!(p.contains("30页以下") && p.contains("每页40元"));
    }
}
