//! `gongkai deadline` — the 期限计算器 on the command line.

use anyhow::bail;
use gongkai_services::deadline::{DeadlineRequest, EventInput, calculate};
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

/// Computes and prints.
pub fn run(args: Args) -> anyhow::Result<()> {
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
    let answer = match calculate(&req, today_cst(now_ms())) {
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
