//! The document pages of the console: list, editor, review, workflow, attachments.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_domain::catalogue::workflow::{PublicationState, WorkflowAction};
use gongkai_services::ServiceError;
use gongkai_services::accounts::{self, Staff};
use gongkai_services::publishing::{self, ValidityChange};
use gongkai_store::{Store, agencies, columns, sites, subjects};

use serde::{Deserialize, Serialize};

use super::{error_map, form_page, page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentStaff, FormData};

const PAGE_SIZE: i64 = 50;

/// Query of the list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    state: Option<String>,
    before: Option<i64>,
}

async fn agency_names(store: &Store) -> Result<BTreeMap<String, String>, AppError> {
    let mut conn = store.conn().await?;
    Ok(agencies::list(&mut conn)
        .await?
        .into_iter()
        .map(|a| (a.id.to_string(), a.name))
        .collect())
}

/// The agencies `staff` may draft documents for.
async fn editable_agencies(
    store: &Store,
    staff: &Staff,
) -> Result<Vec<agencies::Agency>, AppError> {
    let mut conn = store.conn().await?;
    let mut out = Vec::new();
    for a in agencies::list(&mut conn).await? {
        if accounts::may(&mut conn, staff, Permission::EditDocuments, a.id).await? {
            out.push(a);
        }
    }
    Ok(out)
}

/// GET /console/documents
pub async fn list_documents(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let filter = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            PublicationState::parse(s)
                .ok_or_else(|| AppError::BadRequest("状态参数无效".into()))?,
        ),
        None => None,
    };
    let documents = publishing::list(&state.store, &staff, filter, q.before, PAGE_SIZE).await?;
    let next_cursor = (documents.len() as i64 == PAGE_SIZE)
        .then(|| documents.last().map(|d| d.id))
        .flatten();
    page(
        &state,
        "console/documents.html",
        crate::ctx! {
            staff,
            documents,
            next_cursor,
            state => q.state,
            agency_names => agency_names(&state.store).await?,
            editable_agencies => editable_agencies(&state.store, &staff).await?,
            calendar_due => gongkai_services::calendar::import_due(&state.store, &staff, state.now()).await?,
        },
    )
}

/// Reads the editor's form.
pub fn document_form(form: &FormData) -> DocumentForm {
    DocumentForm {
        title: form.get("title"),
        subject: form.get("subject"),
        genre: form.get("genre"),
        legal_kind: form.get("legal_kind"),
        doc_number: form.get("doc_number"),
        co_issuers: form.ids("co_issuers"),
        written_on: form.get("written_on"),
        effective_on: form.get("effective_on"),
        keywords: form.get("keywords"),
        summary: form.get("summary"),
        disclosure: form.get("disclosure"),
        validity: form.get("validity"),
        ended_on: form.get("ended_on"),
        item20: form.get("item20"),
        columns: form.ids("columns"),
        body_html: form.get("body_html"),
        interprets: form.id("interprets"),
    }
}

/// A column as offered in the editor: "site › path names".
#[derive(Debug, Serialize)]
struct ColumnChoice {
    id: i64,
    label: String,
}

/// Everything the editor shows besides the form.
async fn editor_context(
    store: &Store,
    agency_id: i64,
) -> Result<
    (
        agencies::Agency,
        Vec<agencies::Agency>,
        Vec<ColumnChoice>,
        Vec<gongkai_domain::catalogue::taxonomy::Subject>,
    ),
    AppError,
> {
    let mut conn = store.conn().await?;
    let agency = agencies::find(&mut conn, agency_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let all = agencies::list(&mut conn).await?;
    let cols = columns::list_for_agency(&mut conn, agency_id).await?;
    let mut names: BTreeMap<i64, String> = BTreeMap::new();
    let mut site_names: BTreeMap<i64, String> = BTreeMap::new();
    for s in sites::list(&mut conn).await? {
        site_names.insert(s.id, s.name);
    }
    let mut choices = Vec::new();
    for c in &cols {
        let label = match c.parent_id.and_then(|p| names.get(&p)) {
            Some(parent) => format!("{parent} › {}", c.name),
            None => format!(
                "{} › {}",
                site_names.get(&c.site_id).cloned().unwrap_or_default(),
                c.name
            ),
        };
        names.insert(c.id, label.clone());
        if c.kind == "list" {
            choices.push(ColumnChoice { id: c.id, label });
        }
    }
    let taxonomy = subjects::load(&mut conn).await?;
    Ok((agency, all, choices, taxonomy.subjects().to_vec()))
}

/// Query of the new-document page.
#[derive(Debug, Deserialize)]
pub struct AgencyQuery {
    agency: i64,
}

/// The application a new document comes from (条例第四十四条): id, 受理编号, how many asked.
pub type Origin = (i64, String, i64);

async fn render_editor(
    state: &AppState,
    staff: &Staff,
    agency_id: i64,
    id: Option<i64>,
    form: &DocumentForm,
    errors: Option<&gongkai_domain::form::FieldErrors>,
) -> Result<Response, AppError> {
    render_editor_from(state, staff, agency_id, id, form, errors, None).await
}

/// The editor, for a document that may come from an application.
pub async fn render_editor_from(
    state: &AppState,
    staff: &Staff,
    agency_id: i64,
    id: Option<i64>,
    form: &DocumentForm,
    errors: Option<&gongkai_domain::form::FieldErrors>,
    origin: Option<Origin>,
) -> Result<Response, AppError> {
    let (agency, all_agencies, columns, subjects) = editor_context(&state.store, agency_id).await?;
    let ctx = crate::ctx! {
        staff, id, agency, all_agencies, columns, subjects, form, origin,
        errors => errors.map(error_map).unwrap_or_default(),
    };
    form_page(state, "console/document_form.html", ctx, errors.is_some())
}

/// GET /console/documents/new?agency=
pub async fn new_document(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Query(q): Query<AgencyQuery>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    if agencies::find(&mut conn, q.agency).await?.is_none() {
        return Err(AppError::NotFound);
    }
    accounts::require(&mut conn, &staff, Permission::EditDocuments, q.agency).await?;
    drop(conn);
    let form = DocumentForm {
        disclosure: "proactive".into(),
        validity: "valid".into(),
        legal_kind: "other".into(),
        ..Default::default()
    };
    render_editor(&state, &staff, q.agency, None, &form, None).await
}

/// POST /console/documents?agency=
pub async fn create_document(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Query(q): Query<AgencyQuery>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = document_form(&data);
    // From an application (条例第四十四条): the draft and the case's record in one transaction.
    let origin = match data.id("from_application") {
        Some(app) => {
            let d = gongkai_services::applications::proactive_draft(
                &state.store,
                &staff,
                app,
                state.now(),
            )
            .await?;
            if d.agency_id != q.agency {
                return Err(AppError::Forbidden);
            }
            Some((app, d.number, d.same_requests))
        }
        None => None,
    };
    let created = match &origin {
        Some((app, _, _)) => {
            gongkai_services::applications::make_proactive(
                &state.store,
                &staff,
                *app,
                &form,
                state.now(),
            )
            .await
        }
        None => publishing::create_draft(&state.store, &staff, q.agency, &form, state.now()).await,
    };
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/console/documents/{id}")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            render_editor_from(&state, &staff, q.agency, None, &form, Some(&errors), origin).await
        }
        Err(e) => Err(e.into()),
    }
}

/// GET /console/documents/{id}
pub async fn show_document(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let v = publishing::view(&state.store, &staff, id).await?;
    let mut conn = state.store.conn().await?;
    let subject_path = subjects::load(&mut conn)
        .await?
        .path(&v.document.subject_code)
        .unwrap_or_default();
    let may_review = accounts::may(
        &mut conn,
        &staff,
        Permission::ReviewDocuments,
        v.document.agency_id,
    )
    .await?;
    page(
        &state,
        "console/document.html",
        crate::ctx! {
            staff, v, subject_path, may_review,
            max_upload_mb => state.config.max_upload_bytes / 1024 / 1024,
        },
    )
}

/// GET /console/documents/{id}/edit
pub async fn edit_document(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (doc, form) = publishing::form_of(&state.store, &staff, id).await?;
    let mut conn = state.store.conn().await?;
    accounts::require(&mut conn, &staff, Permission::EditDocuments, doc.agency_id).await?;
    drop(conn);
    render_editor(&state, &staff, doc.agency_id, Some(id), &form, None).await
}

/// POST /console/documents/{id}
pub async fn update_document(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let form = document_form(&data);
    match publishing::update_draft(&state.store, &staff, id, &form, state.now()).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/documents/{id}")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let (doc, _) = publishing::form_of(&state.store, &staff, id).await?;
            render_editor(
                &state,
                &staff,
                doc.agency_id,
                Some(id),
                &form,
                Some(&errors),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST /console/documents/{id}/actions/{action}
pub async fn act_on_document(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((id, action)): Path<(i64, String)>,
    data: FormData,
) -> Result<Response, AppError> {
    let action = WorkflowAction::parse(&action).ok_or(AppError::NotFound)?;
    publishing::act(
        &state.store,
        &staff,
        id,
        action,
        &data.get("reason"),
        state.now(),
    )
    .await?;
    Ok(Redirect::to(&format!("/console/documents/{id}")).into_response())
}

/// POST /console/documents/{id}/findings/{finding}/ack
pub async fn acknowledge_finding(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((id, finding)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    publishing::acknowledge_finding(&state.store, &staff, id, finding, state.now()).await?;
    Ok(Redirect::to(&format!("/console/documents/{id}#findings-h")).into_response())
}

/// POST /console/documents/{id}/validity
pub async fn change_validity(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    data: FormData,
) -> Result<Response, AppError> {
    let change = ValidityChange {
        validity: data.get("validity"),
        ended_on: data.get("ended_on"),
        replaced_by: data.id("replaced_by"),
    };
    publishing::change_validity(&state.store, &staff, id, &change, state.now()).await?;
    Ok(Redirect::to(&format!("/console/documents/{id}")).into_response())
}

/// Reads the one file of an upload form.
pub async fn read_upload(mut multipart: Multipart) -> Result<(String, Vec<u8>), AppError> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| crate::extract::multipart_error(&e))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("附件").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| crate::extract::multipart_error(&e))?;
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(AppError::BadRequest("没有收到文件".into()))
}

/// POST /console/documents/{id}/attachments
pub async fn upload_attachment(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (name, bytes) = read_upload(multipart).await?;
    publishing::add_attachment(
        &state.store,
        &state.files,
        &staff,
        id,
        &name,
        bytes,
        state.now(),
    )
    .await?;
    Ok(Redirect::to(&format!("/console/documents/{id}#att-h")).into_response())
}

/// POST /console/documents/{id}/attachments/{attachment}/delete
pub async fn delete_attachment(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    publishing::remove_attachment(&state.store, &staff, id, attachment, state.now()).await?;
    Ok(Redirect::to(&format!("/console/documents/{id}#att-h")).into_response())
}

/// The Content-Disposition of a download named `file_name` (RFC 6266, UTF-8 name).
pub fn attachment_disposition(file_name: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
    format!(
        "attachment; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    )
}

/// Sends a stored file's bytes as a download; `private` ones are never cached.
pub async fn send_stored(
    state: &AppState,
    sha256: &str,
    media_type: &str,
    file_name: &str,
    private: bool,
) -> Result<Response, AppError> {
    let files = state.files.clone();
    let sha = sha256.to_owned();
    let bytes = tokio::task::spawn_blocking(move || files.read(&sha))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut response = (
        [
            (CONTENT_TYPE, media_type.to_owned()),
            (CONTENT_DISPOSITION, attachment_disposition(file_name)),
        ],
        bytes,
    )
        .into_response();
    if private {
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    Ok(response)
}

/// Sends an attachment's bytes, as a download.
pub async fn send_attachment(
    state: &AppState,
    a: &gongkai_store::attachments::Attachment,
) -> Result<Response, AppError> {
    send_stored(state, &a.sha256, &a.media_type, &a.file_name, false).await
}

/// GET /console/attachments/{id}
pub async fn download_attachment(
    State(state): State<AppState>,
    CurrentStaff(staff): CurrentStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let a = publishing::attachment(&state.store, Some(&staff), id).await?;
    send_attachment(&state, &a).await
}
