//! `gongkai` — the one program of the platform. Each subcommand lives in its own file.

mod config;
mod deadline;
mod demo;
mod fee;
mod import;
mod migrate;
mod progress;
mod reindex;
mod report;
mod serve;
mod user;

use clap::{Parser, Subcommand};

/// 公开 Gongkai — 政府信息公开平台 (Chinese government information disclosure platform).
///
/// With no configuration it keeps everything in ./gongkai-data (SQLite database and
/// attachments), loads the demo site group into an empty database and serves on
/// http://127.0.0.1:8080. Set GONGKAI_DATABASE_URL=postgres://… to run on PostgreSQL.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    config: config::Config,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portal, the staff console and the API. On the embedded SQLite default the
    /// database migrates itself and, when empty, gets the demo site group; on PostgreSQL the
    /// schema must be current (run `gongkai migrate` first).
    Serve(serve::Args),
    /// Apply pending database migrations (and seed the subject taxonomy into a new database).
    Migrate,
    /// Manage staff accounts.
    #[command(subcommand)]
    User(user::Command),
    /// 期限计算器: the reply due date of an application from its receipt date and events
    /// (补正, 征求意见, 延期, 收费), explained step by step.
    Deadline(deadline::Args),
    /// 信息处理费 calculator (国办函〔2020〕109号): 按量 by pages (--pages 250) or 按件 by the
    /// applicant's applications in a calendar month (--applications 35, or --first 11 --last 30).
    Fee(fee::Args),
    /// An agency's annual report (政府信息公开工作年度报告) of a year as DOCX, XLSX, JSON or HTML:
    /// `gongkai report --agency 示例市民政局 --year 2025 --format docx`.
    Report(report::Args),
    /// Import data kept elsewhere: `import catalogue FILE` brings a catalogue (CSV or JSON
    /// lines) into an agency as published documents; re-importing updates, never duplicates.
    #[command(subcommand)]
    Import(import::Command),
    /// Rebuild this node's search index from the database (every published document), with a
    /// progress bar. Stop `serve` on this node first: the index has one writer.
    Reindex,
    /// Load the fictional 示例市 demo site group (agencies, sites, columns, 300+ documents and
    /// one account per role) into an empty database.
    Demo,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&cli.config.log)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let result = match cli.command {
        Command::Serve(args) => serve::run(&cli.config, args).await,
        Command::Migrate => migrate::run(&cli.config).await,
        Command::User(cmd) => user::run(&cli.config, cmd).await,
        Command::Demo => demo::run(&cli.config).await,
        Command::Reindex => reindex::run(&cli.config).await,
        Command::Import(cmd) => import::run(&cli.config, cmd).await,
        Command::Deadline(args) => deadline::run(&cli.config, args).await,
        Command::Fee(args) => fee::run(&args),
        Command::Report(args) => report::run(&cli.config, args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
