//! The case state machine: which actions an application allows in its current state, and which
//! grounds may close it. The state is derived from the stored lifecycle and the clock (itself
//! derived from the events), so the rules here are the only place that decides "may I".

use super::clock::ClockStatus;
use super::outcome::Ground;

crate::labelled_enum! {
    /// Where an application is in its life (第四十五条: 登记、审核、办理、答复、归档).
    pub enum Lifecycle {
        /// Submitted online, waiting for the agency to check it and confirm receipt.
        Submitted = ("submitted", "待受理"),
        /// Received (confirmed or registered) and being handled.
        Open = ("open", "办理中"),
        /// Answered or otherwise closed, with one outcome.
        Closed = ("closed", "已办结"),
    }
}

crate::labelled_enum! {
    /// What staff can do to an application.
    pub enum CaseAction {
        /// Confirm an online application: the confirmation day is the receipt day (第三十一条).
        Accept = ("accept", "确认受理"),
        /// Send a submitted application on to the agency that should handle it.
        Transfer = ("transfer", "转送其他机关"),
        /// Close a submitted "application" that is not one — a complaint, a repeat, spam —
        /// with a 不予处理 or 其他处理 outcome and its letter, received on the day it is handled.
        Dismiss = ("dismiss", "不予处理或其他处理"),
        /// 补正告知 (第三十条): once, completely.
        RequestCorrection = ("request_correction", "发出补正告知"),
        /// The corrected application arrived: the clock restarts (第三十条).
        ReceiveCorrection = ("receive_correction", "登记收到补正"),
        /// 书面征求第三方或其他机关意见 (第三十二条、第三十四条).
        SendConsultation = ("send_consultation", "征求第三方意见"),
        /// The consulted party answered.
        ReceiveConsultation = ("receive_consultation", "登记收到意见"),
        /// 延长答复期限 (第三十三条第二款), approved by the agency's 机关管理员.
        Extend = ("extend", "延期答复"),
        /// 收费通知 (国办函〔2020〕109号).
        ServeFeeNotice = ("serve_fee_notice", "发出收费通知"),
        /// The fee was paid.
        RecordPayment = ("record_payment", "登记缴费"),
        /// The fee was reduced to nothing or waived (减免), with a reason.
        WaiveFee = ("waive_fee", "减免费用"),
        /// Reply and close with one outcome.
        Close = ("close", "答复办结"),
        /// The applicant withdrew the application.
        Withdraw = ("withdraw", "登记撤回申请"),
        /// 送达 of the reply.
        RecordDelivery = ("record_delivery", "登记送达"),
        /// 归档 (第四十五条).
        Archive = ("archive", "归档"),
        /// 行政复议 or 行政诉讼 about the reply.
        RecordAppeal = ("record_appeal", "登记复议诉讼"),
    }
}

/// What is known of an application, for deciding what it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    /// Lifecycle.
    pub lifecycle: Lifecycle,
    /// The clock's status (None before receipt).
    pub status: Option<ClockStatus>,
    /// An extension was granted.
    pub extended: bool,
    /// A correction was requested (it can be requested once).
    pub correction_requested: bool,
    /// A corrected application was received.
    pub correction_received: bool,
    /// A fee notice was served.
    pub fee_served: bool,
    /// A consultation awaits its answer (the clock's [`super::clock::Clock::consultation_pending`]).
    pub consultation_pending: bool,
    /// A consultation is open now (the clock's [`super::clock::Clock::consultation_open`]).
    pub consultation_open: bool,
    /// A fee notice awaits payment and has not lapsed.
    pub fee_pending: bool,
    /// The reply was delivered.
    pub delivered: bool,
    /// The case is archived.
    pub archived: bool,
}

/// Whether `action` is allowed; the refusal says why, in Chinese.
pub fn check(facts: &CaseFacts, action: CaseAction) -> Result<(), &'static str> {
    use CaseAction::*;
    use ClockStatus as S;
    let status = facts.status;
    let open = facts.lifecycle == Lifecycle::Open;
    let ok = match action {
        Accept | Transfer | Dismiss => {
            if facts.lifecycle != Lifecycle::Submitted {
                return Err("申请已受理，不能再确认受理或转送");
            }
            true
        }
        _ if facts.lifecycle == Lifecycle::Submitted => {
            return Err("申请尚未受理：请先核对申请内容并确认受理");
        }
        RequestCorrection => {
            if facts.correction_requested {
                return Err("补正告知应一次性告知（条例第三十条），本申请已发出过补正告知");
            }
            open && status == Some(S::Running)
        }
        ReceiveCorrection => {
            open && matches!(status, Some(S::AwaitingCorrection | S::CorrectionLapsed))
        }
        // A consultation and a fee notice are independent pauses: either may be opened while
        // the other runs (spec/applications.md).
        SendConsultation => {
            open && !facts.consultation_open
                && matches!(status, Some(S::Running | S::AwaitingPayment))
        }
        ReceiveConsultation => open && facts.consultation_pending,
        Extend => {
            if facts.extended {
                return Err("答复期限只能延长一次（条例第三十三条第二款）");
            }
            open && status == Some(S::Running)
        }
        ServeFeeNotice => {
            if facts.fee_served {
                return Err("本申请已发出过收费通知");
            }
            open && matches!(status, Some(S::Running | S::InConsultation))
        }
        RecordPayment | WaiveFee => open && facts.fee_pending,
        Close => {
            open && matches!(
                status,
                Some(S::Running | S::CorrectionLapsed | S::PaymentLapsed)
            )
        }
        Withdraw => open,
        RecordDelivery | RecordAppeal => facts.lifecycle == Lifecycle::Closed,
        Archive => {
            if facts.archived {
                return Err("本申请已归档");
            }
            if facts.lifecycle == Lifecycle::Closed && !facts.delivered {
                return Err("答复送达后才能归档（条例第四十五条：登记、审核、办理、答复、归档）");
            }
            facts.lifecycle == Lifecycle::Closed
        }
    };
    if ok {
        return Ok(());
    }
    Err(match (facts.lifecycle, status) {
        (Lifecycle::Closed, _) => "申请已办结，不能再进行此操作",
        (_, Some(S::AwaitingCorrection)) => "正在等待申请人补正，期间只能登记收到补正或撤回",
        (_, Some(S::InConsultation)) => "正在征求意见，请先登记收到意见（或待征求意见期满）",
        (_, Some(S::AwaitingPayment)) => "正在等待缴费，请先登记缴费或减免",
        (_, Some(S::CorrectionLapsed)) => {
            "申请人逾期未补正，可登记收到补正（有正当理由的）或答复办结"
        }
        (_, Some(S::PaymentLapsed)) => "申请人逾期未缴费，只能以“逾期未缴费”办结或撤回",
        _ => "当前状态不允许此操作",
    })
}

/// Every action allowed now, in display order.
pub fn allowed(facts: &CaseFacts) -> Vec<CaseAction> {
    CaseAction::ALL
        .iter()
        .copied()
        .filter(|a| check(facts, *a).is_ok())
        .collect()
}

/// Whether a submitted application may be closed unaccepted with `ground`: only the outcomes
/// that need no handling — 不予处理 (a complaint, a repeat, a publication, mass repeats, a
/// request to confirm, 条例第三十五、三十六、三十九条) or 其他处理 — never the lapses, which need
/// a notice first.
pub fn check_dismiss_ground(ground: Ground) -> Result<(), &'static str> {
    use super::outcome::Outcome;
    match (ground.outcome(), ground) {
        (_, Ground::CorrectionLapsed | Ground::FeeLapsed) => {
            Err("逾期不补正、逾期未缴费须先发出告知，未受理的申请不能以此办结")
        }
        (Outcome::NotProcessed | Outcome::Other, _) => Ok(()),
        _ => Err("未受理的申请只能以“不予处理”或“其他处理”办结；需要答复内容的，请先确认受理"),
    }
}

/// Whether the case may be closed with `ground` (the lapse grounds only when lapsed; 补正后仍不明确
/// only after a correction was received).
pub fn check_ground(facts: &CaseFacts, ground: Ground) -> Result<(), &'static str> {
    check(facts, CaseAction::Close)?;
    let status = facts.status;
    match ground {
        Ground::CorrectionLapsed if status != Some(ClockStatus::CorrectionLapsed) => {
            Err("补正期限尚未届满或未发出补正告知，不能以“逾期不补正”办结（条例第三十条）")
        }
        Ground::FeeLapsed if status != Some(ClockStatus::PaymentLapsed) => {
            Err("缴费期限尚未届满或未发出收费通知，不能以“逾期未缴费”办结（国办函〔2020〕109号）")
        }
        Ground::StillUnclear if !facts.correction_received => {
            Err("未经补正的申请不能以“补正后申请内容仍不明确”办结（条例第三十条）")
        }
        g if status == Some(ClockStatus::PaymentLapsed) && g != Ground::FeeLapsed => {
            Err("申请人逾期未缴费，视为放弃申请，应以“逾期未缴费”办结")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(status: ClockStatus) -> CaseFacts {
        CaseFacts {
            lifecycle: Lifecycle::Open,
            status: Some(status),
            extended: false,
            correction_requested: false,
            correction_received: false,
            fee_served: false,
            consultation_pending: status == ClockStatus::InConsultation,
            consultation_open: status == ClockStatus::InConsultation,
            fee_pending: status == ClockStatus::AwaitingPayment,
            delivered: false,
            archived: false,
        }
    }

    #[test]
    fn an_application_that_is_not_one_is_closed_without_acceptance() {
        // Issue 15: spam, a repeat or a complaint is closed as the report counts it.
        let submitted = CaseFacts {
            lifecycle: Lifecycle::Submitted,
            status: None,
            ..open(ClockStatus::Running)
        };
        assert!(check(&submitted, CaseAction::Dismiss).is_ok());
        assert!(check(&open(ClockStatus::Running), CaseAction::Dismiss).is_err());
        // 条例第三十九条第一款 and 第三十六条第六项: 不予处理; 其他处理 for the rest.
        assert!(check_dismiss_ground(Ground::Petition).is_ok());
        assert!(check_dismiss_ground(Ground::Repeated).is_ok());
        assert!(check_dismiss_ground(Ground::OtherHandling).is_ok());
        for g in [
            Ground::Provided,
            Ground::Partial,
            Ground::StateSecret,
            Ground::NotHeld,
            Ground::CorrectionLapsed,
            Ground::FeeLapsed,
        ] {
            assert!(check_dismiss_ground(g).is_err(), "{g:?}");
        }
    }

    #[test]
    fn a_consultation_and_a_fee_notice_may_be_open_at_once() {
        // spec/applications.md: the two pauses are independent and may overlap.
        let consulting = open(ClockStatus::InConsultation);
        assert!(check(&consulting, CaseAction::ServeFeeNotice).is_ok());
        assert!(check(&consulting, CaseAction::SendConsultation).is_err());
        // A consultation unanswered past its 15 working days no longer blocks another; its
        // late answer may still be recorded.
        let expired = CaseFacts {
            consultation_pending: true,
            consultation_open: false,
            ..open(ClockStatus::Running)
        };
        assert!(check(&expired, CaseAction::SendConsultation).is_ok());
        assert!(check(&expired, CaseAction::ReceiveConsultation).is_ok());
        let both = CaseFacts {
            fee_served: true,
            fee_pending: true,
            ..consulting
        };
        assert!(check(&both, CaseAction::ReceiveConsultation).is_ok());
        assert!(check(&both, CaseAction::RecordPayment).is_ok());
        let paying = CaseFacts {
            fee_served: true,
            ..open(ClockStatus::AwaitingPayment)
        };
        assert!(check(&paying, CaseAction::SendConsultation).is_ok());
        // 国办函〔2020〕109号: after the lapse, no payment is taken.
        let lapsed = CaseFacts {
            fee_served: true,
            ..open(ClockStatus::PaymentLapsed)
        };
        assert!(check(&lapsed, CaseAction::RecordPayment).is_err());
    }

    #[test]
    fn online_applications_are_accepted_before_anything_else() {
        // 条例第三十一条第三项: an online application is received when both sides confirm.
        let f = CaseFacts {
            lifecycle: Lifecycle::Submitted,
            status: None,
            ..open(ClockStatus::Running)
        };
        assert_eq!(
            allowed(&f),
            vec![
                CaseAction::Accept,
                CaseAction::Transfer,
                CaseAction::Dismiss
            ]
        );
        assert!(check(&f, CaseAction::Close).is_err());
    }

    #[test]
    fn correction_is_requested_once() {
        // 条例第三十条: 一次性告知.
        let mut f = open(ClockStatus::Running);
        assert!(check(&f, CaseAction::RequestCorrection).is_ok());
        f.correction_requested = true;
        assert!(
            check(&f, CaseAction::RequestCorrection)
                .expect_err("twice")
                .contains("一次性")
        );
        let waiting = CaseFacts {
            correction_requested: true,
            ..open(ClockStatus::AwaitingCorrection)
        };
        assert_eq!(
            allowed(&waiting),
            vec![CaseAction::ReceiveCorrection, CaseAction::Withdraw]
        );
    }

    #[test]
    fn extension_once_and_only_while_running() {
        // 条例第三十三条第二款: one extension.
        let mut f = open(ClockStatus::Running);
        assert!(check(&f, CaseAction::Extend).is_ok());
        f.extended = true;
        assert!(check(&f, CaseAction::Extend).is_err());
        assert!(check(&open(ClockStatus::InConsultation), CaseAction::Extend).is_err());
    }

    #[test]
    fn lapse_grounds_need_the_lapse() {
        // 条例第三十条 and 国办函〔2020〕109号: treated as withdrawn only after the period ends.
        let running = open(ClockStatus::Running);
        assert!(check_ground(&running, Ground::CorrectionLapsed).is_err());
        assert!(check_ground(&running, Ground::FeeLapsed).is_err());
        assert!(check_ground(&running, Ground::StillUnclear).is_err());
        assert!(check_ground(&running, Ground::Provided).is_ok());
        let lapsed = open(ClockStatus::CorrectionLapsed);
        assert!(check_ground(&lapsed, Ground::CorrectionLapsed).is_ok());
        let unpaid = open(ClockStatus::PaymentLapsed);
        assert!(check_ground(&unpaid, Ground::FeeLapsed).is_ok());
        assert!(check_ground(&unpaid, Ground::Provided).is_err());
        let corrected = CaseFacts {
            correction_requested: true,
            correction_received: true,
            ..running
        };
        assert!(check_ground(&corrected, Ground::StillUnclear).is_ok());
        // Waiting for payment: no reply until paid or waived.
        assert!(check_ground(&open(ClockStatus::AwaitingPayment), Ground::Provided).is_err());
    }

    #[test]
    fn closed_cases_are_delivered_then_archived() {
        // 第四十五条: 答复 then 归档.
        let mut f = open(ClockStatus::Replied);
        f.lifecycle = Lifecycle::Closed;
        assert_eq!(
            allowed(&f),
            vec![CaseAction::RecordDelivery, CaseAction::RecordAppeal]
        );
        assert!(
            check(&f, CaseAction::Archive)
                .expect_err("undelivered")
                .contains("送达")
        );
        f.delivered = true;
        assert!(check(&f, CaseAction::Archive).is_ok());
        assert!(check(&f, CaseAction::Withdraw).is_err());
    }
}
