//! `gongkai reindex` — rebuilds this node's search index from the database: every published
//! document, with a progress bar; the index then follows the outbox from there.

use anyhow::Context;
use gongkai_search::SearchIndex;
use gongkai_store::Store;

use crate::config::Config;

/// Rebuilds the index.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url())
        .await
        .context("无法连接数据库")?;
    crate::serve::ensure_schema(&store, config.is_embedded()).await?;
    let dir = config.index_dir();
    let index = SearchIndex::open(&dir).with_context(|| {
        format!(
            "无法打开检索索引 {}（正在运行的 serve 会占用它，请先停止）",
            dir.display()
        )
    })?;
    let started = std::time::Instant::now();
    let n = gongkai_services::search::reindex(&store, &index, |done, total| {
        crate::progress::bar(done, total);
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    eprintln!();
    store.close().await;
    println!(
        "已重建检索索引：{n} 篇已发布文件，用时 {:.1} 秒（{}）",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(())
}
