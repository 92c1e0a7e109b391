//! `gongkai serve`

use std::net::SocketAddr;

use anyhow::{Context, bail};
use gongkai_services::demo;
use gongkai_services::files::FileStore;
use gongkai_services::time::{now_ms, today_cst};
use gongkai_store::{SchemaStatus, Store, agencies};
use gongkai_web::{AppState, WebConfig};

use crate::config::Config;

/// Options of `serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "GONGKAI_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Load the demo site group into an empty database: `auto` (only on the embedded
    /// default), `always` or `never`.
    #[arg(long, env = "GONGKAI_DEMO", default_value = "auto")]
    demo: String,
    /// Mark the session cookie Secure (set when served over HTTPS).
    #[arg(long, env = "GONGKAI_SECURE_COOKIES", default_value_t = false)]
    secure_cookies: bool,
    /// Behind our own reverse proxy: take the client address for rate limits from the last
    /// X-Forwarded-For hop (the one the proxy appends).
    #[arg(long, env = "GONGKAI_TRUST_PROXY", default_value_t = false)]
    trust_proxy: bool,
    /// Login attempts per client address in a burst (one more every 6 seconds).
    #[arg(long, env = "GONGKAI_LOGIN_BURST", default_value_t = 10)]
    login_burst: u32,
    /// Application submissions (form and API) per client address in a burst (one more
    /// every 30 seconds).
    #[arg(long, env = "GONGKAI_PUBLIC_FORM_BURST", default_value_t = 20)]
    public_form_burst: u32,
    /// Status lookups of applications per client address in a burst, a budget apart from
    /// submissions.
    #[arg(long, env = "GONGKAI_LOOKUP_BURST", default_value_t = 30)]
    lookup_burst: u32,
    /// Seconds until one more lookup is allowed.
    #[arg(long, env = "GONGKAI_LOOKUP_REFILL_SECS", default_value_t = 10)]
    lookup_refill_secs: u64,
    /// Searches (pages, API, suggestions) per client address in a burst.
    #[arg(long, env = "GONGKAI_SEARCH_BURST", default_value_t = 60)]
    search_burst: u32,
    /// Seconds until one more search is allowed.
    #[arg(long, env = "GONGKAI_SEARCH_REFILL_SECS", default_value_t = 1)]
    search_refill_secs: u64,
    /// How long a search may take, in milliseconds; past it, the results found so far are
    /// shown, marked partial.
    #[arg(long, env = "GONGKAI_SEARCH_TIME_LIMIT_MS", default_value_t = 1000)]
    search_time_limit_ms: u64,
    /// Online applications one applicant (by ID number or credit code) may submit in 24 hours.
    #[arg(long, env = "GONGKAI_APPLY_PER_IDENTITY_DAILY", default_value_t = 30)]
    apply_per_identity_daily: i64,
    /// Body font named in generated DOCX letters (仿宋_GB2312 where agencies have it).
    #[arg(long, env = "GONGKAI_LETTER_FONT_BODY", default_value = "仿宋")]
    letter_font_body: String,
    /// Title font named in generated DOCX letters (方正小标宋简体 where agencies have it).
    #[arg(long, env = "GONGKAI_LETTER_FONT_TITLE", default_value = "宋体")]
    letter_font_title: String,
    /// SMTP server for reminder e-mails: smtps://user:pass@host:465 (TLS),
    /// smtp://user:pass@host:587?tls=required (STARTTLS) or smtp://relay:25. Unset: reminders
    /// only on the console.
    #[arg(long, env = "GONGKAI_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Sender of reminder e-mails, e.g. "政务公开平台 <gk@example.gov.cn>".
    #[arg(
        long,
        env = "GONGKAI_SMTP_FROM",
        default_value = "Gongkai <gongkai@localhost>"
    )]
    smtp_from: String,
    /// The platform's address as staff reach it, for links in e-mails.
    #[arg(long, env = "GONGKAI_PUBLIC_URL")]
    public_url: Option<String>,
    /// Hour (China Standard Time) from which each working day's reminder e-mails go out.
    #[arg(long, env = "GONGKAI_REMINDER_HOUR", default_value_t = 8)]
    reminder_hour: u32,
}

/// Makes sure the schema is current: the embedded database migrates itself; PostgreSQL must
/// have been migrated by the operator, so that several nodes never race on a migration.
pub async fn ensure_schema(store: &Store, embedded: bool) -> anyhow::Result<()> {
    if embedded {
        return store.migrate().await.context("数据库迁移失败");
    }
    match store.schema_status().await? {
        SchemaStatus::Current => Ok(()),
        SchemaStatus::Empty => bail!("数据库尚未初始化：请先运行 `gongkai migrate`"),
        SchemaStatus::Behind { applied, latest } => bail!(
            "数据库结构版本过旧（{applied}，本程序需要 {latest}）：请先运行 `gongkai migrate`"
        ),
        SchemaStatus::Ahead { applied } => {
            bail!("数据库结构版本（{applied}）比本程序新：请升级 gongkai 程序")
        }
    }
}

/// Whether the database holds the demo (its accounts are then worth printing again).
async fn demo_present(store: &Store) -> anyhow::Result<bool> {
    let mut conn = store.conn().await?;
    for account in demo::DEMO_ACCOUNTS {
        if gongkai_store::users::find_by_username(&mut conn, account.username)
            .await?
            .is_none()
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    let url = config.database_url();
    let store = Store::connect(&url)
        .await
        .with_context(|| "无法连接数据库".to_string())?;
    ensure_schema(&store, config.is_embedded()).await?;
    let load_demo = match args.demo.as_str() {
        "always" => true,
        "never" => false,
        "auto" => config.is_embedded(),
        other => bail!("GONGKAI_DEMO 应为 auto、always 或 never，而不是“{other}”"),
    };
    let empty = agencies::count(&mut *store.conn().await?).await? == 0;
    if load_demo && empty {
        let now = now_ms();
        let started = std::time::Instant::now();
        let summary = demo::load(&store, today_cst(now), now).await?;
        crate::demo::print_summary(&summary);
        println!("（载入用时 {:.1} 秒）", started.elapsed().as_secs_f64());
    } else if demo_present(&store).await? {
        // The passwords are printed only when the demo was just loaded: they may have been
        // changed since.
        println!("示例站群已在数据库中（示例账号见 README）。");
    }
    // A server that other machines can reach never starts with the demo's public password.
    if !args.bind.ip().is_loopback() {
        let names: Vec<&str> = demo::DEMO_ACCOUNTS.iter().map(|a| a.username).collect();
        let weak =
            gongkai_services::accounts::still_using_password(&store, &names, demo::DEMO_PASSWORD)
                .await?;
        if !weak.is_empty() {
            bail!(
                "以下账号仍使用公开的示例密码，不能在非本机地址 {} 上提供服务：{}。\n\
                 请为每个账号设置新密码，例如：\n  \
                 GONGKAI_NEW_PASSWORD='新的长密码' gongkai user password --username {}\n\
                 或在工作台「账号」中停用这些账号；只在本机试用时请用 --bind 127.0.0.1:8080。",
                args.bind,
                weak.join("、"),
                weak[0]
            );
        }
    }
    let files = FileStore::new(config.files_dir(), config.max_upload_bytes());
    let mailer = match &args.smtp_url {
        Some(url) => Some(
            gongkai_services::mail::SmtpMailer::new(url, &args.smtp_from)
                .map_err(|e| anyhow::anyhow!(e))?,
        ),
        None => None,
    };
    let web = WebConfig {
        smtp_configured: mailer.is_some(),
        secure_cookies: args.secure_cookies,
        max_upload_bytes: usize::try_from(config.max_upload_bytes()).unwrap_or(usize::MAX),
        login_burst: args.login_burst,
        public_form_burst: args.public_form_burst,
        lookup_burst: args.lookup_burst,
        lookup_refill_secs: args.lookup_refill_secs,
        search_burst: args.search_burst,
        search_refill_secs: args.search_refill_secs,
        apply_per_identity_per_day: args.apply_per_identity_daily,
        search_time_limit: std::time::Duration::from_millis(args.search_time_limit_ms),
        trust_proxy: args.trust_proxy,
        public_url: Some(
            args.public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", args.bind)),
        ),
        themes_dir: Some(config.themes_dir()),
        letter_fonts: gongkai_web::LetterFonts {
            body: args.letter_font_body.clone(),
            title: args.letter_font_title.clone(),
            ..gongkai_web::LetterFonts::default()
        },
        ..WebConfig::default()
    };
    let state = AppState::new(store.clone(), files, web);
    // Every node follows the outbox and empties its page cache when anything public changes.
    tokio::spawn(gongkai_web::cache::follow_outbox(
        store.clone(),
        state.cache.clone(),
        std::time::Duration::from_millis(250),
    ));
    // This node's search index, fed from the outbox by its one writer task.
    let index_dir = config.index_dir();
    let mut index = gongkai_search::SearchIndex::open(&index_dir)
        .with_context(|| format!("无法打开检索索引 {}", index_dir.display()))?;
    // The operator's synonyms, if any, replace the shipped list (a list that does not read is
    // said and the shipped one kept: search must not stop over a typo).
    let synonyms_file = config.data_dir.join("synonyms.txt");
    if let Ok(text) = std::fs::read_to_string(&synonyms_file) {
        match gongkai_search::synonyms::Synonyms::parse(&text) {
            Ok(list) => {
                tracing::info!(groups = list.len(), file = %synonyms_file.display(), "synonyms loaded");
                index.set_synonyms(list);
            }
            Err(e) => {
                tracing::error!(file = %synonyms_file.display(), "{e}；仍使用内置的同义词表");
                eprintln!(
                    "警告：{}：{e}；仍使用内置的同义词表",
                    synonyms_file.display()
                );
            }
        }
    }
    let index = std::sync::Arc::new(index);
    tokio::spawn(gongkai_services::search::follow_outbox(
        store.clone(),
        index.clone(),
        std::time::Duration::from_millis(500),
    ));
    let state = state.with_search(index);
    if let Some(mailer) = mailer {
        let console_url = args
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", args.bind));
        tokio::spawn(send_reminders(
            store.clone(),
            mailer,
            console_url.trim_end_matches('/').to_owned(),
            args.reminder_hour,
        ));
    }
    let app = gongkai_web::router(state);
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("无法监听 {}", args.bind))?;
    println!(
        "公开 Gongkai 已启动：http://{}/ （工作台 http://{}/console）",
        args.bind, args.bind
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
    .context("服务异常退出")
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// Every ten minutes from `hour` (CST) on working days, sends the day's reminder e-mails that no
/// node has sent yet (each is claimed in the database before it goes out).
async fn send_reminders(
    store: Store,
    mailer: gongkai_services::mail::SmtpMailer,
    console_url: String,
    hour: u32,
) {
    use chrono::Timelike;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = now_ms();
        let local = chrono::DateTime::from_timestamp_millis(now)
            .map(|t| t.with_timezone(&gongkai_services::time::cst()).hour())
            .unwrap_or(0);
        if local < hour {
            continue;
        }
        match gongkai_services::reminders::send_daily(&store, &mailer, &console_url, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "reminder e-mails sent"),
            Err(e) => tracing::warn!(error = %e, "reminder e-mails failed"),
        }
    }
}
