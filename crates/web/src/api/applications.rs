//! Applications (依申请公开) through the API: the applicant's submission and lookup (public,
//! rate-limited), and every staff action with the same permission checks as the console.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_domain::application::applicant::ApplicationForm;
use gongkai_domain::application::case::CaseAction;
use gongkai_domain::application::fee;
use gongkai_services::applications::{
    self as apps, Acted, ActionForm, CaseView, LetterSettingsView, PublicStatus, Receipt,
    RegistrationForm, SettingsForm, SubmitLimits, WorkFilter, WorkItem,
};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::{ApiError, AppError};
use crate::extract::ApiStaff;
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Body of an online submission.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct Submission {
    agency_id: i64,
    /// The client's idempotency key (16–64 letters and digits): the same key twice returns the
    /// first receipt. Generated when absent.
    #[serde(default)]
    submission_key: Option<String>,
    /// The applicant agrees to the consent statement.
    #[serde(default)]
    consent: bool,
    /// Identity proofs: JPEG, PNG or PDF, at most 3 of 5 MB each.
    #[serde(default)]
    proofs: Vec<ProofBody>,
    #[serde(flatten)]
    form: ApplicationForm,
}

/// An identity proof in a JSON submission.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct ProofBody {
    file_name: String,
    /// The bytes, base64 (standard alphabet).
    content_base64: String,
}

/// POST /api/v1/applications/submit — an applicant's online application (public).
pub async fn submit(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Submission>,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let key = body
        .submission_key
        .filter(|k| !k.trim().is_empty())
        .unwrap_or_else(apps::new_submission_key);
    let invalid = |message: String| {
        let mut e = gongkai_domain::form::FieldErrors::new();
        e.add("proofs", message);
        ApiError(AppError::Invalid(e))
    };
    apps::check_submission(&body.form, body.consent)?;
    if body.proofs.len() > apps::MAX_PROOFS {
        return Err(invalid(format!(
            "身份证明最多上传 {} 个文件",
            apps::MAX_PROOFS
        )));
    }
    let mut uploads = Vec::new();
    for p in &body.proofs {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(p.content_base64.trim())
            .map_err(|_| {
                invalid(format!(
                    "“{}”的 content_base64 不是有效的 Base64",
                    p.file_name
                ))
            })?;
        uploads.push((p.file_name.clone(), bytes));
    }
    let files = state.files.clone();
    let proofs = tokio::task::spawn_blocking(move || {
        uploads
            .iter()
            .map(|(name, bytes)| apps::check_proof(&files, name, bytes))
            .collect::<Result<Vec<_>, String>>()
    })
    .await
    .map_err(|e| ApiError(AppError::Internal(e.to_string())))?
    .map_err(invalid)?;
    let receipt = apps::submit(
        &state.store,
        body.agency_id,
        &apps::OnlineSubmission {
            form: &body.form,
            key: &key,
            consent: body.consent,
            proofs: &proofs,
        },
        SubmitLimits {
            per_identity_per_day: state.config.apply_per_identity_per_day,
        },
        state.now(),
    )
    .await?;
    let status = if receipt.repeated {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(receipt)))
}

/// Body of a lookup.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct LookupBody {
    query_code: String,
    secret: String,
}

/// POST /api/v1/applications/lookup — the applicant's view by query code and secret (public).
pub async fn lookup(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LookupBody>,
) -> Result<Json<PublicStatus>, ApiError> {
    Ok(Json(
        apps::lookup(&state.store, &body.query_code, &body.secret, state.now()).await?,
    ))
}

/// GET /api/v1/applications — the work list.
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiQuery(filter): ApiQuery<WorkFilter>,
) -> Result<Json<Vec<WorkItem>>, ApiError> {
    Ok(Json(
        apps::work_list(&state.store, &staff, &filter, state.now()).await?,
    ))
}

/// Body of a staff registration.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct Registration {
    agency_id: i64,
    #[serde(flatten)]
    form: RegistrationForm,
}

/// POST /api/v1/applications — registers an application received by another channel.
pub async fn register(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiJson(body): ApiJson<Registration>,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let r = apps::register(
        &state.store,
        &staff,
        body.agency_id,
        &body.form,
        state.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// GET /api/v1/applications/{id} — the case with its clock and timeline (audited).
pub async fn get(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(
        apps::view(&state.store, &staff, id, state.now()).await?,
    ))
}

/// POST /api/v1/applications/{id}/actions/{action} — one action of the state machine.
pub async fn act(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    ApiJson(form): ApiJson<ActionForm>,
) -> Result<Json<Acted>, ApiError> {
    let action = CaseAction::parse(&action).ok_or(ApiError(AppError::NotFound))?;
    Ok(Json(
        apps::act(&state.store, &staff, id, action, &form, state.now()).await?,
    ))
}

/// A fee answer.
#[derive(utoipa::ToSchema, Debug, Serialize)]
pub struct FeeAnswer {
    #[serde(flatten)]
    fee: fee::Fee,
    explanation: Vec<String>,
}

/// POST /api/v1/fee — the 信息处理费 calculator (public; 国办函〔2020〕109号).
pub async fn fee_calculator(
    ApiJson(req): ApiJson<fee::FeeQuestion>,
) -> Result<Json<FeeAnswer>, ApiError> {
    let fee = fee::answer(&req).map_err(|m| {
        let mut e = gongkai_domain::form::FieldErrors::new();
        e.add(m.0, m.1);
        ApiError(AppError::Invalid(e))
    })?;
    let explanation = fee::explain(&fee);
    Ok(Json(FeeAnswer { fee, explanation }))
}

/// The format of a letter through the API.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct LetterQuery {
    /// `json` (default), `html` or `docx`.
    format: String,
}

fn letter_response(
    state: &AppState,
    letter: &gongkai_domain::application::letter::Letter,
    format: &str,
) -> Result<Response, ApiError> {
    match format {
        "" | "json" => Ok(Json(letter).into_response()),
        "html" | "docx" => Ok(crate::console::letters::respond(
            state,
            letter,
            format == "docx",
            crate::console::letters::Links::default(),
        )?),
        _ => {
            let mut e = gongkai_domain::form::FieldErrors::new();
            e.add("format", "format 应为 json、html 或 docx");
            Err(ApiError(AppError::Invalid(e)))
        }
    }
}

/// GET /api/v1/applications/{id}/letters/{event} — a notice or the reply (audited).
pub async fn staff_letter(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, event)): ApiPath<(i64, i64)>,
    ApiQuery(q): ApiQuery<LetterQuery>,
) -> Result<Response, ApiError> {
    let letter = apps::staff_letter(&state.store, &staff, id, event, state.now()).await?;
    letter_response(&state, &letter, &q.format)
}

/// Body of the applicant's letter request.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct ApplicantLetterBody {
    query_code: String,
    secret: String,
    event_id: i64,
    #[serde(default)]
    format: String,
}

/// POST /api/v1/applications/letter — a notice or the reply addressed to the applicant (public,
/// rate-limited).
pub async fn applicant_letter(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ApplicantLetterBody>,
) -> Result<Response, ApiError> {
    let letter =
        apps::applicant_letter(&state.store, &body.query_code, &body.secret, body.event_id).await?;
    letter_response(&state, &letter, &body.format)
}

/// GET /api/v1/agencies/{id}/letters — 文号格式, 补正期限, 缴费方式 and the five templates.
pub async fn letter_settings(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<LetterSettingsView>, ApiError> {
    Ok(Json(
        apps::letter_settings(&state.store, &staff, id, state.now()).await?,
    ))
}

/// PUT /api/v1/agencies/{id}/letters — saves the letter settings.
pub async fn save_letter_settings(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<SettingsForm>,
) -> Result<StatusCode, ApiError> {
    apps::save_letter_settings(&state.store, &staff, id, &form, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of a template.
#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct TemplateBody {
    body: String,
}

/// PUT /api/v1/agencies/{id}/letters/templates/{kind} — saves the agency's template.
pub async fn save_template(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, kind)): ApiPath<(i64, String)>,
    ApiJson(t): ApiJson<TemplateBody>,
) -> Result<StatusCode, ApiError> {
    apps::save_template(&state.store, &staff, id, &kind, &t.body, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// DELETE /api/v1/agencies/{id}/letters/templates/{kind} — back to the shipped template.
pub async fn reset_template(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, kind)): ApiPath<(i64, String)>,
) -> Result<StatusCode, ApiError> {
    apps::reset_template(&state.store, &staff, id, &kind, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// GET /api/v1/agencies/{id}/applications/{year} — the year as the annual report counts it.
pub async fn year(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
) -> Result<Json<apps::ApplicationYear>, ApiError> {
    Ok(Json(
        apps::year_counts(&state.store, &staff, id, year).await?,
    ))
}

/// GET /api/v1/applications/{id}/proactive — the catalogue fields filled from a replied
/// application (条例第四十四条).
pub async fn proactive_draft(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<apps::ProactiveDraft>, ApiError> {
    Ok(Json(
        apps::proactive_draft(&state.store, &staff, id, state.now()).await?,
    ))
}

/// POST /api/v1/applications/{id}/proactive — creates the catalogue draft (the usual review
/// follows) and records it on the application.
pub async fn make_proactive(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath(id): ApiPath<i64>,
    ApiJson(form): ApiJson<gongkai_domain::catalogue::document::DocumentForm>,
) -> Result<(StatusCode, Json<super::reports::Submitted>), ApiError> {
    let document = apps::make_proactive(&state.store, &staff, id, &form, state.now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(super::reports::Submitted {
            document_id: document,
        }),
    ))
}

/// GET /api/v1/agencies/{id}/reports/{year}/tables — the annual report's tables computed from
/// the platform's data, every cell keyed by its labels.
pub async fn report_tables(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
) -> Result<Json<gongkai_services::reports::ReportTables>, ApiError> {
    Ok(Json(
        gongkai_services::reports::tables(&state.store, &staff, id, year).await?,
    ))
}

/// GET /api/v1/agencies/{id}/reports/{year}/figures — section 二's figures from other systems.
pub async fn report_figures(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
) -> Result<Json<gongkai_services::reports::FiguresForm>, ApiError> {
    Ok(Json(
        gongkai_services::reports::figures(&state.store, &staff, id, year).await?,
    ))
}

/// PUT /api/v1/agencies/{id}/reports/{year}/figures — saves them (机关管理员).
pub async fn save_report_figures(
    State(state): State<AppState>,
    ApiStaff(staff): ApiStaff,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(form): ApiJson<gongkai_services::reports::FiguresForm>,
) -> Result<StatusCode, ApiError> {
    gongkai_services::reports::save_figures(&state.store, &staff, id, year, &form, state.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
