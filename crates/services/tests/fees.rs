//! Fee notices on both backends (条例第四十二条; 国办函〔2020〕109号): left empty, the amount is
//! computed by the chosen scale; a scale that gives 0 元 serves no notice.

use gongkai_domain::application::case::CaseAction;
use gongkai_services::ServiceError;
use gongkai_services::applications::{self as apps, ActionForm, RegistrationForm};
use gongkai_services::fixtures::{self, at};
use gongkai_services::reports::editor;
use gongkai_store::{Store, both_backends};

both_backends!(
    the_fee_is_computed_by_its_scale,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-03-02")).await;
        let form = RegistrationForm {
            application: fixtures::application_form("大量历史档案"),
            channel: "in_person".into(),
            channel_on: "2026-03-02".into(),
            handler_id: Some(a.handler.id),
        };
        let id = apps::register(&store, &a.handler, a.agency_id, &form, at("2026-03-02"))
            .await
            .expect("registered")
            .id;
        let notice = |method: &str, pages: &str, amount: &str| ActionForm {
            date: "2026-03-03".into(),
            fee_method: method.into(),
            pages: pages.into(),
            amount: amount.into(),
            ..ActionForm::default()
        };
        let serve = |f: ActionForm| {
            let store = store.clone();
            let staff = a.handler.clone();
            async move {
                apps::act(
                    &store,
                    &staff,
                    id,
                    CaseAction::ServeFeeNotice,
                    &f,
                    at("2026-03-03"),
                )
                .await
            }
        };
        // 20 pages are free; the first application of the month too: no notice.
        let free = serve(notice("per_page", "20", "")).await;
        assert!(
            matches!(free, Err(ServiceError::Invalid(e)) if e.get("amount").is_some_and(|m| m.contains("0 元")))
        );
        let free = serve(notice("per_application", "", "")).await;
        assert!(matches!(free, Err(ServiceError::Invalid(e)) if e.get("amount").is_some()));
        let no_pages = serve(notice("per_page", "", "")).await;
        assert!(matches!(no_pages, Err(ServiceError::Invalid(e)) if e.get("pages").is_some()));
        let typed = serve(notice("per_page", "", "abc")).await;
        assert!(matches!(typed, Err(ServiceError::Invalid(e)) if e.get("amount").is_some()));
        // 250 pages → 70×10 + 100×20 + 50×40 = 4,700元, computed.
        serve(notice("per_page", "250", "")).await.expect("served");
        let v = apps::view(&store, &a.handler, id, at("2026-03-03"))
            .await
            .expect("view");
        let served = v
            .timeline
            .iter()
            .find(|t| t.kind == "fee_notice_served")
            .expect("event");
        assert_eq!(served.amount, Some(4700));
        // Paid: the annual report's 六 states the 信息处理费 collected in the year of payment
        // (spec/annual-report.md), and only there.
        let paid = ActionForm {
            date: "2026-03-10".into(),
            ..ActionForm::default()
        };
        apps::act(
            &store,
            &a.handler,
            id,
            CaseAction::RecordPayment,
            &paid,
            at("2026-03-10"),
        )
        .await
        .expect("paid");
        let report = |year| editor::view(&store, &a.admin, a.agency_id, year);
        assert_eq!(
            report(2026).await.expect("2026").fees_statement,
            "本年度本机关共收取信息处理费4700元，涉及1件政府信息公开申请。"
        );
        assert_eq!(
            report(2025).await.expect("2025").fees_statement,
            "本年度本机关未收取信息处理费。"
        );
    }
);
