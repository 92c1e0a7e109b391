//! `gongkai fee` — the 信息处理费 calculator on the command line (国办函〔2020〕109号).

use anyhow::bail;
use gongkai_domain::application::fee::{self, FeeQuestion};

/// Options of `fee`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("method").required(true).args(["pages", "applications", "last"])))]
pub struct Args {
    /// 按量计收: the pages of one application (1–30 free, 31–100 10元, 101–200 20元, more 40元).
    #[arg(long)]
    pages: Option<u32>,
    /// 按件计收: the applicant's applications in one calendar month, all of them (1–10 free,
    /// 11–30 100元, 31–40 200元, 41–50 300元, then 100元 more every 10).
    #[arg(long)]
    applications: Option<u32>,
    /// 按件计收 of some of the month's applications: from this position (with --last).
    #[arg(long, requires = "last")]
    first: Option<u32>,
    /// 按件计收 of some of the month's applications: up to this position.
    #[arg(long)]
    last: Option<u32>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Computes and prints.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let question = match (args.pages, args.applications, args.last) {
        (Some(pages), None, None) => FeeQuestion {
            method: "per_page".into(),
            pages: Some(pages),
            ..FeeQuestion::default()
        },
        (None, Some(n), None) => FeeQuestion {
            method: "per_application".into(),
            first: Some(1),
            last: Some(n),
            ..FeeQuestion::default()
        },
        (None, None, Some(last)) => FeeQuestion {
            method: "per_application".into(),
            first: args.first,
            last: Some(last),
            ..FeeQuestion::default()
        },
        _ => bail!("按件计收和按量计收只能选其一：--pages，或 --applications，或 --first/--last"),
    };
    let fee = fee::answer(&question).map_err(|(_, message)| anyhow::anyhow!(message))?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "method": fee.method,
                "total": fee.total,
                "bands": fee.bands,
                "explanation": fee::explain(&fee),
            }))?
        );
        return Ok(());
    }
    for line in fee::explain(&fee) {
        println!("{line}");
    }
    Ok(())
}
