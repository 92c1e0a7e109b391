//! Review of an import batch as one list (issue 15): its counts, every personal-data finding in
//! context, rows to exclude, and approval of the rest — the same rules as for one document
//! (条例第十七条: a 审核人 of the agency approves; open findings block), so that a migration of
//! tens of thousands of historical documents is reviewable as batches.

use std::collections::BTreeSet;

use gongkai_domain::auth::Permission;
use gongkai_domain::catalogue::workflow::WorkflowAction;
use gongkai_store::import_batches;

pub use gongkai_store::import_batches::{Batch, OpenFinding};
use gongkai_store::{Store, agencies};
use serde::Serialize;

use super::act_in;
use crate::accounts::{Staff, may, require};
use crate::error::{ServiceError, ServiceResult};

/// Findings shown on one page of a batch.
pub const FINDINGS_PAGE: i64 = 200;

/// Documents approved or returned per transaction.
const CHUNK: usize = 500;

/// The batches of the agencies whose documents `staff` may see, newest first.
pub async fn list(store: &Store, staff: &Staff) -> ServiceResult<Vec<Batch>> {
    let mut conn = store.conn().await?;
    let mut ids = Vec::new();
    for a in agencies::list(&mut conn).await? {
        if may(&mut conn, staff, Permission::ViewDocuments, a.id).await? {
            ids.push(a.id);
        }
    }
    Ok(import_batches::list(&mut conn, &ids).await?)
}

/// A batch as its reviewer sees it.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct BatchView {
    /// The batch and its counts.
    pub batch: Batch,
    /// The agency's name.
    pub agency_name: String,
    /// A page of the open findings, each with its document and context.
    pub findings: Vec<OpenFinding>,
    /// The cursor of the next page of findings (`document.finding`), if any.
    pub next: Option<String>,
    /// Whether the viewer may approve (a 审核人 of the agency).
    pub may_review: bool,
}

/// Batch `id` with the page of its open findings after `after` (document id, finding id).
pub async fn view(
    store: &Store,
    staff: &Staff,
    id: i64,
    after: (i64, i64),
) -> ServiceResult<BatchView> {
    let mut conn = store.conn().await?;
    let batch = import_batches::find(&mut conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require(&mut conn, staff, Permission::ViewDocuments, batch.agency_id).await?;
    let may_review = may(
        &mut conn,
        staff,
        Permission::ReviewDocuments,
        batch.agency_id,
    )
    .await?;
    let mut findings =
        import_batches::open_findings(&mut conn, id, after, FINDINGS_PAGE + 1).await?;
    let next = (findings.len() as i64 > FINDINGS_PAGE)
        .then(|| {
            findings.truncate(usize::try_from(FINDINGS_PAGE).unwrap_or(0));
            findings
                .last()
                .map(|f| format!("{}.{}", f.document_id, f.finding_id))
        })
        .flatten();
    let agency_name = agencies::find(&mut conn, batch.agency_id)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(BatchView {
        batch,
        agency_name,
        findings,
        next,
        may_review,
    })
}

/// What the reviewer decided for a batch.
#[derive(utoipa::ToSchema, Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BatchDecision {
    /// Documents left out of the approval and returned to the editors.
    pub exclude: Vec<i64>,
    /// Leave out every document with findings not yet looked at.
    pub exclude_with_findings: bool,
    /// Why the excluded documents are returned (shown to the editors).
    pub reason: String,
}

/// What the approval did.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BatchApproved {
    /// Documents published.
    pub published: usize,
    /// Documents returned to the editors.
    pub returned: usize,
}

/// Approves batch `id` but for the excluded documents, which are returned to the editors.
/// Refused, with nothing done, while a document to approve has findings not yet looked at —
/// as for a single document.
pub async fn approve(
    store: &Store,
    staff: &Staff,
    id: i64,
    decision: &BatchDecision,
    now: i64,
) -> ServiceResult<BatchApproved> {
    let (pending, open) = {
        let mut conn = store.conn().await?;
        let batch = import_batches::find(&mut conn, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        require(&mut conn, staff, Permission::ViewDocuments, batch.agency_id).await?;
        require(
            &mut conn,
            staff,
            Permission::ReviewDocuments,
            batch.agency_id,
        )
        .await?;
        (
            import_batches::pending_ids(&mut conn, id).await?,
            import_batches::ids_with_open_findings(&mut conn, id).await?,
        )
    };
    let mut excluded: BTreeSet<i64> = decision.exclude.iter().copied().collect();
    if decision.exclude_with_findings {
        excluded.extend(open.iter().copied());
    }
    let blocked = open.iter().filter(|d| !excluded.contains(d)).count();
    if blocked > 0 {
        return Err(ServiceError::Refused(format!(
            "还有 {blocked} 份文件有未确认的个人信息提示：请逐条确认，或将这些文件排除后再审核通过"
        )));
    }
    if pending.is_empty() {
        return Err(ServiceError::Refused("这一批没有待审核的文件".into()));
    }
    let reason = match decision.reason.trim() {
        "" => "批量审核时排除，请修改后重新提交审核",
        r => r,
    };
    let mut done = BatchApproved {
        published: 0,
        returned: 0,
    };
    for chunk in pending.chunks(CHUNK) {
        let mut tx = store.begin_write().await?;
        for &doc in chunk {
            if excluded.contains(&doc) {
                act_in(&mut tx, staff, doc, WorkflowAction::Return, reason, now).await?;
                done.returned += 1;
            } else {
                act_in(&mut tx, staff, doc, WorkflowAction::Approve, "", now).await?;
                done.published += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(done)
}
