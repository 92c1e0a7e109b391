//! `gongkai deadline` — the 期限计算器 on the command line.

use anyhow::{Context, bail};
use gongkai_services::deadline::{DeadlineRequest, EventInput, calculate, calculate_in_force};
use gongkai_store::Store;

use crate::config::Config;
use gongkai_services::time::{now_ms, today_cst};

/// Options of `deadline`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 收到申请之日 (YYYY-MM-DD).
    #[arg(long)]
    received: String,
    /// An event as DATE=KIND or DATE=KIND:DAYS, in date order; KIND is one of
    /// correction_requested(:days) correction_received consultation_sent consultation_answered
    /// extension_granted:days fee_notice_served fee_paid fee_waived replied withdrawn.
    #[arg(long = "event")]
    events: Vec<String>,
    /// The day to compute for (default: today in China).
    #[arg(long)]
    today: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Computes over the calendar in force — the database's, with its administrators' imports and
/// corrections, when one is configured or the embedded one exists; else the shipped data — and
/// prints.
pub async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    let mut events = Vec::new();
    for e in &args.events {
        let Some((date, kind)) = e.split_once('=') else {
            bail!("事件“{e}”应写作 日期=事件，如 2026-10-09=consultation_sent");
        };
        let (kind, days) = match kind.split_once(':') {
            Some((k, d)) => (
                k,
                Some(
                    d.parse::<u32>()
                        .map_err(|_| anyhow::anyhow!("天数“{d}”无效"))?,
                ),
            ),
            None => (kind, None),
        };
        events.push(EventInput {
            date: date.to_owned(),
            kind: kind.to_owned(),
            days,
        });
    }
    let req = DeadlineRequest {
        received_on: args.received,
        events,
        today: args.today.unwrap_or_default(),
    };
    let today = today_cst(now_ms());
    let with_database =
        config.database_url.is_some() || config.data_dir.join("gongkai.db").exists();
    let computed = if with_database {
        let store = Store::connect(&config.database_url())
            .await
            .context("无法连接数据库（读取管理员导入的节假日数据）")?;
        crate::serve::ensure_schema(&store, config.is_embedded()).await?;
        let answer = calculate_in_force(&store, &req, today)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        store.close().await;
        answer
    } else {
        calculate(&req, today)
    };
    let answer = match computed {
        Ok(a) => a,
        Err(errors) => bail!(
            "{}",
            errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("；")
        ),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
        return Ok(());
    }
    for line in &answer.explanation {
        println!("{line}");
    }
    println!("状态：{}", answer.status_label);
    if let Some(due) = answer.due_on {
        println!("答复期限：{due}");
    }
    if let Some(left) = answer.days_left {
        if left >= 0 {
            println!("已用 {} 个工作日，剩余 {} 个工作日", answer.days_used, left);
        } else {
            println!("已逾期 {} 个工作日", -left);
        }
    }
    Ok(())
}
