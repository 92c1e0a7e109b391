//! Documents published elsewhere or earlier (the demo, `gongkai import catalogue`): stored as
//! published with a 索引号 of their 发布日期, or updated in place when their source row changed.

use gongkai_domain::catalogue::document::{DocumentForm, DocumentMeta};
use gongkai_domain::catalogue::index_number::IndexPattern;
use gongkai_store::{Conn, Store, agencies, documents, outbox};

use super::{FormContext, allocate_index_number_on, record, validate_in};
use crate::error::{ServiceError, ServiceResult};
use crate::time::today_cst;

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
    let Some(agency) = agencies::find(conn, agency_id).await? else {
        return Err(ServiceError::NotFound);
    };
    let meta = validate_import(conn, context, form, published_on, now).await?;
    // Refused before anything is written (the bulk importer reports the row and goes on).
    if let Err(e) = IndexPattern::parse(&agency.index_pattern) {
        return Err(ServiceError::Refused(format!(
            "本机关的索引号规则有误（{e}），请机关管理员修改后再导入"
        )));
    }
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

/// Replaces the metadata and 发布日期 of a published document imported earlier, when its source
/// row changed (an operator's re-import; the 索引号 is kept). A document no longer published —
/// withdrawn, or taken back for revision by its editors — is left alone and refused.
pub async fn reimport_published_in(
    conn: &mut Conn,
    context: &FormContext,
    id: i64,
    form: &DocumentForm,
    published_on: chrono::NaiveDate,
    now: i64,
) -> ServiceResult<()> {
    let doc = documents::find(conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if doc.agency_id != context.agency_id() {
        return Err(ServiceError::NotFound);
    }
    if doc.state != "published" {
        return Err(ServiceError::Refused(
            "该文件已撤回或正在修改，导入未覆盖它".into(),
        ));
    }
    let meta = validate_import(conn, context, form, published_on, now).await?;
    documents::update(conn, id, &meta, now).await?;
    documents::set_published_on(conn, id, &published_on.format("%Y-%m-%d").to_string()).await?;
    outbox::append(conn, outbox::kind::DOCUMENT_CHANGED, id, None, now).await?;
    record(
        conn,
        None,
        doc.agency_id,
        "document.reimport",
        id,
        &meta.title,
        now,
    )
    .await?;
    Ok(())
}
