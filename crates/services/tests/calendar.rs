//! The working-day calendar in force, on both backends: a year without holiday data flags every
//! date computed over it (该年度节假日数据缺失); the 系统管理员's import of the year's file and
//! corrections of single days move every derived date at once (due dates are never stored), on
//! the case page, the work list and the calculator alike.

mod common;

use chrono::NaiveDate;
use common::d;
use gongkai_domain::application::case::CaseAction;
use gongkai_services::ServiceError;
use gongkai_services::applications::{self as apps, ActionForm, SubmitLimits, WorkFilter};
use gongkai_services::calendar::{self, DayForm};
use gongkai_services::deadline::{DeadlineRequest, calculate_in_force};
use gongkai_services::fixtures::{self, at};
use gongkai_store::{Store, both_backends};

/// A test arrangement for 2027 (not the State Council's: test data only): 元旦 on Friday 01-01.
const FILE_2027: &str = r#"{"year": 2027, "papers": [], "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "春节", "date": "2027-02-08", "isOffDay": true},
    {"name": "春节", "date": "2027-02-06", "isOffDay": false}
]}"#;

async fn due(
    store: &Store,
    staff: &gongkai_services::accounts::Staff,
    id: i64,
) -> (Option<NaiveDate>, Vec<i32>) {
    let v = apps::view(store, staff, id, at("2026-12-10"))
        .await
        .expect("view");
    let c = v.clock.expect("clock");
    (c.due_on, c.missing_years)
}

both_backends!(
    importing_a_year_moves_every_derived_date,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-01-05")).await;
        let root = fixtures::system_admin(&store, at("2026-01-05")).await;
        // Received Thursday 2026-12-10 (accepted the same day).
        let r = apps::submit_online(
            &store,
            a.agency_id,
            &fixtures::application_form("2026年示例市养老机构补贴发放情况"),
            "CALKEY00000000000000000001",
            true,
            SubmitLimits::default(),
            at("2026-12-10"),
        )
        .await
        .expect("submitted");
        apps::act(
            &store,
            &a.handler,
            r.id,
            CaseAction::Accept,
            &ActionForm {
                date: "2026-12-10".into(),
                ..ActionForm::default()
            },
            at("2026-12-10"),
        )
        .await
        .expect("accepted");
        // Without 2027's data (条例第三十三条, 20 working days): Dec 11 … 31 are 15, then
        // Mon–Fri of 2027 are assumed: Jan 1, 4, 5, 6, 7 → 2027-01-07, flagged.
        assert_eq!(
            due(&store, &a.handler, r.id).await,
            (Some(d("2027-01-07")), vec![2027])
        );
        let list = apps::work_list(&store, &a.handler, &WorkFilter::default(), at("2026-12-10"))
            .await
            .expect("list");
        assert_eq!(list[0].missing_years, vec![2027]);
        // Only the 系统管理员 administers the calendar.
        for staff in [&a.handler, &a.admin] {
            assert!(matches!(
                calendar::overview(&store, staff, at("2026-12-10")).await,
                Err(ServiceError::Forbidden)
            ));
            assert!(matches!(
                calendar::import_year(&store, staff, FILE_2027, at("2026-12-10")).await,
                Err(ServiceError::Forbidden)
            ));
        }
        let years = calendar::overview(&store, &root, at("2026-12-10"))
            .await
            .expect("overview");
        assert_eq!((years[0].year, years[0].has_data), (2027, false));
        assert_eq!(years[0].source, "该年度节假日数据缺失");
        assert_eq!(years[1].source, "随程序发布");
        // A bad file is refused with the reason and changes nothing.
        let bad = calendar::import_year(
            &store,
            &root,
            r#"{"year": 2027, "days": []}"#,
            at("2026-12-10"),
        )
        .await;
        assert!(
            matches!(&bad, Err(ServiceError::Invalid(e)) if e.get("file").is_some_and(|m| m.contains("没有列出任何日期"))),
            "{bad:?}"
        );
        assert_eq!(
            due(&store, &a.handler, r.id).await,
            (Some(d("2027-01-07")), vec![2027])
        );
        // Imported: 元旦 01-01 is off → Jan 4 … 8 → 2027-01-08, certain.
        let done = calendar::import_year(&store, &root, FILE_2027, at("2026-12-10"))
            .await
            .expect("imported");
        assert_eq!((done.year, done.off_days, done.work_days), (2027, 2, 1));
        assert_eq!(done.source, "管理员导入");
        assert_eq!(
            due(&store, &a.handler, r.id).await,
            (Some(d("2027-01-08")), vec![])
        );
        // The calculator uses the same calendar.
        let calc = calculate_in_force(
            &store,
            &DeadlineRequest {
                received_on: "2026-12-10".into(),
                today: "2026-12-10".into(),
                ..DeadlineRequest::default()
            },
            d("2026-12-10"),
        )
        .await
        .expect("store")
        .expect("valid");
        assert_eq!(calc.due_on, Some(d("2027-01-08")));
        assert!(calc.missing_years.is_empty());
        // A late change: Monday 01-04 off too → 2027-01-11; restored → 2027-01-08 again.
        let day = |status: &str| DayForm {
            date: "2027-01-04".into(),
            status: status.into(),
            name: "元旦".into(),
        };
        calendar::set_day(&store, &root, &day("off"), at("2026-12-10"))
            .await
            .expect("set");
        assert_eq!(due(&store, &a.handler, r.id).await.0, Some(d("2027-01-11")));
        // An imported year has no shipped data to go back to: set the day, don't restore it.
        let restore = calendar::set_day(&store, &root, &day("default"), at("2026-12-10")).await;
        assert!(matches!(restore, Err(ServiceError::Invalid(e)) if e.get("status").is_some()));
        calendar::set_day(&store, &root, &day("work"), at("2026-12-10"))
            .await
            .expect("restored");
        assert_eq!(due(&store, &a.handler, r.id).await.0, Some(d("2027-01-08")));
        let wrong = DayForm {
            date: "2027-02-30".into(),
            status: "holiday".into(),
            name: String::new(),
        };
        let refused = calendar::set_day(&store, &root, &wrong, at("2026-12-10")).await;
        assert!(matches!(refused, Err(ServiceError::Invalid(e)) if e.get("date").is_some()));
        // The year view lists the file's days with their weekday and source.
        let v = calendar::year_view(&store, &root, 2027)
            .await
            .expect("year");
        let listed: Vec<(String, &str, &str)> = v
            .days
            .iter()
            .map(|x| (x.date.to_string(), x.weekday, x.status))
            .collect();
        assert_eq!(
            listed,
            [
                ("2027-01-01".to_owned(), "星期五", "放假"),
                ("2027-02-06".to_owned(), "星期六", "调休上班"),
                ("2027-02-08".to_owned(), "星期一", "放假"),
            ]
        );
        // Re-importing a shipped year replaces it: a shipped day the new file leaves out goes
        // back to its ordinary status (2026-10-08, a Thursday, becomes a working day).
        let v2026 = calendar::year_view(&store, &root, 2026)
            .await
            .expect("2026");
        assert!(v2026.days.iter().any(|x| x.date == d("2026-10-07")));
        let file_2026 = r#"{"year": 2026, "days": [
            {"name": "国庆节", "date": "2026-10-01", "isOffDay": true},
            {"name": "国庆节", "date": "2026-10-02", "isOffDay": true}]}"#;
        calendar::import_year(&store, &root, file_2026, at("2026-12-10"))
            .await
            .expect("2026 again");
        let v2026 = calendar::year_view(&store, &root, 2026)
            .await
            .expect("2026");
        let dates: Vec<String> = v2026.days.iter().map(|x| x.date.to_string()).collect();
        assert_eq!(dates, ["2026-10-01", "2026-10-02"]);
        // Every change is in the audit log.
        let mut conn = store.conn().await.expect("conn");
        let changes: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.change'")
                .fetch_one(&mut *conn)
                .await
                .expect("count");
        assert_eq!(changes, 4);
    }
);
