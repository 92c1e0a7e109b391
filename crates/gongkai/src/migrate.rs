//! `gongkai migrate`

use anyhow::Context;
use gongkai_store::Store;

use crate::config::Config;

/// Applies pending migrations.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let url = config.database_url();
    let store = Store::connect(&url)
        .await
        .with_context(|| "无法连接数据库".to_string())?;
    let before = store.schema_status().await?;
    store.migrate().await.context("数据库迁移失败")?;
    println!("数据库已是最新结构（迁移前：{before:?}）。");
    Ok(())
}
