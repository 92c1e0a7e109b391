//! Documents published elsewhere or earlier. The demo's are stored as published with a 索引号 of
//! their 发布日期 ([`import_published`]); rows of `gongkai import catalogue` become documents
//! 待审核 with their personal-data findings and the 发布日期 their source gives, published with
//! a 索引号 of that date when a 审核人 approves them ([`import_for_review_in`]) — nothing reaches
//! the public without review (条例第十七条).

use gongkai_domain::catalogue::document::{DocumentForm, DocumentMeta};
use gongkai_domain::catalogue::index_number::IndexPattern;
use gongkai_store::{Conn, Store, agencies, documents, outbox};

use super::{FormContext, allocate_index_number_on, record, scan, validate_in};
use crate::error::{ServiceError, ServiceResult};
use crate::time::today_cst;
use gongkai_store::pii_findings;

/// Records a document that was published elsewhere or earlier (the demo, imports of legacy
/// catalogues): validated like any draft, published on `published_on` with a 索引号 of that
/// date, in one transaction with its outbox event and audit entry. Run by the operator, so it
/// takes no staff member.
pub async fn import_published(
    store: &Store,
    agency_id: i64,
    form: &DocumentForm,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<(i64, String)> {
    let mut tx = store.begin_write().await?;
    let context = FormContext::load(&mut tx, agency_id).await?;
    let made = import_published_in(&mut tx, &context, form, published_on, now).await?;
    tx.commit().await?;
    Ok(made)
}

/// [`import_published`] inside the caller's transaction, with the agency's form context loaded
/// once (the bulk importer commits rows in batches). Nothing is written when it returns an
/// error.
pub async fn import_published_in(
    conn: &mut Conn,
    context: &FormContext,
    form: &DocumentForm,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<(i64, String)> {
    let agency_id = context.agency_id();
    let meta = validate_new(conn, context, form, published_on, now).await?;
    let id = documents::insert(conn, agency_id, &meta, None, now).await?;
    let doc = documents::find(conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let number = allocate_index_number_on(conn, &doc, published_on).await?;
    let date = published_on.format("%Y-%m-%d").to_string();
    documents::publish(conn, id, &number, &date, None, now).await?;
    outbox::append(conn, outbox::kind::DOCUMENT_PUBLISHED, id, None, now).await?;
    record(
        conn,
        None,
        agency_id,
        "document.import",
        id,
        &format!("索引号 {number}"),
        now,
    )
    .await?;
    Ok((id, number))
}

/// [`validate_import`] of a new document, and the agency's 索引号 rule checked: refused before
/// anything is written (the bulk importer reports the row and goes on).
async fn validate_new(
    conn: &mut Conn,
    context: &FormContext,
    form: &DocumentForm,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<DocumentMeta> {
    let Some(agency) = agencies::find(conn, context.agency_id()).await? else {
        return Err(ServiceError::NotFound);
    };
    let meta = validate_import(conn, context, form, published_on, now).await?;
    if let Err(e) = IndexPattern::parse(&agency.index_pattern) {
        return Err(ServiceError::Refused(format!(
            "本机关的索引号规则有误（{e}），请机关管理员修改后再导入"
        )));
    }
    Ok(meta)
}

async fn validate_import(
    conn: &mut Conn,
    context: &FormContext,
    form: &DocumentForm,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<DocumentMeta> {
    let meta = validate_in(conn, context, form, now).await?;
    if published_on < meta.written_on {
        return Err(ServiceError::field(
            "published_on",
            "发布日期不能早于成文日期",
        ));
    }
    if published_on > today_cst(now) {
        return Err(ServiceError::field("published_on", "发布日期不能晚于今天"));
    }
    Ok(meta)
}

/// Stores a row of an imported catalogue as a document 待审核 (inside the caller's transaction,
/// with the agency's form context loaded once): validated like any draft, scanned for personal
/// data like any submission, carrying the 发布日期 its source gives. Returns the document and
/// its number of findings. Nothing is written when it returns an error.
pub async fn import_for_review_in(
    conn: &mut Conn,
    context: &FormContext,
    form: &DocumentForm,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<(i64, usize)> {
    let agency_id = context.agency_id();
    let meta = validate_new(conn, context, form, published_on, now).await?;
    let id = documents::insert(conn, agency_id, &meta, None, now).await?;
    let findings = to_review(conn, id, published_on, now).await?;
    record(
        conn,
        None,
        agency_id,
        "document.import",
        id,
        &format!("待审核，个人信息提示 {findings} 处"),
        now,
    )
    .await?;
    Ok((id, findings))
}

/// Puts document `id` up for review with the 发布日期 `published_on`: scanned, 待审核.
async fn to_review(
    conn: &mut Conn,
    id: i64,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<usize> {
    documents::set_published_on(conn, id, &published_on.format("%Y-%m-%d").to_string()).await?;
    let doc = documents::find(conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let found = scan(conn, &doc).await?;
    pii_findings::replace(conn, id, &found, now).await?;
    documents::set_state(conn, id, "pending_review", "", None, now).await?;
    Ok(found.len())
}

/// Replaces the metadata and 发布日期 of a document imported earlier whose source row changed
/// (an operator's re-import; the 索引号 is kept), and puts it up for review again: a published
/// one leaves the public until a 审核人 approves the change. A withdrawn document, or one
/// returned to its editors, is left alone and refused. Returns the number of findings.
pub async fn reimport_for_review_in(
    conn: &mut Conn,
    context: &FormContext,
    id: i64,
    form: &DocumentForm,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<usize> {
    let doc = documents::find(conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if doc.agency_id != context.agency_id() {
        return Err(ServiceError::NotFound);
    }
    match doc.state.as_str() {
        "withdrawn" => {
            return Err(ServiceError::Refused("该文件已撤回，导入未覆盖它".into()));
        }
        // Returned to its editors, who may be revising it: their work is not overwritten.
        "draft" => {
            return Err(ServiceError::Refused(
                "该文件已退回信息员修改，导入未覆盖它".into(),
            ));
        }
        _ => {}
    }
    let meta = validate_import(conn, context, form, published_on, now).await?;
    documents::update(conn, id, &meta, now).await?;
    let findings = to_review(conn, id, published_on, now).await?;
    if doc.state == "published" {
        outbox::append(conn, outbox::kind::DOCUMENT_CHANGED, id, None, now).await?;
    }
    record(
        conn,
        None,
        doc.agency_id,
        "document.reimport",
        id,
        &format!("{}（待审核，个人信息提示 {findings} 处）", meta.title),
        now,
    )
    .await?;
    Ok(findings)
}
