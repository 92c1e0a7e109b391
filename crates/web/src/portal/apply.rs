//! 依申请公开 on the public side: the application form of each agency, the printable receipt with
//! the query code and secret, and the lookup where the applicant follows the application. None of
//! these pages is cached, and none shows anything of an applicant without their secret.

use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::application::applicant::{
    ApplicantKind, ApplicationForm, DeliveryWanted, IdType, InfoForm,
};
use gongkai_services::ServiceError;
use gongkai_services::applications::{self as apps, SubmitLimits};
use gongkai_services::public::site as public_site;

use super::{Presentation, site_for_host, site_for_slug};
use crate::AppState;
use crate::console::error_map;
use crate::error::AppError;
use crate::extract::{FormData, FormWithFiles};

/// The consent statement the applicant agrees to.
pub const CONSENT: &str = "本人承诺所填信息真实、准确，并知悉：行政机关依照《中华人民共和国政府信息公开条例》办理本申请，所填个人信息仅用于办理本申请，不会在网站上公开。";

fn no_store(status: StatusCode, html: String) -> Response {
    (status, [(CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

fn choices<T: Copy>(
    all: &[T],
    f: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| f(*v)).collect()
}

/// Reads the application fields of a posted form.
pub fn application_form(data: &FormData) -> ApplicationForm {
    ApplicationForm {
        kind: data.get("kind"),
        name: data.get("name"),
        id_type: data.get("id_type"),
        id_number: data.get("id_number"),
        credit_code: data.get("credit_code"),
        legal_rep: data.get("legal_rep"),
        contact_name: data.get("contact_name"),
        phone: data.get("phone"),
        email: data.get("email"),
        address: data.get("address"),
        postcode: data.get("postcode"),
        description: data.get("description"),
        doc_title: data.get("doc_title"),
        doc_number: data.get("doc_number"),
        purpose: data.get("purpose"),
        info_form: data.get("info_form"),
        delivery: data.get("delivery"),
    }
}

/// The option lists of the application form, for templates.
pub fn form_choices() -> serde_json::Value {
    serde_json::json!({
        "kinds": choices(ApplicantKind::ALL, |k| (k.as_str(), k.label())),
        "id_types": choices(IdType::ALL, |k| (k.as_str(), k.label())),
        "info_forms": choices(InfoForm::ALL, |k| (k.as_str(), k.label())),
        "deliveries": choices(DeliveryWanted::ALL, |k| (k.as_str(), k.label())),
    })
}

/// GET /ysqgk/ — choose the agency to apply to (the site's own agency first).
pub async fn agencies_page(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    let mut list = public_site::agencies(&mut conn).await?;
    list.sort_by_key(|a| {
        (
            a.id != s.site.agency_id,
            a.parent_id.is_some(),
            a.sort_order,
            a.id,
        )
    });
    let html = s.render(
        &state,
        "portal/apply_agencies.html",
        crate::ctx! { s, agencies => list },
    )?;
    Ok(no_store(StatusCode::OK, html))
}

/// What the form shows again after a failed submission.
#[derive(Default)]
struct Filled {
    form: ApplicationForm,
    errors: std::collections::BTreeMap<String, String>,
    error: Option<String>,
    consent: bool,
}

async fn render_form(
    state: &AppState,
    v: &Presentation,
    headers: &HeaderMap,
    agency_id: i64,
    filled: Filled,
) -> Result<Response, AppError> {
    let Filled {
        form,
        errors,
        error,
        consent,
    } = filled;
    let mut conn = state.store.conn().await?;
    let mut s = site_for_host(&mut conn, headers, v).await?;
    let Some(agency) = public_site::agency(&mut conn, agency_id).await? else {
        return s.not_found(state, "该机关不存在");
    };
    // The form stands under the agency's own site, whichever site the applicant came from.
    if s.site.agency_id != agency_id
        && let Some(own) = public_site::all(&mut conn)
            .await?
            .into_iter()
            .find(|x| x.agency_id == agency_id)
    {
        s = site_for_slug(&mut conn, &own.slug, v).await?;
    }
    let status = if errors.is_empty() && error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = s.render(
        state,
        "portal/apply.html",
        crate::ctx! {
            s,
            agency,
            form,
            errors,
            error,
            consent,
            consent_text => CONSENT,
            choices => form_choices(),
            key => apps::new_submission_key(),
        },
    )?;
    Ok(no_store(status, html))
}

/// GET /ysqgk/{agency} — the application form.
pub async fn form_page(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    Path(agency_id): Path<i64>,
) -> Result<Response, AppError> {
    let form = ApplicationForm {
        kind: "natural_person".into(),
        id_type: "resident_id".into(),
        info_form: "electronic".into(),
        delivery: "online".into(),
        ..Default::default()
    };
    let filled = Filled {
        form,
        ..Filled::default()
    };
    render_form(&state, &v, &headers, agency_id, filled).await
}

/// POST /ysqgk/{agency} — submits; answers the receipt, or the form with every error.
pub async fn submit(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    Path(agency_id): Path<i64>,
    upload: FormWithFiles,
) -> Result<Response, AppError> {
    let data = upload.data;
    let form = application_form(&data);
    let consent = data.checked("consent");
    let limits = SubmitLimits {
        per_identity_per_day: state.config.apply_per_identity_per_day,
    };
    // Identity proofs are checked by content and stored first: a bad one stops everything
    // before the application exists.
    let uploads: Vec<(String, Vec<u8>)> = upload
        .files
        .into_iter()
        .filter(|f| f.field == "proof")
        .map(|f| (f.file_name, f.bytes))
        .collect();
    // The fields first: nothing of a submission that cannot be written is stored.
    if let Err(e) = apps::check_submission(&form, consent) {
        let errors = match e {
            ServiceError::Invalid(e) => error_map(&e),
            _ => Default::default(),
        };
        let filled = Filled {
            form,
            errors,
            error: None,
            consent,
        };
        return render_form(&state, &v, &headers, agency_id, filled).await;
    }
    let files = state.files.clone();
    let checked = tokio::task::spawn_blocking(move || {
        if uploads.len() > apps::MAX_PROOFS {
            return Err(format!("身份证明最多上传 {} 个文件", apps::MAX_PROOFS));
        }
        uploads
            .iter()
            .map(|(name, bytes)| apps::check_proof(&files, name, bytes))
            .collect::<Result<Vec<_>, String>>()
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let result = match checked {
        Ok(proofs) => {
            let submission = apps::OnlineSubmission {
                form: &form,
                key: &data.get("key"),
                consent,
                proofs: &proofs,
            };
            apps::submit(&state.store, agency_id, &submission, limits, state.now()).await
        }
        Err(message) => {
            let mut e = gongkai_domain::form::FieldErrors::new();
            e.add("proof", message);
            Err(ServiceError::Invalid(e))
        }
    };
    match result {
        Ok(receipt) => {
            let mut conn = state.store.conn().await?;
            let s = site_for_host(&mut conn, &headers, &v).await?;
            let html = s.render(
                &state,
                "portal/apply_receipt.html",
                crate::ctx! { s, receipt },
            )?;
            Ok(no_store(StatusCode::OK, html))
        }
        Err(ServiceError::Invalid(e)) => {
            let filled = Filled {
                form,
                errors: error_map(&e),
                error: None,
                consent,
            };
            render_form(&state, &v, &headers, agency_id, filled).await
        }
        Err(ServiceError::Refused(m)) => {
            let filled = Filled {
                form,
                errors: Default::default(),
                error: Some(m),
                consent,
            };
            render_form(&state, &v, &headers, agency_id, filled).await
        }
        Err(e) => Err(e.into()),
    }
}

/// GET /ysqgk/chaxun — the lookup form.
pub async fn lookup_page(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    let html = s.render(
        &state,
        "portal/apply_lookup.html",
        crate::ctx! { s, code => "", error => None::<String> },
    )?;
    Ok(no_store(StatusCode::OK, html))
}

/// POST /ysqgk/chaxun — the application's status, dates and timeline (code and secret are
/// posted, never put in an address that logs keep).
pub async fn lookup(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    data: FormData,
) -> Result<Response, AppError> {
    let code = data.get("code");
    let result = apps::lookup(&state.store, &code, &data.get("secret"), state.now()).await;
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    match result {
        Ok(status) => {
            let secret = data.get("secret");
            let html = s.render(
                &state,
                "portal/apply_status.html",
                crate::ctx! { s, status, secret },
            )?;
            Ok(no_store(StatusCode::OK, html))
        }
        Err(ServiceError::NotFound) => {
            let error = Some("查询码或查询密码不正确，请核对回执上的查询码和查询密码".to_owned());
            let html = s.render(
                &state,
                "portal/apply_lookup.html",
                crate::ctx! { s, code, error },
            )?;
            Ok(no_store(StatusCode::NOT_FOUND, html))
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /ysqgk/chaxun/wenshu — a notice or the reply addressed to the applicant, as a print view
/// or DOCX (code and secret posted again; nothing is cached).
pub async fn letter(State(state): State<AppState>, data: FormData) -> Result<Response, AppError> {
    let event = data.id("event").ok_or(AppError::NotFound)?;
    let letter =
        apps::applicant_letter(&state.store, &data.get("code"), &data.get("secret"), event).await?;
    crate::console::letters::respond(
        &state,
        &letter,
        data.get("format") == "docx",
        crate::console::letters::Links::default(),
    )
}
