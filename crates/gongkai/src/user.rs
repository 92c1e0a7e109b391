//! `gongkai user add` — create staff accounts from the command line (the first administrator
//! of a real deployment is made this way).

use anyhow::{Context, bail};
use gongkai_domain::auth::{Grant, Role};
use gongkai_domain::ids::AgencyId;
use gongkai_services::accounts::{self, NewUser};
use gongkai_services::time::now_ms;
use gongkai_store::{Store, agencies};

use crate::config::Config;

/// Account subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a staff account with one or more roles.
    ///
    /// Example: gongkai user add --username admin --name 张三 --role 系统管理员
    ///          gongkai user add --username mzj-editor --name 李四 --role 信息员@示例市民政局
    Add {
        /// Login name (3–32 letters, digits, . _ -).
        #[arg(long)]
        username: String,
        /// Name shown in the console.
        #[arg(long)]
        name: String,
        /// A role, as `ROLE` for 系统管理员 or `ROLE@AGENCY` (agency by id or full name);
        /// roles: 系统管理员 公开办 机关管理员 信息员 审核人 承办人 (or system_admin, …).
        /// Repeat for several roles.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Password; read from GONGKAI_NEW_PASSWORD when not given, so that it stays out of
        /// the shell history.
        #[arg(long, env = "GONGKAI_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Set a new password for an account (its sessions end, its login locks are lifted).
    ///
    /// Example: GONGKAI_NEW_PASSWORD='a long passphrase 2026' gongkai user password --username admin
    Password {
        /// Login name.
        #[arg(long)]
        username: String,
        /// The new password; read from GONGKAI_NEW_PASSWORD when not given.
        #[arg(long, env = "GONGKAI_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

/// Runs an account subcommand.
pub async fn run(config: &Config, cmd: Command) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url())
        .await
        .context("无法连接数据库")?;
    crate::serve::ensure_schema(&store, config.is_embedded()).await?;
    match cmd {
        Command::Add {
            username,
            name,
            roles,
            password,
        } => {
            let mut grants = Vec::new();
            for spec in &roles {
                let (role_text, agency_text) = match spec.split_once('@') {
                    Some((r, a)) => (r, Some(a)),
                    None => (spec.as_str(), None),
                };
                let role =
                    Role::parse(role_text).with_context(|| format!("未知角色“{role_text}”"))?;
                let agency = match agency_text {
                    None => None,
                    Some(a) => {
                        let mut conn = store.conn().await?;
                        let list = agencies::list(&mut conn).await?;
                        let found = list
                            .iter()
                            .find(|x| x.name == a || x.short_name == a || x.id.to_string() == a);
                        Some(AgencyId(
                            found.with_context(|| format!("找不到机关“{a}”"))?.id,
                        ))
                    }
                };
                if role.is_global() != agency.is_none() {
                    bail!("{}：系统管理员不指定机关，其他角色须写作 角色@机关", spec);
                }
                grants.push(Grant { role, agency });
            }
            let new = NewUser {
                username: username.clone(),
                display_name: name,
                password,
                grants,
            };
            let id = accounts::create_user(&store, None, &new, now_ms()).await?;
            println!("已创建账号 {username}（编号 {id}）。");
        }
        Command::Password { username, password } => {
            match accounts::set_password_as_operator(&store, &username, &password, now_ms()).await {
                Ok(()) => println!("已为账号 {username} 设置新密码，其登录会话已全部结束。"),
                Err(gongkai_services::ServiceError::NotFound) => {
                    bail!("没有名为“{username}”的账号")
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}
