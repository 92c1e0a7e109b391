//! 条例第四十四条: information disclosed on application that several applicants asked for (or that
//! the public should know) is brought into proactive disclosure. From a case replied with
//! 予以公开 or 部分公开, staff open a catalogue draft already filled from the application, and the
//! case records the document it became; the draft then goes through the usual review.

use gongkai_domain::application::outcome::{Ground, Outcome};
use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::document::DocumentForm;
use gongkai_store::applications as apps;
use gongkai_store::{Conn, Store};
use serde::Serialize;

use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult};
use crate::time::today_cst;

use super::*;

/// A catalogue draft prepared from a replied application.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct ProactiveDraft {
    /// The agency whose catalogue receives it.
    pub agency_id: i64,
    /// The application's 受理编号.
    pub number: String,
    /// The editor's fields, filled from the application.
    pub form: DocumentForm,
    /// Closed applications of the agency that asked for the same information (same 文号 or
    /// title), this one included: the “多个申请人” of 条例第四十四条.
    pub same_requests: i64,
}

async fn check(conn: &mut Conn, staff: &Staff, id: i64, now: i64) -> ServiceResult<Case> {
    let case = load_case(conn, staff, id, today_cst(now)).await?;
    require(conn, staff, Permission::EditDocuments, case.app.agency_id).await?;
    let disclosed = case
        .app
        .ground
        .as_deref()
        .and_then(Ground::parse)
        .is_some_and(|g| matches!(g.outcome(), Outcome::Disclosed | Outcome::PartlyDisclosed));
    if !disclosed {
        return Err(ServiceError::Refused(
            "只有予以公开或部分公开的政府信息可以纳入主动公开范围（条例第四十四条）".into(),
        ));
    }
    if let Some(done) = case.events.iter().find(|e| e.kind == "made_proactive") {
        return Err(ServiceError::Refused(format!(
            "该申请的信息已纳入主动公开：{}",
            done.note
        )));
    }
    Ok(case)
}

/// The draft for application `id` (staff who may see the case and edit the agency's documents).
pub async fn proactive_draft(
    store: &Store,
    staff: &Staff,
    id: i64,
    now: i64,
) -> ServiceResult<ProactiveDraft> {
    let mut conn = store.conn().await?;
    let case = check(&mut conn, staff, id, now).await?;
    let app = &case.app;
    let title = if app.doc_title.trim().is_empty() {
        app.description.chars().take(100).collect::<String>()
    } else {
        app.doc_title.clone()
    };
    let same_requests = apps::count_same_requests(&mut conn, app).await?;
    Ok(ProactiveDraft {
        agency_id: app.agency_id,
        number: app.number.clone(),
        form: DocumentForm {
            title,
            doc_number: app.doc_number.clone(),
            summary: format!(
                "依据《中华人民共和国政府信息公开条例》第四十四条，将依申请公开的政府信息（答复书 {}）纳入主动公开范围。",
                app.reply_number.clone().unwrap_or_default()
            ),
            disclosure: "proactive".into(),
            validity: "valid".into(),
            legal_kind: "other".into(),
            ..DocumentForm::default()
        },
        same_requests,
    })
}

/// Creates the catalogue draft of application `id` from `form` and records it on the case, in
/// one transaction; the draft then goes through the usual review. Returns the document's id.
pub async fn make_proactive(
    store: &Store,
    staff: &Staff,
    id: i64,
    form: &DocumentForm,
    now: i64,
) -> ServiceResult<i64> {
    let mut tx = store.begin_write().await?;
    let case = check(&mut tx, staff, id, now).await?;
    let document =
        crate::publishing::create_draft_in(&mut tx, staff, case.app.agency_id, form, now).await?;
    let note = format!("已创建主动公开文件草稿 #{document}，经审核后发布");
    staff_event(
        &mut tx,
        staff,
        &case.app,
        "made_proactive",
        "application.proactive",
        &note,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(document)
}
