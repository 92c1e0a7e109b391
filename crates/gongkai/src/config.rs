//! Settings, each from a command-line flag or its `GONGKAI_*` environment variable.

use std::path::PathBuf;

/// Settings shared by every subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database: `sqlite://PATH` (embedded, default `sqlite://<data dir>/gongkai.db`) or
    /// `postgres://user@host/db`.
    #[arg(long, env = "GONGKAI_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder for the embedded database and the attachments.
    #[arg(
        long,
        env = "GONGKAI_DATA_DIR",
        default_value = "./gongkai-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Folder of the attachment store (default `<data dir>/files`; share it between nodes).
    #[arg(long, env = "GONGKAI_FILES_DIR", global = true)]
    pub files_dir: Option<PathBuf>,
    /// Folder of this node's search index (default `<data dir>/search`; each node keeps its own,
    /// fed from the outbox).
    #[arg(long, env = "GONGKAI_INDEX_DIR", global = true)]
    pub index_dir: Option<PathBuf>,
    /// Folder of site themes (default `<data dir>/themes`): `<theme>/templates/portal/*.html`
    /// override the built-in templates, `<theme>/static/theme.css` is added to every page.
    #[arg(long, env = "GONGKAI_THEMES_DIR", global = true)]
    pub themes_dir: Option<PathBuf>,
    /// Largest attachment, in MB.
    #[arg(
        long,
        env = "GONGKAI_MAX_UPLOAD_MB",
        default_value_t = 50,
        global = true
    )]
    pub max_upload_mb: u64,
    /// Log filter (tracing's EnvFilter syntax).
    #[arg(
        long,
        env = "GONGKAI_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,
}

impl Config {
    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("gongkai.db").display()))
    }

    /// Whether the database is the embedded SQLite one.
    pub fn is_embedded(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }

    /// The attachment folder in force.
    pub fn files_dir(&self) -> PathBuf {
        self.files_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("files"))
    }

    /// The search index folder in force.
    pub fn index_dir(&self) -> PathBuf {
        self.index_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("search"))
    }

    /// The themes folder in force.
    pub fn themes_dir(&self) -> PathBuf {
        self.themes_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("themes"))
    }

    /// The largest attachment in bytes.
    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb.saturating_mul(1024 * 1024)
    }
}
