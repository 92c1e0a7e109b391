//! Reminders on both backends: what a 承办人 is reminded of (overdue, due within 3 working days,
//! awaiting acceptance — 条例第三十三条), the daily e-mail sent once per person and working day
//! whatever the number of nodes, and the real SMTP path against a local test server.

use std::sync::Mutex;

use gongkai_services::ServiceError;
use gongkai_services::applications::{self as apps, RegistrationForm, SubmitLimits};
use gongkai_services::fixtures::{self, at};
use gongkai_services::mail::SmtpMailer;
use gongkai_services::reminders::{self, Mailer};
use gongkai_store::{Store, both_backends};

/// Records what would be sent; fails while `fail` is set.
#[derive(Default)]
struct Recording {
    sent: Mutex<Vec<(String, String, String)>>,
    fail: Mutex<bool>,
}

impl Mailer for Recording {
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        if *self.fail.lock().expect("lock") {
            return Err("连接被拒绝".into());
        }
        self.sent
            .lock()
            .expect("lock")
            .push((to.into(), subject.into(), body.into()));
        Ok(())
    }
}

async fn register(store: &Store, a: &fixtures::AgencyFixture, day: &str, handler: i64) -> String {
    let form = RegistrationForm {
        application: fixtures::application_form(&format!("{day} 收到的申请")),
        channel: "in_person".into(),
        channel_on: day.into(),
        handler_id: Some(handler),
    };
    apps::register(store, &a.handler, a.agency_id, &form, at(day))
        .await
        .expect("registered")
        .number
}

both_backends!(
    reminders_reach_the_handler_once_a_working_day,
    |store: Store| async move {
        let a = fixtures::agency(&store, 1, None, at("2026-10-01")).await;
        // Received 10-20 → due 11-17: overdue on Monday 11-23. Received 10-26 → due 11-23 (today).
        let overdue = register(&store, &a, "2026-10-20", a.handler.id).await;
        let due_today = register(&store, &a, "2026-10-26", a.handler.id).await;
        // Another handler's case is not this handler's reminder.
        let others = register(&store, &a, "2026-10-20", a.admin.id).await;
        // Submitted online on Sunday, not yet accepted.
        apps::submit_online(
            &store,
            a.agency_id,
            &fixtures::application_form("网上提交的申请"),
            "REMINDKEY0000000000000001",
            true,
            SubmitLimits::default(),
            at("2026-11-22"),
        )
        .await
        .expect("submitted");
        let now = at("2026-11-23");
        let r = reminders::of_staff(&store, &a.handler, now)
            .await
            .expect("reminders");
        let numbers = |items: &[reminders::Reminder]| {
            items.iter().map(|i| i.number.clone()).collect::<Vec<_>>()
        };
        assert_eq!(numbers(&r.overdue), std::slice::from_ref(&overdue));
        assert_eq!(numbers(&r.due_soon), std::slice::from_ref(&due_today));
        assert_eq!(r.awaiting.len(), 1);
        assert!(!numbers(&r.overdue).contains(&others));
        // The e-mail address is the person's own choice, checked.
        let bad = reminders::save_setting(&store, &a.handler, "not-an-address", true, now).await;
        assert!(matches!(bad, Err(ServiceError::Invalid(e)) if e.get("email").is_some()));
        reminders::save_setting(&store, &a.handler, "handler@example.gov.cn", true, now)
            .await
            .expect("saved");
        // A failing server gives the claim back; the next round sends.
        let mailer = Recording::default();
        *mailer.fail.lock().expect("lock") = true;
        let n = reminders::send_daily(&store, &mailer, "https://gk.example.gov.cn", now)
            .await
            .expect("round");
        assert_eq!(n, 0);
        *mailer.fail.lock().expect("lock") = false;
        let n = reminders::send_daily(&store, &mailer, "https://gk.example.gov.cn", now)
            .await
            .expect("round");
        assert_eq!(n, 1);
        // Once a day, however many rounds (or nodes).
        let n = reminders::send_daily(&store, &mailer, "https://gk.example.gov.cn", now + 600_000)
            .await
            .expect("round");
        assert_eq!(n, 0);
        let sent = mailer.sent.lock().expect("lock").clone();
        let (to, subject, body) = &sent[0];
        assert_eq!(to, "handler@example.gov.cn");
        assert!(
            subject.contains("已逾期 1 件") && subject.contains("3 个工作日内到期 1 件"),
            "{subject}"
        );
        assert!(
            body.contains(&overdue)
                && body.contains("https://gk.example.gov.cn/console/applications/")
        );
        // No personal data of the applicant in the e-mail.
        assert!(
            !body.contains("张三")
                && !body.contains("13800138000")
                && !body.contains("11010519491231002X")
        );
        // Saturday 11-28 is a rest day: nothing goes out.
        let n = reminders::send_daily(
            &store,
            &mailer,
            "https://gk.example.gov.cn",
            at("2026-11-28"),
        )
        .await
        .expect("round");
        assert_eq!(n, 0);
        // Switched off: nothing either.
        reminders::save_setting(&store, &a.handler, "handler@example.gov.cn", false, now)
            .await
            .expect("saved");
        let n = reminders::send_daily(
            &store,
            &mailer,
            "https://gk.example.gov.cn",
            at("2026-11-24"),
        )
        .await
        .expect("round");
        assert_eq!(n, 0);
    }
);

/// A one-message SMTP server on localhost: returns the envelope and the data it received.
async fn smtp_server() -> (u16, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("accept");
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut log = String::new();
        write.write_all(b"220 test ESMTP\r\n").await.expect("greet");
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            log.push_str(&line);
            log.push('\n');
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 queued\r\n").await.expect("write");
                }
                continue;
            }
            let upper = line.to_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") {
                b"250-test\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("DATA") {
                in_data = true;
                b"354 go ahead\r\n"
            } else if upper.starts_with("QUIT") {
                write.write_all(b"221 bye\r\n").await.ok();
                break;
            } else {
                b"250 ok\r\n"
            };
            write.write_all(reply).await.expect("write");
        }
        log
    });
    (port, handle)
}

#[tokio::test]
async fn the_smtp_mailer_speaks_smtp() {
    let (port, server) = smtp_server().await;
    let mailer = SmtpMailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "政务公开平台 <gk@example.gov.cn>",
    )
    .expect("mailer");
    mailer
        .send(
            "handler@example.gov.cn",
            "依申请公开办理提醒",
            "张工：\n已逾期 1 件",
        )
        .await
        .expect("sent");
    let log = server.await.expect("server");
    assert!(log.contains("MAIL FROM:<gk@example.gov.cn>"), "{log}");
    assert!(log.contains("RCPT TO:<handler@example.gov.cn>"), "{log}");
    assert!(
        log.to_lowercase()
            .contains("content-type: text/plain; charset=utf-8"),
        "{log}"
    );
    assert!(log.contains("Subject: =?utf-8?b?"), "{log}");
    // A malformed server address or sender is refused when the platform starts.
    assert!(SmtpMailer::new("ftp://x", "a@b.cn").is_err());
    assert!(SmtpMailer::new("smtp://127.0.0.1:25", "not an address").is_err());
}
