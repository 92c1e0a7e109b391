//! `gongkai import catalogue FILE` — brings a catalogue kept elsewhere (a spreadsheet saved as
//! CSV, another system's JSON export) into one agency as published documents, with a progress
//! bar and a report of the rows left out. Importing the same file again updates the documents
//! whose rows changed and adds nothing twice.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use gongkai_domain::catalogue::import::{Defaults, Field, Mapping};
use gongkai_services::catalogue_import::{self, Target};
use gongkai_store::{Store, agencies, columns};

use crate::config::Config;

/// What to import.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// A catalogue of documents, from CSV (UTF-8 or GBK) or JSON lines.
    Catalogue(CatalogueArgs),
}

/// Options of `import catalogue`.
#[derive(Debug, clap::Args)]
pub struct CatalogueArgs {
    /// The file: .csv, .jsonl or .json.
    file: PathBuf,
    /// The agency the documents belong to: its id, full name, short name or unified social
    /// credit code.
    #[arg(long)]
    agency: String,
    /// The column (栏目) of the agency's site the documents are listed in: its id or path
    /// (`zfwj/gfxwj`). Repeat for several.
    #[arg(long = "column", required = true)]
    columns: Vec<String>,
    /// 主题分类 of rows that have none: a code (`0209`) or path (`综合政务\其他`).
    #[arg(long, default_value = "0209")]
    subject: String,
    /// Which column of the file holds which field, `字段=列名` (`标题=名称`, `发布日期=pubdate`;
    /// `发布日期=列1|列2` takes the first non-empty); repeat for several fields. Fields not given
    /// are found by their usual headers.
    #[arg(long = "map", value_name = "字段=列名")]
    map: Vec<String>,
    /// Check every row and report, storing nothing.
    #[arg(long)]
    dry_run: bool,
    /// Where to write the rows left out (default: `<file name>.rejected.csv` in the current
    /// folder).
    #[arg(long)]
    report: Option<PathBuf>,
}

/// Runs an import subcommand.
pub async fn run(config: &Config, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Catalogue(args) => catalogue(config, args).await,
    }
}

async fn catalogue(config: &Config, args: CatalogueArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("无法读取文件 {}", args.file.display()))?;
    let name = args.file.to_string_lossy().into_owned();
    let source = catalogue_import::read(&name, &bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mapping = Mapping::new(&source.columns, &args.map).map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = Store::connect(&config.database_url())
        .await
        .context("无法连接数据库")?;
    crate::serve::ensure_schema(&store, config.is_embedded()).await?;
    let (agency_id, column_ids) = resolve(&store, &args.agency, &args.columns).await?;
    eprintln!(
        "读取 {}（{}）：{} 行可读，{} 行无法读取",
        args.file.display(),
        source.encoding,
        source.rows.len(),
        source.unreadable.len()
    );
    for (field, column) in mapping.entries() {
        eprintln!("  {} ← {column}", field.label());
    }
    let unused = mapping.unused(&source.columns);
    if !unused.is_empty() {
        eprintln!("  未使用的列：{}", unused.join("、"));
    }
    if mapping.column(Field::Subject).is_none() {
        eprintln!("  主题分类：统一为 {}（可用 --subject 指定）", args.subject);
    }
    let defaults = Defaults {
        subject: args.subject.clone(),
        columns: column_ids,
    };
    let source_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = Target {
        source_name: &source_name,
        agency_id,
        mapping: &mapping,
        defaults: &defaults,
        dry_run: args.dry_run,
    };
    let started = std::time::Instant::now();
    let now = chrono::Utc::now().timestamp_millis();
    let outcome = catalogue_import::import(&store, &source, &target, now, crate::progress::bar)
        .await
        .map_err(|e| {
            if args.dry_run {
                anyhow::anyhow!("{e}")
            } else {
                anyhow::anyhow!("{e}（已完成的批次已保存；排除问题后重新导入即可，不会重复）")
            }
        })?;
    eprintln!();
    store.close().await;
    let verb = if args.dry_run {
        "试导入（未保存）"
    } else {
        "导入完成"
    };
    println!(
        "{verb}：新增 {}，更新 {}，未变 {}，未导入 {}，用时 {:.1} 秒",
        outcome.created,
        outcome.updated,
        outcome.unchanged,
        outcome.rejected.len(),
        started.elapsed().as_secs_f64()
    );
    if !outcome.rejected.is_empty() {
        let path = args.report.unwrap_or_else(|| rejected_path(&args.file));
        std::fs::write(&path, catalogue_import::rejected_report(&outcome.rejected))
            .with_context(|| format!("无法写入 {}", path.display()))?;
        for r in outcome.rejected.iter().take(10) {
            println!("  第 {} 行 {}：{}", r.line, r.key, r.reasons.join("；"));
        }
        if outcome.rejected.len() > 10 {
            println!("  ……");
        }
        println!("未导入的行及原因见 {}", path.display());
    }
    if let Some(batch) = outcome.batch_id {
        println!(
            "新增和更新的 {} 份文件已作为第 {batch} 批待审核（其中 {} 份有个人信息提示）：\n\
             请审核人在工作台「导入审核」（/console/imports/{batch}）逐批审核通过后发布。",
            outcome.created + outcome.updated,
            outcome.with_findings
        );
    }
    if !outcome.rejected.is_empty() {
        // Rows left out: the exit status says so, for scripts.
        std::process::exit(2);
    }
    Ok(())
}

fn rejected_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".rejected.csv");
    PathBuf::from(name)
}

async fn resolve(
    store: &Store,
    agency: &str,
    wanted_columns: &[String],
) -> anyhow::Result<(i64, Vec<i64>)> {
    let mut conn = store.conn().await?;
    let all = agencies::list(&mut conn).await?;
    let wanted = agency.trim();
    let Some(agency) = all.iter().find(|a| {
        a.id.to_string() == wanted || a.name == wanted || a.short_name == wanted || a.code == wanted
    }) else {
        bail!("找不到机关“{wanted}”（可填写机关 ID、全称、简称或统一社会信用代码）");
    };
    let lists: Vec<columns::Column> = columns::list_for_agency(&mut conn, agency.id)
        .await?
        .into_iter()
        .filter(|c| c.kind == "list")
        .collect();
    let mut ids = Vec::new();
    for w in wanted_columns {
        let w = w.trim().trim_matches('/');
        match lists.iter().find(|c| c.id.to_string() == w || c.path == w) {
            Some(c) => ids.push(c.id),
            None => {
                let known: Vec<String> = lists
                    .iter()
                    .map(|c| format!("{}（{}，ID {}）", c.path, c.name, c.id))
                    .collect();
                bail!(
                    "{}的网站没有列表栏目“{w}”；可选：{}",
                    agency.name,
                    known.join("、")
                );
            }
        }
    }
    Ok((agency.id, ids))
}
