//! `gongkai demo` — load the demo site group into an empty database.

use anyhow::Context;
use gongkai_services::demo;
use gongkai_services::time::{now_ms, today_cst};
use gongkai_store::Store;

use crate::config::Config;

/// Loads the demo and prints its accounts.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url())
        .await
        .context("无法连接数据库")?;
    crate::serve::ensure_schema(&store, config.is_embedded()).await?;
    let now = now_ms();
    let summary = demo::load(&store, today_cst(now), now).await?;
    print_summary(&summary);
    Ok(())
}

/// Prints what the demo holds and how to log in.
pub fn print_summary(s: &demo::DemoSummary) {
    println!(
        "已载入示例站群：{} 个机关、{} 个网站、{} 个栏目、{} 份文件、{} 个账号。",
        s.agencies, s.sites, s.columns, s.documents, s.accounts
    );
    print_accounts();
}

/// Prints the demo accounts.
pub fn print_accounts() {
    println!("示例账号（工作台 /console/login）：");
    for a in demo::DEMO_ACCOUNTS {
        let scope = if a.agency.is_empty() {
            "全平台"
        } else {
            a.agency
        };
        println!(
            "  {:<14} 密码 {:<12} {}（{}）",
            a.username,
            a.password,
            a.role.label(),
            scope
        );
    }
}
