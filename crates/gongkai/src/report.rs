//! `gongkai report` — an agency's annual report as DOCX, XLSX, JSON or a standalone HTML page,
//! from the configured database, as the console's export gives it (the tables frozen when
//! submitted, live while the report is edited).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use gongkai_services::reports::editor;
use gongkai_services::reports::exports::{self, Format};
use gongkai_services::reports::import;
use gongkai_store::{Store, agencies};

use crate::config::Config;

/// Options of `report`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// The agency: its id, full name, short name or unified social credit code.
    #[arg(long, required = true)]
    agency: Option<String>,
    /// The year of the report.
    #[arg(long, required = true)]
    year: Option<i32>,
    /// docx, xlsx, json or html.
    #[arg(long, default_value = "docx")]
    format: String,
    /// Where to write (default: the report's title with the format's extension, in the current
    /// folder; `-` for standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Font of the DOCX body text.
    #[arg(long, env = "GONGKAI_LETTER_FONT_BODY", default_value = "仿宋")]
    font_body: String,
    /// Font of the DOCX title.
    #[arg(long, env = "GONGKAI_LETTER_FONT_TITLE", default_value = "宋体")]
    font_title: String,
}

/// What else `report` does.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Check a report's tables made elsewhere — JSON (every cell with its section, row and
    /// column labels, the shape `--format json` writes) or an XLSX workbook whose
    /// tables are found by their labels, in the 2021 format or the 2019–2020 one — by R1–R4,
    /// and print each finding. Exit status 1 when there is one or the file cannot be read.
    Check {
        /// The file.
        file: PathBuf,
    },
}

fn check(file: &std::path::Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("无法读取 {}", file.display()))?;
    let read = match import::read(&bytes, None) {
        Ok(r) => r,
        Err(problems) => {
            for p in &problems {
                println!("无法读取：{p}");
            }
            bail!(
                "{} 无法作为年度报告的表格读取（{} 处问题）",
                file.display(),
                problems.len()
            );
        }
    };
    println!("表格格式：{}", read.tables.format.label());
    let findings = gongkai_domain::report::tables::check(&read.tables);
    if findings.is_empty() {
        println!("未发现问题：R1–R4 均满足（空白单元格按 0 计）");
        return Ok(());
    }
    for f in &findings {
        println!("{}：{}", f.rule, f.message);
    }
    bail!("发现 {} 处问题", findings.len())
}

/// Writes the report, or checks a file.
pub async fn run(config: &Config, args: Args) -> anyhow::Result<()> {
    if let Some(Sub::Check { file }) = &args.command {
        return check(file);
    }
    let (Some(agency_arg), Some(year)) = (args.agency.clone(), args.year) else {
        bail!("请用 --agency 和 --year 指定机关和年度");
    };
    let Some(format) = Format::parse(&args.format) else {
        bail!("格式“{}”无效，可选 docx、xlsx、json、html", args.format);
    };
    let store = Store::connect(&config.database_url())
        .await
        .context("无法连接数据库")?;
    crate::serve::ensure_schema(&store, config.is_embedded()).await?;
    let all = agencies::list(&mut *store.conn().await?).await?;
    let wanted = agency_arg.trim();
    let Some(agency) = all.iter().find(|a| {
        a.id.to_string() == wanted || a.name == wanted || a.short_name == wanted || a.code == wanted
    }) else {
        bail!("找不到机关“{wanted}”（可填写机关 ID、全称、简称或统一社会信用代码）");
    };
    let view = editor::view_as_operator(&store, agency.id, year)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let fonts = gongkai_render::docx::Fonts {
        body: args.font_body,
        title: args.font_title,
        ..Default::default()
    };
    let file = exports::render(&view, format, &fonts).map_err(|e| anyhow::anyhow!("{e}"))?;
    store.close().await;
    for f in &view.findings {
        eprintln!("检查未通过（{}）：{}", f.rule, f.message);
    }
    for w in &view.warnings {
        eprintln!("跨年度核对提示：{}", w.message);
    }
    match args.output {
        Some(path) if path.as_os_str() == "-" => std::io::stdout().write_all(&file.bytes)?,
        path => {
            let path = path.unwrap_or_else(|| PathBuf::from(&file.file_name));
            std::fs::write(&path, &file.bytes)
                .with_context(|| format!("无法写入 {}", path.display()))?;
            eprintln!(
                "已写入 {}（{}，{} 字节）",
                path.display(),
                view.stage.label(),
                file.bytes.len()
            );
        }
    }
    Ok(())
}
