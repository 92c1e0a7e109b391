//! The document workflow: drafts, submission with the personal-data scan (保密审查), review,
//! publication with its 索引号, 退回, 撤回, validity changes and attachments. Every change is
//! one transaction with its audit entry, and every change the public can see with its outbox
//! event.

use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::body::html_to_text;
use gongkai_domain::catalogue::document::{DocumentForm, DocumentMeta};
use gongkai_domain::catalogue::index_number::{IndexContext, IndexPattern};
use gongkai_domain::catalogue::pii;
use gongkai_domain::catalogue::taxonomy::Taxonomy;
use gongkai_domain::catalogue::validity::{Validity, check_validity};
use gongkai_domain::catalogue::workflow::{
    Actor, PublicationState, WorkflowAction, available_actions, transition,
};
use gongkai_domain::date::parse_date;
use gongkai_domain::form::FieldErrors;
use gongkai_store::{
    Conn, Store, agencies, attachments, audit, columns, documents, index_counters, outbox,
    pii_findings, subjects,
};

use crate::accounts::{Staff, may, may_each, require};
use crate::error::{ServiceError, ServiceResult};
use crate::files::FileStore;
use crate::time::today_cst;

pub mod batches;
mod import;
pub use import::{
    import_for_review_in, import_published, import_published_in, reimport_for_review_in,
};

/// Cleans a body to the allow-list of tags and attributes (ammonia's defaults: text
/// formatting, tables, lists, links and images; no scripts, styles or event handlers).
pub fn sanitise_body(html: &str) -> String {
    ammonia::clean(html)
}

async fn record(
    conn: &mut Conn,
    staff: Option<&Staff>,
    agency_id: i64,
    action: &str,
    document_id: i64,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit::record(
        conn,
        &audit::NewEntry {
            at: now,
            user_id: staff.map(|s| s.id),
            agency_id: Some(agency_id),
            action,
            entity: "document",
            entity_id: Some(document_id),
            detail,
        },
    )
    .await
}

/// What a form of one agency is checked against: the taxonomy and the agency's list columns.
/// Loaded once for many forms by the bulk importer.
pub struct FormContext {
    agency_id: i64,
    taxonomy: Taxonomy,
    list_columns: Vec<i64>,
}

impl FormContext {
    /// The context of `agency_id`'s forms.
    pub async fn load(conn: &mut Conn, agency_id: i64) -> ServiceResult<FormContext> {
        let taxonomy = subjects::load(conn).await?;
        let list_columns = columns::list_for_agency(conn, agency_id)
            .await?
            .into_iter()
            .filter(|c| c.kind == "list")
            .map(|c| c.id)
            .collect();
        Ok(FormContext {
            agency_id,
            taxonomy,
            list_columns,
        })
    }

    /// The agency.
    pub fn agency_id(&self) -> i64 {
        self.agency_id
    }
}

/// Validates a form against the taxonomy and the agency's columns and issuers.
async fn validate(
    conn: &mut Conn,
    agency_id: i64,
    form: &DocumentForm,
    now: i64,
) -> ServiceResult<DocumentMeta> {
    let context = FormContext::load(conn, agency_id).await?;
    validate_in(conn, &context, form, now).await
}

/// [`validate`] with the context loaded.
async fn validate_in(
    conn: &mut Conn,
    context: &FormContext,
    form: &DocumentForm,
    now: i64,
) -> ServiceResult<DocumentMeta> {
    let agency_id = context.agency_id;
    let mut errors = FieldErrors::new();
    let meta = match form.validate(&context.taxonomy, today_cst(now)) {
        Ok(meta) => Some(meta),
        Err(e) => {
            errors = e;
            None
        }
    };
    if form
        .columns
        .iter()
        .any(|c| !context.list_columns.contains(c))
    {
        errors.add("columns", "只能选择本机关网站的列表栏目");
    }
    for &issuer in &form.co_issuers {
        if issuer == agency_id {
            errors.add(
                "co_issuers",
                "联合发文机关不应包含本机关（本机关为牵头机关）",
            );
        } else if agencies::find(conn, issuer).await?.is_none() {
            errors.add("co_issuers", "联合发文机关不存在");
        }
    }
    if let Some(target) = form.interprets {
        match documents::find(conn, target).await? {
            None => errors.add("interprets", "被解读的文件不存在"),
            Some(d) if d.state != "published" => errors.add("interprets", "被解读的文件尚未发布"),
            Some(_) => {}
        }
    }
    match meta {
        Some(mut meta) if errors.is_empty() => {
            meta.body_html = sanitise_body(&meta.body_html);
            Ok(meta)
        }
        _ => Err(ServiceError::Invalid(errors)),
    }
}

/// Creates a draft for `agency_id`.
pub async fn create_draft(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    form: &DocumentForm,
    now: i64,
) -> ServiceResult<i64> {
    let mut tx = store.begin_write().await?;
    let id = create_draft_in(&mut tx, staff, agency_id, form, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`create_draft`] inside the caller's transaction (a draft made from another record, such as
/// an application brought into proactive disclosure, commits with that record's change).
pub async fn create_draft_in(
    conn: &mut Conn,
    staff: &Staff,
    agency_id: i64,
    form: &DocumentForm,
    now: i64,
) -> ServiceResult<i64> {
    if agencies::find(conn, agency_id).await?.is_none() {
        return Err(ServiceError::NotFound);
    }
    require(conn, staff, Permission::EditDocuments, agency_id).await?;
    let meta = validate(conn, agency_id, form, now).await?;
    let id = documents::insert(conn, agency_id, &meta, Some(staff.id), now).await?;
    record(
        conn,
        Some(staff),
        agency_id,
        "document.create",
        id,
        &meta.title,
        now,
    )
    .await?;
    Ok(id)
}

async fn load_for(
    conn: &mut Conn,
    staff: &Staff,
    id: i64,
    permission: Permission,
) -> ServiceResult<documents::Document> {
    let doc = documents::find(conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Staff of other agencies are refused outright (403), before anything of it is loaded.
    if !may(conn, staff, Permission::ViewDocuments, doc.agency_id).await? {
        return Err(ServiceError::Forbidden);
    }
    require(conn, staff, permission, doc.agency_id).await?;
    Ok(doc)
}

/// Saves changes to a draft.
pub async fn update_draft(
    store: &Store,
    staff: &Staff,
    id: i64,
    form: &DocumentForm,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    update_draft_in(&mut tx, staff, id, form, now).await?;
    tx.commit().await?;
    Ok(())
}

/// [`update_draft`] inside the caller's transaction.
pub async fn update_draft_in(
    conn: &mut Conn,
    staff: &Staff,
    id: i64,
    form: &DocumentForm,
    now: i64,
) -> ServiceResult<()> {
    let doc = load_for(conn, staff, id, Permission::EditDocuments).await?;
    if doc.state != PublicationState::Draft.as_str() {
        return Err(ServiceError::Refused(format!(
            "只有草稿可以修改，当前状态为“{}”",
            state_label(&doc.state)
        )));
    }
    let meta = validate(conn, doc.agency_id, form, now).await?;
    if form.interprets == Some(id) {
        return Err(ServiceError::field("interprets", "文件不能解读自身"));
    }
    documents::update(conn, id, &meta, now).await?;
    record(
        conn,
        Some(staff),
        doc.agency_id,
        "document.update",
        id,
        &meta.title,
        now,
    )
    .await?;
    Ok(())
}

fn state_of(doc: &documents::Document) -> ServiceResult<PublicationState> {
    PublicationState::parse(&doc.state)
        .ok_or_else(|| ServiceError::Internal(format!("state {}", doc.state)))
}

fn state_label(s: &str) -> &'static str {
    PublicationState::parse(s)
        .map(|s| s.label())
        .unwrap_or("未知")
}

async fn actor(conn: &mut Conn, staff: &Staff, doc: &documents::Document) -> ServiceResult<Actor> {
    let [may_edit, may_review, may_manage_published] = may_each(
        conn,
        staff,
        [
            Permission::EditDocuments,
            Permission::ReviewDocuments,
            Permission::ManagePublished,
        ],
        doc.agency_id,
    )
    .await?;
    Ok(Actor {
        may_edit,
        may_review,
        may_manage_published,
        is_author: doc.author_id == Some(staff.id),
    })
}

/// Scans title, body and readable attachments for personal data.
pub(crate) async fn scan(
    conn: &mut Conn,
    doc: &documents::Document,
) -> ServiceResult<Vec<pii_findings::NewFinding>> {
    let mut sources: Vec<(String, String)> = vec![
        ("标题".to_owned(), doc.title.clone()),
        ("正文".to_owned(), html_to_text(&doc.body_html)),
    ];
    sources.extend(attachments::texts_for_document(conn, doc.id).await?);
    Ok(sources
        .into_iter()
        .flat_map(|(source, text)| {
            pii::scan(&text)
                .into_iter()
                .map(move |f| pii_findings::NewFinding {
                    kind: f.kind.as_str(),
                    source: source.clone(),
                    matched: f.matched,
                    context: f.context,
                })
        })
        .collect())
}

/// What a workflow move did.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Moved {
    /// The new state.
    pub state: &'static str,
    /// The 索引号 after the move.
    pub index_number: Option<String>,
    /// Personal-data findings recorded on submission.
    pub findings: usize,
}

/// Carries out a workflow action on a document (提交审核, 审核通过并发布, 退回, 撤回, 重新编辑).
pub async fn act(
    store: &Store,
    staff: &Staff,
    id: i64,
    action: WorkflowAction,
    reason: &str,
    now: i64,
) -> ServiceResult<Moved> {
    let mut tx = store.begin_write().await?;
    let moved = act_in(&mut tx, staff, id, action, reason, now).await?;
    tx.commit().await?;
    Ok(moved)
}

/// [`act`] inside the caller's transaction.
pub async fn act_in(
    conn: &mut Conn,
    staff: &Staff,
    id: i64,
    action: WorkflowAction,
    reason: &str,
    now: i64,
) -> ServiceResult<Moved> {
    let doc = load_for(conn, staff, id, Permission::ViewDocuments).await?;
    let from = state_of(&doc)?;
    let actor = actor(conn, staff, &doc).await?;
    let open = pii_findings::count_open(conn, id).await?;
    let to = transition(
        from,
        action,
        actor,
        usize::try_from(open).unwrap_or(usize::MAX),
        reason,
    )?;
    let reason = reason.trim();
    let mut index_number = doc.index_number.clone();
    let mut findings = 0;
    match action {
        WorkflowAction::Submit => {
            let found = scan(conn, &doc).await?;
            findings = found.len();
            pii_findings::replace(conn, id, &found, now).await?;
            documents::set_state(conn, id, to.as_str(), "", Some(staff.id), now).await?;
        }
        WorkflowAction::Approve => {
            // An imported document keeps the 发布日期 its source gave, and its 索引号 is of
            // that date; any other is published today.
            let on = doc
                .published_on
                .as_deref()
                .and_then(gongkai_domain::date::parse_date)
                .unwrap_or_else(|| today_cst(now));
            let number = match &doc.index_number {
                Some(n) => n.clone(),
                None => allocate_index_number_on(conn, &doc, on).await?,
            };
            let on = on.format("%Y-%m-%d").to_string();
            documents::publish(conn, id, &number, &on, Some(staff.id), now).await?;
            outbox::append(conn, outbox::kind::DOCUMENT_PUBLISHED, id, None, now).await?;
            // An annual report's approved version is what its next 更正 is compared with.
            if doc.genre == "report" {
                gongkai_store::reports::approved(conn, id, now).await?;
            }
            index_number = Some(number);
        }
        WorkflowAction::Return | WorkflowAction::Redraft => {
            documents::set_state(conn, id, to.as_str(), reason, None, now).await?;
        }
        WorkflowAction::Withdraw => {
            documents::set_state(conn, id, to.as_str(), reason, None, now).await?;
            outbox::append(conn, outbox::kind::DOCUMENT_WITHDRAWN, id, None, now).await?;
        }
    }
    let detail = match (action, &index_number) {
        (WorkflowAction::Approve, Some(n)) => format!("索引号 {n}"),
        (WorkflowAction::Submit, _) => format!("个人信息提示 {findings} 处"),
        _ => reason.to_owned(),
    };
    let action_name = format!("document.{}", action.as_str());
    record(
        conn,
        Some(staff),
        doc.agency_id,
        &action_name,
        id,
        &detail,
        now,
    )
    .await?;
    Ok(Moved {
        state: to.as_str(),
        index_number,
        findings,
    })
}

/// Links a repealed or expired document to the one that replaced it (imports and the demo).
pub async fn link_replacement(
    store: &Store,
    id: i64,
    replaced_by: i64,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let doc = documents::find(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let replacing = documents::find(&mut tx, replaced_by).await?;
    if id == replaced_by || replacing.is_none_or(|r| r.state != "published") {
        return Err(ServiceError::field(
            "replaced_by",
            "替代文件不存在或尚未发布",
        ));
    }
    documents::set_validity(
        &mut tx,
        id,
        &doc.validity,
        doc.ended_on.as_deref(),
        Some(replaced_by),
        now,
    )
    .await?;
    // Both pages change: the old one links its replacement, the new one what it replaced.
    outbox::append(&mut tx, outbox::kind::DOCUMENT_CHANGED, id, None, now).await?;
    outbox::append(
        &mut tx,
        outbox::kind::DOCUMENT_CHANGED,
        replaced_by,
        None,
        now,
    )
    .await?;
    record(
        &mut tx,
        None,
        doc.agency_id,
        "document.validity",
        id,
        &format!("替代文件 {replaced_by}"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn allocate_index_number_on(
    conn: &mut Conn,
    doc: &documents::Document,
    date: chrono::NaiveDate,
) -> ServiceResult<String> {
    let agency = agencies::find(conn, doc.agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let pattern = IndexPattern::parse(&agency.index_pattern).map_err(|e| {
        ServiceError::Refused(format!(
            "本机关的索引号规则有误（{e}），请机关管理员修改后再发布"
        ))
    })?;
    let ctx = IndexContext {
        code: &agency.code,
        date,
        category: &doc.subject_code,
    };
    let seq = index_counters::next_seq(conn, agency.id, &pattern.scope(&ctx)).await?;
    Ok(pattern.render(&ctx, u64::try_from(seq).unwrap_or_default()))
}

/// Marks one personal-data finding as looked at by the reviewer.
pub async fn acknowledge_finding(
    store: &Store,
    staff: &Staff,
    id: i64,
    finding_id: i64,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let doc = load_for(&mut tx, staff, id, Permission::ReviewDocuments).await?;
    if doc.state != PublicationState::PendingReview.as_str() {
        return Err(ServiceError::Refused(
            "只有待审核的文件需要确认个人信息提示".into(),
        ));
    }
    if !pii_findings::acknowledge(&mut tx, id, finding_id, staff.id, now).await? {
        return Err(ServiceError::NotFound);
    }
    record(
        &mut tx,
        Some(staff),
        doc.agency_id,
        "document.acknowledge_finding",
        id,
        &finding_id.to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A change of 效力状态.
#[derive(utoipa::ToSchema, Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ValidityChange {
    /// 有效 / 失效 / 废止 / 已修改.
    pub validity: String,
    /// 废止（失效）日期.
    pub ended_on: String,
    /// The id of the replacing document.
    pub replaced_by: Option<i64>,
}

/// Changes the 效力状态 of a published document.
pub async fn change_validity(
    store: &Store,
    staff: &Staff,
    id: i64,
    change: &ValidityChange,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let doc = load_for(&mut tx, staff, id, Permission::ManagePublished).await?;
    if doc.state != PublicationState::Published.as_str() {
        return Err(ServiceError::Refused(
            "只有已发布的文件可以变更效力状态".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let validity = Validity::parse(&change.validity);
    if validity.is_none() {
        errors.add("validity", "请选择效力状态");
    }
    let ended_on = match change.ended_on.trim() {
        "" => None,
        s => {
            let d = parse_date(s);
            if d.is_none() {
                errors.add(
                    "ended_on",
                    "日期无效，请按“2024-03-05”的格式填写真实存在的日期",
                );
            }
            d
        }
    };
    let written = parse_date(&doc.written_on).unwrap_or_default();
    let effective = doc.effective_on.as_deref().and_then(parse_date);
    if let Some(v) = validity
        && errors.get("ended_on").is_none()
        && let Err(e) = check_validity(v, written, effective, ended_on)
    {
        errors.add("ended_on", e.to_string());
    }
    if let Some(r) = change.replaced_by {
        match documents::find(&mut tx, r).await? {
            _ if r == id => errors.add("replaced_by", "文件不能被自身替代"),
            Some(d) if d.state == "published" => {}
            _ => errors.add("replaced_by", "替代文件不存在或尚未发布"),
        }
    }
    let Some(validity) = validity.filter(|_| errors.is_empty()) else {
        return Err(ServiceError::Invalid(errors));
    };
    let ended = ended_on.map(|d| d.format("%Y-%m-%d").to_string());
    documents::set_validity(
        &mut tx,
        id,
        validity.as_str(),
        ended.as_deref(),
        change.replaced_by,
        now,
    )
    .await?;
    outbox::append(&mut tx, outbox::kind::DOCUMENT_CHANGED, id, None, now).await?;
    if let Some(r) = change.replaced_by {
        outbox::append(&mut tx, outbox::kind::DOCUMENT_CHANGED, r, None, now).await?;
    }
    let detail = format!(
        "{}{}{}",
        validity.label(),
        ended.map(|d| format!("，日期 {d}")).unwrap_or_default(),
        change
            .replaced_by
            .map(|r| format!("，替代文件 {r}"))
            .unwrap_or_default()
    );
    record(
        &mut tx,
        Some(staff),
        doc.agency_id,
        "document.validity",
        id,
        &detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds an attachment to a draft. The bytes are checked (size, type by content) and stored
/// before the transaction; a refused file leaves nothing behind in the database.
pub async fn add_attachment(
    store: &Store,
    files: &FileStore,
    staff: &Staff,
    id: i64,
    file_name: &str,
    bytes: Vec<u8>,
    now: i64,
) -> ServiceResult<i64> {
    {
        let mut conn = store.conn().await?;
        let doc = load_for(&mut conn, staff, id, Permission::EditDocuments).await?;
        if doc.state != PublicationState::Draft.as_str() {
            return Err(ServiceError::Refused("只有草稿可以添加附件".into()));
        }
    }
    let name = crate::files::clean_file_name(file_name);
    let files = files.clone();
    let name_for_put = name.clone();
    let stored = tokio::task::spawn_blocking(move || files.put(&name_for_put, &bytes))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))??;
    let mut tx = store.begin_write().await?;
    let doc = load_for(&mut tx, staff, id, Permission::EditDocuments).await?;
    let attachment_id = attachments::insert(
        &mut tx,
        id,
        &attachments::NewAttachment {
            sha256: &stored.sha256,
            file_name: &name,
            media_type: stored.media_type,
            size_bytes: i64::try_from(stored.size_bytes).unwrap_or(i64::MAX),
            extracted_text: stored.extracted_text.as_deref(),
        },
        now,
    )
    .await?;
    record(
        &mut tx,
        Some(staff),
        doc.agency_id,
        "document.attach",
        id,
        &name,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(attachment_id)
}

/// Removes an attachment from a draft.
pub async fn remove_attachment(
    store: &Store,
    staff: &Staff,
    id: i64,
    attachment_id: i64,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let doc = load_for(&mut tx, staff, id, Permission::EditDocuments).await?;
    if doc.state != PublicationState::Draft.as_str() {
        return Err(ServiceError::Refused("只有草稿可以删除附件".into()));
    }
    if !attachments::delete(&mut tx, id, attachment_id).await? {
        return Err(ServiceError::NotFound);
    }
    record(
        &mut tx,
        Some(staff),
        doc.agency_id,
        "document.detach",
        id,
        &attachment_id.to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Everything the console shows about one document.
#[derive(utoipa::ToSchema, Debug, Clone, serde::Serialize)]
pub struct DocumentView {
    /// The document.
    pub document: documents::Document,
    /// Its agency's name.
    pub agency_name: String,
    /// Joint issuers: (id, name).
    pub co_issuers: Vec<(i64, String)>,
    /// Placement.
    pub column_ids: Vec<i64>,
    /// Attachments.
    pub attachments: Vec<attachments::Attachment>,
    /// Personal-data findings of the last submission.
    pub findings: Vec<pii_findings::Finding>,
    /// Published interpretations of this document.
    pub interpretations: Vec<documents::Summary>,
    /// Documents this one replaced.
    pub replaced: Vec<documents::Summary>,
    /// The audit trail.
    pub history: Vec<audit::Entry>,
    /// The workflow actions the viewer may take now.
    pub actions: Vec<WorkflowAction>,
    /// Whether the viewer may edit the draft.
    pub may_edit: bool,
    /// Whether the viewer may change validity.
    pub may_manage_published: bool,
}

/// Loads a document for the console. Staff of other agencies get NotFound.
pub async fn view(store: &Store, staff: &Staff, id: i64) -> ServiceResult<DocumentView> {
    let mut conn = store.conn().await?;
    let document = load_for(&mut conn, staff, id, Permission::ViewDocuments).await?;
    let actor = actor(&mut conn, staff, &document).await?;
    let state = state_of(&document)?;
    let agency_name = agencies::find(&mut conn, document.agency_id)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(DocumentView {
        agency_name,
        co_issuers: documents::co_issuers(&mut conn, id).await?,
        column_ids: documents::column_ids(&mut conn, id).await?,
        attachments: attachments::list_for_document(&mut conn, id).await?,
        findings: pii_findings::list_for_document(&mut conn, id).await?,
        interpretations: documents::interpretations(&mut conn, id).await?,
        replaced: documents::replaced(&mut conn, id).await?,
        history: audit::list_for_entity(&mut conn, "document", id).await?,
        actions: available_actions(state, actor),
        may_edit: actor.may_edit && state == PublicationState::Draft,
        may_manage_published: actor.may_manage_published && state == PublicationState::Published,
        document,
    })
}

/// The form filled from a stored document, for editing.
pub async fn form_of(
    store: &Store,
    staff: &Staff,
    id: i64,
) -> ServiceResult<(documents::Document, DocumentForm)> {
    let mut conn = store.conn().await?;
    let d = load_for(&mut conn, staff, id, Permission::ViewDocuments).await?;
    let co = documents::co_issuers(&mut conn, id).await?;
    let form = DocumentForm {
        title: d.title.clone(),
        subject: d.subject_code.clone(),
        genre: d.genre.clone(),
        legal_kind: d.legal_kind.clone(),
        doc_number: d.doc_number.clone().unwrap_or_default(),
        co_issuers: co.into_iter().map(|(id, _)| id).collect(),
        written_on: d.written_on.clone(),
        effective_on: d.effective_on.clone().unwrap_or_default(),
        keywords: d.keywords.clone(),
        summary: d.summary.clone(),
        disclosure: d.disclosure.clone(),
        validity: d.validity.clone(),
        ended_on: d.ended_on.clone().unwrap_or_default(),
        item20: d.item20.map(|i| i.to_string()).unwrap_or_default(),
        columns: documents::column_ids(&mut conn, id).await?,
        body_html: d.body_html.clone(),
        interprets: d.interprets_id,
    };
    Ok((d, form))
}

/// A page of the documents the staff member may see, newest first.
pub async fn list(
    store: &Store,
    staff: &Staff,
    state: Option<PublicationState>,
    before_id: Option<i64>,
    limit: i64,
) -> ServiceResult<Vec<documents::Summary>> {
    let mut conn = store.conn().await?;
    let agency_ids = crate::accounts::viewable_agencies(&mut conn, staff).await?;
    Ok(documents::list(
        &mut conn,
        &documents::ListFilter {
            agency_ids,
            state: state.map(|s| s.as_str().to_owned()),
            before_id,
            limit: limit.clamp(1, 200),
        },
    )
    .await?)
}

/// An attachment, for download: the public get those of published, proactively disclosed
/// documents; staff those of documents they may view.
pub async fn attachment(
    store: &Store,
    staff: Option<&Staff>,
    attachment_id: i64,
) -> ServiceResult<attachments::Attachment> {
    let mut conn = store.conn().await?;
    let a = attachments::find(&mut conn, attachment_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let doc = documents::find(&mut conn, a.document_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    match staff {
        Some(staff) if may(&mut conn, staff, Permission::ViewDocuments, doc.agency_id).await? => {
            Ok(a)
        }
        Some(_) => Err(ServiceError::Forbidden),
        None if doc.is_public() => Ok(a),
        None => Err(ServiceError::NotFound),
    }
}
