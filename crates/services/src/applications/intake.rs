//! Applications coming in: the public form (one-time key, per-identity limit, query code and
//! secret) and registration by staff of the other channels (第三十一条).

use chrono::NaiveDate;
use gongkai_domain::application::applicant::{ApplicationForm, NewApplication, validate};
use gongkai_domain::application::case::Lifecycle;
use gongkai_domain::application::channel::{Channel, ReceiptRules, receipt_date};
use gongkai_domain::auth::Permission;
use gongkai_domain::date::{format_cn, parse_date};
use gongkai_domain::form::FieldErrors;
use gongkai_store::applications::{self as apps, NewEvent, NewRow};
use gongkai_store::{Conn, Store, agencies, index_counters, users};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult};
use crate::time::{format_instant, today_cst};

use super::*;

/// Limits on the public form (the per-IP limit is the web layer's).
#[derive(Debug, Clone, Copy)]
pub struct SubmitLimits {
    /// Online applications one applicant (by ID number / credit code) may submit in 24 hours.
    pub per_identity_per_day: i64,
}

impl Default for SubmitLimits {
    fn default() -> Self {
        SubmitLimits {
            per_identity_per_day: 30,
        }
    }
}

const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

fn random_code(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect()
}

pub(super) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The applicant's secret derived from the form's one-time key: a double submission shows the
/// same receipt, and the database holds only hashes of both.
fn secret_of(submission_key: &str) -> String {
    let digest = Sha256::digest(format!("gongkai-secret:{submission_key}").as_bytes());
    digest
        .iter()
        .take(8)
        .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
        .collect()
}

/// A fresh one-time key for an application form (rendered into the form).
pub fn new_submission_key() -> String {
    random_code(26)
}

/// Normalises a typed query code (case, spaces, the dash).
pub fn normalise_query_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The receipt of a submission, shown once to the applicant.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// Application id.
    pub id: i64,
    /// 受理编号.
    pub number: String,
    /// 查询码.
    pub query_code: String,
    /// 查询密码 (shown on the receipt only; stored as a hash).
    pub secret: String,
    /// The agency applied to.
    pub agency_name: String,
    /// Submitted at, CST.
    pub submitted_at: String,
    /// 收到申请之日, when already received (registered by staff).
    pub received_on: Option<NaiveDate>,
    /// The same submission arrived before (double submission): no new application.
    pub repeated: bool,
}

pub(super) async fn next_number(
    conn: &mut Conn,
    agency_id: i64,
    today: NaiveDate,
) -> ServiceResult<String> {
    let year = today.format("%Y").to_string();
    let seq = index_counters::next_seq(conn, agency_id, &format!("application:{year}")).await?;
    Ok(format!("{year}-{seq:04}"))
}

fn row_of(app: &NewApplication, agency_id: i64, number: String) -> NewRow {
    NewRow {
        agency_id,
        number,
        kind: app.kind.as_str().to_owned(),
        name: app.name.clone(),
        id_type: app.id_type.map(|t| t.as_str().to_owned()),
        id_number: app.id_number.clone(),
        identity_key: app.identity_key(),
        legal_rep: app.legal_rep.clone(),
        contact_name: app.contact_name.clone(),
        phone: app.phone.clone(),
        email: app.email.clone(),
        address: app.address.clone(),
        postcode: app.postcode.clone(),
        description: app.description.clone(),
        doc_title: app.doc_title.clone(),
        doc_number: app.doc_number.clone(),
        purpose: app.purpose.clone(),
        info_form: app.info_form.as_str().to_owned(),
        delivery: app.delivery.as_str().to_owned(),
        ..NewRow::default()
    }
}

/// Submits an application on the public form of `agency_id`. `submission_key` is the form's
/// one-time key: the same key twice returns the first receipt (a double submission creates one
/// application). `consent` is the applicant's agreement to the form's statement.
pub async fn submit_online(
    store: &Store,
    agency_id: i64,
    form: &ApplicationForm,
    submission_key: &str,
    consent: bool,
    limits: SubmitLimits,
    now: i64,
) -> ServiceResult<Receipt> {
    let submission = OnlineSubmission {
        form,
        key: submission_key,
        consent,
        proofs: &[],
    };
    submit(store, agency_id, &submission, limits, now).await
}

/// The most identity proofs one application takes.
pub const MAX_PROOFS: usize = 3;
/// The largest identity proof, in bytes (5 MB: a phone photo or a scanned page).
pub const MAX_PROOF_BYTES: u64 = 5 * 1024 * 1024;

/// An identity proof checked and stored in the file store (not yet linked to an application).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProof {
    /// The name it was uploaded with, cleaned.
    pub file_name: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Media type, from the content.
    pub media_type: &'static str,
    /// Size.
    pub size_bytes: u64,
}

/// Checks one identity proof by its content — a JPEG or PNG photo, or a PDF scan, at most
/// [`MAX_PROOF_BYTES`], whatever its name says — and stores it. The message names the file.
pub fn check_proof(
    files: &crate::files::FileStore,
    file_name: &str,
    bytes: &[u8],
) -> Result<StoredProof, String> {
    let name = crate::files::clean_file_name(file_name);
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_PROOF_BYTES {
        return Err(format!(
            "“{name}”超过 {} MB，请压缩或拍摄清晰的照片后重新上传",
            MAX_PROOF_BYTES / 1024 / 1024
        ));
    }
    let allowed = ["image/jpeg", "image/png", "application/pdf"];
    match crate::files::sniff(bytes, &name) {
        Some(t) if allowed.contains(&t.media_type) => {}
        _ => {
            return Err(format!(
                "“{name}”不是 JPG、PNG 图片或 PDF 文件：身份证明只接受这三种格式"
            ));
        }
    }
    let stored = files
        .put_unread(&name, bytes)
        .map_err(|e| format!("“{name}”：{e}"))?;
    Ok(StoredProof {
        file_name: name,
        sha256: stored.sha256,
        media_type: stored.media_type,
        size_bytes: stored.size_bytes,
    })
}

/// Checks the fields and the consent of an online application before anything is stored (its
/// identity proofs are stored only for an application that can be written).
pub fn check_submission(form: &ApplicationForm, consent: bool) -> ServiceResult<()> {
    let mut e = validate(form).err().unwrap_or_default();
    if !consent {
        e.add("consent", "请阅读并同意申请须知后再提交");
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(e))
    }
}

/// An online application as the public form or the API sends it.
#[derive(Debug, Clone, Copy)]
pub struct OnlineSubmission<'a> {
    /// The fields.
    pub form: &'a ApplicationForm,
    /// The form's one-time key.
    pub key: &'a str,
    /// The applicant agreed to the consent statement.
    pub consent: bool,
    /// Identity proofs, checked and stored ([`check_proof`]).
    pub proofs: &'a [StoredProof],
}

/// Submits an online application with its identity proofs: one transaction; a repeated key
/// returns the first receipt and adds nothing.
pub async fn submit(
    store: &Store,
    agency_id: i64,
    submission: &OnlineSubmission<'_>,
    limits: SubmitLimits,
    now: i64,
) -> ServiceResult<Receipt> {
    let OnlineSubmission {
        form,
        key: submission_key,
        consent,
        proofs,
    } = *submission;
    if proofs.len() > MAX_PROOFS {
        let mut e = FieldErrors::new();
        e.add("proof", format!("身份证明最多上传 {MAX_PROOFS} 个文件"));
        return Err(ServiceError::Invalid(e));
    }
    let key = submission_key.trim();
    if key.len() < 16 || key.len() > 64 || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ServiceError::Refused(
            "表单已失效，请刷新页面后重新填写提交".into(),
        ));
    }
    let key_hash = sha256_hex(key);
    let mut tx = store.begin_write().await?;
    let agency = agencies::find(&mut tx, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let Some(existing) = apps::find_by_submission_key(&mut tx, &key_hash).await? {
        if existing.agency_id != agency_id {
            return Err(ServiceError::Refused(
                "表单已失效，请刷新页面后重新填写提交".into(),
            ));
        }
        return Ok(Receipt {
            id: existing.id,
            number: existing.number,
            query_code: existing.query_code,
            secret: secret_of(key),
            agency_name: agency.name,
            submitted_at: format_instant(existing.submitted_at),
            received_on: existing.received_on.as_deref().and_then(parse_date),
            repeated: true,
        });
    }
    let mut app = validate(form);
    if !consent {
        let mut e = app.as_ref().err().cloned().unwrap_or_default();
        e.add("consent", "请阅读并同意申请须知后再提交");
        app = Err(e);
    }
    let app = app.map_err(ServiceError::Invalid)?;
    let identity = app.identity_key();
    let recent = apps::count_by_identity_since(&mut tx, &identity, now - 24 * 3600 * 1000).await?;
    if recent >= limits.per_identity_per_day {
        return Err(ServiceError::Refused(format!(
            "同一申请人 24 小时内在线提交的申请已达 {} 件，请稍后再提交，或到政府信息公开工作机构当面提交",
            limits.per_identity_per_day
        )));
    }
    let today = today_cst(now);
    let number = next_number(&mut tx, agency_id, today).await?;
    let secret = secret_of(key);
    let mut row = row_of(&app, agency_id, number.clone());
    row.query_code = random_code(10);
    row.secret_hash = sha256_hex(&secret);
    row.submission_key = Some(key_hash);
    row.lifecycle = Lifecycle::Submitted.as_str().to_owned();
    row.channel = Channel::Online.as_str().to_owned();
    let id = apps::insert(&mut tx, &row, now).await?;
    for p in proofs {
        let file = apps::File {
            id: 0,
            application_id: id,
            sha256: p.sha256.clone(),
            file_name: p.file_name.clone(),
            media_type: p.media_type.to_owned(),
            size_bytes: i64::try_from(p.size_bytes).unwrap_or(i64::MAX),
        };
        apps::add_file(&mut tx, id, &file, now).await?;
    }
    apps::append_event(
        &mut tx,
        id,
        &NewEvent {
            kind: "submitted",
            on_date: today.to_string(),
            ..NewEvent::default()
        },
        now,
    )
    .await?;
    audit_entry(
        &mut tx,
        None,
        agency_id,
        "application.submit",
        id,
        &number,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Receipt {
        id,
        number,
        query_code: row.query_code,
        secret,
        agency_name: agency.name,
        submitted_at: format_instant(now),
        received_on: None,
        repeated: false,
    })
}

/// A staff registration: the application's fields, the channel and its day.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegistrationForm {
    /// The application's fields.
    #[serde(flatten)]
    pub application: ApplicationForm,
    /// Channel, stored name.
    pub channel: String,
    /// The day the channel's rule names (handed in, signed for, confirmed).
    pub channel_on: String,
    /// 承办人 (default: the registering staff member).
    pub handler_id: Option<i64>,
}

pub(super) fn check_day(
    e: &mut FieldErrors,
    field: &'static str,
    value: &str,
    not_before: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let day = if value.trim().is_empty() {
        Some(today)
    } else {
        parse_date(value)
    };
    match day {
        None => {
            e.add(field, "请填写有效日期，如 2026-09-28");
            None
        }
        Some(d) if d > today => {
            e.add(field, "日期不能晚于今天");
            None
        }
        Some(d) if not_before.is_some_and(|n| d < n) => {
            e.add(
                field,
                format!(
                    "日期不能早于上一事件（{}）",
                    format_cn(not_before.unwrap_or(d))
                ),
            );
            None
        }
        Some(d) => Some(d),
    }
}

pub(super) async fn check_handler(
    conn: &mut Conn,
    agency_id: i64,
    handler_id: Option<i64>,
) -> ServiceResult<()> {
    let Some(h) = handler_id else { return Ok(()) };
    let roles = users::roles(conn, h).await?;
    let ok = roles.iter().any(|r| {
        r.agency_id == Some(agency_id) && matches!(r.role.as_str(), "case_handler" | "agency_admin")
    });
    if ok {
        Ok(())
    } else {
        Err(ServiceError::field(
            "handler_id",
            "承办人须为本机关的承办人或机关管理员",
        ))
    }
}

/// Registers an application that arrived on paper, orally, by mail, fax or e-mail (第三十一条
/// decides its receipt date from the channel and the day given).
pub async fn register(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    form: &RegistrationForm,
    now: i64,
) -> ServiceResult<Receipt> {
    let mut tx = store.begin_write().await?;
    let agency = agencies::find(&mut tx, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require(&mut tx, staff, Permission::HandleApplications, agency_id).await?;
    let today = today_cst(now);
    let app = validate(&form.application);
    let mut e = app.as_ref().err().cloned().unwrap_or_default();
    let channel = Channel::parse(&form.channel).filter(|c| *c != Channel::Online);
    if channel.is_none() {
        e.add(
            "channel",
            "请选择申请渠道：当面提交、口头申请、邮寄、平常信函、传真或电子邮件",
        );
    }
    let day = check_day(&mut e, "channel_on", &form.channel_on, None, today);
    let (Ok(app), Some(channel), Some(day), true) = (app, channel, day, e.is_empty()) else {
        return Err(ServiceError::Invalid(e));
    };
    let handler = form.handler_id.or(Some(staff.id));
    check_handler(&mut tx, agency_id, handler).await?;
    let cal = calendar(&mut tx).await?;
    let receipt = receipt_date(&cal, ReceiptRules::default(), channel, day);
    let number = next_number(&mut tx, agency_id, today).await?;
    let secret = random_code(8);
    let mut row = row_of(&app, agency_id, number.clone());
    row.query_code = random_code(10);
    row.secret_hash = sha256_hex(&secret);
    row.lifecycle = Lifecycle::Open.as_str().to_owned();
    row.channel = channel.as_str().to_owned();
    row.channel_on = Some(day.to_string());
    row.received_on = Some(receipt.received_on.to_string());
    row.handler_id = handler;
    row.created_by = Some(staff.id);
    let id = apps::insert(&mut tx, &row, now).await?;
    apps::append_event(
        &mut tx,
        id,
        &NewEvent {
            kind: "registered",
            on_date: receipt.received_on.to_string(),
            note: &receipt.explanation.join(""),
            user_id: Some(staff.id),
            ..NewEvent::default()
        },
        now,
    )
    .await?;
    audit_entry(
        &mut tx,
        Some(staff),
        agency_id,
        "application.register",
        id,
        &number,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Receipt {
        id,
        number,
        query_code: row.query_code,
        secret,
        agency_name: agency.name,
        submitted_at: format_instant(now),
        received_on: Some(receipt.received_on),
        repeated: false,
    })
}
