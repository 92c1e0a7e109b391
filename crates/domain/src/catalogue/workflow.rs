//! The publication workflow: 草稿 → 待审核 → 已发布, 退回 with a reason, 撤回 with a reason.
//! Nothing is public before a recorded review (保密审查, 条例第十七条). This is the only place
//! where allowed moves are written.

crate::labelled_enum! {
    /// Where a document is in the workflow.
    pub enum PublicationState {
        Draft = ("draft", "草稿"),
        PendingReview = ("pending_review", "待审核"),
        Published = ("published", "已发布"),
        /// Taken down after publication; keeps its 索引号, which is never reused.
        Withdrawn = ("withdrawn", "已撤回"),
    }
}

crate::labelled_enum! {
    /// What staff can do to a document's publication state.
    pub enum WorkflowAction {
        Submit = ("submit", "提交审核"),
        Approve = ("approve", "审核通过并发布"),
        Return = ("return", "退回"),
        Withdraw = ("withdraw", "撤回"),
        Redraft = ("redraft", "重新编辑"),
    }
}

/// What the acting staff member may do for the document's agency, and who they are to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Actor {
    /// May draft and submit (信息员, 机关管理员).
    pub may_edit: bool,
    /// May approve or return (审核人).
    pub may_review: bool,
    /// May withdraw published documents (审核人, 机关管理员).
    pub may_manage_published: bool,
    /// Wrote the document (its last submitter).
    pub is_author: bool,
}

/// Why a move is refused. The messages are shown to staff.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The state does not allow this action.
    #[error("当前状态为“{state}”，不能{action}")]
    NotInThisState {
        /// The current state.
        state: PublicationState,
        /// The refused action.
        action: WorkflowAction,
    },
    /// The actor lacks the role.
    #[error("您没有{action}的权限")]
    NotPermitted {
        /// The refused action.
        action: WorkflowAction,
    },
    /// Review must be done by someone other than the author.
    #[error("审核人不能审核自己起草的文件，请由本机关其他审核人审核")]
    OwnDocument,
    /// Personal-data findings are still open.
    #[error("还有 {0} 处个人信息提示未确认，请逐条确认后再审核通过")]
    OpenFindings(usize),
    /// 退回 and 撤回 need a reason.
    #[error("请填写{0}理由")]
    ReasonRequired(WorkflowAction),
}

/// The state after `action`, or why it is refused. `open_findings` counts the personal-data
/// findings of the review scan that the reviewer has not acknowledged; `reason` is the text
/// given for 退回 or 撤回.
pub fn transition(
    from: PublicationState,
    action: WorkflowAction,
    actor: Actor,
    open_findings: usize,
    reason: &str,
) -> Result<PublicationState, WorkflowError> {
    use PublicationState as S;
    use WorkflowAction as A;
    let (allowed_from, to) = match action {
        A::Submit => (S::Draft, S::PendingReview),
        A::Approve => (S::PendingReview, S::Published),
        A::Return => (S::PendingReview, S::Draft),
        A::Withdraw => (S::Published, S::Withdrawn),
        A::Redraft => (S::Withdrawn, S::Draft),
    };
    if from != allowed_from {
        return Err(WorkflowError::NotInThisState {
            state: from,
            action,
        });
    }
    let permitted = match action {
        A::Submit | A::Redraft => actor.may_edit,
        A::Approve | A::Return => actor.may_review,
        A::Withdraw => actor.may_manage_published,
    };
    if !permitted {
        return Err(WorkflowError::NotPermitted { action });
    }
    if action == A::Approve {
        if actor.is_author {
            return Err(WorkflowError::OwnDocument);
        }
        if open_findings > 0 {
            return Err(WorkflowError::OpenFindings(open_findings));
        }
    }
    if matches!(action, A::Return | A::Withdraw) && reason.trim().is_empty() {
        return Err(WorkflowError::ReasonRequired(action));
    }
    Ok(to)
}

/// The actions the actor may take from `state`, for showing exactly the buttons that work.
/// Approval is listed even with open findings: the page explains what is missing.
pub fn available_actions(state: PublicationState, actor: Actor) -> Vec<WorkflowAction> {
    WorkflowAction::ALL
        .iter()
        .copied()
        .filter(|&a| match transition(state, a, actor, 0, "理由") {
            Ok(_) => true,
            Err(WorkflowError::OwnDocument) => false,
            Err(_) => false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use PublicationState as S;
    use WorkflowAction as A;

    const EDITOR: Actor = Actor {
        may_edit: true,
        may_review: false,
        may_manage_published: false,
        is_author: true,
    };
    const REVIEWER: Actor = Actor {
        may_edit: false,
        may_review: true,
        may_manage_published: true,
        is_author: false,
    };

    #[test]
    fn draft_to_review_to_published() {
        assert_eq!(
            transition(S::Draft, A::Submit, EDITOR, 0, ""),
            Ok(S::PendingReview)
        );
        // 条例第十七条: publication follows a recorded review.
        assert_eq!(
            transition(S::PendingReview, A::Approve, REVIEWER, 0, ""),
            Ok(S::Published)
        );
        assert!(matches!(
            transition(S::Draft, A::Approve, REVIEWER, 0, ""),
            Err(WorkflowError::NotInThisState { .. })
        ));
    }

    #[test]
    fn editors_cannot_approve_and_authors_cannot_review_themselves() {
        assert_eq!(
            transition(S::PendingReview, A::Approve, EDITOR, 0, ""),
            Err(WorkflowError::NotPermitted { action: A::Approve })
        );
        let both = Actor {
            may_edit: true,
            may_review: true,
            may_manage_published: true,
            is_author: true,
        };
        assert_eq!(
            transition(S::PendingReview, A::Approve, both, 0, ""),
            Err(WorkflowError::OwnDocument)
        );
        // The author may still return their own submission.
        assert_eq!(
            transition(S::PendingReview, A::Return, both, 0, "改"),
            Ok(S::Draft)
        );
    }

    #[test]
    fn approval_is_refused_with_open_personal_data_findings() {
        // 条例第十五条: personal privacy is not disclosed; every finding is looked at first.
        assert_eq!(
            transition(S::PendingReview, A::Approve, REVIEWER, 2, ""),
            Err(WorkflowError::OpenFindings(2))
        );
    }

    #[test]
    fn return_and_withdraw_need_a_reason() {
        assert_eq!(
            transition(S::PendingReview, A::Return, REVIEWER, 0, "  "),
            Err(WorkflowError::ReasonRequired(A::Return))
        );
        assert_eq!(
            transition(S::Published, A::Withdraw, REVIEWER, 0, ""),
            Err(WorkflowError::ReasonRequired(A::Withdraw))
        );
        assert_eq!(
            transition(S::Published, A::Withdraw, REVIEWER, 0, "内容有误"),
            Ok(S::Withdrawn)
        );
        assert_eq!(
            transition(S::Withdrawn, A::Redraft, EDITOR, 0, ""),
            Ok(S::Draft)
        );
    }

    #[test]
    fn available_actions_match_transition() {
        assert_eq!(available_actions(S::Draft, EDITOR), vec![A::Submit]);
        assert_eq!(
            available_actions(S::PendingReview, REVIEWER),
            vec![A::Approve, A::Return]
        );
        assert_eq!(available_actions(S::PendingReview, EDITOR), Vec::<A>::new());
        assert_eq!(available_actions(S::Published, REVIEWER), vec![A::Withdraw]);
        let author_reviewer = Actor {
            is_author: true,
            ..REVIEWER
        };
        assert_eq!(
            available_actions(S::PendingReview, author_reviewer),
            vec![A::Return]
        );
    }
}
