//! The case actions: each checked by the state machine, written as an event with its audit entry.

use gongkai_domain::application::case::{self, CaseAction};
use gongkai_domain::application::channel::{Channel, ReceiptRules, receipt_date};
use gongkai_domain::application::clock::{self, ClockEvent, ClockRules};
use gongkai_domain::application::fee::{self, FeeMethod};
use gongkai_domain::application::letter::LetterKind;
use gongkai_domain::application::outcome::{Ground, HELD_ELSEWHERE, Holder, SPECIAL_REGISTER};
use gongkai_domain::auth::Permission;
use gongkai_domain::date::{format_cn, parse_date};
use gongkai_domain::form::FieldErrors;
use gongkai_store::applications::{self as apps, NewEvent};
use gongkai_store::{Store, agencies, users};
use serde::{Deserialize, Serialize};

use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult};
use crate::time::today_cst;

use super::intake::{check_day, check_handler, next_number};
use super::letters::{LetterFields, next_letter_number};
use super::*;

/// The fields an action may take (each action reads the ones it needs).
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ActionForm {
    /// The day of the event (default today).
    pub date: String,
    /// Working days (correction period, extension).
    pub days: String,
    /// Amount, 元 (fee notice).
    pub amount: String,
    /// Fee method, stored name.
    pub fee_method: String,
    /// Pages (按量计收).
    pub pages: String,
    /// Note: what to correct, whom consulted, the reason of an extension or waiver …
    pub note: String,
    /// Ground of closing, stored name.
    pub ground: String,
    /// What the outcome also records.
    pub detail: String,
    /// Target agency of a transfer.
    pub agency_id: String,
    /// Delivery method (邮寄 …).
    pub method: String,
    /// Appeal kind.
    pub appeal_kind: String,
    /// Appeal result.
    pub appeal_result: String,
    /// Appeal decided on.
    pub result_on: String,
    /// The appeal being updated.
    pub appeal_id: String,
    /// 承办人 (when assigning).
    pub handler_id: String,
    /// The third party or agency consulted (征求意见).
    pub party: String,
    /// The agency responsible for the information (a reply under 条例第三十六条第五项).
    pub holder: String,
    /// Its contact (条例第三十六条第五项).
    pub holder_contact: String,
}

gongkai_domain::labelled_enum! {
    /// How a reply was delivered (spec/applications.md).
    pub enum DeliveryMethod {
        /// By the postal service.
        Mail = ("mail", "邮寄"),
        /// 电子邮件.
        Email = ("email", "电子邮件"),
        /// On the platform.
        Online = ("online", "在线"),
        /// Handed over, signed for.
        InPerson = ("in_person", "当面签收"),
    }
}

gongkai_domain::labelled_enum! {
    /// 行政复议 or 行政诉讼, as the annual report's section 四 splits them.
    pub enum AppealKind {
        /// 行政复议.
        Review = ("review", "行政复议"),
        /// 行政诉讼 — 未经复议直接起诉.
        LitigationDirect = ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
        /// 行政诉讼 — 复议后起诉.
        LitigationAfterReview = ("litigation_after_review", "行政诉讼（复议后起诉）"),
    }
}

gongkai_domain::labelled_enum! {
    /// The result of a review or lawsuit.
    pub enum AppealResult {
        /// 结果维持.
        Maintained = ("maintained", "结果维持"),
        /// 结果纠正.
        Corrected = ("corrected", "结果纠正"),
        /// 其他结果.
        Other = ("other", "其他结果"),
        /// 尚未审结.
        Pending = ("pending", "尚未审结"),
    }
}

fn parse_days(e: &mut FieldErrors, value: &str, default: u32, max: u32) -> u32 {
    if value.trim().is_empty() {
        return default;
    }
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => n,
        _ => {
            e.add("days", format!("天数应为 1 至 {max} 之间的整数"));
            default
        }
    }
}

/// What an action did.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acted {
    /// The application.
    pub id: i64,
    /// Its lifecycle after the action.
    pub lifecycle: &'static str,
    /// The 答复书文号 when the action closed it.
    pub reply_number: Option<String>,
}

/// Closes application `id` of `agency_id` with `ground`, the recorded detail, the closing day
/// and the day whose year numbers the reply; returns the reply's number.
async fn close_with(
    tx: &mut gongkai_store::Conn,
    (agency_id, id): (i64, i64),
    ground: Ground,
    (detail, closed_on, numbered_on): (&str, &str, chrono::NaiveDate),
    now: i64,
) -> ServiceResult<String> {
    let number = next_letter_number(tx, agency_id, numbered_on).await?;
    apps::close(
        tx,
        id,
        &apps::Closing {
            outcome: ground.outcome().as_str(),
            ground: ground.as_str(),
            detail,
            closed_on,
            reply_number: &number,
        },
        now,
    )
    .await?;
    Ok(number)
}

/// Carries out `action` on application `id` (the state machine decides whether it may).
pub async fn act(
    store: &Store,
    staff: &Staff,
    id: i64,
    action: CaseAction,
    form: &ActionForm,
    now: i64,
) -> ServiceResult<Acted> {
    let mut tx = store.begin_write().await?;
    let today = today_cst(now);
    let Case {
        app,
        events,
        cal,
        clock: _,
        facts,
        may_handle,
        may_extend,
    } = load_case(&mut tx, staff, id, today).await?;
    if !may_handle {
        return Err(ServiceError::Forbidden);
    }
    if action == CaseAction::Extend && !may_extend {
        return Err(ServiceError::Refused(
            "延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款），请由本机关的机关管理员办理".into(),
        ));
    }
    case::check(&facts, action).map_err(|r| ServiceError::Refused(r.to_owned()))?;
    let last = events.iter().filter_map(|e| parse_date(&e.on_date)).max();
    let mut e = FieldErrors::new();
    let day = check_day(&mut e, "date", &form.date, last, today);
    let note = form.note.trim();
    let mut event = NewEvent {
        kind: "",
        on_date: day.unwrap_or(today).to_string(),
        note,
        user_id: Some(staff.id),
        ..NewEvent::default()
    };
    let mut fields = LetterFields::default();
    let mut lifecycle = app.lifecycle.clone();
    let mut reply_number = None;
    let mut detail = String::new();
    match action {
        CaseAction::Accept => {
            event.kind = "accepted";
            if let (Some(day), true) = (day, e.is_empty()) {
                let r = receipt_date(&cal, ReceiptRules::default(), Channel::Online, day);
                let handler = if staff.holds(gongkai_domain::auth::Role::CaseHandler, app.agency_id)
                {
                    Some(staff.id)
                } else {
                    None
                };
                apps::set_received(
                    &mut tx,
                    id,
                    &day.to_string(),
                    &r.received_on.to_string(),
                    handler,
                    now,
                )
                .await?;
                event.on_date = r.received_on.to_string();
                detail = r.explanation.join("");
                lifecycle = "open".into();
            }
        }
        CaseAction::Transfer => {
            event.kind = "transferred";
            let target = form.agency_id.trim().parse::<i64>().ok();
            let agency = match target {
                Some(t) if t != app.agency_id => agencies::find(&mut tx, t).await?,
                _ => None,
            };
            match agency {
                None => e.add("agency_id", "请选择转送的机关（不能是本机关）"),
                Some(a) if e.is_empty() => {
                    if note.is_empty() {
                        e.add("note", "请写明转送的理由");
                    } else {
                        let number = next_number(&mut tx, a.id, today).await?;
                        apps::transfer(&mut tx, id, a.id, &number, now).await?;
                        detail = format!("转送至{}（新受理编号 {number}）", a.name);
                    }
                }
                Some(_) => {}
            }
        }
        CaseAction::RequestCorrection => {
            event.kind = "correction_requested";
            let default = apps::agency_settings(&mut tx, app.agency_id)
                .await?
                .and_then(|s| u32::try_from(s.correction_days).ok())
                .unwrap_or(15);
            fields.items = note.to_owned();
            event.days = Some(i64::from(parse_days(&mut e, &form.days, default, 60)));
            if note.is_empty() {
                e.add(
                    "note",
                    "请一次性写明需要补正的事项（条例第三十条），该内容将载入补正告知书",
                );
            }
            if let (Some(received), Some(day)) =
                (app.received_on.as_deref().and_then(parse_date), day)
            {
                let limit = cal.add_working_days(received, 7).value;
                if day > limit {
                    detail = format!(
                        "补正告知晚于收到申请之日起 7 个工作日（应于 {} 前发出，条例第三十条）",
                        format_cn(limit)
                    );
                }
            }
        }
        CaseAction::ReceiveCorrection => event.kind = "correction_received",
        CaseAction::SendConsultation => {
            event.kind = "consultation_sent";
            let party = form.party.trim();
            if party.is_empty() {
                e.add("party", "请写明征求意见的对象（第三方或其他机关）");
            } else if party.chars().count() > 100 {
                e.add("party", "征求意见的对象不超过 100 个字");
            }
            if note.is_empty() {
                e.add("note", "请写明征求意见的事项，该内容将载入征求第三方意见函");
            }
            fields.party = party.to_owned();
            fields.matter = note.to_owned();
            detail = format!("征求{party}意见");
        }
        CaseAction::ReceiveConsultation => {
            event.kind = "consultation_answered";
            if note.is_empty() {
                e.add("note", "请记录第三方或其他机关的意见（同意、不同意及理由）");
            }
        }
        CaseAction::Extend => {
            event.kind = "extension_granted";
            event.days = Some(i64::from(parse_days(&mut e, &form.days, 20, 20)));
            if note.is_empty() {
                e.add("note", "请写明延期的理由，该内容将载入延期答复告知书");
            }
            fields.reason = note.to_owned();
        }
        CaseAction::ServeFeeNotice => {
            event.kind = "fee_notice_served";
            let method = FeeMethod::parse(&form.fee_method);
            if method.is_none() {
                e.add(
                    "fee_method",
                    "请选择计收方式：按件计收或按量计收（二者只能选其一）",
                );
            }
            // Left empty, the amount is computed by the method's scale (国办函〔2020〕109号).
            let typed = form.amount.trim();
            let amount = if typed.is_empty() {
                let computed = match method {
                    Some(FeeMethod::PerPage) => match form.pages.trim().parse::<u32>() {
                        Ok(p) if p <= fee::MAX_UNITS => Some(fee::per_page(p).total),
                        _ => {
                            e.add("pages", "按量计收请填写页数，或直接填写金额");
                            None
                        }
                    },
                    Some(FeeMethod::PerApplication) => {
                        let n = apps::position_in_month(&mut tx, &app).await?;
                        let n = u32::try_from(n).unwrap_or(0);
                        Some(fee::per_application(n, n).total)
                    }
                    None => None,
                };
                if computed == Some(0) {
                    e.add(
                        "amount",
                        "按所选标准计算的费用为 0 元，不应收费（国办函〔2020〕109号）",
                    );
                }
                computed
                    .filter(|a| *a > 0)
                    .and_then(|a| i64::try_from(a).ok())
            } else {
                let a = typed.parse::<i64>().ok().filter(|a| *a > 0);
                if a.is_none() {
                    e.add("amount", "请填写收费金额（元，正整数）");
                }
                a
            };
            event.amount = amount;
            if let Some(m) = method {
                detail = m.label().to_owned();
                fields.method = m.as_str().to_owned();
            }
        }
        CaseAction::RecordPayment => event.kind = "fee_paid",
        CaseAction::WaiveFee => {
            event.kind = "fee_waived";
            if note.is_empty() {
                e.add("note", "请写明减免的理由");
            }
        }
        CaseAction::Dismiss => {
            // Not an application at all (条例第三十九条, 第三十六条第六项 …): received on the day
            // the agency handles it (条例第三十一条) and answered on that day, with its letter.
            event.kind = "replied";
            let ground = Ground::parse(&form.ground);
            match ground {
                None => e.add(
                    "ground",
                    "请选择处理结果：不予处理（信访举报投诉类申请、重复申请等）或其他处理",
                ),
                Some(g) => {
                    if let Err(reason) = case::check_dismiss_ground(g) {
                        e.add("ground", reason);
                    }
                    if g.detail_required() && form.detail.trim().is_empty() {
                        e.add(
                            "detail",
                            format!("请填写{}", g.detail_prompt().unwrap_or("说明")),
                        );
                    }
                    if let (Some(day), true) = (day, e.is_empty()) {
                        let r = receipt_date(&cal, ReceiptRules::default(), Channel::Online, day);
                        let received = r.received_on.to_string();
                        apps::set_received(&mut tx, id, &day.to_string(), &received, None, now)
                            .await?;
                        let number = close_with(
                            &mut tx,
                            (app.agency_id, id),
                            g,
                            (form.detail.trim(), &received, day),
                            now,
                        )
                        .await?;
                        event.on_date = received;
                        detail = format!(
                            "未受理即办结：{}·{}，{}",
                            g.outcome().label(),
                            g.label(),
                            number
                        );
                        event.letter_number = Some(number.clone());
                        reply_number = Some(number);
                        lifecycle = "closed".into();
                    }
                }
            }
        }
        CaseAction::Close | CaseAction::Withdraw => {
            let ground = if action == CaseAction::Withdraw {
                event.kind = "withdrawn";
                Some(Ground::OtherHandling)
            } else if form.ground.trim() == SPECIAL_REGISTER {
                // 条例第三十六条第七项: counted where the agency decided.
                event.kind = "replied";
                fields.special = true;
                if form.detail.trim().is_empty() {
                    e.add(
                        "detail",
                        "请写明依照有关法律、行政法规办理的途径（如登记机构及查询方式）",
                    );
                }
                let settings = apps::agency_settings(&mut tx, app.agency_id)
                    .await?
                    .unwrap_or_default();
                Ground::parse(&settings.special_register_ground).or(Some(Ground::OtherHandling))
            } else if form.ground.trim() == HELD_ELSEWHERE {
                // 条例第三十六条第五项: another agency is responsible and is named; counted in
                // （四）1 with 第四项.
                event.kind = "replied";
                match Holder::check(&form.holder, &form.holder_contact) {
                    Ok(h) => fields.holder = Some(h),
                    Err(missing) => {
                        for (field, message) in missing {
                            e.add(field, message);
                        }
                    }
                }
                Some(Ground::NotHeld)
            } else {
                event.kind = "replied";
                Ground::parse(&form.ground)
            };
            match ground {
                None => e.add("ground", "请选择办理结果及其理由"),
                Some(g) => {
                    if let Err(reason) = case::check_ground(&facts, g)
                        && action == CaseAction::Close
                    {
                        e.add("ground", reason);
                    }
                    let text = form.detail.trim();
                    if g.detail_required() && text.is_empty() {
                        e.add(
                            "detail",
                            format!("请填写{}", g.detail_prompt().unwrap_or("说明")),
                        );
                    }
                    if e.is_empty() {
                        let detail_text = if action == CaseAction::Withdraw {
                            note
                        } else {
                            text
                        };
                        let number = close_with(
                            &mut tx,
                            (app.agency_id, id),
                            g,
                            (detail_text, &event.on_date, day.unwrap_or(today)),
                            now,
                        )
                        .await?;
                        detail = format!(
                            "{}{}·{}，{}",
                            if fields.special {
                                "第三十六条第七项，计入".to_owned()
                            } else if let Some(h) = &fields.holder {
                                format!("第三十六条第五项（负责公开的机关：{}），", h.name)
                            } else {
                                String::new()
                            },
                            g.outcome().label(),
                            g.label(),
                            number
                        );
                        event.letter_number = Some(number.clone());
                        reply_number = Some(number);
                        lifecycle = "closed".into();
                    }
                }
            }
        }
        CaseAction::RecordDelivery => {
            event.kind = "delivered";
            match DeliveryMethod::parse(&form.method) {
                None => e.add("method", "请选择送达方式：邮寄、电子邮件、在线或当面签收"),
                Some(m) => detail = m.label().to_owned(),
            }
        }
        CaseAction::Archive => {
            event.kind = "archived";
            if e.is_empty() {
                apps::archive(&mut tx, id, now).await?;
            }
        }
        CaseAction::RecordAppeal => {
            event.kind = "appeal";
            let kind = AppealKind::parse(&form.appeal_kind);
            let result = AppealResult::parse(&form.appeal_result).unwrap_or(AppealResult::Pending);
            let appeal_id = form.appeal_id.trim().parse::<i64>().unwrap_or(0);
            let result_on = if result == AppealResult::Pending {
                None
            } else {
                match parse_date(&form.result_on) {
                    Some(d) if d <= today => Some(d.to_string()),
                    _ => {
                        e.add("result_on", "请填写有效的审结日期（不晚于今天）");
                        None
                    }
                }
            };
            if kind.is_none() && appeal_id == 0 {
                e.add("appeal_kind", "请选择行政复议或行政诉讼（及其类型）");
            }
            if e.is_empty() {
                let existing = apps::appeals_of(&mut tx, id).await?;
                if appeal_id > 0 && !existing.iter().any(|a| a.id == appeal_id) {
                    return Err(ServiceError::NotFound);
                }
                let kind_str = kind.map(|k| k.as_str().to_owned()).unwrap_or_default();
                apps::save_appeal(
                    &mut tx,
                    id,
                    &apps::Appeal {
                        id: appeal_id,
                        application_id: id,
                        kind: kind_str,
                        filed_on: event.on_date.clone(),
                        result: result.as_str().to_owned(),
                        result_on,
                        note: note.to_owned(),
                    },
                    now,
                )
                .await?;
                detail = format!(
                    "{}：{}",
                    kind.map(|k| k.label()).unwrap_or("更新结果"),
                    result.label()
                );
            }
        }
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    // The clock must still compute with the new event (dates in order, allowed sequence).
    let days = event.days.and_then(|d| u32::try_from(d).ok());
    if let (Some(received), Some(on), Some(new)) = (
        app.received_on.as_deref().and_then(parse_date),
        parse_date(&event.on_date),
        ClockEvent::parse(event.kind, days),
    ) && lifecycle != "submitted"
    {
        let mut all = clock_events(&events);
        all.push((on, new));
        clock::compute(&cal, ClockRules::default(), received, &all, today)
            .map_err(|err| ServiceError::Refused(err.to_string()))?;
    }
    // A notice gets its number when it is recorded (the reply got its number above).
    if let Some(kind) = LetterKind::for_event(event.kind)
        && kind != LetterKind::Reply
    {
        let on = parse_date(&event.on_date).unwrap_or(today);
        let number = next_letter_number(&mut tx, app.agency_id, on).await?;
        detail = if detail.is_empty() {
            format!("{}{number}", kind.label())
        } else {
            format!("{detail}；{}{number}", kind.label())
        };
        event.letter_number = Some(number);
    }
    event.letter = fields.to_json();
    let combined = match (note.is_empty(), detail.is_empty()) {
        (_, true) => note.to_owned(),
        (true, false) => detail.clone(),
        (false, false) => format!("{detail}；{note}"),
    };
    event.note = &combined;
    let event_id = apps::append_event(&mut tx, id, &event, now).await?;
    if event.letter_number.is_some() {
        super::letters::issue(&mut tx, id, event_id).await?;
    }
    let audit_action = format!("application.{}", action.as_str());
    audit_entry(
        &mut tx,
        Some(staff),
        app.agency_id,
        &audit_action,
        id,
        &combined,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Acted {
        id,
        lifecycle: match lifecycle.as_str() {
            "submitted" => "submitted",
            "open" => "open",
            _ => "closed",
        },
        reply_number,
    })
}

/// Assigns the 承办人 of an application (the agency's handlers and administrators).
pub async fn assign(
    store: &Store,
    staff: &Staff,
    id: i64,
    handler_id: Option<i64>,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let app = apps::find(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require(
        &mut tx,
        staff,
        Permission::HandleApplications,
        app.agency_id,
    )
    .await?;
    check_handler(&mut tx, app.agency_id, handler_id).await?;
    apps::set_handler(&mut tx, id, handler_id, now).await?;
    let name = match handler_id {
        Some(h) => users::find(&mut tx, h)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default(),
        None => "（未指定）".into(),
    };
    staff_event(
        &mut tx,
        staff,
        &app,
        "handler_assigned",
        "application.assign",
        &name,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
